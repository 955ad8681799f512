import { bexioInvoiceRecord, voucherRecord } from '../../../../temporal/mappings/invoiceRecords';

describe('voucherRecord', () => {
	it.each([
		{ status: 'open', hash: 'final' },
		{ status: 'paidoff', hash: 'final' },
		{ status: 'voided', hash: 'voided' },
	])('$status → $hash', ({ status, hash }) => {
		expect(
			voucherRecord({
				id: 'v1',
				voucherType: 'invoice',
				voucherStatus: status,
				voucherNumber: 'RE1',
			}),
		).toEqual({
			id: 'v1',
			keys: ['ref:lexoffice:v1'],
			targetKeys: ['ref:lexoffice:v1'],
			payload: { voucherType: 'invoice', voucherNumber: 'RE1' },
			hash,
		});
	});
});

describe('bexioInvoiceRecord', () => {
	const invoice = {
		id: 4,
		document_nr: ' RE-4 ',
		kb_item_status_id: 8,
		contact_id: 2,
		is_valid_from: '2026-03-02',
		total: '108.10',
	};
	it.each([
		{ name: 'pending', extra: {}, expected: { keys: ['nr:RE-4'], targetKeys: ['nr:RE-4'] } },
		{
			name: 'paid',
			extra: { kb_item_status_id: 9 },
			expected: {
				payload: {
					voucherNumber: 'RE-4',
					voucherDate: '2026-03-02',
					contactId: 2,
					total: '108.10',
				},
			},
		},
		{
			name: 'a draft',
			extra: { kb_item_status_id: 7 },
			expected: { skip: 'draft in bexio: not booked yet' },
		},
		{
			name: 'cancelled',
			extra: { kb_item_status_id: 19 },
			expected: { skip: expect.stringContaining('cancelled in bexio: not booked') },
		},
		{
			name: 'another status',
			extra: { kb_item_status_id: 5 },
			expected: { skip: 'bexio invoice status 5 is not imported' },
		},
		{
			name: 'from lexoffice',
			extra: { api_reference: 'lexoffice:abc' },
			expected: { skip: expect.stringContaining('came from lexoffice (lexoffice:abc)') },
		},
		{
			name: 'no number',
			extra: { document_nr: ' ' },
			expected: {
				keys: [],
				invalid:
					'bexio invoice has no document number (document_nr); lexoffice needs a voucher number',
			},
		},
		{
			name: 'no date',
			extra: { is_valid_from: null },
			expected: { invalid: 'bexio invoice RE-4 has no date (is_valid_from)' },
		},
	])('$name', ({ extra, expected }) => {
		const record = bexioInvoiceRecord({ ...invoice, ...extra });
		expect(record).toMatchObject({ id: '4', ...expected });
		if (!('skip' in expected) && !('invalid' in expected))
			expect(record.skip ?? record.invalid).toBeUndefined();
	});

	it('hashes what a voucher is booked from, in the hash links already hold', () => {
		// The value the contentHash unit test pins for invoices: a new text would rebook nothing, but relink every invoice.
		expect(
			bexioInvoiceRecord({
				id: 1,
				document_nr: 'RE-1',
				is_valid_from: '2026-03-02',
				contact_id: 7,
				total: '108.10',
				kb_item_status_id: 8,
			}).hash,
		).toBe('63742e690ab231107d5c4830636bfbe0');
	});
});
