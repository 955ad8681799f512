import type { Router } from '../core/http';
import { defineResource, findRecord } from './engine';
import { fail, invalid, notFound, refused } from './errors';
import { jsonObject, type Json } from './request';
import {
	buildDocument,
	checkSend,
	loadDocument,
	presentDocument,
	storeDocument,
} from './salesDocuments';
import {
	DELIVERY,
	DOC_ORDER_BY,
	INV,
	INVOICE,
	OPEN_INVOICE,
	ORDER,
	QUOTE,
	type DocType,
} from './salesTypes';
import { nextCounter, nowStamp, today, type BexioRecord, type BexioTenant } from './store';
import { money, receivedPayments } from './totals';

const ok = { status: 200, body: { success: true } };

/** A status change allowed only from some statuses; anything else is refused with 422. */
function transition(
	router: Router<BexioTenant>,
	type: DocType,
	action: string,
	from: number[],
	to: number,
	what: string,
	after?: (t: BexioTenant, doc: BexioRecord) => void,
): void {
	router.post(`/2.0/${type.segment}/:id/${action}`, (req, t) => {
		const doc = loadDocument(t, type, req.params.id);
		if (!from.includes(doc.kb_item_status_id as number))
			refused(`The document cannot be ${what} in status ${String(doc.kb_item_status_id)}.`);
		doc.kb_item_status_id = to;
		after?.(t, doc);
		doc.updated_at = nowStamp(t);
		return ok;
	});
}

/** Issuing publishes the customer-portal link and the payment references. */
function published(t: BexioTenant, doc: BexioRecord, segment: string): void {
	doc.network_link = `https://office.bexio.com/network/${t.companyUuid}/${segment}/${String(doc.id)}`;
	if (segment === 'kb_invoice') {
		doc.esr_id ??= nextCounter(t, 'esr');
		doc.qr_invoice_id ??= nextCounter(t, 'qr_invoice');
	}
}

/** mark_as_sent / send: a flag on an issued document, not a status. */
function sending(
	router: Router<BexioTenant>,
	type: DocType,
	openStatuses: number[],
	draft: number,
	opened: number,
): void {
	router.post(`/2.0/${type.segment}/:id/mark_as_sent`, (req, t) => {
		const doc = loadDocument(t, type, req.params.id);
		if (!openStatuses.includes(doc.kb_item_status_id as number))
			refused('Only issued documents can be marked as sent.');
		doc._sent = true;
		doc.updated_at = nowStamp(t);
		return ok;
	});
	router.post(`/2.0/${type.segment}/:id/send`, (req, t) => {
		const doc = loadDocument(t, type, req.params.id);
		const data = checkSend(req);
		if (doc.kb_item_status_id === draft) {
			// A draft is only sent when the caller asks to open it at the same time.
			if (data.mark_as_open !== true) refused('Issue the document or send it with mark_as_open.');
			doc.kb_item_status_id = opened;
			published(t, doc, type.segment);
		} else if (!openStatuses.includes(doc.kb_item_status_id as number)) {
			refused('The document cannot be sent in its status.');
		}
		doc._sent = true;
		doc.updated_at = nowStamp(t);
		return ok;
	});
}

interface WantedPosition {
	id: number;
	amount?: unknown;
}

/** Positions chosen for a conversion: `[{id, type, amount}]` of the source document. */
function chosenPositions(t: BexioTenant, source: BexioRecord, body: Json): Json[] {
	const list = body.positions;
	const all = source.positions as BexioRecord[];
	if (list === undefined || list === null || (Array.isArray(list) && list.length === 0)) {
		return all.map((p) => ({ ...p, id: nextCounter(t, 'id:positions') }));
	}
	if (!Array.isArray(list)) return invalid({ positions: 'Must be an array.' });
	return (list as WantedPosition[]).map((w, i) => {
		const p = all.find((x) => x.id === Number(w?.id));
		if (!p)
			return invalid({ [`positions[${i}].id`]: 'The position does not belong to the document.' });
		const amount = w.amount === undefined || w.amount === null ? p.amount : money(Number(w.amount));
		return { ...p, amount, id: nextCounter(t, 'id:positions') };
	});
}

function convert(
	t: BexioTenant,
	source: BexioRecord,
	target: DocType,
	positions: Json[],
): BexioRecord {
	const header: Json = {};
	for (const key of [
		'title',
		'contact_id',
		'contact_sub_id',
		'user_id',
		'project_id',
		'language_id',
		'bank_account_id',
		'currency_id',
		'payment_type_id',
		'header',
		'footer',
		'mwst_type',
		'mwst_is_net',
		'show_position_taxes',
		'template_slug',
		'reference',
	]) {
		if (source[key] !== undefined) header[key] = source[key];
	}
	if (target.segment === 'kb_invoice') header.is_valid_from = today(t);
	const stripped = positions.map((p) =>
		target.segment === 'kb_invoice' ? { ...p, is_optional: false } : p,
	);
	return storeDocument(t, target, buildDocument(t, target, header), stripped);
}

export function registerSalesLifecycle(router: Router<BexioTenant>): void {
	// Invoices: issue only from draft; revert only without payments; cancel issued ones.
	transition(router, INVOICE, 'issue', [INV.draft], INV.pending, 'issued', (t, doc) =>
		published(t, doc, 'kb_invoice'),
	);
	router.post('/2.0/kb_invoice/:id/revert_issue', (req, t) => {
		const doc = loadDocument(t, INVOICE, req.params.id);
		if (doc.kb_item_status_id !== INV.pending || receivedPayments(t, doc.id) > 0)
			refused('Only an issued invoice without payments can be set back to draft.');
		doc.kb_item_status_id = INV.draft;
		doc.updated_at = nowStamp(t);
		return ok;
	});
	transition(router, INVOICE, 'cancel', OPEN_INVOICE, INV.cancelled, 'cancelled');
	sending(router, INVOICE, [...OPEN_INVOICE, INV.paid], INV.draft, INV.pending);

	// Quotes: camelCase revertIssue, reject = decline.
	transition(router, QUOTE, 'issue', [1], 2, 'issued', (t, doc) => published(t, doc, 'kb_offer'));
	transition(router, QUOTE, 'revertIssue', [2], 1, 'set back to draft');
	transition(router, QUOTE, 'accept', [2], 3, 'accepted');
	transition(router, QUOTE, 'reject', [2], 4, 'declined');
	transition(router, QUOTE, 'reissue', [3, 4], 2, 'reissued');
	sending(router, QUOTE, [2, 3, 4], 1, 2);
	for (const target of [ORDER, INVOICE]) {
		router.post(`/2.0/kb_offer/:id/${target === ORDER ? 'order' : 'invoice'}`, (req, t) => {
			const quote = loadDocument(t, QUOTE, req.params.id);
			// Live: only accepted quotes convert; without a `positions` body every position is taken over (201).
			if (quote.kb_item_status_id !== 3) refused('Only an accepted quote can be converted.');
			const created = convert(t, quote, target, chosenPositions(t, quote, jsonObject(req)));
			return { status: 201, body: presentDocument(created, true) };
		});
	}

	// Orders: deliveries and invoices from an order, recurring schedule.
	for (const target of [DELIVERY, INVOICE]) {
		router.post(`/2.0/kb_order/:id/${target === DELIVERY ? 'delivery' : 'invoice'}`, (req, t) => {
			const order = loadDocument(t, ORDER, req.params.id);
			if (order.kb_item_status_id === 21) refused('A cancelled order cannot be converted.');
			const created = convert(t, order, target, chosenPositions(t, order, jsonObject(req)));
			return { status: 201, body: presentDocument(created, true) };
		});
	}
	registerRepetition(router);

	// Deliveries: read-only documents with one action.
	defineResource(router, {
		path: '/2.0/kb_delivery',
		collection: 'deliveries',
		readOnly: true,
		routes: ['list', 'show'],
		orderBy: DOC_ORDER_BY,
		present: (record, { single }) => presentDocument(record, single),
	});
	transition(router, DELIVERY, 'issue', [10], 18, 'issued');
}

const REPETITION_TYPES = ['daily', 'weekly', 'monthly', 'yearly'];
const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
const SCHEDULES = ['fixed_day', 'week_day', 'first_day', 'last_day'];

/** `/2.0/kb_order/{id}/repetition`: show / set / remove the recurring schedule. */
function registerRepetition(router: Router<BexioTenant>): void {
	const path = '/2.0/kb_order/:id/repetition';
	router.get(path, (req, t) => {
		const order = findRecord(t, 'orders', req.params.id);
		return { status: 200, body: (order._repetition as Json | undefined) ?? notFound() };
	});
	router.post(path, (req, t) => {
		const order = findRecord(t, 'orders', req.params.id);
		const data = jsonObject(req);
		const date = /^\d{4}-\d{2}-\d{2}$/;
		if (!date.test(String(data.start ?? ''))) invalid({ start: 'Use YYYY-MM-DD.' });
		if (data.end !== undefined && data.end !== null && !date.test(String(data.end)))
			invalid({ end: 'Use YYYY-MM-DD or null.' });
		const r = (data.repetition ?? {}) as Json;
		if (!REPETITION_TYPES.includes(String(r.type)))
			invalid({ 'repetition.type': `Must be one of ${REPETITION_TYPES.join(', ')}.` });
		if (!Number.isInteger(r.interval) || Number(r.interval) < 1)
			invalid({ 'repetition.interval': 'Must be a positive integer.' });
		if (
			r.type === 'weekly' &&
			(!Array.isArray(r.weekdays) || r.weekdays.some((d) => !WEEKDAYS.includes(String(d))))
		)
			invalid({ 'repetition.weekdays': 'List weekdays, e.g. ["monday"].' });
		if (r.type === 'monthly' && r.schedule !== undefined && !SCHEDULES.includes(String(r.schedule)))
			invalid({ 'repetition.schedule': `Must be one of ${SCHEDULES.join(', ')}.` });
		const repetition = { start: data.start, end: data.end ?? null, repetition: r };
		order._repetition = repetition;
		order.is_recurring = true;
		order.updated_at = nowStamp(t);
		return { status: 200, body: repetition };
	});
	router.delete(path, (req, t) => {
		const order = findRecord(t, 'orders', req.params.id);
		if (!order._repetition) fail(404, 'Page not found');
		delete order._repetition;
		order.is_recurring = false;
		order.updated_at = nowStamp(t);
		return ok;
	});
}
