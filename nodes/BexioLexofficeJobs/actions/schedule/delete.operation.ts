import { deleteSchedule } from '../../../../temporal/schedules';
import { readScheduleId, type JobsOperation } from '../common';

export const deleteOp: JobsOperation = {
	description: [],
	async execute(i, client) {
		const id = readScheduleId.call(this, i);
		await deleteSchedule(client, id);
		return { scheduleId: id, deleted: true };
	},
};
