import { randomUUID } from 'node:crypto';

import { formatDateTime } from './dates';
import { compact, type Json, type JsonObject } from './json';
import type { LexofficeTenant, SalesKind, SalesVoucherRecord } from './tenant';

export interface KindConfig {
	kind: SalesKind;
	/** Path segment under /v1. */
	path: string;
	/** Name in voucherlist and relatedVouchers (https://developers.lexware.io/docs/#voucherlist-endpoint-purpose). */
	listType: string;
	/** Number prefix; down payment invoices share the invoice range. */
	prefix: string | null;
	/** Default title and file name stem. */
	title: string;
	fileStem: string;
	/** Statuses with an open amount (payments endpoint, voucherlist openAmount). */
	payable: boolean;
	/** `application/xml` downloads are possible for XRechnung documents of these types. */
	xml: boolean;
}

export const KINDS: Record<SalesKind, KindConfig> = {
	invoice: {
		kind: 'invoice',
		path: 'invoices',
		listType: 'invoice',
		prefix: 'RE',
		title: 'Rechnung',
		fileStem: 'Rechnung',
		payable: true,
		xml: true,
	},
	'credit-note': {
		kind: 'credit-note',
		path: 'credit-notes',
		listType: 'creditnote',
		prefix: 'GS',
		title: 'Rechnungskorrektur',
		fileStem: 'Rechnungskorrektur',
		payable: true,
		xml: true,
	},
	quotation: {
		kind: 'quotation',
		path: 'quotations',
		listType: 'quotation',
		prefix: 'AG',
		title: 'Angebot',
		fileStem: 'Angebot',
		payable: false,
		xml: false,
	},
	'order-confirmation': {
		kind: 'order-confirmation',
		path: 'order-confirmations',
		listType: 'orderconfirmation',
		prefix: 'AB',
		title: 'Auftragsbestätigung',
		fileStem: 'Auftragsbestaetigung',
		payable: false,
		xml: false,
	},
	'delivery-note': {
		kind: 'delivery-note',
		path: 'delivery-notes',
		listType: 'deliverynote',
		prefix: 'LS',
		title: 'Lieferschein',
		fileStem: 'Lieferschein',
		payable: false,
		xml: false,
	},
	// Dunnings have no number and are not listed in voucherlist.
	dunning: {
		kind: 'dunning',
		path: 'dunnings',
		listType: 'dunning',
		prefix: null,
		title: 'Mahnung',
		fileStem: 'Mahnung',
		payable: false,
		xml: false,
	},
	'down-payment-invoice': {
		kind: 'down-payment-invoice',
		path: 'down-payment-invoices',
		listType: 'downpaymentinvoice',
		prefix: 'RE',
		title: '1. Abschlagsrechnung',
		fileStem: 'Abschlagsrechnung',
		payable: true,
		xml: true,
	},
};

export const KIND_BY_PATH = new Map(Object.values(KINDS).map((k) => [k.path, k]));

/** Consecutive per-prefix numbers, assigned at creation, drafts included. */
export function nextVoucherNumber(tenant: LexofficeTenant, prefix: string): string {
	const n = (tenant.counters.voucherNumbers[prefix] ?? 0) + 1;
	tenant.counters.voucherNumbers[prefix] = n;
	return `${prefix}${String(n).padStart(4, '0')}`;
}

export interface NewSales {
	kind: SalesKind;
	status: string;
	voucherDate: number;
	now: number;
	dueDate: number | null;
	contactId: string | null;
	contactName: string;
	totalGross: number;
	doc: JsonObject;
	xRechnung?: boolean;
}

/** Store-level insert shared by the API and the seeder (no validation, no event). */
export function insertSales(tenant: LexofficeTenant, n: NewSales): SalesVoucherRecord {
	const cfg = KINDS[n.kind];
	const record: SalesVoucherRecord = {
		id: randomUUID(),
		kind: n.kind,
		status: n.status,
		voucherNumber: cfg.prefix ? nextVoucherNumber(tenant, cfg.prefix) : null,
		voucherDate: n.voucherDate,
		createdDate: n.now,
		updatedDate: n.now,
		version: 1,
		dueDate: n.dueDate,
		contactId: n.contactId,
		contactName: n.contactName,
		totalGross: n.totalGross,
		openAmount: null,
		archived: false,
		doc: n.doc,
		related: [],
		payments: [],
		documentFileId: null,
		xRechnung: n.xRechnung ?? false,
		pursuedInvoiceId: null,
	};
	refreshOpenAmount(record);
	tenant.sales.set(record.id, record);
	return record;
}

/** Open amount = gross total minus payments for payable, non-draft documents. */
export function refreshOpenAmount(record: SalesVoucherRecord): void {
	const cfg = KINDS[record.kind];
	if (!cfg.payable || record.status === 'draft' || record.pursuedInvoiceId) {
		record.openAmount = null;
		return;
	}
	if (record.status === 'voided') {
		record.openAmount = 0;
		return;
	}
	const paid = record.payments.reduce((s, p) => s + p.amount, 0);
	record.openAmount = Math.max(0, Math.round((record.totalGross - paid) * 100) / 100);
}

export function relatedEntry(record: SalesVoucherRecord): {
	id: string;
	voucherNumber: string | null;
	voucherType: string;
} {
	return {
		id: record.id,
		voucherNumber: record.voucherNumber,
		voucherType: KINDS[record.kind].listType,
	};
}

export function salesJson(tenant: LexofficeTenant, r: SalesVoucherRecord): JsonObject {
	const cfg = KINDS[r.kind];
	const finalized = r.status !== 'draft';
	const profile = cfg.xml && finalized && r.xRechnung ? 'XRechnung' : 'NONE';
	return compact({
		id: r.id,
		organizationId: tenant.organizationId,
		createdDate: formatDateTime(r.createdDate),
		updatedDate: formatDateTime(r.updatedDate),
		version: r.version,
		language: (r.doc.language as Json | undefined) ?? 'de',
		archived: r.archived,
		voucherStatus: r.status,
		voucherNumber: r.voucherNumber ?? undefined,
		voucherDate: formatDateTime(r.voucherDate),
		dueDate: r.dueDate !== null ? formatDateTime(r.dueDate) : undefined,
		electronicDocumentProfile: profile,
		...r.doc,
		relatedVouchers: r.related.map((x) => ({ ...x })),
		files: r.documentFileId ? { documentFileId: r.documentFileId } : undefined,
	} as Record<string, Json | undefined>);
}
