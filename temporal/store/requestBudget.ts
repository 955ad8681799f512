import { createHash } from 'node:crypto';

import { sleep, type RateLimitConfig, type RequestBudget } from '../../clients/http/rateLimit';

/** The answer of one reservation attempt. */
export interface SlotReservation {
	/** true: a request slot is yours, send after `waitMs`. false: ask again after `waitMs`. */
	granted: boolean;
	waitMs: number;
}

/**
 * Per-account request slots kept in a store every worker process shares (both link stores implement it).
 * Each reservation is one atomic update of the account's row: the next slot follows the previous one by
 * 1/rate seconds (a token bucket written as its next due time), so all processes together stay at the
 * rate, and slots go out in the order they were asked for.
 */
export interface RequestSlotStore {
	/**
	 * Reserves the account's next slot if it starts within `horizonMs` from now. Slots further ahead are not
	 * handed out, so a process killed while holding reservations wastes at most `horizonMs` of budget.
	 */
	reserveRequestSlot(
		account: string,
		limit: RateLimitConfig,
		horizonMs: number,
	): Promise<SlotReservation>;
	/** After a 429: no slot of the account starts within the next `forMs`. */
	pauseRequests(account: string, forMs: number): Promise<void>;
	/** Milliseconds until a pause of the account ends (0 when none). */
	requestPauseLeft(account: string): Promise<number>;
}

/**
 * The name of an account's budget: its system and a SHA-256 prefix of its token, so the token itself is
 * never stored. Workers and n8n nodes derive it alike, so both take slots from one row.
 */
export function budgetAccountKey(system: 'lexoffice' | 'bexio', token: string): string {
	return `${system}:${createHash('sha256').update(token).digest('hex').slice(0, 16)}`;
}

/** Late slots a process gives back before it sends late anyway (see SharedRequestBudget.acquire). */
const MAX_LATE_SLOTS = 3;

/** How far ahead slots are reserved: what a killed process can hold back from the others at most. */
export const DEFAULT_BUDGET_LEASE_MS = 2_000;

/**
 * The request budget of one API account shared by every process using `store`: one lexoffice key at
 * 2 requests/s is 2 requests/s in total however many workers send with it, and a 429 seen by one of them
 * pauses all of them until the API's reset.
 */
export class SharedRequestBudget implements RequestBudget {
	/** The pause this process knows about, so its own waiters skip a store read. */
	private pausedUntil = 0;

	constructor(
		private readonly store: RequestSlotStore,
		/** Identifies the account without being its secret (system plus a hash of the token). */
		readonly account: string,
		readonly limit: RateLimitConfig,
		readonly leaseMs = DEFAULT_BUDGET_LEASE_MS,
	) {}

	async acquire(signal?: AbortSignal): Promise<void> {
		// Half an interval: how late after its slot a request may still go out without bunching.
		const lateToleranceMs = 500 / this.limit.ratePerSecond;
		let lateSlots = 0;
		for (;;) {
			signal?.throwIfAborted();
			if (Date.now() < this.pausedUntil) {
				await sleep(this.pausedUntil - Date.now(), signal);
				continue;
			}
			const slot = await this.store.reserveRequestSlot(this.account, this.limit, this.leaseMs);
			const slotAt = Date.now() + slot.waitMs;
			await sleep(slot.waitMs, signal);
			if (!slot.granted) continue;
			// A 429 another process saw while this one waited for its slot: the slot is void, queue again.
			if (slot.waitMs > 0 && (await this.store.requestPauseLeft(this.account)) > 0) continue;
			// Woken well after the slot (a busy event loop, a stalled process): sent now, the request would
			// arrive together with the next holders' on-time ones and exceed the API's burst. Queue again, a
			// bounded number of times so a process that is always late still sends.
			if (Date.now() - slotAt > lateToleranceMs && lateSlots++ < MAX_LATE_SLOTS) continue;
			return;
		}
	}

	async pause(untilMs: number): Promise<void> {
		this.pausedUntil = Math.max(this.pausedUntil, untilMs);
		await this.store.pauseRequests(this.account, Math.max(0, untilMs - Date.now()));
	}
}

/**
 * The reservation rule both stores apply inside their atomic update (GCRA): `dueAt` is when the bucket
 * would be empty again; a slot may start `(burst - 1)` intervals before it, never before a pause ends.
 */
export function nextSlot(
	state: { dueAt: number; pausedUntil: number },
	now: number,
	limit: RateLimitConfig,
	horizonMs: number,
): { reservation: SlotReservation; dueAt: number } {
	const interval = 1000 / limit.ratePerSecond;
	const slot = Math.max(
		now,
		state.dueAt - (Math.max(1, limit.burst) - 1) * interval,
		state.pausedUntil,
	);
	if (slot - now > horizonMs)
		return {
			reservation: { granted: false, waitMs: Math.max(20, slot - now - horizonMs) },
			dueAt: state.dueAt,
		};
	return {
		reservation: { granted: true, waitMs: slot - now },
		dueAt: Math.max(state.dueAt, now, state.pausedUntil) + interval,
	};
}
