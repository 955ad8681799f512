import { randomBytes, randomUUID } from 'node:crypto';

import { Router, type SandboxResponse } from '../core/http';
import { WindowLimiter } from '../core/rateLimit';
import {
	startSandbox,
	type RateLimitOptions,
	type RunningSandbox,
	type SandboxApi,
	type SandboxContext,
} from '../core/server';
import { registerAccounting } from './accounting';
import { authenticate } from './auth';
import { registerUsersAndCompany } from './company';
import { registerContacts } from './contacts';
import { findRecord } from './engine';
import { bexioError } from './errors';
import { registerExtras } from './extras';
import { registerInvoicePayments } from './invoicePayments';
import { registerItems } from './items';
import { registerManualEntries } from './manualEntries';
import { fillMasterData } from './masterData';
import { newOAuthState, registerOAuth } from './oauth';
import { registerProjectsAndTime } from './projects';
import { registerSalesDocuments } from './salesDocuments';
import { registerSalesLifecycle } from './salesLifecycle';
import { seed } from './seed';
import { collection, rows, type BexioTenant } from './store';

export type { BexioTenant } from './store';

/** Default budget per company and window (per company per minute, number unpublished). */
function defaultRateLimit(): RateLimitOptions {
	return {
		perWindow: Number(process.env.SANDBOX_BEXIO_RATE_PER_MINUTE || 600),
		windowMs: Number(process.env.SANDBOX_BEXIO_WINDOW_MS || 60_000),
	};
}

/** All public API routes; the order matters where a literal segment shares a position with `:id`. */
function buildRouter(): Router<BexioTenant> {
	const router = new Router<BexioTenant>();
	registerContacts(router);
	registerSalesDocuments(router);
	registerSalesLifecycle(router);
	registerInvoicePayments(router);
	registerItems(router);
	registerProjectsAndTime(router);
	registerAccounting(router);
	registerManualEntries(router);
	registerUsersAndCompany(router);
	registerExtras(router);
	return router;
}

export function createBexioApi(): SandboxApi<BexioTenant> {
	const oauth = newOAuthState();
	const publicRouter = new Router<SandboxContext<BexioTenant>>();
	const adminRouter = new Router<SandboxContext<BexioTenant>>();
	registerOAuth(publicRouter, adminRouter, oauth);
	// Shifts the tenant clock so polling tests can create records sharing (or skipping) a timestamp.
	adminRouter.post('/_sandbox/clock', (req, ctx) => {
		const b = JSON.parse(req.rawBody.toString('utf8') || '{}') as {
			token?: string;
			offsetSeconds?: number;
		};
		const tenant = ctx.tenantByToken(b.token);
		if (!tenant) return { status: 404, body: { message: 'unknown tenant token' } };
		tenant.clockOffsetSeconds = Number(b.offsetSeconds ?? 0);
		return { status: 200, body: { offsetSeconds: tenant.clockOffsetSeconds } };
	});
	// Numbering is switched in the web app (Settings → Documents), not through the API, which only lists
	// the settings (`GET /2.0/kb_item_setting`, https://docs.bexio.com/#tag/Invoices); tests stand in for it.
	adminRouter.post('/_sandbox/document-settings', (req, ctx) => {
		const b = JSON.parse(req.rawBody.toString('utf8') || '{}') as {
			token?: string;
			kbItemClass?: string;
			useAutomaticEnumeration?: boolean;
		};
		const tenant = ctx.tenantByToken(b.token);
		if (!tenant) return { status: 404, body: { message: 'unknown tenant token' } };
		const setting = rows(tenant, 'document_settings').find(
			(s) => s.kb_item_class === b.kbItemClass,
		);
		if (!setting || typeof b.useAutomaticEnumeration !== 'boolean')
			return {
				status: 400,
				body: {
					message:
						'kbItemClass (e.g. KbInvoice) and useAutomaticEnumeration (boolean) are required',
				},
			};
		setting.use_automatic_enumeration = b.useAutomaticEnumeration;
		return { status: 200, body: setting };
	});
	// The bank moves payments on (downloaded, transferred, error) outside the API; tests stand in for it.
	adminRouter.post('/_sandbox/bank-processing', (req, ctx) => {
		const b = JSON.parse(req.rawBody.toString('utf8') || '{}') as {
			token?: string;
			collection?: string;
			id?: string | number;
			status?: string;
		};
		const tenant = ctx.tenantByToken(b.token);
		if (!tenant) return { status: 404, body: { message: 'unknown tenant token' } };
		if (b.collection !== 'banking_payments' && b.collection !== 'legacy_bank_payments')
			return {
				status: 400,
				body: { message: 'collection must be banking_payments or legacy_bank_payments' },
			};
		const payment = findRecord(
			tenant,
			b.collection,
			String(b.id),
			b.collection === 'banking_payments' ? 'uuid' : undefined,
		);
		payment.status = String(b.status);
		return { status: 200, body: { id: b.id, status: payment.status } };
	});

	return {
		name: 'bexio',
		router: buildRouter(),
		publicRouter,
		adminRouter,
		defaultRateLimit: defaultRateLimit(),
		createLimiter: (o) => new WindowLimiter(o.perWindow ?? 600, o.windowMs ?? 60_000),
		createTenant(base) {
			const tenant: BexioTenant = {
				...base,
				collections: new Map(),
				counters: new Map(),
				clockOffsetSeconds: 0,
				userId: 1,
				companyUuid: randomUUID(),
			};
			fillMasterData(tenant);
			return tenant;
		},
		authenticate: (req, ctx) => authenticate(req, ctx, oauth),
		issuedSecrets: () => oauth.issued,
		errors: {
			notFound: (): SandboxResponse => bexioError(404, 'Page not found'),
			methodNotAllowed: (): SandboxResponse => bexioError(405, 'Method Not Allowed'),
			// No Retry-After: bexio announces the wait only in RateLimit-Reset seconds.
			rateLimited: (_req, retryAfterMs): SandboxResponse => ({
				...bexioError(429, 'Too Many Requests'),
				headers: {
					'RateLimit-Remaining': '0',
					'RateLimit-Reset': String(Math.max(1, Math.ceil(retryAfterMs / 1000))),
				},
			}),
			server: (_req, status): SandboxResponse =>
				bexioError(
					status,
					status === 503
						? 'Service Unavailable'
						: status === 504
							? 'Gateway Timeout'
							: 'Internal Server Error',
				),
		},
		seed,
		dump: (tenant, name) => [...collection(tenant, name).values()],
	};
}

export async function startBexioSandbox(
	options: {
		port?: number;
		host?: string;
		defaultToken?: string;
		rateLimit?: RateLimitOptions;
	} = {},
): Promise<RunningSandbox<BexioTenant>> {
	const api = createBexioApi();
	if (options.rateLimit) api.defaultRateLimit = { ...api.defaultRateLimit, ...options.rateLimit };
	return startSandbox(api, {
		port: options.port,
		host: options.host,
		defaultToken: options.defaultToken ?? `bexio-${randomBytes(8).toString('hex')}`,
	});
}
