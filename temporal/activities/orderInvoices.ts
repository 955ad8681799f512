import { ApplicationFailure, Context } from '@temporalio/activity';

import { criterion } from '../../clients/bexio';
import {
	DEFAULT_ORDER_SOURCE,
	orderTotalMismatch,
	planOrderInvoice,
	type CustomerLookup,
	type OrderInvoicePlan,
} from '../mappings/orderInvoice';
import { BEXIO_CANCELLED, BEXIO_DRAFT } from '../mappings/invoiceRecords';
import type { OrderInvoiceInput, OrderInvoiceResult } from '../shared';
import type { LinkScope, LinkStore } from '../store';
import { findBexioInvoiceByReference } from './engine/bexioInvoices';
import type { ActivityClients, BexioClient } from './engine/clients';
import { contentHash } from './engine/contentHash';
import { UNINTERRUPTED, createWithIntent } from './engine/intents';
import { bexioMasterData, bexioMe, type MasterDataCache } from './engine/masterData';

/**
 * One POS or shop order → one bexio invoice, issued. The job's id is the order id, so deliveries of one
 * order share one job; across jobs the link (kind `orderInvoices`, per source name) and the invoice's
 * `api_reference` make sure no order is invoiced twice, also after a crash between create and link.
 * An order that cannot be invoiced (a line without a tax, a total bexio computes otherwise) fails the
 * job with the reason and the fix; nothing wrong is left in bexio.
 */

export interface OrderInvoiceActivityInput extends OrderInvoiceInput {
	jobId: string;
}

/** The bexio invoice fields read here. */
interface StoredInvoice {
	id: number;
	document_nr?: string | null;
	contact_id?: number | null;
	kb_item_status_id?: number;
	total?: string | number | null;
	currency_id?: number | null;
}

/** An order that cannot be invoiced as sent: the job fails with the reason, without retries. */
const refused = (reason: string) => ApplicationFailure.nonRetryable(reason, 'OrderRefusedError');

export async function invoiceOrder(
	clients: ActivityClients,
	cache: MasterDataCache,
	store: LinkStore,
	input: OrderInvoiceActivityInput,
): Promise<OrderInvoiceResult> {
	const signal = Context.current().cancellationSignal;
	const bexio = clients.bexio(input.connection);
	const master = await bexioMasterData(bexio, cache, input.connection)();
	const plan = planOrderInvoice(input.order, input, master);
	if (typeof plan === 'string') throw refused(plan);
	const orderId = String(input.order.orderId).trim();
	const scope: LinkScope = {
		kind: 'orderInvoices',
		source: { system: 'external', connection: input.sourceName || DEFAULT_ORDER_SOURCE },
		target: { system: 'bexio', connection: input.connection.id },
	};
	const me = bexioMe(bexio, cache, input.connection);

	const link = await store.getLink(scope, orderId);
	let contactCreated = false;
	const invoiceId = link
		? link.targetId
		: (
				await createWithIntent(
					store,
					scope,
					{
						jobId: input.jobId,
						sourceId: orderId,
						intentKeys: [plan.apiReference],
						contentHash: contentHash(plan.body),
						linkKeys: [],
					},
					{
						findEarlier: async () =>
							(await findBexioInvoiceByReference(bexio, plan.apiReference, signal))?.id,
						create: async () => {
							const contact = await findOrCreateContact(bexio, plan.customer, me, signal);
							contactCreated = contact.created;
							const body = { ...plan.body, contact_id: contact.id, user_id: await me() };
							const created = (await bexio.call('invoice.create', {
								body,
								signal: UNINTERRUPTED,
							})) as StoredInvoice;
							return String(created.id);
						},
					},
				)
			).targetId;

	const invoice = await settle(
		bexio,
		store,
		scope,
		plan,
		invoiceId,
		orderId,
		input.issue !== false,
	);
	return {
		orderId,
		outcome: link ? 'unchanged' : 'created',
		invoiceId: invoice.id,
		...(invoice.document_nr ? { documentNr: invoice.document_nr } : {}),
		contactId: Number(invoice.contact_id),
		contactCreated,
		invoiceStatus: statusName(invoice.kb_item_status_id),
		total: Number(invoice.total ?? 0),
		...(master.currencyCodeById.has(Number(invoice.currency_id))
			? { currency: master.currencyCodeById.get(Number(invoice.currency_id)) }
			: {}),
	};
}

/**
 * The order's invoice as bexio holds it. A draft is checked against the order's total first: a
 * difference deletes the draft again (nothing wrong reaches the books) and fails the order; otherwise
 * the draft is issued when the job says so.
 */
async function settle(
	bexio: BexioClient,
	store: LinkStore,
	scope: LinkScope,
	plan: OrderInvoicePlan,
	invoiceId: string,
	orderId: string,
	issue: boolean,
): Promise<StoredInvoice> {
	const path = { invoice_id: invoiceId };
	let invoice = (await bexio.call('invoice.get', { path })) as StoredInvoice;
	if (invoice.kb_item_status_id !== BEXIO_DRAFT) return invoice;
	const mismatch = orderTotalMismatch(plan, invoice.total, orderId);
	if (mismatch) {
		await bexio.call('invoice.delete', { path, signal: UNINTERRUPTED });
		await store.dropTarget(scope.target, scope.kind, invoiceId);
		throw refused(`${mismatch}; the draft was deleted again, nothing was booked`);
	}
	if (!issue) return invoice;
	await bexio.call('invoice.issue', { path, signal: UNINTERRUPTED });
	invoice = (await bexio.call('invoice.get', { path })) as StoredInvoice;
	return invoice;
}

/** The buyer's contact: the first found by e-mail (or name), else created with the token's user as owner. */
async function findOrCreateContact(
	bexio: BexioClient,
	customer: CustomerLookup,
	me: () => Promise<number>,
	signal: AbortSignal,
): Promise<{ id: number; created: boolean }> {
	const found = (await bexio.call('contact.search', {
		body: [criterion(customer.field, '=', customer.value)],
		signal,
	})) as Array<{ id: number }>;
	if (found.length > 0) return { id: found[0].id, created: false };
	const user = await me();
	const created = (await bexio.call('contact.create', {
		body: { ...customer.create, user_id: user, owner_id: user },
		signal: UNINTERRUPTED,
	})) as { id: number };
	return { id: created.id, created: true };
}

function statusName(status: number | undefined): OrderInvoiceResult['invoiceStatus'] {
	if (status === BEXIO_DRAFT) return 'draft';
	if (status === BEXIO_CANCELLED) return 'cancelled';
	return 'issued';
}
