import { ApiError, InvalidRequestError } from '../../../clients/http/errors';
import type { ImportFailure, ImportStats, MoneyAdjustment, PlannedWrite } from '../../shared';
import type { LinkScope, LinkStore, OutcomeKind } from '../../store';
import type { CreatedRecord } from './pipeline';

/**
 * Writes made safe to repeat: the intent recorded before a create, the signal writes run under, the
 * errors that fail one record rather than the job.
 */

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
	entry: {
		jobId: string;
		sourceId: string;
		intentKeys: string[];
		contentHash: string;
		linkKeys: string[];
	},
	steps: {
		findEarlier?: () => Promise<number | undefined>;
		create: () => Promise<string | CreatedRecord>;
	},
): Promise<CreatedRecord> {
	const { jobId, sourceId, contentHash } = entry;
	const link = (targetId: string) =>
		store.commit(scope, {
			jobId,
			sourceId,
			targetId,
			contentHash,
			keys: entry.linkKeys,
			outcome: 'created',
		});
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

export const zeroStats = (): ImportStats => ({
	processed: 0,
	created: 0,
	updated: 0,
	unchanged: 0,
	skipped: 0,
	failed: 0,
});

/** One record's outcome, as a page reports it. */
export interface RecordOutcome {
	outcome: OutcomeKind;
	reason?: string;
	plan?: PlannedWrite;
	adjustment?: MoneyAdjustment;
}

/** What a page of records reports: counts, failures, planned writes (dry run) and money adjustments. */
export interface PageTally {
	stats: ImportStats;
	failures: ImportFailure[];
	planned: PlannedWrite[];
	adjustments: MoneyAdjustment[];
}

/** Adds one record's outcome to its page's tally. */
export function tally(page: PageTally, sourceId: string, record: RecordOutcome): void {
	page.stats.processed += 1;
	page.stats[record.outcome] += 1;
	if (record.outcome === 'failed')
		page.failures.push({ sourceId, reason: record.reason ?? 'failed' });
	if (record.plan) page.planned.push(record.plan);
	if (record.adjustment) page.adjustments.push(record.adjustment);
}

/**
 * The message of an error that concerns this record only (the API refused it), or undefined for errors
 * that concern the whole job (auth, rate limit, outage) and must fail or retry the activity.
 */
export function recordFailure(error: unknown): string | undefined {
	if (error instanceof InvalidRequestError || error instanceof RecordRefusedError)
		return error.message;
	if (
		error instanceof ApiError &&
		(error.kind === 'validation' ||
			error.kind === 'conflict' ||
			error.kind === 'notFound' ||
			error.kind === 'unexpectedResponse')
	) {
		return `${error.system} ${error.status}: ${error.describe()}`;
	}
	return undefined;
}
