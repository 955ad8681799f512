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

	log(`p3/p4: unpaced imports of ${options.smallRecords} and ${options.largeRecords} contacts, worker memory and history size`);
	const small = await runImport(stack, 'small', await pair(stack, 'small', options.smallRecords));
	exact(small, options.smallRecords, 'small import');
	const large = await runImport(stack, 'large', await pair(stack, 'large', options.largeRecords));
	exact(large, options.largeRecords, 'large import');
	const histories = (await Promise.all([first, rerun, small, large].map((r) => historyLengths(stack, r.workflowId)))).flat();

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
	};
}

export interface RedoFigures {
	/** Target records beyond one per source record, counted in the target by each record's marker. */
	p5_redo_writes: number;
	/** Source pages read beyond the pages the import reports (a page retried after the kill). */
	p5_redo_pages: number;
	/** Lookups by name the sandbox answered after the kill: the importer asking whether the held create happened. */
	p5_recovery_lookups: number;
	/** How often the target holds the record whose create was in flight at the kill (goal 1). */
	p5_held_record_copies: number;
}

const MARKER = /\[bexio-contact:(\d+)\]/;

/**
 * p5: a fresh import whose worker is SIGKILLed while the target holds the answer to an applied create
 * (the record in the middle of the import), then finished by a fresh worker. Everything is counted by the
 * sandboxes, not by the importer: redo writes from the target's records per source id (each carries the
 * `[bexio-contact:<id>]` marker in its note), lookups from the requests the target answered.
 */
export async function measureRedoAfterKill(stack: Stack, options: { ceilingPerSecond: number; records: number; log(line: string): void }): Promise<RedoFigures> {
	const { records, log } = options;
	log(`p5: fresh import of ${records} contacts, worker SIGKILLed while the create of the middle record is held`);
	const accounts = await pair(stack, 'redo', records, options.ceilingPerSecond);
	const target = accounts.target.token;
	const sourceIds = (await admin<Array<{ id: number }>>(stack, 'bexio', 'GET', `/records/contacts?token=${accounts.source.token}`)).map((c) => c.id).sort((a, b) => a - b);
	const heldMarker = `[bexio-contact:${sourceIds[Math.floor(sourceIds.length / 2)]}]`;
	const hold = await admin<{ id: number }>(stack, 'lexoffice', 'POST', '/holds', { token: target, path: '/v1/contacts', bodyContains: heldMarker });
	const holdState = async () => (await admin<Array<{ id: number; state: string }>>(stack, 'lexoffice', 'GET', `/holds?token=${target}`)).find((h) => h.id === hold.id)?.state;
	const lookups = async () => {
		const s = await admin<{ byRouteQuery: Record<string, Record<string, number>> }>(stack, 'lexoffice', 'GET', `/stats?token=${target}`);
		let n = 0;
		for (const [key, statuses] of Object.entries(s.byRouteQuery)) {
			if (key.startsWith('GET /v1/contacts?') && key.split('?')[1].split('&').includes('name')) n += statuses['200'] ?? 0;
		}
		return n;
	};
	const until = async (what: string, check: () => Promise<boolean>) => {
		for (const deadline = Date.now() + 600_000; !(await check()); ) {
			if (Date.now() > deadline) throw new Error(`p5: timed out waiting for ${what}`);
			await new Promise((r) => setTimeout(r, 50));
		}
	};

	const taskQueue = `bench-redo-${randomUUID()}`;
	const connections = [accounts.source.connection, accounts.target.connection];
	const first = startWorker(stack, taskQueue, connections, 'redo');
	const { workflowId } = await startImport(stack.temporal.client, {
		kind: 'contacts',
		source: { system: 'bexio', id: accounts.source.connection.id },
		target: { system: 'lexoffice', id: accounts.target.connection.id },
		runKey: 'redo',
		taskQueue,
		pageSize: PAGE_SIZE,
		heartbeatTimeoutSeconds: 3,
	});
	await until('the held create', async () => (await holdState()) === 'held');
	const lookupsAtKill = await lookups();
	await first.kill();
	await until('the held create to lose its caller', async () => (await holdState()) !== 'held');
	if ((await holdState()) !== 'connectionClosed') throw new Error('p5: the held create was answered before the kill');
	const second = startWorker(stack, taskQueue, connections, 'redo');
	const result = await importResult(stack.temporal.client, workflowId);
	await second.stop();

	const lex = await admin<Array<{ note?: string }>>(stack, 'lexoffice', 'GET', `/records/contacts?token=${target}`);
	const copies = new Map<string, number>();
	for (const c of lex) {
		const id = MARKER.exec(c.note ?? '')?.[1] ?? '(no marker)';
		copies.set(id, (copies.get(id) ?? 0) + 1);
	}
	const lost = sourceIds.filter((id) => !copies.has(String(id)));
	if (lost.length > 0) throw new Error(`p5: ${lost.length} source records missing in the target after the import (e.g. ${lost.slice(0, 3).join(', ')})`);
	const present = sourceIds.filter((id) => copies.has(String(id))).length;
	const sourceReads = (await requestCounts(stack, 'bexio', accounts.source.token)).okByRoute[SOURCE_LIST] ?? 0;
	log(`  ${lex.length} target records for ${sourceIds.length} source records; the importer reports ${JSON.stringify(result.stats)}`);
	return {
		p5_redo_writes: lex.length - present,
		p5_redo_pages: sourceReads - result.pages.imported,
		p5_recovery_lookups: (await lookups()) - lookupsAtKill,
		p5_held_record_copies: copies.get(MARKER.exec(heldMarker)![1]) ?? 0,
	};
}

const round = (n: number) => Math.round(n * 1000) / 1000;
