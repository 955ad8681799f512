/**
 * Operations the official documentation lists without a request or response body we could record: the
 * evidence level "spec only". Hand-kept; an entry moves out of here once the corpus
 * (test/fixtures/live/<api>/) holds an exchange for it. Each value names where the operation is documented.
 */
const LEXWARE_DOCS = 'https://developers.lexware.io/docs/';
const POSTMAN =
	'lexoffice Postman sample collection (request line only), https://developers.lexoffice.io/docs/';

export const SPEC_ONLY: Record<string, Record<string, string>> = {
	lexoffice: {
		'article.delete': `${LEXWARE_DOCS} Articles endpoint, "Delete an article" (204, no body)`,
		'eventSubscription.delete': `${LEXWARE_DOCS} Event Subscriptions endpoint, "Delete an event subscription" (204, no body); ${POSTMAN}`,
		'file.download': `${LEXWARE_DOCS} Files endpoint, "Download a file" (binary); ${POSTMAN}`,
		'recurringTemplate.get': `${LEXWARE_DOCS} Recurring Templates endpoint, "Retrieve a recurring template"; ${POSTMAN}`,
		'voucher.update': `${LEXWARE_DOCS} Vouchers endpoint, "Update a voucher"`,
		'voucher.attachFile': `${LEXWARE_DOCS} Vouchers endpoint, "Upload a file to a voucher" (multipart)`,
		'invoice.downloadFile': `${LEXWARE_DOCS} Invoices endpoint, "Download an invoice file" (binary)`,
		'creditNote.downloadFile': `${LEXWARE_DOCS} Credit Notes endpoint, "Download a credit note file" (binary)`,
		'quotation.downloadFile': `${LEXWARE_DOCS} Quotations endpoint, "Download a quotation file" (binary)`,
		'orderConfirmation.downloadFile': `${LEXWARE_DOCS} Order Confirmations endpoint, "Download an order confirmation file" (binary)`,
		'deliveryNote.downloadFile': `${LEXWARE_DOCS} Delivery Notes endpoint, "Download a delivery note file" (binary)`,
		'dunning.downloadFile': `${LEXWARE_DOCS} Dunnings endpoint, "Download a dunning file" (binary)`,
		'downPaymentInvoice.downloadFile': `${LEXWARE_DOCS} Down Payment Invoices endpoint, "Download a down payment invoice file" (binary)`,
	},
	// Filled in with the bexio corpus.
	bexio: {},
};
