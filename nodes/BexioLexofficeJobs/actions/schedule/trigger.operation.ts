import { triggerSchedule } from '../../../../temporal/schedules';
import { readScheduleId, type JobsOperation } from '../common';

export const trigger: JobsOperation = {
	description: [],
	async execute(i, client) {
		const id = readScheduleId.call(this, i);
		await triggerSchedule(client, id);
		return { scheduleId: id, triggered: true };
	},
};
