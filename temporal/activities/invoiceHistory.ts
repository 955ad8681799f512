import type { z } from 'zod';

import { criterion } from '../../clients/bexio';
import { LEXOFFICE_MAX_PAGE_SIZE } from '../../clients/defaults';
import { encodeSearchValue, voucherlistPage } from '../../clients/lexoffice';
import type { voucherCreateSchema } from '../../clients/lexoffice/schemas';
import { bexioInvoiceToVoucher, type VoucherPlan } from '../mappings/bexioInvoiceToVoucher';
import { bexioPdfToVoucherFile, type BexioPdf } from '../mappings/voucherFile';
import {
	lexofficeInvoiceToBexio,
	type BexioInvoicePlan,
} from '../mappings/lexofficeInvoiceToBexio';
import {
	BEXIO_CANCELLED,
	BEXIO_DRAFT,
	bexioInvoiceRecord,
	voucherNumberKey,
	voucherRecord,
	type BexioInvoice,
} from '../mappings/invoiceRecords';
import type { TaxRateMap } from '../mappings/money';
import type { ConnectionRef, TaxPolicy } from '../shared';
import type { LinkScope, LinkStore } from '../store';
import {
	FINAL_STATUSES,
	createCheckedBexioInvoice,
	findBexioInvoice,
	readSalesVoucher,
	settleBexioInvoice,
	type BexioStoredInvoice,
	type VoucherRow,
} from './engine/bexioInvoices';
import type { ActivityClients, BexioClient, LexofficeClient } from './engine/clients';
import { orUndefinedIfGone } from './engine/gone';
import { processRecord } from './engine/importer';
import { recordMissingPayments } from './engine/invoicePayments';
import { RecordRefusedError, UNINTERRUPTED, markRetrySafe } from './engine/intents';
import {
	bexioManualInvoiceNumbering,
	bexioMasterData,
	type BexioMasterData,
	type MasterDataCache,
} from './engine/masterData';
import type { IndexPage, Pipeline, SourcePage, SourceRecord } from './engine/pipeline';

/**
 * Invoice history as a bulk import (kind `invoices`), both directions.
 *
 * lexoffice → bexio: every finalised invoice and credit note (open, paid, paidoff, voided; down payment
 * invoices when the job asks) becomes an issued bexio invoice, mapped exactly as the scheduled
 * invoiceSync does (invoices.ts) and sharing its links, so the two never write an invoice twice. The key
 * is `ref:lexoffice:<id>` (bexio `api_reference`). A voucher voided before it was imported is skipped;
 * one voided afterwards cancels its bexio invoice. The customer is linked or created on its first invoice.
 *
 * bexio → lexoffice: every issued bexio invoice (pending 8, paid 9, partially paid 16, unpaid 31)
 * becomes a lexoffice bookkeeping voucher of type `salesinvoice`, or
 * `salescreditnote` when its total is negative, with one voucher item per tax rate. Drafts (7) are
 * skipped, and so are cancelled invoices (19): they are not in the books, and lexoffice cannot void a
 * bookkeeping voucher through its API, so one imported before the cancellation has to be reversed there
 * by hand. Invoices that came from lexoffice (`api_reference` lexoffice:…, written by the other
 * direction and by invoiceSync) are skipped: lexoffice has them already. The key is the bexio document
 * number as lexoffice `voucherNumber` (`nr:<number>`). lexoffice does not keep voucher numbers unique,
 * so the target index (voucherlist, types salesinvoice and salescreditnote) finds a voucher booked
 * earlier, by this import or by hand; two vouchers with one number are a failure, never a guess. A
 * matched voucher is linked and left as it is: booked vouchers are not rewritten.
 *
 * Amounts: net amounts per tax rate as bexio computes them (positions, document discounts spread over
 * the rates, gross prices netted when `mwst_is_net` is false); the tax of each item is the lexoffice
 * rate's, and the totals are the items' sums. A Swiss rate lexoffice lacks needs the
 * job's `taxRateMap` (bexio % → lexoffice %), otherwise the invoice fails with a reason naming the rate.
 * lexoffice books in EUR only: amounts are taken as they are, without conversion.
 */

export interface InvoiceOptions {
	taxRateMap?: TaxRateMap;
	taxPolicy?: TaxPolicy;
	includeDownPayments?: boolean;
	collectiveContact?: boolean;
	/** bexio → lexoffice: only invoices updated on or after this day (the scheduled sync). */
	updatedSince?: string;
	/** bexio → lexoffice: attach each invoice's PDF to the voucher it becomes (default true). */
	attachPdf?: boolean;
}

export function invoicePipeline(
	clients: ActivityClients,
	cache: MasterDataCache,
	store: LinkStore,
	source: ConnectionRef,
	target: ConnectionRef,
	options: InvoiceOptions,
	/** The contact import's pipeline between the same accounts: links or creates each invoice's customer. */
	contacts: Pipeline,
): Pipeline {
	const contactScope: LinkScope = {
		kind: 'contacts',
		source: { system: source.system, connection: source.id },
		target: { system: target.system, connection: target.id },
	};
	/** The invoice's customer in the target: linked, or created now (its first invoice); a reason when not. */
	const customer = async (
		raw: unknown,
		sourceId: string,
		job: { jobId: string; dryRun: boolean },
		signal: AbortSignal,
	): Promise<{ targetId?: string; invalid?: string }> => {
		const record = await contacts.recordFor!(raw);
		const outcome = await processRecord(
			store,
			contacts,
			contactScope,
			{ jobId: `${job.jobId}/contacts`, dryRun: job.dryRun, matchByEmail: false },
			record,
			signal,
		);
		if (outcome.outcome === 'failed') return { invalid: `customer ${sourceId}: ${outcome.reason}` };
		if (job.dryRun && outcome.outcome !== 'skipped') return {};
		// A skipped customer (archived) is still fine when it was linked before.
		const link = await store.getLink(contactScope, sourceId);
		if (link) return { targetId: link.targetId };
		return {
			invalid:
				outcome.outcome === 'skipped'
					? `customer ${sourceId}: ${outcome.reason}`
					: `customer ${sourceId} was not written to ${target.system}`,
		};
	};

	if (source.system === 'lexoffice' && target.system === 'bexio') {
		const bexio = clients.bexio(target);
		return lexofficeToBexio(
			clients.lexoffice(source),
			bexio,
			{
				money: bexioMasterData(bexio, cache, target),
				manualNumbering: bexioManualInvoiceNumbering(bexio, cache, target),
			},
			options,
			customer,
			() =>
				cache.get(
					`me:bexio:${target.id}`,
					async () => ((await bexio.call('user.getMe')) as { id: number }).id,
				),
		);
	}
	if (source.system === 'bexio' && target.system === 'lexoffice') {
		const bexio = clients.bexio(source);
		return bexioToLexoffice(
			bexio,
			clients.lexoffice(target),
			bexioMasterData(bexio, cache, source),
			options,
			customer,
		);
	}
	throw new Error(`No invoice import from ${source.system} to ${target.system}`);
}

type Customer = (
	raw: unknown,
	sourceId: string,
	job: { jobId: string; dryRun: boolean },
	signal: AbortSignal,
) => Promise<{ targetId?: string; invalid?: string }>;

// ---- lexoffice → bexio ----------------------------------------------------------------------------------

function lexofficeToBexio(
	lexoffice: LexofficeClient,
	bexio: BexioClient,
	{
		money: master,
		manualNumbering,
	}: { money: () => Promise<BexioMasterData>; manualNumbering: () => Promise<boolean> },
	options: InvoiceOptions,
	customer: Customer,
	me: () => Promise<number>,
): Pipeline {
	const voucherTypes = [
		'invoice',
		'creditnote',
		...(options.includeDownPayments ? ['downpaymentinvoice'] : []),
	];
	const reader: VoucherReader = {
		lexoffice,
		master,
		money: { taxRateMap: options.taxRateMap, taxPolicy: options.taxPolicy },
	};
	/** What prepare() read for a create, by source id (one activity, one page). */
	const prepared = new Map<string, PreparedBexioInvoice>();
	return {
		async readSource(cursor, pageSize, signal) {
			const page = await voucherlistPage<VoucherRow>(
				lexoffice,
				{ voucherType: voucherTypes.join(','), voucherStatus: FINAL_STATUSES },
				cursor,
				pageSize,
				signal,
			);
			return { records: page.rows.map(voucherRecord), next: page.next, total: page.total };
		},
		indexTarget: (cursor, pageSize, signal) => indexBexioInvoices(bexio, cursor, pageSize, signal),
		async findInTarget(record, signal) {
			const found = await findBexioInvoice(bexio, record.id, signal);
			return found ? String(found.id) : undefined;
		},
		readTarget: (targetId, signal) =>
			orUndefinedIfGone(() =>
				bexio.call('invoice.get', { path: { invoice_id: targetId }, signal }),
			),
		differs(current, record) {
			const status = (current as BexioInvoice).kb_item_status_id;
			// Voided in lexoffice: cancel. A draft left by a crash between create and issue: issue it.
			// Paid in lexoffice (the hash carries the open amount): record the payments bexio lacks.
			if (record.hash === 'voided') return status !== BEXIO_CANCELLED;
			return status === BEXIO_DRAFT || record.hash !== 'final';
		},
		async prepare(record, job, signal) {
			const ready = await prepareBexioInvoice(reader, customer, record, job, signal);
			if ('plan' in ready) {
				if (!job.dryRun) prepared.set(record.id, ready);
				return undefined;
			}
			return ready;
		},
		async create(record) {
			const ready = prepared.get(record.id);
			if (!ready) throw new Error(`invoice ${record.id} was not prepared`);
			const created = await createCheckedBexioInvoice(
				bexio,
				ready.plan,
				{
					contactId: ready.contactId,
					userId: await me(),
					manualNumbering: await manualNumbering(),
				},
				record.id,
			);
			prepared.delete(record.id);
			// Already paid in lexoffice: its payments, under the create's intent.
			if (record.hash !== 'final')
				await recordMissingPayments(
					{ lexoffice, bexio, signal: UNINTERRUPTED },
					record.id,
					created.targetId,
				);
			return created;
		},
		async update(targetId, current, record, signal) {
			await updateBexioInvoice(reader, bexio, targetId, current, record, signal);
			if (record.hash !== 'final' && record.hash !== 'voided')
				await recordMissingPayments({ lexoffice, bexio, signal }, record.id, targetId);
		},
	};
}

/** What reads a lexoffice voucher and maps it to a bexio invoice plan. */
interface VoucherReader {
	lexoffice: LexofficeClient;
	master: () => Promise<BexioMasterData>;
	money: { taxRateMap?: TaxRateMap; taxPolicy?: TaxPolicy };
}

interface PreparedBexioInvoice {
	plan: BexioInvoicePlan;
	contactId: number;
}

/** One page of bexio invoices; only those written from lexoffice carry a key (`ref:lexoffice:<id>`). */
async function indexBexioInvoices(
	bexio: BexioClient,
	cursor: number | undefined,
	pageSize: number,
	signal: AbortSignal,
): Promise<IndexPage> {
	for await (const page of bexio.pages(
		'invoice.getAll',
		{ query: { order_by: 'id' }, signal },
		{ pageSize, start: cursor },
	)) {
		const entries = (page.items as BexioInvoice[]).map((i) => ({
			targetId: String(i.id),
			keys: i.api_reference?.startsWith('lexoffice:') ? [`ref:${i.api_reference}`] : [],
		}));
		return { entries, next: page.next };
	}
	return { entries: [] };
}

/** The plan and bexio customer for a voucher about to be created, or a reason to skip or fail it. */
async function prepareBexioInvoice(
	{ lexoffice, master, money }: VoucherReader,
	customer: Customer,
	record: SourceRecord,
	job: { jobId: string; dryRun: boolean },
	signal: AbortSignal,
): Promise<PreparedBexioInvoice | { skip?: string; invalid?: string }> {
	const { voucherType, voucherNumber } = record.payload as {
		voucherType: string;
		voucherNumber: string | null;
	};
	if (record.hash === 'voided') return { skip: 'voided in lexoffice before it was imported' };
	const voucher = await readSalesVoucher(lexoffice, voucherType, record.id, signal);
	if (!voucher) return { skip: `voucher type ${voucherType} is not imported` };
	const contactId = voucher.address?.contactId;
	if (!contactId) {
		return {
			invalid: `${voucherType} ${voucherNumber ?? record.id} has a one-time address and no lexoffice contact; bexio needs a contact, so create one in lexoffice and assign it`,
		};
	}
	const plan = lexofficeInvoiceToBexio(voucher, voucherType, await master(), money);
	if ('invalid' in plan) return { invalid: plan.invalid };
	const who = await customer(
		await lexoffice.call('contact.get', { path: { id: contactId }, signal }),
		contactId,
		job,
		signal,
	);
	if (who.invalid) return { invalid: who.invalid };
	return { plan, contactId: Number(who.targetId) };
}

/** Issues a draft left by a crash between create and issue, and cancels an invoice voided in lexoffice. */
async function updateBexioInvoice(
	{ lexoffice, master, money }: VoucherReader,
	bexio: BexioClient,
	targetId: string,
	current: unknown,
	record: SourceRecord,
	signal: AbortSignal,
): Promise<void> {
	const status = (current as BexioInvoice).kb_item_status_id;
	try {
		if (status === BEXIO_DRAFT) {
			// A draft left by a crash between create and issue: checked like a new one before it is issued.
			const { voucherType } = record.payload as { voucherType: string };
			const voucher = await readSalesVoucher(lexoffice, voucherType, record.id, signal);
			const plan = voucher
				? lexofficeInvoiceToBexio(voucher, voucherType, await master(), money)
				: { invalid: `voucher type ${voucherType} is not imported` };
			if ('invalid' in plan) throw new RecordRefusedError(plan.invalid);
			await settleBexioInvoice(bexio, plan, current as BexioStoredInvoice, record.id);
		}
		if (record.hash === 'voided')
			await bexio.call('invoice.cancel', { path: { invoice_id: targetId }, signal });
	} catch (error) {
		// A status change that may have been applied is safe to retry: the retry reads the status first.
		markRetrySafe(error);
		throw error;
	}
}

// ---- bexio → lexoffice ----------------------------------------------------------------------------------

type LexofficeVoucherWrite = z.input<typeof voucherCreateSchema>;

interface VoucherListRow {
	id: string;
	voucherType: string;
	voucherNumber?: string | null;
	voucherDate?: string | null;
}

function bexioToLexoffice(
	bexio: BexioClient,
	lexoffice: LexofficeClient,
	master: () => Promise<BexioMasterData>,
	options: InvoiceOptions,
	customer: Customer,
): Pipeline {
	const money = { taxRateMap: options.taxRateMap, taxPolicy: options.taxPolicy };
	const attachPdf = options.attachPdf !== false;
	const prepared = new Map<string, VoucherPlan>();
	return {
		readSource: (cursor, pageSize, signal) =>
			readBexioInvoices(bexio, options.updatedSince, cursor, pageSize, signal),
		indexTarget: (cursor, pageSize, signal) =>
			indexSalesVouchers(lexoffice, cursor, pageSize, signal),
		findInTarget: (record, signal) =>
			findSalesVoucher(
				lexoffice,
				(record.payload as { voucherNumber: string }).voucherNumber,
				signal,
			),
		readTarget: (targetId, signal) =>
			orUndefinedIfGone(() => lexoffice.call('voucher.get', { path: { id: targetId }, signal })),
		// Booked vouchers are linked as they are, never rewritten; one this import booked gets its missing PDF.
		differs: (current, record) => attachPdf && lacksPdf(current, record),
		update: (targetId, current, record, signal) =>
			attachInvoicePdf(bexio, lexoffice, targetId, record, signal),
		async prepare(record, job, signal) {
			const invoice = (await bexio.call('invoice.get', {
				path: { invoice_id: record.id },
				signal,
			})) as BexioInvoice;
			const plan = bexioInvoiceToVoucher(invoice, await master(), money);
			if ('invalid' in plan) return { invalid: plan.invalid };
			if (options.collectiveContact || !invoice.contact_id) {
				plan.body.useCollectiveContact = true;
			} else {
				const contactId = String(invoice.contact_id);
				const who = await customer(
					await bexio.call('contact.get', { path: { contact_id: contactId }, signal }),
					contactId,
					job,
					signal,
				);
				if (who.invalid) return { invalid: who.invalid };
				plan.body.contactId = who.targetId;
			}
			if (!job.dryRun) prepared.set(record.id, plan);
			return undefined;
		},
		async create(record, signal) {
			const plan = prepared.get(record.id);
			if (!plan) throw new Error(`invoice ${record.id} was not prepared`);
			const created = await lexoffice.call('voucher.create', {
				body: plan.body as LexofficeVoucherWrite,
				signal,
			});
			prepared.delete(record.id);
			if (attachPdf) await attachInvoicePdf(bexio, lexoffice, created.id, record, signal);
			return {
				targetId: created.id,
				...(plan.adjusted
					? { adjustment: { sourceId: record.id, targetId: created.id, ...plan.adjusted } }
					: {}),
			};
		},
	};
}

/**
 * A voucher this import booked (its remark starts with `bexio <number>`) that has no file yet: a crash
 * between the create and the upload, or a PDF refused before. A voucher booked by hand is left as it is.
 */
function lacksPdf(current: unknown, record: SourceRecord): boolean {
	const voucher = current as { files?: unknown[]; remark?: string | null };
	const { voucherNumber } = record.payload as { voucherNumber: string };
	const head = `bexio ${voucherNumber}`;
	const remark = voucher.remark ?? '';
	const ours = remark.startsWith(head) && /^(?:$|[:\s])/.test(remark.slice(head.length));
	return ours && (voucher.files ?? []).length === 0;
}

/**
 * Attaches the bexio invoice's PDF to its voucher
 * (https://developers.lexware.io/docs/#vouchers-endpoint-upload-a-file-to-a-voucher). Exactly once: the
 * caller saw the voucher without a file (just created, or read by differs()), and an upload repeated after a
 * lost answer is deduplicated by lexoffice by content. A PDF lexoffice would refuse fails the invoice with
 * the reason; the voucher stays booked and a later run attaches the file once it is fixed.
 */
async function attachInvoicePdf(
	bexio: BexioClient,
	lexoffice: LexofficeClient,
	voucherId: string,
	record: SourceRecord,
	signal: AbortSignal,
): Promise<void> {
	const { voucherNumber } = record.payload as { voucherNumber: string };
	const pdf = (await bexio.call('invoice.getPdf', {
		path: { invoice_id: record.id },
		signal,
	})) as BexioPdf;
	const file = bexioPdfToVoucherFile(pdf, voucherNumber);
	if ('invalid' in file)
		throw new RecordRefusedError(`voucher ${voucherId} is booked, but ${file.invalid}`);
	try {
		await lexoffice.call('voucher.attachFile', {
			path: { id: voucherId },
			multipart: [{ name: 'file', ...file }],
			signal,
		});
	} catch (error) {
		markRetrySafe(error);
		throw error;
	}
}

/** One page of bexio invoices, all of them or (the scheduled sync) those updated since a day. */
async function readBexioInvoices(
	bexio: BexioClient,
	updatedSince: string | undefined,
	cursor: number | undefined,
	pageSize: number,
	signal: AbortSignal,
): Promise<SourcePage> {
	// The scheduled sync reads a window by `updated_at` (2.0: zone-less company-local time); ordered by id, pages stay stable.
	const pages = updatedSince
		? bexio.pages(
				'invoice.search',
				{
					query: { order_by: 'id' },
					body: [criterion('updated_at', '>=', `${updatedSince} 00:00:00`)],
					signal,
				},
				{ pageSize, start: cursor },
			)
		: bexio.pages(
				'invoice.getAll',
				{ query: { order_by: 'id' }, signal },
				{ pageSize, start: cursor },
			);
	for await (const page of pages) {
		return { records: (page.items as BexioInvoice[]).map(bexioInvoiceRecord), next: page.next };
	}
	return { records: [] };
}

/** One page of lexoffice sales vouchers, keyed by voucher number. */
async function indexSalesVouchers(
	lexoffice: LexofficeClient,
	cursor: number | undefined,
	pageSize: number,
	signal: AbortSignal,
): Promise<IndexPage> {
	// Every bookkeeping sales voucher, whatever its status: a number booked once is not booked again.
	const page = await voucherlistPage<VoucherListRow>(
		lexoffice,
		{ voucherType: 'salesinvoice,salescreditnote', voucherStatus: 'any' },
		cursor,
		pageSize,
		signal,
	);
	return {
		entries: page.rows.map((v) => ({
			targetId: v.id,
			keys: v.voucherNumber ? [voucherNumberKey(v.voucherNumber)] : [],
		})),
		next: page.next,
	};
}

/** The lexoffice sales voucher booked under a bexio document number, if any. */
async function findSalesVoucher(
	lexoffice: LexofficeClient,
	number: string,
	signal: AbortSignal,
): Promise<string | undefined> {
	const query = {
		voucherType: 'salesinvoice,salescreditnote',
		voucherStatus: 'any',
		voucherNumber: encodeSearchValue(number),
	};
	for await (const v of lexoffice.items(
		'voucherlist.getAll',
		{ query, signal },
		{ pageSize: LEXOFFICE_MAX_PAGE_SIZE },
	))
		return (v as VoucherListRow).id;
	return undefined;
}
