import { randomUUID } from 'node:crypto';

import { LEXOFFICE_RATE_LIMIT } from '../clients/lexoffice';
import { getProgress, importResult, startImport } from '../temporal/client';
import { apiTaskQueue, type BulkImportResult, type SystemName } from '../temporal/shared';
import { DEFAULT_ACTIVITIES_PER_SECOND } from '../temporal/worker';
import { admin, historyLengths, jobSeconds, requestCounts, startWorker, tenant, untilPolling, type RequestCounts, type Stack, type Tenant, type WorkerProcess } from './stack';

/**
 * The durable import's figures (issue: p1–p5), each measured in this one run against the sandbox:
 * bexio contacts → lexoffice, the target paced at a scaled ceiling where speed is the question, and
 * unpaced where memory and history size are.
 */

export interface ImportFigures {
	ceilingPerSecond: number;
	records: number;
	/** The worker's per-account activity caps in the paced runs: production's, scaled like the ceiling. */
	activitiesPerSecond: Record<SystemName, number>;
	p1_throughput_ratio: number;
	p1_writes_per_second: number;
	p1_job_ratio: number;
	p1_job_seconds: number;
	/** null: p2 was not run (BENCH_ONLY). */
	p2_marginal_requests_per_created: number | null;
	p2_detail: { targetRecords: number; small: P2Size; large: P2Size } | null;
	p2_rerun_writes: number;
	/** null: p3 was not run (BENCH_ONLY). */
	p3_rss_slope_mib_per_10k: number | null;
	/** Peak RSS (MiB) per import size, one worker process each. */
	p3_rss_mib: Array<{ records: number; mib: number }>;
	p4_max_history_events: number;
	p5_redo_writes: number;
	p5_redo_pages: number;
	p5_recovery_lookups: number;
}

export interface P2Size {
	records: number;
	created: number;
	bexioRequests: number;
	lexofficeRequests: number;
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

/** A bexio account holding `records` contacts and a lexoffice account holding `targetRecords` others. */
async function pair(stack: Stack, name: string, records: number, ceiling?: number, targetRecords = 0): Promise<{ source: Tenant; target: Tenant }> {
	const source = await tenant(stack, 'bexio', `bexio-${name}`);
	const target = await tenant(stack, 'lexoffice', `lexoffice-${name}`, ceiling);
	await admin(stack, 'bexio', 'POST', '/seed', { token: source.token, resource: 'contacts', count: records });
	if (targetRecords > 0) await admin(stack, 'lexoffice', 'POST', '/seed', { token: target.token, resource: 'contacts', count: targetRecords, namePrefix: 'Existing Company' });
	return { source, target };
}

/**
 * One import with its own worker process. `crashAfter`: SIGKILL the worker once that many records are
 * processed, then start a fresh one, as an operator (or systemd) would.
 */
async function runImport(
	stack: Stack,
	name: string,
	accounts: { source: Tenant; target: Tenant },
	options: { crashAfter?: number; runKey?: string; activitiesPerSecond?: Record<SystemName, number> } = {},
): Promise<Run> {
	const taskQueue = `bench-${name}-${randomUUID()}`;
	const connections = [accounts.source.connection, accounts.target.connection];
	let worker: WorkerProcess = startWorker(stack, taskQueue, connections, name, options.activitiesPerSecond);
	await untilPolling(stack, taskQueue, [apiTaskQueue({ system: 'lexoffice', id: accounts.target.connection.id }, taskQueue)]);
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
			worker = startWorker(stack, taskQueue, connections, name, options.activitiesPerSecond);
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

export interface ImportOptions {
	ceilingPerSecond: number;
	/** Records of the paced imports (p1, p2's larger size, p5). */
	records: number;
	/** p2: the smaller import, and how many records the target holds before either import (null: skip p2). */
	p2?: { smallRecords: number; targetRecords: number };
	/** p3: import sizes, one worker process each (null: skip p3). */
	p3Sizes?: number[];
	log(line: string): void;
}

/**
 * The worker's per-account activity caps in production (temporal/worker.ts), scaled by the same factor
 * as the bench's lexoffice ceiling over the real one, so the caps stand to the ceiling as in production.
 */
export function scaledActivityCaps(ceilingPerSecond: number): Record<SystemName, number> {
	const factor = ceilingPerSecond / LEXOFFICE_RATE_LIMIT.ratePerSecond;
	return { lexoffice: DEFAULT_ACTIVITIES_PER_SECOND.lexoffice * factor, bexio: DEFAULT_ACTIVITIES_PER_SECOND.bexio * factor };
}

export async function measureImports(stack: Stack, options: ImportOptions): Promise<ImportFigures> {
	const { ceilingPerSecond: ceiling, records, log } = options;
	const caps = scaledActivityCaps(ceiling);

	log(`p1: fresh import of ${records} contacts, lexoffice paced at ${ceiling} requests/s, worker capped at ${caps.lexoffice} lexoffice / ${caps.bexio} bexio activities/s`);
	const fresh = await pair(stack, 'fresh', records, ceiling);
	const first = await runImport(stack, 'fresh', fresh, { activitiesPerSecond: caps });
	exact(first, records, 'fresh import');
	const firstSeconds = await jobSeconds(stack, first.workflowId);
	log(`  ${first.result.stats.created} created in ${firstSeconds.toFixed(1)} s (workflow start → close) with ${first.source.total} bexio and ${first.target.total} lexoffice requests`);

	log('p2: the same import again, nothing changed');
	const before = first.target.writes;
	const rerun = await runImport(stack, 'fresh', fresh, { runKey: 'fresh-again' });
	exact(rerun, records, 're-run');
	const rerunWrites = rerun.target.writes - before;

	// Requests per created record at the margin: what one more record costs once the fixed costs (master
	// data, indexing the target's existing records, the last page) are paid, counted by the sandboxes.
	let p2: { marginal: number; detail: ImportFigures['p2_detail'] } | null = null;
	const extraRuns: Run[] = [];
	if (options.p2) {
		const { smallRecords, targetRecords } = options.p2;
		const sizes: P2Size[] = [];
		for (const n of [smallRecords, records]) {
			log(`p2: import of ${n} contacts into a lexoffice account that holds ${targetRecords}, paced at ${ceiling}/s`);
			const run = await runImport(stack, `p2-${n}`, await pair(stack, `p2-${n}`, n, ceiling, targetRecords), { activitiesPerSecond: caps });
			exact(run, n, `p2 import of ${n}`);
			extraRuns.push(run);
			sizes.push({ records: n, created: run.result.stats.created, bexioRequests: run.source.total, lexofficeRequests: run.target.total });
			log(`  ${run.result.stats.created} created with ${run.source.total} bexio and ${run.target.total} lexoffice requests`);
		}
		const [small, large] = sizes;
		const requests = (s: P2Size) => s.bexioRequests + s.lexofficeRequests;
		p2 = { marginal: round((requests(large) - requests(small)) / (large.created - small.created)), detail: { targetRecords, small, large } };
	}

	log(`p5: fresh import of ${records} contacts, worker SIGKILLed at 50 %`);
	const crashPair = await pair(stack, 'crash', records, ceiling);
	const crash = await runImport(stack, 'crash', crashPair, { crashAfter: Math.floor(records / 2) });
	exact(crash, records, 'import across a crash');

	// Peak RSS of a separate worker process per size, read from outside it (/proc VmHWM); the slope of a
	// least-squares line says how memory grows with the job's length, whatever the runtime's base.
	let p3: { slope: number; points: Array<{ records: number; mib: number }> } | null = null;
	if (options.p3Sizes) {
		const points: Array<{ records: number; mib: number }> = [];
		for (const n of options.p3Sizes) {
			log(`p3/p4: unpaced import of ${n} contacts, worker peak RSS`);
			const run = await runImport(stack, `p3-${n}`, await pair(stack, `p3-${n}`, n));
			exact(run, n, `p3 import of ${n}`);
			extraRuns.push(run);
			points.push({ records: n, mib: round(run.peakRssMiB) });
			log(`  peak RSS ${run.peakRssMiB.toFixed(1)} MiB`);
		}
		p3 = { slope: round(slope(points.map((p) => [p.records / 10_000, p.mib]))), points };
	}
	const histories = (await Promise.all([first, rerun, crash, ...extraRuns].map((r) => historyLengths(stack, r.workflowId)))).flat();

	return {
		ceilingPerSecond: ceiling,
		records,
		activitiesPerSecond: caps,
		// Writes per second as the server saw them, from the first create to the last.
		p1_throughput_ratio: round(first.target.writesPerSecond / ceiling),
		p1_writes_per_second: round(first.target.writesPerSecond),
		// The whole job as the user waits for it: master data, indexing, reading, writing, finishing.
		p1_job_ratio: round(records / firstSeconds / ceiling),
		p1_job_seconds: round(firstSeconds),
		p2_marginal_requests_per_created: p2?.marginal ?? null,
		p2_detail: p2?.detail ?? null,
		p2_rerun_writes: rerunWrites,
		p3_rss_slope_mib_per_10k: p3?.slope ?? null,
		p3_rss_mib: p3?.points ?? [],
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

/** Slope of the least-squares line through (x, y) points. */
export function slope(points: Array<[number, number]>): number {
	const n = points.length;
	const mx = points.reduce((a, [x]) => a + x, 0) / n;
	const my = points.reduce((a, [, y]) => a + y, 0) / n;
	const sxy = points.reduce((a, [x, y]) => a + (x - mx) * (y - my), 0);
	const sxx = points.reduce((a, [x]) => a + (x - mx) ** 2, 0);
	return sxy / sxx;
}
