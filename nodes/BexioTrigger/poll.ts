import type { IDataObject } from 'n8n-workflow';

import { criterion, type BexioClient } from '../../clients/bexio';

/**
 * What the Bexio Trigger does on one poll, apart from n8n: reads through `client`, keeps its cursor in
 * `state` (the node's static data) and answers the records to emit. bexio has no webhooks, so the
 * trigger polls. Records with `updated_at` are read by a high-water mark plus the ids seen at that exact
 * second, so records sharing a timestamp are neither lost nor repeated; records without it (articles,
 * projects, timesheets) by their increasing id. The first poll starts from the newest record, not from
 * the local clock, and emits nothing.
 */

export type Watch =
	| 'contact'
	| 'invoice'
	| 'order'
	| 'quote'
	| 'invoiceStatus'
	| 'article'
	| 'project'
	| 'timesheet';

/** What the trigger remembers between polls (static data; never a token). */
export interface BexioPollState {
	/** `updated_at` of the newest record emitted (bexio's zone-less company time, sorts as a string). */
	watermark?: string;
	/** Ids already emitted at exactly `watermark`. */
	seenAtWatermark?: number[];
	/** Highest id seen (id-based watches). */
	lastId?: number;
	/** Invoice id → status id (status watch). */
	statuses?: Record<string, number>;
}

type Row = IDataObject & { id: number; updated_at?: string; kb_item_status_id?: number };
type PollState = BexioPollState;

const BY_UPDATE: Partial<Record<Watch, string>> = {
	contact: 'contact',
	invoice: 'invoice',
	order: 'order',
	quote: 'quote',
	invoiceStatus: 'invoice',
};
const BY_ID: Partial<Record<Watch, string>> = {
	article: 'article',
	project: 'project',
	timesheet: 'timesheet',
};

/** One poll: the records to emit (empty when nothing changed). `manual` answers the newest record as a sample and keeps no cursor. */
export async function pollBexio(
	client: BexioClient,
	watch: Watch,
	state: BexioPollState,
	manual: boolean,
): Promise<Row[]> {
	if (BY_ID[watch]) return pollById(client, BY_ID[watch]!, state, manual);
	if (watch === 'invoiceStatus') return pollStatuses(client, state, manual);
	return pollByUpdate(client, BY_UPDATE[watch]!, state, manual);
}

async function newest(
	client: BexioClient,
	resource: string,
	orderBy: string,
): Promise<Row | undefined> {
	for await (const row of client.items(
		`${resource}.getAll`,
		{ query: { order_by: orderBy } },
		{ pageSize: 1 },
	))
		return row as Row;
	return undefined;
}

/** Records changed at or after the watermark, oldest first, across all pages. */
async function changedSince(
	client: BexioClient,
	resource: string,
	watermark: string,
): Promise<Row[]> {
	const rows: Row[] = [];
	const body = [criterion('updated_at', '>=', watermark)];
	for await (const row of client.items(`${resource}.search`, {
		body,
		query: { order_by: 'updated_at_asc,id_asc' },
	}))
		rows.push(row as Row);
	return rows;
}

async function pollByUpdate(
	client: BexioClient,
	resource: string,
	state: PollState,
	manual: boolean,
): Promise<Row[]> {
	if (manual) {
		const latest = await newest(client, resource, 'updated_at_desc');
		return latest ? [latest] : [];
	}
	if (state.watermark === undefined) {
		const latest = await newest(client, resource, 'updated_at_desc');
		state.watermark = latest?.updated_at ?? '1970-01-01 00:00:00';
		state.seenAtWatermark = latest
			? (await changedSince(client, resource, state.watermark))
					.filter((r) => r.updated_at === state.watermark)
					.map((r) => r.id)
			: [];
		return [];
	}
	const seen = new Set(state.seenAtWatermark ?? []);
	const fresh = (await changedSince(client, resource, state.watermark)).filter(
		(r) => r.updated_at !== state.watermark || !seen.has(r.id),
	);
	if (fresh.length === 0) return [];
	// The cursor moves only after every page of the window was read.
	const top = fresh.reduce(
		(max, r) => ((r.updated_at ?? '') > max ? (r.updated_at ?? '') : max),
		state.watermark,
	);
	const atTop = fresh.filter((r) => r.updated_at === top).map((r) => r.id);
	state.seenAtWatermark = top === state.watermark ? [...seen, ...atTop] : atTop;
	state.watermark = top;
	return fresh;
}

/** Id-ordered resources: newest first, stopping at the last id already emitted. */
async function pollById(
	client: BexioClient,
	resource: string,
	state: PollState,
	manual: boolean,
): Promise<Row[]> {
	if (manual || state.lastId === undefined) {
		const latest = await newest(client, resource, 'id_desc');
		if (manual) return latest ? [latest] : [];
		state.lastId = latest?.id ?? 0;
		return [];
	}
	const fresh: Row[] = [];
	for await (const row of client.items(`${resource}.getAll`, { query: { order_by: 'id_desc' } })) {
		if ((row as Row).id <= state.lastId) break;
		fresh.push(row as Row);
	}
	if (fresh.length) state.lastId = Math.max(...fresh.map((r) => r.id));
	return fresh.reverse();
}

/** Status changes of invoices touched since the watermark, compared with the statuses last seen. */
async function pollStatuses(
	client: BexioClient,
	state: PollState,
	manual: boolean,
): Promise<Row[]> {
	if (manual || state.statuses === undefined) {
		if (manual) {
			const latest = await newest(client, 'invoice', 'updated_at_desc');
			return latest ? [latest] : [];
		}
		state.statuses = {};
		let top = '1970-01-01 00:00:00';
		for await (const row of client.items('invoice.getAll', {})) {
			const r = row as Row;
			state.statuses[String(r.id)] = r.kb_item_status_id ?? 0;
			if ((r.updated_at ?? '') > top) top = r.updated_at ?? top;
		}
		state.watermark = top;
		return [];
	}
	const changed: Row[] = [];
	let top = state.watermark ?? '1970-01-01 00:00:00';
	for (const r of await changedSince(client, 'invoice', top)) {
		const before = state.statuses[String(r.id)];
		if (before !== undefined && before !== r.kb_item_status_id)
			changed.push({ ...r, previous_kb_item_status_id: before });
		state.statuses[String(r.id)] = r.kb_item_status_id ?? 0;
		if ((r.updated_at ?? '') > top) top = r.updated_at ?? top;
	}
	state.watermark = top;
	return changed;
}
