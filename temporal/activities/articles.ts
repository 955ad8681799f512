import type { z } from 'zod';

import { criterion } from '../../clients/bexio';
import { ApiError } from '../../clients/http/errors';
import type { articleCreateSchema } from '../../clients/lexoffice/schemas';
import { LEXOFFICE_MAX_PAGE_SIZE } from '../../clients/defaults';
import {
	articleFromBexio,
	articleFromLexoffice,
	codeKey,
	lexofficeArticleDiffers,
	sameBexioArticleValue,
	type BexioArticle,
	type LexofficeArticle,
	type LexofficeArticlePayload,
} from '../mappings/articles';
import type { TaxRateMap } from '../mappings/money';
import type { ConnectionRef } from '../shared';
import type { ActivityClients, BexioClient, LexofficeClient } from './engine/clients';
import { orUndefinedIfGone } from './engine/gone';
import { bexioMasterData, type BexioMasterData, type MasterDataCache } from './engine/masterData';
import type { IndexPage, Pipeline } from './engine/pipeline';

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

type LexofficeArticleWrite = z.input<typeof articleCreateSchema>;

export function articlePipeline(
	clients: ActivityClients,
	cache: MasterDataCache,
	source: ConnectionRef,
	target: ConnectionRef,
	taxRateMap: TaxRateMap = {},
): Pipeline {
	if (source.system === 'bexio' && target.system === 'lexoffice') {
		const bexio = clients.bexio(source);
		return bexioToLexoffice(
			bexio,
			clients.lexoffice(target),
			bexioMasterData(bexio, cache, source),
			taxRateMap,
		);
	}
	if (source.system === 'lexoffice' && target.system === 'bexio') {
		const bexio = clients.bexio(target);
		return lexofficeToBexio(
			clients.lexoffice(source),
			bexio,
			bexioMasterData(bexio, cache, target),
			taxRateMap,
		);
	}
	throw new Error(`No article import from ${source.system} to ${target.system}`);
}

// ---- bexio → lexoffice ----------------------------------------------------------------------------------

function bexioToLexoffice(
	bexio: BexioClient,
	lexoffice: LexofficeClient,
	master: () => Promise<BexioMasterData>,
	taxRateMap: TaxRateMap,
): Pipeline {
	return {
		async readSource(cursor, pageSize, signal) {
			const m = await master();
			for await (const page of bexio.pages(
				'article.getAll',
				{ query: { order_by: 'id' }, signal },
				{ pageSize, start: cursor },
			)) {
				return {
					records: (page.items as BexioArticle[]).map((a) => articleFromBexio(a, m, taxRateMap)),
					next: page.next,
				};
			}
			return { records: [] };
		},
		async indexTarget(cursor, pageSize, signal): Promise<IndexPage> {
			for await (const page of lexoffice.pages(
				'article.getAll',
				{ signal },
				{ pageSize, start: cursor },
			)) {
				const entries = (page.items as LexofficeArticle[]).map((a) => ({
					targetId: a.id,
					keys: [codeKey(a.articleNumber)].filter((k): k is string => !!k),
				}));
				return { entries, next: page.next };
			}
			return { entries: [] };
		},
		async findInTarget(record, signal) {
			const articleNumber = (record.payload as { articleNumber: string }).articleNumber;
			for await (const a of lexoffice.items(
				'article.getAll',
				{ query: { articleNumber }, signal },
				{ pageSize: LEXOFFICE_MAX_PAGE_SIZE },
			))
				return a.id;
			return undefined;
		},
		readTarget: (targetId, signal) =>
			orUndefinedIfGone(() => lexoffice.call('article.get', { path: { id: targetId }, signal })),
		differs: (current, record) =>
			lexofficeArticleDiffers(
				current as LexofficeArticle,
				record.payload as LexofficeArticlePayload,
			),
		async create(record, signal) {
			return (
				await lexoffice.call('article.create', {
					body: record.payload as LexofficeArticlePayload,
					signal,
				})
			).id;
		},
		async update(targetId, current, record, signal) {
			let base = current as LexofficeArticle;
			for (let attempt = 1; ; attempt++) {
				// PUT replaces the article: keep its other fields (gtin, note), lay ours over them.
				const {
					id: _id,
					organizationId: _o,
					createdDate: _c,
					updatedDate: _u,
					archived: _a,
					...rest
				} = base;
				const body = {
					...rest,
					...record.payload,
					version: base.version,
				} as LexofficeArticleWrite & { version: number };
				try {
					await lexoffice.call('article.update', { path: { id: targetId }, body, signal });
					return;
				} catch (error) {
					// Edited between read and write (409): merge onto the new version.
					if (!(error instanceof ApiError) || error.kind !== 'conflict' || attempt >= 3)
						throw error;
					base = (await lexoffice.call('article.get', {
						path: { id: targetId },
						signal,
					})) as LexofficeArticle;
				}
			}
		},
	};
}

// ---- lexoffice → bexio ----------------------------------------------------------------------------------

function lexofficeToBexio(
	lexoffice: LexofficeClient,
	bexio: BexioClient,
	master: () => Promise<BexioMasterData>,
	taxRateMap: TaxRateMap,
): Pipeline {
	return {
		async readSource(cursor, pageSize, signal) {
			const m = await master();
			const page = Math.max(0, cursor ?? 0);
			// call() rather than pages(): the envelope's totalElements gives the ETA (https://developers.lexware.io/docs/#paging-of-resources).
			const body = await lexoffice.call('article.getAll', {
				query: { page, size: Math.min(LEXOFFICE_MAX_PAGE_SIZE, pageSize) },
				signal,
			});
			const last = body.last === true || body.content.length === 0;
			return {
				records: (body.content as LexofficeArticle[]).map((a) =>
					articleFromLexoffice(a, m, taxRateMap),
				),
				next: last ? undefined : page + 1,
				total: body.totalElements,
			};
		},
		async indexTarget(cursor, pageSize, signal): Promise<IndexPage> {
			for await (const page of bexio.pages(
				'article.getAll',
				{ query: { order_by: 'id' }, signal },
				{ pageSize, start: cursor },
			)) {
				const entries = (page.items as BexioArticle[]).map((a) => ({
					targetId: String(a.id),
					keys: [codeKey(a.intern_code)].filter((k): k is string => !!k),
				}));
				return { entries, next: page.next };
			}
			return { entries: [] };
		},
		async findInTarget(record, signal) {
			const code = (record.payload as { intern_code: string }).intern_code;
			const found = await bexio.call('article.search', {
				body: [criterion('intern_code', '=', code)],
				signal,
			});
			return found.length ? String(found[0].id) : undefined;
		},
		readTarget: (targetId, signal) =>
			orUndefinedIfGone(() =>
				bexio.call('article.get', { path: { article_id: targetId }, signal }),
			),
		differs(current, record) {
			const c = current as BexioArticle;
			return Object.entries(record.payload).some(
				([k, v]) => k !== 'article_type_id' && !sameBexioArticleValue(k, c[k], v),
			);
		},
		async create(record, signal) {
			const created = (await bexio.call('article.create', {
				body: record.payload as { intern_code: string; intern_name: string },
				signal,
			})) as BexioArticle;
			return String(created.id);
		},
		async update(targetId, _current, record, signal) {
			// The type is fixed after create; the rest of the managed fields are sent again.
			const { article_type_id: _type, ...body } = record.payload as {
				intern_code: string;
				intern_name: string;
				article_type_id?: number;
			};
			await bexio.call('article.update', { path: { article_id: targetId }, body, signal });
		},
	};
}
