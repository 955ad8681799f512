import { createHash } from 'node:crypto';

/** Tenant properties that are bookkeeping, not stored records (id sequences). */
const NOT_RECORDS = new Set(['counters']);

/**
 * What a tenant has stored: every Map-valued property (both simulators keep their records in Maps, bexio as
 * a Map of collections), counted and hashed. Tests compare two digests to prove that a refused request
 * stored or changed nothing, independent of what the request handler reports.
 */
export function recordsDigest(tenant: object): { records: number; digest: string } {
	let records = 0;
	const stores: Array<[string, unknown]> = [];
	for (const [key, value] of Object.entries(tenant)) {
		if (!(value instanceof Map) || NOT_RECORDS.has(key)) continue;
		for (const inner of value.values()) records += inner instanceof Map ? inner.size : 1;
		stores.push([key, value]);
	}
	// Collections created empty by a read are not a write.
	const json = JSON.stringify(stores, (_k, v: unknown) =>
		v instanceof Map ? [...v.entries()].filter(([, x]) => !(x instanceof Map && x.size === 0)) : v,
	);
	return { records, digest: createHash('sha256').update(json).digest('hex') };
}
