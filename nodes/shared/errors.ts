import { NodeApiError, NodeOperationError, type INode, type JsonObject } from 'n8n-workflow';

import { ApiError, InvalidRequestError, errorMessage } from '../../clients/http/errors';

/** What the user should do, per error kind; `{label}` is the system's product name. */
const FIXES: Record<ApiError['kind'], string> = {
	auth: 'Check the credential: the {label} token is missing, invalid or expired.',
	forbidden:
		"The {label} account lacks the right, scope or licensed module for this operation. Check the credential's scopes and the user's rights in {label}.",
	notFound: 'Check the ID: {label} has no such record (or it was deleted).',
	conflict:
		'The record changed in {label} since it was read. Read it again and repeat the update with the current version.',
	validation: '{label} refused the input. Fix the fields named above.',
	rateLimited:
		'{label} rate limit reached and retries were exhausted. Run fewer items in parallel or try again later.',
	server: '{label} answered with a server error. Try again later.',
	network: 'Could not reach {label}. Check the Base URL in the credential and the network.',
	unexpectedResponse:
		'{label} answered with data this node does not understand. Please report it with the response.',
};

const LABELS: Record<ApiError['system'], string> = { bexio: 'bexio', lexoffice: 'lexoffice' };

/**
 * Converts what an operation threw into the n8n error the UI shows: the API's own message, a fix that
 * names the fields, the HTTP code, the item index. Built from ApiError, which holds no request headers.
 */
export function toNodeError(
	node: INode,
	error: unknown,
	itemIndex: number,
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	if (error instanceof ApiError) {
		const label = LABELS[error.system];
		const fields = error.fieldIssues.map((i) => `${i.field}: ${i.message}`).join('; ');
		let fix = FIXES[error.kind].replace(/\{label\}/g, label);
		if (error.kind === 'conflict' && error.conflict?.currentVersion !== undefined) {
			fix += ` Current version: ${error.conflict.currentVersion}.`;
		}
		if (error.maybeApplied) {
			fix = `The request may have been applied in ${label} although no answer arrived. Check whether the record exists before running again.`;
		}
		return new NodeApiError(node, (error.toJSON() as JsonObject) ?? {}, {
			message: error.message,
			description: fields ? `${fields}. ${fix}` : fix,
			httpCode: error.status ? String(error.status) : undefined,
			itemIndex,
		});
	}
	if (error instanceof InvalidRequestError) {
		return new NodeOperationError(node, error.message, {
			itemIndex,
			description: error.fieldIssues.map((i) => `${i.field}: ${i.message}`).join('; ') || undefined,
		});
	}
	return new NodeOperationError(node, errorMessage(error), { itemIndex });
}
