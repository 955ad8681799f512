import { untilState } from './wait';

/** Helpers for tests that talk to the sandbox started by globalSetup (URLs in the environment). */

export type SandboxName = 'lexoffice' | 'bexio';

export function sandboxUrl(api: SandboxName): string {
	const url = process.env[api === 'lexoffice' ? 'LEXOFFICE_URL' : 'BEXIO_URL'];
	if (!url)
		throw new Error(
			`${api} sandbox URL missing: run the tests through jest (globalSetup starts it)`,
		);
	return url;
}

async function admin<T>(
	api: SandboxName,
	method: string,
	path: string,
	body?: unknown,
): Promise<T> {
	const res = await fetch(`${sandboxUrl(api)}/_sandbox${path}`, {
		method,
		headers: body === undefined ? {} : { 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	if (!res.ok)
		throw new Error(`sandbox admin ${method} ${path} answered ${res.status}: ${await res.text()}`);
	return (res.status === 204 ? undefined : await res.json()) as T;
}

export interface RateLimitOptions {
	perSecond?: number;
	burst?: number;
	perWindow?: number;
	windowMs?: number;
	disabled?: boolean;
}

/** A fresh account space with its own token, so test files never see each other's data. */
export async function newTenant(api: SandboxName, rateLimit?: RateLimitOptions): Promise<string> {
	const { token } = await admin<{ token: string }>(api, 'POST', '/tenants', { rateLimit });
	return token;
}

export async function seed(
	api: SandboxName,
	token: string,
	resource: string,
	count: number,
	options: Record<string, unknown> = {},
): Promise<unknown> {
	return (
		await admin<{ created: unknown }>(api, 'POST', '/seed', { token, resource, count, ...options })
	).created;
}

export interface FaultConfig {
	error5xxRate?: number;
	lostResponseRate?: number;
	resetRate?: number;
	resetAfterApplyRate?: number;
	burst429?: number;
	latencyMs?: number;
	status5xx?: number;
	seed?: number;
}

export async function setFaults(
	api: SandboxName,
	token: string,
	faults: FaultConfig,
): Promise<void> {
	await admin(api, 'POST', '/faults', { token, ...faults });
}

export interface StatsSnapshot {
	total: number;
	lostResponses: number;
	/** Faults the sandbox injected, by kind (5xx, lostResponse, reset, resetAfterApply, 429). */
	injected: Record<string, number>;
	/** Answers a hold kept back (the write applied while its caller waited). */
	held: number;
	byStatus: Record<string, number>;
	byRoute: Record<string, Record<string, number>>;
	/** Requests with a query string by route and parameter names, e.g. `GET /v1/contacts?name&page&size`. */
	byRouteQuery: Record<string, Record<string, number>>;
}

export async function stats(api: SandboxName, token: string): Promise<StatsSnapshot> {
	return admin<StatsSnapshot>(api, 'GET', `/stats?token=${encodeURIComponent(token)}`);
}

export async function records<T = Record<string, unknown>>(
	api: SandboxName,
	token: string,
	collection: string,
): Promise<T[]> {
	return admin<T[]>(api, 'GET', `/records/${collection}?token=${encodeURIComponent(token)}`);
}

export async function adminCall<T>(
	api: SandboxName,
	method: string,
	path: string,
	body?: unknown,
): Promise<T> {
	return admin<T>(api, method, path, body);
}

export interface Hold {
	id: number;
	method: string;
	path: string;
	bodyContains?: string;
	state: 'armed' | 'held' | 'released' | 'connectionClosed';
	status?: number;
	/** Id of the record the held request created. */
	recordId?: string;
}

/**
 * Asks the sandbox to apply the next matching write (POST unless `method` says otherwise) and keep its
 * answer back until released or until the caller's connection closes.
 */
export async function holdNext(
	api: SandboxName,
	token: string,
	spec: { path: string; method?: string; bodyContains?: string },
): Promise<Hold> {
	return admin<Hold>(api, 'POST', '/holds', { token, ...spec });
}

export async function holds(api: SandboxName, token: string): Promise<Hold[]> {
	return admin<Hold[]>(api, 'GET', `/holds?token=${encodeURIComponent(token)}`);
}

/** Sends every answer still held back and disarms holds not reached yet. */
export async function releaseHolds(api: SandboxName, token: string): Promise<Hold[]> {
	return admin<Hold[]>(api, 'POST', '/holds/release', { token });
}

/** Waits (bounded) until the sandbox reports the hold `held`: the write is applied, its answer not sent. */
export async function untilHeld(
	api: SandboxName,
	token: string,
	id: number,
	timeoutMs = 120_000,
): Promise<Hold> {
	const read = async () => {
		const hold = (await holds(api, token)).find((h) => h.id === id);
		if (!hold) throw new Error(`the ${api} sandbox knows no hold ${id}`);
		return hold;
	};
	const held = (hold: Hold) => {
		if (hold.state !== 'held' && hold.state !== 'armed')
			throw new Error(`hold ${id} ended (${hold.state}) before it was seen held`);
		return hold.state === 'held';
	};
	return untilState(`a held ${api} write (hold ${id})`, read, held, timeoutMs, 50);
}

export interface RequestArrival {
	/** When the sandbox received it (epoch ms, the rate limiter's clock). */
	at: number;
	route: string;
	status: number;
}

/** Every request of the tenant as the sandbox received it, oldest first. */
export async function requestLog(api: SandboxName, token: string): Promise<RequestArrival[]> {
	return admin<RequestArrival[]>(api, 'GET', `/requests?token=${encodeURIComponent(token)}`);
}

/** The most requests that arrived within any `windowMs` (a window holds arrivals less than `windowMs` apart). */
export function maxInWindow(arrivals: Array<{ at: number }>, windowMs = 1000): number {
	const times = arrivals.map((a) => a.at).sort((a, b) => a - b);
	let best = 0;
	for (let i = 0, j = 0; j < times.length; j++) {
		while (times[j] - times[i] >= windowMs) i++;
		best = Math.max(best, j - i + 1);
	}
	return best;
}

/** Successful requests to `route` whose query has parameter `param` (e.g. lookups by name, not page reads). */
export function queriesWith(snapshot: StatsSnapshot, route: string, param: string): number {
	let n = 0;
	for (const [key, statuses] of Object.entries(snapshot.byRouteQuery)) {
		const [r, names = ''] = key.split('?');
		if (r !== route || !names.split('&').includes(param)) continue;
		for (const [status, count] of Object.entries(statuses)) if (status.startsWith('2')) n += count;
	}
	return n;
}

/** Every secret the sandbox issued since it started: tenant tokens (also the default one), OAuth client secrets, access and refresh tokens. */
export async function issuedSecrets(
	api: SandboxName,
): Promise<Array<{ kind: string; value: string }>> {
	return admin<Array<{ kind: string; value: string }>>(api, 'GET', '/secrets');
}
