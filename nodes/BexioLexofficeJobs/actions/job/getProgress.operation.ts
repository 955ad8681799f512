import { getProgress as queryProgress } from '../../../../temporal/client';
import { asData, readWorkflowId, type JobsOperation } from '../common';

export const getProgress: JobsOperation = {
	description: [],
	async execute(i, client) {
		const id = readWorkflowId.call(this, i);
		const { status } = await client.workflow.getHandle(id).describe();
		return { workflowId: id, status: status.name, ...asData(await queryProgress(client, id)) };
	},
};
