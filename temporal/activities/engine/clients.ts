import { BEXIO_RATE_LIMIT, connectBexio } from '../../../clients/bexio';
import type { RetryPolicy } from '../../../clients/http/executor';
import type { RequestBudget } from '../../../clients/http/rateLimit';
import { LEXOFFICE_RATE_LIMIT, connectLexoffice } from '../../../clients/lexoffice';
import type { Connection, ConnectionSource } from '../../connections';
import type { ConnectionRef } from '../../shared';
import {
	SharedRequestBudget,
	budgetAccountKey,
	type RequestSlotStore,
} from '../../store/requestBudget';

export type LexofficeClient = ReturnType<typeof connectLexoffice>;
export type BexioClient = ReturnType<typeof connectBexio>;

/**
 * Retry layer 1 in activities: up to 4 attempts of one HTTP call on 429, 5xx and network failures, at
 * most 2.5 s of waiting (a 429 whose reset is further away is thrown at once). Activities pass no
 * `recover`, so a write that may have been applied is never repeated here: it is thrown with
 * `maybeApplied` and the layer above decides after a lookup. Waits stay short so a heartbeat is never
 * late; anything longer fails upwards (bulk import: the in-place retries in engine/retries.ts; then Temporal,
 * see the retry policies in temporal/workflows). Without this layer one 5xx anywhere in a multi-page
 * lookup failed the whole page activity, and an import under a few percent of 5xx spent most of its
 * time in Temporal's retry backoff.
 */
export const ACTIVITY_RETRY: RetryPolicy = {
	maxAttempts: 4,
	baseDelayMs: 150,
	maxDelayMs: 1200,
	maxTotalWaitMs: 2500,
};

/**
 * Typed clients for activities, built from the worker's connections, with ACTIVITY_RETRY. One client
 * per connection. With `slots` (the link store) every request of an account takes a slot of the budget
 * all workers sharing that store obey; without, activities of this process share an in-process bucket.
 */
export class ActivityClients {
	private readonly cache = new Map<string, LexofficeClient | BexioClient>();

	constructor(
		private readonly connections: ConnectionSource,
		private readonly slots?: () => RequestSlotStore,
	) {}

	lexoffice(ref: ConnectionRef): LexofficeClient {
		return this.get(ref, (c) =>
			connectLexoffice({
				baseUrl: c.baseUrl,
				apiKey: c.token,
				retry: ACTIVITY_RETRY,
				rateLimit: c.rateLimit,
				budget: this.budget(c),
			}),
		) as LexofficeClient;
	}

	bexio(ref: ConnectionRef): BexioClient {
		return this.get(ref, (c) =>
			connectBexio({
				baseUrl: c.baseUrl,
				token: c.token,
				retry: ACTIVITY_RETRY,
				rateLimit: c.rateLimit,
				budget: this.budget(c),
			}),
		) as BexioClient;
	}

	/** Keyed by system and a hash of the token: two connection ids with one token are one account. */
	private budget(c: Connection): RequestBudget | undefined {
		if (!this.slots) return undefined;
		const account = budgetAccountKey(c.system, c.token);
		const limit =
			c.rateLimit ?? (c.system === 'lexoffice' ? LEXOFFICE_RATE_LIMIT : BEXIO_RATE_LIMIT);
		return new SharedRequestBudget(this.slots(), account, limit);
	}

	private get(
		ref: ConnectionRef,
		build: (c: Connection) => LexofficeClient | BexioClient,
	): LexofficeClient | BexioClient {
		const key = `${ref.system}:${ref.id}`;
		let client = this.cache.get(key);
		if (!client) {
			client = build(this.connections.resolve(ref));
			this.cache.set(key, client);
		}
		return client;
	}
}
