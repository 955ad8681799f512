import type { TimesheetEntry, TimesheetSyncInput } from '../shared';
import { isDay, parseDuration, yesNo } from './values';

/**
 * Time entries from outside → what bexio needs: entries read from a file, people and references
 * matched exactly (never fuzzily), durations in bexio's form. Pure: no I/O.
 */

export interface User {
	id: number;
	firstname?: string | null;
	lastname?: string | null;
	email?: string | null;
}

export interface Named {
	id: number;
	name?: string | null;
}
export interface Project extends Named {
	nr?: string | null;
	contact_id?: number | null;
}
export interface Activity extends Named {
	default_is_billable?: boolean | null;
	default_price_per_hour?: number | null;
}

export interface Person {
	/** The person as given, normalised: the link's source id. */
	key: string;
	userId?: number;
	/** The fictional user to create for someone bexio does not know yet. */
	create?: { firstname: string; lastname: string; email: string };
}

/** An entry with every reference resolved to a bexio id. */
export interface Resolved {
	entry: TimesheetEntry;
	minutes: number;
	project: Project;
	activity: Activity;
	billable: boolean;
	contactId?: number;
	person: Person;
}

/** The `HH:MM` bexio writes take. */
export const hhmm = (minutes: number): string =>
	`${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

export const normalize = (value: unknown): string =>
	String(value ?? '')
		.trim()
		.replace(/\s+/g, ' ')
		.toLowerCase();
export const fullName = (u: User): string => normalize(`${u.firstname ?? ''} ${u.lastname ?? ''}`);

/** The single record `matches` picks, or the reason there is none or more than one. */
export function exactlyOne<T extends { id: number }>(
	what: string,
	value: unknown,
	found: T[],
	fix: string,
): T | string {
	const unique = [...new Map(found.map((r) => [r.id, r])).values()];
	if (unique.length === 1) return unique[0];
	if (unique.length > 1)
		return `${what} "${String(value)}" matches ${unique.length} bexio records (ids ${unique.map((r) => r.id).join(', ')}); use the id`;
	return `${what} "${String(value)}" not found in bexio; ${fix}`;
}

/** A person's name parts and e-mail for a fictional user (bexio requires all of them, the e-mail unique). */
export function fictionalPerson(
	person: string,
	domain: string,
): { firstname: string; lastname: string; email: string } {
	const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
	if (person.includes('@')) {
		const parts = person
			.split('@')[0]
			.split(/[._-]+/)
			.filter(Boolean)
			.map(cap);
		const [first, ...rest] = parts.length ? parts : [person.split('@')[0]];
		return {
			firstname: first,
			lastname: rest.join(' ') || first,
			email: person.trim().toLowerCase(),
		};
	}
	const [first, ...rest] = person.trim().split(/\s+/);
	const slug = person
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '.')
		.replace(/^\.|\.$/g, '');
	return {
		firstname: first,
		lastname: rest.join(' ') || first,
		email: `${slug || 'person'}@${domain}`,
	};
}

const given = (value: unknown): boolean =>
	value !== undefined && value !== null && String(value).trim() !== '';

/** The entry's minutes, or why its date or duration is unusable. */
export function entryMinutes(entry: TimesheetEntry): number | string {
	if (!isDay(entry.date)) return `date "${String(entry.date ?? '')}" is not a day as YYYY-MM-DD`;
	const minutes = parseDuration(entry.duration);
	if (minutes === undefined)
		return `duration "${String(entry.duration ?? '')}" is neither H:MM (e.g. 1:30) nor a positive number of minutes`;
	return minutes;
}

/** A project by id (a number), else by number, else by exact name, else by id given as text. */
export function resolveProject(
	projects: Project[],
	value: string | number | undefined | null,
): Project | string {
	if (!given(value)) return 'no project: give its bexio number, name or id';
	const text = normalize(value);
	const byNr = projects.filter((x) => normalize(x.nr) === text);
	const byName = projects.filter((x) => normalize(x.name) === text);
	const found =
		typeof value === 'number'
			? projects.filter((x) => x.id === value)
			: byNr.length
				? byNr
				: byName.length
					? byName
					: /^\d+$/.test(text)
						? projects.filter((x) => x.id === Number(text))
						: [];
	return exactlyOne(
		'project',
		value,
		found,
		'use the project number, exact name or id of an existing bexio project',
	);
}

/** A business activity by exact name, else by id. */
export function resolveActivity(
	activities: Activity[],
	value: string | number | undefined | null,
): Activity | string {
	if (!given(value)) return 'no activity: give the bexio business activity name or id';
	const text = normalize(value);
	const byName =
		typeof value === 'number' ? [] : activities.filter((x) => normalize(x.name) === text);
	const found = byName.length
		? byName
		: /^\d+$/.test(text)
			? activities.filter((x) => x.id === Number(text))
			: [];
	return exactlyOne(
		'business activity',
		value,
		found,
		'create it in bexio (Settings → Business activities) or use an existing name or id',
	);
}

/** Users a person names: by e-mail when the key is one, else by "firstname lastname". */
export function usersNamed(users: User[], key: string): User[] {
	return users.filter((u) =>
		key.includes('@') ? normalize(u.email) === key : fullName(u) === key,
	);
}

/** Whether the entry was billable: as given, else the activity's default, else yes. */
export const isBillable = (entry: TimesheetEntry, activity: Activity): boolean =>
	yesNo(entry.billable) ?? activity.default_is_billable ?? true;

/** The bexio timesheet of a resolved entry; `userId` undefined while its fictional user is still to be created. */
export function timesheetBody(r: Resolved, userId: number | undefined): Record<string, unknown> {
	return {
		user_id: userId ?? null,
		client_service_id: r.activity.id,
		allowable_bill: r.billable,
		tracking: { type: 'duration', date: r.entry.date, duration: hhmm(r.minutes) },
		text: r.entry.text ?? '',
		pr_project_id: r.project.id,
		contact_id: r.contactId ?? null,
	};
}

/** One invoice position per entry: hours at the activity's rate (else the job's), the day, activity and person as text. */
export function invoicePosition(
	r: Resolved,
	unitId: number | undefined,
	invoice: TimesheetSyncInput['invoice'],
): Record<string, unknown> {
	const hours = Math.round((r.minutes / 60) * 1_000_000) / 1_000_000;
	const rate = r.activity.default_price_per_hour ?? invoice?.hourlyRate ?? 0;
	const text = [`${r.entry.date} ${r.activity.name ?? ''} (${r.entry.person})`.trim(), r.entry.text]
		.filter(Boolean)
		.join('\n');
	return {
		type: 'KbPositionCustom',
		text,
		amount: String(hours),
		unit_price: String(rate),
		...(unitId !== undefined ? { unit_id: unitId } : {}),
		...(invoice?.taxId !== undefined ? { tax_id: invoice.taxId } : {}),
	};
}

/** Entries per customer cut into drafts of at most `max` positions, titled " (1/2)", " (2/2)", … when there are several. */
export function draftParts<T>(
	byContact: Map<number, T[]>,
	max: number,
): Array<{ contactId: number; part: string; group: T[] }> {
	return [...byContact].flatMap(([contactId, entries]) => {
		const parts = Math.ceil(entries.length / max);
		return Array.from({ length: parts }, (_, i) => ({
			contactId,
			part: parts > 1 ? ` (${i + 1}/${parts})` : '',
			group: entries.slice(i * max, (i + 1) * max),
		}));
	});
}

const FIELDS: Array<keyof TimesheetEntry> = [
	'externalId',
	'date',
	'duration',
	'person',
	'project',
	'activity',
	'text',
	'billable',
	'customer',
];

/** CSV rows (RFC 4180 quoting; `,` or `;` as detected from the header) as records keyed by the header. */
export function parseCsv(text: string): Array<Record<string, string>> {
	const body = text.replace(/^\uFEFF/, '');
	const firstLine = body.split(/\r?\n/, 1)[0] ?? '';
	const delimiter =
		(firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
	const rows: string[][] = [];
	let row: string[] = [];
	let field = '';
	let quoted = false;
	for (let i = 0; i < body.length; i++) {
		const c = body[i];
		if (quoted) {
			if (c === '"' && body[i + 1] === '"') {
				field += '"';
				i++;
			} else if (c === '"') quoted = false;
			else field += c;
		} else if (c === '"') quoted = true;
		else if (c === delimiter) {
			row.push(field);
			field = '';
		} else if (c === '\n' || c === '\r') {
			if (c === '\r' && body[i + 1] === '\n') i++;
			row.push(field);
			rows.push(row);
			row = [];
			field = '';
		} else field += c;
	}
	if (field !== '' || row.length) {
		row.push(field);
		rows.push(row);
	}
	const [header, ...data] = rows.filter((r) => r.some((v) => v.trim() !== ''));
	if (!header) return [];
	const names = header.map((h) => h.trim());
	return data.map((r) => Object.fromEntries(names.map((n, i) => [n, (r[i] ?? '').trim()])));
}

/** A record from a file as an entry: fields matched case-insensitively, `billable` as yes/no/true/false/1/0 (see yesNo). */
export function toEntry(raw: Record<string, unknown>): TimesheetEntry {
	const lower = new Map(Object.entries(raw).map(([k, v]) => [k.toLowerCase(), v]));
	const out: Record<string, unknown> = {};
	for (const f of FIELDS) {
		const v = lower.get(f.toLowerCase());
		if (v === undefined || v === '') continue;
		out[f] = f === 'billable' ? (yesNo(v) ?? v) : v;
	}
	if (out.externalId !== undefined) out.externalId = String(out.externalId);
	return out as unknown as TimesheetEntry;
}
