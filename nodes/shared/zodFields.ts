import type { INodeProperties, INodePropertyOptions, NodePropertyTypes } from 'n8n-workflow';
import type { z } from 'zod';

/**
 * Reads zod schemas of the catalog as n8n fields: each top-level key of an object schema becomes one
 * parameter; primitives map to n8n types, enums to options, nested objects and arrays to JSON fields.
 */

export interface FieldSpec {
	key: string;
	required: boolean;
	type: NodePropertyTypes;
	options?: INodePropertyOptions[];
	description?: string;
}

type Def = {
	typeName?: string;
	innerType?: z.ZodTypeAny;
	schema?: z.ZodTypeAny;
	values?: unknown;
	value?: unknown;
	type?: z.ZodTypeAny;
	options?: z.ZodTypeAny[];
};

const def = (schema: z.ZodTypeAny): Def => (schema as unknown as { _def: Def })._def;

/** Strips optional/nullable/default/effects wrappers; tells whether the key may be left out. */
export function unwrap(schema: z.ZodTypeAny): { inner: z.ZodTypeAny; optional: boolean } {
	let current = schema;
	let optional = false;
	for (let depth = 0; depth < 10; depth++) {
		const d = def(current);
		if (d.typeName === 'ZodOptional' || d.typeName === 'ZodDefault') {
			optional = true;
			current = d.innerType as z.ZodTypeAny;
		} else if (d.typeName === 'ZodNullable') {
			current = d.innerType as z.ZodTypeAny;
		} else if (d.typeName === 'ZodEffects') {
			current = d.schema as z.ZodTypeAny;
		} else if (
			d.typeName === 'ZodLazy' ||
			d.typeName === 'ZodBranded' ||
			d.typeName === 'ZodCatch'
		) {
			current = (d.innerType ?? d.type ?? d.schema) as z.ZodTypeAny;
		} else {
			break;
		}
	}
	return { inner: current, optional };
}

/** The shape of an object schema, or undefined when the schema is not an object. */
export function objectShape(
	schema: z.ZodTypeAny | undefined,
): Record<string, z.ZodTypeAny> | undefined {
	if (!schema) return undefined;
	const { inner } = unwrap(schema);
	if (def(inner).typeName !== 'ZodObject') return undefined;
	return (inner as z.AnyZodObject).shape as Record<string, z.ZodTypeAny>;
}

export function fieldSpecs(schema: z.ZodTypeAny | undefined): FieldSpec[] | undefined {
	const shape = objectShape(schema);
	if (!shape) return undefined;
	return Object.entries(shape).map(([key, value]) => {
		const { inner, optional } = unwrap(value);
		return {
			key,
			required: !optional,
			...n8nType(inner),
			description: value.description ?? inner.description,
		};
	});
}

function n8nType(schema: z.ZodTypeAny): Pick<FieldSpec, 'type' | 'options'> {
	const d = def(schema);
	switch (d.typeName) {
		case 'ZodString':
			return { type: 'string' };
		case 'ZodNumber':
		case 'ZodBigInt':
			return { type: 'number' };
		case 'ZodBoolean':
			return { type: 'boolean' };
		case 'ZodEnum':
			return { type: 'options', options: sortedOptions(d.values as string[]) };
		case 'ZodNativeEnum':
			return {
				type: 'options',
				options: sortedOptions(
					Object.values(d.values as Record<string, string>).filter((v) => typeof v === 'string'),
				),
			};
		case 'ZodLiteral':
			return typeof d.value === 'string'
				? { type: 'options', options: sortedOptions([d.value]) }
				: { type: 'json' };
		case 'ZodUnion': {
			const members = (d.options ?? []).map((o) => def(unwrap(o).inner).typeName);
			if (members.every((m) => m === 'ZodString' || m === 'ZodNumber')) return { type: 'string' };
			return { type: 'json' };
		}
		default:
			return { type: 'json' };
	}
}

function sortedOptions(values: string[]): INodePropertyOptions[] {
	return [...values].sort((a, b) => a.localeCompare(b)).map((v) => ({ name: v, value: v }));
}

/** `street_name` → `Street Name`, `voucherDateFrom` → `Voucher Date From`. */
export function displayNameOf(key: string): string {
	const words = key
		.replace(/([a-z0-9])([A-Z])/g, '$1 $2')
		.replace(/[_-]+/g, ' ')
		.trim()
		.split(/\s+/);
	return words
		.map((w) =>
			w.length <= 2 && w !== 'to' && w !== 'id' ? w.toUpperCase() : w[0].toUpperCase() + w.slice(1),
		)
		.join(' ')
		.replace(/\bId\b/g, 'ID');
}

export function defaultFor(
	type: NodePropertyTypes,
	options?: INodePropertyOptions[],
): INodeProperties['default'] {
	switch (type) {
		case 'number':
			return 0;
		case 'boolean':
			return false;
		case 'options':
			return (options?.[0]?.value as string) ?? '';
		case 'json':
			return '';
		default:
			return '';
	}
}

/** One n8n property for a schema field. */
export function propertyFor(spec: FieldSpec, name = spec.key): INodeProperties {
	const property: INodeProperties = {
		displayName: displayNameOf(spec.key),
		name,
		type: spec.type,
		default: defaultFor(spec.type, spec.options),
		description: spec.description ?? (spec.type === 'json' ? `"${spec.key}" as JSON` : undefined),
	};
	if (spec.options) property.options = spec.options;
	if (spec.required) property.required = true;
	return property;
}
