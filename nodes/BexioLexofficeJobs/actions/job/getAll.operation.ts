import type { INodeProperties } from 'n8n-workflow';

import { JOB_TYPES } from '../../../../temporal/jobInput';
import { listJobs } from '../../../../temporal/client';
import { updateDisplayOptions } from '../../../shared/updateDisplayOptions';
import { asData, type JobsOperation } from '../common';

const description: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['job'], operation: ['getAll'] } },
	[
		{
			displayName: 'Filters',
			name: 'filters',
			type: 'collection',
			placeholder: 'Add Filter',
			default: {},
			options: [
				{
					displayName: 'Job ID Prefix',
					name: 'prefix',
					type: 'string',
					default: '',
					placeholder: 'e.g. import/contacts/',
					description: 'Only jobs whose ID starts with this',
				},
				{
					displayName: 'Status',
					name: 'status',
					type: 'options',
					options: [
						{ name: 'Canceled', value: 'Canceled' },
						{ name: 'Completed', value: 'Completed' },
						{ name: 'Failed', value: 'Failed' },
						{ name: 'Running', value: 'Running' },
						{ name: 'Terminated', value: 'Terminated' },
						{ name: 'Timed Out', value: 'TimedOut' },
					],
					default: 'Running',
				},
			],
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			default: 50,
			typeOptions: { minValue: 1 },
			description: 'Max number of results to return',
		},
	],
);

export const getAll: JobsOperation = {
	description,
	async execute(i, client) {
		const filters = this.getNodeParameter('filters', i, {}) as { prefix?: string; status?: string };
		const limit = Number(this.getNodeParameter('limit', i, 50));
		const jobs = await listJobs(client, {
			prefix: filters.prefix || undefined,
			status: filters.status || undefined,
			limit,
			workflowTypes: JOB_TYPES,
		});
		return jobs.map((job) => asData(job));
	},
};
