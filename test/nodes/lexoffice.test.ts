import { lexofficeCatalog } from '../../clients/lexoffice/catalog';
import { connectLexoffice, type LexofficeClient } from '../../clients/lexoffice';
import { createCredential, testN8n, type N8nInstance } from '../helpers/n8n';
import { runNode } from '../helpers/nodeRunner';
import { newTenant, records, sandboxUrl, seed } from '../helpers/sandbox';

/**
 * Every operation of the Lexoffice node, executed by a real n8n against the sandbox. Prerequisite
 * records are created through the client; each case asserts the node's output or the sandbox state.
 */

const DATE = '2026-11-02T00:00:00.000+01:00';
const lineItems = [
	{
		type: 'custom',
		name: 'Beratung',
		quantity: 2,
		unitName: 'Stunde',
		unitPrice: { currency: 'EUR', netAmount: 100, taxRatePercentage: 19 },
	},
];
const salesBody = (extra: Record<string, unknown> = {}) => ({
	voucherDate: DATE,
	address: { name: 'Muster GmbH', countryCode: 'DE' },
	lineItems,
	totalPrice: { currency: 'EUR' },
	taxConditions: { taxType: 'net' },
	shippingConditions: { shippingDate: DATE, shippingType: 'service' },
	...extra,
});

interface Fixtures {
	contactId: string;
	articleId: string;
	invoiceId: string;
	creditNoteId: string;
	quotationId: string;
	orderConfirmationId: string;
	deliveryNoteId: string;
	dunningId: string;
	downPaymentInvoiceId: string;
	recurringTemplateId: string;
	voucherId: string;
	fileId: string;
	subscriptionId: string;
}

type Item = Record<string, unknown>;
interface Case {
	parameters: (f: Fixtures) => Record<string, unknown>;
	items?: Item[];
	/** Input binary for uploads: the node reads it from the item. */
	expect: (out: Item[], f: Fixtures) => void | Promise<void>;
}

let n8n: N8nInstance;
let token: string;
let client: LexofficeClient;
let credentials: Record<string, { id: string; name: string }>;
let f: Fixtures;

const json = (body: unknown) => ({ bodyMode: 'json', jsonBody: JSON.stringify(body) });
const locator = (value: string) => ({ __rl: true, mode: 'id', value });

beforeAll(async () => {
	n8n = testN8n();
	token = await newTenant('lexoffice', { perSecond: 200, burst: 200 });
	client = connectLexoffice({
		baseUrl: sandboxUrl('lexoffice'),
		apiKey: token,
		rateLimit: { ratePerSecond: 100, burst: 20 },
	});
	const cred = await createCredential(n8n, `lexoffice ${token.slice(-6)}`, 'lexofficeApi', {
		apiKey: token,
		baseUrl: sandboxUrl('lexoffice'),
	});
	credentials = { lexofficeApi: { id: cred.id, name: cred.name } };

	const contact = await client.call('contact.create', {
		body: {
			version: 0,
			roles: { customer: {} },
			company: { name: 'Muster GmbH' },
			addresses: {
				billing: [{ countryCode: 'DE', city: 'Berlin', zip: '10115', street: 'Str. 1' }],
			},
		},
	});
	const article = await client.call('article.create', {
		body: {
			title: 'Beratung',
			type: 'SERVICE',
			unitName: 'Stunde',
			price: { leadingPrice: 'NET', netPrice: 100, taxRate: 19 },
		},
	});
	const invoice = await client.call('invoice.create', {
		query: { finalize: true },
		body: salesBody({ address: { contactId: contact.id } }) as never,
	});
	const creditNote = await client.call('creditNote.create', {
		query: { finalize: true },
		body: salesBody() as never,
	});
	const quotation = await client.call('quotation.create', {
		query: { finalize: true },
		body: salesBody({ expirationDate: '2026-12-31T00:00:00.000+01:00' }) as never,
	});
	const orderConfirmation = await client.call('orderConfirmation.create', {
		query: { finalize: true },
		body: salesBody() as never,
	});
	const deliveryNote = await client.call('deliveryNote.create', {
		query: { finalize: true },
		body: salesBody() as never,
	});
	const dunning = await client.call('dunning.create', {
		query: { precedingSalesVoucherId: invoice.id },
		body: salesBody({ address: { contactId: contact.id } }) as never,
	});
	const dpi = (await seed('lexoffice', token, 'down-payment-invoices', 1, { status: 'open' })) as {
		ids: string[];
	};
	const template = (await seed('lexoffice', token, 'recurring-templates', 1, {
		contactId: contact.id,
	})) as { ids: string[] };
	const voucher = await client.call('voucher.create', {
		body: {
			type: 'salesinvoice',
			voucherNumber: 'POS-1',
			voucherDate: '2026-11-02',
			totalGrossAmount: 119,
			totalTaxAmount: 19,
			taxType: 'net',
			useCollectiveContact: true,
			voucherItems: [
				{
					amount: 100,
					taxAmount: 19,
					taxRatePercent: 19,
					categoryId: '8f8664a8-fd86-11e1-a21f-0800200c9a66',
				},
			],
		},
	});
	const upload = await client.call('file.upload', {
		multipart: [
			{
				name: 'file',
				data: Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n'),
				filename: 'beleg.pdf',
				contentType: 'application/pdf',
			},
			{ name: 'type', value: 'voucher' },
		],
	});
	const subscription = await client.call('eventSubscription.create', {
		body: {
			eventType: 'article.deleted',
			callbackUrl: `${sandboxUrl('lexoffice')}/_sandbox/stats`,
		},
	});
	f = {
		contactId: contact.id,
		articleId: article.id,
		invoiceId: invoice.id,
		creditNoteId: creditNote.id,
		quotationId: quotation.id,
		orderConfirmationId: orderConfirmation.id,
		deliveryNoteId: deliveryNote.id,
		dunningId: dunning.id,
		downPaymentInvoiceId: dpi.ids[0],
		recurringTemplateId: template.ids[0],
		voucherId: voucher.id,
		fileId: upload.id,
		subscriptionId: subscription.id,
	};
});

const getCase = (resource: string, idParam: keyof Fixtures): Case => ({
	parameters: (fx) => ({ resource, operation: 'get', [`${resource}Id`]: locator(fx[idParam]) }),
	expect: (out, fx) => expect(out[0].id).toBe(fx[idParam]),
});
const fileCase = (resource: string, idParam: keyof Fixtures): Case => ({
	parameters: (fx) => ({
		resource,
		operation: 'downloadFile',
		[`${resource}Id`]: locator(fx[idParam]),
		binaryPropertyName: 'data',
	}),
	expect: (out) => {
		expect(out[0].error).toBeUndefined();
		expect(out[0].size as number).toBeGreaterThan(10);
	},
});
const documentCase = (resource: string, idParam: keyof Fixtures): Case => ({
	parameters: (fx) => ({
		resource,
		operation: 'getDocument',
		[`${resource}Id`]: locator(fx[idParam]),
	}),
	expect: (out) => expect(typeof out[0].documentFileId).toBe('string'),
});
const createCase = (
	resource: string,
	body: () => unknown,
	query: Record<string, unknown> = {},
	collection: string,
): Case => ({
	parameters: () => ({ resource, operation: 'create', ...json(body()), options: query }),
	expect: async (out) => {
		expect(typeof out[0].id).toBe('string');
		const stored = await records<{ id: string }>('lexoffice', token, collection);
		expect(stored.some((r) => r.id === out[0].id)).toBe(true);
	},
});

/** Sales vouchers are created from fields: line items as rows, recipient as a contact or a one-time address. */
const salesCreateCase = (
	resource: string,
	collection: string,
	extra: (fx: Fixtures) => Record<string, unknown> = () => ({}),
): Case => ({
	parameters: (fx) => ({
		resource,
		operation: 'create',
		contactId: locator(fx.contactId),
		voucherDate: '2026-11-02T09:00:00+01:00',
		lineItemsInput: 'fields',
		lineItems: {
			item: [
				{
					type: 'custom',
					name: 'Beratung',
					quantity: 3,
					unitName: 'Stunde',
					unitPrice: 120,
					taxRatePercentage: 19,
				},
				{ type: 'text', name: 'Danke für Ihren Auftrag' },
			],
		},
		taxType: 'net',
		...extra(fx),
	}),
	expect: async (out) => {
		const stored = (
			await records<{
				id: string;
				lineItems: Array<{ name: string }>;
				address: { contactId?: string };
			}>('lexoffice', token, collection)
		).find((r) => r.id === out[0].id);
		expect(stored?.lineItems.map((l) => l.name)).toEqual(['Beratung', 'Danke für Ihren Auftrag']);
		expect(stored?.address.contactId).toBe(f.contactId);
	},
});

const CASES: Record<string, Case> = {
	'article.getAll': {
		parameters: () => ({ resource: 'article', operation: 'getAll', returnAll: true }),
		expect: (out, fx) => expect(out.map((a) => a.id)).toContain(fx.articleId),
	},
	'article.get': getCase('article', 'articleId'),
	'article.create': createCase(
		'article',
		() => ({
			title: 'Wartung',
			type: 'SERVICE',
			unitName: 'Stunde',
			price: { leadingPrice: 'GROSS', grossPrice: 119, taxRate: 19 },
		}),
		{},
		'articles',
	),
	'article.update': {
		parameters: (fx) => ({
			resource: 'article',
			operation: 'update',
			articleId: locator(fx.articleId),
			bodyMode: 'fields',
			updateFields: { title: 'Beratung Plus' },
		}),
		expect: async (_out, fx) =>
			expect((await client.call('article.get', { path: { id: fx.articleId } })).title).toBe(
				'Beratung Plus',
			),
	},
	'article.delete': {
		parameters: () => ({
			resource: 'article',
			operation: 'delete',
			articleId: locator('__created__'),
		}),
		expect: (out) => expect(out[0]).toEqual({ deleted: true }),
	},
	'contact.getAll': {
		parameters: () => ({
			resource: 'contact',
			operation: 'getAll',
			limit: 5,
			filters: { customer: true },
		}),
		expect: (out, fx) => expect(out.map((c) => c.id)).toContain(fx.contactId),
	},
	'contact.get': getCase('contact', 'contactId'),
	'contact.create': createCase(
		'contact',
		() => ({ version: 0, roles: { vendor: {} }, person: { lastName: 'Muster', firstName: 'Max' } }),
		{},
		'contacts',
	),
	'contact.update': {
		parameters: (fx) => ({
			resource: 'contact',
			operation: 'update',
			contactId: locator(fx.contactId),
			bodyMode: 'fields',
			updateFields: { note: 'Stammkunde' },
		}),
		expect: async (_out, fx) => {
			const c = await client.call('contact.get', { path: { id: fx.contactId } });
			expect(c.note).toBe('Stammkunde');
			expect(c.company?.name).toBe('Muster GmbH');
		},
	},
	'country.getAll': {
		parameters: () => ({ resource: 'country', operation: 'getAll', returnAll: true }),
		expect: (out) => expect(out.map((c) => c.countryCode)).toContain('DE'),
	},
	'invoice.create': salesCreateCase('invoice', 'invoices', () => ({
		finalize: true,
		shippingType: 'service',
	})),
	'invoice.get': getCase('invoice', 'invoiceId'),
	'invoice.downloadFile': fileCase('invoice', 'invoiceId'),
	'invoice.getDocument': documentCase('invoice', 'invoiceId'),
	'creditNote.create': salesCreateCase('creditNote', 'credit-notes'),
	'creditNote.get': getCase('creditNote', 'creditNoteId'),
	'creditNote.downloadFile': fileCase('creditNote', 'creditNoteId'),
	'creditNote.getDocument': documentCase('creditNote', 'creditNoteId'),
	'quotation.create': salesCreateCase('quotation', 'quotations', () => ({
		expirationDate: '2026-12-31T00:00:00+01:00',
	})),
	'quotation.get': getCase('quotation', 'quotationId'),
	'quotation.downloadFile': fileCase('quotation', 'quotationId'),
	'quotation.getDocument': documentCase('quotation', 'quotationId'),
	'orderConfirmation.create': salesCreateCase('orderConfirmation', 'order-confirmations', () => ({
		shippingType: 'delivery',
		shippingDate: '2026-11-05',
	})),
	'orderConfirmation.get': getCase('orderConfirmation', 'orderConfirmationId'),
	'orderConfirmation.downloadFile': fileCase('orderConfirmation', 'orderConfirmationId'),
	'orderConfirmation.getDocument': documentCase('orderConfirmation', 'orderConfirmationId'),
	'deliveryNote.create': salesCreateCase('deliveryNote', 'delivery-notes', (fx) => ({
		precedingSalesVoucherId: fx.invoiceId,
	})),
	'deliveryNote.get': getCase('deliveryNote', 'deliveryNoteId'),
	'deliveryNote.downloadFile': fileCase('deliveryNote', 'deliveryNoteId'),
	'deliveryNote.getDocument': documentCase('deliveryNote', 'deliveryNoteId'),
	'dunning.create': salesCreateCase('dunning', 'dunnings', (fx) => ({
		precedingSalesVoucherId: fx.invoiceId,
	})),
	'dunning.get': getCase('dunning', 'dunningId'),
	'dunning.downloadFile': fileCase('dunning', 'dunningId'),
	'dunning.getDocument': documentCase('dunning', 'dunningId'),
	'downPaymentInvoice.get': getCase('downPaymentInvoice', 'downPaymentInvoiceId'),
	'downPaymentInvoice.downloadFile': fileCase('downPaymentInvoice', 'downPaymentInvoiceId'),
	'recurringTemplate.getAll': {
		parameters: () => ({ resource: 'recurringTemplate', operation: 'getAll', returnAll: true }),
		expect: (out, fx) => expect(out.map((t) => t.id)).toContain(fx.recurringTemplateId),
	},
	'recurringTemplate.get': getCase('recurringTemplate', 'recurringTemplateId'),
	'voucherlist.getAll': {
		parameters: () => ({
			resource: 'voucherlist',
			operation: 'getAll',
			voucherType: 'invoice,creditnote',
			voucherStatus: 'any',
			returnAll: true,
		}),
		expect: (out, fx) =>
			expect(out.map((r) => r.id)).toEqual(expect.arrayContaining([fx.invoiceId, fx.creditNoteId])),
	},
	'voucher.create': createCase(
		'voucher',
		() => ({
			type: 'purchaseinvoice',
			voucherStatus: 'unchecked',
			taxType: 'gross',
			useCollectiveContact: true,
		}),
		{},
		'vouchers',
	),
	'voucher.get': getCase('voucher', 'voucherId'),
	'voucher.update': {
		parameters: (fx) => ({
			resource: 'voucher',
			operation: 'update',
			voucherId: locator(fx.voucherId),
			bodyMode: 'fields',
			updateFields: { remark: 'geprüft' },
		}),
		expect: async (_out, fx) =>
			expect((await client.call('voucher.get', { path: { id: fx.voucherId } })).remark).toBe(
				'geprüft',
			),
	},
	'voucher.getAll': {
		parameters: () => ({
			resource: 'voucher',
			operation: 'getAll',
			voucherNumber: 'POS-1',
			returnAll: true,
		}),
		expect: (out, fx) => expect(out.map((v) => v.id)).toContain(fx.voucherId),
	},
	'voucher.attachFile': {
		parameters: (fx) => ({
			resource: 'voucher',
			operation: 'attachFile',
			voucherId: locator(fx.voucherId),
			binaryPropertyName: 'data',
		}),
		expect: async (out, fx) => {
			expect(typeof out[0].id).toBe('string');
			expect((await client.call('voucher.get', { path: { id: fx.voucherId } })).files).toContain(
				out[0].id,
			);
		},
	},
	'file.upload': {
		parameters: () => ({
			resource: 'file',
			operation: 'upload',
			binaryPropertyName: 'data',
			bodyMode: 'fields',
			type: 'voucher',
		}),
		expect: (out) => expect(typeof out[0].voucherId).toBe('string'),
	},
	'file.download': {
		parameters: (fx) => ({
			resource: 'file',
			operation: 'download',
			fileId: fx.fileId,
			binaryPropertyName: 'data',
		}),
		expect: (out) => expect(out[0].size as number).toBeGreaterThan(10),
	},
	'payment.get': {
		parameters: (fx) => ({
			resource: 'payment',
			operation: 'get',
			voucherId: locator(fx.invoiceId),
		}),
		expect: (out) => expect(out[0].paymentStatus).toBeDefined(),
	},
	'paymentCondition.getAll': {
		parameters: () => ({ resource: 'paymentCondition', operation: 'getAll', returnAll: true }),
		expect: (out) => expect(out.length).toBeGreaterThan(0),
	},
	'postingCategory.getAll': {
		parameters: () => ({ resource: 'postingCategory', operation: 'getAll', returnAll: true }),
		expect: (out) => expect(out.map((c) => c.id)).toContain('8f8664a8-fd86-11e1-a21f-0800200c9a66'),
	},
	'printLayout.getAll': {
		parameters: () => ({ resource: 'printLayout', operation: 'getAll', returnAll: true }),
		expect: (out) => expect(out.length).toBeGreaterThan(0),
	},
	'profile.get': {
		parameters: () => ({ resource: 'profile', operation: 'get' }),
		expect: (out) => expect(typeof out[0].organizationId).toBe('string'),
	},
	'eventSubscription.create': {
		parameters: () => ({
			resource: 'eventSubscription',
			operation: 'create',
			...json({
				eventType: 'contact.created',
				callbackUrl: `${sandboxUrl('lexoffice')}/_sandbox/stats`,
			}),
		}),
		expect: async (out) =>
			expect(
				(await records<{ subscriptionId: string }>('lexoffice', token, 'event-subscriptions')).map(
					(s) => s.subscriptionId,
				),
			).toContain(out[0].id),
	},
	'eventSubscription.getAll': {
		parameters: () => ({ resource: 'eventSubscription', operation: 'getAll', returnAll: true }),
		expect: (out, fx) => expect(out.map((s) => s.subscriptionId)).toContain(fx.subscriptionId),
	},
	'eventSubscription.get': {
		parameters: (fx) => ({
			resource: 'eventSubscription',
			operation: 'get',
			subscriptionId: fx.subscriptionId,
		}),
		expect: (out) => expect(out[0].eventType).toBe('article.deleted'),
	},
	'eventSubscription.delete': {
		parameters: (fx) => ({
			resource: 'eventSubscription',
			operation: 'delete',
			subscriptionId: fx.subscriptionId,
		}),
		expect: async (out, fx) => {
			expect(out[0]).toEqual({ deleted: true });
			expect(
				(await records<{ subscriptionId: string }>('lexoffice', token, 'event-subscriptions')).map(
					(s) => s.subscriptionId,
				),
			).not.toContain(fx.subscriptionId);
		},
	},
};

const PDF_ITEM = [{ binaryFile: true }];

describe('Lexoffice node in a real n8n', () => {
	it('has a test case for every catalog operation', () => {
		expect(Object.keys(CASES).sort()).toEqual(Object.keys(lexofficeCatalog).sort());
	});

	it.each(Object.keys(CASES))('%s', async (opId) => {
		const c = CASES[opId];
		let parameters = c.parameters(f);
		if (opId === 'article.delete') {
			const { id } = await client.call('article.create', {
				body: {
					title: 'Wegwerf',
					type: 'PRODUCT',
					unitName: 'Stück',
					price: { leadingPrice: 'NET', netPrice: 1, taxRate: 7 },
				},
			});
			parameters = { ...parameters, articleId: locator(id) };
		}
		const binary = opId === 'voucher.attachFile' || opId === 'file.upload';
		const result = await runNode(n8n, {
			type: 'lexoffice',
			parameters,
			credentials,
			items: binary ? PDF_ITEM : undefined,
			binaryInput: binary,
		});
		expect(result.error).toBeUndefined();
		if (result.items[0]?.error)
			throw new Error(
				`${opId}: ${String(result.items[0].error)} ${String(result.items[0].description ?? '')}`,
			);
		await c.expect(result.items, f);
	});

	it('reports an API validation error with the field, and continues on fail with the item paired', async () => {
		const result = await runNode(n8n, {
			type: 'lexoffice',
			parameters: {
				resource: 'contact',
				operation: 'create',
				...json({ version: 0, roles: { customer: {} }, company: { name: '' } }),
			},
			credentials,
			items: [{}, {}],
		});
		expect(result.items).toHaveLength(2);
		expect(String(result.items[0].description)).toContain('company.name');
		expect(JSON.stringify(result.items)).not.toContain(token);
	});
});
