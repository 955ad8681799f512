import { randomUUID } from 'node:crypto';
import { join } from 'node:path';

import { getProgress, importResult, startImport } from '../temporal/client';
import type { Connection } from '../temporal/connections';
import { spawnWorkerProcess, stopWorkerProcess, workerEnv } from '../test/helpers/workerProcess';
import { admin, requestCounts, tenant, type RequestCounts, type Stack } from './stack';

/**
 * p7: three worker processes sharing one link store (so one request budget per account) run three
 * concurrent imports bexio → lexoffice against one bexio and one lexoffice account, each paced (server
 * and client) at the scaled ceiling. Counts come from the sandboxes; the rate is taken over the window
 * in which all three jobs were importing (all had progress, none had finished).
 */
export interface WorkerFigures {
	p7_ceiling_per_second: number;
	p7_records_per_job: number;
	/** 429 answers ÷ all requests, both accounts, whole run. Goal ≤ 0.01. */
	p7_429_share: number;
	/** Successful lexoffice requests per second ÷ its ceiling, while all three jobs ran. Goal ≥ 0.95. */
	p7_aggregate_ratio: number;
	/** The slowest job's share of the records processed in that window. Goal ≥ 0.25. */
	p7_min_job_share: number;
}

const JOBS = 3;

const ok = (c: RequestCounts): number => Object.values(c.okByRoute).reduce((a, b) => a + b, 0);

export async function measureWorkers(
	stack: Stack,
	options: { ceilingPerSecond: number; records: number; log(line: string): void },
): Promise<WorkerFigures> {
	const { ceilingPerSecond: ceiling, records, log } = options;
	// bexio's default pacing is 5/s against lexoffice's 2/s: the same ratio at the bench's scale.
	const lexoffice = await tenant(stack, 'lexoffice', 'p7-lexoffice', ceiling);
	const bexio = await tenant(stack, 'bexio', 'p7-bexio', ceiling * 2.5);
	await admin(stack, 'bexio', 'POST', '/seed', {
		token: bexio.token,
		resource: 'contacts',
		count: records,
	});
	// One connection id per job on the same two accounts: separate links per job, one budget per account
	// (the budget is keyed by the token, not the connection id).
	const connections: Connection[] = [];
	for (let j = 1; j <= JOBS; j++)
		connections.push(
			{ ...bexio.connection, id: `bexio-p7-${j}` },
			{ ...lexoffice.connection, id: `lexoffice-p7-${j}` },
		);

	const taskQueue = `bench-p7-${randomUUID()}`;
	const env = workerEnv({
		temporalAddress: stack.temporal.address,
		taskQueue,
		connections,
		bundlePath: stack.bundlePath,
		dir: stack.dir,
		name: 'p7',
		linkStore: { BLX_LINK_STORE: join(stack.dir, 'p7-links.sqlite') },
	});
	const log_: string[] = [];
	const workers = Array.from({ length: JOBS }, () => spawnWorkerProcess(env, log_));
	try {
		log(
			`p7: ${JOBS} workers, ${JOBS} imports of ${records} contacts bexio → lexoffice, lexoffice at ${ceiling}/s`,
		);
		const ids: string[] = [];
		for (let j = 1; j <= JOBS; j++) {
			const { workflowId } = await startImport(stack.temporal.client, {
				kind: 'contacts',
				source: { system: 'bexio', id: `bexio-p7-${j}` },
				target: { system: 'lexoffice', id: `lexoffice-p7-${j}` },
				runKey: `p7-${j}`,
				taskQueue,
				// Small pages: progress (per finished page) then measures each job's share finely.
				pageSize: 10,
				heartbeatTimeoutSeconds: 10,
			});
			ids.push(workflowId);
		}
		let finished = 0;
		const done = Promise.all(
			ids.map((id) => importResult(stack.temporal.client, id).then((r) => (finished++, r))),
		);
		const processed = async () =>
			Promise.all(
				ids.map(
					async (id) =>
						(await getProgress(stack.temporal.client, id).catch(() => undefined))?.stats
							.processed ?? 0,
				),
			);
		const snapshot = async () => ({
			at: Date.now(),
			processed: await processed(),
			lexoffice: await requestCounts(stack, 'lexoffice', lexoffice.token),
		});

		let start: Awaited<ReturnType<typeof snapshot>> | undefined;
		let end: Awaited<ReturnType<typeof snapshot>> | undefined;
		while (!end) {
			await new Promise((r) => setTimeout(r, 250));
			const anyFinished = finished > 0;
			const s = await snapshot();
			if (!start) {
				if (anyFinished)
					throw new Error(
						'p7: a job finished before all three were importing; raise BENCH_P7_RECORDS',
					);
				if (s.processed.every((n) => n > 0)) start = s;
				continue;
			}
			// Close the window as the first job runs out of records (progress queries can be slow to answer).
			if (anyFinished || s.processed.some((n) => n >= records * 0.9)) end = s;
		}
		if (!start) throw new Error('p7: the window never opened');
		const from = start;
		const results = await done;
		for (const r of results)
			if (r.stats.processed !== records || r.stats.failed !== 0)
				throw new Error(
					`p7: expected ${records} processed without failures, got ${JSON.stringify(r.stats)}`,
				);

		const [lx, bx] = [
			await requestCounts(stack, 'lexoffice', lexoffice.token),
			await requestCounts(stack, 'bexio', bexio.token),
		];
		const seconds = (end.at - from.at) / 1000;
		const perJob = end.processed.map((n, i) => n - from.processed[i]);
		const all = perJob.reduce((a, b) => a + b, 0);
		log(
			`  window ${seconds.toFixed(1)} s: ${ok(end.lexoffice) - ok(from.lexoffice)} lexoffice answers 2xx, records per job ${perJob.join('/')}; 429s ${lx.status429} lexoffice, ${bx.status429} bexio`,
		);
		return {
			p7_ceiling_per_second: ceiling,
			p7_records_per_job: records,
			p7_429_share: round((lx.status429 + bx.status429) / (lx.total + bx.total)),
			p7_aggregate_ratio: round((ok(end.lexoffice) - ok(from.lexoffice)) / seconds / ceiling),
			p7_min_job_share: round(Math.min(...perJob) / all),
		};
	} finally {
		await Promise.all(workers.map((w) => stopWorkerProcess(w)));
	}
}

function round(n: number): number {
	return Math.round(n * 1000) / 1000;
}

/** `npx ts-node bench/workers.ts`: p7 alone (BENCH_CEILING_PER_SECOND, BENCH_P7_RECORDS), one JSON line. */
if (require.main === module) {
	void (async () => {
		const { startStack } = await import('./stack');
		const stack = await startStack();
		try {
			const figures = await measureWorkers(stack, {
				ceilingPerSecond: Number(process.env.BENCH_CEILING_PER_SECOND || 20),
				records: Number(process.env.BENCH_P7_RECORDS || 400),
				log: (line) => process.stderr.write(`${line}\n`),
			});
			process.stdout.write(`${JSON.stringify(figures)}\n`);
		} finally {
			await stack.close();
		}
	})().catch((error: unknown) => {
		process.stderr.write(
			`bench p7 failed: ${error instanceof Error ? error.stack : String(error)}\n`,
		);
		process.exit(1);
	});
}
