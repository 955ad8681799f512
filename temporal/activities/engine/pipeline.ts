import type { MoneyAdjustment } from '../../shared';

/**
 * What a kind gives the import engine: its records in the engine's terms and one Pipeline per
 * direction. The engine (importer.ts) owns links, intents and outcomes; a pipeline only reads and writes.
 */

export interface SourceRecord {
	id: string;
	/** Lookup keys in priority order. */
	keys: string[];
	/** Keys the target record will carry (written to the key index with the link). */
	targetKeys: string[];
	/** The fields this import manages on the target, absent ones left out (lexoffice) or null (bexio). */
	payload: Record<string, unknown>;
	hash: string;
	/** Set when the record is deliberately not imported. */
	skip?: string;
	/** Set when the record cannot be mapped; reported as failed with this reason. */
	invalid?: string;
	/** Amounts the job's settings change on the way (e.g. an article's mapped tax rate), reported with the record's write. */
	adjustment?: Omit<MoneyAdjustment, 'targetId'>;
}

export interface SourcePage {
	records: SourceRecord[];
	next?: number;
	total?: number;
}

export interface IndexPage {
	entries: Array<{ targetId: string; keys: string[] }>;
	next?: number;
}

/** A record the target now holds; `adjustment` when its amounts differ from the source's by the job's tax policy. */
export interface CreatedRecord {
	targetId: string;
	adjustment?: MoneyAdjustment;
}

/** One direction of one kind: reads the source, indexes and writes the target. */
export interface Pipeline {
	readSource(
		cursor: number | undefined,
		pageSize: number,
		signal: AbortSignal,
	): Promise<SourcePage>;
	indexTarget(
		cursor: number | undefined,
		pageSize: number,
		signal: AbortSignal,
	): Promise<IndexPage>;
	/** Targeted lookup by the record's own key, after a create that may have been applied. */
	findInTarget(record: SourceRecord, signal: AbortSignal): Promise<string | undefined>;
	/** The target record, or undefined when it no longer exists. */
	readTarget(targetId: string, signal: AbortSignal): Promise<unknown>;
	/** Whether writing the record's payload onto `current` would change anything. */
	differs(current: unknown, record: SourceRecord): boolean;
	create(record: SourceRecord, signal: AbortSignal): Promise<string | CreatedRecord>;
	/** Read-merge-write with the target's concurrency rules. */
	update(
		targetId: string,
		current: unknown,
		record: SourceRecord,
		signal: AbortSignal,
	): Promise<void>;
	/** One source record as read elsewhere (e.g. an invoice's contact), mapped like a page's records. */
	recordFor?(raw: unknown): Promise<SourceRecord>;
	/**
	 * Called before a record is created (also in a dry run): reads and resolves what the create needs
	 * (e.g. an invoice's lines and customer) and answers a reason to skip or fail the record instead.
	 */
	prepare?(
		record: SourceRecord,
		job: { jobId: string; dryRun: boolean },
		signal: AbortSignal,
	): Promise<{ skip?: string; invalid?: string } | undefined>;
}
