import { Context } from '@temporalio/activity';

import { ApiError, InvalidRequestError, isRetryable } from '../../clients/http/errors';
import type { ConnectionRef, ImportFailure, ImportKind, ImportStats, MoneyAdjustment, PlannedWrite, TaxPolicy } from '../shared';
import type { LinkScope, LinkStore, OutcomeKind } from '../store';
import type { CreatedRecord, Pipeline, SourceRecord } from './contacts';

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
	/** Invoices lexoffice → bexio: also down payment invoices (BulkImportInput.includeDownPayments). */
	includeDownPayments?: boolean;
	/** Invoices bexio → lexoffice: book on lexoffice's collective customer (BulkImportInput.collectiveContact). */
	collectiveContact?: boolean;
	/** Invoices bexio → lexoffice: only those updated since this day (BulkImportInput.updatedSince). */
	updatedSince?: string;
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

/**
 * Writes are not aborted by a cancellation: an aborted create may still be applied by the API, and the
 * job would then report one record less than the target holds. A write in flight finishes and is
 * committed; the page stops before the next record.
 */
export const UNINTERRUPTED: AbortSignal = new AbortController().signal;

/**
 * For a write the caller has made safe to repeat (an intent recorded, or a read before the write): its
 * error no longer says "may have been applied", so the activity retries it instead of giving up.
 */
export function markRetrySafe(error: unknown): void {
	if (error instanceof ApiError && error.maybeApplied) error.maybeApplied = false;
}

/**
 * Creates one record and links it. The intent is recorded before the create, so a retry after an
 * ambiguous create looks the record up in the target before creating it again: with `findEarlier`
 * here, or in the caller's own lookup (processRecord).
 */
export async function createWithIntent(
	store: LinkStore,
	scope: LinkScope,
	entry: { jobId: string; sourceId: string; intentKeys: string[]; contentHash: string; linkKeys: string[] },
	steps: { findEarlier?: () => Promise<number | undefined>; create: () => Promise<string | CreatedRecord> },
): Promise<CreatedRecord> {
	const { jobId, sourceId, contentHash } = entry;
	const link = (targetId: string) => store.commit(scope, { jobId, sourceId, targetId, contentHash, keys: entry.linkKeys, outcome: 'created' });
	if (steps.findEarlier && (await store.getIntent(scope, sourceId))) {
		const earlier = await steps.findEarlier();
		if (earlier !== undefined) {
			await link(String(earlier));
			return { targetId: String(earlier) };
		}
	}
	await store.recordIntent(scope, sourceId, { jobId, keys: entry.intentKeys });
	let created: CreatedRecord;
	try {
		const result = await steps.create();
		created = typeof result === 'string' ? { targetId: result } : result;
	} catch (error) {
		markRetrySafe(error);
		throw error;
	}
	await link(created.targetId);
	return created;
}

/** This record cannot be written as it is (e.g. the target computed other amounts than the source's); the job goes on. */
export class RecordRefusedError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'RecordRefusedError';
	}
}

export const zeroStats = (): ImportStats => ({ processed: 0, created: 0, updated: 0, unchanged: 0, skipped: 0, failed: 0 });

interface Outcome {
	outcome: OutcomeKind;
	reason?: string;
	plan?: PlannedWrite;
	adjustment?: MoneyAdjustment;
}

/**
 * Reads one source page at `cursor` and writes its records, one at a time, heartbeating the position.
 *
 * Idempotent per record: a link (or a key in the target index) means the record exists and is compared
 * by content hash; an intent without a link means an earlier attempt may have created it, so the target
 * is searched by the record's key before anything is written; the job's outcome per record is stored
 * with the link in one transaction, so a retried page counts each record exactly once.
 */
export async function importPage(store: LinkStore, pipeline: Pipeline, input: ImportPageInput): Promise<ImportPageResult> {
	const ctx = Context.current();
	const signal = ctx.cancellationSignal;
	const scope: LinkScope = {
		kind: input.kind,
		source: { system: input.source.system, connection: input.source.id },
		target: { system: input.target.system, connection: input.target.id },
	};
	const previous = ctx.info.heartbeatDetails as PageHeartbeat | undefined;
	const resumed = previous && previous.cursor === (input.cursor ?? null) ? previous : undefined;
	const state: PageHeartbeat = resumed ?? { cursor: input.cursor ?? null, index: 0, done: [], stats: zeroStats(), failures: [], planned: [], adjustments: [] };
	const done = new Set(state.done);

	try {
		const page = await inPlaceRetries(() => pipeline.readSource(input.cursor, input.pageSize, signal), () => ctx.heartbeat(state));
		for (let i = 0; i < page.records.length; i++) {
			const record = page.records[i];
			if (done.has(record.id)) continue;
			// Cancellation arrives with a heartbeat response; a call in flight aborts through `signal` (its intent covers it).
			if (signal.aborted) await ctx.cancelled;
			// A retried record goes through processRecord again: its intent makes a create that may have been applied safe.
			const result = await inPlaceRetries(() => processRecord(store, pipeline, scope, input, record, signal), () => ctx.heartbeat(state));
			state.stats.processed += 1;
			state.stats[result.outcome] += 1;
			if (result.outcome === 'failed') state.failures.push({ sourceId: record.id, reason: result.reason ?? 'failed' });
			if (result.plan) state.planned.push(result.plan);
			if (result.adjustment) state.adjustments.push(result.adjustment);
			done.add(record.id);
			state.index = i + 1;
			state.done = [...done];
			ctx.heartbeat(state);
		}
		return { stats: state.stats, failures: state.failures, planned: state.planned, adjustments: state.adjustments, next: page.next, total: page.total };
	} catch (error) {
		// An aborted HTTP call surfaces as a network error; report it as the cancellation it is.
		if (signal.aborted) await ctx.cancelled;
		throw error;
	}
}

/**
 * Retry layer 2 (bulk import only): attempts per record (and per source page read) before a transient
 * failure fails the page activity. Each attempt's HTTP calls have their own 4 client attempts (layer 1),
 * so one call is sent at most 4 × 6 = 24 times per activity attempt.
 */
const IN_PLACE_ATTEMPTS = 6;
const IN_PLACE_MAX_WAIT_MS = 4000;

/**
 * Retries transient API failures (5xx, 429, no response) in place, with jittered backoff (0.2 s doubling,
 * at most 4 s) and the API's Retry-After (a longer one goes to Temporal), heartbeating while waiting. A
 * create that may have been applied is retried too: the record's intent makes the next attempt look it
 * up before writing. Without this every transient failure failed the whole page
 * activity, and since Temporal's attempt count never resets while a page makes progress, a page under a
 * few percent of 5xx spent most of its time in retry backoff of up to a minute.
 */
export async function inPlaceRetries<T>(fn: () => Promise<T>, heartbeat: () => void): Promise<T> {
	const ctx = Context.current();
	for (let attempt = 1; ; attempt++) {
		try {
			return await fn();
		} catch (error) {
			if (attempt >= IN_PLACE_ATTEMPTS || ctx.cancellationSignal.aborted || !isRetryable(error)) throw error;
			const backoff = Math.min(IN_PLACE_MAX_WAIT_MS, 200 * 2 ** (attempt - 1)) * (0.5 + Math.random() / 2);
			const retryAfter = error instanceof ApiError ? (error.retryAfterMs ?? 0) : 0;
			if (retryAfter > IN_PLACE_MAX_WAIT_MS) throw error;
			for (let waited = 0, wait = Math.max(backoff, retryAfter); waited < wait; waited += 500) {
				heartbeat();
				await ctx.sleep(Math.min(500, wait - waited));
			}
		}
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
	const settle = async (outcome: 'skipped' | 'failed', reason: string): Promise<Outcome> => {
		if (!dryRun) await store.recordOutcome(jobId, record.id, { outcome, reason });
		return { outcome, reason };
	};
	if (record.skip) return settle('skipped', record.skip);
	if (record.invalid) return settle('failed', record.invalid);

	try {
		const link = await store.getLink(scope, record.id);
		if (link && link.contentHash === record.hash) {
			if (!dryRun) await store.recordOutcome(jobId, record.id, { outcome: 'unchanged', targetId: link.targetId });
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

		if (!targetId) {
			const problem = await pipeline.prepare?.(record, { jobId, dryRun }, signal);
			if (problem?.skip) return settle('skipped', problem.skip);
			if (problem?.invalid) return settle('failed', problem.invalid);
			if (dryRun) return { outcome: 'created', plan: { sourceId: record.id, action: 'create' } };
			const entry = { jobId, sourceId: record.id, intentKeys: record.keys, contentHash: record.hash, linkKeys: record.targetKeys };
			const created = await createWithIntent(store, scope, entry, { create: () => pipeline.create(record, UNINTERRUPTED) });
			return { outcome: 'created', adjustment: created.adjustment };
		}

		const changed = pipeline.differs(current, record);
		if (dryRun) return changed ? { outcome: 'updated', plan: { sourceId: record.id, action: 'update', targetId } } : { outcome: 'unchanged' };
		if (changed) await pipeline.update(targetId, current, record, UNINTERRUPTED);
		const outcome = createdEarlier ? 'created' : changed ? 'updated' : 'unchanged';
		await store.commit(scope, { jobId, sourceId: record.id, targetId, contentHash: record.hash, keys: record.targetKeys, outcome });
		return { outcome };
	} catch (error) {
		const reason = recordFailure(error);
		if (reason === undefined) throw error;
		return settle('failed', reason);
	}
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
		if (ids.length > 1) return { ambiguous: `${ids.length} ${scope.target.system} records share the key ${key}; not guessing which one` };
	}
	return {};
}

/**
 * The message of an error that concerns this record only (the API refused it), or undefined for errors
 * that concern the whole job (auth, rate limit, outage) and must fail or retry the activity.
 */
export function recordFailure(error: unknown): string | undefined {
	if (error instanceof InvalidRequestError || error instanceof RecordRefusedError) return error.message;
	if (error instanceof ApiError && (error.kind === 'validation' || error.kind === 'conflict' || error.kind === 'notFound' || error.kind === 'unexpectedResponse')) {
		return `${error.system} ${error.status}: ${error.describe()}`;
	}
	return undefined;
}
