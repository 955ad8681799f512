import { createHash } from 'node:crypto';

import { Router, bearerToken, type SandboxRequest } from '../core/http';
import { TokenBucketLimiter } from '../core/rateLimit';
import {
	startSandbox,
	type RateLimitOptions,
	type RunningSandbox,
	type SandboxApi,
	type SandboxContext,
} from '../core/server';
import { buildAdminRouter } from './admin';
import { articleJson, registerArticles } from './articles';
import { contactJson, registerContacts } from './contacts';
import { notFound, regular } from './errors';
import { registerEventSubscriptions, subscriptionJson } from './eventSubscriptions';
import { registerFiles } from './files';
import { registerMasterData } from './masterData';
import { registerPayments } from './payments';
import { registerRecurringTemplates, templateJson } from './recurringTemplates';
import { KIND_BY_PATH, salesJson } from './salesModel';
import { registerSalesVouchers } from './salesVouchers';
import { Scheduler } from './scheduler';
import { seedLexoffice } from './seed';
import { createLexofficeTenant, type LexofficeEnv, type LexofficeTenant } from './tenant';
import { registerVoucherlist } from './voucherlist';
import { registerVouchers, voucherJson } from './vouchers';
import { WebhookHub } from './webhooks';

export type { LexofficeTenant } from './tenant';
export type { SeedResult } from './seed';
export { RETRY_DELAYS_SECONDS } from './webhooks';

export interface LexofficeSandboxOptions {
	port?: number;
	host?: string;
	/** A tenant with this token exists from the start. */
	defaultToken?: string;
	/** Default limiter for new tenants; per tenant overridable via POST /_sandbox/tenants. */
	rateLimit?: RateLimitOptions;
	/** Multiplies every webhook retry delay (0.001 turns 10 s into 10 ms). */
	webhookTimeScale?: number;
	/** Delay before an uploaded file's voucher becomes `unchecked` (default 20 ms). */
	ocrDelayMs?: number;
}

export type RunningLexofficeSandbox = RunningSandbox<LexofficeTenant> & {
	publicKeyUrl: string;
	publicKeyPem: string;
	webhooks: WebhookHub;
};

function envNumber(name: string): number | undefined {
	const raw = process.env[name];
	if (raw === undefined || raw.trim() === '') return undefined;
	const n = Number(raw);
	return Number.isFinite(n) && n > 0 ? n : undefined;
}

/** A malformed Authorization header is answered by the AWS gateway with 403. */
function gatewayForbidden(header: string): { status: number; body: { message: string } } {
	const hash = createHash('sha256').update(header).digest('base64');
	return {
		status: 403,
		body: {
			message: `Invalid key=value pair (missing equal-sign) in Authorization header (hashed with SHA-256 and encoded with Base64): '${hash}'.`,
		},
	};
}

function dump(tenant: LexofficeTenant, collection: string): unknown {
	const kind = KIND_BY_PATH.get(collection);
	if (kind)
		return [...tenant.sales.values()]
			.filter((s) => s.kind === kind.kind)
			.map((s) => salesJson(tenant, s));
	switch (collection) {
		case 'contacts':
			return [...tenant.contacts.values()].map((c) => contactJson(tenant, c));
		case 'articles':
			return [...tenant.articles.values()].map((a) => articleJson(tenant, a));
		case 'vouchers':
			return [...tenant.vouchers.values()].map((v) => voucherJson(tenant, v));
		case 'recurring-templates':
			return [...tenant.recurringTemplates.values()].map((t) => templateJson(tenant, t));
		case 'event-subscriptions':
			return [...tenant.subscriptions.values()].map((s) => subscriptionJson(tenant, s));
		case 'files':
			// Metadata only; the bytes are served by GET /v1/files/{id}.
			return [...tenant.files.values()].map((f) => ({
				id: f.id,
				kind: f.kind,
				voucherId: f.voucherId,
				fileName: f.fileName,
				extension: f.ext,
				size: f.content.length,
				checksum: f.checksum,
				xRechnung: f.xRechnungXml !== undefined,
			}));
		case 'deliveries':
			return tenant.deliveries;
		default:
			return { error: `unknown collection '${collection}'` };
	}
}

export function createLexofficeApi(
	env: Omit<LexofficeEnv, 'ctx'>,
	rateLimit: RateLimitOptions,
): {
	api: SandboxApi<LexofficeTenant>;
	bind(ctx: SandboxContext<LexofficeTenant>): void;
} {
	const router = new Router<LexofficeTenant>();
	registerContacts(router);
	registerArticles(router);
	registerSalesVouchers(router);
	registerVoucherlist(router);
	registerVouchers(router);
	registerFiles(router);
	registerPayments(router);
	registerRecurringTemplates(router);
	registerMasterData(router);
	registerEventSubscriptions(router);

	const shared = { ...env } as LexofficeEnv;
	const api: SandboxApi<LexofficeTenant> = {
		name: 'lexoffice',
		router,
		adminRouter: buildAdminRouter(env.webhooks),
		defaultRateLimit: rateLimit,
		createLimiter: (o) =>
			o.disabled ? undefined : new TokenBucketLimiter(o.perSecond ?? 2, o.burst ?? 2),
		createTenant: (base, ctx) => {
			shared.ctx = ctx;
			return createLexofficeTenant(base, shared);
		},
		authenticate(req: SandboxRequest, ctx) {
			const header = req.headers.authorization;
			if (header === undefined)
				return { response: { status: 401, body: { message: 'Unauthorized' } } };
			const token = bearerToken(req.headers);
			if (!token) return { response: gatewayForbidden(header) };
			const tenant = ctx.tenantByToken(token);
			return tenant ? { tenant } : { response: { status: 401, body: { message: 'Unauthorized' } } };
		},
		errors: {
			notFound: (req) => notFound(req),
			methodNotAllowed: (req) =>
				regular(req, 405, `Request method '${req.method}' is not supported`),
			// 429 in the regular format plus Retry-After in whole seconds (https://developers.lexware.io/docs/#api-rate-limits).
			rateLimited: (req, retryAfterMs) =>
				regular(req, 429, 'Rate limit exceeded', undefined, {
					'Retry-After': String(Math.max(1, Math.ceil(retryAfterMs / 1000))),
				}),
			server: (req, status) =>
				status === 504
					? { status, body: { message: 'Endpoint request timed out' } }
					: status === 500
						? { status, body: { message: null } }
						: regular(req, status, 'Service temporarily unavailable'),
		},
		seed: seedLexoffice,
		dump,
	};
	return { api, bind: (ctx) => (shared.ctx = ctx) };
}

/**
 * Starts the lexoffice simulator. Rate limit defaults: token bucket 2/s, burst 2 (https://developers.lexware.io/docs/#api-rate-limits), overridable by
 * SANDBOX_LEXOFFICE_RATE_PER_SECOND / SANDBOX_LEXOFFICE_BURST. Webhook delays scale with `webhookTimeScale`
 * or SANDBOX_WEBHOOK_TIME_SCALE.
 */
export async function startLexofficeSandbox(
	options: LexofficeSandboxOptions = {},
): Promise<RunningLexofficeSandbox> {
	const rateLimit: RateLimitOptions = {
		perSecond: envNumber('SANDBOX_LEXOFFICE_RATE_PER_SECOND') ?? 2,
		burst: envNumber('SANDBOX_LEXOFFICE_BURST') ?? 2,
		...(options.rateLimit ?? {}),
	};
	const envScale = Number(process.env.SANDBOX_WEBHOOK_TIME_SCALE);
	const scale =
		options.webhookTimeScale ??
		(Number.isFinite(envScale) && envScale >= 0 && process.env.SANDBOX_WEBHOOK_TIME_SCALE
			? envScale
			: 1);
	const scheduler = new Scheduler();
	const webhooks = new WebhookHub(scheduler, scale);
	const { api, bind } = createLexofficeApi(
		{ webhooks, scheduler, ocrDelayMs: options.ocrDelayMs ?? 20 },
		rateLimit,
	);
	const running = await startSandbox(api, {
		port: options.port,
		host: options.host,
		defaultToken: options.defaultToken,
	});
	bind(running.ctx);
	const close = running.close;
	return {
		...running,
		publicKeyUrl: `${running.url}/_sandbox/webhook-public-key`,
		publicKeyPem: webhooks.publicKeyPem,
		webhooks,
		close: async () => {
			scheduler.close();
			webhooks.close();
			await close();
		},
	};
}
