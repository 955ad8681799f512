import {
	ApplicationFailure,
	proxyActivities,
	workflowInfo,
	type RetryPolicy,
} from '@temporalio/workflow';

import type { createActivities } from '../activities';
import {
	RECONCILE_DIRECTIONS,
	compareDocuments,
	type SourceEntry,
	type TargetEntry,
} from '../mappings/reconcile';
import {
	NON_RETRYABLE_FAILURES,
	apiTaskQueue,
	type ReconcileInput,
	type ReconcileResult,
} from '../shared';

type Activities = ReturnType<typeof createActivities>;

/** Reads only, so a repeated activity is harmless: Temporal repeats it with no attempt limit, 1 s doubling to 1 min. */
const retry: RetryPolicy = {
	initialInterval: '1 second',
	backoffCoefficient: 2,
	maximumInterval: '1 minute',
	nonRetryableErrorTypes: [...NON_RETRYABLE_FAILURES],
};

/** Unlinked targets read per activity. */
const TARGET_BATCH = 50;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The reconciliation of the invoices the jobs linked between a lexoffice and a bexio account, for a
 * period of document dates. Per direction: the source documents page by page (each with its link and
 * linked target, read by activities on the source account's queue), then the period's targets that came
 * from that source, and the amounts of those no source of the period links to. The comparison itself is
 * the pure compareDocuments (mappings/reconcile.ts), so the result is deterministic for the pages read.
 */
export async function reconcile(input: ReconcileInput): Promise<ReconcileResult> {
	const info = workflowInfo();
	if (input.lexoffice?.system !== 'lexoffice' || input.bexio?.system !== 'bexio') {
		throw ApplicationFailure.nonRetryable(
			'reconcile needs "lexoffice": {"system": "lexoffice", "id": …} and "bexio": {"system": "bexio", "id": …}',
			'InvalidRequestError',
		);
	}
	if (!DAY.test(input.from ?? '') || !DAY.test(input.to ?? '') || input.from > input.to) {
		throw ApplicationFailure.nonRetryable(
			`reconcile needs "from" and "to" as yyyy-MM-dd with from ≤ to; got ${input.from} … ${input.to}`,
			'InvalidRequestError',
		);
	}
	const directions = input.directions?.length
		? input.directions.filter((d) => RECONCILE_DIRECTIONS.includes(d))
		: [...RECONCILE_DIRECTIONS];
	const onQueueOf = (ref: ReconcileInput['lexoffice']) =>
		proxyActivities<Activities>({
			taskQueue: apiTaskQueue(ref, info.taskQueue),
			startToCloseTimeout: '10 minutes',
			heartbeatTimeout: '1 minute',
			retry,
		});
	const lexofficeApi = onQueueOf(input.lexoffice);
	const bexioApi = onQueueOf(input.bexio);

	const sources: SourceEntry[] = [];
	const targetsOnly: TargetEntry[] = [];
	let pages = 0;
	for (const direction of directions) {
		const [sourceApi, targetApi] =
			direction === 'lexofficeToBexio' ? [lexofficeApi, bexioApi] : [bexioApi, lexofficeApi];
		const read = {
			direction,
			lexoffice: input.lexoffice,
			bexio: input.bexio,
			from: input.from,
			to: input.to,
			includeDownPayments: input.includeDownPayments,
		};
		const page = { ...read, pageSize: input.pageSize ?? 100 };
		const linkedTargets = new Set<string>();
		for (let cursor: number | undefined = 0; cursor !== undefined; pages += 1) {
			const r: { entries: SourceEntry[]; next?: number } = await sourceApi.reconcileSourcePage({
				...page,
				cursor,
			});
			for (const e of r.entries) if (e.targetId) linkedTargets.add(e.targetId);
			sources.push(...r.entries);
			cursor = r.next;
		}
		const unlinked: string[] = [];
		for (let cursor: number | undefined = 0; cursor !== undefined; pages += 1) {
			const r: { ids: string[]; next?: number } = await targetApi.reconcileTargetPage({
				...page,
				cursor,
			});
			unlinked.push(...r.ids.filter((id) => !linkedTargets.has(id)));
			cursor = r.next;
		}
		for (let i = 0; i < unlinked.length; i += TARGET_BATCH) {
			targetsOnly.push(
				...(await targetApi.reconcileTargets({
					...read,
					ids: unlinked.slice(i, i + TARGET_BATCH),
				})),
			);
		}
	}
	return {
		from: input.from,
		to: input.to,
		directions,
		pages,
		...compareDocuments(sources, targetsOnly, input),
	};
}
