import {
	convertPerTaxRate,
	describeConversion,
	parseConversion,
	type ExchangeRate,
} from '../../../../temporal/mappings/money';

describe('convertPerTaxRate', () => {
	it.each([
		{
			name: 'net priced: net converted, tax recomputed at the rate',
			byRate: [{ rate: 19, net: 100, gross: 119 }],
			fx: 1.075269,
			pricing: 'net' as const,
			expected: [{ rate: 19, net: 107.53, tax: 20.43, gross: 127.96 }],
		},
		{
			name: 'gross priced: gross converted, tax taken out of it',
			byRate: [{ rate: 7, net: 100, gross: 107 }],
			fx: 0.93,
			pricing: 'gross' as const,
			expected: [{ rate: 7, net: 93, tax: 6.51, gross: 99.51 }],
		},
		{
			name: 'half a cent rounds away from zero, also negative (a credit note)',
			byRate: [
				{ rate: 0, net: 0.5, gross: 0.5 },
				{ rate: 0, net: -0.5, gross: -0.5 },
			],
			fx: 0.01,
			pricing: 'net' as const,
			expected: [
				{ rate: 0, net: 0.01, tax: 0, gross: 0.01 },
				{ rate: 0, net: -0.01, tax: 0, gross: -0.01 },
			],
		},
		{
			name: 'several rates, each rounded on its own',
			byRate: [
				{ rate: 19, net: 33.33, gross: 39.66 },
				{ rate: 7, net: 8.05, gross: 8.61 },
			],
			fx: 1.1,
			pricing: 'net' as const,
			expected: [
				{ rate: 19, net: 36.66, tax: 6.97, gross: 43.63 },
				{ rate: 7, net: 8.86, tax: 0.62, gross: 9.48 },
			],
		},
	])('$name', ({ byRate, fx, pricing, expected }) => {
		const converted = convertPerTaxRate(byRate, fx, pricing);
		expect(converted).toEqual(expected);
		for (const r of converted)
			expect(Math.round((r.net + r.tax) * 100)).toBe(Math.round(r.gross * 100));
	});
});

describe('describeConversion and parseConversion', () => {
	it.each<{ name: string; rate: ExchangeRate; text: string }>([
		{
			name: "bexio's rate with its date",
			rate: { from: 'CHF', to: 'EUR', rate: 1.075269, source: 'bexio', date: '2026-01-01' },
			text: 'converted 1 CHF = 1.075269 EUR (bexio rate of 2026-01-01); original CHF net 100.00, tax 8.10, gross 108.10',
		},
		{
			name: "the job's rate",
			rate: { from: 'USD', to: 'EUR', rate: 0.86, source: 'job' },
			text: "converted 1 USD = 0.86 EUR (the job's rate); original USD net 100.00, tax 8.10, gross 108.10",
		},
	])('$name reads back what it wrote', ({ rate, text }) => {
		const original = { currency: rate.from, net: 100, tax: 8.1, gross: 108.1 };
		expect(describeConversion(rate, original)).toBe(text);
		expect(parseConversion(`bexio RE-1: Beratung\n${text}`)).toEqual({ rate, original });
	});

	it.each([undefined, null, '', 'bexio RE-1: Beratung', 'converted 1 CHF = x EUR'])(
		'finds no conversion in %p',
		(text) => expect(parseConversion(text)).toBeUndefined(),
	);
});
