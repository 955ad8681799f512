/** JSON value types and narrowing helpers, so handlers can read untrusted bodies without `any`. */
export type Json = null | boolean | number | string | Json[] | JsonObject;
export interface JsonObject {
	[key: string]: Json;
}

export function isObject(value: unknown): value is JsonObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asObject(value: unknown): JsonObject | undefined {
	return isObject(value) ? value : undefined;
}

export function asString(value: unknown): string | undefined {
	return typeof value === 'string' ? value : undefined;
}

export function asNumber(value: unknown): number | undefined {
	return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function asArray(value: unknown): Json[] | undefined {
	return Array.isArray(value) ? (value as Json[]) : undefined;
}

export function isBlank(value: unknown): boolean {
	return typeof value !== 'string' || value.trim() === '';
}

/** Money rounding as the API does it: half away from zero on 2 (totals) or 4 (unit prices) decimals. */
export function round(value: number, decimals = 2): number {
	const f = 10 ** decimals;
	const shifted = Math.abs(value) * f;
	// The epsilon absorbs binary noise such as 2.545 being stored as 2.54499999.
	const rounded = Math.round(shifted + 1e-9) / f;
	return value < 0 ? -rounded : rounded;
}

/** Drops `undefined` members so the compact JSON matches what the API leaves out. */
export function compact(obj: Record<string, Json | undefined>): JsonObject {
	const out: JsonObject = {};
	for (const [k, v] of Object.entries(obj)) if (v !== undefined) out[k] = v;
	return out;
}
