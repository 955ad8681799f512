import { collection, rows, type BexioRecord, type BexioTenant } from './store';

/**
 * Rounds half away from zero on the decimal value (the API computes in decimals): 12 significant digits
 * drop the binary noise that makes 850.41495 × 10⁴ come out as 8504149.4999….
 */
function decimalRound(n: number, decimals: number): number {
	const f = 10 ** decimals;
	const r = Math.round(Number((Math.abs(n) * f).toPrecision(12))) / f;
	return n < 0 ? -r : r;
}

/** 2.0 documents carry money as strings with 6 decimals. */
export const money = (n: number): string => decimalRound(n, 6).toFixed(6);
const four = (n: number): string => decimalRound(n, 4).toFixed(4);

export function taxRate(t: BexioTenant, taxId: unknown): number {
	const tax =
		taxId === null || taxId === undefined ? undefined : collection(t, 'taxes').get(Number(taxId));
	return tax ? Number(tax.value) : 0;
}

export function roundFactor(t: BexioTenant, currencyId: unknown): number {
	const c = collection(t, 'currencies').get(Number(currencyId ?? 1));
	const f = Number(c?.round_factor ?? 0.01);
	return f > 0 ? f : 0.01;
}

export function receivedPayments(t: BexioTenant, invoiceId: unknown): number {
	return rows(t, 'payments')
		.filter((p) => p.kb_invoice_id === invoiceId)
		.reduce((sum, p) => sum + Number(p.value), 0);
}

/**
 * The total rounded to the currency's step, half a step away from zero, on the decimal value: 143.545 EUR
 * is 143.55, although 143.545 / 0.01 is 14354.4999… in binary (the API computes in decimals; its documented
 * sample rounds 19.1706 CHF to 19.15, https://docs.bexio.com/#tag/Invoices/operation/v2ShowInvoice).
 */
function roundToStep(value: number, step: number): number {
	const steps = Math.round(Number((Math.abs(value) / step).toPrecision(12)));
	return Math.sign(value) * Number((steps * step).toFixed(6));
}

/**
 * Recomputes position and document totals: position_total = amount × unit_price ×
 * (1 − discount %); discount positions reduce the net; taxes per rate; `mwst_type` 0 with `mwst_is_net`
 * adds tax on top, without it prices include tax; 1/2 carry no tax. `total_gross` is the sum before document
 * discounts, `total_net` after; `total` is rounded to the currency's `round_factor` and the difference is
 * reported in `total_rounding_difference` (as in the documented example).
 */
export function recompute(t: BexioTenant, doc: BexioRecord): void {
	const positions = (doc.positions as BexioRecord[] | undefined) ?? [];
	const taxed = Number(doc.mwst_type ?? 0) === 0;
	const pricesNet = doc.mwst_is_net !== false;
	let gross = 0;
	let running = 0;
	const byRate = new Map<number, number>();
	const totalsBySub = new Map<unknown, number>();
	for (const p of positions) {
		if (p.type === 'KbPositionCustom' || p.type === 'KbPositionArticle') {
			const total =
				Number(p.amount ?? 0) *
				Number(p.unit_price ?? 0) *
				(1 - Number(p.discount_in_percent ?? 0) / 100);
			p.position_total = money(total);
			const rate = taxRate(t, p.tax_id);
			p.tax_value = rate.toFixed(2);
			if (p.is_optional === true) continue;
			gross += total;
			running += total;
			byRate.set(rate, (byRate.get(rate) ?? 0) + total);
			if (p.parent_id !== null && p.parent_id !== undefined)
				totalsBySub.set(p.parent_id, (totalsBySub.get(p.parent_id) ?? 0) + total);
		} else if (p.type === 'KbPositionSubtotal') {
			p.value = money(running);
		} else if (p.type === 'KbPositionDiscount') {
			const base = [...byRate.values()].reduce((s, v) => s + v, 0);
			const discount = p.is_percentual ? (base * Number(p.value ?? 0)) / 100 : Number(p.value ?? 0);
			p.discount_total = money(discount);
			// A document discount lowers every rate's base proportionally.
			if (base > 0)
				for (const [rate, amount] of byRate) byRate.set(rate, amount - (discount * amount) / base);
			running -= discount;
		}
	}
	for (const p of positions)
		if (p.type === 'KbPositionSubposition') p.total_sum = money(totalsBySub.get(p.id) ?? 0);
	const net = [...byRate.values()].reduce((s, v) => s + v, 0);
	let taxes = 0;
	const taxs: Array<{ percentage: string; value: string }> = [];
	if (taxed) {
		for (const [rate, amount] of [...byRate].sort((a, b) => a[0] - b[0])) {
			if (rate === 0) continue;
			const value = pricesNet ? (amount * rate) / 100 : amount - amount / (1 + rate / 100);
			taxes += value;
			taxs.push({ percentage: rate.toFixed(2), value: four(value) });
		}
	}
	const exact = taxed && pricesNet ? net + taxes : net;
	const factor = roundFactor(t, doc.currency_id);
	const total = roundToStep(exact, factor);
	doc.total_gross = money(gross);
	doc.total_net = money(net);
	doc.total_taxes = four(taxes);
	doc.total = money(total);
	doc.total_rounding_difference = Math.round((total - exact) * 100) / 100;
	doc.taxs = taxs;
	if (doc._kind === 'KbInvoice') {
		const paid = receivedPayments(t, doc.id);
		doc.total_received_payments = money(paid);
		doc.total_credit_vouchers = money(0);
		doc.total_remaining_payments = money(Math.max(0, total - paid));
	}
}
