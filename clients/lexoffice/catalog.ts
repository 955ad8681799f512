import type { z } from 'zod';

import { defineOperation, type Catalog, type OperationDef, type PagingStyle } from '../catalog';
import * as s from './schemas';
import { LEXOFFICE_MAX_PAGE_SIZE } from '../defaults';

/**
 * Every public operation of the lexoffice / Lexware Office API (https://developers.lexware.io/docs/), nothing partner-only
 * (sendmail, interaction status, bank accounts, cash boxes, finance) and nothing the API lacks (no
 * update or delete of sales vouchers, no contact delete, no collection GET of sales vouchers).
 *
 * Entries keep literal types: ids, path parameters, response items and paging kinds are checked at
 * compile time (`client.call('invoice.get', { path: { id } })`).
 */

type Z = z.ZodTypeAny;

/** One entry; the paging style stays literal so `call()` on a master-data list is typed as an array. */
function op<
	TPath extends string,
	TQuery extends Z | undefined = undefined,
	TBody extends Z | undefined = undefined,
	TResponse extends Z | undefined = undefined,
	const G extends PagingStyle | undefined = undefined,
>(
	def: OperationDef<TPath, TQuery, TBody, TResponse> & { paging?: G },
): OperationDef<TPath, TQuery, TBody, TResponse> &
	(G extends PagingStyle ? { paging: G } : unknown) {
	return defineOperation(def) as OperationDef<TPath, TQuery, TBody, TResponse> &
		(G extends PagingStyle ? { paging: G } : unknown);
}

const page250 = { kind: 'lexofficePage', maxSize: LEXOFFICE_MAX_PAGE_SIZE } as const;
const array = { kind: 'array' } as const;
const content = { kind: 'lexofficeContent' } as const;

// The read, file and deprecated document operations every sales voucher type shares.
const getVoucher = <R extends string, P extends string, S extends Z>(
	resource: R,
	path: P,
	label: string,
	response: S,
	ref: string,
) =>
	op({ resource, operation: 'get', method: 'GET', path, summary: `Get a ${label}`, response, ref });
/** Binary; the caller chooses `Accept` per call: PDF, XML or any. */
const downloadFile = <R extends string, P extends string>(
	resource: R,
	path: P,
	label: string,
	ref: string,
) =>
	op({
		resource,
		operation: 'downloadFile',
		method: 'GET',
		path,
		summary: `Download a ${label} as a file (PDF or e-invoice XML)`,
		responseKind: 'binary',
		ref,
	});
/** Deprecated since 2025-08-13 in favour of `/file`. */
const getDocument = <R extends string, P extends string>(
	resource: R,
	path: P,
	label: string,
	ref: string,
) =>
	op({
		resource,
		operation: 'getDocument',
		method: 'GET',
		path,
		summary: `Render a ${label} and get its document file ID`,
		response: s.documentFileSchema,
		deprecated: true,
		ref,
	});

export const lexofficeCatalog = {
	// Articles
	'article.getAll': op({
		resource: 'article',
		operation: 'getAll',
		method: 'GET',
		path: '/v1/articles',
		summary: 'Get many articles',
		query: s.articleQuery,
		response: s.articleSchema,
		paging: page250,
		ref: '4.1',
	}),
	'article.get': op({
		resource: 'article',
		operation: 'get',
		method: 'GET',
		path: '/v1/articles/{id}',
		summary: 'Get an article',
		response: s.articleSchema,
		ref: '4.1',
	}),
	'article.create': op({
		resource: 'article',
		operation: 'create',
		method: 'POST',
		path: '/v1/articles',
		summary: 'Create an article',
		body: s.articleCreateSchema,
		response: s.actionResultSchema,
		ref: '4.1',
	}),
	'article.update': op({
		resource: 'article',
		operation: 'update',
		method: 'PUT',
		path: '/v1/articles/{id}',
		summary: 'Update an article',
		body: s.articleUpdateSchema,
		response: s.actionResultSchema,
		ref: '4.1',
	}),
	'article.delete': op({
		resource: 'article',
		operation: 'delete',
		method: 'DELETE',
		path: '/v1/articles/{id}',
		summary: 'Delete an article',
		responseKind: 'empty',
		ref: '4.1',
	}),

	// Contacts
	'contact.getAll': op({
		resource: 'contact',
		operation: 'getAll',
		method: 'GET',
		path: '/v1/contacts',
		summary: 'Get many contacts',
		query: s.contactQuery,
		response: s.contactSchema,
		paging: page250,
		ref: '4.2',
	}),
	'contact.get': op({
		resource: 'contact',
		operation: 'get',
		method: 'GET',
		path: '/v1/contacts/{id}',
		summary: 'Get a contact',
		response: s.contactSchema,
		ref: '4.2',
	}),
	'contact.create': op({
		resource: 'contact',
		operation: 'create',
		method: 'POST',
		path: '/v1/contacts',
		summary: 'Create a contact',
		body: s.contactCreateSchema,
		response: s.actionResultSchema,
		ref: '4.2',
	}),
	'contact.update': op({
		resource: 'contact',
		operation: 'update',
		method: 'PUT',
		path: '/v1/contacts/{id}',
		summary: 'Update a contact',
		body: s.contactUpdateSchema,
		response: s.actionResultSchema,
		ref: '4.2',
	}),

	// Countries
	'country.getAll': op({
		resource: 'country',
		operation: 'getAll',
		method: 'GET',
		path: '/v1/countries',
		summary: 'Get many countries',
		response: s.countrySchema,
		paging: array,
		ref: '4.3',
	}),

	// Sales vouchers. `finalize` and `precedingSalesVoucherId` (pursue) are query options of create.
	'invoice.create': op({
		resource: 'invoice',
		operation: 'create',
		method: 'POST',
		path: '/v1/invoices',
		summary: 'Create an invoice',
		query: s.pursueQuery,
		body: s.invoiceCreateSchema,
		response: s.actionResultSchema,
		ref: '4.5',
	}),
	'invoice.get': getVoucher('invoice', '/v1/invoices/{id}', 'invoice', s.invoiceSchema, '4.5'),
	'invoice.downloadFile': downloadFile('invoice', '/v1/invoices/{id}/file', 'invoice', '4.5'),
	'invoice.getDocument': getDocument('invoice', '/v1/invoices/{id}/document', 'invoice', '4.5'),

	'creditNote.create': op({
		resource: 'creditNote',
		operation: 'create',
		method: 'POST',
		path: '/v1/credit-notes',
		summary: 'Create a credit note',
		query: s.pursueQuery,
		body: s.creditNoteCreateSchema,
		response: s.actionResultSchema,
		ref: '4.6',
	}),
	'creditNote.get': getVoucher(
		'creditNote',
		'/v1/credit-notes/{id}',
		'credit note',
		s.creditNoteSchema,
		'4.6',
	),
	'creditNote.downloadFile': downloadFile(
		'creditNote',
		'/v1/credit-notes/{id}/file',
		'credit note',
		'4.6',
	),
	'creditNote.getDocument': getDocument(
		'creditNote',
		'/v1/credit-notes/{id}/document',
		'credit note',
		'4.6',
	),

	// No pursue into a quotation.
	'quotation.create': op({
		resource: 'quotation',
		operation: 'create',
		method: 'POST',
		path: '/v1/quotations',
		summary: 'Create a quotation',
		query: s.finalizeQuery,
		body: s.quotationCreateSchema,
		response: s.actionResultSchema,
		ref: '4.7',
	}),
	'quotation.get': getVoucher(
		'quotation',
		'/v1/quotations/{id}',
		'quotation',
		s.quotationSchema,
		'4.7',
	),
	'quotation.downloadFile': downloadFile(
		'quotation',
		'/v1/quotations/{id}/file',
		'quotation',
		'4.7',
	),
	'quotation.getDocument': getDocument(
		'quotation',
		'/v1/quotations/{id}/document',
		'quotation',
		'4.7',
	),

	'orderConfirmation.create': op({
		resource: 'orderConfirmation',
		operation: 'create',
		method: 'POST',
		path: '/v1/order-confirmations',
		summary: 'Create an order confirmation',
		query: s.pursueQuery,
		body: s.orderConfirmationCreateSchema,
		response: s.actionResultSchema,
		ref: '4.8',
	}),
	'orderConfirmation.get': getVoucher(
		'orderConfirmation',
		'/v1/order-confirmations/{id}',
		'order confirmation',
		s.orderConfirmationSchema,
		'4.8',
	),
	'orderConfirmation.downloadFile': downloadFile(
		'orderConfirmation',
		'/v1/order-confirmations/{id}/file',
		'order confirmation',
		'4.8',
	),
	'orderConfirmation.getDocument': getDocument(
		'orderConfirmation',
		'/v1/order-confirmations/{id}/document',
		'order confirmation',
		'4.8',
	),

	'deliveryNote.create': op({
		resource: 'deliveryNote',
		operation: 'create',
		method: 'POST',
		path: '/v1/delivery-notes',
		summary: 'Create a delivery note',
		query: s.pursueQuery,
		body: s.deliveryNoteCreateSchema,
		response: s.actionResultSchema,
		ref: '4.9',
	}),
	'deliveryNote.get': getVoucher(
		'deliveryNote',
		'/v1/delivery-notes/{id}',
		'delivery note',
		s.deliveryNoteSchema,
		'4.9',
	),
	'deliveryNote.downloadFile': downloadFile(
		'deliveryNote',
		'/v1/delivery-notes/{id}/file',
		'delivery note',
		'4.9',
	),
	'deliveryNote.getDocument': getDocument(
		'deliveryNote',
		'/v1/delivery-notes/{id}/document',
		'delivery note',
		'4.9',
	),

	// The invoice to dun is a mandatory query parameter.
	'dunning.create': op({
		resource: 'dunning',
		operation: 'create',
		method: 'POST',
		path: '/v1/dunnings',
		summary: 'Create a dunning for an invoice',
		query: s.dunningQuery,
		body: s.dunningCreateSchema,
		response: s.actionResultSchema,
		ref: '4.10',
	}),
	'dunning.get': getVoucher('dunning', '/v1/dunnings/{id}', 'dunning', s.dunningSchema, '4.10'),
	'dunning.downloadFile': downloadFile('dunning', '/v1/dunnings/{id}/file', 'dunning', '4.10'),
	'dunning.getDocument': getDocument('dunning', '/v1/dunnings/{id}/document', 'dunning', '4.10'),

	// Read-only, and no `/document`.
	'downPaymentInvoice.get': getVoucher(
		'downPaymentInvoice',
		'/v1/down-payment-invoices/{id}',
		'down payment invoice',
		s.downPaymentInvoiceSchema,
		'4.11',
	),
	'downPaymentInvoice.downloadFile': downloadFile(
		'downPaymentInvoice',
		'/v1/down-payment-invoices/{id}/file',
		'down payment invoice',
		'4.11',
	),

	// Recurring templates
	'recurringTemplate.getAll': op({
		resource: 'recurringTemplate',
		operation: 'getAll',
		method: 'GET',
		path: '/v1/recurring-templates',
		summary: 'Get many recurring templates',
		query: s.recurringTemplateQuery,
		response: s.recurringTemplateSchema,
		paging: page250,
		ref: '4.12',
	}),
	'recurringTemplate.get': op({
		resource: 'recurringTemplate',
		operation: 'get',
		method: 'GET',
		path: '/v1/recurring-templates/{id}',
		summary: 'Get a recurring template',
		response: s.recurringTemplateSchema,
		ref: '4.12',
	}),

	// Voucherlist: the only index over documents; beyond 10,000 rows use voucherlistRows() (voucherlist.ts).
	'voucherlist.getAll': op({
		resource: 'voucherlist',
		operation: 'getAll',
		method: 'GET',
		path: '/v1/voucherlist',
		summary: 'Get many entries of the voucher list',
		query: s.voucherlistQuery,
		response: s.voucherlistRowSchema,
		paging: page250,
		ref: '4.13',
	}),

	// Bookkeeping vouchers
	'voucher.create': op({
		resource: 'voucher',
		operation: 'create',
		method: 'POST',
		path: '/v1/vouchers',
		summary: 'Create a bookkeeping voucher',
		body: s.voucherCreateSchema,
		response: s.actionResultSchema,
		ref: '4.14',
	}),
	'voucher.get': op({
		resource: 'voucher',
		operation: 'get',
		method: 'GET',
		path: '/v1/vouchers/{id}',
		summary: 'Get a bookkeeping voucher',
		response: s.voucherSchema,
		ref: '4.14',
	}),
	'voucher.update': op({
		resource: 'voucher',
		operation: 'update',
		method: 'PUT',
		path: '/v1/vouchers/{id}',
		summary: 'Update a bookkeeping voucher',
		body: s.voucherUpdateSchema,
		response: s.actionResultSchema,
		ref: '4.14',
	}),
	'voucher.getAll': op({
		resource: 'voucher',
		operation: 'getAll',
		method: 'GET',
		path: '/v1/vouchers',
		summary: 'Get bookkeeping vouchers by voucher number',
		query: s.voucherNumberQuery,
		response: s.voucherSchema,
		paging: page250,
		deprecated: true,
		ref: '4.14',
	}),
	'voucher.attachFile': op({
		resource: 'voucher',
		operation: 'attachFile',
		method: 'POST',
		path: '/v1/vouchers/{id}/files',
		summary: 'Attach a file to a bookkeeping voucher',
		bodyKind: 'multipart',
		response: s.fileUploadResultSchema,
		// Uploads are deduplicated by content checksum: repeating one after an ambiguous
		// failure returns the same file id instead of attaching a second copy.
		idempotent: true,
		ref: '4.14',
	}),

	// Files
	'file.upload': op({
		resource: 'file',
		operation: 'upload',
		method: 'POST',
		path: '/v1/files',
		summary: 'Upload a file as a new bookkeeping voucher',
		bodyKind: 'multipart',
		body: s.fileUploadFormSchema,
		response: s.fileUploadResultSchema,
		// Same checksum → the existing file and voucher ids come back, so a repeat
		// cannot create a second voucher.
		idempotent: true,
		ref: '4.15',
	}),
	'file.download': op({
		resource: 'file',
		operation: 'download',
		method: 'GET',
		path: '/v1/files/{id}',
		summary: 'Download a file',
		responseKind: 'binary',
		ref: '4.15',
	}),

	// Payments and master data
	'payment.get': op({
		resource: 'payment',
		operation: 'get',
		method: 'GET',
		path: '/v1/payments/{voucherId}',
		summary: 'Get the payments of a voucher',
		response: s.paymentSchema,
		ref: '4.16',
	}),
	'paymentCondition.getAll': op({
		resource: 'paymentCondition',
		operation: 'getAll',
		method: 'GET',
		path: '/v1/payment-conditions',
		summary: 'Get many payment conditions',
		response: s.paymentConditionSchema,
		paging: array,
		ref: '4.17',
	}),
	'postingCategory.getAll': op({
		resource: 'postingCategory',
		operation: 'getAll',
		method: 'GET',
		path: '/v1/posting-categories',
		summary: 'Get many posting categories',
		response: s.postingCategorySchema,
		paging: array,
		ref: '4.18',
	}),
	'printLayout.getAll': op({
		resource: 'printLayout',
		operation: 'getAll',
		method: 'GET',
		path: '/v1/print-layouts',
		summary: 'Get many print layouts',
		response: s.printLayoutSchema,
		paging: array,
		ref: '4.19',
	}),
	'profile.get': op({
		resource: 'profile',
		operation: 'get',
		method: 'GET',
		path: '/v1/profile',
		summary: 'Get the profile of the connected organization',
		response: s.profileSchema,
		ref: '4.20',
	}),

	// Event subscriptions (no update: delete and re-create)
	'eventSubscription.create': op({
		resource: 'eventSubscription',
		operation: 'create',
		method: 'POST',
		path: '/v1/event-subscriptions',
		summary: 'Create an event subscription',
		body: s.eventSubscriptionCreateSchema,
		response: s.actionResultSchema,
		ref: '4.21',
	}),
	'eventSubscription.getAll': op({
		resource: 'eventSubscription',
		operation: 'getAll',
		method: 'GET',
		path: '/v1/event-subscriptions',
		summary: 'Get many event subscriptions',
		response: s.eventSubscriptionSchema,
		paging: content,
		ref: '4.21',
	}),
	'eventSubscription.get': op({
		resource: 'eventSubscription',
		operation: 'get',
		method: 'GET',
		path: '/v1/event-subscriptions/{subscriptionId}',
		summary: 'Get an event subscription',
		response: s.eventSubscriptionSchema,
		ref: '4.21',
	}),
	'eventSubscription.delete': op({
		resource: 'eventSubscription',
		operation: 'delete',
		method: 'DELETE',
		path: '/v1/event-subscriptions/{subscriptionId}',
		summary: 'Delete an event subscription',
		responseKind: 'empty',
		ref: '4.21',
	}),
} as const satisfies Catalog;

export type LexofficeCatalog = typeof lexofficeCatalog;
export type LexofficeOperationId = keyof LexofficeCatalog;
