import { Context } from '@temporalio/activity';

import { LEXOFFICE_MAX_PAGE_SIZE } from '../../clients/defaults';
import { invoiceContentHash, payable } from '../mappings/invoiceTerms';
import { lexofficeInvoiceToBexio } from '../mappings/lexofficeInvoiceToBexio';
import type {
	ConnectionRef,
	ImportFailure,
	ImportStats,
	MoneyAdjustment,
	PlannedWrite,
	TaxPolicy,
} from '../shared';
import type { LinkScope, LinkStore } from '../store';
import {
	FINAL_STATUSES,
	createCheckedBexioInvoice,
	findBexioInvoice,
	readSalesVoucher,
	settleBexioInvoice,
	type VoucherRow,
} from './engine/bexioInvoices';
import type { ActivityClients, BexioClient, LexofficeClient } from './engine/clients';
import { processRecord } from './engine/importer';
import { recordMissingPayments } from './engine/invoicePayments';
import { UNINTERRUPTED, recordFailure, tally, zeroStats } from './engine/intents';
import {
	bexioManualInvoiceNumbering,
	bexioMasterData,
	bexioMe,
	type BexioMasterData,
	type MasterDataCache,
} from './engine/masterData';
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
	/** Payments recorded on bexio invoices (lexoffice payments bexio did not have yet). */
	paymentsRecorded?: number;
	next?: number;
}

type Outcome = {
	outcome: 'created' | 'updated' | 'unchanged' | 'skipped' | 'failed';
	reason?: string;
	plan?: PlannedWrite;
	adjustment?: MoneyAdjustment;
	paymentsRecorded?: number;
};

/** What every row of a page is synced with. */
interface PageSync {
	input: InvoiceSyncPageInput;
	store: LinkStore;
	lexoffice: LexofficeClient;
	bexio: BexioClient;
	master: () => Promise<BexioMasterData>;
	/** The contact import between the same accounts: links or creates each invoice's customer. */
	contacts: Pipeline;
	scope: LinkScope;
	contactScope: LinkScope;
	me: () => Promise<number>;
	manualNumbering: () => Promise<boolean>;
	signal: AbortSignal;
}

export async function syncInvoicePage(
	clients: ActivityClients,
	cache: MasterDataCache,
	store: LinkStore,
	contacts: Pipeline,
	input: InvoiceSyncPageInput,
): Promise<InvoiceSyncPageResult> {
	const ctx = Context.current();
	const signal = ctx.cancellationSignal;
	const lexoffice = clients.lexoffice(input.source);
	const bexio = clients.bexio(input.target);
	const scope: LinkScope = {
		kind: 'invoices',
		source: { system: 'lexoffice', connection: input.source.id },
		target: { system: 'bexio', connection: input.target.id },
	};
	const sync: PageSync = {
		input,
		store,
		lexoffice,
		bexio,
		master: bexioMasterData(bexio, cache, input.target),
		contacts,
		scope,
		contactScope: { ...scope, kind: 'contacts' },
		me: bexioMe(bexio, cache, input.target),
		manualNumbering: bexioManualInvoiceNumbering(bexio, cache, input.target),
		signal,
	};

	// Sorted by voucher date, the one sort key lexoffice accepts: pages stay stable while rows change.
	const body = await lexoffice.call('voucherlist.getAll', {
		query: {
			voucherType: input.voucherTypes.join(','),
			voucherStatus: FINAL_STATUSES,
			updatedDateFrom: input.from,
			page: input.page,
			size: Math.min(LEXOFFICE_MAX_PAGE_SIZE, input.pageSize),
			sort: 'voucherDate,ASC',
		},
		signal,
	});

	const result: InvoiceSyncPageResult = {
		stats: zeroStats(),
		failures: [],
		planned: [],
		adjustments: [],
		paymentsRecorded: 0,
	};
	for (const row of body.content as VoucherRow[]) {
		if (signal.aborted) await ctx.cancelled;
		const outcome = await syncOne(sync, row);
		tally(result, row.id, outcome);
		result.paymentsRecorded! += outcome.paymentsRecorded ?? 0;
		ctx.heartbeat(row.id);
	}
	result.next = body.last === true || body.content.length === 0 ? undefined : input.page + 1;
	return result;
}

async function settle(
	{ input, store }: PageSync,
	row: VoucherRow,
	outcome: 'skipped' | 'failed',
	reason: string,
): Promise<Outcome> {
	if (!input.dryRun) await store.recordOutcome(input.jobId, row.id, { outcome, reason });
	return { outcome, reason };
}

/** One voucher list row: its earlier outcome, its link (a voided voucher cancels its invoice), or a new invoice. */
async function syncOne(sync: PageSync, row: VoucherRow): Promise<Outcome> {
	const { input, store, scope, bexio } = sync;
	if (!input.dryRun) {
		const earlier = await store.getOutcome(input.jobId, row.id);
		if (earlier) return { outcome: earlier.outcome, reason: earlier.reason };
	}
	const wanted = row.voucherStatus === 'voided' ? 'voided' : 'final';
	try {
		const link = await store.getLink(scope, row.id);
		if (link && wanted === 'final' && link.contentHash !== 'voided') {
			if (link.contentHash !== invoiceContentHash(row))
				return await paymentsOne(sync, row, link.targetId);
		}
		if (link) {
			if (link.contentHash === wanted || wanted === 'final') {
				if (!input.dryRun)
					await store.recordOutcome(input.jobId, row.id, {
						outcome: 'unchanged',
						targetId: link.targetId,
					});
				return { outcome: 'unchanged' };
			}
			// Voided in lexoffice after it was synced: cancel the bexio invoice.
			if (input.dryRun)
				return {
					outcome: 'updated',
					plan: { sourceId: row.id, action: 'update', targetId: link.targetId },
				};
			await bexio.call('invoice.cancel', {
				path: { invoice_id: link.targetId },
				signal: UNINTERRUPTED,
			});
			await store.commit(scope, {
				jobId: input.jobId,
				sourceId: row.id,
				targetId: link.targetId,
				contentHash: 'voided',
				keys: [],
				outcome: 'updated',
			});
			return { outcome: 'updated' };
		}
		if (wanted === 'voided')
			return settle(sync, row, 'skipped', 'voided in lexoffice before it was synced');
		return await createOne(sync, row);
	} catch (error) {
		const reason = recordFailure(error);
		if (reason === undefined) throw error;
		return settle(sync, row, 'failed', reason);
	}
}

/** A voucher without link: mapped and checked, found again after a crash, or written with its customer. */
async function createOne(sync: PageSync, row: VoucherRow): Promise<Outcome> {
	const { input, store, scope, lexoffice, bexio, signal } = sync;
	const voucher = await readSalesVoucher(lexoffice, row.voucherType, row.id, signal);
	if (!voucher)
		return settle(sync, row, 'skipped', `voucher type ${row.voucherType} is not synced`);
	const contactId = voucher.address?.contactId;
	if (!contactId)
		return settle(
			sync,
			row,
			'failed',
			`${row.voucherType} ${row.voucherNumber ?? row.id} has a one-time address and no lexoffice contact; bexio needs a contact, so create one in lexoffice and assign it`,
		);
	const plan = lexofficeInvoiceToBexio(voucher, row.voucherType, await sync.master(), {
		taxRateMap: input.taxRateMap,
		taxPolicy: input.taxPolicy,
	});
	if ('invalid' in plan) return settle(sync, row, 'failed', plan.invalid);

	// An earlier attempt may have created it before crashing: find it by its reference (a draft left
	// between create and issue is checked and issued now).
	if (!input.dryRun && (await store.getIntent(scope, row.id))) {
		const found = await findBexioInvoice(bexio, row.id, signal);
		if (found) {
			const settled = await settleBexioInvoice(bexio, plan, found, row.id);
			const paymentsRecorded = await paymentsOf(sync, row, settled.targetId);
			await store.commit(scope, {
				jobId: input.jobId,
				sourceId: row.id,
				targetId: settled.targetId,
				contentHash: invoiceContentHash(row),
				keys: [],
				outcome: 'created',
			});
			return { outcome: 'created', adjustment: settled.adjustment, paymentsRecorded };
		}
	}

	// The customer: linked, matched by customer number, or created now (its first invoice).
	const contactRecord = await sync.contacts.recordFor!(
		await lexoffice.call('contact.get', { path: { id: contactId }, signal }),
	);
	const customer = await processRecord(
		store,
		sync.contacts,
		sync.contactScope,
		{ jobId: `${input.jobId}/contacts`, dryRun: input.dryRun, matchByEmail: false },
		contactRecord,
		signal,
	);
	if (customer.outcome === 'failed')
		return settle(sync, row, 'failed', `customer ${contactId}: ${customer.reason}`);
	if (input.dryRun) return { outcome: 'created', plan: { sourceId: row.id, action: 'create' } };
	const contactLink = await store.getLink(sync.contactScope, contactId);
	if (!contactLink)
		return settle(sync, row, 'failed', `customer ${contactId} was not written to bexio`);

	await store.recordIntent(scope, row.id, { jobId: input.jobId, keys: [] });
	const created = await createCheckedBexioInvoice(
		bexio,
		plan,
		{
			contactId: Number(contactLink.targetId),
			userId: await sync.me(),
			manualNumbering: await sync.manualNumbering(),
		},
		row.id,
	);
	const paymentsRecorded = await paymentsOf(sync, row, created.targetId);
	await store.commit(scope, {
		jobId: input.jobId,
		sourceId: row.id,
		targetId: created.targetId,
		contentHash: invoiceContentHash(row),
		keys: [],
		outcome: 'created',
	});
	return { outcome: 'created', adjustment: created.adjustment, paymentsRecorded };
}

/** The payments of a voucher the list shows as (partly) paid, recorded on its bexio invoice under the create's intent. */
async function paymentsOf(sync: PageSync, row: VoucherRow, targetId: string): Promise<number> {
	if (!payable(row)) return 0;
	return recordMissingPayments(sync, row.id, targetId);
}

/**
 * A linked invoice whose open amount changed in lexoffice since its link was written: the payments bexio
 * lacks are recorded under an intent, and the link's hash takes the new open amount.
 */
async function paymentsOne(sync: PageSync, row: VoucherRow, targetId: string): Promise<Outcome> {
	const { input, store, scope } = sync;
	if (input.dryRun)
		return { outcome: 'updated', plan: { sourceId: row.id, action: 'update', targetId } };
	const paymentsRecorded = payable(row)
		? await recordMissingPayments(
				{ ...sync, intent: { store, scope, jobId: input.jobId } },
				row.id,
				targetId,
			)
		: 0;
	const outcome = paymentsRecorded > 0 ? 'updated' : 'unchanged';
	await store.commit(scope, {
		jobId: input.jobId,
		sourceId: row.id,
		targetId,
		contentHash: invoiceContentHash(row),
		keys: [],
		outcome,
	});
	return { outcome, paymentsRecorded };
}
