import {
	ScheduleAlreadyRunning,
	ScheduleOverlapPolicy,
	type Client,
	type ScheduleDescription,
	type ScheduleOptionsAction,
	type ScheduleSpec,
} from '@temporalio/client';

import { JOB_TYPES, oneOf, scheduleSpec, type JobType, type ScheduleSpecInput } from './jobInput';
import { TASK_QUEUE } from './shared';

/**
 * Recurring jobs as Temporal Schedules: the server starts the workflow on time even when no n8n is
 * running, skips a start while the previous run still works (overlap SKIP), and catches up missed
 * starts within a window after an outage. Used by the jobs node and by scripts.
 */

export type { JobType, ScheduleSpecInput };

export interface ScheduleOptions {
	scheduleId: string;
	workflowType: JobType;
	input: unknown;
	spec: ScheduleSpecInput;
	/** Missed starts within this window are made up after an outage. Default 60. */
	catchupWindowMinutes?: number;
	paused?: boolean;
	note?: string;
	/** Workflow task queue; default `accounting-sync`. */
	taskQueue?: string;
}

export interface ScheduleSummary {
	scheduleId: string;
	workflowType: string;
	/** The job input each run starts with (connection references and settings, no secrets). */
	input: unknown;
	paused: boolean;
	note?: string;
	spec: ScheduleSpecInput;
	nextActionTimes: string[];
	recentActions: Array<{ scheduledAt: string; workflowId: string }>;
}

const DEFAULT_CATCHUP_MINUTES = 60;

/** Checked by jobInput (JobInputError names the field); Temporal keeps cron only as calendars. */
function toSpec(input: ScheduleSpecInput): ScheduleSpec {
	const spec = scheduleSpec(input);
	return {
		cronExpressions: spec.cron,
		intervals: spec.everyMinutes ? [{ every: `${spec.everyMinutes} minutes` }] : undefined,
		timezone: spec.timezone,
	};
}

function toAction(
	o: Pick<ScheduleOptions, 'scheduleId' | 'workflowType' | 'input' | 'taskQueue' | 'spec'>,
): ScheduleOptionsAction {
	return {
		type: 'startWorkflow',
		// An order invoice runs per order, named by it, never on a timetable.
		workflowType: oneOf(
			o.workflowType,
			JOB_TYPES.filter((t) => t !== 'orderInvoice'),
			'jobType',
		),
		args: [o.input],
		taskQueue: o.taskQueue ?? TASK_QUEUE,
		// Each start gets the schedule's id plus the scheduled time (added by the server): one run per slot.
		workflowId: `schedule/${o.scheduleId}`,
		// The server keeps cron only as calendars; the spec as given travels along to be shown again.
		memo: { scheduleSpec: o.spec },
	};
}

function summary(scheduleId: string, d: ScheduleDescription): ScheduleSummary {
	const action = d.action as {
		workflowType?: string;
		args?: unknown[];
		memo?: { scheduleSpec?: ScheduleSpecInput };
	};
	return {
		scheduleId,
		workflowType: action.workflowType ?? '',
		input: action.args?.[0],
		paused: d.state.paused,
		note: d.state.note || undefined,
		spec: action.memo?.scheduleSpec ?? {},
		nextActionTimes: d.info.nextActionTimes.map((t) => t.toISOString()),
		recentActions: d.info.recentActions.map((a) => ({
			scheduledAt: a.scheduledAt.toISOString(),
			workflowId: 'workflow' in a.action ? a.action.workflow.workflowId : '',
		})),
	};
}

export async function createSchedule(client: Client, o: ScheduleOptions): Promise<ScheduleSummary> {
	const handle = await client.schedule.create({
		scheduleId: o.scheduleId,
		spec: toSpec(o.spec),
		action: toAction(o),
		policies: {
			overlap: ScheduleOverlapPolicy.SKIP,
			catchupWindow: `${o.catchupWindowMinutes ?? DEFAULT_CATCHUP_MINUTES} minutes`,
		},
		state: { paused: o.paused ?? false, note: o.note },
	});
	return summary(o.scheduleId, await handle.describe());
}

/**
 * Creates the schedule, or, when one with its id exists, gives it this timetable, job and input (its
 * paused state stays as it is): a workflow that sets up its schedule on every run applies changed
 * settings without anyone deleting the schedule first.
 */
export async function createOrUpdateSchedule(
	client: Client,
	o: ScheduleOptions,
): Promise<ScheduleSummary & { created: boolean }> {
	try {
		return { ...(await createSchedule(client, o)), created: true };
	} catch (error) {
		if (!(error instanceof ScheduleAlreadyRunning)) throw error;
		const { scheduleId, paused: _keep, ...changes } = o;
		return { ...(await updateSchedule(client, scheduleId, changes)), created: false };
	}
}

export async function updateSchedule(
	client: Client,
	scheduleId: string,
	changes: Partial<Omit<ScheduleOptions, 'scheduleId'>>,
): Promise<ScheduleSummary> {
	const handle = client.schedule.getHandle(scheduleId);
	await handle.update((previous) => {
		const action = previous.action as {
			workflowType: JobType;
			args?: unknown[];
			taskQueue: string;
			memo?: { scheduleSpec?: ScheduleSpecInput };
		};
		const next = {
			...previous,
			spec: changes.spec ? toSpec(changes.spec) : previous.spec,
			action: toAction({
				scheduleId,
				workflowType: changes.workflowType ?? action.workflowType,
				input: changes.input !== undefined ? changes.input : action.args?.[0],
				taskQueue: changes.taskQueue ?? action.taskQueue,
				spec: changes.spec ?? action.memo?.scheduleSpec ?? {},
			}),
			policies: changes.catchupWindowMinutes
				? { ...previous.policies, catchupWindow: `${changes.catchupWindowMinutes} minutes` }
				: previous.policies,
			state: {
				...previous.state,
				...(changes.paused !== undefined ? { paused: changes.paused } : {}),
				...(changes.note !== undefined ? { note: changes.note } : {}),
			},
		};
		return next as typeof previous;
	});
	return summary(scheduleId, await handle.describe());
}

export async function pauseSchedule(
	client: Client,
	scheduleId: string,
	note?: string,
): Promise<void> {
	await client.schedule.getHandle(scheduleId).pause(note);
}

export async function unpauseSchedule(
	client: Client,
	scheduleId: string,
	note?: string,
): Promise<void> {
	await client.schedule.getHandle(scheduleId).unpause(note);
}

/**
 * Starts a run now, outside the timetable; while one runs, right after it (at most one waits, so a burst
 * of triggers costs one more run, and a change that arrived during a run is still read).
 */
export async function triggerSchedule(client: Client, scheduleId: string): Promise<void> {
	await client.schedule.getHandle(scheduleId).trigger(ScheduleOverlapPolicy.BUFFER_ONE);
}

export async function deleteSchedule(client: Client, scheduleId: string): Promise<void> {
	await client.schedule.getHandle(scheduleId).delete();
}

export async function describeSchedule(
	client: Client,
	scheduleId: string,
): Promise<ScheduleSummary> {
	return summary(scheduleId, await client.schedule.getHandle(scheduleId).describe());
}

export async function listSchedules(
	client: Client,
	options: { limit?: number } = {},
): Promise<ScheduleSummary[]> {
	const out: ScheduleSummary[] = [];
	for await (const s of client.schedule.list()) {
		out.push(await describeSchedule(client, s.scheduleId));
		if (out.length >= (options.limit ?? 50)) break;
	}
	return out;
}
