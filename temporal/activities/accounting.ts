import { Context } from '@temporalio/activity';

import { chartOf, planBooking, type Account, type Chart, type Tax } from '../mappings/bookings';
import type {
	AccountingExportInput,
	BookingLine,
	ConnectionRef,
	ImportFailure,
	ImportStats,
	PlannedBooking,
} from '../shared';
import type { LinkScope, LinkStore } from '../store';
import type { ActivityClients, BexioClient } from './engine/clients';
import { contentHash } from './engine/contentHash';
import { UNINTERRUPTED, createWithIntent, recordFailure, zeroStats } from './engine/intents';

/**
 * Booking lines from outside (cash book, POS, bank export handed over by n8n) → bexio manual entries
 * of type `manual_single_entry`: one debit and one credit account per
 * line, resolved from the job's account map (source key → bexio account number) or taken as a bexio
 * account number, then to the account id from the chart of accounts. A line whose account is neither
 * mapped nor in the chart fails with the account and the fix; the other lines are booked.
 *
 * Links (kind `manualEntries`, per source name) make every run idempotent. The entry's `reference_nr`
 * is the line's externalId (bexio's dedup handle for manual entries), so a create that
 * may have happened before a crash is found again in the entry list instead of booked twice. A line
 * changed after it was booked is not rebooked: bookings are corrected in bexio or by a correction line.
 */

export interface AccountingBatchInput {
	jobId: string;
	connection: ConnectionRef;
	sourceName: string;
	lines: BookingLine[];
	accountMap: Record<string, string>;
	defaults: NonNullable<AccountingExportInput['defaults']>;
	dryRun: boolean;
}

export interface AccountingBatchResult {
	stats: ImportStats;
	failures: ImportFailure[];
	planned: PlannedBooking[];
}

type Outcome = {
	outcome: 'created' | 'unchanged' | 'skipped' | 'failed';
	reason?: string;
	plan?: PlannedBooking;
};

const hash = (value: unknown): string => contentHash(value);

/** One batch's fixed parts: where it writes, what it resolves against. */
interface Batch {
	bexio: BexioClient;
	store: LinkStore;
	input: AccountingBatchInput;
	scope: LinkScope;
	chart: Chart;
	signal: AbortSignal;
}

export async function exportBookingBatch(
	clients: ActivityClients,
	store: LinkStore,
	input: AccountingBatchInput,
): Promise<AccountingBatchResult> {
	const ctx = Context.current();
	const signal = ctx.cancellationSignal;
	const bexio = clients.bexio(input.connection);
	const scope: LinkScope = {
		kind: 'manualEntries',
		source: { system: 'external', connection: input.sourceName },
		target: { system: 'bexio', connection: input.connection.id },
	};
	const [accounts, taxes, currencies] = await Promise.all([
		bexio.list('account.getAll', { signal }, { returnAll: true }),
		bexio.list('tax.getAll', { signal }, { returnAll: true }),
		bexio.list('currency.getAll', { signal }, { returnAll: true }),
	]);
	const batch: Batch = {
		bexio,
		store,
		input,
		scope,
		chart: chartOf(accounts as Account[], taxes as Tax[], currencies),
		signal,
	};

	const result: AccountingBatchResult = { stats: zeroStats(), failures: [], planned: [] };
	for (const line of input.lines) {
		if (signal.aborted) await ctx.cancelled;
		const o = await bookOne(batch, line);
		result.stats.processed += 1;
		result.stats[o.outcome] += 1;
		if (o.outcome === 'failed')
			result.failures.push({ sourceId: line.externalId, reason: o.reason ?? 'failed' });
		if (o.plan) result.planned.push(o.plan);
		ctx.heartbeat(line.externalId);
	}
	return result;
}

async function settle(
	{ store, input }: Batch,
	sourceId: string,
	outcome: 'skipped' | 'failed',
	reason: string,
): Promise<Outcome> {
	if (!input.dryRun) await store.recordOutcome(input.jobId, sourceId, { outcome, reason });
	return { outcome, reason };
}

/** After a crash between create and link: the entry carrying the line's reference number (no search exists). */
async function findEntry(
	{ bexio, signal }: Batch,
	reference: string,
	date: string,
): Promise<number | undefined> {
	for await (const entry of bexio.items('manualEntry.getAll', { signal })) {
		if (entry.reference_nr === reference && entry.date === date) return entry.id;
	}
	return undefined;
}

/** One line: its earlier outcome, or planned, compared with its link, and booked once. */
async function bookOne(batch: Batch, line: BookingLine): Promise<Outcome> {
	const { bexio, store, input, scope } = batch;
	const id = String(line.externalId);
	if (!input.dryRun) {
		const earlier = await store.getOutcome(input.jobId, id);
		if (earlier) return { outcome: earlier.outcome as Outcome['outcome'], reason: earlier.reason };
	}
	try {
		const body = planBooking(line, batch.chart, input);
		if (typeof body === 'string') return settle(batch, id, 'failed', body);
		const contentHash = hash(body);
		const link = await store.getLink(scope, id);
		if (link) {
			if (link.contentHash === contentHash) {
				if (!input.dryRun)
					await store.recordOutcome(input.jobId, id, {
						outcome: 'unchanged',
						targetId: link.targetId,
					});
				return { outcome: 'unchanged' };
			}
			return settle(
				batch,
				id,
				'skipped',
				`already booked as bexio manual entry ${link.targetId} with other values; bookings are not changed by the export: correct the entry in bexio or send a correction line`,
			);
		}
		if (input.dryRun) return { outcome: 'created', plan: { sourceId: id, action: 'create', body } };
		await createWithIntent(
			store,
			scope,
			{ jobId: input.jobId, sourceId: id, intentKeys: [id], contentHash, linkKeys: [] },
			{
				findEarlier: () => findEntry(batch, id, line.date),
				create: async () =>
					String((await bexio.call('manualEntry.create', { body, signal: UNINTERRUPTED })).id),
			},
		);
		return { outcome: 'created' };
	} catch (error) {
		const reason = recordFailure(error);
		if (reason === undefined) throw error;
		return settle(batch, id, 'failed', reason);
	}
}
