import { pause as pauseJob } from '../../../../temporal/client';
import { asData, readWorkflowId, type JobsOperation } from '../common';

export const pause: JobsOperation = {
	description: [],
	async execute(i, client) {
		const id = readWorkflowId.call(this, i);
		return { workflowId: id, ...asData(await pauseJob(client, id)) };
	},
};
