import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import {
	JobInputError,
	scheduleSpec,
	splitCron,
	type JobType,
	type ScheduleSpecInput,
} from '../../../../temporal/jobInput';
import type { AccountingExportInput, TimesheetSyncInput } from '../../../../temporal/shared';
import { JOB_FIELDS } from '../job/jobFields';

/** Fields of Schedule → Create and Update. */

export const timetableFields: INodeProperties[] = [
	{
		displayName: 'Cron Expressions',
		name: 'cron',
		type: 'string',
		default: '',
		placeholder: 'e.g. 0 6 * * 1-5',
		description: 'One or more cron expressions, separated by semicolons or new lines',
	},
	{
		displayName: 'Every (Minutes)',
		name: 'everyMinutes',
		type: 'number',
		default: 0,
		typeOptions: { minValue: 0 },
		description: 'Run every n minutes; 0 means no interval',
	},
	{
		displayName: 'Timezone',
		name: 'timezone',
		type: 'string',
		default: '',
		placeholder: 'e.g. Europe/Zurich',
		description: 'IANA zone for the cron expressions; empty means UTC',
	},
];

/**
 * The job input of a schedule, read from the same fields as Job → Start. A schedule runs without n8n
 * items, so its timesheets and booking lines come from a source the worker reads on every run.
 */
export function readScheduledInput(this: IExecuteFunctions, i: number, jobType: JobType): object {
	const input = JOB_FIELDS[jobType].read.call(this, i);
	const needsSource =
		(jobType === 'timesheetSync' && !(input as TimesheetSyncInput).source) ||
		(jobType === 'accountingExport' && !(input as AccountingExportInput).lexofficeVouchers);
	if (!needsSource) return input;
	const [label, name, source] =
		jobType === 'timesheetSync'
			? ['Entries From', 'entriesFrom', 'File (URL)']
			: ['Lines From', 'linesFrom', 'Lexoffice Invoices and Credit Notes'];
	throw new JobInputError(
		label,
		`${source} on a schedule, which the worker reads on every run`,
		this.getNodeParameter(name, i, ''),
		'a schedule has no n8n items; to hand over items, use Job → Start in a workflow',
	);
}

/** The timetable fields as a schedule spec (cron separated by semicolons or new lines); checked by jobInput. */
export function readSpec(values: {
	cron?: string;
	everyMinutes?: number;
	timezone?: string;
}): ScheduleSpecInput {
	return scheduleSpec({
		cron: splitCron(values.cron),
		everyMinutes: values.everyMinutes || undefined,
		timezone: values.timezone || undefined,
	});
}
