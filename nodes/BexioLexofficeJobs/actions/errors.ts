import {
	ScheduleAlreadyRunning,
	ScheduleNotFoundError,
	ServiceError,
	WorkflowFailedError,
	WorkflowNotFoundError,
	WorkflowUpdateFailedError,
	isGrpcServiceError,
} from '@temporalio/client';
import { NodeOperationError, type INode } from 'n8n-workflow';

import { JobInputError } from '../../../temporal/jobInput';
import { TemporalConnectError, scrub } from '../transport';

/** gRPC status codes the Temporal frontend answers with (grpc/status.proto). */
const GRPC_UNAVAILABLE = 14;
const GRPC_DEADLINE_EXCEEDED = 4;
const GRPC_NOT_FOUND = 5;
const GRPC_UNAUTHENTICATED = 16;
const GRPC_PERMISSION_DENIED = 7;

/** Which job or schedule an operation was about, for messages. */
export interface ErrorSubject {
	workflowId?: string;
	scheduleId?: string;
}

/**
 * Turns what a Temporal call threw into the error n8n shows: what happened to which job or schedule
 * and how to fix it. Every text passes through `scrub` so the API key never reaches the UI.
 */
export function toJobsNodeError(
	node: INode,
	error: unknown,
	itemIndex: number,
	subject: ErrorSubject,
	apiKey: string,
): NodeOperationError {
	if (error instanceof NodeOperationError) return error;
	const fail = (message: string, description?: string) =>
		new NodeOperationError(node, scrub(message, apiKey), {
			itemIndex,
			description: description && scrub(description, apiKey),
		});

	if (error instanceof TemporalConnectError) {
		return fail(
			error.message,
			"Check 'Address', 'TLS' and 'API Key' in the Temporal API credential and that the Temporal server is running.",
		);
	}
	if (error instanceof WorkflowNotFoundError) {
		return fail(
			`No job with ID "${subject.workflowId ?? error.workflowId}"`,
			"Check 'Job ID': use the workflow ID returned by Job → Start or listed by Job → List, and the namespace of the credential.",
		);
	}
	if (error instanceof ScheduleNotFoundError) {
		return fail(
			`No schedule with ID "${subject.scheduleId ?? error.scheduleId}"`,
			"Check 'Schedule ID' (Schedule → List shows the existing ones).",
		);
	}
	if (error instanceof ScheduleAlreadyRunning) {
		return fail(
			`A schedule with ID "${subject.scheduleId ?? error.scheduleId}" already exists`,
			'Choose another Schedule ID, or change the existing schedule with Schedule → Update.',
		);
	}
	if (error instanceof JobInputError) {
		return fail(error.message);
	}
	if (error instanceof WorkflowUpdateFailedError) {
		const reason = error.cause instanceof Error ? error.cause.message : error.message;
		return fail(
			`Job "${subject.workflowId}" refused the request: ${reason}`,
			'Get Progress shows whether the job is paused, running or already finished.',
		);
	}
	if (error instanceof WorkflowFailedError) {
		const reason = error.cause instanceof Error ? error.cause.message : error.message;
		return fail(`Job "${subject.workflowId}" ended without a result: ${reason}`);
	}
	if (error instanceof ServiceError && isGrpcServiceError(error.cause)) {
		return toJobsNodeError(node, error.cause, itemIndex, subject, apiKey);
	}
	if (isGrpcServiceError(error)) {
		const text = error.details || error.message;
		if (error.code === GRPC_UNAVAILABLE || error.code === GRPC_DEADLINE_EXCEEDED) {
			return fail(
				`Temporal is not reachable: ${text}`,
				"Check 'Address' and 'TLS' in the Temporal API credential and that the Temporal server is running.",
			);
		}
		if (error.code === GRPC_UNAUTHENTICATED || error.code === GRPC_PERMISSION_DENIED) {
			return fail(
				`Temporal refused the credential: ${text}`,
				"Check 'API Key' and 'Namespace' in the Temporal API credential.",
			);
		}
		if (error.code === GRPC_NOT_FOUND) {
			return fail(
				`Temporal: ${text}`,
				"Check the ID and the 'Namespace' in the Temporal API credential.",
			);
		}
		return fail(`Temporal: ${text}`);
	}
	if (error instanceof Error) {
		// The client wraps some gRPC errors (e.g. when a query cannot be answered) in a plain Error.
		if (/namespace .* not found/i.test(error.message)) {
			return fail(error.message, "Check 'Namespace' in the Temporal API credential.");
		}
		return fail(error.message);
	}
	return fail(String(error));
}
