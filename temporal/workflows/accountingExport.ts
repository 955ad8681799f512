import {
	ApplicationFailure,
	proxyActivities,
	setHandler,
	workflowInfo,
	type RetryPolicy,
} from '@temporalio/workflow';

import { lexofficeDay, previousDay } from '../../clients/lexoffice/days';
import type { createActivities } from '../activities';
import type { AccountingBatchResult } from '../activities/accounting';
import {
	FAILURE_LIST_LIMIT,
	NON_RETRYABLE_FAILURES,
	PLAN_LIST_LIMIT,
	apiTaskQueue,
	jobProgressQuery,
	type AccountingExportInput,
	type AccountingExportResult,
	type BookingLine,
	type ImportStats,
	type LexofficeVoucherSource,
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
/** lexoffice vouchers per page read (the voucher list's maximum is 250; each voucher is read once more). */
const VOUCHER_PAGE = 100;

/**
 * Booking lines (cash book, POS, bank export) → bexio manual entries, one single entry per line, in
 * batches of one activity each. Accounts are resolved through the job's account map to bexio account
 * numbers; an unmapped account fails its line with the fix and the other lines are booked. Every line
 * is linked by its externalId, so a re-run books nothing twice; a dry run resolves and plans only.
 */
export async function accountingExport(
	input: AccountingExportInput,
): Promise<AccountingExportResult> {
	const info = workflowInfo();
	const dryRun = input.dryRun ?? false;
	checkInput(input);
	const api = proxyActivities<Activities>({
		taskQueue: apiTaskQueue(input.connection, info.taskQueue),
		startToCloseTimeout: '10 minutes',
		heartbeatTimeout: '1 minute',
		retry,
	});
	const local = proxyActivities<Activities>({ startToCloseTimeout: '1 minute', retry });

	const stats: ImportStats = {
		processed: 0,
		created: 0,
		updated: 0,
		unchanged: 0,
		skipped: 0,
		failed: 0,
	};
	const result: AccountingExportResult = { dryRun, stats, failures: [], planned: [] };
	// One job id per run: the outcome of each line is kept per job, so a retried batch counts it once.
	const jobId = `${info.workflowId}/${info.runId}`;
	let done = false;
	const lines = [...(input.lines ?? [])];
	setHandler(jobProgressQuery, () => ({
		jobId,
		workflowType: 'accountingExport',
		total: lines.length,
		stats,
		failures: result.failures,
		done,
	}));

	const fetchDate = input.lexofficeVouchers
		? await readFetchDate(local, input.lexofficeVouchers, result)
		: undefined;
	if (input.lexofficeVouchers)
		lines.push(
			...(await voucherLines(input, { ...input.lexofficeVouchers, since: result.from! }, result)),
		);
	const valid = validLines(lines, result);
	await exportBatches(api, input, jobId, valid, result);
	if (!dryRun) {
		if (fetchDate) await moveFetchDate(local, fetchDate, result);
		// Beyond the list, all failures of mapping and booking go to a report file (missing or repeated ids are only counted).
		if (stats.failed > FAILURE_LIST_LIMIT)
			result.failuresFile = (
				await local.finishImport({ jobId, dryRun: false, failed: stats.failed })
			).failuresFile;
		await local.forgetJob({ jobId });
	}
	done = true;
	return result;
}

/** The last fetch date and the run's start day, when the vouchers continue from it; `result.from` set either way. */
async function readFetchDate(
	local: Pick<Activities, 'getWatermark'>,
	source: LexofficeVoucherSource,
	result: AccountingExportResult,
): Promise<{ name: string; startedDay: string; previous?: string } | undefined> {
	result.from = source.since;
	if (!source.fetchDateName) return undefined;
	const name = `accountingExport/${source.fetchDateName}`;
	const previous = await local.getWatermark({ name });
	// The voucher list filters by whole days: one day before the last run's start, links make the re-read free.
	if (previous) result.from = previousDay(previous);
	return { name, startedDay: lexofficeDay(Date.now()), previous };
}

/** The fetch date moves to the day this run started when nothing failed, also when nothing was found. */
async function moveFetchDate(
	local: Pick<Activities, 'setWatermark'>,
	fetchDate: { name: string; startedDay: string; previous?: string },
	result: AccountingExportResult,
): Promise<void> {
	if (result.stats.failed > 0) {
		result.fetchDate = fetchDate.previous;
		return;
	}
	await local.setWatermark({ name: fetchDate.name, value: fetchDate.startedDay });
	result.fetchDate = fetchDate.startedDay;
}

/** A request without a bexio connection or without lines fails at once, without retries. */
function checkInput(input: AccountingExportInput): void {
	if (input.connection?.system !== 'bexio')
		throw ApplicationFailure.nonRetryable(
			'accountingExport needs "connection": {"system": "bexio", "id": "<connection id>"}',
			'InvalidRequestError',
		);
	if (!Array.isArray(input.lines) && !input.lexofficeVouchers)
		throw ApplicationFailure.nonRetryable(
			'accountingExport needs "lines": an array of booking lines (or "lexofficeVouchers")',
			'InvalidRequestError',
		);
}

/**
 * The booking lines of the lexoffice invoices and credit notes updated since the source's day, one voucher
 * list page per activity on the lexoffice account's queue; a voucher that cannot be booked counts as
 * failed with its reason.
 */
async function voucherLines(
	input: AccountingExportInput,
	source: LexofficeVoucherSource,
	result: AccountingExportResult,
): Promise<BookingLine[]> {
	const api = proxyActivities<Activities>({
		taskQueue: apiTaskQueue(source.lexoffice, workflowInfo().taskQueue),
		startToCloseTimeout: '10 minutes',
		heartbeatTimeout: '1 minute',
		retry,
	});
	const lines: BookingLine[] = [];
	let cursor: number | undefined;
	do {
		const page = await api.voucherBookingLines({
			source,
			bexio: input.connection,
			cursor,
			pageSize: VOUCHER_PAGE,
		});
		lines.push(...page.lines);
		result.stats.processed += page.failures.length;
		result.stats.failed += page.failures.length;
		result.failures.push(
			...page.failures.slice(0, Math.max(0, FAILURE_LIST_LIMIT - result.failures.length)),
		);
		cursor = page.next;
	} while (cursor !== undefined);
	return lines;
}

/**
 * The lines that can be booked, their ids trimmed. A line without an id cannot be made idempotent;
 * a repeated id would be booked once only: both are counted as failed, with their reason.
 */
function validLines(lines: BookingLine[], result: AccountingExportResult): BookingLine[] {
	const { stats } = result;
	const seen = new Set<string>();
	const valid: BookingLine[] = [];
	lines.forEach((line, i) => {
		const id =
			line?.externalId === undefined || line?.externalId === null
				? ''
				: String(line.externalId).trim();
		const reason = !id
			? 'no externalId: every line needs the id it has in its source'
			: seen.has(id)
				? `externalId ${id} occurs more than once; only its first line is booked`
				: undefined;
		if (reason) {
			stats.processed += 1;
			stats.failed += 1;
			if (result.failures.length < FAILURE_LIST_LIMIT)
				result.failures.push({ sourceId: id || `#${i + 1}`, reason });
			return;
		}
		seen.add(id);
		valid.push({ ...line, externalId: id });
	});
	return valid;
}

/** One activity per batch, in order; each batch's counts, failures and plans added to the result (the lists capped). */
async function exportBatches(
	api: Pick<Activities, 'exportBookingBatch'>,
	input: AccountingExportInput,
	jobId: string,
	valid: BookingLine[],
	result: AccountingExportResult,
): Promise<void> {
	const { stats, dryRun } = result;
	const size = Math.max(1, input.batchSize ?? DEFAULT_BATCH);
	for (let start = 0; start < valid.length; start += size) {
		const r: AccountingBatchResult = await api.exportBookingBatch({
			jobId,
			connection: input.connection,
			sourceName: input.sourceName ?? 'n8n',
			lines: valid.slice(start, start + size),
			accountMap: input.accountMap ?? {},
			defaults: input.defaults ?? {},
			dryRun,
		});
		for (const k of Object.keys(stats) as Array<keyof ImportStats>) stats[k] += r.stats[k];
		result.failures.push(
			...r.failures.slice(0, Math.max(0, FAILURE_LIST_LIMIT - result.failures.length)),
		);
		result.planned.push(
			...r.planned.slice(0, Math.max(0, PLAN_LIST_LIMIT - result.planned.length)),
		);
	}
}
