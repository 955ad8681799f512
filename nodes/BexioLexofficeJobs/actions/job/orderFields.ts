import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import {
	orderInvoiceInput,
	type Labels,
	type OrderInvoiceParameters,
} from '../../../../temporal/jobInput';
import type { OrderInvoiceInput } from '../../../../temporal/shared';
import { bexioConnectionField } from './timesheetFields';

/** Order invoice: one order per item (e.g. a POS webhook's body) → one issued bexio invoice. */
export const orderFields: INodeProperties[] = [
	bexioConnectionField,
	{
		displayName: 'Order',
		name: 'order',
		type: 'json',
		default: '={{ $json }}',
		required: true,
		description:
			'The order of this item; one job per order, named by its orderId, so a repeated delivery gets the same invoice',
		hint: '{"orderId": "K1-0815", "customer": {"name", "email"}, "lines": [{"text", "quantity", "unitPrice", "taxRate"}], "total", "currency", "date"}',
	},
	{
		displayName: 'Tax Name or ID',
		name: 'orderTaxId',
		type: 'options',
		typeOptions: {
			loadOptionsMethod: 'getBexioSalesTaxIds',
			loadOptionsDependsOn: ['bexioConnection'],
		},
		default: 0,
		description:
			'The bexio sales tax of lines that send no taxRate; a line with a taxRate gets the active bexio tax of that rate. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Prices Include VAT',
		name: 'pricesIncludeVat',
		type: 'boolean',
		default: true,
		description: 'Whether the unit prices are gross (as at a till) rather than net',
	},
	{
		displayName: 'Walk-in Customer',
		name: 'walkInCustomer',
		type: 'string',
		default: 'Walk-in customer',
		description:
			'The bexio contact (by name) of orders without a customer; created once when missing',
	},
	{
		displayName: 'Issue the Invoice',
		name: 'issueInvoice',
		type: 'boolean',
		default: true,
		description: 'Whether to issue the invoice; off leaves a draft to check in bexio',
	},
	{
		displayName: 'Source Name',
		name: 'orderSourceName',
		type: 'string',
		default: 'pos',
		description:
			'Prefix of the invoice’s API reference (pos:ORDER-ID); two tills whose order IDs may collide need two names',
	},
];

const labels: Labels<keyof OrderInvoiceParameters> = {
	connection: 'Bexio Connection Name or ID',
	order: 'Order',
	taxId: 'Tax Name or ID',
};

/** Reads one item's order and the job's settings into the workflow input. */
export function readOrderInput(this: IExecuteFunctions, i: number): OrderInvoiceInput {
	const taxId = this.getNodeParameter('orderTaxId', i, 0);
	return orderInvoiceInput(
		{
			connection: this.getNodeParameter('bexioConnection', i, ''),
			order: this.getNodeParameter('order', i, {}),
			taxId: taxId === 0 || taxId === '0' ? undefined : taxId,
			pricesIncludeVat: this.getNodeParameter('pricesIncludeVat', i, true) as boolean,
			walkInCustomer: String(this.getNodeParameter('walkInCustomer', i, '')),
			issue: this.getNodeParameter('issueInvoice', i, true) as boolean,
			sourceName: String(this.getNodeParameter('orderSourceName', i, 'pos')),
		},
		labels,
	);
}
