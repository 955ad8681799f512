import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { importResult, startImport } from '../../temporal/client';
import { PostgresLinkStore } from '../../temporal/store';
import { fastTenant } from '../helpers/imports';
import { startPostgres, type PostgresServer } from '../helpers/postgresServer';
import { records, seed } from '../helpers/sandbox';
import { bundleWorkflows, connectTestServer, uniqueQueue } from '../helpers/temporal';
import { spawnWorkerProcess, stopWorkerProcess, workerEnv } from '../helpers/workerProcess';

/**
 * A bulk import through two worker processes (temporal/worker.ts, configured only through the
 * environment) that share one PostgreSQL link store and one task queue.
 */
let server: PostgresServer;
let env: TestWorkflowEnvironment;
let dir: string;

beforeAll(async () => {
	server = await startPostgres();
	env = await connectTestServer();
	dir = mkdtempSync(join(tmpdir(), 'blx-pg-import-'));
});

afterAll(async () => {
	if (dir) rmSync(dir, { recursive: true, force: true });
	await env?.teardown();
	await server?.stop();
});

interface BexioContact {
	id: number;
	nr: string | null;
}

test('two worker processes sharing a PostgreSQL link store import 300 contacts exactly once, and a re-run writes nothing', async () => {
	const source = await fastTenant('lexoffice', 'lex-pg');
	const target = await fastTenant('bexio', 'bexio-pg');
	await seed('lexoffice', source.token, 'contacts', 300);
	const taskQueue = uniqueQueue('import-pg');

	const bundlePath = join(dir, 'workflow-bundle.js');
	writeFileSync(bundlePath, (await bundleWorkflows()).code);
	const schema = 'import_e2e';
	const workerEnvironment = workerEnv({
		temporalAddress: env.address,
		taskQueue,
		connections: [source.connection, target.connection],
		bundlePath,
		dir,
		linkStore: {
			BLX_LINK_STORE_URL: server.url,
			BLX_LINK_STORE_SCHEMA: schema,
			BLX_LINK_STORE_POOL_SIZE: '4',
		},
	});
	const log: string[] = [];
	const workers = [
		spawnWorkerProcess(workerEnvironment, log),
		spawnWorkerProcess(workerEnvironment, log),
	];
	const store = new PostgresLinkStore({ connectionString: server.url, schema });
	try {
		const run = async (runKey: string) => {
			const { workflowId } = await startImport(env.client, {
				kind: 'contacts',
				source: source.ref,
				target: target.ref,
				runKey,
				taskQueue,
				pageSize: 50,
			});
			return importResult(env.client, workflowId);
		};
		const first = await run('first');
		expect(first.stats).toEqual({
			processed: 300,
			created: 300,
			updated: 0,
			unchanged: 0,
			skipped: 0,
			failed: 0,
		});
		const bex = await records<BexioContact>('bexio', target.token, 'contacts');
		expect(bex).toHaveLength(300);
		expect(new Set(bex.map((c) => c.nr)).size).toBe(300);

		const again = await run('second');
		expect(again.stats).toEqual({
			processed: 300,
			created: 0,
			updated: 0,
			unchanged: 300,
			skipped: 0,
			failed: 0,
		});
		expect(await records('bexio', target.token, 'contacts')).toHaveLength(300);

		// The links are in PostgreSQL, one per contact.
		const lex = await records<{ id: string }>('lexoffice', source.token, 'contacts');
		const scope = {
			kind: 'contacts',
			source: { system: 'lexoffice' as const, connection: source.ref.id },
			target: { system: 'bexio' as const, connection: target.ref.id },
		};
		const linked = await Promise.all(lex.map((c) => store.getLink(scope, c.id)));
		expect(new Set(linked.map((l) => l?.targetId)).size).toBe(300);
		expect(linked.every((l) => l !== undefined)).toBe(true);
	} catch (error) {
		throw new Error(
			`${error instanceof Error ? error.message : String(error)}\nworker output:\n${log.join('')}`,
		);
	} finally {
		await store.close();
		await Promise.all(workers.map((w) => stopWorkerProcess(w)));
	}
	expect(log.join('')).not.toContain(server.password);
});
