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
	type ApprovalState,
	type ImportStats,
	type JobProgress,
	type TimesheetEntry,
	type TimesheetSyncInput,
	type TimesheetSyncMode,
	type TimesheetSyncResult,
} from '../shared';
import { EMPTY_PLAN_HASH, foldPlanHash } from '../planHash';
import {
	approvalOutcome,
	approvalView,
	awaitDecision,
	planWritesNothing,
	setApprovalHandlers,
} from './approval';

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
 * that cannot be mapped fails alone, with its reason. With `approval` the job previews first and writes
 * only a plan approved by its hash (approval.ts).
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

	// One job id per run: the outcome of each entry is kept per job, so a retried batch counts it once.
	const jobId = `${info.workflowId}/${info.runId}`;
	const approval: ApprovalState | undefined =
		input.approval === true && mode !== 'preview' ? { pass: 'plan' } : undefined;
	const job: SyncJob = {
		jobId,
		total: input.entries?.length ?? 0,
		done: false,
		result: emptyResult(mode),
		...(approval ? { phase: 'planning' as const, approval } : {}),
	};
	const progress = () => progressOf(job);
	setHandler(jobProgressQuery, progress);
	setApprovalHandlers(
		{
			name: `Timesheet sync ${jobId}`,
			phase: () => job.phase ?? 'writing',
			approval: () => approval,
		},
		progress,
	);
	const entries = () =>
		input.entries
			? Promise.resolve(input.entries)
			: local.readTimesheetSource({ source: input.source! });

	if (approval && !(await planUntilApproved(api, input, job, entries, approval))) {
		job.phase = 'rejected';
		job.done = true;
		return { ...job.result, approval: approvalOutcome(approval) };
	}
	if (approval?.notNeeded) {
		// The plan writes nothing: its counts are the job's, in the job's mode.
		job.phase = 'completed';
		job.done = true;
		return { ...job.result, mode, approval: approvalOutcome(approval) };
	}
	if (approval) job.phase = 'writing';
	job.result = emptyResult(mode);
	await syncPass(api, input, job, await entries());
	if (mode !== 'preview') await finishJob(local, jobId, job.result);
	job.done = true;
	if (!approval) return job.result;
	job.phase = 'completed';
	return { ...job.result, approval: approvalOutcome(approval) };
}

/** A timesheet sync as its progress query shows it; `result` is the pass in progress. */
interface SyncJob {
	jobId: string;
	total: number;
	done: boolean;
	result: TimesheetSyncResult;
	phase?: JobProgress['phase'];
	approval?: ApprovalState;
}

function progressOf(job: SyncJob): JobProgress {
	return {
		jobId: job.jobId,
		workflowType: 'timesheetSync',
		total: job.total,
		stats: { ...job.result.stats },
		failures: [...job.result.failures],
		done: job.done,
		...(job.phase ? { phase: job.phase } : {}),
		...(job.approval ? { approval: approvalView(job.approval) } : {}),
	};
}

function emptyResult(mode: TimesheetSyncMode): TimesheetSyncResult {
	const stats = { processed: 0, created: 0, updated: 0, unchanged: 0, skipped: 0, failed: 0 };
	return { mode, stats, failures: [], planned: [], fictionalUsers: [], invoices: [] };
}

/** One pass over the entries (read again each pass: a file may have changed); answers the plan's hash. */
async function syncPass(
	api: Pick<Activities, 'syncTimesheetBatch'>,
	input: TimesheetSyncInput,
	job: SyncJob,
	entries: TimesheetEntry[],
): Promise<string> {
	job.total = entries.length;
	const valid = validEntries(entries, job.result);
	const batches = await syncBatches(api, input, job.jobId, valid, job.result);
	return foldPlanHash(batches, { stats: job.result.stats, failures: job.result.failures });
}

/**
 * Previews until a plan is approved: each plan waits for Job → Approve (naming its hash) or Reject; after
 * an approval the job previews once more and answers true only when that plan is the approved one (the
 * entries or bexio may have changed while it waited), otherwise the new plan waits. False: rejected.
 */
async function planUntilApproved(
	api: Pick<Activities, 'syncTimesheetBatch'>,
	input: TimesheetSyncInput,
	job: SyncJob,
	entries: () => Promise<TimesheetEntry[]>,
	approval: ApprovalState,
): Promise<boolean> {
	for (;;) {
		job.phase = 'planning';
		job.result = emptyResult('preview');
		approval.planHash = await syncPass(api, { ...input, mode: 'preview' }, job, await entries());
		approval.planStats = { ...job.result.stats };
		approval.planned = [...job.result.planned];
		if (approval.approvedHash === approval.planHash || planWritesNothing(approval)) return true;
		job.phase = 'awaitingApproval';
		if (!(await awaitDecision(approval))) return false;
	}
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

/** One activity per batch, in order; each batch's outcome is added to the result and folded into the answered hash. */
async function syncBatches(
	api: Pick<Activities, 'syncTimesheetBatch'>,
	input: TimesheetSyncInput,
	jobId: string,
	valid: TimesheetEntry[],
	result: TimesheetSyncResult,
): Promise<string> {
	const { mode } = result;
	let hash = EMPTY_PLAN_HASH;
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
		hash = foldPlanHash(hash, r);
	}
	return hash;
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
