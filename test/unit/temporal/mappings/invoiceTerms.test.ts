import {
	bexioPaymentEntries,
	bexioTermsFields,
	invoiceContentHash,
	lexofficeDueDate,
	lexofficePaymentEntries,
	missingPayments,
	paymentTermsText,
	paymentsToRecord,
	type PaymentEntry,
} from '../../../../temporal/mappings/invoiceTerms';

// The payment conditions of the official invoice sample (lexoffice invoices endpoint).
const SAMPLE_CONDITIONS = {
	paymentTermLabel: '10 Tage - 3 %, 30 Tage netto',
	paymentTermDuration: 30,
	paymentDiscountConditions: { discountPercentage: 3, discountRange: 10 },
};

describe('lexofficeDueDate', () => {
	it.each([
		{
			name: 'lexoffice dueDate wins',
			voucher: {
				voucherDate: '2023-02-22T00:00:00.000+01:00',
				dueDate: '2023-03-01T00:00:00.000+01:00',
				paymentConditions: SAMPLE_CONDITIONS,
			},
			due: '2023-03-01',
		},
		{
			name: 'voucher date + term days',
			voucher: {
				voucherDate: '2023-02-22T00:00:00.000+01:00',
				paymentConditions: SAMPLE_CONDITIONS,
			},
			due: '2023-03-24',
		},
		{
			name: 'across a year end, Berlin day kept',
			voucher: {
				voucherDate: '2025-12-31T00:00:00.000+01:00',
				paymentConditions: { paymentTermDuration: 14 },
			},
			due: '2026-01-14',
		},
		{
			name: 'term of 0 days: due on the voucher date',
			voucher: {
				voucherDate: '2026-03-02T00:00:00.000+01:00',
				paymentConditions: { paymentTermDuration: 0 },
			},
			due: '2026-03-02',
		},
		{
			name: 'no conditions',
			voucher: { voucherDate: '2026-03-02T00:00:00.000+01:00' },
			due: undefined,
		},
		{ name: 'no date', voucher: { paymentConditions: SAMPLE_CONDITIONS }, due: undefined },
	])('$name', ({ voucher, due }) => {
		expect(lexofficeDueDate(voucher)).toBe(due);
	});
});

describe('paymentTermsText', () => {
	it.each([
		{
			name: 'label',
			conditions: SAMPLE_CONDITIONS,
			text: 'Zahlungsbedingungen: 10 Tage - 3 %, 30 Tage netto',
		},
		{
			name: 'no label: built from discount and term',
			conditions: {
				paymentTermDuration: 30,
				paymentDiscountConditions: { discountPercentage: 2, discountRange: 7 },
			},
			text: 'Zahlungsbedingungen: 7 Tage - 2 %, 30 Tage netto',
		},
		{
			name: 'term only',
			conditions: { paymentTermDuration: 14 },
			text: 'Zahlungsbedingungen: 14 Tage netto',
		},
		{ name: 'empty', conditions: {}, text: undefined },
		{ name: 'absent', conditions: undefined, text: undefined },
	])('$name', ({ conditions, text }) => {
		expect(paymentTermsText({ paymentConditions: conditions })).toBe(text);
	});

	it('gives bexio is_valid_to and the footer', () => {
		expect(
			bexioTermsFields({
				voucherDate: '2023-02-22T00:00:00.000+01:00',
				paymentConditions: SAMPLE_CONDITIONS,
			}),
		).toEqual({
			is_valid_to: '2023-03-24',
			footer: 'Zahlungsbedingungen: 10 Tage - 3 %, 30 Tage netto',
		});
		expect(bexioTermsFields({})).toEqual({});
	});
});

describe('payments', () => {
	it('reads lexoffice payment items by posting day (the documented sample)', () => {
		expect(
			lexofficePaymentEntries({
				paymentItems: [
					{ amount: 10.0, postingDate: '2023-11-04T00:00:00.000+01:00' },
					{ amount: 39.99, postingDate: '2023-11-06T00:00:00.000+01:00' },
					{ amount: 0, postingDate: '2023-11-07T00:00:00.000+01:00' },
					{ amount: 5, postingDate: null },
				],
			}),
		).toEqual([
			{ date: '2023-11-04', amount: 10 },
			{ date: '2023-11-06', amount: 39.99 },
		]);
		expect(
			bexioPaymentEntries([
				{ date: '2026-06-18', value: '100' },
				{ date: null, value: '1' },
			]),
		).toEqual([{ date: '2026-06-18', amount: 100 }]);
	});

	const p = (date: string, amount: number): PaymentEntry => ({ date, amount });
	it.each([
		{
			name: 'nothing in bexio: all',
			source: [p('2026-03-02', 50), p('2026-03-09', 69)],
			target: [],
			missing: [p('2026-03-02', 50), p('2026-03-09', 69)],
		},
		{
			name: 'one there: the other',
			source: [p('2026-03-02', 50), p('2026-03-09', 69)],
			target: [p('2026-03-02', 50)],
			missing: [p('2026-03-09', 69)],
		},
		{
			name: 'all there: none',
			source: [p('2026-03-02', 50), p('2026-03-09', 69)],
			target: [p('2026-03-09', 69), p('2026-03-02', 50)],
			missing: [],
		},
		{
			name: 'two equal payments are two',
			source: [p('2026-03-02', 50), p('2026-03-02', 50)],
			target: [p('2026-03-02', 50)],
			missing: [p('2026-03-02', 50)],
		},
		{
			name: 'same amount on another day is another payment',
			source: [p('2026-03-02', 50)],
			target: [p('2026-03-03', 50)],
			missing: [p('2026-03-02', 50)],
		},
		{
			name: 'cents compared, not floats',
			source: [p('2026-03-02', 0.1 + 0.2)],
			target: [p('2026-03-02', 0.3)],
			missing: [],
		},
		{
			name: 'extra payments in bexio are left alone',
			source: [],
			target: [p('2026-03-02', 5)],
			missing: [],
		},
	])('$name', ({ source, target, missing }) => {
		expect(missingPayments(source, target)).toEqual(missing);
	});
});

describe('paymentsToRecord', () => {
	const p = (date: string, amount: number): PaymentEntry => ({ date, amount });
	it.each([
		{
			name: 'the missing part',
			source: [p('2026-03-02', 50), p('2026-03-09', 69)],
			target: [p('2026-03-02', 50)],
			record: [p('2026-03-09', 69)],
		},
		{
			name: 'bexio holds as much already (recorded there on other days): nothing',
			source: [p('2026-03-02', 50), p('2026-03-09', 69)],
			target: [p('2026-03-03', 119)],
			record: [],
		},
		{ name: 'nothing paid', source: [], target: [], record: [] },
	])('$name', ({ source, target, record }) => {
		expect(paymentsToRecord(source, target)).toEqual({ record });
	});

	it('refuses to guess when the missing payments exceed what bexio lacks', () => {
		const result = paymentsToRecord(
			[p('2026-03-02', 50), p('2026-03-09', 69)],
			[p('2026-03-03', 50)],
		);
		expect(result).toEqual({ conflict: expect.stringContaining('69.00 is still to record') });
		expect((result as { conflict: string }).conflict).toContain('2026-03-03 50.00');
	});
});

describe('invoiceContentHash', () => {
	it.each([
		{
			row: { voucherType: 'invoice', voucherStatus: 'open', totalAmount: 119, openAmount: 119 },
			hash: 'final',
		},
		{ row: { voucherType: 'invoice', voucherStatus: 'open' }, hash: 'final' },
		{
			row: { voucherType: 'invoice', voucherStatus: 'open', totalAmount: 119, openAmount: 69 },
			hash: 'final;open=69.00',
		},
		{
			row: { voucherType: 'invoice', voucherStatus: 'paid', totalAmount: 119, openAmount: 0 },
			hash: 'final;open=0.00',
		},
		{
			row: {
				voucherType: 'downpaymentinvoice',
				voucherStatus: 'paid',
				totalAmount: 50,
				openAmount: 0,
			},
			hash: 'final;open=0.00',
		},
		{
			row: { voucherType: 'creditnote', voucherStatus: 'paidoff', totalAmount: 50, openAmount: 0 },
			hash: 'final',
		},
		{
			row: { voucherType: 'invoice', voucherStatus: 'voided', totalAmount: 119, openAmount: 0 },
			hash: 'voided',
		},
	])('$row.voucherType $row.voucherStatus $row.openAmount → $hash', ({ row, hash }) => {
		expect(invoiceContentHash(row)).toBe(hash);
	});
});
