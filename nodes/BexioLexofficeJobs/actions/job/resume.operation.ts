import { resume as resumeJob } from '../../../../temporal/client';
import { asData, readWorkflowId, type JobsOperation } from '../common';

export const resume: JobsOperation = {
	description: [],
	async execute(i, client) {
		const id = readWorkflowId.call(this, i);
		return { workflowId: id, ...asData(await resumeJob(client, id)) };
	},
};
