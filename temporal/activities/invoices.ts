import { Context } from '@temporalio/activity';

import { criterion } from '../../clients/bexio';
import type { ConnectionRef, ImportFailure, ImportStats, PlannedWrite } from '../shared';
import type { LinkScope, LinkStore } from '../store';
import { bexioMasterData, type BexioMasterData } from './articles';
import type { ActivityClients } from './clients';
import { contactPipeline, MasterDataCache } from './contacts';
import { UNINTERRUPTED, processRecord, recordFailure, zeroStats } from './importer';

/**
 * Finalised lexoffice invoices and credit notes → bexio invoices (reference lexoffice §4.5, §4.6,
 * §4.13; bexio §4.3, §5.3). bexio's API cannot create credit vouchers, so a credit note becomes a bexio
 * invoice with negative quantities, titled as a credit note. A voucher voided in lexoffice after it was
 * synced cancels its bexio invoice; one voided before its first sync is skipped.
 *
 * Links (kind `invoices`, content hash = `final` | `voided`) make every run idempotent; the bexio
 * invoice carries `api_reference = lexoffice:<id>`, so a create that may have happened before a crash is
 * found again instead of written twice. The customer is the lexoffice contact, linked and created (with
 * its customer number) by the same rules as the contact import, on its first invoice.
 */

export interface InvoiceSyncPageInput {
	jobId: string;
	source: ConnectionRef;
	target: ConnectionRef;
	/** First updated day read (yyyy-MM-dd, lexoffice's Berlin calendar day). */
	from: string;
	page: number;
	pageSize: number;
	/** lexoffice voucher types: invoice, creditnote and, when chosen, downpaymentinvoice. */
	voucherTypes: string[];
	/** Tax rates lexoffice has and bexio lacks: lexoffice % → bexio % (e.g. {"19": 8.1}). */
	taxRateMap?: Record<string, number>;
	dryRun: boolean;
}

export interface InvoiceSyncPageResult {
	stats: ImportStats;
	failures: ImportFailure[];
	planned: PlannedWrite[];
	next?: number;
}

export interface VoucherRow {
	id: string;
	voucherType: string;
	voucherStatus: string;
	voucherNumber?: string;
	voucherDate?: string;
	contactId?: string | null;
}

export interface SalesVoucher {
	id: string;
	voucherNumber?: string;
	voucherDate?: string;
	title?: string;
	address?: { contactId?: string; name?: string };
	lineItems?: Array<{ type: string; name?: string; description?: string; quantity?: number; unitPrice?: { netAmount?: number; taxRatePercentage?: number } }>;
}

/** Finalised states only: drafts are not in the books yet. */
export const FINAL_STATUSES = 'open,paid,paidoff,voided';
export const GET_OPERATION = { invoice: 'invoice.get', creditnote: 'creditNote.get', downpaymentinvoice: 'downPaymentInvoice.get' } as const;

export async function syncInvoicePage(clients: ActivityClients, cache: MasterDataCache, store: LinkStore, input: InvoiceSyncPageInput): Promise<InvoiceSyncPageResult> {
	const signal = Context.current().cancellationSignal;
	const lexoffice = clients.lexoffice(input.source);
	const bexio = clients.bexio(input.target);
	const master = bexioMasterData(bexio, cache, input.target);
	const contacts = contactPipeline(clients, cache, input.source, input.target, false);
	const scope: LinkScope = {
		kind: 'invoices',
		source: { system: 'lexoffice', connection: input.source.id },
		target: { system: 'bexio', connection: input.target.id },
	};
	const contactScope: LinkScope = { ...scope, kind: 'contacts' };
	const me = () => cache.get(`me:bexio:${input.target.id}`, async () => ((await bexio.call('user.getMe')) as { id: number }).id);

	// Sorted by voucher date, the one sort key lexoffice accepts (reference 3.2): pages stay stable while rows change.
	const body = (await lexoffice.call('voucherlist.getAll', {
		query: { voucherType: input.voucherTypes.join(','), voucherStatus: FINAL_STATUSES, updatedDateFrom: input.from, page: input.page, size: Math.min(250, input.pageSize), sort: 'voucherDate,ASC' },
		signal,
	})) as unknown as { content: VoucherRow[]; last?: boolean };

	const result: InvoiceSyncPageResult = { stats: zeroStats(), failures: [], planned: [] };
	for (const row of body.content) {
		if (signal.aborted) await Context.current().cancelled;
		const outcome = await syncOne(row);
		result.stats.processed += 1;
		result.stats[outcome.outcome] += 1;
		if (outcome.outcome === 'failed') result.failures.push({ sourceId: row.id, reason: outcome.reason ?? 'failed' });
		if (outcome.plan) result.planned.push(outcome.plan);
		Context.current().heartbeat(row.id);
	}
	result.next = body.last === true || body.content.length === 0 ? undefined : input.page + 1;
	return result;

	async function syncOne(row: VoucherRow): Promise<{ outcome: 'created' | 'updated' | 'unchanged' | 'skipped' | 'failed'; reason?: string; plan?: PlannedWrite }> {
		if (!input.dryRun) {
			const earlier = await store.getOutcome(input.jobId, row.id);
			if (earlier) return { outcome: earlier.outcome, reason: earlier.reason };
		}
		const settle = async (outcome: 'skipped' | 'failed', reason: string) => {
			if (!input.dryRun) await store.recordOutcome(input.jobId, row.id, { outcome, reason });
			return { outcome, reason };
		};
		const wanted = row.voucherStatus === 'voided' ? 'voided' : 'final';
		try {
			const link = await store.getLink(scope, row.id);
			if (link) {
				if (link.contentHash === wanted || wanted === 'final') {
					if (!input.dryRun) await store.recordOutcome(input.jobId, row.id, { outcome: 'unchanged', targetId: link.targetId });
					return { outcome: 'unchanged' };
				}
				// Voided in lexoffice after it was synced: cancel the bexio invoice.
				if (input.dryRun) return { outcome: 'updated', plan: { sourceId: row.id, action: 'update', targetId: link.targetId } };
				await bexio.call('invoice.cancel', { path: { invoice_id: link.targetId }, signal: UNINTERRUPTED });
				await store.commit(scope, { jobId: input.jobId, sourceId: row.id, targetId: link.targetId, contentHash: 'voided', keys: [], outcome: 'updated' });
				return { outcome: 'updated' };
			}
			if (wanted === 'voided') return settle('skipped', 'voided in lexoffice before it was synced');

			// An earlier attempt may have created it before crashing: find it by its reference.
			const reference = `lexoffice:${row.id}`;
			if (!input.dryRun && (await store.getIntent(scope, row.id))) {
				const found = (await bexio.call('invoice.search', { body: [criterion('api_reference', '=', reference)], signal })) as unknown as Array<{ id: number }>;
				if (found.length) {
					await store.commit(scope, { jobId: input.jobId, sourceId: row.id, targetId: String(found[0].id), contentHash: 'final', keys: [], outcome: 'created' });
					return { outcome: 'created' };
				}
			}

			const operation = GET_OPERATION[row.voucherType as keyof typeof GET_OPERATION];
			if (!operation) return settle('skipped', `voucher type ${row.voucherType} is not synced`);
			const voucher = (await lexoffice.call(operation, { path: { id: row.id }, signal })) as unknown as SalesVoucher;
			const contactId = voucher.address?.contactId;
			if (!contactId) return settle('failed', `${row.voucherType} ${row.voucherNumber ?? row.id} has a one-time address and no lexoffice contact; bexio needs a contact, so create one in lexoffice and assign it`);
			const positions = toPositions(voucher, row.voucherType === 'creditnote' ? -1 : 1, await master(), input.taxRateMap ?? {});
			if (typeof positions === 'string') return settle('failed', positions);

			// The customer: linked, matched by customer number, or created now (its first invoice).
			const contactRecord = await contacts.recordFor!(await lexoffice.call('contact.get', { path: { id: contactId }, signal }));
			const customer = await processRecord(store, contacts, contactScope, { jobId: `${input.jobId}/contacts`, dryRun: input.dryRun, matchByEmail: false }, contactRecord, signal);
			if (customer.outcome === 'failed') return settle('failed', `customer ${contactId}: ${customer.reason}`);
			if (input.dryRun) return { outcome: 'created', plan: { sourceId: row.id, action: 'create' } };
			const contactLink = await store.getLink(contactScope, contactId);
			if (!contactLink) return settle('failed', `customer ${contactId} was not written to bexio`);

			await store.recordIntent(scope, row.id, { jobId: input.jobId, keys: [] });
			const created = (await bexio.call('invoice.create', {
				body: bexioInvoiceBody(row.id, row.voucherType, voucher, Number(contactLink.targetId), await me(), positions),
				signal: UNINTERRUPTED,
			})) as { id: number };
			// lexoffice documents here are finalised: the bexio invoice is issued, not left as a draft.
			await bexio.call('invoice.issue', { path: { invoice_id: created.id }, signal: UNINTERRUPTED });
			await store.commit(scope, { jobId: input.jobId, sourceId: row.id, targetId: String(created.id), contentHash: 'final', keys: [], outcome: 'created' });
			return { outcome: 'created' };
		} catch (error) {
			const reason = recordFailure(error);
			if (reason === undefined) throw error;
			return settle('failed', reason);
		}
	}
}

/** The bexio invoice of a finalised lexoffice voucher; `api_reference` finds it again after a crash. */
export function bexioInvoiceBody(lexofficeId: string, voucherType: string, voucher: SalesVoucher, contactId: number, userId: number, positions: Array<Record<string, unknown>>) {
	const isCredit = voucherType === 'creditnote';
	return {
		contact_id: contactId,
		user_id: userId,
		title: `${isCredit ? 'Gutschrift' : (voucher.title ?? 'Rechnung')} ${voucher.voucherNumber ?? ''}`.trim(),
		api_reference: `lexoffice:${lexofficeId}`,
		is_valid_from: (voucher.voucherDate ?? '').slice(0, 10) || undefined,
		mwst_type: 1,
		mwst_is_net: true,
		positions,
	};
}

/** Line items as bexio positions, or the reason they cannot be (a tax rate bexio lacks). */
export function toPositions(voucher: SalesVoucher, sign: 1 | -1, master: BexioMasterData, taxRateMap: Record<string, number>): Array<Record<string, unknown>> | string {
	const positions: Array<Record<string, unknown>> = [];
	for (const item of voucher.lineItems ?? []) {
		if (item.type === 'text') {
			positions.push({ type: 'KbPositionText', text: [item.name, item.description].filter(Boolean).join('\n') });
			continue;
		}
		const rate = item.unitPrice?.taxRatePercentage ?? 0;
		const mapped = taxRateMap[String(rate)] ?? rate;
		const taxId = master.taxIdByRate.get(mapped);
		if (taxId === undefined) return `tax rate ${rate} % has no active bexio sales tax; map it with the job's taxRateMap, e.g. {"${rate}": 8.1}`;
		positions.push({
			type: 'KbPositionCustom',
			text: [item.name, item.description].filter(Boolean).join('\n'),
			amount: String(sign * (item.quantity ?? 1)),
			unit_price: String(item.unitPrice?.netAmount ?? 0),
			tax_id: taxId,
		});
	}
	return positions;
}

