import type { Client, WorkflowExecutionInfo } from '@temporalio/client';
import { WorkflowFailedError } from '@temporalio/client';
import type { IDataObject } from 'n8n-workflow';

import { getProgress, jobsQuery } from '../../temporal/client';
import { JOB_TYPES } from '../../temporal/jobInput';

/**
 * What the Bexio Lexoffice Job Trigger does on one poll, apart from n8n: asks Temporal's visibility for
 * the jobs of one task queue that closed since the cursor and answers one event per job. Temporal
 * Schedules own the timetable and keep starting jobs while n8n is down; the next poll still sees every
 * job that closed meanwhile.
 *
 * Visibility is eventually consistent: a job can appear a little after it closed, with a close time
 * older than jobs already seen. So each poll reads back `LOOKBACK_MS` before the newest close time seen
 * and remembers the runs it emitted in that window: a late one is emitted once, an early one never twice.
 * The first poll starts from the newest closed job and emits nothing.
 */

export type JobEvent = 'completed' | 'failedRecords' | 'failed' | 'canceled' | 'awaitingApproval';
export const JOB_EVENTS: readonly JobEvent[] = [
	'completed',
	'failedRecords',
	'failed',
	'canceled',
	'awaitingApproval',
];

/** Jobs a manual test run shows at most. */
const MANUAL_SAMPLE = 5;

/** How far back each poll reads again, for jobs visibility lists late. */
export const LOOKBACK_MS = 5 * 60_000;

export interface JobPollState {
	/** Newest close time seen (ISO). */
	closedSince?: string;
	/** Run id → close time (ISO) of runs seen within the lookback window. */
	seen?: Record<string, string>;
	/** `<job id> <plan hash>` of the plans awaiting approval at the last poll (each fires once). */
	awaiting?: string[];
}

export interface JobPollOptions {
	taskQueue: string;
	events: JobEvent[];
	/** Only jobs whose id starts with this. */
	prefix?: string;
	/** Failed records listed per event at most (the job result keeps the rest). */
	failureLimit?: number;
}

/** One poll: the events of jobs closed since the cursor (none on the first poll). */
export async function pollJobs(
	client: Client,
	options: JobPollOptions,
	state: JobPollState,
	manual: boolean,
): Promise<IDataObject[]> {
	const baseline = state.closedSince === undefined;
	const since = baseline ? undefined : Date.parse(state.closedSince!) - LOOKBACK_MS;
	const closed = await closedJobs(client, options, since);
	const seen = state.seen ?? {};
	const fresh = closed.filter((job) => !seen[job.runId]);
	const emitted: IDataObject[] = [];
	// A manual test run shows the newest few events, also before the first real poll.
	const toEmit = manual ? fresh.slice(-MANUAL_SAMPLE) : baseline ? [] : fresh;
	for (const job of toEmit) {
		const event = await jobEvent(client, job, options.failureLimit ?? 20);
		if (options.events.includes(event.event as JobEvent)) emitted.push(event);
	}
	const waiting = await awaitingApproval(client, options);
	const known = new Set(state.awaiting ?? []);
	// Unlike ended jobs, plans already waiting at the first poll fire too: each still needs a decision.
	const newlyWaiting = waiting.filter((w) => manual || !known.has(w.key));
	if (options.events.includes('awaitingApproval'))
		emitted.push(...newlyWaiting.map((w) => w.event));
	// A manual run does not move the cursor of the active workflow.
	if (manual) return emitted;
	advance(state, seen, fresh);
	state.awaiting = waiting.map((w) => w.key);
	return emitted;
}

/** Running bulk imports and timesheet syncs whose plan awaits approval (Job → Approve / Reject), asked from each job. */
async function awaitingApproval(
	client: Client,
	options: JobPollOptions,
): Promise<Array<{ key: string; event: IDataObject }>> {
	const query = jobsQuery({
		workflowTypes: ['bulkImport', 'timesheetSync'],
		taskQueue: options.taskQueue,
		prefix: options.prefix,
		status: 'Running',
	});
	const found: Array<{ key: string; event: IDataObject }> = [];
	for await (const job of client.workflow.list({ query })) {
		const progress = await getProgress(client, job.workflowId).catch(() => undefined);
		if (progress?.phase !== 'awaitingApproval' || !progress.approval?.planHash) continue;
		const { planHash, planStats, planned } = progress.approval;
		found.push({
			key: `${job.workflowId} ${planHash}`,
			event: {
				event: 'awaitingApproval',
				jobId: job.workflowId,
				runId: job.runId,
				jobType: job.type,
				status: job.status.name,
				startTime: job.startTime.toISOString(),
				planHash,
				...(planStats ? { planStats: { ...planStats } } : {}),
				planned: (planned ?? []).slice(0, options.failureLimit ?? 20).map((p) => ({ ...p })),
			},
		});
	}
	return found;
}

/** Closed runs of our job types on the task queue, optionally since `sinceMs`, oldest first. */
async function closedJobs(
	client: Client,
	options: JobPollOptions,
	sinceMs: number | undefined,
): Promise<WorkflowExecutionInfo[]> {
	const query = jobsQuery({
		workflowTypes: JOB_TYPES,
		taskQueue: options.taskQueue,
		prefix: options.prefix,
		conditions: [
			`ExecutionStatus != 'Running'`,
			// A job that continued as new has not ended: its last run will.
			`ExecutionStatus != 'ContinuedAsNew'`,
			...(sinceMs !== undefined ? [`CloseTime >= '${new Date(sinceMs).toISOString()}'`] : []),
		],
	});
	const jobs: WorkflowExecutionInfo[] = [];
	for await (const w of client.workflow.list({ query })) {
		jobs.push(w);
		// The baseline needs only the newest few to set the cursor.
		if (sinceMs === undefined && jobs.length >= 100) break;
	}
	return jobs.sort((a, b) => closeMs(a) - closeMs(b));
}

const closeMs = (job: WorkflowExecutionInfo) => job.closeTime?.getTime() ?? 0;

/** Moves the cursor to the newest close time and keeps only the runs within the lookback window. */
function advance(
	state: JobPollState,
	seen: Record<string, string>,
	fresh: WorkflowExecutionInfo[],
) {
	for (const job of fresh) seen[job.runId] = (job.closeTime ?? new Date(0)).toISOString();
	const newest = Math.max(
		state.closedSince ? Date.parse(state.closedSince) : 0,
		...fresh.map(closeMs),
	);
	state.closedSince = new Date(newest).toISOString();
	const keepFrom = newest - LOOKBACK_MS;
	state.seen = Object.fromEntries(
		Object.entries(seen).filter(([, closedAt]) => Date.parse(closedAt) >= keepFrom),
	);
}

/** The event a closed job stands for, with its statistics and first failed records. */
async function jobEvent(
	client: Client,
	job: WorkflowExecutionInfo,
	failureLimit: number,
): Promise<IDataObject> {
	const base: IDataObject = {
		jobId: job.workflowId,
		runId: job.runId,
		jobType: job.type,
		status: job.status.name,
		startTime: job.startTime.toISOString(),
		closeTime: job.closeTime?.toISOString(),
	};
	const status = job.status.name;
	if (status === 'CANCELLED') return { event: 'canceled', ...base };
	if (status !== 'COMPLETED')
		return { event: 'failed', ...base, error: await failureMessage(client, job) };
	const result = (await client.workflow
		.getHandle(job.workflowId, job.runId, { followRuns: false })
		.result()) as JobResultShape;
	const failed = result?.stats?.failed ?? 0;
	return {
		event: failed > 0 ? 'failedRecords' : 'completed',
		...base,
		...(result?.stats ? { stats: { ...result.stats } } : {}),
		failedRecords: failed,
		...(result?.approval ? { approval: { ...result.approval } } : {}),
		...(failed > 0
			? {
					failures: (result.failures ?? []).slice(0, failureLimit).map((f) => ({ ...f })),
					...(result.failuresFile ? { failuresFile: result.failuresFile } : {}),
				}
			: {}),
	};
}

/** The fields every job result shares (temporal/shared.ts). */
interface JobResultShape {
	stats?: { failed?: number } & Record<string, number>;
	approval?: { status: string; planHash?: string; reason?: string };
	failures?: Array<{ sourceId: string; reason: string }>;
	failuresFile?: string;
}

/** Why a failed, terminated or timed-out job ended, as Temporal recorded it. */
async function failureMessage(client: Client, job: WorkflowExecutionInfo): Promise<string> {
	try {
		await client.workflow.getHandle(job.workflowId, job.runId, { followRuns: false }).result();
		return job.status.name;
	} catch (error) {
		if (error instanceof WorkflowFailedError)
			return [error.message, error.cause?.message].filter(Boolean).join(': ');
		return error instanceof Error ? error.message : String(error);
	}
}
