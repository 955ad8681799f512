import type { INodeProperties } from 'n8n-workflow';

/**
 * The map fields of the job types, as rows instead of JSON: tax-rate map, exchange rates, account
 * map, tax codes, tax policy; the same in Job → Start and in Schedule → Create/Update. Read through the row parsers of temporal/jobInput.ts, which name the field
 * and row of a bad entry.
 */

export const taxRateMapField: INodeProperties = {
	displayName: 'Tax Rate Map',
	name: 'taxRateMap',
	type: 'fixedCollection',
	typeOptions: { multipleValues: true },
	placeholder: 'Add Rate',
	default: {},
	description:
		'Source tax rate (%) → target tax rate (%), for rates the target lacks (e.g. 19 → 8.1 between lexoffice and bexio)',
	options: [
		{
			displayName: 'Rate',
			name: 'rates',
			values: [
				{
					displayName: 'Source Rate (%)',
					name: 'sourceRate',
					type: 'number',
					default: 0,
					description: 'The tax rate of the source document line',
				},
				{
					displayName: 'Target Rate (%)',
					name: 'targetRate',
					type: 'number',
					default: 0,
					description: 'The tax rate the target writes instead',
				},
			],
		},
	],
};

export const exchangeRatesField: INodeProperties = {
	displayName: 'Exchange Rates',
	name: 'exchangeRates',
	type: 'fixedCollection',
	typeOptions: { multipleValues: true },
	placeholder: 'Add Exchange Rate',
	default: {},
	description:
		"Invoices: the value of 1 unit of a currency in the bexio account's base currency (EUR → 0.93 means 1 EUR = 0.93 CHF). Wins over bexio's own exchange rates for the document date; without either, a document in a foreign currency fails.",
	options: [
		{
			displayName: 'Exchange Rate',
			name: 'rates',
			values: [
				{
					displayName: 'Currency',
					name: 'currency',
					type: 'string',
					default: '',
					placeholder: 'e.g. EUR',
					description: 'ISO code of the currency',
				},
				{
					displayName: 'Rate',
					name: 'rate',
					type: 'number',
					default: 0,
					description: "Value of 1 unit of the currency in the bexio account's base currency",
				},
			],
		},
	],
};

export const accountMapField: INodeProperties = {
	displayName: 'Account Map',
	name: 'accountMap',
	type: 'fixedCollection',
	typeOptions: { multipleValues: true },
	placeholder: 'Add Account',
	default: {},
	description:
		'Accounts of the source that are not bexio account numbers (e.g. sales → 3400); lines naming an unmapped account fail',
	options: [
		{
			displayName: 'Account',
			name: 'accounts',
			values: [
				{
					displayName: 'Source Account',
					name: 'sourceAccount',
					type: 'string',
					default: '',
					placeholder: 'e.g. sales',
					description: 'The account as the booking lines name it',
				},
				{
					displayName: 'Bexio Account Name or ID',
					name: 'bexioAccount',
					type: 'options',
					typeOptions: { loadOptionsMethod: 'getBexioAccounts' },
					default: '',
					description:
						'The bexio account the lines are booked on, by its number. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
				},
			],
		},
	],
};

export const taxPolicyOptions = [
	{
		name: 'Fail the Document',
		value: 'fail',
		description:
			'A mapped rate fails the invoice; the reason says what each other policy would change',
	},
	{
		name: 'Keep Gross',
		value: 'keepGross',
		description: 'The customer owes the same total; net and tax are recomputed at the mapped rate',
	},
	{
		name: 'Keep Net',
		value: 'keepNet',
		description: 'The net stays; tax and total change with the mapped rate',
	},
];

export const taxPolicyField: INodeProperties = {
	displayName: 'Tax Policy',
	name: 'taxPolicy',
	type: 'options',
	default: 'fail',
	options: taxPolicyOptions,
	description:
		'Invoices: what may change when Tax Rate Map replaces a rate the target lacks. Every changed document is listed in the result.',
};

export const taxCodesField: INodeProperties = {
	displayName: 'Tax Codes',
	name: 'taxCodes',
	type: 'fixedCollection',
	typeOptions: { multipleValues: true },
	placeholder: 'Add Tax Code',
	default: {},
	description:
		'Only for rates bexio has no or several active sales taxes at; the others are found by rate',
	options: [
		{
			displayName: 'Tax Code',
			name: 'codes',
			values: [
				{
					displayName: 'Lexoffice Rate (%)',
					name: 'rate',
					type: 'number',
					default: 0,
					description: 'The tax rate of the lexoffice voucher',
				},
				{
					displayName: 'Bexio Tax Name or ID',
					name: 'taxCode',
					type: 'options',
					typeOptions: { loadOptionsMethod: 'getBexioSalesTaxCodes' },
					default: '',
					description:
						'The bexio sales tax the rate is booked with, by its code. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
				},
			],
		},
	],
};

const directionOptions = [
	{ name: 'Lexoffice → Bexio', value: 'lexofficeToBexio' },
	{ name: 'Bexio → Lexoffice', value: 'bexioToLexoffice' },
];

/** The reconciliation's rate maps: the rows the jobs of each direction wrote with. */
export const reconcileTaxRateMapField: INodeProperties = {
	...taxRateMapField,
	displayName: 'Tax Rate Maps',
	description:
		'The rate maps the jobs wrote with, per direction; rows of a mapped rate are shown on the source rate with the target rate next to it',
	options: [
		{
			displayName: 'Rate',
			name: 'rates',
			values: [
				{
					displayName: 'Direction',
					name: 'direction',
					type: 'options',
					options: directionOptions,
					default: 'lexofficeToBexio',
				},
				...(taxRateMapField.options![0] as { values: INodeProperties[] }).values,
			],
		},
	],
};

/** The reconciliation's tax policies: the policy the jobs of one direction wrote mapped rates with. */
export function reconcileTaxPolicyField(direction: 'lexofficeToBexio' | 'bexioToLexoffice') {
	const name = directionOptions.find((o) => o.value === direction)!.name;
	return {
		displayName: `Tax Policy ${name}`,
		name: `taxPolicy_${direction}`,
		type: 'options',
		default: 'fail',
		options: taxPolicyOptions,
		description: `The tax policy the ${name} jobs wrote mapped rates with: a pair at a mapped rate is compared on the gross (Keep Gross) or the net (Keep Net) only`,
	} satisfies INodeProperties;
}
