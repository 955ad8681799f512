import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';

import { recordsDigest } from './digest';
import { FaultInjector, type FaultConfig } from './faults';
import { HoldQueue, type HoldSpec } from './holds';
import {
	Router,
	SandboxHttpError,
	bearerToken,
	readBody,
	send,
	type SandboxRequest,
	type SandboxResponse,
} from './http';
import type { ServerLimiter } from './rateLimit';
import { RequestStats } from './stats';

/** Rate-limit settings of one tenant; each API reads the fields it understands. */
export interface RateLimitOptions {
	/** lexoffice: token refill per second. */
	perSecond?: number;
	/** lexoffice: bucket capacity. */
	burst?: number;
	/** bexio: budget per window. */
	perWindow?: number;
	/** bexio: window length in ms (60 000 = per minute). */
	windowMs?: number;
	/** Switch the limiter off (seeding helpers, debugging). */
	disabled?: boolean;
}

/** What every simulated account has, whatever the API. */
export interface TenantBase {
	/** The tenant's primary token (lexoffice API key / bexio personal access token). */
	token: string;
	limiter: ServerLimiter | undefined;
	faults: FaultInjector;
	/** Writes whose answer a test keeps back (holds.ts). */
	holds: HoldQueue;
	stats: RequestStats;
}

export interface SandboxContext<TTenant extends TenantBase> {
	/** e.g. `http://127.0.0.1:4010`, known once the server listens. */
	baseUrl: string;
	tenants: Map<string, TTenant>;
	/** Creates an account space; `token` is random unless given. */
	createTenant(options?: { token?: string; rateLimit?: RateLimitOptions }): TTenant;
	tenantByToken(token: string | undefined): TTenant | undefined;
}

export interface SandboxApi<TTenant extends TenantBase> {
	name: string;
	router: Router<TTenant>;
	/** API-specific admin routes under `/_sandbox/` (no auth). */
	adminRouter?: Router<SandboxContext<TTenant>>;
	/** Routes answered without the bearer check (OAuth endpoints, published keys). */
	publicRouter?: Router<SandboxContext<TTenant>>;
	defaultRateLimit: RateLimitOptions;
	createLimiter(options: RateLimitOptions): ServerLimiter | undefined;
	createTenant(base: TenantBase, ctx: SandboxContext<TTenant>): TTenant;
	/** Resolves the tenant of a request, or answers 401/403 in the API's own format. */
	authenticate(
		req: SandboxRequest,
		ctx: SandboxContext<TTenant>,
	): { tenant: TTenant } | { response: SandboxResponse };
	errors: {
		notFound(req: SandboxRequest): SandboxResponse;
		methodNotAllowed(req: SandboxRequest): SandboxResponse;
		rateLimited(req: SandboxRequest, retryAfterMs: number): SandboxResponse;
		server(req: SandboxRequest, status: number): SandboxResponse;
	};
	/** Fast seeding of N records straight into the store; returns what was created (ids). */
	seed(tenant: TTenant, resource: string, count: number, options: Record<string, unknown>): unknown;
	/** Raw records of a collection, for tests asserting resulting state. */
	dump(tenant: TTenant, collection: string): unknown;
	/** Secrets the API issued besides tenant tokens (OAuth client secrets, access and refresh tokens). */
	issuedSecrets?(): IssuedSecret[];
}

/** A secret the sandbox handed out, so a test can search every channel for all of them. */
export interface IssuedSecret {
	kind: string;
	value: string;
}

export interface RunningSandbox<TTenant extends TenantBase> {
	server: Server;
	ctx: SandboxContext<TTenant>;
	url: string;
	close(): Promise<void>;
}

const ADMIN = '/_sandbox';

export async function startSandbox<TTenant extends TenantBase>(
	api: SandboxApi<TTenant>,
	options: { port?: number; host?: string; defaultToken?: string } = {},
): Promise<RunningSandbox<TTenant>> {
	const tenants = new Map<string, TTenant>();
	const ctx: SandboxContext<TTenant> = {
		baseUrl: '',
		tenants,
		createTenant(opts = {}) {
			const token = opts.token ?? `${api.name}-${randomBytes(16).toString('hex')}`;
			const rateLimit = { ...api.defaultRateLimit, ...(opts.rateLimit ?? {}) };
			const base: TenantBase = {
				token,
				limiter: rateLimit.disabled ? undefined : api.createLimiter(rateLimit),
				faults: new FaultInjector(),
				holds: new HoldQueue(),
				stats: new RequestStats(),
			};
			const tenant = api.createTenant(base, ctx);
			tenants.set(token, tenant);
			return tenant;
		},
		tenantByToken(token) {
			return token ? tenants.get(token) : undefined;
		},
	};

	const adminRouter = buildAdminRouter(api);

	const server = createServer((req, res) => {
		void (async () => {
			const url = new URL(req.url ?? '/', 'http://sandbox.local');
			let rawBody: Buffer;
			try {
				rawBody = await readBody(req);
			} catch {
				send(res, { status: 413, body: { message: 'Payload too large' } });
				return;
			}
			const sreq: SandboxRequest = {
				method: (req.method ?? 'GET').toUpperCase(),
				path: url.pathname,
				query: url.searchParams,
				headers: req.headers,
				rawBody,
				params: {},
			};
			try {
				const response = await dispatch(sreq, res);
				if (response) send(res, response);
			} catch (error) {
				if (error instanceof SandboxHttpError) send(res, error.response);
				else send(res, api.errors.server(sreq, 500));
			}
		})();
	});

	async function dispatch(
		sreq: SandboxRequest,
		res: import('node:http').ServerResponse,
	): Promise<SandboxResponse | undefined> {
		if (sreq.path.startsWith(`${ADMIN}/`)) {
			for (const router of [api.adminRouter, adminRouter]) {
				const hit = router?.match(sreq.method, sreq.path);
				if (hit?.route) return hit.route.handler({ ...sreq, params: hit.params }, ctx);
			}
			return { status: 404, body: { message: 'unknown sandbox admin route' } };
		}
		const pub = api.publicRouter?.match(sreq.method, sreq.path);
		if (pub?.route) return pub.route.handler({ ...sreq, params: pub.params }, ctx);

		const auth = api.authenticate(sreq, ctx);
		if ('response' in auth) return auth.response;
		const { tenant } = auth;

		const hit = api.router.match(sreq.method, sreq.path);
		const routeKey = `${sreq.method} ${hit.route ? hit.route.pattern : sreq.path}`;

		const arrivedAt = Date.now();
		const record = (response: SandboxResponse): SandboxResponse => {
			tenant.stats.record(routeKey, response.status, sreq.query, arrivedAt);
			return response;
		};
		const limit = tenant.limiter?.take(arrivedAt);
		if (limit && !limit.allowed) {
			return record(withHeaders(api.errors.rateLimited(sreq, limit.retryAfterMs), limit.headers));
		}
		const fault = tenant.faults.decide();
		if (fault !== 'none') tenant.stats.recordInjected(fault);
		const latency = tenant.faults.current.latencyMs;
		if (latency > 0) await new Promise((r) => setTimeout(r, latency));
		if (fault === 'reset') {
			tenant.stats.record(routeKey, 0, sreq.query, arrivedAt);
			res.socket?.destroy();
			return undefined;
		}
		if (fault === '429')
			return record(withHeaders(api.errors.rateLimited(sreq, 1000), limit?.headers));
		if (fault === '5xx') {
			return record(api.errors.server(sreq, tenant.faults.current.status5xx));
		}

		let response: SandboxResponse;
		if (!hit.route) {
			response = hit.methodMismatch ? api.errors.methodNotAllowed(sreq) : api.errors.notFound(sreq);
		} else {
			try {
				response = await hit.route.handler({ ...sreq, params: hit.params }, tenant);
			} catch (error) {
				if (!(error instanceof SandboxHttpError)) throw error;
				response = error.response;
			}
		}
		if (sreq.method !== 'GET' && response.status >= 200 && response.status < 300)
			tenant.stats.recordApplied(sreq.method, sreq.path, response.body);
		if (fault === 'resetAfterApply') {
			// Applied, then the connection drops before the answer: the caller cannot tell it happened.
			tenant.stats.record(routeKey, 0, sreq.query, arrivedAt);
			res.socket?.destroy();
			return undefined;
		}
		if (fault === 'lostResponse') {
			// The write is applied; the caller only sees a gateway timeout (the 504 case).
			tenant.stats.recordLostResponse();
			return record(api.errors.server(sreq, 504));
		}
		const hold =
			fault === 'none' && response.status >= 200 && response.status < 300
				? tenant.holds.match(sreq.method, sreq.path, sreq.rawBody)
				: undefined;
		if (hold) {
			// Applied; the answer waits for the test to release it, or is never sent when the caller is gone.
			tenant.stats.recordHeld();
			if (
				(await tenant.holds.keep(hold.id, response.status, response.body, res)) ===
				'connectionClosed'
			) {
				tenant.stats.record(routeKey, response.status, sreq.query, arrivedAt);
				return undefined;
			}
		}
		return record(withHeaders(response, limit?.headers));
	}

	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
	});
	const address = server.address() as AddressInfo;
	ctx.baseUrl = `http://${options.host ?? '127.0.0.1'}:${address.port}`;
	if (options.defaultToken !== undefined) ctx.createTenant({ token: options.defaultToken });

	return {
		server,
		ctx,
		url: ctx.baseUrl,
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}

function withHeaders(
	response: SandboxResponse,
	headers: Record<string, string> | undefined,
): SandboxResponse {
	if (!headers || Object.keys(headers).length === 0) return response;
	return { ...response, headers: { ...headers, ...(response.headers ?? {}) } };
}

function buildAdminRouter<TTenant extends TenantBase>(
	api: SandboxApi<TTenant>,
): Router<SandboxContext<TTenant>> {
	const router = new Router<SandboxContext<TTenant>>();
	const body = (req: SandboxRequest): Record<string, unknown> =>
		req.rawBody.length ? (JSON.parse(req.rawBody.toString('utf8')) as Record<string, unknown>) : {};
	const tenantOf = (ctx: SandboxContext<TTenant>, token: unknown): TTenant => {
		const tenant = typeof token === 'string' ? ctx.tenantByToken(token) : undefined;
		if (!tenant)
			throw new SandboxHttpError({ status: 404, body: { message: 'unknown tenant token' } });
		return tenant;
	};

	router.post(`${ADMIN}/tenants`, (req, ctx) => {
		const b = body(req);
		const tenant = ctx.createTenant({
			token: typeof b.token === 'string' ? b.token : undefined,
			rateLimit: (b.rateLimit as RateLimitOptions | undefined) ?? undefined,
		});
		return {
			status: 201,
			body: { token: tenant.token, ceilingPerSecond: tenant.limiter?.ceilingPerSecond ?? null },
		};
	});
	router.post(`${ADMIN}/faults`, (req, ctx) => {
		const b = body(req);
		const tenant = tenantOf(ctx, b.token);
		const { token: _token, ...config } = b;
		return { status: 200, body: tenant.faults.configure(config as Partial<FaultConfig>) };
	});
	router.post(`${ADMIN}/seed`, (req, ctx) => {
		const b = body(req);
		const tenant = tenantOf(ctx, b.token);
		const { token: _t, resource, count, ...rest } = b;
		if (typeof resource !== 'string' || typeof count !== 'number') {
			return {
				status: 400,
				body: { message: 'seed needs "resource" (string) and "count" (number)' },
			};
		}
		return { status: 201, body: { created: api.seed(tenant, resource, count, rest) } };
	});
	// Keep back the answer to the next matching write until released: {token, path, method?, bodyContains?}.
	router.post(`${ADMIN}/holds`, (req, ctx) => {
		const b = body(req);
		const tenant = tenantOf(ctx, b.token);
		try {
			return { status: 201, body: tenant.holds.arm(b as Partial<HoldSpec>) };
		} catch (error) {
			return {
				status: 400,
				body: { message: error instanceof Error ? error.message : String(error) },
			};
		}
	});
	router.get(`${ADMIN}/holds`, (req, ctx) => ({
		status: 200,
		body: tenantOf(ctx, req.query.get('token')).holds.list(),
	}));
	// Sends every held answer (or the one with `id`) and disarms holds not reached yet.
	router.post(`${ADMIN}/holds/release`, (req, ctx) => {
		const b = body(req);
		return {
			status: 200,
			body: tenantOf(ctx, b.token).holds.release(typeof b.id === 'number' ? b.id : undefined),
		};
	});
	router.get(`${ADMIN}/stats`, (req, ctx) => ({
		status: 200,
		body: tenantOf(ctx, req.query.get('token')).stats.snapshot(),
	}));
	// Every request's arrival time (epoch ms), route and status, oldest first.
	router.get(`${ADMIN}/requests`, (req, ctx) => ({
		status: 200,
		body: tenantOf(ctx, req.query.get('token')).stats.requests(),
	}));
	// Applied writes with their store time and record id: when a record arrived, by the sandbox's clock.
	router.get(`${ADMIN}/writes`, (req, ctx) => ({
		status: 200,
		body: tenantOf(ctx, req.query.get('token')).stats.appliedWrites(),
	}));
	// A change made in the vendor's web app: the API's own handler (same records, same events) outside
	// the account's request budget, faults and request counts, as a user's edits are.
	router.post(`${ADMIN}/web-app`, async (req, ctx) => {
		const b = body(req);
		const tenant = tenantOf(ctx, b.token);
		const method = typeof b.method === 'string' ? b.method.toUpperCase() : '';
		const path = typeof b.path === 'string' ? b.path : '';
		const hit = api.router.match(method, path);
		if (!hit.route) return { status: 400, body: { message: `no API route ${method} ${path}` } };
		const rawBody =
			b.body === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(b.body), 'utf8');
		const sreq: SandboxRequest = {
			method,
			path,
			query: new URLSearchParams((b.query as Record<string, string> | undefined) ?? {}),
			headers: { 'content-type': 'application/json' },
			rawBody,
			params: hit.params,
		};
		try {
			const response = await hit.route.handler(sreq, tenant);
			if (method !== 'GET' && response.status >= 200 && response.status < 300)
				tenant.stats.recordApplied(method, path, response.body);
			return response;
		} catch (error) {
			if (error instanceof SandboxHttpError) return error.response;
			throw error;
		}
	});
	router.post(`${ADMIN}/stats/reset`, (req, ctx) => {
		tenantOf(ctx, body(req).token).stats.reset();
		return { status: 204 };
	});
	router.get(`${ADMIN}/records-digest`, (req, ctx) => ({
		status: 200,
		body: recordsDigest(tenantOf(ctx, req.query.get('token'))),
	}));
	// Every secret issued since start: tenant tokens (also the default one) and the API's own (OAuth).
	router.get(`${ADMIN}/secrets`, (_req, ctx) => ({
		status: 200,
		body: [
			...[...ctx.tenants.keys()].map((value) => ({ kind: 'tenant token', value })),
			...(api.issuedSecrets?.() ?? []),
		],
	}));
	router.get(`${ADMIN}/records/:collection`, (req, ctx) => ({
		status: 200,
		body: api.dump(tenantOf(ctx, req.query.get('token')), req.params.collection),
	}));
	return router;
}

export { bearerToken };
