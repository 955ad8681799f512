import { readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';

import { BEXIO_RATE_LIMIT, connectBexio } from '../clients/bexio';
import { LEXOFFICE_RATE_LIMIT, connectLexoffice } from '../clients/lexoffice';
import { startBexioSandbox } from '../sandbox/bexio';
import { startLexofficeSandbox } from '../sandbox/lexoffice';
import { writeChart } from './chart';
import {
	measureImports,
	measureRedoAfterKill,
	type ImportFigures,
	type RedoFigures,
} from './imports';
import { measureWorkers, type WorkerFigures } from './workers';
import { measureEventLatency, type EventLatencyFigures } from './eventLatency';
import { measureNodeVsHttp, type NodeVsHttpFigures } from './nodeVsHttp';
import { startStack } from './stack';

/**
 * `npm run bench`, measured against the sandbox in one run (never asserted in a test): how close the
 * clients run to each API's rate-limit ceiling, then the durable import's figures (p1–p5) and our
 * Lexoffice node against n8n's HTTP Request node (p6). Ceilings are scaled up so a run takes minutes,
 * not hours; the ratios are what matter. Prints a table, writes a chart (docs/bench.svg), and ends with
 * one JSON line of figures.
 */

interface Result {
	api: string;
	ceilingPerSecond: number;
	requests: number;
	seconds: number;
	achievedPerSecond: number;
	ratio: number;
	status429: number;
}

const SECONDS = Number(process.env.BENCH_SECONDS || 10);
const CEILING = Number(process.env.BENCH_CEILING_PER_SECOND || 20);
/** Records of the paced imports (p1, p2's larger size, p5). */
const RECORDS = Number(process.env.BENCH_RECORDS || 600);
/** p2: the smaller import, and the records the target holds before each import. */
const P2_SMALL = Number(process.env.BENCH_P2_SMALL || 200);
const P2_TARGET_RECORDS = Number(process.env.BENCH_P2_TARGET_RECORDS || 5000);
/** p3: sizes of the unpaced imports whose worker peak memory is fitted (at least three). */
const P3_SIZES = (process.env.BENCH_P3_SIZES || '10000,40000,100000').split(',').map(Number);
const P6_ITEMS = Number(process.env.BENCH_P6_ITEMS || 200);
const P6_REPETITIONS = Number(process.env.BENCH_P6_REPETITIONS || 5);
/** Parts to run, e.g. `clients,imports,p2`: `clients` (client pacing), `imports` (p1, p4 and the re-run), `p2`, `p3`, `p5`, `p6`, `p7`, `p8`. */
const ALL_PARTS = ['clients', 'imports', 'p2', 'p3', 'p5', 'p6', 'p7', 'p8'];
const ONLY = new Set((process.env.BENCH_ONLY || ALL_PARTS.join(',')).split(','));
/** Records per job of p7's three concurrent imports. */
const P7_RECORDS = Number(process.env.BENCH_P7_RECORDS || 400);
/** p8: lexoffice events through the CRM sync template, and their steady arrival rate (the 2 requests/s ceiling serves 2 fetches a second). */
const P8_EVENTS = Number(process.env.BENCH_P8_EVENTS || 200);
const P8_EVENTS_PER_SECOND = Number(process.env.BENCH_P8_EVENTS_PER_SECOND || 1);
const CHART = process.env.BENCH_CHART || join(__dirname, '..', 'docs', 'bench.svg');
const README = join(__dirname, '..', 'README.md');

async function admin(url: string, path: string, body: unknown): Promise<Record<string, unknown>> {
	const res = await fetch(`${url}/_sandbox${path}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});
	return (await res.json()) as Record<string, unknown>;
}

async function stats(url: string, token: string): Promise<{ byStatus: Record<string, number> }> {
	return (await (await fetch(`${url}/_sandbox/stats?token=${token}`)).json()) as {
		byStatus: Record<string, number>;
	};
}

/** Sequential single-record reads for `SECONDS`: the client's bucket paces them to the ceiling. */
async function measure(
	api: string,
	url: string,
	token: string,
	read: () => Promise<unknown>,
): Promise<Result> {
	const started = Date.now();
	let requests = 0;
	while (Date.now() - started < SECONDS * 1000) {
		await read();
		requests += 1;
	}
	const seconds = (Date.now() - started) / 1000;
	const s = await stats(url, token);
	const achievedPerSecond = requests / seconds;
	return {
		api,
		ceilingPerSecond: CEILING,
		requests,
		seconds,
		achievedPerSecond,
		ratio: achievedPerSecond / CEILING,
		status429: s.byStatus['429'] ?? 0,
	};
}

async function measureClients(): Promise<Result[]> {
	const lexoffice = await startLexofficeSandbox();
	const bexio = await startBexioSandbox();
	try {
		const lexToken = (
			await admin(lexoffice.url, '/tenants', { rateLimit: { perSecond: CEILING, burst: 2 } })
		).token as string;
		const bexToken = (
			await admin(bexio.url, '/tenants', {
				rateLimit: { perWindow: CEILING * 60, windowMs: 60_000 },
			})
		).token as string;
		const lex = connectLexoffice({
			baseUrl: lexoffice.url,
			apiKey: lexToken,
			rateLimit: { ...LEXOFFICE_RATE_LIMIT, ratePerSecond: CEILING },
		});
		const bex = connectBexio({
			baseUrl: bexio.url,
			token: bexToken,
			rateLimit: { ...BEXIO_RATE_LIMIT, ratePerSecond: CEILING },
		});
		return [
			await measure('lexoffice', lexoffice.url, lexToken, () => lex.call('profile.get')),
			await measure('bexio', bexio.url, bexToken, () => bex.call('user.getMe')),
		];
	} finally {
		await Promise.all([lexoffice.close(), bexio.close()]);
	}
}

const log = (line: string) => process.stdout.write(`# ${line}\n`);

type Figures = Record<string, number | null>;

/** The goal per figure (the issue's bars); `null`: reported, no goal. */
const GOALS: Record<string, { text: string; met?: (v: number, f: Figures) => boolean }> = {
	p1_throughput_ratio: { text: '≥ 0.97', met: (v) => v >= 0.97 },
	p1_job_ratio: { text: '≥ 0.9', met: (v) => v >= 0.9 },
	p2_marginal_requests_per_created: { text: '≤ 1.01', met: (v) => v <= 1.01 },
	p2_rerun_writes: { text: '0', met: (v) => v === 0 },
	p3_rss_slope_mib_per_10k: { text: '≤ 2', met: (v) => v <= 2 },
	p4_max_history_events: { text: '≤ 2,000', met: (v) => v <= 2000 },
	p5_redo_writes: { text: '0', met: (v) => v === 0 },
	p5_redo_pages: { text: '≤ 1', met: (v) => v <= 1 },
	p5_recovery_lookups: { text: '≥ 1', met: (v) => v >= 1 },
	p6_failed_items_ours: { text: '0', met: (v) => v === 0 },
	p6_failed_items_http: { text: '—' },
	p6_node_vs_http_ratio: { text: '—' },
	p6_node_vs_http_ratio_spread: { text: '—' },
	p7_429_share: { text: '≤ 0.01', met: (v) => v <= 0.01 },
	p7_aggregate_ratio: { text: '≥ 0.95', met: (v) => v >= 0.95 },
	p7_min_job_share: { text: '≥ 0.25', met: (v) => v >= 0.25 },
	p8_event_latency_p95_ms: { text: '≤ 3,000', met: (v) => v <= 3000 },
	p8_event_latency_p50_ms: { text: '—' },
	p8_events_lost: { text: '0', met: (v) => v === 0 },
	client_rate_ratio_lexoffice: { text: '≥ 0.97', met: (v) => v >= 0.97 },
	client_rate_ratio_bexio: { text: '≥ 0.97', met: (v) => v >= 0.97 },
};

function met(key: string, figures: Figures): string {
	const v = figures[key];
	if (v === null || v === undefined) return 'not run';
	const goal = GOALS[key];
	return goal.met ? (goal.met(v, figures) ? 'yes' : 'no') : '—';
}

/** The README's table: one row per figure with its goal, whether it is met, and what was measured. */
function markdownTable(figures: Figures, details: Record<string, string>): string {
	const lines = [
		'| Figure | Value | Goal | Met | What was measured |',
		'| --- | --- | --- | --- | --- |',
	];
	for (const key of Object.keys(GOALS)) {
		const v = figures[key];
		lines.push(
			`| \`${key}\` | ${v === null || v === undefined ? 'not run' : v} | ${GOALS[key].text} | ${met(key, figures)} | ${details[key] ?? ''} |`,
		);
	}
	return lines.join('\n');
}

/** The BENCH_ONLY part that produces a figure. */
function partOf(key: string): string {
	if (key.startsWith('client_')) return 'clients';
	if (/^p[14]_/.test(key) || key === 'p2_rerun_writes') return 'imports';
	return key.slice(0, 2);
}

/** The README's rows from an earlier run, by figure: kept for the parts this run did not measure. */
function earlierRows(section: string): Map<string, string> {
	const rows = new Map<string, string>();
	for (const line of section.split('\n')) {
		const key = /^\| `([a-z0-9_]+)` \| ([^|]*) \|/.exec(line);
		if (key && key[2].trim() !== 'not run') rows.set(key[1], line);
	}
	return rows;
}

/**
 * Replaces the README's generated bench section (between its markers), as `npm run chaos -- --readme` does
 * for the chaos table. A run of some parts (BENCH_ONLY) keeps the other figures of the earlier run, and
 * their "Last run" line, and adds one for the parts it measured.
 */
/** An earlier "Last run of …" line every part of which this run measured again. */
function staleRunLine(line: string): boolean {
	const parts = /^Last run of ([^:]+):/.exec(line)?.[1].split(', ');
	return parts !== undefined && parts.every((p) => ONLY.has(p));
}

function updateReadme(figures: Figures, details: Record<string, string>, minutes: number): void {
	const start = '<!-- bench:start -->';
	const end = '<!-- bench:end -->';
	const text = readFileSync(README, 'utf8');
	const i = text.indexOf(start);
	const j = text.indexOf(end);
	if (i < 0 || j < 0) throw new Error('README.md lacks the bench markers');
	const previous = text.slice(i + start.length, j);
	const sizes = [
		ONLY.has('imports') || ONLY.has('p5')
			? `paced imports of ${RECORDS} contacts at ${CEILING} requests/s`
			: '',
		ONLY.has('p2') ? `p2 ${P2_SMALL} and ${RECORDS} into ${P2_TARGET_RECORDS} existing` : '',
		ONLY.has('p3') ? `p3 ${P3_SIZES.join(', ')}` : '',
		ONLY.has('p6') ? `p6 ${P6_REPETITIONS} × 2 × ${P6_ITEMS} items` : '',
		ONLY.has('p7') ? `p7 3 × ${P7_RECORDS} contacts` : '',
		ONLY.has('p8') ? `p8 ${P8_EVENTS} events at ${P8_EVENTS_PER_SECOND}/s` : '',
	].filter(Boolean);
	const whole = ALL_PARTS.every((p) => ONLY.has(p));
	const parts = ALL_PARTS.filter((p) => ONLY.has(p)).join(', ');
	const label = whole ? 'Last run' : `Last run of ${parts}`;
	const line = `${label}: ${new Date().toISOString().slice(0, 10)}, ${cpus().length}-core machine, ${minutes.toFixed(1)} minutes (${sizes.join('; ')}).`;
	// Earlier "Last run" lines stay for the figures they produced, unless this run measured everything.
	const header = whole
		? [line]
		: [
				...previous
					.split('\n')
					// A line whose parts this run measured again is stale.
					.filter((l) => l.startsWith('Last run') && !staleRunLine(l)),
				line,
			];
	const kept = earlierRows(previous);
	const table = markdownTable(figures, details)
		.split('\n')
		.map((row) => {
			const key = /^\| `([a-z0-9_]+)` \|/.exec(row)?.[1];
			return key && !ONLY.has(partOf(key)) && kept.has(key) ? kept.get(key)! : row;
		});
	const block = [start, ...header, '', ...table, end].join('\n');
	writeFileSync(README, text.slice(0, i) + block + text.slice(j + end.length));
}

async function main(): Promise<void> {
	const began = Date.now();
	const figures: Figures = Object.fromEntries(Object.keys(GOALS).map((k) => [k, null]));
	const details: Record<string, string> = {};

	if (ONLY.has('clients')) {
		const clients = await measureClients();
		process.stdout.write('api        ceiling/s  requests  seconds  achieved/s  ratio   429s\n');
		for (const r of clients) {
			process.stdout.write(
				`${r.api.padEnd(10)} ${String(r.ceilingPerSecond).padStart(9)} ${String(r.requests).padStart(9)} ${r.seconds.toFixed(1).padStart(8)} ${r.achievedPerSecond.toFixed(2).padStart(11)} ${r.ratio.toFixed(3).padStart(6)} ${String(r.status429).padStart(6)}\n`,
			);
			figures[`client_rate_ratio_${r.api}`] = Number(r.ratio.toFixed(3));
			details[`client_rate_ratio_${r.api}`] =
				`sequential single reads for ${r.seconds.toFixed(0)} s at a ${CEILING}/s ceiling: ${r.achievedPerSecond.toFixed(2)}/s, ${r.status429} × 429`;
		}
	}

	let imports: ImportFigures | undefined;
	let redo: RedoFigures | undefined;
	let nodes: NodeVsHttpFigures | undefined;
	let workers: WorkerFigures | undefined;
	let latency: EventLatencyFigures | undefined;
	if (['imports', 'p2', 'p3', 'p5', 'p6', 'p7', 'p8'].some((k) => ONLY.has(k))) {
		const stack = await startStack();
		try {
			if (ONLY.has('imports') || ONLY.has('p2') || ONLY.has('p3')) {
				imports = await measureImports(stack, {
					ceilingPerSecond: CEILING,
					records: RECORDS,
					p2: ONLY.has('p2')
						? { smallRecords: P2_SMALL, targetRecords: P2_TARGET_RECORDS }
						: undefined,
					p3Sizes: ONLY.has('p3') ? P3_SIZES : undefined,
					log,
				});
			}
			if (ONLY.has('p5'))
				redo = await measureRedoAfterKill(stack, {
					ceilingPerSecond: CEILING,
					records: RECORDS,
					log,
				});
			if (ONLY.has('p6'))
				nodes = await measureNodeVsHttp(stack, {
					items: P6_ITEMS,
					repetitions: P6_REPETITIONS,
					log,
				});
			if (ONLY.has('p7'))
				workers = await measureWorkers(stack, {
					ceilingPerSecond: CEILING,
					records: P7_RECORDS,
					log,
				});
			if (ONLY.has('p8'))
				latency = await measureEventLatency(stack, {
					events: P8_EVENTS,
					eventsPerSecond: P8_EVENTS_PER_SECOND,
					log,
				});
		} finally {
			await stack.close();
		}
	}

	if (imports) {
		const i = imports;
		const caps = `worker capped at ${i.activitiesPerSecond.lexoffice} lexoffice / ${i.activitiesPerSecond.bexio} bexio activities/s (temporal/worker.ts's production caps × ${CEILING / LEXOFFICE_RATE_LIMIT.ratePerSecond}, like the ceiling)`;
		figures.p1_throughput_ratio = i.p1_throughput_ratio;
		details.p1_throughput_ratio = `bexio → lexoffice import of ${i.records} contacts, lexoffice paced at ${CEILING}/s, ${caps}: ${i.p1_writes_per_second} creates/s between the first and the last create, by the sandbox's clock`;
		figures.p1_job_ratio = i.p1_job_ratio;
		details.p1_job_ratio = `the same import: ${i.records} records in ${i.p1_job_seconds} s from workflow start to close (Temporal's clock), ÷ ${CEILING}/s`;
		figures.p2_rerun_writes = i.p2_rerun_writes;
		details.p2_rerun_writes = 'the same import again: every record unchanged';
		if (i.p2_detail) {
			const d = i.p2_detail;
			figures.p2_marginal_requests_per_created = i.p2_marginal_requests_per_created;
			details.p2_marginal_requests_per_created = `imports of ${d.small.records} and ${d.large.records} contacts, each into a lexoffice account already holding ${d.targetRecords}: ${d.small.bexioRequests} + ${d.small.lexofficeRequests} and ${d.large.bexioRequests} + ${d.large.lexofficeRequests} bexio + lexoffice requests (counted by the sandboxes) for ${d.small.created} and ${d.large.created} created`;
		}
		if (i.p3_rss_slope_mib_per_10k !== null) {
			figures.p3_rss_slope_mib_per_10k = i.p3_rss_slope_mib_per_10k;
			details.p3_rss_slope_mib_per_10k = `least-squares slope of worker peak RSS (VmHWM, read from outside, one worker process per size): ${i.p3_rss_mib.map((p) => `${Math.round(p.mib)} MiB at ${p.records.toLocaleString('en')}`).join(', ')}`;
		}
		figures.p4_max_history_events = i.p4_max_history_events;
		details.p4_max_history_events =
			'largest history of any run of all imports (continue-as-new every 50 pages)';
	}
	if (redo) {
		figures.p5_redo_writes = redo.p5_redo_writes;
		details.p5_redo_writes = `target records beyond one per source record (by marker) after a SIGKILL of the worker while the create of the middle record was held; the held record is there ${redo.p5_held_record_copies} ×`;
		figures.p5_redo_pages = redo.p5_redo_pages;
		details.p5_redo_pages =
			"pages of the source list read again after that kill (the sandbox's count)";
		figures.p5_recovery_lookups = redo.p5_recovery_lookups;
		details.p5_recovery_lookups =
			'lookups by name after the kill, counted by the sandbox: the importer asking whether the held create happened';
	}
	if (workers) {
		const w = workers;
		figures.p7_429_share = w.p7_429_share;
		figures.p7_aggregate_ratio = w.p7_aggregate_ratio;
		figures.p7_min_job_share = w.p7_min_job_share;
		const what = `3 worker processes sharing one request budget (SQLite store), 3 concurrent imports of ${w.p7_records_per_job} contacts on one bexio and one lexoffice account at ${w.p7_ceiling_per_second}/s`;
		details.p7_429_share = `${what}: 429 answers ÷ all requests (the sandboxes' counts)`;
		details.p7_aggregate_ratio = `${what}: successful requests per second ÷ ceiling`;
		details.p7_min_job_share = `${what}: the slowest job's share of the records created`;
	}
	if (nodes) {
		const n = nodes;
		const sum = (f: (r: NodeVsHttpFigures['runs'][number]) => number) =>
			n.runs.reduce((a, r) => a + f(r), 0);
		const rates = (v: 'ours' | 'http') => n.runs.map((r) => r[v].itemsPerSecond).join(', ');
		figures.p6_failed_items_ours = n.p6_failed_items_ours;
		details.p6_failed_items_ours = `${n.repetitions} × 2 executions at once of ${n.items} items on one lexoffice account (2/s) under chaos r1's faults, our Lexoffice node: ${sum((r) => r.ours.missing)} missing, ${sum((r) => r.ours.duplicated)} duplicated of ${sum((r) => r.ours.expected)} (the sandbox's records by name)`;
		figures.p6_failed_items_http = n.p6_failed_items_http;
		details.p6_failed_items_http = `the same with n8n's HTTP Request node (batching 1 item / 500 ms, Retry On Fail 5 × 5 s): ${sum((r) => r.http.missing)} missing, ${sum((r) => r.http.duplicated)} duplicated of ${sum((r) => r.http.expected)}`;
		figures.p6_node_vs_http_ratio = n.p6_node_vs_http_ratio;
		const counted = n.runs.filter((r) => r.ratio !== null).length;
		const undefinedRatios =
			n.repetitions - counted
				? ` (${n.repetitions - counted} repetitions without a single item stored once by the HTTP Request node have no ratio)`
				: '';
		details.p6_node_vs_http_ratio = `mean over ${counted} of ${n.repetitions} repetitions of successful items/s, ours ÷ theirs${undefinedRatios}; ours ${rates('ours')}/s, theirs ${rates('http')}/s`;
		figures.p6_node_vs_http_ratio_spread = n.p6_node_vs_http_ratio_spread;
		details.p6_node_vs_http_ratio_spread = `sample standard deviation of those ${counted} ratios`;
	}

	if (latency) {
		const l = latency;
		const what = `${l.events} lexoffice events (${l.creates} contacts created, ${l.updates} changed, in the sandbox as in its web app) at ${l.eventsPerSecond}/s, lexoffice account at 2 requests/s, through workflows/lexoffice-crm-sync-to-bexio.json active in a real n8n (signed deliveries → Lexoffice Trigger fetching the contact → bexio search → create or update)`;
		figures.p8_event_latency_p95_ms = l.p8_event_latency_p95_ms;
		details.p8_event_latency_p95_ms = `${what}: the lexoffice sandbox's send time of an event's first delivery → the bexio sandbox's store time of the matching contact (by customer number and content); max ${l.maxMs ?? '–'} ms`;
		figures.p8_event_latency_p50_ms = l.p8_event_latency_p50_ms;
		details.p8_event_latency_p50_ms = `the same events, median; per step (median / p95, n8n's execution data): ${l.steps}`;
		figures.p8_events_lost = l.p8_events_lost;
		details.p8_events_lost = `events whose content never reached bexio within ${l.settleSeconds} s after the last one; ${l.duplicated} customer numbers twice in bexio, ${l.redeliveries} redeliveries, ${l.lexoffice429} × 429 of ${l.lexofficeRequests} lexoffice requests; executions ${Object.entries(
			l.executions,
		)
			.map(([k, v]) => `${v} ${k}`)
			.join(', ')}`;
	}

	process.stdout.write(
		'\nfigure                              value     goal     met      detail\n',
	);
	for (const key of Object.keys(GOALS)) {
		const v = figures[key];
		process.stdout.write(
			`${key.padEnd(34)} ${String(v ?? 'not run').padStart(9)}  ${GOALS[key].text.padEnd(8)} ${met(key, figures).padEnd(8)} ${details[key] ?? ''}\n`,
		);
	}

	if (imports || nodes) {
		const bar = (label: string, key: string, goal: number, better: 'higher' | 'lower') =>
			figures[key] === null ? [] : [{ label, value: figures[key]!, goal, better }];
		writeChart(
			CHART,
			'bexio → lexoffice import and lexoffice node against the sandbox (one run)',
			[
				...bar('p1_throughput_ratio', 'p1_throughput_ratio', 0.97, 'higher'),
				...bar('p1_job_ratio', 'p1_job_ratio', 0.9, 'higher'),
				...bar(
					'p2_marginal_requests_per_created',
					'p2_marginal_requests_per_created',
					1.01,
					'lower',
				),
				...bar('p3_rss_slope_mib_per_10k', 'p3_rss_slope_mib_per_10k', 2, 'lower'),
				...bar('p6_node_vs_http_ratio', 'p6_node_vs_http_ratio', 1, 'higher'),
			],
			`re-run writes ${figures.p2_rerun_writes ?? '–'}; max history ${figures.p4_max_history_events ?? '–'} events; after SIGKILL: ${figures.p5_redo_writes ?? '–'} repeated writes, ${figures.p5_redo_pages ?? '–'} repeated page reads; p6 failed items: ours ${figures.p6_failed_items_ours ?? '–'}, HTTP Request ${figures.p6_failed_items_http ?? '–'}`,
		);
		log(`chart written to ${CHART}`);
	}
	if (process.argv.includes('--readme')) {
		updateReadme(figures, details, (Date.now() - began) / 60_000);
		log('README bench section written');
	}

	process.stdout.write(`${JSON.stringify(figures)}\n`);
}

main().then(
	() => process.exit(0),
	(error: unknown) => {
		process.stderr.write(
			`bench failed: ${error instanceof Error ? error.message : String(error)}\n`,
		);
		process.exit(1);
	},
);
