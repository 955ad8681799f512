import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';

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
import { nextSlot, type RequestSlotStore, type SlotReservation } from './requestBudget';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS links (
	kind TEXT NOT NULL, source_system TEXT NOT NULL, source_connection TEXT NOT NULL, source_id TEXT NOT NULL,
	target_system TEXT NOT NULL, target_connection TEXT NOT NULL, target_id TEXT NOT NULL,
	content_hash TEXT NOT NULL, updated_at INTEGER NOT NULL,
	PRIMARY KEY (kind, source_system, source_connection, source_id, target_system, target_connection)
);
CREATE INDEX IF NOT EXISTS links_by_target ON links (target_system, target_connection, kind, target_id);
CREATE TABLE IF NOT EXISTS target_keys (
	system TEXT NOT NULL, connection TEXT NOT NULL, kind TEXT NOT NULL, key TEXT NOT NULL, target_id TEXT NOT NULL,
	updated_at INTEGER NOT NULL,
	PRIMARY KEY (system, connection, kind, key, target_id)
);
CREATE INDEX IF NOT EXISTS target_keys_by_id ON target_keys (system, connection, kind, target_id);
CREATE TABLE IF NOT EXISTS intents (
	kind TEXT NOT NULL, source_system TEXT NOT NULL, source_connection TEXT NOT NULL, source_id TEXT NOT NULL,
	target_system TEXT NOT NULL, target_connection TEXT NOT NULL,
	job_id TEXT NOT NULL, keys TEXT NOT NULL, created_at INTEGER NOT NULL,
	PRIMARY KEY (kind, source_system, source_connection, source_id, target_system, target_connection)
);
CREATE TABLE IF NOT EXISTS outcomes (
	job_id TEXT NOT NULL, source_id TEXT NOT NULL, seq INTEGER NOT NULL,
	outcome TEXT NOT NULL, target_id TEXT, reason TEXT, created_at INTEGER NOT NULL,
	PRIMARY KEY (job_id, source_id)
);
CREATE TABLE IF NOT EXISTS watermarks (name TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS request_budget (account TEXT PRIMARY KEY, due_at REAL NOT NULL, paused_until REAL NOT NULL);
`;

/**
 * The default LinkStore: one SQLite file (node:sqlite), WAL mode so a second worker process (or one
 * restarted after a crash) reads while another writes, and a busy timeout instead of lock errors.
 * node:sqlite is synchronous, so each method is one uninterrupted step of the event loop.
 */
export class SqliteLinkStore implements LinkStore, RequestSlotStore {
	private readonly db: DatabaseSync;
	private seq = Date.now() * 1000;

	constructor(path: string) {
		if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
		this.db = new DatabaseSync(path, { timeout: 10_000 });
		this.db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;');
		this.db.exec(SCHEMA);
	}

	async getLink(scope: LinkScope, sourceId: string): Promise<Link | undefined> {
		const row = this.db
			.prepare(
				`SELECT target_id, content_hash, updated_at FROM links WHERE kind = ? AND source_system = ? AND source_connection = ? AND source_id = ? AND target_system = ? AND target_connection = ?`,
			)
			.get(...scopeParams(scope, sourceId));
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
		return this.db
			.prepare(
				'SELECT target_id FROM target_keys WHERE system = ? AND connection = ? AND kind = ? AND key = ? ORDER BY target_id',
			)
			.all(target.system, target.connection, kind, key)
			.map((r) => String(r.target_id));
	}

	async replaceTargetKeys(
		target: Endpoint,
		kind: string,
		entries: Array<{ targetId: string; keys: string[] }>,
	): Promise<void> {
		this.transaction(() => {
			for (const e of entries) this.writeKeys(target, kind, e.targetId, e.keys);
		});
	}

	async dropTarget(target: Endpoint, kind: string, targetId: string): Promise<void> {
		this.transaction(() => {
			this.db
				.prepare(
					'DELETE FROM target_keys WHERE system = ? AND connection = ? AND kind = ? AND target_id = ?',
				)
				.run(target.system, target.connection, kind, targetId);
			this.db
				.prepare(
					'DELETE FROM links WHERE target_system = ? AND target_connection = ? AND kind = ? AND target_id = ?',
				)
				.run(target.system, target.connection, kind, targetId);
		});
	}

	async recordIntent(
		scope: LinkScope,
		sourceId: string,
		intent: { jobId: string; keys: string[] },
	): Promise<void> {
		this.db
			.prepare(
				`INSERT INTO intents (kind, source_system, source_connection, source_id, target_system, target_connection, job_id, keys, created_at)
				 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
				 ON CONFLICT DO UPDATE SET job_id = excluded.job_id, keys = excluded.keys, created_at = excluded.created_at`,
			)
			.run(...scopeParams(scope, sourceId), intent.jobId, JSON.stringify(intent.keys), Date.now());
	}

	async getIntent(scope: LinkScope, sourceId: string): Promise<Intent | undefined> {
		const row = this.db
			.prepare(
				`SELECT job_id, keys, created_at FROM intents WHERE kind = ? AND source_system = ? AND source_connection = ? AND source_id = ? AND target_system = ? AND target_connection = ?`,
			)
			.get(...scopeParams(scope, sourceId));
		return row
			? {
					jobId: String(row.job_id),
					keys: JSON.parse(String(row.keys)) as string[],
					createdAt: Number(row.created_at),
				}
			: undefined;
	}

	async commit(scope: LinkScope, entry: CommitEntry): Promise<void> {
		const now = Date.now();
		this.transaction(() => {
			this.db
				.prepare(
					`INSERT INTO links (kind, source_system, source_connection, source_id, target_system, target_connection, target_id, content_hash, updated_at)
					 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
					 ON CONFLICT DO UPDATE SET target_id = excluded.target_id, content_hash = excluded.content_hash, updated_at = excluded.updated_at`,
				)
				.run(...scopeParams(scope, entry.sourceId), entry.targetId, entry.contentHash, now);
			this.addKeys(scope.target, scope.kind, entry.targetId, entry.keys);
			this.db
				.prepare(
					`DELETE FROM intents WHERE kind = ? AND source_system = ? AND source_connection = ? AND source_id = ? AND target_system = ? AND target_connection = ?`,
				)
				.run(...scopeParams(scope, entry.sourceId));
			this.writeOutcome(
				entry.jobId,
				entry.sourceId,
				{ outcome: entry.outcome, targetId: entry.targetId },
				now,
			);
		});
	}

	async recordOutcome(jobId: string, sourceId: string, outcome: RecordOutcome): Promise<void> {
		this.writeOutcome(jobId, sourceId, outcome, Date.now());
	}

	async getOutcome(jobId: string, sourceId: string): Promise<RecordOutcome | undefined> {
		const row = this.db
			.prepare('SELECT outcome, target_id, reason FROM outcomes WHERE job_id = ? AND source_id = ?')
			.get(jobId, sourceId);
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
		for (const row of this.db
			.prepare('SELECT outcome, COUNT(*) AS n FROM outcomes WHERE job_id = ? GROUP BY outcome')
			.all(jobId)) {
			counts[String(row.outcome) as OutcomeKind] = Number(row.n);
		}
		return counts;
	}

	async failures(jobId: string): Promise<Array<{ sourceId: string; reason: string }>> {
		return this.db
			.prepare(
				`SELECT source_id, reason FROM outcomes WHERE job_id = ? AND outcome = 'failed' ORDER BY seq`,
			)
			.all(jobId)
			.map((r) => ({ sourceId: String(r.source_id), reason: String(r.reason ?? '') }));
	}

	async forgetJob(jobId: string, olderThanMs?: number): Promise<void> {
		this.db.prepare('DELETE FROM outcomes WHERE job_id = ?').run(jobId);
		if (olderThanMs !== undefined)
			this.db.prepare('DELETE FROM outcomes WHERE created_at < ?').run(Date.now() - olderThanMs);
	}

	async getWatermark(name: string): Promise<string | undefined> {
		const row = this.db.prepare('SELECT value FROM watermarks WHERE name = ?').get(name);
		return row ? String(row.value) : undefined;
	}

	async setWatermark(name: string, value: string): Promise<void> {
		this.db
			.prepare(
				'INSERT INTO watermarks (name, value, updated_at) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
			)
			.run(name, value, Date.now());
	}

	async reserveRequestSlot(
		account: string,
		limit: RateLimitConfig,
		horizonMs: number,
	): Promise<SlotReservation> {
		let reservation: SlotReservation = { granted: false, waitMs: 0 };
		// BEGIN IMMEDIATE: read and write of the account's row under the database's write lock, so two
		// processes never take the same slot.
		this.transaction(() => {
			const now = Date.now();
			const row = this.db
				.prepare('SELECT due_at, paused_until FROM request_budget WHERE account = ?')
				.get(account);
			const state = {
				dueAt: Number(row?.due_at ?? 0),
				pausedUntil: Number(row?.paused_until ?? 0),
			};
			const next = nextSlot(state, now, limit, horizonMs);
			reservation = next.reservation;
			if (!next.reservation.granted) return;
			this.db
				.prepare(
					'INSERT INTO request_budget (account, due_at, paused_until) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET due_at = excluded.due_at',
				)
				.run(account, next.dueAt, state.pausedUntil);
		});
		return reservation;
	}

	async pauseRequests(account: string, forMs: number): Promise<void> {
		this.db
			.prepare(
				'INSERT INTO request_budget (account, due_at, paused_until) VALUES (?, 0, ?) ON CONFLICT DO UPDATE SET paused_until = MAX(paused_until, excluded.paused_until)',
			)
			.run(account, Date.now() + forMs);
	}

	async requestPauseLeft(account: string): Promise<number> {
		const row = this.db
			.prepare('SELECT paused_until FROM request_budget WHERE account = ?')
			.get(account);
		return Math.max(0, Number(row?.paused_until ?? 0) - Date.now());
	}

	async close(): Promise<void> {
		this.db.close();
	}

	private writeKeys(target: Endpoint, kind: string, targetId: string, keys: string[]): void {
		this.db
			.prepare(
				'DELETE FROM target_keys WHERE system = ? AND connection = ? AND kind = ? AND target_id = ?',
			)
			.run(target.system, target.connection, kind, targetId);
		this.addKeys(target, kind, targetId, keys);
	}

	private addKeys(target: Endpoint, kind: string, targetId: string, keys: string[]): void {
		const insert = this.db.prepare(
			'INSERT OR IGNORE INTO target_keys (system, connection, kind, key, target_id, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
		);
		const now = Date.now();
		for (const key of new Set(keys))
			insert.run(target.system, target.connection, kind, key, targetId, now);
	}

	private writeOutcome(jobId: string, sourceId: string, o: RecordOutcome, now: number): void {
		this.db
			.prepare(
				`INSERT INTO outcomes (job_id, source_id, seq, outcome, target_id, reason, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
				 ON CONFLICT DO UPDATE SET outcome = excluded.outcome, target_id = excluded.target_id, reason = excluded.reason`,
			)
			.run(jobId, sourceId, this.seq++, o.outcome, o.targetId ?? null, o.reason ?? null, now);
	}

	/** BEGIN IMMEDIATE takes the write lock up front, so two processes never deadlock on an upgrade. */
	private transaction(fn: () => void): void {
		this.db.exec('BEGIN IMMEDIATE');
		try {
			fn();
			this.db.exec('COMMIT');
		} catch (error) {
			this.db.exec('ROLLBACK');
			throw error;
		}
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
