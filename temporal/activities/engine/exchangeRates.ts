import { BEXIO_MAX_PAGE_SIZE } from '../../../clients/defaults';
import {
	baseCurrency,
	baseCurrencyOf,
	bexioRateOn,
	documentRate,
	eurRate,
	type BexioExchangeRateRow,
	type ExchangeRateTable,
	type RateSources,
} from '../../mappings/exchangeRates';
import { withExchangeRate, type BexioInvoicePlan } from '../../mappings/lexofficeInvoiceToBexio';
import type { ExchangeRate } from '../../mappings/money';
import type { ConnectionRef } from '../../shared';
import type { BexioClient } from './clients';
import type { BexioMasterData, MasterDataCache } from './masterData';

/**
 * bexio's exchange rates (GET /3.0/currencies/{id}/exchange_rates?date=…,
 * https://docs.bexio.com/#tag/Currencies), read once per connection, currency and day and cached for the
 * process. Answers what the pure rate choice (mappings/exchangeRates.ts) needs for the given codes.
 */
export function bexioRateSources(
	bexio: BexioClient,
	cache: MasterDataCache,
	ref: ConnectionRef,
	master: () => Promise<BexioMasterData>,
	table: ExchangeRateTable = {},
): (codes: string[], date: string) => Promise<RateSources> {
	const rows = async (currencyId: number, date?: string) => {
		const list: BexioExchangeRateRow[] = [];
		for await (const row of bexio.items(
			'currency.getExchangeRates',
			{ path: { currency_id: currencyId }, query: date ? { date } : {} },
			{ pageSize: BEXIO_MAX_PAGE_SIZE },
		))
			list.push(row as BexioExchangeRateRow);
		return list;
	};
	// The base currency is what bexio quotes its rates in: the first currency with a rate names it.
	const bexioBase = () =>
		cache.get(`fx-base:${ref.system}:${ref.id}`, async () => {
			for (const { id } of (await master()).currencies.values()) {
				const base = baseCurrencyOf(await rows(id));
				if (base) return base;
			}
			return undefined;
		});
	const rateOn = (code: string, date: string) =>
		cache.get(`fx:${ref.system}:${ref.id}:${code}:${date}`, async () => {
			const currency = (await master()).currencies.get(code);
			return currency ? bexioRateOn(await rows(currency.id, date), date) : undefined;
		});
	const upper = Object.fromEntries(Object.entries(table).map(([k, v]) => [k.toUpperCase(), v]));
	return async (codes, date) => {
		const base = baseCurrency(await bexioBase(), upper);
		const bexioRates: RateSources['bexio'] = {};
		for (const code of codes)
			if (code !== base && upper[code] === undefined) bexioRates[code] = await rateOn(code, date);
		return { base, table: upper, bexio: bexioRates };
	};
}

/**
 * lexoffice → bexio: the plan with the rate bexio books a foreign-currency document at (its date's bexio
 * rate or the job's), unchanged in the base currency, or why there is no rate.
 */
export async function planAtRate(
	sources: (codes: string[], date: string) => Promise<RateSources>,
	plan: BexioInvoicePlan,
	label: string,
): Promise<BexioInvoicePlan | { invalid: string }> {
	const currency = plan.source.currency;
	const date = plan.body.is_valid_from ?? new Date().toISOString().slice(0, 10);
	const rate = documentRate(currency, date, await sources([currency], date));
	if (rate === undefined) return plan;
	if ('invalid' in rate) return { invalid: `${label}: ${rate.invalid}` };
	return withExchangeRate(plan, rate);
}

/** bexio → lexoffice: the rate a document in `currency` converts to EUR at, none for EUR, or why there is none. */
export async function eurRateFor(
	sources: (codes: string[], date: string) => Promise<RateSources>,
	currency: string | undefined,
	date: string | null | undefined,
): Promise<ExchangeRate | undefined | { invalid: string }> {
	if (!currency || currency === 'EUR') return undefined;
	const day = (date ?? '').slice(0, 10) || new Date().toISOString().slice(0, 10);
	return eurRate(currency, day, await sources([currency, 'EUR'], day));
}
