import type { OperationDef } from '../../../clients/catalog';
import type { LexofficeClient } from '../../../clients/lexoffice';
import { lexofficeCatalog } from '../../../clients/lexoffice/catalog';
import type { CatalogUi } from '../../shared/catalogProperties';
import { customOperations } from './custom';
import { contactCreateRecovery } from './recoverCreate';

const APP = 'https:\\/\\/app\\.(?:lexware|lexoffice)\\.de';
const UUID = '([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})';

/** The Lexoffice node's UI, generated from the catalog plus the operations with their own files. */
export const lexofficeUi: CatalogUi = {
	catalog: lexofficeCatalog,
	resources: {
		article: { displayName: 'Article' },
		contact: { displayName: 'Contact' },
		country: { displayName: 'Country' },
		creditNote: { displayName: 'Credit Note' },
		deliveryNote: { displayName: 'Delivery Note' },
		downPaymentInvoice: { displayName: 'Down Payment Invoice' },
		dunning: { displayName: 'Dunning' },
		eventSubscription: { displayName: 'Event Subscription' },
		file: { displayName: 'File' },
		invoice: { displayName: 'Invoice' },
		orderConfirmation: { displayName: 'Order Confirmation' },
		payment: { displayName: 'Payment' },
		paymentCondition: { displayName: 'Payment Condition' },
		postingCategory: { displayName: 'Posting Category' },
		printLayout: { displayName: 'Print Layout' },
		profile: { displayName: 'Profile' },
		quotation: { displayName: 'Quotation' },
		recurringTemplate: { displayName: 'Recurring Template' },
		voucher: { displayName: 'Voucher (Bookkeeping)' },
		voucherlist: { displayName: 'Voucher List' },
	},
	locators: {
		contactId: { searchListMethod: 'searchContacts', urlRegex: `${APP}\\/(?:permalink\\/)?contacts\\/(?:view\\/)?${UUID}`, urlPlaceholder: 'e.g. https://app.lexware.de/permalink/contacts/view/…', idPlaceholder: 'e.g. 3c4f…' },
		articleId: { searchListMethod: 'searchArticles', idPlaceholder: 'e.g. 3c4f…' },
		invoiceId: { searchListMethod: 'searchInvoices', urlRegex: `${APP}\\/permalink\\/invoices\\/(?:view|edit)\\/${UUID}`, idPlaceholder: 'e.g. 3c4f…' },
		creditNoteId: { urlRegex: `${APP}\\/permalink\\/credit-notes\\/(?:view|edit)\\/${UUID}`, idPlaceholder: 'e.g. 3c4f…' },
		quotationId: { urlRegex: `${APP}\\/permalink\\/quotations\\/(?:view|edit)\\/${UUID}`, idPlaceholder: 'e.g. 3c4f…' },
		orderConfirmationId: { urlRegex: `${APP}\\/permalink\\/order-confirmations\\/(?:view|edit)\\/${UUID}`, idPlaceholder: 'e.g. 3c4f…' },
		deliveryNoteId: { urlRegex: `${APP}\\/permalink\\/delivery-notes\\/(?:view|edit)\\/${UUID}`, idPlaceholder: 'e.g. 3c4f…' },
		voucherId: { urlRegex: `${APP}\\/permalink\\/vouchers\\/(?:view|edit)\\/${UUID}`, idPlaceholder: 'e.g. 3c4f…' },
	},
	custom: customOperations,
	// A voucher PUT that echoes its status is refused; only unchecked → open may be sent (reference 3.4).
	mergeOmit: { 'voucher.update': ['voucherStatus'] },
	// Every lexoffice PUT replaces the record and needs the version last read (reference 3.4).
	isMergeUpdate: (op: OperationDef) => op.method === 'PUT',
	recoverCreate: (opId, body, client) => (opId === 'contact.create' ? contactCreateRecovery(client as LexofficeClient, body) : undefined),
};
