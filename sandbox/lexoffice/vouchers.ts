import { randomUUID } from 'node:crypto';

import type { Router, SandboxRequest, SandboxResponse } from '../core/http';
import { formatDateTime, parseDateOrDateTime } from './dates';
import { legacy, notFound, type Issue } from './errors';
import { acceptUpload } from './files';
import { asArray, asNumber, asObject, asString, compact, type Json, type JsonObject } from './json';
import { POSTING_CATEGORY_BY_ID } from './masterData';
import { pageEnvelope, parsePaging } from './paging';
import { actionResult, decodeEntities, readJsonObject } from './request';
import { emit, type BookkeepingVoucherRecord, type LexofficeTenant } from './tenant';

export const VOUCHER_TYPES = [
	'salesinvoice',
	'salescreditnote',
	'purchaseinvoice',
	'purchasecreditnote',
];
/** Any historical German rate is accepted on bookkeeping vouchers. */
const VOUCHER_RATES = new Set([0, 5, 7, 16, 19]);

const toCents = (n: number): number => Math.round(n * 100);

interface Normalized {
	fields: Omit<
		BookkeepingVoucherRecord,
		'id' | 'version' | 'createdDate' | 'updatedDate' | 'payments' | 'archived'
	>;
}

function dateField(
	issues: Issue[],
	body: JsonObject,
	name: string,
	required: boolean,
): number | null {
	const value = body[name];
	if (value === undefined || value === null) {
		if (required) issues.push({ source: name, i18nKey: 'missing_entity' });
		return null;
	}
	const ms = parseDateOrDateTime(value);
	if (ms === undefined) issues.push({ source: name, i18nKey: 'invalid_value' });
	return ms ?? null;
}

/** Validation of a create/replace body; `status` is the status the voucher will have. */
function normalize(
	tenant: LexofficeTenant,
	body: JsonObject,
	status: string,
): { issues: Issue[]; n?: Normalized } {
	const issues: Issue[] = [];
	const unchecked = status === 'unchecked';
	const type = asString(body.type);
	if (!type) issues.push({ source: 'type', i18nKey: 'missing_entity' });
	else if (!VOUCHER_TYPES.includes(type)) issues.push({ source: 'type', i18nKey: 'invalid_value' });
	const taxType = asString(body.taxType);
	if (!taxType) issues.push({ source: 'taxType', i18nKey: 'missing_entity' });
	else if (taxType !== 'net' && taxType !== 'gross')
		issues.push({ source: 'taxType', i18nKey: 'invalid_value' });
	// `net` together with `unchecked` is refused.
	else if (unchecked && taxType === 'net')
		issues.push({ source: 'taxType', i18nKey: 'invalid_value' });
	const voucherNumber = asString(body.voucherNumber) ?? null;
	if (!unchecked && !voucherNumber)
		issues.push({ source: 'voucherNumber', i18nKey: 'missing_entity' });
	const voucherDate = dateField(issues, body, 'voucherDate', !unchecked);
	const shippingDate = dateField(issues, body, 'shippingDate', false);
	let dueDate = dateField(issues, body, 'dueDate', false);
	// dueDate defaults to voucherDate except for unchecked vouchers.
	if (dueDate === null && !unchecked) dueDate = voucherDate;
	const useCollective = body.useCollectiveContact === true;
	let contactId: string | null = null;
	if (!useCollective) {
		contactId = asString(body.contactId) ?? null;
		if (!contactId) issues.push({ source: 'contactId', i18nKey: 'missing_entity' });
		else {
			const contact = tenant.contacts.get(contactId);
			if (!contact) issues.push({ source: 'contactId', i18nKey: 'invalid_value' });
			else if (type?.startsWith('sales') && contact.customerNumber === null)
				issues.push({ source: 'contactId', i18nKey: 'invalid_value' });
			else if (type?.startsWith('purchase') && contact.vendorNumber === null)
				issues.push({ source: 'contactId', i18nKey: 'invalid_value' });
		}
	}
	const totalGross = asNumber(body.totalGrossAmount);
	const totalTax = asNumber(body.totalTaxAmount);
	if (!unchecked && totalGross === undefined)
		issues.push({ source: 'totalGrossAmount', i18nKey: 'missing_entity' });
	if (!unchecked && totalTax === undefined)
		issues.push({ source: 'totalTaxAmount', i18nKey: 'missing_entity' });
	const itemsRaw = asArray(body.voucherItems);
	if (!unchecked && (!itemsRaw || itemsRaw.length === 0))
		issues.push({ source: 'voucherItems', i18nKey: 'missing_entity' });
	const items: JsonObject[] = [];
	let sumGross = 0;
	let sumTax = 0;
	(itemsRaw ?? []).forEach((raw, i) => {
		const item = asObject(raw) ?? {};
		const amount = asNumber(item.amount);
		const tax = asNumber(item.taxAmount);
		const rate = asNumber(item.taxRatePercent);
		const categoryId = asString(item.categoryId);
		for (const [k, v] of [
			['amount', amount],
			['taxAmount', tax],
			['taxRatePercent', rate],
			['categoryId', categoryId],
		] as const) {
			if (v === undefined)
				issues.push({ source: `voucherItems[${i}].${k}`, i18nKey: 'missing_entity' });
		}
		if (rate !== undefined && !VOUCHER_RATES.has(rate))
			issues.push({ source: `voucherItems[${i}].taxRatePercent`, i18nKey: 'invalid_value' });
		if (categoryId) {
			const category = POSTING_CATEGORY_BY_ID.get(categoryId);
			const wanted = type?.startsWith('purchase') ? 'outgo' : 'income';
			if (!category || category.type !== wanted)
				issues.push({ source: `voucherItems[${i}].categoryId`, i18nKey: 'invalid_value' });
			else if (category.contactRequired && useCollective)
				issues.push({ source: 'contactId', i18nKey: 'missing_entity' });
		}
		if (amount !== undefined && tax !== undefined && rate !== undefined) {
			// The item tax must fit its amount (gross: amount·r/(100+r), net: amount·r/100), cent tolerance.
			const expected = taxType === 'net' ? (amount * rate) / 100 : (amount * rate) / (100 + rate);
			if (Math.abs(toCents(expected) - toCents(tax)) > 1)
				issues.push({ source: `voucherItems[${i}].taxAmount`, i18nKey: 'invalid_taxamount' });
			sumGross += taxType === 'net' ? toCents(amount) + toCents(tax) : toCents(amount);
			sumTax += toCents(tax);
		}
		items.push(compact({ amount, taxAmount: tax, taxRatePercent: rate, categoryId }));
	});
	// Totals must equal the items' sums exactly.
	if (
		itemsRaw &&
		itemsRaw.length > 0 &&
		totalGross !== undefined &&
		toCents(totalGross) !== sumGross
	) {
		issues.push({ source: 'totalGrossAmount', i18nKey: 'invalid_total_amount' });
	}
	if (itemsRaw && itemsRaw.length > 0 && totalTax !== undefined && toCents(totalTax) !== sumTax) {
		issues.push({ source: 'totalTaxAmount', i18nKey: 'invalid_total_amount' });
	}
	const files: string[] = [];
	(asArray(body.files) ?? []).forEach((f, i) => {
		if (typeof f !== 'string' || !tenant.files.has(f))
			issues.push({ source: `files[${i}]`, i18nKey: 'invalid_value' });
		else files.push(f);
	});
	if (issues.length > 0 || !type || !taxType) return { issues };
	return {
		issues,
		n: {
			fields: {
				type,
				status,
				voucherNumber,
				voucherDate,
				shippingDate,
				dueDate,
				totalGrossAmount: totalGross ?? null,
				totalTaxAmount: totalTax ?? null,
				taxType,
				useCollectiveContact: useCollective,
				contactId,
				contactName: asString(body.contactName) ?? null,
				remark: asString(body.remark) ?? null,
				voucherItems: items,
				files,
			},
		},
	};
}

export function insertVoucher(
	tenant: LexofficeTenant,
	fields: Normalized['fields'],
	now: number,
	version = 1,
): BookkeepingVoucherRecord {
	const record: BookkeepingVoucherRecord = {
		id: randomUUID(),
		version,
		createdDate: now,
		updatedDate: now,
		payments: [],
		archived: false,
		...fields,
	};
	tenant.vouchers.set(record.id, record);
	return record;
}

export function voucherJson(tenant: LexofficeTenant, v: BookkeepingVoucherRecord): JsonObject {
	const date = (ms: number | null): string | undefined =>
		ms === null ? undefined : formatDateTime(ms);
	return compact({
		id: v.id,
		organizationId: tenant.organizationId,
		type: v.type,
		voucherStatus: v.status,
		voucherNumber: v.voucherNumber ?? undefined,
		voucherDate: date(v.voucherDate),
		shippingDate: date(v.shippingDate),
		dueDate: date(v.dueDate),
		totalGrossAmount: v.totalGrossAmount ?? undefined,
		totalTaxAmount: v.totalTaxAmount ?? undefined,
		taxType: v.taxType,
		useCollectiveContact: v.useCollectiveContact,
		contactId: v.useCollectiveContact ? undefined : (v.contactId ?? undefined),
		contactName: v.contactName ?? undefined,
		remark: v.remark ?? undefined,
		voucherItems: v.voucherItems,
		files: v.files,
		createdDate: formatDateTime(v.createdDate),
		updatedDate: formatDateTime(v.updatedDate),
		version: v.version,
	} as Record<string, Json | undefined>);
}

function create(req: SandboxRequest, tenant: LexofficeTenant): SandboxResponse {
	const body = readJsonObject(req, 'legacy');
	const requested = body.voucherStatus;
	// Only null/open/unchecked may be sent; omitted means open.
	if (
		requested !== undefined &&
		requested !== null &&
		requested !== 'open' &&
		requested !== 'unchecked'
	) {
		return legacy(406, [{ source: 'voucherStatus', i18nKey: 'invalid_value' }]);
	}
	// Docs contradict themselves on the POST version (0 vs 1): both are accepted.
	if (
		body.version !== undefined &&
		body.version !== null &&
		body.version !== 0 &&
		body.version !== 1
	) {
		return legacy(406, [{ source: 'version', i18nKey: 'invalid_value' }]);
	}
	const { issues, n } = normalize(tenant, body, (requested as string | null | undefined) ?? 'open');
	if (!n) return legacy(406, issues);
	const record = insertVoucher(tenant, n.fields, Date.now());
	emit(tenant, 'voucher.created', record.id);
	return actionResult(tenant.env.ctx.baseUrl, 'vouchers', record, 201);
}

function update(req: SandboxRequest, tenant: LexofficeTenant): SandboxResponse {
	const record = tenant.vouchers.get(req.params.id);
	if (!record) return notFound(req);
	const body = readJsonObject(req, 'legacy');
	if (body.version === undefined || body.version === null)
		return legacy(406, [{ source: 'version', i18nKey: 'missing_entity' }]);
	// Stale version → 409.
	if (body.version !== record.version)
		return legacy(409, [{ source: 'version', i18nKey: 'invalid_value', type: 'conflict' }]);
	const requested = body.voucherStatus;
	let status = record.status;
	if (requested !== undefined && requested !== null) {
		// The only writable transition is unchecked → open; echoing the status is refused.
		if (record.status === 'unchecked' && requested === 'open') status = 'open';
		else return legacy(406, [{ source: 'voucherStatus', i18nKey: 'invalid_value' }]);
	} else if (record.status === 'unchecked') {
		// Since 2026-07-14 unchecked vouchers may only be updated to become open.
		return legacy(406, [{ source: 'voucherStatus', i18nKey: 'invalid_value' }]);
	}
	if (record.status === 'blank')
		return legacy(406, [{ source: 'voucherStatus', i18nKey: 'invalid_value' }]);
	const { issues, n } = normalize(tenant, body, status);
	if (!n) return legacy(406, issues);
	// Full replacement: files left out are deleted for good.
	for (const fileId of record.files) {
		if (!n.fields.files.includes(fileId)) {
			const file = tenant.files.get(fileId);
			if (file) tenant.fileByChecksum.delete(file.checksum);
			tenant.files.delete(fileId);
		}
	}
	const before = record.status;
	Object.assign(record, n.fields);
	record.version += 1;
	record.updatedDate = Date.now();
	emit(tenant, 'voucher.changed', record.id);
	if (before !== record.status) emit(tenant, 'voucher.status.changed', record.id);
	return actionResult(tenant.env.ctx.baseUrl, 'vouchers', record, 200);
}

/** Deprecated `?voucherNumber=` filter, paged without `sort`. */
function byNumber(req: SandboxRequest, tenant: LexofficeTenant): SandboxResponse {
	const raw = req.query.get('voucherNumber');
	if (raw === null) return legacy(400, [{ source: 'voucherNumber', i18nKey: 'missing_entity' }]);
	const paging = parsePaging(req, { max: 250, format: 'legacy' });
	const wanted = decodeEntities(raw);
	const rows = [...tenant.vouchers.values()]
		.filter((v) => v.voucherNumber === wanted)
		.sort((a, b) => a.createdDate - b.createdDate);
	return {
		status: 200,
		body: pageEnvelope(rows, paging, undefined, (v) => voucherJson(tenant, v)),
	};
}

function attach(req: SandboxRequest, tenant: LexofficeTenant): SandboxResponse {
	const record = tenant.vouchers.get(req.params.id);
	if (!record) return notFound(req);
	// Multipart with a `file` part only; no `type` field on this endpoint.
	const file = acceptUpload(req, tenant, record.id, false);
	if (!record.files.includes(file.id)) record.files.push(file.id);
	record.version += 1;
	record.updatedDate = Date.now();
	emit(tenant, 'voucher.changed', record.id);
	return { status: 202, body: { id: file.id } };
}

export function registerVouchers(router: Router<LexofficeTenant>): void {
	router.get('/v1/vouchers', byNumber);
	router.post('/v1/vouchers', create);
	router.get('/v1/vouchers/:id', (req, tenant) => {
		const v = tenant.vouchers.get(req.params.id);
		return v ? { status: 200, body: voucherJson(tenant, v) } : notFound(req);
	});
	router.put('/v1/vouchers/:id', update);
	// No delete for bookkeeping vouchers.
	router.delete('/v1/vouchers/:id', (req) => notFound(req));
	router.post('/v1/vouchers/:id/files', attach);
}
