import { randomBytes } from 'node:crypto';

import type { Router, SandboxRequest, SandboxResponse } from '../core/http';
import type { SandboxContext } from '../core/server';
import type { BexioTenant } from './store';

/**
 * bexio's Keycloak-style identity provider (reference 2.1): authorization code + refresh token grants,
 * every token parameter in the form body, short-lived access tokens, refresh tokens only with
 * `offline_access`, rotated on every refresh. Each OAuth client is bound to one tenant (company).
 */

interface Client {
	secret: string;
	tenantToken: string;
	accessTokenTtlSeconds: number;
}

export interface OAuthState {
	clients: Map<string, Client>;
	codes: Map<string, { clientId: string; redirectUri: string; scope: string; expiresAt: number }>;
	accessTokens: Map<string, { tenantToken: string; expiresAt: number }>;
	refreshTokens: Map<string, { clientId: string; scope: string }>;
}

const REALM = '/realms/bexio';
const OIDC = `${REALM}/protocol/openid-connect`;
const random = (n = 24) => randomBytes(n).toString('base64url');

export function tenantOfAccessToken(state: OAuthState, token: string, ctx: SandboxContext<BexioTenant>): BexioTenant | undefined {
	const entry = state.accessTokens.get(token);
	if (!entry || entry.expiresAt <= Date.now()) return undefined;
	return ctx.tenantByToken(entry.tenantToken);
}

function tokenError(error: string, description: string, status = 400): SandboxResponse {
	return { status, body: { error, error_description: description } };
}

function issue(state: OAuthState, clientId: string, scope: string): Record<string, unknown> {
	const client = state.clients.get(clientId)!;
	const accessToken = random(32);
	state.accessTokens.set(accessToken, { tenantToken: client.tenantToken, expiresAt: Date.now() + client.accessTokenTtlSeconds * 1000 });
	const out: Record<string, unknown> = { access_token: accessToken, token_type: 'Bearer', expires_in: client.accessTokenTtlSeconds, scope };
	if (scope.split(/\s+/).includes('offline_access')) {
		const refreshToken = random(32);
		state.refreshTokens.set(refreshToken, { clientId, scope });
		out.refresh_token = refreshToken;
	}
	return out;
}

function clientAuth(req: SandboxRequest, form: URLSearchParams): { id?: string; secret?: string } {
	const basic = /^Basic\s+(.+)$/i.exec(String(req.headers.authorization ?? ''));
	if (basic) {
		const [id, secret] = Buffer.from(basic[1], 'base64').toString('utf8').split(':');
		return { id: decodeURIComponent(id), secret: decodeURIComponent(secret ?? '') };
	}
	return { id: form.get('client_id') ?? undefined, secret: form.get('client_secret') ?? undefined };
}

export function registerOAuth(publicRouter: Router<SandboxContext<BexioTenant>>, adminRouter: Router<SandboxContext<BexioTenant>>, state: OAuthState): void {
	publicRouter.get(`${REALM}/.well-known/openid-configuration`, (_req, ctx) => ({
		status: 200,
		body: {
			issuer: `${ctx.baseUrl}${REALM}`,
			authorization_endpoint: `${ctx.baseUrl}${OIDC}/auth`,
			token_endpoint: `${ctx.baseUrl}${OIDC}/token`,
			userinfo_endpoint: `${ctx.baseUrl}${OIDC}/userinfo`,
			grant_types_supported: ['authorization_code', 'refresh_token'],
		},
	}));

	publicRouter.get(`${OIDC}/auth`, (req) => {
		const clientId = req.query.get('client_id') ?? '';
		const redirectUri = req.query.get('redirect_uri') ?? '';
		if (!state.clients.has(clientId)) return tokenError('unauthorized_client', 'Unknown client');
		if (req.query.get('response_type') !== 'code' || !redirectUri) return tokenError('invalid_request', 'response_type=code and redirect_uri are required');
		const code = random();
		state.codes.set(code, { clientId, redirectUri, scope: req.query.get('scope') ?? 'openid', expiresAt: Date.now() + 5 * 60_000 });
		const target = new URL(redirectUri);
		target.searchParams.set('code', code);
		const stateParam = req.query.get('state');
		if (stateParam) target.searchParams.set('state', stateParam);
		return { status: 302, headers: { Location: target.toString() } };
	});

	publicRouter.post(`${OIDC}/token`, (req) => {
		if (req.query.size > 0) return tokenError('invalid_request', 'Token parameters must be sent in the form body');
		const form = new URLSearchParams(req.rawBody.toString('utf8'));
		const { id, secret } = clientAuth(req, form);
		const client = id ? state.clients.get(id) : undefined;
		if (!client || client.secret !== secret) return tokenError('invalid_client', 'Invalid client credentials', 401);
		const grant = form.get('grant_type');
		if (grant === 'authorization_code') {
			const code = state.codes.get(form.get('code') ?? '');
			state.codes.delete(form.get('code') ?? '');
			if (!code || code.clientId !== id || code.expiresAt < Date.now()) return tokenError('invalid_grant', 'Code not valid');
			if (form.get('redirect_uri') && form.get('redirect_uri') !== code.redirectUri) return tokenError('invalid_grant', 'Incorrect redirect_uri');
			return { status: 200, body: issue(state, id!, code.scope) };
		}
		if (grant === 'refresh_token') {
			const refresh = state.refreshTokens.get(form.get('refresh_token') ?? '');
			if (!refresh || refresh.clientId !== id) return tokenError('invalid_grant', 'Invalid refresh token');
			// Rotation: the used refresh token dies with this call.
			state.refreshTokens.delete(form.get('refresh_token') ?? '');
			return { status: 200, body: issue(state, id!, refresh.scope) };
		}
		return tokenError('unsupported_grant_type', `Unsupported grant_type "${String(grant)}"`);
	});

	publicRouter.get(`${OIDC}/userinfo`, (req, ctx) => {
		const token = /^Bearer\s+(\S+)$/i.exec(String(req.headers.authorization ?? ''))?.[1] ?? '';
		const tenant = tenantOfAccessToken(state, token, ctx);
		if (!tenant) return { status: 401, body: { error: 'invalid_token' } };
		return { status: 200, body: { sub: `user-${tenant.userId}`, email: 'owner@example.com', company_id: tenant.token.slice(-8), company_name: 'Example AG' } };
	});

	const json = (req: SandboxRequest) => JSON.parse(req.rawBody.toString('utf8') || '{}') as Record<string, unknown>;
	adminRouter.post('/_sandbox/oauth/clients', (req, ctx) => {
		const b = json(req);
		if (!ctx.tenantByToken(b.token as string)) return { status: 404, body: { message: 'unknown tenant token' } };
		const clientId = `client-${random(8)}`;
		const secret = random(24);
		state.clients.set(clientId, { secret, tenantToken: b.token as string, accessTokenTtlSeconds: Number(b.accessTokenTtlSeconds ?? 3600) });
		return { status: 201, body: { client_id: clientId, client_secret: secret } };
	});
	adminRouter.post('/_sandbox/oauth/tokens', (req) => {
		const b = json(req);
		const clientId = b.clientId as string;
		if (!state.clients.has(clientId)) return { status: 404, body: { message: 'unknown client' } };
		return { status: 201, body: issue(state, clientId, String(b.scope ?? 'openid offline_access')) };
	});
	adminRouter.post('/_sandbox/oauth/expire', (req) => {
		const b = json(req);
		let expired = 0;
		for (const [token, entry] of state.accessTokens) {
			if (token === b.accessToken || (b.token && entry.tenantToken === b.token)) {
				entry.expiresAt = 0;
				expired += 1;
			}
		}
		return { status: 200, body: { expired } };
	});
}
