import {
	customerLookup,
	orderTotalMismatch,
	planOrderInvoice,
	type OrderInvoicePlan,
} from '../../../../temporal/mappings/orderInvoice';
import { orderInvoiceInput } from '../../../../temporal/jobInput';

/** A Swiss bexio account: 8.1 % (id 1), 2.6 % (id 2), 7.7 % (id 3, inactive); CHF (id 1) and EUR (id 2). */
const bexio = {
	rateByTaxId: new Map([
		[1, 8.1],
		[2, 2.6],
		[3, 7.7],
	]),
	taxIdByRate: new Map([
		[8.1, 1],
		[2.6, 2],
	]),
	currencies: new Map([
		['CHF', { id: 1, roundFactor: 0.05 }],
		['EUR', { id: 2, roundFactor: 0.01 }],
	]),
};

const lines = [
	{ text: 'Espresso', quantity: 2, unitPrice: 4.5, taxRate: 8.1 },
	{ text: 'Gipfeli', unitPrice: '2,60' },
];

describe('planOrderInvoice', () => {
	it('writes one position per line, the rate as the active bexio tax, the job tax for lines without one', () => {
		const plan = planOrderInvoice(
			{ orderId: 'K1-1', lines, total: '11.60', currency: 'eur', date: '2026-11-02T10:00:00' },
			{ taxId: 2, sourceName: 'till-2' },
			bexio,
		) as OrderInvoicePlan;
		expect(plan).toMatchObject({
			apiReference: 'till-2:K1-1',
			expectedTotal: 1160,
			currency: 'EUR',
			body: {
				api_reference: 'till-2:K1-1',
				is_valid_from: '2026-11-02',
				currency_id: 2,
				mwst_type: 0,
				mwst_is_net: false,
				positions: [
					{ type: 'KbPositionCustom', text: 'Espresso', amount: '2', unit_price: '4.5', tax_id: 1 },
					{ type: 'KbPositionCustom', text: 'Gipfeli', amount: '1', unit_price: '2.6', tax_id: 2 },
				],
			},
		});
	});

	it('prices net when the job says prices exclude VAT; pos is the default source and CHF the default currency', () => {
		const plan = planOrderInvoice(
			{ orderId: 'K1-2', lines: [lines[0]] },
			{ pricesIncludeVat: false },
			bexio,
		) as OrderInvoicePlan;
		expect(plan.apiReference).toBe('pos:K1-2');
		expect(plan.body.mwst_is_net).toBe(true);
		expect(plan.body).not.toHaveProperty('currency_id');
		expect(plan).not.toHaveProperty('expectedTotal');
	});

	it.each([
		[{ orderId: '', lines }, {}, 'no orderId'],
		[{ orderId: 'A', lines: [] }, {}, 'order A has no lines'],
		[
			{ orderId: 'A', lines: [{ text: 'x', unitPrice: 'free' }] },
			{ taxId: 1 },
			'unitPrice "free" is not a number',
		],
		[
			{ orderId: 'A', lines: [{ text: 'x', unitPrice: 1 }] },
			{},
			'no taxRate and the job has no default tax',
		],
		[
			{ orderId: 'A', lines: [{ text: 'x', unitPrice: 1 }] },
			{ taxId: 99 },
			"the job's tax 99 is not a bexio sales tax",
		],
		[
			{ orderId: 'A', lines: [{ text: 'x', unitPrice: 1, taxRate: 7.7 }] },
			{},
			'taxRate 7.7 % is not an active bexio sales tax; send one of 8.1, 2.6',
		],
		[{ orderId: 'A', lines, currency: 'USD' }, { taxId: 1 }, 'currency USD is not in bexio'],
		[{ orderId: 'A', lines, total: 'eleven' }, { taxId: 1 }, 'total "eleven" is not a number'],
		[{ orderId: 'A', lines, date: '2.11.2026' }, { taxId: 1 }, 'date "2.11.2026" is not a day'],
	])('refuses %j with the field and the fix', (order, options, reason) => {
		expect(planOrderInvoice(order, options, bexio)).toContain(reason);
	});
});

describe('customerLookup', () => {
	it('finds by e-mail first, else by name, else the walk-in contact', () => {
		expect(
			customerLookup(
				{ orderId: '1', lines, customer: { name: 'A AG', email: 'a@example.com' } },
				'Walk-in',
			),
		).toEqual({
			field: 'mail',
			value: 'a@example.com',
			create: { contact_type_id: 1, name_1: 'A AG', mail: 'a@example.com' },
		});
		expect(
			customerLookup({ orderId: '1', lines, customer: { name: 'B GmbH' } }, 'Walk-in'),
		).toMatchObject({
			field: 'name_1',
			value: 'B GmbH',
		});
		expect(customerLookup({ orderId: '1', lines, customer: null }, 'Barverkauf')).toMatchObject({
			field: 'name_1',
			value: 'Barverkauf',
			create: { name_1: 'Barverkauf' },
		});
	});
});

describe('orderTotalMismatch', () => {
	it('accepts bexio’s total to the cent and names both totals otherwise', () => {
		expect(orderTotalMismatch({ expectedTotal: 2100 }, '21.000000', 'K1')).toBeUndefined();
		expect(orderTotalMismatch({}, '99', 'K1')).toBeUndefined();
		expect(orderTotalMismatch({ expectedTotal: 2100 }, '21.05', 'K1')).toBe(
			"order K1: bexio computed a total of 21.05, the POS 21.00; check the lines' prices, tax rates and whether prices include VAT",
		);
	});
});

describe('orderInvoiceInput', () => {
	it('takes the order as an object or JSON and names the field of a bad one', () => {
		expect(
			orderInvoiceInput(
				{ order: JSON.stringify({ orderId: 7, lines }), taxId: '2' },
				{ order: 'Order' },
			),
		).toEqual({
			connection: { system: 'bexio', id: 'bexio-default' },
			order: { orderId: '7', lines },
			taxId: 2,
		});
		expect(() => orderInvoiceInput({ order: { lines } }, { order: 'Order' })).toThrow(
			/^Order: expected an order with its POS id/,
		);
		expect(() => orderInvoiceInput({ order: { orderId: 'A' } }, { order: 'Order' })).toThrow(
			'order A has no lines',
		);
		expect(() => orderInvoiceInput({ order: '[1]' })).toThrow(/^order: expected a JSON object/);
	});
});
