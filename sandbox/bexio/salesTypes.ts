/** The 2.0 sales document families and their status ids. */
export interface DocType {
	segment: 'kb_offer' | 'kb_order' | 'kb_invoice' | 'kb_delivery';
	collection: 'quotes' | 'orders' | 'invoices' | 'deliveries';
	kbClass: 'KbOffer' | 'KbOrder' | 'KbInvoice' | 'KbDelivery';
	prefix: string;
	/** Status of a new document. */
	initial: number;
	/** Statuses in which header and positions may change. */
	editable: number[];
	/** Due/validity date field: invoices `is_valid_to`, quotes `is_valid_until`, orders none. */
	dueField?: 'is_valid_to' | 'is_valid_until';
	searchFields: string[];
	/** Fields the live API refuses on create (orders). */
	refusedOnCreate: string[];
}

const BASE_SEARCH = [
	'id',
	'kb_item_status_id',
	'document_nr',
	'title',
	'contact_id',
	'contact_sub_id',
	'user_id',
	'currency_id',
	'total_gross',
	'total_net',
	'total',
	'is_valid_from',
	'updated_at',
];

export const QUOTE: DocType = {
	segment: 'kb_offer',
	collection: 'quotes',
	kbClass: 'KbOffer',
	prefix: 'AN',
	initial: 1,
	editable: [1],
	dueField: 'is_valid_until',
	searchFields: [...BASE_SEARCH, 'is_valid_to', 'is_valid_until'],
	refusedOnCreate: [],
};

export const ORDER: DocType = {
	segment: 'kb_order',
	collection: 'orders',
	kbClass: 'KbOrder',
	prefix: 'AU',
	initial: 5,
	editable: [5],
	searchFields: [...BASE_SEARCH, 'is_valid_to'],
	refusedOnCreate: ['taxs', 'mwst_is_net', 'is_valid_to', 'project_id', 'reference'],
};

export const INVOICE: DocType = {
	segment: 'kb_invoice',
	collection: 'invoices',
	kbClass: 'KbInvoice',
	prefix: 'RE',
	initial: 7,
	editable: [7],
	dueField: 'is_valid_to',
	searchFields: [...BASE_SEARCH, 'api_reference', 'is_valid_to'],
	refusedOnCreate: [],
};

export const DELIVERY: DocType = {
	segment: 'kb_delivery',
	collection: 'deliveries',
	kbClass: 'KbDelivery',
	prefix: 'LS',
	initial: 10,
	editable: [10],
	searchFields: BASE_SEARCH,
	refusedOnCreate: [],
};

export const SALES_TYPES = [QUOTE, ORDER, INVOICE] as const;

export const DOC_ORDER_BY = ['id', 'total', 'total_net', 'total_gross', 'updated_at'];

/** Invoice statuses: draft, pending, paid, partial, cancelled, unpaid. */
export const INV = {
	draft: 7,
	pending: 8,
	paid: 9,
	partial: 16,
	cancelled: 19,
	unpaid: 31,
} as const;
export const OPEN_INVOICE: number[] = [INV.pending, INV.partial, INV.unpaid];

export const POSITION_KINDS = {
	kb_position_custom: 'KbPositionCustom',
	kb_position_article: 'KbPositionArticle',
	kb_position_text: 'KbPositionText',
	kb_position_subtotal: 'KbPositionSubtotal',
	kb_position_discount: 'KbPositionDiscount',
	kb_position_pagebreak: 'KbPositionPagebreak',
	kb_position_subposition: 'KbPositionSubposition',
} as const;

export type PositionKind = (typeof POSITION_KINDS)[keyof typeof POSITION_KINDS];
export const POSITION_TYPES = Object.values(POSITION_KINDS) as PositionKind[];
