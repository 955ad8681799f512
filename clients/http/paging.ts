import type { PagingStyle } from '../catalog';
import type { QueryValue } from './types';

/**
 * Paging styles as data: which query parameters ask for a page, how to find the items in a response
 * and whether another page follows. The client's iterator (executor.ts) drives these; memory stays at
 * one page.
 */

/** Position of a page: page number (page styles) or offset (bexio offset style). */
export type PageCursor = number;

export interface PageRequest {
	query: Record<string, QueryValue>;
}

export function firstCursor(style: PagingStyle): PageCursor {
	return style.kind === 'bexioPage' || style.kind === 'bexioBankingPage' ? 1 : 0;
}

/** The largest page the API serves for this style (the client never asks for more). */
export function maxPageSize(style: PagingStyle): number | undefined {
	switch (style.kind) {
		case 'lexofficePage':
			return style.maxSize;
		case 'bexioOffset':
		case 'bexioPage':
		case 'bexioBankingPage':
			return style.maxLimit;
		default:
			return undefined;
	}
}

export function pageQuery(
	style: PagingStyle,
	cursor: PageCursor,
	size: number,
): Record<string, QueryValue> {
	switch (style.kind) {
		case 'lexofficePage':
			return { page: cursor, size };
		case 'bexioOffset':
			return { limit: size, offset: cursor };
		case 'bexioPage':
			return { page: cursor, limit: size };
		case 'bexioBankingPage':
			return { page: cursor, 'per-page': size };
		default:
			return {};
	}
}

/** The list inside a response body, for every style. */
export function pageItems(style: PagingStyle, body: unknown): unknown[] {
	if (style.kind === 'lexofficePage' || style.kind === 'lexofficeContent') {
		const content = (body as { content?: unknown } | undefined)?.content;
		return Array.isArray(content) ? content : [];
	}
	if (style.kind === 'bexioPage' || style.kind === 'bexioData') {
		const data = (body as { data?: unknown } | undefined)?.data;
		return Array.isArray(data) ? data : [];
	}
	if (style.kind === 'bexioBankingPage') {
		const results = (body as { results?: unknown } | undefined)?.results;
		return Array.isArray(results) ? results : [];
	}
	return Array.isArray(body) ? body : body === undefined || body === null ? [] : [body];
}

/** The cursor of the next page, or undefined when this page was the last. */
export function nextCursor(
	style: PagingStyle,
	cursor: PageCursor,
	size: number,
	body: unknown,
	itemCount: number,
): PageCursor | undefined {
	switch (style.kind) {
		case 'lexofficePage': {
			const last = (body as { last?: unknown } | undefined)?.last;
			// `last` is authoritative (https://developers.lexware.io/docs/#paging-of-resources); an empty page also ends the walk.
			return last === true || itemCount === 0 ? undefined : cursor + 1;
		}
		case 'bexioOffset':
			// No total and no cursor in bexio: the last page is the first shorter one (https://docs.bexio.com/#section/API-basics/Pagination).
			return itemCount < size ? undefined : cursor + itemCount;
		case 'bexioPage': {
			const pageCount = (body as { paging?: { page_count?: unknown } } | undefined)?.paging
				?.page_count;
			if (typeof pageCount === 'number') return cursor >= pageCount ? undefined : cursor + 1;
			return itemCount < size ? undefined : cursor + 1;
		}
		case 'bexioBankingPage':
			return itemCount < size ? undefined : cursor + 1;
		default:
			return undefined;
	}
}

/** First `n` items of an async iterable; stops the source early (closes its generator). */
export async function take<T>(source: AsyncIterable<T>, n: number): Promise<T[]> {
	const out: T[] = [];
	if (n <= 0) return out;
	for await (const item of source) {
		out.push(item);
		if (out.length >= n) break;
	}
	return out;
}

export async function collect<T>(source: AsyncIterable<T>): Promise<T[]> {
	const out: T[] = [];
	for await (const item of source) out.push(item);
	return out;
}
