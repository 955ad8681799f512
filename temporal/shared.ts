/**
 * What workflows, the worker, the client helpers and the n8n node share: task queues, input and output
 * types and message definitions. Imports nothing that would drag Node APIs into the workflow bundle.
 */
import type { QueryDefinition, UpdateDefinition } from '@temporalio/common';

import { TASK_QUEUE } from './defaults';
import type { ReconcileDirection, ReconcileReport, ReconcileRow } from './mappings/reconcile';

export type { ReconcileDirection, ReconcileRow };

// The objects the SDK's defineQuery/defineUpdate (@temporalio/workflow) return, built here: the n8n
// process loads these definitions and must not need @temporalio/workflow, a worker-only dependency.
const defineQuery = <Ret>(name: string) => ({ type: 'query', name }) as QueryDefinition<Ret>;
const defineUpdate = <Ret, Args extends unknown[] = []>(name: string) =>
	({ type: 'update', name }) as UpdateDefinition<Ret, Args>;

/** A connection as the worker names it, for pickers: never its token. */
export interface WorkerConnection {
	id: string;
	system: SystemName;
	baseUrl: string;
}

/** bexio master data a Jobs node field names (taxes, accounts, currencies, business activities). */
export type MasterDataList = 'taxes' | 'accounts' | 'currencies' | 'businessActivities';

export interface MasterDataRequest {
	connection: ConnectionRef;
	list: MasterDataList;
}

/** One record of a master-data list, only the fields a dropdown shows (never a token). */
export type MasterDataRecord = Record<string, string | number | boolean | null>;

/** Workflows and orchestration activities. */
export { TASK_QUEUE };

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
	/** Invoices: what a mapped rate may change (TaxPolicy); default `fail`. */
	taxPolicy?: TaxPolicy;
	/** Invoices: exchange rates that win over bexio's for the document date (ExchangeRates). */
	exchangeRates?: ExchangeRates;
	/** Invoices lexoffice → bexio: also import down payment invoices (left out by default, the final invoice settles them). */
	includeDownPayments?: boolean;
	/** Invoices bexio → lexoffice: book every voucher on lexoffice's collective customer instead of linking or creating the customer. */
	collectiveContact?: boolean;
	/** Invoices bexio → lexoffice: only invoices updated on or after this day (yyyy-MM-dd); the scheduled sync's window. */
	updatedSince?: string;
	/** Invoices bexio → lexoffice: attach each bexio invoice's PDF to its voucher (default true; false leaves vouchers without a file). */
	attachPdf?: boolean;
	/**
	 * Plan first and write only after Job → Approve with the plan's hash: the job makes a dry run, waits
	 * (days if need be) for an approval or a rejection, then plans once more and writes only when that plan
	 * is the approved one; a changed plan waits for a new approval.
	 */
	approval?: boolean;
	/** Continue-as-new after this many pages even if the server does not suggest it yet. Default 50. */
	pagesPerRun?: number;
	/** Heartbeat timeout of the page activity; how fast a crashed worker's page is retried. Default 30. */
	heartbeatTimeoutSeconds?: number;
	/** Carried by continue-as-new; absent on the first run. */
	state?: ImportState;
}

export type ImportPhase =
	| 'indexing'
	| 'importing'
	| 'awaitingApproval'
	| 'finishing'
	| 'completed'
	| 'rejected'
	| 'cancelled';

/** Where a job that needs approval stands (BulkImportInput.approval). */
export interface ApprovalState {
	/** `plan`: dry runs until a plan is approved; `write`: the approved plan is being written. */
	pass: 'plan' | 'write';
	/** Digest of the last complete plan (planHash.ts); what Job → Approve must name. */
	planHash?: string;
	/** The digest of the plan pass in progress, page by page. */
	runningHash?: string;
	/** The hash the last approval named; the job writes when a new plan has the same. */
	approvedHash?: string;
	/** The plan wrote nothing, so the job ended after it without asking (and without a write pass). */
	notNeeded?: boolean;
	/** The last complete plan's counts and first planned writes, for the people approving it. */
	planStats?: ImportStats;
	planned?: PlannedWrite[];
	/** Set by Job → Approve / Reject while the job waits. */
	decision?: { approve: string } | { reject: string };
	/** Why the job ended without writing. */
	rejected?: string;
}

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

/**
 * What a job does when the target has no tax at the source's rate and the job's `taxRateMap` maps it to
 * another one: `fail` (the default) fails the document and names both alternatives; `keepGross` keeps what
 * the customer owes (net and tax recomputed at the target rate); `keepNet` keeps the net (tax and gross
 * change). Amounts are never changed by any other rule.
 */
export type TaxPolicy = 'fail' | 'keepGross' | 'keepNet';

/** A document written with amounts that differ from its source, under the job's tax policy, or at an exchange rate. */
export interface MoneyAdjustment {
	sourceId: string;
	targetId: string;
	currency: string;
	/** The tax policy that changed amounts; absent when only a currency conversion is reported. */
	policy?: TaxPolicy;
	differences: Array<{ field: 'net' | 'tax' | 'gross'; source: number; target: number }>;
	/** e.g. "19 % → 8.1 % (keepGross): net 100.00 → 110.08 EUR, tax 19.00 → 8.92 EUR". */
	reason: string;
	/** The exchange rate the document was booked (lexoffice → bexio) or converted (bexio → lexoffice) at. */
	conversion?: CurrencyConversion;
}

/**
 * 1 `from` = `rate` `to`, from bexio's exchange rates for the document date (`source` bexio, `date` the day
 * bexio's rate is valid from) or the job's `exchangeRates` (`source` job). bexio → lexoffice converts the
 * amounts: `original` holds the bexio document's (in `from`); lexoffice → bexio keeps the source's amounts
 * and currency and records the rate bexio books them at.
 */
export interface CurrencyConversion {
	from: string;
	to: string;
	rate: number;
	source: 'bexio' | 'job';
	date?: string;
	original?: { net: number; tax: number; gross: number };
}

/**
 * Exchange rates a job is given: ISO code → value of 1 unit in the bexio account's base currency, quoted as
 * bexio quotes its own ({"EUR": 0.93}: 1 EUR = 0.93 CHF). They win over bexio's rates for the document date.
 */
export type ExchangeRates = Record<string, number>;

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
	/** The first FAILURE_LIST_LIMIT documents written with amounts changed by the tax policy (absent in older runs). */
	adjustments?: MoneyAdjustment[];
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
	/** Jobs that need approval (BulkImportInput.approval). */
	approval?: ApprovalState;
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
	/** Jobs that need approval: the plan awaiting (or given) approval. */
	approval?: ApprovalView;
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
	/** Invoices: every document (up to FAILURE_LIST_LIMIT) whose amounts differ from its source, and why. */
	adjustments: MoneyAdjustment[];
	pages: { indexed: number; imported: number };
	durationMs: number;
	/** Jobs that needed approval: the plan written (approved), or why nothing was written (rejected). */
	approval?: ApprovalOutcome;
}

/** Business id of an import: a retried start with the same run key attaches instead of starting twice. */
export function importWorkflowId(input: {
	kind: ImportKind;
	source: ConnectionRef;
	target: ConnectionRef;
	runKey: string;
}): string {
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
/** Approves the plan awaiting approval, named by its hash; rejected when no plan waits or the hash is another plan's. */
export const approveUpdate = defineUpdate<ImportProgress | JobProgress, [string]>('approve');
/** Ends a job awaiting approval without writing, with the reason given. */
export const rejectUpdate = defineUpdate<ImportProgress | JobProgress, [string]>('reject');

/** The plan awaiting (or given) approval, as progress shows it. */
export interface ApprovalView {
	planHash?: string;
	approvedHash?: string;
	planStats?: ImportStats;
	planned?: PlannedWrite[];
}

/** How a job that needed approval ended: the plan written (approved), or why nothing was written (rejected). */
export interface ApprovalOutcome {
	/** `notNeeded`: the plan wrote nothing (no create, no update), so the job ended without asking. */
	status: 'approved' | 'rejected' | 'notNeeded';
	planHash?: string;
	reason?: string;
}

// ---- invoice sync ------------------------------------------------------------------------------------

export interface InvoiceSyncInput {
	/**
	 * lexoffice → bexio: finalised invoices and credit notes become issued bexio invoices. bexio → lexoffice:
	 * issued bexio invoices become bookkeeping vouchers (the `invoices` bulk import over the updated window).
	 */
	source: ConnectionRef;
	target: ConnectionRef;
	/** First run only: the first updated day to read (yyyy-MM-dd); default the day of the first run. */
	since?: string;
	/** Also sync down payment invoices (excluded by default, as they are settled by the final invoice). */
	includeDownPayments?: boolean;
	/** lexoffice % → bexio % for rates bexio lacks, e.g. {"19": 8.1}. */
	taxRateMap?: Record<string, number>;
	/** What a mapped rate may change (TaxPolicy); default `fail`. */
	taxPolicy?: TaxPolicy;
	/** Exchange rates that win over bexio's for the document date (ExchangeRates). */
	exchangeRates?: ExchangeRates;
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
	/** Invoices written with amounts changed by the tax policy, and why. */
	adjustments: MoneyAdjustment[];
	/** lexoffice → bexio: payments recorded on bexio invoices in this run (absent in older results). */
	paymentsRecorded?: number;
	pages: number;
}

// ---- input-driven jobs (timesheet sync, accounting export) -------------------------------------------

/** Progress of a timesheet sync or accounting export; the same `progress` query name as imports. */
export interface JobProgress {
	jobId: string;
	workflowType: 'timesheetSync' | 'accountingExport' | 'orderInvoice';
	/** Entries or lines in the input (after reading a source file); 0 while a file is read. */
	total: number;
	stats: ImportStats;
	failures: ImportFailure[];
	done: boolean;
	/** Jobs started with approval: where the job stands and the plan awaiting (or given) approval. */
	phase?: 'planning' | 'awaitingApproval' | 'writing' | 'completed' | 'rejected';
	approval?: ApprovalView;
}

export const jobProgressQuery = defineQuery<JobProgress>('progress');

// ---- timesheet sync ----------------------------------------------------------------------------------

/** One time entry as handed over from n8n (or read from a CSV/JSON file). */
export interface TimesheetEntry {
	/** The entry's id in the source (time tracker, spreadsheet row id); makes every run idempotent. */
	externalId: string;
	/** Day worked, `YYYY-MM-DD`. */
	date: string;
	/** `H:MM` (e.g. "1:30") or whole minutes (90 or "90"). */
	duration: string | number;
	/** bexio user by e-mail or "firstname lastname"; an unknown person becomes a fictional user. */
	person: string;
	/** bexio project: number (`nr`), name, or id. */
	project: string | number;
	/** Business activity: name or id. */
	activity: string | number;
	text?: string;
	/** Also "yes"/"no", "ja"/"nein", 1/0. Default: the business activity's default, else true. */
	billable?: boolean | string;
	/** Customer: contact number (`nr`) or id; default the project's contact. */
	customer?: string | number;
}

/**
 * `preview`: reads, resolves and plans, writes nothing. `timesheets`: one bexio timesheet per entry.
 * `invoiceDrafts`: one draft invoice per customer with one position per billable entry, no timesheets.
 */
export type TimesheetSyncMode = 'preview' | 'timesheets' | 'invoiceDrafts';

export interface TimesheetSyncInput {
	/** The bexio account timesheets (or invoice drafts) go to. */
	connection: ConnectionRef;
	/** Entries handed over directly (e.g. from n8n items); or `source`. They travel in the workflow input: a few thousand per job at most. */
	entries?: TimesheetEntry[];
	/**
	 * A CSV file (header row; columns named as TimesheetEntry's fields) or a JSON array, read over HTTP(S)
	 * by the worker. The URL is part of the job's history: it must not carry a secret.
	 */
	source?: { format: 'csv' | 'json'; url: string };
	/** Default `timesheets`. */
	mode?: TimesheetSyncMode;
	/**
	 * Names the source of the external ids (links are per source name): two feeds whose ids may collide
	 * need two names. Default `n8n`.
	 */
	sourceName?: string;
	/** People unknown to bexio become fictional users; bexio requires a salutation and a unique e-mail. */
	fictionalUsers?: {
		salutationType?: 'male' | 'female';
		/** Domain of the e-mail made up for a person given by name only. Default `fictional.invalid`. */ emailDomain?: string;
	};
	/** invoiceDrafts: hourly rate where the business activity has none (default 0), sales tax id of the positions, title. */
	invoice?: { hourlyRate?: number; taxId?: number; title?: string };
	/** Entries per activity. Default 100. */
	batchSize?: number;
	/**
	 * Plan first and write only after Job → Approve with the plan's hash: the job previews, waits (days if
	 * need be) for an approval or a rejection, then previews once more and writes only when that plan is
	 * the approved one; a changed plan waits for a new approval. Ignored in preview mode.
	 */
	approval?: boolean;
}

/** What a preview plans for one entry, with the ids it resolved to. */
export interface PlannedTimesheet extends PlannedWrite {
	/** The bexio timesheet as it would be written (`user_id` null when the person is still to be created). */
	body: Record<string, unknown>;
	/** A fictional user this entry needs and that does not exist yet. */
	createsUser?: { firstname: string; lastname: string; email: string };
}

export interface TimesheetSyncResult {
	mode: TimesheetSyncMode;
	stats: ImportStats;
	failures: ImportFailure[];
	/** When more entries failed than the list holds: a JSON-lines file on the worker with all of them (id, reason). */
	failuresFile?: string;
	/** Preview: the first PLAN_LIST_LIMIT planned entries. */
	planned: PlannedTimesheet[];
	/** Fictional users created by this run (preview: that would be created). */
	fictionalUsers: Array<{ person: string; userId?: number }>;
	/** invoiceDrafts: the drafts created, one per customer. */
	invoices: Array<{ contactId: number; invoiceId: number; positions: number }>;
	/** Jobs started with approval: the plan written (approved), or why nothing was written (rejected). */
	approval?: ApprovalOutcome;
}

// ---- order invoices ----------------------------------------------------------------------------------

/** One line of a POS or shop order: what was sold, how many, at what unit price. */
export interface OrderLine {
	text: string;
	/** Default 1. */
	quantity?: number | string;
	/** Unit price, gross or net as the job's `pricesIncludeVat` says. */
	unitPrice: number | string;
	/** VAT rate in percent (e.g. 8.1): the active bexio sales tax of that rate; default the job's tax. */
	taxRate?: number | string;
}

/** A POS or shop order as handed over from n8n (e.g. a webhook's body). */
export interface Order {
	/** The order's id in the POS; one bexio invoice per id, ever. */
	orderId: string;
	/** The buyer; absent means the walk-in contact. Found in bexio by e-mail, else by name, else created. */
	customer?: { name?: string; email?: string } | null;
	lines: OrderLine[];
	/** ISO code (e.g. CHF); default bexio's base currency. */
	currency?: string;
	/** The order's total as the POS computed it: the invoice must come to the same, else it is not booked. */
	total?: number | string;
	/** Invoice date (yyyy-MM-dd); default bexio's (today). */
	date?: string;
}

export interface OrderInvoiceInput {
	/** The bexio account the invoice goes to. */
	connection: ConnectionRef;
	order: Order;
	/** Prefix of the invoice's `api_reference` (`<sourceName>:<orderId>`); two POS whose ids may collide need two names. Default `pos`. */
	sourceName?: string;
	/** bexio sales tax id of lines that name no rate. */
	taxId?: number;
	/** Whether unit prices include VAT (default true, as at a till). */
	pricesIncludeVat?: boolean;
	/** The contact of orders without a customer, by name (found, or created once). Default `Walk-in customer`. */
	walkInCustomer?: string;
	/** Whether to issue the invoice (default true); false leaves a draft. */
	issue?: boolean;
}

/** The invoice of one order. `created` when this run wrote it, `unchanged` when it existed already. */
export interface OrderInvoiceResult {
	orderId: string;
	outcome: 'created' | 'unchanged';
	invoiceId: number;
	documentNr?: string;
	contactId: number;
	/** Whether this run created the contact. */
	contactCreated: boolean;
	invoiceStatus: 'draft' | 'issued' | 'cancelled';
	total: number;
	currency?: string;
}

/** A POS order's job id: the order id itself, so concurrent deliveries of one order share one job. */
export function orderInvoiceWorkflowId(
	connection: ConnectionRef,
	sourceName: string,
	orderId: string,
): string {
	return `order-invoice/${connection.id}/${sourceName}/${orderId}`;
}

// ---- accounting export -------------------------------------------------------------------------------

/** One booking line from the source (cash book, POS, bank export). */
export interface BookingLine {
	/** The line's id in the source; makes every run idempotent and becomes the entry's reference number. */
	externalId: string;
	/** Booking date `YYYY-MM-DD`. */
	date: string;
	/** Positive amount in the line's currency. */
	amount: number | string;
	/** Source account key or bexio account number; default `defaults.debitAccount` (1000 Kasse). */
	debitAccount?: string;
	/** Source account key or bexio account number; default `defaults.creditAccount`. */
	creditAccount?: string;
	description: string;
	/** bexio tax code (e.g. `UN81`) or id. */
	taxCode?: string;
	taxId?: number;
	/** Or the rate (%) of an active bexio sales tax, when bexio has exactly one at that rate. */
	taxRate?: number;
	/** Which account the tax applies to (bexio `tax_account_id`); the amount is then gross and bexio splits the tax off. */
	taxSide?: 'debit' | 'credit';
	/** ISO code (e.g. `EUR`); default the base currency. */
	currency?: string;
	/** Rate to the base currency when `currency` is another one. */
	currencyFactor?: number;
}

/** lexoffice invoices and credit notes as the source of an accounting export (voucherBookings). */
export interface LexofficeVoucherSource {
	/** The lexoffice account the vouchers are read from. */
	lexoffice: ConnectionRef;
	/** First updated day to read (yyyy-MM-dd); vouchers updated since then (voided ones get their reversal). */
	since: string;
	/** bexio account numbers (or keys of accountMap): receivables (debit of an invoice) and revenue. */
	receivablesAccount: string;
	revenueAccount: string;
	/** lexoffice rate (%) → bexio tax code, where bexio has no or several active sales taxes at that rate. */
	taxCodes?: Record<string, string>;
	/** bexio's base currency (ISO code); a voucher in another currency is booked with bexio's exchange rate of its date. Default CHF. */
	baseCurrency?: string;
	/**
	 * Continue from the last fetch date: `since` is only the first run's day; each run reads from one day
	 * before the day the last run without failures started, and moves that date to its own start day,
	 * also when it found nothing. Kept in the link store under this name.
	 */
	fetchDateName?: string;
}

export interface AccountingExportInput {
	/** The bexio account the entries are booked in. */
	connection: ConnectionRef;
	lines: BookingLine[];
	/** Also (or instead of `lines`) book lexoffice invoices and credit notes. */
	lexofficeVouchers?: LexofficeVoucherSource;
	/** Source account key → bexio account number (e.g. {"cash": "1000", "sales": "3400"}). */
	accountMap?: Record<string, string>;
	/** Accounts of lines that name none: debit default 1000 (cash, for receipts). */
	defaults?: { debitAccount?: string; creditAccount?: string };
	/** Resolves and plans only: no manual entry, no link. */
	dryRun?: boolean;
	/** Names the source of the external ids (links are per source name). Default `n8n`. */
	sourceName?: string;
	/** Lines per activity. Default 100. */
	batchSize?: number;
}

export interface PlannedBooking extends PlannedWrite {
	/** The manual entry as it is (or would be) posted, with resolved account, tax and currency ids. */
	body: Record<string, unknown>;
}

export interface AccountingExportResult {
	dryRun: boolean;
	stats: ImportStats;
	failures: ImportFailure[];
	/** When more lines failed than the list holds: a JSON-lines file on the worker with all of them (id, reason). */
	failuresFile?: string;
	/** Dry run: the first PLAN_LIST_LIMIT planned entries. */
	planned: PlannedBooking[];
	/** lexoffice vouchers: the first updated day read, and the fetch date after this run (with `fetchDateName`). */
	from?: string;
	fetchDate?: string;
}

// ---- reconciliation ----------------------------------------------------------------------------------

/**
 * Compares the invoices the jobs linked between one lexoffice and one bexio account for a period of
 * document dates: what both sides hold per currency and tax rate, documents on one side only, and
 * linked pairs whose amounts differ. Reads only; writes nothing.
 */
export interface ReconcileInput {
	lexoffice: ConnectionRef;
	bexio: ConnectionRef;
	/** First and last document day (yyyy-MM-dd, inclusive). */
	from: string;
	to: string;
	/** Default both: lexoffice → bexio (invoiceSync, invoice import) and bexio → lexoffice (invoice import). */
	directions?: ReconcileDirection[];
	/** The rate maps the jobs wrote with, per direction (source % → target %); aligns rows on the source's rate. */
	taxRateMap?: Partial<Record<ReconcileDirection, Record<string, number>>>;
	/** The tax policy the jobs wrote mapped rates with, per direction: a pair at a mapped rate is compared on the gross (keepGross) or net (keepNet) only. */
	taxPolicy?: Partial<Record<ReconcileDirection, TaxPolicy>>;
	/** lexoffice → bexio: also down payment invoices (as the sync's option). */
	includeDownPayments?: boolean;
	/** Documents per page read; clamped to each API's maximum. Default 100. */
	pageSize?: number;
}

export interface ReconcileResult extends ReconcileReport {
	from: string;
	to: string;
	directions: ReconcileDirection[];
	/** Source and target pages read. */
	pages: number;
}
