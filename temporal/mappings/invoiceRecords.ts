import { invoiceContentHash } from './invoiceTerms';
import { contentHash } from '../activities/engine/contentHash';
import type { SourceRecord } from '../activities/engine/pipeline';

/**
 * Invoices as bulk import records, both directions (the amounts are mapped in lexofficeInvoiceToBexio.ts
 * and bexioInvoiceToVoucher.ts). Pure: which invoices are imported, skipped or refused, and their keys.
 */

const MAPPING_VERSION = 1;
/** bexio's draft status. */
export const BEXIO_DRAFT = 7;
export const BEXIO_CANCELLED = 19;
/** bexio invoice statuses that are in the books: pending, paid, partially paid, unpaid. */
const ISSUED = new Set([8, 9, 16, 31]);

/** The key of a bexio invoice written for a lexoffice voucher: its `api_reference`. */
export const refKey = (lexofficeId: string): string => `ref:lexoffice:${lexofficeId}`;
/** The key of a lexoffice bookkeeping voucher: the bexio document number as its `voucherNumber`. */
export const voucherNumberKey = (nr: string): string => `nr:${nr}`;

/** The bexio invoice fields read here; the client validates the rest. */
export interface BexioInvoice {
	id: number;
	document_nr?: string | null;
	kb_item_status_id?: number;
	contact_id?: number | null;
	api_reference?: string | null;
	is_valid_from?: string | null;
	is_valid_to?: string | null;
	title?: string | null;
	total?: string | null;
	mwst_type?: number;
	mwst_is_net?: boolean;
	positions?: Array<{
		type: string;
		tax_id?: number | null;
		tax_value?: string | null;
		position_total?: string | null;
		is_optional?: boolean;
		is_percentual?: boolean;
		value?: string | null;
		discount_total?: string | null;
	}>;
	[field: string]: unknown;
}

/** A lexoffice voucher list row as a record: the row tells everything the link needs; the pipeline reads the voucher before a create. */
export function voucherRecord(row: {
	id: string;
	voucherType: string;
	voucherStatus: string;
	voucherNumber?: string | null;
	totalAmount?: number | null;
	openAmount?: number | null;
}): SourceRecord {
	return {
		id: row.id,
		keys: [refKey(row.id)],
		targetKeys: [refKey(row.id)],
		payload: { voucherType: row.voucherType, voucherNumber: row.voucherNumber ?? null },
		// The content hash invoiceSync uses too, so both share their links.
		hash: invoiceContentHash(row),
	};
}

/** A bexio invoice as a record: only issued ones that did not come from lexoffice, with number and date. */
export function bexioInvoiceRecord(i: BexioInvoice): SourceRecord {
	const id = String(i.id);
	const nr = (i.document_nr ?? '').trim();
	const payload = {
		voucherNumber: nr,
		voucherDate: i.is_valid_from ?? null,
		contactId: i.contact_id ?? null,
		total: i.total ?? null,
	};
	const hash = contentHash(payload, `invoices:${MAPPING_VERSION}`);
	const record: SourceRecord = {
		id,
		keys: nr ? [voucherNumberKey(nr)] : [],
		targetKeys: nr ? [voucherNumberKey(nr)] : [],
		payload,
		hash,
	};
	const status = i.kb_item_status_id ?? 0;
	if (status === BEXIO_DRAFT) record.skip = 'draft in bexio: not booked yet';
	else if (status === BEXIO_CANCELLED) {
		record.skip =
			'cancelled in bexio: not booked (a voucher imported before the cancellation stays; lexoffice cannot void bookkeeping vouchers through its API)';
	} else if (!ISSUED.has(status)) record.skip = `bexio invoice status ${status} is not imported`;
	else if (i.api_reference?.startsWith('lexoffice:')) {
		record.skip = `came from lexoffice (${i.api_reference}): booking it there again would count its revenue twice`;
	} else if (!nr)
		record.invalid =
			'bexio invoice has no document number (document_nr); lexoffice needs a voucher number';
	else if (!i.is_valid_from) record.invalid = `bexio invoice ${nr} has no date (is_valid_from)`;
	return record;
}
