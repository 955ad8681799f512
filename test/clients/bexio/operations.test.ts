import { bexioCatalog, connectBexio, type BexioClient } from '../../../clients/bexio';
import type { Catalog } from '../../../clients/catalog';
import { ApiError } from '../../../clients/http/errors';
import type { ApiClient, CallArgs } from '../../../clients/http/executor';
import { adminCall, newTenant, records, sandboxUrl } from '../../helpers/sandbox';

/**
 * One test per operation of the bexio catalog (every documented operation), each sent over HTTP by the client to
 * the sandbox and asserting the answer or the state it leaves behind. The last test fails when an
 * operation of the catalog has no case here, so a new catalog entry cannot go untested.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are checked field by field below
type Rec = Record<string, any>;
type Case = () => Promise<void>;

let client: BexioClient;
let token: string;
let seq = 0;
const uniq = (prefix: string) => `${prefix} ${++seq}`;

/** Calls any operation by id: the cases below are data, the typed client is tested elsewhere. */
const call = (id: string, args: CallArgs = {}): Promise<Rec> =>
	(client as unknown as ApiClient<Catalog>).call(id, args) as Promise<Rec>;
const list = async (id: string, args: CallArgs = {}): Promise<Rec[]> =>
	(await call(id, args)) as unknown as Rec[];
const dataOf = async (id: string, args: CallArgs = {}): Promise<Rec[]> =>
	(await call(id, args)).data as Rec[];

/** The HTTP status a call is refused with (fails the test when it succeeds). */
async function refusal(id: string, args: CallArgs = {}): Promise<number> {
	try {
		await call(id, args);
	} catch (error) {
		if (error instanceof ApiError) return error.status;
		throw error;
	}
	throw new Error(`${id} was expected to be refused`);
}
const ids = (rows: Rec[]) => rows.map((r) => r.id as number | string);
const byName = (name: string) => [{ field: 'name', value: name, criteria: '=' }];

beforeAll(async () => {
	token = await newTenant('bexio', { disabled: true });
	client = connectBexio({ baseUrl: sandboxUrl('bexio'), token, retry: false });
});

// ---- fixtures: each case creates what it needs, so cases run alone and in any order

const contactBody = (name = uniq('Kunde AG')) => ({
	contact_type_id: 1,
	name_1: name,
	user_id: 1,
	owner_id: 1,
});
const newContact = async (name?: string) => call('contact.create', { body: contactBody(name) });
const custom = (price = '100') => ({
	type: 'KbPositionCustom',
	amount: '1',
	unit_price: price,
	tax_id: 1,
	text: 'Beratung',
});
const activity = async () => call('businessActivity.create', { body: { name: uniq('Beratung') } });
const projectBody = async () => ({
	name: uniq('Villa'),
	pr_state_id: 2,
	pr_project_type_id: 1,
	contact_id: (await newContact()).id,
	user_id: 1,
});
const newProject = async () => call('project.create', { body: await projectBody() });

const DOCS = { quote: 'kb_offer', order: 'kb_order', invoice: 'kb_invoice' } as const;
async function newDocument(kind: keyof typeof DOCS, extra: Rec = {}): Promise<Rec> {
	return call(`${kind}.create`, {
		body: { contact_id: (await newContact()).id, user_id: 1, positions: [custom()], ...extra },
	});
}
async function issuedInvoice(extra: Rec = {}): Promise<Rec> {
	const invoice = await newDocument('invoice', extra);
	await call('invoice.issue', { path: { invoice_id: invoice.id } });
	return invoice;
}
const getInvoice = (id: number) => call('invoice.get', { path: { invoice_id: id } });
async function acceptedQuote(): Promise<Rec> {
	const quote = await newDocument('quote');
	await call('quote.issue', { path: { quote_id: quote.id } });
	await call('quote.accept', { path: { quote_id: quote.id } });
	return call('quote.get', { path: { quote_id: quote.id } });
}
/** Overdue issued invoice with its first reminder. */
async function reminder(): Promise<{ invoice: Rec; reminder: Rec }> {
	const invoice = await issuedInvoice({ is_valid_from: '2026-01-01', is_valid_to: '2026-01-31' });
	return {
		invoice,
		reminder: await call('invoiceReminder.create', { path: { invoice_id: invoice.id } }),
	};
}
const send = {
	recipient_email: 'kunde@example.com',
	subject: 'Ihr Dokument',
	message: 'Hier: [Network Link]',
	mark_as_open: true,
};

async function upload(name: string, content: string): Promise<Rec> {
	const answer = await call('file.upload', {
		multipart: [
			{ name: 'file', data: Buffer.from(content), filename: name, contentType: 'application/pdf' },
		],
	});
	return Array.isArray(answer) ? (answer[0] as Rec) : answer;
}
const manualEntry = (extra: Rec = {}) =>
	call('manualEntry.create', {
		body: {
			type: 'manual_single_entry',
			date: '2026-11-02',
			entries: [{ debit_account_id: 1, credit_account_id: 6, amount: 42.5, description: 'Kasse' }],
			...extra,
		},
	});
const compoundEntry = () =>
	call('manualEntry.create', {
		body: {
			type: 'manual_compound_entry',
			date: '2026-11-02',
			entries: [
				{ debit_account_id: 2, amount: 100 },
				{ credit_account_id: 6, amount: 60 },
				{ credit_account_id: 7, amount: 40 },
			],
		},
	});
const attachment = (name: string) => [
	{
		name: 'fileName1',
		data: Buffer.from(`%PDF-1.4 ${name}`),
		filename: name,
		contentType: 'application/pdf',
	},
];

async function bill(extra: Rec = {}): Promise<Rec> {
	const supplier = await newContact(uniq('Lieferant AG'));
	const file = await upload('bill.pdf', '%PDF bill');
	return call('bill.create', {
		body: {
			supplier_id: supplier.id,
			contact_partner_id: 1,
			bill_date: '2026-11-01',
			due_date: '2026-11-30',
			currency_code: 'CHF',
			item_net: false,
			manual_amount: false,
			address: { lastname_company: 'Lieferant AG', type: 'COMPANY' },
			line_items: [
				{ position: 0, title: 'Material', tax_id: 5, amount: 100, booking_account_id: 8 },
			],
			discounts: [],
			attachment_ids: [file.uuid],
			...extra,
		},
	});
}
async function expenseBody(): Promise<Rec> {
	const file = await upload('receipt.pdf', '%PDF receipt');
	return {
		paid_on: '2026-11-03',
		currency_code: 'CHF',
		amount: '35.50',
		attachment_ids: [file.uuid],
		title: 'Taxi',
		bank_account_id: 1,
		booking_account_id: 8,
		tax_id: 5,
	};
}
const bankAccount = async () => (await list('bankAccount.getAll'))[0];
async function bankPaymentBody(amount = 12.5): Promise<Rec> {
	return {
		account_id: (await bankAccount()).uuid,
		type: 'iban',
		amount,
		currency: 'CHF',
		execution_date: '2099-01-05',
		is_salary: false,
		recipient: { name: 'Muster', iban: 'CH9300762011623852957' },
	};
}
const legacyPayment = (kind: 'iban' | 'qr', bankId: number) =>
	call(`${kind}Payment.create`, {
		path: { bank_account_id: bankId },
		body: {
			amount: '20.00',
			currency: 'CHF',
			execution_date: '2099-02-01',
			recipient: { name: 'Muster', iban: 'CH9300762011623852957' },
		},
	});
/** The bank, not the API, moves payments on (downloaded, transferred…): the sandbox stands in for it. */
const bankProcesses = (collection: string, id: number | string, status: string) =>
	adminCall('bexio', 'POST', '/bank-processing', { token, collection, id, status });
const employee = () =>
	call('payrollEmployee.create', { body: { firstName: uniq('Eva'), lastName: 'Frei' } });
const absence = (employeeId: string, start = '2026-12-01') =>
	call('payrollAbsence.create', {
		path: { employee_id: employeeId },
		body: { reason: 'Vacation', startDate: start, endDate: start.replace(/-01$/, '-05') },
	});

// ---- families

interface CrudSpec {
	/** Path parameters of the collection (e.g. the contact of an additional address). */
	parent?: () => Promise<Record<string, number>>;
	param: string;
	create: () => Promise<Rec> | Rec;
	/** A field the update changes, and a searchable field that tells the record apart. */
	change: Rec;
	searchField: string;
	/** What a deleted record answers: 404 by default, contacts are archived. */
	deleted?: (args: CallArgs) => Promise<void>;
}

/** getAll, create, search, get, update (2.0 POST resending the record), delete of one 2.0 resource. */
function crud(resource: string, spec: CrudSpec): Record<string, Case> {
	const make = async () => {
		const path = (await spec.parent?.()) ?? {};
		const body = await spec.create();
		const created = await call(`${resource}.create`, { path, body });
		return {
			path,
			body,
			created,
			args: { path: { ...path, [spec.param]: created.id } } as CallArgs,
		};
	};
	return {
		[`${resource}.create`]: async () => {
			const { body, created, args } = await make();
			expect(created.id).toEqual(expect.any(Number));
			expect(await call(`${resource}.get`, args)).toMatchObject({
				id: created.id,
				[spec.searchField]: body[spec.searchField],
			});
		},
		[`${resource}.getAll`]: async () => {
			const { path, created } = await make();
			expect(ids(await list(`${resource}.getAll`, { path }))).toContain(created.id);
		},
		[`${resource}.search`]: async () => {
			const { path, body, created } = await make();
			const found = await list(`${resource}.search`, {
				path,
				body: [{ field: spec.searchField, value: String(body[spec.searchField]), criteria: '=' }],
			});
			expect(ids(found)).toEqual([created.id]);
		},
		[`${resource}.get`]: async () => {
			const { created, args } = await make();
			expect((await call(`${resource}.get`, args)).id).toBe(created.id);
		},
		[`${resource}.update`]: async () => {
			const { body, args } = await make();
			await call(`${resource}.update`, { ...args, body: { ...body, ...spec.change } });
			expect(await call(`${resource}.get`, args)).toMatchObject(spec.change);
		},
		[`${resource}.delete`]: async () => {
			const { args } = await make();
			expect(await call(`${resource}.delete`, args)).toEqual({ success: true });
			if (spec.deleted) await spec.deleted(args);
			else expect(await refusal(`${resource}.get`, args)).toBe(404);
		},
	};
}

/** Read-only master data: the list answers the seeded records; a search by name finds one of them. */
function masterData(resource: string, withSearch: boolean): Record<string, Case> {
	const cases: Record<string, Case> = {
		[`${resource}.getAll`]: async () => {
			const rows = await list(`${resource}.getAll`);
			expect(rows.length).toBeGreaterThan(0);
			expect(rows.every((r) => typeof r.id === 'number')).toBe(true);
		},
	};
	if (withSearch) {
		cases[`${resource}.search`] = async () => {
			const [first] = await list(`${resource}.getAll`);
			expect(ids(await list(`${resource}.search`, { body: byName(String(first.name)) }))).toEqual([
				first.id,
			]);
		};
	}
	return cases;
}

const POSITION_KINDS: Array<{
	kind: string;
	segment: string;
	create: () => Promise<Rec> | Rec;
	change: Rec;
}> = [
	{
		kind: 'Custom',
		segment: 'kb_position_custom',
		create: () => ({ amount: '2', unit_price: '50', tax_id: 1, text: 'Montage' }),
		change: { amount: '3.000000' },
	},
	{
		kind: 'Article',
		segment: 'kb_position_article',
		create: async () => ({
			article_id: (
				await call('article.create', {
					body: {
						intern_code: uniq('A'),
						intern_name: 'Tastatur',
						sale_price: '40',
						tax_income_id: 1,
					},
				})
			).id,
			amount: '2',
		}),
		change: { amount: '5.000000' },
	},
	{
		kind: 'Text',
		segment: 'kb_position_text',
		create: () => ({ text: 'Hinweis' }),
		change: { text: 'Geänderter Hinweis' },
	},
	{
		kind: 'Subtotal',
		segment: 'kb_position_subtotal',
		create: () => ({ text: 'Zwischentotal' }),
		change: { text: 'Summe Teil 1' },
	},
	{
		kind: 'Discount',
		segment: 'kb_position_discount',
		create: () => ({ text: 'Rabatt', is_percentual: false, value: '5' }),
		change: { value: '7.000000' },
	},
	{
		kind: 'Pagebreak',
		segment: 'kb_position_pagebreak',
		create: () => ({ pagebreak: true }),
		change: { pagebreak: true },
	},
	{
		kind: 'Subposition',
		segment: 'kb_position_subposition',
		create: () => ({ text: 'Hardware' }),
		change: { text: 'Software' },
	},
];

/** The five operations of each position type, on a quote, an order and an invoice in turn. */
function positionCases(): Record<string, Case> {
	const cases: Record<string, Case> = {};
	const kinds = Object.keys(DOCS) as Array<keyof typeof DOCS>;
	let n = 0;
	for (const p of POSITION_KINDS) {
		const make = async () => {
			const kind = kinds[n++ % kinds.length];
			const doc = await newDocument(kind);
			const path = { kb_document_type: DOCS[kind], document_id: doc.id as number };
			const created = await call(`documentPosition.create${p.kind}`, {
				path,
				body: await p.create(),
			});
			return {
				kind,
				doc,
				path,
				created,
				args: { path: { ...path, position_id: created.id } } as CallArgs,
			};
		};
		cases[`documentPosition.create${p.kind}`] = async () => {
			const { kind, doc, created } = await make();
			expect(created.type).toBe(`KbPosition${p.kind}`);
			const stored = await call(`${kind}.get`, { path: { [`${kind}_id`]: doc.id } });
			expect(ids(stored.positions as Rec[])).toContain(created.id);
		};
		cases[`documentPosition.getAll${p.kind}`] = async () => {
			const { path, created } = await make();
			// Every test document starts with one default (custom) position.
			const expected = p.kind === 'Custom' ? 2 : 1;
			const listed = ids(await list(`documentPosition.getAll${p.kind}`, { path }));
			expect(listed).toContain(created.id);
			expect(listed).toHaveLength(expected);
		};
		cases[`documentPosition.get${p.kind}`] = async () => {
			const { created, args } = await make();
			expect(await call(`documentPosition.get${p.kind}`, args)).toMatchObject({
				id: created.id,
				type: `KbPosition${p.kind}`,
			});
		};
		cases[`documentPosition.update${p.kind}`] = async () => {
			const { args } = await make();
			await call(`documentPosition.update${p.kind}`, { ...args, body: p.change });
			expect(await call(`documentPosition.get${p.kind}`, args)).toMatchObject(p.change);
		};
		cases[`documentPosition.delete${p.kind}`] = async () => {
			const { args } = await make();
			expect(await call(`documentPosition.delete${p.kind}`, args)).toEqual({ success: true });
			expect(await refusal(`documentPosition.get${p.kind}`, args)).toBe(404);
		};
	}
	return cases;
}

/** The documents' common 2.0 operations: a create with positions computes totals; edits keep positions. */
function documentCrud(kind: keyof typeof DOCS): Record<string, Case> {
	const param = `${kind}_id`;
	return crud(kind, {
		param,
		create: async () => ({
			contact_id: (await newContact()).id,
			user_id: 1,
			title: uniq(`${kind} title`),
			positions: [custom('250')],
		}),
		change: { title: 'Geändert' },
		searchField: 'title',
	});
}

// ---- the cases, by reference section

const cases: Record<string, Case> = {
	// 4.1 Contacts & CRM
	...crud('contact', {
		param: 'contact_id',
		create: () => contactBody(),
		change: { city: 'Bern' },
		searchField: 'name_1',
		// bexio archives deleted contacts: gone from the list, shown with show_archived.
		deleted: async (args) => {
			const id = (args.path as Rec).contact_id as number;
			expect(ids(await list('contact.getAll'))).not.toContain(id);
			expect(ids(await list('contact.getAll', { query: { show_archived: true } }))).toContain(id);
		},
	}),
	'contact.bulkCreate': async () => {
		const names = [uniq('Bulk A'), uniq('Bulk B')];
		const created = (await call('contact.bulkCreate', {
			body: names.map((n) => contactBody(n)),
		})) as unknown as Rec[];
		expect(created.map((c) => c.name_1)).toEqual(names);
		expect(
			(
				await list('contact.search', {
					body: [{ field: 'name_1', value: 'Bulk', criteria: 'like' }],
				})
			).length,
		).toBeGreaterThanOrEqual(2);
	},
	'contact.restore': async () => {
		const c = await newContact();
		await call('contact.delete', { path: { contact_id: c.id } });
		await call('contact.restore', { path: { contact_id: c.id } });
		expect(ids(await list('contact.getAll'))).toContain(c.id);
	},
	...crud('contactRelation', {
		param: 'id',
		create: async () => ({
			contact_id: (await newContact()).id,
			contact_sub_id: (await newContact()).id,
			description: 'Ansprechperson',
		}),
		change: { description: 'Buchhaltung' },
		searchField: 'contact_id',
	}),
	...crud('contactGroup', {
		param: 'id',
		create: () => ({ name: uniq('Gruppe') }),
		change: { name: 'VIP' },
		searchField: 'name',
	}),
	...masterData('contactSector', true),
	...crud('additionalAddress', {
		parent: async () => ({ contact_id: (await newContact()).id }),
		param: 'address_id',
		create: () => ({
			name: uniq('Lager'),
			street_name: 'Hauptstrasse',
			house_number: '1',
			postcode: '3000',
			city: 'Bern',
		}),
		change: { city: 'Thun' },
		searchField: 'name',
	}),
	...crud('salutation', {
		param: 'id',
		create: () => ({ name: uniq('Anrede') }),
		change: { name: 'Liebe' },
		searchField: 'name',
	}),
	...crud('title', {
		param: 'id',
		create: () => ({ name: uniq('Titel') }),
		change: { name: 'MSc' },
		searchField: 'name',
	}),
	...crud('note', {
		param: 'id',
		create: () => ({ user_id: 1, event_start: '2026-11-02 10:00:00', subject: uniq('Telefonat') }),
		change: { info: 'Rückruf' },
		searchField: 'subject',
	}),
	...crud('task', {
		param: 'id',
		create: () => ({ user_id: 1, subject: uniq('Offerte nachfassen') }),
		change: { info: 'dringend' },
		searchField: 'subject',
	}),
	...masterData('taskPriority', false),
	...masterData('taskStatus', false),
	...masterData('communicationKind', true),

	// 4.2 Quotes
	...documentCrud('quote'),
	'quote.issue': async () => {
		const q = await newDocument('quote');
		await call('quote.issue', { path: { quote_id: q.id } });
		expect((await call('quote.get', { path: { quote_id: q.id } })).kb_item_status_id).toBe(2);
	},
	'quote.revertIssue': async () => {
		const q = await newDocument('quote');
		await call('quote.issue', { path: { quote_id: q.id } });
		await call('quote.revertIssue', { path: { quote_id: q.id } });
		expect((await call('quote.get', { path: { quote_id: q.id } })).kb_item_status_id).toBe(1);
	},
	'quote.accept': async () => expect((await acceptedQuote()).kb_item_status_id).toBe(3),
	'quote.reject': async () => {
		const q = await newDocument('quote');
		await call('quote.issue', { path: { quote_id: q.id } });
		await call('quote.reject', { path: { quote_id: q.id } });
		expect((await call('quote.get', { path: { quote_id: q.id } })).kb_item_status_id).toBe(4);
	},
	'quote.reissue': async () => {
		const q = await acceptedQuote();
		await call('quote.reissue', { path: { quote_id: q.id } });
		expect((await call('quote.get', { path: { quote_id: q.id } })).kb_item_status_id).toBe(2);
	},
	'quote.markAsSent': async () => {
		const q = await newDocument('quote');
		expect(await refusal('quote.markAsSent', { path: { quote_id: q.id } })).toBe(422);
		await call('quote.issue', { path: { quote_id: q.id } });
		expect(await call('quote.markAsSent', { path: { quote_id: q.id } })).toEqual({ success: true });
	},
	'quote.send': async () => {
		const q = await newDocument('quote');
		expect(await call('quote.send', { path: { quote_id: q.id }, body: send })).toEqual({
			success: true,
		});
		expect((await call('quote.get', { path: { quote_id: q.id } })).kb_item_status_id).toBe(2);
	},
	'quote.getPdf': async () => {
		const q = await newDocument('quote');
		const pdf = await call('quote.getPdf', { path: { quote_id: q.id } });
		expect(pdf.mime).toBe('application/pdf');
		expect(Buffer.from(String(pdf.content), 'base64').subarray(0, 5).toString()).toBe('%PDF-');
	},
	'quote.copy': async () => {
		const q = await newDocument('quote');
		const other = await newContact();
		const copy = await call('quote.copy', {
			path: { quote_id: q.id },
			body: { contact_id: other.id },
		});
		expect(copy).toMatchObject({ contact_id: other.id, total_net: q.total_net });
		expect(copy.id).not.toBe(q.id);
	},
	'quote.createOrder': async () => {
		const q = await acceptedQuote();
		const positions = (q.positions as Rec[]).map((p) => ({ id: p.id, type: p.type }));
		const order = await call('quote.createOrder', {
			path: { quote_id: q.id },
			body: { positions },
		});
		expect((await call('order.get', { path: { order_id: order.id } })).total_net).toBe(q.total_net);
	},
	'quote.createInvoice': async () => {
		const q = await acceptedQuote();
		const positions = (q.positions as Rec[]).map((p) => ({ id: p.id, type: p.type }));
		const invoice = await call('quote.createInvoice', {
			path: { quote_id: q.id },
			body: { positions },
		});
		expect((await getInvoice(invoice.id)).total_net).toBe(q.total_net);
	},

	// 4.3 Orders and deliveries
	...documentCrud('order'),
	'order.createDelivery': async () => {
		const o = await newDocument('order');
		const delivery = await call('order.createDelivery', { path: { order_id: o.id }, body: {} });
		expect(ids(await list('delivery.getAll'))).toContain(delivery.id);
	},
	'order.createInvoice': async () => {
		const o = await newDocument('order');
		const invoice = await call('order.createInvoice', { path: { order_id: o.id }, body: {} });
		expect((await getInvoice(invoice.id)).total_net).toBe(o.total_net);
	},
	'order.getPdf': async () => {
		const o = await newDocument('order');
		expect((await call('order.getPdf', { path: { order_id: o.id } })).mime).toBe('application/pdf');
	},
	'order.setRepetition': async () => {
		const o = await newDocument('order');
		await call('order.setRepetition', {
			path: { order_id: o.id },
			body: { start: '2026-12-01', repetition: { type: 'monthly', interval: 1 } },
		});
		expect((await call('order.get', { path: { order_id: o.id } })).is_recurring).toBe(true);
	},
	'order.getRepetition': async () => {
		const o = await newDocument('order');
		expect(await refusal('order.getRepetition', { path: { order_id: o.id } })).toBe(404);
		await call('order.setRepetition', {
			path: { order_id: o.id },
			body: { start: '2026-12-01', repetition: { type: 'yearly', interval: 2 } },
		});
		expect(await call('order.getRepetition', { path: { order_id: o.id } })).toMatchObject({
			start: '2026-12-01',
			repetition: { type: 'yearly', interval: 2 },
		});
	},
	'order.deleteRepetition': async () => {
		const o = await newDocument('order');
		await call('order.setRepetition', {
			path: { order_id: o.id },
			body: { start: '2026-12-01', repetition: { type: 'daily', interval: 1 } },
		});
		expect(await call('order.deleteRepetition', { path: { order_id: o.id } })).toEqual({
			success: true,
		});
		expect((await call('order.get', { path: { order_id: o.id } })).is_recurring).toBe(false);
	},
	'delivery.getAll': async () => {
		const d = await call('order.createDelivery', {
			path: { order_id: (await newDocument('order')).id },
			body: {},
		});
		expect(ids(await list('delivery.getAll'))).toContain(d.id);
	},
	'delivery.get': async () => {
		const o = await newDocument('order');
		const d = await call('order.createDelivery', { path: { order_id: o.id }, body: {} });
		expect(await call('delivery.get', { path: { delivery_id: d.id } })).toMatchObject({
			id: d.id,
			contact_id: o.contact_id,
		});
	},
	'delivery.issue': async () => {
		const d = await call('order.createDelivery', {
			path: { order_id: (await newDocument('order')).id },
			body: {},
		});
		await call('delivery.issue', { path: { delivery_id: d.id } });
		expect((await call('delivery.get', { path: { delivery_id: d.id } })).kb_item_status_id).toBe(
			18,
		);
	},

	// 4.4 Invoices, payments, reminders
	...documentCrud('invoice'),
	'invoice.getPdf': async () => {
		const i = await newDocument('invoice');
		const pdf = await call('invoice.getPdf', { path: { invoice_id: i.id } });
		expect(pdf).toMatchObject({ mime: 'application/pdf', name: expect.stringMatching(/\.pdf$/) });
		expect(Buffer.from(String(pdf.content), 'base64').subarray(0, 5).toString()).toBe('%PDF-');
	},
	'invoice.copy': async () => {
		const i = await newDocument('invoice');
		const copy = await call('invoice.copy', {
			path: { invoice_id: i.id },
			body: { contact_id: i.contact_id },
		});
		expect(copy).toMatchObject({ kb_item_status_id: 7, total_net: i.total_net });
		expect(copy.id).not.toBe(i.id);
	},
	'invoice.issue': async () => {
		const i = await issuedInvoice();
		expect((await getInvoice(i.id)).kb_item_status_id).toBe(8);
	},
	'invoice.revertIssue': async () => {
		const i = await issuedInvoice();
		await call('invoice.revertIssue', { path: { invoice_id: i.id } });
		expect((await getInvoice(i.id)).kb_item_status_id).toBe(7);
	},
	'invoice.cancel': async () => {
		const i = await issuedInvoice();
		await call('invoice.cancel', { path: { invoice_id: i.id } });
		expect((await getInvoice(i.id)).kb_item_status_id).toBe(19);
	},
	'invoice.markAsSent': async () => {
		const i = await issuedInvoice();
		expect(await call('invoice.markAsSent', { path: { invoice_id: i.id } })).toEqual({
			success: true,
		});
		expect(
			await refusal('invoice.markAsSent', {
				path: { invoice_id: (await newDocument('invoice')).id },
			}),
		).toBe(422);
	},
	'invoice.send': async () => {
		const i = await newDocument('invoice');
		expect(await call('invoice.send', { path: { invoice_id: i.id }, body: send })).toEqual({
			success: true,
		});
		expect((await getInvoice(i.id)).kb_item_status_id).toBe(8);
	},
	'invoicePayment.create': async () => {
		const i = await issuedInvoice();
		const payment = await call('invoicePayment.create', {
			path: { invoice_id: i.id },
			body: { value: '108.10', date: '2026-11-10' },
		});
		expect(payment.value).toBe('108.100000');
		expect((await getInvoice(i.id)).kb_item_status_id).toBe(9);
	},
	'invoicePayment.getAll': async () => {
		const i = await issuedInvoice();
		const p = await call('invoicePayment.create', {
			path: { invoice_id: i.id },
			body: { value: '50', date: '2026-11-10' },
		});
		expect(ids(await list('invoicePayment.getAll', { path: { invoice_id: i.id } }))).toEqual([
			p.id,
		]);
	},
	'invoicePayment.get': async () => {
		const i = await issuedInvoice();
		const p = await call('invoicePayment.create', {
			path: { invoice_id: i.id },
			body: { value: '50', date: '2026-11-10' },
		});
		expect(
			await call('invoicePayment.get', { path: { invoice_id: i.id, payment_id: p.id } }),
		).toMatchObject({ id: p.id, date: '2026-11-10' });
	},
	'invoicePayment.delete': async () => {
		const i = await issuedInvoice();
		const p = await call('invoicePayment.create', {
			path: { invoice_id: i.id },
			body: { value: '108.10', date: '2026-11-10' },
		});
		expect(
			await call('invoicePayment.delete', { path: { invoice_id: i.id, payment_id: p.id } }),
		).toEqual({ success: true });
		expect((await getInvoice(i.id)).kb_item_status_id).toBe(8);
	},
	'invoiceReminder.create': async () => {
		const { invoice, reminder: r } = await reminder();
		expect(r).toMatchObject({ reminder_level: 1, is_sent: false });
		expect((await getInvoice(invoice.id)).kb_item_status_id).toBe(31);
	},
	'invoiceReminder.getAll': async () => {
		const { invoice, reminder: r } = await reminder();
		expect(ids(await list('invoiceReminder.getAll', { path: { invoice_id: invoice.id } }))).toEqual(
			[r.id],
		);
	},
	'invoiceReminder.search': async () => {
		const { invoice, reminder: r } = await reminder();
		expect(
			ids(
				await list('invoiceReminder.search', {
					path: { invoice_id: invoice.id },
					body: [{ field: 'is_sent', value: 'false', criteria: '=' }],
				}),
			),
		).toEqual([r.id]);
	},
	'invoiceReminder.get': async () => {
		const { invoice, reminder: r } = await reminder();
		expect(
			await call('invoiceReminder.get', { path: { invoice_id: invoice.id, reminder_id: r.id } }),
		).toMatchObject({ id: r.id, reminder_level: 1 });
	},
	'invoiceReminder.delete': async () => {
		const { invoice, reminder: r } = await reminder();
		expect(
			await call('invoiceReminder.delete', { path: { invoice_id: invoice.id, reminder_id: r.id } }),
		).toEqual({ success: true });
		expect(await list('invoiceReminder.getAll', { path: { invoice_id: invoice.id } })).toEqual([]);
	},
	'invoiceReminder.markAsSent': async () => {
		const { invoice, reminder: r } = await reminder();
		await call('invoiceReminder.markAsSent', {
			path: { invoice_id: invoice.id, reminder_id: r.id },
		});
		expect(
			(await call('invoiceReminder.get', { path: { invoice_id: invoice.id, reminder_id: r.id } }))
				.is_sent,
		).toBe(true);
	},
	'invoiceReminder.markAsUnsent': async () => {
		const { invoice, reminder: r } = await reminder();
		const path = { invoice_id: invoice.id, reminder_id: r.id };
		await call('invoiceReminder.markAsSent', { path });
		await call('invoiceReminder.markAsUnsent', { path });
		expect((await call('invoiceReminder.get', { path })).is_sent).toBe(false);
	},
	'invoiceReminder.send': async () => {
		const { invoice, reminder: r } = await reminder();
		const path = { invoice_id: invoice.id, reminder_id: r.id };
		expect(await call('invoiceReminder.send', { path, body: send })).toEqual({ success: true });
		expect((await call('invoiceReminder.get', { path })).is_sent).toBe(true);
	},
	'invoiceReminder.getPdf': async () => {
		const { invoice, reminder: r } = await reminder();
		expect(
			(
				await call('invoiceReminder.getPdf', {
					path: { invoice_id: invoice.id, reminder_id: r.id },
				})
			).mime,
		).toBe('application/pdf');
	},

	// 4.5 Shared document sub-resources
	...masterData('documentSetting', false),
	'documentTemplate.getAll': async () => {
		const templates = await list('documentTemplate.getAll');
		expect(templates.filter((t) => t.is_default)).toHaveLength(1);
	},
	'documentComment.create': async () => {
		const q = await newDocument('quote');
		const path = { kb_document_type: 'kb_offer', document_id: q.id };
		const comment = await call('documentComment.create', {
			path,
			body: { text: 'Bitte prüfen', is_public: false },
		});
		expect(comment).toMatchObject({ text: 'Bitte prüfen', user_id: 1 });
	},
	'documentComment.getAll': async () => {
		const o = await newDocument('order');
		const path = { kb_document_type: 'kb_order', document_id: o.id };
		const comment = await call('documentComment.create', { path, body: { text: 'Liefertermin?' } });
		expect(ids(await list('documentComment.getAll', { path }))).toEqual([comment.id]);
	},
	'documentComment.get': async () => {
		const i = await newDocument('invoice');
		const path = { kb_document_type: 'kb_invoice', document_id: i.id };
		const comment = await call('documentComment.create', {
			path,
			body: { text: 'Skonto gewährt' },
		});
		expect(
			(await call('documentComment.get', { path: { ...path, comment_id: comment.id } })).text,
		).toBe('Skonto gewährt');
	},
	...positionCases(),

	// 4.6 Items & stock
	...crud('article', {
		param: 'article_id',
		create: () => ({ intern_code: uniq('ART'), intern_name: 'Tastatur', sale_price: '40.00' }),
		change: { intern_name: 'Maus' },
		searchField: 'intern_code',
	}),
	...masterData('stockLocation', true),
	...masterData('stockArea', true),
	...crud('unit', {
		param: 'id',
		create: () => ({ name: uniq('Einheit') }),
		change: { name: 'Paket' },
		searchField: 'name',
	}),

	// 4.7 Projects & time tracking
	...crud('project', {
		param: 'project_id',
		create: projectBody,
		change: { comment: 'Neubau' },
		searchField: 'name',
	}),
	'project.archive': async () => {
		const p = await newProject();
		expect(await call('project.archive', { path: { project_id: p.id } })).toEqual({
			success: true,
		});
		expect(await refusal('project.archive', { path: { project_id: p.id } })).toBe(422);
	},
	'project.reactivate': async () => {
		const p = await newProject();
		await call('project.archive', { path: { project_id: p.id } });
		expect(await call('project.reactivate', { path: { project_id: p.id } })).toEqual({
			success: true,
		});
		expect(await call('project.archive', { path: { project_id: p.id } })).toEqual({
			success: true,
		});
	},
	...masterData('projectStatus', false),
	...masterData('projectType', false),
	// The POST edit resends the name, as the documented form does.
	...nested('projectMilestone', 'milestone_id', () => ({ name: uniq('Rohbau') }), {
		name: 'Rohbau 2',
		comment: 'verschoben',
	}),
	...nested('projectPackage', 'package_id', () => ({ name: uniq('Planung') }), {
		spent_time_in_hours: 3,
	}),
	...crud('timesheet', {
		param: 'timesheet_id',
		create: async () => ({
			user_id: 1,
			client_service_id: (await activity()).id,
			allowable_bill: true,
			text: uniq('Sitzung'),
			tracking: { type: 'duration', date: '2026-11-02', duration: '01:15' },
		}),
		change: { text: 'Workshop' },
		searchField: 'client_service_id',
	}),
	...masterData('timesheetStatus', false),
	'businessActivity.create': async () => {
		const a = await activity();
		expect(
			(await records<Rec>('bexio', token, 'client_services')).find((r) => r.id === a.id)?.name,
		).toBe(a.name);
	},
	'businessActivity.getAll': async () => {
		const a = await activity();
		expect(ids(await list('businessActivity.getAll'))).toContain(a.id);
	},
	'businessActivity.search': async () => {
		const a = await activity();
		expect(ids(await list('businessActivity.search', { body: byName(String(a.name)) }))).toEqual([
			a.id,
		]);
	},

	// 4.8 Accounting
	'account.getAll': async () => {
		const accounts = await list('account.getAll');
		expect(accounts.map((a) => String(a.account_no))).toContain('1000');
	},
	'account.search': async () => {
		const found = await list('account.search', {
			body: [{ field: 'account_no', value: '1000', criteria: '=' }],
		});
		expect(found.map((a) => String(a.account_no))).toEqual(['1000']);
	},
	...masterData('accountGroup', false),
	'calendarYear.getAll': async () =>
		expect((await list('calendarYear.getAll')).map((y) => String(y.start).slice(0, 4))).toContain(
			'2026',
		),
	'calendarYear.create': async () => {
		// Live answers the list of the years it created.
		const years = (await call('calendarYear.create', {
			body: { year: '2030' },
		})) as unknown as Rec[];
		expect(years.map((y) => String(y.start))).toContain('2030-01-01');
		expect(await refusal('calendarYear.create', { body: { year: '2030' } })).toBe(422);
		const tax = (await list('tax.getAll', { query: { types: 'sales_tax', scope: 'active' } })).at(
			-1,
		)!;
		const [next] = (await call('calendarYear.create', {
			body: { year: '2031', default_tax_income_id: tax.id as number },
		})) as unknown as Rec[];
		expect(next.default_tax_income_id).toBe(tax.id);
	},
	'calendarYear.search': async () => {
		const found = await list('calendarYear.search', {
			body: [{ field: 'start', value: '2026-01-01', criteria: '=' }],
		});
		expect(found.map((y) => y.end)).toEqual(['2026-12-31']);
	},
	'calendarYear.get': async () => {
		const [first] = await list('calendarYear.getAll');
		expect(await call('calendarYear.get', { path: { calendar_year_id: first.id } })).toMatchObject({
			id: first.id,
			start: first.start,
		});
	},
	'businessYear.getAll': async () =>
		expect(
			(await list('businessYear.getAll')).find((y) => String(y.start).startsWith('2024'))?.status,
		).toBe('closed'),
	'businessYear.get': async () => {
		const [first] = await list('businessYear.getAll');
		expect((await call('businessYear.get', { path: { business_year_id: first.id } })).start).toBe(
			first.start,
		);
	},
	'currency.getAll': async () =>
		expect(
			(await list('currency.getAll', { query: { embed: 'exchange_rate' } })).find(
				(c) => c.name === 'EUR',
			)?.exchange_rate,
		).toEqual(expect.any(Number)),
	'currency.create': async () => {
		const gbp = await call('currency.create', { body: { name: 'GBP', round_factor: 0.01 } });
		expect(ids(await list('currency.getAll'))).toContain(gbp.id);
		expect(await refusal('currency.create', { body: { name: 'GBP', round_factor: 0.01 } })).toBe(
			422,
		);
	},
	'currency.get': async () => {
		const eur = (await list('currency.getAll')).find((c) => c.name === 'EUR')!;
		expect((await call('currency.get', { path: { currency_id: eur.id } })).name).toBe('EUR');
	},
	'currency.update': async () => {
		const usd = await call('currency.create', { body: { name: 'SEK', round_factor: 0.01 } });
		await call('currency.update', { path: { currency_id: usd.id }, body: { round_factor: 0.05 } });
		expect((await call('currency.get', { path: { currency_id: usd.id } })).round_factor).toBe(0.05);
	},
	'currency.delete': async () => {
		const jpy = await call('currency.create', { body: { name: 'JPY', round_factor: 1 } });
		expect(await call('currency.delete', { path: { currency_id: jpy.id } })).toEqual({
			success: true,
		});
		expect(await refusal('currency.get', { path: { currency_id: jpy.id } })).toBe(404);
	},
	'currency.getExchangeRates': async () => {
		const eur = (await list('currency.getAll')).find((c) => c.name === 'EUR')!;
		const rates = await list('currency.getExchangeRates', { path: { currency_id: eur.id } });
		expect(rates.length).toBeGreaterThan(0);
	},
	'currency.getCodes': async () =>
		expect(await list('currency.getCodes')).toEqual(expect.arrayContaining(['CHF', 'EUR'])),
	'manualEntry.create': async () => {
		const e = await manualEntry();
		expect(e).toMatchObject({ type: 'manual_single_entry', is_locked: false });
		expect(ids(await list('manualEntry.getAll'))).toContain(e.id);
	},
	'manualEntry.getAll': async () => {
		const e = await manualEntry({ reference_nr: uniq('REF') });
		expect((await list('manualEntry.getAll')).find((x) => x.id === e.id)?.reference_nr).toBe(
			e.reference_nr,
		);
	},
	'manualEntry.update': async () => {
		const e = await manualEntry();
		const line = (e.entries as Rec[])[0];
		const replaced = await call('manualEntry.update', {
			path: { manual_entry_id: e.id },
			body: { id: e.id, type: e.type, date: e.date, entries: [{ ...line, amount: 50 }] },
		});
		expect((replaced.entries as Rec[])[0]).toMatchObject({ id: line.id, amount: 50 });
	},
	'manualEntry.delete': async () => {
		const e = await manualEntry();
		expect(await call('manualEntry.delete', { path: { manual_entry_id: e.id } })).toEqual({
			success: true,
		});
		expect(ids(await list('manualEntry.getAll'))).not.toContain(e.id);
	},
	'manualEntry.getNextReferenceNumber': async () => {
		await manualEntry({ reference_nr: '900' });
		expect(await call('manualEntry.getNextReferenceNumber')).toEqual({ next_ref_nr: '901' });
	},
	...manualEntryFileCases(),
	'journal.getAll': async () => {
		await call('manualEntry.create', {
			body: {
				type: 'manual_single_entry',
				date: '2026-10-15',
				entries: [{ debit_account_id: 1, credit_account_id: 6, amount: 77.7 }],
			},
		});
		const journal = await list('journal.getAll', {
			query: { from: '2026-10-15', to: '2026-10-15' },
		});
		expect(journal.map((j) => Number(j.amount))).toEqual([77.7]);
	},
	'tax.getAll': async () => {
		const taxes = await list('tax.getAll', { query: { scope: 'active', types: 'sales_tax' } });
		expect(taxes.map((t) => t.code)).toContain('UN81');
		expect(taxes.every((t) => t.type === 'sales_tax' && t.is_active !== false)).toBe(true);
	},
	'tax.get': async () => {
		const [first] = await list('tax.getAll');
		expect(await call('tax.get', { path: { tax_id: first.id } })).toMatchObject({
			id: first.id,
			value: first.value,
		});
	},
	'tax.delete': async () => {
		expect(await refusal('tax.delete', { path: { tax_id: 4 } })).toBe(409);
		expect(await call('tax.delete', { path: { tax_id: 3 } })).toEqual({ success: true });
		expect(await refusal('tax.get', { path: { tax_id: 3 } })).toBe(404);
	},
	'vatPeriod.getAll': async () =>
		expect((await list('vatPeriod.getAll')).length).toBeGreaterThan(0),
	'vatPeriod.get': async () => {
		const [first] = await list('vatPeriod.getAll');
		expect(await call('vatPeriod.get', { path: { vat_period_id: first.id } })).toMatchObject({
			id: first.id,
			start: first.start,
			end: first.end,
		});
	},

	// 4.9 Banking
	'bankAccount.getAll': async () =>
		expect((await list('bankAccount.getAll')).map((a) => a.name)).toEqual(['Hauptkonto', 'Kasse']),
	'bankAccount.get': async () =>
		expect(
			(await call('bankAccount.get', { path: { bank_account_id: (await bankAccount()).id } }))
				.iban_nr,
		).toBe('CH9300762011623852957'),
	...legacyPaymentCases('iban'),
	...legacyPaymentCases('qr'),
	'bankPaymentV3.getAll': async () => {
		const p = await legacyPayment('iban', (await bankAccount()).id);
		expect(
			ids(await list('bankPaymentV3.getAll', { query: { from: '2099-02-01', to: '2099-02-01' } })),
		).toContain(p.id);
	},
	'bankPaymentV3.cancel': async () => {
		const p = await legacyPayment('qr', (await bankAccount()).id);
		expect(await refusal('bankPaymentV3.cancel', { path: { payment_id: p.id } })).toBe(422);
		await bankProcesses('legacy_bank_payments', p.id, 'transferred');
		expect(await call('bankPaymentV3.cancel', { path: { payment_id: p.id } })).toEqual({
			success: true,
		});
	},
	'bankPaymentV3.delete': async () => {
		const p = await legacyPayment('iban', (await bankAccount()).id);
		expect(await call('bankPaymentV3.delete', { path: { payment_id: p.id } })).toEqual({
			success: true,
		});
		expect(ids(await list('bankPaymentV3.getAll'))).not.toContain(p.id);
	},
	'bankPayment.create': async () => {
		const p = await call('bankPayment.create', { body: await bankPaymentBody() });
		expect(p).toMatchObject({ status: 'open', amount: '12.5000' });
	},
	'bankPayment.getAll': async () => {
		const p = await call('bankPayment.create', { body: await bankPaymentBody(17) });
		// Live answers an envelope `{query, sort-by, pagination, results}`.
		expect(
			ids(
				(await call('bankPayment.getAll', { query: { 'filter-by': 'amount:16_18;status:open' } }))
					.results as Rec[],
			),
		).toEqual([p.id]);
	},
	'bankPayment.get': async () => {
		const p = await call('bankPayment.create', { body: await bankPaymentBody() });
		expect((await call('bankPayment.get', { path: { payment_id: p.id } })).recipient).toMatchObject(
			{ name: 'Muster' },
		);
	},
	'bankPayment.update': async () => {
		const p = await call('bankPayment.create', { body: await bankPaymentBody() });
		await call('bankPayment.update', {
			path: { payment_id: p.id },
			body: { ...(await bankPaymentBody()), amount: 30 },
		});
		expect((await call('bankPayment.get', { path: { payment_id: p.id } })).amount).toBe('30.0000');
	},
	'bankPayment.delete': async () => {
		const p = await call('bankPayment.create', { body: await bankPaymentBody() });
		await call('bankPayment.delete', { path: { payment_id: p.id } });
		expect(await refusal('bankPayment.get', { path: { payment_id: p.id } })).toBe(404);
	},
	'bankPayment.cancel': async () => {
		const p = await call('bankPayment.create', { body: await bankPaymentBody() });
		expect(await refusal('bankPayment.cancel', { path: { payment_id: p.id } })).toBe(400);
		await bankProcesses('banking_payments', p.id, 'downloaded');
		expect((await call('bankPayment.cancel', { path: { payment_id: p.id } })).status).toBe(
			'cancelled',
		);
	},

	// 4.10 Purchase
	'bill.create': async () =>
		expect(await bill()).toMatchObject({ status: 'DRAFT', pending_amount: 100 }),
	'bill.getAll': async () => {
		const b = await bill();
		expect(ids(await dataOf('bill.getAll'))).toContain(b.id);
	},
	'bill.get': async () => {
		const b = await bill();
		expect(await call('bill.get', { path: { bill_id: b.id } })).toMatchObject({
			id: b.id,
			document_no: b.document_no,
		});
	},
	'bill.update': async () => {
		const b = await bill();
		const { id: _id, ...rest } = b;
		const write = {
			supplier_id: rest.supplier_id,
			contact_partner_id: 1,
			bill_date: rest.bill_date,
			due_date: '2026-12-15',
			currency_code: 'CHF',
			item_net: false,
			manual_amount: false,
			split_into_line_items: true,
			document_no: rest.document_no,
			address: { lastname_company: 'Lieferant AG', type: 'COMPANY' },
			line_items: [
				{ position: 0, title: 'Material', tax_id: 5, amount: 100, booking_account_id: 8 },
			],
			discounts: [],
			attachment_ids: rest.attachment_ids,
		};
		await call('bill.update', { path: { bill_id: b.id }, body: write });
		expect((await call('bill.get', { path: { bill_id: b.id } })).due_date).toBe('2026-12-15');
	},
	'bill.delete': async () => {
		const b = await bill();
		await call('bill.delete', { path: { bill_id: b.id } });
		expect(await refusal('bill.get', { path: { bill_id: b.id } })).toBe(404);
	},
	'bill.setBookingStatus': async () => {
		const b = await bill();
		expect(
			(await call('bill.setBookingStatus', { path: { bill_id: b.id, status: 'BOOKED' } })).status,
		).toBe('BOOKED');
		expect(
			await refusal('bill.setBookingStatus', { path: { bill_id: b.id, status: 'BOOKED' } }),
		).toBe(400);
	},
	'bill.duplicate': async () => {
		const b = await bill();
		const copy = await call('bill.duplicate', {
			path: { bill_id: b.id },
			body: { action: 'DUPLICATE' },
		});
		expect(copy.id).not.toBe(b.id);
		expect(copy.status).toBe('DRAFT');
	},
	'bill.validateDocumentNumber': async () => {
		const b = await bill();
		expect(
			await call('bill.validateDocumentNumber', { query: { document_no: b.document_no } }),
		).toMatchObject({ valid: false });
		expect(
			await call('bill.validateDocumentNumber', { query: { document_no: 'LR-99999' } }),
		).toMatchObject({ valid: true });
	},
	...expenseCases(),
	...outgoingPaymentCases(),
	...v3Crud(
		'purchaseOrder',
		'purchase_order_id',
		async () => ({ contact_id: (await newContact()).id, user_id: 1, title: uniq('Bestellung') }),
		{ title: 'Nachbestellung' },
	),

	// 4.11 Files
	'file.upload': async () => {
		const f = await upload('scan.pdf', '%PDF-1.4 scan');
		expect(await call('file.get', { path: { file_id: f.id } })).toMatchObject({
			name: 'scan',
			extension: 'pdf',
			size_in_bytes: 13,
		});
	},
	'file.getAll': async () => {
		const f = await upload('a.pdf', '%PDF a');
		expect(ids(await list('file.getAll', { query: { archived_state: 'not_archived' } }))).toContain(
			f.id,
		);
	},
	'file.search': async () => {
		const f = await upload('unique-name.pdf', '%PDF u');
		expect(
			ids(
				await list('file.search', {
					body: [{ field: 'name', value: 'unique-name', criteria: '=' }],
				}),
			),
		).toEqual([f.id]);
	},
	'file.get': async () => {
		const f = await upload('b.pdf', '%PDF b');
		expect((await call('file.get', { path: { file_id: f.id } })).uuid).toBe(f.uuid);
	},
	'file.update': async () => {
		const f = await upload('c.pdf', '%PDF c');
		await call('file.update', { path: { file_id: f.id }, body: { is_archived: true } });
		expect(ids(await list('file.getAll', { query: { archived_state: 'archived' } }))).toContain(
			f.id,
		);
	},
	'file.delete': async () => {
		const f = await upload('d.pdf', '%PDF d');
		await call('file.delete', { path: { file_id: f.id } });
		expect(await refusal('file.get', { path: { file_id: f.id } })).toBe(404);
	},
	'file.download': async () => {
		const f = await upload('e.pdf', '%PDF-1.4 download me');
		const res = await client.callRaw('file.download', { path: { file_id: f.id } });
		expect(Buffer.isBuffer(res.body) && res.body.toString()).toBe('%PDF-1.4 download me');
	},
	'file.preview': async () => {
		const f = await upload('f.pdf', '%PDF-1.4 preview');
		const res = await client.callRaw('file.preview', { path: { file_id: f.id } });
		expect(Buffer.isBuffer(res.body) && res.body.length).toBeGreaterThan(0);
	},
	'file.getUsage': async () => {
		const b = await bill();
		const file = (
			await list('file.search', {
				body: [{ field: 'uuid', value: String((b.attachment_ids as string[])[0]), criteria: '=' }],
			})
		)[0];
		expect(await call('file.getUsage', { path: { file_id: file.id } })).toMatchObject({
			ref_class: 'KbBill',
			document_nr: b.document_no,
		});
	},

	// 4.12 Payroll
	'payrollEmployee.create': async () => {
		const e = await employee();
		expect(e.id).toEqual(expect.any(String));
		expect(ids(await dataOf('payrollEmployee.getAll'))).toContain(e.id);
	},
	'payrollEmployee.getAll': async () => {
		const e = await employee();
		expect((await dataOf('payrollEmployee.getAll')).find((x) => x.id === e.id)?.lastName).toBe(
			'Frei',
		);
	},
	'payrollEmployee.get': async () => {
		const e = await employee();
		expect(await refusal('payrollEmployee.get', { path: { employee_id: e.id } })).toBe(400);
		expect(
			(
				await call('payrollEmployee.get', {
					path: { employee_id: e.id },
					query: { date: '2026-11-01' },
				})
			).firstName,
		).toBe(e.firstName);
	},
	'payrollEmployee.update': async () => {
		const e = await employee();
		await call('payrollEmployee.update', {
			path: { employee_id: e.id },
			body: { lastName: 'Frey' },
		});
		expect(
			(
				await call('payrollEmployee.get', {
					path: { employee_id: e.id },
					query: { date: '2026-11-01' },
				})
			).lastName,
		).toBe('Frey');
	},
	'payrollEmployee.getPaystub': async () => {
		const e = await employee();
		expect(
			(
				await call('payrollEmployee.getPaystub', {
					path: { employee_id: e.id, year: 2026, month: 10 },
				})
			).location,
		).toMatch(/2026-10\.pdf$/);
	},
	'payrollAbsence.create': async () => {
		const e = await employee();
		const a = await absence(e.id);
		expect(a).toMatchObject({ reason: 'Vacation', startDate: '2026-12-01' });
	},
	'payrollAbsence.getAll': async () => {
		const e = await employee();
		const a = await absence(e.id);
		expect(
			ids(
				await dataOf('payrollAbsence.getAll', {
					path: { employee_id: e.id },
					query: { businessYear: 2026 },
				}),
			),
		).toEqual([a.id]);
	},
	'payrollAbsence.get': async () => {
		const e = await employee();
		const a = await absence(e.id);
		expect(
			(await call('payrollAbsence.get', { path: { employee_id: e.id, absence_id: a.id } })).endDate,
		).toBe('2026-12-05');
	},
	'payrollAbsence.update': async () => {
		const e = await employee();
		const a = await absence(e.id);
		const path = { employee_id: e.id, absence_id: a.id };
		await call('payrollAbsence.update', {
			path,
			body: { reason: 'Vacation', startDate: '2026-12-01', endDate: '2026-12-03' },
		});
		expect((await call('payrollAbsence.get', { path })).endDate).toBe('2026-12-03');
	},
	'payrollAbsence.delete': async () => {
		const e = await employee();
		const a = await absence(e.id);
		await call('payrollAbsence.delete', { path: { employee_id: e.id, absence_id: a.id } });
		expect(
			await dataOf('payrollAbsence.getAll', {
				path: { employee_id: e.id },
				query: { businessYear: 2026 },
			}),
		).toEqual([]);
	},

	// 4.13 Other master data & company
	'companyProfile.getAll': async () =>
		expect((await list('companyProfile.getAll'))[0].name).toEqual(expect.any(String)),
	'companyProfile.get': async () => {
		const [profile] = await list('companyProfile.getAll');
		expect((await call('companyProfile.get', { path: { profile_id: profile.id } })).name).toBe(
			profile.name,
		);
	},
	...crud('country', {
		param: 'country_id',
		create: () => ({
			name: uniq('Atlantis'),
			name_short: 'ATL',
			iso3166_alpha2: `X${String.fromCharCode(65 + (seq % 26))}`,
		}),
		change: { name_short: 'ATX' },
		searchField: 'name',
	}),
	...masterData('language', true),
	...masterData('paymentType', true),
	'permission.get': async () =>
		expect((await call('permission.get')).components).toEqual(
			expect.arrayContaining(['kb_invoice']),
		),
	'user.getAll': async () => expect(ids(await list('user.getAll'))).toContain(1),
	'user.get': async () =>
		expect(await call('user.get', { path: { user_id: 1 } })).toMatchObject({
			id: 1,
			email: 'rudolph.smith@example.com',
		}),
	'user.getMe': async () => expect((await call('user.getMe')).id).toBe(1),
	'fictionalUser.create': async () => {
		const u = await call('fictionalUser.create', {
			body: {
				salutation_type: 'female',
				firstname: 'Eva',
				lastname: 'Frei',
				email: `${uniq('eva').replace(' ', '')}@example.com`,
			},
		});
		expect(ids(await list('fictionalUser.getAll'))).toContain(u.id);
		expect(
			await refusal('fictionalUser.create', {
				body: { salutation_type: 'male', firstname: 'A', lastname: 'B', email: u.email },
			}),
		).toBe(422);
	},
	'fictionalUser.getAll': async () => {
		const u = await fictional();
		expect(ids(await list('fictionalUser.getAll'))).toContain(u.id);
	},
	'fictionalUser.get': async () => {
		const u = await fictional();
		expect((await call('fictionalUser.get', { path: { fictional_user_id: u.id } })).email).toBe(
			u.email,
		);
	},
	'fictionalUser.update': async () => {
		const u = await fictional();
		await call('fictionalUser.update', {
			path: { fictional_user_id: u.id },
			body: { lastname: 'Frey' },
		});
		expect((await call('fictionalUser.get', { path: { fictional_user_id: u.id } })).lastname).toBe(
			'Frey',
		);
	},
	'fictionalUser.delete': async () => {
		const u = await fictional();
		expect(await call('fictionalUser.delete', { path: { fictional_user_id: u.id } })).toEqual({
			success: true,
		});
		expect(await refusal('fictionalUser.get', { path: { fictional_user_id: u.id } })).toBe(404);
	},
};

function fictional(): Promise<Rec> {
	return call('fictionalUser.create', {
		body: {
			salutation_type: 'male',
			firstname: 'Max',
			lastname: 'Muster',
			email: `${uniq('max').replace(' ', '')}@example.com`,
		},
	});
}

/** 3.0 project sub-resources: list, create, get, PATCH update, delete under a project. */
function nested(
	resource: string,
	param: string,
	create: () => Rec,
	change: Rec,
): Record<string, Case> {
	const make = async () => {
		const p = await newProject();
		const created = await call(`${resource}.create`, {
			path: { project_id: p.id },
			body: create(),
		});
		return {
			parent: { project_id: p.id },
			created,
			path: { project_id: p.id, [param]: created.id },
		};
	};
	return {
		[`${resource}.create`]: async () => {
			const { created, path } = await make();
			expect((await call(`${resource}.get`, { path })).name).toBe(created.name);
		},
		[`${resource}.getAll`]: async () => {
			const { parent, created } = await make();
			expect(ids(await list(`${resource}.getAll`, { path: parent }))).toEqual([created.id]);
		},
		[`${resource}.get`]: async () => {
			const { created, path } = await make();
			expect((await call(`${resource}.get`, { path })).id).toBe(created.id);
		},
		[`${resource}.update`]: async () => {
			const { created, path } = await make();
			expect(await call(`${resource}.update`, { path, body: change })).toMatchObject({
				name: created.name,
				...change,
			});
		},
		[`${resource}.delete`]: async () => {
			const { path } = await make();
			expect(await call(`${resource}.delete`, { path })).toEqual({ success: true });
			expect(await refusal(`${resource}.get`, { path })).toBe(404);
		},
	};
}

/** 3.0 resources edited with PUT (whole record) and deleted with `{success}`. */
function v3Crud(
	resource: string,
	param: string,
	create: () => Promise<Rec>,
	change: Rec,
): Record<string, Case> {
	const make = async () => {
		const body = await create();
		const created = await call(`${resource}.create`, { body });
		return { body, created, path: { [param]: created.id } };
	};
	return {
		[`${resource}.create`]: async () => {
			const { body, path } = await make();
			expect(await call(`${resource}.get`, { path })).toMatchObject({ title: body.title });
		},
		[`${resource}.getAll`]: async () => {
			const { created } = await make();
			expect(ids(await list(`${resource}.getAll`))).toContain(created.id);
		},
		[`${resource}.get`]: async () => {
			const { created, path } = await make();
			expect((await call(`${resource}.get`, { path })).id).toBe(created.id);
		},
		[`${resource}.update`]: async () => {
			const { body, path } = await make();
			await call(`${resource}.update`, { path, body: { ...body, ...change } });
			expect(await call(`${resource}.get`, { path })).toMatchObject(change);
		},
		[`${resource}.delete`]: async () => {
			const { path } = await make();
			expect(await call(`${resource}.delete`, { path })).toEqual({ success: true });
			expect(await refusal(`${resource}.get`, { path })).toBe(404);
		},
	};
}

function legacyPaymentCases(kind: 'iban' | 'qr'): Record<string, Case> {
	const r = `${kind}Payment`;
	return {
		[`${r}.create`]: async () => {
			const bank = await bankAccount();
			const p = await legacyPayment(kind, bank.id);
			expect(p).toMatchObject({ type: kind, status: 'open', bank_account_id: bank.id });
		},
		[`${r}.get`]: async () => {
			const bank = await bankAccount();
			const p = await legacyPayment(kind, bank.id);
			expect(
				(await call(`${r}.get`, { path: { bank_account_id: bank.id, payment_id: p.id } })).amount,
			).toBe('20.00');
		},
		[`${r}.update`]: async () => {
			const bank = await bankAccount();
			const p = await legacyPayment(kind, bank.id);
			const path = { bank_account_id: bank.id, payment_id: p.id };
			await call(`${r}.update`, { path, body: { amount: '25.00' } });
			expect((await call(`${r}.get`, { path })).amount).toBe('25.00');
		},
	};
}

function expenseCases(): Record<string, Case> {
	const expense = async () => call('expense.create', { body: await expenseBody() });
	return {
		'expense.create': async () =>
			expect(await expense()).toMatchObject({ status: 'DRAFT', title: 'Taxi' }),
		'expense.getAll': async () => {
			const e = await expense();
			expect(ids(await dataOf('expense.getAll'))).toContain(e.id);
		},
		'expense.get': async () => {
			const e = await expense();
			expect((await call('expense.get', { path: { expense_id: e.id } })).id).toBe(e.id);
		},
		'expense.update': async () => {
			const e = await expense();
			await call('expense.update', {
				path: { expense_id: e.id },
				body: { ...(await expenseBody()), title: 'Zug' },
			});
			expect((await call('expense.get', { path: { expense_id: e.id } })).title).toBe('Zug');
		},
		'expense.delete': async () => {
			const e = await expense();
			await call('expense.delete', { path: { expense_id: e.id } });
			expect(await refusal('expense.get', { path: { expense_id: e.id } })).toBe(404);
		},
		'expense.setBookingStatus': async () => {
			const e = await expense();
			expect(
				(await call('expense.setBookingStatus', { path: { expense_id: e.id, status: 'DONE' } }))
					.status,
			).toBe('DONE');
		},
		'expense.duplicate': async () => {
			const e = await expense();
			const copy = await call('expense.duplicate', {
				path: { expense_id: e.id },
				body: { action: 'DUPLICATE' },
			});
			expect(copy.id).not.toBe(e.id);
		},
		'expense.validateDocumentNumber': async () => {
			const e = await expense();
			expect(
				await call('expense.validateDocumentNumber', { query: { document_no: e.document_no } }),
			).toMatchObject({ valid: false });
		},
	};
}

function outgoingPaymentCases(): Record<string, Case> {
	const pay = async () => {
		const b = await bill();
		await call('bill.setBookingStatus', { path: { bill_id: b.id, status: 'BOOKED' } });
		const body = {
			bill_id: b.id,
			payment_type: 'MANUAL',
			execution_date: '2026-11-20',
			amount: 40,
			currency_code: 'CHF',
			exchange_rate: 1,
			is_salary_payment: false,
			sender_bank_account_id: 1,
		};
		return { bill: b, payment: await call('outgoingPayment.create', { body }) };
	};
	return {
		'outgoingPayment.create': async () => {
			const { bill: b } = await pay();
			expect((await call('bill.get', { path: { bill_id: b.id } })).pending_amount).toBe(60);
		},
		'outgoingPayment.getAll': async () => {
			const { bill: b, payment } = await pay();
			expect(ids(await dataOf('outgoingPayment.getAll', { query: { bill_id: b.id } }))).toEqual([
				payment.id,
			]);
		},
		'outgoingPayment.update': async () => {
			const { payment } = await pay();
			expect(
				await refusal('outgoingPayment.update', { body: { payment_id: payment.id, amount: 45 } }),
			).toBe(400);
		},
		'outgoingPayment.get': async () => {
			const { payment } = await pay();
			expect((await call('outgoingPayment.get', { path: { payment_id: payment.id } })).amount).toBe(
				40,
			);
		},
		'outgoingPayment.delete': async () => {
			const { bill: b, payment } = await pay();
			await call('outgoingPayment.delete', { path: { payment_id: payment.id } });
			expect((await call('bill.get', { path: { bill_id: b.id } })).pending_amount).toBe(100);
		},
	};
}

function manualEntryFileCases(): Record<string, Case> {
	const single = async () => {
		const e = await manualEntry();
		const path = { manual_entry_id: e.id, entry_id: (e.entries as Rec[])[0].id };
		const [file] = (await call('manualEntry.uploadEntryFile', {
			path,
			multipart: attachment('beleg.pdf'),
		})) as unknown as Rec[];
		return { path, file };
	};
	const compound = async () => {
		const e = await compoundEntry();
		const path = { manual_entry_id: e.id };
		const [file] = (await call('manualEntry.uploadFile', {
			path,
			multipart: attachment('sammel.pdf'),
		})) as unknown as Rec[];
		return { path, file };
	};
	return {
		'manualEntry.uploadEntryFile': async () => expect((await single()).file.name).toBe('beleg.pdf'),
		'manualEntry.getEntryFiles': async () => {
			const { path, file } = await single();
			expect(ids(await list('manualEntry.getEntryFiles', { path }))).toEqual([file.id]);
		},
		'manualEntry.getEntryFile': async () => {
			const { path, file } = await single();
			const shown = await call('manualEntry.getEntryFile', { path: { ...path, file_id: file.id } });
			expect(Buffer.from(String(shown.data), 'base64').toString()).toBe('%PDF-1.4 beleg.pdf');
		},
		'manualEntry.deleteEntryFile': async () => {
			const { path, file } = await single();
			expect(
				await call('manualEntry.deleteEntryFile', { path: { ...path, file_id: file.id } }),
			).toEqual({ success: true });
			expect(await list('manualEntry.getEntryFiles', { path })).toEqual([]);
		},
		'manualEntry.uploadFile': async () => expect((await compound()).file.name).toBe('sammel.pdf'),
		'manualEntry.getFiles': async () => {
			const { path, file } = await compound();
			expect(ids(await list('manualEntry.getFiles', { path }))).toEqual([file.id]);
		},
		'manualEntry.getFile': async () => {
			const { path, file } = await compound();
			expect(
				(await call('manualEntry.getFile', { path: { ...path, file_id: file.id } })).name,
			).toBe('sammel.pdf');
		},
		'manualEntry.deleteFile': async () => {
			const { path, file } = await compound();
			expect(await call('manualEntry.deleteFile', { path: { ...path, file_id: file.id } })).toEqual(
				{ success: true },
			);
			expect(await list('manualEntry.getFiles', { path })).toEqual([]);
		},
	};
}

describe('every bexio operation against the sandbox', () => {
	it.each(Object.keys(cases).sort())('%s', async (id) => {
		await cases[id]();
	});

	it('has a case for each catalog operation and none for an operation the catalog lacks', () => {
		const catalog = Object.keys(bexioCatalog).sort();
		expect(catalog.filter((id) => !(id in cases))).toEqual([]);
		expect(Object.keys(cases).filter((id) => !(id in bexioCatalog))).toEqual([]);
		expect(catalog).toHaveLength(318);
	});
});
