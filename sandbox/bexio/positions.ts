import type { Router, SandboxRequest } from '../core/http';
import { parseId } from './engine';
import { fail, invalid, notFound, refused } from './errors';
import { page } from './query';
import { decimal, jsonObject, type Json } from './request';
import { POSITION_KINDS, POSITION_TYPES, type DocType, type PositionKind } from './salesTypes';
import {
	collection,
	nextCounter,
	nowStamp,
	publicView,
	type BexioRecord,
	type BexioTenant,
} from './store';
import { money, recompute } from './totals';

/** Tax types a sales document position may carry. */
const SALES_POSITION_TAX_TYPES = new Set(['sales_tax', 'not_taxable_turnover']);

const PRICED = ['KbPositionCustom', 'KbPositionArticle'];
/** What an empty create body lacks, per position type (subtotal text, page break flag, article). */
const EMPTY_BODY_FIELD: Partial<Record<PositionKind, string>> = {
	KbPositionSubtotal: 'text',
	KbPositionPagebreak: 'pagebreak',
	KbPositionArticle: 'article_id',
};

/** Read-only position fields: dropped from writes. */
const READ_ONLY = [
	'id',
	'type',
	'unit_name',
	'tax_value',
	'position_total',
	'pos',
	'internal_pos',
	'amount_reserved',
	'amount_open',
	'amount_completed',
	'discount_total',
	'total_sum',
	'value_total',
];

function shape(kind: PositionKind): Json {
	switch (kind) {
		case 'KbPositionCustom':
		case 'KbPositionArticle':
			return {
				type: kind,
				amount: null,
				unit_id: null,
				unit_name: null,
				account_id: null,
				tax_id: null,
				tax_value: null,
				text: null,
				unit_price: null,
				discount_in_percent: null,
				position_total: null,
				pos: null,
				internal_pos: null,
				parent_id: null,
				is_optional: false,
				amount_reserved: null,
				amount_open: null,
				amount_completed: null,
				...(kind === 'KbPositionArticle' ? { article_id: null } : {}),
			};
		case 'KbPositionText':
			return {
				type: kind,
				text: null,
				show_pos_nr: false,
				pos: null,
				internal_pos: null,
				is_optional: false,
				parent_id: null,
			};
		case 'KbPositionSubtotal':
			return {
				type: kind,
				text: null,
				value: null,
				internal_pos: null,
				is_optional: false,
				parent_id: null,
			};
		case 'KbPositionDiscount':
			return { type: kind, text: null, is_percentual: false, value: null, discount_total: null };
		case 'KbPositionPagebreak':
			return {
				type: kind,
				pagebreak: true,
				internal_pos: null,
				is_optional: false,
				parent_id: null,
			};
		case 'KbPositionSubposition':
			return {
				type: kind,
				text: null,
				pos: null,
				internal_pos: null,
				show_pos_nr: true,
				is_optional: false,
				total_sum: null,
				show_pos_prices: true,
				parent_id: null,
			};
	}
}

/**
 * Validates one position write: invoices refuse `is_optional`; taxes must be active
 * sales taxes; `article_id` is fixed after create; updates must not carry `parent_id`; page breaks need
 * `pagebreak: true`.
 */
export function preparePosition(
	t: BexioTenant,
	type: DocType,
	doc: BexioRecord,
	kind: PositionKind,
	input: Json,
	existing?: BexioRecord,
	field = 'position',
): Json {
	const data: Json = {};
	for (const [key, value] of Object.entries(input)) if (!READ_ONLY.includes(key)) data[key] = value;
	if (type.segment === 'kb_invoice' && input.is_optional !== undefined)
		invalid({ [`${field}.is_optional`]: 'Invoice positions cannot be optional.' });
	if (existing && input.parent_id !== undefined)
		invalid({ [`${field}.parent_id`]: 'parent_id cannot be sent on update.' });
	if (
		existing &&
		input.article_id !== undefined &&
		Number(input.article_id) !== Number(existing.article_id)
	)
		invalid({ [`${field}.article_id`]: 'article_id cannot be changed.' });
	if (kind === 'KbPositionPagebreak' && !existing && data.pagebreak !== true)
		invalid({ [`${field}.pagebreak`]: 'Must be true.' });
	if (data.text !== undefined && data.text !== null && typeof data.text !== 'string')
		invalid({ [`${field}.text`]: 'This value is not valid.' });
	if (PRICED.includes(kind)) {
		if (kind === 'KbPositionArticle' && !existing) {
			const article = collection(t, 'articles').get(Number(data.article_id));
			if (!article) invalid({ [`${field}.article_id`]: 'The article does not exist.' });
			data.text ??= article!.intern_name;
			data.unit_price ??= article!.sale_price ?? '0';
			data.tax_id ??= article!.tax_income_id ?? null;
			data.unit_id ??= article!.unit_id ?? null;
		}
		for (const key of ['amount', 'unit_price', 'discount_in_percent']) {
			if (data[key] !== undefined && data[key] !== null)
				data[key] = money(decimal(data[key], `${field}.${key}`));
		}
		if (data.tax_id !== undefined && data.tax_id !== null) {
			const tax = collection(t, 'taxes').get(Number(data.tax_id));
			// Sales taxes and the tax-free turnover codes (export UEX and the like) are accepted on sales
			// positions, input taxes are refused (https://docs.bexio.com/#tag/Taxes; observed on live accounts).
			if (!tax || !SALES_POSITION_TAX_TYPES.has(String(tax.type)) || tax.is_active !== true)
				invalid({ [`${field}.tax_id`]: 'Only active sales taxes can be used.' });
		}
		if (data.unit_id !== undefined && data.unit_id !== null) {
			const unit = collection(t, 'units').get(Number(data.unit_id));
			if (!unit) invalid({ [`${field}.unit_id`]: 'The unit does not exist.' });
			data.unit_name = unit!.name;
		}
		if (
			data.account_id !== undefined &&
			data.account_id !== null &&
			!collection(t, 'accounts').has(Number(data.account_id))
		)
			invalid({ [`${field}.account_id`]: 'The account does not exist.' });
	}
	if (kind === 'KbPositionDiscount' && data.value !== undefined && data.value !== null)
		data.value = money(decimal(data.value, `${field}.value`));
	if (data.parent_id !== undefined && data.parent_id !== null) {
		const parent = (doc.positions as BexioRecord[]).find((p) => p.id === Number(data.parent_id));
		if (!parent || parent.type !== 'KbPositionSubposition')
			invalid({ [`${field}.parent_id`]: 'The parent must be a sub-position of this document.' });
	}
	return data;
}

export function newPosition(t: BexioTenant, kind: PositionKind, data: Json): BexioRecord {
	return { ...shape(kind), ...data, type: kind, id: nextCounter(t, 'id:positions') } as BexioRecord;
}

/** Builds the `positions` of a document create body; every element names its `type`. */
export function positionsFromBody(
	t: BexioTenant,
	type: DocType,
	doc: BexioRecord,
	list: unknown,
): BexioRecord[] {
	if (list === undefined || list === null) return [];
	if (!Array.isArray(list)) return invalid({ positions: 'Must be an array.' });
	const created: BexioRecord[] = [];
	doc.positions = created;
	list.forEach((raw, i) => {
		const p = (raw ?? {}) as Json;
		const kind = p.type as PositionKind;
		if (!POSITION_TYPES.includes(kind))
			invalid({ [`positions[${i}].type`]: `Must be one of ${POSITION_TYPES.join(', ')}.` });
		created.push(
			newPosition(t, kind, preparePosition(t, type, doc, kind, p, undefined, `positions[${i}]`)),
		);
	});
	return created;
}

/** `pos` numbers numbered lines, `internal_pos` is the order in the document. */
export function renumber(doc: BexioRecord): void {
	let pos = 0;
	(doc.positions as BexioRecord[]).forEach((p, i) => {
		if ('internal_pos' in p) p.internal_pos = i + 1;
		if ('pos' in p) p.pos = p.type === 'KbPositionText' && !p.show_pos_nr ? null : String(++pos);
	});
}

export function requireEditable(type: DocType, doc: BexioRecord): void {
	if (!type.editable.includes(doc.kb_item_status_id as number))
		refused('The document can only be changed while it is a draft.');
}

/** `/2.0/{kb_document_type}/{id}/kb_position_*`, the same five routes per position type. */
export function registerPositions(router: Router<BexioTenant>, type: DocType): void {
	for (const [segment, kind] of Object.entries(POSITION_KINDS)) {
		const path = `/2.0/${type.segment}/:doc/${segment}`;
		const docOf = (req: SandboxRequest, t: BexioTenant) =>
			collection(t, type.collection).get(parseId(req.params.doc)) ?? notFound();
		const ofKind = (doc: BexioRecord) =>
			(doc.positions as BexioRecord[]).filter((p) => p.type === kind);
		const find = (doc: BexioRecord, raw: string) =>
			ofKind(doc).find((p) => p.id === parseId(raw)) ?? notFound();
		const save = (t: BexioTenant, doc: BexioRecord) => {
			renumber(doc);
			recompute(t, doc);
			doc.updated_at = nowStamp(t);
		};
		router.get(path, (req, t) => ({
			status: 200,
			body: page(req, ofKind(docOf(req, t))).map(publicView),
		}));
		router.post(path, (req, t) => {
			const doc = docOf(req, t);
			requireEditable(type, doc);
			const data = jsonObject(req);
			// Subtotal and page-break creates with an empty body are refused live (PromptPartner/bexio-mcp-server PR #4); name what is missing.
			if (Object.keys(data).length === 0) {
				const needed = EMPTY_BODY_FIELD[kind];
				if (needed) invalid({ [`position.${needed}`]: 'This value should not be blank.' });
				refused('The position body must not be empty.');
			}
			if (data.type !== undefined && data.type !== kind)
				invalid({ type: `This endpoint creates ${kind} positions.` });
			const p = newPosition(t, kind, preparePosition(t, type, doc, kind, data));
			(doc.positions as BexioRecord[]).push(p);
			save(t, doc);
			return { status: 201, body: publicView(p) };
		});
		router.get(`${path}/:id`, (req, t) => ({
			status: 200,
			body: publicView(find(docOf(req, t), req.params.id)),
		}));
		router.post(`${path}/:id`, (req, t) => {
			const doc = docOf(req, t);
			const p = find(doc, req.params.id);
			requireEditable(type, doc);
			Object.assign(p, preparePosition(t, type, doc, kind, jsonObject(req), p), {
				id: p.id,
				type: kind,
			});
			save(t, doc);
			return { status: 200, body: publicView(p) };
		});
		router.put(`${path}/:id`, () =>
			fail(422, 'The form could not be saved due to the following errors:'),
		);
		router.delete(`${path}/:id`, (req, t) => {
			const doc = docOf(req, t);
			const p = find(doc, req.params.id);
			requireEditable(type, doc);
			doc.positions = (doc.positions as BexioRecord[]).filter(
				(x) => x !== p && x.parent_id !== p.id,
			);
			save(t, doc);
			return { status: 200, body: { success: true } };
		});
	}
}
