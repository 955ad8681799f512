/**
 * The shape of a JSON value: object keys and JSON types, recursively. Two bodies have the same shape when
 * they differ only in data. `null` says nothing about a field's type (an empty optional value), so it
 * matches any type; array elements are merged into one element shape, so a list of records compares by
 * the union of their keys.
 */
export type Shape =
	| { type: 'null' | 'string' | 'number' | 'boolean' }
	| { type: 'array'; element?: Shape }
	| { type: 'object'; keys: Record<string, Shape> };

export function shapeOf(value: unknown): Shape {
	if (value === null || value === undefined) return { type: 'null' };
	if (Array.isArray(value)) return { type: 'array', element: value.map(shapeOf).reduce<Shape | undefined>((a, b) => (a ? mergeShapes(a, b) : b), undefined) };
	if (typeof value === 'object') return { type: 'object', keys: Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shapeOf(v)])) };
	const t = typeof value;
	if (t === 'string' || t === 'number' || t === 'boolean') return { type: t };
	throw new Error(`not a JSON value: ${t}`);
}

/** One shape covering both (a key present in either; a type known in either). */
export function mergeShapes(a: Shape, b: Shape): Shape {
	if (a.type === 'null') return b;
	if (b.type === 'null' || a.type !== b.type) return a;
	if (a.type === 'array' && b.type === 'array') return { type: 'array', element: a.element && b.element ? mergeShapes(a.element, b.element) : (a.element ?? b.element) };
	if (a.type === 'object' && b.type === 'object') {
		const keys: Record<string, Shape> = { ...a.keys };
		for (const [k, v] of Object.entries(b.keys)) keys[k] = keys[k] ? mergeShapes(keys[k], v) : v;
		return { type: 'object', keys };
	}
	return a;
}

/**
 * Where `actual` does not have the shape of `expected`, one line per difference (`path: …`): a key
 * missing or extra, a different JSON type. `null` on either side and empty arrays match anything.
 * `ignore` lists paths (`results[].id`, `positions`) whose shape depends on data.
 */
export function shapeDiff(expected: unknown, actual: unknown, ignore: readonly string[] = []): string[] {
	return diff(shapeOf(expected), shapeOf(actual), '', new Set(ignore));
}

function diff(e: Shape, a: Shape, path: string, ignore: Set<string>): string[] {
	if (ignore.has(path)) return [];
	const at = path || '(root)';
	if (e.type === 'null' || a.type === 'null') return [];
	if (e.type !== a.type) return [`${at}: expected ${e.type}, got ${a.type}`];
	if (e.type === 'array' && a.type === 'array') return e.element && a.element ? diff(e.element, a.element, `${path}[]`, ignore) : [];
	if (e.type === 'object' && a.type === 'object') {
		const out: string[] = [];
		const prefix = path ? `${path}.` : '';
		for (const key of Object.keys(e.keys)) {
			if (ignore.has(`${prefix}${key}`)) continue;
			if (!(key in a.keys)) out.push(`${prefix}${key}: missing`);
			else out.push(...diff(e.keys[key], a.keys[key], `${prefix}${key}`, ignore));
		}
		for (const key of Object.keys(a.keys)) if (!(key in e.keys) && !ignore.has(`${prefix}${key}`)) out.push(`${prefix}${key}: not expected`);
		return out;
	}
	return [];
}
