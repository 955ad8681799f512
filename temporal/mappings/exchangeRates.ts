import { round, type ExchangeRate } from './money';

/**
 * Which exchange rate a document is written or converted at: pure, no I/O. Rates are quoted the way bexio
 * keeps them (https://docs.bexio.com/#tag/Currencies): 1 unit of a currency = `rate` units of the bexio
 * account's base currency. The job's `exchangeRates` table uses the same quotation ({"EUR": 0.93}: 1 EUR
 * = 0.93 CHF) and wins over bexio's table; the base currency needs no rate.
 */

/** The job option: ISO code → value of 1 unit in the bexio account's base currency. */
export type ExchangeRateTable = Record<string, number>;

/** One row of GET /3.0/currencies/{id}/exchange_rates, as the live API answers it. */
export interface BexioExchangeRateRow {
	factor_nr?: number | string | null;
	ratio?: number | string | null;
	factor_nr_to_ratio?: number | string | null;
	exchange_currency?: { id?: number; name?: string | null } | null;
	exchange_rate_date?: string | null;
}

/** A rate of one currency in the base currency, with the day bexio keeps it from. */
export interface BaseRate {
	rate: number;
	date?: string;
}

/** bexio's rate valid on `date`: the row with the latest `exchange_rate_date` on or before it. */
export function bexioRateOn(rows: BexioExchangeRateRow[], date: string): BaseRate | undefined {
	const valid = rows
		.filter((r) => (r.exchange_rate_date ?? '').slice(0, 10) <= date)
		.sort((a, b) => String(b.exchange_rate_date).localeCompare(String(a.exchange_rate_date)));
	for (const row of valid) {
		// factor_nr is quoted per `ratio` units (e.g. 100 JPY); factor_nr_to_ratio is the rate per unit.
		const perUnit = Number(
			row.factor_nr_to_ratio ?? Number(row.factor_nr) / Number(row.ratio || 1),
		);
		if (Number.isFinite(perUnit) && perUnit > 0)
			return { rate: perUnit, date: row.exchange_rate_date?.slice(0, 10) };
	}
	return undefined;
}

/** The base currency bexio's rates are quoted in (their `exchange_currency`), if any row names it. */
export function baseCurrencyOf(rows: BexioExchangeRateRow[]): string | undefined {
	const name = rows.find((r) => r.exchange_currency?.name)?.exchange_currency?.name;
	return name ? name.trim().toUpperCase() : undefined;
}

/** What the rate of each currency in the base currency is known from. */
export interface RateSources {
	/** The bexio account's base currency; from bexio's rates, or the table's currency at 1 when bexio has none. */
	base?: string;
	table: ExchangeRateTable;
	/** bexio's rate on the document date, per ISO code (only those asked for). */
	bexio: Record<string, BaseRate | undefined>;
}

/** The base currency: bexio's, else the one currency the job's table puts at 1. */
export function baseCurrency(
	bexioBase: string | undefined,
	table: ExchangeRateTable,
): string | undefined {
	if (bexioBase) return bexioBase;
	const ones = Object.entries(table).filter(([, rate]) => rate === 1);
	return ones.length === 1 ? ones[0][0].toUpperCase() : undefined;
}

type InBase = { rate: number; source: 'bexio' | 'job' | 'base'; date?: string } | undefined;

function inBase(code: string, sources: RateSources): InBase {
	if (code === sources.base) return { rate: 1, source: 'base' };
	const given = sources.table[code];
	if (given !== undefined) return { rate: given, source: 'job' };
	const fromBexio = sources.bexio[code];
	return fromBexio ? { ...fromBexio, source: 'bexio' } : undefined;
}

const missing = (code: string, date: string, base: string | undefined) =>
	`bexio has no exchange rate for ${code} on ${date} and the job gives none: add the rate in bexio (Settings → Currencies → exchange rates) or give the job exchangeRates, e.g. {"${code}": 0.93} (1 ${code} in ${base ?? "bexio's base currency"})`;

/**
 * lexoffice → bexio: the rate bexio should book a document in `currency` at (1 `currency` = rate base), or
 * undefined for the base currency, or why there is none.
 */
export function documentRate(
	currency: string,
	date: string,
	sources: RateSources,
): ExchangeRate | undefined | { invalid: string } {
	const found = inBase(currency, sources);
	if (found?.source === 'base') return undefined;
	if (!found || !sources.base) return { invalid: missing(currency, date, sources.base) };
	return {
		from: currency,
		to: sources.base,
		rate: found.rate,
		source: found.source as 'bexio' | 'job',
		...(found.date ? { date: found.date } : {}),
	};
}

/**
 * bexio → lexoffice: the rate a document in `currency` converts to EUR at (through the base currency, to six
 * decimals), undefined for EUR itself, or why there is none.
 */
export function eurRate(
	currency: string,
	date: string,
	sources: RateSources,
): ExchangeRate | undefined | { invalid: string } {
	if (currency === 'EUR') return undefined;
	const from = inBase(currency, sources);
	const eur = inBase('EUR', sources);
	if (!from || !sources.base) return { invalid: missing(currency, date, sources.base) };
	if (!eur) return { invalid: missing('EUR', date, sources.base) };
	const used = [from, eur].filter((r) => r.source !== 'base');
	const bexioDate = used.find((r) => r.source === 'bexio')?.date;
	return {
		from: currency,
		to: 'EUR',
		rate: round(from.rate / eur.rate, 6),
		source: used.some((r) => r.source === 'job') ? 'job' : 'bexio',
		...(bexioDate ? { date: bexioDate } : {}),
	};
}
