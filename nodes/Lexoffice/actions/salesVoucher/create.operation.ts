import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { toLexofficeDateTime } from '../../../../clients/lexoffice';
import { pickedValue, sourceOf, withPickers } from '../../../shared/pickers';
import type { LexofficeNodeClient } from '../../transport';
import { lexofficePickers, paymentTermLabel } from '../pickers';
import type { CustomOperation } from '../custom';

/**
 * Creating a sales voucher (invoice, credit note, quotation, order confirmation, delivery note,
 * dunning) from fields: recipient, line items as rows or JSON, tax and shipping conditions, pursue and
 * finalize. Totals are left to lexoffice, which computes them.
 */

type Kind =
	| 'invoice'
	| 'creditNote'
	| 'quotation'
	| 'orderConfirmation'
	| 'deliveryNote'
	| 'dunning';

const HAS_SHIPPING: Kind[] = ['invoice', 'orderConfirmation', 'deliveryNote', 'dunning'];
const CAN_PURSUE: Kind[] = ['invoice', 'creditNote', 'orderConfirmation', 'deliveryNote'];
const HAS_TOTALS: Kind[] = ['invoice', 'creditNote', 'quotation', 'orderConfirmation', 'dunning'];

const TAX_TYPES = [
	'constructionService13b',
	'externalService13b',
	'gross',
	'intraCommunitySupply',
	'net',
	'photovoltaicEquipment',
	'thirdPartyCountryDelivery',
	'thirdPartyCountryService',
	'vatfree',
];
const SHIPPING_TYPES = ['delivery', 'deliveryperiod', 'none', 'service', 'serviceperiod'];

function description(kind: Kind): INodeProperties[] {
	return withPickers(lexofficePickers, kind, [
		...commonFields(),
		...kindFields(kind),
		additionalFields(),
	]);
}

/** The fields every kind has: recipient, date, line items, tax type. */
function commonFields(): INodeProperties[] {
	return [
		{
			displayName: 'Contact',
			name: 'contactId',
			type: 'string',
			default: '',
			description:
				'The recipient. Leave empty to use a one-time address (Recipient Name and Country Code).',
		},
		{
			displayName: 'Recipient Name',
			name: 'addressName',
			type: 'string',
			default: '',
			placeholder: 'e.g. Muster GmbH',
			description: 'Only for a one-time address (no contact)',
		},
		{
			displayName: 'Country Code',
			name: 'countryCode',
			type: 'string',
			default: 'DE',
			description: 'Country of a one-time address (ISO 3166 alpha-2 code)',
		},
		{
			displayName: 'Voucher Date',
			name: 'voucherDate',
			type: 'dateTime',
			default: '',
			description: 'Date of the document; empty means now',
		},
		{
			displayName: 'Line Items Input',
			name: 'lineItemsInput',
			type: 'options',
			options: [
				{ name: 'Using Fields Below', value: 'fields' },
				{ name: 'Using JSON', value: 'json' },
			],
			default: 'fields',
		},
		{
			displayName: 'Line Items',
			name: 'lineItems',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			placeholder: 'Add Line Item',
			default: {},
			displayOptions: { show: { lineItemsInput: ['fields'] } },
			options: [
				{
					displayName: 'Item',
					name: 'item',
					values: [
						{
							displayName: 'Article',
							name: 'articleId',
							type: 'string',
							default: '',
							description: 'Required for material and service items',
						},
						{
							displayName: 'Description',
							name: 'description',
							type: 'string',
							default: '',
						},
						{
							displayName: 'Discount (%)',
							name: 'discountPercentage',
							type: 'number',
							default: 0,
						},
						{
							displayName: 'Name',
							name: 'name',
							type: 'string',
							default: '',
						},
						{
							displayName: 'Quantity',
							name: 'quantity',
							type: 'number',
							default: 1,
						},
						{
							displayName: 'Tax Rate (%)',
							name: 'taxRatePercentage',
							type: 'number',
							default: 19,
						},
						{
							displayName: 'Type',
							name: 'type',
							type: 'options',
							options: [
								{
									name: 'Custom',
									value: 'custom',
								},
								{
									name: 'Material (Article)',
									value: 'material',
								},
								{
									name: 'Service (Article)',
									value: 'service',
								},
								{
									name: 'Text',
									value: 'text',
								},
							],
							default: 'custom',
						},
						{
							displayName: 'Unit',
							name: 'unitName',
							type: 'string',
							default: 'Stück',
						},
						{
							displayName: 'Unit Price',
							name: 'unitPrice',
							type: 'number',
							default: 0,
							description: 'Net, or gross when the tax type is gross',
						},
					],
				},
			],
		},
		{
			displayName: 'Line Items (JSON)',
			name: 'lineItemsJson',
			type: 'json',
			default: '[]',
			displayOptions: { show: { lineItemsInput: ['json'] } },
			description: 'Line items as lexoffice documents them',
		},
		{
			displayName: 'Tax Type',
			name: 'taxType',
			type: 'options',
			options: TAX_TYPES.map((t) => ({ name: t, value: t })),
			default: 'net',
		},
	];
}

/** Shipping, expiry, the dunned or pursued voucher and finalize, as far as the kind has them. */
function kindFields(kind: Kind): INodeProperties[] {
	const fields: INodeProperties[] = [];
	if (HAS_SHIPPING.includes(kind)) {
		fields.push(
			{
				displayName: 'Shipping Type',
				name: 'shippingType',
				type: 'options',
				options: SHIPPING_TYPES.map((t) => ({ name: t, value: t })),
				default: 'service',
			},
			{
				displayName: 'Shipping Date',
				name: 'shippingDate',
				type: 'dateTime',
				default: '',
				description: 'Date of delivery or service; empty means the voucher date',
			},
		);
	}
	if (kind === 'quotation') {
		fields.push({
			displayName: 'Expiration Date',
			name: 'expirationDate',
			type: 'dateTime',
			default: '',
			required: true,
			description: 'Until when the quotation is valid',
		});
	}
	if (kind === 'dunning') {
		fields.push({
			displayName: 'Invoice',
			name: 'precedingSalesVoucherId',
			type: 'string',
			required: true,
			default: '',
			description: 'The invoice or down payment invoice being dunned',
		});
	}
	if (CAN_PURSUE.includes(kind)) {
		fields.push({
			displayName: 'Preceding Voucher',
			name: 'precedingSalesVoucherId',
			type: 'string',
			default: '',
			description: 'Pursue an earlier document (e.g. an invoice from an order confirmation)',
		});
	}
	if (kind !== 'dunning') {
		fields.push({
			displayName: 'Finalize',
			name: 'finalize',
			type: 'boolean',
			default: false,
			description:
				'Whether to finalize the document (number locked, status open) instead of creating a draft',
		});
	}
	return fields;
}

function additionalFields(): INodeProperties {
	return {
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Introduction',
				name: 'introduction',
				type: 'string',
				typeOptions: { rows: 3 },
				default: '',
			},
			{
				displayName: 'Language',
				name: 'language',
				type: 'options',
				options: [
					{ name: 'English', value: 'en' },
					{ name: 'German', value: 'de' },
				],
				default: 'de',
			},
			{
				displayName: 'Payment Condition',
				name: 'paymentConditionId',
				type: 'string',
				default: '',
				hint: 'A payment condition of the account; Payment Term fields override it',
			},
			{
				displayName: 'Payment Term (Days)',
				name: 'paymentTermDuration',
				type: 'number',
				default: 14,
			},
			{ displayName: 'Payment Term Label', name: 'paymentTermLabel', type: 'string', default: '' },
			{ displayName: 'Print Layout ID', name: 'printLayoutId', type: 'string', default: '' },
			{
				displayName: 'Remark',
				name: 'remark',
				type: 'string',
				typeOptions: { rows: 3 },
				default: '',
			},
			{ displayName: 'Title', name: 'title', type: 'string', default: '' },
		],
	};
}

function dateTime(
	this: IExecuteFunctions,
	field: string,
	value: unknown,
	itemIndex: number,
): string {
	const date = value ? new Date(String(value)) : new Date();
	if (Number.isNaN(date.getTime())) {
		throw new NodeOperationError(this.getNode(), `"${field}" is not a date`, {
			itemIndex,
			description: `Give "${field}" as an ISO date, e.g. 2026-11-02 or 2026-11-02T10:00:00+01:00.`,
		});
	}
	return toLexofficeDateTime(date);
}

function lineItems(this: IExecuteFunctions, itemIndex: number): IDataObject[] {
	if (this.getNodeParameter('lineItemsInput', itemIndex) === 'json') {
		const raw = this.getNodeParameter('lineItemsJson', itemIndex);
		try {
			const parsed = typeof raw === 'string' ? (JSON.parse(raw) as unknown) : raw;
			if (!Array.isArray(parsed)) throw new Error('expected an array');
			return parsed as IDataObject[];
		} catch (error) {
			throw new NodeOperationError(
				this.getNode(),
				'The field "Line Items (JSON)" is not a JSON array',
				{ itemIndex, description: error instanceof Error ? error.message : String(error) },
			);
		}
	}
	const rows = (this.getNodeParameter('lineItems.item', itemIndex, []) as IDataObject[]) ?? [];
	const gross = this.getNodeParameter('taxType', itemIndex) === 'gross';
	return rows.map((row, i) => {
		if (!row.name)
			throw new NodeOperationError(this.getNode(), `Line item ${i + 1} has no name`, {
				itemIndex,
				description: 'Every line item needs a Name.',
			});
		if (row.type === 'text')
			return { type: 'text', name: row.name, description: row.description || undefined };
		const articleId = pickedValue(
			row.articleId,
			'string',
			sourceOf(lexofficePickers, 'article', 'articleId'),
		) as string | undefined;
		if ((row.type === 'material' || row.type === 'service') && !articleId) {
			throw new NodeOperationError(this.getNode(), `Line item ${i + 1} needs an Article ID`, {
				itemIndex,
				description: 'Material and service items reference an article by its ID.',
			});
		}
		return {
			...(articleId ? { id: articleId } : {}),
			type: row.type,
			name: row.name,
			description: row.description || undefined,
			quantity: row.quantity,
			unitName: row.unitName,
			unitPrice: {
				currency: 'EUR',
				[gross ? 'grossAmount' : 'netAmount']: row.unitPrice,
				taxRatePercentage: row.taxRatePercentage,
			},
			...(row.discountPercentage ? { discountPercentage: row.discountPercentage } : {}),
		};
	});
}

/** The account's payment condition as the voucher's `paymentConditions` (label filled in as lexoffice prints it). */
async function pickedPaymentCondition(
	this: IExecuteFunctions,
	itemIndex: number,
	client: LexofficeNodeClient,
	id: string,
): Promise<IDataObject> {
	const conditions = (await client.call('paymentCondition.getAll')) as IDataObject[];
	const condition = conditions.find((c) => c.id === id);
	if (!condition) {
		throw new NodeOperationError(
			this.getNode(),
			`Payment condition "${id}" does not exist in this lexoffice account`,
			{ itemIndex, description: 'Choose one from the Payment Condition list.' },
		);
	}
	const { paymentTermDuration, paymentDiscountConditions } = condition;
	return {
		paymentTermLabel: paymentTermLabel(condition),
		paymentTermDuration,
		...(paymentDiscountConditions ? { paymentDiscountConditions } : {}),
	};
}

export function createSalesVoucherOperation(kind: Kind): CustomOperation {
	return {
		description: description(kind),
		async execute(this: IExecuteFunctions, itemIndex: number, client: LexofficeNodeClient) {
			const contactId = this.getNodeParameter('contactId', itemIndex, '', {
				extractValue: true,
			}) as string;
			const address: IDataObject = contactId
				? { contactId }
				: {
						name: this.getNodeParameter('addressName', itemIndex) as string,
						countryCode: this.getNodeParameter('countryCode', itemIndex) as string,
					};
			if (!contactId && !address.name) {
				throw new NodeOperationError(this.getNode(), 'No recipient', {
					itemIndex,
					description:
						'Choose a Contact, or give Recipient Name and Country Code for a one-time address.',
				});
			}
			const voucherDate = dateTime.call(
				this,
				'Voucher Date',
				this.getNodeParameter('voucherDate', itemIndex, ''),
				itemIndex,
			);
			const extra = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
			const { paymentTermDuration, paymentTermLabel, paymentConditionId, ...texts } = extra;
			const body: IDataObject = {
				voucherDate,
				address,
				lineItems: lineItems.call(this, itemIndex),
				taxConditions: { taxType: this.getNodeParameter('taxType', itemIndex) },
				...texts,
			};
			if (HAS_TOTALS.includes(kind)) body.totalPrice = { currency: 'EUR' };
			if (HAS_SHIPPING.includes(kind)) {
				const shippingType = this.getNodeParameter('shippingType', itemIndex) as string;
				const shippingDate = this.getNodeParameter('shippingDate', itemIndex, '');
				body.shippingConditions =
					shippingType === 'none'
						? { shippingType }
						: {
								shippingType,
								shippingDate: shippingDate
									? dateTime.call(this, 'Shipping Date', shippingDate, itemIndex)
									: voucherDate,
							};
			}
			if (kind === 'quotation')
				body.expirationDate = dateTime.call(
					this,
					'Expiration Date',
					this.getNodeParameter('expirationDate', itemIndex),
					itemIndex,
				);
			const picked = paymentConditionId
				? await pickedPaymentCondition.call(this, itemIndex, client, String(paymentConditionId))
				: {};
			if (paymentTermDuration !== undefined || paymentTermLabel || paymentConditionId) {
				body.paymentConditions = {
					...picked,
					...(paymentTermDuration !== undefined ? { paymentTermDuration } : {}),
					...(paymentTermLabel ? { paymentTermLabel } : {}),
				};
			}
			const query: IDataObject = {};
			if (kind !== 'dunning' && this.getNodeParameter('finalize', itemIndex, false))
				query.finalize = true;
			const preceding =
				CAN_PURSUE.includes(kind) || kind === 'dunning'
					? (this.getNodeParameter('precedingSalesVoucherId', itemIndex, '', {
							extractValue: true,
						}) as string)
					: '';
			if (preceding) query.precedingSalesVoucherId = preceding;
			return (await client.call(`${kind}.create` as 'invoice.create', {
				query: query as never,
				body: body as never,
			})) as IDataObject;
		},
	};
}
