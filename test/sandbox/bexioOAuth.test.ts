import { startBexioSandbox, type BexioTenant } from '../../sandbox/bexio';
import type { RunningSandbox } from '../../sandbox/core/server';

/** bexio's Keycloak realm on the simulator: code flow, rotating refresh tokens, expiry. */

let sandbox: RunningSandbox<BexioTenant>;
const OIDC = '/realms/bexio/protocol/openid-connect';
const REDIRECT = 'http://127.0.0.1:9/callback';

beforeAll(async () => {
	sandbox = await startBexioSandbox();
});
afterAll(async () => {
	await sandbox.close();
});

async function admin<T = Record<string, string>>(path: string, body: unknown): Promise<T> {
	const res = await fetch(`${sandbox.url}/_sandbox${path}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});
	return (await res.json()) as T;
}

async function setup(ttl = 600) {
	const { token } = await admin('/tenants', { rateLimit: { disabled: true } });
	const client = await admin('/oauth/clients', {
		token,
		accessTokenTtlSeconds: ttl,
		redirectUris: [REDIRECT],
	});
	return { token, client };
}

async function authorize(clientId: string, scope: string, redirect = REDIRECT) {
	const query = new URLSearchParams({
		client_id: clientId,
		redirect_uri: redirect,
		response_type: 'code',
		scope,
		state: 'xyz',
	});
	return fetch(`${sandbox.url}${OIDC}/auth?${query}`, { redirect: 'manual' });
}

async function tokenCall(
	fields: Record<string, string>,
	headers: Record<string, string> = {},
	query = '',
) {
	const res = await fetch(`${sandbox.url}${OIDC}/token${query}`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
		body: new URLSearchParams(fields),
	});
	return { status: res.status, body: (await res.json()) as Record<string, string | number> };
}

const me = (accessToken: string) =>
	fetch(`${sandbox.url}/3.0/users/me`, {
		headers: { Authorization: `Bearer ${accessToken}`, Accept: 'application/json' },
	});

describe('bexio OAuth2', () => {
	it('publishes the discovery document with the realm endpoints', async () => {
		const doc = (await (
			await fetch(`${sandbox.url}/realms/bexio/.well-known/openid-configuration`)
		).json()) as Record<string, string>;
		expect(doc.token_endpoint).toBe(`${sandbox.url}${OIDC}/token`);
		expect(doc.authorization_endpoint).toBe(`${sandbox.url}${OIDC}/auth`);
		expect(doc.userinfo_endpoint).toBe(`${sandbox.url}${OIDC}/userinfo`);
	});

	it('runs the code flow; refresh tokens rotate; an expired access token is refused until refreshed', async () => {
		const { client } = await setup();
		const auth = await authorize(client.client_id, 'openid offline_access contact_show');
		expect(auth.status).toBe(302);
		const location = new URL(auth.headers.get('location')!);
		expect(`${location.origin}${location.pathname}`).toBe(REDIRECT);
		expect(location.searchParams.get('state')).toBe('xyz');
		const code = location.searchParams.get('code')!;
		const creds = { client_id: client.client_id, client_secret: client.client_secret };

		const first = await tokenCall({
			...creds,
			grant_type: 'authorization_code',
			code,
			redirect_uri: REDIRECT,
		});
		expect(first.status).toBe(200);
		expect(first.body).toMatchObject({
			token_type: 'Bearer',
			expires_in: 600,
			scope: 'openid offline_access contact_show',
		});
		expect(String(first.body.id_token).split('.')).toHaveLength(3);
		expect(
			(
				await tokenCall({
					...creds,
					grant_type: 'authorization_code',
					code,
					redirect_uri: REDIRECT,
				})
			).status,
		).toBe(400);
		const access = String(first.body.access_token);
		expect((await me(access)).status).toBe(200);
		const info = (await (
			await fetch(`${sandbox.url}${OIDC}/userinfo`, {
				headers: { Authorization: `Bearer ${access}` },
			})
		).json()) as Record<string, string>;
		expect(info).toMatchObject({ locale: 'de-CH', company_name: 'Example AG' });

		await admin('/oauth/expire', { accessToken: access });
		const expired = await me(access);
		expect(expired.status).toBe(401);
		expect(await expired.json()).toMatchObject({ error_code: 401 });

		const basic = `Basic ${Buffer.from(`${client.client_id}:${client.client_secret}`).toString('base64')}`;
		const refreshed = await tokenCall(
			{ grant_type: 'refresh_token', refresh_token: String(first.body.refresh_token) },
			{ Authorization: basic },
		);
		expect(refreshed.status).toBe(200);
		expect(refreshed.body.refresh_token).not.toBe(first.body.refresh_token);
		expect((await me(String(refreshed.body.access_token))).status).toBe(200);
		expect(
			(
				await tokenCall({
					...creds,
					grant_type: 'refresh_token',
					refresh_token: String(first.body.refresh_token),
				})
			).status,
		).toBe(400);
		expect(
			(
				await tokenCall({
					...creds,
					grant_type: 'refresh_token',
					refresh_token: String(refreshed.body.refresh_token),
					scope: 'openid accounting',
				})
			).body.error,
		).toBe('invalid_scope');
	});

	it('refuses query-string parameters, wrong secrets and unregistered redirects; no refresh token without offline_access', async () => {
		const { client } = await setup();
		const inQuery = await tokenCall(
			{},
			{},
			`?grant_type=authorization_code&client_id=${client.client_id}`,
		);
		expect(inQuery.status).toBe(400);
		expect(
			(
				await tokenCall({
					client_id: client.client_id,
					client_secret: 'wrong',
					grant_type: 'refresh_token',
					refresh_token: 'x',
				})
			).status,
		).toBe(401);
		expect((await authorize(client.client_id, 'openid', 'http://127.0.0.1:9/other')).status).toBe(
			400,
		);
		const code = new URL(
			(await authorize(client.client_id, 'openid')).headers.get('location')!,
		).searchParams.get('code')!;
		const answer = await tokenCall({
			client_id: client.client_id,
			client_secret: client.client_secret,
			grant_type: 'authorization_code',
			code,
			redirect_uri: REDIRECT,
		});
		expect(answer.status).toBe(200);
		expect(answer.body.refresh_token).toBeUndefined();
	});

	it('mints token pairs for a tenant and expires all of its access tokens on request', async () => {
		const { token } = await setup();
		const minted = await admin<Record<string, string>>('/oauth/tokens', {
			token,
			scope: 'openid offline_access',
		});
		expect((await me(minted.access_token)).status).toBe(200);
		expect((await admin<{ expired: number }>('/oauth/expire', { token })).expired).toBe(1);
		expect((await me(minted.access_token)).status).toBe(401);
		const again = await tokenCall({
			client_id: minted.client_id,
			client_secret: minted.client_secret,
			grant_type: 'refresh_token',
			refresh_token: minted.refresh_token,
		});
		expect((await me(String(again.body.access_token))).status).toBe(200);
	});

	it("lists every secret it issued, rotated and expired ones included, for the chaos suite's secret scan", async () => {
		const { token } = await setup();
		const minted = await admin<Record<string, string>>('/oauth/tokens', {
			token,
			scope: 'openid offline_access',
		});
		const again = await tokenCall({
			client_id: minted.client_id,
			client_secret: minted.client_secret,
			grant_type: 'refresh_token',
			refresh_token: minted.refresh_token,
		});
		const listed = (await (await fetch(`${sandbox.url}/_sandbox/secrets`)).json()) as Array<{
			kind: string;
			value: string;
		}>;
		expect(listed).toEqual(
			expect.arrayContaining([
				{ kind: 'tenant token', value: token },
				{ kind: 'oauth client secret', value: minted.client_secret },
				{ kind: 'oauth access token', value: minted.access_token },
				{ kind: 'oauth refresh token', value: minted.refresh_token },
				{ kind: 'oauth access token', value: String(again.body.access_token) },
				{ kind: 'oauth refresh token', value: String(again.body.refresh_token) },
			]),
		);
		// The default token a sandbox starts with is listed too.
		expect(listed.filter((s) => s.kind === 'tenant token').length).toBeGreaterThanOrEqual(2);
	});
});
