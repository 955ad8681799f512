import { ApiError } from '../http/errors';
import type { LexofficePageBody } from '../http/executor';
import type { QueryValue } from '../http/types';
import { lexofficeDay } from './days';
import type { LexofficeClient } from './index';

/** Paged lists stop at 10,000 rows and report at most 10,000 in totalElements (lexoffice 3.2). */
export const RESULT_WINDOW = 10_000;
/** Largest voucherlist page (lexoffice 4.13). */
const MAX_PAGE = 250;
/** Bounds for a range the caller left open when the data gives none (every row undated). */
const EARLIEST = '2000-01-01';

export interface VoucherlistQuery {
	voucherType: string;
	voucherStatus: string;
	[filter: string]: QueryValue;
}

export interface VoucherlistRow {
	id: string;
	voucherType: string;
	voucherStatus: string;
	voucherDate?: string | null;
	updatedDate?: string | null;
	[key: string]: unknown;
}

export interface VoucherlistOptions {
	signal?: AbortSignal;
	/** Rows per request, at most 250. */
	pageSize?: number;
}

const DAY = 86_400_000;
const msOf = (day: string) => Date.parse(`${day}T00:00:00Z`);
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const addDays = (day: string, n: number) => dayOf(msOf(day) + n * DAY);
/** `2025-03-01T00:00:00.000+01:00` → `2025-03-01`: the German calendar day the API filters on (lexoffice 3.5, 4.13). */
const dayOfTimestamp = (value: unknown) => (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value) ? value.slice(0, 10) : undefined);

export { lexofficeDay };

const BOOKKEEPING_TYPES = ['salesinvoice', 'salescreditnote', 'purchaseinvoice', 'purchasecreditnote'];
const csv = (value: string) => value.split(',').map((v) => v.trim());

/**
 * Every voucherlist row matching `query`, past the 10,000-row window (lexoffice 3.2, 4.13, 7.3). A
 * range whose first page reports totalElements ≥ 10,000 is split in halves by voucher date, down to
 * single days, and each slice is paged with up to 250 rows. Slices are disjoint date ranges visited in
 * the query's sort direction (`voucherDate` descending unless `sort` says `ASC`), so rows come in order
 * and none twice; only the previous page's ids are kept, to skip a row that a concurrent insert pushed
 * across a page boundary. A single day that still holds 10,000 rows throws an ApiError naming the day.
 */
export async function* voucherlistRows(client: LexofficeClient, query: VoucherlistQuery, options: VoucherlistOptions = {}): AsyncGenerator<VoucherlistRow> {
	const size = Math.max(1, Math.min(options.pageSize ?? MAX_PAGE, MAX_PAGE));
	const ascending = typeof query.sort === 'string' && /,\s*asc$/i.test(query.sort);
	const from = typeof query.voucherDateFrom === 'string' ? query.voucherDateFrom : undefined;
	const to = typeof query.voucherDateTo === 'string' ? query.voucherDateTo : undefined;
	const list = (q: Record<string, QueryValue>, page: number, pageSize: number) =>
		client.call('voucherlist.getAll', { query: { ...q, page, size: pageSize }, signal: options.signal }) as Promise<LexofficePageBody<VoucherlistRow>>;

	async function* pageThrough(q: Record<string, QueryValue>, first: LexofficePageBody<VoucherlistRow>): AsyncGenerator<VoucherlistRow> {
		let body = first;
		let previous = new Set<string>();
		for (let page = 0; ; page++) {
			const rows = body.content ?? [];
			for (const row of rows) if (!previous.has(row.id)) yield row;
			previous = new Set(rows.map((r) => r.id));
			if (body.last !== false || rows.length === 0) return;
			body = await list(q, page + 1, size);
		}
	}

	async function* slice(sliceFrom: string | undefined, sliceTo: string | undefined, probe?: LexofficePageBody<VoucherlistRow>): AsyncGenerator<VoucherlistRow> {
		const q: Record<string, QueryValue> = { ...query, voucherDateFrom: sliceFrom, voucherDateTo: sliceTo };
		const first = probe ?? (await list(q, 0, size));
		if ((first.totalElements ?? 0) < RESULT_WINDOW) {
			yield* pageThrough(q, first);
			return;
		}
		let lo = sliceFrom;
		let hi = sliceTo;
		if (lo === undefined || hi === undefined) {
			// An open end: take it from the oldest and newest row (the only accepted sort key, lexoffice 3.2).
			const edge = async (direction: 'ASC' | 'DESC') => dayOfTimestamp((await list({ ...q, sort: `voucherDate,${direction}` }, 0, 1)).content?.[0]?.voucherDate);
			lo ??= (await edge('ASC')) ?? EARLIEST;
			hi ??= (await edge('DESC')) ?? lexofficeDay(new Date(Date.now() + 366 * DAY));
			if (lo > hi) return;
		}
		if (lo === hi) {
			throw new ApiError({
				system: 'lexoffice',
				kind: 'validation',
				status: 400,
				code: 'search_window_exceeded',
				message: `The voucher list holds ${RESULT_WINDOW} or more rows dated ${lo} for this query, more than the API can page through (lexoffice 3.2): narrow voucherType, voucherStatus or contactId for that day`,
				operation: 'voucherlist.getAll',
				method: 'GET',
				path: '/v1/voucherlist',
			});
		}
		const mid = addDays(lo, Math.floor((msOf(hi) - msOf(lo)) / DAY / 2));
		const lower = () => slice(lo, mid);
		const upper = () => slice(addDays(mid, 1), hi);
		for (const half of ascending ? [lower, upper] : [upper, lower]) yield* half();
	}

	const root = { ...query, voucherDateFrom: from, voucherDateTo: to };
	const probe = await list(root, 0, size);
	const sliced = (probe.totalElements ?? 0) >= RESULT_WINDOW;
	yield* slice(from, to, probe);

	// Unchecked bookkeeping vouchers may have no voucher date, so no date slice holds them (lexoffice 5.13).
	const types = csv(query.voucherType);
	const statuses = csv(query.voucherStatus);
	const mayBeUndated =
		sliced &&
		from === undefined &&
		to === undefined &&
		(statuses.includes('any') || statuses.includes('unchecked')) &&
		(types.includes('any') || types.some((t) => BOOKKEEPING_TYPES.includes(t)));
	if (mayBeUndated) {
		const q = { ...query, voucherStatus: 'unchecked' };
		const first = await list(q, 0, size);
		if ((first.totalElements ?? 0) >= RESULT_WINDOW) {
			throw new ApiError({
				system: 'lexoffice',
				kind: 'validation',
				status: 400,
				code: 'search_window_exceeded',
				message: `${RESULT_WINDOW} or more unchecked vouchers: rows without a voucher date cannot be sliced by date (lexoffice 3.2); filter by contactId or created/updated dates`,
				operation: 'voucherlist.getAll',
				method: 'GET',
				path: '/v1/voucherlist',
			});
		}
		for await (const row of pageThrough(q, first)) if (!row.voucherDate) yield row;
	}
}

/**
 * Rows changed since `since`, for incremental syncs (lexoffice 7.3): `updatedDateFrom` is a German
 * calendar day, so the query starts one day earlier and overlaps the previous run; rows are
 * deduplicated by (id, updatedDate) within this run. Callers keep their own (id, updatedDate) or
 * version watermark across runs.
 */
export async function* updatedSince(
	client: LexofficeClient,
	query: VoucherlistQuery,
	since: Date | string,
	options: VoucherlistOptions = {},
): AsyncGenerator<VoucherlistRow> {
	const day = typeof since === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(since) ? since : lexofficeDay(new Date(since));
	const seen = new Set<string>();
	for await (const row of voucherlistRows(client, { ...query, updatedDateFrom: addDays(day, -1) }, options)) {
		const key = `${row.id}|${row.updatedDate ?? ''}`;
		if (seen.has(key)) continue;
		seen.add(key);
		yield row;
	}
}
