import { randomUUID } from 'node:crypto';

import { getProgress, importResult, startImport } from '../temporal/client';
import type { BulkImportResult } from '../temporal/shared';
import { admin, historyLengths, requestCounts, startWorker, tenant, type RequestCounts, type Stack, type Tenant, type WorkerProcess } from './stack';

/**
 * The durable import's figures (issue: p1–p5), each measured in this one run against the sandbox:
 * bexio contacts → lexoffice, the target paced at a scaled ceiling where speed is the question, and
 * unpaced where memory and history size are.
 */

export interface ImportFigures {
	ceilingPerSecond: number;
	records: number;
	p1_throughput_ratio: number;
	p1_writes_per_second: number;
	p2_requests_per_created: number;
	p2_rerun_writes: number;
	p3_rss_ratio: number;
	p3_rss_small_mib: number;
	p3_rss_large_mib: number;
	p3_small_records: number;
	p3_large_records: number;
	p4_max_history_events: number;
	p5_redo_writes: number;
	p5_redo_pages: number;
	p5_recovery_lookups: number;
}

const PAGE_SIZE = 100;
/** The route the import pages through on the source side. */
const SOURCE_LIST = 'GET /2.0/contact';

interface Run {
	result: BulkImportResult;
	workflowId: string;
	source: RequestCounts;
	target: RequestCounts;
	peakRssMiB: number;
}

async function pair(stack: Stack, name: string, records: number, ceiling?: number): Promise<{ source: Tenant; target: Tenant }> {
	const source = await tenant(stack, 'bexio', `bexio-${name}`);
	const target = await tenant(stack, 'lexoffice', `lexoffice-${name}`, ceiling);
	await admin(stack, 'bexio', 'POST', '/seed', { token: source.token, resource: 'contacts', count: records });
	return { source, target };
}

/**
 * One import with its own worker process. `crashAfter`: SIGKILL the worker once that many records are
 * processed, then start a fresh one, as an operator (or systemd) would.
 */
async function runImport(stack: Stack, name: string, accounts: { source: Tenant; target: Tenant }, options: { crashAfter?: number; runKey?: string } = {}): Promise<Run> {
	const taskQueue = `bench-${name}-${randomUUID()}`;
	const connections = [accounts.source.connection, accounts.target.connection];
	let worker: WorkerProcess = startWorker(stack, taskQueue, connections, name);
	const { workflowId } = await startImport(stack.temporal.client, {
		kind: 'contacts',
		source: { system: 'bexio', id: accounts.source.connection.id },
		target: { system: 'lexoffice', id: accounts.target.connection.id },
		runKey: options.runKey ?? name,
		taskQueue,
		pageSize: PAGE_SIZE,
		heartbeatTimeoutSeconds: 3,
	});
	let crashed = options.crashAfter === undefined;
	let peak = 0;
	const done = importResult(stack.temporal.client, workflowId).then((r) => ({ r }));
	let finished: { r: BulkImportResult } | undefined;
	void done.then((f) => (finished = f));
	while (!finished) {
		await new Promise((r) => setTimeout(r, 200));
		peak = Math.max(peak, worker.peakRssMiB());
		const p = await getProgress(stack.temporal.client, workflowId).catch(() => undefined);
		if (!p) continue;
		if (!crashed && p.stats.processed >= (options.crashAfter ?? 0)) {
			crashed = true;
			await worker.kill();
			worker = startWorker(stack, taskQueue, connections, name);
		}
	}
	const { r: result } = finished;
	peak = Math.max(peak, await worker.stop());
	return {
		result,
		workflowId,
		source: await requestCounts(stack, 'bexio', accounts.source.token),
		target: await requestCounts(stack, 'lexoffice', accounts.target.token),
		peakRssMiB: peak,
	};
}

function exact(run: Run, records: number, what: string): void {
	const s = run.result.stats;
	if (s.processed !== records || s.failed !== 0) throw new Error(`${what}: expected ${records} processed without failures, got ${JSON.stringify(s)}`);
}

export async function measureImports(stack: Stack, options: { ceilingPerSecond: number; records: number; smallRecords: number; largeRecords: number; log(line: string): void }): Promise<ImportFigures> {
	const { ceilingPerSecond: ceiling, records, log } = options;

	log(`p1/p2: fresh import of ${records} contacts, lexoffice paced at ${ceiling} requests/s`);
	const fresh = await pair(stack, 'fresh', records, ceiling);
	const first = await runImport(stack, 'fresh', fresh);
	exact(first, records, 'fresh import');
	const requests = first.source.total + first.target.total;
	log(`  ${first.result.stats.created} created with ${first.source.total} bexio and ${first.target.total} lexoffice requests (${first.source.pageReads + first.target.pageReads} page reads)`);

	log('p2: the same import again, nothing changed');
	const before = first.target.writes;
	const rerun = await runImport(stack, 'fresh', fresh, { runKey: 'fresh-again' });
	exact(rerun, records, 're-run');
	const rerunWrites = rerun.target.writes - before;

	log(`p5: fresh import of ${records} contacts, worker SIGKILLed at 50 %`);
	const crashPair = await pair(stack, 'crash', records, ceiling);
	const crash = await runImport(stack, 'crash', crashPair, { crashAfter: Math.floor(records / 2) });
	exact(crash, records, 'import across a crash');

	log(`p3/p4: unpaced imports of ${options.smallRecords} and ${options.largeRecords} contacts, worker memory and history size`);
	const small = await runImport(stack, 'small', await pair(stack, 'small', options.smallRecords));
	exact(small, options.smallRecords, 'small import');
	const large = await runImport(stack, 'large', await pair(stack, 'large', options.largeRecords));
	exact(large, options.largeRecords, 'large import');
	const histories = (await Promise.all([first, rerun, crash, small, large].map((r) => historyLengths(stack, r.workflowId)))).flat();

	return {
		ceilingPerSecond: ceiling,
		records,
		// Writes per second as the server saw them, from the first create to the last.
		p1_throughput_ratio: round(first.target.writesPerSecond / ceiling),
		p1_writes_per_second: round(first.target.writesPerSecond),
		p2_requests_per_created: round(requests / first.result.stats.created),
		p2_rerun_writes: rerunWrites,
		p3_rss_ratio: round(large.peakRssMiB / small.peakRssMiB),
		p3_rss_small_mib: Math.round(small.peakRssMiB),
		p3_rss_large_mib: Math.round(large.peakRssMiB),
		p3_small_records: options.smallRecords,
		p3_large_records: options.largeRecords,
		p4_max_history_events: Math.max(...histories),
		// Writes beyond one per record; pages of the source list read beyond the crash-free run of the same
		// size (the target index was complete before the kill, so its pages are not read again).
		p5_redo_writes: crash.target.writes - crash.result.stats.created,
		p5_redo_pages: (crash.source.okByRoute[SOURCE_LIST] ?? 0) - (first.source.okByRoute[SOURCE_LIST] ?? 0),
		// Lookups of records whose create was in flight at the kill (found before writing, never re-created).
		p5_recovery_lookups: crash.target.pageReads - first.target.pageReads,
	};
}

const round = (n: number) => Math.round(n * 1000) / 1000;
