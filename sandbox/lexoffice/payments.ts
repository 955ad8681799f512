import type { Router, SandboxRequest, SandboxResponse } from '../core/http';
import { formatDateTime } from './dates';
import { notFound, regular } from './errors';
import type { JsonObject } from './json';
import { KINDS, refreshOpenAmount } from './salesModel';
import {
	emit,
	type BookkeepingVoucherRecord,
	type LexofficeTenant,
	type PaymentItem,
	type SalesVoucherRecord,
} from './tenant';

const cents = (n: number): number => Math.round(n * 100) / 100;

/**
 * Books a payment item on a sales voucher, moves it to paid/paidoff when nothing is open any more and
 * emits `payment.changed` (+ `*.status.changed`) as the real system does.
 */
export function addSalesPayment(
	tenant: LexofficeTenant,
	record: SalesVoucherRecord,
	item: PaymentItem,
): void {
	record.payments.push(item);
	refreshOpenAmount(record);
	const before = record.status;
	if (record.openAmount === 0 && (record.status === 'open' || record.status === 'overdue')) {
		record.status = record.kind === 'credit-note' ? 'paidoff' : 'paid';
		refreshOpenAmount(record);
	}
	record.updatedDate = Date.now();
	record.version += 1;
	emit(tenant, 'payment.changed', record.id);
	if (record.status !== before) emit(tenant, `${record.kind}.status.changed`, record.id);
}

export function addVoucherPayment(
	tenant: LexofficeTenant,
	record: BookkeepingVoucherRecord,
	item: PaymentItem,
): void {
	record.payments.push(item);
	const before = record.status;
	if (voucherOpenAmount(record) === 0 && record.status === 'open') {
		record.status = record.type.endsWith('creditnote') ? 'paidoff' : 'paid';
	}
	record.updatedDate = Date.now();
	record.version += 1;
	emit(tenant, 'payment.changed', record.id);
	if (record.status !== before) emit(tenant, 'voucher.status.changed', record.id);
}

export function voucherOpenAmount(record: BookkeepingVoucherRecord): number | null {
	if (record.status === 'unchecked' || record.status === 'blank') return null;
	if (record.status === 'voided') return 0;
	const paid = record.payments.reduce((s, p) => s + p.amount, 0);
	return Math.max(0, cents((record.totalGrossAmount ?? 0) - paid));
}

function paymentStatus(voucherType: string, status: string, open: number): string {
	if (status === 'voided' || open === 0) return 'balanced';
	// Revenue for sales documents and for purchase credit notes (money comes back), expense otherwise.
	return voucherType === 'purchaseinvoice' ? 'openExpense' : 'openRevenue';
}

function body(
	voucherType: string,
	status: string,
	open: number,
	payments: PaymentItem[],
): JsonObject {
	const last = payments.length > 0 ? payments[payments.length - 1].postingDate : undefined;
	const out: JsonObject = {
		openAmount: open,
		currency: 'EUR',
		paymentStatus: paymentStatus(voucherType, status, open),
		voucherType,
		voucherStatus: status,
		paymentItems: payments.map((p) => ({
			paymentItemType: p.paymentItemType,
			postingDate: formatDateTime(p.postingDate),
			amount: p.amount,
			currency: 'EUR',
		})),
	};
	if ((status === 'paid' || status === 'paidoff') && last !== undefined)
		out.paidDate = formatDateTime(last);
	return out;
}

function noInfo(req: SandboxRequest, what: string): SandboxResponse {
	return regular(req, 406, `No payment information for this ${what}`);
}

/** GET /v1/payments/{voucherId}. */
function getPayments(req: SandboxRequest, tenant: LexofficeTenant): SandboxResponse {
	const id = req.params.voucherId;
	const sales = tenant.sales.get(id);
	if (sales) {
		if (!KINDS[sales.kind].payable) return noInfo(req, 'voucher type');
		if (sales.status === 'draft' || sales.pursuedInvoiceId) return noInfo(req, 'voucher');
		return {
			status: 200,
			body: body(KINDS[sales.kind].listType, sales.status, sales.openAmount ?? 0, sales.payments),
		};
	}
	const voucher = tenant.vouchers.get(id);
	if (voucher) {
		const open = voucherOpenAmount(voucher);
		if (open === null) return noInfo(req, 'voucher');
		return { status: 200, body: body(voucher.type, voucher.status, open, voucher.payments) };
	}
	return notFound(req);
}

export function registerPayments(router: Router<LexofficeTenant>): void {
	router.get('/v1/payments/:voucherId', getPayments);
}
