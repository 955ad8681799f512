import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The chaos suite's figures, exactly the keys `npm run chaos` prints. */
export interface ChaosFigures {
	r1_lost: number | null;
	r1_duplicates: number | null;
	r1_mismatched: number | null;
	r1_injected_5xx: number | null;
	r1_injected_lost_responses: number | null;
	r1_injected_resets: number | null;
	r1_injected_429: number | null;
	r2_lost: number | null;
	r2_duplicates: number | null;
	r2_completed: boolean | null;
	r2_recovery_lookups: number | null;
	r3_cases: number | null;
	r3_client_refused: number | null;
	r3_server_refused: number | null;
	r3_server_refused_naming_field: number | null;
	r3_server_accepted: number | null;
	r3_crashes: number | null;
	r3_partial_writes: number | null;
	r4_cases: number | null;
	r4_rejected: number | null;
	r4_executions_started: number | null;
	r4_foreign_org_accepted: number | null;
	r4_replay_after_restart_accepted: number | null;
	/** The channels r5 scanned (each present and non-empty, or r5 fails). */
	r5_sources: string[] | null;
	r5_bytes_scanned: number | null;
	r5_secret_hits: number | null;
	r6_kill_held_slots: number | null;
	r6_max_rate_ratio: number | null;
	r6_max_stall_ms: number | null;
	r6_survivor_429_share: number | null;
	/** Generated documents synced both ways (lexoffice → bexio and bexio → lexoffice) and checked. */
	m1_documents: number | null;
	/** Target documents whose money differs from the amounts computed from the source beyond the policy's promise. */
	m1_money_mismatches: number | null;
	/** Differences injected after the sync that the reconciliation did not report. */
	m1_reconcile_missed: number | null;
}

/**
 * r6's account: lexoffice's real 2 requests/s with its burst of 2, which answers a request sent up to one
 * interval (500 ms) off its slot. At 10/s (100 ms) a loaded 2-core machine's scheduling jitter alone drew
 * 429s from the sandbox, with or without a kill.
 */
export const R6_RATE = 2;

/**
 * r6's goal for requests in any 1-second window ÷ ceiling: 1, plus one request for a window that catches
 * slots at both of its edges when jitter delays one of them (the server's burst of 2 absorbs it).
 */
export const R6_RATE_TOLERANCE = 1 + 1 / R6_RATE;

/**
 * r6's slack on the longest stall (lease + one slot): a survivor's request still travels from its process
 * to the sandbox, and timers fire late (never early) on a busy machine. A stall of a second lease stays red.
 */
export const R6_STALL_SLACK_MS = 200;

/**
 * r6's goal for the survivors' 429 answers ÷ their requests: a survivor stalled by the OS past its slot can
 * still arrive with the other's request. The budget gives late slots back; what is left stays under 5 %.
 */
export const R6_429_SHARE_GOAL = 0.05;

export const emptyFigures = (): ChaosFigures => ({
	r1_lost: null,
	r1_duplicates: null,
	r1_mismatched: null,
	r1_injected_5xx: null,
	r1_injected_lost_responses: null,
	r1_injected_resets: null,
	r1_injected_429: null,
	r2_lost: null,
	r2_duplicates: null,
	r2_completed: null,
	r2_recovery_lookups: null,
	r3_cases: null,
	r3_client_refused: null,
	r3_server_refused: null,
	r3_server_refused_naming_field: null,
	r3_server_accepted: null,
	r3_crashes: null,
	r3_partial_writes: null,
	r4_cases: null,
	r4_rejected: null,
	r4_executions_started: null,
	r4_foreign_org_accepted: null,
	r4_replay_after_restart_accepted: null,
	r5_sources: null,
	r5_bytes_scanned: null,
	r5_secret_hits: null,
	r6_kill_held_slots: null,
	r6_max_rate_ratio: null,
	r6_max_stall_ms: null,
	r6_survivor_429_share: null,
	m1_documents: null,
	m1_money_mismatches: null,
	m1_reconcile_missed: null,
});

/** Where the figures (and details per scenario) go: CHAOS_OUT, default `.tmp/chaos/figures.json`. */
export function figuresPath(): string {
	return process.env.CHAOS_OUT || join(__dirname, '..', '..', '.tmp', 'chaos', 'figures.json');
}

export interface ChaosReport {
	mode: 'full' | 'short';
	startedAt: string;
	finishedAt?: string;
	figures: ChaosFigures;
	/** Sizes, timings and counters behind the figures, per scenario. */
	details: Record<string, unknown>;
}

export function writeReport(report: ChaosReport): void {
	const path = figuresPath();
	mkdirSync(dirname(path), { recursive: true });
	writeFileSync(path, JSON.stringify(report, null, 1) + '\n');
}

export function readReport(path = figuresPath()): ChaosReport {
	return JSON.parse(readFileSync(path, 'utf8')) as ChaosReport;
}
