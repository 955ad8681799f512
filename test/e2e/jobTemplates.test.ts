import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

import { connectBexio } from '../../clients/bexio';
import { connectLexoffice } from '../../clients/lexoffice';
import { lexofficeDay, previousDay } from '../../clients/lexoffice/days';
import { createCredential, n8nApi, testN8n, type N8nInstance } from '../helpers/n8n';
import {
	fastTenant,
	importWorkers,
	runWorkersUntil,
	useImportHarness,
	waitFor,
} from '../helpers/imports';
import { runNode } from '../helpers/nodeRunner';
import { adminCall, newTenant, records, sandboxUrl, seed, stats } from '../helpers/sandbox';
import { uniqueQueue } from '../helpers/temporal';
import {
	apiCredentials,
	runTemplate,
	temporalCredential,
	TEMPLATE_DIR,
	type RunOptions,
	type Template,
} from '../helpers/templates';

/**
 * Templates from workflows/ run in a real n8n (test/helpers/templates.ts) against a real worker and the
 * sandbox; the sandbox's state afterwards is what the test asserts. New templates may keep their case in
 * a test file of their own under test/e2e/; the guard below finds it there. The file ends with the bexio
 * OAuth2 token refresh.
 */

jest.setTimeout(300_000);

const h = useImportHarness('templates');
let n8n: N8nInstance;
beforeAll(() => {
	n8n = testN8n();
});

interface LexVoucher {
	id: string;
	voucherNumber: string | null;
	voucherDate: string;
	updatedDate: string;
	totalPrice: { totalGrossAmount: number };
}
interface BexioContact {
	id: number;
	nr: string | null;
	contact_type_id: number;
	name_1: string;
	name_2: string | null;
	mail: string | null;
	street_name: string | null;
	postcode: string | null;
	city: string | null;
}
interface BexioEntry {
	id: number;
	reference_nr: string;
	date: string;
	entries: Array<{
		debit_account_id: number;
		credit_account_id: number;
		amount: number;
		description: string;
		currency_id: number;
		currency_factor: number;
		tax_account_id: number | null;
	}>;
}

/** Template file → its end-to-end case. A template without a case fails the guard below. */
const cases: Record<string, () => Promise<void>> = {
	'reconcile-invoices.json': async () => {
		const lex = await fastTenant('lexoffice', 'lexoffice-default');
		const bex = await fastTenant('bexio', 'bexio-default');
		const lexoffice = connectLexoffice({ baseUrl: sandboxUrl('lexoffice'), apiKey: lex.token });
		const customer = await lexoffice.call('contact.create', {
			body: { version: 0, roles: { customer: {} }, company: { name: 'Monatsabgleich GmbH' } },
		});
		// The template reconciles last month: documents on its 10th and 20th (0 %, a rate both sides have).
		const now = new Date();
		const lastMonth = (dayOfMonth: number) =>
			new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, dayOfMonth))
				.toISOString()
				.slice(0, 10);
		const invoice = async (day: string, price: number) =>
			(
				await lexoffice.call('invoice.create', {
					query: { finalize: true },
					body: {
						voucherDate: `${day}T00:00:00.000+01:00`,
						address: { contactId: customer.id },
						lineItems: [
							{
								type: 'custom',
								name: 'Beratung',
								quantity: 1,
								unitName: 'Stunde',
								unitPrice: { currency: 'EUR', netAmount: price, taxRatePercentage: 0 },
							},
						],
						totalPrice: { currency: 'EUR' },
						taxConditions: { taxType: 'net' },
						shippingConditions: { shippingType: 'none' },
					} as never,
				})
			).id;
		await invoice(lastMonth(10), 100);
		await invoice(lastMonth(20), 50.25);
		const taskQueue = uniqueQueue('template-reconcile');
		const cred = await temporalCredential(taskQueue);
		const workers = await importWorkers(
			h.env,
			h.bundle,
			taskQueue,
			[lex.connection, bex.connection],
			h.store,
		);

		await runWorkersUntil(workers, async () => {
			const synced = await h.env.client.workflow.execute('invoiceSync', {
				args: [
					{
						source: lex.ref,
						target: bex.ref,
						since: '2000-01-01',
						watermarkName: `template-reconcile-${lex.token.slice(-8)}`,
					},
				],
				taskQueue,
				workflowId: `template-reconcile-sync-${lex.token.slice(-8)}`,
			});
			expect((synced as { stats: { created: number } }).stats.created).toBe(2);
			// Not synced: the report names it.
			const unsynced = await invoice(lastMonth(15), 9.9);

			let binary: Record<string, { fileName?: string; mimeType?: string }> | undefined;
			const items = await runTemplate(
				'reconcile-invoices.json',
				{ temporalApi: cred },
				{
					trigger: 'First of the month at 07:00',
					whileActive: async (workflowId) => {
						type Run = { data: { main: Array<Array<{ binary?: typeof binary }>> } };
						const res = await n8nApi<{
							data: Array<{ data?: { resultData?: { runData?: Record<string, Run[]> } } }>;
						}>(n8n, 'GET', `/executions?workflowId=${workflowId}&includeData=true&limit=1`);
						binary =
							res.data[0]?.data?.resultData?.runData?.['Reconcile last month']?.[0]?.data.main[0][0]
								?.binary;
					},
				},
			);
			// The "Send the report" branch: the summary and the unsynced invoice, nothing else.
			expect(items).toHaveLength(2);
			expect(items[0]).toMatchObject({
				row: 'summary',
				direction: 'lexofficeToBexio',
				currency: 'EUR',
				taxRate: 0,
				sourceCount: 2,
				targetCount: 2,
				sourceGross: '150.25',
				targetGross: '150.25',
				differenceGross: '0.00',
				from: lastMonth(1),
			});
			expect(items[1]).toMatchObject({
				row: 'sourceOnly',
				sourceId: unsynced,
				sourceGross: '9.90',
				reason: 'no link: not in bexio',
				totals: { linked: 2, sourceOnly: 1, targetOnly: 0, differences: 0 },
			});
			expect(binary?.csv).toMatchObject({
				mimeType: 'text/csv',
				fileName: expect.stringMatching(/^reconcile-.*\.csv$/),
			});
			expect(binary?.json).toMatchObject({ mimeType: 'application/json' });
		});
	},
	'lexoffice-vouchers-to-bexio-manual-entries.json': async () => {
		const lex = await fastTenant('lexoffice', 'lexoffice-default');
		const bex = await fastTenant('bexio', 'bexio-default');
		const lexoffice = connectLexoffice({ baseUrl: sandboxUrl('lexoffice'), apiKey: lex.token });
		const bexio = connectBexio({ baseUrl: sandboxUrl('bexio'), token: bex.token });
		// The bexio company also owes German VAT: sales taxes at 19 % and 7 %, found by rate.
		await seed('bexio', bex.token, 'sales_taxes', 1, { value: 19 });
		await seed('bexio', bex.token, 'sales_taxes', 1, { value: 7 });
		const customer = await lexoffice.call('contact.create', {
			body: { version: 0, roles: { customer: {} }, company: { name: 'Buchhaltung GmbH' } },
		});
		const line = (name: string, quantity: number, net: number, rate: number) => ({
			type: 'custom',
			name,
			quantity,
			unitName: 'Stück',
			unitPrice: { currency: 'EUR', netAmount: net, taxRatePercentage: rate },
		});
		const today = new Date().toISOString().slice(0, 10);
		const body = (lineItems: unknown[], totalPrice = {}) =>
			({
				voucherDate: `${today}T00:00:00.000+01:00`,
				address: { contactId: customer.id },
				lineItems,
				totalPrice: { currency: 'EUR', ...totalPrice },
				taxConditions: { taxType: 'net' },
			}) as never;

		const taskQueue = uniqueQueue('template-vouchers');
		const cred = await temporalCredential(taskQueue);
		const workers = await importWorkers(
			h.env,
			h.bundle,
			taskQueue,
			[lex.connection, bex.connection],
			h.store,
		);
		// The template ships without accounts: the user picks receivables and revenue from bexio's chart.
		const pickAccounts: RunOptions['tailor'] = (node) =>
			node.name === 'Book lexoffice vouchers in bexio'
				? {
						...node,
						parameters: { ...node.parameters, receivablesAccount: '1100', revenueAccount: '3400' },
					}
				: node;
		await runWorkersUntil(workers, async () => {
			// A night with nothing new: the last fetch date (two weeks ago) still moves to the day the run started.
			const fetchDateName = 'accountingExport/lexoffice-default/bexio-default/lexoffice-vouchers';
			const runDay = lexofficeDay(Date.now());
			const twoWeeksAgo = lexofficeDay(Date.now() - 14 * 86_400_000);
			await h.store.setWatermark(fetchDateName, twoWeeksAgo);
			const [empty] = await runTemplate(
				'lexoffice-vouchers-to-bexio-manual-entries.json',
				{ temporalApi: cred },
				{ trigger: 'Every night at 02:00', tailor: pickAccounts },
			);
			expect(empty).toMatchObject({
				status: 'COMPLETED',
				from: previousDay(twoWeeksAgo),
				fetchDate: runDay,
				stats: { processed: 0, failed: 0 },
			});
			expect(await h.store.getWatermark(fetchDateName)).toBe(runDay);

			// 19 % and 7 % with a discount; a credit note; a voided invoice. Not booked: a down payment invoice and a draft.
			await lexoffice.call('invoice.create', {
				query: { finalize: true },
				body: {
					...(body([line('Beratung', 3, 33.33, 19), line('Buch', 7, 1.15, 7)], {
						totalDiscountPercentage: 5,
					}) as object),
					shippingConditions: { shippingType: 'none' },
				} as never,
			});
			await lexoffice.call('creditNote.create', {
				query: { finalize: true },
				body: body([line('Gutschrift', 1, 80, 19), line('Gutschrift ermäßigt', 2, 10, 7)]),
			});
			const voided = (await seed('lexoffice', lex.token, 'invoices', 1, {
				status: 'open',
				contactId: customer.id,
				amount: 200,
			})) as { ids: string[] };
			await adminCall('lexoffice', 'POST', '/void', { token: lex.token, voucherId: voided.ids[0] });
			await seed('lexoffice', lex.token, 'down-payment-invoices', 1, {
				status: 'open',
				contactId: customer.id,
			});
			await seed('lexoffice', lex.token, 'invoices', 1, {
				status: 'draft',
				contactId: customer.id,
			});
			type Voucher = LexVoucher & {
				voucherStatus: string;
				totalPrice: { totalNetAmount: number; totalTaxAmount: number; totalGrossAmount: number };
			};
			const vouchers = [
				...(await records<Voucher>('lexoffice', lex.token, 'invoices')).map((v) => ({
					...v,
					sign: 1,
				})),
				...(await records<Voucher>('lexoffice', lex.token, 'credit-notes')).map((v) => ({
					...v,
					sign: -1,
				})),
			].filter((v) => v.voucherStatus !== 'draft');
			expect(vouchers).toHaveLength(3);

			const [first] = await runTemplate(
				'lexoffice-vouchers-to-bexio-manual-entries.json',
				{ temporalApi: cred },
				{ trigger: 'Every night at 02:00', tailor: pickAccounts },
			);
			// Two rates each for the invoice and the credit note; the voided invoice and its reversal.
			// From the day before the last fetch date: today's vouchers.
			expect(first).toMatchObject({
				status: 'COMPLETED',
				from: previousDay(runDay),
				stats: { created: 6, failed: 0 },
			});
			const entries = await records<BexioEntry>('bexio', bex.token, 'manual_entries');
			expect(entries).toHaveLength(6);

			const accounts = (await bexio.list('account.getAll', {}, { returnAll: true })) as Array<{
				id: number;
				account_no: string;
			}>;
			const account = (no: string) => accounts.find((a) => a.account_no === no)!.id;
			const currencies = (await bexio.list('currency.getAll', {}, { returnAll: true })) as Array<{
				id: number;
				name: string;
			}>;
			const taxes = (await bexio.call('tax.getAll', {})) as unknown as Array<{
				value: string;
				type: string;
				account_id: number;
			}>;
			const taxAccounts = new Set(
				taxes.filter((t) => t.type === 'sales_tax').map((t) => t.account_id),
			);
			for (const e of entries) {
				// In EUR at bexio's own rate for the voucher date (0.93), the tax on revenue (3400).
				expect(e.entries[0]).toMatchObject({
					currency_id: currencies.find((c) => c.name === 'EUR')!.id,
					currency_factor: 0.93,
					tax_account_id: account('3400'),
				});
			}
			// By content: what bexio's journal holds per voucher is lexoffice's net, tax and gross.
			const journal = (await bexio.list(
				'journal.getAll',
				{},
				{ returnAll: true },
			)) as unknown as Array<{
				ref_id: number;
				ref_class: string;
				debit_account_id: number;
				credit_account_id: number;
				amount: number;
			}>;
			const cents = (n: number) => Math.round(n * 100) / 100 || 0;
			for (const v of vouchers) {
				const ids = new Set(
					entries
						.filter((e) => e.reference_nr.startsWith(`lexoffice ${v.voucherNumber} `))
						.map((e) => e.id),
				);
				const mine = journal.filter((j) => j.ref_class === 'ManualEntry' && ids.has(j.ref_id));
				const credited = (accountIds: Set<number>) =>
					cents(
						mine.reduce(
							(sum, j) =>
								sum +
								(accountIds.has(j.credit_account_id) ? j.amount : 0) -
								(accountIds.has(j.debit_account_id) ? j.amount : 0),
							0,
						),
					);
				const sign = v.voucherStatus === 'voided' ? 0 : v.sign;
				expect({
					net: credited(new Set([account('3400')])),
					tax: credited(taxAccounts),
					gross: cents(-credited(new Set([account('1100')]))),
				}).toEqual({
					net: cents(sign * v.totalPrice.totalNetAmount),
					tax: cents(sign * v.totalPrice.totalTaxAmount),
					gross: cents(sign * v.totalPrice.totalGrossAmount),
				});
			}

			// Second night: the same days are read again, nothing is booked twice.
			const [second] = await runTemplate(
				'lexoffice-vouchers-to-bexio-manual-entries.json',
				{ temporalApi: cred },
				{ trigger: 'Every night at 02:00', tailor: pickAccounts },
			);
			expect(second).toMatchObject({ status: 'COMPLETED', stats: { created: 0, unchanged: 6 } });
			expect(await records('bexio', bex.token, 'manual_entries')).toHaveLength(6);
			// Links, not the journal, kept anything from being booked twice: no run read the manual entries.
			expect(
				(await stats('bexio', bex.token)).byRoute['GET /3.0/accounting/manual_entries'],
			).toBeUndefined();
		});
	},
	'lexoffice-crm-sync-to-bexio.json': async () => {
		const lexToken = await newTenant('lexoffice', { disabled: true });
		const bexioToken = await newTenant('bexio', { disabled: true });
		const credentials = await apiCredentials(lexToken, bexioToken);
		const lexoffice = connectLexoffice({ baseUrl: sandboxUrl('lexoffice'), apiKey: lexToken });
		const billing = [{ street: 'Hauptstr. 5', zip: '79112', city: 'Freiburg', countryCode: 'DE' }];
		const known = await lexoffice.call('contact.create', {
			body: {
				version: 0,
				roles: { customer: {} },
				company: { name: 'Bekannt GmbH' },
				addresses: { billing },
				emailAddresses: { business: ['info@bekannt.example'] },
			},
		});
		await lexoffice.call('contact.create', {
			body: {
				version: 0,
				roles: { customer: {} },
				person: { firstName: 'Eva', lastName: 'Neu' },
				addresses: { billing },
			},
		});
		await lexoffice.call('contact.create', {
			body: { version: 0, roles: { customer: {} }, company: { name: 'Zweite AG' } },
		});
		await lexoffice.call('contact.create', {
			body: { version: 0, roles: { vendor: {} }, company: { name: 'Nur Lieferant GmbH' } },
		});
		const customerNumber = async (id: string) =>
			String(
				(
					(await lexoffice.call('contact.get', { path: { id } })) as unknown as {
						roles: { customer: { number: number } };
					}
				).roles.customer.number,
			);
		// bexio already knows the first customer, by number, with an old name and city.
		const bexio = connectBexio({ baseUrl: sandboxUrl('bexio'), token: bexioToken });
		const knownNr = await customerNumber(known.id);
		const existing = (await bexio.call('contact.create', {
			body: {
				nr: knownNr,
				contact_type_id: 1,
				name_1: 'Bekannt (alt)',
				city: 'Basel',
				user_id: 1,
				owner_id: 1,
			},
		})) as { id: number };

		await runTemplate('lexoffice-crm-sync-to-bexio.json', credentials, {
			trigger: 'Every night at 03:00',
			whileActive: async () => {
				// Reconciliation: the known customer updated in place, two new ones created, the vendor left out.
				const contacts = await records<BexioContact>('bexio', bexioToken, 'contacts');
				expect(contacts).toHaveLength(3);
				expect(contacts.find((c) => c.id === existing.id)).toMatchObject({
					nr: knownNr,
					name_1: 'Bekannt GmbH',
					city: 'Freiburg',
					mail: 'info@bekannt.example',
					street_name: 'Hauptstr. 5',
				});
				expect(contacts.find((c) => c.name_1 === 'Neu')).toMatchObject({
					contact_type_id: 2,
					name_2: 'Eva',
					postcode: '79112',
				});
				expect(contacts.find((c) => c.name_1 === 'Zweite AG')).toBeDefined();
				expect(contacts.some((c) => c.name_1 === 'Nur Lieferant GmbH')).toBe(false);

				// Live: a new lexoffice customer arrives as a signed contact.created delivery and is created in bexio.
				await waitFor(
					async () =>
						(await records('lexoffice', lexToken, 'event-subscriptions')).length === 3
							? true
							: undefined,
					'lexoffice subscriptions',
				);
				const fresh = await lexoffice.call('contact.create', {
					body: { version: 0, roles: { customer: {} }, company: { name: 'Webhook Kunde AG' } },
				});
				const freshNr = await customerNumber(fresh.id);
				const created = await waitFor(
					async () =>
						(await records<BexioContact>('bexio', bexioToken, 'contacts')).find(
							(c) => c.nr === freshNr,
						),
					'contact created from the webhook',
				);
				// Owned by the token's bexio user, as bexio requires an owner.
				const me = (await bexio.call('user.getMe')) as { id: number };
				expect(created).toMatchObject({
					name_1: 'Webhook Kunde AG',
					contact_type_id: 1,
					user_id: me.id,
					owner_id: me.id,
				});

				// Live: an invoice status change becomes a note on the customer's bexio contact.
				const invoice = await lexoffice.call('invoice.create', {
					query: { finalize: true },
					body: {
						voucherDate: '2026-11-02T00:00:00.000+01:00',
						address: { contactId: known.id },
						lineItems: [
							{
								type: 'custom',
								name: 'Beratung',
								quantity: 1,
								unitName: 'Stunde',
								unitPrice: { currency: 'EUR', netAmount: 100, taxRatePercentage: 19 },
							},
						],
						totalPrice: { currency: 'EUR' },
						taxConditions: { taxType: 'net' },
						shippingConditions: {
							shippingDate: '2026-11-02T00:00:00.000+01:00',
							shippingType: 'service',
						},
					} as never,
				});
				await adminCall('lexoffice', 'POST', '/events', {
					token: lexToken,
					eventType: 'invoice.status.changed',
					resourceId: invoice.id,
				});
				const note = await waitFor(
					async () =>
						(
							await records<{ contact_id: number; subject: string; info: string }>(
								'bexio',
								bexioToken,
								'notes',
							)
						)[0],
					'status note',
				);
				const stored = (await lexoffice.call('invoice.get', {
					path: { id: invoice.id },
				})) as unknown as { voucherNumber: string; voucherStatus: string };
				expect(note).toMatchObject({
					contact_id: existing.id,
					subject: `lexoffice ${stored.voucherNumber}: ${stored.voucherStatus}`,
				});
				// With a link to the invoice in lexoffice's web app.
				expect(note.info).toContain(`https://app.lexware.de/permalink/invoices/view/${invoice.id}`);
				expect(await records('bexio', bexioToken, 'contacts')).toHaveLength(4);
			},
		});

		// The night again: one search for all customer numbers, nothing differs, nothing is written.
		const contactRequests = async () => {
			const { byRoute } = await stats('bexio', bexioToken);
			const ok = (route: string) =>
				Object.entries(byRoute[route] ?? {})
					.filter(([status]) => status.startsWith('2'))
					.reduce((n, [, count]) => n + count, 0);
			return {
				searches: ok('POST /2.0/contact/search'),
				writes: ok('POST /2.0/contact') + ok('POST /2.0/contact/:id'),
			};
		};
		const before = await contactRequests();
		await runTemplate('lexoffice-crm-sync-to-bexio.json', credentials, {
			trigger: 'Every night at 03:00',
		});
		expect(await contactRequests()).toEqual({
			searches: before.searches + 1,
			writes: before.writes,
		});
	},
};

describe('templates in a real n8n', () => {
	it('has an end-to-end case for every template in workflows/ (here or in a test file of e2e/)', () => {
		const files = readdirSync(TEMPLATE_DIR).filter((f) => f.endsWith('.json'));
		expect(files.length).toBeGreaterThan(0);
		const elsewhere = readdirSync(__dirname, { recursive: true, encoding: 'utf8' })
			.filter((f) => f.endsWith('.test.ts') && f !== 'jobTemplates.test.ts')
			.map((f) => readFileSync(join(__dirname, f), 'utf8'))
			.join('\n');
		// Another test file covers a template it names (it runs or activates it by that name).
		const covered = (f: string) => f in cases || elsewhere.includes(`'${f}'`);
		expect(files.filter((f) => !covered(f))).toEqual([]);
	});

	it('keeps templates importable: a sticky note, placeholder credentials, no pinned data', () => {
		for (const file of readdirSync(TEMPLATE_DIR).filter((f) => f.endsWith('.json'))) {
			const t = JSON.parse(readFileSync(join(TEMPLATE_DIR, file), 'utf8')) as Template & {
				pinData?: Record<string, unknown>;
			};
			expect(t.nodes.some((n) => n.type === 'n8n-nodes-base.stickyNote')).toBe(true);
			for (const n of t.nodes)
				for (const c of Object.values(n.credentials ?? {})) expect(c.id).toBe('');
			expect(Object.keys(t.pinData ?? {})).toEqual([]);
		}
	});

	it.each(Object.keys(cases))('%s', async (file) => {
		await cases[file]();
	});
});

describe('bexio OAuth2 credential in a real n8n', () => {
	/** Signs in to n8n's internal API as the owner the test n8n was set up with. */
	async function ownerCookie(): Promise<string> {
		const res = await fetch(`${n8n.url}/rest/login`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ emailOrLdapLoginId: 'ops@example.com', password: 'Example-Passw0rd' }),
		});
		if (!res.ok) throw new Error(`n8n login failed: ${res.status} ${await res.text()}`);
		return (res.headers.get('set-cookie') ?? '').split(';')[0];
	}

	it('refreshes an expired access token at the sandbox token endpoint, and the Bexio node call succeeds', async () => {
		const bexioToken = await newTenant('bexio', { disabled: true });
		const redirect = `${n8n.url}/rest/oauth2-credential/callback`;
		const client = await adminCall<{ client_id: string; client_secret: string }>(
			'bexio',
			'POST',
			'/oauth/clients',
			{ token: bexioToken, accessTokenTtlSeconds: 3600, redirectUris: [redirect] },
		);
		const cred = await createCredential(
			n8n,
			`bexio oauth ${bexioToken.slice(-6)}`,
			'bexioOAuth2Api',
			{
				clientId: client.client_id,
				clientSecret: client.client_secret,
				baseUrl: sandboxUrl('bexio'),
				identityUrl: sandboxUrl('bexio'),
				scope: 'openid offline_access contact_edit',
			},
		);

		// Connect the credential the way the editor does: n8n's auth URL, the sandbox's consent redirect, n8n's callback.
		const cookie = await ownerCookie();
		const authRes = await fetch(`${n8n.url}/rest/oauth2-credential/auth?id=${cred.id}`, {
			headers: { cookie },
		});
		expect(authRes.status).toBe(200);
		const authUrl = ((await authRes.json()) as { data: string }).data;
		expect(
			authUrl.startsWith(`${sandboxUrl('bexio')}/realms/bexio/protocol/openid-connect/auth`),
		).toBe(true);
		const consent = await fetch(authUrl, { redirect: 'manual' });
		expect(consent.status).toBe(302);
		const callback = await fetch(consent.headers.get('location') ?? '', {
			headers: { cookie },
			redirect: 'manual',
		});
		expect(callback.status).toBeLessThan(400);

		// The stored access token expires; bexio now answers 401 to it.
		const firstExpiry = await adminCall<{ expired: number }>('bexio', 'POST', '/oauth/expire', {
			token: bexioToken,
		});
		expect(firstExpiry.expired).toBe(1);

		const result = await runNode(n8n, {
			type: 'bexio',
			parameters: { authentication: 'oAuth2', resource: 'user', operation: 'getMe' },
			credentials: { bexioOAuth2Api: cred },
			continueOnFail: false,
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(1);
		expect(result.items[0]).toMatchObject({ id: 1, email: 'rudolph.smith@example.com' });

		// n8n met the 401 (a refused token names no tenant, so the tenant's stats show only the success), refreshed
		// at the sandbox's token endpoint and repeated the call: the tenant now has a second access token.
		expect((await stats('bexio', bexioToken)).byRoute['GET /3.0/users/me']).toEqual({ '200': 1 });
		const secondExpiry = await adminCall<{ expired: number }>('bexio', 'POST', '/oauth/expire', {
			token: bexioToken,
		});
		expect(secondExpiry.expired).toBe(2);
	});
});
