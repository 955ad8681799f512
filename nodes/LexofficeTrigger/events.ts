import type { INodePropertyOptions } from 'n8n-workflow';

/** Every public webhook event type, grouped by the resource it concerns. */
export const EVENT_GROUPS: Record<
	string,
	{ label: string; getOperation?: string; events: string[] }
> = {
	article: {
		label: 'Article',
		getOperation: 'article.get',
		events: ['created', 'changed', 'deleted'],
	},
	contact: {
		label: 'Contact',
		getOperation: 'contact.get',
		events: ['created', 'changed', 'deleted'],
	},
	'credit-note': {
		label: 'Credit Note',
		getOperation: 'creditNote.get',
		events: ['created', 'changed', 'deleted', 'status.changed'],
	},
	'delivery-note': {
		label: 'Delivery Note',
		getOperation: 'deliveryNote.get',
		events: ['created', 'changed', 'deleted', 'status.changed'],
	},
	'down-payment-invoice': {
		label: 'Down Payment Invoice',
		getOperation: 'downPaymentInvoice.get',
		events: ['created', 'changed', 'deleted', 'status.changed'],
	},
	dunning: {
		label: 'Dunning',
		getOperation: 'dunning.get',
		events: ['created', 'changed', 'deleted'],
	},
	invoice: {
		label: 'Invoice',
		getOperation: 'invoice.get',
		events: ['created', 'changed', 'deleted', 'status.changed'],
	},
	'order-confirmation': {
		label: 'Order Confirmation',
		getOperation: 'orderConfirmation.get',
		events: ['created', 'changed', 'deleted', 'status.changed'],
	},
	payment: { label: 'Payment', getOperation: 'payment.get', events: ['changed'] },
	quotation: {
		label: 'Quotation',
		getOperation: 'quotation.get',
		events: ['created', 'changed', 'deleted', 'status.changed'],
	},
	'recurring-template': {
		label: 'Recurring Template',
		getOperation: 'recurringTemplate.get',
		events: ['created', 'changed', 'deleted'],
	},
	voucher: {
		label: 'Voucher (Bookkeeping)',
		getOperation: 'voucher.get',
		events: ['created', 'changed', 'deleted', 'status.changed'],
	},
};

export const ALL_EVENT_TYPES: string[] = Object.entries(EVENT_GROUPS).flatMap(([resource, g]) =>
	g.events.map((e) => `${resource}.${e}`),
);

const VERBS: Record<string, string> = {
	created: 'Created',
	changed: 'Changed',
	deleted: 'Deleted',
	'status.changed': 'Status Changed',
};

export const EVENT_OPTIONS: INodePropertyOptions[] = Object.entries(EVENT_GROUPS)
	.flatMap(([resource, g]) =>
		g.events.map((e) => ({
			name: `${g.label} ${VERBS[e]}`,
			value: `${resource}.${e}`,
			description: `When a ${g.label.toLowerCase()} is ${VERBS[e].toLowerCase()} (${resource}.${e})`,
		})),
	)
	.sort((a, b) => a.name.localeCompare(b.name));

/** The catalog operation that reads the resource an event is about, or undefined (deletions). */
export function getOperationFor(eventType: string): string | undefined {
	if (eventType.endsWith('.deleted')) return undefined;
	const resource = eventType.split('.')[0];
	return EVENT_GROUPS[resource]?.getOperation;
}
