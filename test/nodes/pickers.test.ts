import { connectBexio, type BexioClient } from '../../clients/bexio';
import { pathParamNames } from '../../clients/catalog';
import { bexioPickers } from '../../nodes/Bexio/actions/pickers';
import { lexofficePickers } from '../../nodes/Lexoffice/actions/pickers';
import { pickerMethodName, type PickerTable } from '../../nodes/shared/pickers';
import { connectLexoffice, type LexofficeClient } from '../../clients/lexoffice';
import { loadOptions, searchList, type PickerOption } from '../helpers/editor';
import { createCredential, testN8n, type N8nInstance } from '../helpers/n8n';
import { runNode } from '../helpers/nodeRunner';
import { newTenant, records, sandboxUrl } from '../helpers/sandbox';

/**
 * The pickers as the n8n editor fills them: the REST endpoints behind dropdowns and resource-locator
 * lists, called on a real n8n against sandbox accounts, and nodes configured only with picked values.
 */

type Item = Record<string, unknown>;
type Credentials = Record<string, { id: string; name: string }>;

let n8n: N8nInstance;
let bexioToken: string;
let bexio: BexioClient;
let bexioCredentials: Credentials;
let lexoffice: LexofficeClient;
let lexofficeToken: string;
let lexofficeCredentials: Credentials;

beforeAll(async () => {
	n8n = testN8n();
	bexioToken = await newTenant('bexio', { disabled: true });
	bexio = connectBexio({
		baseUrl: sandboxUrl('bexio'),
		token: bexioToken,
		rateLimit: { ratePerSecond: 100, burst: 20 },
	});
	const b = await createCredential(n8n, `bexio pickers ${bexioToken.slice(-6)}`, 'bexioApi', {
		accessToken: bexioToken,
		baseUrl: sandboxUrl('bexio'),
	});
	bexioCredentials = { bexioApi: { id: b.id, name: b.name } };
	await bexio.call('fictionalUser.create', {
		body: {
			salutation_type: 'female',
			firstname: 'Erika',
			lastname: 'Muster',
			email: 'erika@example.com',
		},
	});
	await bexio.call('businessActivity.create', { body: { name: 'Beratung' } });

	lexofficeToken = await newTenant('lexoffice', { perSecond: 200, burst: 200 });
	lexoffice = connectLexoffice({
		baseUrl: sandboxUrl('lexoffice'),
		apiKey: lexofficeToken,
		rateLimit: { ratePerSecond: 100, burst: 20 },
	});
	const l = await createCredential(
		n8n,
		`lexoffice pickers ${lexofficeToken.slice(-6)}`,
		'lexofficeApi',
		{ apiKey: lexofficeToken, baseUrl: sandboxUrl('lexoffice') },
	);
	lexofficeCredentials = { lexofficeApi: { id: l.id, name: l.name } };
});

const names = (options: PickerOption[]) => options.map((o) => o.name);

/** Master data of a fresh sandbox account, as a user sees it in each dropdown. */
const BEXIO_DROPDOWNS: Array<[string, string[]]> = [
	[
		'getUsers',
		[
			'The Connected User',
			'Rudolph Smith (rudolph.smith@example.com)',
			'Anna Meier (anna.meier@example.com)',
		],
	],
	['getFictionalUsers', ['Erika Muster (erika@example.com)']],
	[
		'getTaxes',
		[
			'UN81 - 8.1% (sales tax, valid 2024–today)',
			'UN77 - 7.7% (sales tax, valid 2018–2023) – inactive',
			'VM81 - 8.1% (input tax, valid 2024–today)',
		],
	],
	['getAccounts', ['1000 Kasse', '3200 Warenertrag', '3400 Dienstleistungsertrag']],
	['getUnits', ['Stk', 'h', 'Pauschal']],
	['getCurrencies', ['CHF', 'EUR', 'USD']],
	['getCountries', ['Schweiz (CH)', 'Deutschland (DE)']],
	['getLanguages', ['Deutsch', 'Français', 'English']],
	['getSalutations', ['Herr', 'Frau']],
	['getTitles', ['Dr.', 'Prof.']],
	['getPaymentTypes', ['Barzahlung', 'Überweisung']],
	['getBankAccounts', ['Hauptkonto (CH9300762011623852957)', 'Kasse']],
	['getBusinessActivities', ['Beratung']],
	['getStockLocations', ['Hauptlager']],
	['getStockAreas', ['Regal A', 'Regal B']],
	['getProjectStatuses', ['Offen', 'Aktiv']],
	['getProjectTypes', ['Kundenprojekt']],
];

describe('bexio dropdowns in n8n', () => {
	it.each(BEXIO_DROPDOWNS)("%s lists the account's names", async (methodName, expected) => {
		const options = await loadOptions(n8n, {
			node: 'bexio',
			methodName,
			credentials: bexioCredentials,
			parameters: { authentication: 'accessToken' },
		});
		expect(names(options)).toEqual(expect.arrayContaining(expected));
		for (const o of options) expect(['number', 'string']).toContain(typeof o.value);
	});

	it('gives the connected user the value 0 the node resolves before sending', async () => {
		const options = await loadOptions(n8n, {
			node: 'bexio',
			methodName: 'getUsers',
			credentials: bexioCredentials,
			parameters: { authentication: 'accessToken' },
		});
		expect(options[0]).toMatchObject({ name: 'The Connected User', value: 0 });
	});
});

const LEXOFFICE_DROPDOWNS: Array<[string, string[]]> = [
	['getPostingCategories', ['Einnahmen › Warenverkäufe (income)', 'Büro › Bürobedarf (expense)']],
	['getPrintLayouts', ['Standard (default)', 'Alternate layout']],
	[
		'getPaymentConditions',
		['Zahlbar in 14 Tagen, rein netto ohne Abzug', '10 Tage -3 %, 30 Tage netto (default)'],
	],
	['getCountries', ['Germany (DE)', 'Austria (AT)']],
];

describe('lexoffice dropdowns in n8n', () => {
	it.each(LEXOFFICE_DROPDOWNS)("%s lists the account's names", async (methodName, expected) => {
		const options = await loadOptions(n8n, {
			node: 'lexoffice',
			methodName,
			credentials: lexofficeCredentials,
		});
		expect(names(options)).toEqual(expect.arrayContaining(expected));
	});
});

describe('contact locators in n8n', () => {
	beforeAll(async () => {
		// More contacts than one page of the list, so paging is exercised.
		const rows = Array.from({ length: 105 }, (_, i) => ({
			contact_type_id: 1,
			name_1: `Firma ${String(i).padStart(3, '0')}`,
			user_id: 1,
			owner_id: 1,
		}));
		await bexio.call('contact.bulkCreate', { body: rows });
		await bexio.call('contact.create', {
			body: { contact_type_id: 1, name_1: 'Muster AG', user_id: 1, owner_id: 1 },
		});
		for (const name of ['Muster GmbH', 'Beispiel KG']) {
			await lexoffice.call('contact.create', {
				body: { version: 0, roles: { customer: {} }, company: { name } },
			});
		}
	});

	const bexioCall = {
		node: 'bexio',
		methodName: 'searchContacts',
		parameters: { authentication: 'accessToken' },
	};

	it('bexio: searches by name on the server', async () => {
		const page = await searchList(n8n, { ...bexioCall, credentials: bexioCredentials }, 'Muster');
		expect(names(page.results)).toEqual([expect.stringMatching(/^Muster AG/)]);
		expect(page.results[0].url).toMatch(
			/^https:\/\/office\.bexio\.com\/index\.php\/kontakt\/show\/id\/\d+$/,
		);
	});

	it('bexio: pages through a long list with the token n8n hands back', async () => {
		const first = await searchList(n8n, { ...bexioCall, credentials: bexioCredentials });
		expect(first.results).toHaveLength(100);
		expect(first.paginationToken).toBeDefined();
		const second = await searchList(
			n8n,
			{ ...bexioCall, credentials: bexioCredentials },
			undefined,
			first.paginationToken,
		);
		expect(second.results).toHaveLength(6);
		expect(second.paginationToken).toBeUndefined();
		const ids = new Set([...first.results, ...second.results].map((r) => r.value));
		expect(ids.size).toBe(106);
	});

	it('lexoffice: searches by name on the server', async () => {
		const page = await searchList(
			n8n,
			{ node: 'lexoffice', methodName: 'searchContacts', credentials: lexofficeCredentials },
			'Muster',
		);
		expect(names(page.results)).toEqual([expect.stringMatching(/^Muster GmbH \(\d+\)$/)]);
		expect(page.results[0].url).toMatch(
			/^https:\/\/app\.lexware\.de\/permalink\/contacts\/view\/[0-9a-f-]{36}$/,
		);
	});

	it("names the credential and the API's reason when the list cannot be loaded", async () => {
		const bad = await createCredential(n8n, 'bexio revoked token', 'bexioApi', {
			accessToken: 'not-a-token',
			baseUrl: sandboxUrl('bexio'),
		});
		const failure = loadOptions(n8n, {
			node: 'bexio',
			methodName: 'getTaxes',
			credentials: { bexioApi: { id: bad.id, name: bad.name } },
			parameters: { authentication: 'accessToken' },
		});
		await expect(failure).rejects.toThrow(/credential "bexio revoked token".*HTTP 401/);
	});
});

/** Every picker's list, called as the editor calls it: the sandbox must serve each one the way the API does. */
function everyList(
	table: PickerTable,
	parents: Record<string, unknown> = {},
): Array<[string, 'dropdown' | 'locator', Record<string, unknown>]> {
	return Object.entries(table.sources)
		.filter(([, s]) => s.list)
		.map(([name, s]) => {
			const op = table.catalog[s.list as string];
			const needs = [
				...pathParamNames(op.path).map((p) =>
					p.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase()),
				),
				...(s.listByParameter ? [s.listByParameter.parameter] : []),
			];
			// The editor sends the node's resource and operation; a parent is read from the operation the list serves.
			const parameters = {
				resource: op.resource,
				operation: op.operation,
				...Object.fromEntries(needs.map((n) => [n, parents[n]])),
			};
			return [pickerMethodName(name, s.kind), s.kind, parameters] as [
				string,
				'dropdown' | 'locator',
				Record<string, unknown>,
			];
		})
		.filter(([, , parameters]) => Object.values(parameters).every((v) => v !== undefined));
}

describe('every picker list answers in the sandbox', () => {
	const rl = (value: unknown) => ({ __rl: true, mode: 'id', value: String(value) });
	let parents: Record<string, unknown> = {};
	beforeAll(async () => {
		const contact = (await bexio.call('contact.create', {
			body: { contact_type_id: 1, name_1: 'Eltern AG', user_id: 1, owner_id: 1 },
		})) as { id: number };
		const invoice = (await bexio.call('invoice.create', {
			body: {
				contact_id: contact.id,
				user_id: 1,
				positions: [{ type: 'KbPositionText', text: 'Hinweis' }],
			},
		})) as { id: number };
		const project = (await bexio.call('project.create', {
			body: {
				name: 'Eltern',
				pr_state_id: 1,
				pr_project_type_id: 1,
				contact_id: contact.id,
				user_id: 1,
			},
		})) as { id: number };
		parents = {
			contactId: rl(contact.id),
			invoiceId: rl(invoice.id),
			projectId: rl(project.id),
			kbDocumentType: 'kb_invoice',
			documentId: rl(invoice.id),
		};
	});

	it('bexio: each list without a parent, and those under a contact, invoice or project', async () => {
		const lists = everyList(bexioPickers, {
			contactId: 1,
			invoiceId: 1,
			projectId: 1,
			kbDocumentType: 'kb_invoice',
			documentId: 1,
		});
		expect(lists.length).toBeGreaterThan(40);
		const failures: string[] = [];
		for (const [methodName, kind, parameters] of lists) {
			const call = {
				node: 'bexio',
				methodName,
				credentials: bexioCredentials,
				parameters: {
					authentication: 'accessToken',
					...parameters,
					...Object.fromEntries(
						Object.keys(parameters)
							.filter((k) => k in parents)
							.map((k) => [k, parents[k]]),
					),
				},
			};
			try {
				if (kind === 'dropdown') await loadOptions(n8n, call);
				else await searchList(n8n, call);
			} catch (error) {
				failures.push(`${methodName}: ${error instanceof Error ? error.message : String(error)}`);
			}
		}
		expect(failures).toEqual([]);
	});

	it('lexoffice: each list', async () => {
		const failures: string[] = [];
		for (const [methodName, kind, parameters] of everyList(lexofficePickers)) {
			const call = { node: 'lexoffice', methodName, credentials: lexofficeCredentials, parameters };
			try {
				if (kind === 'dropdown') await loadOptions(n8n, call);
				else await searchList(n8n, call);
			} catch (error) {
				failures.push(`${methodName}: ${error instanceof Error ? error.message : String(error)}`);
			}
		}
		expect(failures).toEqual([]);
	});
});

describe('nodes configured only through pickers', () => {
	const pick = async (
		node: string,
		methodName: string,
		credentials: Credentials,
		name: RegExp,
		parameters: Item = {},
	) => {
		const options = await loadOptions(n8n, { node, methodName, credentials, parameters });
		const found = options.find((o) => name.test(o.name));
		if (!found)
			throw new Error(
				`${methodName} has no option matching ${String(name)}: ${names(options).join(', ')}`,
			);
		return found.value;
	};
	const locate = async (
		node: string,
		methodName: string,
		credentials: Credentials,
		filter: string,
		parameters: Item = {},
	) => {
		const page = await searchList(n8n, { node, methodName, credentials, parameters }, filter);
		if (!page.results[0]) throw new Error(`${methodName} found nothing for "${filter}"`);
		return {
			__rl: true,
			mode: 'list',
			value: page.results[0].value,
			cachedResultName: page.results[0].name,
		};
	};

	it('creates a bexio invoice with a position', async () => {
		const p = { authentication: 'accessToken' };
		const position = {
			type: 'KbPositionCustom',
			text: 'Beratung',
			amount: '2',
			unit_price: '150.00',
			unit_id: await pick('bexio', 'getUnits', bexioCredentials, /^h$/, p),
			tax_id: await pick('bexio', 'getTaxes', bexioCredentials, /^UN81 /, p),
			account_id: await pick('bexio', 'getAccounts', bexioCredentials, /^3400 /, p),
		};
		const parameters = {
			...p,
			resource: 'invoice',
			operation: 'create',
			bodyMode: 'fields',
			contact_id: await locate('bexio', 'searchContacts', bexioCredentials, 'Muster', p),
			user_id: await pick('bexio', 'getUsers', bexioCredentials, /^The Connected User$/, p),
			additionalFields: {
				title: 'Picked',
				currency_id: await pick('bexio', 'getCurrencies', bexioCredentials, /^CHF$/, p),
				bank_account_id: await pick('bexio', 'getBankAccounts', bexioCredentials, /^Hauptkonto/, p),
				positions: { position: [position] },
			},
		};
		const run = await runNode(n8n, {
			type: 'bexio',
			parameters,
			credentials: bexioCredentials,
			continueOnFail: false,
		});
		expect(run.error).toBeUndefined();
		const id = run.items[0].id;
		const stored = (await records<Item>('bexio', bexioToken, 'invoices')).find((i) => i.id === id);
		const muster = (await records<Item>('bexio', bexioToken, 'contacts')).find(
			(c) => c.name_1 === 'Muster AG',
		);
		expect(stored).toMatchObject({
			title: 'Picked',
			contact_id: muster?.id,
			user_id: 1,
			currency_id: 1,
			bank_account_id: 1,
		});
		const full = (await bexio.call('invoice.get', { path: { invoice_id: String(id) } })) as {
			positions?: Item[];
		};
		expect(full.positions).toEqual([
			expect.objectContaining({ text: 'Beratung', tax_id: 1, account_id: 7, unit_id: 2 }),
		]);
		expect([Number(full.positions?.[0].amount), Number(full.positions?.[0].unit_price)]).toEqual([
			2, 150,
		]);
	});

	it('creates a lexoffice invoice with a line item', async () => {
		const article = await lexoffice.call('article.create', {
			body: {
				title: 'Wartung',
				type: 'SERVICE',
				unitName: 'Stunde',
				price: { leadingPrice: 'NET', netPrice: 80, taxRate: 19 },
			},
		});
		const articles = await searchList(
			n8n,
			{ node: 'lexoffice', methodName: 'searchArticles', credentials: lexofficeCredentials },
			'Wartung',
		);
		const parameters = {
			resource: 'invoice',
			operation: 'create',
			contactId: await locate('lexoffice', 'searchContacts', lexofficeCredentials, 'Beispiel'),
			voucherDate: '2026-11-02T00:00:00.000+01:00',
			lineItemsInput: 'fields',
			lineItems: {
				item: [
					{
						type: 'service',
						articleId: { __rl: true, mode: 'list', value: articles.results[0].value },
						name: 'Wartung',
						quantity: 3,
						unitName: 'Stunde',
						unitPrice: 80,
						taxRatePercentage: 19,
					},
				],
			},
			taxType: 'net',
			shippingType: 'service',
			additionalFields: {
				printLayoutId: await pick(
					'lexoffice',
					'getPrintLayouts',
					lexofficeCredentials,
					/^Alternate layout$/,
				),
				paymentConditionId: await pick(
					'lexoffice',
					'getPaymentConditions',
					lexofficeCredentials,
					/^10 Tage -3 %/,
				),
			},
		};
		const run = await runNode(n8n, {
			type: 'lexoffice',
			parameters,
			credentials: lexofficeCredentials,
			continueOnFail: false,
		});
		expect(run.error).toBeUndefined();
		const invoice = (await lexoffice.call('invoice.get', {
			path: { id: String(run.items[0].id) },
		})) as Item & { address: Item; lineItems: Item[] };
		const contact = (await records<Item>('lexoffice', lexofficeToken, 'contacts')).find(
			(c) => (c.company as Item | undefined)?.name === 'Beispiel KG',
		);
		expect(invoice.address.contactId).toBe(contact?.id);
		expect(invoice.lineItems).toEqual([
			expect.objectContaining({ id: article.id, name: 'Wartung', quantity: 3 }),
		]);
		expect(invoice.paymentConditions).toMatchObject({
			paymentTermDuration: 30,
			paymentDiscountConditions: { discountPercentage: 3, discountRange: 10 },
		});
	});
});
