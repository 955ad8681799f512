import type { z } from 'zod';

import { criterion } from '../../clients/bexio';
import { encodeSearchValue } from '../../clients/lexoffice';
import { ApiError } from '../../clients/http/errors';
import type { contactWriteSchema } from '../../clients/lexoffice/schemas';
import { LEXOFFICE_MAX_PAGE_SIZE } from '../../clients/defaults';
import type { ConnectionRef } from '../shared';
import type { ActivityClients, BexioClient, LexofficeClient } from './engine/clients';
import { contentHash, stableJson } from './engine/contentHash';
import { orUndefinedIfGone } from './engine/gone';
import { bexioCountries, bexioMe, type Countries, type MasterDataCache } from './engine/masterData';
import type { IndexPage, Pipeline, SourceRecord } from './engine/pipeline';

/**
 * Contacts between bexio and lexoffice.
 *
 * Business keys, all explicit, never a name:
 * - `nr:<number>`: bexio `nr` (customer number) ↔ lexoffice `roles.customer.number` (vendor number for
 *   vendor-only contacts). lexoffice→bexio keeps the number by writing it into bexio `nr`; lexoffice
 *   assigns its own numbers, so bexio→lexoffice cannot.
 * - `marker:<bexio id>`: bexio→lexoffice writes `[bexio-contact:<id>]` into the lexoffice `note` and the
 *   target index reads it back, so the link survives a lost link store.
 * - `email:<address>`: only used for matching when the job enables it.
 */

/** Bump when a mapping changes: every link's content hash then differs and records are updated once. */
const MAPPING_VERSION = 1;

const MARKER = /\[bexio-contact:(\d+)\]/;
const marker = (bexioId: string): string => `[bexio-contact:${bexioId}]`;

export function contactPipeline(
	clients: ActivityClients,
	cache: MasterDataCache,
	source: ConnectionRef,
	target: ConnectionRef,
	matchByEmail: boolean,
): Pipeline {
	if (source.system === 'bexio' && target.system === 'lexoffice') {
		return bexioToLexoffice(clients.bexio(source), clients.lexoffice(target), bexioCountries(clients.bexio(source), cache, source), matchByEmail);
	}
	if (source.system === 'lexoffice' && target.system === 'bexio') {
		const bexio = clients.bexio(target);
		return lexofficeToBexio(clients.lexoffice(source), bexio, bexioCountries(bexio, cache, target), bexioMe(bexio, cache, target), matchByEmail);
	}
	throw new Error(`No contact import from ${source.system} to ${target.system}`);
}

// ---- shapes (only the fields used here; both clients validate the rest) ------------------------------

interface BexioContact {
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

interface LexofficeAddress {
	supplement?: string;
	street?: string;
	zip?: string;
	city?: string;
	countryCode: string;
}

interface LexofficeContact {
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

type LexofficeWrite = z.input<typeof contactWriteSchema>;

/** What a bexio create or edit needs at least; the rest of the managed fields ride along. */
interface BexioWrite {
	contact_type_id: number;
	name_1: string;
	user_id: number;
	owner_id: number;
	[field: string]: unknown;
}

// ---- bexio → lexoffice ----------------------------------------------------------------------------------

function bexioToLexoffice(bexio: BexioClient, lexoffice: LexofficeClient, countries: () => Promise<Countries>, matchByEmail: boolean): Pipeline {
	return {
		async readSource(cursor, pageSize, signal) {
			const { isoById } = await countries();
			for await (const page of bexio.pages('contact.getAll', { query: { order_by: 'id' }, signal }, { pageSize, start: cursor })) {
				return { records: (page.items as BexioContact[]).map((c) => fromBexio(c, isoById, matchByEmail)), next: page.next };
			}
			return { records: [] };
		},
		indexTarget: (cursor, pageSize, signal) => indexLexoffice(lexoffice, cursor, pageSize, signal),
		async recordFor(raw) {
			return fromBexio(raw as BexioContact, (await countries()).isoById, matchByEmail);
		},
		async findInTarget(record, signal) {
			// lexoffice cannot search the note: narrow by name (or e-mail), then the marker decides.
			const payload = record.payload as Partial<LexofficeContact>;
			const name = payload.company?.name ?? payload.person?.lastName ?? '';
			const email = Object.values(payload.emailAddresses ?? {})[0]?.[0] ?? '';
			const query = name.length >= 3 ? { name: likeLiteral(name) } : email.length >= 3 ? { email: likeLiteral(email) } : {};
			const wanted = marker(record.id);
			for await (const c of lexoffice.items('contact.getAll', { query, signal }, { pageSize: LEXOFFICE_MAX_PAGE_SIZE })) {
				if ((c.note ?? '').includes(wanted)) return c.id;
			}
			return undefined;
		},
		async readTarget(targetId, signal) {
			return orUndefinedIfGone(() => lexoffice.call('contact.get', { path: { id: targetId }, signal }));
		},
		differs: (current, record) => lexofficeDiffers(current as LexofficeContact, record.payload),
		async create(record, signal) {
			const body = { ...record.payload, version: 0 } as LexofficeWrite;
			const result = await lexoffice.call('contact.create', { body, signal });
			return result.id;
		},
		async update(targetId, current, record, signal) {
			let base = current as LexofficeContact;
			for (let attempt = 1; ; attempt++) {
				try {
					await lexoffice.call('contact.update', { path: { id: targetId }, body: mergeLexoffice(base, record.payload) as LexofficeWrite, signal });
					return;
				} catch (error) {
					// Someone edited the contact between read and write: merge onto the new version.
					if (!(error instanceof ApiError) || error.kind !== 'conflict' || attempt >= 3) throw error;
					base = (await lexoffice.call('contact.get', { path: { id: targetId }, signal })) as LexofficeContact;
				}
			}
		},
	};
}

function fromBexio(c: BexioContact, isoById: Map<number, string>, matchByEmail: boolean): SourceRecord {
	const id = String(c.id);
	const name1 = (c.name_1 ?? '').trim();
	const name2 = (c.name_2 ?? '').trim();
	const payload: Record<string, unknown> = { roles: { customer: {} } };
	if (c.contact_type_id === 2) payload.person = compact({ firstName: name2 || undefined, lastName: name1 });
	else payload.company = { name: [name1, name2].filter(Boolean).join(' ') };

	const street = [c.street_name, c.house_number].map((p) => (p ?? '').trim()).filter(Boolean).join(' ') || (c.address ?? '').trim();
	const zip = c.postcode === null || c.postcode === undefined ? '' : String(c.postcode).trim();
	const city = (c.city ?? '').trim();
	const supplement = (c.address_addition ?? '').trim();
	let invalid: string | undefined;
	if (street || zip || city || supplement || c.country_id) {
		const countryCode = c.country_id ? isoById.get(c.country_id) : undefined;
		if (!countryCode) invalid = `bexio country ${c.country_id ?? '(none)'} has no ISO code; lexoffice needs one for the address`;
		payload.addresses = { billing: [compact({ supplement: supplement || undefined, street: street || undefined, zip: zip || undefined, city: city || undefined, countryCode })] };
	}
	const emails = compact({ business: list(c.mail), other: list(c.mail_second) });
	if (Object.keys(emails).length) payload.emailAddresses = emails;
	const phones = compact({ business: list(c.phone_fixed), other: list(c.phone_fixed_second), mobile: list(c.phone_mobile), fax: list(c.fax) });
	if (Object.keys(phones).length) payload.phoneNumbers = phones;
	// The marker goes last and always fits: remarks are cut to leave room (lexoffice takes a note of at most 1000 characters).
	const mark = marker(id);
	const remarks = (c.remarks ?? '').trim().slice(0, 1000 - mark.length - 1);
	payload.note = remarks ? `${remarks}\n${mark}` : mark;
	if (!name1) invalid = 'bexio contact has no name (name_1)';

	const nr = numberKey(c.nr);
	const email = (c.mail ?? '').trim().toLowerCase();
	const keys = [`marker:${id}`, ...(nr ? [`nr:${nr}`] : []), ...(matchByEmail && email ? [`email:${email}`] : [])];
	return { id, keys, targetKeys: [`marker:${id}`, ...(email ? [`email:${email}`] : [])], payload, hash: hashOf(payload), invalid };
}

async function indexLexoffice(lexoffice: LexofficeClient, cursor: number | undefined, pageSize: number, signal: AbortSignal): Promise<IndexPage> {
	for await (const page of lexoffice.pages('contact.getAll', { signal }, { pageSize, start: cursor })) {
		return { entries: (page.items as LexofficeContact[]).map((c) => ({ targetId: c.id, keys: lexofficeKeys(c) })), next: page.next };
	}
	return { entries: [] };
}

function lexofficeKeys(c: LexofficeContact): string[] {
	const keys: string[] = [];
	const m = MARKER.exec(c.note ?? '');
	if (m) keys.push(`marker:${m[1]}`);
	const nr = c.roles.customer?.number ?? c.roles.vendor?.number;
	if (nr !== undefined) keys.push(`nr:${nr}`);
	for (const e of Object.values(c.emailAddresses ?? {}).flat()) keys.push(`email:${e.trim().toLowerCase()}`);
	return keys;
}

/** PUT replaces the whole contact: start from what is there and lay the managed fields over it. */
function mergeLexoffice(current: LexofficeContact, payload: Record<string, unknown>): Record<string, unknown> {
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
	if (p.emailAddresses) merged.emailAddresses = { ...(current.emailAddresses ?? {}), ...p.emailAddresses };
	if (p.phoneNumbers) merged.phoneNumbers = { ...(current.phoneNumbers ?? {}), ...p.phoneNumbers };
	if (p.note !== undefined) merged.note = p.note;
	return merged;
}

function lexofficeDiffers(current: LexofficeContact, payload: Record<string, unknown>): boolean {
	const { version: _v, roles: _r, ...merged } = mergeLexoffice(current, payload);
	const { id: _id, organizationId: _o, archived: _a, version: _cv, roles: _cr, ...now } = current;
	return stableJson(merged) !== stableJson(now);
}

// ---- lexoffice → bexio ----------------------------------------------------------------------------------

/** The bexio fields an edit may send; read-only ones (`address`, `is_lead`, …) are refused. */
const BEXIO_WRITABLE = [
	'nr', 'contact_type_id', 'name_1', 'name_2', 'salutation_id', 'salutation_form', 'title_id', 'birthday', 'street_name', 'house_number',
	'address_addition', 'postcode', 'city', 'country_id', 'language_id', 'mail', 'mail_second', 'phone_fixed', 'phone_fixed_second',
	'phone_mobile', 'fax', 'url', 'skype_name', 'remarks', 'contact_group_ids', 'contact_branch_ids', 'user_id', 'owner_id',
];

function lexofficeToBexio(
	lexoffice: LexofficeClient,
	bexio: BexioClient,
	countries: () => Promise<Countries>,
	me: () => Promise<number>,
	matchByEmail: boolean,
): Pipeline {
	return {
		async readSource(cursor, pageSize, signal) {
			const { idByIso } = await countries();
			const page = Math.max(0, cursor ?? 0);
			const size = Math.min(LEXOFFICE_MAX_PAGE_SIZE, pageSize);
			// call() rather than pages(): the envelope's totalElements gives the ETA (https://developers.lexware.io/docs/#paging-of-resources).
			const body = (await lexoffice.call('contact.getAll', { query: { page, size }, signal })) as unknown as {
				content: LexofficeContact[];
				last?: boolean;
				totalElements?: number;
			};
			const records = body.content.map((c) => fromLexoffice(c, idByIso, matchByEmail));
			const last = body.last === true || body.content.length === 0;
			return { records, next: last ? undefined : page + 1, total: body.totalElements };
		},
		async indexTarget(cursor, pageSize, signal) {
			for await (const page of bexio.pages('contact.getAll', { query: { order_by: 'id' }, signal }, { pageSize, start: cursor })) {
				return { entries: (page.items as BexioContact[]).map((c) => ({ targetId: String(c.id), keys: bexioKeys(c) })), next: page.next };
			}
			return { entries: [] };
		},
		async recordFor(raw) {
			return fromLexoffice(raw as LexofficeContact, (await countries()).idByIso, matchByEmail);
		},
		async findInTarget(record, signal) {
			const nr = (record.payload as { nr?: string | null }).nr;
			if (!nr) return undefined;
			// A list operation's call() answers the array; the catalog types one item.
			const found = (await bexio.call('contact.search', { body: [criterion('nr', '=', nr)], signal })) as unknown as BexioContact[];
			return found.length ? String(found[0].id) : undefined;
		},
		async readTarget(targetId, signal) {
			return orUndefinedIfGone(() => bexio.call('contact.get', { path: { contact_id: targetId }, signal }));
		},
		differs(current, record) {
			const c = current as BexioContact;
			return Object.entries(record.payload).some(([k, v]) => !sameBexioValue(k, c[k], v));
		},
		async create(record, signal) {
			const user = await me();
			const body = { ...record.payload, user_id: user, owner_id: user } as BexioWrite;
			const created = (await bexio.call('contact.create', { body, signal })) as BexioContact;
			return String(created.id);
		},
		async update(targetId, current, record, signal) {
			// A 2.0 edit resends the create-required fields: keep the record's own, overlay ours.
			const c = current as BexioContact;
			const user = await me();
			const kept: Record<string, unknown> = {};
			for (const k of BEXIO_WRITABLE) if (c[k] !== undefined) kept[k] = c[k];
			const body = { ...kept, ...record.payload, user_id: c.user_id ?? user, owner_id: c.owner_id ?? user } as BexioWrite;
			await bexio.call('contact.update', { path: { contact_id: targetId }, body, signal });
		},
	};
}

function fromLexoffice(c: LexofficeContact, idByIso: Map<string, number>, matchByEmail: boolean): SourceRecord {
	const id = c.id;
	const number = c.roles.customer?.number ?? c.roles.vendor?.number;
	const address = c.addresses?.billing?.[0] ?? c.addresses?.shipping?.[0];
	const emails = [...new Set(['business', 'office', 'private', 'other'].flatMap((k) => c.emailAddresses?.[k] ?? []))];
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
	const keys = [...(number !== undefined ? [`nr:${number}`] : []), ...(matchByEmail && email ? [`email:${email}`] : [])];
	const record: SourceRecord = {
		id,
		keys,
		targetKeys: [...(number !== undefined ? [`nr:${number}`] : []), ...(email ? [`email:${email}`] : [])],
		payload,
		hash: hashOf(payload),
	};
	if (c.archived) record.skip = 'archived in lexoffice';
	else if (number === undefined) record.invalid = 'lexoffice contact has neither a customer nor a vendor number';
	else if (!payload.name_1) record.invalid = 'lexoffice contact has no name';
	return record;
}

function bexioKeys(c: BexioContact): string[] {
	const keys: string[] = [];
	const nr = numberKey(c.nr);
	if (nr) keys.push(`nr:${nr}`);
	for (const e of [c.mail, c.mail_second]) if (e) keys.push(`email:${e.trim().toLowerCase()}`);
	return keys;
}

function sameBexioValue(field: string, current: unknown, wanted: unknown): boolean {
	const norm = (v: unknown) => (v === undefined || v === null || v === '' ? null : field === 'nr' ? numberKey(v as string) : String(v));
	return norm(current) === norm(wanted);
}

// ---- shared helpers -------------------------------------------------------------------------------------

/** Customer numbers compare as numbers: bexio lists `"000123"` where lexoffice has 123. */
function numberKey(nr: string | number | null | undefined): string | undefined {
	if (nr === null || nr === undefined) return undefined;
	const s = String(nr).trim();
	return /^\d+$/.test(s) ? String(BigInt(s)) : undefined;
}

/** A lexoffice name/email filter matching the literal text: `%`, `_` and `\` escaped. */
function likeLiteral(value: string): string {
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
