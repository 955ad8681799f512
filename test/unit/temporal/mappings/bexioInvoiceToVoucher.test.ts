import {
	bexioInvoiceToVoucher,
	REVENUE_CATEGORY_ID,
	type BexioInvoiceForVoucher,
	type VoucherPlan,
} from '../../../../temporal/mappings/bexioInvoiceToVoucher';

const bexio = {
	rateByTaxId: new Map([
		[1, 8.1],
		[2, 2.6],
		[4, 0],
		[9, 19],
	]),
	currencyCodeById: new Map([
		[1, 'CHF'],
		[2, 'EUR'],
		[3, 'USD'],
	]),
};

/** An issued bexio invoice as its GET answers it, totals computed as bexio documents them. */
function invoice(
	positions: Array<{ total: number; taxId: number }>,
	extra: Partial<BexioInvoiceForVoucher> = {},
): BexioInvoiceForVoucher {
	const net = extra.mwst_is_net !== false;
	let tax = 0;
	let sum = 0;
	for (const p of positions) {
		const rate = bexio.rateByTaxId.get(p.taxId) ?? 0;
		tax += net ? (p.total * rate) / 100 : p.total - p.total / (1 + rate / 100);
		sum += p.total;
	}
	const total = Math.round((net ? sum + tax : sum) * 100) / 100;
	return {
		document_nr: 'RE-00001',
		title: 'Beratung',
		is_valid_from: '2026-03-02',
		is_valid_to: '2026-04-01',
		currency_id: 2,
		mwst_type: 0,
		mwst_is_net: true,
		total: total.toFixed(6),
		total_taxes: tax.toFixed(4),
		positions: positions.map((p) => ({
			type: 'KbPositionCustom',
			tax_id: p.taxId,
			position_total: p.total.toFixed(6),
		})),
		...extra,
	};
}
const plan = (result: ReturnType<typeof bexioInvoiceToVoucher>): VoucherPlan => {
	if ('invalid' in result) throw new Error(result.invalid);
	return result;
};
const item = (amount: number, taxAmount: number, taxRatePercent: number) => ({
	amount,
	taxAmount,
	taxRatePercent,
	categoryId: REVENUE_CATEGORY_ID,
});

describe('bexioInvoiceToVoucher', () => {
	it.each([
		{
			name: 'a rate lexoffice has: net kept exactly',
			positions: [{ total: 100, taxId: 9 }],
			options: {},
			taxType: 'net',
			items: [item(100, 19, 19)],
			gross: 119,
			tax: 19,
			adjusted: undefined,
		},
		{
			name: '0 %: nothing to map',
			positions: [{ total: 40, taxId: 4 }],
			options: {},
			taxType: 'net',
			items: [item(40, 0, 0)],
			gross: 40,
			tax: 0,
			adjusted: undefined,
		},
		{
			name: 'keepGross: the customer owes the same, booked gross at the mapped rate',
			positions: [{ total: 100, taxId: 1 }],
			options: { taxRateMap: { '8.1': 19 }, taxPolicy: 'keepGross' as const },
			taxType: 'gross',
			items: [item(108.1, 17.26, 19)],
			gross: 108.1,
			tax: 17.26,
			adjusted: 'net 100.00 → 90.84 EUR, tax 8.10 → 17.26 EUR',
		},
		{
			name: 'keepNet: the net kept, the gross changes and is reported',
			positions: [{ total: 100, taxId: 1 }],
			options: { taxRateMap: { '8.1': 19 }, taxPolicy: 'keepNet' as const },
			taxType: 'net',
			items: [item(100, 19, 19)],
			gross: 119,
			tax: 19,
			adjusted: 'tax 8.10 → 19.00 EUR, gross 108.10 → 119.00 EUR',
		},
	])('$name', ({ positions, options, taxType, items, gross, tax, adjusted }) => {
		const p = plan(bexioInvoiceToVoucher(invoice(positions), bexio, options));
		expect(p.body).toMatchObject({
			type: 'salesinvoice',
			voucherNumber: 'RE-00001',
			voucherDate: '2026-03-02',
			dueDate: '2026-04-01',
			taxType,
			totalGrossAmount: gross,
			totalTaxAmount: tax,
		});
		expect(p.body.voucherItems).toEqual(items);
		expect(p.adjusted?.reason).toBe(
			adjusted === undefined ? undefined : `8.1 % → 19 % (${options.taxPolicy}): ${adjusted}`,
		);
	});

	it('keeps gross pricing of a document priced with tax included', () => {
		const p = plan(
			bexioInvoiceToVoucher(invoice([{ total: 119, taxId: 9 }], { mwst_is_net: false }), bexio, {}),
		);
		expect(p.body).toMatchObject({
			taxType: 'gross',
			totalGrossAmount: 119,
			totalTaxAmount: 19,
			voucherItems: [item(119, 19, 19)],
		});
	});

	it('spreads a document discount over the rates and books a negative invoice as a credit note', () => {
		const discounted = invoice([{ total: 100, taxId: 9 }], {
			total: '107.100000',
			total_taxes: '17.1000',
		});
		discounted.positions!.push({
			type: 'KbPositionDiscount',
			is_percentual: true,
			value: '10',
			discount_total: '10.000000',
		});
		expect(plan(bexioInvoiceToVoucher(discounted, bexio, {})).body.voucherItems).toEqual([
			item(90, 17.1, 19),
		]);
		const credit = plan(bexioInvoiceToVoucher(invoice([{ total: -50, taxId: 9 }]), bexio, {}));
		expect(credit.body).toMatchObject({
			type: 'salescreditnote',
			totalGrossAmount: 59.5,
			totalTaxAmount: 9.5,
			voucherItems: [item(50, 9.5, 19)],
		});
	});

	it.each([
		{
			name: 'a document in CHF without a rate',
			doc: invoice([{ total: 100, taxId: 9 }], { currency_id: 1 }),
			options: {},
			expected:
				'is in CHF and lexoffice books in EUR only: add an exchange rate for the document date in bexio (Settings → Currencies) or give the job exchangeRates',
		},
		{
			name: 'a Swiss rate without a map',
			doc: invoice([{ total: 100, taxId: 1 }]),
			options: {},
			expected: 'bexio tax rate 8.1 % does not exist in lexoffice',
		},
		{
			name: 'a mapped rate under the default policy',
			doc: invoice([{ total: 100, taxId: 1 }]),
			options: { taxRateMap: { '8.1': 19 } },
			expected:
				'keeping the gross (taxPolicy keepGross) changes net 100.00 → 90.84 EUR, tax 8.10 → 17.26 EUR; keeping the net (taxPolicy keepNet) changes tax 8.10 → 19.00 EUR, gross 108.10 → 119.00 EUR',
		},
		{
			name: 'totals that do not add up to the positions',
			doc: invoice([{ total: 100, taxId: 9 }], { total: '150.000000' }),
			options: {},
			expected: 'the voucher would book',
		},
	])('fails $name with the reason', ({ doc, options, expected }) => {
		expect(bexioInvoiceToVoucher(doc, bexio, options)).toEqual({
			invalid: expect.stringContaining(expected),
		});
	});
});

describe('bexioInvoiceToVoucher converts a document in another currency', () => {
	const chfToEur = {
		from: 'CHF',
		to: 'EUR',
		rate: 1.075269,
		source: 'bexio' as const,
		date: '2026-01-01',
	};
	it.each([
		{
			name: 'CHF at 19 %, net priced: net converted, tax recomputed, gross = net + tax',
			doc: invoice([{ total: 100, taxId: 9 }], { currency_id: 1 }),
			rate: chfToEur,
			items: [item(107.53, 20.43, 19)],
			gross: 127.96,
			remark:
				'converted 1 CHF = 1.075269 EUR (bexio rate of 2026-01-01); original CHF net 100.00, tax 19.00, gross 119.00',
		},
		{
			name: 'USD at two rates, gross priced, at the job rate',
			doc: invoice(
				[
					{ total: 119, taxId: 9 },
					{ total: 50, taxId: 4 },
				],
				{ currency_id: 3, mwst_is_net: false },
			),
			rate: { from: 'USD', to: 'EUR', rate: 0.860215, source: 'job' as const },
			items: [item(102.37, 16.34, 19), item(43.01, 0, 0)],
			gross: 145.38,
			remark:
				"converted 1 USD = 0.860215 EUR (the job's rate); original USD net 150.00, tax 19.00, gross 169.00",
		},
	])('$name', ({ doc, rate, items, gross, remark }) => {
		const p = plan(bexioInvoiceToVoucher(doc, bexio, { eurRate: rate }));
		expect(p.body.voucherItems).toEqual(items);
		expect(p.body.totalGrossAmount).toBe(gross);
		expect(p.body.remark).toBe(`bexio RE-00001: Beratung\n${remark}`);
		expect(p.adjusted).toMatchObject({
			currency: 'EUR',
			differences: [],
			reason: remark,
			conversion: { ...rate, original: { net: expect.any(Number), gross: expect.any(Number) } },
		});
		expect(p.adjusted?.policy).toBeUndefined();
	});

	it('refuses a rate for another currency than the document', () => {
		const doc = invoice([{ total: 100, taxId: 9 }], { currency_id: 3 });
		expect(bexioInvoiceToVoucher(doc, bexio, { eurRate: chfToEur })).toEqual({
			invalid: expect.stringContaining('is in USD and lexoffice books in EUR only'),
		});
	});

	it('an EUR document is not converted even when a rate is given', () => {
		const p = plan(
			bexioInvoiceToVoucher(invoice([{ total: 100, taxId: 9 }]), bexio, { eurRate: chfToEur }),
		);
		expect(p.body.remark).toBe('bexio RE-00001: Beratung');
		expect(p.adjusted).toBeUndefined();
	});
});

describe('bexioInvoiceToVoucher: tax-free lines book under the posting category of their meaning', () => {
	const withCodes = {
		...bexio,
		rateByTaxId: new Map([...bexio.rateByTaxId, [30, 0], [32, 0]]),
		meaningByTaxId: new Map([
			[30, 'export' as const],
			[32, 'exempt' as const],
		]),
	};
	const categories = new Map([['Ausfuhrlieferungen', 'cat-export']]);
	it('an export line books at 0 % under Ausfuhrlieferungen, a taxed line stays as it is', () => {
		const doc = invoice([
			{ total: 100, taxId: 30 },
			{ total: 50, taxId: 9 },
		]);
		const p = plan(bexioInvoiceToVoucher(doc, withCodes, { incomeCategoryIdByName: categories }));
		expect(p.body.voucherItems).toEqual([
			{ ...item(100, 0, 0), categoryId: 'cat-export' },
			item(50, 9.5, 19),
		]);
	});

	it.each([
		{
			name: 'a meaning lexoffice has no category for',
			positions: [{ total: 100, taxId: 32 }],
			expected: 'lexoffice has no posting category for tax-exempt turnover',
		},
		{
			name: 'export mixed with plain 0 %',
			positions: [
				{ total: 100, taxId: 30 },
				{ total: 40, taxId: 4 },
			],
			expected: 'its 0 % lines mix export, 0 %',
		},
	])('fails $name with the reason', ({ positions, expected }) => {
		expect(
			bexioInvoiceToVoucher(invoice(positions), withCodes, { incomeCategoryIdByName: categories }),
		).toEqual({ invalid: expect.stringContaining(expected) });
	});
});
