import { contentHash, stableJson } from '../../../temporal/activities/engine/contentHash';

/**
 * Links store these hashes: a different value for the same content makes the next run rewrite every
 * record. The expected values were computed by the implementation the links were written with.
 */
describe('contentHash', () => {
	const contact = {
		name: 'Muster AG',
		email: undefined,
		tags: ['b', 'a'],
		nested: { z: 1, a: null },
	};
	it.each([
		{
			name: 'contacts (scope = mapping version)',
			value: contact,
			scope: '1',
			hash: '032cea23d0487931d85d5f44814b4d5a',
		},
		{
			name: 'articles',
			value: contact,
			scope: 'articles:1',
			hash: 'c60228dd54015c74a78832ad6be6a277',
		},
		{
			name: 'invoices',
			value: { voucherNumber: 'RE-1', voucherDate: '2026-03-02', contactId: 7, total: '108.10' },
			scope: 'invoices:1',
			hash: '63742e690ab231107d5c4830636bfbe0',
		},
		{
			name: 'no scope (timesheets, bookings)',
			value: { b: 2, a: [1, { d: undefined, c: 'x' }] },
			scope: undefined,
			hash: 'e9114ebf1a4412b8cc6e8c9e9b27d279',
		},
	])('$name', ({ value, scope, hash }) => expect(contentHash(value, scope)).toBe(hash));

	it('ignores key order and undefined fields, not array order', () => {
		expect(stableJson({ b: 2, a: [1, { d: undefined, c: 'x' }] })).toBe(
			'{"a":[1,{"c":"x"}],"b":2}',
		);
		expect(contentHash({ a: 1, b: undefined })).toBe(contentHash({ a: 1 }));
		expect(contentHash([1, 2])).not.toBe(contentHash([2, 1]));
	});
});
