import { condition, patched, setHandler } from '@temporalio/workflow';

import {
	approveUpdate,
	rejectUpdate,
	type ApprovalOutcome,
	type ApprovalState,
	type ApprovalView,
	type ImportProgress,
	type JobProgress,
} from '../shared';

/**
 * Approval as a durable step, shared by the jobs that offer it (bulk import, timesheet sync): the job
 * plans, waits for Job → Approve naming the plan's hash or Job → Reject, plans once more and writes only
 * when that plan is the approved one. The job owns its plan passes; this module owns the waiting.
 */

/** What the handlers need to know of the job: its name in messages, whether it waits, its approval. */
export interface ApprovalJob {
	/** E.g. `Import import/contacts/…`; names the job in refusals. */
	name: string;
	phase: () => string;
	approval: () => ApprovalState | undefined;
}

/** Job → Approve and Job → Reject: accepted only while a plan awaits approval, Approve only with its hash. */
export function setApprovalHandlers(
	job: ApprovalJob,
	progress: () => ImportProgress | JobProgress,
): void {
	const awaiting = (action: string): ApprovalState => {
		const approval = job.approval();
		if (job.phase() !== 'awaitingApproval' || !approval)
			throw new Error(
				`${job.name} is ${job.phase()}, not awaiting approval: there is nothing to ${action}`,
			);
		return approval;
	};
	setHandler(
		approveUpdate,
		(planHash: string) => {
			job.approval()!.decision = { approve: planHash };
			return progress();
		},
		{
			validator: (planHash: string) => {
				const approval = awaiting('approve');
				if (planHash !== approval.planHash)
					throw new Error(
						`The plan of ${job.name} is ${approval.planHash}, not ${planHash || '(none given)'}: review the current plan (Job → Get Progress) and approve its hash`,
					);
			},
		},
	);
	setHandler(
		rejectUpdate,
		(reason: string) => {
			job.approval()!.decision = { reject: reason.trim() || 'rejected' };
			return progress();
		},
		{ validator: (_reason: string) => void awaiting('reject') },
	);
}

/**
 * Waits (durably, days if need be) for Job → Approve or Reject of the plan in `approval`. True: approved,
 * and the next plan must have the approved hash to be written; false: rejected, the reason kept.
 */
export async function awaitDecision(approval: ApprovalState): Promise<boolean> {
	await condition(() => approval.decision !== undefined);
	const decision = approval.decision!;
	approval.decision = undefined;
	if ('reject' in decision) {
		approval.rejected = decision.reject;
		return false;
	}
	approval.approvedHash = decision.approve;
	return true;
}

/**
 * Whether the plan just made writes nothing (no create, no update): then there is nothing to approve and
 * the job ends after the plan instead of asking (and without a write pass, which might meet records that
 * arrived since and write them unapproved). Jobs recorded before this rule keep waiting on replay.
 */
export function planWritesNothing(approval: ApprovalState): boolean {
	const stats = approval.planStats;
	if (!stats || stats.created + stats.updated > 0) return false;
	if (!patched('approval-not-needed-for-an-empty-plan')) return false;
	approval.notNeeded = true;
	return true;
}

/** The plan awaiting (or given) approval, as progress shows it. */
export function approvalView(a: ApprovalState): ApprovalView {
	return {
		planHash: a.planHash,
		approvedHash: a.approvedHash,
		planStats: a.planStats ? { ...a.planStats } : undefined,
		planned: a.planned ? [...a.planned] : undefined,
	};
}

/** How the job ended: the approved plan written, or why nothing was written. */
export function approvalOutcome(a: ApprovalState): ApprovalOutcome {
	if (a.rejected) return { status: 'rejected', planHash: a.planHash, reason: a.rejected };
	if (a.notNeeded)
		return {
			status: 'notNeeded',
			planHash: a.planHash,
			reason: 'the plan writes nothing (no create, no update): nothing to approve',
		};
	return { status: 'approved', planHash: a.planHash };
}
