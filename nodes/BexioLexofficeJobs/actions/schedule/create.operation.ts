import type { IDataObject, INodeProperties } from 'n8n-workflow';

import {
	createOrUpdateSchedule,
	createSchedule,
	type JobType,
	type ScheduleOptions,
} from '../../../../temporal/schedules';
import { updateDisplayOptions } from '../../../shared/updateDisplayOptions';
import { asData, readScheduleId, type JobsOperation } from '../common';
import { JOB_FIELDS, scheduledJobTypeOptions } from '../job/jobFields';
import { readScheduledInput, readSpec, timetableFields } from './fields';

const show = (extra: IDataObject = {}) => ({
	show: { resource: ['schedule'], operation: ['create'], ...extra },
});

const description: INodeProperties[] = [
	...updateDisplayOptions(show(), [
		{
			displayName: 'Job Type',
			name: 'jobType',
			type: 'options',
			options: scheduledJobTypeOptions,
			default: 'bulkImport',
		},
		...timetableFields,
	]),
	...scheduledJobTypeOptions.flatMap(({ value }) =>
		updateDisplayOptions(show({ jobType: [value] }), JOB_FIELDS[value].fields),
	),
	...updateDisplayOptions(show(), [
		{
			displayName: 'Schedule Options',
			name: 'scheduleOptions',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			options: [
				{
					displayName: 'Catch-Up Window (Minutes)',
					name: 'catchupWindowMinutes',
					type: 'number',
					default: 60,
					typeOptions: { minValue: 1 },
					description: 'Runs missed during an outage within this window are made up',
				},
				{
					displayName: 'If the Schedule Exists',
					name: 'ifExists',
					type: 'options',
					default: 'fail',
					options: [
						{ name: 'Fail', value: 'fail', description: 'Report that the schedule ID is taken' },
						{
							name: 'Update It',
							value: 'update',
							description:
								'Give it this timetable, job and input (paused or not stays as it is): a workflow that runs this on every change keeps the schedule up to date',
						},
					],
				},
				{ displayName: 'Note', name: 'note', type: 'string', default: '' },
				{
					displayName: 'Start Paused',
					name: 'paused',
					type: 'boolean',
					default: false,
					description: 'Whether the schedule starts paused',
				},
			],
		},
	]),
];

export const create: JobsOperation = {
	description,
	async execute(i, client, taskQueue) {
		const jobType = this.getNodeParameter('jobType', i) as JobType;
		const input = readScheduledInput.call(this, i, jobType);
		const { ifExists, ...options } = this.getNodeParameter('scheduleOptions', i, {}) as Pick<
			ScheduleOptions,
			'catchupWindowMinutes' | 'note' | 'paused'
		> & { ifExists?: 'fail' | 'update' };
		const spec = readSpec({
			cron: this.getNodeParameter('cron', i, '') as string,
			everyMinutes: this.getNodeParameter('everyMinutes', i, 0) as number,
			timezone: this.getNodeParameter('timezone', i, '') as string,
		});
		return asData(
			await (ifExists === 'update' ? createOrUpdateSchedule : createSchedule)(client, {
				scheduleId: readScheduleId.call(this, i),
				workflowType: jobType,
				input,
				spec,
				taskQueue,
				...options,
				note: options.note || undefined,
			}),
		);
	},
};
