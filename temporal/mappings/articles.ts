import { contentHash, stableJson } from '../activities/engine/contentHash';
import type { BexioMasterData } from '../activities/engine/masterData';
import type { SourceRecord } from '../activities/engine/pipeline';
import type { MoneyAdjustment } from '../shared';
import type { TaxRateMap } from './money';

/**
 * Articles between bexio and lexoffice, as pure functions: a source article → the record the import
 * writes, with the tax rate the target has (the job's taxRateMap first, never a guess). Only the
 * fields used here are typed; both clients validate the rest.
 */

const MAPPING_VERSION = 1;
/** lexoffice requires a unit name; bexio articles may have none. */
export const DEFAULT_UNIT_NAME = 'Stück';
/** Tax rates lexoffice accepts on articles. */
export const LEXOFFICE_TAX_RATES = [0, 7, 19];

export interface BexioArticle {
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

export interface LexofficeArticle {
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

/** The target's rate for a source rate: the job's map first, else the same rate if the target has it. */
export function targetRate(
	rate: number,
	taxRateMap: TaxRateMap,
	available: (r: number) => boolean,
): number | undefined {
	const mapped = taxRateMap[String(rate)];
	if (mapped !== undefined) return available(mapped) ? mapped : undefined;
	return available(rate) ? rate : undefined;
}

/**
 * An article whose tax rate the job's map changed: the net price is kept, so tax and gross change by the
 * map; the job reports it per article. Articles carry no currency (each system prices in its own), so
 * the report names none.
 */
export function articleRateAdjustment(
	sourceId: string,
	netPrice: number,
	sourceRate: number,
	rate: number,
): Omit<MoneyAdjustment, 'targetId'> | undefined {
	if (rate === sourceRate) return undefined;
	const cents = (n: number) => Math.round(n * 100) / 100;
	const tax = (r: number) => cents((netPrice * r) / 100);
	const differences = [
		{ field: 'tax' as const, source: tax(sourceRate), target: tax(rate) },
		{
			field: 'gross' as const,
			source: cents(netPrice + tax(sourceRate)),
			target: cents(netPrice + tax(rate)),
		},
	];
	return {
		sourceId,
		currency: '',
		differences,
		reason: `tax rate ${sourceRate} % → ${rate} % (tax rate map): net price ${netPrice.toFixed(2)} kept, gross ${differences[1].source.toFixed(2)} → ${differences[1].target.toFixed(2)}`,
	};
}

export const codeKey = (code: string | null | undefined): string | undefined => {
	const c = (code ?? '').trim();
	return c ? `code:${c}` : undefined;
};

function hashOf(payload: Record<string, unknown>): string {
	return contentHash(payload, `articles:${MAPPING_VERSION}`);
}

export function articleFromBexio(
	a: BexioArticle,
	m: BexioMasterData,
	taxRateMap: TaxRateMap,
): SourceRecord {
	const id = String(a.id);
	const key = codeKey(a.intern_code);
	const sourceRate = a.tax_income_id ? m.rateByTaxId.get(a.tax_income_id) : undefined;
	const rate =
		sourceRate === undefined
			? undefined
			: targetRate(sourceRate, taxRateMap, (r) => LEXOFFICE_TAX_RATES.includes(r));
	const payload: Record<string, unknown> = {
		title: (a.intern_name ?? '').trim(),
		...(a.intern_description ? { description: a.intern_description } : {}),
		type: a.article_type_id === 2 ? 'SERVICE' : 'PRODUCT',
		articleNumber: (a.intern_code ?? '').trim(),
		unitName: (a.unit_id ? m.unitNameById.get(a.unit_id) : undefined) ?? DEFAULT_UNIT_NAME,
		price: {
			leadingPrice: 'NET',
			netPrice: Math.round(Number(a.sale_price ?? 0) * 100) / 100,
			taxRate: rate ?? 0,
		},
	};
	const record: SourceRecord = {
		id,
		keys: key ? [key] : [],
		targetKeys: key ? [key] : [],
		payload,
		hash: hashOf(payload),
	};
	if (!key) record.invalid = 'bexio article has no article number (intern_code)';
	else if (!payload.title) record.invalid = 'bexio article has no name (intern_name)';
	else if (sourceRate === undefined)
		record.invalid =
			'bexio article has no sales tax (tax_income_id); lexoffice needs a tax rate on every article';
	else if (rate === undefined) {
		record.invalid = `bexio tax rate ${sourceRate} % does not exist in lexoffice (0, 7, 19 %); map it with the job's taxRateMap, e.g. {"${sourceRate}": 19}`;
	} else {
		const adjustment = articleRateAdjustment(
			id,
			(payload.price as { netPrice: number }).netPrice,
			sourceRate,
			rate,
		);
		if (adjustment) record.adjustment = adjustment;
	}
	return record;
}

export function articleFromLexoffice(
	a: LexofficeArticle,
	m: BexioMasterData,
	taxRateMap: TaxRateMap,
): SourceRecord {
	const key = codeKey(a.articleNumber);
	const sourceRate = a.price?.taxRate;
	const rate =
		sourceRate === undefined
			? undefined
			: targetRate(sourceRate, taxRateMap, (r) => m.taxIdByRate.has(r));
	const payload: Record<string, unknown> = {
		intern_code: (a.articleNumber ?? '').trim(),
		intern_name: (a.title ?? '').trim(),
		intern_description: a.description ?? null,
		article_type_id: a.type === 'SERVICE' ? 2 : 1,
		sale_price: (a.price?.netPrice ?? 0).toFixed(2),
		tax_income_id: rate === undefined ? null : (m.taxIdByRate.get(rate) ?? null),
		unit_id: a.unitName ? (m.unitIdByName.get(a.unitName.trim().toLowerCase()) ?? null) : null,
	};
	const record: SourceRecord = {
		id: a.id,
		keys: key ? [key] : [],
		targetKeys: key ? [key] : [],
		payload,
		hash: hashOf(payload),
	};
	if (a.archived) record.skip = 'archived in lexoffice';
	else if (!key)
		record.invalid =
			'lexoffice article has no article number; give it one (bexio needs intern_code and the import matches by it)';
	else if (!payload.intern_name) record.invalid = 'lexoffice article has no title';
	else if (rate === undefined || sourceRate === undefined) {
		record.invalid = `lexoffice tax rate ${sourceRate ?? '(none)'} % has no active bexio sales tax; map it with the job's taxRateMap, e.g. {"${sourceRate ?? 19}": 8.1}`;
	} else {
		const adjustment = articleRateAdjustment(a.id, a.price?.netPrice ?? 0, sourceRate, rate);
		if (adjustment) record.adjustment = adjustment;
	}
	return record;
}

/** The fields bexio → lexoffice manages on a lexoffice article. */
export interface LexofficeArticlePayload {
	title: string;
	description?: string;
	type: 'PRODUCT' | 'SERVICE';
	articleNumber: string;
	unitName: string;
	price: { leadingPrice: 'NET'; netPrice: number; taxRate: number };
	[field: string]: unknown;
}

/** Whether writing `p` onto the lexoffice article would change a managed field. */
export function lexofficeArticleDiffers(c: LexofficeArticle, p: LexofficeArticlePayload): boolean {
	const now = {
		title: c.title,
		description: c.description,
		type: c.type,
		articleNumber: c.articleNumber,
		unitName: c.unitName,
		netPrice: c.price?.netPrice,
		taxRate: c.price?.taxRate,
	};
	const wanted = {
		title: p.title,
		description: p.description,
		type: p.type,
		articleNumber: p.articleNumber,
		unitName: p.unitName,
		netPrice: p.price.netPrice,
		taxRate: p.price.taxRate,
	};
	return stableJson(now) !== stableJson(wanted);
}

/** A managed bexio article field compares equal: empty is empty, prices by their two decimals. */
export function sameBexioArticleValue(field: string, current: unknown, wanted: unknown): boolean {
	const norm = (v: unknown) =>
		v === undefined || v === null || v === ''
			? null
			: field === 'sale_price'
				? Number(v).toFixed(2)
				: String(v);
	return norm(current) === norm(wanted);
}
