import { BEXIO_RATE_LIMIT, connectBexio } from '../clients/bexio';
import { LEXOFFICE_RATE_LIMIT, connectLexoffice } from '../clients/lexoffice';
import { startBexioSandbox } from '../sandbox/bexio';
import { startLexofficeSandbox } from '../sandbox/lexoffice';

/**
 * `npm run bench`: how close the clients run to each API's rate-limit ceiling, measured against the
 * sandbox in one run (never asserted in a test). The ceilings are scaled up so a run takes seconds;
 * the ratio is what matters: requests per second achieved ÷ the sandbox's configured ceiling, with
 * every 429 counted. Prints a table, then one JSON line with the figures.
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

async function main(): Promise<void> {
	const lexoffice = await startLexofficeSandbox();
	const bexio = await startBexioSandbox();
	try {
		const lexToken = (await admin(lexoffice.url, '/tenants', { rateLimit: { perSecond: CEILING, burst: 2 } })).token as string;
		const bexToken = (await admin(bexio.url, '/tenants', { rateLimit: { perWindow: CEILING * 60, windowMs: 60_000 } })).token as string;
		const lex = connectLexoffice({ baseUrl: lexoffice.url, apiKey: lexToken, rateLimit: { ...LEXOFFICE_RATE_LIMIT, ratePerSecond: CEILING } });
		const bex = connectBexio({ baseUrl: bexio.url, token: bexToken, rateLimit: { ...BEXIO_RATE_LIMIT, ratePerSecond: CEILING } });
		const results = [
			await measure('lexoffice', lexoffice.url, lexToken, () => lex.call('profile.get')),
			await measure('bexio', bexio.url, bexToken, () => bex.call('user.getMe')),
		];
		process.stdout.write('api        ceiling/s  requests  seconds  achieved/s  ratio   429s\n');
		for (const r of results) {
			process.stdout.write(
				`${r.api.padEnd(10)} ${String(r.ceilingPerSecond).padStart(9)} ${String(r.requests).padStart(9)} ${r.seconds.toFixed(1).padStart(8)} ${r.achievedPerSecond.toFixed(2).padStart(11)} ${r.ratio.toFixed(3).padStart(6)} ${String(r.status429).padStart(6)}\n`,
			);
		}
		process.stdout.write(
			`${JSON.stringify({
				client_rate_ratio_lexoffice: Number(results[0].ratio.toFixed(3)),
				client_rate_ratio_bexio: Number(results[1].ratio.toFixed(3)),
				client_429s_lexoffice: results[0].status429,
				client_429s_bexio: results[1].status429,
			})}\n`,
		);
	} finally {
		await Promise.all([lexoffice.close(), bexio.close()]);
	}
}

main().catch((error: unknown) => {
	process.stderr.write(`bench failed: ${error instanceof Error ? error.message : String(error)}\n`);
	process.exit(1);
});
