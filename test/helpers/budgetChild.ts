/**
 * One OS process using an account's shared request budget (run by test/temporal/requestBudget.test.ts
 * through ts-node). Configuration in the environment:
 * - BUDGET_STORE: a SQLite file, or a postgres:// URL with BUDGET_SCHEMA;
 * - BUDGET_ACCOUNT, BUDGET_RATE, BUDGET_BURST, BUDGET_LEASE_MS: the budget;
 * - BUDGET_MODE `send`: after "go" on stdin, BUDGET_COUNT GETs to the lexoffice sandbox (LEXOFFICE_URL,
 *   LEXOFFICE_TOKEN) over BUDGET_LANES concurrent lanes, then one JSON line of the statuses it got
 *   (BUDGET_OPERATION names the lexoffice operation, default `profile.get`: another route tells this
 *   process's requests apart in the sandbox's request log);
 * - BUDGET_MODE `hold`: reserves slots until the store refuses more, prints how many, and stays alive;
 * - BUDGET_ALONE=1: the same requests paced by the client's own per-process bucket (no shared budget);
 * - BUDGET_REPORT_GRANTS=1: one line `{"grantedSlotAt": <epoch ms>}` for every slot the store grants this
 *   process, before it waits for it (what a test compares with the sandbox's count of its requests).
 */
import { createInterface } from 'node:readline';

import { connectLexoffice } from '../../clients/lexoffice';
import { ApiError } from '../../clients/http/errors';
import {
	PostgresLinkStore,
	SharedRequestBudget,
	SqliteLinkStore,
	type LinkStore,
	type RequestSlotStore,
} from '../../temporal/store';

const env = process.env;
const storeName = env.BUDGET_STORE ?? '';
const store: LinkStore = /^postgres/.test(storeName)
	? new PostgresLinkStore({ connectionString: storeName, schema: env.BUDGET_SCHEMA, poolSize: 2 })
	: new SqliteLinkStore(storeName);
const limit = { ratePerSecond: Number(env.BUDGET_RATE), burst: Number(env.BUDGET_BURST ?? 1) };
const account = env.BUDGET_ACCOUNT ?? 'lexoffice:test';
const leaseMs = Number(env.BUDGET_LEASE_MS ?? 2000);
const operation = (env.BUDGET_OPERATION ?? 'profile.get') as 'profile.get' | 'country.getAll';

/** The store's answers as they are, each grant also written to stdout. */
const reporting: RequestSlotStore = {
	async reserveRequestSlot(a, l, horizonMs) {
		const reservation = await store.reserveRequestSlot(a, l, horizonMs);
		if (reservation.granted)
			process.stdout.write(
				`${JSON.stringify({ grantedSlotAt: Date.now() + reservation.waitMs })}\n`,
			);
		return reservation;
	},
	pauseRequests: (a, forMs) => store.pauseRequests(a, forMs),
	requestPauseLeft: (a) => store.requestPauseLeft(a),
};

async function send(): Promise<void> {
	const budget = new SharedRequestBudget(
		env.BUDGET_REPORT_GRANTS === '1' ? reporting : store,
		account,
		limit,
		leaseMs,
	);
	// BUDGET_ALONE=1: the client's own per-process pacing, as a process that does not share the budget.
	const client = connectLexoffice({
		baseUrl: env.LEXOFFICE_URL ?? '',
		apiKey: env.LEXOFFICE_TOKEN ?? '',
		retry: false,
		budget: env.BUDGET_ALONE === '1' ? undefined : budget,
	});
	// Touch the store once so a first-use schema creation is not part of the measured run.
	await store.requestPauseLeft(account);
	process.stdout.write('ready\n');
	await new Promise<void>((resolve) =>
		createInterface({ input: process.stdin }).once('line', () => resolve()),
	);
	const statuses: Record<string, number> = {};
	let left = Number(env.BUDGET_COUNT);
	const lane = async () => {
		while (left-- > 0) {
			try {
				await client.call(operation);
				statuses['200'] = (statuses['200'] ?? 0) + 1;
			} catch (error) {
				const status = error instanceof ApiError ? String(error.status) : 'other';
				statuses[status] = (statuses[status] ?? 0) + 1;
			}
		}
	};
	await Promise.all(Array.from({ length: Number(env.BUDGET_LANES ?? 1) }, lane));
	process.stdout.write(`${JSON.stringify({ statuses })}\n`);
}

async function hold(): Promise<void> {
	let held = 0;
	while ((await store.reserveRequestSlot(account, limit, leaseMs)).granted) held++;
	process.stdout.write(`${JSON.stringify({ held })}\n`);
	setInterval(() => undefined, 60_000);
}

(env.BUDGET_MODE === 'hold' ? hold() : send().then(() => store.close())).catch((error: unknown) => {
	process.stderr.write(
		`budget child failed: ${error instanceof Error ? error.stack : String(error)}\n`,
	);
	process.exit(1);
});
