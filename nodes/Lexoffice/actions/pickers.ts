import { encodeSearchValue } from '../../../clients/lexoffice';
import { lexofficeCatalog } from '../../../clients/lexoffice/catalog';
import type { PickerSource, PickerTable, Row } from '../../shared/pickers';

/**
 * Which list fills the picker of each lexoffice field that names another record. Sales documents
 * have no collection endpoint of their own: the voucher list, filtered by type, lists them.
 */

const APP = 'https://app.lexware.de/permalink';
const APP_RE = 'https:\\/\\/app\\.(?:lexware|lexoffice)\\.de';
const UUID = '([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})';
const ID_PLACEHOLDER = 'e.g. 3c4f…';

const str = (v: unknown) => (v === undefined || v === null ? '' : String(v));
type Nested = {
	company?: { name?: string };
	person?: { firstName?: string; lastName?: string };
	roles?: { customer?: { number?: number }; vendor?: { number?: number } };
};

function contactLabel(r: Row): string {
	const c = r as Nested;
	const name =
		c.company?.name ?? [c.person?.firstName, c.person?.lastName].filter(Boolean).join(' ');
	const number = c.roles?.customer?.number ?? c.roles?.vendor?.number;
	return number ? `${name} (${number})` : name || str(r.id);
}

/** The label template with its placeholders filled, as lexoffice prints it on the document. */
export function paymentTermLabel(r: Row): string {
	const discount = (r.paymentDiscountConditions ?? {}) as Row;
	const template = str(r.paymentTermLabelTemplate) || `${str(r.paymentTermDuration)} days`;
	return template
		.replace(/\{paymentRange\}/g, str(r.paymentTermDuration))
		.replace(/\{discountRange\}/g, str(discount.discountRange))
		.replace(/\{discount\}/g, `${str(discount.discountPercentage)} %`);
}

/** Documents of some voucher types from `GET /v1/voucherlist`; the typed filter matches the voucher number. */
function vouchers(voucherType: string, webPath?: string): PickerSource {
	return {
		kind: 'locator',
		list: 'voucherlist.getAll',
		query: { voucherType, voucherStatus: 'any' },
		search: { queryParameter: 'voucherNumber', encode: encodeSearchValue },
		label: (r) => `${str(r.voucherNumber) || 'Draft'} · ${str(r.contactName)}`.replace(/ · $/, ''),
		url: webPath ? (r) => `${APP}/${webPath}/view/${str(r.id)}` : undefined,
		urlRegex: webPath ? `${APP_RE}\\/permalink\\/${webPath}\\/(?:view|edit)\\/${UUID}` : undefined,
		urlPlaceholder: webPath ? `e.g. ${APP}/${webPath}/view/…` : undefined,
		idPlaceholder: ID_PLACEHOLDER,
	};
}

export const lexofficePickers: PickerTable = {
	system: 'lexoffice',
	catalog: lexofficeCatalog,
	sources: {
		contacts: {
			kind: 'locator',
			list: 'contact.getAll',
			// lexoffice filters names from 3 characters on (shorter input lists the first page).
			search: { queryParameter: 'name', minLength: 3, encode: encodeSearchValue },
			label: contactLabel,
			url: (r) => `${APP}/contacts/view/${str(r.id)}`,
			urlRegex: `${APP_RE}\\/(?:permalink\\/)?contacts\\/(?:view\\/)?${UUID}`,
			urlPlaceholder: `e.g. ${APP}/contacts/view/…`,
			idPlaceholder: ID_PLACEHOLDER,
		},
		// The article list has no name filter: the typed text filters the page that was read.
		articles: {
			kind: 'locator',
			list: 'article.getAll',
			label: (r) =>
				r.articleNumber ? `${str(r.title)} (${str(r.articleNumber)})` : str(r.title) || str(r.id),
			idPlaceholder: ID_PLACEHOLDER,
		},
		invoices: vouchers('invoice', 'invoices'),
		creditNotes: vouchers('creditnote', 'credit-notes'),
		quotations: vouchers('quotation', 'quotations'),
		orderConfirmations: vouchers('orderconfirmation', 'order-confirmations'),
		deliveryNotes: vouchers('deliverynote', 'delivery-notes'),
		downPaymentInvoices: vouchers('downpaymentinvoice', 'down-payment-invoices'),
		// The voucher list does not list dunnings (its voucherType has no such value): by ID or URL only.
		dunnings: {
			...vouchers('dunning', 'dunnings'),
			list: undefined,
			query: undefined,
			search: undefined,
		},
		/** Documents a new one can pursue (an invoice after an order confirmation, a dunning after an invoice). */
		salesVouchers: vouchers(
			'invoice,downpaymentinvoice,quotation,orderconfirmation,deliverynote,creditnote',
		),
		bookkeepingVouchers: vouchers(
			'salesinvoice,salescreditnote,purchaseinvoice,purchasecreditnote',
			'vouchers',
		),
		/** Payments exist for invoices, credit notes and bookkeeping vouchers (GET /v1/payments/{voucherId}). */
		payableVouchers: vouchers(
			'invoice,downpaymentinvoice,creditnote,salesinvoice,salescreditnote,purchaseinvoice,purchasecreditnote',
		),
		recurringTemplates: {
			kind: 'locator',
			list: 'recurringTemplate.getAll',
			label: (r) =>
				str(r.title) ||
				str((r.recurringTemplateSettings as Row | undefined)?.frequency) ||
				str(r.id),
			idPlaceholder: ID_PLACEHOLDER,
		},
		eventSubscriptions: {
			kind: 'locator',
			list: 'eventSubscription.getAll',
			label: (r) => `${str(r.eventType)} → ${str(r.callbackUrl)}`,
			value: (r) => str(r.subscriptionId),
			idPlaceholder: ID_PLACEHOLDER,
		},
		// Master data: a dropdown each.
		postingCategories: {
			kind: 'dropdown',
			list: 'postingCategory.getAll',
			label: (r) =>
				`${r.groupName ? `${str(r.groupName)} › ` : ''}${str(r.name)} (${r.type === 'income' ? 'income' : 'expense'})`,
		},
		printLayouts: {
			kind: 'dropdown',
			list: 'printLayout.getAll',
			label: (r) => `${str(r.name)}${r.default ? ' (default)' : ''}`,
		},
		paymentConditions: {
			kind: 'dropdown',
			list: 'paymentCondition.getAll',
			label: (r) => `${paymentTermLabel(r)}${r.organizationDefault ? ' (default)' : ''}`,
		},
		countries: {
			kind: 'dropdown',
			list: 'country.getAll',
			label: (r) => `${str(r.countryNameEN) || str(r.countryNameDE)} (${str(r.countryCode)})`,
			value: (r) => str(r.countryCode),
		},
	},
	fields: {
		contactId: 'contacts',
		articleId: 'articles',
		invoiceId: 'invoices',
		creditNoteId: 'creditNotes',
		quotationId: 'quotations',
		orderConfirmationId: 'orderConfirmations',
		deliveryNoteId: 'deliveryNotes',
		downPaymentInvoiceId: 'downPaymentInvoices',
		dunningId: 'dunnings',
		precedingSalesVoucherId: 'salesVouchers',
		'voucher.voucherId': 'bookkeepingVouchers',
		'payment.voucherId': 'payableVouchers',
		recurringTemplateId: 'recurringTemplates',
		subscriptionId: 'eventSubscriptions',
		printLayoutId: 'printLayouts',
		paymentConditionId: 'paymentConditions',
		categoryId: 'postingCategories',
		countryCode: 'countries',
	},
	exempt: {
		// lexoffice has no list of uploaded files: a file ID comes from the upload's answer or a voucher's `files`.
		fileId: 'no list endpoint in the API',
	},
};
