import { randomUUID } from 'node:crypto';

import type { SandboxContext, TenantBase } from '../core/server';
import type { JsonObject } from './json';
import type { Scheduler } from './scheduler';
import type { WebhookHub } from './webhooks';

/** Sales voucher resource paths. */
export type SalesKind =
	| 'invoice'
	| 'credit-note'
	| 'quotation'
	| 'order-confirmation'
	| 'delivery-note'
	| 'dunning'
	| 'down-payment-invoice';

export interface PaymentItem {
	paymentItemType: string;
	postingDate: number;
	amount: number;
}

export interface ContactRecord {
	id: string;
	version: number;
	createdDate: number;
	updatedDate: number;
	archived: boolean;
	customerNumber: number | null;
	vendorNumber: number | null;
	/** Writable part as stored: company/person, addresses, xRechnung, emailAddresses, phoneNumbers, note. */
	body: JsonObject;
	/** Lower-case sort key (`name ASC`). */
	nameKey: string;
	/** Lower-case strings the `name` filter matches. */
	names: string[];
	/** Lower-case strings the `email` filter matches. */
	emails: string[];
}

export interface ArticleRecord {
	id: string;
	version: number;
	createdDate: number;
	updatedDate: number;
	archived: boolean;
	/** Writable part after price computation (title, type, unitName, price, articleNumber, gtin, …). */
	body: JsonObject;
}

export interface RelatedVoucher {
	id: string;
	voucherNumber: string | null;
	voucherType: string;
}

export interface SalesVoucherRecord {
	id: string;
	kind: SalesKind;
	status: string;
	voucherNumber: string | null;
	voucherDate: number;
	createdDate: number;
	updatedDate: number;
	version: number;
	dueDate: number | null;
	contactId: string | null;
	contactName: string;
	totalGross: number;
	/** Open amount of payable documents; null for drafts and non-payable types. */
	openAmount: number | null;
	archived: boolean;
	/** Computed document body (address, lineItems, totals, conditions, texts). */
	doc: JsonObject;
	related: RelatedVoucher[];
	payments: PaymentItem[];
	documentFileId: string | null;
	xRechnung: boolean;
	/** Set on a credit note that pursues an invoice (it has no payment information of its own). */
	pursuedInvoiceId: string | null;
}

export interface BookkeepingVoucherRecord {
	id: string;
	version: number;
	createdDate: number;
	updatedDate: number;
	type: string;
	status: string;
	voucherNumber: string | null;
	voucherDate: number | null;
	shippingDate: number | null;
	dueDate: number | null;
	totalGrossAmount: number | null;
	totalTaxAmount: number | null;
	taxType: string;
	useCollectiveContact: boolean;
	contactId: string | null;
	contactName: string | null;
	remark: string | null;
	voucherItems: JsonObject[];
	files: string[];
	payments: PaymentItem[];
	archived: boolean;
}

export type FileExtension = 'pdf' | 'jpg' | 'png' | 'xml';

export interface FileRecord {
	id: string;
	/** Bookkeeping upload or rendered sales voucher (Accept matrix differs). */
	kind: 'bookkeeping' | 'sales';
	voucherId: string | null;
	ext: FileExtension;
	content: Buffer;
	checksum: string;
	fileName: string;
	createdDate: number;
	/** Sales documents only: an XRechnung can also be served as XML. */
	xRechnungXml?: Buffer;
}

export interface SubscriptionRecord {
	subscriptionId: string;
	eventType: string;
	callbackUrl: string;
	createdDate: number;
}

export interface RecurringTemplateRecord {
	id: string;
	version: number;
	createdDate: number;
	updatedDate: number;
	contactId: string;
	contactName: string;
	/** Full template body without header fields. */
	doc: JsonObject;
	settings: JsonObject;
}

export interface DeliveryAttempt {
	subscriptionId: string;
	eventType: string;
	resourceId: string;
	attempt: number;
	/** When this attempt's POST left the sandbox (`at` is when it ended). */
	sentAt: string;
	/** HTTP status, 0 for a connection error. */
	status: number;
	at: string;
	outcome: 'delivered' | 'retry' | 'dropped' | 'subscription-deleted';
	/** Scaled delay until the next attempt (ms), null when none follows. */
	nextAttemptInMs: number | null;
}

/** What all tenants of one running simulator share. */
export interface LexofficeEnv {
	ctx: SandboxContext<LexofficeTenant>;
	webhooks: WebhookHub;
	scheduler: Scheduler;
	/** Delay before an uploaded file's voucher leaves `blank` (OCR stand-in). */
	ocrDelayMs: number;
}

/** One API key = one organization with its own data, number ranges and subscriptions. */
export interface LexofficeTenant extends TenantBase {
	env: LexofficeEnv;
	organizationId: string;
	connectionId: string;
	companyName: string;
	createdDate: number;
	contacts: Map<string, ContactRecord>;
	articles: Map<string, ArticleRecord>;
	sales: Map<string, SalesVoucherRecord>;
	vouchers: Map<string, BookkeepingVoucherRecord>;
	files: Map<string, FileRecord>;
	fileByChecksum: Map<string, string>;
	recurringTemplates: Map<string, RecurringTemplateRecord>;
	subscriptions: Map<string, SubscriptionRecord>;
	deliveries: DeliveryAttempt[];
	/** Next customer/vendor number and next sales voucher number per prefix. */
	counters: { customer: number; vendor: number; voucherNumbers: Record<string, number> };
	settings: { eInvoice: boolean };
	/** Contacts sorted by name, rebuilt lazily after writes. */
	contactOrder: ContactRecord[] | undefined;
}

export function createLexofficeTenant(base: TenantBase, env: LexofficeEnv): LexofficeTenant {
	return {
		...base,
		env,
		organizationId: randomUUID(),
		connectionId: randomUUID(),
		companyName: 'Sandbox GmbH',
		createdDate: Date.now(),
		contacts: new Map(),
		articles: new Map(),
		sales: new Map(),
		vouchers: new Map(),
		files: new Map(),
		fileByChecksum: new Map(),
		recurringTemplates: new Map(),
		subscriptions: new Map(),
		deliveries: [],
		// Sample numbers are 10xxx (customers) and 70xxx (vendors); the exact range start is unverified.
		counters: { customer: 10000, vendor: 70000, voucherNumbers: {} },
		settings: { eInvoice: true },
		contactOrder: undefined,
	};
}

/** Emits a webhook event for a state change; delivery happens after the response. */
export function emit(
	tenant: LexofficeTenant,
	eventType: string,
	resourceId: string,
	eventDate?: number,
): void {
	tenant.env.webhooks.emit(tenant, eventType, resourceId, eventDate);
}
