import { ApiError } from '../http/errors';
import type { QueryValue } from '../http/types';
import type { LexofficeClient } from './index';

/** Paged lists stop at 10,000 rows and report at most 10,000 in totalElements (reference 3.2). */
export const RESULT_WINDOW = 10_000;
const PAGE = 250;

export interface VoucherlistQuery extends Record<string, QueryValue> {
	voucherType: string;
	voucherStatus: string;
}

export interface VoucherlistRow {
	id: string;
	voucherType: string;
	voucherStatus: string;
	voucherDate?: string | null;
	updatedDate?: string;
	[key: string]: unknown;
}

interface Envelope {
	content?: VoucherlistRow[];
	totalElements?: number;
	last?: boolean;
}

const DAY = 86_400_000;
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const msOf = (day: string) => Date.parse(`${day}T00:00:00Z`);

/**
 * Every voucherlist row matching `query`, beyond the 10,000-row window: a range that hits the window
 * is split in halves by voucher date until each slice fits, then each slice is paged (reference 7.3).
 * Slices are disjoint date ranges, so no row is yielded twice; memory stays at one page.
 * Rows without a voucher date (unchecked vouchers) are only reachable when no slicing is needed.
 */
export async function* voucherlistRows(
	client: LexofficeClient,
	query: VoucherlistQuery,
	options: { signal?: AbortSignal } = {},
): AsyncGenerator<VoucherlistRow> {
	const from = (query.voucherDateFrom as string | undefined) ?? '2000-01-01';
	const to = (query.voucherDateTo as string | undefined) ?? dayOf(Date.now() + 366 * DAY);
	const hasRange = query.voucherDateFrom !== undefined || query.voucherDateTo !== undefined;
	yield* slice(client, query, hasRange ? from : undefined, hasRange ? to : undefined, from, to, options.signal);
}

async function* slice(
	client: LexofficeClient,
	query: VoucherlistQuery,
	queryFrom: string | undefined,
	queryTo: string | undefined,
	from: string,
	to: string,
	signal: AbortSignal | undefined,
): AsyncGenerator<VoucherlistRow> {
	const base = { ...query, ...(queryFrom ? { voucherDateFrom: queryFrom } : {}), ...(queryTo ? { voucherDateTo: queryTo } : {}) };
	const first = (await client.call('voucherlist.getAll', { query: { ...base, page: 0, size: PAGE }, signal })) as Envelope;
	if ((first.totalElements ?? 0) < RESULT_WINDOW) {
		yield* first.content ?? [];
		if (first.last !== false) return;
		for await (const page of client.pages('voucherlist.getAll', { query: base, signal }, { pageSize: PAGE, start: 1 })) {
			yield* page.items as VoucherlistRow[];
		}
		return;
	}
	if (from === to) {
		throw new ApiError({
			system: 'lexoffice',
			kind: 'validation',
			status: 400,
			message: `More than ${RESULT_WINDOW} voucher list rows on ${from}: narrow the filters (voucher type or status) for this day`,
			operation: 'voucherlist.getAll',
		});
	}
	const mid = dayOf(msOf(from) + Math.floor((msOf(to) - msOf(from)) / DAY / 2) * DAY);
	yield* slice(client, query, from, mid, from, mid, signal);
	yield* slice(client, query, dayOf(msOf(mid) + DAY), to, dayOf(msOf(mid) + DAY), to, signal);
}

/**
 * Rows changed since `sinceDay` (yyyy-MM-dd). The filter is day-granular in German time, so the query
 * starts a day earlier and rows are deduplicated by (id, updatedDate) within the run (reference 7.3).
 */
export async function* voucherlistChangedSince(
	client: LexofficeClient,
	query: VoucherlistQuery,
	sinceDay: string,
	options: { signal?: AbortSignal } = {},
): AsyncGenerator<VoucherlistRow> {
	const seen = new Set<string>();
	const updatedDateFrom = dayOf(msOf(sinceDay) - DAY);
	for await (const row of voucherlistRows(client, { ...query, updatedDateFrom }, options)) {
		const key = `${row.id}|${row.updatedDate ?? ''}`;
		if (seen.has(key)) continue;
		seen.add(key);
		yield row;
	}
}
