import { randomUUID } from 'node:crypto';

import type { Router, SandboxRequest } from '../core/http';
import { findRecord } from './engine';
import { fail, invalid, notFound } from './errors';
import { page } from './query';
import { jsonObject, multipart, requireFields, type Json } from './request';
import {
	collection,
	insert,
	isoStamp,
	nextCounter,
	publicView,
	rows,
	type BexioRecord,
	type BexioTenant,
} from './store';

const BASE = '/3.0/accounting/manual_entries';
const TYPES = ['manual_single_entry', 'manual_compound_entry', 'manual_group_entry'];
const EXTENSIONS = [
	'png',
	'jpg',
	'jpeg',
	'gif',
	'doc',
	'docx',
	'xls',
	'xlsx',
	'ppt',
	'pptx',
	'pdf',
];
const MAX_FILE = 12 * 1024 * 1024;

/** A date inside a closed business year locks the entry. */
export function closedYear(t: BexioTenant, date: string): boolean {
	return rows(t, 'business_years').some(
		(y) => y.status === 'closed' && String(y.start) <= date && date <= String(y.end),
	);
}

function account(t: BexioTenant, value: unknown, field: string): void {
	if (value !== undefined && value !== null && !collection(t, 'accounts').has(Number(value)))
		invalid({ [field]: 'The account does not exist.' });
}

/** Validates an entry body: typed, balanced lines with known accounts. */
function prepare(t: BexioTenant, data: Json, existing?: BexioRecord): Json {
	requireFields(data, ['type', 'date', 'entries']);
	if (!TYPES.includes(String(data.type))) invalid({ type: `Must be one of ${TYPES.join(', ')}.` });
	if (!/^\d{4}-\d{2}-\d{2}$/.test(String(data.date))) invalid({ date: 'Use YYYY-MM-DD.' });
	if (closedYear(t, String(data.date)))
		invalid({ date: 'The business year of this date is closed.' });
	if (
		data.reference_nr !== undefined &&
		data.reference_nr !== null &&
		String(data.reference_nr).length > 80
	)
		invalid({ reference_nr: 'At most 80 characters.' });
	const entries = data.entries;
	if (!Array.isArray(entries) || entries.length === 0)
		return invalid({ entries: 'At least one line is required.' });
	if (data.type === 'manual_single_entry' && entries.length !== 1)
		invalid({ entries: 'A single entry has exactly one line.' });
	if (data.type === 'manual_compound_entry' && entries.length < 2)
		invalid({ entries: 'A compound entry has at least two lines.' });
	const previous = new Map(
		((existing?.entries as BexioRecord[] | undefined) ?? []).map((e) => [e.id, e]),
	);
	let debit = 0;
	let credit = 0;
	const lines = entries.map((raw, i) => {
		const e = (raw ?? {}) as Json;
		const at = `entries[${i}]`;
		if (typeof e.amount !== 'number' || !Number.isFinite(e.amount))
			invalid({ [`${at}.amount`]: 'This value should be a number.' });
		account(t, e.debit_account_id, `${at}.debit_account_id`);
		account(t, e.credit_account_id, `${at}.credit_account_id`);
		account(t, e.tax_account_id, `${at}.tax_account_id`);
		if (
			e.tax_id !== undefined &&
			e.tax_id !== null &&
			!collection(t, 'taxes').has(Number(e.tax_id))
		)
			invalid({ [`${at}.tax_id`]: 'The tax does not exist.' });
		if (
			e.currency_id !== undefined &&
			e.currency_id !== null &&
			!collection(t, 'currencies').has(Number(e.currency_id))
		)
			invalid({ [`${at}.currency_id`]: 'The currency does not exist.' });
		const hasDebit = e.debit_account_id !== undefined && e.debit_account_id !== null;
		const hasCredit = e.credit_account_id !== undefined && e.credit_account_id !== null;
		// Single and group lines book both sides; compound lines one side each.
		if (data.type === 'manual_compound_entry') {
			if (hasDebit === hasCredit)
				invalid({ [at]: 'A compound line has either a debit or a credit account.' });
			if (hasDebit) debit += Number(e.amount);
			else credit += Number(e.amount);
		} else if (!hasDebit || !hasCredit) {
			invalid({
				[`${at}.${hasDebit ? 'credit' : 'debit'}_account_id`]: 'This value should not be blank.',
			});
		}
		// On PUT each kept line names its id; an id of another entry is refused.
		if (existing && e.id !== undefined && !previous.has(Number(e.id)))
			invalid({ [`${at}.id`]: 'The line does not belong to this entry.' });
		const id =
			existing && e.id !== undefined ? Number(e.id) : nextCounter(t, 'id:manual_entry_lines');
		const factor = typeof e.currency_factor === 'number' ? e.currency_factor : 1;
		return {
			id,
			date: data.date,
			debit_account_id: e.debit_account_id ?? null,
			credit_account_id: e.credit_account_id ?? null,
			tax_id: e.tax_id ?? null,
			tax_account_id: e.tax_account_id ?? null,
			description: e.description ?? '',
			amount: e.amount,
			currency_id: e.currency_id ?? 1,
			base_currency_id: 1,
			currency_factor: factor,
			base_currency_amount: Math.round(Number(e.amount) * factor * 100) / 100,
			created_by_user_id: previous.get(id)?.created_by_user_id ?? t.userId,
			edited_by_user_id: t.userId,
		};
	});
	if (data.type === 'manual_compound_entry' && Math.abs(debit - credit) > 0.000001)
		invalid({ entries: 'Debit and credit lines must balance.' });
	return {
		type: data.type,
		booking_type: 'manual_entry',
		date: data.date,
		reference_nr: data.reference_nr ?? null,
		created_by_user_id: existing?.created_by_user_id ?? t.userId,
		edited_by_user_id: t.userId,
		entries: lines,
		is_locked: false,
		locked_info: null,
	};
}

function unlocked(entry: BexioRecord): BexioRecord {
	if (entry.is_locked)
		fail(422, `The entry is locked: ${String(entry.locked_info ?? 'closed_business_year')}`);
	return entry;
}

/** Manual entries: list, create, PUT with ids, delete, next_ref_nr; no single GET. */
export function registerManualEntries(router: Router<BexioTenant>): void {
	router.get(BASE, (req, t) => ({
		status: 200,
		body: page(req, rows(t, 'manual_entries')).map(publicView),
	}));
	router.post(BASE, (req, t) => ({
		status: 201,
		body: publicView(insert(t, 'manual_entries', prepare(t, jsonObject(req)))),
	}));
	router.get(`${BASE}/next_ref_nr`, (_req, t) => {
		const highest = rows(t, 'manual_entries').reduce(
			(max, m) =>
				/^\d+$/.test(String(m.reference_nr)) ? Math.max(max, Number(m.reference_nr)) : max,
			0,
		);
		return { status: 200, body: { next_ref_nr: String(highest + 1) } };
	});
	router.put(`${BASE}/:id`, (req, t) => {
		const entry = unlocked(findRecord(t, 'manual_entries', req.params.id));
		const data = jsonObject(req);
		if (Number(data.id) !== entry.id) invalid({ id: 'The id in the body must match the path.' });
		const updated = { ...prepare(t, data, entry), id: entry.id } as BexioRecord;
		collection(t, 'manual_entries').set(entry.id, updated);
		return { status: 200, body: publicView(updated) };
	});
	router.delete(`${BASE}/:id`, (req, t) => {
		const entry = unlocked(findRecord(t, 'manual_entries', req.params.id));
		collection(t, 'manual_entries').delete(entry.id);
		// Deleting an entry also unlinks its files.
		for (const f of rows(t, 'manual_entry_files'))
			if (f.manual_entry_id === entry.id) collection(t, 'manual_entry_files').delete(f.id);
		return { status: 200, body: { success: true } };
	});
	registerEntryFiles(router);
}

const fileView = (f: BexioRecord, withData: boolean): Json => {
	const { data, manual_entry_id: _m, entry_id: _e, ...rest } = publicView(f);
	return withData ? { ...rest, data } : rest;
};

/** Attachments: per line for single/group entries, per entry for compound ones. */
function registerEntryFiles(router: Router<BexioTenant>): void {
	const target = (req: SandboxRequest, t: BexioTenant, line: boolean) => {
		const entry = findRecord(t, 'manual_entries', req.params.id);
		const compound = entry.type === 'manual_compound_entry';
		if (line === compound)
			fail(
				422,
				line
					? 'Compound entries take files on the entry, not on a line'
					: 'Single and group entries take files on a line',
			);
		const entryId = line ? Number(req.params.entry_id) : null;
		if (line && !(entry.entries as BexioRecord[]).some((e) => e.id === entryId)) notFound();
		return { entry, entryId };
	};
	for (const line of [true, false]) {
		const base = line ? `${BASE}/:id/entries/:entry_id/files` : `${BASE}/:id/files`;
		const filesOf = (t: BexioTenant, entryId: number | null, manualEntryId: unknown) =>
			rows(t, 'manual_entry_files').filter(
				(f) => f.manual_entry_id === manualEntryId && f.entry_id === entryId,
			);
		router.get(base, (req, t) => {
			const { entry, entryId } = target(req, t, line);
			return {
				status: 200,
				body: page(req, filesOf(t, entryId, entry.id)).map((f) => fileView(f, false)),
			};
		});
		router.post(base, (req, t) => {
			const { entry, entryId } = target(req, t, line);
			unlocked(entry);
			const parts = multipart(req).filter((p) => p.filename !== undefined);
			if (parts.length === 0) invalid({ file: 'Upload at least one file.' });
			const names = new Set<string>();
			const created = parts.map((p) => {
				// One part per file with distinct names; 12 MB and office/image/PDF types only.
				if (names.has(p.name)) invalid({ [p.name]: 'Each file needs its own part name.' });
				names.add(p.name);
				const extension = (p.filename ?? '').split('.').pop()?.toLowerCase() ?? '';
				if (!EXTENSIONS.includes(extension))
					invalid({ [p.name]: `Allowed types: ${EXTENSIONS.join(', ')}.` });
				if (p.data.length > MAX_FILE) invalid({ [p.name]: 'At most 12 MB per file.' });
				return insert(t, 'manual_entry_files', {
					uuid: randomUUID(),
					name: p.filename,
					size_in_bytes: p.data.length,
					extension,
					mime_type: p.contentType,
					created_at: isoStamp(t),
					manual_entry_id: entry.id,
					entry_id: entryId,
					data: p.data.toString('base64'),
				});
			});
			return { status: 201, body: created.map((f) => fileView(f, false)) };
		});
		const find = (req: SandboxRequest, t: BexioTenant) => {
			const { entry, entryId } = target(req, t, line);
			const file = collection(t, 'manual_entry_files').get(Number(req.params.file_id));
			if (!file || file.manual_entry_id !== entry.id || file.entry_id !== entryId) notFound();
			return { entry, file: file! };
		};
		router.get(`${base}/:file_id`, (req, t) => ({
			status: 200,
			body: fileView(find(req, t).file, true),
		}));
		router.delete(`${base}/:file_id`, (req, t) => {
			const { entry, file } = find(req, t);
			unlocked(entry);
			collection(t, 'manual_entry_files').delete(file.id);
			return { status: 200, body: { success: true } };
		});
	}
}
