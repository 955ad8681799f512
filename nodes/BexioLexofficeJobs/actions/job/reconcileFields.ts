import type { Client } from '@temporalio/client';
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { reconcileResult, startReconcile } from '../../../../temporal/client';
import {
	RECONCILE_DIRECTION_CHOICES,
	collectionRows,
	reconcileInput,
	reconcileRateMapFromRows,
	type Labels,
	type ReconcileParameters,
} from '../../../../temporal/jobInput';
import { reconcileCsv } from '../../../../temporal/mappings/reconcile';
import type {
	ReconcileDirection,
	ReconcileInput,
	ReconcileResult,
	TaxPolicy,
} from '../../../../temporal/shared';
import { asData } from '../common';
import { reconcileTaxPolicyField, reconcileTaxRateMapField } from '../mapFields';

/** Reconciliation: a lexoffice and a bexio connection and a period of document dates. */
export const reconcileFields: INodeProperties[] = [
	{
		displayName: 'Lexoffice Connection Name or ID',
		name: 'lexofficeConnection',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getLexofficeConnections' },
		default: '',
		description:
			'The lexoffice account as the worker names its connection; empty means lexoffice-default. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Bexio Connection Name or ID',
		name: 'reconcileBexioConnection',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getBexioConnections' },
		default: '',
		description:
			'The bexio account as the worker names its connection; empty means bexio-default. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'From Date',
		name: 'periodFrom',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 2026-01-01',
		description: 'First document date of the period (yyyy-MM-dd; a date-time is cut to its day)',
	},
	{
		displayName: 'To Date',
		name: 'periodTo',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 2026-03-31',
		description: 'Last document date of the period, inclusive',
	},
	{
		displayName: 'Directions',
		name: 'reconcileDirection',
		type: 'options',
		options: [
			{
				name: 'Both',
				value: 'both',
				description:
					'Lexoffice → bexio (invoice sync, invoice import) and bexio → lexoffice (invoice import)',
			},
			{
				name: 'Lexoffice → Bexio',
				value: 'lexofficeToBexio',
				description:
					'Lexoffice invoices and credit notes against the bexio invoices written for them',
			},
			{
				name: 'Bexio → Lexoffice',
				value: 'bexioToLexoffice',
				description: 'Bexio invoices against the lexoffice bookkeeping vouchers booked for them',
			},
		],
		default: 'both',
	},
	{
		displayName: 'Reconcile Options',
		name: 'reconcileOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Include Down Payment Invoices',
				name: 'includeDownPayments',
				type: 'boolean',
				default: false,
				description:
					'Whether lexoffice down payment invoices count (when the sync was told to include them)',
			},
			{
				displayName: 'Max Wait (Seconds)',
				name: 'maxWaitSeconds',
				type: 'number',
				default: 600,
				typeOptions: { minValue: 1, maxValue: 3600 },
				description:
					'How long to wait for the report; afterwards the job ID is returned with timedOut: true (fetch the report with Wait for Completion)',
			},
			{
				displayName: 'Page Size',
				name: 'pageSize',
				type: 'number',
				default: 100,
				typeOptions: { minValue: 1, maxValue: 1000 },
				description: 'Documents per page read; clamped to the API maximum',
			},
			reconcileTaxPolicyField('bexioToLexoffice'),
			reconcileTaxPolicyField('lexofficeToBexio'),
			reconcileTaxRateMapField,
		],
	},
];

const labels: Labels<keyof ReconcileParameters> = {
	from: 'From Date',
	to: 'To Date',
	direction: 'Directions',
	taxRateMap: 'Tax Rate Maps',
	taxPolicy: 'Tax Policies',
	pageSize: 'Page Size',
};

export function readReconcileInput(this: IExecuteFunctions, i: number): ReconcileInput {
	const { taxRateMap, ...options } = this.getNodeParameter('reconcileOptions', i, {}) as Pick<
		ReconcileParameters,
		'includeDownPayments' | 'pageSize' | 'taxRateMap'
	> &
		Partial<Record<`taxPolicy_${ReconcileDirection}`, TaxPolicy>>;
	// A policy per direction; "fail" (the jobs' default) compares every amount, so it needs no entry.
	const taxPolicy = Object.fromEntries(
		RECONCILE_DIRECTION_CHOICES.map((d) => [d, options[`taxPolicy_${d}`]]).filter(
			([, policy]) => policy && policy !== 'fail',
		),
	);
	return reconcileInput(
		{
			lexoffice: this.getNodeParameter('lexofficeConnection', i, ''),
			bexio: this.getNodeParameter('reconcileBexioConnection', i, ''),
			from: this.getNodeParameter('periodFrom', i),
			to: this.getNodeParameter('periodTo', i),
			direction: this.getNodeParameter('reconcileDirection', i, 'both'),
			includeDownPayments: options.includeDownPayments,
			pageSize: options.pageSize,
			taxRateMap: reconcileRateMapFromRows(collectionRows(taxRateMap, 'rates'), labels.taxRateMap),
			taxPolicy,
		},
		labels,
	);
}

/**
 * Starts (or attaches to) the reconciliation and waits for its report: one item per row (summary rows
 * per currency and tax rate, one-side-only documents, differing pairs), the first carrying the whole
 * report as CSV and JSON binary data. A report not ready within Max Wait returns the job to wait for.
 */
export async function startReconcileJob(
	this: IExecuteFunctions,
	i: number,
	client: Client,
	job: { runKey: string; taskQueue: string },
): Promise<IDataObject | INodeExecutionData[]> {
	const input = readReconcileInput.call(this, i);
	const { maxWaitSeconds } = this.getNodeParameter('reconcileOptions', i, {}) as {
		maxWaitSeconds?: number;
	};
	const started = await startReconcile(client, { ...input, ...job });
	const outcome = await client
		.withAbortSignal(AbortSignal.timeout((maxWaitSeconds ?? 600) * 1000), () =>
			reconcileResult(client, started.workflowId),
		)
		.then(
			(result) => ({ result }),
			(error: unknown) => ({ error }),
		);
	if ('error' in outcome) {
		if ((await client.workflow.getHandle(started.workflowId).describe()).status.name === 'RUNNING')
			return {
				...started,
				runKey: job.runKey,
				jobType: 'reconcile',
				status: 'RUNNING',
				timedOut: true,
			};
		throw outcome.error;
	}
	const report: ReconcileResult = outcome.result;
	const context = {
		workflowId: started.workflowId,
		from: report.from,
		to: report.to,
		totals: report.totals,
	};
	const rows = report.rows.length ? report.rows : [{ row: 'empty' as const }];
	const items: INodeExecutionData[] = rows.map((row) => ({ json: { ...asData(row), ...context } }));
	const name = `reconcile-${report.from}_${report.to}`;
	items[0].binary = {
		csv: await this.helpers.prepareBinaryData(
			Buffer.from(reconcileCsv(report.rows), 'utf8'),
			`${name}.csv`,
			'text/csv',
		),
		json: await this.helpers.prepareBinaryData(
			Buffer.from(JSON.stringify(report, null, 2), 'utf8'),
			`${name}.json`,
			'application/json',
		),
	};
	return items;
}
