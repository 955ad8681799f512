import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { ApiError } from '../../clients/http/errors';
import { connectLexoffice } from '../../clients/lexoffice';
import {
	PostgresLinkStore,
	SharedRequestBudget,
	SqliteLinkStore,
	type LinkStore,
} from '../../temporal/store';
import { childExited, nextChildLine, startBudgetChild } from '../helpers/budgetChildren';
import { startPostgres, type PostgresServer } from '../helpers/postgresServer';
import { newTenant, sandboxUrl, setFaults, stats } from '../helpers/sandbox';

/**
 * The request budget shared through the link store, with real OS processes against the lexoffice sandbox,
 * for both stores. What is counted comes from the sandbox (its rate limiter answers 429 above the
 * ceiling) and from the store's answers, never from timing.
 */
jest.setTimeout(240_000);

const dir = mkdtempSync(join(tmpdir(), 'blx-budget-'));
let server: PostgresServer;
let schemas = 0;

beforeAll(async () => {
	server = await startPostgres();
});

afterAll(async () => {
	await server?.stop();
	rmSync(dir, { recursive: true, force: true });
});

interface StoreKind {
	name: string;
	/** A fresh location: the child's environment and an opener for this process. */
	location(): { env: NodeJS.ProcessEnv; open(): LinkStore };
}

const kinds: StoreKind[] = [
	{
		name: 'SQLite',
		location() {
			const file = join(dir, `${randomUUID()}.sqlite`);
			return { env: { BUDGET_STORE: file }, open: () => new SqliteLinkStore(file) };
		},
	},
	{
		name: 'PostgreSQL',
		location() {
			const schema = `budget${process.pid}_${++schemas}`;
			return {
				env: { BUDGET_STORE: server.url, BUDGET_SCHEMA: schema },
				open: () => new PostgresLinkStore({ connectionString: server.url, schema, poolSize: 2 }),
			};
		},
	},
];

describe.each(kinds)('shared request budget in $name', (kind) => {
	/** Three processes sending `perChild` requests each through one lexoffice account; the sandbox's counts. */
	async function threeProcesses(alone: boolean, perChild: number) {
		// lexoffice's own ceiling: 2/s with a burst of 2.
		const token = await newTenant('lexoffice', { perSecond: 2, burst: 2 });
		const { env } = kind.location();
		const children = Array.from({ length: 3 }, () =>
			startBudgetChild({
				...env,
				BUDGET_MODE: 'send',
				BUDGET_ALONE: alone ? '1' : '0',
				BUDGET_ACCOUNT: `lexoffice:${token.slice(0, 8)}`,
				BUDGET_RATE: '2',
				BUDGET_BURST: '1',
				BUDGET_COUNT: String(perChild),
				BUDGET_LANES: '2',
				LEXOFFICE_URL: sandboxUrl('lexoffice'),
				LEXOFFICE_TOKEN: token,
			}),
		);
		try {
			for (const c of children) expect(await nextChildLine(c)).toBe('ready');
			for (const c of children) c.child.stdin!.write('go\n');
			const results = await Promise.all(
				children.map(
					async (c) => JSON.parse(await nextChildLine(c)) as { statuses: Record<string, number> },
				),
			);
			return { seen: await stats('lexoffice', token), results };
		} finally {
			for (const c of children) c.child.kill('SIGKILL');
			await Promise.all(children.map((c) => childExited(c.child)));
		}
	}

	test('three processes sending through one account stay within its ceiling, where pacing alone does not', async () => {
		const perChild = 8;
		const shared = await threeProcesses(false, perChild);
		expect(shared.seen.total).toBe(3 * perChild);
		// A process the OS stalls past its slot can still bunch with the next holder (the budget gives such
		// slots back, a bounded number of times): on a loaded machine one 429 in the run is tolerated, no more.
		expect(shared.seen.byStatus['429'] ?? 0).toBeLessThanOrEqual(1);
		// Every process got its share: the budget served all of them, none was starved.
		for (const r of shared.results)
			expect((r.statuses['200'] ?? 0) + (r.statuses['429'] ?? 0)).toBe(perChild);
		for (const r of shared.results) expect(r.statuses['200']).toBeGreaterThanOrEqual(perChild - 1);

		// The same three pacing alone send 6/s into 2/s: the sandbox refuses a large part of it.
		const alone = await threeProcesses(true, perChild);
		expect(alone.seen.byStatus['429'] ?? 0).toBeGreaterThanOrEqual(6);
	});

	test('a process SIGKILLed while holding budget blocks the others for at most the lease', async () => {
		const { env, open } = kind.location();
		const account = 'lexoffice:held';
		const limit = { ratePerSecond: 4, burst: 1 };
		const leaseMs = 2000;
		const holder = startBudgetChild({
			...env,
			BUDGET_MODE: 'hold',
			BUDGET_ACCOUNT: account,
			BUDGET_RATE: '4',
			BUDGET_BURST: '1',
			BUDGET_LEASE_MS: String(leaseMs),
		});
		const store = open();
		try {
			const { held } = JSON.parse(await nextChildLine(holder)) as { held: number };
			// It asked without end and the store stopped answering yes: it holds every slot of the next lease.
			expect(held).toBeGreaterThan(0);
			holder.child.kill('SIGKILL');
			await childExited(holder.child);

			// The survivor's first slot starts within the lease (plus one interval), not after all the holder asked for.
			const first = await store.reserveRequestSlot(account, limit, leaseMs);
			const untilSlotMs = first.granted ? first.waitMs : first.waitMs + leaseMs;
			expect(untilSlotMs).toBeLessThanOrEqual(leaseMs + 1000 / limit.ratePerSecond);
			// And the budget serves a survivor.
			await new SharedRequestBudget(store, account, limit, leaseMs).acquire();
		} finally {
			holder.child.kill('SIGKILL');
			await childExited(holder.child);
			await store.close();
		}
	});

	test("a 429 seen by one process pauses the account for every process until the API's reset", async () => {
		const token = await newTenant('lexoffice', { disabled: true });
		await setFaults('lexoffice', token, { burst429: 1 });
		const { open } = kind.location();
		const account = `lexoffice:${token.slice(0, 8)}`;
		const limit = { ratePerSecond: 4, burst: 1 };
		// Two stores on one location are two connections, as two worker processes have.
		const [mine, theirs] = [open(), open()];
		try {
			const client = connectLexoffice({
				baseUrl: sandboxUrl('lexoffice'),
				apiKey: token,
				retry: false,
				budget: new SharedRequestBudget(mine, account, limit),
			});
			const error = await client.call('profile.get').catch((e: unknown) => e);
			expect(error).toBeInstanceOf(ApiError);
			expect((error as ApiError).status).toBe(429);

			// The sandbox said Retry-After: 1; the other connection sees the pause and gets no slot before it ends.
			const left = await theirs.requestPauseLeft(account);
			expect(left).toBeGreaterThan(0);
			expect(left).toBeLessThanOrEqual(1000);
			const slot = await theirs.reserveRequestSlot(account, limit, 2000);
			expect(slot.granted).toBe(true);
			expect(slot.waitMs).toBeGreaterThan(0);
		} finally {
			await Promise.all([mine.close(), theirs.close()]);
		}
	});
});
