import type { z } from 'zod';

import { criterion } from '../../clients/bexio';
import { LEXOFFICE_MAX_PAGE_SIZE } from '../../clients/defaults';
import { ApiError } from '../../clients/http/errors';
import type { contactWriteSchema } from '../../clients/lexoffice/schemas';
import {
	BEXIO_WRITABLE,
	bexioKeys,
	contactFromBexio,
	contactFromLexoffice,
	lexofficeDiffers,
	lexofficeKeys,
	likeLiteral,
	marker,
	mergeLexoffice,
	sameBexioValue,
	type BexioContact,
	type LexofficeContact,
} from '../mappings/contacts';
import type { ConnectionRef } from '../shared';
import type { ActivityClients, BexioClient, LexofficeClient } from './engine/clients';
import { orUndefinedIfGone } from './engine/gone';
import { bexioCountries, bexioMe, type Countries, type MasterDataCache } from './engine/masterData';
import type { IndexPage, Pipeline } from './engine/pipeline';

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

export function contactPipeline(
	clients: ActivityClients,
	cache: MasterDataCache,
	source: ConnectionRef,
	target: ConnectionRef,
	matchByEmail: boolean,
): Pipeline {
	if (source.system === 'bexio' && target.system === 'lexoffice') {
		return bexioToLexoffice(
			clients.bexio(source),
			clients.lexoffice(target),
			bexioCountries(clients.bexio(source), cache, source),
			matchByEmail,
		);
	}
	if (source.system === 'lexoffice' && target.system === 'bexio') {
		const bexio = clients.bexio(target);
		return lexofficeToBexio(
			clients.lexoffice(source),
			bexio,
			bexioCountries(bexio, cache, target),
			bexioMe(bexio, cache, target),
			matchByEmail,
		);
	}
	throw new Error(`No contact import from ${source.system} to ${target.system}`);
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

function bexioToLexoffice(
	bexio: BexioClient,
	lexoffice: LexofficeClient,
	countries: () => Promise<Countries>,
	matchByEmail: boolean,
): Pipeline {
	return {
		async readSource(cursor, pageSize, signal) {
			const { isoById } = await countries();
			for await (const page of bexio.pages(
				'contact.getAll',
				{ query: { order_by: 'id' }, signal },
				{ pageSize, start: cursor },
			)) {
				return {
					records: (page.items as BexioContact[]).map((c) =>
						contactFromBexio(c, isoById, matchByEmail),
					),
					next: page.next,
				};
			}
			return { records: [] };
		},
		indexTarget: (cursor, pageSize, signal) => indexLexoffice(lexoffice, cursor, pageSize, signal),
		async recordFor(raw) {
			return contactFromBexio(raw as BexioContact, (await countries()).isoById, matchByEmail);
		},
		async findInTarget(record, signal) {
			// lexoffice cannot search the note: narrow by name (or e-mail), then the marker decides.
			const payload = record.payload as Partial<LexofficeContact>;
			const name = payload.company?.name ?? payload.person?.lastName ?? '';
			const email = Object.values(payload.emailAddresses ?? {})[0]?.[0] ?? '';
			const query =
				name.length >= 3
					? { name: likeLiteral(name) }
					: email.length >= 3
						? { email: likeLiteral(email) }
						: {};
			const wanted = marker(record.id);
			for await (const c of lexoffice.items(
				'contact.getAll',
				{ query, signal },
				{ pageSize: LEXOFFICE_MAX_PAGE_SIZE },
			)) {
				if ((c.note ?? '').includes(wanted)) return c.id;
			}
			return undefined;
		},
		async readTarget(targetId, signal) {
			return orUndefinedIfGone(() =>
				lexoffice.call('contact.get', { path: { id: targetId }, signal }),
			);
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
					await lexoffice.call('contact.update', {
						path: { id: targetId },
						body: mergeLexoffice(base, record.payload) as LexofficeWrite,
						signal,
					});
					return;
				} catch (error) {
					// Someone edited the contact between read and write: merge onto the new version.
					if (!(error instanceof ApiError) || error.kind !== 'conflict' || attempt >= 3)
						throw error;
					base = (await lexoffice.call('contact.get', {
						path: { id: targetId },
						signal,
					})) as LexofficeContact;
				}
			}
		},
	};
}

async function indexLexoffice(
	lexoffice: LexofficeClient,
	cursor: number | undefined,
	pageSize: number,
	signal: AbortSignal,
): Promise<IndexPage> {
	for await (const page of lexoffice.pages(
		'contact.getAll',
		{ signal },
		{ pageSize, start: cursor },
	)) {
		return {
			entries: (page.items as LexofficeContact[]).map((c) => ({
				targetId: c.id,
				keys: lexofficeKeys(c),
			})),
			next: page.next,
		};
	}
	return { entries: [] };
}

// ---- lexoffice → bexio ----------------------------------------------------------------------------------

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
			const body = await lexoffice.call('contact.getAll', { query: { page, size }, signal });
			const records = (body.content as LexofficeContact[]).map((c) =>
				contactFromLexoffice(c, idByIso, matchByEmail),
			);
			const last = body.last === true || body.content.length === 0;
			return { records, next: last ? undefined : page + 1, total: body.totalElements };
		},
		async indexTarget(cursor, pageSize, signal) {
			for await (const page of bexio.pages(
				'contact.getAll',
				{ query: { order_by: 'id' }, signal },
				{ pageSize, start: cursor },
			)) {
				return {
					entries: (page.items as BexioContact[]).map((c) => ({
						targetId: String(c.id),
						keys: bexioKeys(c),
					})),
					next: page.next,
				};
			}
			return { entries: [] };
		},
		async recordFor(raw) {
			return contactFromLexoffice(
				raw as LexofficeContact,
				(await countries()).idByIso,
				matchByEmail,
			);
		},
		async findInTarget(record, signal) {
			const nr = (record.payload as { nr?: string | null }).nr;
			if (!nr) return undefined;
			const found = await bexio.call('contact.search', {
				body: [criterion('nr', '=', nr)],
				signal,
			});
			return found.length ? String(found[0].id) : undefined;
		},
		async readTarget(targetId, signal) {
			return orUndefinedIfGone(() =>
				bexio.call('contact.get', { path: { contact_id: targetId }, signal }),
			);
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
			const body = {
				...kept,
				...record.payload,
				user_id: c.user_id ?? user,
				owner_id: c.owner_id ?? user,
			} as BexioWrite;
			await bexio.call('contact.update', { path: { contact_id: targetId }, body, signal });
		},
	};
}
