import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { z } from 'zod';

import type { OperationDef } from '../../../clients/catalog';
import { pageItems } from '../../../clients/http/paging';
import { lexofficeCatalog, type LexofficeOperationId } from '../../../clients/lexoffice/catalog';
import * as s from '../../../clients/lexoffice/schemas';

/**
 * Every one of the 57 official lexoffice examples (test/fixtures/examples, copied from the docs) against
 * the schema it documents: request bodies against the create/update body schema, responses against the
 * response schema, "properties" sections against the object schema. Then the documented `required`
 * tables: removing a required field from the official request must be refused, naming that field.
 */

interface RequiredTable {
	object: string;
	fields: Array<{ name: string; required: string; notes: string }>;
}
interface Example {
	method_path?: string | null;
	request?: unknown;
	response?: unknown;
	required?: RequiredTable[];
}

const examples = JSON.parse(
	readFileSync(
		join(__dirname, '..', '..', 'fixtures', 'examples', 'lexoffice-examples.json'),
		'utf8',
	),
) as Record<string, Example>;

type Target =
	| { op: LexofficeOperationId }
	| { schema: z.ZodTypeAny }
	| { error: 'legacy' | 'regular' }
	| { skip: string };

/** Which schema documents each example; every key of the file is listed, so a new example fails until mapped. */
const TARGETS: Record<string, Target> = {
	'articles-endpoint-article-properties': { schema: s.articleSchema },
	'articles-endpoint-create-an-article': { op: 'article.create' },
	'articles-endpoint-filtering-articles': { op: 'article.getAll' },
	'articles-endpoint-retrieve-an-article': { op: 'article.get' },
	'articles-endpoint-update-an-article': { op: 'article.update' },
	'contacts-endpoint-contact-properties': { schema: s.contactSchema },
	'contacts-endpoint-create-a-contact': { op: 'contact.create' },
	'contacts-endpoint-filtering-contacts': { op: 'contact.getAll' },
	'contacts-endpoint-retrieve-a-contact': { op: 'contact.get' },
	'countries-endpoint-retrieve-list-of-countries': { op: 'country.getAll' },
	'credit-notes-endpoint-create-a-credit-note': { op: 'creditNote.create' },
	'credit-notes-endpoint-credit-notes-properties': { schema: s.creditNoteSchema },
	'credit-notes-endpoint-render-a-credit-note-document-pdf': { op: 'creditNote.getDocument' },
	'credit-notes-endpoint-retrieve-a-credit-note': { op: 'creditNote.get' },
	'delivery-notes-endpoint-create-a-delivery-note': { op: 'deliveryNote.create' },
	'delivery-notes-endpoint-delivery-notes-properties': { schema: s.deliveryNoteSchema },
	'delivery-notes-endpoint-render-a-delivery-note-document-pdf': { op: 'deliveryNote.getDocument' },
	'delivery-notes-endpoint-retrieve-a-delivery-note': { op: 'deliveryNote.get' },
	'down-payment-invoices-endpoint-down-payment-invoices-properties': {
		schema: s.downPaymentInvoiceSchema,
	},
	'down-payment-invoices-endpoint-retrieve-a-down-payment-invoice': {
		op: 'downPaymentInvoice.get',
	},
	'dunnings-endpoint-create-a-dunning': { op: 'dunning.create' },
	'dunnings-endpoint-dunnings-properties': { schema: s.dunningSchema },
	'dunnings-endpoint-render-a-dunning-document-pdf': { op: 'dunning.getDocument' },
	'dunnings-endpoint-retrieve-a-dunning': { op: 'dunning.get' },
	'error-codes-legacy-error-response': { error: 'legacy' },
	'error-codes-regular-error-response': { error: 'regular' },
	'event-subscriptions-endpoint-create-an-event-subscription': { op: 'eventSubscription.create' },
	'event-subscriptions-endpoint-event-subscriptions-properties': {
		schema: s.eventSubscriptionSchema,
	},
	'event-subscriptions-endpoint-retrieve-all-event-subscriptions': {
		op: 'eventSubscription.getAll',
	},
	'event-subscriptions-endpoint-retrieve-an-event-subscription': { op: 'eventSubscription.get' },
	'event-subscriptions-endpoint-webhook-callback-properties': { schema: s.webhookEventSchema },
	'files-endpoint-upload-a-file': { op: 'file.upload' },
	'invoices-endpoint-create-an-invoice': { op: 'invoice.create' },
	'invoices-endpoint-invoices-properties': { schema: s.invoiceSchema },
	'invoices-endpoint-render-an-invoice-document-pdf': { op: 'invoice.getDocument' },
	'invoices-endpoint-retrieve-an-invoice': { op: 'invoice.get' },
	'order-confirmations-endpoint-create-an-order-confirmation': { op: 'orderConfirmation.create' },
	'order-confirmations-endpoint-order-confirmations-properties': {
		schema: s.orderConfirmationSchema,
	},
	'order-confirmations-endpoint-render-an-order-confirmation-document-pdf': {
		op: 'orderConfirmation.getDocument',
	},
	'order-confirmations-endpoint-retrieve-an-order-confirmation': { op: 'orderConfirmation.get' },
	'payment-conditions-endpoint-retrieve-list-of-payment-conditions': {
		op: 'paymentCondition.getAll',
	},
	'payments-endpoint-retrieve-payment-information': { op: 'payment.get' },
	'posting-categories-endpoint-retrieve-list-of-posting-categories': {
		op: 'postingCategory.getAll',
	},
	'print-layouts-endpoint-retrieve-list-of-print-layouts': { op: 'printLayout.getAll' },
	'profile-endpoint-retrieve-profile-information': { op: 'profile.get' },
	'quotations-endpoint-create-a-quotation': { op: 'quotation.create' },
	'quotations-endpoint-quotations-properties': { schema: s.quotationSchema },
	'quotations-endpoint-render-a-quotation-document-pdf': { op: 'quotation.getDocument' },
	'quotations-endpoint-retrieve-a-quotation': { op: 'quotation.get' },
	'recurring-templates-endpoint-recurring-template-properties': {
		schema: s.recurringTemplateSchema,
	},
	'recurring-templates-endpoint-retrieve-all-recurring-templates': {
		op: 'recurringTemplate.getAll',
	},
	// A "ping" sample `{userEmail}` without a documented path: no operation to check it against.
	'samples-accessing-endpoints-with-your-api-key': { skip: 'undocumented ping sample' },
	'voucherlist-endpoint-retrieve-and-filter-voucherlist': { op: 'voucherlist.getAll' },
	'vouchers-endpoint-create-a-voucher': { op: 'voucher.create' },
	'vouchers-endpoint-filtering-vouchers': { op: 'voucher.getAll' },
	'vouchers-endpoint-retrieve-a-voucher': { op: 'voucher.get' },
	'vouchers-endpoint-voucher-properties': { schema: s.voucherSchema },
};

function problems(schema: z.ZodTypeAny, value: unknown): string[] {
	const result = schema.safeParse(value);
	return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('official lexoffice examples', () => {
	it('maps every example of the file', () => {
		expect(Object.keys(examples).sort()).toEqual(Object.keys(TARGETS).sort());
		expect(Object.keys(examples)).toHaveLength(57);
	});

	it.each(Object.entries(examples))('%s matches its schema', (key, example) => {
		const target = TARGETS[key];
		if ('skip' in target) return;
		if ('error' in target) {
			expect(
				problems(
					target.error === 'legacy' ? s.legacyErrorSchema : s.regularErrorSchema,
					example.response,
				),
			).toEqual([]);
			return;
		}
		if ('schema' in target) {
			expect(problems(target.schema, example.response)).toEqual([]);
			return;
		}
		const op: OperationDef = lexofficeCatalog[target.op];
		// The documented request line names this operation.
		const [method, path] = (example.method_path ?? '').split(/\s+/);
		expect(method).toBe(op.method);
		expect(
			path
				.replace(/[[?].*$/, '')
				.replace(/\.$/, '')
				.replace(/\{[^}]+\}/g, '{}'),
		).toBe(op.path.replace(/\{[^}]+\}/g, '{}'));
		if (example.request !== null && example.request !== undefined) {
			expect(op.body).toBeDefined();
			expect(problems(op.body!, example.request)).toEqual([]);
		}
		if (example.response !== null && example.response !== undefined && op.response) {
			const items = op.paging ? pageItems(op.paging, example.response) : [example.response];
			expect(items.length).toBeGreaterThan(0);
			for (const item of items) expect(problems(op.response, item)).toEqual([]);
		}
	});

	it('reads the amount the payments sample sends as a string as a number', () => {
		const parsed = s.paymentSchema.parse(
			examples['payments-endpoint-retrieve-payment-information'].response,
		);
		expect(parsed.openAmount).toBe(1337);
		expect(
			s.voucherlistRowSchema.parse({
				id: 'x',
				voucherType: 'invoice',
				voucherStatus: 'open',
				totalAmount: '12.50',
			}).totalAmount,
		).toBe(12.5);
		expect(s.paymentSchema.safeParse({ openAmount: 'twelve' }).success).toBe(false);
	});

	it('keeps fields the schemas do not know', () => {
		const parsed = s.invoiceSchema.parse({
			id: 'a',
			somethingNew: { x: 1 },
			lineItems: [{ type: 'custom', futureFlag: true }],
		});
		expect(parsed.somethingNew).toEqual({ x: 1 });
		expect(parsed.lineItems?.[0].futureFlag).toBe(true);
	});
});

/** The official create request of an operation, with one root field removed. */
function without(request: unknown, field: string): Record<string, unknown> {
	const copy = { ...(request as Record<string, unknown>) };
	delete copy[field];
	return copy;
}

const createExamples = Object.entries(examples).filter(([, e]) => e.required?.length && e.request);
/**
 * The tables call shippingConditions required for delivery notes and dunnings, yet the official
 * requests of both omit it; the schemas follow the requests (what the API accepts), see schemas.ts.
 */
const EXAMPLES_CONTRADICT_TABLE = new Set([
	'delivery-notes-endpoint-create-a-delivery-note:shippingConditions',
	'dunnings-endpoint-create-a-dunning:shippingConditions',
]);
const requiredRootFields = createExamples.flatMap(([key, e]) =>
	(e.required ?? [])
		.filter((t) => t.object === 'root')
		.flatMap((t) => t.fields.filter((f) => f.required === 'Yes').map((f) => [key, f.name] as const))
		.filter(([k, f]) => !EXAMPLES_CONTRADICT_TABLE.has(`${k}:${f}`)),
);

describe('documented required fields', () => {
	it('covers the documented create operations, with only the known contradictions left out', () => {
		expect(EXAMPLES_CONTRADICT_TABLE.size).toBe(2);
		for (const entry of EXAMPLES_CONTRADICT_TABLE) {
			const [key, field] = entry.split(':');
			expect(examples[key].required?.[0].fields.find((f) => f.name === field)?.required).toBe(
				'Yes',
			);
			expect((examples[key].request as Record<string, unknown>)[field]).toBeUndefined();
		}
		expect(
			createExamples
				.map(([k]) => TARGETS[k])
				.map((t) => ('op' in t ? t.op : ''))
				.sort(),
		).toEqual([
			'article.create',
			'contact.create',
			'creditNote.create',
			'deliveryNote.create',
			'dunning.create',
			'eventSubscription.create',
			'invoice.create',
			'orderConfirmation.create',
			'quotation.create',
			'voucher.create',
		]);
	});

	it.each(requiredRootFields)('%s without "%s" is refused, naming the field', (key, field) => {
		const target = TARGETS[key] as { op: LexofficeOperationId };
		const op = lexofficeCatalog[target.op] as { body: z.ZodTypeAny };
		const result = op.body.safeParse(without(examples[key].request, field));
		expect(result.success).toBe(false);
		expect(result.error?.issues.map((i) => String(i.path[0]))).toContain(field);
	});

	// Conditional ("*") requirements whose condition holds in the official request.
	it.each([
		['vouchers-endpoint-create-a-voucher', 'voucherNumber'],
		['vouchers-endpoint-create-a-voucher', 'voucherDate'],
		['vouchers-endpoint-create-a-voucher', 'totalGrossAmount'],
		['vouchers-endpoint-create-a-voucher', 'totalTaxAmount'],
		['vouchers-endpoint-create-a-voucher', 'voucherItems'],
	])('%s without "%s" (not unchecked) is refused', (key, field) => {
		const result = s.voucherCreateSchema.safeParse(without(examples[key].request, field));
		expect(result.success).toBe(false);
		expect(result.error?.issues.map((i) => i.path.join('.'))).toContain(field);
	});

	it('names nested required fields with their path', () => {
		const article = examples['articles-endpoint-create-an-article'].request as {
			price: Record<string, unknown>;
		};
		const noNet = s.articleCreateSchema.safeParse({
			...article,
			price: { ...article.price, netPrice: undefined },
		});
		expect(noNet.error?.issues.map((i) => i.path.join('.'))).toEqual(['price.netPrice']);

		const invoice = examples['invoices-endpoint-create-an-invoice'].request as {
			lineItems: Array<Record<string, unknown>>;
			address: Record<string, unknown>;
		};
		const broken = {
			...invoice,
			address: { ...invoice.address, name: undefined },
			lineItems: [
				{ ...invoice.lineItems[0], unitName: undefined },
				{
					type: 'material',
					name: 'Artikel',
					quantity: 1,
					unitName: 'Stück',
					unitPrice: { currency: 'EUR', netAmount: 1, taxRatePercentage: 19 },
				},
			],
		};
		const paths = s.invoiceCreateSchema
			.safeParse(broken)
			.error?.issues.map((i) => i.path.join('.'));
		expect(paths).toEqual(
			expect.arrayContaining(['address.name', 'lineItems.0.unitName', 'lineItems.1.id']),
		);

		const contact = s.contactCreateSchema.safeParse({
			version: 1,
			roles: {},
			company: { name: ' ' },
			person: { lastName: 'X' },
		});
		expect(contact.error?.issues.map((i) => i.path.join('.'))).toEqual(
			expect.arrayContaining(['version', 'roles', 'company.name', 'person']),
		);

		const unchecked = s.voucherCreateSchema.safeParse({
			type: 'purchaseinvoice',
			voucherStatus: 'unchecked',
			taxType: 'gross',
		});
		expect(unchecked.success).toBe(true);
	});
});
