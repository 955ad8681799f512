import {
	NodeOperationError,
	type AllEntities,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import { runPerItem } from '../../shared/runPerItem';
import { connectFromCredential, readTemporalCredential } from '../transport';
import { toJobsNodeError } from './errors';
import type { JobsOperation } from './common';
import { jobOperations, type JobOperation } from './job/Job.resource';
import { scheduleOperations, type ScheduleOperation } from './schedule/Schedule.resource';

type JobsNodeMap = AllEntities<{ job: JobOperation; schedule: ScheduleOperation }>;

const table: { [R in JobsNodeMap['resource']]: Record<string, JobsOperation> } = {
	job: jobOperations,
	schedule: scheduleOperations,
};

/**
 * Opens one Temporal client for the whole execution (gRPC connections are costly) and closes it at the
 * end; each item runs its operation through the shared item loop.
 */
export async function router(
	this: IExecuteFunctions,
	options: { continueOnFail: boolean },
): Promise<INodeExecutionData[]> {
	const resource = this.getNodeParameter('resource', 0) as JobsNodeMap['resource'];
	const operation = this.getNodeParameter('operation', 0) as string;
	const execute = table[resource]?.[operation]?.execute;
	if (!execute)
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operation}" is not known for resource "${resource}"`,
		);

	const credential = readTemporalCredential(await this.getCredentials('temporalApi'));
	let connecting: ReturnType<typeof connectFromCredential> | undefined;
	try {
		return await runPerItem.call(
			this,
			async (i) => {
				const subject = {
					workflowId: this.getNodeParameter('workflowId', i, '') as string,
					scheduleId: this.getNodeParameter('scheduleId', i, '') as string,
				};
				try {
					// Connected on the first item, so a connection error is reported like any other item error;
					// later items reuse the same attempt instead of waiting for the connect timeout again.
					connecting ??= connectFromCredential(credential);
					return await execute.call(this, i, await connecting, credential.taskQueue);
				} catch (error) {
					throw toJobsNodeError(this.getNode(), error, i, subject, credential.apiKey);
				}
			},
			options,
		);
	} finally {
		const client = await connecting?.catch(() => undefined);
		await client?.connection.close();
	}
}
