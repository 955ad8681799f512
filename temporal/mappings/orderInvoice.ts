import type { Order, OrderInvoiceInput } from '../shared';
import type { BexioMasterData } from '../activities/engine/masterData';

/**
 * A POS or shop order as a bexio invoice. Pure: the invoice body, how the customer is looked up, and
 * whether the total bexio computed is the order's. A string result is the reason the order cannot be
 * invoiced, naming the field and the fix.
 */

export const WALK_IN_CUSTOMER = 'Walk-in customer';
export const DEFAULT_ORDER_SOURCE = 'pos';

/** How the order's buyer is found in bexio: by e-mail, else by name (the walk-in contact for none). */
export interface CustomerLookup {
	field: 'mail' | 'name_1';
	value: string;
	/** The contact created when none is found. */
	create: { contact_type_id: 1; name_1: string; mail?: string };
}

export interface OrderInvoicePlan {
	/** `<sourceName>:<orderId>`: finds the invoice of an order that was written before. */
	apiReference: string;
	customer: CustomerLookup;
	/** The invoice without `contact_id` and `user_id`, which the activity adds. */
	body: Record<string, unknown>;
	/** The order's total in cents, when the POS sent one. */
	expectedTotal?: number;
	currency?: string;
}

const text = (value: unknown): string =>
	value === undefined || value === null ? '' : String(value).trim();

/** A number from a JSON number or a decimal string (a comma is read as the decimal point); NaN otherwise. */
function decimal(value: unknown): number {
	if (typeof value === 'number') return value;
	const s = text(value).replace(',', '.');
	return s === '' || !/^-?\d+(\.\d+)?$/.test(s) ? Number.NaN : Number(s);
}

export const orderReference = (sourceName: string, orderId: string): string =>
	`${sourceName}:${orderId}`;

export function customerLookup(order: Order, walkInCustomer: string): CustomerLookup {
	const email = text(order.customer?.email);
	const name = text(order.customer?.name) || (email ? email : walkInCustomer);
	const create = { contact_type_id: 1 as const, name_1: name, ...(email ? { mail: email } : {}) };
	return email ? { field: 'mail', value: email, create } : { field: 'name_1', value: name, create };
}

/** The invoice of an order, or why it cannot be written. */
export function planOrderInvoice(
	order: Order,
	input: Pick<OrderInvoiceInput, 'sourceName' | 'taxId' | 'pricesIncludeVat' | 'walkInCustomer'>,
	bexio: Pick<BexioMasterData, 'taxIdByRate' | 'rateByTaxId' | 'currencies'>,
): OrderInvoicePlan | string {
	const orderId = text(order?.orderId);
	if (!orderId) return 'the order has no orderId: send the id the order has in the POS';
	if (!Array.isArray(order.lines) || order.lines.length === 0)
		return `order ${orderId} has no lines: send "lines": [{"text", "quantity", "unitPrice", "taxRate"}]`;
	const positions: Array<Record<string, unknown>> = [];
	for (const [i, line] of order.lines.entries()) {
		const at = `order ${orderId}, line ${i + 1}`;
		const quantity =
			line.quantity === undefined || line.quantity === '' ? 1 : decimal(line.quantity);
		const unitPrice = decimal(line.unitPrice);
		if (!Number.isFinite(quantity)) return `${at}: quantity ${text(line.quantity)} is not a number`;
		if (!Number.isFinite(unitPrice))
			return `${at}: unitPrice "${text(line.unitPrice)}" is not a number; send the price per unit, e.g. 4.50`;
		const taxId = lineTaxId(line.taxRate, input.taxId, bexio);
		if (typeof taxId === 'string') return `${at}: ${taxId}`;
		positions.push({
			type: 'KbPositionCustom',
			text: text(line.text) || '-',
			amount: String(quantity),
			unit_price: String(unitPrice),
			tax_id: taxId,
		});
	}
	const currency = text(order.currency).toUpperCase();
	const currencyId = currency ? bexio.currencies.get(currency)?.id : undefined;
	if (currency && currencyId === undefined)
		return `order ${orderId}: currency ${currency} is not in bexio; add it in bexio (Settings → Currencies) or send the order in bexio's base currency`;
	let expectedTotal: number | undefined;
	if (order.total !== undefined && order.total !== null && order.total !== '') {
		const total = decimal(order.total);
		if (!Number.isFinite(total))
			return `order ${orderId}: total "${text(order.total)}" is not a number`;
		expectedTotal = Math.round(total * 100);
	}
	const date = text(order.date).slice(0, 10);
	if (date && !/^\d{4}-\d{2}-\d{2}$/.test(date))
		return `order ${orderId}: date "${text(order.date)}" is not a day; send yyyy-MM-dd`;
	const sourceName = text(input.sourceName) || DEFAULT_ORDER_SOURCE;
	const apiReference = orderReference(sourceName, orderId);
	return {
		apiReference,
		customer: customerLookup(order, text(input.walkInCustomer) || WALK_IN_CUSTOMER),
		body: {
			title: `Order ${orderId}`,
			api_reference: apiReference,
			...(date ? { is_valid_from: date } : {}),
			...(currencyId !== undefined ? { currency_id: currencyId } : {}),
			mwst_type: 0,
			mwst_is_net: input.pricesIncludeVat === false,
			positions,
		},
		...(expectedTotal !== undefined ? { expectedTotal } : {}),
		...(currency ? { currency } : {}),
	};
}

/** A line's bexio tax: the active sales tax of its rate, else the job's tax. */
function lineTaxId(
	rate: unknown,
	defaultTaxId: number | undefined,
	bexio: Pick<BexioMasterData, 'taxIdByRate' | 'rateByTaxId'>,
): number | string {
	if (rate === undefined || rate === null || rate === '') {
		if (defaultTaxId === undefined || !bexio.rateByTaxId.has(defaultTaxId))
			return defaultTaxId === undefined
				? 'no taxRate and the job has no default tax: send "taxRate" (e.g. 8.1) or pick the job\'s Tax'
				: `the job's tax ${defaultTaxId} is not a bexio sales tax; pick one in the job's Tax field`;
		return defaultTaxId;
	}
	const percent = decimal(rate);
	const id = Number.isFinite(percent) ? bexio.taxIdByRate.get(percent) : undefined;
	if (id === undefined)
		return `taxRate ${text(rate)} % is not an active bexio sales tax; send one of ${[...bexio.taxIdByRate.keys()].join(', ')} or activate it in bexio (Settings → Taxes)`;
	return id;
}

/** Why bexio's total differs from the order's, or undefined when they agree to the cent. */
export function orderTotalMismatch(
	plan: Pick<OrderInvoicePlan, 'expectedTotal'>,
	bexioTotal: unknown,
	orderId: string,
): string | undefined {
	if (plan.expectedTotal === undefined) return undefined;
	const total = Math.round(decimal(bexioTotal) * 100);
	if (total === plan.expectedTotal) return undefined;
	return `order ${orderId}: bexio computed a total of ${(total / 100).toFixed(2)}, the POS ${(plan.expectedTotal / 100).toFixed(2)}; check the lines' prices, tax rates and whether prices include VAT`;
}
