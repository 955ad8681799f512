import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import {
	accountMapFromRows,
	accountingExportInput,
	collectionRows,
	taxCodesFromRows,
	type AccountingParameters,
	type Labels,
	type LexofficeVoucherParameters,
} from '../../../../temporal/jobInput';
import type { AccountingExportInput } from '../../../../temporal/shared';
import { accountMapField, taxCodesField } from '../mapFields';
import { bexioConnectionField, inputJson } from './timesheetFields';

/** Accounting export: booking lines (input items, JSON or lexoffice vouchers) and the account map. */
export const accountingFields: INodeProperties[] = [
	bexioConnectionField,
	{
		displayName: 'Lines From',
		name: 'linesFrom',
		type: 'options',
		options: [
			{
				name: 'Input Items',
				value: 'items',
				description: 'Each input item is one booking line; all items go into one job',
			},
			{ name: 'JSON', value: 'json', description: 'An array of booking lines per item' },
			{
				name: 'Lexoffice Invoices and Credit Notes',
				value: 'lexoffice',
				description:
					'The job reads lexoffice invoices and credit notes updated since a day and books each per tax rate',
			},
		],
		default: 'items',
		hint: 'Each line: {"externalId", "date": "2026-11-02", "amount": 120.5, "debitAccount", "creditAccount", "description", "taxCode", "currency"}',
	},
	{
		displayName: 'Lines (JSON)',
		name: 'linesJson',
		type: 'json',
		default: '[]',
		displayOptions: { show: { linesFrom: ['json'] } },
		description: 'The booking lines of this job as a JSON array; one job per item',
	},
	...lexofficeVoucherFields(),
	accountMapField,
	{
		displayName: 'Export Options',
		name: 'exportOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Batch Size',
				name: 'batchSize',
				type: 'number',
				default: 100,
				typeOptions: { minValue: 1 },
				description: 'Lines per worker activity',
			},
			{
				displayName: 'Default Credit Account Name or ID',
				name: 'creditAccount',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getBexioAccounts' },
				default: '',
				description:
					'Credit account of lines that name none. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			{
				displayName: 'Default Debit Account Name or ID',
				name: 'debitAccount',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getBexioAccounts' },
				default: '1000',
				description:
					'Debit account of lines that name none (1000 cash, for receipts). Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			{
				displayName: 'Dry Run',
				name: 'dryRun',
				type: 'boolean',
				default: false,
				description: 'Whether to only resolve and plan, without booking',
			},
			{
				displayName: 'Source Name',
				name: 'sourceName',
				type: 'string',
				default: 'n8n',
				description:
					'Names the source of the external IDs; two feeds whose IDs may collide need two names',
			},
		],
	},
];

const labels: Labels<keyof AccountingParameters | keyof LexofficeVoucherParameters> = {
	lines: 'Lines (JSON)',
	accountMap: 'Account Map',
	batchSize: 'Batch Size',
	since: 'Updated Since',
	receivablesAccount: 'Receivables Account Name or ID',
	revenueAccount: 'Revenue Account Name or ID',
	taxCodes: 'Tax Codes',
	baseCurrency: 'Base Currency Name or ID',
};

/** The fields of the lexoffice voucher source, shown when the lines come from lexoffice. */
function lexofficeVoucherFields(): INodeProperties[] {
	const fromLexoffice = { show: { linesFrom: ['lexoffice'] } };
	return [
		{
			displayName: 'Lexoffice Connection Name or ID',
			name: 'voucherLexofficeConnection',
			type: 'options',
			typeOptions: { loadOptionsMethod: 'getLexofficeConnections' },
			default: '',
			displayOptions: fromLexoffice,
			description:
				'The lexoffice account as the worker names its connection; empty means lexoffice-default. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
		{
			displayName: 'Updated Since',
			name: 'vouchersSince',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. 2026-01-01',
			displayOptions: fromLexoffice,
			description:
				'First updated day of the vouchers to book (yyyy-MM-dd); vouchers booked before are not booked again',
		},
		{
			displayName: 'Continue From the Last Fetch Date',
			name: 'continueFromLastFetch',
			type: 'boolean',
			default: false,
			displayOptions: fromLexoffice,
			description:
				'Whether each run reads from the day the last run without failures started (one day earlier, for vouchers changed that day) instead of Updated Since, which then only sets the first run; the date moves also when a run finds nothing. Kept by the worker per lexoffice and bexio connection and source name.',
		},
		{
			displayName: 'Receivables Account Name or ID',
			name: 'receivablesAccount',
			type: 'options',
			typeOptions: {
				loadOptionsMethod: 'getBexioAccounts',
				loadOptionsDependsOn: ['bexioConnection'],
			},
			default: '',
			required: true,
			displayOptions: fromLexoffice,
			description:
				'The bexio account of receivables (debit of an invoice), by its number. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
		{
			displayName: 'Revenue Account Name or ID',
			name: 'revenueAccount',
			type: 'options',
			typeOptions: {
				loadOptionsMethod: 'getBexioAccounts',
				loadOptionsDependsOn: ['bexioConnection'],
			},
			default: '',
			required: true,
			displayOptions: fromLexoffice,
			description:
				'The bexio account of revenue (credit of an invoice, net of tax), by its number. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
		{ ...taxCodesField, displayOptions: fromLexoffice },
		{
			displayName: 'Base Currency Name or ID',
			name: 'baseCurrency',
			type: 'options',
			typeOptions: {
				loadOptionsMethod: 'getBexioCurrencyCodes',
				loadOptionsDependsOn: ['bexioConnection'],
			},
			default: 'CHF',
			displayOptions: fromLexoffice,
			description:
				'The base currency of the bexio account; a voucher in another currency is booked with bexio’s exchange rate of its date. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
	];
}

/** Reads the accounting export fields of one item into the workflow input. */
export function readAccountingInput(this: IExecuteFunctions, i: number): AccountingExportInput {
	const options = this.getNodeParameter('exportOptions', i, {}) as Pick<
		AccountingParameters,
		'batchSize' | 'creditAccount' | 'debitAccount' | 'dryRun' | 'sourceName'
	>;
	const linesFrom = this.getNodeParameter('linesFrom', i, 'items');
	return accountingExportInput(
		{
			connection: this.getNodeParameter('bexioConnection', i, ''),
			lines:
				linesFrom === 'lexoffice'
					? []
					: linesFrom === 'items'
						? inputJson.call(this)
						: this.getNodeParameter('linesJson', i, '[]'),
			...(linesFrom === 'lexoffice'
				? {
						lexofficeVouchers: {
							lexoffice: this.getNodeParameter('voucherLexofficeConnection', i, ''),
							since: this.getNodeParameter('vouchersSince', i, ''),
							receivablesAccount: this.getNodeParameter('receivablesAccount', i, ''),
							revenueAccount: this.getNodeParameter('revenueAccount', i, ''),
							taxCodes: taxCodesFromRows(
								collectionRows(this.getNodeParameter('taxCodes', i, {}), 'codes'),
								labels.taxCodes,
							),
							baseCurrency: this.getNodeParameter('baseCurrency', i, ''),
							fetchDateName: this.getNodeParameter('continueFromLastFetch', i, false)
								? fetchDateName(
										this.getNodeParameter('voucherLexofficeConnection', i, ''),
										this.getNodeParameter('bexioConnection', i, ''),
										options.sourceName,
									)
								: undefined,
						},
					}
				: {}),
			accountMap: accountMapFromRows(
				collectionRows(this.getNodeParameter('accountMap', i, {}), 'accounts'),
				labels.accountMap,
			),
			...options,
		},
		labels,
	);
}

/** The last fetch date's name: one per lexoffice account, bexio account and source name. */
function fetchDateName(lexoffice: unknown, bexio: unknown, sourceName: unknown): string {
	const part = (value: unknown, fallback: string) => String(value ?? '').trim() || fallback;
	return [
		part(lexoffice, 'lexoffice-default'),
		part(bexio, 'bexio-default'),
		part(sourceName, 'n8n'),
	].join('/');
}
