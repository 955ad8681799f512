import { Context } from '@temporalio/activity';

import type {
	ConnectionRef,
	ImportFailure,
	ImportKind,
	ImportStats,
	MoneyAdjustment,
	PlannedWrite,
	TaxPolicy,
} from '../../shared';
import type { LinkScope, LinkStore } from '../../store';
import {
	UNINTERRUPTED,
	createWithIntent,
	recordFailure,
	tally,
	zeroStats,
	type RecordOutcome,
} from './intents';
import type { Pipeline, SourceRecord } from './pipeline';
import { inPlaceRetries } from './retries';

/**
 * The bulk import engine: one source page per activity, each record through processRecord, which
 * decides from links, intents and the target's key index whether to create, update or leave it.
 */

export interface ImportPageInput {
	jobId: string;
	kind: ImportKind;
	source: ConnectionRef;
	target: ConnectionRef;
	cursor?: number;
	pageSize: number;
	dryRun: boolean;
	matchByEmail: boolean;
	/** Articles and invoices: source tax rate → target tax rate (BulkImportInput.taxRateMap). */
	taxRateMap?: Record<string, number>;
	/** Invoices: what a mapped rate may change (BulkImportInput.taxPolicy). */
	taxPolicy?: TaxPolicy;
	/** Invoices: exchange rates that win over bexio's (BulkImportInput.exchangeRates). */
	exchangeRates?: Record<string, number>;
	/** Invoices lexoffice → bexio: also down payment invoices (BulkImportInput.includeDownPayments). */
	includeDownPayments?: boolean;
	/** Invoices bexio → lexoffice: book on lexoffice's collective customer (BulkImportInput.collectiveContact). */
	collectiveContact?: boolean;
	/** Invoices bexio → lexoffice: only those updated since this day (BulkImportInput.updatedSince). */
	updatedSince?: string;
	/** Invoices bexio → lexoffice: attach the invoice's PDF to its voucher (BulkImportInput.attachPdf). */
	attachPdf?: boolean;
}

export interface ImportPageResult {
	/** Counts of this page only; the workflow adds them up. */
	stats: ImportStats;
	failures: ImportFailure[];
	planned: PlannedWrite[];
	/** Records written with amounts changed by the job's tax policy. */
	adjustments: MoneyAdjustment[];
	next?: number;
	total?: number;
}

/** What the page activity heartbeats after each record; a retry of the same page starts from here. */
interface PageHeartbeat {
	cursor: number | null;
	index: number;
	/** Source ids already counted in `stats` (guards against a page that shifted between attempts). */
	done: string[];
	stats: ImportStats;
	failures: ImportFailure[];
	planned: PlannedWrite[];
	adjustments: MoneyAdjustment[];
}

type Outcome = RecordOutcome;

/**
 * Reads one source page at `cursor` and writes its records, one at a time, heartbeating the position.
 *
 * Idempotent per record: a link (or a key in the target index) means the record exists and is compared
 * by content hash; an intent without a link means an earlier attempt may have created it, so the target
 * is searched by the record's key before anything is written; the job's outcome per record is stored
 * with the link in one transaction, so a retried page counts each record exactly once.
 */
export async function importPage(
	store: LinkStore,
	pipeline: Pipeline,
	input: ImportPageInput,
): Promise<ImportPageResult> {
	const ctx = Context.current();
	const signal = ctx.cancellationSignal;
	const scope: LinkScope = {
		kind: input.kind,
		source: { system: input.source.system, connection: input.source.id },
		target: { system: input.target.system, connection: input.target.id },
	};
	const previous = ctx.info.heartbeatDetails as PageHeartbeat | undefined;
	const resumed = previous && previous.cursor === (input.cursor ?? null) ? previous : undefined;
	const state: PageHeartbeat = resumed ?? {
		cursor: input.cursor ?? null,
		index: 0,
		done: [],
		stats: zeroStats(),
		failures: [],
		planned: [],
		adjustments: [],
	};
	const done = new Set(state.done);

	try {
		const page = await inPlaceRetries(
			() => pipeline.readSource(input.cursor, input.pageSize, signal),
			() => ctx.heartbeat(state),
		);
		for (let i = 0; i < page.records.length; i++) {
			const record = page.records[i];
			if (done.has(record.id)) continue;
			// Cancellation arrives with a heartbeat response; a call in flight aborts through `signal` (its intent covers it).
			if (signal.aborted) await ctx.cancelled;
			// A retried record goes through processRecord again: its intent makes a create that may have been applied safe.
			const result = await inPlaceRetries(
				() => processRecord(store, pipeline, scope, input, record, signal),
				() => ctx.heartbeat(state),
			);
			tally(state, record.id, result);
			done.add(record.id);
			state.index = i + 1;
			state.done = [...done];
			ctx.heartbeat(state);
		}
		return {
			stats: state.stats,
			failures: state.failures,
			planned: state.planned,
			adjustments: state.adjustments,
			next: page.next,
			total: page.total,
		};
	} catch (error) {
		// An aborted HTTP call surfaces as a network error; report it as the cancellation it is.
		if (signal.aborted) await ctx.cancelled;
		throw error;
	}
}

/** One record: link, intent lookup, key match, then create or update (the rules above). */
export async function processRecord(
	store: LinkStore,
	pipeline: Pipeline,
	scope: LinkScope,
	input: Pick<ImportPageInput, 'jobId' | 'dryRun' | 'matchByEmail'>,
	record: SourceRecord,
	signal: AbortSignal,
): Promise<Outcome> {
	const { jobId, dryRun } = input;
	if (!dryRun) {
		const earlier = await store.getOutcome(jobId, record.id);
		if (earlier) return { outcome: earlier.outcome, reason: earlier.reason };
	}
	const settle: Settle = async (outcome, reason) => {
		if (!dryRun) await store.recordOutcome(jobId, record.id, { outcome, reason });
		return { outcome, reason };
	};
	if (record.skip) return settle('skipped', record.skip);
	if (record.invalid) return settle('failed', record.invalid);

	try {
		const link = await store.getLink(scope, record.id);
		if (link && link.contentHash === record.hash) {
			if (!dryRun)
				await store.recordOutcome(jobId, record.id, {
					outcome: 'unchanged',
					targetId: link.targetId,
				});
			return { outcome: 'unchanged' };
		}

		let targetId = link?.targetId;
		// Created in an earlier attempt that crashed before linking it: counts as created by this job.
		let createdEarlier = false;
		if (!targetId && !dryRun && (await store.getIntent(scope, record.id))) {
			targetId = await pipeline.findInTarget(record, signal);
			createdEarlier = targetId !== undefined;
		}
		if (!targetId) {
			const match = await matchByKey(store, scope, input, record);
			if (match.ambiguous) return settle('failed', match.ambiguous);
			targetId = match.targetId;
		}

		let current: unknown;
		if (targetId) {
			current = await pipeline.readTarget(targetId, signal);
			if (current === undefined) {
				// Deleted in the target since it was linked or indexed: forget it and create anew.
				if (!dryRun) await store.dropTarget(scope.target, scope.kind, targetId);
				targetId = undefined;
				createdEarlier = false;
			}
		}

		// `return await`: a write that fails must reach the catch below, which turns it into an outcome.
		if (!targetId) return await createRecord(store, pipeline, scope, input, record, signal, settle);
		return await updateRecord(store, pipeline, scope, input, record, {
			targetId,
			current,
			createdEarlier,
		});
	} catch (error) {
		const reason = recordFailure(error);
		if (reason === undefined) throw error;
		return settle('failed', reason);
	}
}

/** Records a skipped or failed outcome (not in a dry run) and answers it. */
type Settle = (outcome: 'skipped' | 'failed', reason: string) => Promise<Outcome>;

/** No target yet: prepare the record, then create it under an intent (a dry run only plans it). */
async function createRecord(
	store: LinkStore,
	pipeline: Pipeline,
	scope: LinkScope,
	{ jobId, dryRun }: Pick<ImportPageInput, 'jobId' | 'dryRun'>,
	record: SourceRecord,
	signal: AbortSignal,
	settle: Settle,
): Promise<Outcome> {
	const problem = await pipeline.prepare?.(record, { jobId, dryRun }, signal);
	if (problem?.skip) return settle('skipped', problem.skip);
	if (problem?.invalid) return settle('failed', problem.invalid);
	if (dryRun)
		return {
			outcome: 'created',
			plan: { sourceId: record.id, action: 'create' },
			...adjusted(record, ''),
		};
	const entry = {
		jobId,
		sourceId: record.id,
		intentKeys: record.keys,
		contentHash: record.hash,
		linkKeys: record.targetKeys,
	};
	const created = await createWithIntent(store, scope, entry, {
		create: () => pipeline.create(record, UNINTERRUPTED),
	});
	return created.adjustment
		? { outcome: 'created', adjustment: created.adjustment }
		: { outcome: 'created', ...adjusted(record, created.targetId) };
}

/** The record's own adjustment (set by its mapping), for the target it is (or would be) written to. */
function adjusted(record: SourceRecord, targetId: string): Pick<Outcome, 'adjustment'> {
	return record.adjustment ? { adjustment: { ...record.adjustment, targetId } } : {};
}

/** A linked or matched target: updated when it differs, then the link and outcome are committed. */
async function updateRecord(
	store: LinkStore,
	pipeline: Pipeline,
	scope: LinkScope,
	{ jobId, dryRun }: Pick<ImportPageInput, 'jobId' | 'dryRun'>,
	record: SourceRecord,
	{
		targetId,
		current,
		createdEarlier,
	}: { targetId: string; current: unknown; createdEarlier: boolean },
): Promise<Outcome> {
	const changed = pipeline.differs(current, record);
	if (dryRun)
		return changed
			? {
					outcome: 'updated',
					plan: { sourceId: record.id, action: 'update', targetId },
					...adjusted(record, targetId),
				}
			: { outcome: 'unchanged' };
	if (changed) await pipeline.update(targetId, current, record, UNINTERRUPTED);
	const outcome = createdEarlier ? 'created' : changed ? 'updated' : 'unchanged';
	await store.commit(scope, {
		jobId,
		sourceId: record.id,
		targetId,
		contentHash: record.hash,
		keys: record.targetKeys,
		outcome,
	});
	return outcome === 'unchanged' ? { outcome } : { outcome, ...adjusted(record, targetId) };
}

async function matchByKey(
	store: LinkStore,
	scope: LinkScope,
	input: Pick<ImportPageInput, 'matchByEmail'>,
	record: SourceRecord,
): Promise<{ targetId?: string; ambiguous?: string }> {
	for (const key of record.keys) {
		if (key.startsWith('email:') && !input.matchByEmail) continue;
		const ids = await store.findTargets(scope.target, scope.kind, key);
		if (ids.length === 1) return { targetId: ids[0] };
		if (ids.length > 1)
			return {
				ambiguous: `${ids.length} ${scope.target.system} records share the key ${key}; not guessing which one`,
			};
	}
	return {};
}
