import { join } from 'node:path';

import { BEXIO_RATE_LIMIT, connectBexio } from '../clients/bexio';
import { LEXOFFICE_RATE_LIMIT, connectLexoffice } from '../clients/lexoffice';
import { startBexioSandbox } from '../sandbox/bexio';
import { startLexofficeSandbox } from '../sandbox/lexoffice';
import { writeChart } from './chart';
import { measureImports, measureRedoAfterKill, type ImportFigures, type RedoFigures } from './imports';
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
/** Records of the paced imports (p1, p2, p5). */
const RECORDS = Number(process.env.BENCH_RECORDS || 600);
/** Unpaced imports whose worker memory is compared (p3). */
const P3_SMALL = Number(process.env.BENCH_P3_SMALL || 1000);
const P3_LARGE = Number(process.env.BENCH_P3_LARGE || 100_000);
const P6_ITEMS = Number(process.env.BENCH_P6_ITEMS || 20);
const CHART = process.env.BENCH_CHART || join(__dirname, '..', 'docs', 'bench.svg');

async function admin(url: string, path: string, body: unknown): Promise<Record<string, unknown>> {
	const res = await fetch(`${url}/_sandbox${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
	return (await res.json()) as Record<string, unknown>;
}

async function stats(url: string, token: string): Promise<{ byStatus: Record<string, number> }> {
	return (await (await fetch(`${url}/_sandbox/stats?token=${token}`)).json()) as { byStatus: Record<string, number> };
}

/** Sequential single-record reads for `SECONDS`: the client's bucket paces them to the ceiling. */
async function measure(api: string, url: string, token: string, read: () => Promise<unknown>): Promise<Result> {
	const started = Date.now();
	let requests = 0;
	while (Date.now() - started < SECONDS * 1000) {
		await read();
		requests += 1;
	}
	const seconds = (Date.now() - started) / 1000;
	const s = await stats(url, token);
	const achievedPerSecond = requests / seconds;
	return { api, ceilingPerSecond: CEILING, requests, seconds, achievedPerSecond, ratio: achievedPerSecond / CEILING, status429: s.byStatus['429'] ?? 0 };
}

async function measureClients(): Promise<Result[]> {
	const lexoffice = await startLexofficeSandbox();
	const bexio = await startBexioSandbox();
	try {
		const lexToken = (await admin(lexoffice.url, '/tenants', { rateLimit: { perSecond: CEILING, burst: 2 } })).token as string;
		const bexToken = (await admin(bexio.url, '/tenants', { rateLimit: { perWindow: CEILING * 60, windowMs: 60_000 } })).token as string;
		const lex = connectLexoffice({ baseUrl: lexoffice.url, apiKey: lexToken, rateLimit: { ...LEXOFFICE_RATE_LIMIT, ratePerSecond: CEILING } });
		const bex = connectBexio({ baseUrl: bexio.url, token: bexToken, rateLimit: { ...BEXIO_RATE_LIMIT, ratePerSecond: CEILING } });
		return [await measure('lexoffice', lexoffice.url, lexToken, () => lex.call('profile.get')), await measure('bexio', bexio.url, bexToken, () => bex.call('user.getMe'))];
	} finally {
		await Promise.all([lexoffice.close(), bexio.close()]);
	}
}

const log = (line: string) => process.stdout.write(`# ${line}\n`);

/** The p5 rows of the table: redo after a SIGKILL while a create was held, counted by the sandboxes. */
function redoRows(redo: RedoFigures): Array<[string, string, string]> {
	return [
		['p5_redo_writes', String(redo.p5_redo_writes), `0 (target records beyond one per source record; the held record is there ${redo.p5_held_record_copies} ×)`],
		['p5_redo_pages', String(redo.p5_redo_pages), `≤ 1 (plus ${redo.p5_recovery_lookups} lookups after the kill, goal ≥ 1)`],
	];
}

/** `BENCH_ONLY=p5`: only the redo measurement (development). */
async function redoOnly(): Promise<void> {
	const stack = await startStack();
	let redo: RedoFigures;
	try {
		redo = await measureRedoAfterKill(stack, { ceilingPerSecond: CEILING, records: RECORDS, log });
	} finally {
		await stack.close();
	}
	for (const [k, v, g] of redoRows(redo)) process.stdout.write(`${k.padEnd(24)} ${v.padStart(8)}  ${g}\n`);
	process.stdout.write(`${JSON.stringify({ p5_redo_writes: redo.p5_redo_writes, p5_redo_pages: redo.p5_redo_pages, p5_recovery_lookups: redo.p5_recovery_lookups })}\n`);
}

async function main(): Promise<void> {
	const clients = await measureClients();
	process.stdout.write('api        ceiling/s  requests  seconds  achieved/s  ratio   429s\n');
	for (const r of clients) {
		process.stdout.write(
			`${r.api.padEnd(10)} ${String(r.ceilingPerSecond).padStart(9)} ${String(r.requests).padStart(9)} ${r.seconds.toFixed(1).padStart(8)} ${r.achievedPerSecond.toFixed(2).padStart(11)} ${r.ratio.toFixed(3).padStart(6)} ${String(r.status429).padStart(6)}\n`,
		);
	}

	const stack = await startStack();
	let imports: ImportFigures;
	let redo: RedoFigures;
	let nodes: NodeVsHttpFigures;
	try {
		imports = await measureImports(stack, { ceilingPerSecond: CEILING, records: RECORDS, smallRecords: P3_SMALL, largeRecords: P3_LARGE, log });
		redo = await measureRedoAfterKill(stack, { ceilingPerSecond: CEILING, records: RECORDS, log });
		nodes = await measureNodeVsHttp(stack, { items: P6_ITEMS, ceilingPerSecond: 2, log });
	} finally {
		await stack.close();
	}

	const rows: Array<[string, string, string]> = [
		['p1_throughput_ratio', String(imports.p1_throughput_ratio), `≥ 0.97 (${imports.p1_writes_per_second} writes/s at a ceiling of ${CEILING}/s)`],
		['p2_requests_per_created', String(imports.p2_requests_per_created), '≤ 1.02'],
		['p2_rerun_writes', String(imports.p2_rerun_writes), '0'],
		['p3_rss_ratio', String(imports.p3_rss_ratio), `≤ 1.2 (${imports.p3_rss_large_mib} MiB for ${imports.p3_large_records} vs ${imports.p3_rss_small_mib} MiB for ${imports.p3_small_records})`],
		['p4_max_history_events', String(imports.p4_max_history_events), '≤ 2000'],
		...redoRows(redo),
		['p6_node_vs_http_ratio', String(nodes.p6_node_vs_http_ratio), `node ${nodes.node_records_per_second}/s (${nodes.node_created} created), HTTP Request ${nodes.http_records_per_second}/s (${nodes.http_created} created, ${nodes.http_429s} × 429)`],
	];
	process.stdout.write('\nfigure                   value     goal / detail\n');
	for (const [k, v, g] of rows) process.stdout.write(`${k.padEnd(24)} ${v.padStart(8)}  ${g}\n`);

	writeChart(
		CHART,
		'bexio → lexoffice import against the sandbox (one run)',
		[
			{ label: 'p1 write rate ÷ ceiling', value: imports.p1_throughput_ratio, goal: 0.97, better: 'higher' },
			{ label: 'p2 requests per created', value: imports.p2_requests_per_created, goal: 1.02, better: 'lower' },
			{ label: 'p3 peak RSS large ÷ small', value: imports.p3_rss_ratio, goal: 1.2, better: 'lower' },
			{ label: 'p6 our node ÷ HTTP Request', value: nodes.p6_node_vs_http_ratio, goal: 1, better: 'higher' },
		],
		`re-run writes ${imports.p2_rerun_writes}; max history ${imports.p4_max_history_events} events; after SIGKILL: ${redo.p5_redo_writes} repeated writes, ${redo.p5_redo_pages} repeated page reads`,
	);
	log(`chart written to ${CHART}`);

	process.stdout.write(
		`${JSON.stringify({
			p1_throughput_ratio: imports.p1_throughput_ratio,
			p2_requests_per_created: imports.p2_requests_per_created,
			p2_rerun_writes: imports.p2_rerun_writes,
			p3_rss_ratio: imports.p3_rss_ratio,
			p4_max_history_events: imports.p4_max_history_events,
			p5_redo_writes: redo.p5_redo_writes,
			p5_redo_pages: redo.p5_redo_pages,
			p5_recovery_lookups: redo.p5_recovery_lookups,
			p6_node_vs_http_ratio: nodes.p6_node_vs_http_ratio,
			client_rate_ratio_lexoffice: Number(clients[0].ratio.toFixed(3)),
			client_rate_ratio_bexio: Number(clients[1].ratio.toFixed(3)),
		})}\n`,
	);
}

(process.env.BENCH_ONLY === 'p5' ? redoOnly() : main()).then(
	() => process.exit(0),
	(error: unknown) => {
		process.stderr.write(`bench failed: ${error instanceof Error ? error.message : String(error)}\n`);
		process.exit(1);
	},
);
