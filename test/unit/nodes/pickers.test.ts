import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { INodeProperties, INodeTypeDescription } from 'n8n-workflow';

import { pathParamNames, type Catalog } from '../../../clients/catalog';
import { Bexio } from '../../../nodes/Bexio/Bexio.node';
import { bexioPickers } from '../../../nodes/Bexio/actions/pickers';
import { Lexoffice } from '../../../nodes/Lexoffice/Lexoffice.node';
import { lexofficePickers } from '../../../nodes/Lexoffice/actions/pickers';
import { pathParamParameter } from '../../../nodes/shared/catalogProperties';
import {
	pickerMethodName,
	sourceNameOf,
	withPicker,
	type PickerTable,
} from '../../../nodes/shared/pickers';
import { fieldSpecs } from '../../../nodes/shared/zodFields';

/**
 * Every field of both catalogs that names another record has a picker (or a commented exemption),
 * and every picker in the node descriptions is backed by a method of the node.
 */

/** Names that reference a record without the `_id`/`Id` suffix. */
const KNOWN_REFERENCES = new Set(['currency', 'currency_code', 'countryCode']);
const isReference = (name: string) => /(_id|[a-z]Id)$/.test(name) || KNOWN_REFERENCES.has(name);

interface Field {
	resource: string;
	name: string;
	where: string;
}

/** Body, query and path fields of every operation, path parameters as the node names them. */
function referenceFields(catalog: Catalog): Field[] {
	const out: Field[] = [];
	for (const [id, op] of Object.entries(catalog)) {
		for (const p of pathParamNames(op.path))
			out.push({
				resource: op.resource,
				name: pathParamParameter(op.resource, p),
				where: `${id} path`,
			});
		for (const s of fieldSpecs(op.body) ?? [])
			out.push({ resource: op.resource, name: s.key, where: `${id} body` });
		for (const s of fieldSpecs(op.query) ?? [])
			out.push({ resource: op.resource, name: s.key, where: `${id} query` });
	}
	return out.filter((f) => isReference(f.name));
}

function isExempt(table: PickerTable, f: Pick<Field, 'resource' | 'name'>): boolean {
	return `${f.resource}.${f.name}` in table.exempt || f.name in table.exempt;
}

/** Every property of a description with the resource it is shown for, also inside collections and fixed collections. */
function allProperties(
	properties: INodeProperties[],
	resource = '',
): Array<INodeProperties & { resource: string }> {
	return properties.flatMap((p) => {
		const r = (p.displayOptions?.show?.resource?.[0] as string | undefined) ?? resource;
		const self = { ...p, resource: r };
		if (p.type === 'collection')
			return [self, ...allProperties((p.options ?? []) as INodeProperties[], r)];
		if (p.type === 'fixedCollection')
			return [
				self,
				...((p.options ?? []) as Array<{ values: INodeProperties[] }>).flatMap((o) =>
					allProperties(o.values, r),
				),
			];
		return [self];
	});
}

const hasPicker = (p: INodeProperties) =>
	(p.type === 'resourceLocator' && (p.modes ?? []).length > 0) ||
	(p.type === 'options' && (p.options?.length || p.typeOptions?.loadOptionsMethod));

const nodes = [
	{ api: 'bexio', table: bexioPickers, node: new Bexio() },
	{ api: 'lexoffice', table: lexofficePickers, node: new Lexoffice() },
];

describe.each(nodes)('$api pickers', ({ table, node }) => {
	it('maps every reference field of the catalog to a list, or exempts it with a reason', () => {
		const missing = referenceFields(table.catalog).filter(
			(f) => !sourceNameOf(table, f.resource, f.name) && !isExempt(table, f),
		);
		expect(missing.map((f) => `${f.name} (${f.where})`)).toEqual([]);
	});

	it('names only sources that exist, whose list operation is in the catalog', () => {
		for (const source of Object.values(table.fields))
			expect(Object.keys(table.sources)).toContain(source);
		for (const s of Object.values(table.sources)) {
			for (const list of [s.list, ...Object.values(s.listByParameter?.lists ?? {})])
				if (list) expect(Object.keys(table.catalog)).toContain(list);
			if (s.search && 'operation' in s.search)
				expect(Object.keys(table.catalog)).toContain(s.search.operation);
		}
		for (const reason of Object.values(table.exempt)) expect(reason.length).toBeGreaterThan(10);
	});

	it('shows every reference field of the node as a locator or a dropdown', () => {
		const description = node.description as INodeTypeDescription;
		const plain = allProperties(description.properties).filter(
			(p) => isReference(p.name) && !hasPicker(p) && !isExempt(table, p),
		);
		expect(plain.map((p) => `${p.resource}.${p.name} (${p.type})`)).toEqual([]);
	});

	it('backs every picker of the description with a method of the node', () => {
		const description = node.description as INodeTypeDescription;
		const methods = node.methods as {
			listSearch: Record<string, unknown>;
			loadOptions: Record<string, unknown>;
		};
		for (const p of allProperties(description.properties)) {
			const load = p.typeOptions?.loadOptionsMethod as string | undefined;
			if (load) expect(Object.keys(methods.loadOptions)).toContain(load);
			for (const mode of p.modes ?? []) {
				const search = mode.typeOptions?.searchListMethod;
				if (search) expect(Object.keys(methods.listSearch)).toContain(search);
			}
		}
	});
});

describe('picker shapes', () => {
	it('makes a bexio tax a dropdown and a contact a locator with list, ID and URL', () => {
		const tax = withPicker(bexioPickers, 'documentPosition', {
			displayName: 'Tax ID',
			name: 'tax_id',
			type: 'number',
			default: 0,
		});
		expect(tax).toMatchObject({
			type: 'options',
			displayName: 'Tax Name or ID',
			typeOptions: { loadOptionsMethod: pickerMethodName('taxes', 'dropdown') },
			default: '',
		});
		const contact = withPicker(bexioPickers, 'invoice', {
			displayName: 'Contact ID',
			name: 'contact_id',
			type: 'number',
			default: 0,
			required: true,
		});
		expect(contact.type).toBe('resourceLocator');
		expect((contact.modes ?? []).map((m) => m.name)).toEqual(['list', 'id', 'url']);
	});

	it('keeps "the connected user" as the default of a required bexio user field', () => {
		const user = withPicker(bexioPickers, 'invoice', {
			displayName: 'User ID',
			name: 'user_id',
			type: 'number',
			default: 0,
			required: true,
		});
		expect(user.default).toBe(0);
	});

	it('puts pickers into the line items of a lexoffice invoice', () => {
		const create = allProperties(new Lexoffice().description.properties).filter(
			(p) => p.resource === 'invoice',
		);
		expect(create.find((p) => p.name === 'articleId')?.type).toBe('resourceLocator');
		expect(create.find((p) => p.name === 'countryCode')?.typeOptions?.loadOptionsMethod).toBe(
			'getCountries',
		);
	});
});

describe('documentation links', () => {
	const root = join(__dirname, '..', '..', '..');
	const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { homepage: string };
	const anchors = new Set(
		readFileSync(join(root, 'README.md'), 'utf8')
			.split('\n')
			.filter((l) => /^#{1,6} /.test(l))
			.map((l) =>
				l
					.replace(/^#+ /, '')
					.trim()
					.toLowerCase()
					.replace(/[^\w\- ]/g, '')
					.replace(/ /g, '-'),
			),
	);
	const files = [
		'nodes/Bexio/Bexio.node.json',
		'nodes/Lexoffice/Lexoffice.node.json',
		'nodes/BexioLexofficeJobs/BexioLexofficeJobs.node.json',
		'credentials/BexioApi.credentials.ts',
		'credentials/BexioOAuth2Api.credentials.ts',
		'credentials/LexofficeApi.credentials.ts',
		'credentials/TemporalApi.credentials.ts',
	];
	/** Documentation hosts that exist; the package's own pages must name a README heading. */
	const DOCS = [
		/^https:\/\/docs\.bexio\.com\//,
		/^https:\/\/developers\.lexware\.io\//,
		/^https:\/\/docs\.n8n\.io\//,
	];

	it.each(files)('%s links to existing documentation', (file) => {
		const text = readFileSync(join(root, file), 'utf8');
		const links = [
			...text.matchAll(/(?:"url": "|documentationUrl =\s*'|href=")(https?:\/\/[^"']+)/g),
		].map((m) => m[1]);
		expect(links.length).toBeGreaterThan(0);
		for (const link of links) {
			if (link.startsWith(`${pkg.homepage}#`))
				expect(anchors).toContain(link.slice(pkg.homepage.length + 1));
			else
				expect(DOCS.some((d) => d.test(link)) ? link : `not a documentation page: ${link}`).toBe(
					link,
				);
		}
	});
});
