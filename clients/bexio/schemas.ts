import { z } from 'zod';

/**
 * bexio object models (https://docs.bexio.com/). Responses are lenient (unknown fields kept, ids required,
 * decimals as the strings bexio sends); create bodies enforce the documented required fields so a
 * missing one is named before any request.
 */

const nullableString = z.string().nullable().optional();
const nullableId = z.number().nullable().optional();
/** bexio sends decimals as strings on 2.0 documents and numbers elsewhere. */
const decimal = z.union([z.string(), z.number()]);

export const anyObject = z.object({}).passthrough();
export const successSchema = z.object({ success: z.boolean() }).passthrough();

// ---- search (3.4)
export const SEARCH_CRITERIA = [
	'=',
	'equal',
	'!=',
	'not_equal',
	'>',
	'greater_than',
	'>=',
	'greater_equal',
	'<',
	'less_than',
	'<=',
	'less_equal',
	'like',
	'not_like',
	'is_null',
	'not_null',
	'in',
	'not_in',
	'==',
] as const;
export const searchCriterionSchema = z.object({
	field: z.string().min(1).max(255),
	// The spec says string; `in`/`not_in` take arrays live; numbers are tolerated.
	value: z.union([
		z.string().max(255),
		z.number(),
		z.array(z.union([z.string().max(255), z.number()])).min(1),
	]),
	criteria: z.enum(SEARCH_CRITERIA).optional(),
});
export const searchBodySchema = z.array(searchCriterionSchema).min(1);

// ---- contacts (5.1)
const contactFields = {
	nr: z.union([z.string(), z.number()]).nullable().optional(),
	name_2: nullableString,
	salutation_id: nullableId,
	salutation_form: nullableId,
	title_id: nullableId,
	birthday: nullableString,
	street_name: nullableString,
	house_number: nullableString,
	address_addition: nullableString,
	postcode: z.union([z.string(), z.number()]).nullable().optional(),
	city: nullableString,
	country_id: nullableId,
	mail: nullableString,
	mail_second: nullableString,
	phone_fixed: nullableString,
	phone_fixed_second: nullableString,
	phone_mobile: nullableString,
	fax: nullableString,
	url: nullableString,
	skype_name: nullableString,
	remarks: nullableString,
	language_id: nullableId,
	contact_group_ids: nullableString,
	contact_branch_ids: nullableString,
};
export const contactSchema = z
	.object({
		id: z.number(),
		contact_type_id: z.number().optional(),
		name_1: z.string().optional(),
		user_id: nullableId,
		owner_id: nullableId,
		updated_at: z.string().optional(),
		...contactFields,
	})
	.passthrough();
export const contactCreateSchema = z
	.object({
		contact_type_id: z.number().int().describe('1 = company, 2 = person'),
		name_1: z.string().min(1).describe('Company name, or last name of a person'),
		user_id: z.number().int().describe('Responsible user'),
		owner_id: z.number().int().describe('Owner user'),
		...contactFields,
	})
	.passthrough();
export const contactRelationSchema = z
	.object({
		id: z.number(),
		contact_id: z.number().optional(),
		contact_sub_id: z.number().optional(),
	})
	.passthrough();
export const contactRelationCreateSchema = z
	.object({
		contact_id: z.number().int(),
		contact_sub_id: z.number().int(),
		description: nullableString,
	})
	.passthrough();
export const namedSchema = z.object({ id: z.number(), name: z.string().optional() }).passthrough();
export const nameCreateSchema = z.object({ name: z.string().min(1) }).passthrough();
export const additionalAddressSchema = z
	.object({ id: z.number(), name: z.string().optional() })
	.passthrough();
export const additionalAddressCreateSchema = z
	.object({
		name: z.string().min(1),
		name_addition: nullableString,
		street_name: nullableString,
		house_number: nullableString,
		address_addition: nullableString,
		postcode: nullableString,
		city: nullableString,
		country_id: nullableId,
		subject: nullableString,
		description: nullableString,
	})
	.passthrough();
export const noteSchema = z
	.object({ id: z.number(), subject: z.string().optional() })
	.passthrough();
export const noteCreateSchema = z
	.object({
		user_id: z.number().int(),
		event_start: z.string().describe('YYYY-MM-DD HH:MM:SS'),
		subject: z.string().min(1),
		info: nullableString,
		contact_id: nullableId,
		pr_project_id: nullableId,
		entry_id: nullableId,
		module_id: nullableId,
	})
	.passthrough();
export const taskSchema = z
	.object({ id: z.number(), subject: z.string().optional() })
	.passthrough();
export const taskCreateSchema = z
	.object({
		user_id: z.number().int(),
		subject: z.string().min(1),
		finish_date: nullableString,
		info: nullableString,
		contact_id: nullableId,
		sub_contact_id: nullableId,
		pr_project_id: nullableId,
		todo_status_id: nullableId,
		todo_priority_id: nullableId,
		have_remember: z.boolean().optional(),
		communication_kind_id: nullableId,
	})
	.passthrough();

// ---- sales documents (5.2, 5.3)
export const POSITION_TYPES = [
	'KbPositionCustom',
	'KbPositionArticle',
	'KbPositionText',
	'KbPositionSubtotal',
	'KbPositionDiscount',
	'KbPositionPagebreak',
	'KbPositionSubposition',
] as const;
/** Lenient read model: unknown position types must not break a read. */
export const positionSchema = z
	.object({ id: z.number().optional(), type: z.string().optional() })
	.passthrough();

/** `parent_id` nests a position in a sub-position group; updates must omit it. */
const positionPlacement = {
	parent_id: nullableId,
	is_optional: z.boolean().optional().describe('Quotes and orders only; invoices reject it'),
};
const pricedFields = {
	amount: decimal.optional().describe('Quantity, decimal string (max 6 decimals)'),
	unit_id: nullableId,
	account_id: nullableId,
	tax_id: nullableId.describe('An active sales tax (GET /3.0/taxes?types=sales_tax&scope=active)'),
	text: nullableString,
	unit_price: decimal.optional().describe('Decimal string (max 6 decimals)'),
	discount_in_percent: decimal.nullable().optional(),
};
/** Create bodies of the seven position types; on the position endpoints the type is implied by the path (5.3). */
export const positionWriteSchemas = {
	KbPositionCustom: z.object({ ...pricedFields, ...positionPlacement }).passthrough(),
	KbPositionArticle: z
		.object({
			...pricedFields,
			article_id: z.number().int().describe('Immutable after create'),
			...positionPlacement,
		})
		.passthrough(),
	KbPositionText: z
		.object({ text: nullableString, show_pos_nr: z.boolean().optional(), ...positionPlacement })
		.passthrough(),
	// bexio refuses an empty subtotal or page-break body.
	KbPositionSubtotal: z
		.object({ text: z.string().describe('Label of the subtotal line'), ...positionPlacement })
		.passthrough(),
	KbPositionDiscount: z
		.object({
			text: nullableString,
			is_percentual: z.boolean().optional(),
			value: decimal.optional().describe('Percent or amount, decimal string'),
			...positionPlacement,
		})
		.passthrough(),
	KbPositionPagebreak: z.object({ pagebreak: z.literal(true), ...positionPlacement }).passthrough(),
	KbPositionSubposition: z
		.object({ text: nullableString, show_pos_nr: z.boolean().optional(), ...positionPlacement })
		.passthrough(),
} as const;
export type PositionType = (typeof POSITION_TYPES)[number];
/** Edit bodies: everything optional, no `parent_id` and no `article_id` change. */
export const positionUpdateSchemas = {
	KbPositionCustom: positionWriteSchemas.KbPositionCustom.omit({ parent_id: true }).partial(),
	KbPositionArticle: positionWriteSchemas.KbPositionArticle.omit({
		parent_id: true,
		article_id: true,
	}).partial(),
	KbPositionText: positionWriteSchemas.KbPositionText.omit({ parent_id: true }).partial(),
	KbPositionSubtotal: positionWriteSchemas.KbPositionSubtotal.omit({ parent_id: true }).partial(),
	KbPositionDiscount: positionWriteSchemas.KbPositionDiscount.omit({ parent_id: true }).partial(),
	KbPositionPagebreak: positionWriteSchemas.KbPositionPagebreak.omit({ parent_id: true }).partial(),
	KbPositionSubposition: positionWriteSchemas.KbPositionSubposition.omit({
		parent_id: true,
	}).partial(),
} as const;
/** Positions one sales-document create takes; add more through the position endpoints. */
export const MAX_POSITIONS_PER_CREATE = 150;

/** A position inside a document create body: the `type` discriminates. */
export const documentPositionWriteSchema = z.discriminatedUnion('type', [
	positionWriteSchemas.KbPositionCustom.extend({ type: z.literal('KbPositionCustom') }),
	positionWriteSchemas.KbPositionArticle.extend({ type: z.literal('KbPositionArticle') }),
	positionWriteSchemas.KbPositionText.extend({ type: z.literal('KbPositionText') }),
	positionWriteSchemas.KbPositionSubtotal.extend({ type: z.literal('KbPositionSubtotal') }),
	positionWriteSchemas.KbPositionDiscount.extend({ type: z.literal('KbPositionDiscount') }),
	positionWriteSchemas.KbPositionPagebreak.extend({ type: z.literal('KbPositionPagebreak') }),
	positionWriteSchemas.KbPositionSubposition.extend({ type: z.literal('KbPositionSubposition') }),
]);
const documentWriteFields = {
	title: nullableString,
	contact_id: z.number().int(),
	contact_sub_id: nullableId,
	user_id: z.number().int(),
	pr_project_id: nullableId,
	language_id: nullableId,
	bank_account_id: nullableId,
	currency_id: nullableId,
	payment_type_id: nullableId,
	header: nullableString,
	footer: nullableString,
	mwst_type: z.number().int().optional().describe('0 including taxes, 1 excluding taxes, 2 exempt'),
	mwst_is_net: z.boolean().optional(),
	show_position_taxes: z.boolean().optional(),
	is_valid_from: nullableString,
	contact_address_manual: nullableString,
	reference: nullableString,
	api_reference: nullableString,
	template_slug: nullableString,
	document_nr: nullableString,
	positions: z.array(documentPositionWriteSchema).max(MAX_POSITIONS_PER_CREATE).optional(),
};
export const documentSchema = z
	.object({
		id: z.number(),
		document_nr: nullableString,
		title: nullableString,
		contact_id: nullableId,
		user_id: nullableId,
		kb_item_status_id: z.number().optional(),
		api_reference: nullableString,
		total_gross: decimal.optional(),
		total_net: decimal.optional(),
		total: decimal.optional(),
		is_valid_from: nullableString,
		updated_at: z.string().optional(),
		positions: z.array(positionSchema).optional(),
	})
	.passthrough();
export const invoiceCreateSchema = z
	.object({ ...documentWriteFields, is_valid_to: nullableString })
	.passthrough();
export const quoteCreateSchema = z
	.object({
		...documentWriteFields,
		is_valid_until: nullableString,
		delivery_address_type: z.number().optional(),
		delivery_address_manual: nullableString,
	})
	.passthrough();
export const orderCreateSchema = z
	.object({
		...documentWriteFields,
		delivery_address_type: z.number().optional(),
		delivery_address_manual: nullableString,
	})
	.passthrough();
/** Edits of 2.0 documents resend the header fields; positions go through their own endpoints. */
const { positions: _positions, ...documentHeaderFields } = documentWriteFields;
export const documentEditSchema = z.object(documentHeaderFields).passthrough();
export const copySchema = z
	.object({
		contact_id: z.number().int(),
		contact_sub_id: nullableId,
		is_valid_from: nullableString,
		title: nullableString,
		pr_project_id: nullableId,
	})
	.passthrough();
export const sendSchema = z
	.object({
		recipient_email: z.string().min(3),
		subject: z.string().min(1),
		message: z
			.string()
			.refine((m) => m.includes('[Network Link]'), 'must contain the placeholder [Network Link]'),
		mark_as_open: z.boolean().optional(),
		attach_pdf: z.boolean().optional(),
	})
	.passthrough();
export const conversionSchema = z
	.object({
		positions: z
			.array(
				z.object({ id: z.number(), type: z.string(), amount: decimal.optional() }).passthrough(),
			)
			.optional(),
	})
	.passthrough();
export const repetitionSchema = z
	.object({
		start: z.string(),
		end: z.string().nullable().optional(),
		repetition: z
			.object({
				type: z.enum(['daily', 'weekly', 'monthly', 'yearly']),
				interval: z.number().int(),
			})
			.passthrough(),
	})
	.passthrough();
export const pdfSchema = z
	.object({
		name: z.string(),
		size: z.number().optional(),
		mime: z.string().optional(),
		content: z.string(),
	})
	.passthrough();
export const paymentSchema = z
	.object({ id: z.number(), value: decimal.optional(), date: nullableString })
	.passthrough();
export const paymentCreateSchema = z
	.object({
		value: decimal,
		date: nullableString,
		bank_account_id: nullableId,
		payment_service_id: nullableId,
	})
	.passthrough();
export const reminderSchema = z
	.object({
		id: z.number(),
		reminder_level: z.number().optional(),
		is_sent: z.boolean().optional(),
	})
	.passthrough();
export const commentSchema = z
	.object({ id: z.number(), text: z.string().optional() })
	.passthrough();
export const commentCreateSchema = z
	.object({
		text: z.string().min(1),
		user_id: nullableId,
		user_email: nullableString,
		user_name: nullableString,
		is_public: z.boolean().optional(),
	})
	.passthrough();

// ---- articles (5.5)
/** Live reads send stock counters as numbers, create and edit answers some of them as strings ("0"). */
const stockCount = z.union([z.number(), z.string()]).nullable().optional();
export const articleSchema = z
	.object({
		id: z.number(),
		intern_code: nullableString,
		intern_name: nullableString,
		article_type_id: z.number().optional(),
		stock_nr: stockCount,
		stock_min_nr: stockCount,
		stock_reserved_nr: stockCount,
		stock_available_nr: stockCount,
		stock_picked_nr: stockCount,
		stock_disposed_nr: stockCount,
		stock_ordered_nr: stockCount,
	})
	.passthrough();
export const articleCreateSchema = z
	.object({
		article_type_id: z.number().int().optional().describe('1 physical product, 2 service'),
		intern_code: z.string().min(1).describe('Article number'),
		intern_name: z.string().min(1).describe('Article name'),
		intern_description: nullableString,
		purchase_price: decimal.nullable().optional(),
		sale_price: decimal.nullable().optional(),
		currency_id: nullableId,
		tax_income_id: nullableId,
		tax_expense_id: nullableId,
		unit_id: nullableId,
		is_stock: z.boolean().optional(),
		stock_id: nullableId,
		stock_place_id: nullableId,
		stock_nr: z.number().optional(),
		stock_min_nr: z.number().optional(),
		remarks: nullableString,
	})
	.passthrough();

// ---- projects and time (5.6 – 5.8)
export const projectSchema = z
	.object({ id: z.number(), uuid: nullableString, nr: nullableString, name: z.string().optional() })
	.passthrough();
export const projectCreateSchema = z
	.object({
		name: z.string().min(1),
		pr_state_id: z.number().int(),
		pr_project_type_id: z.number().int(),
		contact_id: z.number().int(),
		user_id: z.number().int(),
		start_date: nullableString,
		end_date: nullableString,
		comment: nullableString,
		contact_sub_id: nullableId,
		pr_invoice_type_id: nullableId,
		pr_invoice_type_amount: decimal.nullable().optional(),
		pr_budget_type_id: nullableId,
		pr_budget_type_amount: decimal.nullable().optional(),
	})
	.passthrough();
export const milestoneSchema = z
	.object({ id: z.number(), name: z.string().optional() })
	.passthrough();
export const milestoneCreateSchema = z
	.object({
		name: z.string().min(1),
		end_date: nullableString,
		comment: nullableString,
		pr_parent_milestone_id: nullableId,
	})
	.passthrough();
export const packageSchema = z
	.object({ id: z.number(), name: z.string().optional() })
	.passthrough();
export const packageCreateSchema = z
	.object({
		name: z.string().min(1),
		spent_time_in_hours: z.number().nullable().optional(),
		estimated_time_in_hours: z.number().nullable().optional(),
		comment: nullableString,
		pr_milestone_id: nullableId,
	})
	.passthrough();
export const trackingSchema = z.union([
	z
		.object({
			type: z.literal('duration'),
			date: z.string(),
			duration: z.string().describe('HH:MM'),
		})
		.passthrough(),
	z.object({ type: z.literal('range'), start: z.string(), end: z.string() }).passthrough(),
	z.object({ type: z.literal('stopwatch') }).passthrough(),
]);
export const timesheetSchema = z
	.object({
		id: z.number(),
		user_id: nullableId,
		client_service_id: nullableId,
		date: nullableString,
		duration: nullableString,
	})
	.passthrough();
export const timesheetCreateSchema = z
	.object({
		user_id: z.number().int(),
		client_service_id: z.number().int().describe('Business activity'),
		allowable_bill: z.boolean().describe('Whether the time is billable'),
		tracking: trackingSchema,
		status_id: nullableId,
		text: nullableString,
		charge: decimal.nullable().optional(),
		contact_id: nullableId,
		sub_contact_id: nullableId,
		pr_project_id: nullableId,
		pr_package_id: nullableId,
		pr_milestone_id: nullableId,
		estimated_time: nullableString,
	})
	.passthrough();
export const businessActivitySchema = z
	.object({ id: z.number(), name: z.string().optional() })
	.passthrough();
export const businessActivityCreateSchema = z
	.object({
		name: z.string().min(1),
		default_is_billable: z.boolean().nullable().optional(),
		default_price_per_hour: z.number().nullable().optional(),
		account_id: nullableId,
	})
	.passthrough();

// ---- accounting (5.9, 5.10)
export const manualEntryLineSchema = z
	.object({
		debit_account_id: nullableId,
		credit_account_id: nullableId,
		tax_id: nullableId,
		tax_account_id: nullableId,
		description: nullableString,
		amount: z.number(),
		currency_id: nullableId,
		currency_factor: z.number().nullable().optional(),
	})
	.passthrough();
export const manualEntrySchema = z
	.object({
		id: z.number(),
		type: z.string().optional(),
		booking_type: z.string().optional(),
		date: nullableString,
		reference_nr: nullableString,
		entries: z.array(anyObject).optional(),
	})
	.passthrough();
export const manualEntryCreateSchema = z
	.object({
		type: z.enum(['manual_single_entry', 'manual_compound_entry', 'manual_group_entry']),
		date: z.string().describe('YYYY-MM-DD'),
		reference_nr: z.string().max(80).optional(),
		entries: z.array(manualEntryLineSchema).min(1),
	})
	.passthrough();
export const manualEntryUpdateSchema = manualEntryCreateSchema
	.extend({ id: z.number().int() })
	.passthrough();
export const accountSchema = z
	.object({
		id: z.number(),
		account_no: z.union([z.string(), z.number()]).optional(),
		name: z.string().optional(),
	})
	.passthrough();
/** `value` is the rate in percent, a number (8.1). */
export const taxSchema = z
	.object({
		id: z.number(),
		name: z.string().optional(),
		value: z.number().optional(),
		type: z.string().optional(),
	})
	.passthrough();
export const currencySchema = z
	.object({ id: z.number(), name: z.string(), round_factor: z.number().optional() })
	.passthrough();
export const currencyCreateSchema = z
	.object({ name: z.string().length(3), round_factor: z.number() })
	.passthrough();
export const calendarYearCreateSchema = z
	.object({
		year: z.string(),
		is_vat_subject: z.boolean().optional(),
		is_annual_reporting: z.boolean().optional(),
		vat_accounting_method: z.enum(['effective', 'net_tax']).optional(),
		vat_accounting_type: z.enum(['agreed', 'collected']).optional(),
		default_tax_income_id: nullableId,
		default_tax_expense_id: nullableId,
	})
	.passthrough();

// ---- banking and purchase (5.10)
export const bankingPaymentSchema = z
	.object({ id: z.union([z.string(), z.number()]) })
	.passthrough();
export const bankingPaymentCreateSchema = z
	.object({
		account_id: z.string(),
		type: z.enum(['iban', 'qr']),
		amount: decimal,
		currency: z.string(),
		execution_date: z.string(),
		is_salary: z.boolean(),
		recipient: z.object({ name: z.string(), iban: z.string() }).passthrough(),
	})
	.passthrough();
export const billSchema = z
	.object({ id: z.string(), document_no: nullableString, status: z.string().optional() })
	.passthrough();
export const billWriteSchema = z
	.object({
		supplier_id: z.number(),
		contact_partner_id: z.number(),
		bill_date: z.string(),
		due_date: z.string(),
		currency_code: z.string(),
		item_net: z.boolean(),
		manual_amount: z.boolean(),
		address: z.object({ lastname_company: z.string() }).passthrough(),
		line_items: z.array(anyObject),
		discounts: z.array(anyObject),
		attachment_ids: z.array(z.string()),
	})
	.passthrough();
export const expenseSchema = z
	.object({ id: z.string(), status: z.string().optional() })
	.passthrough();
export const expenseWriteSchema = z
	.object({
		paid_on: z.string(),
		currency_code: z.string(),
		amount: decimal,
		attachment_ids: z.array(z.string()),
	})
	.passthrough();
export const outgoingPaymentSchema = z.object({ id: z.string() }).passthrough();
export const outgoingPaymentCreateSchema = z
	.object({
		bill_id: z.string(),
		payment_type: z.enum(['IBAN', 'QR', 'MANUAL', 'CASH_DISCOUNT']),
		execution_date: z.string(),
		amount: decimal,
		currency_code: z.string(),
		exchange_rate: z.number(),
		is_salary_payment: z.boolean(),
	})
	.passthrough();
export const outgoingPaymentUpdateSchema = z.object({ payment_id: z.string() }).passthrough();
export const actionSchema = z.object({ action: z.literal('DUPLICATE') });
export const documentNumberSchema = z
	.object({ valid: z.boolean().optional(), next_available_no: nullableString })
	.passthrough();

// ---- files, payroll, users, master data
export const fileSchema = z
	.object({ id: z.number(), uuid: nullableString, name: z.string().optional() })
	.passthrough();
export const fileUpdateSchema = z
	.object({
		name: z.string().optional(),
		is_archived: z.boolean().optional(),
		source_type: z.enum(['web', 'email', 'mobile']).optional(),
	})
	.passthrough();
export const employeeSchema = z.object({ id: z.string() }).passthrough();
export const absenceSchema = z.object({ id: z.string() }).passthrough();
export const userSchema = z
	.object({
		id: z.number(),
		firstname: nullableString,
		lastname: nullableString,
		email: nullableString,
	})
	.passthrough();
export const fictionalUserCreateSchema = z
	.object({
		salutation_type: z.enum(['male', 'female']),
		firstname: z.string().min(1),
		lastname: z.string().min(1),
		email: z.string().min(3),
		title_id: nullableId,
	})
	.passthrough();
/** Reads answer the code as `iso_3166_alpha2`; writes send it as `iso3166_alpha2` (countryCreateSchema). */
export const countrySchema = z
	.object({
		id: z.number(),
		name: z.string().optional(),
		name_short: nullableString,
		iso_3166_alpha2: nullableString,
	})
	.passthrough();
export const countryCreateSchema = z
	.object({
		name: z.string().min(1),
		name_short: z.string().min(1),
		iso3166_alpha2: z.string().length(2),
	})
	.passthrough();
export const nextRefNrSchema = z
	.object({ next_ref_nr: z.union([z.string(), z.number()]).nullable() })
	.passthrough();

// ---- other read models (5.10): ids required, everything else optional and kept
export const bankAccountSchema = z
	.object({
		id: z.number(),
		name: nullableString,
		iban_nr: nullableString,
		currency_id: nullableId,
		type: nullableString,
		is_esr: z.boolean().optional(),
		esr_besr_id: nullableString,
		esr_post_account_nr: nullableString,
	})
	.passthrough();
export const calendarYearSchema = z
	.object({
		id: z.number(),
		start: nullableString,
		end: nullableString,
		default_tax_income_id: nullableId,
		default_tax_expense_id: nullableId,
	})
	.passthrough();
export const businessYearSchema = z
	.object({ id: z.number(), start: nullableString, end: nullableString, status: nullableString })
	.passthrough();
export const vatPeriodSchema = z
	.object({
		id: z.number(),
		start: nullableString,
		end: nullableString,
		type: nullableString,
		status: nullableString,
	})
	.passthrough();
export const journalEntrySchema = z
	.object({ id: z.number(), date: nullableString, amount: decimal.nullable().optional() })
	.passthrough();
export const companyProfileSchema = z
	.object({ id: z.number(), name: nullableString })
	.passthrough();
export const documentSettingSchema = z
	.object({ id: z.number(), text: nullableString })
	.passthrough();
/**
 * Templates have no id: `template_slug` is what a document's `template_slug` takes;
 * `default_for_document_types` holds values like `type_offer`, `type_invoice`.
 */
export const documentTemplateSchema = z
	.object({
		template_slug: z.string(),
		name: nullableString,
		is_default: z.boolean().optional(),
		default_for_document_types: z.array(z.string()).optional(),
	})
	.passthrough();
export const purchaseOrderSchema = z
	.object({ id: z.number(), document_nr: nullableString })
	.passthrough();
/** One rate of `GET /3.0/currencies/{id}/exchange_rates`: `factor_nr` units of `exchange_currency` per `ratio` units. */
export const exchangeRateSchema = z
	.object({
		factor_nr: z.union([z.number(), z.string()]).nullable().optional(),
		ratio: z.union([z.number(), z.string()]).nullable().optional(),
		exchange_rate_date: z.string().nullable().optional(),
		exchange_currency: z
			.object({ id: z.number().optional(), name: z.string().nullable().optional() })
			.passthrough()
			.nullable()
			.optional(),
	})
	.passthrough();
/** `id` is the using record's id: a number (2.0/3.0) or a v4 bill/expense UUID; all null when unused. */
export const fileUsageSchema = z
	.object({
		id: z.union([z.number(), z.string()]).nullable().optional(),
		ref_class: nullableString,
		title: nullableString,
		document_nr: nullableString,
	})
	.passthrough();
export const permissionsSchema = z
	.object({
		components: z.array(z.unknown()).optional(),
		permissions: z.record(z.unknown()).optional(),
	})
	.passthrough();
export const paystubSchema = z.object({ location: z.string() }).passthrough();
/** Manual-entry attachments; the single GET adds base64 `data`. */
export const attachmentSchema = z
	.object({ id: z.number(), name: nullableString, data: nullableString })
	.passthrough();
export const legacyBankPaymentSchema = z.object({ id: z.number() }).passthrough();

// ---- query parameters
export const orderBy = z
	.string()
	.optional()
	.describe('Sort: field[_asc|_desc], several comma-separated');
export const listQuery = z.object({ order_by: orderBy });
export const contactListQuery = z.object({
	order_by: orderBy,
	show_archived: z.boolean().optional().describe('Whether to return archived contacts only'),
});
export const pdfQuery = z.object({ logopaper: z.enum(['0', '1']).optional() });
export const taxQuery = z.object({
	scope: z.enum(['active', 'inactive']).optional(),
	date: z.string().optional(),
	types: z.enum(['sales_tax', 'pre_tax']).optional(),
});
export const currencyQuery = z.object({
	embed: z.enum(['exchange_rate']).optional(),
	date: z.string().optional(),
});
export const journalQuery = z.object({
	from: z.string().optional(),
	to: z.string().optional(),
	account_uuid: z.string().optional(),
});
export const fileListQuery = z.object({
	archived_state: z.enum(['all', 'archived', 'not_archived']).optional(),
	order_by: orderBy,
});
export const bankingPaymentQuery = z.object({
	'filter-by': z.string().optional().describe('key:value pairs joined by ;'),
});
export const v3BankingPaymentQuery = z.object({
	from: z.string().optional(),
	to: z.string().optional(),
	bill_id: z.string().optional(),
});
export const purchaseListQuery = z.object({
	order: z.enum(['asc', 'desc']).optional(),
	sort: z.string().optional(),
});
export const documentNumberQuery = z.object({ document_no: z.string() });
export const outgoingPaymentQuery = z.object({ bill_id: z.string().optional() });
export const employeeQuery = z.object({ date: z.string().describe('YYYY-MM-DD') });
export const absenceQuery = z.object({ businessYear: z.number().int() });
