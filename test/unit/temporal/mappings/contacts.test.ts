import {
	bexioKeys,
	contactFromBexio,
	contactFromLexoffice,
	lexofficeDiffers,
	lexofficeKeys,
	mergeLexoffice,
	numberKey,
	sameBexioValue,
	type LexofficeContact,
} from '../../../../temporal/mappings/contacts';

const isoById = new Map([
	[1, 'CH'],
	[2, 'DE'],
]);
const idByIso = new Map([
	['CH', 1],
	['DE', 2],
]);

describe('contactFromBexio', () => {
	it.each([
		{
			name: 'a company with address, mails and phones',
			contact: {
				id: 5,
				nr: '000123',
				contact_type_id: 1,
				name_1: 'Muster AG',
				name_2: 'Filiale',
				street_name: 'Bahnhofstrasse',
				house_number: '1',
				postcode: 8000,
				city: 'Zürich',
				country_id: 1,
				mail: 'Info@Muster.ch',
				phone_fixed: '+41 44 000 00 00',
				remarks: 'VIP',
			},
			matchByEmail: true,
			payload: {
				roles: { customer: {} },
				company: { name: 'Muster AG Filiale' },
				addresses: {
					billing: [{ street: 'Bahnhofstrasse 1', zip: '8000', city: 'Zürich', countryCode: 'CH' }],
				},
				emailAddresses: { business: ['Info@Muster.ch'] },
				phoneNumbers: { business: ['+41 44 000 00 00'] },
				note: 'VIP\n[bexio-contact:5]',
			},
			keys: ['marker:5', 'nr:123', 'email:info@muster.ch'],
			targetKeys: ['marker:5', 'email:info@muster.ch'],
		},
		{
			name: 'a person, no address, e-mail not used for matching',
			contact: {
				id: 6,
				contact_type_id: 2,
				name_1: 'Muster',
				name_2: 'Anna',
				mail: 'anna@example.com',
			},
			matchByEmail: false,
			payload: {
				roles: { customer: {} },
				person: { firstName: 'Anna', lastName: 'Muster' },
				emailAddresses: { business: ['anna@example.com'] },
				note: '[bexio-contact:6]',
			},
			keys: ['marker:6'],
			targetKeys: ['marker:6', 'email:anna@example.com'],
		},
	])('$name', ({ contact, matchByEmail, payload, keys, targetKeys }) => {
		const record = contactFromBexio(contact, isoById, matchByEmail);
		expect(record).toMatchObject({ id: String(contact.id), keys, targetKeys, payload });
		expect(record.payload).toEqual(payload);
		expect(record.invalid).toBeUndefined();
		expect(record.hash).toMatch(/^[0-9a-f]{32}$/);
	});

	it.each([
		{
			name: 'no name',
			contact: { id: 1, name_1: ' ' },
			invalid: 'bexio contact has no name (name_1)',
		},
		{
			name: 'a country without ISO code',
			contact: { id: 1, name_1: 'X', city: 'Bern', country_id: 9 },
			invalid: 'bexio country 9 has no ISO code',
		},
		{
			name: 'an address without country',
			contact: { id: 1, name_1: 'X', city: 'Bern' },
			invalid: 'bexio country (none) has no ISO code',
		},
	])('refuses $name', ({ contact, invalid }) =>
		expect(contactFromBexio(contact, isoById, false).invalid).toContain(invalid),
	);

	it('cuts long remarks so the marker always fits lexoffice’s 1000 characters', () => {
		const note = contactFromBexio(
			{ id: 77, name_1: 'X', remarks: 'r'.repeat(2000) },
			isoById,
			false,
		).payload.note as string;
		expect(note).toHaveLength(1000);
		expect(note.endsWith('\n[bexio-contact:77]')).toBe(true);
	});
});

const lexofficeContact = (extra: Partial<LexofficeContact> = {}): LexofficeContact => ({
	id: 'lx-1',
	version: 3,
	roles: { customer: { number: 10001 } },
	company: { name: 'Muster GmbH' },
	addresses: {
		billing: [{ street: 'Hauptstr. 1', zip: '10115', city: 'Berlin', countryCode: 'DE' }],
	},
	emailAddresses: { office: ['office@muster.de'], business: ['Info@Muster.de'] },
	phoneNumbers: { office: ['030 1'], mobile: ['0170 2'] },
	note: 'Stammkunde',
	...extra,
});

describe('contactFromLexoffice', () => {
	it.each([
		{
			name: 'a company: every managed field, empty ones null',
			contact: lexofficeContact(),
			payload: {
				nr: '10001',
				contact_type_id: 1,
				name_1: 'Muster GmbH',
				name_2: null,
				street_name: 'Hauptstr. 1',
				house_number: null,
				address_addition: null,
				postcode: '10115',
				city: 'Berlin',
				country_id: 2,
				mail: 'Info@Muster.de',
				mail_second: 'office@muster.de',
				phone_fixed: '030 1',
				phone_mobile: '0170 2',
				fax: null,
				remarks: 'Stammkunde',
			},
			keys: ['nr:10001', 'email:info@muster.de'],
		},
		{
			name: 'a vendor-only person without address',
			contact: lexofficeContact({
				roles: { vendor: { number: 70001 } },
				company: undefined,
				person: { firstName: 'Anna', lastName: 'Muster' },
				addresses: undefined,
				emailAddresses: undefined,
				phoneNumbers: undefined,
				note: undefined,
			}),
			payload: {
				nr: '70001',
				contact_type_id: 2,
				name_1: 'Muster',
				name_2: 'Anna',
				country_id: null,
				mail: null,
				remarks: null,
			},
			keys: ['nr:70001'],
		},
	])('$name', ({ contact, payload, keys }) => {
		const record = contactFromLexoffice(contact, idByIso, true);
		expect(record.payload).toMatchObject(payload);
		expect(record.keys).toEqual(keys);
		expect(record.skip ?? record.invalid).toBeUndefined();
	});

	it.each([
		{
			name: 'archived',
			contact: lexofficeContact({ archived: true }),
			field: 'skip',
			reason: 'archived in lexoffice',
		},
		{
			name: 'without number',
			contact: lexofficeContact({ roles: {} }),
			field: 'invalid',
			reason: 'lexoffice contact has neither a customer nor a vendor number',
		},
		{
			name: 'without name',
			contact: lexofficeContact({ company: undefined, person: { lastName: '' } }),
			field: 'invalid',
			reason: 'lexoffice contact has no name',
		},
	])('$name', ({ contact, field, reason }) =>
		expect(contactFromLexoffice(contact, idByIso, false)).toMatchObject({ [field]: reason }),
	);
});

describe('keys and comparison', () => {
	it.each([
		{ nr: '000123', key: '123' },
		{ nr: 123, key: '123' },
		{ nr: ' 42 ', key: '42' },
		{ nr: 'K-1', key: undefined },
		{ nr: null, key: undefined },
	])('numberKey $nr', ({ nr, key }) => expect(numberKey(nr)).toBe(key));

	it.each([
		{
			name: 'marker, customer number and e-mails',
			contact: lexofficeContact({ note: 'x [bexio-contact:5]' }),
			keys: ['marker:5', 'nr:10001', 'email:office@muster.de', 'email:info@muster.de'],
		},
		{
			name: 'vendor number only',
			contact: lexofficeContact({ roles: { vendor: { number: 7 } }, emailAddresses: {}, note: '' }),
			keys: ['nr:7'],
		},
	])('lexofficeKeys: $name', ({ contact, keys }) => expect(lexofficeKeys(contact)).toEqual(keys));

	it('bexioKeys', () =>
		expect(bexioKeys({ id: 1, nr: '0042', mail: ' A@B.ch ', mail_second: 'c@d.ch' })).toEqual([
			'nr:42',
			'email:a@b.ch',
			'email:c@d.ch',
		]));

	it.each([
		{ field: 'nr', current: '000123', wanted: '123', same: true },
		{ field: 'name_2', current: '', wanted: null, same: true },
		{ field: 'country_id', current: 1, wanted: '1', same: true },
		{ field: 'city', current: 'Bern', wanted: 'Zürich', same: false },
	])('sameBexioValue $field', ({ field, current, wanted, same }) =>
		expect(sameBexioValue(field, current, wanted)).toBe(same),
	);

	it('mergeLexoffice keeps what the import does not manage and the current version and roles', () => {
		const current = lexofficeContact({
			organizationId: 'org',
			archived: false,
			roles: { customer: { number: 10001 }, vendor: { number: 5 } },
			xRechnung: { buyerReference: 'B' },
		});
		const merged = mergeLexoffice(current, {
			roles: { customer: {} },
			person: { lastName: 'Neu' },
			note: 'n',
		});
		expect(merged).toMatchObject({
			version: 3,
			roles: { customer: { number: 10001 }, vendor: { number: 5 } },
			person: { lastName: 'Neu' },
			note: 'n',
			xRechnung: { buyerReference: 'B' },
		});
		expect(merged).not.toHaveProperty('company');
		expect(merged).not.toHaveProperty('id');
		expect(merged).not.toHaveProperty('organizationId');
	});

	it.each([
		{
			name: 'the same fields',
			payload: { company: { name: 'Muster GmbH' }, note: 'Stammkunde' },
			differs: false,
		},
		{ name: 'another note', payload: { note: 'neu' }, differs: true },
		{ name: 'only roles', payload: { roles: { customer: {} } }, differs: false },
	])('lexofficeDiffers: $name', ({ payload, differs }) =>
		expect(lexofficeDiffers(lexofficeContact(), payload)).toBe(differs),
	);
});
