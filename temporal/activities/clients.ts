import { connectBexio } from '../../clients/bexio';
import { connectLexoffice } from '../../clients/lexoffice';
import type { Connection, ConnectionSource } from '../connections';
import type { ConnectionRef } from '../shared';

export type LexofficeClient = ReturnType<typeof connectLexoffice>;
export type BexioClient = ReturnType<typeof connectBexio>;

/**
 * Typed clients for activities, built from the worker's connections. Retries are off: an activity
 * throws and Temporal retries it durably (conventions §3). One client per connection, so all
 * activities against one account share its token bucket.
 */
export class ActivityClients {
	private readonly cache = new Map<string, LexofficeClient | BexioClient>();

	constructor(private readonly connections: ConnectionSource) {}

	lexoffice(ref: ConnectionRef): LexofficeClient {
		return this.get(ref, (c) => connectLexoffice({ baseUrl: c.baseUrl, apiKey: c.token, retry: false, rateLimit: c.rateLimit })) as LexofficeClient;
	}

	bexio(ref: ConnectionRef): BexioClient {
		return this.get(ref, (c) => connectBexio({ baseUrl: c.baseUrl, token: c.token, retry: false, rateLimit: c.rateLimit })) as BexioClient;
	}

	private get(ref: ConnectionRef, build: (c: Connection) => LexofficeClient | BexioClient): LexofficeClient | BexioClient {
		const key = `${ref.system}:${ref.id}`;
		let client = this.cache.get(key);
		if (!client) {
			client = build(this.connections.resolve(ref));
			this.cache.set(key, client);
		}
		return client;
	}
}
