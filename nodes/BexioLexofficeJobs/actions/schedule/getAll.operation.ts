import { listSchedules } from '../../../../temporal/schedules';
import { updateDisplayOptions } from '../../../shared/updateDisplayOptions';
import { asData, type JobsOperation } from '../common';

export const getAll: JobsOperation = {
	description: updateDisplayOptions({ show: { resource: ['schedule'], operation: ['getAll'] } }, [
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			default: 50,
			typeOptions: { minValue: 1 },
			description: 'Max number of results to return',
		},
	]),
	async execute(i, client) {
		const limit = Number(this.getNodeParameter('limit', i, 50));
		return (await listSchedules(client, { limit })).map((s) => asData(s));
	},
};
