import { Context } from '@temporalio/activity';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import type { ConnectionSource } from '../connections';
import {
	FAILURE_LIST_LIMIT,
	type ConnectionRef,
	type ImportKind,
	type MasterDataRecord,
	type MasterDataRequest,
	type TimesheetEntry,
	type WorkerConnection,
	type OrderInvoiceResult,
} from '../shared';
import { MASTER_DATA_OPERATIONS, masterDataRecords } from '../mappings/masterDataRecords';
import { linkStoreFromEnv, type LinkStore, type OutcomeKind } from '../store';
import {
	exportBookingBatch,
	type AccountingBatchInput,
	type AccountingBatchResult,
} from './accounting';
import { articlePipeline } from './articles';
import {
	voucherBookingLines,
	type VoucherLinesInput,
	type VoucherLinesResult,
} from './voucherBookings';
import { contactPipeline } from './contacts';
import { ActivityClients } from './engine/clients';
import { mapFailures } from './engine/failures';
import { importPage, type ImportPageInput, type ImportPageResult } from './engine/importer';
import { MasterDataCache } from './engine/masterData';
import type { Pipeline } from './engine/pipeline';
import { inPlaceRetries } from './engine/retries';
import { invoicePipeline, type InvoiceOptions } from './invoiceHistory';
import { invoiceOrder, type OrderInvoiceActivityInput } from './orderInvoices';
import { ReconcileReader, reconcileActivities } from './reconcile';
import { syncInvoicePage, type InvoiceSyncPageInput, type InvoiceSyncPageResult } from './invoices';
import {
	readTimesheetSource,
	syncTimesheetBatch,
	type TimesheetBatchInput,
	type TimesheetBatchResult,
} from './timesheets';

export interface ActivityDeps {
	connections: ConnectionSource;
	/** Links, key index, intents and outcomes; default: the SQLite file named by BLX_LINK_STORE. */
	store?: LinkStore;
	/** Where full failure reports go; default BLX_REPORT_DIR or `.data/reports`. */
	reportDir?: string;
	/**
	 * Pace each API account through the request budget kept in the link store, shared by every worker
	 * using that store (default true); false: this process paces alone.
	 */
	sharedBudget?: boolean;
}

export interface IndexPageInput {
	kind: ImportKind;
	source: ConnectionRef;
	target: ConnectionRef;
	cursor?: number;
	pageSize: number;
	matchByEmail: boolean;
}

export interface FinishImportResult {
	/** Outcomes the store holds for the job: the exact statistics even after a cancelled page. */
	counts: Record<OutcomeKind, number>;
	failuresFile?: string;
}

/** Finished jobs forget their outcomes at once; jobs that never finished (terminated) after 30 days. */
const OUTCOME_RETENTION_MS = 30 * 24 * 3600 * 1000;

type PipelineChoice = {
	kind: ImportKind;
	source: ConnectionRef;
	target: ConnectionRef;
	matchByEmail: boolean;
} & InvoiceOptions;

/** The pipeline of one kind and direction; an invoice's customer goes through the contact pipeline between the same accounts. */
function pipelineFor(
	clients: ActivityClients,
	cache: MasterDataCache,
	links: () => LinkStore,
	i: PipelineChoice,
): Pipeline {
	if (i.kind === 'invoices')
		return invoicePipeline(
			clients,
			cache,
			links(),
			i.source,
			i.target,
			i,
			contactPipeline(clients, cache, i.source, i.target, false),
		);
	if (i.kind === 'articles')
		return articlePipeline(clients, cache, i.source, i.target, i.taxRateMap);
	return contactPipeline(clients, cache, i.source, i.target, i.matchByEmail);
}

/** Every failure of a job as JSON lines (`{"sourceId","reason"}` per line); answers the file. */
async function writeFailureReport(
	store: LinkStore,
	reportDir: string,
	jobId: string,
): Promise<string> {
	const failures = await store.failures(jobId);
	mkdirSync(reportDir, { recursive: true });
	const file = join(reportDir, `${jobId.replace(/[^A-Za-z0-9._-]+/g, '_')}.failures.jsonl`);
	writeFileSync(file, failures.map((f) => JSON.stringify(f)).join('\n') + '\n');
	return file;
}

/**
 * Builds every activity from its dependencies, so the worker and the tests construct them the same
 * way (activities-dependency-injection sample).
 */
export function createActivities(deps: ActivityDeps) {
	const cache = new MasterDataCache();
	let store = deps.store;
	const links = (): LinkStore => (store ??= linkStoreFromEnv());
	const clients = new ActivityClients(
		deps.connections,
		deps.sharedBudget === false ? undefined : links,
	);
	const reportDir = resolve(deps.reportDir ?? process.env.BLX_REPORT_DIR ?? '.data/reports');
	const pipeline = (i: PipelineChoice) => pipelineFor(clients, cache, links, i);

	return {
		...importActivities(links, pipeline, reportDir),
		...syncActivities(clients, cache, links),
		...reconcileActivities(new ReconcileReader(clients, cache, links)),
		...jobStateActivities(links),
		/** The connections this worker holds, without their tokens (the Jobs node's dropdowns). */
		async listConnections(): Promise<WorkerConnection[]> {
			return deps.connections
				.list()
				.map(({ id, system, baseUrl }) => ({ id, system, baseUrl }))
				.sort((a, b) => `${a.system}:${a.id}`.localeCompare(`${b.system}:${b.id}`));
		},
		/** A bexio master-data list for the Jobs node's dropdowns, every page, the shown fields only. */
		async listMasterData(request: MasterDataRequest): Promise<MasterDataRecord[]> {
			const signal = Context.current().cancellationSignal;
			const rows = await clients
				.bexio(request.connection)
				.list(MASTER_DATA_OPERATIONS[request.list], { signal }, { returnAll: true });
			return masterDataRecords(rows as Array<Record<string, unknown>>);
		},
	};
}

/** The bulk import's steps: index the target, import a page, finish the job. */
function importActivities(
	links: () => LinkStore,
	pipeline: (i: PipelineChoice) => Pipeline,
	reportDir: string,
) {
	return {
		/**
		 * Reads one page of the target (GET /v1/contacts or GET /2.0/contact) and stores its business keys
		 * (customer number, id marker, e-mail) in the key index, so matching a source record costs no
		 * request. Also in a dry run: the index mirrors the target, it decides nothing.
		 */
		async indexTargetPage(input: IndexPageInput): Promise<{ entries: number; next?: number }> {
			return mapFailures(async () => {
				const ctx = Context.current();
				const page = await inPlaceRetries(
					() => pipeline(input).indexTarget(input.cursor, input.pageSize, ctx.cancellationSignal),
					() => ctx.heartbeat(),
				);
				await links().replaceTargetKeys(
					{ system: input.target.system, connection: input.target.id },
					input.kind,
					page.entries,
				);
				return { entries: page.entries.length, next: page.next };
			});
		},

		/** Reads one source page and writes it to the target; see engine/importer.ts for the idempotency rules. */
		async importPage(input: ImportPageInput): Promise<ImportPageResult> {
			return mapFailures(() => importPage(links(), pipeline(input), input));
		},

		/**
		 * Final (or cancelled) job: the outcome counts from the store and, when more records failed than
		 * the workflow keeps, a JSON-lines report of all of them (`{"sourceId","reason"}` per line).
		 */
		async finishImport(input: {
			jobId: string;
			dryRun: boolean;
			failed: number;
		}): Promise<FinishImportResult> {
			const counts = await links().outcomeCounts(input.jobId);
			if (input.dryRun || Math.max(input.failed, counts.failed) <= FAILURE_LIST_LIMIT)
				return { counts };
			return { counts, failuresFile: await writeFailureReport(links(), reportDir, input.jobId) };
		},
	};
}

/** The scheduled and one-off syncs that are not bulk imports: invoices, timesheets, bookings. */
function syncActivities(clients: ActivityClients, cache: MasterDataCache, links: () => LinkStore) {
	return {
		/** One voucher-list page of finalised lexoffice invoices and credit notes into bexio; see invoices.ts. */
		async syncInvoicePage(input: InvoiceSyncPageInput): Promise<InvoiceSyncPageResult> {
			return mapFailures(() =>
				syncInvoicePage(
					clients,
					cache,
					links(),
					contactPipeline(clients, cache, input.source, input.target, false),
					input,
				),
			);
		},

		/** Entries of a timesheet sync from a CSV (header row) or JSON file over HTTP(S); see timesheets.ts. */
		async readTimesheetSource(input: {
			source: { format: 'csv' | 'json'; url: string };
		}): Promise<TimesheetEntry[]> {
			return mapFailures(() => readTimesheetSource(input.source));
		},

		/** Time entries → bexio timesheets, or draft invoices per customer; fictional users for unknown people. */
		async syncTimesheetBatch(input: TimesheetBatchInput): Promise<TimesheetBatchResult> {
			return mapFailures(() => syncTimesheetBatch(clients, links(), input));
		},

		/** Booking lines → bexio manual entries; see accounting.ts. */
		async exportBookingBatch(input: AccountingBatchInput): Promise<AccountingBatchResult> {
			return mapFailures(() => exportBookingBatch(clients, links(), input));
		},

		/** One POS or shop order → one issued bexio invoice; see orderInvoices.ts. */
		async invoiceOrder(input: OrderInvoiceActivityInput): Promise<OrderInvoiceResult> {
			return mapFailures(() => invoiceOrder(clients, cache, links(), input));
		},

		/** One page of lexoffice invoices and credit notes → booking lines; see voucherBookings.ts. */
		async voucherBookingLines(input: VoucherLinesInput): Promise<VoucherLinesResult> {
			return mapFailures(() => voucherBookingLines(clients, input));
		},
	};
}

/** State kept in the link store across runs: watermarks, and a finished job's outcomes to drop. */
function jobStateActivities(links: () => LinkStore) {
	return {
		/** A scheduled sync's position, kept in the link store so it survives workers and schedule edits. */
		async getWatermark(input: { name: string }): Promise<string | undefined> {
			return links().getWatermark(input.name);
		},

		async setWatermark(input: { name: string; value: string }): Promise<void> {
			await links().setWatermark(input.name, input.value);
		},

		/** Drops the job's per-record outcomes once its result is final (links and keys stay). */
		async forgetJob(input: { jobId: string }): Promise<void> {
			await links().forgetJob(input.jobId, OUTCOME_RETENTION_MS);
			// Customers an invoice import linked or created on the way are counted under their own job id.
			await links().forgetJob(`${input.jobId}/contacts`);
		},
	};
}

export type Activities = ReturnType<typeof createActivities>;
