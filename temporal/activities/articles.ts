import type { z } from 'zod';

import { criterion } from '../../clients/bexio';
import { ApiError } from '../../clients/http/errors';
import type { articleCreateSchema } from '../../clients/lexoffice/schemas';
import type { TaxRateMap } from '../mappings/money';
import type { ConnectionRef } from '../shared';
import { LEXOFFICE_MAX_PAGE_SIZE } from '../../clients/defaults';
import type { ActivityClients, BexioClient, LexofficeClient } from './engine/clients';
import { contentHash, stableJson } from './engine/contentHash';
import { orUndefinedIfGone } from './engine/gone';
import { bexioMasterData, type BexioMasterData, type MasterDataCache } from './engine/masterData';
import type { IndexPage, Pipeline, SourceRecord } from './engine/pipeline';

/**
 * Articles between bexio and lexoffice.
 *
 * One business key, explicit: the article number (`code:<number>`), bexio `intern_code` ↔ lexoffice
 * `articleNumber` (unique per organisation in lexoffice). A lexoffice article without a number cannot be
 * matched safely and is reported as failed; bexio requires the code anyway.
 *
 * Prices move as net prices. Tax rates differ by country (lexoffice 0/7/19 %, bexio Swiss rates): a
 * rate the target has is kept; any other rate needs the job's `taxRateMap` (source % → target %),
 * otherwise the article fails with a reason that names the option. Nothing is guessed.
 */

const MAPPING_VERSION = 1;
/** lexoffice requires a unit name; bexio articles may have none. */
const DEFAULT_UNIT_NAME = 'Stück';
/** Tax rates lexoffice accepts on articles. */
const LEXOFFICE_TAX_RATES = [0, 7, 19];

interface BexioArticle {
	id: number;
	intern_code?: string | null;
	intern_name?: string | null;
	intern_description?: string | null;
	article_type_id?: number | null;
	sale_price?: string | null;
	tax_income_id?: number | null;
	unit_id?: number | null;
	[field: string]: unknown;
}

interface LexofficeArticle {
	id: string;
	version: number;
	archived?: boolean;
	title?: string;
	description?: string;
	type?: 'PRODUCT' | 'SERVICE';
	articleNumber?: string;
	unitName?: string;
	price?: { leadingPrice?: string; netPrice?: number; grossPrice?: number; taxRate?: number };
	[field: string]: unknown;
}

type LexofficeArticleWrite = z.input<typeof articleCreateSchema>;

export function articlePipeline(clients: ActivityClients, cache: MasterDataCache, source: ConnectionRef, target: ConnectionRef, taxRateMap: TaxRateMap = {}): Pipeline {
	if (source.system === 'bexio' && target.system === 'lexoffice') {
		const bexio = clients.bexio(source);
		return bexioToLexoffice(bexio, clients.lexoffice(target), bexioMasterData(bexio, cache, source), taxRateMap);
	}
	if (source.system === 'lexoffice' && target.system === 'bexio') {
		const bexio = clients.bexio(target);
		return lexofficeToBexio(clients.lexoffice(source), bexio, bexioMasterData(bexio, cache, target), taxRateMap);
	}
	throw new Error(`No article import from ${source.system} to ${target.system}`);
}

/** The target's rate for a source rate: the job's map first, else the same rate if the target has it. */
function targetRate(rate: number, taxRateMap: TaxRateMap, available: (r: number) => boolean): number | undefined {
	const mapped = taxRateMap[String(rate)];
	if (mapped !== undefined) return available(mapped) ? mapped : undefined;
	return available(rate) ? rate : undefined;
}

const codeKey = (code: string | null | undefined): string | undefined => {
	const c = (code ?? '').trim();
	return c ? `code:${c}` : undefined;
};

function hashOf(payload: Record<string, unknown>): string {
	return contentHash(payload, `articles:${MAPPING_VERSION}`);
}

// ---- bexio → lexoffice ----------------------------------------------------------------------------------

function bexioToLexoffice(bexio: BexioClient, lexoffice: LexofficeClient, master: () => Promise<BexioMasterData>, taxRateMap: TaxRateMap): Pipeline {
	return {
		async readSource(cursor, pageSize, signal) {
			const m = await master();
			for await (const page of bexio.pages('article.getAll', { query: { order_by: 'id' }, signal }, { pageSize, start: cursor })) {
				return { records: (page.items as BexioArticle[]).map((a) => fromBexio(a, m, taxRateMap)), next: page.next };
			}
			return { records: [] };
		},
		async indexTarget(cursor, pageSize, signal): Promise<IndexPage> {
			for await (const page of lexoffice.pages('article.getAll', { signal }, { pageSize, start: cursor })) {
				const entries = (page.items as LexofficeArticle[]).map((a) => ({ targetId: a.id, keys: [codeKey(a.articleNumber)].filter((k): k is string => !!k) }));
				return { entries, next: page.next };
			}
			return { entries: [] };
		},
		async findInTarget(record, signal) {
			const articleNumber = (record.payload as { articleNumber: string }).articleNumber;
			for await (const a of lexoffice.items('article.getAll', { query: { articleNumber }, signal }, { pageSize: LEXOFFICE_MAX_PAGE_SIZE })) return a.id;
			return undefined;
		},
		readTarget: (targetId, signal) => orUndefinedIfGone(() => lexoffice.call('article.get', { path: { id: targetId }, signal })),
		differs(current, record) {
			const c = current as LexofficeArticle;
			const p = record.payload as unknown as LexofficeArticleWrite;
			const now = { title: c.title, description: c.description, type: c.type, articleNumber: c.articleNumber, unitName: c.unitName, netPrice: c.price?.netPrice, taxRate: c.price?.taxRate };
			const wanted = { title: p.title, description: p.description, type: p.type, articleNumber: p.articleNumber, unitName: p.unitName, netPrice: p.price.netPrice, taxRate: p.price.taxRate };
			return stableJson(now) !== stableJson(wanted);
		},
		async create(record, signal) {
			return (await lexoffice.call('article.create', { body: record.payload as unknown as LexofficeArticleWrite, signal })).id;
		},
		async update(targetId, current, record, signal) {
			let base = current as LexofficeArticle;
			for (let attempt = 1; ; attempt++) {
				// PUT replaces the article: keep its other fields (gtin, note), lay ours over them.
				const { id: _id, organizationId: _o, createdDate: _c, updatedDate: _u, archived: _a, ...rest } = base;
				const body = { ...rest, ...record.payload, version: base.version } as LexofficeArticleWrite & { version: number };
				try {
					await lexoffice.call('article.update', { path: { id: targetId }, body, signal });
					return;
				} catch (error) {
					// Edited between read and write (409): merge onto the new version.
					if (!(error instanceof ApiError) || error.kind !== 'conflict' || attempt >= 3) throw error;
					base = (await lexoffice.call('article.get', { path: { id: targetId }, signal })) as LexofficeArticle;
				}
			}
		},
	};
}

function fromBexio(a: BexioArticle, m: BexioMasterData, taxRateMap: TaxRateMap): SourceRecord {
	const id = String(a.id);
	const key = codeKey(a.intern_code);
	const sourceRate = a.tax_income_id ? m.rateByTaxId.get(a.tax_income_id) : undefined;
	const rate = sourceRate === undefined ? undefined : targetRate(sourceRate, taxRateMap, (r) => LEXOFFICE_TAX_RATES.includes(r));
	const payload: Record<string, unknown> = {
		title: (a.intern_name ?? '').trim(),
		...(a.intern_description ? { description: a.intern_description } : {}),
		type: a.article_type_id === 2 ? 'SERVICE' : 'PRODUCT',
		articleNumber: (a.intern_code ?? '').trim(),
		unitName: (a.unit_id ? m.unitNameById.get(a.unit_id) : undefined) ?? DEFAULT_UNIT_NAME,
		price: { leadingPrice: 'NET', netPrice: Math.round(Number(a.sale_price ?? 0) * 100) / 100, taxRate: rate ?? 0 },
	};
	const record: SourceRecord = { id, keys: key ? [key] : [], targetKeys: key ? [key] : [], payload, hash: hashOf(payload) };
	if (!key) record.invalid = 'bexio article has no article number (intern_code)';
	else if (!payload.title) record.invalid = 'bexio article has no name (intern_name)';
	else if (sourceRate === undefined) record.invalid = 'bexio article has no sales tax (tax_income_id); lexoffice needs a tax rate on every article';
	else if (rate === undefined) {
		record.invalid = `bexio tax rate ${sourceRate} % does not exist in lexoffice (0, 7, 19 %); map it with the job's taxRateMap, e.g. {"${sourceRate}": 19}`;
	}
	return record;
}

// ---- lexoffice → bexio ----------------------------------------------------------------------------------

function lexofficeToBexio(lexoffice: LexofficeClient, bexio: BexioClient, master: () => Promise<BexioMasterData>, taxRateMap: TaxRateMap): Pipeline {
	return {
		async readSource(cursor, pageSize, signal) {
			const m = await master();
			const page = Math.max(0, cursor ?? 0);
			// call() rather than pages(): the envelope's totalElements gives the ETA (https://developers.lexware.io/docs/#paging-of-resources).
			const body = (await lexoffice.call('article.getAll', { query: { page, size: Math.min(LEXOFFICE_MAX_PAGE_SIZE, pageSize) }, signal })) as unknown as {
				content: LexofficeArticle[];
				last?: boolean;
				totalElements?: number;
			};
			const last = body.last === true || body.content.length === 0;
			return { records: body.content.map((a) => fromLexoffice(a, m, taxRateMap)), next: last ? undefined : page + 1, total: body.totalElements };
		},
		async indexTarget(cursor, pageSize, signal): Promise<IndexPage> {
			for await (const page of bexio.pages('article.getAll', { query: { order_by: 'id' }, signal }, { pageSize, start: cursor })) {
				const entries = (page.items as BexioArticle[]).map((a) => ({ targetId: String(a.id), keys: [codeKey(a.intern_code)].filter((k): k is string => !!k) }));
				return { entries, next: page.next };
			}
			return { entries: [] };
		},
		async findInTarget(record, signal) {
			const code = (record.payload as { intern_code: string }).intern_code;
			const found = (await bexio.call('article.search', { body: [criterion('intern_code', '=', code)], signal })) as unknown as BexioArticle[];
			return found.length ? String(found[0].id) : undefined;
		},
		readTarget: (targetId, signal) => orUndefinedIfGone(() => bexio.call('article.get', { path: { article_id: targetId }, signal })),
		differs(current, record) {
			const c = current as BexioArticle;
			return Object.entries(record.payload).some(([k, v]) => k !== 'article_type_id' && !sameValue(k, c[k], v));
		},
		async create(record, signal) {
			const created = (await bexio.call('article.create', { body: record.payload as { intern_code: string; intern_name: string }, signal })) as BexioArticle;
			return String(created.id);
		},
		async update(targetId, _current, record, signal) {
			// The type is fixed after create; the rest of the managed fields are sent again.
			const { article_type_id: _type, ...body } = record.payload as { intern_code: string; intern_name: string; article_type_id?: number };
			await bexio.call('article.update', { path: { article_id: targetId }, body, signal });
		},
	};
}

function fromLexoffice(a: LexofficeArticle, m: BexioMasterData, taxRateMap: TaxRateMap): SourceRecord {
	const key = codeKey(a.articleNumber);
	const sourceRate = a.price?.taxRate;
	const rate = sourceRate === undefined ? undefined : targetRate(sourceRate, taxRateMap, (r) => m.taxIdByRate.has(r));
	const payload: Record<string, unknown> = {
		intern_code: (a.articleNumber ?? '').trim(),
		intern_name: (a.title ?? '').trim(),
		intern_description: a.description ?? null,
		article_type_id: a.type === 'SERVICE' ? 2 : 1,
		sale_price: (a.price?.netPrice ?? 0).toFixed(2),
		tax_income_id: rate === undefined ? null : (m.taxIdByRate.get(rate) ?? null),
		unit_id: a.unitName ? (m.unitIdByName.get(a.unitName.trim().toLowerCase()) ?? null) : null,
	};
	const record: SourceRecord = { id: a.id, keys: key ? [key] : [], targetKeys: key ? [key] : [], payload, hash: hashOf(payload) };
	if (a.archived) record.skip = 'archived in lexoffice';
	else if (!key) record.invalid = 'lexoffice article has no article number; give it one (bexio needs intern_code and the import matches by it)';
	else if (!payload.intern_name) record.invalid = 'lexoffice article has no title';
	else if (rate === undefined) {
		record.invalid = `lexoffice tax rate ${sourceRate ?? '(none)'} % has no active bexio sales tax; map it with the job's taxRateMap, e.g. {"${sourceRate ?? 19}": 8.1}`;
	}
	return record;
}

function sameValue(field: string, current: unknown, wanted: unknown): boolean {
	const norm = (v: unknown) => (v === undefined || v === null || v === '' ? null : field === 'sale_price' ? Number(v).toFixed(2) : String(v));
	return norm(current) === norm(wanted);
}

