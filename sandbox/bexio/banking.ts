import type { Router } from '../core/http';
import { findRecord } from './engine';
import { badRequestV4, fail, invalid } from './errors';
import { compareValues, page } from './query';
import { jsonObject, type Json } from './request';
import {
	collection,
	insert,
	isoStamp,
	publicView,
	rows,
	today,
	type BexioRecord,
	type BexioTenant,
} from './store';

const ALLOWANCES = ['fee_paid_by_payer', 'fee_paid_by_payee', 'fee_split', 'no_fee'];
const CANCELLABLE = ['downloaded', 'transferred', 'error'];

/** 4.0 payment body: bank account by UUID, execution date at least the next day. */
function checkPayment(t: BexioTenant, data: Json): BexioRecord {
	for (const key of [
		'account_id',
		'type',
		'amount',
		'currency',
		'execution_date',
		'is_salary',
		'recipient',
	]) {
		if (data[key] === undefined || data[key] === null) badRequestV4(`${key} must not be null`);
	}
	// A wrong JSON type is refused, not converted (v4: 400 naming the field).
	if (typeof data.is_salary !== 'boolean') badRequestV4('is_salary must be of type boolean');
	const account =
		rows(t, 'bank_accounts').find((a) => a.uuid === data.account_id) ??
		badRequestV4('account_id: bank account not found');
	if (!['iban', 'qr'].includes(String(data.type))) badRequestV4('type must be iban or qr');
	if (!(Number(data.amount) > 0)) badRequestV4('amount must be greater than 0');
	if (!/^[A-Z]{3}$/.test(String(data.currency))) badRequestV4('currency must be an ISO 4217 code');
	if (String(data.execution_date) <= today(t)) badRequestV4('execution_date must be in the future');
	const recipient = data.recipient as Json;
	if (!recipient?.name || !recipient?.iban)
		badRequestV4('recipient.name and recipient.iban must not be null');
	if (
		data.allowance !== undefined &&
		(data.type !== 'iban' || !ALLOWANCES.includes(String(data.allowance)))
	)
		badRequestV4('allowance is only for IBAN payments');
	return account;
}

/** `filter-by=key:value;key:a_b` (ranges with `_`), on the documented filter keys. */
function filterBy(items: BexioRecord[], spec: string | null): BexioRecord[] {
	if (!spec) return items;
	const filters = spec.split(';').map((part) => {
		const i = part.indexOf(':');
		if (i < 1) return badRequestV4(`Invalid filter-by part "${part}"`);
		return { key: part.slice(0, i), value: part.slice(i + 1) };
	});
	const read = (p: BexioRecord, key: string): unknown =>
		key
			.split('.')
			.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Json)[k] : undefined), p);
	return items.filter((p) =>
		filters.every(({ key, value }) => {
			const actual = read(p, key === 'account_id' ? 'account_id' : key);
			const range = /^(.+)_(.+)$/.exec(value);
			if (range && (key === 'amount' || key === 'execution_date'))
				return compareValues(actual, range[1]) >= 0 && compareValues(actual, range[2]) <= 0;
			return String(actual) === value;
		}),
	);
}

function registerV4(router: Router<BexioTenant>): void {
	const base = '/4.0/banking/payments';
	router.get(base, (req, t) => {
		// Live bexio answers an envelope whose pages count from 1 (`page` and `per-page`, default 500, max 2000).
		const pageNo = Number(req.query.get('page') ?? 1);
		const perPage = Number(req.query.get('per-page') ?? 500);
		if (
			!Number.isInteger(pageNo) ||
			pageNo < 1 ||
			!Number.isInteger(perPage) ||
			perPage < 1 ||
			perPage > 2000
		)
			badRequestV4('page must be ≥ 1 and per-page 1..2000');
		const items = filterBy(rows(t, 'banking_payments'), req.query.get('filter-by'));
		const results = items.slice((pageNo - 1) * perPage, pageNo * perPage).map(publicView);
		// `max-results` was 0 for an empty account in the only recording; the item count is our reading of it.
		return {
			status: 200,
			body: {
				query: req.query.get('filter-by'),
				'sort-by': null,
				pagination: { page: pageNo, 'per-page': perPage, 'max-results': items.length },
				results,
			},
		};
	});
	router.post(base, (req, t) => {
		const data = jsonObject(req);
		const account = checkPayment(t, data);
		const created = insert(
			t,
			'banking_payments',
			{
				...data,
				amount: Number(data.amount).toFixed(4),
				allowance: data.type === 'iban' ? (data.allowance ?? 'fee_split') : null,
				sender: { id: account.id, uuid: account.uuid, iban: account.iban_nr },
				instruction_id: null,
				purchase_reference: null,
				document_no: null,
				status: 'open',
				due_date: data.execution_date,
				created_at: isoStamp(t),
			},
			'uuid',
		);
		created.uuid = created.id;
		return { status: 201, body: publicView(created) };
	});
	router.get(`${base}/:id`, (req, t) => ({
		status: 200,
		body: publicView(findRecord(t, 'banking_payments', req.params.id, 'uuid')),
	}));
	router.put(`${base}/:id`, (req, t) => {
		const payment = findRecord(t, 'banking_payments', req.params.id, 'uuid');
		if (payment.status !== 'open') badRequestV4('Only open payments can be updated');
		const data = jsonObject(req);
		// Update needs `type` although the schema omits it.
		checkPayment(t, data);
		Object.assign(payment, data, { amount: Number(data.amount).toFixed(4), id: payment.id });
		return { status: 200, body: publicView(payment) };
	});
	router.delete(`${base}/:id`, (req, t) => {
		const payment = findRecord(t, 'banking_payments', req.params.id, 'uuid');
		if (payment.status !== 'open') badRequestV4('Only open payments can be deleted');
		collection(t, 'banking_payments').delete(payment.id);
		return { status: 204 };
	});
	router.post(`${base}/:id/cancel`, (req, t) => {
		const payment = findRecord(t, 'banking_payments', req.params.id, 'uuid');
		if (!CANCELLABLE.includes(String(payment.status)))
			badRequestV4('Only downloaded, transferred or failed payments can be cancelled');
		payment.status = 'cancelled';
		return { status: 200, body: publicView(payment) };
	});
}

/** Deprecated 3.0 IBAN/QR payments and their list. */
function registerV3(router: Router<BexioTenant>): void {
	for (const kind of ['iban', 'qr']) {
		const base = `/3.0/banking/bank_accounts/:account/${kind}_payments`;
		router.post(base, (req, t) => {
			const account = findRecord(t, 'bank_accounts', req.params.account);
			const data = jsonObject(req);
			for (const key of ['amount', 'currency', 'execution_date', 'recipient'])
				if (data[key] === undefined || data[key] === null)
					invalid({ [key]: 'This value should not be blank.' });
			const created = insert(t, 'legacy_bank_payments', {
				...data,
				type: kind,
				bank_account_id: account.id,
				status: 'open',
				bill_id: data.bill_id ?? null,
				created_at: isoStamp(t),
			});
			return { status: 201, body: publicView(created) };
		});
		const find = (raw: string, accountRaw: string, t: BexioTenant) => {
			const p = findRecord(t, 'legacy_bank_payments', raw);
			if (p.type !== kind || p.bank_account_id !== Number(accountRaw)) fail(404, 'Page not found');
			return p;
		};
		router.get(`${base}/:id`, (req, t) => ({
			status: 200,
			body: publicView(find(req.params.id, req.params.account, t)),
		}));
		router.patch(`${base}/:id`, (req, t) => {
			const p = find(req.params.id, req.params.account, t);
			if (p.status !== 'open') fail(422, 'Only open payments can be changed');
			Object.assign(p, jsonObject(req), { id: p.id, type: kind });
			return { status: 200, body: publicView(p) };
		});
	}
	router.get('/3.0/banking/payments', (req, t) => {
		const from = req.query.get('from');
		const to = req.query.get('to');
		const bill = req.query.get('bill_id');
		const items = rows(t, 'legacy_bank_payments').filter(
			(p) =>
				(!from || String(p.execution_date) >= from) &&
				(!to || String(p.execution_date) <= to) &&
				(!bill || String(p.bill_id) === bill),
		);
		return { status: 200, body: page(req, items).map(publicView) };
	});
	router.post('/3.0/banking/payments/:id/cancel', (req, t) => {
		const p = findRecord(t, 'legacy_bank_payments', req.params.id);
		if (!CANCELLABLE.includes(String(p.status)))
			fail(422, 'Only downloaded, transferred or failed payments can be cancelled');
		p.status = 'cancelled';
		return { status: 200, body: { success: true } };
	});
	router.delete('/3.0/banking/payments/:id', (req, t) => {
		const p = findRecord(t, 'legacy_bank_payments', req.params.id);
		if (p.status !== 'open') fail(422, 'Only open payments can be deleted');
		collection(t, 'legacy_bank_payments').delete(p.id);
		return { status: 200, body: { success: true } };
	});
}

export function registerBanking(router: Router<BexioTenant>): void {
	registerV3(router);
	registerV4(router);
}
