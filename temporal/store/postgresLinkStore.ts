import { Pool, type PoolClient, type QueryResultRow } from 'pg';

import type { RateLimitConfig } from '../../clients/http/rateLimit';
import type {
	CommitEntry,
	Endpoint,
	Intent,
	Link,
	LinkScope,
	LinkStore,
	OutcomeKind,
	RecordOutcome,
} from './linkStore';
import type { RequestSlotStore, SlotReservation } from './requestBudget';

export interface PostgresLinkStoreOptions {
	/** postgres://user:password@host:port/database (libpq-style parameters such as sslmode allowed). */
	connectionString: string;
	/** The PostgreSQL schema holding the tables; created when missing. Default `blx_link_store`. */
	schema?: string;
	/** Connections in the pool. Default 10. */
	poolSize?: number;
}

export const DEFAULT_POSTGRES_SCHEMA = 'blx_link_store';

const schemaSql = (s: string): string => `
CREATE SCHEMA IF NOT EXISTS ${s};
CREATE TABLE IF NOT EXISTS ${s}.links (
	kind TEXT NOT NULL, source_system TEXT NOT NULL, source_connection TEXT NOT NULL, source_id TEXT NOT NULL,
	target_system TEXT NOT NULL, target_connection TEXT NOT NULL, target_id TEXT NOT NULL,
	content_hash TEXT NOT NULL, updated_at BIGINT NOT NULL,
	PRIMARY KEY (kind, source_system, source_connection, source_id, target_system, target_connection)
);
CREATE INDEX IF NOT EXISTS links_by_target ON ${s}.links (target_system, target_connection, kind, target_id);
CREATE TABLE IF NOT EXISTS ${s}.target_keys (
	system TEXT NOT NULL, connection TEXT NOT NULL, kind TEXT NOT NULL, key TEXT NOT NULL, target_id TEXT NOT NULL,
	updated_at BIGINT NOT NULL,
	PRIMARY KEY (system, connection, kind, key, target_id)
);
CREATE INDEX IF NOT EXISTS target_keys_by_id ON ${s}.target_keys (system, connection, kind, target_id);
CREATE TABLE IF NOT EXISTS ${s}.intents (
	kind TEXT NOT NULL, source_system TEXT NOT NULL, source_connection TEXT NOT NULL, source_id TEXT NOT NULL,
	target_system TEXT NOT NULL, target_connection TEXT NOT NULL,
	job_id TEXT NOT NULL, keys JSONB NOT NULL, created_at BIGINT NOT NULL,
	PRIMARY KEY (kind, source_system, source_connection, source_id, target_system, target_connection)
);
CREATE TABLE IF NOT EXISTS ${s}.outcomes (
	job_id TEXT NOT NULL, source_id TEXT NOT NULL, seq BIGSERIAL NOT NULL,
	outcome TEXT NOT NULL, target_id TEXT, reason TEXT, created_at BIGINT NOT NULL,
	PRIMARY KEY (job_id, source_id)
);
CREATE INDEX IF NOT EXISTS outcomes_by_created_at ON ${s}.outcomes (created_at);
CREATE TABLE IF NOT EXISTS ${s}.watermarks (name TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at BIGINT NOT NULL);
CREATE TABLE IF NOT EXISTS ${s}.request_budget (
	account TEXT PRIMARY KEY, due_at DOUBLE PRECISION NOT NULL, paused_until DOUBLE PRECISION NOT NULL, last_slot DOUBLE PRECISION NOT NULL
);
`;

const SCOPE_WHERE =
	'kind = $1 AND source_system = $2 AND source_connection = $3 AND source_id = $4 AND target_system = $5 AND target_connection = $6';

/** SQLSTATEs worth one more try of a whole transaction: serialization failure, deadlock detected. */
const RETRYABLE = new Set(['40001', '40P01']);

/**
 * The LinkStore for several worker processes (on one or more machines) sharing one database: the same
 * tables and semantics as SqliteLinkStore, in one PostgreSQL schema, through a connection pool.
 *
 * The schema is created on first use (CREATE … IF NOT EXISTS, under an advisory lock so workers starting
 * together do not race). Every write is an upsert on the natural key, so concurrent commits of the same
 * record leave exactly one link and one outcome; multi-statement writes run in one transaction, retried
 * on a deadlock or serialization failure; keys are written in sorted order and key replacement of a
 * target is serialized by a transaction-scoped advisory lock, so concurrent writers do not interleave.
 * Outcome order (failures "in the order they happened") comes from one database sequence, so it holds
 * across workers. Errors and logs never contain the connection string's password.
 */
export class PostgresLinkStore implements LinkStore, RequestSlotStore {
	readonly schema: string;
	/** The schema as a quoted identifier (a valid name may still be a keyword, e.g. `user`). */
	private readonly tables: string;
	private readonly pool: Pool;
	private readonly password: string | undefined;
	private readonly connectionString: string;
	private ready: Promise<void> | undefined;
	/** Accounts whose request_budget row this store has made sure of. */
	private readonly budgetRows = new Set<string>();

	constructor(options: PostgresLinkStoreOptions) {
		const schema = options.schema ?? DEFAULT_POSTGRES_SCHEMA;
		if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema))
			throw new Error(`invalid PostgreSQL schema name "${schema}" (lower-case letters, digits, _)`);
		this.schema = schema;
		this.tables = `"${schema}"`;
		this.connectionString = options.connectionString;
		this.password = passwordOf(options.connectionString);
		try {
			this.pool = new Pool({
				connectionString: options.connectionString,
				max: options.poolSize ?? 10,
				// A database that does not answer fails the activity (which Temporal retries) instead of hanging it.
				connectionTimeoutMillis: 30_000,
				application_name: 'bexio-lexoffice-worker',
			});
		} catch (error) {
			throw this.redacted(error);
		}
		// An idle connection that breaks (server restart, network) must not crash the worker: the pool
		// drops it and the next query opens a new one.
		this.pool.on('error', () => undefined);
	}

	/** Where the store is, for logs: the connection string without its password. */
	describe(): string {
		return `${redactUrl(this.connectionString)} (schema ${this.schema})`;
	}

	async getLink(scope: LinkScope, sourceId: string): Promise<Link | undefined> {
		const row = (
			await this.query(
				`SELECT target_id, content_hash, updated_at FROM ${this.tables}.links WHERE ${SCOPE_WHERE}`,
				scopeParams(scope, sourceId),
			)
		)[0];
		return row
			? {
					sourceId,
					targetId: String(row.target_id),
					contentHash: String(row.content_hash),
					updatedAt: Number(row.updated_at),
				}
			: undefined;
	}

	async findTargets(target: Endpoint, kind: string, key: string): Promise<string[]> {
		const rows = await this.query(
			`SELECT target_id FROM ${this.tables}.target_keys WHERE system = $1 AND connection = $2 AND kind = $3 AND key = $4 ORDER BY target_id COLLATE "C"`,
			[target.system, target.connection, kind, key],
		);
		return rows.map((r) => String(r.target_id));
	}

	async replaceTargetKeys(
		target: Endpoint,
		kind: string,
		entries: Array<{ targetId: string; keys: string[] }>,
	): Promise<void> {
		// Sorted, so two workers replacing overlapping sets take their locks in the same order.
		const sorted = [...entries].sort((a, b) => compare(a.targetId, b.targetId));
		await this.transaction(async (client) => {
			for (const e of sorted) await this.writeKeys(client, target, kind, e.targetId, e.keys);
		});
	}

	async dropTarget(target: Endpoint, kind: string, targetId: string): Promise<void> {
		await this.transaction(async (client) => {
			await this.lockTarget(client, target, kind, targetId);
			await client.query(
				`DELETE FROM ${this.tables}.target_keys WHERE system = $1 AND connection = $2 AND kind = $3 AND target_id = $4`,
				[target.system, target.connection, kind, targetId],
			);
			await client.query(
				`DELETE FROM ${this.tables}.links WHERE target_system = $1 AND target_connection = $2 AND kind = $3 AND target_id = $4`,
				[target.system, target.connection, kind, targetId],
			);
		});
	}

	async recordIntent(
		scope: LinkScope,
		sourceId: string,
		intent: { jobId: string; keys: string[] },
	): Promise<void> {
		await this.query(
			`INSERT INTO ${this.tables}.intents (kind, source_system, source_connection, source_id, target_system, target_connection, job_id, keys, created_at)
			 VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9)
			 ON CONFLICT (kind, source_system, source_connection, source_id, target_system, target_connection)
			 DO UPDATE SET job_id = excluded.job_id, keys = excluded.keys, created_at = excluded.created_at`,
			[...scopeParams(scope, sourceId), intent.jobId, JSON.stringify(intent.keys), Date.now()],
		);
	}

	async getIntent(scope: LinkScope, sourceId: string): Promise<Intent | undefined> {
		const row = (
			await this.query(
				`SELECT job_id, keys, created_at FROM ${this.tables}.intents WHERE ${SCOPE_WHERE}`,
				scopeParams(scope, sourceId),
			)
		)[0];
		return row
			? { jobId: String(row.job_id), keys: row.keys as string[], createdAt: Number(row.created_at) }
			: undefined;
	}

	async commit(scope: LinkScope, entry: CommitEntry): Promise<void> {
		const now = Date.now();
		// The target's lock first, then links, keys, intents, outcomes: every writer takes locks in this order.
		await this.transaction(async (client) => {
			await this.lockTarget(client, scope.target, scope.kind, entry.targetId);
			await client.query(
				`INSERT INTO ${this.tables}.links (kind, source_system, source_connection, source_id, target_system, target_connection, target_id, content_hash, updated_at)
				 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
				 ON CONFLICT (kind, source_system, source_connection, source_id, target_system, target_connection)
				 DO UPDATE SET target_id = excluded.target_id, content_hash = excluded.content_hash, updated_at = excluded.updated_at`,
				[...scopeParams(scope, entry.sourceId), entry.targetId, entry.contentHash, now],
			);
			await this.addKeys(client, scope.target, scope.kind, entry.targetId, entry.keys);
			await client.query(
				`DELETE FROM ${this.tables}.intents WHERE ${SCOPE_WHERE}`,
				scopeParams(scope, entry.sourceId),
			);
			await this.writeOutcome(
				client,
				entry.jobId,
				entry.sourceId,
				{ outcome: entry.outcome, targetId: entry.targetId },
				now,
			);
		});
	}

	async recordOutcome(jobId: string, sourceId: string, outcome: RecordOutcome): Promise<void> {
		await this.writeOutcome(undefined, jobId, sourceId, outcome, Date.now());
	}

	async getOutcome(jobId: string, sourceId: string): Promise<RecordOutcome | undefined> {
		const row = (
			await this.query(
				`SELECT outcome, target_id, reason FROM ${this.tables}.outcomes WHERE job_id = $1 AND source_id = $2`,
				[jobId, sourceId],
			)
		)[0];
		if (!row) return undefined;
		return {
			outcome: String(row.outcome) as OutcomeKind,
			targetId: row.target_id === null ? undefined : String(row.target_id),
			reason: row.reason === null ? undefined : String(row.reason),
		};
	}

	async outcomeCounts(jobId: string): Promise<Record<OutcomeKind, number>> {
		const counts: Record<OutcomeKind, number> = {
			created: 0,
			updated: 0,
			unchanged: 0,
			skipped: 0,
			failed: 0,
		};
		for (const row of await this.query(
			`SELECT outcome, COUNT(*) AS n FROM ${this.tables}.outcomes WHERE job_id = $1 GROUP BY outcome`,
			[jobId],
		)) {
			counts[String(row.outcome) as OutcomeKind] = Number(row.n);
		}
		return counts;
	}

	async failures(jobId: string): Promise<Array<{ sourceId: string; reason: string }>> {
		const rows = await this.query(
			`SELECT source_id, reason FROM ${this.tables}.outcomes WHERE job_id = $1 AND outcome = 'failed' ORDER BY seq`,
			[jobId],
		);
		return rows.map((r) => ({ sourceId: String(r.source_id), reason: String(r.reason ?? '') }));
	}

	async forgetJob(jobId: string, olderThanMs?: number): Promise<void> {
		await this.query(`DELETE FROM ${this.tables}.outcomes WHERE job_id = $1`, [jobId]);
		if (olderThanMs !== undefined)
			await this.query(`DELETE FROM ${this.tables}.outcomes WHERE created_at < $1`, [
				Date.now() - olderThanMs,
			]);
	}

	async getWatermark(name: string): Promise<string | undefined> {
		const row = (
			await this.query(`SELECT value FROM ${this.tables}.watermarks WHERE name = $1`, [name])
		)[0];
		return row ? String(row.value) : undefined;
	}

	async setWatermark(name: string, value: string): Promise<void> {
		await this.query(
			`INSERT INTO ${this.tables}.watermarks (name, value, updated_at) VALUES ($1, $2, $3)
			 ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
			[name, value, Date.now()],
		);
	}

	/**
	 * One UPDATE of the account's row, the rule of nextSlot() in SQL: PostgreSQL locks the row and computes
	 * the new values from its latest version, so concurrent workers get consecutive slots. Times come from
	 * the database's clock, so workers on machines with skewed clocks still share one schedule.
	 */
	async reserveRequestSlot(
		account: string,
		limit: RateLimitConfig,
		horizonMs: number,
	): Promise<SlotReservation> {
		await this.ensureBudgetRow(account);
		const interval = 1000 / limit.ratePerSecond;
		const early = (Math.max(1, limit.burst) - 1) * interval;
		const slot = `greatest(c.now, b.due_at - $2::float8, b.paused_until)`;
		const [row] = await this.query(
			`WITH c AS (SELECT (extract(epoch FROM clock_timestamp()) * 1000)::float8 AS now)
			 UPDATE ${this.tables}.request_budget b SET
			   last_slot = CASE WHEN ${slot} - c.now <= $4::float8 THEN ${slot} ELSE -1 END,
			   due_at = CASE WHEN ${slot} - c.now <= $4::float8 THEN greatest(b.due_at, c.now, b.paused_until) + $3::float8 ELSE b.due_at END
			 FROM c WHERE b.account = $1
			 RETURNING b.last_slot, b.due_at, b.paused_until, c.now`,
			[account, early, interval, horizonMs],
		);
		const now = Number(row.now);
		const lastSlot = Number(row.last_slot);
		if (lastSlot >= 0) return { granted: true, waitMs: lastSlot - now };
		const next = Math.max(now, Number(row.due_at) - early, Number(row.paused_until));
		return { granted: false, waitMs: Math.max(20, next - now - horizonMs) };
	}

	async pauseRequests(account: string, forMs: number): Promise<void> {
		await this.ensureBudgetRow(account);
		await this.query(
			`UPDATE ${this.tables}.request_budget SET paused_until = greatest(paused_until, extract(epoch FROM clock_timestamp()) * 1000 + $2::float8) WHERE account = $1`,
			[account, forMs],
		);
	}

	async requestPauseLeft(account: string): Promise<number> {
		const rows = await this.query(
			`SELECT greatest(0, paused_until - extract(epoch FROM clock_timestamp()) * 1000)::float8 AS left FROM ${this.tables}.request_budget WHERE account = $1`,
			[account],
		);
		return rows.length ? Number(rows[0].left) : 0;
	}

	async close(): Promise<void> {
		await this.pool.end();
	}

	private async ensureBudgetRow(account: string): Promise<void> {
		if (this.budgetRows.has(account)) return;
		await this.query(
			`INSERT INTO ${this.tables}.request_budget (account, due_at, paused_until, last_slot) VALUES ($1, 0, 0, -1) ON CONFLICT DO NOTHING`,
			[account],
		);
		this.budgetRows.add(account);
	}

	private async writeKeys(
		client: PoolClient,
		target: Endpoint,
		kind: string,
		targetId: string,
		keys: string[],
	): Promise<void> {
		await this.lockTarget(client, target, kind, targetId);
		await client.query(
			`DELETE FROM ${this.tables}.target_keys WHERE system = $1 AND connection = $2 AND kind = $3 AND target_id = $4`,
			[target.system, target.connection, kind, targetId],
		);
		await this.addKeys(client, target, kind, targetId, keys);
	}

	/**
	 * Serializes the writers of one target record's keys (commit, replaceTargetKeys, dropTarget) between
	 * workers until the transaction ends. Without it, two concurrent replacements under READ COMMITTED
	 * would leave the union of both key sets instead of the last one, and a replacement racing a commit
	 * could deadlock on the key rows.
	 */
	private async lockTarget(
		client: PoolClient,
		target: Endpoint,
		kind: string,
		targetId: string,
	): Promise<void> {
		await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
			JSON.stringify([this.schema, target.system, target.connection, kind, targetId]),
		]);
	}

	private async addKeys(
		client: PoolClient,
		target: Endpoint,
		kind: string,
		targetId: string,
		keys: string[],
	): Promise<void> {
		const unique = [...new Set(keys)].sort(compare);
		if (unique.length === 0) return;
		await client.query(
			`INSERT INTO ${this.tables}.target_keys (system, connection, kind, key, target_id, updated_at)
			 SELECT $1, $2, $3, k, $4, $5 FROM unnest($6::text[]) WITH ORDINALITY AS t(k, i) ORDER BY i
			 ON CONFLICT DO NOTHING`,
			[target.system, target.connection, kind, targetId, Date.now(), unique],
		);
	}

	private async writeOutcome(
		client: PoolClient | undefined,
		jobId: string,
		sourceId: string,
		o: RecordOutcome,
		now: number,
	): Promise<void> {
		// The first outcome's seq and created_at stay (as in SqliteLinkStore): a retried record keeps its place.
		const sql = `INSERT INTO ${this.tables}.outcomes (job_id, source_id, outcome, target_id, reason, created_at) VALUES ($1, $2, $3, $4, $5, $6)
			 ON CONFLICT (job_id, source_id) DO UPDATE SET outcome = excluded.outcome, target_id = excluded.target_id, reason = excluded.reason`;
		const params = [jobId, sourceId, o.outcome, o.targetId ?? null, o.reason ?? null, now];
		if (client) await client.query(sql, params);
		else await this.query(sql, params);
	}

	private async query(sql: string, params: unknown[]): Promise<QueryResultRow[]> {
		await this.ensureSchema();
		try {
			return (await this.pool.query(sql, params)).rows;
		} catch (error) {
			throw this.redacted(error);
		}
	}

	/** One transaction on one connection; retried (up to 5 tries) on a deadlock or serialization failure. */
	private async transaction(fn: (client: PoolClient) => Promise<void>): Promise<void> {
		await this.ensureSchema();
		for (let attempt = 1; ; attempt++) {
			let client: PoolClient;
			try {
				client = await this.pool.connect();
			} catch (error) {
				throw this.redacted(error);
			}
			try {
				await client.query('BEGIN');
				await fn(client);
				await client.query('COMMIT');
				client.release();
				return;
			} catch (error) {
				const broken = await client.query('ROLLBACK').then(
					() => false,
					() => true,
				);
				client.release(broken);
				const code = (error as { code?: unknown }).code;
				if (attempt >= 5 || typeof code !== 'string' || !RETRYABLE.has(code))
					throw this.redacted(error);
				await new Promise((r) => setTimeout(r, 10 * attempt + Math.random() * 20));
			}
		}
	}

	/** Creates the schema once per store (again after a failure, e.g. the database was not up yet). */
	private ensureSchema(): Promise<void> {
		this.ready ??= this.createSchema().catch((error: unknown) => {
			this.ready = undefined;
			throw this.redacted(error);
		});
		return this.ready;
	}

	private async createSchema(): Promise<void> {
		const client = await this.pool.connect();
		try {
			await client.query('BEGIN');
			// Concurrent CREATE … IF NOT EXISTS can still collide in the catalog: one worker at a time.
			await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
				`blx link store schema ${this.schema}`,
			]);
			await client.query(schemaSql(this.tables));
			await client.query('COMMIT');
			client.release();
		} catch (error) {
			await client.query('ROLLBACK').catch(() => undefined);
			client.release(true);
			throw error;
		}
	}

	/** The error with the password cut out of its message and stack (pg rarely puts it there; never let it). */
	private redacted(error: unknown): Error {
		const err = error instanceof Error ? error : new Error(String(error));
		const secrets = this.password ? [this.password, encodeURIComponent(this.password)] : [];
		for (const secret of secrets) {
			if (err.message.includes(secret)) err.message = err.message.split(secret).join('***');
			if (err.stack?.includes(secret)) err.stack = err.stack.split(secret).join('***');
		}
		return err;
	}
}

function scopeParams(scope: LinkScope, sourceId: string): string[] {
	return [
		scope.kind,
		scope.source.system,
		scope.source.connection,
		sourceId,
		scope.target.system,
		scope.target.connection,
	];
}

/** One fixed order for lock taking (UTF-16 code units). */
function compare(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}

function passwordOf(connectionString: string): string | undefined {
	try {
		const url = new URL(connectionString);
		const password = url.password
			? decodeURIComponent(url.password)
			: url.searchParams.get('password');
		return password || undefined;
	} catch {
		return undefined;
	}
}

/** postgres://user:***@host:port/db: the connection string as it may appear in logs. */
export function redactUrl(connectionString: string): string {
	try {
		const url = new URL(connectionString);
		if (url.password) url.password = '***';
		for (const name of ['password', 'sslpassword'])
			if (url.searchParams.has(name)) url.searchParams.set(name, '***');
		return url.toString();
	} catch {
		return 'postgres://(unparsable connection string)';
	}
}
