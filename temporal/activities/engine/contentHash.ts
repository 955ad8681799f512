import { createHash } from 'node:crypto';

/** JSON with object keys sorted and undefined fields left out: equal content gives equal text. */
export function stableJson(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
	if (value && typeof value === 'object') {
		const entries = Object.entries(value as Record<string, unknown>)
			.filter(([, v]) => v !== undefined)
			.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
		return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
	}
	return JSON.stringify(value ?? null);
}

/**
 * The content hash links store to tell an unchanged record from a changed one (sha256, 32 hex digits).
 * `scope` (kind and mapping version) is hashed along, so a new mapping writes every record again.
 * Stored hashes depend on this exact text: changing it makes the next run rewrite everything.
 */
export function contentHash(value: unknown, scope?: string): string {
	const text = scope === undefined ? stableJson(value) : `${scope}:${stableJson(value)}`;
	return createHash('sha256').update(text).digest('hex').slice(0, 32);
}
