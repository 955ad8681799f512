import fc from 'fast-check';

import type { BexioClient } from '../../clients/bexio';
import type { LexofficeClient } from '../../clients/lexoffice';

/**
 * Generated sales documents for the money property tests and the chaos suite, with their amounts
 * computed here, exactly (bigint fractions), from what was generated: never from the job under test nor
 * from the sandbox. lexoffice (https://developers.lexware.io/docs/#invoices-endpoint): each line item
 * amount is quantity × unit price (net, or gross when the document is priced gross) less its discount,
 * rounded to the cent; a total discount lowers each tax rate's sum in proportion; net and tax are
 * rounded once per tax rate. bexio (https://docs.bexio.com/#tag/Invoices): position_total = amount ×
 * unit_price × (1 − discount %), document discounts spread over the rates in proportion, tax per rate on
 * the base (added on top when priced net, contained when priced gross).
 */

// ---- exact amounts ---------------------------------------------------------------------------------

/** A fraction of bigints: exact arithmetic for amounts with up to 4 decimals. */
export interface Fraction {
	n: bigint;
	d: bigint;
}
const frac = (n: bigint, d = 1n): Fraction => (d < 0n ? { n: -n, d: -d } : { n, d });
/** A decimal number (≤ 6 decimals) as an exact fraction. */
export function exact(value: number): Fraction {
	const [whole, part = ''] = Math.abs(value).toFixed(6).split('.');
	const n = BigInt(whole) * 1_000_000n + BigInt(part.padEnd(6, '0'));
	return frac(value < 0 ? -n : n, 1_000_000n);
}
const add = (a: Fraction, b: Fraction) => frac(a.n * b.d + b.n * a.d, a.d * b.d);
const sub = (a: Fraction, b: Fraction) => add(a, frac(-b.n, b.d));
const mul = (a: Fraction, b: Fraction) => frac(a.n * b.n, a.d * b.d);
const div = (a: Fraction, b: Fraction) => frac(a.n * b.d, a.d * b.n);
const ZERO = frac(0n);
const ONE = frac(1n);
const HUNDRED = frac(100n);
/** Units of 1/scale (cents by default), rounded half away from zero (as both APIs round money). */
export function cents(value: Fraction, scale = 100n): number {
	const abs = value.n < 0n ? -value.n : value.n;
	const rounded = (abs * scale * 2n + value.d) / (2n * value.d);
	return Number(value.n < 0n ? -rounded : rounded);
}
const fromCents = (c: number) => frac(BigInt(c), 100n);

/** Net, tax and gross at one rate, in cents, signed (a credit note is negative). */
export interface RateAmounts {
	rate: number;
	net: number;
	tax: number;
	gross: number;
}

export const sumOf = (groups: RateAmounts[]) =>
	groups.reduce((s, g) => ({ net: s.net + g.net, tax: s.tax + g.tax, gross: s.gross + g.gross }), {
		net: 0,
		tax: 0,
		gross: 0,
	});

// ---- lexoffice -------------------------------------------------------------------------------------

export interface LexofficeLine {
	name: string;
	quantity: number;
	/** Unit price: net, or gross when the document is priced gross. */
	price: number;
	rate: number;
	discountPercentage?: number;
}

export interface LexofficeDocument {
	kind: 'invoice' | 'creditNote';
	taxType: 'net' | 'gross';
	lines: LexofficeLine[];
	/** Invoices only: a percentage, or an absolute discount as a share (%) of the lines' sum. */
	totalDiscount?: { percentage: number } | { absoluteShare: number };
	/** Day of the month, 1–28. */
	day: number;
}

/** Prices with up to 4 decimals, many on a half cent (x.xx5), where rounding decides. */
const price = fc.oneof(
	fc.integer({ min: 50, max: 99_999 }).map((c) => c / 100),
	fc.integer({ min: 1, max: 9_999 }).map((c) => (c * 10 + 5) / 1000),
	fc.integer({ min: 1, max: 999_999 }).map((c) => c / 10_000),
);
const quantity = fc.oneof(
	fc.integer({ min: 1, max: 20 }),
	fc.constantFrom(0.5, 1.5, 0.25, 2.75, 3.333, 0.125),
);

function lexofficeLine(rates: number[], discounts: boolean) {
	return fc.record({
		name: fc.constantFrom('Beratung', 'Buch', 'Lizenz', 'Wartung', 'Material'),
		quantity,
		price,
		rate: fc.constantFrom(...rates),
		discountPercentage: discounts
			? fc.option(fc.constantFrom(5, 10, 12.5, 33.33, 50), { nil: undefined })
			: fc.constant(undefined),
	});
}

/** lexoffice invoices and credit notes at the given rates (default 0/7/19), priced net or gross. */
export function lexofficeDocuments(rates: number[] = [0, 7, 19]): fc.Arbitrary<LexofficeDocument> {
	const shipping = (rate: number): LexofficeLine => ({
		name: 'Versand',
		quantity: 1,
		price: 4.95,
		rate,
	});
	return fc
		.record({
			kind: fc.constantFrom('invoice' as const, 'invoice' as const, 'creditNote' as const),
			taxType: fc.constantFrom('net' as const, 'gross' as const),
			invoiceLines: fc.array(lexofficeLine(rates, true), { minLength: 1, maxLength: 4 }),
			creditLines: fc.array(lexofficeLine(rates, false), { minLength: 1, maxLength: 3 }),
			shipping: fc.option(fc.constantFrom(...rates), { nil: undefined }),
			totalDiscount: fc.option(
				fc.oneof(
					fc.record({ percentage: fc.constantFrom(2, 3.5, 5, 10, 12.5) }),
					fc.record({ absoluteShare: fc.integer({ min: 1, max: 40 }) }),
				),
				{ nil: undefined },
			),
			day: fc.integer({ min: 1, max: 28 }),
		})
		.map(({ kind, taxType, invoiceLines, creditLines, shipping: ship, totalDiscount, day }) => {
			// lexoffice credit notes take no line discounts (https://developers.lexware.io/docs/#credit-notes-endpoint).
			const lines = kind === 'invoice' ? invoiceLines : creditLines;
			return {
				kind,
				taxType,
				lines: ship === undefined ? lines : [...lines, shipping(ship)],
				...(kind === 'invoice' && totalDiscount ? { totalDiscount } : {}),
				day,
			};
		});
}

/** A line item's amount as lexoffice shows it (lineItemAmount), exact before rounding. */
const lineAmount = (l: LexofficeLine) =>
	mul(
		mul(exact(l.quantity), exact(l.price)),
		sub(ONE, div(exact(l.discountPercentage ?? 0), HUNDRED)),
	);

/** Each rate's sum of the line item amounts (rounded per line), in cents. */
function lexofficeRateSums(doc: LexofficeDocument): Map<number, number> {
	const sums = new Map<number, number>();
	for (const l of doc.lines) sums.set(l.rate, (sums.get(l.rate) ?? 0) + cents(lineAmount(l)));
	return sums;
}

/** The absolute total discount a generated share stands for, in cents of the lines' sum. */
export function lexofficeAbsoluteDiscount(doc: LexofficeDocument): number | undefined {
	if (!doc.totalDiscount || !('absoluteShare' in doc.totalDiscount)) return undefined;
	const base = [...lexofficeRateSums(doc).values()].reduce((s, v) => s + v, 0);
	return Math.floor((base * doc.totalDiscount.absoluteShare) / 100);
}

/** What lexoffice must compute for a document: net, tax and gross per rate, in cents, credit notes negative. */
export function lexofficeExpected(doc: LexofficeDocument): RateAmounts[] {
	const sums = lexofficeRateSums(doc);
	const base = [...sums.values()].reduce((s, v) => s + v, 0);
	let factor = ONE;
	if (doc.totalDiscount && 'percentage' in doc.totalDiscount)
		factor = sub(ONE, div(exact(doc.totalDiscount.percentage), HUNDRED));
	const absolute = lexofficeAbsoluteDiscount(doc);
	if (absolute !== undefined && base > 0) factor = frac(BigInt(base - absolute), BigInt(base));
	const sign = doc.kind === 'creditNote' ? -1 : 1;
	return [...sums.keys()]
		.sort((a, b) => a - b)
		.map((rate) => {
			const sum = cents(mul(fromCents(sums.get(rate)!), factor));
			const r = exact(rate);
			const net =
				doc.taxType === 'gross' ? cents(div(fromCents(sum), add(ONE, div(r, HUNDRED)))) : sum;
			const tax = doc.taxType === 'gross' ? sum - net : cents(div(mul(fromCents(net), r), HUNDRED));
			return { rate, net: sign * net, tax: sign * tax, gross: sign * (net + tax) };
		});
}

/** The request body of a generated lexoffice document (finalised with `?finalize=true`). */
export function lexofficeBody(doc: LexofficeDocument, contactId: string, month: string) {
	const absolute = lexofficeAbsoluteDiscount(doc);
	return {
		voucherDate: `${month}-${String(doc.day).padStart(2, '0')}T00:00:00.000+01:00`,
		address: { contactId },
		lineItems: doc.lines.map((l) => ({
			type: 'custom',
			name: l.name,
			quantity: l.quantity,
			unitName: 'Stück',
			unitPrice: {
				currency: 'EUR',
				[doc.taxType === 'gross' ? 'grossAmount' : 'netAmount']: l.price,
				taxRatePercentage: l.rate,
			},
			...(l.discountPercentage ? { discountPercentage: l.discountPercentage } : {}),
		})),
		totalPrice: {
			currency: 'EUR',
			...(doc.totalDiscount && 'percentage' in doc.totalDiscount
				? { totalDiscountPercentage: doc.totalDiscount.percentage }
				: {}),
			...(absolute !== undefined ? { totalDiscountAbsolute: absolute / 100 } : {}),
		},
		taxConditions: { taxType: doc.taxType },
		...(doc.kind === 'invoice' ? { shippingConditions: { shippingType: 'none' } } : {}),
	};
}

/** Creates and finalises a generated document in lexoffice; its id. */
export async function createLexofficeDocument(
	lexoffice: LexofficeClient,
	doc: LexofficeDocument,
	contactId: string,
	month: string,
): Promise<string> {
	const created = await lexoffice.call(`${doc.kind}.create`, {
		query: { finalize: true },
		body: lexofficeBody(doc, contactId, month) as never,
	});
	return created.id;
}

// ---- bexio -----------------------------------------------------------------------------------------

export interface BexioPosition {
	amount: number;
	unitPrice: number;
	rate: number;
	discountPercentage?: number;
}

export interface BexioInvoice {
	currency: string;
	/** `mwst_is_net`: prices net (VAT on top) or gross (VAT included). */
	netPriced: boolean;
	positions: BexioPosition[];
	/** A document discount position: a percentage, or an absolute amount as a share (%) of the positions' sum. */
	discount?: { percentage: number } | { absoluteShare: number };
	/** Negative quantities: a credit (the import books a sales credit note). */
	credit: boolean;
	day: number;
}

/** Issued bexio invoices at the given rates (default the Swiss 8.1/2.6/3.8/0), in the given currencies. */
export function bexioInvoices(
	rates: number[] = [8.1, 2.6, 3.8, 0],
	currencies: string[] = ['EUR'],
): fc.Arbitrary<BexioInvoice> {
	return fc
		.record({
			currency: fc.constantFrom(...currencies),
			netPriced: fc.boolean(),
			positions: fc.array(
				fc.record({
					amount: quantity,
					unitPrice: price,
					rate: fc.constantFrom(...rates),
					discountPercentage: fc.option(fc.constantFrom(5, 10, 12.5, 25), { nil: undefined }),
				}),
				{ minLength: 1, maxLength: 4 },
			),
			discount: fc.option(
				fc.oneof(
					fc.record({ percentage: fc.constantFrom(2, 5, 10) }),
					fc.record({ absoluteShare: fc.integer({ min: 1, max: 30 }) }),
				),
				{ nil: undefined },
			),
			credit: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
			day: fc.integer({ min: 1, max: 28 }),
		})
		.map((invoice) =>
			// A credit carries no document discount: bexio spreads discounts over positive bases only.
			invoice.credit ? { ...invoice, discount: undefined } : invoice,
		);
}

const positionTotal = (p: BexioPosition, sign: number) =>
	mul(
		mul(exact(sign * p.amount), exact(p.unitPrice)),
		sub(ONE, div(exact(p.discountPercentage ?? 0), HUNDRED)),
	);

/** Each rate's base after the document discount, exact. */
function bexioBases(invoice: BexioInvoice): Map<number, Fraction> {
	const sign = invoice.credit ? -1 : 1;
	const bases = new Map<number, Fraction>();
	for (const p of invoice.positions)
		bases.set(p.rate, add(bases.get(p.rate) ?? ZERO, positionTotal(p, sign)));
	const total = [...bases.values()].reduce(add, ZERO);
	const discount = bexioDiscountValue(invoice);
	if (discount !== undefined && total.n !== 0n)
		for (const [rate, base] of bases) bases.set(rate, sub(base, div(mul(discount, base), total)));
	return bases;
}

/** The document discount in currency units (a percentage of the positions' sum, or the absolute amount). */
function bexioDiscountValue(invoice: BexioInvoice): Fraction | undefined {
	if (!invoice.discount) return undefined;
	const sign = invoice.credit ? -1 : 1;
	const total = invoice.positions.map((p) => positionTotal(p, sign)).reduce(add, ZERO);
	return 'percentage' in invoice.discount
		? div(mul(total, exact(invoice.discount.percentage)), HUNDRED)
		: fromCents(bexioAbsoluteDiscount(invoice)!);
}

/** The absolute document discount a generated share stands for, in cents. */
export function bexioAbsoluteDiscount(invoice: BexioInvoice): number | undefined {
	if (!invoice.discount || !('absoluteShare' in invoice.discount)) return undefined;
	const sign = invoice.credit ? -1 : 1;
	const total = cents(invoice.positions.map((p) => positionTotal(p, sign)).reduce(add, ZERO));
	return Math.floor((total * invoice.discount.absoluteShare) / 100);
}

/** What bexio must compute: net, tax (its 4-decimal tax, in cents) and gross per rate, before rounding the total. */
export function bexioExpected(invoice: BexioInvoice): RateAmounts[] {
	return [...bexioBases(invoice)]
		.sort((a, b) => a[0] - b[0])
		.map(([rate, base]) => {
			const r = exact(rate);
			const exactTax = invoice.netPriced
				? div(mul(base, r), HUNDRED)
				: div(mul(base, r), add(HUNDRED, r));
			// bexio keeps VAT on 4 decimals (total_taxes "1.3706" in its documented sample).
			const tax4 = frac(BigInt(cents(exactTax, 10_000n)), 10_000n);
			const tax = rate === 0 ? 0 : cents(tax4);
			const amount = cents(base);
			return invoice.netPriced
				? { rate, net: amount, tax, gross: amount + tax }
				: { rate, net: amount - tax, tax, gross: amount };
		});
}

/** The bexio create body of a generated invoice. */
export function bexioBody(
	invoice: BexioInvoice,
	ids: { contact: number; currency: (code: string) => number; tax: (rate: number) => number },
	month: string,
) {
	const sign = invoice.credit ? -1 : 1;
	const absolute = bexioAbsoluteDiscount(invoice);
	return {
		contact_id: ids.contact,
		user_id: 1,
		currency_id: ids.currency(invoice.currency),
		is_valid_from: `${month}-${String(invoice.day).padStart(2, '0')}`,
		mwst_type: 0,
		mwst_is_net: invoice.netPriced,
		positions: [
			...invoice.positions.map((p) => ({
				type: 'KbPositionCustom',
				amount: String(sign * p.amount),
				unit_price: String(p.unitPrice),
				tax_id: ids.tax(p.rate),
				text: `${p.rate} %`,
				...(p.discountPercentage ? { discount_in_percent: String(p.discountPercentage) } : {}),
			})),
			...(invoice.discount
				? [
						{
							type: 'KbPositionDiscount',
							text: 'Rabatt',
							is_percentual: 'percentage' in invoice.discount,
							value:
								'percentage' in invoice.discount
									? String(invoice.discount.percentage)
									: (absolute! / 100).toFixed(2),
						},
					]
				: []),
		],
	};
}

/** Creates and issues a generated invoice in bexio; its id. */
export async function createBexioInvoice(
	bexio: BexioClient,
	invoice: BexioInvoice,
	ids: Parameters<typeof bexioBody>[1],
	month: string,
): Promise<string> {
	const created = (await bexio.call('invoice.create', {
		body: bexioBody(invoice, ids, month) as never,
	})) as { id: number };
	await bexio.call('invoice.issue', { path: { invoice_id: created.id } });
	return String(created.id);
}

// ---- what the target must hold ---------------------------------------------------------------------

export type MoneyPolicy = 'plain' | 'keepGross' | 'keepNet';

export interface TargetAmounts {
	currency: string;
	net: number;
	tax: number;
	gross: number;
}

/**
 * Why a target document's amounts break what the source and the policy promise, or undefined when they
 * keep it. plain: net, tax and gross as the source's; keepGross: the gross, and the tax the mapped rate
 * puts into it; keepNet: the net, and the mapped rate's tax on it. One cent per tax rate is allowed, as
 * both APIs round tax once per rate.
 */
export function moneyMismatch(
	source: RateAmounts[],
	target: TargetAmounts,
	policy: MoneyPolicy,
	taxRateMap: Record<string, number>,
	currency = 'EUR',
	centsPerRate = 1,
): string | undefined {
	const allowed = centsPerRate * Math.max(1, source.length);
	const s = sumOf(source);
	const mappedTax = source.reduce((sum, g) => {
		const to = exact(taxRateMap[String(g.rate)] ?? g.rate);
		const kept = fromCents(policy === 'keepNet' ? g.net : g.gross);
		return (
			sum +
			cents(
				policy === 'keepNet' ? div(mul(kept, to), HUNDRED) : div(mul(kept, to), add(HUNDRED, to)),
			)
		);
	}, 0);
	const want: Partial<TargetAmounts> =
		policy === 'plain'
			? s
			: policy === 'keepGross'
				? { gross: s.gross, tax: mappedTax }
				: { net: s.net, tax: mappedTax };
	const off = (['net', 'tax', 'gross'] as const).filter(
		(f) => want[f] !== undefined && Math.abs(target[f] - want[f]!) > allowed,
	);
	if (target.currency !== currency) off.unshift('currency' as never);
	return off.length
		? `${off.join(', ')}: want ${JSON.stringify({ currency, ...want })}, got ${JSON.stringify(target)}`
		: undefined;
}
