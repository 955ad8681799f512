import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import {
	timesheetSyncInput,
	type Labels,
	type TimesheetParameters,
} from '../../../../temporal/jobInput';
import type { TimesheetSyncInput } from '../../../../temporal/shared';

export const bexioConnectionField: INodeProperties = {
	displayName: 'Bexio Connection Name or ID',
	name: 'bexioConnection',
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getBexioConnections' },
	default: '',
	description:
		'The bexio account as the worker names its connection; empty means bexio-default. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
};

/** Timesheet sync: entries from the item (as JSON) or from a file the worker reads. */
export const timesheetFields: INodeProperties[] = [
	bexioConnectionField,
	{
		displayName: 'Mode',
		name: 'timesheetMode',
		type: 'options',
		options: [
			{ name: 'Preview', value: 'preview', description: 'Resolve and plan, write nothing' },
			{ name: 'Timesheets', value: 'timesheets', description: 'One bexio timesheet per entry' },
			{
				name: 'Invoice Drafts',
				value: 'invoiceDrafts',
				description: 'One draft invoice per customer, one position per billable entry',
			},
		],
		default: 'timesheets',
	},
	{
		displayName: 'Entries From',
		name: 'entriesFrom',
		type: 'options',
		options: [
			{
				name: 'Input Items',
				value: 'items',
				description: 'Each input item is one entry; all items go into one job',
			},
			{ name: 'JSON', value: 'json', description: 'An array of entries per item' },
			{
				name: 'File (URL)',
				value: 'url',
				description: 'A CSV (header row) or JSON file the worker reads over HTTP(S)',
			},
		],
		default: 'items',
		hint: 'Input items: each item\'s JSON is one entry {"externalId", "date", "duration", "person", "project", "activity", "text", "billable", "customer"}; the node starts one job for all of them and outputs one item',
	},
	{
		displayName: 'Entries (JSON)',
		name: 'entriesJson',
		type: 'json',
		default: '[]',
		displayOptions: { show: { entriesFrom: ['json'] } },
		hint: 'Each entry: {"externalId", "date": "2026-11-02", "duration": "1:30" or minutes, "person", "project", "activity", "text", "billable", "customer"}; one job per item',
		description: 'The time entries of this job as a JSON array',
	},
	{
		displayName: 'File URL',
		name: 'sourceUrl',
		type: 'string',
		default: '',
		required: true,
		displayOptions: { show: { entriesFrom: ['url'] } },
		placeholder: 'e.g. https://example.com/export/time.csv',
	},
	{
		displayName: 'File Format',
		name: 'sourceFormat',
		type: 'options',
		options: [
			{ name: 'CSV', value: 'csv' },
			{ name: 'JSON', value: 'json' },
		],
		default: 'csv',
		displayOptions: { show: { entriesFrom: ['url'] } },
	},
	{
		displayName: 'Timesheet Options',
		name: 'timesheetOptions',
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
				description: 'Entries per worker activity',
			},
			{
				displayName: 'Fictional User E-Mail Domain',
				name: 'emailDomain',
				type: 'string',
				default: 'fictional.invalid',
				description:
					'Domain of the e-mail made up for a new person given by name only (bexio requires a unique e-mail)',
			},
			{
				displayName: 'Fictional User Salutation',
				name: 'salutationType',
				type: 'options',
				options: [
					{ name: 'Female', value: 'female' },
					{ name: 'Male', value: 'male' },
				],
				default: 'male',
				description: 'Salutation bexio requires for a fictional user created for an unknown person',
			},
			{
				displayName: 'Hourly Rate',
				name: 'hourlyRate',
				type: 'number',
				default: 0,
				description: 'Invoice drafts: the rate where the business activity has none',
			},
			{
				displayName: 'Invoice Tax Name or ID',
				name: 'taxId',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getBexioSalesTaxIds' },
				default: 0,
				description:
					'Invoice drafts: the bexio sales tax of the positions; None means none. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			{
				displayName: 'Invoice Title',
				name: 'title',
				type: 'string',
				default: 'Leistungen',
				description: 'Invoice drafts: title of each draft',
			},
			{
				displayName: 'Require Approval',
				name: 'approval',
				type: 'boolean',
				default: false,
				description:
					'Whether the job previews first and writes only after Job → Approve with the plan’s hash (a plan that changes while it waits needs a new approval); Job → Reject ends it without writing',
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

const labels: Labels<keyof TimesheetParameters> = {
	mode: 'Mode',
	entries: 'Entries (JSON)',
	source: 'File Format',
	batchSize: 'Batch Size',
};

/** Every input item's JSON: the entries or lines of one job. */
export function inputJson(this: IExecuteFunctions): IDataObject[] {
	return this.getInputData().map((item) => item.json);
}

/** Reads the timesheet fields of one item into the workflow input (a connection reference, no secrets). */
export function readTimesheetInput(this: IExecuteFunctions, i: number): TimesheetSyncInput {
	const options = this.getNodeParameter('timesheetOptions', i, {}) as Pick<
		TimesheetParameters,
		| 'batchSize'
		| 'emailDomain'
		| 'salutationType'
		| 'hourlyRate'
		| 'taxId'
		| 'title'
		| 'sourceName'
		| 'approval'
	>;
	const from = this.getNodeParameter('entriesFrom', i, 'items') as 'items' | 'json' | 'url';
	return timesheetSyncInput(
		{
			connection: this.getNodeParameter('bexioConnection', i, ''),
			mode: this.getNodeParameter('timesheetMode', i, 'timesheets'),
			...(from === 'url'
				? {
						source: {
							format: this.getNodeParameter('sourceFormat', i, 'csv'),
							url: this.getNodeParameter('sourceUrl', i, ''),
						},
					}
				: {
						entries:
							from === 'items'
								? inputJson.call(this)
								: this.getNodeParameter('entriesJson', i, '[]'),
					}),
			...options,
		},
		labels,
	);
}
