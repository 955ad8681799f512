import type { TaxPolicy } from '../shared';
import { lexofficeCategoryFor, type TaxMeaning } from './taxCodes';
import { bexioDocumentAmounts } from './lexofficeInvoiceToBexio';
import {
	describeConversion,
	describeDifferences,
	differences,
	keptBy,
	round,
	tolerance,
	type AmountDifference,
	type DocumentAmounts,
	type ExchangeRate,
} from './money';

/**
 * An issued bexio invoice as a lexoffice bookkeeping voucher (https://developers.lexware.io/docs/#vouchers-endpoint):
 * pure, no I/O. One voucher item per lexoffice tax rate, amounts as bexio computed them (positions,
 * document discounts spread over the rates, net or gross pricing kept). lexoffice books in EUR only, so a
 * document in another currency is converted at the rate the job found for it (`eurRate`, bexio's or the
 * job's), stated with the original amounts on the voucher's remark; without a rate it fails with the
 * reason. A Swiss rate
 * lexoffice lacks takes the rate the job's `taxRateMap` names under the job's `TaxPolicy`.
 */

/** Rates lexoffice accepts on bookkeeping vouchers (any historical German rate). */
export const LEXOFFICE_VOUCHER_RATES = [0, 5, 7, 16, 19];
/** Posting category "Einnahmen" (income, no contact required, split allowed). */
export const REVENUE_CATEGORY_ID = '8f8664a1-fd86-11e1-a21f-0800200c9a66';

export interface BexioInvoiceForVoucher {
	document_nr?: string | null;
	title?: string | null;
	is_valid_from?: string | null;
	is_valid_to?: string | null;
	currency_id?: number | null;
	mwst_type?: number;
	mwst_is_net?: boolean;
	total?: string | null;
	total_taxes?: string | null;
	total_rounding_difference?: number | string | null;
	positions?: Array<{
		type: string;
		tax_id?: number | null;
		tax_value?: string | null;
		position_total?: string | null;
		is_optional?: boolean;
		is_percentual?: boolean;
		value?: string | null;
		discount_total?: string | null;
	}>;
}

export interface BexioSourceData {
	rateByTaxId: Map<number, number>;
	currencyCodeById: Map<number, string>;
	/** Tax-free turnover codes (export, service abroad, exempt): tax id → meaning. */
	meaningByTaxId?: Map<number, TaxMeaning>;
}

export interface VoucherItem {
	amount: number;
	taxAmount: number;
	taxRatePercent: number;
	categoryId: string;
}

export interface LexofficeVoucherBody {
	type: 'salesinvoice' | 'salescreditnote';
	voucherNumber: string;
	voucherDate?: string;
	dueDate?: string;
	totalGrossAmount: number;
	totalTaxAmount: number;
	taxType: 'net' | 'gross';
	remark: string;
	voucherItems: VoucherItem[];
	contactId?: string;
	useCollectiveContact?: boolean;
}

export interface VoucherPlan {
	body: LexofficeVoucherBody;
	/** Set when the policy changed amounts or the document was converted: what differs from bexio, for the job's report. */
	adjusted?: {
		policy?: TaxPolicy;
		currency: string;
		differences: AmountDifference[];
		reason: string;
		conversion?: ExchangeRate & { original: { net: number; tax: number; gross: number } };
	};
}

/** The voucher for `invoice`, or the reason it cannot be booked without changing its money. */
export function bexioInvoiceToVoucher(
	invoice: BexioInvoiceForVoucher,
	bexio: BexioSourceData,
	options: {
		taxRateMap?: Record<string, number>;
		taxPolicy?: TaxPolicy;
		eurRate?: ExchangeRate;
		/** lexoffice's income posting categories by name, for tax-free lines (taxCodes.ts). */
		incomeCategoryIdByName?: Map<string, string>;
	},
): VoucherPlan | { invalid: string } {
	const nr = (invoice.document_nr ?? '').trim();
	const documentCurrency = currencyOf(invoice, bexio);
	if (documentCurrency !== 'EUR' && options.eurRate?.from !== documentCurrency) {
		return {
			invalid: `bexio invoice ${nr} is in ${documentCurrency ?? `currency id ${invoice.currency_id}`} and lexoffice books in EUR only: add an exchange rate for the document date in bexio (Settings → Currencies) or give the job exchangeRates, e.g. {"EUR": 0.93} (1 EUR in bexio's base currency)`,
		};
	}
	const conversion = documentCurrency === 'EUR' ? undefined : options.eurRate;
	const currency = 'EUR';
	const taxed = Number(invoice.mwst_type ?? 0) === 0;
	const pricesNet = invoice.mwst_is_net !== false;
	const groups = scaled(baseByRate(invoice, bexio, taxed), conversion?.rate ?? 1);
	const rates = resolveRates([...groups.keys()], options.taxRateMap ?? {});
	if (typeof rates === 'string') return { invalid: `bexio invoice ${nr}: ${rates}` };
	const changes = [...rates].filter(([from, to]) => from !== to);
	const policy = options.taxPolicy ?? 'fail';
	const original = bexioDocumentAmounts(invoice, documentCurrency ?? currency);
	const source = conversion ? converted(original, conversion.rate) : original;
	const sign = source.gross < 0 ? -1 : 1;
	const grossPriced = changes.length > 0 ? policy === 'keepGross' : taxed && !pricesNet;
	const build = (gross: boolean) => voucherItems(groups, rates, sign, gross, pricesNet || !taxed);
	if (changes.length > 0 && policy === 'fail') {
		const alternative = (gross: boolean) =>
			describeDifferences(
				differences(source, amountsOf(build(gross), currency, sign, gross), 0.005),
				currency,
			);
		const mapped = changes.map(([from, to]) => `${from} % → ${to} %`).join(', ');
		return {
			invalid:
				`bexio invoice ${nr}: lexoffice has no tax rate ${changes.map(([from]) => `${from} %`).join(', ')} and the job's taxRateMap changes ${mapped}: keeping the gross (taxPolicy keepGross) changes ${alternative(true)}; ` +
				`keeping the net (taxPolicy keepNet) changes ${alternative(false)}. Choose one of them as the job's tax policy`,
		};
	}
	const zeroCategory = taxFreeCategory(invoice, bexio, taxed, options.incomeCategoryIdByName);
	if (typeof zeroCategory === 'object')
		return { invalid: `bexio invoice ${nr}: ${zeroCategory.invalid}` };
	const items = build(grossPriced).map((i) =>
		zeroCategory && i.taxRatePercent === 0 ? { ...i, categoryId: zeroCategory } : i,
	);
	const booked = amountsOf(items, currency, sign, grossPriced);
	// A converted document may differ by the rounding of its converted net and of its recomputed tax.
	const allowed = tolerance(0.01) * Math.max(1, groups.size) * (conversion ? 2 : 1);
	const kept =
		changes.length > 0
			? keptBy(policy as Exclude<TaxPolicy, 'fail'>)
			: (['net', 'tax', 'gross'] as const);
	const wrong = differences(source, booked, allowed, [...kept]);
	if (wrong.length)
		return {
			invalid: `bexio invoice ${nr}: the voucher would book ${describeDifferences(wrong, currency)} (bexio → lexoffice); not booked`,
		};
	const date = (d: string | null | undefined) => (d ? d.slice(0, 10) : undefined);
	const adjusted = changes.length > 0 ? differences(source, booked, allowed) : [];
	const description = `${changes.map(([from, to]) => `${from} % → ${to} %`).join(', ')} (${policy})`;
	const conversionText = conversion && describeConversion(conversion, original);
	const report = adjustment(
		adjusted.length ? { policy, description, differences: adjusted } : undefined,
		conversion && { rate: conversion, text: conversionText!, original },
	);
	return {
		body: {
			type: sign < 0 ? 'salescreditnote' : 'salesinvoice',
			voucherNumber: nr,
			voucherDate: date(invoice.is_valid_from),
			...(date(invoice.is_valid_to) ? { dueDate: date(invoice.is_valid_to) } : {}),
			totalGrossAmount: sign * booked.gross,
			totalTaxAmount: sign * booked.tax,
			taxType: grossPriced ? 'gross' : 'net',
			remark: remarkOf(invoice, nr, conversionText),
			voucherItems: items,
		},
		...(report ? { adjusted: report } : {}),
	};
}

/** What the job reports for a voucher: the amounts a tax policy changed, the conversion, both or none. */
function adjustment(
	changed: { policy: TaxPolicy; description: string; differences: AmountDifference[] } | undefined,
	conversion: { rate: ExchangeRate; text: string; original: DocumentAmounts } | undefined,
): VoucherPlan['adjusted'] {
	if (!changed && !conversion) return undefined;
	const reasons = [
		changed ? `${changed.description}: ${describeDifferences(changed.differences, 'EUR')}` : '',
		conversion?.text ?? '',
	];
	return {
		...(changed ? { policy: changed.policy } : {}),
		currency: 'EUR',
		differences: changed?.differences ?? [],
		reason: reasons.filter(Boolean).join('; '),
		...(conversion
			? { conversion: { ...conversion.rate, original: amountsOnly(conversion.original) } }
			: {}),
	};
}

/**
 * The posting category of the voucher's 0 % item when the invoice's 0 % lines carry a tax-free turnover
 * code (export, service abroad), looked up by its meaning; undefined for plain 0 % lines; or why not.
 */
function taxFreeCategory(
	invoice: BexioInvoiceForVoucher,
	bexio: BexioSourceData,
	taxed: boolean,
	categories: Map<string, string> = new Map(),
): string | undefined | { invalid: string } {
	if (!taxed) return undefined;
	const meanings = new Set<TaxMeaning | '0 %'>();
	for (const p of invoice.positions ?? []) {
		if (p.type !== 'KbPositionCustom' && p.type !== 'KbPositionArticle') continue;
		if (p.is_optional === true || !p.tax_id) continue;
		const meaning = bexio.meaningByTaxId?.get(p.tax_id);
		if (meaning) meanings.add(meaning);
		else if (Number(p.tax_value ?? bexio.rateByTaxId.get(p.tax_id) ?? 0) === 0) meanings.add('0 %');
	}
	const [meaning, ...others] = [...meanings];
	if (!meaning || meaning === '0 %') return others.length ? mixed(meanings) : undefined;
	return others.length ? mixed(meanings) : lexofficeCategoryFor(meaning, categories);
}

const mixed = (meanings: Set<string>) => ({
	invalid: `its 0 % lines mix ${[...meanings].join(', ')}, which lexoffice books under different posting categories; book it in lexoffice by hand`,
});

/** The ISO code of the invoice's currency, if bexio knows its id. */
function currencyOf(invoice: BexioInvoiceForVoucher, bexio: BexioSourceData): string | undefined {
	return invoice.currency_id === null || invoice.currency_id === undefined
		? undefined
		: bexio.currencyCodeById.get(invoice.currency_id);
}

/** The bases per rate at `fx` (1 document unit = fx EUR), unrounded: the voucher items round them per rate. */
function scaled(groups: Map<number, number>, fx: number): Map<number, number> {
	return fx === 1 ? groups : new Map([...groups].map(([rate, base]) => [rate, base * fx]));
}

/** bexio's amounts at `fx`, before rounding; the gross without bexio's cash rounding (a voucher has none). */
function converted(a: DocumentAmounts, fx: number): DocumentAmounts {
	return { currency: 'EUR', net: a.net * fx, tax: a.tax * fx, gross: (a.net + a.tax) * fx };
}

const amountsOnly = (a: DocumentAmounts) => ({ net: a.net, tax: a.tax, gross: a.gross });

/** "bexio RE-00012: title", and the conversion on its own line (kept whole, the title is cut to fit 1000). */
function remarkOf(invoice: BexioInvoiceForVoucher, nr: string, conversion?: string): string {
	const head = [`bexio ${nr}`, (invoice.title ?? '').trim()].filter(Boolean).join(': ');
	if (!conversion) return head.slice(0, 1000);
	return `${head.slice(0, 1000 - conversion.length - 1)}\n${conversion}`;
}

/** Base per bexio rate in the document's own pricing, after document discounts (spread over the rates proportionally). */
function baseByRate(
	invoice: BexioInvoiceForVoucher,
	bexio: BexioSourceData,
	taxed: boolean,
): Map<number, number> {
	const byRate = new Map<number, number>();
	for (const p of invoice.positions ?? []) {
		if (p.type === 'KbPositionCustom' || p.type === 'KbPositionArticle') {
			if (p.is_optional === true) continue;
			const rate = !taxed
				? 0
				: p.tax_value !== null && p.tax_value !== undefined
					? Number(p.tax_value)
					: p.tax_id
						? (bexio.rateByTaxId.get(p.tax_id) ?? 0)
						: 0;
			byRate.set(rate, (byRate.get(rate) ?? 0) + Number(p.position_total ?? 0));
		} else if (p.type === 'KbPositionDiscount') {
			const base = [...byRate.values()].reduce((s, v) => s + v, 0);
			const discount =
				p.discount_total !== null && p.discount_total !== undefined
					? Number(p.discount_total)
					: p.is_percentual
						? (base * Number(p.value ?? 0)) / 100
						: Number(p.value ?? 0);
			if (base !== 0)
				for (const [rate, amount] of byRate) byRate.set(rate, amount - (discount * amount) / base);
		}
	}
	return byRate;
}

function resolveRates(
	sourceRates: number[],
	taxRateMap: Record<string, number>,
): Map<number, number> | string {
	const rates = new Map<number, number>();
	for (const rate of sourceRates) {
		const mapped = taxRateMap[String(rate)];
		const target = mapped ?? rate;
		if (!LEXOFFICE_VOUCHER_RATES.includes(target)) {
			return mapped === undefined
				? `bexio tax rate ${rate} % does not exist in lexoffice (${LEXOFFICE_VOUCHER_RATES.join(', ')} %); map it with the job's taxRateMap (e.g. {"${rate}": 19}) and choose a tax policy (keepGross or keepNet)`
				: `taxRateMap maps bexio ${rate} % to ${mapped} %, which lexoffice does not accept on vouchers (${LEXOFFICE_VOUCHER_RATES.join(', ')} %)`;
		}
		rates.set(rate, target);
	}
	return rates;
}

/**
 * One item per lexoffice rate, positive (the voucher type carries the sign). `gross` chooses the voucher's
 * pricing; `sourceNet` says whether the bexio bases are net (else they include the bexio rate's tax).
 */
function voucherItems(
	groups: Map<number, number>,
	rates: Map<number, number>,
	sign: number,
	gross: boolean,
	sourceNet: boolean,
): VoucherItem[] {
	const byTarget = new Map<number, number>();
	for (const [rate, base] of groups) {
		const net = sourceNet ? base : base / (1 + rate / 100);
		const value = gross ? net * (1 + rate / 100) : net;
		const to = rates.get(rate) ?? rate;
		byTarget.set(to, (byTarget.get(to) ?? 0) + sign * value);
	}
	const items = [...byTarget].map(([to, value]): VoucherItem => {
		const amount = round(value);
		const taxAmount = gross ? round(amount - amount / (1 + to / 100)) : round((amount * to) / 100);
		return { amount, taxAmount, taxRatePercent: to, categoryId: REVENUE_CATEGORY_ID };
	});
	return items.length
		? items
		: [{ amount: 0, taxAmount: 0, taxRatePercent: 0, categoryId: REVENUE_CATEGORY_ID }];
}

/** The voucher's net, tax and gross, signed like the bexio document; `gross`: the items' amounts include tax. */
function amountsOf(
	items: VoucherItem[],
	currency: string,
	sign: number,
	gross: boolean,
): DocumentAmounts {
	const tax = round(items.reduce((s, i) => s + i.taxAmount, 0));
	const total = round(items.reduce((s, i) => s + i.amount + (gross ? 0 : i.taxAmount), 0));
	return { currency, net: sign * round(total - tax), tax: sign * tax, gross: sign * total };
}
