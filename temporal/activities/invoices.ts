import { Context } from '@temporalio/activity';

import { criterion } from '../../clients/bexio';
import { LEXOFFICE_MAX_PAGE_SIZE } from '../../clients/defaults';
import { lexofficeInvoiceToBexio, type LexofficeSalesVoucher } from '../mappings/lexofficeInvoiceToBexio';
import type { ConnectionRef, ImportFailure, ImportStats, MoneyAdjustment, PlannedWrite, TaxPolicy } from '../shared';
import type { LinkScope, LinkStore } from '../store';
import { FINAL_STATUSES, GET_OPERATION, createCheckedBexioInvoice, settleBexioInvoice, type BexioStoredInvoice, type VoucherRow } from './engine/bexioInvoices';
import type { ActivityClients } from './engine/clients';
import { processRecord } from './engine/importer';
import { UNINTERRUPTED, recordFailure, zeroStats } from './engine/intents';
import { bexioMasterData, type MasterDataCache } from './engine/masterData';
import type { Pipeline } from './engine/pipeline';

/**
 * Finalised lexoffice invoices and credit notes → bexio invoices.
 * bexio's API cannot create credit vouchers, so a credit note becomes a bexio
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
	/** What a mapped rate may change; default `fail`. */
	taxPolicy?: TaxPolicy;
	dryRun: boolean;
}

export interface InvoiceSyncPageResult {
	stats: ImportStats;
	failures: ImportFailure[];
	planned: PlannedWrite[];
	adjustments: MoneyAdjustment[];
	next?: number;
}

/** `contacts`: the contact import's pipeline from the source to the target, which links or creates each invoice's customer. */
export async function syncInvoicePage(clients: ActivityClients, cache: MasterDataCache, store: LinkStore, contacts: Pipeline, input: InvoiceSyncPageInput): Promise<InvoiceSyncPageResult> {
	const signal = Context.current().cancellationSignal;
	const lexoffice = clients.lexoffice(input.source);
	const bexio = clients.bexio(input.target);
	const master = bexioMasterData(bexio, cache, input.target);
	const scope: LinkScope = {
		kind: 'invoices',
		source: { system: 'lexoffice', connection: input.source.id },
		target: { system: 'bexio', connection: input.target.id },
	};
	const contactScope: LinkScope = { ...scope, kind: 'contacts' };
	const me = () => cache.get(`me:bexio:${input.target.id}`, async () => ((await bexio.call('user.getMe')) as { id: number }).id);

	// Sorted by voucher date, the one sort key lexoffice accepts: pages stay stable while rows change.
	const body = (await lexoffice.call('voucherlist.getAll', {
		query: { voucherType: input.voucherTypes.join(','), voucherStatus: FINAL_STATUSES, updatedDateFrom: input.from, page: input.page, size: Math.min(LEXOFFICE_MAX_PAGE_SIZE, input.pageSize), sort: 'voucherDate,ASC' },
		signal,
	})) as unknown as { content: VoucherRow[]; last?: boolean };

	const result: InvoiceSyncPageResult = { stats: zeroStats(), failures: [], planned: [], adjustments: [] };
	for (const row of body.content) {
		if (signal.aborted) await Context.current().cancelled;
		const outcome = await syncOne(row);
		result.stats.processed += 1;
		result.stats[outcome.outcome] += 1;
		if (outcome.outcome === 'failed') result.failures.push({ sourceId: row.id, reason: outcome.reason ?? 'failed' });
		if (outcome.plan) result.planned.push(outcome.plan);
		if (outcome.adjustment) result.adjustments.push(outcome.adjustment);
		Context.current().heartbeat(row.id);
	}
	result.next = body.last === true || body.content.length === 0 ? undefined : input.page + 1;
	return result;

	async function syncOne(row: VoucherRow): Promise<{ outcome: 'created' | 'updated' | 'unchanged' | 'skipped' | 'failed'; reason?: string; plan?: PlannedWrite; adjustment?: MoneyAdjustment }> {
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

			const operation = GET_OPERATION[row.voucherType as keyof typeof GET_OPERATION];
			if (!operation) return settle('skipped', `voucher type ${row.voucherType} is not synced`);
			const voucher = (await lexoffice.call(operation, { path: { id: row.id }, signal })) as unknown as LexofficeSalesVoucher;
			const contactId = voucher.address?.contactId;
			if (!contactId) return settle('failed', `${row.voucherType} ${row.voucherNumber ?? row.id} has a one-time address and no lexoffice contact; bexio needs a contact, so create one in lexoffice and assign it`);
			const plan = lexofficeInvoiceToBexio(voucher, row.voucherType, await master(), { taxRateMap: input.taxRateMap, taxPolicy: input.taxPolicy });
			if ('invalid' in plan) return settle('failed', plan.invalid);

			// An earlier attempt may have created it before crashing: find it by its reference (a draft left
			// between create and issue is checked and issued now).
			if (!input.dryRun && (await store.getIntent(scope, row.id))) {
				const found = (await bexio.call('invoice.search', { body: [criterion('api_reference', '=', `lexoffice:${row.id}`)], signal })) as unknown as BexioStoredInvoice[];
				if (found.length) {
					const settled = await settleBexioInvoice(bexio, plan, found[0], row.id);
					await store.commit(scope, { jobId: input.jobId, sourceId: row.id, targetId: settled.targetId, contentHash: 'final', keys: [], outcome: 'created' });
					return { outcome: 'created', adjustment: settled.adjustment };
				}
			}

			// The customer: linked, matched by customer number, or created now (its first invoice).
			const contactRecord = await contacts.recordFor!(await lexoffice.call('contact.get', { path: { id: contactId }, signal }));
			const customer = await processRecord(store, contacts, contactScope, { jobId: `${input.jobId}/contacts`, dryRun: input.dryRun, matchByEmail: false }, contactRecord, signal);
			if (customer.outcome === 'failed') return settle('failed', `customer ${contactId}: ${customer.reason}`);
			if (input.dryRun) return { outcome: 'created', plan: { sourceId: row.id, action: 'create' } };
			const contactLink = await store.getLink(contactScope, contactId);
			if (!contactLink) return settle('failed', `customer ${contactId} was not written to bexio`);

			await store.recordIntent(scope, row.id, { jobId: input.jobId, keys: [] });
			const created = await createCheckedBexioInvoice(bexio, plan, { contactId: Number(contactLink.targetId), userId: await me() }, row.id);
			await store.commit(scope, { jobId: input.jobId, sourceId: row.id, targetId: created.targetId, contentHash: 'final', keys: [], outcome: 'created' });
			return { outcome: 'created', adjustment: created.adjustment };
		} catch (error) {
			const reason = recordFailure(error);
			if (reason === undefined) throw error;
			return settle('failed', reason);
		}
	}
}

