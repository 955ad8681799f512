/**
 * What workflows, the worker, the client helpers and the n8n node share: task queues, input and output
 * types and message definitions. Imports nothing that would drag Node APIs into the workflow bundle.
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';

/** Workflows and orchestration activities. */
export const TASK_QUEUE = 'accounting-sync';

/** Systems a connection can point at. */
export type SystemName = 'bexio' | 'lexoffice';

/**
 * A reference to API credentials held by the worker (environment or connections file). Workflow input
 * and history carry only this id, never a token.
 */
export interface ConnectionRef {
	system: SystemName;
	/** Connection id as named in the worker's connections (e.g. `lexoffice-default`). */
	id: string;
}

export interface ListContactsInput {
	connection: ConnectionRef;
	pageSize?: number;
}

export interface ListContactsResult {
	contacts: number;
	pages: number;
	/** Ids are returned so a caller can verify exactly-once reading; keep the run small. */
	ids: string[];
}

/** Failure types that never succeed on retry; listed in every retry policy's nonRetryableErrorTypes. */
export const NON_RETRYABLE_FAILURES = [
	'ApiAuthError',
	'ApiForbiddenError',
	'ApiNotFoundError',
	'ApiValidationError',
	'ApiConflictError',
	'ApiUnexpectedResponseError',
	'InvalidRequestError',
	'UnknownConnectionError',
	'MaybeAppliedWriteError',
] as const;

// ---- bulk import -------------------------------------------------------------------------------------

/**
 * What a bulk import moves; each kind has its pipeline in activities/ (contacts.ts, articles.ts,
 * invoiceHistory.ts: finalised invoices lexoffice → bexio, issued bexio invoices → lexoffice bookkeeping vouchers).
 */
export type ImportKind = 'contacts' | 'articles' | 'invoices';

/** Failures kept in workflow state and returned; the rest is counted and written to a report file. */
export const FAILURE_LIST_LIMIT = 100;
/** Planned writes a dry run returns; the rest is counted. */
export const PLAN_LIST_LIMIT = 100;

export interface BulkImportInput {
	kind: ImportKind;
	source: ConnectionRef;
	target: ConnectionRef;
	/** Records per page of the source (and of the target index); clamped to the API's maximum. Default 100. */
	pageSize?: number;
	/** Reads and plans only: no API writes, no link writes. */
	dryRun?: boolean;
	/** Whether an e-mail address identifies a record when no link, customer number or marker does. */
	matchByEmail?: boolean;
	/** Articles and invoices: source tax rate (%) → target tax rate (%) where the target lacks the source's rate (e.g. {"8.1": 19}). */
	taxRateMap?: Record<string, number>;
	/** Invoices lexoffice → bexio: also import down payment invoices (left out by default, the final invoice settles them). */
	includeDownPayments?: boolean;
	/** Invoices bexio → lexoffice: book every voucher on lexoffice's collective customer instead of linking or creating the customer. */
	collectiveContact?: boolean;
	/** Continue-as-new after this many pages even if the server does not suggest it yet. Default 50. */
	pagesPerRun?: number;
	/** Heartbeat timeout of the page activity; how fast a crashed worker's page is retried. Default 30. */
	heartbeatTimeoutSeconds?: number;
	/** Carried by continue-as-new; absent on the first run. */
	state?: ImportState;
}

export type ImportPhase = 'indexing' | 'importing' | 'finishing' | 'completed' | 'cancelled';

export interface ImportStats {
	processed: number;
	created: number;
	updated: number;
	unchanged: number;
	skipped: number;
	failed: number;
}

export interface ImportFailure {
	sourceId: string;
	/** The API's own message (or the mapping's), never a token or request header. */
	reason: string;
}

export interface PlannedWrite {
	sourceId: string;
	action: 'create' | 'update';
	targetId?: string;
}

/** Everything a run needs to go on; continue-as-new carries it to the next run. */
export interface ImportState {
	/** Workflow id + first run id: identifies the job across continue-as-new, unique per start. */
	jobId: string;
	phase: ImportPhase;
	/** Position of the next page of the current phase; absent before the first page. */
	cursor?: number;
	paused: boolean;
	pages: { indexed: number; imported: number };
	/** Target records read into the key index. */
	indexed: number;
	stats: ImportStats;
	/** The first FAILURE_LIST_LIMIT failures; `stats.failed` counts all. */
	failures: ImportFailure[];
	/** Dry run: the first PLAN_LIST_LIMIT planned writes; `stats.created + stats.updated` counts all. */
	planned: PlannedWrite[];
	/** Source records in total, when the source API says (lexoffice does, bexio does not). */
	total?: number;
	timing: {
		/** Workflow time (ms since epoch) the job started. */
		startedAt: number;
		/** Time spent inside import page activities, for the rate. */
		importMs: number;
	};
	/** Runs so far (continue-as-new count + 1). */
	runs: number;
}

export interface ImportProgress {
	jobId: string;
	kind: ImportKind;
	source: ConnectionRef;
	target: ConnectionRef;
	dryRun: boolean;
	phase: ImportPhase;
	/** Pause requested; the page in flight still finishes. */
	paused: boolean;
	/** The job stands still: paused and no page in flight. */
	waiting: boolean;
	cursor?: number;
	pages: { indexed: number; imported: number };
	indexed: number;
	stats: ImportStats;
	failures: ImportFailure[];
	total?: number;
	/** Records per second while importing; absent before the first page. */
	ratePerSecond?: number;
	/** Seconds left at the current rate; only when the source reports a total. */
	etaSeconds?: number;
	startedAt: string;
	runs: number;
}

export interface BulkImportResult {
	jobId: string;
	dryRun: boolean;
	stats: ImportStats;
	/** The first FAILURE_LIST_LIMIT failures. */
	failures: ImportFailure[];
	/** When more failures happened than the list holds: a JSON-lines file with all of them (id, reason). */
	failuresFile?: string;
	/** Dry run: the first PLAN_LIST_LIMIT planned writes. */
	planned: PlannedWrite[];
	pages: { indexed: number; imported: number };
	durationMs: number;
}

/** Business id of an import: a retried start with the same run key attaches instead of starting twice. */
export function importWorkflowId(input: { kind: ImportKind; source: ConnectionRef; target: ConnectionRef; runKey: string }): string {
	return `import/${input.kind}/${input.source.system}-to-${input.target.system}/${input.source.id}/${input.runKey}`;
}

/**
 * Task queue of the activities that call one API account. One queue per connection lets the worker cap
 * activity starts per account (maxTaskQueueActivitiesPerSecond), shared by every job against it.
 */
export function apiTaskQueue(ref: ConnectionRef, base: string = TASK_QUEUE): string {
	return `${base}/${ref.system}/${ref.id}`;
}

/** Statistics, cursor, rate and ETA of a running or finished import. */
export const progressQuery = defineQuery<ImportProgress>('progress');
/** Stops after the current page; rejected when the import is already paused or finished. */
export const pauseUpdate = defineUpdate<ImportProgress>('pause');
/** Goes on with the next page; rejected when the import is not paused. */
export const resumeUpdate = defineUpdate<ImportProgress>('resume');

// ---- invoice sync ------------------------------------------------------------------------------------

export interface InvoiceSyncInput {
	/** The lexoffice account invoices come from and the bexio account they go to. */
	source: ConnectionRef;
	target: ConnectionRef;
	/** First run only: the first updated day to read (yyyy-MM-dd); default the day of the first run. */
	since?: string;
	/** Also sync down payment invoices (excluded by default, as they are settled by the final invoice). */
	includeDownPayments?: boolean;
	/** lexoffice % → bexio % for rates bexio lacks, e.g. {"19": 8.1}. */
	taxRateMap?: Record<string, number>;
	/** Names the watermark; default per source and target. Two syncs with one name share a position. */
	watermarkName?: string;
	dryRun?: boolean;
	pageSize?: number;
}

export interface InvoiceSyncResult {
	/** First updated day read (the previous watermark minus one day of overlap, or `since`). */
	from: string;
	/** The watermark after this run (unchanged when records failed, so they are read again). */
	watermark?: string;
	dryRun: boolean;
	stats: ImportStats;
	failures: ImportFailure[];
	planned: PlannedWrite[];
	pages: number;
}
