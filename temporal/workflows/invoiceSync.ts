import {
	executeChild,
	proxyActivities,
	workflowInfo,
	type RetryPolicy,
} from '@temporalio/workflow';

import { lexofficeDay, previousDay } from '../../clients/lexoffice/days';
import type { createActivities } from '../activities';
import type { InvoiceSyncPageResult } from '../activities/invoices';
import { bulkImport } from './bulkImport';
import {
	FAILURE_LIST_LIMIT,
	NON_RETRYABLE_FAILURES,
	PLAN_LIST_LIMIT,
	apiTaskQueue,
	type ImportStats,
	type InvoiceSyncInput,
	type InvoiceSyncResult,
} from '../shared';

type Activities = ReturnType<typeof createActivities>;

/**
 * Retry layer 2, above the client's 4 attempts per call (no in-place layer here): Temporal repeats a
 * failed activity with no attempt limit, 1 s doubling to 1 min, until it succeeds, the job is cancelled or
 * the failure is non-retryable (validation, auth, conflict, a write that may have been applied and has
 * no intent to look it up, …). A repeated activity finds what an earlier attempt wrote by its links and references. The bulkImport
 * child has three layers (see bulkImport.ts).
 */
const retry: RetryPolicy = {
	initialInterval: '1 second',
	backoffCoefficient: 2,
	maximumInterval: '1 minute',
	nonRetryableErrorTypes: [...NON_RETRYABLE_FAILURES],
};

/**
 * One run of the scheduled invoice sync: finalised lexoffice invoices and credit notes (and, when
 * chosen, down payment invoices) updated since the watermark → bexio. The voucher list filters by whole
 * days, so each run re-reads one day before the watermark; links make those re-reads cost no write.
 * The watermark moves to the day the run started only when nothing failed, so failed records are read
 * again next time and nothing is lost.
 */
export async function invoiceSync(input: InvoiceSyncInput): Promise<InvoiceSyncResult> {
	const info = workflowInfo();
	const dryRun = input.dryRun ?? false;
	const api = proxyActivities<Activities>({
		taskQueue: apiTaskQueue(input.target, info.taskQueue),
		startToCloseTimeout: '10 minutes',
		heartbeatTimeout: '1 minute',
		retry,
	});
	const local = proxyActivities<Activities>({ startToCloseTimeout: '1 minute', retry });

	const startedDay = lexofficeDay(Date.now());
	const watermarkName = input.watermarkName ?? `invoiceSync/${input.source.id}/${input.target.id}`;
	const previous = await local.getWatermark({ name: watermarkName });
	const from = previous ? previousDay(previous) : (input.since ?? startedDay);
	const run: SyncRun = { info, input, dryRun, local, startedDay, watermarkName, previous, from };
	if (input.source.system === 'bexio') return bexioToLexoffice(run);
	const voucherTypes = [
		'invoice',
		'creditnote',
		...(input.includeDownPayments ? ['downpaymentinvoice'] : []),
	];

	const stats: ImportStats = {
		processed: 0,
		created: 0,
		updated: 0,
		unchanged: 0,
		skipped: 0,
		failed: 0,
	};
	const result: InvoiceSyncResult = {
		from,
		dryRun,
		stats,
		failures: [],
		planned: [],
		adjustments: [],
		pages: 0,
	};
	// One job id per run (the schedule starts each run under its own workflow id).
	const jobId = `${info.workflowId}/${info.runId}`;
	await syncPages(api, run, jobId, voucherTypes, result);
	if (!dryRun) {
		await local.forgetJob({ jobId });
		await local.forgetJob({ jobId: `${jobId}/contacts` });
		await moveWatermark(run, stats.failed, result);
	}
	return result;
}

/** What one run knows before it syncs: its input, the day it started and the watermark's window. */
interface SyncRun {
	info: ReturnType<typeof workflowInfo>;
	input: InvoiceSyncInput;
	dryRun: boolean;
	local: Pick<Activities, 'setWatermark'>;
	startedDay: string;
	watermarkName: string;
	previous: string | undefined;
	from: string;
}

/** lexoffice → bexio: one activity per voucher page, in order, each page's outcome added to the result. */
async function syncPages(
	api: Pick<Activities, 'syncInvoicePage'>,
	{ input, from, dryRun }: SyncRun,
	jobId: string,
	voucherTypes: string[],
	result: InvoiceSyncResult,
): Promise<void> {
	for (let page: number | undefined = 0; page !== undefined; ) {
		const r: InvoiceSyncPageResult = await api.syncInvoicePage({
			jobId,
			source: input.source,
			target: input.target,
			from,
			page,
			pageSize: input.pageSize ?? 100,
			voucherTypes,
			taxRateMap: input.taxRateMap,
			taxPolicy: input.taxPolicy,
			dryRun,
		});
		addPage(result, r);
		page = r.next;
	}
}

/** One page's counts, failures, plans and adjustments added to the result (the lists capped). */
function addPage(result: InvoiceSyncResult, r: InvoiceSyncPageResult): void {
	const { stats } = result;
	for (const k of Object.keys(stats) as Array<keyof ImportStats>) stats[k] += r.stats[k];
	result.failures.push(
		...r.failures.slice(0, Math.max(0, FAILURE_LIST_LIMIT - result.failures.length)),
	);
	result.planned.push(...r.planned.slice(0, Math.max(0, PLAN_LIST_LIMIT - result.planned.length)));
	// Absent in page results recorded before amounts were checked.
	result.adjustments.push(
		...(r.adjustments ?? []).slice(0, Math.max(0, FAILURE_LIST_LIMIT - result.adjustments.length)),
	);
	if (r.paymentsRecorded !== undefined)
		result.paymentsRecorded = (result.paymentsRecorded ?? 0) + r.paymentsRecorded;
	result.pages += 1;
}

/** The watermark moves to the day the run started only when nothing failed; the result names it. */
async function moveWatermark(
	{ local, watermarkName, startedDay, previous }: SyncRun,
	failed: number,
	result: InvoiceSyncResult,
): Promise<void> {
	if (failed === 0) {
		await local.setWatermark({ name: watermarkName, value: startedDay });
		result.watermark = startedDay;
	} else result.watermark = previous;
}

/**
 * bexio → lexoffice: the `invoices` bulk import as a child over invoices updated in the window, so the
 * mapping, the voucher-number index and the links are the import's; the watermark moves as above.
 */
async function bexioToLexoffice(run: SyncRun): Promise<InvoiceSyncResult> {
	const { info, input, dryRun, from } = run;
	const imported = await executeChild(bulkImport, {
		workflowId: `${info.workflowId}/${info.runId}/invoices`,
		taskQueue: info.taskQueue,
		args: [
			{
				kind: 'invoices',
				source: input.source,
				target: input.target,
				updatedSince: from,
				taxRateMap: input.taxRateMap,
				taxPolicy: input.taxPolicy,
				dryRun,
				pageSize: input.pageSize,
			},
		],
	});
	const synced: InvoiceSyncResult = {
		from,
		dryRun,
		stats: imported.stats,
		failures: imported.failures,
		planned: imported.planned,
		adjustments: imported.adjustments ?? [],
		pages: imported.pages.imported,
	};
	if (!dryRun) await moveWatermark(run, imported.stats.failed, synced);
	return synced;
}
