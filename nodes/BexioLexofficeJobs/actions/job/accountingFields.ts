import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import {
	accountingExportInput,
	type AccountingParameters,
	type Labels,
} from '../../../../temporal/jobInput';
import type { AccountingExportInput } from '../../../../temporal/shared';
import { bexioConnectionField, inputJson } from './timesheetFields';

/** Accounting export: booking lines and the account map as JSON. */
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
	{
		displayName: 'Account Map (JSON)',
		name: 'accountMapJson',
		type: 'json',
		default: '{}',
		hint: 'Source account → bexio account number, e.g. {"cash": "1000", "sales": "3400"}',
		description: 'Accounts of the source that are not bexio account numbers',
	},
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
				displayName: 'Default Credit Account',
				name: 'creditAccount',
				type: 'string',
				default: '',
				description: 'Credit account of lines that name none',
			},
			{
				displayName: 'Default Debit Account',
				name: 'debitAccount',
				type: 'string',
				default: '1000',
				description: 'Debit account of lines that name none (1000 cash, for receipts)',
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

const labels: Labels<keyof AccountingParameters> = {
	lines: 'Lines (JSON)',
	accountMap: 'Account Map (JSON)',
	batchSize: 'Batch Size',
};

/** Reads the accounting export fields of one item into the workflow input. */
export function readAccountingInput(this: IExecuteFunctions, i: number): AccountingExportInput {
	const options = this.getNodeParameter('exportOptions', i, {}) as Pick<
		AccountingParameters,
		'batchSize' | 'creditAccount' | 'debitAccount' | 'dryRun' | 'sourceName'
	>;
	return accountingExportInput(
		{
			connection: this.getNodeParameter('bexioConnection', i, ''),
			lines:
				this.getNodeParameter('linesFrom', i, 'items') === 'items'
					? inputJson.call(this)
					: this.getNodeParameter('linesJson', i, '[]'),
			accountMap: this.getNodeParameter('accountMapJson', i, '{}'),
			...options,
		},
		labels,
	);
}
