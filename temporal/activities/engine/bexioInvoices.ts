import { criterion } from '../../../clients/bexio';
import {
	bexioDocumentAmounts,
	checkBexioAmounts,
	type BexioInvoicePlan,
	type LexofficeSalesVoucher,
} from '../../mappings/lexofficeInvoiceToBexio';
import { BEXIO_DRAFT } from '../../mappings/invoiceRecords';
import { describeDifferences, describeDocumentRate } from '../../mappings/money';
import type { MoneyAdjustment } from '../../shared';
import type { BexioClient, LexofficeClient } from './clients';
import { RecordRefusedError, UNINTERRUPTED } from './intents';

/**
 * lexoffice sales vouchers written as bexio invoices, shared by the scheduled invoice sync (invoices.ts)
 * and the invoice history import (invoiceHistory.ts), so both write and check an invoice the same way.
 */

export interface VoucherRow {
	id: string;
	voucherType: string;
	voucherStatus: string;
	voucherNumber?: string;
	voucherDate?: string;
	contactId?: string | null;
	/** What the voucher list says is paid: the payments are read only when these change. */
	totalAmount?: number | null;
	openAmount?: number | null;
}

/** Finalised states only: drafts are not in the books yet. */
export const FINAL_STATUSES = 'open,paid,paidoff,voided';
export const GET_OPERATION = {
	invoice: 'invoice.get',
	creditnote: 'creditNote.get',
	downpaymentinvoice: 'downPaymentInvoice.get',
} as const;

/** The sales voucher of a voucher list row, read by its type; undefined for a type that is not imported. */
export async function readSalesVoucher(
	lexoffice: LexofficeClient,
	voucherType: string,
	id: string,
	signal: AbortSignal,
): Promise<LexofficeSalesVoucher | undefined> {
	const operation = GET_OPERATION[voucherType as keyof typeof GET_OPERATION];
	if (!operation) return undefined;
	return lexoffice.call(operation, { path: { id }, signal });
}

/** The bexio invoice an earlier attempt wrote for a lexoffice voucher (`api_reference`), if any. */
export async function findBexioInvoice(
	bexio: BexioClient,
	lexofficeId: string,
	signal: AbortSignal,
): Promise<BexioStoredInvoice | undefined> {
	return findBexioInvoiceByReference(bexio, `lexoffice:${lexofficeId}`, signal);
}

/** The first bexio invoice carrying `apiReference` (what a job writes to find its invoice again), if any. */
export async function findBexioInvoiceByReference(
	bexio: BexioClient,
	apiReference: string,
	signal: AbortSignal,
): Promise<BexioStoredInvoice | undefined> {
	const found = await bexio.call('invoice.search', {
		body: [criterion('api_reference', '=', apiReference)],
		signal,
	});
	return found[0];
}

/**
 * Creates the planned bexio invoice, checks the amounts bexio computed against the source's and issues
 * it (settleBexioInvoice).
 */
export async function createCheckedBexioInvoice(
	bexio: BexioClient,
	plan: BexioInvoicePlan,
	refs: { contactId: number; userId: number; manualNumbering?: boolean },
	sourceId: string,
): Promise<{ targetId: string; adjustment?: MoneyAdjustment }> {
	const body = {
		contact_id: refs.contactId,
		user_id: refs.userId,
		...plan.body,
		...documentNumberField(plan, refs.manualNumbering),
	};
	const created = await bexio.call('invoice.create', { body, signal: UNINTERRUPTED });
	return settleBexioInvoice(bexio, plan, created, sourceId);
}

/**
 * The lexoffice voucher number as bexio's `document_nr`, only where the account numbers invoices by hand:
 * with automatic numbering bexio refuses the field, and the title and `api_reference` carry the number.
 */
function documentNumberField(
	plan: BexioInvoicePlan,
	manualNumbering: boolean | undefined,
): { document_nr?: string } {
	if (!manualNumbering) return {};
	if (!plan.documentNumber)
		throw new RecordRefusedError(
			`${plan.body.title}: the bexio account numbers invoices by hand and the lexoffice voucher has no number; turn automatic numbering on in bexio (Settings → Documents → Invoices) or finalise the voucher in lexoffice`,
		);
	return { document_nr: plan.documentNumber };
}

/**
 * A bexio invoice written for `plan`: a draft is checked and issued, an issued one only reported. A
 * mismatch the job's policy does not allow deletes the draft again (nothing wrong reaches the books) and
 * refuses the record with the difference named; a difference the policy allows comes back for the report.
 */
export async function settleBexioInvoice(
	bexio: BexioClient,
	plan: BexioInvoicePlan,
	invoice: BexioStoredInvoice,
	sourceId: string,
): Promise<{ targetId: string; adjustment?: MoneyAdjustment }> {
	const targetId = String(invoice.id);
	const check = checkBexioAmounts(
		plan,
		bexioDocumentAmounts(invoice, plan.source.currency),
		invoice.currency_id,
	);
	if (invoice.kb_item_status_id === BEXIO_DRAFT) {
		if (check.mismatch) {
			await bexio.call('invoice.delete', { path: { invoice_id: targetId }, signal: UNINTERRUPTED });
			throw new RecordRefusedError(
				`${plan.body.title}: ${check.mismatch}; the draft was deleted again, nothing was booked`,
			);
		}
		// lexoffice documents here are finalised: the bexio invoice is issued, not left as a draft.
		await bexio.call('invoice.issue', { path: { invoice_id: targetId }, signal: UNINTERRUPTED });
	}
	const changed = check.adjusted.length > 0 && plan.rateChange;
	if (check.mismatch || (!changed && !plan.exchangeRate)) return { targetId };
	const { currency } = plan.source;
	const reasons = [
		changed ? `${changed.description}: ${describeDifferences(check.adjusted, currency)}` : '',
		plan.exchangeRate ? describeDocumentRate(plan.exchangeRate) : '',
	];
	return {
		targetId,
		adjustment: {
			sourceId,
			targetId,
			currency,
			...(changed ? { policy: changed.policy } : {}),
			differences: changed ? check.adjusted : [],
			reason: reasons.filter(Boolean).join('; '),
			...(plan.exchangeRate ? { conversion: plan.exchangeRate } : {}),
		},
	};
}

/** The fields of a stored bexio invoice the amount check reads. */
export interface BexioStoredInvoice {
	id: number;
	kb_item_status_id?: number;
	currency_id?: number | null;
	total?: string | number | null;
	total_taxes?: string | number | null;
	total_rounding_difference?: number | string | null;
}
