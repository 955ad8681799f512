/**
 * Fault injection for one tenant. Rates are probabilities per request (0..1). A seeded PRNG makes a
 * run reproducible when `seed` is given.
 */
export interface FaultConfig {
	/** Answer 5xx before the request is handled (nothing applied). */
	error5xxRate: number;
	/** Handle the request, then answer 5xx: the write happened but the caller cannot know. */
	lostResponseRate: number;
	/** Destroy the socket before handling (connection reset, nothing applied). */
	resetRate: number;
	/** Handle the request, then destroy the socket: the write happened, the caller sees a reset. */
	resetAfterApplyRate: number;
	/** The next N requests are answered 429. */
	burst429: number;
	/** Added to every response. */
	latencyMs: number;
	/** The status used for injected server errors. */
	status5xx: number;
	seed?: number;
}

export const noFaults = (): FaultConfig => ({
	error5xxRate: 0,
	lostResponseRate: 0,
	resetRate: 0,
	resetAfterApplyRate: 0,
	burst429: 0,
	latencyMs: 0,
	status5xx: 503,
});

export type FaultDecision = 'none' | '5xx' | 'lostResponse' | 'reset' | 'resetAfterApply' | '429';

export class FaultInjector {
	private config: FaultConfig = noFaults();
	private state = 1;

	configure(partial: Partial<FaultConfig>): FaultConfig {
		this.config = { ...noFaults(), ...partial };
		this.state = (partial.seed ?? Date.now()) >>> 0 || 1;
		return this.config;
	}

	get current(): FaultConfig {
		return this.config;
	}

	/** Decides what happens to the next request; consumes one unit of a 429 burst. */
	decide(): FaultDecision {
		if (this.config.burst429 > 0) {
			this.config.burst429 -= 1;
			return '429';
		}
		const r = this.random();
		const c = this.config;
		if (r < c.resetRate) return 'reset';
		if (r < c.resetRate + c.error5xxRate) return '5xx';
		if (r < c.resetRate + c.error5xxRate + c.lostResponseRate) return 'lostResponse';
		if (r < c.resetRate + c.error5xxRate + c.lostResponseRate + c.resetAfterApplyRate)
			return 'resetAfterApply';
		return 'none';
	}

	/** xorshift32: deterministic for a given seed, good enough for fault schedules. */
	private random(): number {
		let x = this.state;
		x ^= x << 13;
		x ^= x >>> 17;
		x ^= x << 5;
		this.state = x >>> 0;
		return this.state / 0x100000000;
	}
}
