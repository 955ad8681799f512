import {
	baseCurrency,
	baseCurrencyOf,
	bexioRateOn,
	documentRate,
	eurRate,
	type BexioExchangeRateRow,
	type RateSources,
} from '../../../../temporal/mappings/exchangeRates';

/** Rows as the live API answers GET /3.0/currencies/{id}/exchange_rates (test/fixtures/live/bexio). */
const row = (factor: number, date: string, ratio = 1): BexioExchangeRateRow => ({
	factor_nr: factor,
	exchange_currency: { id: 1, name: 'CHF' },
	ratio,
	factor_nr_to_ratio: factor / ratio,
	exchange_rate_date: date,
});

describe('bexioRateOn', () => {
	it.each([
		{
			name: 'the latest rate on or before the day',
			day: '2026-03-02',
			expected: { rate: 0.94, date: '2026-03-01' },
		},
		{
			name: 'a rate from the day itself',
			day: '2026-01-01',
			expected: { rate: 0.93, date: '2026-01-01' },
		},
		{ name: 'none before the first rate', day: '2025-12-31', expected: undefined },
	])('$name', ({ day, expected }) => {
		const rows = [row(0.93, '2026-01-01'), row(0.94, '2026-03-01'), row(0.95, '2026-04-01')];
		expect(bexioRateOn(rows, day)).toEqual(expected);
	});

	it('takes the rate per unit of a rate quoted per 100 units', () => {
		expect(bexioRateOn([row(0.6, '2026-01-01', 100)], '2026-02-01')).toEqual({
			rate: 0.006,
			date: '2026-01-01',
		});
	});
});

describe('base currency', () => {
	it.each<{
		name: string;
		rows: BexioExchangeRateRow[];
		table: Record<string, number>;
		expected?: string;
	}>([
		{ name: "bexio's rates name it", rows: [row(0.93, '2026-01-01')], table: {}, expected: 'CHF' },
		{
			name: 'the table puts one currency at 1',
			rows: [],
			table: { chf: 1, EUR: 0.93 },
			expected: 'CHF',
		},
		{ name: 'unknown without rates', rows: [], table: { EUR: 0.93 }, expected: undefined },
	])('$name', ({ rows, table, expected }) => {
		expect(baseCurrency(baseCurrencyOf(rows), table)).toBe(expected);
	});
});

const sources = (over: Partial<RateSources> = {}): RateSources => ({
	base: 'CHF',
	table: {},
	bexio: { EUR: { rate: 0.93, date: '2026-01-01' }, USD: { rate: 0.8, date: '2026-01-01' } },
	...over,
});

describe('documentRate (lexoffice → bexio)', () => {
	it.each([
		{
			name: "bexio's rate for the date",
			currency: 'EUR',
			s: sources(),
			expected: { from: 'EUR', to: 'CHF', rate: 0.93, source: 'bexio', date: '2026-01-01' },
		},
		{
			name: "the job's rate wins",
			currency: 'EUR',
			s: sources({ table: { EUR: 0.95 } }),
			expected: { from: 'EUR', to: 'CHF', rate: 0.95, source: 'job' },
		},
		{ name: 'the base currency needs none', currency: 'CHF', s: sources(), expected: undefined },
		{
			name: 'no rate anywhere: the fix named',
			currency: 'EUR',
			s: sources({ bexio: {} }),
			expected: {
				invalid:
					'bexio has no exchange rate for EUR on 2026-03-02 and the job gives none: add the rate in bexio (Settings → Currencies → exchange rates) or give the job exchangeRates, e.g. {"EUR": 0.93} (1 EUR in CHF)',
			},
		},
	])('$name', ({ currency, s, expected }) => {
		expect(documentRate(currency, '2026-03-02', s)).toEqual(expected);
	});
});

describe('eurRate (bexio → lexoffice)', () => {
	it.each([
		{ name: 'EUR needs none', currency: 'EUR', s: sources(), expected: undefined },
		{
			name: "the base currency at bexio's EUR rate",
			currency: 'CHF',
			s: sources(),
			expected: { from: 'CHF', to: 'EUR', rate: 1.075269, source: 'bexio', date: '2026-01-01' },
		},
		{
			name: "a third currency through the base, bexio's rates",
			currency: 'USD',
			s: sources(),
			expected: { from: 'USD', to: 'EUR', rate: 0.860215, source: 'bexio', date: '2026-01-01' },
		},
		{
			name: "the job's EUR rate makes the source the job",
			currency: 'USD',
			s: sources({ table: { EUR: 1 / 1.25 } }),
			expected: { from: 'USD', to: 'EUR', rate: 1, source: 'job', date: '2026-01-01' },
		},
		{
			name: 'no EUR rate: the fix named',
			currency: 'CHF',
			s: sources({ bexio: {} }),
			expected: {
				invalid: expect.stringContaining('bexio has no exchange rate for EUR on 2026-03-02'),
			},
		},
		{
			name: 'no rate for the currency: the fix named',
			currency: 'USD',
			s: sources({ bexio: { EUR: { rate: 0.93 } } }),
			expected: {
				invalid: expect.stringContaining('bexio has no exchange rate for USD on 2026-03-02'),
			},
		},
	])('$name', ({ currency, s, expected }) => {
		expect(eurRate(currency, '2026-03-02', s)).toEqual(expected);
	});
});
