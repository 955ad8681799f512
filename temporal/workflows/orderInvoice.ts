import {
	ActivityFailure,
	ApplicationFailure,
	proxyActivities,
	setHandler,
	workflowInfo,
	type RetryPolicy,
} from '@temporalio/workflow';

import type { createActivities } from '../activities';
import {
	NON_RETRYABLE_FAILURES,
	apiTaskQueue,
	jobProgressQuery,
	type ImportFailure,
	type ImportStats,
	type OrderInvoiceInput,
	type OrderInvoiceResult,
} from '../shared';

type Activities = ReturnType<typeof createActivities>;

/**
 * Retry layer 2, above the client's attempts per call: Temporal repeats the activity with no attempt
 * limit, 1 s doubling to 1 min, until bexio answers, the job is cancelled or the failure is
 * non-retryable (a refused order, validation, auth). A repeated activity finds the invoice an earlier
 * attempt wrote by its link or its `api_reference`.
 */
const retry: RetryPolicy = {
	initialInterval: '1 second',
	backoffCoefficient: 2,
	maximumInterval: '1 minute',
	nonRetryableErrorTypes: [...NON_RETRYABLE_FAILURES, 'OrderRefusedError'],
};

/**
 * One POS or shop order → one issued bexio invoice. Started under the order's id
 * (orderInvoiceWorkflowId), so concurrent deliveries of one order attach to this job and a delivery
 * after it completed gets its result. An order that cannot be invoiced fails the job with the reason.
 */
export async function orderInvoice(input: OrderInvoiceInput): Promise<OrderInvoiceResult> {
	const info = workflowInfo();
	if (input.connection?.system !== 'bexio')
		throw ApplicationFailure.nonRetryable(
			'orderInvoice needs "connection": {"system": "bexio", "id": "<connection id>"}',
			'InvalidRequestError',
		);
	const jobId = `${info.workflowId}/${info.runId}`;
	const stats: ImportStats = {
		processed: 0,
		created: 0,
		updated: 0,
		unchanged: 0,
		skipped: 0,
		failed: 0,
	};
	const failures: ImportFailure[] = [];
	let done = false;
	setHandler(jobProgressQuery, () => ({
		jobId,
		workflowType: 'orderInvoice',
		total: 1,
		stats,
		failures,
		done,
	}));
	const api = proxyActivities<Activities>({
		taskQueue: apiTaskQueue(input.connection, info.taskQueue),
		startToCloseTimeout: '5 minutes',
		retry,
	});
	try {
		const result = await api.invoiceOrder({ ...input, jobId });
		stats.processed = 1;
		stats[result.outcome] = 1;
		return result;
	} catch (error) {
		// The reason of a refused order, not "activity failed", is what the job reports.
		const cause = error instanceof ActivityFailure ? error.cause : undefined;
		if (cause instanceof ApplicationFailure) {
			stats.processed = 1;
			stats.failed = 1;
			failures.push({ sourceId: String(input.order?.orderId ?? ''), reason: cause.message });
			throw ApplicationFailure.nonRetryable(cause.message, cause.type ?? 'OrderRefusedError');
		}
		throw error;
	} finally {
		done = true;
	}
}
