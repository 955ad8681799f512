import type { INodeProperties } from 'n8n-workflow';

import { scheduleSpec, splitCron, type ScheduleSpecInput } from '../../../../temporal/jobInput';

/** Fields of Schedule → Create and Update. */

export const jobTypeOptions = [
	{ name: 'Accounting Export', value: 'accountingExport' },
	{ name: 'Bulk Import', value: 'bulkImport' },
	{ name: 'Invoice Sync', value: 'invoiceSync' },
	{ name: 'Reconcile Invoices', value: 'reconcile' },
	{ name: 'Timesheet Sync', value: 'timesheetSync' },
];

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

export const inputJsonField: INodeProperties = {
	displayName: 'Input (JSON)',
	name: 'inputJson',
	type: 'json',
	default: '{}',
	hint: 'e.g. {"source": {"system": "lexoffice", "id": "lexoffice-default"}, "target": {"system": "bexio", "id": "bexio-default"}}',
	description:
		'Workflow input of the job as a JSON object. Connections name accounts the worker knows: source and target for an invoice sync, connection (bexio) for a timesheet sync or accounting export, lexoffice, bexio, from and to for a reconciliation.',
};

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
