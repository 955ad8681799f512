import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import {
	bulkImportInput,
	collectionRows,
	exchangeRatesFromRows,
	taxRateMapFromRows,
	type ImportParameters,
	type Labels,
} from '../../../../temporal/jobInput';
import type { BulkImportInput, SystemName } from '../../../../temporal/shared';
import { exchangeRatesField, taxPolicyField, taxRateMapField } from '../mapFields';

/**
 * Direction and the two connections of a job between the systems (bulk import, invoice sync); the
 * connection lists load from the worker and follow the direction.
 */
export const directionFields: INodeProperties[] = [
	{
		displayName: 'Direction',
		name: 'direction',
		type: 'options',
		options: [
			{ name: 'Bexio → Lexoffice', value: 'bexioToLexoffice' },
			{ name: 'Lexoffice → Bexio', value: 'lexofficeToBexio' },
		],
		default: 'bexioToLexoffice',
	},
	{
		displayName: 'Source Connection Name or ID',
		name: 'sourceConnection',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getSourceConnections', loadOptionsDependsOn: ['direction'] },
		default: '',
		description:
			'Connection of the source system as the worker names it; empty means bexio-default or lexoffice-default. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Target Connection Name or ID',
		name: 'targetConnection',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getTargetConnections', loadOptionsDependsOn: ['direction'] },
		default: '',
		description:
			'Connection of the target system as the worker names it; empty means bexio-default or lexoffice-default. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
];

/** The direction fields of one item: the two systems and the connection ids as typed. */
export function readDirection(
	this: IExecuteFunctions,
	i: number,
): { from: SystemName; to: SystemName; source: unknown; target: unknown } {
	const direction = this.getNodeParameter('direction', i) as
		| 'bexioToLexoffice'
		| 'lexofficeToBexio';
	const [from, to]: SystemName[] =
		direction === 'bexioToLexoffice' ? ['bexio', 'lexoffice'] : ['lexoffice', 'bexio'];
	return {
		from,
		to,
		source: this.getNodeParameter('sourceConnection', i, ''),
		target: this.getNodeParameter('targetConnection', i, ''),
	};
}

/** The bulk import parameters; shared by Job → Start and by bulk import schedules. */
export const importFields: INodeProperties[] = [
	{
		displayName: 'Records',
		name: 'kind',
		type: 'options',
		options: [
			{ name: 'Articles', value: 'articles' },
			{ name: 'Contacts', value: 'contacts' },
			{
				name: 'Invoices',
				value: 'invoices',
				description:
					'Invoice history: lexoffice invoices and credit notes as bexio invoices, bexio invoices as lexoffice bookkeeping vouchers',
			},
		],
		default: 'contacts',
		description: 'What the import moves',
	},
	...directionFields,
	{
		displayName: 'Import Options',
		name: 'importOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Attach Invoice PDFs',
				name: 'attachPdf',
				type: 'boolean',
				default: true,
				description:
					'Whether each invoice imported into lexoffice gets the bexio invoice PDF attached to its voucher',
			},
			{
				displayName: 'Book on Collective Customer',
				name: 'collectiveContact',
				type: 'boolean',
				default: false,
				description:
					'Whether invoices imported into lexoffice are booked on the collective customer instead of linking or creating each customer',
			},
			{
				displayName: 'Dry Run',
				name: 'dryRun',
				type: 'boolean',
				default: false,
				description: 'Whether to only read and plan, without writing to the target',
			},
			exchangeRatesField,
			{
				displayName: 'Include Down Payment Invoices',
				name: 'includeDownPayments',
				type: 'boolean',
				default: false,
				description:
					'Whether invoices imported from lexoffice include down payment invoices (left out by default: the final invoice settles them)',
			},
			{
				displayName: 'Match by E-Mail',
				name: 'matchByEmail',
				type: 'boolean',
				default: false,
				description:
					'Whether an e-mail address identifies an existing record when nothing else does',
			},
			{
				displayName: 'Page Size',
				name: 'pageSize',
				type: 'number',
				default: 100,
				typeOptions: { minValue: 1, maxValue: 1000 },
				description: 'Records per page; clamped to the API maximum',
			},
			{
				displayName: 'Require Approval',
				name: 'approval',
				type: 'boolean',
				default: false,
				description:
					'Whether the job plans first and writes only after Job → Approve with the plan’s hash (a plan that changes while it waits needs a new approval); Job → Reject ends it without writing',
			},
			taxPolicyField,
			taxRateMapField,
		],
	},
];

/** Import fields by the labels the node shows, for error messages. */
const labels: Labels<keyof ImportParameters> = {
	kind: 'Records',
	from: 'Direction',
	to: 'Direction',
	source: 'Source Connection ID',
	target: 'Target Connection ID',
	pageSize: 'Page Size',
	taxRateMap: 'Tax Rate Map',
	taxPolicy: 'Tax Policy',
	exchangeRates: 'Exchange Rates',
};

/** Reads the import fields of one item into the workflow input (connection references only, no secrets). */
export function readImportInput(
	this: IExecuteFunctions,
	i: number,
): Omit<BulkImportInput, 'state'> {
	const options = this.getNodeParameter('importOptions', i, {}) as Omit<
		ImportParameters,
		'kind' | 'from' | 'to' | 'source' | 'target'
	>;
	return bulkImportInput(
		{
			kind: this.getNodeParameter('kind', i),
			...readDirection.call(this, i),
			dryRun: options.dryRun,
			matchByEmail: options.matchByEmail,
			pageSize: options.pageSize,
			taxRateMap: taxRateMapFromRows(
				collectionRows(options.taxRateMap, 'rates'),
				labels.taxRateMap,
			),
			taxPolicy: options.taxPolicy,
			exchangeRates: exchangeRatesFromRows(
				collectionRows(options.exchangeRates, 'rates'),
				labels.exchangeRates,
			),
			includeDownPayments: options.includeDownPayments,
			collectiveContact: options.collectiveContact,
			attachPdf: options.attachPdf,
			approval: options.approval,
		},
		labels,
	);
}
