import { bearerToken, type SandboxRequest, type SandboxResponse } from '../core/http';
import type { SandboxContext } from '../core/server';
import { bexioError } from './errors';
import { lookupAccessToken, type OAuthState } from './oauth';
import type { BexioTenant } from './store';

const WITH_BODY = ['POST', 'PUT', 'PATCH'];

/** `Accept` must allow JSON; binary downloads are exempt. */
function acceptsJson(req: SandboxRequest): boolean {
	if (/\/3\.0\/files\/[^/]+\/(download|preview)$/.test(req.path)) return true;
	const accept = String(req.headers.accept ?? '');
	return /application\/json|application\/\*|\*\/\*|application\/problem\+json/i.test(accept);
}

/**
 * Bearer check (PAT = tenant token, or an OAuth access token of the tenant), then the header rules of
 * 415 without a JSON `Accept`, 411 for a body request that declares no length.
 */
export function authenticate(
	req: SandboxRequest,
	ctx: SandboxContext<BexioTenant>,
	oauth: OAuthState,
): { tenant: BexioTenant } | { response: SandboxResponse } {
	const token = bearerToken(req.headers);
	if (!token)
		return {
			response: bexioError(
				401,
				'Unauthorized: the Authorization header with a bearer token is missing',
			),
		};
	let tenant = ctx.tenantByToken(token);
	if (!tenant) {
		const found = lookupAccessToken(oauth, token, ctx);
		if (!found) return { response: bexioError(401, 'Unauthorized: the access token is invalid') };
		if (!('tenant' in found))
			return { response: bexioError(401, 'Unauthorized: the access token has expired') };
		tenant = found.tenant;
	}
	if (!acceptsJson(req))
		return { response: bexioError(415, 'Unsupported Media Type: send Accept: application/json') };
	// Node reads chunked bodies fine; only a body request with neither length nor chunking is refused.
	if (
		WITH_BODY.includes(req.method) &&
		req.headers['content-length'] === undefined &&
		req.headers['transfer-encoding'] === undefined
	) {
		return { response: bexioError(411, 'Length Required') };
	}
	return { tenant };
}
