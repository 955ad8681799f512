import { describeSchedule, unpauseSchedule } from '../../../../temporal/schedules';
import { asData, readScheduleId, type JobsOperation } from '../common';

export const unpause: JobsOperation = {
	description: [],
	async execute(i, client) {
		const id = readScheduleId.call(this, i);
		await unpauseSchedule(
			client,
			id,
			(this.getNodeParameter('note', i, '') as string) || undefined,
		);
		return asData(await describeSchedule(client, id));
	},
};
