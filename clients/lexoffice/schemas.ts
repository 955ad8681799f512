import { z } from 'zod';

/**
 * lexoffice object models (https://developers.lexware.io/docs/). Response schemas are lenient: unknown fields are kept
 * (`passthrough`), enums stay open because new values appear, and only ids and the
 * fields a consumer keys on are required. Request schemas enforce the documented required fields, so a
 * missing one is named before any request is sent, and let everything else through.
 */

const id = z.string().min(1);
/** Amounts are JSON numbers, but one documented sample sends `"1337.00"`: accept both, yield numbers. */
export const lexofficeNumber = z.preprocess(
	(v) => (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : v),
	z.number(),
);
const num = lexofficeNumber;
/** Request amounts: numbers, or numeric strings the API's JSON mapper coerces. */
const amountIn = z.union([z.number(), z.string()]);
const text = z.string();
/** Absent, null or a value: how optional fields come back. */
const opt = <T extends z.ZodTypeAny>(schema: T) => schema.nullable().optional();
/**
 * An optional request field. The API reads an explicit `null` as absent: the official samples send
 * `description: null`, `totalDiscountAbsolute: null`, `shippingEndDate: null`, and a record read with
 * GET carries nulls that a PUT sends straight back. The client sends the null as given.
 */
const maybe = opt;
/** Absent or null: nothing was given. */
const none = (v: unknown): v is null | undefined => v === undefined || v === null;

type Ctx = z.RefinementCtx;
const missing = (ctx: Ctx, path: Array<string | number>, message = 'Required') =>
	ctx.addIssue({ code: z.ZodIssueCode.custom, path, message });
const blank = (v: unknown) =>
	v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

/** `{id, resourceUri, createdDate, updatedDate, version}` of every create and update. */
export const actionResultSchema = z
	.object({
		id,
		resourceUri: opt(text),
		createdDate: opt(text),
		updatedDate: opt(text),
		version: opt(num),
	})
	.passthrough();

// ---- contacts (5.1)
const contactPersonSchema = z
	.object({
		salutation: maybe(z.string().max(25)),
		firstName: maybe(z.string()),
		lastName: z.string(),
		primary: maybe(z.boolean()),
		emailAddress: maybe(z.string()),
		phoneNumber: maybe(z.string()),
	})
	.passthrough();
const addressSchema = z
	.object({
		supplement: maybe(z.string()),
		street: maybe(z.string()),
		zip: maybe(z.string()),
		city: maybe(z.string()),
		countryCode: z.string(),
	})
	.passthrough();
const roleSchema = z.object({ number: maybe(z.number()) }).passthrough();

const contactBase = {
	roles: z.object({ customer: maybe(roleSchema), vendor: maybe(roleSchema) }).passthrough(),
	company: maybe(
		z
			.object({
				name: z.string(),
				taxNumber: maybe(z.string()),
				vatRegistrationId: maybe(z.string()),
				allowTaxFreeInvoices: maybe(z.boolean()),
				contactPersons: maybe(z.array(contactPersonSchema)),
			})
			.passthrough(),
	),
	person: maybe(
		z
			.object({
				salutation: maybe(z.string().max(25)),
				firstName: maybe(z.string()),
				lastName: z.string(),
			})
			.passthrough(),
	),
	addresses: maybe(
		z
			.object({ billing: maybe(z.array(addressSchema)), shipping: maybe(z.array(addressSchema)) })
			.passthrough(),
	),
	xRechnung: maybe(
		z
			.object({ buyerReference: maybe(z.string()), vendorNumberAtCustomer: maybe(z.string()) })
			.passthrough(),
	),
	emailAddresses: maybe(z.record(z.array(z.string()))),
	phoneNumbers: maybe(z.record(z.array(z.string()))),
	note: maybe(z.string().max(1000)),
};

/**
 * A contact as read. Same field types as the write schema, so GET → merge → PUT type-checks
 * (a PUT replaces the whole record); the lists are records of open keys because the app may add new ones.
 */
export const contactSchema = z
	.object({ id, organizationId: opt(id), version: num, archived: opt(z.boolean()), ...contactBase })
	.passthrough();

/** Exactly one of company/person, at least one role, one entry per list on writes. */
function checkContact(c: z.infer<z.ZodObject<typeof contactBase>>, ctx: Ctx): void {
	if (c.company && c.person)
		missing(ctx, ['person'], 'give either "company" or "person", not both');
	if (!c.company && !c.person)
		missing(ctx, ['company'], 'give "company" (with name) or "person" (with lastName)');
	if (!c.roles.customer && !c.roles.vendor)
		missing(ctx, ['roles'], 'needs "customer": {} and/or "vendor": {}');
	if (c.company && blank(c.company.name)) missing(ctx, ['company', 'name'], 'must not be empty');
	if ((c.company?.contactPersons?.length ?? 0) > 1)
		missing(ctx, ['company', 'contactPersons'], 'the API accepts at most one contact person');
	for (const list of ['billing', 'shipping'] as const) {
		if ((c.addresses?.[list]?.length ?? 0) > 1)
			missing(ctx, ['addresses', list], 'the API accepts at most one address per list');
	}
	for (const group of ['emailAddresses', 'phoneNumbers'] as const) {
		for (const [key, values] of Object.entries(c[group] ?? {})) {
			if (values.length > 1)
				missing(ctx, [group, key], 'the API accepts at most one entry per list');
		}
	}
}

/** PUT body: the full contact with the version last read (https://developers.lexware.io/docs/#optimistic-locking). */
export const contactWriteSchema = z
	.object({ version: z.number().int(), ...contactBase })
	.passthrough()
	.superRefine(checkContact);
export const contactUpdateSchema = contactWriteSchema;
/** POST body: as an update, with `version: 0`. */
export const contactCreateSchema = z
	.object({ version: z.number().int(), ...contactBase })
	.passthrough()
	.superRefine((c, ctx) => {
		if (c.version !== 0) missing(ctx, ['version'], 'must be 0 when creating a contact');
		checkContact(c, ctx);
	});

// ---- articles (5.2)
const articlePrice = z
	.object({
		leadingPrice: z.enum(['NET', 'GROSS']),
		netPrice: maybe(z.number()),
		grossPrice: maybe(z.number()),
		taxRate: z.number(),
	})
	.passthrough();
const articleBase = {
	title: z.string(),
	description: maybe(z.string()),
	type: z.enum(['PRODUCT', 'SERVICE']),
	articleNumber: maybe(z.string()),
	gtin: maybe(z.string()),
	note: maybe(z.string()),
	unitName: z.string(),
	price: articlePrice,
};
export const articleSchema = z
	.object({
		id,
		organizationId: opt(id),
		createdDate: opt(text),
		updatedDate: opt(text),
		archived: opt(z.boolean()),
		version: opt(num),
		title: opt(text),
		type: opt(text),
		unitName: opt(text),
		price: opt(
			z
				.object({
					leadingPrice: opt(text),
					netPrice: opt(num),
					grossPrice: opt(num),
					taxRate: opt(num),
				})
				.passthrough(),
		),
	})
	.passthrough();
/** The leading price decides which figure is required. */
function checkArticlePrice(a: { price: z.infer<typeof articlePrice> }, ctx: Ctx): void {
	if (a.price.leadingPrice === 'NET' && none(a.price.netPrice))
		missing(ctx, ['price', 'netPrice'], 'required when leadingPrice is NET');
	if (a.price.leadingPrice === 'GROSS' && none(a.price.grossPrice))
		missing(ctx, ['price', 'grossPrice'], 'required when leadingPrice is GROSS');
}
export const articleCreateSchema = z
	.object(articleBase)
	.passthrough()
	.superRefine(checkArticlePrice);
export const articleUpdateSchema = z
	.object({ ...articleBase, version: z.number().int() })
	.passthrough()
	.superRefine(checkArticlePrice);

// ---- sales vouchers (5.3 – 5.11)
const unitPriceSchema = z
	.object({
		currency: z.string(),
		netAmount: maybe(amountIn),
		grossAmount: maybe(amountIn),
		taxRatePercentage: amountIn,
	})
	.passthrough();
/** Line item as sent; the per-type rules live in checkLineItems. */
export const lineItemSchema = z
	.object({
		id: opt(id),
		type: z.string(),
		name: z.string().max(255),
		description: maybe(z.string().max(2000)),
		quantity: maybe(amountIn),
		unitName: maybe(z.string()),
		unitPrice: maybe(unitPriceSchema),
		discountPercentage: maybe(amountIn),
		lineItemAmount: maybe(amountIn),
	})
	.passthrough();
const voucherAddressSchema = z
	.object({
		contactId: opt(id),
		name: maybe(z.string()),
		supplement: maybe(z.string()),
		street: maybe(z.string()),
		city: maybe(z.string()),
		zip: maybe(z.string()),
		countryCode: maybe(z.string()),
	})
	.passthrough();
export const totalPriceSchema = z
	.object({
		currency: z.string(),
		totalNetAmount: maybe(amountIn),
		totalGrossAmount: maybe(amountIn),
		totalTaxAmount: maybe(amountIn),
		totalDiscountAbsolute: maybe(amountIn),
		totalDiscountPercentage: maybe(amountIn),
	})
	.passthrough();
export const taxConditionsSchema = z
	.object({ taxType: z.string(), taxSubType: opt(z.string()), taxTypeNote: opt(z.string()) })
	.passthrough();
export const shippingConditionsSchema = z
	.object({
		shippingType: z.string(),
		shippingDate: maybe(z.string()),
		shippingEndDate: maybe(z.string()),
	})
	.passthrough();
const paymentDiscountConditionsSchema = z
	.object({ discountPercentage: maybe(amountIn), discountRange: maybe(amountIn) })
	.passthrough();
export const paymentConditionsSchema = z
	.object({
		paymentTermLabel: maybe(z.string()),
		paymentTermLabelTemplate: maybe(z.string()),
		paymentTermDuration: maybe(amountIn),
		paymentDiscountConditions: opt(paymentDiscountConditionsSchema),
	})
	.passthrough();

// Response parts: every field optional or nullable, numbers normalised.
const lineItemOut = z
	.object({
		id: opt(id),
		type: opt(text),
		name: opt(text),
		quantity: opt(num),
		unitName: opt(text),
		unitPrice: opt(
			z
				.object({
					currency: opt(text),
					netAmount: opt(num),
					grossAmount: opt(num),
					taxRatePercentage: opt(num),
				})
				.passthrough(),
		),
		discountPercentage: opt(num),
		lineItemAmount: opt(num),
		subItems: opt(z.array(z.object({}).passthrough())),
	})
	.passthrough();
const totalPriceOut = z
	.object({
		currency: opt(text),
		totalNetAmount: opt(num),
		totalGrossAmount: opt(num),
		totalTaxAmount: opt(num),
		totalDiscountAbsolute: opt(num),
		totalDiscountPercentage: opt(num),
	})
	.passthrough();
const paymentConditionsOut = z
	.object({
		paymentTermLabel: opt(text),
		paymentTermLabelTemplate: opt(text),
		paymentTermDuration: opt(num),
		paymentDiscountConditions: opt(
			z.object({ discountPercentage: opt(num), discountRange: opt(num) }).passthrough(),
		),
	})
	.passthrough();

type Maybe<T> = T | null | undefined;

/** A line item as read. */
export interface SalesLineItem {
	id?: Maybe<string>;
	type?: Maybe<string>;
	name?: Maybe<string>;
	description?: Maybe<string>;
	quantity?: Maybe<number>;
	unitName?: Maybe<string>;
	unitPrice?: Maybe<{
		currency?: Maybe<string>;
		netAmount?: Maybe<number>;
		grossAmount?: Maybe<number>;
		taxRatePercentage?: Maybe<number>;
		[key: string]: unknown;
	}>;
	discountPercentage?: Maybe<number>;
	lineItemAmount?: Maybe<number>;
	subItems?: Maybe<Array<Record<string, unknown>>>;
	[key: string]: unknown;
}

/** What every sales voucher type answers on GET; unknown fields are kept. */
export interface SalesVoucher {
	id: string;
	organizationId?: Maybe<string>;
	createdDate?: Maybe<string>;
	updatedDate?: Maybe<string>;
	version?: Maybe<number>;
	language?: Maybe<string>;
	archived?: Maybe<boolean>;
	voucherStatus?: Maybe<string>;
	voucherNumber?: Maybe<string>;
	voucherDate?: Maybe<string>;
	address?: Maybe<{
		contactId?: Maybe<string>;
		name?: Maybe<string>;
		countryCode?: Maybe<string>;
		[key: string]: unknown;
	}>;
	electronicDocumentProfile?: Maybe<string>;
	lineItems?: Maybe<SalesLineItem[]>;
	totalPrice?: Maybe<{
		currency?: Maybe<string>;
		totalNetAmount?: Maybe<number>;
		totalGrossAmount?: Maybe<number>;
		totalTaxAmount?: Maybe<number>;
		totalDiscountAbsolute?: Maybe<number>;
		totalDiscountPercentage?: Maybe<number>;
		[key: string]: unknown;
	}>;
	taxAmounts?: Maybe<
		Array<{
			taxRatePercentage?: Maybe<number>;
			taxAmount?: Maybe<number>;
			netAmount?: Maybe<number>;
			[key: string]: unknown;
		}>
	>;
	taxConditions?: Maybe<{
		taxType?: Maybe<string>;
		taxSubType?: Maybe<string>;
		taxTypeNote?: Maybe<string>;
		[key: string]: unknown;
	}>;
	paymentConditions?: Maybe<{
		paymentTermLabel?: Maybe<string>;
		paymentTermLabelTemplate?: Maybe<string>;
		paymentTermDuration?: Maybe<number>;
		[key: string]: unknown;
	}>;
	shippingConditions?: Maybe<{
		shippingType?: Maybe<string>;
		shippingDate?: Maybe<string>;
		shippingEndDate?: Maybe<string>;
		[key: string]: unknown;
	}>;
	relatedVouchers?: Maybe<
		Array<{
			id: string;
			voucherNumber?: Maybe<string>;
			voucherType?: Maybe<string>;
			[key: string]: unknown;
		}>
	>;
	printLayoutId?: Maybe<string>;
	title?: Maybe<string>;
	introduction?: Maybe<string>;
	remark?: Maybe<string>;
	files?: Maybe<{ documentFileId?: Maybe<string>; [key: string]: unknown }>;
	[key: string]: unknown;
}
export interface Invoice extends SalesVoucher {
	dueDate?: Maybe<string>;
	xRechnung?: Maybe<{ buyerReference?: Maybe<string>; [key: string]: unknown }>;
	closingInvoice?: Maybe<boolean>;
	claimedGrossAmount?: Maybe<number>;
	downPaymentDeductions?: Maybe<Array<Record<string, unknown>>>;
	recurringTemplateId?: Maybe<string>;
}
export interface Quotation extends SalesVoucher {
	expirationDate?: Maybe<string>;
}
export interface OrderConfirmation extends SalesVoucher {
	deliveryTerms?: Maybe<string>;
}
export type DeliveryNote = OrderConfirmation;
export interface DownPaymentInvoice extends SalesVoucher {
	dueDate?: Maybe<string>;
	closingInvoiceId?: Maybe<string>;
}
export interface RecurringTemplate extends SalesVoucher {
	recurringTemplateSettings?: Maybe<{
		executionInterval?: Maybe<string>;
		executionStatus?: Maybe<string>;
		nextExecutionDate?: Maybe<string>;
		finalize?: Maybe<boolean>;
		[key: string]: unknown;
	}>;
}
/** Response schemas typed by their interfaces: readable results, and a catalog type the compiler can name. */
type Reads<T> = z.ZodType<T, z.ZodTypeDef, unknown>;

const salesVoucherObject = z
	.object({
		id,
		organizationId: opt(id),
		createdDate: opt(text),
		updatedDate: opt(text),
		version: opt(num),
		language: opt(text),
		archived: opt(z.boolean()),
		voucherStatus: opt(text),
		voucherNumber: opt(text),
		voucherDate: opt(text),
		address: opt(voucherAddressSchema.extend({ name: opt(text), countryCode: opt(text) })),
		electronicDocumentProfile: opt(text),
		lineItems: opt(z.array(lineItemOut)),
		totalPrice: opt(totalPriceOut),
		taxAmounts: opt(
			z.array(
				z
					.object({ taxRatePercentage: opt(num), taxAmount: opt(num), netAmount: opt(num) })
					.passthrough(),
			),
		),
		taxConditions: opt(
			z.object({ taxType: opt(text), taxSubType: opt(text), taxTypeNote: opt(text) }).passthrough(),
		),
		paymentConditions: opt(paymentConditionsOut),
		shippingConditions: opt(
			z
				.object({ shippingType: opt(text), shippingDate: opt(text), shippingEndDate: opt(text) })
				.passthrough(),
		),
		relatedVouchers: opt(
			z.array(z.object({ id, voucherNumber: opt(text), voucherType: opt(text) }).passthrough()),
		),
		printLayoutId: opt(id),
		title: opt(text),
		introduction: opt(text),
		remark: opt(text),
		files: opt(z.object({ documentFileId: opt(id) }).passthrough()),
	})
	.passthrough();
export const salesVoucherSchema: Reads<SalesVoucher> = salesVoucherObject;
/** 5.4: due date, XRechnung, closing invoice parts, template origin. */
export const invoiceSchema: Reads<Invoice> = salesVoucherObject
	.extend({
		dueDate: opt(text),
		xRechnung: opt(z.object({ buyerReference: opt(text) }).passthrough()),
		closingInvoice: opt(z.boolean()),
		claimedGrossAmount: opt(num),
		downPaymentDeductions: opt(
			z.array(
				z
					.object({
						id: opt(id),
						receivedGrossAmount: opt(num),
						receivedNetAmount: opt(num),
						receivedTaxAmount: opt(num),
					})
					.passthrough(),
			),
		),
		recurringTemplateId: opt(id),
	})
	.passthrough();
export const creditNoteSchema: Reads<SalesVoucher> = salesVoucherObject;
export const quotationSchema: Reads<Quotation> = salesVoucherObject
	.extend({ expirationDate: opt(text) })
	.passthrough();
export const orderConfirmationSchema: Reads<OrderConfirmation> = salesVoucherObject
	.extend({ deliveryTerms: opt(text) })
	.passthrough();
export const deliveryNoteSchema: Reads<DeliveryNote> = salesVoucherObject
	.extend({ deliveryTerms: opt(text) })
	.passthrough();
export const dunningSchema: Reads<SalesVoucher> = salesVoucherObject;
export const downPaymentInvoiceSchema: Reads<DownPaymentInvoice> = salesVoucherObject
	.extend({ dueDate: opt(text), closingInvoiceId: opt(id) })
	.passthrough();

type SalesKind =
	| 'invoice'
	| 'creditNote'
	| 'quotation'
	| 'orderConfirmation'
	| 'deliveryNote'
	| 'dunning';
type LineItemIn = z.infer<typeof lineItemSchema>;

/**
 * Required fields that depend on other fields: non-text items need quantity, unit and
 * unit price (optional on delivery notes), article items their id; the address needs a contact or
 * name + country; shipping needs a date unless `none`, and an end date for periods.
 */
function checkSalesVoucher(kind: SalesKind) {
	return (
		v: {
			address: z.infer<typeof voucherAddressSchema>;
			lineItems: LineItemIn[];
			shippingConditions?: z.infer<typeof shippingConditionsSchema> | null | undefined;
		},
		ctx: Ctx,
	): void => {
		if (blank(v.address.contactId)) {
			if (blank(v.address.name))
				missing(ctx, ['address', 'name'], 'required unless address.contactId references a contact');
			if (blank(v.address.countryCode))
				missing(
					ctx,
					['address', 'countryCode'],
					'required unless address.contactId references a contact',
				);
		}
		v.lineItems.forEach((item, i) => {
			if (item.type === 'text') return;
			if (none(item.quantity)) missing(ctx, ['lineItems', i, 'quantity']);
			if (blank(item.unitName)) missing(ctx, ['lineItems', i, 'unitName']);
			if (kind !== 'deliveryNote' && !item.unitPrice) missing(ctx, ['lineItems', i, 'unitPrice']);
			if (item.unitPrice && none(item.unitPrice.netAmount) && none(item.unitPrice.grossAmount)) {
				missing(
					ctx,
					['lineItems', i, 'unitPrice', 'netAmount'],
					'give netAmount (or grossAmount when taxType is gross)',
				);
			}
			if ((item.type === 'material' || item.type === 'service') && blank(item.id))
				missing(
					ctx,
					['lineItems', i, 'id'],
					'the article id is required for material and service items',
				);
		});
		const s = v.shippingConditions;
		if (s && s.shippingType !== 'none' && blank(s.shippingDate))
			missing(ctx, ['shippingConditions', 'shippingDate'], 'required unless shippingType is none');
		if (s && /period$/.test(s.shippingType) && blank(s.shippingEndDate))
			missing(ctx, ['shippingConditions', 'shippingEndDate'], 'required for period shipping types');
	};
}

const salesVoucherWriteBase = {
	voucherDate: z.string(),
	address: voucherAddressSchema,
	lineItems: z.array(lineItemSchema).min(1).max(300),
	taxConditions: taxConditionsSchema,
	language: maybe(z.string()),
	title: maybe(z.string().max(25)),
	introduction: maybe(z.string().max(2000)),
	remark: maybe(z.string().max(2000)),
	printLayoutId: maybe(id),
};
/** Invoice create: voucherDate, address, lineItems, totalPrice.currency, taxConditions, shippingConditions (5.4). */
export const invoiceCreateSchema = z
	.object({
		...salesVoucherWriteBase,
		totalPrice: totalPriceSchema,
		shippingConditions: shippingConditionsSchema,
		paymentConditions: maybe(paymentConditionsSchema),
		xRechnung: maybe(z.object({ buyerReference: z.string() }).passthrough()),
	})
	.passthrough()
	.superRefine(checkSalesVoucher('invoice'));
/** 5.5: totals required, no shipping or payment conditions. */
export const creditNoteCreateSchema = z
	.object({ ...salesVoucherWriteBase, totalPrice: totalPriceSchema })
	.passthrough()
	.superRefine(checkSalesVoucher('creditNote'));
/** 5.6: expirationDate required. */
export const quotationCreateSchema = z
	.object({
		...salesVoucherWriteBase,
		totalPrice: totalPriceSchema,
		expirationDate: z.string(),
		paymentConditions: maybe(paymentConditionsSchema),
	})
	.passthrough()
	.superRefine(checkSalesVoucher('quotation'));
/** 5.7: as an invoice, plus delivery terms. */
export const orderConfirmationCreateSchema = z
	.object({
		...salesVoucherWriteBase,
		totalPrice: totalPriceSchema,
		shippingConditions: shippingConditionsSchema,
		paymentConditions: maybe(paymentConditionsSchema),
		deliveryTerms: maybe(z.string().max(255)),
	})
	.passthrough()
	.superRefine(checkSalesVoucher('orderConfirmation'));
// The docs list shippingConditions as required for delivery notes and dunnings, yet their own examples
// omit it (and send `unitPrice: null` on delivery notes); the examples are what the API accepts.
export const deliveryNoteCreateSchema = z
	.object({
		...salesVoucherWriteBase,
		lineItems: z.array(lineItemSchema).min(1).max(300),
		shippingConditions: maybe(shippingConditionsSchema),
		deliveryTerms: maybe(z.string().max(255)),
	})
	.passthrough()
	.superRefine(checkSalesVoucher('deliveryNote'));
export const dunningCreateSchema = z
	.object({
		...salesVoucherWriteBase,
		totalPrice: totalPriceSchema,
		shippingConditions: maybe(shippingConditionsSchema),
	})
	.passthrough()
	.superRefine(checkSalesVoucher('dunning'));

/** Deprecated render result of `GET /{type}/{id}/document`. */
export const documentFileSchema = z.object({ documentFileId: id }).passthrough();

/** 5.11: invoice-like, always with settings; list items are abbreviated (4.12). */
export const recurringTemplateSchema: Reads<RecurringTemplate> = salesVoucherObject
	.extend({
		recurringTemplateSettings: opt(
			z
				.object({
					id: opt(id),
					startDate: opt(text),
					endDate: opt(text),
					finalize: opt(z.boolean()),
					shippingType: opt(text),
					executionInterval: opt(text),
					nextExecutionDate: opt(text),
					lastExecutionFailed: opt(z.boolean()),
					lastExecutionErrorMessage: opt(text),
					executionStatus: opt(text),
				})
				.passthrough(),
		),
	})
	.passthrough();

// ---- voucherlist (5.12)
export const voucherlistRowSchema = z
	.object({
		id,
		voucherType: text,
		voucherStatus: text,
		voucherNumber: opt(text),
		voucherDate: opt(text),
		createdDate: opt(text),
		updatedDate: opt(text),
		dueDate: opt(text),
		contactId: opt(id),
		contactName: opt(text),
		totalAmount: opt(num),
		openAmount: opt(num),
		currency: opt(text),
		archived: opt(z.boolean()),
	})
	.passthrough();

// ---- bookkeeping vouchers (5.13)
export const voucherItemSchema = z
	.object({ amount: z.number(), taxAmount: z.number(), taxRatePercent: z.number(), categoryId: id })
	.passthrough();
export const voucherSchema = z
	.object({
		id,
		organizationId: opt(id),
		createdDate: opt(text),
		updatedDate: opt(text),
		type: opt(text),
		voucherStatus: opt(text),
		voucherNumber: opt(text),
		voucherDate: opt(text),
		shippingDate: opt(text),
		dueDate: opt(text),
		totalGrossAmount: opt(num),
		totalTaxAmount: opt(num),
		taxType: opt(text),
		useCollectiveContact: opt(z.boolean()),
		contactId: opt(id),
		contactName: opt(text),
		remark: opt(text),
		voucherItems: opt(
			z.array(
				z
					.object({
						amount: opt(num),
						taxAmount: opt(num),
						taxRatePercent: opt(num),
						categoryId: opt(id),
					})
					.passthrough(),
			),
		),
		files: opt(z.array(id)),
		version: opt(num),
	})
	.passthrough();
const voucherWriteBase = {
	type: z.enum(['salesinvoice', 'salescreditnote', 'purchaseinvoice', 'purchasecreditnote']),
	voucherStatus: opt(z.enum(['open', 'unchecked'])),
	voucherNumber: maybe(z.string()),
	voucherDate: maybe(z.string()),
	shippingDate: maybe(z.string()),
	dueDate: maybe(z.string()),
	totalGrossAmount: maybe(z.number()),
	totalTaxAmount: maybe(z.number()),
	taxType: z.enum(['net', 'gross']),
	useCollectiveContact: maybe(z.boolean()),
	contactId: opt(id),
	contactName: maybe(z.string()),
	remark: maybe(z.string()),
	voucherItems: maybe(z.array(voucherItemSchema)),
	files: maybe(z.array(id)),
};
/** Number, date, totals and items are required unless the voucher is `unchecked`; a contact unless collective. */
function checkVoucher(v: z.infer<z.ZodObject<typeof voucherWriteBase>>, ctx: Ctx): void {
	if (v.voucherStatus === 'unchecked') {
		if (v.taxType === 'net') missing(ctx, ['taxType'], 'unchecked vouchers cannot use taxType net');
	} else {
		if (blank(v.voucherNumber))
			missing(ctx, ['voucherNumber'], 'required unless voucherStatus is unchecked');
		if (blank(v.voucherDate))
			missing(ctx, ['voucherDate'], 'required unless voucherStatus is unchecked');
		if (none(v.totalGrossAmount))
			missing(ctx, ['totalGrossAmount'], 'required unless voucherStatus is unchecked');
		if (none(v.totalTaxAmount))
			missing(ctx, ['totalTaxAmount'], 'required unless voucherStatus is unchecked');
		if (!v.voucherItems?.length)
			missing(
				ctx,
				['voucherItems'],
				'at least one item is required unless voucherStatus is unchecked',
			);
		if (!v.useCollectiveContact && blank(v.contactId))
			missing(ctx, ['contactId'], 'required unless useCollectiveContact is true');
	}
}
export const voucherCreateSchema = z
	.object({ ...voucherWriteBase, version: maybe(z.number().int()) })
	.passthrough()
	.superRefine(checkVoucher);
export const voucherUpdateSchema = z
	.object({ ...voucherWriteBase, version: z.number().int() })
	.passthrough()
	.superRefine(checkVoucher);

// ---- files, payments, master data (4.15 – 4.20, 5.14, 5.15)
/** `/v1/files` answers `{id, voucherId}`, `/v1/vouchers/{id}/files` only `{id}`. */
export const fileUploadResultSchema = z.object({ id, voucherId: opt(id) }).passthrough();
/** The form field next to the `file` part of `/v1/files`. */
export const fileUploadFormSchema = z.object({ type: z.literal('voucher') }).passthrough();

export const paymentSchema = z
	.object({
		openAmount: opt(num),
		currency: opt(text),
		paymentStatus: opt(text),
		voucherType: opt(text),
		voucherStatus: opt(text),
		paidDate: opt(text),
		paymentItems: opt(
			z.array(
				z
					.object({
						paymentItemType: opt(text),
						postingDate: opt(text),
						amount: opt(num),
						currency: opt(text),
					})
					.passthrough(),
			),
		),
	})
	.passthrough();
export const paymentConditionSchema = z
	.object({
		id,
		organizationDefault: opt(z.boolean()),
		paymentTermLabelTemplate: opt(text),
		paymentTermDuration: opt(num),
		paymentDiscountConditions: opt(
			z.object({ discountPercentage: opt(num), discountRange: opt(num) }).passthrough(),
		),
	})
	.passthrough();
export const postingCategorySchema = z
	.object({
		id,
		name: text,
		type: text,
		contactRequired: opt(z.boolean()),
		splitAllowed: opt(z.boolean()),
		groupName: opt(text),
	})
	.passthrough();
export const printLayoutSchema = z
	.object({ id, name: text, default: opt(z.boolean()) })
	.passthrough();
export const countrySchema = z
	.object({
		countryCode: text,
		countryNameEN: opt(text),
		countryNameDE: opt(text),
		taxClassification: opt(text),
	})
	.passthrough();
export const profileSchema = z
	.object({
		organizationId: id,
		companyName: opt(text),
		created: opt(
			z
				.object({ userId: opt(id), userName: opt(text), userEmail: opt(text), date: opt(text) })
				.passthrough(),
		),
		connectionId: opt(id),
		taxType: opt(text),
		distanceSalesPrinciple: opt(text),
		businessFeatures: opt(z.array(text)),
		smallBusiness: opt(z.boolean()),
	})
	.passthrough();

// ---- event subscriptions and webhooks
export const eventSubscriptionSchema = z
	.object({
		subscriptionId: id,
		organizationId: opt(id),
		createdDate: opt(text),
		eventType: text,
		callbackUrl: text,
	})
	.passthrough();
export const eventSubscriptionCreateSchema = z
	.object({ eventType: z.string().min(1), callbackUrl: z.string().url() })
	.passthrough();
/** The callback body: no resource data, fetch the resource. */
export const webhookEventSchema = z
	.object({ organizationId: id, eventType: text, resourceId: id, eventDate: text })
	.passthrough();

// ---- error bodies (3.9), for tests and callers that inspect `ApiError.body`
export const legacyErrorSchema = z
	.object({
		IssueList: z.array(
			z.object({ i18nKey: opt(text), source: opt(text), type: opt(text) }).passthrough(),
		),
	})
	.passthrough();
export const regularErrorSchema = z
	.object({
		status: opt(num),
		error: opt(text),
		message: opt(text),
		path: opt(text),
		traceId: opt(text),
		requestId: opt(text),
		timestamp: opt(text),
		details: opt(
			z.array(
				z.object({ violation: opt(text), field: opt(text), message: opt(text) }).passthrough(),
			),
		),
	})
	.passthrough();

// ---- query parameters
const bool = z.boolean();
export const contactQuery = z.object({
	email: z
		.string()
		.optional()
		.describe('E-mail filter: at least 3 characters, % and _ as wildcards'),
	name: z.string().optional().describe('Name filter: at least 3 characters, % and _ as wildcards'),
	number: z.number().optional().describe('Customer or vendor number'),
	customer: bool.optional().describe('Whether to return only contacts with the customer role'),
	vendor: bool.optional().describe('Whether to return only contacts with the vendor role'),
});
export const articleQuery = z.object({
	articleNumber: z.string().optional(),
	gtin: z.string().optional(),
	type: z.enum(['PRODUCT', 'SERVICE']).optional(),
});
export const finalizeQuery = z.object({
	finalize: bool
		.optional()
		.describe(
			'Whether to finalize the document (status open, number locked) instead of creating a draft',
		),
});
export const pursueQuery = finalizeQuery.extend({
	precedingSalesVoucherId: z
		.string()
		.optional()
		.describe('ID of the document this one follows up (pursue)'),
});
export const dunningQuery = z.object({
	precedingSalesVoucherId: z
		.string()
		.describe('ID of the invoice or down payment invoice being dunned'),
});
export const recurringTemplateQuery = z.object({
	sort: z
		.enum([
			'createdDate,ASC',
			'createdDate,DESC',
			'updatedDate,ASC',
			'updatedDate,DESC',
			'lastExecutionDate,ASC',
			'lastExecutionDate,DESC',
			'nextExecutionDate,ASC',
			'nextExecutionDate,DESC',
		])
		.optional(),
});
export const voucherlistQuery = z.object({
	voucherType: z.string().describe('Comma-separated voucher types, or "any"'),
	voucherStatus: z.string().describe('Comma-separated statuses, or "any"'),
	archived: bool.optional(),
	contactId: z.string().optional(),
	voucherDateFrom: z.string().optional().describe('yyyy-MM-dd'),
	voucherDateTo: z.string().optional().describe('yyyy-MM-dd'),
	createdDateFrom: z.string().optional().describe('yyyy-MM-dd'),
	createdDateTo: z.string().optional().describe('yyyy-MM-dd'),
	updatedDateFrom: z.string().optional().describe('yyyy-MM-dd'),
	updatedDateTo: z.string().optional().describe('yyyy-MM-dd'),
	voucherNumber: z.string().optional(),
	sort: z.string().optional(),
});
export const voucherNumberQuery = z.object({ voucherNumber: z.string() });
