import type { TaxPolicy } from '../shared';

/**
 * Money arithmetic shared by the invoice mappings: pure, no I/O. Amounts are numbers in the document's
 * currency; comparisons allow the currency's rounding (bexio rounds a document's total to the currency's
 * `round_factor`, e.g. CHF 0.05; lexoffice to the cent).
 */

/** Net, tax and gross of one document, in `currency` (ISO 4217). */
/** Source tax rate (%) → target tax rate (%), as the job gives it: `{"19": 8.1}`. */
export type TaxRateMap = Record<string, number>;

export interface DocumentAmounts {
	currency: string;
	net: number;
	tax: number;
	gross: number;
}

/** One amount the target document carries differently from its source, and why. */
export interface AmountDifference {
	field: 'net' | 'tax' | 'gross';
	source: number;
	target: number;
}

/** Rounds to `decimals` places, half away from zero, without binary noise (1.005 → 1.01). */
export function round(value: number, decimals = 2): number {
	const factor = 10 ** decimals;
	const shifted = Math.abs(value) * factor;
	const rounded = Math.round(Number(shifted.toPrecision(12))) / factor;
	return value < 0 ? -rounded : rounded;
}

/** The smallest difference two systems' totals may show for the same document: one rounding step. */
export function tolerance(roundFactor: number | undefined): number {
	return Math.max(0.01, roundFactor ?? 0.01) + 1e-9;
}

/** The fields in which `target` differs from `source` by more than `allowed`. */
export function differences(
	source: DocumentAmounts,
	target: DocumentAmounts,
	allowed: number,
	fields: Array<AmountDifference['field']> = ['net', 'tax', 'gross'],
): AmountDifference[] {
	return fields
		.filter((f) => Math.abs(source[f] - target[f]) > allowed)
		.map((f) => ({ field: f, source: round(source[f]), target: round(target[f]) }));
}

const money = (n: number) => round(n).toFixed(2);

/** "net 100.00 → 110.08 EUR, tax 19.00 → 8.92 EUR". */
export function describeDifferences(list: AmountDifference[], currency: string): string {
	return list
		.map((d) => `${d.field} ${money(d.source)} → ${money(d.target)} ${currency}`)
		.join(', ');
}

/** Which amounts a policy promises to keep when a rate has to change. */
export function keptBy(policy: Exclude<TaxPolicy, 'fail'>): Array<AmountDifference['field']> {
	return policy === 'keepGross' ? ['gross'] : ['net'];
}

/**
 * Net, tax and gross per tax rate when every rate of `bySourceRate` (rate → {net, gross}) is replaced by
 * `targetRate(rate)` under `policy`: keepGross recomputes net and tax from the gross, keepNet the tax and
 * gross from the net. Tax per rate is rounded to the cent, as both APIs do.
 */
export function atTargetRates(
	bySourceRate: Map<number, { net: number; gross: number }>,
	targetRate: (rate: number) => number,
	policy: Exclude<TaxPolicy, 'fail'>,
): { net: number; tax: number; gross: number } {
	let net = 0;
	let tax = 0;
	for (const [rate, amounts] of bySourceRate) {
		const to = targetRate(rate);
		if (policy === 'keepGross') {
			const n = round(amounts.gross / (1 + to / 100));
			net += n;
			tax += round(amounts.gross - n);
		} else {
			net += amounts.net;
			tax += round((amounts.net * to) / 100);
		}
	}
	return { net: round(net), tax: round(tax), gross: round(net + tax) };
}

// ---- currency conversion ---------------------------------------------------------------------------

/** Where a rate comes from: bexio's exchange-rate table for the document date, or the job's `exchangeRates`. */
export type RateSource = 'bexio' | 'job';

/** 1 `from` = `rate` `to`, from `source`; `date` is the day the rate is valid from (bexio) or the document date (job). */
export interface ExchangeRate {
	from: string;
	to: string;
	rate: number;
	source: RateSource;
	date?: string;
}

/** One tax rate's amounts in the document's currency. */
export interface RateAmounts {
	rate: number;
	net: number;
	tax: number;
	gross: number;
}

/**
 * Amounts per tax rate converted by `fx` (1 source unit = `fx` target units). The priced side (net, or gross
 * for a gross-priced document) is converted and rounded to the cent half away from zero; the tax is
 * recomputed at the tax rate from it and rounded the same way, so gross = net + tax for every rate (as
 * lexoffice checks voucher items).
 */
export function convertPerTaxRate(
	byRate: Array<{ rate: number; net: number; gross: number }>,
	fx: number,
	pricing: 'net' | 'gross',
): RateAmounts[] {
	return byRate.map(({ rate, net, gross }) => {
		if (pricing === 'gross') {
			const g = round(gross * fx);
			const tax = round(g - g / (1 + rate / 100));
			return { rate, net: round(g - tax), tax, gross: g };
		}
		const n = round(net * fx);
		const tax = round((n * rate) / 100);
		return { rate, net: n, tax, gross: round(n + tax) };
	});
}

const rateText = (rate: number) => String(Number(rate.toPrecision(10)));

/**
 * The line a converted document carries (voucher remark) so the books show what was converted, and the
 * reconciliation can convert the source the same way: "converted 1 USD = 0.85 EUR (bexio rate of
 * 2026-01-01); original USD net 100.00, tax 8.10, gross 108.10".
 */
export function describeConversion(rate: ExchangeRate, original: DocumentAmounts): string {
	const when = rate.source === 'bexio' ? `bexio rate of ${rate.date ?? '?'}` : "the job's rate";
	return (
		`converted 1 ${rate.from} = ${rateText(rate.rate)} ${rate.to} (${when}); ` +
		`original ${original.currency} net ${money(original.net)}, tax ${money(original.tax)}, gross ${money(original.gross)}`
	);
}

const CONVERSION =
	/converted 1 ([A-Z]{3}) = ([0-9.]+) ([A-Z]{3}) \((?:bexio rate of (\d{4}-\d{2}-\d{2}|\?)|the job's rate)\); original ([A-Z]{3}) net (-?[0-9.]+), tax (-?[0-9.]+), gross (-?[0-9.]+)/;

/** The conversion a text (a voucher remark) records with describeConversion, if any. */
export function parseConversion(
	text: string | null | undefined,
): { rate: ExchangeRate; original: DocumentAmounts } | undefined {
	const m = CONVERSION.exec(text ?? '');
	if (!m) return undefined;
	const [, from, rate, to, date, currency, net, tax, gross] = m;
	return {
		rate: {
			from,
			to,
			rate: Number(rate),
			source: m[0].includes('bexio rate') ? 'bexio' : 'job',
			...(date && date !== '?' ? { date } : {}),
		},
		original: { currency, net: Number(net), tax: Number(tax), gross: Number(gross) },
	};
}

/** The rate bexio writes a foreign-currency document at, as the document's footer shows it. */
export function describeDocumentRate(rate: ExchangeRate): string {
	const when =
		rate.source === 'bexio' ? `bexio rate of ${rate.date ?? '?'}` : 'rate given to the import';
	return `Exchange rate: 1 ${rate.from} = ${rateText(rate.rate)} ${rate.to} (${when})`;
}
