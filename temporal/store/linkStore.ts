import type { SystemName } from '../shared';
import type { RequestSlotStore } from './requestBudget';

/**
 * What the importer remembers between pages, runs and crashes: which source record became which target
 * record (links), the target's business keys (prefetched page-wise so a create costs about one request),
 * writes that were about to happen (intents), what each job did per record (outcomes, for exact
 * statistics after a retry), and named watermarks for scheduled syncs.
 *
 * Matching is by explicit keys only (customer number, an id marker, e-mail when enabled), never by a
 * fuzzy name. It also keeps each API account's request budget (RequestSlotStore), which every worker sharing
 * the store obeys. Methods are async so a PostgreSQL implementation can follow the same interface.
 */
export interface LinkStore extends RequestSlotStore {
	getLink(scope: LinkScope, sourceId: string): Promise<Link | undefined>;
	/** Target ids holding `key` (more than one means the key is ambiguous there). */
	findTargets(target: Endpoint, kind: string, key: string): Promise<string[]>;
	/** Replaces all keys of each target record (a record's keys change when it is edited). */
	replaceTargetKeys(
		target: Endpoint,
		kind: string,
		entries: Array<{ targetId: string; keys: string[] }>,
	): Promise<void>;
	/** Forgets a target record that no longer exists (404): its keys and the links to it. */
	dropTarget(target: Endpoint, kind: string, targetId: string): Promise<void>;

	/** Written before a create: a crash after the API accepted it leaves this behind. */
	recordIntent(
		scope: LinkScope,
		sourceId: string,
		intent: { jobId: string; keys: string[] },
	): Promise<void>;
	getIntent(scope: LinkScope, sourceId: string): Promise<Intent | undefined>;

	/**
	 * One transaction: the link (with its content hash), the target's keys (added), the job's outcome for the
	 * record, and the intent cleared. Either all of it is durable or none.
	 */
	commit(scope: LinkScope, entry: CommitEntry): Promise<void>;
	/** Outcomes that write no link (failed, skipped). */
	recordOutcome(jobId: string, sourceId: string, outcome: RecordOutcome): Promise<void>;
	getOutcome(jobId: string, sourceId: string): Promise<RecordOutcome | undefined>;
	outcomeCounts(jobId: string): Promise<Record<OutcomeKind, number>>;
	/** Every failure of a job, in the order they happened. */
	failures(jobId: string): Promise<Array<{ sourceId: string; reason: string }>>;
	/** Drops a finished job's outcomes, and any older than `olderThanMs` (jobs that never finished). */
	forgetJob(jobId: string, olderThanMs?: number): Promise<void>;

	getWatermark(name: string): Promise<string | undefined>;
	setWatermark(name: string, value: string): Promise<void>;

	close(): Promise<void>;
}

/**
 * One API account: system plus the worker's connection id. `external` is data handed over from outside
 * (n8n items, files), its connection the name of that source.
 */
export interface Endpoint {
	system: SystemName | 'external';
	connection: string;
}

/** Links are per record kind, per source account and per target account. */
export interface LinkScope {
	kind: string;
	source: Endpoint;
	target: Endpoint;
}

export interface Link {
	sourceId: string;
	targetId: string;
	contentHash: string;
	updatedAt: number;
}

export interface Intent {
	jobId: string;
	keys: string[];
	createdAt: number;
}

export type OutcomeKind = 'created' | 'updated' | 'unchanged' | 'skipped' | 'failed';

export interface RecordOutcome {
	outcome: OutcomeKind;
	targetId?: string;
	reason?: string;
}

export interface CommitEntry {
	jobId: string;
	sourceId: string;
	targetId: string;
	contentHash: string;
	keys: string[];
	outcome: 'created' | 'updated' | 'unchanged';
}
