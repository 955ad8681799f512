import { randomBytes } from 'node:crypto';

import { Router, bearerToken, type SandboxRequest, type SandboxResponse } from '../core/http';
import { WindowLimiter } from '../core/rateLimit';
import { startSandbox, type RateLimitOptions, type RunningSandbox, type SandboxApi, type SandboxContext } from '../core/server';
import { registerDocuments } from './documents';
import { bexioError } from './engine';
import { registerOAuth, tenantOfAccessToken, type OAuthState } from './oauth';
import { registerResources } from './resources';
import { collection, fillMasterData, insert, nowStamp, type BexioTenant } from './store';

export type { BexioTenant } from './store';

const oauth: OAuthState = { clients: new Map(), codes: new Map(), accessTokens: new Map(), refreshTokens: new Map() };

function defaultRateLimit(): RateLimitOptions {
	return {
		perWindow: Number(process.env.SANDBOX_BEXIO_RATE_PER_MINUTE || 600),
		windowMs: Number(process.env.SANDBOX_BEXIO_WINDOW_MS || 60_000),
	};
}

function acceptsJson(req: SandboxRequest): boolean {
	const accept = String(req.headers.accept ?? '');
	return accept === '' ? false : /application\/json|\*\/\*|application\/\*/.test(accept);
}

/** Fast seeding straight into the store; returns `{count, firstId, lastId, ids?}` (ids up to 1000). */
function seed(t: BexioTenant, resource: string, count: number, options: Record<string, unknown>): unknown {
	const ids: number[] = [];
	const baseTime = options.updatedAtFrom ? Date.parse(String(options.updatedAtFrom).replace(' ', 'T') + 'Z') : undefined;
	for (let i = 0; i < count; i++) {
		let record: Record<string, unknown>;
		switch (resource) {
			case 'contacts': {
				const nr = String(collection(t, 'contacts').size + 1);
				const stamp =
					baseTime === undefined
						? nowStamp(t)
						: new Date(baseTime + (options.sameTimestamp ? 0 : i * Number(options.spreadSeconds ?? 1)) * 1000).toISOString().slice(0, 19).replace('T', ' ');
				record = {
					nr,
					contact_type_id: i % 3 === 0 ? 2 : 1,
					name_1: `${String(options.namePrefix ?? 'Kunde')} ${i + 1}`,
					name_2: i % 3 === 0 ? 'Anna' : null,
					street_name: 'Bahnhofstrasse',
					house_number: String((i % 90) + 1),
					address: `Bahnhofstrasse ${(i % 90) + 1}`,
					postcode: String(8000 + (i % 900)),
					city: 'Zürich',
					country_id: 1,
					mail: `kunde${nr}@example.com`,
					user_id: 1,
					owner_id: 1,
					is_lead: false,
					archived: false,
					updated_at: stamp,
				};
				break;
			}
			case 'articles':
				record = { intern_code: `ART-${i + 1}`, intern_name: `Artikel ${i + 1}`, article_type_id: 1, sale_price: '10.000000', unit_id: 1, tax_income_id: 1 };
				break;
			case 'projects':
				record = { name: `Projekt ${i + 1}`, pr_state_id: 2, pr_project_type_id: 1, contact_id: Number(options.contactId ?? 1), user_id: 1, nr: String(i + 1).padStart(6, '0') };
				break;
			case 'client_services':
				record = { name: `Tätigkeit ${i + 1}`, default_is_billable: true, default_price_per_hour: 120 };
				break;
			case 'timesheets':
				record = { user_id: 1, client_service_id: 1, allowable_bill: true, date: '2026-11-02', duration: '1:00', tracking: { type: 'duration', date: '2026-11-02', duration: '01:00' } };
				break;
			case 'invoices':
				record = {
					document_nr: `RE-${String(collection(t, 'invoices').size + 1).padStart(5, '0')}`,
					title: `Rechnung ${i + 1}`,
					contact_id: Number(options.contactId ?? 1),
					user_id: 1,
					kb_item_status_id: Number(options.status ?? 8),
					api_reference: null,
					is_valid_from: '2026-11-02',
					total: '100.000000',
					total_net: '100.000000',
					total_gross: '108.100000',
					positions: [],
					updated_at: nowStamp(t),
				};
				break;
			case 'manual_entries':
				record = { type: 'manual_single_entry', date: '2026-11-02', reference_nr: String(i + 1), entries: [{ id: i + 1, debit_account_id: 1, credit_account_id: 6, amount: 10, description: 'Seed' }], is_locked: false };
				break;
			default:
				throw new Error(`cannot seed "${resource}"`);
		}
		ids.push(insert(t, resource, record).id);
	}
	return { count, firstId: ids[0], lastId: ids[ids.length - 1], ...(count <= 1000 ? { ids } : {}) };
}

export function createBexioApi(): SandboxApi<BexioTenant> {
	const router = new Router<BexioTenant>();
	registerResources(router);
	registerDocuments(router);
	const publicRouter = new Router<SandboxContext<BexioTenant>>();
	const adminRouter = new Router<SandboxContext<BexioTenant>>();
	registerOAuth(publicRouter, adminRouter, oauth);
	adminRouter.post('/_sandbox/clock', (req, ctx) => {
		const b = JSON.parse(req.rawBody.toString('utf8') || '{}') as { token?: string; offsetSeconds?: number };
		const tenant = ctx.tenantByToken(b.token);
		if (!tenant) return { status: 404, body: { message: 'unknown tenant token' } };
		tenant.clockOffsetSeconds = Number(b.offsetSeconds ?? 0);
		return { status: 200, body: { offsetSeconds: tenant.clockOffsetSeconds } };
	});

	return {
		name: 'bexio',
		router,
		publicRouter,
		adminRouter,
		defaultRateLimit: defaultRateLimit(),
		createLimiter: (o) => new WindowLimiter(o.perWindow ?? 600, o.windowMs ?? 60_000),
		createTenant(base) {
			const tenant: BexioTenant = { ...base, collections: new Map(), nextId: new Map(), clockOffsetSeconds: 0, userId: 1 };
			fillMasterData(tenant);
			return tenant;
		},
		authenticate(req, ctx) {
			const token = bearerToken(req.headers);
			const tenant = ctx.tenantByToken(token) ?? (token ? tenantOfAccessToken(oauth, token, ctx) : undefined);
			if (!tenant) return { response: bexioError(401, token ? 'The access token is invalid or expired' : 'Authorization header missing') };
			// Every operation requires Accept: application/json (reference 2.4).
			if (!acceptsJson(req) && !/\/(download|preview)$/.test(req.path)) return { response: bexioError(415, 'Unsupported Accept header: use application/json') };
			return { tenant };
		},
		errors: {
			notFound: (): SandboxResponse => bexioError(404, 'Page not found'),
			methodNotAllowed: (): SandboxResponse => bexioError(405, 'Method not allowed'),
			rateLimited: (_req, retryAfterMs): SandboxResponse => ({
				...bexioError(429, 'Too Many Requests'),
				// No Retry-After: bexio announces the wait in RateLimit-Reset seconds (reference 3.7).
				headers: { 'RateLimit-Remaining': '0', 'RateLimit-Reset': String(Math.max(1, Math.ceil(retryAfterMs / 1000))) },
			}),
			server: (_req, status): SandboxResponse => bexioError(status, status === 503 ? 'Service unavailable (maintenance)' : 'Internal server error'),
		},
		seed,
		dump(tenant, name) {
			return [...collection(tenant, name).values()];
		},
	};
}

export async function startBexioSandbox(
	options: { port?: number; host?: string; defaultToken?: string; rateLimit?: RateLimitOptions } = {},
): Promise<RunningSandbox<BexioTenant>> {
	const api = createBexioApi();
	if (options.rateLimit) api.defaultRateLimit = { ...api.defaultRateLimit, ...options.rateLimit };
	return startSandbox(api, { port: options.port, host: options.host, defaultToken: options.defaultToken ?? `bexio-${randomBytes(8).toString('hex')}` });
}
