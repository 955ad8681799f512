import { randomUUID } from 'node:crypto';

import type { Router } from '../core/http';
import { defineResource, findRecord } from './engine';
import { badRequestV4, fail, invalid } from './errors';
import { v4Page } from './query';
import { jsonObject, requireFields, type Json } from './request';
import {
	collection,
	insert,
	isoStamp,
	nextCounter,
	publicView,
	rows,
	type BexioRecord,
	type BexioTenant,
} from './store';

/** v4 validation answers 400 with the field in the message. */
function v4Body(data: Json, required: string[], allowed: string[]): void {
	for (const key of Object.keys(data))
		if (!allowed.includes(key)) badRequestV4(`Unrecognized property: ${key}`);
	for (const key of required)
		if (data[key] === undefined || data[key] === null) badRequestV4(`${key} must not be null`);
}

type V4Type = 'string' | 'integer' | 'boolean' | 'decimal' | 'array' | 'object';
const V4_TYPE_OK: Record<V4Type, (v: unknown) => boolean> = {
	string: (v) => typeof v === 'string',
	integer: (v) => typeof v === 'number' && Number.isInteger(v),
	boolean: (v) => typeof v === 'boolean',
	// Amounts are JSON numbers or numeric strings (bexio sends decimals as strings, accepts numbers).
	decimal: (v) =>
		(typeof v === 'number' && Number.isFinite(v)) ||
		(typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v.trim())),
	array: (v) => Array.isArray(v),
	object: (v) => typeof v === 'object' && v !== null && !Array.isArray(v),
};

/** A field of the wrong JSON type is refused, not converted, with the field named (v4: 400). */
function v4Types(data: Json, types: Record<string, V4Type>): void {
	for (const [key, type] of Object.entries(types)) {
		const value = data[key];
		if (value !== undefined && value !== null && !V4_TYPE_OK[type](value))
			badRequestV4(`${key} must be of type ${type}`);
	}
}

const BILL_TYPES: Record<string, V4Type> = {
	supplier_id: 'integer',
	contact_partner_id: 'integer',
	bill_date: 'string',
	due_date: 'string',
	currency_code: 'string',
	item_net: 'boolean',
	manual_amount: 'boolean',
	address: 'object',
	line_items: 'array',
	discounts: 'array',
	attachment_ids: 'array',
	split_into_line_items: 'boolean',
};
const EXPENSE_TYPES: Record<string, V4Type> = {
	paid_on: 'string',
	currency_code: 'string',
	amount: 'decimal',
	attachment_ids: 'array',
};

const BILL_CREATE = [
	'supplier_id',
	'contact_partner_id',
	'bill_date',
	'due_date',
	'currency_code',
	'item_net',
	'manual_amount',
	'address',
	'line_items',
	'discounts',
	'attachment_ids',
];
const BILL_OPTIONAL = [
	'amount_man',
	'amount_calc',
	'vendor_ref',
	'title',
	'exchange_rate',
	'base_currency_amount',
	'purchase_order_id',
	'qr_bill_information',
	'payment',
];
const EXPENSE_CREATE = ['paid_on', 'currency_code', 'amount', 'attachment_ids'];
const EXPENSE_OPTIONAL = [
	'supplier_id',
	'title',
	'bank_account_id',
	'booking_account_id',
	'tax_id',
	'exchange_rate',
	'base_currency_amount',
	'address',
];

function billAmounts(t: BexioTenant, data: Json): number {
	if (data.manual_amount === true) return Number(data.amount_man ?? 0);
	const lines = (data.line_items as Json[]) ?? [];
	const discount = ((data.discounts as Json[]) ?? []).reduce(
		(s, d) => s + Number(d.amount ?? 0),
		0,
	);
	const gross = lines.reduce((s, l) => {
		const rate = Number(collection(t, 'taxes').get(Number(l.tax_id))?.value ?? 0);
		return s + Number(l.amount ?? 0) * (data.item_net === true ? 1 + rate / 100 : 1);
	}, 0);
	return Math.round((gross - discount) * 100) / 100;
}

function checkBill(t: BexioTenant, data: Json, update: boolean): void {
	v4Body(data, update ? [...BILL_CREATE, 'split_into_line_items'] : BILL_CREATE, [
		...BILL_CREATE,
		...BILL_OPTIONAL,
		...(update ? ['document_no', 'split_into_line_items'] : []),
	]);
	v4Types(data, BILL_TYPES);
	if (!collection(t, 'contacts').has(Number(data.supplier_id)))
		badRequestV4('supplier_id: contact not found');
	if (!Array.isArray(data.line_items) || data.line_items.length > 100)
		badRequestV4('line_items: at most 100 items');
	if (!Array.isArray(data.discounts) || data.discounts.length > 100)
		badRequestV4('discounts: at most 100 items');
	const address = data.address as Json;
	if (!address || typeof address !== 'object' || !address.lastname_company)
		badRequestV4('address.lastname_company must not be null');
	for (const uuid of data.attachment_ids as unknown[])
		if (!rows(t, 'files').some((f) => f.uuid === uuid))
			badRequestV4(`attachment_ids: file ${String(uuid)} not found`);
}

function billRecord(t: BexioTenant, data: Json, existing?: BexioRecord): Json {
	const address = data.address as Json;
	const total = billAmounts(t, data);
	const paid = existing ? Number(existing._paid ?? 0) : 0;
	return {
		...data,
		document_no:
			data.document_no ??
			(existing ? null : `LR-${String(nextCounter(t, 'bill_nr')).padStart(5, '0')}`),
		status: existing?.status ?? 'DRAFT',
		firstname_suffix: address.firstname_suffix ?? null,
		lastname_company: address.lastname_company,
		vendor: address.lastname_company,
		created_at: existing?.created_at ?? isoStamp(t).slice(0, 19),
		gross: total,
		net: total,
		pending_amount: Math.round((total - paid) * 100) / 100,
		base_currency_code: 'CHF',
		overdue: false,
		average_exchange_rate_enabled: false,
		line_items: (data.line_items as Json[]).map((l) => ({ id: randomUUID(), ...l })),
		discounts: (data.discounts as Json[]).map((d) => ({ id: randomUUID(), ...d })),
		_paid: paid,
	};
}

/** Supplier bills: v4 envelope, DRAFT-only changes, booking via PUT …/bookings/{status}. */
function registerBills(router: Router<BexioTenant>): void {
	const base = '/4.0/purchase/bills';
	router.get('/4.0/purchase/documentnumbers/bills', (req, t) => {
		const no = req.query.get('document_no');
		if (!no) return badRequestV4('document_no must not be null');
		const next = `LR-${String((t.counters.get('bill_nr') ?? 0) + 1).padStart(5, '0')}`;
		return {
			status: 200,
			body: { valid: !rows(t, 'bills').some((b) => b.document_no === no), next_available_no: next },
		};
	});
	router.get(base, (req, t) => {
		const status = req.query.get('status');
		const items = rows(t, 'bills').filter((b) => !status || b.status === status);
		const paged = v4Page(req, items);
		return { status: 200, body: { ...paged, data: paged.data.map(publicView) } };
	});
	router.post(base, (req, t) => {
		const data = jsonObject(req);
		checkBill(t, data, false);
		return { status: 201, body: publicView(insert(t, 'bills', billRecord(t, data), 'uuid')) };
	});
	router.get(`${base}/:id`, (req, t) => ({
		status: 200,
		body: publicView(findRecord(t, 'bills', req.params.id, 'uuid')),
	}));
	router.put(`${base}/:id`, (req, t) => {
		const bill = findRecord(t, 'bills', req.params.id, 'uuid');
		if (bill.status !== 'DRAFT') badRequestV4('Only DRAFT bills can be changed');
		const data = jsonObject(req);
		checkBill(t, data, true);
		// PUT replaces the whole bill: omitted optional fields are nulled.
		const replaced = {
			id: bill.id,
			...Object.fromEntries(BILL_OPTIONAL.map((k) => [k, null])),
			...billRecord(t, data, bill),
		} as BexioRecord;
		collection(t, 'bills').set(bill.id, replaced);
		return { status: 200, body: publicView(replaced) };
	});
	router.delete(`${base}/:id`, (req, t) => {
		const bill = findRecord(t, 'bills', req.params.id, 'uuid');
		if (bill.status !== 'DRAFT') badRequestV4('Only DRAFT bills can be deleted');
		collection(t, 'bills').delete(bill.id);
		return { status: 204 };
	});
	router.put(`${base}/:id/bookings/:status`, (req, t) => {
		const bill = findRecord(t, 'bills', req.params.id, 'uuid');
		const target = req.params.status;
		const allowed =
			(target === 'BOOKED' && bill.status === 'DRAFT') ||
			(target === 'DRAFT' && bill.status === 'BOOKED');
		if (!allowed) badRequestV4(`Cannot change status from ${String(bill.status)} to ${target}`);
		bill.status = target;
		return { status: 200, body: publicView(bill) };
	});
	router.post(`${base}/:id/actions`, (req, t) => {
		const bill = findRecord(t, 'bills', req.params.id, 'uuid');
		if (jsonObject(req).action !== 'DUPLICATE') badRequestV4('action must be DUPLICATE');
		const { id: _id, ...rest } = bill;
		const copy = insert(
			t,
			'bills',
			{
				...rest,
				status: 'DRAFT',
				document_no: `LR-${String(nextCounter(t, 'bill_nr')).padStart(5, '0')}`,
				_paid: 0,
				pending_amount: bill.gross,
				created_at: isoStamp(t).slice(0, 19),
			},
			'uuid',
		);
		return { status: 201, body: publicView(copy) };
	});
}

/** Expenses at /4.0/expenses (not under /purchase): DRAFT ↔ DONE. */
function registerExpenses(router: Router<BexioTenant>): void {
	const base = '/4.0/expenses';
	const record = (t: BexioTenant, data: Json, existing?: BexioRecord): Json => ({
		...data,
		document_no:
			data.document_no ??
			existing?.document_no ??
			`AG-${String(nextCounter(t, 'expense_nr')).padStart(5, '0')}`,
		status: existing?.status ?? 'DRAFT',
		created_at: existing?.created_at ?? isoStamp(t).slice(0, 19),
	});
	const check = (data: Json, update: boolean) => {
		v4Body(data, EXPENSE_CREATE, [
			...EXPENSE_CREATE,
			...EXPENSE_OPTIONAL,
			...(update ? ['document_no'] : []),
		]);
		v4Types(data, EXPENSE_TYPES);
	};
	router.get('/4.0/expenses/documentnumbers', (req, t) => {
		const no = req.query.get('document_no');
		if (!no) return badRequestV4('document_no must not be null');
		return {
			status: 200,
			body: {
				valid: !rows(t, 'expenses').some((e) => e.document_no === no),
				next_available_no: `AG-${String((t.counters.get('expense_nr') ?? 0) + 1).padStart(5, '0')}`,
			},
		};
	});
	router.get(base, (req, t) => {
		const paged = v4Page(req, rows(t, 'expenses'));
		return { status: 200, body: { ...paged, data: paged.data.map(publicView) } };
	});
	router.post(base, (req, t) => {
		const data = jsonObject(req);
		check(data, false);
		return { status: 201, body: publicView(insert(t, 'expenses', record(t, data), 'uuid')) };
	});
	router.get(`${base}/:id`, (req, t) => ({
		status: 200,
		body: publicView(findRecord(t, 'expenses', req.params.id, 'uuid')),
	}));
	router.put(`${base}/:id`, (req, t) => {
		const expense = findRecord(t, 'expenses', req.params.id, 'uuid');
		if (expense.status !== 'DRAFT') badRequestV4('Only DRAFT expenses can be changed');
		const data = jsonObject(req);
		check(data, true);
		const replaced = {
			id: expense.id,
			...Object.fromEntries(EXPENSE_OPTIONAL.map((k) => [k, null])),
			...record(t, data, expense),
		} as BexioRecord;
		collection(t, 'expenses').set(expense.id, replaced);
		return { status: 200, body: publicView(replaced) };
	});
	router.delete(`${base}/:id`, (req, t) => {
		collection(t, 'expenses').delete(findRecord(t, 'expenses', req.params.id, 'uuid').id);
		return { status: 204 };
	});
	router.put(`${base}/:id/bookings/:status`, (req, t) => {
		const expense = findRecord(t, 'expenses', req.params.id, 'uuid');
		const target = req.params.status;
		if (
			!(
				(target === 'DONE' && expense.status === 'DRAFT') ||
				(target === 'DRAFT' && expense.status === 'DONE')
			)
		)
			badRequestV4(`Cannot change status from ${String(expense.status)} to ${target}`);
		expense.status = target;
		return { status: 200, body: publicView(expense) };
	});
	router.post(`${base}/:id/actions`, (req, t) => {
		const expense = findRecord(t, 'expenses', req.params.id, 'uuid');
		if (jsonObject(req).action !== 'DUPLICATE') badRequestV4('action must be DUPLICATE');
		const { id: _id, document_no: _no, ...rest } = expense;
		return {
			status: 201,
			body: publicView(insert(t, 'expenses', record(t, { ...rest, status: undefined }), 'uuid')),
		};
	});
}

const PAYMENT_TYPES = ['IBAN', 'QR', 'MANUAL', 'CASH_DISCOUNT'];

/** Bill status from what is still pending; manual payments pay, bank orders only create. */
function billAfterPayments(t: BexioTenant, bill: BexioRecord): void {
	const payments = rows(t, 'outgoing_payments').filter((p) => p.bill_id === bill.id);
	const paid = payments.reduce((s, p) => s + Number(p.amount), 0);
	bill._paid = paid;
	bill.pending_amount = Math.round((Number(bill.gross) - paid) * 100) / 100;
	const full = Number(bill.pending_amount) <= 0;
	const bankOrders = payments.some((p) => p.payment_type === 'IBAN' || p.payment_type === 'QR');
	if (payments.length === 0) bill.status = 'BOOKED';
	else if (bankOrders) bill.status = full ? 'CREATED' : 'PARTIALLY_CREATED';
	else bill.status = full ? 'PAID' : 'PARTIALLY_PAID';
}

/** Outgoing payments of bills: update is PUT on the collection with `payment_id`. */
function registerOutgoingPayments(router: Router<BexioTenant>): void {
	const base = '/4.0/purchase/outgoing-payments';
	router.get(base, (req, t) => {
		const billId = req.query.get('bill_id');
		const paged = v4Page(
			req,
			rows(t, 'outgoing_payments').filter((p) => !billId || p.bill_id === billId),
		);
		return { status: 200, body: { ...paged, data: paged.data.map(publicView) } };
	});
	router.post(base, (req, t) => {
		const data = jsonObject(req);
		for (const key of [
			'bill_id',
			'payment_type',
			'execution_date',
			'amount',
			'currency_code',
			'exchange_rate',
			'is_salary_payment',
		]) {
			if (data[key] === undefined || data[key] === null) badRequestV4(`${key} must not be null`);
		}
		const bill =
			rows(t, 'bills').find((b) => b.id === data.bill_id) ??
			badRequestV4('bill_id: bill not found');
		if (bill.status === 'DRAFT') badRequestV4('The bill must be booked before it can be paid');
		if (!PAYMENT_TYPES.includes(String(data.payment_type)))
			badRequestV4(`payment_type must be one of ${PAYMENT_TYPES.join(', ')}`);
		if (
			data.payment_type !== 'CASH_DISCOUNT' &&
			(data.sender_bank_account_id === undefined || data.sender_bank_account_id === null)
		)
			badRequestV4('sender_bank_account_id must not be null');
		if (data.currency_code !== bill.currency_code)
			badRequestV4('currency_code must be the currency of the bill');
		if (data.payment_type === 'QR' && !['CHF', 'EUR'].includes(String(data.currency_code)))
			badRequestV4('QR payments are only possible in CHF or EUR');
		if (Number(data.amount) <= 0 || Number(data.amount) > Number(bill.pending_amount) + 0.000001)
			badRequestV4('amount must be positive and at most the pending amount');
		const manual = data.payment_type === 'MANUAL' || data.payment_type === 'CASH_DISCOUNT';
		const payment = insert(
			t,
			'outgoing_payments',
			{ ...data, status: manual ? 'TRANSFERRED' : 'PENDING', created_at: isoStamp(t).slice(0, 19) },
			'uuid',
		);
		billAfterPayments(t, bill);
		return { status: 201, body: publicView(payment) };
	});
	router.put(base, (req, t) => {
		const data = jsonObject(req);
		if (typeof data.payment_id !== 'string') return badRequestV4('payment_id must not be null');
		const payment = findRecord(t, 'outgoing_payments', data.payment_id, 'uuid');
		if (payment.payment_type !== 'IBAN' && payment.payment_type !== 'QR')
			badRequestV4('Only IBAN and QR payments can be updated');
		const { payment_id: _id, ...changes } = data;
		Object.assign(payment, changes);
		return { status: 200, body: publicView(payment) };
	});
	router.get(`${base}/:id`, (req, t) => ({
		status: 200,
		body: publicView(findRecord(t, 'outgoing_payments', req.params.id, 'uuid')),
	}));
	router.delete(`${base}/:id`, (req, t) => {
		const payment = findRecord(t, 'outgoing_payments', req.params.id, 'uuid');
		collection(t, 'outgoing_payments').delete(payment.id);
		const bill = rows(t, 'bills').find((b) => b.id === payment.bill_id);
		if (bill) billAfterPayments(t, bill);
		return { status: 204 };
	});
}

/** 3.0 purchase orders: a sales-like document with string `mwst_type`, status 22 draft. */
function registerPurchaseOrders(router: Router<BexioTenant>): void {
	defineResource(router, {
		path: '/3.0/purchase_orders',
		collection: 'purchase_orders',
		routes: ['list', 'create', 'show', 'edit', 'delete'],
		editVerb: 'PUT',
		required: ['contact_id', 'user_id'],
		orderBy: ['id', 'total', 'total_net', 'total_gross', 'updated_at'],
		stamp: 'iso',
		defaults: {
			document_nr: null,
			title: null,
			contact_id: null,
			contact_sub_id: null,
			user_id: null,
			salesman_user_id: null,
			mwst_type: 'excluded',
			delivery_address_type: 'contact_address',
			nb_decimals_amount: 2,
			nb_decimals_price: 2,
			is_compact_view: false,
			terms_of_payment_text: null,
			kb_payment_template_id: null,
			status_id: 22,
			positions: { required: [], optional: [], discount: [] },
			created_at: null,
			updated_at: null,
		},
		readOnlyFields: ['document_nr', 'status_id', 'created_at'],
		prepare: ({ t, data, existing }) => {
			requireFields(data, ['contact_id', 'user_id']);
			if (!collection(t, 'contacts').has(Number(data.contact_id)))
				invalid({ contact_id: 'The contact does not exist.' });
			if (
				data.mwst_type !== undefined &&
				!['included', 'excluded', 'exempt'].includes(String(data.mwst_type))
			)
				invalid({ mwst_type: 'Must be included, excluded or exempt.' });
			if (
				data.delivery_address_type !== undefined &&
				!['contact_address', 'manual'].includes(String(data.delivery_address_type))
			)
				invalid({ delivery_address_type: 'Must be contact_address or manual.' });
			if (existing)
				return {
					...data,
					document_nr: existing.document_nr,
					status_id: existing.status_id,
					created_at: existing.created_at,
				};
			return {
				...data,
				document_nr: `BE-${String(nextCounter(t, 'purchase_order_nr')).padStart(5, '0')}`,
				created_at: isoStamp(t),
			};
		},
		beforeDelete: (_t, order) => {
			if (order.status_id !== 22) fail(422, 'Only draft purchase orders can be deleted');
		},
	});
}

export function registerPurchase(router: Router<BexioTenant>): void {
	registerBills(router);
	registerExpenses(router);
	registerOutgoingPayments(router);
	registerPurchaseOrders(router);
}
