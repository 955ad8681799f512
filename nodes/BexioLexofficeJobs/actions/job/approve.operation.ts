import type { INodeProperties } from 'n8n-workflow';

import { approve as approveJob } from '../../../../temporal/client';
import { updateDisplayOptions } from '../../../shared/updateDisplayOptions';
import { asData, readWorkflowId, type JobsOperation } from '../common';

const description: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['job'], operation: ['approve'] } },
	[
		{
			displayName: 'Plan Hash',
			name: 'planHash',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. 3f9a1c0b7d2e4a61',
			description:
				'The hash of the plan being approved, as Get Progress shows it under approval.planHash; a job whose plan changed refuses an older hash',
		},
	],
);

export const approve: JobsOperation = {
	description,
	async execute(i, client) {
		const id = readWorkflowId.call(this, i);
		const planHash = String(this.getNodeParameter('planHash', i)).trim();
		return { workflowId: id, ...asData(await approveJob(client, id, planHash)) };
	},
};
