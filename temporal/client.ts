import {
	Client,
	Connection,
	WorkflowExecutionAlreadyStartedError,
	WorkflowNotFoundError,
	type WorkflowStartOptions,
} from '@temporalio/client';
import { randomUUID } from 'node:crypto';

import {
	TASK_QUEUE,
	importWorkflowId,
	approveUpdate,
	pauseUpdate,
	progressQuery,
	rejectUpdate,
	resumeUpdate,
	type AccountingExportInput,
	type AccountingExportResult,
	type BulkImportInput,
	type BulkImportResult,
	type ConnectionRef,
	type WorkerConnection,
	type ImportProgress,
	type JobProgress,
	type InvoiceSyncInput,
	orderInvoiceWorkflowId,
	type OrderInvoiceInput,
	type MasterDataRecord,
	type MasterDataRequest,
	type ReconcileInput,
	type ReconcileResult,
	type TimesheetSyncInput,
	type TimesheetSyncResult,
} from './shared';
import { TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE } from './defaults';
import { DEFAULT_ORDER_SOURCE } from './mappings/orderInvoice';

export { WorkflowNotFoundError };

/**
 * Connection settings from the environment: `TEMPORAL_ADDRESS` (default localhost:7233),
 * `TEMPORAL_NAMESPACE` (default `default`), `TEMPORAL_API_KEY` (Temporal Cloud) and `TEMPORAL_TLS=true`.
 * Shared by the worker and by callers (the SyncJob node, scripts); loads no worker code.
 */
export function temporalConnectionOptions(env: NodeJS.ProcessEnv = process.env) {
	const apiKey = env.TEMPORAL_API_KEY || undefined;
	return {
		address: env.TEMPORAL_ADDRESS ?? TEMPORAL_ADDRESS,
		namespace: env.TEMPORAL_NAMESPACE ?? TEMPORAL_NAMESPACE,
		tls: env.TEMPORAL_TLS === 'true' || apiKey !== undefined ? {} : undefined,
		apiKey,
	};
}

/** A client for the environment's Temporal; close it with `client.connection.close()`. */
export async function connectTemporal(env: NodeJS.ProcessEnv = process.env): Promise<Client> {
	const { address, namespace, tls, apiKey } = temporalConnectionOptions(env);
	const connection = await Connection.connect({ address, tls, apiKey });
	return new Client({ connection, namespace });
}

export interface StartImportOptions extends Omit<BulkImportInput, 'state'> {
	/**
	 * Names this run of the import (e.g. the n8n execution id or a date). A start with a run key whose
	 * import is still running attaches to it instead of starting a second one.
	 */
	runKey: string;
	/** Workflow task queue; default `accounting-sync`. */
	taskQueue?: string;
}

export interface ImportHandleInfo {
	workflowId: string;
	runId: string;
}

/** Starts an import, or attaches to the running one with the same id (workflowIdConflictPolicy USE_EXISTING). */
export async function startImport(
	client: Client,
	options: StartImportOptions,
): Promise<ImportHandleInfo> {
	const { runKey, taskQueue, ...input } = options;
	const workflowId = importWorkflowId({
		kind: input.kind,
		source: input.source,
		target: input.target,
		runKey,
	});
	const handle = await client.workflow.start('bulkImport', {
		args: [input satisfies BulkImportInput],
		taskQueue: taskQueue ?? TASK_QUEUE,
		workflowId,
		workflowIdConflictPolicy: 'USE_EXISTING',
	});
	return { workflowId, runId: handle.firstExecutionRunId };
}

export interface StartJobOptions {
	/** Names this run (e.g. the n8n execution id); a start whose run key names a running job attaches to it. */
	runKey: string;
	/** Workflow task queue; default `accounting-sync`. */
	taskQueue?: string;
}

/** Business ids of the input-driven jobs: per kind, bexio connection and run key. */
export function timesheetSyncWorkflowId(connection: ConnectionRef, runKey: string): string {
	return `timesheets/${connection.id}/${runKey}`;
}

export function accountingExportWorkflowId(connection: ConnectionRef, runKey: string): string {
	return `accounting/${connection.id}/${runKey}`;
}

/**
 * Starts a timesheet sync (entries, or a CSV/JSON file), or attaches to the running one with the same
 * run key. The entries travel in the workflow input: keep one start to a few thousand entries.
 */
export async function startTimesheetSync(
	client: Client,
	options: TimesheetSyncInput & StartJobOptions,
): Promise<ImportHandleInfo> {
	const { runKey, taskQueue, ...input } = options;
	const workflowId = timesheetSyncWorkflowId(input.connection, runKey);
	const handle = await client.workflow.start('timesheetSync', {
		args: [input satisfies TimesheetSyncInput],
		taskQueue: taskQueue ?? TASK_QUEUE,
		workflowId,
		workflowIdConflictPolicy: 'USE_EXISTING',
	});
	return { workflowId, runId: handle.firstExecutionRunId };
}

/** Starts an accounting export of booking lines, or attaches to the running one with the same run key. */
export async function startAccountingExport(
	client: Client,
	options: AccountingExportInput & StartJobOptions,
): Promise<ImportHandleInfo> {
	const { runKey, taskQueue, ...input } = options;
	const workflowId = accountingExportWorkflowId(input.connection, runKey);
	const handle = await client.workflow.start('accountingExport', {
		args: [input satisfies AccountingExportInput],
		taskQueue: taskQueue ?? TASK_QUEUE,
		workflowId,
		workflowIdConflictPolicy: 'USE_EXISTING',
	});
	return { workflowId, runId: handle.firstExecutionRunId };
}

/**
 * Starts the invoice job of one order under the order's id. A delivery while it runs attaches to it; a
 * delivery after it completed starts nothing and names the completed job, whose result is the invoice.
 * Only a failed, cancelled or terminated job is run again (e.g. after the order was corrected).
 */
export async function startOrderInvoice(
	client: Client,
	options: OrderInvoiceInput & { taskQueue?: string },
): Promise<ImportHandleInfo & { alreadyCompleted: boolean }> {
	const { taskQueue, ...input } = options;
	const workflowId = orderInvoiceWorkflowId(
		input.connection,
		input.sourceName || DEFAULT_ORDER_SOURCE,
		String(input.order?.orderId ?? '').trim(),
	);
	try {
		const handle = await client.workflow.start('orderInvoice', {
			args: [input satisfies OrderInvoiceInput],
			taskQueue: taskQueue ?? TASK_QUEUE,
			workflowId,
			workflowIdConflictPolicy: 'USE_EXISTING',
			workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY',
		});
		return { workflowId, runId: handle.firstExecutionRunId, alreadyCompleted: false };
	} catch (error) {
		if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
		const { runId } = await client.workflow.getHandle(workflowId).describe();
		return { workflowId, runId, alreadyCompleted: true };
	}
}

/** Business id of an invoice sync started by hand: per connection pair and run key (schedules use their own). */
export function invoiceSyncWorkflowId(
	input: Pick<InvoiceSyncInput, 'source' | 'target'>,
	runKey: string,
): string {
	return `invoice-sync/${input.source.id}/${input.target.id}/${runKey}`;
}

/**
 * Starts one run of the invoice sync (the workflow schedules start), or attaches to the running one with
 * the same run key. It shares the watermark of the scheduled runs unless it names its own.
 */
export async function startInvoiceSync(
	client: Client,
	options: InvoiceSyncInput & StartJobOptions,
): Promise<ImportHandleInfo> {
	const { runKey, taskQueue, ...input } = options;
	const workflowId = invoiceSyncWorkflowId(input, runKey);
	const handle = await client.workflow.start('invoiceSync', {
		args: [input satisfies InvoiceSyncInput],
		taskQueue: taskQueue ?? TASK_QUEUE,
		workflowId,
		workflowIdConflictPolicy: 'USE_EXISTING',
	});
	return { workflowId, runId: handle.firstExecutionRunId };
}

/** Business id of a reconciliation: per connection pair, period and run key. */
export function reconcileWorkflowId(
	input: Pick<ReconcileInput, 'lexoffice' | 'bexio' | 'from' | 'to'>,
	runKey: string,
): string {
	return `reconcile/${input.lexoffice.id}/${input.bexio.id}/${input.from}_${input.to}/${runKey}`;
}

/** Starts a reconciliation (reads only), or attaches to the running one with the same run key. */
export async function startReconcile(
	client: Client,
	options: ReconcileInput & StartJobOptions,
): Promise<ImportHandleInfo> {
	const { runKey, taskQueue, ...input } = options;
	const workflowId = reconcileWorkflowId(input, runKey);
	const handle = await client.workflow.start('reconcile', {
		args: [input satisfies ReconcileInput],
		taskQueue: taskQueue ?? TASK_QUEUE,
		workflowId,
		workflowIdConflictPolicy: 'USE_EXISTING',
	});
	return { workflowId, runId: handle.firstExecutionRunId };
}

export async function reconcileResult(
	client: Client,
	workflowId: string,
): Promise<ReconcileResult> {
	return client.workflow
		.getHandle<(input: ReconcileInput) => Promise<ReconcileResult>>(workflowId)
		.result();
}

export async function timesheetSyncResult(
	client: Client,
	workflowId: string,
): Promise<TimesheetSyncResult> {
	return client.workflow
		.getHandle<(input: TimesheetSyncInput) => Promise<TimesheetSyncResult>>(workflowId)
		.result();
}

export async function accountingExportResult(
	client: Client,
	workflowId: string,
): Promise<AccountingExportResult> {
	return client.workflow
		.getHandle<(input: AccountingExportInput) => Promise<AccountingExportResult>>(workflowId)
		.result();
}

/** Statistics, phase, rate and ETA; also for finished and cancelled imports. */
export async function getProgress(client: Client, workflowId: string): Promise<ImportProgress> {
	return client.workflow.getHandle(workflowId).query(progressQuery);
}

/** Pauses after the current page. Rejected (WorkflowUpdateFailedError) when already paused or finished. */
export async function pause(client: Client, workflowId: string): Promise<ImportProgress> {
	return client.workflow.getHandle(workflowId).executeUpdate(pauseUpdate);
}

/** Resumes a paused import. Rejected (WorkflowUpdateFailedError) when it is not paused. */
export async function resume(client: Client, workflowId: string): Promise<ImportProgress> {
	return client.workflow.getHandle(workflowId).executeUpdate(resumeUpdate);
}

/**
 * Runs a short query workflow on the worker of `taskQueue` and answers its result; when no worker
 * answers in time, fails with `failure(reason)`, which names the fix.
 */
async function executeOnWorker<T>(
	client: Client,
	workflowType: string,
	options: {
		taskQueue: string;
		workflowId: string;
		timeout: WorkflowStartOptions['workflowExecutionTimeout'];
		args?: unknown[];
	},
	failure: (reason: string) => string,
): Promise<T> {
	try {
		return await client.workflow.execute(workflowType, {
			args: options.args ?? [],
			taskQueue: options.taskQueue,
			workflowId: options.workflowId,
			workflowExecutionTimeout: options.timeout,
		});
	} catch (error) {
		throw new Error(failure(error instanceof Error ? error.message : String(error)));
	}
}

/** The connections the worker on `taskQueue` holds (never their tokens), asked through a short workflow. */
export async function listWorkerConnections(
	client: Client,
	taskQueue: string = TASK_QUEUE,
): Promise<WorkerConnection[]> {
	return executeOnWorker(
		client,
		'listConnections',
		{ taskQueue, workflowId: `connections/${randomUUID()}`, timeout: '15 seconds' },
		(reason) =>
			`No worker listed its connections on task queue "${taskQueue}" (${reason}): start the worker (npx bexio-lexoffice-worker) or check the credential's task queue`,
	);
}

/** A bexio master-data list read by the worker through one of its connections (the Jobs node's dropdowns). */
export async function lookupMasterData(
	client: Client,
	taskQueue: string,
	request: MasterDataRequest,
): Promise<MasterDataRecord[]> {
	return executeOnWorker(
		client,
		'lookupMasterData',
		{
			args: [request],
			taskQueue,
			workflowId: `master-data/${request.connection.id}/${request.list}/${randomUUID()}`,
			timeout: '30 seconds',
		},
		(reason) =>
			`The worker on task queue "${taskQueue}" could not list the bexio ${request.list} of connection "${request.connection.id}" (${reason}): check that the worker runs and holds that connection`,
	);
}

/** Approves the plan a job awaits approval for, named by its hash (Job → Get Progress shows it). Rejected when no plan waits or the hash is another plan's. */
export async function approve(
	client: Client,
	workflowId: string,
	planHash: string,
): Promise<ImportProgress | JobProgress> {
	return client.workflow.getHandle(workflowId).executeUpdate(approveUpdate, { args: [planHash] });
}

/** Ends a job awaiting approval without writing. Rejected when the job does not await approval. */
export async function reject(
	client: Client,
	workflowId: string,
	reason: string,
): Promise<ImportProgress | JobProgress> {
	return client.workflow.getHandle(workflowId).executeUpdate(rejectUpdate, { args: [reason] });
}

/** Requests cancellation; the import stops after cleanup and keeps its final statistics queryable. */
export async function cancel(client: Client, workflowId: string): Promise<void> {
	await client.workflow.getHandle(workflowId).cancel();
}

/** Waits for the result of an import (for scripts and tests; n8n polls getProgress instead). */
export async function importResult(client: Client, workflowId: string): Promise<BulkImportResult> {
	return client.workflow
		.getHandle<(input: BulkImportInput) => Promise<BulkImportResult>>(workflowId)
		.result();
}

export interface JobSummary {
	workflowId: string;
	workflowType: string;
	runId: string;
	status: string;
	startTime: Date;
	closeTime?: Date;
}

/**
 * A visibility query over jobs: one of `workflowTypes`, optionally on one task queue, with an id prefix,
 * one ExecutionStatus and further `conditions` (all must hold). Quotes are dropped from the values.
 */
export function jobsQuery(options: {
	workflowTypes: readonly string[];
	taskQueue?: string;
	prefix?: string;
	status?: string;
	conditions?: string[];
}): string {
	const clean = (value: string) => value.replace(/'/g, '');
	const types = options.workflowTypes.map((t) => `WorkflowType = '${clean(t)}'`);
	const filters = [types.length > 1 ? `(${types.join(' OR ')})` : types[0]];
	if (options.taskQueue) filters.push(`TaskQueue = '${clean(options.taskQueue)}'`);
	if (options.prefix) filters.push(`WorkflowId STARTS_WITH '${clean(options.prefix)}'`);
	if (options.status) filters.push(`ExecutionStatus = '${clean(options.status)}'`);
	return [...filters, ...(options.conditions ?? [])].join(' AND ');
}

/**
 * Jobs, newest first, from visibility: imports by default, or the given workflow types; optionally only
 * ids starting with `prefix` (e.g. `import/contacts/`) and only one ExecutionStatus (Running, Completed, Failed, Canceled, Terminated,
 * TimedOut, ContinuedAsNew).
 */
export async function listJobs(
	client: Client,
	options: {
		prefix?: string;
		status?: string;
		limit?: number;
		workflowTypes?: readonly string[];
	} = {},
): Promise<JobSummary[]> {
	const limit = options.limit ?? 50;
	const query = jobsQuery({
		workflowTypes: options.workflowTypes ?? ['bulkImport'],
		prefix: options.prefix,
		status: options.status,
	});
	const jobs: JobSummary[] = [];
	for await (const w of client.workflow.list({ query })) {
		jobs.push({
			workflowId: w.workflowId,
			workflowType: w.type,
			runId: w.runId,
			status: w.status.name,
			startTime: w.startTime,
			closeTime: w.closeTime,
		});
		if (jobs.length >= limit) break;
	}
	return jobs;
}
