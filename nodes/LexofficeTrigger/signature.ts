import { createPublicKey, verify, type KeyObject } from 'node:crypto';

/** Where Lexware publishes the key that signs webhook deliveries. */
export const OFFICIAL_PUBLIC_KEY_URL =
	'https://developers.lexware.io/webhookSignature/public/public_key.pub';

const KEY_TTL_MS = 60 * 60 * 1000;
const keys = new Map<string, { key: KeyObject; fetchedAt: number }>();

/**
 * The public key from `url`, cached for an hour. Lexware documents no key rotation, so a verification
 * failure is never answered by refetching (that would let a forger force fetches).
 */
export async function publicKeyFrom(
	url: string,
	fetchPem: (url: string) => Promise<string>,
): Promise<KeyObject> {
	const cached = keys.get(url);
	if (cached && Date.now() - cached.fetchedAt < KEY_TTL_MS) return cached.key;
	const key = createPublicKey(await fetchPem(url));
	keys.set(url, { key, fetchedAt: Date.now() });
	return key;
}

/**
 * Whether `signature` (base64 of an RSA PKCS#1 v1.5 signature with SHA-512) was made over exactly
 * these body bytes. Never throws on malformed input: a forged header is simply invalid.
 */
export function isValidSignature(
	rawBody: Buffer,
	signature: string | undefined,
	key: KeyObject,
): boolean {
	if (!signature || !/^[A-Za-z0-9+/=\s]+$/.test(signature)) return false;
	try {
		return verify('sha512', rawBody, key, Buffer.from(signature.trim(), 'base64'));
	} catch {
		return false;
	}
}

/**
 * Deliveries are at-least-once and may repeat: remembers the last keys seen
 * per trigger so a repeated (eventType, resourceId, eventDate) starts no second execution.
 */
export class RecentDeliveries {
	private readonly seen = new Map<string, number>();

	constructor(private readonly capacity = 5000) {}

	/** True the first time a key is offered. */
	firstTime(key: string): boolean {
		if (this.seen.has(key)) return false;
		this.seen.set(key, Date.now());
		if (this.seen.size > this.capacity) {
			const oldest = this.seen.keys().next().value;
			if (oldest !== undefined) this.seen.delete(oldest);
		}
		return true;
	}
}
