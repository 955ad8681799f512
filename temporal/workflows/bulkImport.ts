import {
	ActivityCancellationType,
	CancellationScope,
	allHandlersFinished,
	condition,
	continueAsNew,
	isCancellation,
	proxyActivities,
	setHandler,
	workflowInfo,
	type RetryPolicy,
} from '@temporalio/workflow';

import type { createActivities } from '../activities';
import type { ImportPageInput, ImportPageResult } from '../activities/engine/importer';
import {
	FAILURE_LIST_LIMIT,
	NON_RETRYABLE_FAILURES,
	PLAN_LIST_LIMIT,
	apiTaskQueue,
	pauseUpdate,
	progressQuery,
	resumeUpdate,
	type ApprovalState,
	type BulkImportInput,
	type BulkImportResult,
	type ImportProgress,
	type ImportState,
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

const DEFAULT_PAGE_SIZE = 100;
const DEFAULT_PAGES_PER_RUN = 50;

/**
 * Retry layer 3, above the client's (4 attempts per call) and the importer's in-place one (6 per record):
 * Temporal repeats a failed activity with no attempt limit, 1 s doubling to 1 min, until it succeeds, the
 * job is cancelled or the failure is non-retryable (validation, auth, conflict, a write that may have been
 * applied and has no intent to look it up, …). A repeated page skips the records it finished (heartbeat and stored outcomes).
 */
const retry: RetryPolicy = {
	initialInterval: '1 second',
	backoffCoefficient: 2,
	maximumInterval: '1 minute',
	nonRetryableErrorTypes: [...NON_RETRYABLE_FAILURES],
};

/**
 * Imports every record of one kind from a source account into a target account:
 * first the target's business keys are indexed page by page, then the source is read and written one
 * page per activity. The workflow holds one page's counts at a time, never records; pause/resume are
 * updates, cancel is Temporal cancellation, and the state moves to a new run every `pagesPerRun` pages
 * or when the server suggests it.
 */
export async function bulkImport(input: BulkImportInput): Promise<BulkImportResult> {
	const info = workflowInfo();
	const pageSize = input.pageSize ?? DEFAULT_PAGE_SIZE;
	const pagesPerRun = input.pagesPerRun ?? DEFAULT_PAGES_PER_RUN;
	const dryRun = input.dryRun ?? false;
	const matchByEmail = input.matchByEmail ?? false;
	const state: ImportState =
		input.state ?? initialState(`${info.workflowId}/${info.firstExecutionRunId}`);
	if (input.approval === true && !dryRun) state.approval ??= { pass: 'plan' };

	// Activities that call an API run on the target account's queue, where the worker caps their rate.
	const api = proxyActivities<Activities>({
		taskQueue: apiTaskQueue(input.target, info.taskQueue),
		startToCloseTimeout: '10 minutes',
		heartbeatTimeout: (input.heartbeatTimeoutSeconds ?? 30) * 1000,
		// Wait for the page to stop writing before cleanup reads the final counts.
		cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
		retry,
	});
	const local = proxyActivities<Activities>({ startToCloseTimeout: '2 minutes', retry });

	// True while the loop stands still for a pause (not carried: a new run recomputes it at once).
	let waiting = false;
	const progress = (): ImportProgress => progressOf(input, state, dryRun, waiting);
	setHandlers(state, progress);

	// Always one condition per page, evaluated after every job of the activation: a pause that arrives
	// together with a page's result takes effect before the next page (the recorded histories rely on it).
	const waitWhilePaused = async (): Promise<void> => {
		await condition(() => {
			waiting = state.paused;
			return !state.paused;
		});
		waiting = false;
	};

	let pagesThisRun = 0;
	const maybeContinueAsNew = async (): Promise<void> => {
		pagesThisRun += 1;
		if (pagesThisRun < pagesPerRun && !workflowInfo().continueAsNewSuggested) return;
		await condition(allHandlersFinished);
		await continueAsNew<typeof bulkImport>({ ...input, state: { ...state, runs: state.runs + 1 } });
	};

	const steps: PageSteps = { waitWhilePaused, maybeContinueAsNew };
	const options = { pageSize, dryRun, matchByEmail };
	try {
		if (state.approval?.pass === 'plan') {
			const approved = await planUntilApproved(api, input, state, options, steps);
			if (!approved || state.approval.notNeeded) {
				// Rejected, or a plan without writes: the plan's counts are the job's, nothing was written.
				await local.forgetJob({ jobId: state.jobId });
				state.phase = approved ? 'completed' : 'rejected';
				return result(state, dryRun, undefined);
			}
		}
		await indexPages(api, input, state, options, steps);
		await importPages(api, input, state, options, steps);

		const done = await local.finishImport({
			jobId: state.jobId,
			dryRun,
			failed: state.stats.failed,
		});
		await local.forgetJob({ jobId: state.jobId });
		state.phase = 'completed';
		return result(state, dryRun, done.failuresFile);
	} catch (error) {
		if (!isCancellation(error)) throw error;
		// Cancelled: the page activity has stopped (WAIT_CANCELLATION_COMPLETED); the store knows what it
		// wrote, so the final statistics are exact and stay queryable on the closed workflow.
		await CancellationScope.nonCancellable(() => finishCancelled(local, state, dryRun));
		throw error;
	}
}

/** What the page loops do before and after each page: wait out a pause, move to a new run if due. */
interface PageSteps {
	waitWhilePaused: () => Promise<void>;
	maybeContinueAsNew: () => Promise<void>;
}

type PageOptions = { pageSize: number; dryRun: boolean; matchByEmail: boolean };

/** Indexes the target's business keys page by page, then moves the job to importing. */
async function indexPages(
	api: Pick<Activities, 'indexTargetPage'>,
	input: BulkImportInput,
	state: ImportState,
	{ pageSize, matchByEmail }: PageOptions,
	steps: PageSteps,
): Promise<void> {
	while (state.phase === 'indexing') {
		await steps.waitWhilePaused();
		const page = await api.indexTargetPage({
			kind: input.kind,
			source: input.source,
			target: input.target,
			cursor: state.cursor,
			pageSize,
			matchByEmail,
		});
		state.indexed += page.entries;
		state.pages.indexed += 1;
		state.cursor = page.next;
		if (page.next === undefined) state.phase = 'importing';
		await steps.maybeContinueAsNew();
	}
}

/** Reads and writes the source page by page, then moves the job to finishing. */
async function importPages(
	api: Pick<Activities, 'importPage'>,
	input: BulkImportInput,
	state: ImportState,
	options: PageOptions,
	steps: PageSteps,
): Promise<void> {
	while (state.phase === 'importing') {
		await steps.waitWhilePaused();
		const started = Date.now();
		const page = await api.importPage(importRequest(input, state, options));
		state.timing.importMs += Date.now() - started;
		addPage(state, page);
		if (options.dryRun && state.approval)
			state.approval.runningHash = foldPlanHash(state.approval.runningHash ?? EMPTY_PLAN_HASH, {
				stats: page.stats,
				planned: page.planned,
				failures: page.failures,
			});
		state.cursor = page.next;
		if (page.next === undefined) state.phase = 'finishing';
		await steps.maybeContinueAsNew();
	}
}

/**
 * Dry runs until a plan is approved: each complete plan waits for Job → Approve (naming its hash) or
 * Job → Reject; after an approval the job plans once more and answers true only when that plan is the
 * approved one (the data may have changed while it waited), otherwise the new plan waits. False: rejected.
 */
async function planUntilApproved(
	api: Pick<Activities, 'indexTargetPage' | 'importPage'>,
	input: BulkImportInput,
	state: ImportState,
	options: PageOptions,
	steps: PageSteps,
): Promise<boolean> {
	const approval = state.approval as ApprovalState;
	const plan = { ...options, dryRun: true };
	for (;;) {
		await indexPages(api, input, state, plan, steps);
		await importPages(api, input, state, plan, steps);
		approval.planHash = approval.runningHash ?? EMPTY_PLAN_HASH;
		approval.planStats = { ...state.stats };
		approval.planned = [...state.planned];
		if (approval.approvedHash === approval.planHash) {
			approval.pass = 'write';
			startPass(state);
			return true;
		}
		if (planWritesNothing(approval)) return true;
		state.phase = 'awaitingApproval';
		if (!(await awaitDecision(approval))) return false;
		startPass(state);
	}
}

/** Back to the first page for the next pass (a new plan, or the writes), counts from zero. */
function startPass(state: ImportState): void {
	state.phase = 'indexing';
	state.cursor = undefined;
	state.indexed = 0;
	state.total = undefined;
	state.pages = { indexed: 0, imported: 0 };
	state.stats = { processed: 0, created: 0, updated: 0, unchanged: 0, skipped: 0, failed: 0 };
	state.failures = [];
	state.planned = [];
	state.adjustments = [];
	state.timing.importMs = 0;
	if (state.approval) state.approval.runningHash = undefined;
}

/** One page of the import, as the page activity takes it. */
function importRequest(
	input: BulkImportInput,
	state: ImportState,
	options: PageOptions,
): ImportPageInput {
	return {
		jobId: state.jobId,
		kind: input.kind,
		source: input.source,
		target: input.target,
		cursor: state.cursor,
		...options,
		taxRateMap: input.taxRateMap,
		taxPolicy: input.taxPolicy,
		exchangeRates: input.exchangeRates,
		includeDownPayments: input.includeDownPayments,
		collectiveContact: input.collectiveContact,
		updatedSince: input.updatedSince,
		attachPdf: input.attachPdf,
	};
}

/** After a cancellation: the exact counts from the store (unless a dry run), then the job's outcomes forgotten. */
async function finishCancelled(
	local: Pick<Activities, 'finishImport' | 'forgetJob'>,
	state: ImportState,
	dryRun: boolean,
): Promise<void> {
	const done = await local.finishImport({ jobId: state.jobId, dryRun, failed: state.stats.failed });
	if (!dryRun) {
		const c = done.counts;
		state.stats = { ...c, processed: c.created + c.updated + c.unchanged + c.skipped + c.failed };
	}
	await local.forgetJob({ jobId: state.jobId });
	state.phase = 'cancelled';
}

function initialState(jobId: string): ImportState {
	return {
		jobId,
		phase: 'indexing',
		paused: false,
		pages: { indexed: 0, imported: 0 },
		indexed: 0,
		stats: { processed: 0, created: 0, updated: 0, unchanged: 0, skipped: 0, failed: 0 },
		failures: [],
		planned: [],
		adjustments: [],
		timing: { startedAt: Date.now(), importMs: 0 },
		runs: 1,
	};
}

/** What the progress query and the pause/resume updates answer; `waiting`: the loop stands still for a pause. */
function progressOf(
	input: BulkImportInput,
	state: ImportState,
	dryRun: boolean,
	waiting: boolean,
): ImportProgress {
	const seconds = state.timing.importMs / 1000;
	const rate =
		seconds > 0 && state.stats.processed > 0 ? state.stats.processed / seconds : undefined;
	const eta =
		rate !== undefined && state.total !== undefined
			? Math.max(0, state.total - state.stats.processed) / rate
			: undefined;
	return {
		jobId: state.jobId,
		kind: input.kind,
		source: input.source,
		target: input.target,
		dryRun,
		phase: state.phase,
		paused: state.paused,
		waiting,
		cursor: state.cursor,
		pages: { ...state.pages },
		indexed: state.indexed,
		stats: { ...state.stats },
		failures: [...state.failures],
		total: state.total,
		ratePerSecond: rate === undefined ? undefined : Math.round(rate * 100) / 100,
		etaSeconds: eta === undefined ? undefined : Math.round(eta),
		startedAt: new Date(state.timing.startedAt).toISOString(),
		runs: state.runs,
		...(state.approval ? { approval: approvalView(state.approval) } : {}),
	};
}

/** Handlers (progress, pause, resume, approve, reject) only change state; the workflow's loop does the work. */
function setHandlers(state: ImportState, progress: () => ImportProgress): void {
	const finished = () =>
		state.phase === 'completed' || state.phase === 'cancelled' || state.phase === 'finishing';
	setHandler(progressQuery, progress);
	setHandler(
		pauseUpdate,
		() => {
			state.paused = true;
			return progress();
		},
		{
			validator: () => {
				if (finished())
					throw new Error(`Import ${state.jobId} is ${state.phase}; there is nothing to pause`);
				if (state.paused) throw new Error(`Import ${state.jobId} is already paused`);
			},
		},
	);
	setHandler(
		resumeUpdate,
		() => {
			state.paused = false;
			return progress();
		},
		{
			validator: () => {
				if (finished())
					throw new Error(`Import ${state.jobId} is ${state.phase}; there is nothing to resume`);
				if (!state.paused) throw new Error(`Import ${state.jobId} is not paused`);
			},
		},
	);
	setApprovalHandlers(
		{
			name: `Import ${state.jobId}`,
			phase: () => state.phase,
			approval: () => state.approval,
		},
		progress,
	);
}

/** One imported page's counts, failures, plans and adjustments added to the job's (the lists capped). */
function addPage(state: ImportState, page: ImportPageResult): void {
	for (const k of Object.keys(state.stats) as Array<keyof typeof state.stats>)
		state.stats[k] += page.stats[k];
	state.failures.push(
		...page.failures.slice(0, Math.max(0, FAILURE_LIST_LIMIT - state.failures.length)),
	);
	state.planned.push(...page.planned.slice(0, Math.max(0, PLAN_LIST_LIMIT - state.planned.length)));
	// Absent in state and page results recorded before amounts were checked.
	state.adjustments ??= [];
	state.adjustments.push(
		...(page.adjustments ?? []).slice(
			0,
			Math.max(0, FAILURE_LIST_LIMIT - state.adjustments.length),
		),
	);
	if (page.total !== undefined) state.total = page.total;
	state.pages.imported += 1;
}

function result(
	state: ImportState,
	dryRun: boolean,
	failuresFile: string | undefined,
): BulkImportResult {
	return {
		jobId: state.jobId,
		dryRun,
		stats: state.stats,
		failures: state.failures,
		failuresFile,
		planned: state.planned,
		adjustments: state.adjustments ?? [],
		pages: state.pages,
		durationMs: Date.now() - state.timing.startedAt,
		...(state.approval ? { approval: approvalOutcome(state.approval) } : {}),
	};
}
