import { randomUUID } from 'node:crypto';

import type { Router, SandboxRequest, SandboxResponse } from '../core/http';
import { formatDateTime } from './dates';
import { notFound, regular, validationFailed, violation, type Violation } from './errors';
import {
	asNumber,
	asObject,
	asString,
	compact,
	isBlank,
	round,
	type Json,
	type JsonObject,
} from './json';
import { pageEnvelope, parsePaging } from './paging';
import { actionResult, readJsonObject } from './request';
import { emit, type ArticleRecord, type LexofficeTenant } from './tenant';

/** Tax rates currently valid for articles. */
const ARTICLE_TAX_RATES = new Set([0, 7, 19]);

/** GTIN-12/13/14 with a valid check digit; 8-digit codes were observed to be refused. */
export function validGtin(value: string): boolean {
	if (!/^(\d{12}|\d{13}|\d{14})$/.test(value)) return false;
	const digits = value.split('').map(Number);
	const check = digits.pop() as number;
	let sum = 0;
	digits.reverse().forEach((d, i) => (sum += d * (i % 2 === 0 ? 3 : 1)));
	return (10 - (sum % 10)) % 10 === check;
}

/** Validates a body and returns the stored form with the computed counter-price. */
function normalize(
	tenant: LexofficeTenant,
	body: JsonObject,
	selfId?: string,
): { data?: JsonObject; details: Violation[] } {
	const details: Violation[] = [];
	if (isBlank(body.title)) details.push(violation('title', 'NOTBLANK'));
	if (body.type === undefined || body.type === null) details.push(violation('type', 'NOTNULL'));
	else if (body.type !== 'PRODUCT' && body.type !== 'SERVICE')
		details.push(violation('type', 'INVALID_VALUE'));
	if (isBlank(body.unitName)) details.push(violation('unitName', 'NOTBLANK'));
	const price = asObject(body.price);
	let computed: JsonObject | undefined;
	if (!price) details.push(violation('price', 'NOTNULL'));
	else {
		const leading = price.leadingPrice;
		const taxRate = asNumber(price.taxRate);
		if (leading === undefined || leading === null)
			details.push(violation('price.leadingPrice', 'NOTNULL'));
		else if (leading !== 'NET' && leading !== 'GROSS')
			details.push(violation('price.leadingPrice', 'INVALID_VALUE'));
		if (taxRate === undefined) details.push(violation('price.taxRate', 'NOTNULL'));
		else if (!ARTICLE_TAX_RATES.has(taxRate))
			details.push(violation('price.taxRate', 'INVALID_VALUE'));
		const net = asNumber(price.netPrice);
		const gross = asNumber(price.grossPrice);
		if (leading === 'NET' && net === undefined)
			details.push(violation('price.netPrice', 'NOTNULL'));
		if (leading === 'GROSS' && gross === undefined)
			details.push(violation('price.grossPrice', 'NOTNULL'));
		if (taxRate !== undefined && (leading === 'NET' ? net : gross) !== undefined) {
			const factor = 1 + taxRate / 100;
			// The non-leading price is read-only and recomputed on 2 decimals (11.90 gross @19 % → 10.00 net).
			computed =
				leading === 'NET'
					? {
							netPrice: net as number,
							grossPrice: round((net as number) * factor),
							leadingPrice: 'NET',
							taxRate,
						}
					: {
							netPrice: round((gross as number) / factor),
							grossPrice: gross as number,
							leadingPrice: 'GROSS',
							taxRate,
						};
		}
	}
	const gtin = asString(body.gtin);
	if (gtin !== undefined && gtin !== '' && !validGtin(gtin))
		details.push(violation('gtin', 'VALIDGTIN'));
	const articleNumber = asString(body.articleNumber);
	if (articleNumber) {
		for (const other of tenant.articles.values()) {
			if (other.id !== selfId && other.body.articleNumber === articleNumber) {
				// Reported on the internal name `materialNumber`.
				details.push(violation('materialNumber', 'MATERIAL_NUMBER_ALREADY_EXISTS'));
				break;
			}
		}
	}
	if (details.length > 0 || !computed) return { details };
	const data = compact({
		title: body.title as string,
		description: asString(body.description),
		type: body.type as string,
		articleNumber: articleNumber || undefined,
		gtin: gtin || undefined,
		note: asString(body.note),
		unitName: body.unitName as string,
		price: computed,
	});
	return { data, details };
}

export function insertArticle(
	tenant: LexofficeTenant,
	data: JsonObject,
	now: number,
): ArticleRecord {
	const record: ArticleRecord = {
		id: randomUUID(),
		version: 0,
		createdDate: now,
		updatedDate: now,
		archived: false,
		body: data,
	};
	tenant.articles.set(record.id, record);
	return record;
}

export function articleJson(tenant: LexofficeTenant, a: ArticleRecord): JsonObject {
	return compact({
		id: a.id,
		organizationId: tenant.organizationId,
		createdDate: formatDateTime(a.createdDate),
		updatedDate: formatDateTime(a.updatedDate),
		archived: a.archived,
		...a.body,
		version: a.version,
	} as Record<string, Json | undefined>);
}

function list(req: SandboxRequest, tenant: LexofficeTenant): SandboxResponse {
	const paging = parsePaging(req, { max: 250, format: 'regular' });
	const articleNumber = req.query.get('articleNumber');
	const gtin = req.query.get('gtin');
	const type = req.query.get('type');
	const rows = [...tenant.articles.values()]
		.filter(
			(a) =>
				(articleNumber === null || a.body.articleNumber === articleNumber) &&
				(gtin === null || a.body.gtin === gtin) &&
				(type === null || a.body.type === type),
		)
		.sort(
			(a, b) =>
				String(a.body.title).localeCompare(String(b.body.title)) || a.createdDate - b.createdDate,
		);
	return {
		status: 200,
		body: pageEnvelope(rows, paging, [{ property: 'title', direction: 'ASC' }], (a) =>
			articleJson(tenant, a),
		),
	};
}

function create(req: SandboxRequest, tenant: LexofficeTenant): SandboxResponse {
	const { data, details } = normalize(tenant, readJsonObject(req, 'regular'));
	if (!data) return validationFailed(req, details);
	const record = insertArticle(tenant, data, Date.now());
	emit(tenant, 'article.created', record.id);
	// Articles start at version 0.
	return actionResult(tenant.env.ctx.baseUrl, 'articles', record, 201);
}

function update(req: SandboxRequest, tenant: LexofficeTenant): SandboxResponse {
	const record = tenant.articles.get(req.params.id);
	if (!record) return notFound(req);
	const body = readJsonObject(req, 'regular');
	const version = asNumber(body.version);
	if (version === undefined) return validationFailed(req, [violation('version', 'NOTNULL')]);
	// Stale version on articles is a 409.
	if (version !== record.version) {
		return regular(req, 409, 'The entity was modified in the meantime. Please reload and retry.', [
			violation('version', 'OPTIMISTIC_LOCK', `erwartet ${record.version}`),
		]);
	}
	const { data, details } = normalize(tenant, body, record.id);
	if (!data) return validationFailed(req, details);
	record.body = data;
	record.version += 1;
	record.updatedDate = Date.now();
	emit(tenant, 'article.changed', record.id);
	return actionResult(tenant.env.ctx.baseUrl, 'articles', record, 200);
}

export function registerArticles(router: Router<LexofficeTenant>): void {
	router.get('/v1/articles', list);
	router.post('/v1/articles', create);
	router.get('/v1/articles/:id', (req, tenant) => {
		const a = tenant.articles.get(req.params.id);
		return a ? { status: 200, body: articleJson(tenant, a) } : notFound(req);
	});
	router.put('/v1/articles/:id', update);
	router.delete('/v1/articles/:id', (req, tenant) => {
		if (!tenant.articles.delete(req.params.id)) return notFound(req);
		emit(tenant, 'article.deleted', req.params.id);
		return { status: 204 };
	});
}
