import {
	bexioPaymentEntries,
	lexofficePaymentEntries,
	paymentsToRecord,
	type PaymentEntry,
} from '../../mappings/invoiceTerms';
import type { LinkScope, LinkStore } from '../../store';
import type { BexioClient, LexofficeClient } from './clients';
import { RecordRefusedError, UNINTERRUPTED, markRetrySafe } from './intents';

/**
 * Payments of a lexoffice invoice recorded on its bexio invoice, exactly once; shared by the scheduled
 * invoice sync (invoices.ts) and the invoice history import (invoiceHistory.ts).
 *
 * lexoffice answers a voucher's payments (`GET /v1/payments/{id}`,
 * https://developers.lexware.io/docs/#payments-endpoint); bexio records one payment per call
 * (`POST /2.0/kb_invoice/{id}/payment`, https://docs.bexio.com/#tag/Invoices). Every call first reads what
 * bexio already has and writes only the difference (a multiset of day and amount), so a repeated run, or a
 * retry after a write whose answer was lost, finds the payment in bexio and writes nothing twice.
 */

export interface PaymentSync {
	lexoffice: LexofficeClient;
	bexio: BexioClient;
	signal: AbortSignal;
	/** When given, an intent is recorded under the invoice's link before the writes (the caller commits it). */
	intent?: { store: LinkStore; scope: LinkScope; jobId: string };
}

/** Records the lexoffice voucher's payments bexio lacks on the bexio invoice; answers how many it recorded. */
export async function recordMissingPayments(
	sync: PaymentSync,
	voucherId: string,
	bexioInvoiceId: string,
): Promise<number> {
	const { lexoffice, bexio, signal, intent } = sync;
	const source = lexofficePaymentEntries(
		await lexoffice.call('payment.get', { path: { voucherId }, signal }),
	);
	if (source.length === 0) return 0;
	const recorded = (await bexio.list(
		'invoicePayment.getAll',
		{ path: { invoice_id: bexioInvoiceId }, signal },
		{ returnAll: true },
	)) as Array<{ date?: string | null; value?: string | number | null }>;
	const plan = paymentsToRecord(source, bexioPaymentEntries(recorded));
	if ('conflict' in plan) throw new RecordRefusedError(`payments: ${plan.conflict}`);
	const missing = plan.record;
	if (!intent) {
		for (const payment of missing) await recordPayment(bexio, bexioInvoiceId, payment);
		return missing.length;
	}
	// An earlier attempt of this job (crashed or lost an answer before its commit) may have written some of
	// its intended payments already: they are not missing any more, but this job recorded them.
	const earlier = await intent.store.getIntent(intent.scope, voucherId);
	const intended = earlier?.jobId === intent.jobId ? earlier.keys : [];
	const keys = multisetUnion(intended, missing.map(paymentKey));
	if (missing.length > 0)
		await intent.store.recordIntent(intent.scope, voucherId, { jobId: intent.jobId, keys });
	for (const payment of missing) await recordPayment(bexio, bexioInvoiceId, payment);
	return keys.length;
}

const paymentKey = (p: PaymentEntry) => `payment:${p.date}:${p.amount.toFixed(2)}`;

/** Every key as often as the list that has it most often. */
function multisetUnion(a: string[], b: string[]): string[] {
	const rest = [...a];
	const extra: string[] = [];
	for (const key of b) {
		const i = rest.indexOf(key);
		if (i >= 0) rest.splice(i, 1);
		else extra.push(key);
	}
	return [...a, ...extra];
}

async function recordPayment(
	bexio: BexioClient,
	bexioInvoiceId: string,
	payment: PaymentEntry,
): Promise<void> {
	try {
		await bexio.call('invoicePayment.create', {
			path: { invoice_id: bexioInvoiceId },
			body: { value: payment.amount.toFixed(2), date: payment.date },
			signal: UNINTERRUPTED,
		});
	} catch (error) {
		// Safe to repeat: the next attempt reads bexio's payments before it writes.
		markRetrySafe(error);
		throw error;
	}
}
