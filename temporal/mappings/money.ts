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
