import type { Client } from '@temporalio/client';
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import {
	startAccountingExport,
	startImport,
	startTimesheetSync,
} from '../../../../temporal/client';
import { updateDisplayOptions } from '../../../shared/updateDisplayOptions';
import { asData, type JobsOperation } from '../common';
import { accountingFields, readAccountingInput } from './accountingFields';
import { importFields, readImportInput } from './importFields';
import { reconcileFields, startReconcileJob } from './reconcileFields';
import { readTimesheetInput, timesheetFields } from './timesheetFields';

/** What Job → Start starts. */
export type StartKind = 'accountingExport' | 'bulkImport' | 'reconcile' | 'timesheetSync';

const show = (extra: IDataObject = {}) => ({
	show: { resource: ['job'], operation: ['start'], ...extra },
});

const description: INodeProperties[] = [
	...updateDisplayOptions(show(), [
		{
			displayName: 'Job Type',
			name: 'startKind',
			type: 'options',
			noDataExpression: true,
			options: [
				{
					name: 'Accounting Export',
					value: 'accountingExport',
					description: 'Booking lines → bexio manual entries',
				},
				{
					name: 'Bulk Import',
					value: 'bulkImport',
					description: 'Contacts or articles between bexio and lexoffice',
				},
				{
					name: 'Reconcile Invoices',
					value: 'reconcile',
					description:
						'Linked invoices of a period compared on both sides; waits and returns the report',
				},
				{
					name: 'Timesheet Sync',
					value: 'timesheetSync',
					description: 'Time entries → bexio timesheets or invoice drafts',
				},
			],
			default: 'bulkImport',
		},
	]),
	...updateDisplayOptions(show({ startKind: ['bulkImport'] }), importFields),
	...updateDisplayOptions(show({ startKind: ['timesheetSync'] }), timesheetFields),
	...updateDisplayOptions(show({ startKind: ['accountingExport'] }), accountingFields),
	...updateDisplayOptions(show({ startKind: ['reconcile'] }), reconcileFields),
	...updateDisplayOptions(show(), [
		{
			displayName: 'Run Key',
			name: 'runKey',
			type: 'string',
			default: '',
			description:
				'Names this run. Empty means the n8n execution ID. A start whose run key names a running job attaches to it instead of starting a second one.',
		},
	]),
];

/** Whether the job takes all input items at once (started by the first item only). */
function fromItems(this: IExecuteFunctions, i: number, kind: StartKind): boolean {
	if (kind === 'timesheetSync') return this.getNodeParameter('entriesFrom', i, 'items') === 'items';
	if (kind === 'accountingExport')
		return this.getNodeParameter('linesFrom', i, 'items') === 'items';
	return false;
}

type Start = (
	this: IExecuteFunctions,
	i: number,
	client: Client,
	job: { runKey: string; taskQueue: string },
) => Promise<IDataObject | INodeExecutionData[]>;

/** Per job type: read the input, start (or attach), and report what was handed over. */
const starts: Record<StartKind, Start> = {
	async bulkImport(i, client, job) {
		const input = readImportInput.call(this, i);
		const started = await startImport(client, { ...input, ...job });
		return { ...started, runKey: job.runKey, ...asData(input) };
	},
	async timesheetSync(i, client, job) {
		const input = readTimesheetInput.call(this, i);
		const started = await startTimesheetSync(client, { ...input, ...job });
		// The entries stay in the job; the item reports how many were handed over.
		const { entries, ...rest } = input;
		return {
			...started,
			runKey: job.runKey,
			jobType: 'timesheetSync',
			...asData(rest),
			...(entries ? { entries: entries.length } : {}),
		};
	},
	async accountingExport(i, client, job) {
		const input = readAccountingInput.call(this, i);
		const started = await startAccountingExport(client, { ...input, ...job });
		const { lines, ...rest } = input;
		return {
			...started,
			runKey: job.runKey,
			jobType: 'accountingExport',
			...asData(rest),
			lines: lines.length,
		};
	},
	reconcile: startReconcileJob,
};

export const start: JobsOperation = {
	description,
	async execute(i, client, taskQueue) {
		const runKey = String(this.getNodeParameter('runKey', i, '')).trim() || this.getExecutionId();
		const kind = this.getNodeParameter('startKind', i, 'bulkImport') as StartKind;
		// All input items form one job: the first item starts it, the others add no output of their own.
		if (i > 0 && fromItems.call(this, i, kind)) return [];
		return (starts[kind] ?? starts.bulkImport).call(this, i, client, { runKey, taskQueue });
	},
};
