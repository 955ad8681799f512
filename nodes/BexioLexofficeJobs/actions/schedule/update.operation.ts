import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { describeSchedule, updateSchedule, type JobType } from '../../../../temporal/schedules';
import { updateDisplayOptions } from '../../../shared/updateDisplayOptions';
import { asData, readScheduleId, type JobsOperation } from '../common';
import { JOB_FIELDS, scheduledJobTypeOptions } from '../job/jobFields';
import { readScheduledInput, readSpec, timetableFields } from './fields';

interface UpdateFields {
	cron?: string;
	everyMinutes?: number;
	timezone?: string;
	note?: string;
	catchupWindowMinutes?: number;
}

const show = (extra: IDataObject = {}) => ({
	show: { resource: ['schedule'], operation: ['update'], ...extra },
});

const description: INodeProperties[] = [
	...updateDisplayOptions(show(), [
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
				{ displayName: 'Note', name: 'note', type: 'string', default: '' },
			],
		},
		{
			displayName: 'Replace Job Settings',
			name: 'replaceJob',
			type: 'boolean',
			default: false,
			description:
				'Whether the schedule starts the job configured below from its next run on (the same fields as Job → Start); off keeps its job and input',
		},
	]),
	...updateDisplayOptions(show({ replaceJob: [true] }), [
		{
			displayName: 'Job Type',
			name: 'jobType',
			type: 'options',
			options: scheduledJobTypeOptions,
			default: 'bulkImport',
		},
	]),
	...scheduledJobTypeOptions.flatMap(({ value }) =>
		updateDisplayOptions(show({ replaceJob: [true], jobType: [value] }), JOB_FIELDS[value].fields),
	),
];

export const update: JobsOperation = {
	description,
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
		if (this.getNodeParameter('replaceJob', i, false)) {
			const jobType = this.getNodeParameter('jobType', i) as JobType;
			changes.workflowType = jobType;
			changes.input = readScheduledInput.call(this, i, jobType);
		}
		if (fields.note !== undefined) changes.note = fields.note;
		if (fields.catchupWindowMinutes !== undefined)
			changes.catchupWindowMinutes = fields.catchupWindowMinutes;
		return asData(await updateSchedule(client, id, changes));
	},
};
