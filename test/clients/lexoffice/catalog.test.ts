import {
	catalogLines,
	isIdempotent,
	type Catalog,
	type OperationDef,
} from '../../../clients/catalog';
import { lexofficeCatalog } from '../../../clients/lexoffice/catalog';

/**
 * The public operations of the lexoffice docs (https://developers.lexware.io/docs/), transcribed as data with the ids the nodes show:
 * nothing missing, nothing invented. Partner-only rows (sendmail, interaction status, bank accounts,
 * cash boxes, finance, organization, file status) are absent on purpose, and so are routes the API does
 * not have (sales voucher collections, invoice update/delete, contact delete).
 */
const PUBLIC: Record<string, string> = {
	'article.getAll': 'GET /v1/articles',
	'article.get': 'GET /v1/articles/{id}',
	'article.create': 'POST /v1/articles',
	'article.update': 'PUT /v1/articles/{id}',
	'article.delete': 'DELETE /v1/articles/{id}',
	'contact.getAll': 'GET /v1/contacts',
	'contact.get': 'GET /v1/contacts/{id}',
	'contact.create': 'POST /v1/contacts',
	'contact.update': 'PUT /v1/contacts/{id}',
	'country.getAll': 'GET /v1/countries',
	'invoice.create': 'POST /v1/invoices',
	'invoice.get': 'GET /v1/invoices/{id}',
	'invoice.downloadFile': 'GET /v1/invoices/{id}/file',
	'invoice.getDocument': 'GET /v1/invoices/{id}/document',
	'creditNote.create': 'POST /v1/credit-notes',
	'creditNote.get': 'GET /v1/credit-notes/{id}',
	'creditNote.downloadFile': 'GET /v1/credit-notes/{id}/file',
	'creditNote.getDocument': 'GET /v1/credit-notes/{id}/document',
	'quotation.create': 'POST /v1/quotations',
	'quotation.get': 'GET /v1/quotations/{id}',
	'quotation.downloadFile': 'GET /v1/quotations/{id}/file',
	'quotation.getDocument': 'GET /v1/quotations/{id}/document',
	'orderConfirmation.create': 'POST /v1/order-confirmations',
	'orderConfirmation.get': 'GET /v1/order-confirmations/{id}',
	'orderConfirmation.downloadFile': 'GET /v1/order-confirmations/{id}/file',
	'orderConfirmation.getDocument': 'GET /v1/order-confirmations/{id}/document',
	'deliveryNote.create': 'POST /v1/delivery-notes',
	'deliveryNote.get': 'GET /v1/delivery-notes/{id}',
	'deliveryNote.downloadFile': 'GET /v1/delivery-notes/{id}/file',
	'deliveryNote.getDocument': 'GET /v1/delivery-notes/{id}/document',
	'dunning.create': 'POST /v1/dunnings',
	'dunning.get': 'GET /v1/dunnings/{id}',
	'dunning.downloadFile': 'GET /v1/dunnings/{id}/file',
	'dunning.getDocument': 'GET /v1/dunnings/{id}/document',
	'downPaymentInvoice.get': 'GET /v1/down-payment-invoices/{id}',
	'downPaymentInvoice.downloadFile': 'GET /v1/down-payment-invoices/{id}/file',
	'recurringTemplate.getAll': 'GET /v1/recurring-templates',
	'recurringTemplate.get': 'GET /v1/recurring-templates/{id}',
	'voucherlist.getAll': 'GET /v1/voucherlist',
	'voucher.create': 'POST /v1/vouchers',
	'voucher.get': 'GET /v1/vouchers/{id}',
	'voucher.update': 'PUT /v1/vouchers/{id}',
	'voucher.getAll': 'GET /v1/vouchers',
	'voucher.attachFile': 'POST /v1/vouchers/{id}/files',
	'file.upload': 'POST /v1/files',
	'file.download': 'GET /v1/files/{id}',
	'payment.get': 'GET /v1/payments/{voucherId}',
	'paymentCondition.getAll': 'GET /v1/payment-conditions',
	'postingCategory.getAll': 'GET /v1/posting-categories',
	'printLayout.getAll': 'GET /v1/print-layouts',
	'profile.get': 'GET /v1/profile',
	'eventSubscription.create': 'POST /v1/event-subscriptions',
	'eventSubscription.getAll': 'GET /v1/event-subscriptions',
	'eventSubscription.get': 'GET /v1/event-subscriptions/{subscriptionId}',
	'eventSubscription.delete': 'DELETE /v1/event-subscriptions/{subscriptionId}',
};

const catalog = lexofficeCatalog as Catalog;
const ops = Object.entries(catalog);
const line = (op: OperationDef) => `${op.method} ${op.path}`;

describe('lexoffice catalog', () => {
	it('holds exactly the public operations of the docs under their ids', () => {
		expect(Object.fromEntries(ops.map(([id, op]) => [id, line(op)]))).toEqual(PUBLIC);
		// `npm run catalog` prints the same inventory.
		expect([...catalogLines(catalog)].sort()).toEqual(Object.values(PUBLIC).sort());
		expect(ops).toHaveLength(55);
	});

	it('names ids resource.operation from the entry itself, with the resources of the UI', () => {
		for (const [id, op] of ops) expect(id).toBe(`${op.resource}.${op.operation}`);
		expect([...new Set(ops.map(([, op]) => op.resource))].sort()).toEqual(
			[
				'article',
				'contact',
				'country',
				'creditNote',
				'deliveryNote',
				'downPaymentInvoice',
				'dunning',
				'eventSubscription',
				'file',
				'invoice',
				'orderConfirmation',
				'payment',
				'paymentCondition',
				'postingCategory',
				'printLayout',
				'profile',
				'quotation',
				'recurringTemplate',
				'voucher',
				'voucherlist',
			].sort(),
		);
		for (const [, op] of ops) expect(op.ref).toMatch(/^4\.\d+$/);
	});

	it('pages with the documented styles and caps', () => {
		const paging = Object.fromEntries(
			ops.filter(([, op]) => op.paging).map(([id, op]) => [id, op.paging]),
		);
		expect(paging).toEqual({
			'article.getAll': { kind: 'lexofficePage', maxSize: 250 },
			'contact.getAll': { kind: 'lexofficePage', maxSize: 250 },
			'recurringTemplate.getAll': { kind: 'lexofficePage', maxSize: 250 },
			'voucherlist.getAll': { kind: 'lexofficePage', maxSize: 250 },
			'voucher.getAll': { kind: 'lexofficePage', maxSize: 250 },
			'eventSubscription.getAll': { kind: 'lexofficeContent' },
			'country.getAll': { kind: 'array' },
			'paymentCondition.getAll': { kind: 'array' },
			'postingCategory.getAll': { kind: 'array' },
			'printLayout.getAll': { kind: 'array' },
		});
	});

	it('marks binary downloads, empty deletes, multipart uploads and deprecated operations', () => {
		const ids = (pred: (op: OperationDef) => boolean) =>
			ops
				.filter(([, op]) => pred(op))
				.map(([id]) => id)
				.sort();
		expect(ids((op) => op.responseKind === 'binary')).toEqual(
			ids((op) => /\/file$|^\/v1\/files\/\{id\}$/.test(op.path)),
		);
		expect(ids((op) => op.responseKind === 'binary')).toHaveLength(8);
		expect(ids((op) => op.responseKind === 'empty')).toEqual(ids((op) => op.method === 'DELETE'));
		expect(ids((op) => op.bodyKind === 'multipart')).toEqual(['file.upload', 'voucher.attachFile']);
		expect(ids((op) => op.deprecated === true)).toEqual(
			[...ids((op) => op.path.endsWith('/document')), 'voucher.getAll'].sort(),
		);
	});

	it('repeats no create blindly; only checksum-deduplicated uploads count as idempotent POSTs', () => {
		const posts = ops.filter(([, op]) => op.method === 'POST');
		expect(
			posts
				.filter(([, op]) => isIdempotent(op))
				.map(([id]) => id)
				.sort(),
		).toEqual(['file.upload', 'voucher.attachFile']);
		for (const [, op] of ops.filter(([, o]) => o.method !== 'POST'))
			expect(isIdempotent(op)).toBe(true);
	});

	it('gives creates and updates a body schema and the documented query options', () => {
		for (const [id, op] of ops) if (/\.(create|update)$/.test(id)) expect(op.body).toBeDefined();
		const queryKeys = (id: keyof typeof lexofficeCatalog) =>
			Object.keys(
				(lexofficeCatalog[id] as { query?: { shape: object } }).query?.shape ?? {},
			).sort();
		expect(queryKeys('invoice.create')).toEqual(['finalize', 'precedingSalesVoucherId']);
		expect(queryKeys('quotation.create')).toEqual(['finalize']);
		expect(queryKeys('dunning.create')).toEqual(['precedingSalesVoucherId']);
		expect(queryKeys('contact.getAll')).toEqual(['customer', 'email', 'name', 'number', 'vendor']);
		expect(queryKeys('voucherlist.getAll')).toEqual(
			expect.arrayContaining([
				'voucherType',
				'voucherStatus',
				'voucherDateFrom',
				'voucherDateTo',
				'updatedDateFrom',
				'voucherNumber',
			]),
		);
	});
});
