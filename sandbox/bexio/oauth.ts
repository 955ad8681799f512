import { createHmac, randomBytes, randomUUID } from 'node:crypto';

import type { Router, SandboxRequest, SandboxResponse } from '../core/http';
import type { IssuedSecret, SandboxContext } from '../core/server';
import type { BexioTenant } from './store';

/**
 * bexio's Keycloak realm: authorization code and refresh token grants, every token
 * parameter in the form body, refresh tokens only with `offline_access` and rotated on every refresh.
 * Each OAuth client is bound to one tenant (a token is bound to one company).
 */

interface Client {
	secret: string;
	tenantToken: string;
	accessTokenTtlSeconds: number;
	redirectUris: string[];
}

interface AccessToken {
	tenantToken: string;
	expiresAt: number;
	scope: string;
}

export interface OAuthState {
	clients: Map<string, Client>;
	codes: Map<
		string,
		{ clientId: string; redirectUri: string; scope: string; expiresAt: number; nonce?: string }
	>;
	accessTokens: Map<string, AccessToken>;
	refreshTokens: Map<string, { clientId: string; scope: string }>;
	/** Every client secret, access and refresh token ever issued (rotated and revoked ones stay listed). */
	issued: IssuedSecret[];
}

export const newOAuthState = (): OAuthState => ({
	clients: new Map(),
	codes: new Map(),
	accessTokens: new Map(),
	refreshTokens: new Map(),
	issued: [],
});

const REALM = '/realms/bexio';
const OIDC = `${REALM}/protocol/openid-connect`;
const random = (n = 32) => randomBytes(n).toString('base64url');

export type AccessLookup = { tenant: BexioTenant } | { expired: true } | undefined;

/** Resolves an OAuth access token; expired ones are told apart so the 401 can say so. */
export function lookupAccessToken(
	state: OAuthState,
	token: string,
	ctx: SandboxContext<BexioTenant>,
): AccessLookup {
	const entry = state.accessTokens.get(token);
	if (!entry) return undefined;
	if (entry.expiresAt <= Date.now()) return { expired: true };
	const tenant = ctx.tenantByToken(entry.tenantToken);
	return tenant ? { tenant } : undefined;
}

function tokenError(error: string, description: string, status = 400): SandboxResponse {
	return { status, body: { error, error_description: description } };
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** HS256-signed ID token with the documented claims. */
function idToken(
	issuer: string,
	clientId: string,
	secret: string,
	tenant: BexioTenant | undefined,
	nonce?: string,
): string {
	const iat = Math.floor(Date.now() / 1000);
	const payload = {
		iss: issuer,
		aud: clientId,
		sub: tenant?.companyUuid ?? randomUUID(),
		iat,
		exp: iat + 3600,
		...(nonce ? { nonce } : {}),
		given_name: 'Rudolph',
		family_name: 'Smith',
		email: 'rudolph.smith@example.com',
		email_verified: true,
		locale: 'de-CH',
		company_id: tenant?.companyUuid.slice(0, 8) ?? null,
		company_name: 'Example AG',
		company_user_id: tenant?.userId ?? 1,
	};
	const head = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(payload)}`;
	return `${head}.${createHmac('sha256', secret).update(head).digest('base64url')}`;
}

function issue(
	state: OAuthState,
	ctx: SandboxContext<BexioTenant>,
	clientId: string,
	scope: string,
	nonce?: string,
): Record<string, unknown> {
	const client = state.clients.get(clientId)!;
	const accessToken = random();
	state.accessTokens.set(accessToken, {
		tenantToken: client.tenantToken,
		expiresAt: Date.now() + client.accessTokenTtlSeconds * 1000,
		scope,
	});
	state.issued.push({ kind: 'oauth access token', value: accessToken });
	const scopes = scope.split(/\s+/);
	const out: Record<string, unknown> = {
		access_token: accessToken,
		token_type: 'Bearer',
		expires_in: client.accessTokenTtlSeconds,
		scope,
	};
	if (scopes.includes('offline_access')) {
		const refreshToken = random();
		state.refreshTokens.set(refreshToken, { clientId, scope });
		state.issued.push({ kind: 'oauth refresh token', value: refreshToken });
		out.refresh_token = refreshToken;
		out.refresh_expires_in = 0;
	}
	if (scopes.includes('openid'))
		out.id_token = idToken(
			`${ctx.baseUrl}${REALM}`,
			clientId,
			client.secret,
			ctx.tenantByToken(client.tenantToken),
			nonce,
		);
	return out;
}

function clientAuth(req: SandboxRequest, form: URLSearchParams): { id?: string; secret?: string } {
	const basic = /^Basic\s+(.+)$/i.exec(String(req.headers.authorization ?? ''));
	if (basic) {
		const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
		const i = decoded.indexOf(':');
		return {
			id: decodeURIComponent(decoded.slice(0, i)),
			secret: decodeURIComponent(decoded.slice(i + 1)),
		};
	}
	return { id: form.get('client_id') ?? undefined, secret: form.get('client_secret') ?? undefined };
}

function json(req: SandboxRequest): Record<string, unknown> {
	try {
		return JSON.parse(req.rawBody.toString('utf8') || '{}') as Record<string, unknown>;
	} catch {
		return {};
	}
}

function createClient(
	state: OAuthState,
	tenantToken: string,
	ttl: unknown,
	redirectUris: unknown,
): { clientId: string; secret: string } {
	const clientId = `client-${random(8)}`;
	const secret = random(24);
	state.issued.push({ kind: 'oauth client secret', value: secret });
	state.clients.set(clientId, {
		secret,
		tenantToken,
		accessTokenTtlSeconds: Number(ttl ?? 3600),
		redirectUris: Array.isArray(redirectUris) ? redirectUris.map(String) : [],
	});
	return { clientId, secret };
}

export function registerOAuth(
	publicRouter: Router<SandboxContext<BexioTenant>>,
	adminRouter: Router<SandboxContext<BexioTenant>>,
	state: OAuthState,
): void {
	publicRouter.get(`${REALM}/.well-known/openid-configuration`, (_req, ctx) => ({
		status: 200,
		body: {
			issuer: `${ctx.baseUrl}${REALM}`,
			authorization_endpoint: `${ctx.baseUrl}${OIDC}/auth`,
			token_endpoint: `${ctx.baseUrl}${OIDC}/token`,
			userinfo_endpoint: `${ctx.baseUrl}${OIDC}/userinfo`,
			jwks_uri: `${ctx.baseUrl}${OIDC}/certs`,
			revocation_endpoint: `${ctx.baseUrl}${OIDC}/revoke`,
			grant_types_supported: ['authorization_code', 'refresh_token'],
			response_types_supported: ['code'],
			token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic'],
			scopes_supported: [
				'openid',
				'profile',
				'email',
				'company_profile',
				'offline_access',
				'contact_show',
				'contact_edit',
				'kb_invoice_show',
				'kb_invoice_edit',
				'accounting',
			],
		},
	}));
	publicRouter.get(`${OIDC}/certs`, () => ({ status: 200, body: { keys: [] } }));

	// Auto-consent: the user "logs in" and agrees at once; the code goes back to the redirect URI.
	publicRouter.get(`${OIDC}/auth`, (req) => {
		const clientId = req.query.get('client_id') ?? '';
		const redirectUri = req.query.get('redirect_uri') ?? '';
		const client = state.clients.get(clientId);
		if (!client) return tokenError('unauthorized_client', 'Client not found');
		if (
			!redirectUri ||
			(client.redirectUris.length > 0 && !client.redirectUris.includes(redirectUri))
		)
			return tokenError('invalid_request', 'Invalid parameter: redirect_uri');
		if (req.query.get('response_type') !== 'code')
			return tokenError('unsupported_response_type', 'response_type must be code');
		const code = random();
		state.codes.set(code, {
			clientId,
			redirectUri,
			scope: req.query.get('scope') ?? 'openid',
			expiresAt: Date.now() + 5 * 60_000,
			nonce: req.query.get('nonce') ?? undefined,
		});
		const target = new URL(redirectUri);
		target.searchParams.set('code', code);
		const stateParam = req.query.get('state');
		if (stateParam !== null) target.searchParams.set('state', stateParam);
		return { status: 302, headers: { Location: target.toString() } };
	});

	publicRouter.post(`${OIDC}/token`, (req, ctx) => {
		// The new IdP refuses token parameters in the query string.
		if ([...req.query.keys()].length > 0)
			return tokenError('invalid_request', 'Parameters must be sent in the request body');
		const form = new URLSearchParams(req.rawBody.toString('utf8'));
		const { id, secret } = clientAuth(req, form);
		const client = id ? state.clients.get(id) : undefined;
		if (!client || client.secret !== secret)
			return tokenError('invalid_client', 'Invalid client or Invalid client credentials', 401);
		const grant = form.get('grant_type');
		if (grant === 'authorization_code') {
			const raw = form.get('code') ?? '';
			const code = state.codes.get(raw);
			state.codes.delete(raw);
			if (!code || code.clientId !== id || code.expiresAt < Date.now())
				return tokenError('invalid_grant', 'Code not valid');
			if (form.get('redirect_uri') !== code.redirectUri)
				return tokenError('invalid_grant', 'Incorrect redirect_uri');
			return { status: 200, body: issue(state, ctx, id!, code.scope, code.nonce) };
		}
		if (grant === 'refresh_token') {
			const raw = form.get('refresh_token') ?? '';
			const refresh = state.refreshTokens.get(raw);
			if (!refresh || refresh.clientId !== id)
				return tokenError('invalid_grant', 'Invalid refresh token');
			const asked = form.get('scope');
			// Scopes cannot change on refresh.
			if (asked && asked.split(/\s+/).some((s) => !refresh.scope.split(/\s+/).includes(s)))
				return tokenError('invalid_scope', 'Invalid scopes: cannot add scopes on refresh');
			// Rotation: the used refresh token dies with this call.
			state.refreshTokens.delete(raw);
			return { status: 200, body: issue(state, ctx, id!, refresh.scope) };
		}
		return tokenError('unsupported_grant_type', `Unsupported grant_type "${String(grant)}"`);
	});

	publicRouter.post(`${OIDC}/revoke`, (req) => {
		const form = new URLSearchParams(req.rawBody.toString('utf8'));
		const token = form.get('token') ?? '';
		state.refreshTokens.delete(token);
		state.accessTokens.delete(token);
		return { status: 200 };
	});

	publicRouter.get(`${OIDC}/userinfo`, (req, ctx) => {
		const token = /^Bearer\s+(\S+)$/i.exec(String(req.headers.authorization ?? ''))?.[1] ?? '';
		const found = lookupAccessToken(state, token, ctx);
		if (!found || !('tenant' in found))
			return {
				status: 401,
				body: { error: 'invalid_token', error_description: 'Token verification failed' },
			};
		const t = found.tenant;
		return {
			status: 200,
			body: {
				sub: t.companyUuid,
				email: 'rudolph.smith@example.com',
				email_verified: true,
				given_name: 'Rudolph',
				family_name: 'Smith',
				gender: 'male',
				locale: 'de-CH',
				company_id: t.companyUuid.slice(0, 8),
				company_name: 'Example AG',
				company_user_id: t.userId,
			},
		};
	});

	adminRouter.post('/_sandbox/oauth/clients', (req, ctx) => {
		const b = json(req);
		if (typeof b.token !== 'string' || !ctx.tenantByToken(b.token))
			return { status: 404, body: { message: 'unknown tenant token' } };
		const { clientId, secret } = createClient(
			state,
			b.token,
			b.accessTokenTtlSeconds,
			b.redirectUris,
		);
		return { status: 201, body: { client_id: clientId, client_secret: secret } };
	});
	// Mints a token pair without a browser; `token` (tenant) or `clientId` names the owner.
	adminRouter.post('/_sandbox/oauth/tokens', (req, ctx) => {
		const b = json(req);
		let clientId = typeof b.clientId === 'string' ? b.clientId : undefined;
		if (!clientId) {
			if (typeof b.token !== 'string' || !ctx.tenantByToken(b.token))
				return { status: 404, body: { message: 'unknown tenant token' } };
			clientId = createClient(state, b.token, b.accessTokenTtlSeconds, []).clientId;
		}
		const client = state.clients.get(clientId);
		if (!client) return { status: 404, body: { message: 'unknown client' } };
		const body = issue(state, ctx, clientId, String(b.scope ?? 'openid offline_access'));
		return { status: 201, body: { ...body, client_id: clientId, client_secret: client.secret } };
	});
	adminRouter.post('/_sandbox/oauth/expire', (req) => {
		const b = json(req);
		let expired = 0;
		for (const [token, entry] of state.accessTokens) {
			if (
				token === b.accessToken ||
				(typeof b.token === 'string' && entry.tenantToken === b.token)
			) {
				entry.expiresAt = 0;
				expired += 1;
			}
		}
		return { status: 200, body: { expired } };
	});
}
