import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { scheduleJobInput } from '../../../../temporal/jobInput';
import { createSchedule, type JobType, type ScheduleOptions } from '../../../../temporal/schedules';
import { updateDisplayOptions } from '../../../shared/updateDisplayOptions';
import { asData, readScheduleId, type JobsOperation } from '../common';
import { importFields, readImportInput } from '../job/importFields';
import { inputJsonField, jobTypeOptions, readSpec, timetableFields } from './fields';

const show = (extra: IDataObject = {}) => ({
	show: { resource: ['schedule'], operation: ['create'], ...extra },
});

const description: INodeProperties[] = [
	...updateDisplayOptions(show(), [
		{
			displayName: 'Job Type',
			name: 'jobType',
			type: 'options',
			options: jobTypeOptions,
			default: 'bulkImport',
		},
		...timetableFields,
	]),
	...updateDisplayOptions(show({ jobType: ['bulkImport'] }), importFields),
	...updateDisplayOptions(
		show({ jobType: ['accountingExport', 'invoiceSync', 'reconcile', 'timesheetSync'] }),
		[inputJsonField],
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
		const input =
			jobType === 'bulkImport'
				? readImportInput.call(this, i)
				: scheduleJobInput(
						jobType,
						this.getNodeParameter('inputJson', i, '{}'),
						inputJsonField.displayName,
					);
		const options = this.getNodeParameter('scheduleOptions', i, {}) as Pick<
			ScheduleOptions,
			'catchupWindowMinutes' | 'note' | 'paused'
		>;
		const spec = readSpec({
			cron: this.getNodeParameter('cron', i, '') as string,
			everyMinutes: this.getNodeParameter('everyMinutes', i, 0) as number,
			timezone: this.getNodeParameter('timezone', i, '') as string,
		});
		return asData(
			await createSchedule(client, {
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
