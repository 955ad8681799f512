import { readFileSync } from 'node:fs';

import type { RateLimitConfig } from '../clients/http/rateLimit';
import { BEXIO_BASE_URL, LEXOFFICE_BASE_URL } from '../clients/defaults';
import type { ConnectionRef, SystemName } from './shared';

/** API credentials as the worker holds them. Never passed to workflows, never logged. */
export interface Connection {
	id: string;
	system: SystemName;
	baseUrl: string;
	token: string;
	/** Client-side pacing for this account when it differs from the API's documented default. */
	rateLimit?: RateLimitConfig;
}

export interface ConnectionSource {
	resolve(ref: ConnectionRef): Connection;
	list(): Array<Pick<Connection, 'id' | 'system' | 'baseUrl'>>;
}

export class UnknownConnectionError extends Error {
	constructor(ref: ConnectionRef, known: string[]) {
		super(
			`Unknown ${ref.system} connection "${ref.id}". The worker knows: ${known.join(', ') || 'none'}. ` +
				'Add it to the connections file (BLX_CONNECTIONS_FILE) or set the default connection variables.',
		);
		this.name = 'UnknownConnectionError';
	}
}

const DEFAULT_URLS: Record<SystemName, string> = {
	lexoffice: LEXOFFICE_BASE_URL,
	bexio: BEXIO_BASE_URL,
};

interface ConnectionsFile {
	connections: Array<{
		id: string;
		system: SystemName;
		baseUrl?: string;
		token?: string;
		tokenEnv?: string;
		rateLimit?: RateLimitConfig;
	}>;
}

/**
 * Connections from the worker's environment: `LEXOFFICE_TOKEN` (+ `LEXOFFICE_URL`) defines
 * `lexoffice-default`, `BEXIO_TOKEN` (+ `BEXIO_URL`) defines `bexio-default`, and `BLX_CONNECTIONS_FILE`
 * names a JSON file with several tenants (`{"connections":[{"id","system","baseUrl","token"|"tokenEnv","rateLimit"?}]}`).
 */
export function connectionsFromEnv(env: NodeJS.ProcessEnv = process.env): ConnectionSource {
	const all = new Map<string, Connection>();
	const add = (c: Connection) => all.set(`${c.system}:${c.id}`, c);
	if (env.LEXOFFICE_TOKEN) {
		add({
			id: 'lexoffice-default',
			system: 'lexoffice',
			baseUrl: env.LEXOFFICE_URL ?? DEFAULT_URLS.lexoffice,
			token: env.LEXOFFICE_TOKEN,
		});
	}
	if (env.BEXIO_TOKEN) {
		add({
			id: 'bexio-default',
			system: 'bexio',
			baseUrl: env.BEXIO_URL ?? DEFAULT_URLS.bexio,
			token: env.BEXIO_TOKEN,
		});
	}
	if (env.BLX_CONNECTIONS_FILE) {
		const file = JSON.parse(readFileSync(env.BLX_CONNECTIONS_FILE, 'utf8')) as ConnectionsFile;
		for (const c of file.connections ?? []) {
			const token = c.token ?? (c.tokenEnv ? env[c.tokenEnv] : undefined);
			if (!token)
				throw new Error(
					`Connection "${c.id}" in BLX_CONNECTIONS_FILE has neither "token" nor a set "tokenEnv"`,
				);
			add({
				id: c.id,
				system: c.system,
				baseUrl: c.baseUrl ?? DEFAULT_URLS[c.system],
				token,
				rateLimit: c.rateLimit,
			});
		}
	}
	return staticConnections([...all.values()]);
}

export function staticConnections(connections: Connection[]): ConnectionSource {
	const byKey = new Map(connections.map((c) => [`${c.system}:${c.id}`, c]));
	return {
		resolve(ref) {
			const found = byKey.get(`${ref.system}:${ref.id}`);
			if (!found)
				throw new UnknownConnectionError(
					ref,
					[...byKey.values()].filter((c) => c.system === ref.system).map((c) => c.id),
				);
			return found;
		},
		list: () => connections.map(({ id, system, baseUrl }) => ({ id, system, baseUrl })),
	};
}
