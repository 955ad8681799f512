import { describeSchedule } from '../../../../temporal/schedules';
import { asData, readScheduleId, type JobsOperation } from '../common';

export const get: JobsOperation = {
	description: [],
	async execute(i, client) {
		return asData(await describeSchedule(client, readScheduleId.call(this, i)));
	},
};
