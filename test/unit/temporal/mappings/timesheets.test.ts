import {
	draftParts,
	entryMinutes,
	fictionalPerson,
	invoicePosition,
	parseCsv,
	resolveActivity,
	resolveProject,
	timesheetBody,
	toEntry,
	usersNamed,
	type Resolved,
} from '../../../../temporal/mappings/timesheets';

const projects = [
	{ id: 1, nr: 'P-1', name: 'Website', contact_id: 7 },
	{ id: 2, nr: 'P-2', name: 'Shop' },
	{ id: 3, nr: '42', name: 'Shop' },
];
const activities = [
	{ id: 10, name: 'Development', default_price_per_hour: 150 },
	{ id: 11, name: '12' },
	{ id: 12, name: 'Support' },
];

describe('resolveProject', () => {
	it.each([
		{ value: 1, id: 1 },
		{ value: 'p-1', id: 1 },
		{ value: ' Website ', id: 1 },
		{ value: '42', id: 3 },
		{ value: '2', id: 2 },
		{ value: 'Shop', error: 'project "Shop" matches 2 bexio records (ids 2, 3); use the id' },
		{ value: 99, error: 'project "99" not found in bexio' },
		{ value: 'Nope', error: 'project "Nope" not found in bexio' },
		{ value: '', error: 'no project' },
		{ value: undefined, error: 'no project' },
	])('$value', ({ value, id, error }) => {
		const found = resolveProject(projects, value);
		if (error) expect(found).toContain(error);
		else expect(found).toMatchObject({ id });
	});
});

describe('resolveActivity', () => {
	it.each([
		{ value: 'development', id: 10 },
		{ value: 12, id: 12 },
		{ value: '12', id: 11 },
		{ value: '10', id: 10 },
		{ value: 'Design', error: 'business activity "Design" not found in bexio; create it in bexio' },
		{ value: null, error: 'no activity' },
	])('$value', ({ value, id, error }) => {
		const found = resolveActivity(activities, value);
		if (error) expect(found).toContain(error);
		else expect(found).toMatchObject({ id });
	});
});

describe('entryMinutes', () => {
	it.each([
		{ date: '2026-03-02', duration: '1:30', answer: 90 },
		{
			date: '2026-02-30',
			duration: '1:30',
			answer: 'date "2026-02-30" is not a day as YYYY-MM-DD',
		},
		{
			date: '2026-03-02',
			duration: '1,5',
			answer: 'duration "1,5" is neither H:MM (e.g. 1:30) nor a positive number of minutes',
		},
	])('$date $duration', ({ date, duration, answer }) => {
		expect(
			entryMinutes({ externalId: 'x', date, duration, person: 'a', project: 1, activity: 1 }),
		).toBe(answer);
	});
});

describe('people', () => {
	const users = [
		{ id: 1, firstname: 'Anna', lastname: 'Muster', email: 'anna@example.com' },
		{ id: 2, firstname: 'Anna', lastname: 'Muster', email: 'anna.m@example.com' },
		{ id: 3, firstname: 'Beat', lastname: 'Frei', email: null },
	];
	it.each([
		{ key: 'anna@example.com', ids: [1] },
		{ key: 'anna muster', ids: [1, 2] },
		{ key: 'beat frei', ids: [3] },
		{ key: 'frei beat', ids: [] },
	])('usersNamed $key', ({ key, ids }) =>
		expect(usersNamed(users, key).map((u) => u.id)).toEqual(ids),
	);

	it.each([
		{
			person: 'Jürg Müller',
			made: { firstname: 'Jürg', lastname: 'Müller', email: 'jurg.muller@fictional.invalid' },
		},
		{
			person: 'Cher',
			made: { firstname: 'Cher', lastname: 'Cher', email: 'cher@fictional.invalid' },
		},
		{
			person: 'anna-lena.meier@Example.com',
			made: { firstname: 'Anna', lastname: 'Lena Meier', email: 'anna-lena.meier@example.com' },
		},
		{
			person: '!!!',
			made: { firstname: '!!!', lastname: '!!!', email: 'person@fictional.invalid' },
		},
	])('fictionalPerson $person', ({ person, made }) =>
		expect(fictionalPerson(person, 'fictional.invalid')).toEqual(made),
	);
});

describe('bodies', () => {
	const resolved = (extra: Partial<Resolved> = {}): Resolved => ({
		entry: {
			externalId: 'e1',
			date: '2026-03-02',
			duration: '1:30',
			person: 'Anna Muster',
			project: 1,
			activity: 'Development',
			text: 'Login page',
		},
		minutes: 95,
		project: projects[0],
		activity: activities[0],
		billable: true,
		contactId: 7,
		person: { key: 'anna muster', userId: 1 },
		...extra,
	});
	it.each([
		{
			name: 'a known user',
			userId: 1,
			expected: {
				user_id: 1,
				client_service_id: 10,
				allowable_bill: true,
				tracking: { type: 'duration', date: '2026-03-02', duration: '01:35' },
				text: 'Login page',
				pr_project_id: 1,
				contact_id: 7,
			},
		},
		{
			name: 'a user still to create',
			userId: undefined,
			expected: { user_id: null, contact_id: 7 },
		},
	])('timesheetBody: $name', ({ userId, expected }) =>
		expect(timesheetBody(resolved(), userId)).toMatchObject(expected),
	);

	it.each([
		{
			name: 'the activity rate, hour unit and tax',
			r: resolved(),
			unit: 5,
			invoice: { taxId: 3, hourlyRate: 90 },
			expected: {
				type: 'KbPositionCustom',
				text: '2026-03-02 Development (Anna Muster)\nLogin page',
				amount: '1.583333',
				unit_price: '150',
				unit_id: 5,
				tax_id: 3,
			},
		},
		{
			name: "the job's rate, no unit, no tax",
			r: resolved({ activity: activities[2] }),
			unit: undefined,
			invoice: { hourlyRate: 90 },
			expected: {
				type: 'KbPositionCustom',
				text: '2026-03-02 Support (Anna Muster)\nLogin page',
				amount: '1.583333',
				unit_price: '90',
			},
		},
		{
			name: 'no rate at all',
			r: resolved({ activity: activities[2] }),
			unit: undefined,
			invoice: undefined,
			expected: {
				type: 'KbPositionCustom',
				text: '2026-03-02 Support (Anna Muster)\nLogin page',
				amount: '1.583333',
				unit_price: '0',
			},
		},
	])('invoicePosition: $name', ({ r, unit, invoice, expected }) =>
		expect(invoicePosition(r, unit, invoice)).toEqual(expected),
	);

	it.each([
		{ name: 'one draft', sizes: [3], max: 5, parts: [['', 3]] },
		{ name: 'exactly full', sizes: [5], max: 5, parts: [['', 5]] },
		{
			name: 'split in three',
			sizes: [11],
			max: 5,
			parts: [
				[' (1/3)', 5],
				[' (2/3)', 5],
				[' (3/3)', 1],
			],
		},
	])('draftParts: $name', ({ sizes, max, parts }) => {
		const pending = new Map(sizes.map((n, i) => [i + 1, Array.from({ length: n }, (_, j) => j)]));
		expect(draftParts(pending, max).map((d) => [d.part, d.group.length])).toEqual(parts);
	});
});

describe('entries from a file', () => {
	it.each([
		{
			name: 'comma, quotes and an escaped quote',
			text: 'externalId,text\n1,"a, ""b"""\n',
			rows: [{ externalId: '1', text: 'a, "b"' }],
		},
		{
			name: 'semicolon detected, BOM and CRLF',
			text: '\uFEFFexternalId;duration\r\n2;1:30\r\n\r\n',
			rows: [{ externalId: '2', duration: '1:30' }],
		},
		{
			name: 'a line break inside quotes, no final newline',
			text: 'a,b\n"x\ny",z',
			rows: [{ a: 'x\ny', b: 'z' }],
		},
		{ name: 'header only', text: 'a,b\n', rows: [] },
		{ name: 'empty', text: '', rows: [] },
	])('parseCsv: $name', ({ text, rows }) => expect(parseCsv(text)).toEqual(rows));

	it.each([
		{
			name: 'fields matched case-insensitively, id as text',
			raw: { EXTERNALID: 7, Date: '2026-03-02', Billable: 'nein', extra: 'x' },
			entry: { externalId: '7', date: '2026-03-02', billable: false },
		},
		{
			name: 'empty values left out, unknown billable kept',
			raw: { externalId: 'a', text: '', billable: 'maybe' },
			entry: { externalId: 'a', billable: 'maybe' },
		},
	])('toEntry: $name', ({ raw, entry }) => expect(toEntry(raw)).toEqual(entry));
});
