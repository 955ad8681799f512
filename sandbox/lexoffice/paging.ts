import type { SandboxRequest } from '../core/http';
import { fail, legacy, regular } from './errors';
import type { ErrorFormat } from './request';

/** The hard result window of paged lists (https://developers.lexware.io/docs/#paging-of-resources). */
export const SEARCH_WINDOW = 10_000;

export interface PageRequest {
	page: number;
	size: number;
}

export interface PagingRules {
	/** Largest accepted `size` (250; contacts observed to accept 500). */
	max: number;
	format: ErrorFormat;
	/** Contacts: out-of-range page/size silently fall back to the defaults. */
	lenient?: boolean;
	/** Message used when `size` exceeds `max`. */
	tooLargeMessage?: string;
}

function parseInteger(value: string | null): number | undefined {
	if (value === null || !/^-?\d+$/.test(value.trim())) return undefined;
	return Number(value.trim());
}

function badParam(req: SandboxRequest, rules: PagingRules, name: string, message: string): never {
	fail(
		rules.format === 'legacy'
			? legacy(400, [{ source: name, i18nKey: 'invalid_value' }])
			: regular(req, 400, message),
	);
}

/** `page` (0-based, default 0) and `size` (default 25) with per-endpoint caps (https://developers.lexware.io/docs/#paging-of-resources). */
export function parsePaging(req: SandboxRequest, rules: PagingRules): PageRequest {
	const rawPage = req.query.get('page');
	const rawSize = req.query.get('size');
	let page = rawPage === null ? 0 : parseInteger(rawPage);
	let size = rawSize === null ? 25 : parseInteger(rawSize);
	if (size !== undefined && size > rules.max) {
		if (rules.format === 'legacy') {
			fail(
				legacy(400, [
					{
						source: 'size',
						i18nKey: rules.tooLargeMessage ?? "parameter 'size' exceeds the limit",
					},
				]),
			);
		}
		fail(
			regular(
				req,
				400,
				rules.tooLargeMessage ?? `parameter 'size' must be equal or lower than ${rules.max}`,
			),
		);
	}
	if (page === undefined || page < 0) {
		if (!rules.lenient) badParam(req, rules, 'page', "parameter 'page' is invalid");
		page = 0;
	}
	if (size === undefined || size < 1) {
		if (!rules.lenient) badParam(req, rules, 'size', "parameter 'size' is invalid");
		size = 25;
	}
	return { page, size };
}

export interface SortOrder {
	property: string;
	direction: 'ASC' | 'DESC';
}

/** Spring-style paging envelope (https://developers.lexware.io/docs/#paging-of-resources); `sort` omitted where the API omits it. */
export function pageEnvelope<T, U>(
	all: T[],
	paging: PageRequest,
	sort: SortOrder[] | undefined,
	toJson: (item: T) => U,
	options: { totalCap?: number } = {},
): Record<string, unknown> {
	const start = paging.page * paging.size;
	// Only the page is serialised: lists of 10,000+ seeded rows stay cheap.
	const content = all.slice(start, start + paging.size).map(toJson);
	const totalElements =
		options.totalCap !== undefined ? Math.min(all.length, options.totalCap) : all.length;
	const totalPages = Math.ceil(totalElements / paging.size);
	const envelope: Record<string, unknown> = {
		content,
		first: paging.page === 0,
		last: paging.page >= totalPages - 1,
		totalPages,
		totalElements,
		numberOfElements: content.length,
		size: paging.size,
		number: paging.page,
	};
	if (sort) {
		envelope.sort = sort.map((s) => ({
			direction: s.direction,
			property: s.property,
			ignoreCase: false,
			nullHandling: 'NATIVE',
			ascending: s.direction === 'ASC',
		}));
	}
	return envelope;
}
