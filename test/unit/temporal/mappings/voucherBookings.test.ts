import {
	bexioTaxOfGross,
	voucherBookings,
	type LexofficeSalesVoucher,
} from '../../../../temporal/mappings/voucherBookings';

/** RE1019 as the lexoffice docs show it (0 %, 7 % and 19 % lines), finalised. */
const voucher = (extra: Partial<LexofficeSalesVoucher> = {}): LexofficeSalesVoucher => ({
	id: 'e9066f04-8cc7-4616-93f8-ac9ecc8479c8',
	voucherNumber: 'RE1019',
	voucherDate: '2023-02-22T00:00:00.000+01:00',
	voucherStatus: 'open',
	totalPrice: {
		currency: 'EUR',
		totalNetAmount: 26.72,
		totalTaxAmount: 3.13,
		totalGrossAmount: 29.85,
	},
	taxAmounts: [
		{ netAmount: 5, taxAmount: 0, taxRatePercentage: 0 },
		{ netAmount: 8.32, taxAmount: 0.58, taxRatePercentage: 7 },
		{ netAmount: 13.4, taxAmount: 2.55, taxRatePercentage: 19 },
	],
	...extra,
});
const job = { receivablesAccount: '1100', revenueAccount: '3400' };
const common = { date: '2023-02-22', currency: 'EUR' };

describe('voucherBookings', () => {
	it.each([
		{
			name: 'an invoice: receivables to revenue per rate at the gross, the tax on revenue',
			voucher: voucher(),
			type: 'invoice' as const,
			lines: [
				{
					...common,
					externalId: 'lexoffice RE1019 0%',
					amount: 5,
					debitAccount: '1100',
					creditAccount: '3400',
					description: 'Rechnung RE1019 0 %',
				},
				{
					...common,
					externalId: 'lexoffice RE1019 7%',
					amount: 8.9,
					debitAccount: '1100',
					creditAccount: '3400',
					taxRate: 7,
					taxSide: 'credit',
					description: 'Rechnung RE1019 7 %',
				},
				{
					...common,
					externalId: 'lexoffice RE1019 19%',
					amount: 15.95,
					debitAccount: '1100',
					creditAccount: '3400',
					taxRate: 19,
					taxSide: 'credit',
					description: 'Rechnung RE1019 19 %',
				},
			],
		},
		{
			name: 'a credit note: revenue to receivables, the tax on revenue (now the debit side)',
			voucher: voucher({
				voucherNumber: 'GS7',
				taxAmounts: [{ netAmount: 100, taxAmount: 19, taxRatePercentage: 19 }],
				totalPrice: {
					currency: 'EUR',
					totalNetAmount: 100,
					totalTaxAmount: 19,
					totalGrossAmount: 119,
				},
			}),
			type: 'creditnote' as const,
			lines: [
				{
					...common,
					externalId: 'lexoffice GS7 19%',
					amount: 119,
					debitAccount: '3400',
					creditAccount: '1100',
					taxRate: 19,
					taxSide: 'debit',
					description: 'Gutschrift GS7 19 %',
				},
			],
		},
		{
			name: 'voided: each line and its reversal',
			voucher: voucher({
				voucherStatus: 'voided',
				taxAmounts: [{ netAmount: 100, taxAmount: 19, taxRatePercentage: 19 }],
				totalPrice: {
					currency: 'EUR',
					totalNetAmount: 100,
					totalTaxAmount: 19,
					totalGrossAmount: 119,
				},
			}),
			type: 'invoice' as const,
			lines: [
				{
					...common,
					externalId: 'lexoffice RE1019 19%',
					amount: 119,
					debitAccount: '1100',
					creditAccount: '3400',
					taxRate: 19,
					taxSide: 'credit',
					description: 'Rechnung RE1019 19 %',
				},
				{
					...common,
					externalId: 'lexoffice RE1019 19% Storno',
					amount: 119,
					debitAccount: '3400',
					creditAccount: '1100',
					taxRate: 19,
					taxSide: 'debit',
					description: 'Rechnung RE1019 19 % Storno',
				},
			],
		},
		{
			name: "the job's tax codes (also for 0 %) and the currency factor",
			voucher: voucher({
				taxAmounts: [
					{ netAmount: 5, taxAmount: 0, taxRatePercentage: 0 },
					{ netAmount: 21.72, taxAmount: 3.13, taxRatePercentage: 14.41 },
				],
			}),
			type: 'invoice' as const,
			job: { ...job, taxCodes: { '0': 'UEX', '14.41': 'UX1441' }, currencyFactor: 0.94 },
			lines: [
				{
					...common,
					externalId: 'lexoffice RE1019 0%',
					amount: 5,
					taxCode: 'UEX',
					taxSide: 'credit',
					currencyFactor: 0.94,
				},
				{
					...common,
					externalId: 'lexoffice RE1019 14.41%',
					amount: 24.85,
					taxCode: 'UX1441',
					taxSide: 'credit',
					currencyFactor: 0.94,
				},
			],
		},
	])('$name', ({ voucher, type, job: own, lines }) => {
		const booked = voucherBookings(voucher, type, own ?? job);
		expect(booked).toEqual(lines.map((l) => expect.objectContaining(l)));
		for (const [i, l] of (booked as object[]).entries()) {
			if (!('taxRate' in lines[i])) expect(l).not.toHaveProperty('taxRate');
			if (!('currencyFactor' in lines[i])) expect(l).not.toHaveProperty('currencyFactor');
		}
	});

	it.each([
		{
			name: 'a draft without number',
			voucher: voucher({ voucherNumber: null }),
			reason: 'has no voucher number (a draft?)',
		},
		{
			name: 'no date',
			voucher: voucher({ voucherDate: null }),
			reason: 'invoice RE1019 has no voucher date',
		},
		{
			name: 'no currency',
			voucher: voucher({ totalPrice: { totalGrossAmount: 29.85 } }),
			reason: 'has no currency in totalPrice',
		},
		{
			name: 'no tax breakdown',
			voucher: voucher({ taxAmounts: [] }),
			reason: 'has no taxAmounts to book',
		},
		{
			name: 'rates that do not add up to the total',
			voucher: voucher({
				totalPrice: {
					currency: 'EUR',
					totalNetAmount: 26.72,
					totalTaxAmount: 3.13,
					totalGrossAmount: 29.86,
				},
			}),
			reason:
				'RE1019: the gross of its tax rates (29.85) is not its total gross (29.86); not booked',
		},
		{
			name: 'a tax bexio would split off the gross differently',
			voucher: voucher({
				taxAmounts: [{ netAmount: 10, taxAmount: 1.89, taxRatePercentage: 19 }],
				totalPrice: { currency: 'EUR' },
			}),
			reason:
				'invoice RE1019: bexio splits 11.89 EUR at 19 % into tax 1.9, lexoffice states 1.89; book this voucher by hand',
		},
	])('refuses $name', ({ voucher, reason }) => {
		expect(voucherBookings(voucher, 'invoice', job)).toEqual({
			invalid: expect.stringContaining(reason),
		});
	});

	it.each([
		{ gross: 119, rate: 19, tax: 19 },
		{ gross: 107, rate: 7, tax: 7 },
		{ gross: 15.95, rate: 19, tax: 2.55 },
		{ gross: 8.9, rate: 7, tax: 0.58 },
		{ gross: 108.1, rate: 8.1, tax: 8.1 },
		{ gross: 5, rate: 0, tax: 0 },
	])('bexio splits $gross at $rate % into tax $tax', ({ gross, rate, tax }) =>
		expect(bexioTaxOfGross(gross, rate)).toBe(tax),
	);
});
