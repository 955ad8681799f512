import type { Router, SandboxRequest, SandboxResponse } from '../core/http';
import { formatDateTime, nextDayStart, parseDayStart } from './dates';
import { fail, regular } from './errors';
import type { Json, JsonObject } from './json';
import { pageEnvelope, parsePaging, SEARCH_WINDOW } from './paging';
import { voucherOpenAmount } from './payments';
import { decodeEntities, queryBool } from './request';
import { KINDS } from './salesModel';
import type { LexofficeTenant } from './tenant';

const TYPES = [
	'salesinvoice',
	'salescreditnote',
	'purchaseinvoice',
	'purchasecreditnote',
	'invoice',
	'downpaymentinvoice',
	'creditnote',
	'orderconfirmation',
	'quotation',
	'deliverynote',
];
const STATUSES = [
	'draft',
	'open',
	'paid',
	'paidoff',
	'voided',
	'transferred',
	'sepadebit',
	'overdue',
	'accepted',
	'rejected',
	'unchecked',
];

/** One voucherlist row plus the instants the filters work on. */
interface Row {
	id: string;
	voucherType: string;
	status: string;
	voucherNumber: string | null;
	voucherDate: number | null;
	createdDate: number;
	updatedDate: number;
	dueDate: number | null;
	contactId: string | null;
	contactName: string;
	totalAmount: number;
	openAmount: number | null;
	archived: boolean;
}

/** Open/sepadebit rows with a past due date are reported as overdue. */
function displayStatus(row: Row, now: number): string {
	return (row.status === 'open' || row.status === 'sepadebit') &&
		row.dueDate !== null &&
		row.dueDate < now
		? 'overdue'
		: row.status;
}

function rowsOf(tenant: LexofficeTenant): Row[] {
	const rows: Row[] = [];
	for (const s of tenant.sales.values()) {
		// Dunnings hang off the invoice and are not listed.
		if (s.kind === 'dunning') continue;
		rows.push({
			id: s.id,
			voucherType: KINDS[s.kind].listType,
			status: s.status,
			voucherNumber: s.voucherNumber,
			voucherDate: s.voucherDate,
			createdDate: s.createdDate,
			updatedDate: s.updatedDate,
			dueDate: s.dueDate,
			contactId: s.contactId,
			contactName: s.contactName,
			totalAmount: s.totalGross,
			openAmount: s.openAmount,
			archived: s.archived,
		});
	}
	for (const v of tenant.vouchers.values()) {
		// `blank` vouchers (OCR pending) are not listed yet.
		if (v.status === 'blank') continue;
		const contact = v.contactId ? tenant.contacts.get(v.contactId) : undefined;
		const company = contact?.body.company as JsonObject | undefined;
		rows.push({
			id: v.id,
			voucherType: v.type,
			status: v.status,
			voucherNumber: v.voucherNumber,
			voucherDate: v.voucherDate,
			createdDate: v.createdDate,
			updatedDate: v.updatedDate,
			dueDate: v.dueDate,
			// Collective contact rows have contactId null (https://developers.lexware.io/docs/#voucherlist-endpoint-purpose).
			contactId: v.useCollectiveContact ? null : v.contactId,
			contactName:
				v.contactName ??
				(v.useCollectiveContact
					? v.type.startsWith('sales')
						? 'Sammelkunde'
						: 'Sammellieferant'
					: ((company?.name as string | undefined) ?? '')),
			totalAmount: v.totalGrossAmount ?? 0,
			openAmount: voucherOpenAmount(v),
			archived: v.archived,
		});
	}
	return rows;
}

function csv(req: SandboxRequest, name: string, allowed: string[]): Set<string> {
	const values = (req.query.get(name) ?? '')
		.split(',')
		.map((v) => v.trim())
		.filter(Boolean);
	if (values.includes('any')) return new Set(allowed);
	for (const v of values)
		if (!allowed.includes(v)) fail(regular(req, 400, `parameter '${name}' is invalid`));
	return new Set(values);
}

function dayRange(req: SandboxRequest, from: string, to: string): [number, number] {
	const parse = (name: string, end: boolean): number => {
		const raw = req.query.get(name);
		if (raw === null) return end ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
		const start = parseDayStart(raw);
		if (start === undefined) fail(regular(req, 400, `parameter '${name}' is invalid`));
		// Whole days in CET/CEST; the *To bounds are inclusive (https://developers.lexware.io/docs/#voucherlist-endpoint-purpose).
		return end ? nextDayStart(start) : start;
	};
	return [parse(from, false), parse(to, true)];
}

function rowJson(row: Row, now: number): JsonObject {
	const date = (ms: number | null): Json => (ms === null ? null : formatDateTime(ms));
	return {
		id: row.id,
		voucherType: row.voucherType,
		voucherStatus: displayStatus(row, now),
		voucherNumber: row.voucherNumber,
		voucherDate: date(row.voucherDate),
		createdDate: formatDateTime(row.createdDate),
		updatedDate: formatDateTime(row.updatedDate),
		dueDate: date(row.dueDate),
		contactId: row.contactId,
		contactName: row.contactName,
		totalAmount: row.totalAmount,
		openAmount: row.openAmount,
		currency: 'EUR',
		archived: row.archived,
	};
}

/** GET /v1/voucherlist (https://developers.lexware.io/docs/#voucherlist-endpoint-purpose). */
function voucherlist(req: SandboxRequest, tenant: LexofficeTenant): SandboxResponse {
	if (!req.query.get('voucherType') || !req.query.get('voucherStatus')) {
		return regular(req, 400, 'Missing required request parameters: voucherType, voucherStatus');
	}
	const types = csv(req, 'voucherType', TYPES);
	const statusValues = (req.query.get('voucherStatus') ?? '').split(',').map((s) => s.trim());
	// `overdue` cannot be combined with other statuses (https://developers.lexware.io/docs/#voucherlist-endpoint-purpose).
	if (statusValues.includes('overdue') && statusValues.filter(Boolean).length > 1) {
		return regular(
			req,
			400,
			"parameter 'voucherStatus' overdue cannot be combined with other values",
		);
	}
	const statuses = csv(req, 'voucherStatus', STATUSES);
	const anyStatus = statusValues.includes('any');
	const paging = parsePaging(req, { max: 250, format: 'regular' });
	// Only voucherDate is accepted as sort key (observed live 2026-08).
	const sortParam = req.query.get('sort');
	let direction: 'ASC' | 'DESC' = 'DESC';
	if (sortParam !== null) {
		const [prop, dir] = sortParam.split(',').map((s) => s.trim());
		if (prop.toLowerCase() !== 'voucherdate' || (dir !== undefined && !/^(asc|desc)$/i.test(dir))) {
			return regular(req, 400, "parameter 'sort' is invalid");
		}
		direction = dir?.toUpperCase() === 'ASC' ? 'ASC' : 'DESC';
	}
	if (paging.page * paging.size + paging.size > SEARCH_WINDOW) {
		// Result window of 10,000 rows: narrow the date range instead (https://developers.lexware.io/docs/#paging-of-resources).
		return regular(req, 400, 'Maximum search window size exceeded');
	}
	const archived = queryBool(req, 'archived');
	const contactId = req.query.get('contactId');
	const number = req.query.get('voucherNumber');
	const wantedNumber = number === null ? null : decodeEntities(number);
	const [vFrom, vTo] = dayRange(req, 'voucherDateFrom', 'voucherDateTo');
	const [cFrom, cTo] = dayRange(req, 'createdDateFrom', 'createdDateTo');
	const [uFrom, uTo] = dayRange(req, 'updatedDateFrom', 'updatedDateTo');
	const now = Date.now();
	const rows = rowsOf(tenant).filter((r) => {
		if (!types.has(r.voucherType)) return false;
		if (!anyStatus) {
			const shown = displayStatus(r, now);
			// Overdue rows also match `open`/`sepadebit` filters (https://developers.lexware.io/docs/#voucherlist-endpoint-purpose).
			if (!statuses.has(shown) && !statuses.has(r.status)) return false;
		}
		if (archived !== undefined && r.archived !== archived) return false;
		if (contactId !== null && r.contactId !== contactId) return false;
		if (wantedNumber !== null && r.voucherNumber !== wantedNumber) return false;
		const vd = r.voucherDate ?? Number.NaN;
		if (
			(vFrom !== Number.NEGATIVE_INFINITY || vTo !== Number.POSITIVE_INFINITY) &&
			!(vd >= vFrom && vd < vTo)
		)
			return false;
		if (!(r.createdDate >= cFrom && r.createdDate < cTo)) return false;
		if (!(r.updatedDate >= uFrom && r.updatedDate < uTo)) return false;
		return true;
	});
	const sign = direction === 'ASC' ? 1 : -1;
	rows.sort(
		(a, b) =>
			sign * ((a.voucherDate ?? 0) - (b.voucherDate ?? 0)) ||
			sign * (a.createdDate - b.createdDate) ||
			(a.id < b.id ? -1 : 1),
	);
	return {
		status: 200,
		// The sort property is echoed lower-case (https://developers.lexware.io/docs/#paging-of-resources); totalElements is capped at 10,000.
		body: pageEnvelope(
			rows,
			paging,
			[{ property: 'voucherdate', direction }],
			(r) => rowJson(r, now),
			{ totalCap: SEARCH_WINDOW },
		),
	};
}

export function registerVoucherlist(router: Router<LexofficeTenant>): void {
	router.get('/v1/voucherlist', voucherlist);
}
