import { chartOf, planBooking } from '../../../../temporal/mappings/bookings';
import type { BookingLine } from '../../../../temporal/shared';

const chart = chartOf(
	[
		{ id: 1, account_no: 1000, name: 'Kasse' },
		{ id: 2, account_no: '3200', name: 'Warenertrag' },
		{ id: 3, account_no: '3400', name: 'Dienstleistungsertrag', is_active: false },
	],
	[
		{ id: 21, code: 'UN81', is_active: false },
		{ id: 22, code: 'UN81' },
		{ id: 23, code: 'VM81', type: 'pre_tax', value: '8.1' },
		{ id: 24, code: 'UX19', type: 'sales_tax', value: 19 },
		{ id: 25, code: 'UR26', type: 'sales_tax', value: '2.6' },
		{ id: 26, code: 'UR26B', type: 'sales_tax', value: '2.6' },
		{ id: 27, code: 'UN77', type: 'sales_tax', value: '7.7', is_active: false },
	],
	[
		{ id: 1, name: 'CHF' },
		{ id: 2, name: 'EUR' },
	],
);
const job = {
	accountMap: { sales: '3200', services: '3400', gone: '9999' },
	defaults: { creditAccount: 'sales' },
};
const line = (extra: Partial<BookingLine> = {}): BookingLine => ({
	externalId: 'R-1',
	date: '2026-03-02',
	amount: 10.5,
	description: 'Kaffee',
	...extra,
});

describe('planBooking', () => {
	it.each([
		{
			name: 'defaults: cash on the mapped credit account',
			line: line(),
			entry: { debit_account_id: 1, credit_account_id: 2, amount: 10.5, description: 'Kaffee' },
		},
		{
			name: 'an account number as is, amount as text',
			line: line({ debitAccount: '3200', creditAccount: '1000', amount: '7.25' }),
			entry: { debit_account_id: 2, credit_account_id: 1, amount: 7.25 },
		},
		{
			name: 'tax by code: the active one of two',
			line: line({ taxCode: ' un81 ' }),
			entry: { tax_id: 22 },
		},
		{ name: 'tax by id', line: line({ taxId: 23 }), entry: { tax_id: 23 } },
		{
			name: 'tax by rate: the one sales tax at 19 %, on the credit account',
			line: line({ taxRate: 19, taxSide: 'credit' }),
			entry: { tax_id: 24, tax_account_id: 2 },
		},
		{
			name: 'tax on the debit account',
			line: line({ taxCode: 'UX19', taxSide: 'debit' }),
			entry: { tax_id: 24, tax_account_id: 1 },
		},
		{
			name: 'currency and factor',
			line: line({ currency: 'eur', currencyFactor: 0.95 }),
			entry: { currency_id: 2, currency_factor: 0.95 },
		},
	])('$name', ({ line, entry }) => {
		const planned = planBooking(line, chart, job);
		expect(planned).toMatchObject({
			type: 'manual_single_entry',
			date: '2026-03-02',
			reference_nr: 'R-1',
		});
		expect((planned as { entries: unknown[] }).entries).toEqual([expect.objectContaining(entry)]);
	});

	it.each([
		{
			name: 'no day',
			line: line({ date: '2026-02-30' }),
			reason: 'date "2026-02-30" is not a day as YYYY-MM-DD',
		},
		{
			name: 'comma decimal',
			line: line({ amount: '10,50' }),
			reason: 'amount "10,50" is not a number (use a point as decimal separator)',
		},
		{ name: 'empty amount', line: line({ amount: '' }), reason: 'amount "" is not a number' },
		{ name: 'zero amount', line: line({ amount: 0 }), reason: 'amount 0 is not positive' },
		{
			name: 'negative amount',
			line: line({ amount: -5 }),
			reason:
				'amount -5 is not positive; book a reversal by swapping the debit and credit accounts',
		},
		{
			name: 'reference too long',
			line: line({ externalId: 'x'.repeat(81) }),
			reason: 'externalId is longer than 80 characters',
		},
		{
			name: 'no credit account anywhere',
			line: line(),
			job: { accountMap: {}, defaults: {} },
			reason:
				'no credit account: set creditAccount on the line or defaults.creditAccount on the job',
		},
		{
			name: 'unmapped key',
			line: line({ creditAccount: 'misc' }),
			reason:
				'credit account "misc" is not mapped and is no bexio account number; add it to accountMap',
		},
		{
			name: 'mapped to a missing account',
			line: line({ creditAccount: 'gone' }),
			reason:
				'credit account "gone" is mapped to 9999, which is not in the bexio chart of accounts',
		},
		{
			name: 'inactive account',
			line: line({ creditAccount: 'services' }),
			reason: 'credit account 3400 (Dienstleistungsertrag) is inactive in bexio',
		},
		{
			name: 'same account twice',
			line: line({ creditAccount: '1000' }),
			reason: 'debit and credit are the same account (1000)',
		},
		{
			name: 'unknown tax id',
			line: line({ taxId: 99 }),
			reason: 'tax id 99 does not exist in bexio',
		},
		{
			name: 'unknown tax code',
			line: line({ taxCode: 'XX' }),
			reason: 'tax code "XX" does not exist in bexio',
		},
		{
			name: 'a rate bexio has no active sales tax at (a pre-tax or inactive one does not count)',
			line: line({ taxRate: 8.1 }),
			reason:
				'bexio has no active sales tax at 8.1 %; name the bexio tax code for this rate (taxCodes, e.g. {"8.1": "<code>"})',
		},
		{
			name: 'an inactive rate',
			line: line({ taxRate: 7.7 }),
			reason: 'bexio has no active sales tax at 7.7 %',
		},
		{
			name: 'a rate with two sales taxes',
			line: line({ taxRate: 2.6 }),
			reason: 'bexio has 2 active sales taxes at 2.6 % (UR26, UR26B); name the one to use',
		},
		{
			name: 'unknown currency',
			line: line({ currency: 'USD' }),
			reason: 'currency "USD" is not set up in bexio',
		},
	])('refuses $name', ({ line, job: own, reason }) => {
		const planned = planBooking(line, chart, own ?? job);
		expect(typeof planned).toBe('string');
		expect(planned).toContain(reason);
	});
});
