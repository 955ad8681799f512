import { describeSchedule, pauseSchedule } from '../../../../temporal/schedules';
import { asData, readScheduleId, type JobsOperation } from '../common';

export const pause: JobsOperation = {
	description: [],
	async execute(i, client) {
		const id = readScheduleId.call(this, i);
		await pauseSchedule(client, id, (this.getNodeParameter('note', i, '') as string) || undefined);
		return asData(await describeSchedule(client, id));
	},
};
