import { scheduleJobInput } from '../../../../temporal/jobInput';
import { describeSchedule, updateSchedule, type JobType } from '../../../../temporal/schedules';
import { updateDisplayOptions } from '../../../shared/updateDisplayOptions';
import { asData, readScheduleId, type JobsOperation } from '../common';
import { inputJsonField, readSpec, timetableFields } from './fields';

interface UpdateFields {
	cron?: string;
	everyMinutes?: number;
	timezone?: string;
	inputJson?: unknown;
	note?: string;
	catchupWindowMinutes?: number;
}

export const update: JobsOperation = {
	description: updateDisplayOptions({ show: { resource: ['schedule'], operation: ['update'] } }, [
		{
			displayName: 'Update Fields',
			name: 'updateFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: [
				{
					displayName: 'Catch-Up Window (Minutes)',
					name: 'catchupWindowMinutes',
					type: 'number',
					default: 60,
					typeOptions: { minValue: 1 },
				},
				...timetableFields,
				{ ...inputJsonField, description: 'Replaces the workflow input of the job' },
				{ displayName: 'Note', name: 'note', type: 'string', default: '' },
			],
		},
	]),
	async execute(i, client) {
		const id = readScheduleId.call(this, i);
		const fields = this.getNodeParameter('updateFields', i, {}) as UpdateFields;
		const changes: Parameters<typeof updateSchedule>[2] = {};
		if (
			fields.cron !== undefined ||
			fields.everyMinutes !== undefined ||
			fields.timezone !== undefined
		) {
			// Fields left out keep their current value; an empty cron or 0 minutes removes that part.
			const current = (await describeSchedule(client, id)).spec;
			changes.spec = readSpec({
				cron: fields.cron ?? (current.cron ?? []).join(';'),
				everyMinutes: fields.everyMinutes ?? current.everyMinutes,
				timezone: fields.timezone ?? current.timezone,
			});
		}
		if (fields.inputJson !== undefined) {
			const { workflowType } = await describeSchedule(client, id);
			changes.input = scheduleJobInput(
				workflowType as JobType,
				fields.inputJson,
				inputJsonField.displayName,
			);
		}
		if (fields.note !== undefined) changes.note = fields.note;
		if (fields.catchupWindowMinutes !== undefined)
			changes.catchupWindowMinutes = fields.catchupWindowMinutes;
		return asData(await updateSchedule(client, id, changes));
	},
};
