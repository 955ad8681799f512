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
	startInvoiceSync,
	startOrderInvoice,
	startTimesheetSync,
} from '../../../../temporal/client';
import type { JobType } from '../../../../temporal/jobInput';
import { updateDisplayOptions } from '../../../shared/updateDisplayOptions';
import { asData, type JobsOperation } from '../common';
import { readAccountingInput } from './accountingFields';
import { readImportInput } from './importFields';
import { readInvoiceSyncInput } from './invoiceSyncFields';
import { JOB_FIELDS, jobTypeOptions } from './jobFields';
import { readOrderInput } from './orderFields';
import { startReconcileJob } from './reconcileFields';
import { readTimesheetInput } from './timesheetFields';

/** What Job → Start starts: every job type. */
export type StartKind = JobType;

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
			options: jobTypeOptions.map((o) =>
				o.value === 'reconcile'
					? { ...o, description: `${o.description}; waits and returns the report` }
					: o,
			),
			default: 'bulkImport',
		},
	]),
	...jobTypeOptions.flatMap(({ value }) =>
		updateDisplayOptions(show({ startKind: [value] }), JOB_FIELDS[value].fields),
	),
	...updateDisplayOptions(
		{ show: { resource: ['job'], operation: ['start'] }, hide: { startKind: ['orderInvoice'] } },
		[
			{
				displayName: 'Run Key',
				name: 'runKey',
				type: 'string',
				default: '',
				description:
					'Names this run. Empty means the n8n execution ID. A start whose run key names a running job attaches to it instead of starting a second one.',
			},
		],
	),
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
	async invoiceSync(i, client, job) {
		const input = readInvoiceSyncInput.call(this, i);
		const started = await startInvoiceSync(client, { ...input, ...job });
		return { ...started, runKey: job.runKey, jobType: 'invoiceSync', ...asData(input) };
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
	// One job per order, named by the order's id: the run key plays no part.
	async orderInvoice(i, client, job) {
		const input = readOrderInput.call(this, i);
		const started = await startOrderInvoice(client, { ...input, taskQueue: job.taskQueue });
		return { ...started, jobType: 'orderInvoice', orderId: input.order.orderId };
	},
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
