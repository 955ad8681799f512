import { Router, SandboxHttpError, type SandboxRequest } from '../core/http';
import { bexioError, body, defineResource, notFound, numericId, page, order, requireFields, search } from './engine';
import { collection, insert, newId, nowStamp, type BexioRecord, type BexioTenant } from './store';

/**
 * Sales documents (quotes, orders, invoices) with positions, computed totals, numbering and the status
 * machines of reference §6; deliveries read-only.
 */

interface DocType {
	segment: 'kb_offer' | 'kb_order' | 'kb_invoice';
	collection: string;
	prefix: string;
	draft: number;
}

const TYPES: DocType[] = [
	{ segment: 'kb_offer', collection: 'quotes', prefix: 'AN', draft: 1 },
	{ segment: 'kb_order', collection: 'orders', prefix: 'AU', draft: 5 },
	{ segment: 'kb_invoice', collection: 'invoices', prefix: 'RE', draft: 7 },
];

const POSITION_SEGMENTS: Record<string, string> = {
	kb_position_custom: 'KbPositionCustom',
	kb_position_article: 'KbPositionArticle',
	kb_position_text: 'KbPositionText',
	kb_position_subtotal: 'KbPositionSubtotal',
	kb_position_discount: 'KbPositionDiscount',
	kb_position_pagebreak: 'KbPositionPagebreak',
	kb_position_subposition: 'KbPositionSubposition',
};

const money = (n: number) => n.toFixed(6);
const SEARCH = ['id', 'kb_item_status_id', 'document_nr', 'title', 'api_reference', 'contact_id', 'contact_sub_id', 'user_id', 'currency_id', 'total_gross', 'total_net', 'total', 'is_valid_from', 'is_valid_to', 'is_valid_until', 'updated_at'];
const ORDER = ['id', 'total', 'total_net', 'total_gross', 'updated_at'];

function taxRate(t: BexioTenant, taxId: unknown): number {
	const tax = collection(t, 'taxes').get(Number(taxId));
	return tax ? Number(tax.value) : 0;
}

/** Totals are computed by bexio and returned as 6-decimal strings (reference 5.2, 7.6). */
function recompute(t: BexioTenant, doc: BexioRecord): void {
	const positions = (doc.positions as BexioRecord[]) ?? [];
	let net = 0;
	let taxes = 0;
	const byRate = new Map<number, number>();
	for (const p of positions) {
		if (p.type !== 'KbPositionCustom' && p.type !== 'KbPositionArticle') continue;
		const total = Number(p.amount ?? 0) * Number(p.unit_price ?? 0) * (1 - Number(p.discount_in_percent ?? 0) / 100);
		p.position_total = money(total);
		const rate = taxRate(t, p.tax_id);
		p.tax_value = rate.toFixed(2);
		net += total;
		const tax = (total * rate) / 100;
		taxes += tax;
		byRate.set(rate, (byRate.get(rate) ?? 0) + tax);
	}
	doc.total_net = money(net);
	doc.total_taxes = taxes.toFixed(4);
	doc.total_gross = money(net + taxes);
	doc.total = money(net + taxes);
	doc.taxs = [...byRate].map(([percentage, value]) => ({ percentage: percentage.toFixed(2), value: value.toFixed(4) }));
	const paid = [...collection(t, 'payments').values()].filter((p) => p.kb_invoice_id === doc.id).reduce((s, p) => s + Number(p.value), 0);
	doc.total_received_payments = money(paid);
	doc.total_remaining_payments = money(Math.max(0, net + taxes - paid));
}

function position(data: Record<string, unknown>, type: string): BexioRecord {
	return { id: 0, ...data, type, amount: data.amount !== undefined ? String(data.amount) : undefined, unit_price: data.unit_price !== undefined ? String(data.unit_price) : undefined } as BexioRecord;
}

function nextNumber(t: BexioTenant, type: DocType): string {
	const n = collection(t, type.collection).size + 1;
	return `${type.prefix}-${String(n).padStart(5, '0')}`;
}

function loadDoc(t: BexioTenant, type: DocType, id: string): BexioRecord {
	const doc = collection(t, type.collection).get(numericId(id));
	if (!doc) notFound();
	return doc as BexioRecord;
}

function requireStatus(doc: BexioRecord, allowed: number[], action: string): void {
	if (!allowed.includes(doc.kb_item_status_id as number)) {
		throw new SandboxHttpError(bexioError(422, `The document cannot be ${action} in status ${String(doc.kb_item_status_id)}`));
	}
}

function createDocument(t: BexioTenant, type: DocType, data: Record<string, unknown>): BexioRecord {
	requireFields(data, ['contact_id', 'user_id']);
	if (type.segment === 'kb_invoice' && Array.isArray(data.positions) && data.positions.some((p) => (p as { is_optional?: unknown }).is_optional !== undefined)) {
		throw new SandboxHttpError(bexioError(422, 'is_optional is not allowed on invoice positions'));
	}
	const positions = ((data.positions as Array<Record<string, unknown>>) ?? []).map((p) => ({ ...position(p, String(p.type ?? 'KbPositionCustom')), id: newId(t, 'positions') }));
	const { pr_project_id, ...rest } = data;
	const doc = insert(t, type.collection, {
		...rest,
		project_id: pr_project_id ?? null,
		document_nr: nextNumber(t, type),
		kb_item_status_id: type.draft,
		is_valid_from: data.is_valid_from ?? new Date().toISOString().slice(0, 10),
		positions,
		network_link: '',
		updated_at: nowStamp(t),
	});
	recompute(t, doc);
	return doc;
}

function withoutPositions(doc: BexioRecord): BexioRecord {
	const { positions: _p, ...rest } = doc;
	return rest as BexioRecord;
}

export function registerDocuments(router: Router<BexioTenant>): void {
	for (const type of TYPES) {
		const base = `/2.0/${type.segment}`;
		router.get(base, (req, t) => ({ status: 200, body: page(req, order(req, [...collection(t, type.collection).values()], ORDER)).map(withoutPositions) }));
		router.post(base, (req, t) => ({ status: 201, body: createDocument(t, type, body(req)) }));
		router.post(`${base}/search`, (req, t) => ({
			status: 200,
			body: page(req, order(req, search(req, [...collection(t, type.collection).values()], SEARCH), ORDER)).map(withoutPositions),
		}));
		router.get(`${base}/:id`, (req, t) => ({ status: 200, body: loadDoc(t, type, req.params.id) }));
		router.post(`${base}/:id`, (req, t) => {
			const doc = loadDoc(t, type, req.params.id);
			requireStatus(doc, [type.draft], 'edited');
			const { positions: _ignored, pr_project_id, ...changes } = body(req);
			Object.assign(doc, changes, pr_project_id !== undefined ? { project_id: pr_project_id } : {}, { updated_at: nowStamp(t) });
			recompute(t, doc);
			return { status: 200, body: doc };
		});
		// PUT on 2.0 documents answers 422 with an empty message (reference 3.1).
		router.put(`${base}/:id`, () => bexioError(422, ''));
		router.delete(`${base}/:id`, (req, t) => {
			const doc = loadDoc(t, type, req.params.id);
			collection(t, type.collection).delete(doc.id);
			return { status: 200, body: { success: true } };
		});
		router.get(`${base}/:id/pdf`, (req, t) => {
			const doc = loadDoc(t, type, req.params.id);
			const content = Buffer.from(`%PDF-1.4\n% ${String(doc.document_nr)}\n%%EOF\n`).toString('base64');
			return { status: 200, body: { name: `${String(doc.document_nr)}.pdf`, size: content.length, mime: 'application/pdf', content } };
		});
		router.post(`${base}/:id/copy`, (req, t) => {
			const doc = loadDoc(t, type, req.params.id);
			const data = body(req);
			requireFields(data, ['contact_id']);
			const copy = createDocument(t, type, { ...withoutPositions(doc), ...data, positions: (doc.positions as BexioRecord[]).map(({ id: _id, ...p }) => p) });
			return { status: 201, body: copy };
		});
		registerPositions(router, type);
	}

	const invoices = TYPES[2];
	const transition = (segment: string, action: string, from: number[], to: number, label: string, type = invoices) =>
		router.post(`/2.0/${segment}/:id/${action}`, (req, t) => {
			const doc = loadDoc(t, type, req.params.id);
			requireStatus(doc, from, label);
			doc.kb_item_status_id = to;
			doc.updated_at = nowStamp(t);
			return { status: 200, body: { success: true } };
		});
	transition('kb_invoice', 'issue', [7], 8, 'issued');
	transition('kb_invoice', 'revert_issue', [8], 7, 'reverted');
	transition('kb_invoice', 'cancel', [8, 16, 31], 19, 'cancelled');
	router.post('/2.0/kb_invoice/:id/mark_as_sent', (req, t) => {
		const doc = loadDoc(t, invoices, req.params.id);
		requireStatus(doc, [8, 9, 16, 31], 'marked as sent');
		doc.is_sent = true;
		return { status: 200, body: { success: true } };
	});
	router.post('/2.0/kb_invoice/:id/send', (req, t) => {
		const doc = loadDoc(t, invoices, req.params.id);
		const data = body(req);
		requireFields(data, ['recipient_email', 'subject', 'message']);
		if (!String(data.message).includes('[Network Link]')) throw new SandboxHttpError(bexioError(422, 'The message must contain [Network Link]'));
		if (data.mark_as_open && doc.kb_item_status_id === 7) doc.kb_item_status_id = 8;
		doc.is_sent = true;
		return { status: 200, body: { success: true } };
	});
	const quotes = TYPES[0];
	transition('kb_offer', 'issue', [1], 2, 'issued', quotes);
	transition('kb_offer', 'revertIssue', [2], 1, 'reverted', quotes);
	transition('kb_offer', 'accept', [2], 3, 'accepted', quotes);
	transition('kb_offer', 'reject', [2], 4, 'declined', quotes);
	transition('kb_offer', 'reissue', [3, 4], 2, 'reissued', quotes);
	for (const target of ['order', 'invoice'] as const) {
		router.post(`/2.0/kb_offer/:id/${target}`, (req, t) => {
			const quote = loadDoc(t, quotes, req.params.id);
			requireStatus(quote, [3], 'converted (it must be accepted)');
			const wanted = (body(req).positions as Array<{ id: number; amount?: string }> | undefined) ?? [];
			if (wanted.length === 0) throw new SandboxHttpError(bexioError(422, 'positions must not be empty'));
			const positions = wanted.map((w) => {
				const p = (quote.positions as BexioRecord[]).find((x) => x.id === Number(w.id));
				if (!p) throw new SandboxHttpError(bexioError(422, `unknown position ${w.id}`));
				const { id: _id, ...rest } = p;
				return { ...rest, amount: w.amount ?? p.amount };
			});
			const created = createDocument(t, target === 'order' ? TYPES[1] : invoices, { ...withoutPositions(quote), positions });
			return { status: 201, body: created };
		});
	}

	// Payments: status follows the remaining amount (reference 5.4, 6.2).
	const payments = '/2.0/kb_invoice/:invoice/payment';
	const invoiceOf = (req: SandboxRequest, t: BexioTenant) => loadDoc(t, invoices, req.params.invoice);
	const settle = (t: BexioTenant, doc: BexioRecord) => {
		recompute(t, doc);
		const remaining = Number(doc.total_remaining_payments);
		const paid = Number(doc.total_received_payments);
		if (doc.kb_item_status_id === 19) return;
		doc.kb_item_status_id = remaining <= 0.000001 && paid > 0 ? 9 : paid > 0 ? 16 : 8;
		doc.updated_at = nowStamp(t);
	};
	router.get(payments, (req, t) => {
		const doc = invoiceOf(req, t);
		return { status: 200, body: page(req, [...collection(t, 'payments').values()].filter((p) => p.kb_invoice_id === doc.id)) };
	});
	router.post(payments, (req, t) => {
		const doc = invoiceOf(req, t);
		requireStatus(doc, [8, 16, 31], 'paid');
		const data = body(req);
		requireFields(data, ['value']);
		const payment = insert(t, 'payments', { ...data, value: String(data.value), date: data.date ?? new Date().toISOString().slice(0, 10), title: 'Received Payment', kb_invoice_id: doc.id });
		settle(t, doc);
		return { status: 201, body: payment };
	});
	router.get(`${payments}/:id`, (req, t) => {
		const p = collection(t, 'payments').get(numericId(req.params.id));
		if (!p || p.kb_invoice_id !== invoiceOf(req, t).id) notFound();
		return { status: 200, body: p };
	});
	router.delete(`${payments}/:id`, (req, t) => {
		const doc = invoiceOf(req, t);
		const p = collection(t, 'payments').get(numericId(req.params.id));
		if (!p || p.kb_invoice_id !== doc.id) notFound();
		collection(t, 'payments').delete(p!.id);
		settle(t, doc);
		return { status: 200, body: { success: true } };
	});

	defineResource(router, { path: '/2.0/kb_delivery', collection: 'deliveries', routes: ['list', 'show'], orderBy: ORDER });
}

/** `/2.0/{kb_document_type}/{id}/kb_position_*` (reference 4.5); edits only while the document is a draft. */
function registerPositions(router: Router<BexioTenant>, type: DocType): void {
	for (const [segment, kind] of Object.entries(POSITION_SEGMENTS)) {
		const path = `/2.0/${type.segment}/:doc/${segment}`;
		const docOf = (req: SandboxRequest, t: BexioTenant) => loadDoc(t, type, req.params.doc);
		const ofKind = (doc: BexioRecord) => (doc.positions as BexioRecord[]).filter((p) => p.type === kind);
		const find = (doc: BexioRecord, id: string) => {
			const p = ofKind(doc).find((x) => x.id === numericId(id));
			if (!p) notFound();
			return p as BexioRecord;
		};
		router.get(path, (req, t) => ({ status: 200, body: page(req, ofKind(docOf(req, t))) }));
		router.post(path, (req, t) => {
			const doc = docOf(req, t);
			requireStatus(doc, [type.draft], 'changed');
			const data = body(req);
			if (Object.keys(data).length === 0) throw new SandboxHttpError(bexioError(422, 'The position body must not be empty'));
			if (type.segment === 'kb_invoice' && data.is_optional !== undefined) throw new SandboxHttpError(bexioError(422, 'is_optional is not allowed on invoice positions'));
			const p = { ...position(data, kind), id: newId(t, 'positions') };
			(doc.positions as BexioRecord[]).push(p);
			recompute(t, doc);
			return { status: 201, body: p };
		});
		router.get(`${path}/:id`, (req, t) => ({ status: 200, body: find(docOf(req, t), req.params.id) }));
		router.post(`${path}/:id`, (req, t) => {
			const doc = docOf(req, t);
			requireStatus(doc, [type.draft], 'changed');
			const p = find(doc, req.params.id);
			const data = body(req);
			if (data.article_id !== undefined && data.article_id !== p.article_id) throw new SandboxHttpError(bexioError(422, 'article_id cannot be changed'));
			Object.assign(p, position({ ...p, ...data }, kind), { id: p.id });
			recompute(t, doc);
			return { status: 200, body: p };
		});
		router.delete(`${path}/:id`, (req, t) => {
			const doc = docOf(req, t);
			requireStatus(doc, [type.draft], 'changed');
			const p = find(doc, req.params.id);
			doc.positions = (doc.positions as BexioRecord[]).filter((x) => x !== p);
			recompute(t, doc);
			return { status: 200, body: { success: true } };
		});
	}
}
