import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import {
	collectionRows,
	exchangeRatesFromRows,
	invoiceSyncInput,
	taxRateMapFromRows,
	type InvoiceSyncParameters,
	type Labels,
} from '../../../../temporal/jobInput';
import type { InvoiceSyncInput } from '../../../../temporal/shared';
import { exchangeRatesField, taxPolicyField, taxRateMapField } from '../mapFields';
import { directionFields, readDirection } from './importFields';

/**
 * Invoice sync: the invoices updated since the last run, from one system into the other. Shared by
 * Job → Start (one run now) and Schedule → Create/Update (a run per timetable slot).
 */
export const invoiceSyncFields: INodeProperties[] = [
	...directionFields,
	{
		displayName: 'Sync Options',
		name: 'invoiceSyncOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Dry Run',
				name: 'dryRun',
				type: 'boolean',
				default: false,
				description:
					'Whether to only read and plan, without writing and without moving the watermark',
			},
			exchangeRatesField,
			{
				displayName: 'First Run From',
				name: 'since',
				type: 'string',
				default: '',
				placeholder: 'e.g. 2026-01-01',
				description:
					'First run only: the first updated day to read (yyyy-MM-dd); empty means the day of the first run. Later runs continue from the watermark.',
			},
			{
				displayName: 'Include Down Payment Invoices',
				name: 'includeDownPayments',
				type: 'boolean',
				default: false,
				description:
					'Whether lexoffice down payment invoices are synced too (left out by default: the final invoice settles them)',
			},
			{
				displayName: 'Page Size',
				name: 'pageSize',
				type: 'number',
				default: 100,
				typeOptions: { minValue: 1, maxValue: 1000 },
				description: 'Documents per page; clamped to the API maximum',
			},
			taxPolicyField,
			taxRateMapField,
			{
				displayName: 'Watermark Name',
				name: 'watermarkName',
				type: 'string',
				default: '',
				description:
					'Names the position the sync continues from; empty means one per source and target. A run started by hand and a schedule with one name share it.',
			},
		],
	},
];

const labels: Labels<keyof InvoiceSyncParameters> = {
	from: 'Direction',
	to: 'Direction',
	source: 'Source Connection ID',
	target: 'Target Connection ID',
	since: 'First Run From',
	pageSize: 'Page Size',
	taxRateMap: 'Tax Rate Map',
	taxPolicy: 'Tax Policy',
	exchangeRates: 'Exchange Rates',
};

/** Reads the invoice sync fields of one item into the workflow input (connection references only). */
export function readInvoiceSyncInput(this: IExecuteFunctions, i: number): InvoiceSyncInput {
	const options = this.getNodeParameter('invoiceSyncOptions', i, {}) as Omit<
		InvoiceSyncParameters,
		'from' | 'to' | 'source' | 'target'
	>;
	return invoiceSyncInput(
		{
			...readDirection.call(this, i),
			...options,
			taxRateMap: taxRateMapFromRows(
				collectionRows(options.taxRateMap, 'rates'),
				labels.taxRateMap,
			),
			exchangeRates: exchangeRatesFromRows(
				collectionRows(options.exchangeRates, 'rates'),
				labels.exchangeRates,
			),
		},
		labels,
	);
}
