import { defineOperation as op } from '../catalog';
import * as s from './schemas';

/**
 * Every public operation of the lexoffice / Lexware Office API (reference §4), nothing partner-only
 * (sendmail, interaction status, cash boxes, finance) and nothing the API lacks (no update or delete
 * of sales vouchers, no contact delete, no collection GET of sales vouchers).
 */

const page250 = { kind: 'lexofficePage', maxSize: 250 } as const;
const binary = { responseKind: 'binary' } as const;

/** The read, file and deprecated document operations every sales voucher type shares (reference 4.4). */
function salesVoucherReads<R extends string, P extends string>(resource: R, path: P, label: string, ref: string, withDocument = true) {
	const base = {
		[`${resource}.get`]: op({ resource, operation: 'get', method: 'GET', path: `${path}/{id}` as `${P}/{id}`, summary: `Get a ${label}`, response: s.salesVoucherSchema, ref }),
		[`${resource}.downloadFile`]: op({
			resource,
			operation: 'downloadFile',
			method: 'GET',
			path: `${path}/{id}/file` as `${P}/{id}/file`,
			summary: `Download a ${label} as a file (PDF or e-invoice XML)`,
			...binary,
			ref,
		}),
	};
	if (!withDocument) return base;
	return {
		...base,
		[`${resource}.getDocument`]: op({
			resource,
			operation: 'getDocument',
			method: 'GET',
			path: `${path}/{id}/document` as `${P}/{id}/document`,
			summary: `Render a ${label} and get its document file ID`,
			response: s.documentFileSchema,
			deprecated: true,
			ref,
		}),
	};
}

export const lexofficeCatalog = {
	// 4.1 Articles
	'article.getAll': op({ resource: 'article', operation: 'getAll', method: 'GET', path: '/v1/articles', summary: 'Get many articles', query: s.articleQuery, response: s.articleSchema, paging: page250, ref: '4.1' }),
	'article.get': op({ resource: 'article', operation: 'get', method: 'GET', path: '/v1/articles/{id}', summary: 'Get an article', response: s.articleSchema, ref: '4.1' }),
	'article.create': op({ resource: 'article', operation: 'create', method: 'POST', path: '/v1/articles', summary: 'Create an article', body: s.articleCreateSchema, response: s.actionResultSchema, ref: '4.1' }),
	'article.update': op({ resource: 'article', operation: 'update', method: 'PUT', path: '/v1/articles/{id}', summary: 'Update an article', body: s.articleUpdateSchema, response: s.actionResultSchema, ref: '4.1' }),
	'article.delete': op({ resource: 'article', operation: 'delete', method: 'DELETE', path: '/v1/articles/{id}', summary: 'Delete an article', responseKind: 'empty', ref: '4.1' }),

	// 4.2 Contacts
	'contact.getAll': op({ resource: 'contact', operation: 'getAll', method: 'GET', path: '/v1/contacts', summary: 'Get many contacts', query: s.contactQuery, response: s.contactSchema, paging: page250, ref: '4.2' }),
	'contact.get': op({ resource: 'contact', operation: 'get', method: 'GET', path: '/v1/contacts/{id}', summary: 'Get a contact', response: s.contactSchema, ref: '4.2' }),
	'contact.create': op({ resource: 'contact', operation: 'create', method: 'POST', path: '/v1/contacts', summary: 'Create a contact', body: s.contactWriteSchema, response: s.actionResultSchema, ref: '4.2' }),
	'contact.update': op({ resource: 'contact', operation: 'update', method: 'PUT', path: '/v1/contacts/{id}', summary: 'Update a contact', body: s.contactWriteSchema, response: s.actionResultSchema, ref: '4.2' }),

	// 4.3 Countries
	'country.getAll': op({ resource: 'country', operation: 'getAll', method: 'GET', path: '/v1/countries', summary: 'Get many countries', response: s.countrySchema, paging: { kind: 'array' }, ref: '4.3' }),

	// 4.5 – 4.11 Sales vouchers
	'invoice.create': op({ resource: 'invoice', operation: 'create', method: 'POST', path: '/v1/invoices', summary: 'Create an invoice', query: s.pursueQuery, body: s.invoiceCreateSchema, response: s.actionResultSchema, ref: '4.5' }),
	...salesVoucherReads('invoice', '/v1/invoices', 'invoice', '4.5'),
	'creditNote.create': op({ resource: 'creditNote', operation: 'create', method: 'POST', path: '/v1/credit-notes', summary: 'Create a credit note', query: s.pursueQuery, body: s.creditNoteCreateSchema, response: s.actionResultSchema, ref: '4.6' }),
	...salesVoucherReads('creditNote', '/v1/credit-notes', 'credit note', '4.6'),
	'quotation.create': op({ resource: 'quotation', operation: 'create', method: 'POST', path: '/v1/quotations', summary: 'Create a quotation', query: s.finalizeQuery, body: s.quotationCreateSchema, response: s.actionResultSchema, ref: '4.7' }),
	...salesVoucherReads('quotation', '/v1/quotations', 'quotation', '4.7'),
	'orderConfirmation.create': op({ resource: 'orderConfirmation', operation: 'create', method: 'POST', path: '/v1/order-confirmations', summary: 'Create an order confirmation', query: s.pursueQuery, body: s.orderConfirmationCreateSchema, response: s.actionResultSchema, ref: '4.8' }),
	...salesVoucherReads('orderConfirmation', '/v1/order-confirmations', 'order confirmation', '4.8'),
	'deliveryNote.create': op({ resource: 'deliveryNote', operation: 'create', method: 'POST', path: '/v1/delivery-notes', summary: 'Create a delivery note', query: s.pursueQuery, body: s.deliveryNoteCreateSchema, response: s.actionResultSchema, ref: '4.9' }),
	...salesVoucherReads('deliveryNote', '/v1/delivery-notes', 'delivery note', '4.9'),
	'dunning.create': op({ resource: 'dunning', operation: 'create', method: 'POST', path: '/v1/dunnings', summary: 'Create a dunning for an invoice', query: s.dunningQuery, body: s.dunningCreateSchema, response: s.actionResultSchema, ref: '4.10' }),
	...salesVoucherReads('dunning', '/v1/dunnings', 'dunning', '4.10'),
	...salesVoucherReads('downPaymentInvoice', '/v1/down-payment-invoices', 'down payment invoice', '4.11', false),

	// 4.12 Recurring templates
	'recurringTemplate.getAll': op({ resource: 'recurringTemplate', operation: 'getAll', method: 'GET', path: '/v1/recurring-templates', summary: 'Get many recurring templates', query: s.recurringTemplateQuery, response: s.recurringTemplateSchema, paging: page250, ref: '4.12' }),
	'recurringTemplate.get': op({ resource: 'recurringTemplate', operation: 'get', method: 'GET', path: '/v1/recurring-templates/{id}', summary: 'Get a recurring template', response: s.recurringTemplateSchema, ref: '4.12' }),

	// 4.13 Voucherlist
	'voucherlist.getAll': op({ resource: 'voucherlist', operation: 'getAll', method: 'GET', path: '/v1/voucherlist', summary: 'Get many entries of the voucher list', query: s.voucherlistQuery, response: s.voucherlistRowSchema, paging: page250, ref: '4.13' }),

	// 4.14 Bookkeeping vouchers
	'voucher.create': op({ resource: 'voucher', operation: 'create', method: 'POST', path: '/v1/vouchers', summary: 'Create a bookkeeping voucher', body: s.voucherCreateSchema, response: s.actionResultSchema, ref: '4.14' }),
	'voucher.get': op({ resource: 'voucher', operation: 'get', method: 'GET', path: '/v1/vouchers/{id}', summary: 'Get a bookkeeping voucher', response: s.voucherSchema, ref: '4.14' }),
	'voucher.update': op({ resource: 'voucher', operation: 'update', method: 'PUT', path: '/v1/vouchers/{id}', summary: 'Update a bookkeeping voucher', body: s.voucherUpdateSchema, response: s.actionResultSchema, ref: '4.14' }),
	'voucher.getAll': op({ resource: 'voucher', operation: 'getAll', method: 'GET', path: '/v1/vouchers', summary: 'Get bookkeeping vouchers by voucher number', query: s.voucherNumberQuery, response: s.voucherSchema, paging: page250, deprecated: true, ref: '4.14' }),
	'voucher.attachFile': op({
		resource: 'voucher',
		operation: 'attachFile',
		method: 'POST',
		path: '/v1/vouchers/{id}/files',
		summary: 'Attach a file to a bookkeeping voucher',
		bodyKind: 'multipart',
		response: s.fileUploadResultSchema,
		// Uploads are deduplicated by checksum (reference 3.7): repeating one cannot attach a second copy.
		idempotent: true,
		ref: '4.14',
	}),

	// 4.15 Files
	'file.upload': op({
		resource: 'file',
		operation: 'upload',
		method: 'POST',
		path: '/v1/files',
		summary: 'Upload a file as a new bookkeeping voucher',
		bodyKind: 'multipart',
		body: s.fileUploadFormSchema,
		response: s.fileUploadResultSchema,
		// Same checksum → the existing file and voucher IDs come back (reference 3.7, 4.15).
		idempotent: true,
		ref: '4.15',
	}),
	'file.download': op({ resource: 'file', operation: 'download', method: 'GET', path: '/v1/files/{id}', summary: 'Download a file', ...binary, ref: '4.15' }),

	// 4.16 – 4.20 Payments and master data
	'payment.get': op({ resource: 'payment', operation: 'get', method: 'GET', path: '/v1/payments/{voucherId}', summary: 'Get the payments of a voucher', response: s.paymentSchema, ref: '4.16' }),
	'paymentCondition.getAll': op({ resource: 'paymentCondition', operation: 'getAll', method: 'GET', path: '/v1/payment-conditions', summary: 'Get many payment conditions', response: s.paymentConditionSchema, paging: { kind: 'array' }, ref: '4.17' }),
	'postingCategory.getAll': op({ resource: 'postingCategory', operation: 'getAll', method: 'GET', path: '/v1/posting-categories', summary: 'Get many posting categories', response: s.postingCategorySchema, paging: { kind: 'array' }, ref: '4.18' }),
	'printLayout.getAll': op({ resource: 'printLayout', operation: 'getAll', method: 'GET', path: '/v1/print-layouts', summary: 'Get many print layouts', response: s.printLayoutSchema, paging: { kind: 'array' }, ref: '4.19' }),
	'profile.get': op({ resource: 'profile', operation: 'get', method: 'GET', path: '/v1/profile', summary: 'Get the profile of the connected organization', response: s.profileSchema, ref: '4.20' }),

	// 4.21 Event subscriptions
	'eventSubscription.create': op({ resource: 'eventSubscription', operation: 'create', method: 'POST', path: '/v1/event-subscriptions', summary: 'Create an event subscription', body: s.eventSubscriptionCreateSchema, response: s.actionResultSchema, ref: '4.21' }),
	'eventSubscription.getAll': op({ resource: 'eventSubscription', operation: 'getAll', method: 'GET', path: '/v1/event-subscriptions', summary: 'Get many event subscriptions', response: s.eventSubscriptionSchema, paging: { kind: 'lexofficeContent' }, ref: '4.21' }),
	'eventSubscription.get': op({ resource: 'eventSubscription', operation: 'get', method: 'GET', path: '/v1/event-subscriptions/{subscriptionId}', summary: 'Get an event subscription', response: s.eventSubscriptionSchema, ref: '4.21' }),
	'eventSubscription.delete': op({ resource: 'eventSubscription', operation: 'delete', method: 'DELETE', path: '/v1/event-subscriptions/{subscriptionId}', summary: 'Delete an event subscription', responseKind: 'empty', ref: '4.21' }),
};

export type LexofficeCatalog = typeof lexofficeCatalog;
export type LexofficeOperationId = keyof LexofficeCatalog;
