import { z } from 'zod';

/**
 * lexoffice object models (reference §5). Response schemas are lenient (unknown fields kept with
 * `passthrough`, enums open because new values appear, reference 7.18); request schemas enforce the
 * documented required fields so a missing one is named before any request is sent.
 */

const uuid = z.string().min(1);
/** Amounts are numbers, one documented sample sends a string (reference 3.5). */
const amount = z.union([z.number(), z.string()]);
const openString = z.string();

export const actionResultSchema = z
	.object({ id: uuid, resourceUri: z.string().optional(), createdDate: z.string().optional(), updatedDate: z.string().optional(), version: z.number().optional() })
	.passthrough();

// ---- contacts (5.1)
const contactPersonSchema = z
	.object({ salutation: z.string().max(25).optional(), firstName: z.string().optional(), lastName: z.string(), primary: z.boolean().optional(), emailAddress: z.string().optional(), phoneNumber: z.string().optional() })
	.passthrough();
const addressSchema = z
	.object({ supplement: z.string().optional(), street: z.string().optional(), zip: z.string().optional(), city: z.string().optional(), countryCode: z.string() })
	.passthrough();
const roleSchema = z.object({ number: z.number().optional() }).passthrough();

const contactBase = {
	roles: z.object({ customer: roleSchema.optional(), vendor: roleSchema.optional() }).passthrough(),
	company: z
		.object({
			name: z.string(),
			taxNumber: z.string().optional(),
			vatRegistrationId: z.string().optional(),
			allowTaxFreeInvoices: z.boolean().optional(),
			contactPersons: z.array(contactPersonSchema).optional(),
		})
		.passthrough()
		.optional(),
	person: z.object({ salutation: z.string().max(25).optional(), firstName: z.string().optional(), lastName: z.string() }).passthrough().optional(),
	addresses: z.object({ billing: z.array(addressSchema).optional(), shipping: z.array(addressSchema).optional() }).passthrough().optional(),
	xRechnung: z.object({ buyerReference: z.string().optional(), vendorNumberAtCustomer: z.string().optional() }).passthrough().optional(),
	emailAddresses: z.record(z.array(z.string())).optional(),
	phoneNumbers: z.record(z.array(z.string())).optional(),
	note: z.string().max(1000).optional(),
};

export const contactSchema = z
	.object({ id: uuid, organizationId: uuid.optional(), version: z.number(), archived: z.boolean().optional(), ...contactBase })
	.passthrough();

/** Exactly one of company/person and at least one role (reference 5.1); version 0 on create (3.4). */
export const contactWriteSchema = z
	.object({ version: z.number().int(), ...contactBase })
	.passthrough()
	.superRefine((c, ctx) => {
		if (!c.company === !c.person) ctx.addIssue({ code: 'custom', path: ['company'], message: 'give exactly one of "company" or "person"' });
		if (!c.roles.customer && !c.roles.vendor) ctx.addIssue({ code: 'custom', path: ['roles'], message: 'needs "customer" and/or "vendor"' });
	});

// ---- articles (5.2)
const articlePrice = z
	.object({ leadingPrice: z.enum(['NET', 'GROSS']), netPrice: z.number().optional(), grossPrice: z.number().optional(), taxRate: z.number() })
	.passthrough();
const articleBase = {
	title: z.string(),
	description: z.string().optional(),
	type: z.enum(['PRODUCT', 'SERVICE']),
	articleNumber: z.string().optional(),
	gtin: z.string().optional(),
	note: z.string().optional(),
	unitName: z.string(),
	price: articlePrice,
};
export const articleSchema = z
	.object({ id: uuid, organizationId: uuid.optional(), createdDate: z.string().optional(), updatedDate: z.string().optional(), archived: z.boolean().optional(), version: z.number().optional(), ...articleBase, type: openString, price: articlePrice.partial().passthrough() })
	.passthrough();
export const articleCreateSchema = z.object(articleBase).passthrough();
export const articleUpdateSchema = z.object({ ...articleBase, version: z.number().int() }).passthrough();

// ---- sales vouchers (5.3 – 5.11)
const unitPriceSchema = z
	.object({ currency: z.string(), netAmount: amount.optional(), grossAmount: amount.optional(), taxRatePercentage: z.number() })
	.passthrough();
export const lineItemSchema = z
	.object({
		id: uuid.optional(),
		type: z.string(),
		name: z.string().max(255),
		description: z.string().optional(),
		quantity: amount.optional(),
		unitName: z.string().optional(),
		unitPrice: unitPriceSchema.optional(),
		discountPercentage: amount.optional(),
		lineItemAmount: amount.optional(),
	})
	.passthrough();
const voucherAddressSchema = z
	.object({ contactId: uuid.optional(), name: z.string().optional(), supplement: z.string().optional(), street: z.string().optional(), city: z.string().optional(), zip: z.string().optional(), countryCode: z.string().optional() })
	.passthrough();
const totalPriceSchema = z
	.object({ currency: z.string(), totalNetAmount: amount.optional(), totalGrossAmount: amount.optional(), totalTaxAmount: amount.optional(), totalDiscountAbsolute: amount.optional(), totalDiscountPercentage: amount.optional() })
	.passthrough();
const taxConditionsSchema = z.object({ taxType: z.string(), taxSubType: z.string().nullable().optional(), taxTypeNote: z.string().optional() }).passthrough();
const shippingConditionsSchema = z
	.object({ shippingType: z.string(), shippingDate: z.string().optional(), shippingEndDate: z.string().optional() })
	.passthrough();
const paymentConditionsSchema = z
	.object({ paymentTermLabel: z.string().optional(), paymentTermLabelTemplate: z.string().optional(), paymentTermDuration: z.number().optional() })
	.passthrough();

export const salesVoucherSchema = z
	.object({
		id: uuid,
		organizationId: uuid.optional(),
		createdDate: z.string().optional(),
		updatedDate: z.string().optional(),
		version: z.number().optional(),
		language: z.string().optional(),
		archived: z.boolean().optional(),
		voucherStatus: openString.optional(),
		voucherNumber: z.string().optional(),
		voucherDate: z.string().optional(),
		address: voucherAddressSchema.optional(),
		lineItems: z.array(lineItemSchema).optional(),
		totalPrice: totalPriceSchema.partial().passthrough().optional(),
		taxAmounts: z.array(z.object({ taxRatePercentage: z.number().optional() }).passthrough()).optional(),
		taxConditions: taxConditionsSchema.partial().passthrough().optional(),
		paymentConditions: paymentConditionsSchema.optional(),
		shippingConditions: shippingConditionsSchema.partial().passthrough().optional(),
		relatedVouchers: z.array(z.object({ id: uuid, voucherNumber: z.string().nullable().optional(), voucherType: z.string().optional() }).passthrough()).optional(),
		files: z.object({ documentFileId: uuid.optional() }).passthrough().optional(),
	})
	.passthrough();

const salesVoucherWriteBase = {
	voucherDate: z.string(),
	address: voucherAddressSchema,
	lineItems: z.array(lineItemSchema).min(1).max(300),
	taxConditions: taxConditionsSchema,
	language: z.string().optional(),
	title: z.string().max(25).optional(),
	introduction: z.string().max(2000).optional(),
	remark: z.string().max(2000).optional(),
	printLayoutId: uuid.optional(),
};
/** Invoice create: voucherDate, address, lineItems, totalPrice.currency, taxConditions, shippingConditions (5.4). */
export const invoiceCreateSchema = z
	.object({ ...salesVoucherWriteBase, totalPrice: totalPriceSchema, shippingConditions: shippingConditionsSchema, paymentConditions: paymentConditionsSchema.optional(), xRechnung: z.object({ buyerReference: z.string() }).passthrough().optional() })
	.passthrough();
export const creditNoteCreateSchema = z.object({ ...salesVoucherWriteBase, totalPrice: totalPriceSchema }).passthrough();
export const quotationCreateSchema = z
	.object({ ...salesVoucherWriteBase, totalPrice: totalPriceSchema, expirationDate: z.string(), paymentConditions: paymentConditionsSchema.optional() })
	.passthrough();
export const orderConfirmationCreateSchema = z
	.object({ ...salesVoucherWriteBase, totalPrice: totalPriceSchema, shippingConditions: shippingConditionsSchema, paymentConditions: paymentConditionsSchema.optional(), deliveryTerms: z.string().max(255).optional() })
	.passthrough();
// The docs list shippingConditions as required for delivery notes and dunnings, yet their own examples
// omit it (and send `unitPrice: null` on delivery notes); the examples are what the API accepts.
export const deliveryNoteCreateSchema = z
	.object({
		...salesVoucherWriteBase,
		lineItems: z.array(lineItemSchema.extend({ unitPrice: unitPriceSchema.nullable().optional() })).min(1).max(300),
		shippingConditions: shippingConditionsSchema.optional(),
		deliveryTerms: z.string().max(255).optional(),
	})
	.passthrough();
export const dunningCreateSchema = z
	.object({ ...salesVoucherWriteBase, totalPrice: totalPriceSchema, shippingConditions: shippingConditionsSchema.optional() })
	.passthrough();

export const documentFileSchema = z.object({ documentFileId: uuid }).passthrough();

export const recurringTemplateSchema = z
	.object({ id: uuid, recurringTemplateSettings: z.object({ executionInterval: z.string().optional(), executionStatus: z.string().optional() }).passthrough().optional() })
	.passthrough();

// ---- voucherlist (5.12)
export const voucherlistRowSchema = z
	.object({
		id: uuid,
		voucherType: openString,
		voucherStatus: openString,
		voucherNumber: z.string().nullable().optional(),
		voucherDate: z.string().nullable().optional(),
		createdDate: z.string().optional(),
		updatedDate: z.string().optional(),
		dueDate: z.string().nullable().optional(),
		contactId: uuid.nullable().optional(),
		contactName: z.string().nullable().optional(),
		totalAmount: amount.nullable().optional(),
		openAmount: amount.nullable().optional(),
		currency: z.string().nullable().optional(),
		archived: z.boolean().optional(),
	})
	.passthrough();

// ---- bookkeeping vouchers (5.13)
export const voucherItemSchema = z
	.object({ amount: z.number(), taxAmount: z.number(), taxRatePercent: z.number(), categoryId: uuid })
	.passthrough();
export const voucherSchema = z
	.object({
		id: uuid,
		organizationId: uuid.optional(),
		type: openString.optional(),
		voucherStatus: openString.optional(),
		voucherNumber: z.string().nullable().optional(),
		voucherDate: z.string().nullable().optional(),
		totalGrossAmount: amount.nullable().optional(),
		totalTaxAmount: amount.nullable().optional(),
		taxType: z.string().nullable().optional(),
		voucherItems: z.array(z.object({}).passthrough()).optional(),
		files: z.array(z.string()).optional(),
		version: z.number().optional(),
	})
	.passthrough();
const voucherWriteBase = {
	type: z.enum(['salesinvoice', 'salescreditnote', 'purchaseinvoice', 'purchasecreditnote']),
	voucherStatus: z.enum(['open', 'unchecked']).optional(),
	voucherNumber: z.string().optional(),
	voucherDate: z.string().optional(),
	shippingDate: z.string().optional(),
	dueDate: z.string().optional(),
	totalGrossAmount: z.number().optional(),
	totalTaxAmount: z.number().optional(),
	taxType: z.enum(['net', 'gross']),
	useCollectiveContact: z.boolean().optional(),
	contactId: uuid.optional(),
	contactName: z.string().optional(),
	remark: z.string().optional(),
	voucherItems: z.array(voucherItemSchema).optional(),
	files: z.array(uuid).optional(),
};
export const voucherCreateSchema = z.object({ ...voucherWriteBase, version: z.number().int().optional() }).passthrough();
export const voucherUpdateSchema = z.object({ ...voucherWriteBase, version: z.number().int() }).passthrough();

// ---- files, payments, master data (5.14, 5.15)
export const fileUploadResultSchema = z.object({ id: uuid, voucherId: uuid.optional() }).passthrough();
export const fileUploadFormSchema = z.object({ type: z.literal('voucher') }).passthrough();

export const paymentSchema = z
	.object({
		openAmount: amount.optional(),
		currency: z.string().optional(),
		paymentStatus: openString.optional(),
		voucherType: openString.optional(),
		voucherStatus: openString.optional(),
		paidDate: z.string().optional(),
		paymentItems: z.array(z.object({ paymentItemType: openString.optional(), amount: amount.optional() }).passthrough()).optional(),
	})
	.passthrough();
export const paymentConditionSchema = z.object({ id: uuid, organizationDefault: z.boolean().optional(), paymentTermLabelTemplate: z.string().optional(), paymentTermDuration: z.number().optional() }).passthrough();
export const postingCategorySchema = z.object({ id: uuid, name: z.string(), type: openString, contactRequired: z.boolean().optional(), splitAllowed: z.boolean().optional(), groupName: z.string().optional() }).passthrough();
export const printLayoutSchema = z.object({ id: uuid, name: z.string(), default: z.boolean().optional() }).passthrough();
export const countrySchema = z.object({ countryCode: z.string(), countryNameEN: z.string().optional(), countryNameDE: z.string().optional(), taxClassification: openString.optional() }).passthrough();
export const profileSchema = z
	.object({ organizationId: uuid, companyName: z.string().optional(), connectionId: uuid.optional(), taxType: openString.optional(), businessFeatures: z.array(z.string()).optional(), smallBusiness: z.boolean().optional() })
	.passthrough();

// ---- event subscriptions and webhooks (4.21, §6)
export const eventSubscriptionSchema = z
	.object({ subscriptionId: uuid, organizationId: uuid.optional(), createdDate: z.string().optional(), eventType: z.string(), callbackUrl: z.string() })
	.passthrough();
export const eventSubscriptionCreateSchema = z.object({ eventType: z.string(), callbackUrl: z.string().url() }).passthrough();
export const webhookEventSchema = z
	.object({ organizationId: uuid, eventType: z.string(), resourceId: uuid, eventDate: z.string() })
	.passthrough();

// ---- query parameters
const bool = z.boolean();
export const contactQuery = z.object({
	email: z.string().optional().describe('E-mail filter: at least 3 characters, % and _ as wildcards'),
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
export const finalizeQuery = z.object({ finalize: bool.optional().describe('Whether to finalize the document (status open, number locked) instead of creating a draft') });
export const pursueQuery = finalizeQuery.extend({
	precedingSalesVoucherId: z.string().optional().describe('ID of the document this one follows up (pursue)'),
});
export const dunningQuery = z.object({ precedingSalesVoucherId: z.string().describe('ID of the invoice or down payment invoice being dunned') });
export const recurringTemplateQuery = z.object({
	sort: z.enum(['createdDate,ASC', 'createdDate,DESC', 'updatedDate,ASC', 'updatedDate,DESC', 'lastExecutionDate,ASC', 'lastExecutionDate,DESC', 'nextExecutionDate,ASC', 'nextExecutionDate,DESC']).optional(),
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
