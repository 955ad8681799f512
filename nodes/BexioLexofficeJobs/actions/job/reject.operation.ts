import type { INodeProperties } from 'n8n-workflow';

import { reject as rejectJob } from '../../../../temporal/client';
import { updateDisplayOptions } from '../../../shared/updateDisplayOptions';
import { asData, readWorkflowId, type JobsOperation } from '../common';

const description: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['job'], operation: ['reject'] } },
	[
		{
			displayName: 'Reason',
			name: 'reason',
			type: 'string',
			default: '',
			placeholder: 'e.g. wrong tax rate map',
			description: 'Why the plan is rejected; kept in the job result',
		},
	],
);

export const reject: JobsOperation = {
	description,
	async execute(i, client) {
		const id = readWorkflowId.call(this, i);
		const reason = String(this.getNodeParameter('reason', i, '')).trim();
		return { workflowId: id, ...asData(await rejectJob(client, id, reason)) };
	},
};
