import { Context } from '@temporalio/activity';

import { criterion } from '../../clients/bexio';
import { voucherlistPage } from '../../clients/lexoffice';
import {
	bexioInvoiceCents,
	convertedByRemark,
	inPeriod,
	lexofficeSalesDocumentCents,
	lexofficeVoucherCents,
	type BexioInvoiceDocument,
	type LexofficeBookkeepingVoucher,
	type LexofficeSalesDocument,
	type ReconcileDirection,
	type SourceEntry,
	type TargetEntry,
} from '../mappings/reconcile';
import type { ConnectionRef } from '../shared';
import type { LinkScope, LinkStore } from '../store';
import type { ActivityClients } from './engine/clients';
import { GET_OPERATION } from './engine/bexioInvoices';
import { mapFailures } from './engine/failures';
import { orUndefinedIfGone } from './engine/gone';
import { MasterDataCache, bexioMasterData } from './engine/masterData';

/**
 * The reconciliation's reads (see mappings/reconcile.ts for the comparison). Reads only: no API write,
 * no link write. Each source document of the period is read with its amounts, its link looked up in the
 * store the invoice jobs share (kind `invoices`), and the linked target read by id, so a target dated
 * elsewhere still pairs and a deleted one shows as gone. Target pages list the period's documents that
 * came from the direction's source, so the workflow can name those no source of the period links to.
 */

export interface ReconcilePageInput {
	direction: ReconcileDirection;
	lexoffice: ConnectionRef;
	bexio: ConnectionRef;
	from: string;
	to: string;
	cursor?: number;
	pageSize: number;
	includeDownPayments?: boolean;
}

/** bexio invoice statuses that are in the books: pending, paid, partially paid, unpaid (as the invoice import). */
const ISSUED = new Set([8, 9, 16, 31]);
/** lexoffice sales documents in the books: finalised, not voided. */
const BOOKED_STATUSES = 'open,paid,paidoff';

interface BexioListedInvoice {
	id: number;
	kb_item_status_id?: number;
	api_reference?: string | null;
	is_valid_from?: string | null;
}
interface VoucherRow {
	id: string;
	voucherType: string;
	voucherStatus?: string;
	voucherDate?: string | null;
}

const fromLexoffice = (d: ReconcileDirection) => d === 'lexofficeToBexio';
const cameFromLexoffice = (i: BexioListedInvoice) =>
	(i.api_reference ?? '').startsWith('lexoffice:');

/** The links the invoice jobs write: per direction, source and target account. */
function linkScope(input: ReconcilePageInput): LinkScope {
	const lex = { system: 'lexoffice' as const, connection: input.lexoffice.id };
	const bex = { system: 'bexio' as const, connection: input.bexio.id };
	return fromLexoffice(input.direction)
		? { kind: 'invoices', source: lex, target: bex }
		: { kind: 'invoices', source: bex, target: lex };
}

/** Reads both sides of the reconciliation for a period; `links`: the store, opened on first use. */
export class ReconcileReader {
	constructor(
		private readonly clients: ActivityClients,
		private readonly cache: MasterDataCache,
		private readonly links: () => LinkStore,
	) {}

	private async currencies(ref: ConnectionRef) {
		return (await bexioMasterData(this.clients.bexio(ref), this.cache, ref)()).currencyCodeById;
	}

	/** A bexio invoice with its amounts, or undefined when it is gone; `booked` false when not in the books (draft, cancelled). */
	private async bexioInvoice(ref: ConnectionRef, id: string, signal: AbortSignal) {
		const invoice = (await orUndefinedIfGone(() =>
			this.clients.bexio(ref).call('invoice.get', { path: { invoice_id: id }, signal }),
		)) as (BexioInvoiceDocument & BexioListedInvoice) | undefined;
		if (!invoice) return undefined;
		return {
			invoice,
			booked: ISSUED.has(invoice.kb_item_status_id ?? 0),
			cents: bexioInvoiceCents(invoice, await this.currencies(ref)),
		};
	}

	private async lexofficeVoucher(ref: ConnectionRef, id: string, signal: AbortSignal) {
		return (await orUndefinedIfGone(() =>
			this.clients.lexoffice(ref).call('voucher.get', { path: { id }, signal }),
		)) as
			| (LexofficeBookkeepingVoucher & { remark?: string | null; voucherStatus?: string })
			| undefined;
	}

	/** lexoffice → bexio voucher list of the period (Berlin days; rows outside are dropped when the list is read month by month). */
	private async lexofficeRows(
		input: ReconcilePageInput,
		query: Record<string, string>,
		signal: AbortSignal,
	) {
		const page = await voucherlistPage<VoucherRow>(
			this.clients.lexoffice(input.lexoffice),
			{ ...query, voucherDateFrom: input.from, voucherDateTo: input.to },
			input.cursor,
			input.pageSize,
			signal,
		);
		return {
			rows: page.rows.filter((r) => inPeriod(r.voucherDate?.slice(0, 10), input)),
			next: page.next,
		};
	}

	/** bexio invoices of the period by document date, ordered by id so pages stay stable. */
	private async bexioRows(input: ReconcilePageInput, signal: AbortSignal) {
		const body = [
			criterion('is_valid_from', '>=', input.from),
			criterion('is_valid_from', '<=', input.to),
		];
		for await (const page of this.clients
			.bexio(input.bexio)
			.pages(
				'invoice.search',
				{ query: { order_by: 'id' }, body, signal },
				{ pageSize: input.pageSize, start: input.cursor },
			)) {
			return {
				rows: (page.items as BexioListedInvoice[]).filter((i) =>
					inPeriod(i.is_valid_from?.slice(0, 10), input),
				),
				next: page.next,
			};
		}
		return { rows: [] as BexioListedInvoice[] };
	}

	/** One page of the direction's source documents in the period, each with its link and linked target. */
	async sourcePage(input: ReconcilePageInput): Promise<{ entries: SourceEntry[]; next?: number }> {
		return fromLexoffice(input.direction)
			? this.lexofficeSourcePage(input)
			: this.bexioSourcePage(input);
	}

	private async lexofficeSourcePage(
		input: ReconcilePageInput,
	): Promise<{ entries: SourceEntry[]; next?: number }> {
		const ctx = Context.current();
		const signal = ctx.cancellationSignal;
		const scope = linkScope(input);
		const entries: SourceEntry[] = [];
		const types = [
			'invoice',
			'creditnote',
			...(input.includeDownPayments ? ['downpaymentinvoice'] : []),
		];
		const { rows, next } = await this.lexofficeRows(
			input,
			{ voucherType: types.join(','), voucherStatus: BOOKED_STATUSES },
			signal,
		);
		for (const row of rows) {
			const operation = GET_OPERATION[row.voucherType as keyof typeof GET_OPERATION];
			if (!operation) continue;
			const voucher: LexofficeSalesDocument = await this.clients
				.lexoffice(input.lexoffice)
				.call(operation, { path: { id: row.id }, signal });
			const link = await this.links().getLink(scope, row.id);
			const entry: SourceEntry = {
				direction: input.direction,
				source: lexofficeSalesDocumentCents(voucher, row.voucherType),
			};
			if (link) {
				entry.targetId = link.targetId;
				const target = await this.bexioInvoice(input.bexio, link.targetId, signal);
				if (target?.booked) entry.target = target.cents;
				else if (target)
					entry.targetMissing = `is not in the books (bexio status ${target.invoice.kb_item_status_id})`;
			}
			entries.push(entry);
			ctx.heartbeat(row.id);
		}
		return { entries, next };
	}

	private async bexioSourcePage(
		input: ReconcilePageInput,
	): Promise<{ entries: SourceEntry[]; next?: number }> {
		const ctx = Context.current();
		const signal = ctx.cancellationSignal;
		const scope = linkScope(input);
		const entries: SourceEntry[] = [];
		const { rows, next } = await this.bexioRows(input, signal);
		// As the invoice import: issued invoices only, and none that came from lexoffice.
		for (const row of rows.filter(
			(r) => ISSUED.has(r.kb_item_status_id ?? 0) && !cameFromLexoffice(r),
		)) {
			const source = await this.bexioInvoice(input.bexio, String(row.id), signal);
			if (!source) continue;
			const link = await this.links().getLink(scope, String(row.id));
			const entry: SourceEntry = { direction: input.direction, source: source.cents };
			if (link) {
				entry.targetId = link.targetId;
				const voucher = await this.lexofficeVoucher(input.lexoffice, link.targetId, signal);
				if (voucher && voucher.voucherStatus !== 'voided') {
					entry.target = lexofficeVoucherCents(voucher);
					// A non-EUR invoice was converted: compare in EUR at the rate its voucher records.
					entry.source = convertedByRemark(source.cents, voucher);
				} else if (voucher) entry.targetMissing = 'is voided';
			}
			entries.push(entry);
			ctx.heartbeat(row.id);
		}
		return { entries, next };
	}

	/** One page of the period's target documents that came from the direction's source: their ids. */
	async targetPage(input: ReconcilePageInput): Promise<{ ids: string[]; next?: number }> {
		const signal = Context.current().cancellationSignal;
		if (fromLexoffice(input.direction)) {
			const { rows, next } = await this.bexioRows(input, signal);
			return {
				ids: rows
					.filter((r) => ISSUED.has(r.kb_item_status_id ?? 0) && cameFromLexoffice(r))
					.map((r) => String(r.id)),
				next,
			};
		}
		// Which of these the import booked shows only in the voucher itself (its remark); readTargets checks it.
		const { rows, next } = await this.lexofficeRows(
			input,
			{ voucherType: 'salesinvoice,salescreditnote', voucherStatus: 'any' },
			signal,
		);
		return { ids: rows.filter((r) => r.voucherStatus !== 'voided').map((r) => r.id), next };
	}

	/** Target documents no source links to, with their amounts; those that did not come from the direction's source are left out. */
	async readTargets(
		input: Omit<ReconcilePageInput, 'cursor' | 'pageSize'> & { ids: string[] },
	): Promise<TargetEntry[]> {
		const ctx = Context.current();
		const signal = ctx.cancellationSignal;
		const out: TargetEntry[] = [];
		for (const id of input.ids) {
			if (fromLexoffice(input.direction)) {
				const target = await this.bexioInvoice(input.bexio, id, signal);
				if (target?.booked && cameFromLexoffice(target.invoice))
					out.push({ direction: input.direction, target: target.cents });
			} else {
				const voucher = await this.lexofficeVoucher(input.lexoffice, id, signal);
				// The import writes "bexio <number>: <title>" as the voucher's remark.
				if (voucher && /^bexio /.test(voucher.remark ?? ''))
					out.push({ direction: input.direction, target: lexofficeVoucherCents(voucher) });
			}
			ctx.heartbeat(id);
		}
		return out;
	}
}

/** The reconciliation's activities (one per reading step), as createActivities registers them. */
export function reconcileActivities(reader: ReconcileReader) {
	return {
		/** One page of source documents with links and linked targets. */
		async reconcileSourcePage(
			input: ReconcilePageInput,
		): Promise<{ entries: SourceEntry[]; next?: number }> {
			return mapFailures(() => reader.sourcePage(input));
		},

		/** Ids of one page of the period's target documents. */
		async reconcileTargetPage(
			input: ReconcilePageInput,
		): Promise<{ ids: string[]; next?: number }> {
			return mapFailures(() => reader.targetPage(input));
		},

		/** Amounts of targets no source links to. */
		async reconcileTargets(
			input: Omit<ReconcilePageInput, 'cursor' | 'pageSize'> & { ids: string[] },
		): Promise<TargetEntry[]> {
			return mapFailures(() => reader.readTargets(input));
		},
	};
}
