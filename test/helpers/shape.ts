/**
 * The shape of a JSON value: its keys and JSON types, recursively, without its data. Used to compare
 * what the sandbox answers with what the live API answered for the same request.
 */
export type Shape =
	| 'string'
	| 'number'
	| 'boolean'
	| 'null'
	| { array: Shape | null }
	| { object: Record<string, Shape> }
	/** Items of one array that disagree (e.g. a string and a number). */
	| { anyOf: Shape[] };

export function shapeOf(value: unknown): Shape {
	if (value === null || value === undefined) return 'null';
	if (Array.isArray(value))
		return {
			array: value.reduce<Shape | null>((merged, item) => merge(merged, shapeOf(item)), null),
		};
	if (typeof value === 'object') {
		return {
			object: Object.fromEntries(
				Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, shapeOf(v)]),
			),
		};
	}
	if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
		return typeof value as 'string' | 'number' | 'boolean';
	throw new TypeError(`not a JSON value: ${typeof value}`);
}

/** List rows merged into one item shape: the union of their keys, null giving way to a type. */
function merge(a: Shape | null, b: Shape): Shape {
	if (a === null || a === 'null') return b;
	if (b === 'null') return a;
	if (typeof a === 'object' && typeof b === 'object' && 'object' in a && 'object' in b) {
		const keys: Record<string, Shape> = { ...a.object };
		for (const [k, v] of Object.entries(b.object)) keys[k] = k in keys ? merge(keys[k], v) : v;
		return { object: keys };
	}
	if (typeof a === 'object' && typeof b === 'object' && 'array' in a && 'array' in b) {
		return { array: b.array === null ? a.array : merge(a.array, b.array) };
	}
	if (JSON.stringify(a) === JSON.stringify(b)) return a;
	const options = typeof a === 'object' && 'anyOf' in a ? a.anyOf : [a];
	return options.some((o) => JSON.stringify(o) === JSON.stringify(b))
		? a
		: { anyOf: [...options, b] };
}

export interface ShapeDiffOptions {
	/** Whether `null` on either side matches any type: whether a field is set is data, not shape. */
	nullMatchesAny?: boolean;
	/** Whether keys only `actual` has are differences too (default: yes). */
	reportExtraKeys?: boolean;
	/** Paths (`results[].id`, `positions`) whose shape depends on data, not compared. */
	ignore?: readonly string[];
}

function describe(shape: Shape | null): string {
	if (shape === null) return 'empty array item';
	if (typeof shape === 'string') return shape;
	if ('array' in shape) return 'array';
	if ('object' in shape) return 'object';
	return shape.anyOf.map(describe).join('|');
}

/**
 * Where `actual` differs from `expected`, one line per difference: `-path` a key `expected` has and
 * `actual` lacks, `+path` the reverse, `path: expected X, got Y` a type. An empty array on either side
 * says nothing about its items, so their shape is not compared.
 */
export function shapeDiff(
	expected: Shape,
	actual: Shape,
	options: ShapeDiffOptions = {},
	path = '',
): string[] {
	const here = path || '(root)';
	if (options.ignore?.includes(path)) return [];
	if (options.nullMatchesAny && (expected === 'null' || actual === 'null')) return [];
	if (typeof expected === 'object' && 'anyOf' in expected) {
		return expected.anyOf.some((e) => shapeDiff(e, actual, options, path).length === 0)
			? []
			: [`${here}: expected ${describe(expected)}, got ${describe(actual)}`];
	}
	if (typeof expected === 'string' || typeof actual === 'string' || 'anyOf' in actual) {
		return JSON.stringify(expected) === JSON.stringify(actual)
			? []
			: [`${here}: expected ${describe(expected)}, got ${describe(actual)}`];
	}
	if ('array' in expected && 'array' in actual) {
		if (expected.array === null || actual.array === null) return [];
		return shapeDiff(expected.array, actual.array, options, `${path}[]`);
	}
	if ('object' in expected && 'object' in actual) {
		const out: string[] = [];
		const prefix = path ? `${path}.` : '';
		for (const [key, shape] of Object.entries(expected.object)) {
			if (options.ignore?.includes(`${prefix}${key}`)) continue;
			if (!(key in actual.object)) out.push(`-${prefix}${key}`);
			else out.push(...shapeDiff(shape, actual.object[key], options, `${prefix}${key}`));
		}
		if (options.reportExtraKeys !== false) {
			for (const key of Object.keys(actual.object))
				if (!(key in expected.object) && !options.ignore?.includes(`${prefix}${key}`))
					out.push(`+${prefix}${key}`);
		}
		return out;
	}
	return [`${here}: expected ${describe(expected)}, got ${describe(actual)}`];
}
