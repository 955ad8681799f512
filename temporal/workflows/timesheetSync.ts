import {
	ApplicationFailure,
	proxyActivities,
	setHandler,
	workflowInfo,
	type RetryPolicy,
} from '@temporalio/workflow';

import type { createActivities } from '../activities';
import type { TimesheetBatchResult } from '../activities/timesheets';
import {
	FAILURE_LIST_LIMIT,
	NON_RETRYABLE_FAILURES,
	PLAN_LIST_LIMIT,
	apiTaskQueue,
	jobProgressQuery,
	type ImportStats,
	type TimesheetEntry,
	type TimesheetSyncInput,
	type TimesheetSyncResult,
} from '../shared';

type Activities = ReturnType<typeof createActivities>;

/**
 * Retry layer 2, above the client's 4 attempts per call (no in-place layer here): Temporal repeats a
 * failed activity with no attempt limit, 1 s doubling to 1 min, until it succeeds, the job is cancelled or
 * the failure is non-retryable (validation, auth, conflict, a write that may have been applied and has
 * no intent to look it up, …). A repeated activity finds what an earlier attempt wrote by its links and references.
 */
const retry: RetryPolicy = {
	initialInterval: '1 second',
	backoffCoefficient: 2,
	maximumInterval: '1 minute',
	nonRetryableErrorTypes: [...NON_RETRYABLE_FAILURES],
};

const DEFAULT_BATCH = 100;

/**
 * Time entries handed over from n8n (or read from a CSV/JSON file) → bexio timesheets, or one draft
 * invoice per customer; `preview` resolves and plans without writing. Entries go to bexio in batches,
 * one activity each; every entry is linked by its externalId, so a re-run writes nothing and an entry
 * that cannot be mapped fails alone, with its reason.
 */
export async function timesheetSync(input: TimesheetSyncInput): Promise<TimesheetSyncResult> {
	const info = workflowInfo();
	const mode = input.mode ?? 'timesheets';
	checkInput(input);
	const api = proxyActivities<Activities>({
		taskQueue: apiTaskQueue(input.connection, info.taskQueue),
		startToCloseTimeout: '10 minutes',
		heartbeatTimeout: '1 minute',
		retry,
	});
	const local = proxyActivities<Activities>({ startToCloseTimeout: '2 minutes', retry });

	const stats: ImportStats = {
		processed: 0,
		created: 0,
		updated: 0,
		unchanged: 0,
		skipped: 0,
		failed: 0,
	};
	const result: TimesheetSyncResult = {
		mode,
		stats,
		failures: [],
		planned: [],
		fictionalUsers: [],
		invoices: [],
	};
	// One job id per run: the outcome of each entry is kept per job, so a retried batch counts it once.
	const jobId = `${info.workflowId}/${info.runId}`;
	const job = { total: input.entries?.length ?? 0, done: false };
	setHandler(jobProgressQuery, () => ({
		jobId,
		workflowType: 'timesheetSync',
		total: job.total,
		stats,
		failures: result.failures,
		done: job.done,
	}));
	const entries = input.entries ?? (await local.readTimesheetSource({ source: input.source! }));
	job.total = entries.length;

	const valid = validEntries(entries, result);
	await syncBatches(api, input, jobId, valid, result);
	if (mode !== 'preview') await finishJob(local, jobId, result);
	job.done = true;
	return result;
}

/** A request without a bexio connection or without entries fails at once, without retries. */
function checkInput(input: TimesheetSyncInput): void {
	if (input.connection?.system !== 'bexio')
		throw ApplicationFailure.nonRetryable(
			'timesheetSync needs "connection": {"system": "bexio", "id": "<connection id>"}',
			'InvalidRequestError',
		);
	if (!input.entries && !input.source)
		throw ApplicationFailure.nonRetryable(
			'timesheetSync needs "entries" or "source": {"format": "csv" | "json", "url": "…"}',
			'InvalidRequestError',
		);
	if (input.entries && !Array.isArray(input.entries))
		throw ApplicationFailure.nonRetryable(
			'timesheetSync needs "entries" as an array of time entries',
			'InvalidRequestError',
		);
}

/**
 * The entries that can be synced, their ids trimmed. An entry without an id cannot be made idempotent;
 * a repeated id would be written once only: both are counted as failed, with their reason.
 */
function validEntries(entries: TimesheetEntry[], result: TimesheetSyncResult): TimesheetEntry[] {
	const { stats } = result;
	const seen = new Set<string>();
	const valid: TimesheetEntry[] = [];
	entries.forEach((entry, i) => {
		const id =
			entry?.externalId === undefined || entry?.externalId === null
				? ''
				: String(entry.externalId).trim();
		const reason = !id
			? 'no externalId: every entry needs the id it has in its source'
			: seen.has(id)
				? `externalId ${id} occurs more than once; only its first entry is synced`
				: undefined;
		if (reason) {
			stats.processed += 1;
			stats.failed += 1;
			if (result.failures.length < FAILURE_LIST_LIMIT)
				result.failures.push({ sourceId: id || `#${i + 1}`, reason });
			return;
		}
		seen.add(id);
		valid.push({ ...entry, externalId: id });
	});
	return valid;
}

/** One activity per batch, in order; each batch's outcome is added to the result. */
async function syncBatches(
	api: Pick<Activities, 'syncTimesheetBatch'>,
	input: TimesheetSyncInput,
	jobId: string,
	valid: TimesheetEntry[],
	result: TimesheetSyncResult,
): Promise<void> {
	const { mode } = result;
	// Drafts are per customer, so all entries go to one activity; the others in batches.
	const size =
		mode === 'invoiceDrafts'
			? Math.max(1, valid.length)
			: Math.max(1, input.batchSize ?? DEFAULT_BATCH);
	for (let start = 0; start < valid.length; start += size) {
		const r: TimesheetBatchResult = await api.syncTimesheetBatch({
			jobId,
			connection: input.connection,
			sourceName: input.sourceName ?? 'n8n',
			mode,
			entries: valid.slice(start, start + size),
			fictionalUsers: input.fictionalUsers,
			invoice: input.invoice,
		});
		addBatch(result, r);
	}
}

/** One batch's counts, failures, plans, users and drafts added to the result (the lists capped). */
function addBatch(result: TimesheetSyncResult, r: TimesheetBatchResult): void {
	const { stats } = result;
	for (const k of Object.keys(stats) as Array<keyof ImportStats>) stats[k] += r.stats[k];
	result.failures.push(
		...r.failures.slice(0, Math.max(0, FAILURE_LIST_LIMIT - result.failures.length)),
	);
	result.planned.push(...r.planned.slice(0, Math.max(0, PLAN_LIST_LIMIT - result.planned.length)));
	// A preview plans a new person once per batch; the list names each once.
	for (const u of r.fictionalUsers)
		if (
			!result.fictionalUsers.some(
				(x) => x.person.trim().toLowerCase() === u.person.trim().toLowerCase(),
			)
		)
			result.fictionalUsers.push(u);
	result.invoices.push(...r.invoices);
}

/** After writing: the failures file when the list overflowed, then the job's outcomes forgotten. */
async function finishJob(
	local: Pick<Activities, 'finishImport' | 'forgetJob'>,
	jobId: string,
	result: TimesheetSyncResult,
): Promise<void> {
	const { stats } = result;
	// Beyond the list, all failures of mapping and writing go to a report file (missing or repeated ids are only counted).
	if (stats.failed > FAILURE_LIST_LIMIT)
		result.failuresFile = (
			await local.finishImport({ jobId, dryRun: false, failed: stats.failed })
		).failuresFile;
	await local.forgetJob({ jobId });
	await local.forgetJob({ jobId: `${jobId}/users` });
}
