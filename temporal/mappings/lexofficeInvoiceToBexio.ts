import type { SalesLineItem, SalesVoucher } from '../../clients/lexoffice/schemas';
import type { TaxPolicy } from '../shared';
import {
	atTargetRates,
	describeDifferences,
	differences,
	keptBy,
	round,
	tolerance,
	type AmountDifference,
	type DocumentAmounts,
} from './money';
import { bexioTermsFields } from './invoiceTerms';

/**
 * A finalised lexoffice invoice or credit note as a bexio invoice body: pure, no I/O.
 *
 * bexio documents tax with `mwst_type` 0 ("including taxes": the document carries VAT) and
 * `mwst_is_net` (true: prices are net and tax is added on top; false: prices include tax); type 1
 * ("excluding taxes") and 2 ("exempt") carry none (https://docs.bexio.com/#tag/Invoices). So a
 * document always goes as type 0, net-priced when lexoffice priced it net, gross-priced when it priced
 * it gross, in the source's currency (looked up by ISO code). A line whose rate bexio lacks takes the
 * rate the job's `taxRateMap` names under the job's `TaxPolicy`; with the default `fail` the document
 * fails and the reason names what each policy would change.
 */

/** Sales vouchers as the client reads them (invoice, credit note, down payment invoice). */
export type LexofficeSalesVoucher = SalesVoucher;
type LexofficeLineItem = SalesLineItem;

/** What the mapping needs to know of the bexio account. */
export interface BexioMoneyData {
	/** Active sales taxes: rate (%) → tax id. */
	taxIdByRate: Map<number, number>;
	/** Currencies: ISO code (upper case) → id and rounding step. */
	currencies: Map<string, { id: number; roundFactor: number }>;
}

export interface MoneyOptions {
	taxRateMap?: Record<string, number>;
	taxPolicy?: TaxPolicy;
}

/** Without customer and user, which the caller resolves after the money is known to map. */
export interface BexioInvoiceBody {
	title: string;
	api_reference: string;
	is_valid_from?: string;
	/** Due day and payment terms (invoiceTerms.ts). */
	is_valid_to?: string;
	footer?: string;
	currency_id: number;
	mwst_type: 0;
	mwst_is_net: boolean;
	positions: Array<Record<string, unknown>>;
}

export interface BexioInvoicePlan {
	body: BexioInvoiceBody;
	/** The source's amounts, signed as the bexio document carries them (a credit note is negative). */
	source: DocumentAmounts;
	/** What bexio must compute: the source's amounts, or with a changed rate those the policy gives (the kept one equal to the source's). */
	expected: DocumentAmounts;
	/** How far bexio's totals may lie from the source's: the currency's rounding, once per tax rate. */
	allowed: number;
	/** Set when a rate changes: the policy's description for the report, e.g. "19 % → 8.1 % (keepGross)". */
	rateChange?: { policy: TaxPolicy; description: string };
	/** The lexoffice voucher number, bexio's `document_nr` where the account numbers invoices by hand. */
	documentNumber?: string;
}

export const CREDIT_NOTE = 'creditnote';

const text = (item: LexofficeLineItem) => [item.name, item.description].filter(Boolean).join('\n');
const num = (v: number | null | undefined) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/** The bexio invoice for `voucher`, or the reason it cannot be written without changing its money. */
export function lexofficeInvoiceToBexio(
	voucher: LexofficeSalesVoucher,
	voucherType: string,
	bexio: BexioMoneyData,
	options: MoneyOptions,
): BexioInvoicePlan | { invalid: string } {
	const label = `${voucherType} ${voucher.voucherNumber ?? voucher.id}`;
	const currency = (voucher.totalPrice?.currency ?? 'EUR').toUpperCase();
	const target = bexio.currencies.get(currency);
	if (!target)
		return {
			invalid: `${label} is in ${currency}, which bexio does not have: add the currency in bexio (Settings → Currencies) and run again`,
		};

	const priced = (voucher.lineItems ?? []).filter((i) => i.type !== 'text' && i.unitPrice);
	const rates = resolveRates(priced, bexio, options.taxRateMap ?? {});
	if (typeof rates === 'string') return { invalid: `${label}: ${rates}` };
	const sign = voucherType === CREDIT_NOTE ? -1 : 1;
	const source = signed(sourceAmounts(voucher, currency), sign);
	const groups = groupsBySourceRate(voucher, priced);
	const changes = [...rates].filter(([from, to]) => from !== to);
	const policy = options.taxPolicy ?? 'fail';
	const changeText = changes.map(([from, to]) => `${from} % → ${to} %`).join(', ');
	if (changes.length > 0 && policy === 'fail')
		return { invalid: `${label}: ${describeRateChange(changes, groups, rates, source, sign)}` };

	const sourceGrossPriced = voucher.taxConditions?.taxType === 'gross';
	const grossPriced = changes.length > 0 ? policy === 'keepGross' : sourceGrossPriced;
	const positions: Array<Record<string, unknown>> = [];
	for (const item of voucher.lineItems ?? []) {
		if (item.type === 'text' || !item.unitPrice) {
			positions.push({ type: 'KbPositionText', text: text(item) });
			continue;
		}
		const rate = num(item.unitPrice.taxRatePercentage);
		const discount = num(item.discountPercentage);
		positions.push({
			type: 'KbPositionCustom',
			text: text(item),
			amount: String(sign * num(item.quantity ?? 1)),
			unit_price: String(unitPrice(item, grossPriced)),
			tax_id: bexio.taxIdByRate.get(rates.get(rate)!),
			...(discount ? { discount_in_percent: String(discount) } : {}),
		});
	}
	const discount = documentDiscount(
		voucher,
		priced,
		grossPriced === sourceGrossPriced,
		grossPriced,
	);
	if (discount) positions.push(discount);

	return {
		body: {
			title:
				`${sign < 0 ? 'Gutschrift' : (voucher.title ?? 'Rechnung')} ${voucher.voucherNumber ?? ''}`.trim(),
			api_reference: `lexoffice:${voucher.id}`,
			is_valid_from: (voucher.voucherDate ?? '').slice(0, 10) || undefined,
			...bexioTermsFields(voucher),
			currency_id: target.id,
			mwst_type: 0,
			mwst_is_net: !grossPriced,
			positions,
		},
		source,
		expected:
			changes.length > 0
				? expectedUnder(policy as Exclude<TaxPolicy, 'fail'>, groups, rates, source, sign)
				: source,
		allowed: tolerance(target.roundFactor) * Math.max(1, groups.size),
		...(voucher.voucherNumber ? { documentNumber: voucher.voucherNumber } : {}),
		...(changes.length > 0
			? { rateChange: { policy, description: `${changeText} (${policy})` } }
			: {}),
	};
}

/** Source rate → bexio rate for every priced line: the job's map first, else the same rate. */
function resolveRates(
	priced: LexofficeLineItem[],
	bexio: BexioMoneyData,
	taxRateMap: Record<string, number>,
): Map<number, number> | string {
	const rates = new Map<number, number>();
	for (const item of priced) {
		const rate = num(item.unitPrice?.taxRatePercentage);
		if (rates.has(rate)) continue;
		const mapped = taxRateMap[String(rate)];
		if (mapped === undefined && !bexio.taxIdByRate.has(rate)) {
			return `tax rate ${rate} % has no active bexio sales tax; map it with the job's taxRateMap (e.g. {"${rate}": 8.1}) and choose a tax policy (keepGross or keepNet)`;
		}
		if (mapped !== undefined && !bexio.taxIdByRate.has(mapped))
			return `taxRateMap maps ${rate} % to ${mapped} %, which is not an active bexio sales tax`;
		rates.set(rate, mapped ?? rate);
	}
	return rates;
}

function sourceAmounts(voucher: LexofficeSalesVoucher, currency: string): DocumentAmounts {
	const t = voucher.totalPrice ?? {};
	return {
		currency,
		net: num(t.totalNetAmount),
		tax: num(t.totalTaxAmount),
		gross: num(t.totalGrossAmount),
	};
}

const signed = (a: DocumentAmounts, sign: 1 | -1): DocumentAmounts => ({
	...a,
	net: sign * a.net,
	tax: sign * a.tax,
	gross: sign * a.gross,
});

/** Net and gross per source rate, after discounts: lexoffice's own tax breakdown, or the lines when it is absent. */
function groupsBySourceRate(
	voucher: LexofficeSalesVoucher,
	priced: LexofficeLineItem[],
): Map<number, { net: number; gross: number }> {
	const groups = new Map<number, { net: number; gross: number }>();
	if (voucher.taxAmounts?.length) {
		for (const t of voucher.taxAmounts)
			groups.set(num(t.taxRatePercentage), {
				net: num(t.netAmount),
				gross: round(num(t.netAmount) + num(t.taxAmount)),
			});
		return groups;
	}
	for (const item of priced) {
		const rate = num(item.unitPrice?.taxRatePercentage);
		const net =
			num(item.quantity ?? 1) * unitPrice(item, false) * (1 - num(item.discountPercentage) / 100);
		const g = groups.get(rate) ?? { net: 0, gross: 0 };
		groups.set(rate, { net: round(g.net + net), gross: round(g.gross + net * (1 + rate / 100)) });
	}
	return groups;
}

/** The unit price in the pricing bexio gets; lexoffice's read answers both sides, else derive one. */
function unitPrice(item: LexofficeLineItem, gross: boolean): number {
	const p = item.unitPrice ?? {};
	const factor = 1 + num(p.taxRatePercentage) / 100;
	if (gross) return p.grossAmount ?? round(num(p.netAmount) * factor, 4);
	return p.netAmount ?? round(num(p.grossAmount) / factor, 4);
}

/**
 * lexoffice's total discount as a bexio discount position. A percentage is the same in either pricing;
 * an absolute amount is in the source's pricing, so it is converted by its share of the lines' sum when
 * the bexio document is priced the other way.
 */
function documentDiscount(
	voucher: LexofficeSalesVoucher,
	priced: LexofficeLineItem[],
	samePricing: boolean,
	grossPriced: boolean,
): Record<string, unknown> | undefined {
	const pct = num(voucher.totalPrice?.totalDiscountPercentage);
	if (pct)
		return {
			type: 'KbPositionDiscount',
			text: `Rabatt ${pct} %`,
			is_percentual: true,
			value: String(pct),
		};
	const absolute = num(voucher.totalPrice?.totalDiscountAbsolute);
	if (!absolute) return undefined;
	let value = absolute;
	if (!samePricing) {
		const sum = (gross: boolean) =>
			priced.reduce(
				(s, i) =>
					s + num(i.quantity ?? 1) * unitPrice(i, gross) * (1 - num(i.discountPercentage) / 100),
				0,
			);
		const base = sum(!grossPriced);
		value = base ? round((absolute * sum(grossPriced)) / base) : absolute;
	}
	return { type: 'KbPositionDiscount', text: 'Rabatt', is_percentual: false, value: String(value) };
}

/** The amounts a policy gives at the bexio rates: the kept one is the source's, the others follow from the mapped rates. */
function expectedUnder(
	policy: Exclude<TaxPolicy, 'fail'>,
	groups: Map<number, { net: number; gross: number }>,
	rates: Map<number, number>,
	source: DocumentAmounts,
	sign: 1 | -1,
): DocumentAmounts {
	const t = atTargetRates(groups, (r) => rates.get(r) ?? r, policy);
	const kept = keptBy(policy)[0];
	return {
		...source,
		net: sign * t.net,
		tax: sign * t.tax,
		gross: sign * t.gross,
		[kept]: source[kept],
	};
}

/** Why a document with a changed rate fails under the `fail` policy: what each other policy would change. */
function describeRateChange(
	changes: Array<[number, number]>,
	groups: Map<number, { net: number; gross: number }>,
	rates: Map<number, number>,
	source: DocumentAmounts,
	sign: 1 | -1,
): string {
	const { currency } = source;
	const alternative = (policy: 'keepGross' | 'keepNet') => {
		const t = atTargetRates(groups, (r) => rates.get(r) ?? r, policy);
		return describeDifferences(
			differences(
				source,
				{ currency, net: sign * t.net, tax: sign * t.tax, gross: sign * t.gross },
				0.005,
			),
			currency,
		);
	};
	const lacking = changes.map(([from]) => `${from} %`).join(', ');
	const mapped = changes.map(([from, to]) => `${from} % → ${to} %`).join(', ');
	return (
		`bexio has no sales tax at ${lacking} and the job's taxRateMap changes ${mapped}: keeping the gross (taxPolicy keepGross) changes ${alternative('keepGross')}; ` +
		`keeping the net (taxPolicy keepNet) changes ${alternative('keepNet')}. Choose one of them as the job's tax policy, or add the rate in bexio`
	);
}

/** A bexio document's amounts as bexio computed them: `total` is what the customer owes (rounded), `total_taxes` the VAT. */
export function bexioDocumentAmounts(
	doc: {
		total?: string | number | null;
		total_taxes?: string | number | null;
		total_rounding_difference?: string | number | null;
	},
	currency: string,
): DocumentAmounts {
	const gross = Number(doc.total ?? 0);
	const tax = Number(doc.total_taxes ?? 0);
	// total = exact gross + rounding difference (bexio rounds to the currency's round_factor).
	const exact = gross - Number(doc.total_rounding_difference ?? 0);
	return { currency, net: round(exact - tax), tax: round(tax), gross: round(gross) };
}

/**
 * Checks what bexio computed against the plan: the amounts the plan keeps must equal the source's. Answers
 * the mismatch (a reason) or the amounts that differ by the job's policy (for the report).
 */
export function checkBexioAmounts(
	plan: BexioInvoicePlan,
	actual: DocumentAmounts,
	actualCurrencyId: number | null | undefined,
): { mismatch?: string; adjusted: AmountDifference[] } {
	const currency = plan.source.currency;
	if (actualCurrencyId !== plan.body.currency_id)
		return {
			mismatch: `bexio stored currency id ${actualCurrencyId}, not ${plan.body.currency_id} (${currency})`,
			adjusted: [],
		};
	const wrong = differences(plan.expected, actual, plan.allowed);
	if (wrong.length)
		return {
			mismatch: `bexio computed ${describeDifferences(wrong, currency)} (expected → bexio)`,
			adjusted: [],
		};
	return { adjusted: plan.rateChange ? differences(plan.source, actual, plan.allowed) : [] };
}
