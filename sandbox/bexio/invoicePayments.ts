import type { Router, SandboxRequest } from '../core/http';
import { defineResource, findRecord } from './engine';
import { fail, invalid, notFound, refused } from './errors';
import { pdfJson } from './pdf';
import { decimal } from './request';
import { checkSend, loadDocument } from './salesDocuments';
import { INV, INVOICE, OPEN_INVOICE } from './salesTypes';
import {
	collection,
	insert,
	nowStamp,
	publicView,
	rows,
	today,
	type BexioRecord,
	type BexioTenant,
} from './store';
import { money, recompute } from './totals';

/** The status follows the remaining amount: partial 16, paid 9, back to open when payments go. */
export function settle(t: BexioTenant, invoice: BexioRecord): void {
	recompute(t, invoice);
	if (invoice.kb_item_status_id === INV.cancelled || invoice.kb_item_status_id === INV.draft)
		return;
	const paid = Number(invoice.total_received_payments);
	const remaining = Number(invoice.total_remaining_payments);
	const overdue = rows(t, 'reminders').some((r) => r.kb_invoice_id === invoice.id);
	invoice.kb_item_status_id =
		paid > 0 && remaining <= 0.000001
			? INV.paid
			: paid > 0
				? INV.partial
				: overdue
					? INV.unpaid
					: INV.pending;
	invoice.updated_at = nowStamp(t);
}

const invoiceOf = (req: SandboxRequest, t: BexioTenant) =>
	loadDocument(t, INVOICE, req.params.invoice);

function registerPayments(router: Router<BexioTenant>): void {
	defineResource(router, {
		path: '/2.0/kb_invoice/:invoice/payment',
		collection: 'payments',
		parent: { param: 'invoice', field: 'kb_invoice_id', collection: 'invoices' },
		routes: ['list', 'create', 'show', 'delete'],
		required: ['value'],
		defaults: {
			date: null,
			value: null,
			bank_account_id: null,
			title: 'Received Payment',
			payment_service_id: null,
			is_client_account_redemption: false,
			is_cash_discount: false,
			kb_invoice_id: null,
			kb_credit_voucher_id: null,
			kb_bill_id: null,
			kb_credit_voucher_text: '',
		},
		readOnlyFields: [
			'title',
			'is_client_account_redemption',
			'is_cash_discount',
			'kb_invoice_id',
			'kb_credit_voucher_id',
			'kb_bill_id',
			'kb_credit_voucher_text',
		],
		prepare: ({ t, req, data }) => {
			const invoice = invoiceOf(req, t);
			// Payments are recorded on issued, still open invoices only.
			if (!OPEN_INVOICE.includes(invoice.kb_item_status_id as number))
				refused('Payments can only be recorded on open invoices.');
			const value = decimal(data.value, 'value');
			if (value <= 0) invalid({ value: 'The value must be positive.' });
			if (value > Number(invoice.total_remaining_payments) + 0.000001)
				invalid({ value: 'The value exceeds the remaining amount.' });
			if (
				data.date !== undefined &&
				data.date !== null &&
				!/^\d{4}-\d{2}-\d{2}$/.test(String(data.date))
			)
				invalid({ date: 'Use YYYY-MM-DD.' });
			if (
				data.bank_account_id !== undefined &&
				data.bank_account_id !== null &&
				!collection(t, 'bank_accounts').has(Number(data.bank_account_id))
			)
				invalid({ bank_account_id: 'Unknown bank account.' });
			if (
				data.payment_service_id !== undefined &&
				data.payment_service_id !== null &&
				![1, 2, 3].includes(Number(data.payment_service_id))
			)
				invalid({ payment_service_id: 'Must be 1, 2 or 3.' });
			return { ...data, value: money(value), date: data.date ?? today(t) };
		},
		afterWrite: (t, payment) => settle(t, findRecord(t, 'invoices', String(payment.kb_invoice_id))),
		beforeDelete: (t, payment) => {
			if (
				findRecord(t, 'invoices', String(payment.kb_invoice_id)).kb_item_status_id === INV.cancelled
			)
				refused('Payments of a cancelled invoice cannot be deleted.');
		},
		afterDelete: (t, payment) =>
			settle(t, findRecord(t, 'invoices', String(payment.kb_invoice_id))),
	});
}

const REMINDER_SEARCH = ['title', 'reminder_level', 'is_sent', 'is_valid_from', 'is_valid_to'];
const MAX_LEVEL = 3;

/** Dunning: the next reminder of an overdue open invoice; only the newest can be deleted. */
function registerReminders(router: Router<BexioTenant>): void {
	const base = '/2.0/kb_invoice/:invoice/kb_reminder';
	const remindersOf = (t: BexioTenant, invoice: BexioRecord) =>
		rows(t, 'reminders').filter((r) => r.kb_invoice_id === invoice.id);
	const find = (req: SandboxRequest, t: BexioTenant) => {
		const invoice = invoiceOf(req, t);
		const reminder = findRecord(t, 'reminders', req.params.id);
		if (reminder.kb_invoice_id !== invoice.id) notFound();
		return { invoice, reminder };
	};
	defineResource(router, {
		path: base,
		collection: 'reminders',
		parent: { param: 'invoice', field: 'kb_invoice_id', collection: 'invoices' },
		routes: ['list', 'search', 'show'],
		searchFields: REMINDER_SEARCH,
	});
	router.post(base, (req, t) => {
		const invoice = invoiceOf(req, t);
		const level = remindersOf(t, invoice).length + 1;
		// "400 if not possible": not open, not yet due, or the last level reached.
		if (!OPEN_INVOICE.includes(invoice.kb_item_status_id as number))
			fail(400, 'A reminder can only be created for an open invoice');
		if (String(invoice.is_valid_to ?? '9999-12-31') >= today(t))
			fail(400, 'The invoice is not overdue yet');
		if (level > MAX_LEVEL) fail(400, 'The last reminder level has been reached');
		const from = today(t);
		const due = new Date(`${from}T00:00:00Z`);
		due.setUTCDate(due.getUTCDate() + 10);
		const reminder = {
			kb_invoice_id: invoice.id,
			title: `${level}. Mahnung ${String(invoice.document_nr)}`,
			is_valid_from: from,
			is_valid_to: due.toISOString().slice(0, 10),
			reminder_period_in_days: 10,
			reminder_level: level,
			show_positions: false,
			remaining_price: invoice.total_remaining_payments,
			received_total: invoice.total_received_payments,
			is_sent: false,
			header: '',
			footer: '',
		};
		const stored = insert(t, 'reminders', reminder);
		settle(t, invoice);
		return { status: 201, body: publicView(stored) };
	});
	router.delete(`${base}/:id`, (req, t) => {
		const { invoice, reminder } = find(req, t);
		const newest = Math.max(...remindersOf(t, invoice).map((r) => Number(r.reminder_level)));
		if (reminder.reminder_level !== newest)
			refused('Only the most recent reminder can be deleted.');
		collection(t, 'reminders').delete(reminder.id);
		settle(t, invoice);
		return { status: 200, body: { success: true } };
	});
	for (const [action, sent] of [
		['mark_as_sent', true],
		['mark_as_unsent', false],
	] as const) {
		router.post(`${base}/:id/${action}`, (req, t) => {
			find(req, t).reminder.is_sent = sent;
			return { status: 200, body: { success: true } };
		});
	}
	router.post(`${base}/:id/send`, (req, t) => {
		const { reminder } = find(req, t);
		checkSend(req);
		reminder.is_sent = true;
		return { status: 200, body: { success: true } };
	});
	router.get(`${base}/:id/pdf`, (req, t) => {
		const { invoice, reminder } = find(req, t);
		return {
			status: 200,
			body: pdfJson(`${String(reminder.title)}.pdf`, String(reminder.title), [
				`Invoice ${String(invoice.document_nr)}`,
				`Open ${String(reminder.remaining_price)}`,
			]),
		};
	});
}

export function registerInvoicePayments(router: Router<BexioTenant>): void {
	registerPayments(router);
	registerReminders(router);
}
