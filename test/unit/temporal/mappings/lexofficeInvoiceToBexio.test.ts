import {
	bexioDocumentAmounts,
	checkBexioAmounts,
	lexofficeInvoiceToBexio,
	type BexioInvoicePlan,
	type LexofficeSalesVoucher,
} from '../../../../temporal/mappings/lexofficeInvoiceToBexio';

/** A bexio account: Swiss rates only unless a case adds one; EUR and CHF. */
const bexio = (extraRates: Record<number, number> = {}) => ({
	taxIdByRate: new Map<number, number>([
		[8.1, 1],
		[2.6, 2],
		[0, 4],
		...Object.entries(extraRates).map(([r, id]) => [Number(r), id] as [number, number]),
	]),
	currencies: new Map([
		['CHF', { id: 1, roundFactor: 0.05 }],
		['EUR', { id: 2, roundFactor: 0.01 }],
	]),
});

/** One lexoffice invoice as its GET answers it (both unit prices, totals and the tax breakdown). */
function voucher(
	lines: Array<{ net: number; rate: number; quantity?: number; discount?: number }>,
	extra: Partial<LexofficeSalesVoucher> = {},
	taxType = 'net',
): LexofficeSalesVoucher {
	const groups = new Map<number, number>();
	const lineItems = lines.map((l) => {
		const amount =
			Math.round((l.quantity ?? 1) * l.net * (1 - (l.discount ?? 0) / 100) * 100) / 100;
		groups.set(l.rate, (groups.get(l.rate) ?? 0) + amount);
		const gross = Math.round(l.net * (1 + l.rate / 100) * 1e4) / 1e4;
		return {
			type: 'custom',
			name: `Line ${l.net}`,
			quantity: l.quantity ?? 1,
			discountPercentage: l.discount ?? 0,
			unitPrice: {
				currency: 'EUR',
				netAmount: l.net,
				grossAmount: gross,
				taxRatePercentage: l.rate,
			},
			lineItemAmount: amount,
		};
	});
	const taxAmounts = [...groups].map(([rate, net]) => ({
		taxRatePercentage: rate,
		netAmount: net,
		taxAmount: Math.round(net * rate) / 100,
	}));
	const net = taxAmounts.reduce((s, t) => s + t.netAmount, 0);
	const tax = taxAmounts.reduce((s, t) => s + t.taxAmount, 0);
	return {
		id: 'lex-1',
		voucherNumber: 'RE0001',
		voucherDate: '2026-03-02T00:00:00.000+01:00',
		lineItems,
		taxAmounts,
		totalPrice: {
			currency: 'EUR',
			totalNetAmount: round(net),
			totalTaxAmount: round(tax),
			totalGrossAmount: round(net + tax),
		},
		taxConditions: { taxType },
		...extra,
	};
}
const round = (n: number) => Math.round(n * 100) / 100;
const plan = (result: ReturnType<typeof lexofficeInvoiceToBexio>): BexioInvoicePlan => {
	if ('invalid' in result) throw new Error(result.invalid);
	return result;
};

describe('lexofficeInvoiceToBexio', () => {
	it.each([
		{
			name: 'net-priced at a rate bexio has',
			rates: { 19: 9 } as Record<number, number>,
			options: {},
			mwstIsNet: true,
			unitPrice: '100',
			taxId: 9,
			expected: { net: 100, tax: 19, gross: 119 },
		},
		{
			name: 'a mapped rate under keepGross: gross prices, the gross kept',
			rates: {} as Record<number, number>,
			options: { taxRateMap: { '19': 8.1 }, taxPolicy: 'keepGross' as const },
			mwstIsNet: false,
			unitPrice: '119',
			taxId: 1,
			expected: { net: 110.08, tax: 8.92, gross: 119 },
		},
		{
			name: 'a mapped rate under keepNet: net prices, the net kept',
			rates: {} as Record<number, number>,
			options: { taxRateMap: { '19': 8.1 }, taxPolicy: 'keepNet' as const },
			mwstIsNet: true,
			unitPrice: '100',
			taxId: 1,
			expected: { net: 100, tax: 8.1, gross: 108.1 },
		},
	])('$name', ({ rates, options, mwstIsNet, unitPrice, taxId, expected }) => {
		const p = plan(
			lexofficeInvoiceToBexio(voucher([{ net: 100, rate: 19 }]), 'invoice', bexio(rates), options),
		);
		// VAT is carried (type 0, never 1 "excluding taxes"), in the source's currency.
		expect(p.body).toMatchObject({
			mwst_type: 0,
			mwst_is_net: mwstIsNet,
			currency_id: 2,
			api_reference: 'lexoffice:lex-1',
			is_valid_from: '2026-03-02',
		});
		expect(p.body.positions).toEqual([
			{
				type: 'KbPositionCustom',
				text: 'Line 100',
				amount: '1',
				unit_price: unitPrice,
				tax_id: taxId,
			},
		]);
		expect(p.source).toEqual({ currency: 'EUR', net: 100, tax: 19, gross: 119 });
		expect(p.expected).toEqual({ currency: 'EUR', ...expected });
	});

	it.each([
		{
			name: 'a rate bexio lacks and no map',
			options: {},
			expected: ['tax rate 19 % has no active bexio sales tax', 'taxRateMap', 'keepGross'],
		},
		{
			name: 'a map to a rate bexio lacks',
			options: { taxRateMap: { '19': 7.7 }, taxPolicy: 'keepGross' as const },
			expected: ['maps 19 % to 7.7 %'],
		},
		{
			name: 'a mapped rate under the default policy names what each policy would change',
			options: { taxRateMap: { '19': 8.1 } },
			expected: [
				'19 % → 8.1 %',
				'keepGross) changes net 100.00 → 110.08 EUR, tax 19.00 → 8.92 EUR',
				'keepNet) changes tax 19.00 → 8.10 EUR, gross 119.00 → 108.10 EUR',
			],
		},
	])('fails the document: $name', ({ options, expected }) => {
		const result = lexofficeInvoiceToBexio(
			voucher([{ net: 100, rate: 19 }]),
			'invoice',
			bexio(),
			options,
		);
		expect('invalid' in result).toBe(true);
		for (const text of expected) expect((result as { invalid: string }).invalid).toContain(text);
	});

	it('fails a document in a currency bexio does not have, naming the fix', () => {
		const usd = voucher([{ net: 10, rate: 0 }], {
			totalPrice: { currency: 'USD', totalNetAmount: 10, totalTaxAmount: 0, totalGrossAmount: 10 },
		});
		expect(lexofficeInvoiceToBexio(usd, 'invoice', bexio(), {})).toEqual({
			invalid: expect.stringContaining(
				'in USD, which bexio does not have: add the currency in bexio',
			),
		});
	});

	it('keeps gross pricing, line discounts and a total percentage discount as they are', () => {
		const v = voucher(
			[{ net: 50, rate: 19, quantity: 2, discount: 10 }],
			{
				totalPrice: {
					currency: 'EUR',
					totalNetAmount: 81,
					totalTaxAmount: 15.39,
					totalGrossAmount: 96.39,
					totalDiscountPercentage: 10,
				},
			},
			'gross',
		);
		const p = plan(lexofficeInvoiceToBexio(v, 'invoice', bexio({ 19: 9 }), {}));
		expect(p.body.mwst_is_net).toBe(false);
		expect(p.body.positions).toEqual([
			{
				type: 'KbPositionCustom',
				text: 'Line 50',
				amount: '2',
				unit_price: '59.5',
				tax_id: 9,
				discount_in_percent: '10',
			},
			{ type: 'KbPositionDiscount', text: 'Rabatt 10 %', is_percentual: true, value: '10' },
		]);
	});

	it('converts an absolute net discount to gross when keepGross prices the document gross', () => {
		const v = voucher([{ net: 100, rate: 19 }], {
			totalPrice: {
				currency: 'EUR',
				totalNetAmount: 90,
				totalTaxAmount: 17.1,
				totalGrossAmount: 107.1,
				totalDiscountAbsolute: 10,
			},
		});
		const p = plan(
			lexofficeInvoiceToBexio(v, 'invoice', bexio(), {
				taxRateMap: { '19': 8.1 },
				taxPolicy: 'keepGross',
			}),
		);
		expect(p.body.positions[1]).toEqual({
			type: 'KbPositionDiscount',
			text: 'Rabatt',
			is_percentual: false,
			value: '11.9',
		});
	});

	it('writes a credit note as negative quantities with negative source amounts, titled as such', () => {
		const p = plan(
			lexofficeInvoiceToBexio(
				voucher([{ net: 40, rate: 0 }], { voucherNumber: 'GS0001' }),
				'creditnote',
				bexio(),
				{},
			),
		);
		expect(p.body.title).toBe('Gutschrift GS0001');
		expect(p.body.positions[0]).toMatchObject({ amount: '-1', unit_price: '40', tax_id: 4 });
		expect(p.source).toEqual({ currency: 'EUR', net: -40, tax: -0, gross: -40 });
	});

	it.each([
		{
			name: 'payment term: due date and terms text, the number kept for manual numbering',
			extra: {
				paymentConditions: {
					paymentTermLabel: '10 Tage - 3 %, 30 Tage netto',
					paymentTermDuration: 30,
				},
			},
			fields: {
				is_valid_from: '2026-03-02',
				is_valid_to: '2026-04-01',
				footer: 'Zahlungsbedingungen: 10 Tage - 3 %, 30 Tage netto',
			},
		},
		{
			name: 'no payment conditions: bexio keeps its defaults',
			extra: {},
			fields: { is_valid_from: '2026-03-02', is_valid_to: undefined, footer: undefined },
		},
	])('$name', ({ extra, fields }) => {
		const p = plan(
			lexofficeInvoiceToBexio(voucher([{ net: 100, rate: 8.1 }], extra), 'invoice', bexio(), {}),
		);
		for (const [field, value] of Object.entries(fields))
			if (value === undefined) expect(p.body).not.toHaveProperty(field);
			else expect(p.body).toHaveProperty(field, value);
		expect(p.documentNumber).toBe('RE0001');
		expect(p.body.title).toBe('Rechnung RE0001');
	});
});

describe('checkBexioAmounts', () => {
	const keepAll = plan(
		lexofficeInvoiceToBexio(voucher([{ net: 100, rate: 19 }]), 'invoice', bexio({ 19: 9 }), {}),
	);
	const keepGross = plan(
		lexofficeInvoiceToBexio(voucher([{ net: 100, rate: 19 }]), 'invoice', bexio(), {
			taxRateMap: { '19': 8.1 },
			taxPolicy: 'keepGross',
		}),
	);

	it.each([
		{
			name: 'equal amounts pass',
			p: keepAll,
			doc: { total: '119.000000', total_taxes: '19.0000' },
			currencyId: 2,
			mismatch: undefined,
			adjusted: [],
		},
		{
			name: 'a cent of rounding passes',
			p: keepAll,
			doc: { total: '119.010000', total_taxes: '19.0100' },
			currencyId: 2,
			mismatch: undefined,
			adjusted: [],
		},
		{
			name: 'tax lost (the old mwst_type 1) is a mismatch',
			p: keepAll,
			doc: { total: '100.000000', total_taxes: '0.0000' },
			currencyId: 2,
			mismatch: 'tax 19.00 → 0.00 EUR, gross 119.00 → 100.00 EUR',
			adjusted: [],
		},
		{
			name: 'the base currency instead of EUR is a mismatch',
			p: keepAll,
			doc: { total: '119.000000', total_taxes: '19.0000' },
			currencyId: 1,
			mismatch: 'currency id 1, not 2 (EUR)',
			adjusted: [],
		},
		{
			name: 'keepGross: the gross kept, net and tax reported',
			p: keepGross,
			doc: { total: '119.000000', total_taxes: '8.9177' },
			currencyId: 2,
			mismatch: undefined,
			adjusted: [
				{ field: 'net', source: 100, target: 110.08 },
				{ field: 'tax', source: 19, target: 8.92 },
			],
		},
		{
			name: 'keepGross: a changed gross is a mismatch',
			p: keepGross,
			doc: { total: '108.100000', total_taxes: '8.1000' },
			currencyId: 2,
			mismatch: 'gross 119.00 → 108.10 EUR',
			adjusted: [],
		},
		{
			name: 'keepGross: the gross without its tax (no VAT) is a mismatch',
			p: keepGross,
			doc: { total: '119.000000', total_taxes: '0.0000' },
			currencyId: 2,
			mismatch: 'net 110.08 → 119.00 EUR, tax 8.92 → 0.00 EUR',
			adjusted: [],
		},
	])('$name', ({ p, doc, currencyId, mismatch, adjusted }) => {
		const result = checkBexioAmounts(p, bexioDocumentAmounts(doc, 'EUR'), currencyId);
		if (mismatch) expect(result.mismatch).toContain(mismatch);
		else expect(result.mismatch).toBeUndefined();
		expect(result.adjusted).toEqual(adjusted);
	});

	it('reads bexio totals: total minus its rounding difference minus tax is the net', () => {
		expect(
			bexioDocumentAmounts(
				{ total: '107.600000', total_taxes: '8.0676', total_rounding_difference: 0.01 },
				'CHF',
			),
		).toEqual({ currency: 'CHF', net: 99.52, tax: 8.07, gross: 107.6 });
	});
});
