import { randomUUID } from 'node:crypto';

import { SandboxHttpError } from '../core/http';
import { insertArticle } from './articles';
import { contactDisplayName, insertContact } from './contacts';
import { DAY, formatDate, formatDateTime, parseDayStart } from './dates';
import { asNumber, asString, round, type JsonObject } from './json';
import { defaultPaymentConditions } from './masterData';
import { KINDS, KIND_BY_PATH, insertSales } from './salesModel';
import { computeDocument } from './salesTotals';
import type { LexofficeTenant, SalesKind } from './tenant';
import { insertVoucher } from './vouchers';

/**
 * What `seed` returns: always `count`, `firstId` and `lastId` (in creation order); `ids` only when
 * count ≤ 1000, so seeding 20,000 rows does not produce a huge admin response.
 */
export interface SeedResult {
	count: number;
	firstId: string | null;
	lastId: string | null;
	ids?: string[];
}

const ID_LIST_LIMIT = 1000;
const HOUR = 3_600_000;

function result(ids: string[]): SeedResult {
	return {
		count: ids.length,
		firstId: ids[0] ?? null,
		lastId: ids[ids.length - 1] ?? null,
		ids: ids.length <= ID_LIST_LIMIT ? ids : undefined,
	};
}

function bad(message: string): never {
	throw new SandboxHttpError({ status: 400, body: { message } });
}

/** Day slicing: row i of n falls on day floor(i·spreadDays/n) after `voucherDateFrom` (German midnight). */
function dayPlanner(options: Record<string, unknown>, count: number): (i: number) => number {
	const spread = Math.max(0, Math.floor(asNumber(options.spreadDays) ?? 0));
	const fromRaw = asString(options.voucherDateFrom);
	const from =
		fromRaw !== undefined
			? parseDayStart(fromRaw)
			: parseDayStart(formatDate(Date.now() - spread * DAY));
	if (from === undefined) bad('voucherDateFrom must be yyyy-MM-dd');
	const cache = new Map<number, number>();
	return (i) => {
		const day = count > 0 ? Math.floor((i * spread) / count) : 0;
		let start = cache.get(day);
		if (start === undefined) {
			// Noon-based stepping stays on the right calendar day across DST switches.
			start = parseDayStart(formatDate(from + day * DAY + 12 * HOUR)) as number;
			cache.set(day, start);
		}
		return start;
	};
}

function seedContacts(
	tenant: LexofficeTenant,
	count: number,
	o: Record<string, unknown>,
): SeedResult {
	const role = asString(o.role) ?? 'customer';
	if (!['customer', 'vendor', 'both'].includes(role))
		bad("role must be 'customer', 'vendor' or 'both'");
	const roles = { customer: role !== 'vendor', vendor: role !== 'customer' };
	const person = o.kind === 'person';
	const prefix = asString(o.namePrefix) ?? (person ? 'Seed' : 'Seed Company');
	// Several entries per list make a contact read-only via the API, like contacts created in the app.
	const multi = o.multipleEntries === true;
	const now = Date.now();
	const ids: string[] = [];
	const width = String(count).length;
	for (let i = 0; i < count; i++) {
		const n = String(i + 1).padStart(width, '0');
		const emails = multi
			? [`seed${n}@example.com`, `seed${n}.b@example.com`]
			: [`seed${n}@example.com`];
		const body: JsonObject = {
			...(person
				? { person: { firstName: prefix, lastName: `Person ${n}` } }
				: { company: { name: `${prefix} ${n}` } }),
			addresses: {
				billing: [
					{ street: `Hauptstr. ${i + 1}`, zip: '79112', city: 'Freiburg', countryCode: 'DE' },
				],
			},
			emailAddresses: { business: emails },
		};
		ids.push(insertContact(tenant, body, roles, now, o.archived === true).id);
	}
	return result(ids);
}

function seedArticles(
	tenant: LexofficeTenant,
	count: number,
	o: Record<string, unknown>,
): SeedResult {
	const type = o.type === 'SERVICE' ? 'SERVICE' : 'PRODUCT';
	const taxRate = asNumber(o.taxRate) ?? 19;
	const now = Date.now();
	const ids: string[] = [];
	for (let i = 0; i < count; i++) {
		const net = round(10 + (i % 90) + 0.5);
		ids.push(
			insertArticle(
				tenant,
				{
					title: `Seed Artikel ${i + 1}`,
					type,
					articleNumber: `SEED-${Date.now().toString(36)}-${i + 1}`,
					unitName: type === 'SERVICE' ? 'Stunde' : 'Stück',
					price: {
						netPrice: net,
						grossPrice: round(net * (1 + taxRate / 100)),
						leadingPrice: 'NET',
						taxRate,
					},
				},
				now,
			).id,
		);
	}
	return result(ids);
}

const SEEDABLE_STATUSES: Record<SalesKind, string[]> = {
	invoice: ['draft', 'open', 'paid', 'voided'],
	'credit-note': ['draft', 'open', 'paidoff', 'voided'],
	quotation: ['draft', 'open', 'accepted', 'rejected'],
	'order-confirmation': ['draft', 'open'],
	'delivery-note': ['draft', 'open'],
	dunning: ['draft'],
	'down-payment-invoice': ['draft', 'open', 'paid', 'voided'],
};

function seedSales(
	tenant: LexofficeTenant,
	kind: SalesKind,
	count: number,
	o: Record<string, unknown>,
): SeedResult {
	const status = asString(o.status) ?? (kind === 'dunning' ? 'draft' : 'open');
	if (!SEEDABLE_STATUSES[kind].includes(status))
		bad(`status of ${kind} must be one of ${SEEDABLE_STATUSES[kind].join(', ')}`);
	const contactId = asString(o.contactId);
	const contact = contactId ? tenant.contacts.get(contactId) : undefined;
	if (contactId && !contact) bad('unknown contactId');
	const amount = asNumber(o.amount) ?? 100;
	const name = contact ? contactDisplayName(contact) : 'Seed Kunde GmbH';
	const computed = computeDocument(
		[
			{
				type: 'custom',
				name: 'Seed Position',
				quantity: 1,
				unitName: 'Stück',
				unitPrice: { currency: 'EUR', netAmount: amount, taxRatePercentage: 19 },
			},
		],
		{ kind, taxType: 'net', totalPrice: { currency: 'EUR' } },
	);
	// One shared document body: seeded vouchers are immutable, and sharing keeps 10,000+ rows cheap.
	const doc: JsonObject = {
		language: 'de',
		address: contact
			? { contactId: contact.id, name, countryCode: 'DE' }
			: { name, countryCode: 'DE' },
		lineItems: computed.lineItems,
		taxConditions: { taxType: 'net' },
		title: KINDS[kind].title,
		introduction: 'Ihre bestellten Positionen stellen wir Ihnen hiermit in Rechnung',
		remark: 'Vielen Dank für die gute Zusammenarbeit.',
	};
	if (computed.totalPrice) doc.totalPrice = computed.totalPrice;
	if (computed.taxAmounts) doc.taxAmounts = computed.taxAmounts;
	if (
		kind === 'invoice' ||
		kind === 'down-payment-invoice' ||
		kind === 'order-confirmation' ||
		kind === 'quotation'
	) {
		doc.paymentConditions = defaultPaymentConditions();
	}
	if (
		kind === 'invoice' ||
		kind === 'order-confirmation' ||
		kind === 'delivery-note' ||
		kind === 'down-payment-invoice'
	)
		doc.shippingConditions = { shippingType: 'none' };
	if (kind === 'quotation') doc.expirationDate = formatDateTime(Date.now() + 30 * DAY);
	if (kind === 'down-payment-invoice') doc.closingInvoiceId = null;
	if (kind === 'invoice') doc.closingInvoice = false;
	const dueIn = asNumber(o.dueInDays) ?? 30;
	const payable = kind === 'invoice' || kind === 'down-payment-invoice';
	const dayOf = dayPlanner(o, count);
	const ids: string[] = [];
	for (let i = 0; i < count; i++) {
		const voucherDate = dayOf(i);
		const record = insertSales(tenant, {
			kind,
			status,
			voucherDate,
			now: voucherDate,
			dueDate: payable && status !== 'draft' ? voucherDate + dueIn * DAY : null,
			contactId: contact?.id ?? null,
			contactName: name,
			totalGross: computed.totalGross,
			doc,
		});
		if (status === 'paid' || status === 'paidoff') {
			record.payments.push({
				paymentItemType: status === 'paid' ? 'manualPayment' : 'partPaymentCreditNote',
				postingDate: voucherDate,
				amount: computed.totalGross,
			});
			record.openAmount = 0;
		}
		ids.push(record.id);
	}
	return result(ids);
}

function seedVouchers(
	tenant: LexofficeTenant,
	count: number,
	o: Record<string, unknown>,
): SeedResult {
	const type = asString(o.type) ?? 'purchaseinvoice';
	const status = asString(o.status) ?? 'open';
	if (!['open', 'unchecked', 'paid', 'paidoff', 'voided'].includes(status))
		bad('status must be open, unchecked, paid, paidoff or voided');
	const gross = asNumber(o.amount) ?? 119;
	const tax = round((gross * 19) / 119);
	const category = type.startsWith('purchase')
		? '16d04a28-fd91-11e1-a21f-0800200c9a66'
		: '8f8664a8-fd86-11e1-a21f-0800200c9a66';
	const dayOf = dayPlanner(o, count);
	const ids: string[] = [];
	for (let i = 0; i < count; i++) {
		const day = dayOf(i);
		const record = insertVoucher(
			tenant,
			{
				type,
				status,
				voucherNumber: asString(o.voucherNumber) ?? `SEED-${i + 1}`,
				voucherDate: day,
				shippingDate: null,
				dueDate: status === 'unchecked' ? null : day,
				totalGrossAmount: gross,
				totalTaxAmount: tax,
				taxType: 'gross',
				useCollectiveContact: true,
				contactId: null,
				contactName: null,
				remark: null,
				voucherItems: [{ amount: gross, taxAmount: tax, taxRatePercent: 19, categoryId: category }],
				files: [],
			},
			day,
		);
		if (status === 'paid' || status === 'paidoff')
			record.payments.push({ paymentItemType: 'manualPayment', postingDate: day, amount: gross });
		ids.push(record.id);
	}
	return result(ids);
}

function seedTemplates(
	tenant: LexofficeTenant,
	count: number,
	o: Record<string, unknown>,
): SeedResult {
	let contact = asString(o.contactId) ? tenant.contacts.get(o.contactId as string) : undefined;
	// Templates always reference a contact.
	if (!contact)
		contact = insertContact(
			tenant,
			{ company: { name: 'Seed Abo GmbH' } },
			{ customer: true, vendor: false },
			Date.now(),
		);
	const name = contactDisplayName(contact);
	const computed = computeDocument(
		[
			{
				type: 'custom',
				name: 'Abo',
				quantity: 1,
				unitName: 'Monat',
				unitPrice: { currency: 'EUR', netAmount: 50, taxRatePercentage: 19 },
			},
		],
		{ kind: 'invoice', taxType: 'net', totalPrice: { currency: 'EUR' } },
	);
	const status = asString(o.executionStatus) ?? 'ACTIVE';
	const interval = asString(o.executionInterval) ?? 'MONTHLY';
	const now = Date.now();
	const ids: string[] = [];
	for (let i = 0; i < count; i++) {
		const created = now - (count - i) * HOUR;
		const id = randomUUID();
		tenant.recurringTemplates.set(id, {
			id,
			version: 0,
			createdDate: created,
			updatedDate: created + (i % 7) * 60_000,
			contactId: contact.id,
			contactName: name,
			doc: {
				address: { contactId: contact.id, name, countryCode: 'DE' },
				archived: false,
				language: 'de',
				lineItems: computed.lineItems,
				totalPrice: computed.totalPrice ?? null,
				taxAmounts: computed.taxAmounts ?? [],
				taxConditions: { taxType: 'net', taxTypeNote: null },
				paymentConditions: defaultPaymentConditions(),
				title: 'Rechnung',
				introduction: 'Ihre Abo-Positionen stellen wir Ihnen hiermit in Rechnung',
				remark: 'Vielen Dank',
			},
			settings: {
				id: randomUUID(),
				startDate: formatDate(created),
				endDate: null,
				finalize: false,
				shippingType: 'service',
				executionInterval: interval,
				nextExecutionDate: status === 'ACTIVE' ? formatDate(created + (i + 1) * DAY) : null,
				lastExecutionDate: null,
				lastExecutionFailed: false,
				lastExecutionErrorMessage: null,
				executionStatus: status,
				retroactiveInvoice: false,
			},
		});
		ids.push(id);
	}
	return result(ids);
}

/** `SandboxApi.seed`: straight into the store, no HTTP, no webhooks. */
export function seedLexoffice(
	tenant: LexofficeTenant,
	resource: string,
	count: number,
	options: Record<string, unknown>,
): SeedResult {
	if (!Number.isInteger(count) || count < 0) bad('count must be a non-negative integer');
	if (resource === 'contacts') return seedContacts(tenant, count, options);
	if (resource === 'articles') return seedArticles(tenant, count, options);
	if (resource === 'vouchers') return seedVouchers(tenant, count, options);
	if (resource === 'recurring-templates') return seedTemplates(tenant, count, options);
	const cfg = KIND_BY_PATH.get(resource);
	if (cfg && cfg.kind !== 'dunning') return seedSales(tenant, cfg.kind, count, options);
	return bad(`unknown seed resource '${resource}'`);
}
