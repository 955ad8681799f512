import { encodeSearchValue } from '../../clients/lexoffice';
import { contentHash, stableJson } from '../activities/engine/contentHash';
import type { SourceRecord } from '../activities/engine/pipeline';

/**
 * Contacts between bexio and lexoffice, as pure functions: a source contact → the record the import
 * writes (payload, business keys, content hash), the keys a target contact carries, and lexoffice's
 * read-merge-write. Only the fields used here are typed; both clients validate the rest.
 */

/** Bump when a mapping changes: every link's content hash then differs and records are updated once. */
const MAPPING_VERSION = 1;

const MARKER = /\[bexio-contact:(\d+)\]/;
export const marker = (bexioId: string): string => `[bexio-contact:${bexioId}]`;

export interface BexioContact {
	id: number;
	nr?: string | number | null;
	contact_type_id?: number;
	name_1?: string;
	name_2?: string | null;
	street_name?: string | null;
	house_number?: string | null;
	address_addition?: string | null;
	address?: string | null;
	postcode?: string | number | null;
	city?: string | null;
	country_id?: number | null;
	mail?: string | null;
	mail_second?: string | null;
	phone_fixed?: string | null;
	phone_fixed_second?: string | null;
	phone_mobile?: string | null;
	fax?: string | null;
	remarks?: string | null;
	user_id?: number | null;
	owner_id?: number | null;
	[field: string]: unknown;
}

export interface LexofficeAddress {
	supplement?: string;
	street?: string;
	zip?: string;
	city?: string;
	countryCode: string;
}

export interface LexofficeContact {
	id: string;
	version: number;
	archived?: boolean;
	roles: { customer?: { number?: number }; vendor?: { number?: number } };
	company?: { name: string; [field: string]: unknown };
	person?: { salutation?: string; firstName?: string; lastName: string };
	addresses?: { billing?: LexofficeAddress[]; shipping?: LexofficeAddress[] };
	emailAddresses?: Record<string, string[]>;
	phoneNumbers?: Record<string, string[]>;
	note?: string;
	[field: string]: unknown;
}

export function contactFromBexio(
	c: BexioContact,
	isoById: Map<number, string>,
	matchByEmail: boolean,
): SourceRecord {
	const id = String(c.id);
	const name1 = (c.name_1 ?? '').trim();
	const name2 = (c.name_2 ?? '').trim();
	const payload: Record<string, unknown> = { roles: { customer: {} } };
	if (c.contact_type_id === 2)
		payload.person = compact({ firstName: name2 || undefined, lastName: name1 });
	else payload.company = { name: [name1, name2].filter(Boolean).join(' ') };

	const street =
		[c.street_name, c.house_number]
			.map((p) => (p ?? '').trim())
			.filter(Boolean)
			.join(' ') || (c.address ?? '').trim();
	const zip = c.postcode === null || c.postcode === undefined ? '' : String(c.postcode).trim();
	const city = (c.city ?? '').trim();
	const supplement = (c.address_addition ?? '').trim();
	let invalid: string | undefined;
	if (street || zip || city || supplement || c.country_id) {
		const countryCode = c.country_id ? isoById.get(c.country_id) : undefined;
		if (!countryCode)
			invalid = `bexio country ${c.country_id ?? '(none)'} has no ISO code; lexoffice needs one for the address`;
		payload.addresses = {
			billing: [
				compact({
					supplement: supplement || undefined,
					street: street || undefined,
					zip: zip || undefined,
					city: city || undefined,
					countryCode,
				}),
			],
		};
	}
	const emails = compact({ business: list(c.mail), other: list(c.mail_second) });
	if (Object.keys(emails).length) payload.emailAddresses = emails;
	const phones = compact({
		business: list(c.phone_fixed),
		other: list(c.phone_fixed_second),
		mobile: list(c.phone_mobile),
		fax: list(c.fax),
	});
	if (Object.keys(phones).length) payload.phoneNumbers = phones;
	// The marker goes last and always fits: remarks are cut to leave room (lexoffice takes a note of at most 1000 characters).
	const mark = marker(id);
	const remarks = (c.remarks ?? '').trim().slice(0, 1000 - mark.length - 1);
	payload.note = remarks ? `${remarks}\n${mark}` : mark;
	if (!name1) invalid = 'bexio contact has no name (name_1)';

	const nr = numberKey(c.nr);
	const email = (c.mail ?? '').trim().toLowerCase();
	const keys = [
		`marker:${id}`,
		...(nr ? [`nr:${nr}`] : []),
		...(matchByEmail && email ? [`email:${email}`] : []),
	];
	return {
		id,
		keys,
		targetKeys: [`marker:${id}`, ...(email ? [`email:${email}`] : [])],
		payload,
		hash: hashOf(payload),
		invalid,
	};
}

export function lexofficeKeys(c: LexofficeContact): string[] {
	const keys: string[] = [];
	const m = MARKER.exec(c.note ?? '');
	if (m) keys.push(`marker:${m[1]}`);
	const nr = c.roles.customer?.number ?? c.roles.vendor?.number;
	if (nr !== undefined) keys.push(`nr:${nr}`);
	for (const e of Object.values(c.emailAddresses ?? {}).flat())
		keys.push(`email:${e.trim().toLowerCase()}`);
	return keys;
}

/** PUT replaces the whole contact: start from what is there and lay the managed fields over it. */
export function mergeLexoffice(
	current: LexofficeContact,
	payload: Record<string, unknown>,
): Record<string, unknown> {
	const { id: _id, organizationId: _org, archived: _archived, ...rest } = current;
	const p = payload as Partial<LexofficeContact>;
	const merged: Record<string, unknown> = { ...rest, version: current.version };
	merged.roles = { ...(p.roles ?? {}), ...current.roles };
	if (p.company) {
		merged.company = { ...(current.company ?? {}), ...p.company };
		delete merged.person;
	} else if (p.person) {
		merged.person = { ...(current.person ?? {}), ...p.person };
		delete merged.company;
	}
	if (p.addresses) merged.addresses = { ...(current.addresses ?? {}), ...p.addresses };
	if (p.emailAddresses)
		merged.emailAddresses = { ...(current.emailAddresses ?? {}), ...p.emailAddresses };
	if (p.phoneNumbers) merged.phoneNumbers = { ...(current.phoneNumbers ?? {}), ...p.phoneNumbers };
	if (p.note !== undefined) merged.note = p.note;
	return merged;
}

export function lexofficeDiffers(
	current: LexofficeContact,
	payload: Record<string, unknown>,
): boolean {
	const { version: _v, roles: _r, ...merged } = mergeLexoffice(current, payload);
	const { id: _id, organizationId: _o, archived: _a, version: _cv, roles: _cr, ...now } = current;
	return stableJson(merged) !== stableJson(now);
}

/** The bexio fields an edit may send; read-only ones (`address`, `is_lead`, …) are refused. */
export const BEXIO_WRITABLE = [
	'nr',
	'contact_type_id',
	'name_1',
	'name_2',
	'salutation_id',
	'salutation_form',
	'title_id',
	'birthday',
	'street_name',
	'house_number',
	'address_addition',
	'postcode',
	'city',
	'country_id',
	'language_id',
	'mail',
	'mail_second',
	'phone_fixed',
	'phone_fixed_second',
	'phone_mobile',
	'fax',
	'url',
	'skype_name',
	'remarks',
	'contact_group_ids',
	'contact_branch_ids',
	'user_id',
	'owner_id',
];

export function contactFromLexoffice(
	c: LexofficeContact,
	idByIso: Map<string, number>,
	matchByEmail: boolean,
): SourceRecord {
	const id = c.id;
	const number = c.roles.customer?.number ?? c.roles.vendor?.number;
	const address = c.addresses?.billing?.[0] ?? c.addresses?.shipping?.[0];
	const emails = [
		...new Set(
			['business', 'office', 'private', 'other'].flatMap((k) => c.emailAddresses?.[k] ?? []),
		),
	];
	const phone = (k: string) => c.phoneNumbers?.[k]?.[0] ?? null;
	// Every managed field is sent, null when empty, so a value removed in lexoffice is removed in bexio.
	const payload: Record<string, unknown> = {
		nr: number === undefined ? null : String(number),
		contact_type_id: c.company ? 1 : 2,
		name_1: c.company ? c.company.name : (c.person?.lastName ?? ''),
		name_2: c.company ? null : (c.person?.firstName ?? null),
		street_name: address?.street ?? null,
		house_number: null,
		address_addition: address?.supplement ?? null,
		postcode: address?.zip ?? null,
		city: address?.city ?? null,
		country_id: address ? (idByIso.get(address.countryCode) ?? null) : null,
		mail: emails[0] ?? null,
		mail_second: emails[1] ?? null,
		phone_fixed: phone('business') ?? phone('office') ?? phone('private'),
		phone_mobile: phone('mobile'),
		fax: phone('fax'),
		remarks: c.note ?? null,
	};
	const email = (emails[0] ?? '').trim().toLowerCase();
	const keys = [
		...(number !== undefined ? [`nr:${number}`] : []),
		...(matchByEmail && email ? [`email:${email}`] : []),
	];
	const record: SourceRecord = {
		id,
		keys,
		targetKeys: [
			...(number !== undefined ? [`nr:${number}`] : []),
			...(email ? [`email:${email}`] : []),
		],
		payload,
		hash: hashOf(payload),
	};
	if (c.archived) record.skip = 'archived in lexoffice';
	else if (number === undefined)
		record.invalid = 'lexoffice contact has neither a customer nor a vendor number';
	else if (!payload.name_1) record.invalid = 'lexoffice contact has no name';
	return record;
}

export function bexioKeys(c: BexioContact): string[] {
	const keys: string[] = [];
	const nr = numberKey(c.nr);
	if (nr) keys.push(`nr:${nr}`);
	for (const e of [c.mail, c.mail_second]) if (e) keys.push(`email:${e.trim().toLowerCase()}`);
	return keys;
}

export function sameBexioValue(field: string, current: unknown, wanted: unknown): boolean {
	const norm = (v: unknown) =>
		v === undefined || v === null || v === ''
			? null
			: field === 'nr'
				? numberKey(v as string)
				: String(v);
	return norm(current) === norm(wanted);
}

/** Customer numbers compare as numbers: bexio lists `"000123"` where lexoffice has 123. */
export function numberKey(nr: string | number | null | undefined): string | undefined {
	if (nr === null || nr === undefined) return undefined;
	const s = String(nr).trim();
	return /^\d+$/.test(s) ? String(BigInt(s)) : undefined;
}

/** A lexoffice name/email filter matching the literal text: `%`, `_` and `\` escaped. */
export function likeLiteral(value: string): string {
	return encodeSearchValue(value.slice(0, 128).replace(/[\\%_]/g, (ch) => `\\${ch}`));
}

function list(value: string | null | undefined): string[] | undefined {
	const v = (value ?? '').trim();
	return v ? [v] : undefined;
}

function compact<T extends Record<string, unknown>>(o: T): T {
	return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

function hashOf(payload: Record<string, unknown>): string {
	return contentHash(payload, String(MAPPING_VERSION));
}
