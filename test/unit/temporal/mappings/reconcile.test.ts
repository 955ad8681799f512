import {
	bexioInvoiceCents,
	centsText,
	convertedByRemark,
	inPeriod,
	lexofficeSalesDocumentCents,
	lexofficeVoucherCents,
	compareDocuments,
	reconcileCsv,
	toCents,
	type DocumentCents,
	type SourceEntry,
} from '../../../../temporal/mappings/reconcile';

const currencies = new Map([
	[1, 'CHF'],
	[2, 'EUR'],
]);

/** A document at rates given as [rate, net, tax] in cents. */
const doc = (
	id: string,
	rates: Array<[number, number, number]>,
	currency = 'EUR',
): DocumentCents => ({
	id,
	number: `N-${id}`,
	date: '2026-03-02',
	currency,
	byRate: rates.map(([rate, net, tax]) => ({ rate, net, tax, gross: net + tax })),
});

describe('reconcile: cents and text', () => {
	it.each([
		{ value: 0.1 + 0.2, cents: 30 },
		{ value: '1.005', cents: 101 },
		{ value: -1.005, cents: -101 },
		{ value: '119.000000', cents: 11900 },
		{ value: null, cents: 0 },
		{ value: 'not a number', cents: 0 },
	])('toCents($value) = $cents', ({ value, cents }) => expect(toCents(value)).toBe(cents));

	it.each([
		{ cents: 0, text: '0.00' },
		{ cents: 5, text: '0.05' },
		{ cents: -5, text: '-0.05' },
		{ cents: 123456, text: '1234.56' },
		{ cents: -11900, text: '-119.00' },
	])('centsText($cents) = $text', ({ cents, text }) => expect(centsText(cents)).toBe(text));

	it('adds thousands of amounts without drift', () => {
		const sources: SourceEntry[] = Array.from({ length: 3000 }, (_, i) => ({
			direction: 'lexofficeToBexio',
			source: doc(`s${i}`, [[19, 10, 2]]),
			targetId: `t${i}`,
			target: doc(`t${i}`, [[19, 10, 2]]),
		}));
		const [row] = compareDocuments(sources, []).rows;
		expect(row).toMatchObject({
			sourceCount: 3000,
			sourceNet: '300.00',
			sourceTax: '60.00',
			sourceGross: '360.00',
			targetGross: '360.00',
			differenceGross: '0.00',
		});
	});

	it.each([
		{ date: '2026-03-01', in: true },
		{ date: '2026-03-31', in: true },
		{ date: '2026-02-28', in: false },
		{ date: '2026-04-01', in: false },
		{ date: undefined, in: false },
	])('inPeriod($date) = $in', ({ date, in: expected }) =>
		expect(inPeriod(date, { from: '2026-03-01', to: '2026-03-31' })).toBe(expected),
	);
});

describe('reconcile: each side read', () => {
	it.each([
		{
			name: 'lexoffice invoice, two rates',
			got: () =>
				lexofficeSalesDocumentCents(
					{
						id: 'a',
						voucherNumber: 'RE1',
						voucherDate: '2026-03-02T00:00:00.000+01:00',
						totalPrice: { currency: 'EUR' },
						taxAmounts: [
							{ taxRatePercentage: 19, netAmount: 90, taxAmount: 17.1 },
							{ taxRatePercentage: 7, netAmount: 30, taxAmount: 2.1 },
						],
					},
					'invoice',
				),
			want: {
				id: 'a',
				number: 'RE1',
				date: '2026-03-02',
				currency: 'EUR',
				byRate: [
					{ rate: 7, net: 3000, tax: 210, gross: 3210 },
					{ rate: 19, net: 9000, tax: 1710, gross: 10710 },
				],
			},
		},
		{
			name: 'lexoffice credit note counts negative',
			got: () =>
				lexofficeSalesDocumentCents(
					{
						id: 'c',
						totalPrice: { currency: 'eur' },
						taxAmounts: [{ taxRatePercentage: 19, netAmount: 50, taxAmount: 9.5 }],
					},
					'creditnote',
				),
			want: {
				id: 'c',
				currency: 'EUR',
				byRate: [{ rate: 19, net: -5000, tax: -950, gross: -5950 }],
			},
		},
		{
			name: 'lexoffice bookkeeping voucher priced gross',
			got: () =>
				lexofficeVoucherCents({
					id: 'v',
					type: 'salesinvoice',
					voucherNumber: 'RE-7',
					voucherDate: '2026-03-05',
					taxType: 'gross',
					voucherItems: [
						{ amount: 119, taxAmount: 19, taxRatePercent: 19 },
						{ amount: 11.9, taxAmount: 1.9, taxRatePercent: 19 },
					],
				}),
			want: {
				id: 'v',
				number: 'RE-7',
				date: '2026-03-05',
				currency: 'EUR',
				byRate: [{ rate: 19, net: 11000, tax: 2090, gross: 13090 }],
			},
		},
		{
			name: 'lexoffice bookkeeping credit note priced net',
			got: () =>
				lexofficeVoucherCents({
					id: 'w',
					type: 'salescreditnote',
					taxType: 'net',
					voucherItems: [{ amount: 100, taxAmount: 8.1, taxRatePercent: 8.1 }],
				}),
			want: {
				id: 'w',
				currency: 'EUR',
				byRate: [{ rate: 8.1, net: -10000, tax: -810, gross: -10810 }],
			},
		},
		{
			name: 'bexio invoice net-priced with a percentage discount over two rates',
			got: () =>
				bexioInvoiceCents(
					{
						id: 5,
						document_nr: 'RE-00005',
						is_valid_from: '2026-03-02',
						currency_id: 1,
						mwst_type: 0,
						mwst_is_net: true,
						taxs: [
							{ percentage: '2.60', value: '0.9360' },
							{ percentage: '8.10', value: '7.2900' },
						],
						positions: [
							{ type: 'KbPositionCustom', tax_value: '8.10', position_total: '100.000000' },
							{ type: 'KbPositionText' },
							{ type: 'KbPositionCustom', tax_value: '2.60', position_total: '40.000000' },
							{
								type: 'KbPositionDiscount',
								is_percentual: true,
								value: '10',
								discount_total: '14.000000',
							},
						],
					},
					currencies,
				),
			want: {
				id: '5',
				number: 'RE-00005',
				date: '2026-03-02',
				currency: 'CHF',
				byRate: [
					{ rate: 2.6, net: 3600, tax: 94, gross: 3694 },
					{ rate: 8.1, net: 9000, tax: 729, gross: 9729 },
				],
			},
		},
		{
			name: 'bexio invoice gross-priced: net is the base less its tax',
			got: () =>
				bexioInvoiceCents(
					{
						id: 6,
						currency_id: 2,
						mwst_type: 0,
						mwst_is_net: false,
						taxs: [{ percentage: '8.10', value: '8.1000' }],
						positions: [
							{ type: 'KbPositionCustom', tax_value: '8.10', position_total: '108.100000' },
						],
					},
					currencies,
				),
			want: {
				id: '6',
				currency: 'EUR',
				byRate: [{ rate: 8.1, net: 10000, tax: 810, gross: 10810 }],
			},
		},
		{
			name: 'bexio credit note (negative quantities): sign follows the positions',
			got: () =>
				bexioInvoiceCents(
					{
						id: 7,
						currency_id: 2,
						mwst_type: 0,
						mwst_is_net: true,
						taxs: [{ percentage: '0.00', value: '0.0000' }],
						positions: [
							{ type: 'KbPositionCustom', tax_value: '0.00', position_total: '-50.000000' },
						],
					},
					currencies,
				),
			want: { id: '7', currency: 'EUR', byRate: [{ rate: 0, net: -5000, tax: 0, gross: -5000 }] },
		},
		{
			name: 'bexio invoice without VAT (mwst_type 2): everything at 0 %',
			got: () =>
				bexioInvoiceCents(
					{
						id: 8,
						currency_id: 1,
						mwst_type: 2,
						positions: [
							{ type: 'KbPositionCustom', tax_value: '8.10', position_total: '20.000000' },
						],
					},
					currencies,
				),
			want: { id: '8', currency: 'CHF', byRate: [{ rate: 0, net: 2000, tax: 0, gross: 2000 }] },
		},
		{
			// bexio's documented invoice sample: 17.80 + 1.3706 VAT = 19.1706, total 19.15 CHF.
			name: 'bexio invoice rounded to 0.05: the amounts before rounding, and the rounding step',
			got: () =>
				bexioInvoiceCents(
					{
						id: 4,
						currency_id: 1,
						mwst_type: 0,
						mwst_is_net: true,
						total: '19.150000',
						total_rounding_difference: -0.02,
						taxs: [{ percentage: '7.70', value: '1.3706' }],
						positions: [
							{ type: 'KbPositionCustom', tax_value: '7.70', position_total: '17.800000' },
						],
					},
					currencies,
				),
			want: {
				id: '4',
				currency: 'CHF',
				byRate: [{ rate: 7.7, net: 1780, tax: 137, gross: 1917 }],
				rounding: -2,
			},
		},
	])('$name', ({ got, want }) => expect(got()).toEqual(want));
});

describe('reconcile: the report', () => {
	const linked = (
		id: string,
		source: Array<[number, number, number]>,
		target: Array<[number, number, number]>,
		currency = 'EUR',
	): SourceEntry => ({
		direction: 'lexofficeToBexio',
		source: doc(id, source, currency),
		targetId: `b${id}`,
		target: doc(`b${id}`, target, currency),
	});

	it.each([
		{
			name: 'a clean sync: summary only, zero differences',
			sources: [
				linked('1', [[0, 10000, 0]], [[0, 10000, 0]]),
				linked('2', [[0, -5000, 0]], [[0, -5000, 0]]),
			],
			rows: [
				{
					row: 'summary',
					currency: 'EUR',
					taxRate: 0,
					sourceCount: 2,
					sourceNet: '50.00',
					sourceGross: '50.00',
					targetCount: 2,
					targetGross: '50.00',
					differenceNet: '0.00',
					differenceTax: '0.00',
					differenceGross: '0.00',
				},
			],
			totals: { linked: 2, sourceOnly: 0, targetOnly: 0, differences: 0 },
		},
		{
			name: 'one pair differs at one rate: the difference is target − source',
			sources: [
				linked(
					'1',
					[
						[19, 10000, 1900],
						[7, 3000, 210],
					],
					[
						[19, 12000, 2280],
						[7, 3000, 210],
					],
				),
			],
			rows: [
				{ row: 'summary', taxRate: 7, differenceGross: '0.00' },
				{
					row: 'summary',
					taxRate: 19,
					sourceGross: '119.00',
					targetGross: '142.80',
					differenceNet: '20.00',
					differenceTax: '3.80',
					differenceGross: '23.80',
				},
				{
					row: 'difference',
					taxRate: 19,
					sourceId: '1',
					targetId: 'b1',
					sourceNet: '100.00',
					targetNet: '120.00',
					differenceNet: '20.00',
					differenceTax: '3.80',
					differenceGross: '23.80',
				},
			],
			totals: { linked: 1, sourceOnly: 0, targetOnly: 0, differences: 1 },
		},
		{
			name: 'a rate only the target has',
			sources: [
				linked(
					'1',
					[[19, 10000, 1900]],
					[
						[19, 10000, 1900],
						[0, 500, 0],
					],
				),
			],
			rows: [
				{ row: 'summary', taxRate: 0, sourceCount: 0, targetCount: 1, differenceGross: '5.00' },
				{ row: 'summary', taxRate: 19, differenceGross: '0.00' },
				{ row: 'difference', taxRate: 0, targetNet: '5.00', differenceNet: '5.00' },
			],
			totals: { linked: 1, sourceOnly: 0, targetOnly: 0, differences: 1 },
		},
		{
			name: 'a source without link and one whose target is gone',
			sources: [
				{ direction: 'lexofficeToBexio' as const, source: doc('1', [[19, 10000, 1900]]) },
				{
					direction: 'lexofficeToBexio' as const,
					source: doc('2', [[7, 1000, 70]]),
					targetId: 'b2',
				},
			],
			rows: [
				{
					row: 'sourceOnly',
					sourceId: '1',
					taxRate: 19,
					sourceGross: '119.00',
					reason: 'no link: not in bexio',
				},
				{
					row: 'sourceOnly',
					sourceId: '2',
					targetId: 'b2',
					taxRate: 7,
					sourceGross: '10.70',
					reason: 'linked bexio document b2 is gone',
				},
			],
			totals: { linked: 0, sourceOnly: 2, targetOnly: 0, differences: 0 },
		},
		{
			name: 'a currency mismatch is a difference',
			sources: [
				{
					direction: 'lexofficeToBexio' as const,
					source: doc('1', [[0, 1000, 0]], 'EUR'),
					targetId: 'b1',
					target: doc('b1', [[0, 1000, 0]], 'CHF'),
				},
			],
			rows: [
				{ row: 'summary', currency: 'CHF', targetCount: 1, sourceCount: 0 },
				{ row: 'summary', currency: 'EUR', targetCount: 0, sourceCount: 1 },
				{ row: 'difference', currency: 'EUR/CHF', differenceGross: '0.00' },
			],
			totals: { linked: 1, sourceOnly: 0, targetOnly: 0, differences: 1 },
		},
	])('$name', ({ sources, rows, totals }) => {
		const report = compareDocuments(sources, []);
		expect(report.rows).toHaveLength(rows.length);
		report.rows.forEach((r, i) => expect(r).toMatchObject(rows[i]));
		expect(report.totals).toEqual(totals);
	});

	it('lists a target nothing in the period links to', () => {
		const report = compareDocuments(
			[],
			[{ direction: 'bexioToLexoffice', target: doc('v1', [[19, 1000, 190]]) }],
		);
		expect(report.rows).toEqual([
			{
				row: 'targetOnly',
				direction: 'bexioToLexoffice',
				currency: 'EUR',
				taxRate: 19,
				targetId: 'v1',
				targetNumber: 'N-v1',
				date: '2026-03-02',
				reason: 'no bexio document of the period links to it',
				targetNet: '10.00',
				targetTax: '1.90',
				targetGross: '11.90',
			},
		]);
		expect(report.totals).toEqual({ linked: 0, sourceOnly: 0, targetOnly: 1, differences: 0 });
	});

	it('aligns a rate the job mapped (taxRateMap) on the source rate, naming the target rate', () => {
		const sources = [linked('1', [[19, 10000, 1900]], [[8.1, 11008, 892]])];
		const report = compareDocuments(sources, [], {
			taxRateMap: { lexofficeToBexio: { '19': 8.1 } },
		});
		expect(report.rows).toEqual([
			expect.objectContaining({
				row: 'summary',
				taxRate: 19,
				targetTaxRate: 8.1,
				sourceNet: '100.00',
				targetNet: '110.08',
				differenceNet: '10.08',
				differenceTax: '-10.08',
				differenceGross: '0.00',
			}),
			expect.objectContaining({
				row: 'difference',
				taxRate: 19,
				targetTaxRate: 8.1,
				differenceNet: '10.08',
				differenceTax: '-10.08',
				differenceGross: '0.00',
			}),
		]);
	});

	// 100.00 + 19.00 at 19 % written at 8.1 %: keepGross 110.08 + 8.92, keepNet 100.00 + 8.10.
	it.each<{
		name: string;
		policy: 'fail' | 'keepGross' | 'keepNet';
		target: [number, number, number];
		differences: number;
	}>([
		{
			name: 'keepGross: the kept gross reconciles, the recomputed net and tax are no difference',
			policy: 'keepGross',
			target: [8.1, 11008, 892],
			differences: 0,
		},
		{
			name: 'keepGross: a gross two cents off is a difference',
			policy: 'keepGross',
			target: [8.1, 11008, 894],
			differences: 1,
		},
		{
			name: 'keepNet: the kept net reconciles, the lower tax and gross are no difference',
			policy: 'keepNet',
			target: [8.1, 10000, 810],
			differences: 0,
		},
		{
			name: 'keepNet: a net that moved is a difference',
			policy: 'keepNet',
			target: [8.1, 11008, 892],
			differences: 1,
		},
		{
			name: 'fail: a mapped rate is compared on net, tax and gross',
			policy: 'fail',
			target: [8.1, 11008, 892],
			differences: 1,
		},
	])('$name', ({ policy, target, differences }) => {
		const report = compareDocuments([linked('1', [[19, 10000, 1900]], [target])], [], {
			taxRateMap: { lexofficeToBexio: { '19': 8.1 } },
			taxPolicy: { lexofficeToBexio: policy, bexioToLexoffice: 'fail' },
		});
		expect(report.totals.differences).toBe(differences);
		const named = policy === 'fail' ? undefined : policy;
		for (const row of report.rows)
			expect({ row: row.row, taxPolicy: row.taxPolicy }).toEqual({
				row: row.row,
				taxPolicy: named,
			});
	});

	it('compares a pair at an unmapped rate on net, tax and gross whatever the policy', () => {
		const report = compareDocuments(
			[
				linked(
					'1',
					[
						[0, 10000, 0],
						[7, 10000, 700],
						[19, 10000, 1900],
					],
					[
						[0, 10000, 0],
						[2.6, 10438, 262],
						[19, 10002, 1900],
					],
				),
			],
			[],
			{
				taxRateMap: { lexofficeToBexio: { '7': 2.6 } },
				taxPolicy: { lexofficeToBexio: 'keepGross' },
			},
		);
		// 7 % → 2.6 % keeps the gross (107.00); 19 % is not mapped, so its two-cent net difference counts.
		expect(report.totals.differences).toBe(1);
		expect(report.rows.filter((r) => r.row === 'difference')).toEqual([
			expect.objectContaining({ taxRate: 19, differenceNet: '0.02', differenceTax: '0.00' }),
		]);
		expect(report.rows.find((r) => r.row === 'difference')?.taxPolicy).toBeUndefined();
		expect(report.rows.find((r) => r.row === 'summary' && r.taxRate === 7)).toMatchObject({
			targetTaxRate: 2.6,
			taxPolicy: 'keepGross',
			differenceGross: '0.00',
		});
	});

	it.each([
		{
			name: "a voucher holding bexio's rounded total reconciles (one rounding step)",
			rounding: -2,
			target: 1915,
			differences: 0,
		},
		{
			name: "a difference larger than bexio's rounding step is reported",
			rounding: -2,
			target: 1910,
			differences: 1,
		},
		{
			name: 'without a rounding step a cent is a difference',
			rounding: 0,
			target: 1915,
			differences: 1,
		},
		{
			name: 'the amounts before rounding reconcile',
			rounding: -2,
			target: 1917,
			differences: 0,
		},
	])('bexio rounding: $name', ({ rounding, target, differences }) => {
		// bexio's documented sample: 19.1706 rounded to 19.15 CHF, total_rounding_difference -0.02.
		const source = { ...doc('b1', [[0, 1917, 0]], 'CHF'), rounding };
		const report = compareDocuments(
			[
				{
					direction: 'bexioToLexoffice',
					source,
					targetId: 'v1',
					target: doc('v1', [[0, target, 0]], 'CHF'),
				},
			],
			[],
		);
		expect(report.totals.differences).toBe(differences);
	});

	it.each([
		{
			name: 'one cent per rate is rounding, not a difference',
			target: [19, 10001, 1899],
			differences: 0,
		},
		{
			name: 'a cent each on net and tax is rounding too',
			target: [19, 9999, 1899],
			differences: 0,
		},
		{ name: 'two cents on the net are a difference', target: [19, 10002, 1900], differences: 1 },
	])('$name', ({ target, differences }) => {
		const pair = linked('1', [[19, 10000, 1900]], [target as [number, number, number]]);
		expect(compareDocuments([pair], []).totals.differences).toBe(differences);
	});

	it('compares source rates mapped to one target rate together, on the first of them', () => {
		// bexio 2.6 % and 3.8 % both booked at 7 % in lexoffice, keeping the gross: 102.60 + 103.80 = 206.40.
		const report = compareDocuments(
			[
				{
					direction: 'bexioToLexoffice',
					source: doc('b1', [
						[2.6, 10000, 260],
						[3.8, 10000, 380],
					]),
					targetId: 'v1',
					// Two source rates, each rounded: two cents apart is still rounding.
					target: doc('v1', [[7, 19292, 1350]]),
				},
			],
			[],
			{
				taxRateMap: { bexioToLexoffice: { '2.6': 7, '3.8': 7 } },
				taxPolicy: { bexioToLexoffice: 'keepGross' },
			},
		);
		expect(report.totals.differences).toBe(0);
		expect(report.rows).toEqual([
			expect.objectContaining({
				row: 'summary',
				taxRate: 2.6,
				targetTaxRate: 7,
				sourceGross: '206.40',
				targetGross: '206.42',
				taxPolicy: 'keepGross',
			}),
		]);
	});

	it('keeps the directions apart', () => {
		const report = compareDocuments(
			[
				linked('1', [[0, 100, 0]], [[0, 100, 0]]),
				{ ...linked('2', [[0, 200, 0]], [[0, 200, 0]]), direction: 'bexioToLexoffice' },
			],
			[],
		);
		expect(report.rows.map((r) => [r.direction, r.sourceGross])).toEqual([
			['bexioToLexoffice', '2.00'],
			['lexofficeToBexio', '1.00'],
		]);
	});

	it('writes CSV with a header, quoting what needs it', () => {
		const csv = reconcileCsv([
			{
				row: 'sourceOnly',
				direction: 'lexofficeToBexio',
				currency: 'EUR',
				taxRate: 19,
				sourceId: 'a',
				reason: 'no link, "really"',
				sourceGross: '1.00',
			},
		]);
		const [header, line, end] = csv.split('\r\n');
		expect(header.split(',')).toContain('differenceGross');
		expect(line).toBe(
			'sourceOnly,lexofficeToBexio,EUR,19,,,,a,,,,,,,1.00,,,,,,,,"no link, ""really"""',
		);
		expect(end).toBe('');
	});
});

describe('reconcile: a converted pair compares in EUR at the rate the voucher records', () => {
	const remark =
		'bexio RE-1: Beratung\nconverted 1 CHF = 1.075269 EUR (bexio rate of 2026-01-01); original CHF net 100.00, tax 19.00, gross 119.00';
	it.each([
		{
			name: 'net priced: converted per rate as the import converts',
			source: doc('1', [[19, 10000, 1900]], 'CHF'),
			voucher: { remark, taxType: 'net' },
			expected: doc('1', [[19, 10753, 2043]], 'EUR'),
		},
		{
			name: 'gross priced: the gross converted, the tax taken out of it',
			source: doc('1', [[7, 100, 7]], 'CHF'),
			voucher: { remark: remark.replace('1.075269', '0.333'), taxType: 'gross' },
			expected: doc('1', [[7, 34, 2]], 'EUR'),
		},
		{
			name: 'net priced at the same rate: the net converted, the tax added',
			source: doc('1', [[7, 100, 7]], 'CHF'),
			voucher: { remark: remark.replace('1.075269', '0.333'), taxType: 'net' },
			expected: doc('1', [[7, 33, 2]], 'EUR'),
		},
		{
			name: 'a credit note keeps its sign',
			source: doc('1', [[19, -10000, -1900]], 'CHF'),
			voucher: { remark, taxType: 'net' },
			expected: doc('1', [[19, -10753, -2043]], 'EUR'),
		},
		{
			name: 'no conversion on the remark: unchanged',
			source: doc('1', [[19, 10000, 1900]]),
			voucher: { remark: 'bexio RE-1: Beratung', taxType: 'net' },
			expected: doc('1', [[19, 10000, 1900]]),
		},
		{
			name: 'a conversion from another currency: unchanged',
			source: doc('1', [[19, 10000, 1900]], 'USD'),
			voucher: { remark, taxType: 'net' },
			expected: doc('1', [[19, 10000, 1900]], 'USD'),
		},
	])('$name', ({ source, voucher, expected }) => {
		expect(convertedByRemark(source, voucher)).toEqual(expected);
	});

	it('a converted pair booked as converted reconciles to no difference', () => {
		const source = doc('1', [[19, 10000, 1900]], 'CHF');
		const target = doc('v1', [[19, 10753, 2043]], 'EUR');
		const entry: SourceEntry = {
			direction: 'bexioToLexoffice',
			source: convertedByRemark(source, { remark, taxType: 'net' }),
			targetId: 'v1',
			target,
		};
		expect(compareDocuments([entry], []).totals.differences).toBe(0);
	});
});
