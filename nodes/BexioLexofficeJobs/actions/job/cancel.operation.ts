import { cancel as cancelJob } from '../../../../temporal/client';
import { readWorkflowId, type JobsOperation } from '../common';

export const cancel: JobsOperation = {
	description: [],
	async execute(i, client) {
		const id = readWorkflowId.call(this, i);
		await cancelJob(client, id);
		return { workflowId: id, cancelRequested: true };
	},
};
