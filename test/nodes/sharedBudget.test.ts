import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';

import type { INode } from 'n8n-workflow';

import { LEXOFFICE_RATE_LIMIT } from '../../clients/lexoffice';
import { sharedBudget } from '../../nodes/shared/sharedBudget';
import { ActivityClients } from '../../temporal/activities/engine/clients';
import { SqliteLinkStore, budgetAccountKey } from '../../temporal/store/index';
import { nextChildLine, startBudgetChild } from '../helpers/budgetChildren';
import { createCredential, testN8n, type N8nInstance } from '../helpers/n8n';
import { runNode } from '../helpers/nodeRunner';
import { maxInWindow, newTenant, requestLog, sandboxUrl } from '../helpers/sandbox';

/**
 * The n8n nodes join the workers' request budget when their credential names the worker's link store
 * (field "Shared Request Budget Store"). Inside a real n8n a Lexoffice node sends while another OS process
 * (test/helpers/budgetChild.ts, the worker's SharedRequestBudget) sends with the same key: the sandbox's
 * own request log shows the combined rate, with the field set and without it.
 */
jest.setTimeout(300_000);

const root = join(__dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'blx-node-budget-'));
let n8n: N8nInstance;

beforeAll(() => {
	n8n = testN8n();
});

afterAll(() => {
	rmSync(dir, { recursive: true, force: true });
});

const NODE: INode = {
	id: 'budget-test',
	name: 'Lexoffice',
	type: 'n8n-nodes-bexio-lexoffice.lexoffice',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

/**
 * One run: a worker-side process sends WORKER_REQUESTS through the SQLite store while the Lexoffice node in
 * n8n sends NODE_ITEMS (`budgetStore` in its credential, or none). Answers the sandbox's request log.
 */
const NODE_ITEMS = 12;
const WORKER_REQUESTS = 14;
async function run(shareBudget: boolean) {
	// lexoffice's real ceiling: 2 requests/s, burst 2. Each side alone paces at 2/s.
	const token = await newTenant('lexoffice', { perSecond: 2, burst: 2 });
	const store = join(dir, `links-${shareBudget ? 'shared' : 'alone'}.sqlite`);
	const cred = await createCredential(n8n, `lexoffice budget ${token.slice(-6)}`, 'lexofficeApi', {
		apiKey: token,
		baseUrl: sandboxUrl('lexoffice'),
		...(shareBudget ? { budgetStore: store } : {}),
	});
	const worker = startBudgetChild({
		BUDGET_MODE: 'send',
		BUDGET_STORE: store,
		// The key the worker derives from the token (temporal/activities/clients.ts).
		BUDGET_ACCOUNT: budgetAccountKey('lexoffice', token),
		BUDGET_RATE: String(LEXOFFICE_RATE_LIMIT.ratePerSecond),
		BUDGET_BURST: String(LEXOFFICE_RATE_LIMIT.burst),
		BUDGET_COUNT: String(WORKER_REQUESTS),
		BUDGET_OPERATION: 'country.getAll',
		LEXOFFICE_URL: sandboxUrl('lexoffice'),
		LEXOFFICE_TOKEN: token,
	});
	try {
		expect(await nextChildLine(worker)).toBe('ready');
		worker.child.stdin!.write('go\n');
		const [nodeRun, workerResult] = await Promise.all([
			runNode(n8n, {
				type: 'lexoffice',
				parameters: { resource: 'profile', operation: 'get' },
				credentials: { lexofficeApi: { id: cred.id, name: cred.name } },
				items: Array.from({ length: NODE_ITEMS }, (_, i) => ({ i })),
				continueOnFail: false,
			}),
			nextChildLine(worker).then(
				(line) => JSON.parse(line) as { statuses: Record<string, number> },
			),
		]);
		expect(nodeRun.status).toBe(200);
		expect(nodeRun.items).toHaveLength(NODE_ITEMS);
		for (const item of nodeRun.items) expect(typeof item.organizationId).toBe('string');
		const log = await requestLog('lexoffice', token);
		const nodeTimes = log.filter((r) => r.route === 'GET /v1/profile').map((r) => r.at);
		const workerTimes = log.filter((r) => r.route === 'GET /v1/countries').map((r) => r.at);
		// Both sent at the same time: node requests arrived between the worker's first and last one.
		const overlap = nodeTimes.filter(
			(t) => t > Math.min(...workerTimes) && t < Math.max(...workerTimes),
		).length;
		return { log, overlap, workerResult, rejected: log.filter((r) => r.status === 429).length };
	} finally {
		worker.child.kill('SIGKILL');
	}
}

test('a Lexoffice node whose credential names the store shares the budget with a worker: the sandbox sees the ceiling and (almost) no 429', async () => {
	const { log, overlap, workerResult, rejected } = await run(true);
	expect(overlap).toBeGreaterThanOrEqual(4);
	// A process the OS stalls past its slot can still bunch with the next holder's request (the budget gives
	// such slots back, a bounded number of times): on a loaded machine one 429 is tolerated, no more.
	expect(rejected).toBeLessThanOrEqual(1);
	expect((workerResult.statuses['200'] ?? 0) + (workerResult.statuses['429'] ?? 0)).toBe(
		WORKER_REQUESTS,
	);
	// Every node item and worker request reached the sandbox (a node request answered 429 is sent again).
	expect(log.filter((r) => r.status !== 429)).toHaveLength(
		NODE_ITEMS + WORKER_REQUESTS - (workerResult.statuses['429'] ?? 0),
	);
	// 2/s in any second, plus one for a window that catches slots at both of its edges (network jitter).
	expect(maxInWindow(log, 1000)).toBeLessThanOrEqual(LEXOFFICE_RATE_LIMIT.ratePerSecond + 1);
});

test('without the field the node paces alone: together with the worker it exceeds the ceiling and the sandbox answers 429', async () => {
	const { log, overlap, rejected } = await run(false);
	expect(overlap).toBeGreaterThanOrEqual(4);
	// Clearly more than the one the shared run tolerates: 4/s into 2/s while both send.
	expect(rejected).toBeGreaterThanOrEqual(3);
	expect(maxInWindow(log, 1000)).toBeGreaterThan(LEXOFFICE_RATE_LIMIT.ratePerSecond + 1);
});

describe('credential field → budget', () => {
	test("empty: no shared budget (the in-process bucket); set: one store per notation, the worker's account key, one row for node and worker", async () => {
		expect(
			sharedBudget(NODE, undefined, 'Lexoffice API', 'lexoffice', 'k', LEXOFFICE_RATE_LIMIT),
		).toBeUndefined();
		expect(
			sharedBudget(NODE, '  ', 'Lexoffice API', 'lexoffice', 'k', LEXOFFICE_RATE_LIMIT),
		).toBeUndefined();

		const token = await newTenant('lexoffice', { disabled: true });
		const file = join(dir, 'wiring.sqlite');
		const budget = sharedBudget(
			NODE,
			file,
			'Lexoffice API',
			'lexoffice',
			token,
			LEXOFFICE_RATE_LIMIT,
		) as { account: string } | undefined;
		expect(budget?.account).toBe(budgetAccountKey('lexoffice', token));
		expect(budget?.account).not.toContain(token);
		// Executions of the same credential reuse the budget (and its store).
		expect(
			sharedBudget(NODE, file, 'Lexoffice API', 'lexoffice', token, LEXOFFICE_RATE_LIMIT),
		).toBe(budget);

		// The worker's clients, over the same file, write the row the node's budget reads.
		const workerStore = new SqliteLinkStore(file);
		const clients = new ActivityClients(
			{
				resolve: () => ({
					id: 'lexoffice-default',
					system: 'lexoffice',
					baseUrl: sandboxUrl('lexoffice'),
					token,
				}),
				list: () => [],
			},
			() => workerStore,
		);
		await clients.lexoffice({ system: 'lexoffice', id: 'lexoffice-default' }).call('profile.get');
		const db = new DatabaseSync(file);
		const rows = () =>
			db.prepare('SELECT account, due_at FROM request_budget').all() as Array<{
				account: string;
				due_at: number;
			}>;
		expect(rows().map((r) => r.account)).toEqual([budgetAccountKey('lexoffice', token)]);
		const before = rows()[0].due_at;
		await (budget as unknown as { acquire(): Promise<void> }).acquire();
		// The node took the slot after the worker's, in the same row.
		expect(rows()).toHaveLength(1);
		expect(rows()[0].due_at).toBeGreaterThan(before);
		db.close();
		await workerStore.close();
	});

	test('a PostgreSQL URL where n8n left out the optional pg: an error naming the field and the fix, without the URL', () => {
		// The compiled modules the node loads, in a folder with no node_modules but n8n-workflow (n8n brings it):
		// pg cannot be resolved, as in n8n's installation of the package.
		const lean = mkdtempSync(join(tmpdir(), 'blx-lean-'));
		try {
			for (const file of [
				'nodes/shared/sharedBudget.js',
				'temporal/store/requestBudget.js',
				'temporal/store/notation.js',
				'temporal/store/postgresLinkStore.js',
				'temporal/store/sqliteLinkStore.js',
				'clients/http/rateLimit.js',
			]) {
				mkdirSync(dirname(join(lean, 'dist', file)), { recursive: true });
				copyFileSync(join(root, 'dist', file), join(lean, 'dist', file));
			}
			mkdirSync(join(lean, 'node_modules'));
			symlinkSync(
				join(root, 'node_modules', 'n8n-workflow'),
				join(lean, 'node_modules', 'n8n-workflow'),
				'dir',
			);
			const script = [
				`const { sharedBudget } = require(${JSON.stringify(join(lean, 'dist', 'nodes', 'shared', 'sharedBudget.js'))});`,
				'try {',
				`  sharedBudget(${JSON.stringify(NODE)}, 'postgres://blx:s3cret-pw@127.0.0.1:1/links', 'Lexoffice API', 'lexoffice', 'k', { ratePerSecond: 2, burst: 1 });`,
				"  console.log('no error');",
				"} catch (error) { console.log(error.constructor.name + ': ' + error.message); }",
			].join('\n');
			const out = spawnSync(process.execPath, ['-e', script], {
				cwd: lean,
				encoding: 'utf8',
				env: { PATH: process.env.PATH },
			});
			const message = out.stdout.trim();
			expect(message).toMatch(/^NodeOperationError: /);
			expect(message).toContain('Lexoffice API');
			expect(message).toContain('"Shared Request Budget Store"');
			expect(message).toContain('npm install pg');
			expect(message).toContain('SQLite');
			expect(message).not.toContain('s3cret-pw');
			expect(message).not.toContain('postgres://');
		} finally {
			rmSync(lean, { recursive: true, force: true });
		}
	});
});
