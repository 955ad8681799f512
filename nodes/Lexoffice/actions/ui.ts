import type { OperationDef } from '../../../clients/catalog';
import type { LexofficeClient } from '../../../clients/lexoffice';
import { lexofficeCatalog } from '../../../clients/lexoffice/catalog';
import type { CatalogUi } from '../../shared/catalogProperties';
import { customOperations } from './custom';
import { lexofficePickers } from './pickers';
import { contactCreateRecovery } from './recoverCreate';

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
	pickers: lexofficePickers,
	custom: customOperations,
	// A voucher PUT that echoes its status is refused; only unchecked → open may be sent.
	mergeOmit: { 'voucher.update': ['voucherStatus'] },
	// Every lexoffice PUT replaces the record and needs the version last read.
	isMergeUpdate: (op: OperationDef) => op.method === 'PUT',
	recoverCreate: (opId, body, client) =>
		opId === 'contact.create' ? contactCreateRecovery(client as LexofficeClient, body) : undefined,
};
