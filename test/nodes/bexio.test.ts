import { connectBexio, type BexioClient } from '../../clients/bexio';
import { createCredential, testN8n, type N8nInstance } from '../helpers/n8n';
import { runNode } from '../helpers/nodeRunner';
import { newTenant, records, sandboxUrl } from '../helpers/sandbox';

/**
 * The Bexio node in a real n8n against the sandbox: the operations the sandbox simulates today, each
 * asserting the node's output or the stored state. (Coverage of all 318 operations is issue #4.)
 */

type Item = Record<string, unknown>;
interface Case {
	parameters: () => Record<string, unknown>;
	inspectBinary?: boolean;
	expect: (out: Item[]) => void | Promise<void>;
}

let n8n: N8nInstance;
let token: string;
let client: BexioClient;
let credentials: Record<string, { id: string; name: string }>;
let contactId: number;
let invoiceId: number;
let activityId: number;

const json = (body: unknown) => ({ bodyMode: 'json', jsonBody: JSON.stringify(body) });
const locator = (value: number) => ({ __rl: true, mode: 'id', value: String(value) });

beforeAll(async () => {
	n8n = testN8n();
	token = await newTenant('bexio', { disabled: true });
	client = connectBexio({
		baseUrl: sandboxUrl('bexio'),
		token,
		rateLimit: { ratePerSecond: 100, burst: 10 },
	});
	const cred = await createCredential(n8n, `bexio ${token.slice(-6)}`, 'bexioApi', {
		accessToken: token,
		baseUrl: sandboxUrl('bexio'),
	});
	credentials = { bexioApi: { id: cred.id, name: cred.name } };
	contactId = (
		(await client.call('contact.create', {
			body: { contact_type_id: 1, name_1: 'Muster AG', user_id: 1, owner_id: 1 },
		})) as { id: number }
	).id;
	invoiceId = (
		(await client.call('invoice.create', {
			body: {
				contact_id: contactId,
				user_id: 1,
				positions: [
					{ type: 'KbPositionCustom', amount: '1', unit_price: '100', tax_id: 1, text: 'Beratung' },
				],
			},
		})) as { id: number }
	).id;
	activityId = (
		(await client.call('businessActivity.create', { body: { name: 'Beratung' } })) as { id: number }
	).id;
});

const CASES: Record<string, Case> = {
	'contact.create (fields, connected user as default)': {
		parameters: () => ({
			resource: 'contact',
			operation: 'create',
			bodyMode: 'fields',
			contact_type_id: 2,
			name_1: 'Meier',
			user_id: 0,
			owner_id: 0,
			additionalFields: { name_2: 'Anna', mail: 'anna@example.com' },
		}),
		expect: async (out) => {
			const stored = (await records<Item>('bexio', token, 'contacts')).find(
				(c) => c.id === out[0].id,
			);
			expect(stored).toMatchObject({ name_1: 'Meier', name_2: 'Anna', user_id: 1, owner_id: 1 });
		},
	},
	'contact.getAll': {
		parameters: () => ({ resource: 'contact', operation: 'getAll', limit: 10 }),
		expect: (out) => expect(out.map((c) => c.id)).toContain(contactId),
	},
	'contact.search (criteria builder, every row must match)': {
		parameters: () => ({
			resource: 'contact',
			operation: 'search',
			searchCriteria: {
				conditions: [
					{ field: 'name_1', criteria: 'like', value: 'Muster' },
					{ field: 'contact_type_id', criteria: 'in', value: '1, 2' },
					// Equals as the editor stores it (an option value "=" would read as an empty expression).
					{ field: 'name_1', criteria: 'equal', value: 'Muster AG' },
				],
			},
			returnAll: true,
		}),
		expect: (out) => expect(out.map((c) => c.id)).toEqual([contactId]),
	},
	'contact.search (raw JSON)': {
		parameters: () => ({
			resource: 'contact',
			operation: 'search',
			searchMode: 'json',
			jsonBody: JSON.stringify([{ field: 'name_1', value: 'Muster AG', criteria: '=' }]),
			returnAll: true,
		}),
		expect: (out) => expect(out.map((c) => c.id)).toEqual([contactId]),
	},
	'contact.update (read-merge-write keeps required fields)': {
		parameters: () => ({
			resource: 'contact',
			operation: 'update',
			contactId: locator(contactId),
			bodyMode: 'fields',
			updateFields: { city: 'Bern' },
		}),
		expect: async () => {
			const c = (await client.call('contact.get', { path: { contact_id: contactId } })) as Item;
			expect(c).toMatchObject({ city: 'Bern', name_1: 'Muster AG', contact_type_id: 1 });
		},
	},
	'invoice.get': {
		parameters: () => ({ resource: 'invoice', operation: 'get', invoiceId: locator(invoiceId) }),
		expect: (out) => expect(out[0].total_net).toBe('100.000000'),
	},
	'invoice.issue': {
		parameters: () => ({ resource: 'invoice', operation: 'issue', invoiceId: locator(invoiceId) }),
		expect: async () =>
			expect(
				((await client.call('invoice.get', { path: { invoice_id: invoiceId } })) as Item)
					.kb_item_status_id,
			).toBe(8),
	},
	'invoicePayment.create': {
		parameters: () => ({
			resource: 'invoicePayment',
			operation: 'create',
			invoiceId: locator(invoiceId),
			bodyMode: 'fields',
			value: '108.10',
		}),
		expect: async () =>
			expect(
				((await client.call('invoice.get', { path: { invoice_id: invoiceId } })) as Item)
					.kb_item_status_id,
			).toBe(9),
	},
	'invoice.getPdf (binary data)': {
		parameters: () => ({
			resource: 'invoice',
			operation: 'getPdf',
			invoiceId: locator(invoiceId),
			binaryPropertyName: 'invoicePdf',
		}),
		inspectBinary: true,
		expect: (out) => {
			expect(out[0]).toMatchObject({
				mime: 'application/pdf',
				_binary: { invoicePdf: { mimeType: 'application/pdf', head: '%PDF-' } },
			});
			expect(out[0].content).toBeUndefined();
			expect(((out[0]._binary as Record<string, Item>).invoicePdf.size as number) > 100).toBe(true);
		},
	},
	'timesheet.create': {
		parameters: () => ({
			resource: 'timesheet',
			operation: 'create',
			...json({
				user_id: 1,
				client_service_id: activityId,
				allowable_bill: true,
				tracking: { type: 'duration', date: '2026-11-02', duration: '01:15' },
				contact_id: contactId,
			}),
		}),
		expect: async (out) =>
			expect(
				(await records<Item>('bexio', token, 'timesheets')).find((t) => t.id === out[0].id)
					?.duration,
			).toBe('1:15'),
	},
	'manualEntry.create': {
		parameters: () => ({
			resource: 'manualEntry',
			operation: 'create',
			...json({
				type: 'manual_single_entry',
				date: '2026-11-02',
				entries: [{ debit_account_id: 1, credit_account_id: 6, amount: 25, description: 'Kasse' }],
			}),
		}),
		expect: async (out) =>
			expect((await records<Item>('bexio', token, 'manual_entries')).map((m) => m.id)).toContain(
				out[0].id,
			),
	},
	'user.getMe': {
		parameters: () => ({ resource: 'user', operation: 'getMe' }),
		expect: (out) => expect(out[0].id).toBe(1),
	},
	'tax.getAll (filters)': {
		parameters: () => ({
			resource: 'tax',
			operation: 'getAll',
			returnAll: true,
			filters: { scope: 'active', types: 'sales_tax' },
		}),
		expect: (out) =>
			expect(out.every((t) => t.type === 'sales_tax' && t.is_active === true)).toBe(true),
	},
};

describe('Bexio node in a real n8n', () => {
	it.each(Object.keys(CASES))('%s', async (name) => {
		const c = CASES[name];
		const result = await runNode(n8n, {
			type: 'bexio',
			parameters: { authentication: 'accessToken', ...c.parameters() },
			credentials,
			inspectBinary: c.inspectBinary,
		});
		expect(result.error).toBeUndefined();
		if (result.items[0]?.error)
			throw new Error(
				`${name}: ${String(result.items[0].error)} ${String(result.items[0].description ?? '')}`,
			);
		await c.expect(result.items);
	});

	it('sends failed items to the error output when the node uses "Continue (using error output)"', async () => {
		const result = await runNode(n8n, {
			type: 'bexio',
			parameters: {
				authentication: 'accessToken',
				resource: 'contact',
				operation: 'get',
				contactId: { __rl: true, mode: 'id', value: '={{ $json.id }}' },
			},
			credentials,
			items: [{ id: contactId }, { id: 999999 }],
			errorOutput: true,
		});
		// Only the failed item arrives on the error output, with bexio's own message.
		expect(result.items).toEqual([{ error: 'Page not found', routedToErrorOutput: true }]);
	});

	it('names the missing required field and the bad search row before sending anything', async () => {
		const missing = await runNode(n8n, {
			type: 'bexio',
			parameters: {
				authentication: 'accessToken',
				resource: 'contact',
				operation: 'create',
				...json({ name_1: 'Ohne Typ', user_id: 1, owner_id: 1 }),
			},
			credentials,
		});
		expect(`${String(missing.items[0].error)} ${String(missing.items[0].description)}`).toContain(
			'contact_type_id',
		);
		const badRow = await runNode(n8n, {
			type: 'bexio',
			parameters: {
				authentication: 'accessToken',
				resource: 'contact',
				operation: 'search',
				searchCriteria: { conditions: [{ field: 'name_1', criteria: 'in', value: ' , ' }] },
			},
			credentials,
		});
		expect(String(badRow.items[0].error)).toContain('needs at least one value');
		const noRows = await runNode(n8n, {
			type: 'bexio',
			parameters: { authentication: 'accessToken', resource: 'contact', operation: 'search' },
			credentials,
		});
		expect(String(noRows.items[0].error)).toContain('no criteria');
	});

	it('names the field bexio refuses, keeps going with continue on fail, and leaks no token', async () => {
		const result = await runNode(n8n, {
			type: 'bexio',
			parameters: {
				authentication: 'accessToken',
				resource: 'contact',
				operation: 'create',
				...json({ contact_type_id: 7, name_1: 'X', user_id: 1, owner_id: 1 }),
			},
			credentials,
			items: [{}, {}],
		});
		expect(result.items).toHaveLength(2);
		expect(String(result.items[0].description)).toContain('contact_type_id');
		expect(JSON.stringify(result.items)).not.toContain(token);
	});
});
