import { randomUUID } from 'node:crypto';

import { LEXOFFICE_RATE_LIMIT } from '../clients/lexoffice';
import { getProgress, importResult, startImport } from '../temporal/client';
import { apiTaskQueue, type BulkImportResult, type SystemName } from '../temporal/shared';
import { DEFAULT_ACTIVITIES_PER_SECOND } from '../temporal/worker';
import {
	admin,
	historyLengths,
	jobSeconds,
	requestCounts,
	startWorker,
	tenant,
	untilPolling,
	type RequestCounts,
	type Stack,
	type Tenant,
	type WorkerProcess,
} from './stack';

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
async function pair(
	stack: Stack,
	name: string,
	records: number,
	ceiling?: number,
	targetRecords = 0,
): Promise<{ source: Tenant; target: Tenant }> {
	const source = await tenant(stack, 'bexio', `bexio-${name}`);
	const target = await tenant(stack, 'lexoffice', `lexoffice-${name}`, ceiling);
	await admin(stack, 'bexio', 'POST', '/seed', {
		token: source.token,
		resource: 'contacts',
		count: records,
	});
	if (targetRecords > 0)
		await admin(stack, 'lexoffice', 'POST', '/seed', {
			token: target.token,
			resource: 'contacts',
			count: targetRecords,
			namePrefix: 'Existing Company',
		});
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
	options: {
		crashAfter?: number;
		runKey?: string;
		activitiesPerSecond?: Record<SystemName, number>;
	} = {},
): Promise<Run> {
	const taskQueue = `bench-${name}-${randomUUID()}`;
	const connections = [accounts.source.connection, accounts.target.connection];
	let worker: WorkerProcess = startWorker(
		stack,
		taskQueue,
		connections,
		name,
		options.activitiesPerSecond,
	);
	await untilPolling(stack, taskQueue, [
		apiTaskQueue({ system: 'lexoffice', id: accounts.target.connection.id }, taskQueue),
	]);
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
	if (s.processed !== records || s.failed !== 0)
		throw new Error(
			`${what}: expected ${records} processed without failures, got ${JSON.stringify(s)}`,
		);
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
	return {
		lexoffice: DEFAULT_ACTIVITIES_PER_SECOND.lexoffice * factor,
		bexio: DEFAULT_ACTIVITIES_PER_SECOND.bexio * factor,
	};
}

export async function measureImports(stack: Stack, options: ImportOptions): Promise<ImportFigures> {
	const { ceilingPerSecond: ceiling, records, log } = options;
	const caps = scaledActivityCaps(ceiling);

	log(
		`p1: fresh import of ${records} contacts, lexoffice paced at ${ceiling} requests/s, worker capped at ${caps.lexoffice} lexoffice / ${caps.bexio} bexio activities/s`,
	);
	const fresh = await pair(stack, 'fresh', records, ceiling);
	const first = await runImport(stack, 'fresh', fresh, { activitiesPerSecond: caps });
	exact(first, records, 'fresh import');
	const firstSeconds = await jobSeconds(stack, first.workflowId);
	log(
		`  ${first.result.stats.created} created in ${firstSeconds.toFixed(1)} s (workflow start → close) with ${first.source.total} bexio and ${first.target.total} lexoffice requests`,
	);

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
			log(
				`p2: import of ${n} contacts into a lexoffice account that holds ${targetRecords}, paced at ${ceiling}/s`,
			);
			const run = await runImport(
				stack,
				`p2-${n}`,
				await pair(stack, `p2-${n}`, n, ceiling, targetRecords),
				{ activitiesPerSecond: caps },
			);
			exact(run, n, `p2 import of ${n}`);
			extraRuns.push(run);
			sizes.push({
				records: n,
				created: run.result.stats.created,
				bexioRequests: run.source.total,
				lexofficeRequests: run.target.total,
			});
			log(
				`  ${run.result.stats.created} created with ${run.source.total} bexio and ${run.target.total} lexoffice requests`,
			);
		}
		const [small, large] = sizes;
		const requests = (s: P2Size) => s.bexioRequests + s.lexofficeRequests;
		p2 = {
			marginal: round((requests(large) - requests(small)) / (large.created - small.created)),
			detail: { targetRecords, small, large },
		};
	}

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
	const histories = (
		await Promise.all([first, rerun, ...extraRuns].map((r) => historyLengths(stack, r.workflowId)))
	).flat();

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
export async function measureRedoAfterKill(
	stack: Stack,
	options: { ceilingPerSecond: number; records: number; log(line: string): void },
): Promise<RedoFigures> {
	const { records, log } = options;
	log(
		`p5: fresh import of ${records} contacts, worker SIGKILLed while the create of the middle record is held`,
	);
	const accounts = await pair(stack, 'redo', records, options.ceilingPerSecond);
	const target = accounts.target.token;
	const sourceIds = (
		await admin<Array<{ id: number }>>(
			stack,
			'bexio',
			'GET',
			`/records/contacts?token=${accounts.source.token}`,
		)
	)
		.map((c) => c.id)
		.sort((a, b) => a - b);
	const heldMarker = `[bexio-contact:${sourceIds[Math.floor(sourceIds.length / 2)]}]`;
	const hold = await admin<{ id: number }>(stack, 'lexoffice', 'POST', '/holds', {
		token: target,
		path: '/v1/contacts',
		bodyContains: heldMarker,
	});
	const holdState = async () =>
		(
			await admin<Array<{ id: number; state: string }>>(
				stack,
				'lexoffice',
				'GET',
				`/holds?token=${target}`,
			)
		).find((h) => h.id === hold.id)?.state;
	const lookups = async () => {
		const s = await admin<{ byRouteQuery: Record<string, Record<string, number>> }>(
			stack,
			'lexoffice',
			'GET',
			`/stats?token=${target}`,
		);
		let n = 0;
		for (const [key, statuses] of Object.entries(s.byRouteQuery)) {
			if (key.startsWith('GET /v1/contacts?') && key.split('?')[1].split('&').includes('name'))
				n += statuses['200'] ?? 0;
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
	if ((await holdState()) !== 'connectionClosed')
		throw new Error('p5: the held create was answered before the kill');
	const second = startWorker(stack, taskQueue, connections, 'redo');
	const result = await importResult(stack.temporal.client, workflowId);
	await second.stop();

	const lex = await admin<Array<{ note?: string }>>(
		stack,
		'lexoffice',
		'GET',
		`/records/contacts?token=${target}`,
	);
	const copies = new Map<string, number>();
	for (const c of lex) {
		const id = MARKER.exec(c.note ?? '')?.[1] ?? '(no marker)';
		copies.set(id, (copies.get(id) ?? 0) + 1);
	}
	const lost = sourceIds.filter((id) => !copies.has(String(id)));
	if (lost.length > 0)
		throw new Error(
			`p5: ${lost.length} source records missing in the target after the import (e.g. ${lost.slice(0, 3).join(', ')})`,
		);
	const present = sourceIds.filter((id) => copies.has(String(id))).length;
	const sourceReads =
		(await requestCounts(stack, 'bexio', accounts.source.token)).okByRoute[SOURCE_LIST] ?? 0;
	log(
		`  ${lex.length} target records for ${sourceIds.length} source records; the importer reports ${JSON.stringify(result.stats)}`,
	);
	return {
		p5_redo_writes: lex.length - present,
		p5_redo_pages: sourceReads - result.pages.imported,
		p5_recovery_lookups: (await lookups()) - lookupsAtKill,
		p5_held_record_copies: copies.get(MARKER.exec(heldMarker)![1]) ?? 0,
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
