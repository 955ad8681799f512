import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type {
	INodeProperties,
	INodePropertyCollection,
	INodePropertyOptions,
	NodeParameterValueType,
} from 'n8n-workflow';

import { versionDescription } from '../../../nodes/BexioLexofficeJobs/actions/versionDescription';

/**
 * The Jobs node's parameter names and values are its interface: every Jobs node saved in a template
 * must still find each of its parameters (and option values) shown for its resource and operation.
 */
type Parameters = Record<string, NodeParameterValueType>;

const root = join(__dirname, '..', '..', '..');
const savedNodes = readdirSync(join(root, 'workflows'))
	.filter((f) => f.endsWith('.json'))
	.flatMap((file) => {
		const workflow = JSON.parse(readFileSync(join(root, 'workflows', file), 'utf8')) as {
			nodes: Array<{ name: string; type: string; parameters: Parameters }>;
		};
		return workflow.nodes
			.filter((n) => n.type.endsWith('.bexioLexofficeJobs'))
			.map((n) => ({ file, node: n.name, parameters: n.parameters }));
	});

/** Whether a property is shown for these parameters (absent ones take their default). */
function shown(property: INodeProperties, parameters: Parameters): boolean {
	const value = (name: string) =>
		parameters[name] ??
		versionDescription.properties.find((p) => p.name === name && shown(p, parameters))?.default;
	return Object.entries(property.displayOptions?.show ?? {}).every(([name, allowed]) =>
		(allowed as unknown[]).includes(value(name)),
	);
}

function problems(parameters: Parameters): string[] {
	const out: string[] = [];
	for (const [name, value] of Object.entries(parameters)) {
		const property = versionDescription.properties.find(
			(p) => p.name === name && shown(p, parameters),
		);
		if (!property) {
			out.push(
				`"${name}" is not a parameter of ${String(parameters.resource)} → ${String(parameters.operation)}`,
			);
			continue;
		}
		const expression = typeof value === 'string' && value.startsWith('=');
		if (
			property.type === 'options' &&
			!expression &&
			// Options loaded from the worker (connections) are known only at run time.
			property.options !== undefined &&
			!(property.options as INodePropertyOptions[]).some((o) => o.value === value)
		)
			out.push(`"${name}" has no option ${JSON.stringify(value)}`);
		if (property.type === 'collection' && value && typeof value === 'object') {
			const known = (property.options as Array<INodeProperties | INodePropertyCollection>).map(
				(o) => o.name,
			);
			for (const key of Object.keys(value))
				if (!known.includes(key)) out.push(`"${name}.${key}" is not an option of ${name}`);
		}
	}
	return out;
}

describe('Jobs node parameters of saved workflows', () => {
	it('the templates hold Jobs nodes to check', () => expect(savedNodes.length).toBeGreaterThan(3));

	it.each(savedNodes)('$file: $node', ({ parameters }) => expect(problems(parameters)).toEqual([]));

	it.each([
		{
			name: 'an unknown parameter',
			parameters: { resource: 'job', operation: 'start', taxMap: '{}' },
			problem: '"taxMap" is not a parameter of job → start',
		},
		{
			name: 'a parameter of another operation',
			parameters: { resource: 'job', operation: 'getProgress', maxWaitSeconds: 10 },
			problem: '"maxWaitSeconds" is not a parameter of job → getProgress',
		},
		{
			name: 'an unknown option value',
			parameters: { resource: 'job', operation: 'start', kind: 'orders' },
			problem: '"kind" has no option "orders"',
		},
		{
			name: 'an unknown collection option',
			parameters: { resource: 'job', operation: 'start', importOptions: { dry: true } },
			problem: '"importOptions.dry" is not an option of importOptions',
		},
	])('the check itself finds $name', ({ parameters, problem }) =>
		expect(problems(parameters)).toEqual([problem]),
	);
});
