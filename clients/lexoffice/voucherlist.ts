import { LEXOFFICE_MAX_PAGE_SIZE } from '../defaults';
import { ApiError } from '../http/errors';
import { lexofficeDay } from './days';
import type { LexofficeClient } from './index';

/** The voucher list pages through 10,000 rows at most and reports at most 10,000 in totalElements. */
export const RESULT_WINDOW = 10_000;
/** Cursors at or above this read one month at a time: SLICED + month index × PAGES + page. */
const SLICED = 1_000_000_000;
const PAGES = 10_000;
/** Month index 0 = January 2000; voucher dates before it are not expected. */
const monthIndex = (day: string) =>
	(Number(day.slice(0, 4)) - 2000) * 12 + Number(day.slice(5, 7)) - 1;
const monthStart = (m: number) =>
	`${2000 + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}-01`;
const monthEnd = (m: number) => {
	const last = new Date(Date.UTC(2000 + Math.floor(m / 12), (m % 12) + 1, 0)).getUTCDate();
	return `${monthStart(m).slice(0, 8)}${String(last).padStart(2, '0')}`;
};

/** `voucherType` and `voucherStatus` are required by the API; other filters as strings (e.g. contactId, updatedDateFrom). */
export interface VoucherlistQuery {
	voucherType: string;
	voucherStatus: string;
	[filter: string]: string;
}

export interface VoucherlistRow {
	id: string;
	voucherType: string;
	voucherStatus: string;
	voucherDate?: string | null;
	updatedDate?: string | null;
	[key: string]: unknown;
}

interface ListBody<T> {
	content: T[];
	last?: boolean;
	totalElements?: number;
}

export { lexofficeDay };

/**
 * One page of the voucher list for `query`, resumable by a numeric cursor (a Temporal activity keeps it
 * between pages). Below 10,000 rows the cursor is the page number, sorted by voucher date (the one sort
 * key lexoffice accepts). At 10,000 rows or more the list is read month by month (voucherDateFrom/To,
 * whole German days), jumping over empty months; a single month with 10,000 rows or more throws an
 * ApiError naming it.
 */
export async function voucherlistPage<T extends { voucherDate?: string | null }>(
	lexoffice: LexofficeClient,
	query: Record<string, string>,
	cursor: number | undefined,
	pageSize: number,
	signal?: AbortSignal,
): Promise<{ rows: T[]; next?: number; total?: number }> {
	const size = Math.min(LEXOFFICE_MAX_PAGE_SIZE, Math.max(1, pageSize));
	const list = async (q: Record<string, string>, page: number, n: number) =>
		(await lexoffice.call('voucherlist.getAll', {
			query: { ...q, sort: 'voucherDate,ASC', page, size: n } as never,
			signal,
		})) as unknown as ListBody<T>;
	/** Cursor of the first month from `from` on that holds a row, or undefined when none does. */
	const firstMonthFrom = async (from: string): Promise<number | undefined> => {
		const day = (
			await list({ ...query, voucherDateFrom: from }, 0, 1)
		).content[0]?.voucherDate?.slice(0, 10);
		return day ? SLICED + monthIndex(day) * PAGES : undefined;
	};

	if (cursor === undefined || cursor < SLICED) {
		const page = cursor ?? 0;
		const body = await list(query, page, size);
		const total = body.totalElements ?? 0;
		// With room for a whole last page: lexoffice refuses a page that reaches past the window.
		if (total + size <= RESULT_WINDOW) {
			const last = body.last !== false || body.content.length === 0;
			return {
				rows: body.content,
				next: last ? undefined : page + 1,
				total: cursor === undefined ? total : undefined,
			};
		}
		// Too many rows to page through: start again month by month (nothing of this page is used).
		const first = await firstMonthFrom('2000-01-01');
		if (first === undefined) return { rows: [] };
		cursor = first;
	}
	const month = Math.floor((cursor - SLICED) / PAGES);
	const page = (cursor - SLICED) % PAGES;
	const body = await list(
		{ ...query, voucherDateFrom: monthStart(month), voucherDateTo: monthEnd(month) },
		page,
		size,
	);
	if ((body.totalElements ?? 0) >= RESULT_WINDOW) {
		throw new ApiError({
			system: 'lexoffice',
			kind: 'validation',
			status: 400,
			code: 'search_window_exceeded',
			message: `The voucher list holds ${RESULT_WINDOW} or more rows in ${monthStart(month).slice(0, 7)}, more than the API can page through (https://developers.lexware.io/docs/#paging-of-resources)`,
			operation: 'voucherlist.getAll',
			method: 'GET',
			path: '/v1/voucherlist',
		});
	}
	if (body.last === false && body.content.length > 0)
		return { rows: body.content, next: cursor + 1 };
	return { rows: body.content, next: await firstMonthFrom(monthStart(month + 1)) };
}

/** Every voucher list row matching `query`, oldest voucher date first, page by page through voucherlistPage. */
export async function* voucherlistRows(
	client: LexofficeClient,
	query: VoucherlistQuery,
	options: { signal?: AbortSignal; pageSize?: number } = {},
): AsyncGenerator<VoucherlistRow> {
	let cursor: number | undefined;
	do {
		const page = await voucherlistPage<VoucherlistRow>(
			client,
			query,
			cursor,
			options.pageSize ?? LEXOFFICE_MAX_PAGE_SIZE,
			options.signal,
		);
		yield* page.rows;
		cursor = page.next;
	} while (cursor !== undefined);
}

const addDays = (day: string, n: number) =>
	new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/**
 * Rows changed since `since`, for incremental syncs: `updatedDateFrom` is a German
 * calendar day, so the query starts one day earlier and overlaps the previous run; rows are
 * deduplicated by (id, updatedDate) within this run. Callers keep their own (id, updatedDate) or
 * version watermark across runs.
 */
export async function* updatedSince(
	client: LexofficeClient,
	query: VoucherlistQuery,
	since: Date | string,
	options: { signal?: AbortSignal; pageSize?: number } = {},
): AsyncGenerator<VoucherlistRow> {
	const day =
		typeof since === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(since)
			? since
			: lexofficeDay(new Date(since));
	const seen = new Set<string>();
	for await (const row of voucherlistRows(
		client,
		{ ...query, updatedDateFrom: addDays(day, -1) },
		options,
	)) {
		const key = `${row.id}|${row.updatedDate ?? ''}`;
		if (seen.has(key)) continue;
		seen.add(key);
		yield row;
	}
}
