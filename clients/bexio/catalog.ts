import type { z } from 'zod';

import {
	defineOperation,
	type BodyKind,
	type Catalog,
	type OperationDef,
	type PagingStyle,
	type ResponseKind,
} from '../catalog';
import type { HttpMethod } from '../http/types';
import * as s from './schemas';
import { BEXIO_MAX_PAGE_SIZE } from '../defaults';

/**
 * Every operation of the bexio API (https://docs.bexio.com/, 2.0/3.0/4.0 route families) with the exact documented
 * verbs: 2.0 edits are POST on the record, 3.0/4.0 use PUT/PATCH, searches are POST …/search. Document
 * positions and comments are one resource each with the document type (`kb_offer`, `kb_order`,
 * `kb_invoice`) as a path parameter, as the API itself models them.
 *
 * Entries keep literal types: ids, path parameters, response items and paging kinds are checked at
 * compile time. Bodies are typed loosely on purpose: the node and the importer assemble them at run
 * time (read-merge-write) and the zod schema checks them before sending, naming the field.
 */

type Z = z.ZodTypeAny;

/** Literal paging styles, so `call()` on a list operation is typed as a list (executor CallResultOf). */
const offset = { kind: 'bexioOffset', maxLimit: BEXIO_MAX_PAGE_SIZE, defaultLimit: 500 } as const;
const array = { kind: 'array' } as const;
/** v4 purchase lists: bills max 500 per page (https://docs.bexio.com/#section/API-basics/Pagination); expenses/outgoing payments document only the default 100, so the same cap. */
const purchasePage = { kind: 'bexioPage', maxLimit: 500 } as const;
const bankingPage = { kind: 'bexioBankingPage', maxLimit: BEXIO_MAX_PAGE_SIZE } as const;
const payrollData = { kind: 'bexioData' } as const;

interface Spec {
	readonly operation: string;
	readonly method: HttpMethod;
	readonly path: string;
	readonly summary: string;
	readonly query?: Z;
	readonly body?: Z;
	readonly bodyKind?: BodyKind;
	readonly response?: Z;
	readonly responseKind?: ResponseKind;
	readonly paging?: PagingStyle;
	readonly idempotent?: boolean;
	readonly deprecated?: boolean;
}

/** The typed entry of a spec: literal path and response; the paging style when it has one. */
export type BexioOperation<S extends Spec> = OperationDef<
	S['path'],
	S extends { query: Z } ? Z : undefined,
	S extends { body: Z } ? Z : undefined,
	S extends { response: infer R extends Z } ? R : undefined
> &
	(S extends { paging: infer G extends PagingStyle } ? { paging: G } : unknown);

type Entries<R extends string, L extends readonly Spec[]> = {
	[S in L[number] as `${R}.${S['operation']}`]: BexioOperation<S>;
};

/** Ids are `resource.operation`; `ref` groups them as the docs' endpoint chapters do. */
function entries<const R extends string, const L extends readonly Spec[]>(
	resource: R,
	ref: string,
	list: L,
): Entries<R, L> {
	const out: Record<string, OperationDef> = {};
	for (const e of list)
		out[`${resource}.${e.operation}`] = defineOperation({ resource, ref, ...e });
	return out as Entries<R, L>;
}

interface CrudOptions<S extends Z> {
	label: string;
	schema: S;
	create?: Z;
	/** Body of the edit; defaults to the create schema. */
	edit?: Z;
	query?: Z;
	/** Query of the single GET (contacts: `show_archived`). */
	getQuery?: Z;
}

/** The six 2.0 operations most resources share: list, create, search, show, edit (POST), delete. */
function crud2<
	const R extends string,
	const P extends string,
	const Id extends string,
	S extends Z,
>(resource: R, path: P, param: Id, ref: string, o: CrudOptions<S>) {
	const record = `${path}/{${param}}` as const;
	const query = o.query ?? s.listQuery;
	return entries(resource, ref, [
		{
			operation: 'getAll',
			method: 'GET',
			path,
			summary: `Get many ${o.label}s`,
			query,
			response: o.schema,
			paging: offset,
		},
		{
			operation: 'create',
			method: 'POST',
			path,
			summary: `Create a ${o.label}`,
			body: o.create ?? s.anyObject,
			response: o.schema,
		},
		// Searches only read: repeating one after a lost response is safe.
		{
			operation: 'search',
			method: 'POST',
			path: `${path}/search`,
			summary: `Search ${o.label}s`,
			query,
			body: s.searchBodySchema,
			response: o.schema,
			paging: offset,
			idempotent: true,
		},
		{
			operation: 'get',
			method: 'GET',
			path: record,
			summary: `Get a ${o.label}`,
			query: o.getQuery,
			response: o.schema,
		},
		// A 2.0 edit resends the whole record: repeating it cannot create anything.
		{
			operation: 'update',
			method: 'POST',
			path: record,
			summary: `Update a ${o.label}`,
			body: o.edit ?? o.create ?? s.anyObject,
			response: o.schema,
			idempotent: true,
		},
		{
			operation: 'delete',
			method: 'DELETE',
			path: record,
			summary: `Delete a ${o.label}`,
			response: s.successSchema,
		},
	]);
}

/** Read-only 2.0 master data with a search (sectors, stock, languages, payment types…). */
function listAndSearch<
	const R extends string,
	const P extends string,
	S extends Z = typeof s.namedSchema,
>(resource: R, path: P, ref: string, label: string, schema?: S) {
	const response = schema ?? s.namedSchema;
	return entries(resource, ref, [
		{
			operation: 'getAll',
			method: 'GET',
			path,
			summary: `Get many ${label}s`,
			query: s.listQuery,
			response: response as S,
			paging: offset,
		},
		{
			operation: 'search',
			method: 'POST',
			path: `${path}/search`,
			summary: `Search ${label}s`,
			query: s.listQuery,
			body: s.searchBodySchema,
			response: response as S,
			paging: offset,
			idempotent: true,
		},
	]);
}

function readOnlyList<
	const R extends string,
	const P extends string,
	S extends Z = typeof s.namedSchema,
>(resource: R, path: P, ref: string, label: string, schema?: S) {
	return entries(resource, ref, [
		{
			operation: 'getAll',
			method: 'GET',
			path,
			summary: `Get many ${label}s`,
			query: s.listQuery,
			response: (schema ?? s.namedSchema) as S,
			paging: offset,
		},
	]);
}

/** Actions on a document: POST without meaningful body, answering the document or `{success}`. */
const action = <const O extends string, const P extends string>(
	operation: O,
	path: P,
	summary: string,
	body?: Z,
) => ({ operation, method: 'POST', path, summary, body, response: s.anyObject }) as const;

const pdf = <const P extends string>(path: P, label: string) =>
	({
		operation: 'getPdf',
		method: 'GET',
		path,
		summary: `Get the PDF of a ${label}`,
		query: s.pdfQuery,
		response: s.pdfSchema,
	}) as const;

const QUOTE = '/2.0/kb_offer';
const ORDER = '/2.0/kb_order';
const INVOICE = '/2.0/kb_invoice';
/** `kb_document_type` ∈ kb_offer, kb_order, kb_invoice. */
const DOC = '/2.0/{kb_document_type}/{document_id}';

const POSITION_KINDS = [
	{
		kind: 'Custom',
		type: 'KbPositionCustom',
		segment: 'kb_position_custom',
		label: 'default position',
	},
	{
		kind: 'Article',
		type: 'KbPositionArticle',
		segment: 'kb_position_article',
		label: 'item position',
	},
	{ kind: 'Text', type: 'KbPositionText', segment: 'kb_position_text', label: 'text position' },
	{
		kind: 'Subtotal',
		type: 'KbPositionSubtotal',
		segment: 'kb_position_subtotal',
		label: 'subtotal position',
	},
	{
		kind: 'Discount',
		type: 'KbPositionDiscount',
		segment: 'kb_position_discount',
		label: 'discount position',
	},
	{
		kind: 'Pagebreak',
		type: 'KbPositionPagebreak',
		segment: 'kb_position_pagebreak',
		label: 'page break',
	},
	{
		kind: 'Subposition',
		type: 'KbPositionSubposition',
		segment: 'kb_position_subposition',
		label: 'sub-position group',
	},
] as const;
type PositionKind = (typeof POSITION_KINDS)[number];

/** The five operations of one position type: `documentPosition.{getAll,create,get,update,delete}<Kind>`. */
function positionOps<const K extends PositionKind>(k: K) {
	const path = `${DOC}/${k.segment}` as const;
	const item = `${path}/{position_id}` as const;
	return entries('documentPosition', '4.5', [
		{
			operation: `getAll${k.kind}`,
			method: 'GET',
			path,
			summary: `Get many ${k.label}s of a document`,
			query: s.listQuery,
			response: s.positionSchema,
			paging: offset,
		},
		{
			operation: `create${k.kind}`,
			method: 'POST',
			path,
			summary: `Create a ${k.label} in a document`,
			body: s.positionWriteSchemas[k.type],
			response: s.positionSchema,
		},
		{
			operation: `get${k.kind}`,
			method: 'GET',
			path: item,
			summary: `Get a ${k.label} of a document`,
			response: s.positionSchema,
		},
		{
			operation: `update${k.kind}`,
			method: 'POST',
			path: item,
			summary: `Update a ${k.label} of a document`,
			body: s.positionUpdateSchemas[k.type],
			response: s.positionSchema,
			idempotent: true,
		},
		{
			operation: `delete${k.kind}`,
			method: 'DELETE',
			path: item,
			summary: `Delete a ${k.label} of a document`,
			response: s.successSchema,
		},
	]);
}

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (
	x: infer I,
) => void
	? I
	: never;
type OpsOfKind<K> = K extends PositionKind ? ReturnType<typeof positionOps<K>> : never;
type PositionOps = UnionToIntersection<OpsOfKind<PositionKind>>;

/** Positions of quotes, orders and invoices: 7 types × list/create/get/edit/delete. */
const positions = (): PositionOps =>
	Object.assign({}, ...POSITION_KINDS.map((k) => positionOps(k))) as PositionOps;

const operations = {
	// 4.1 Contacts & CRM
	...crud2('contact', '/2.0/contact', 'contact_id', '4.1', {
		label: 'contact',
		schema: s.contactSchema,
		create: s.contactCreateSchema,
		query: s.contactListQuery,
		getQuery: s.contactListQuery.pick({ show_archived: true }),
	}),
	...entries('contact', '4.1', [
		{
			operation: 'bulkCreate',
			method: 'POST',
			path: '/2.0/contact/_bulk_create',
			summary: 'Create many contacts at once',
			body: s.contactCreateSchema.array().min(1),
			response: s.contactSchema.array(),
		},
		{
			operation: 'restore',
			method: 'PATCH',
			path: '/2.0/contact/{contact_id}/restore',
			summary: 'Restore an archived contact',
			response: s.anyObject,
		},
	]),
	...crud2('contactRelation', '/2.0/contact_relation', 'id', '4.1', {
		label: 'contact relation',
		schema: s.contactRelationSchema,
		create: s.contactRelationCreateSchema,
	}),
	...crud2('contactGroup', '/2.0/contact_group', 'id', '4.1', {
		label: 'contact group',
		schema: s.namedSchema,
		create: s.nameCreateSchema,
	}),
	...listAndSearch('contactSector', '/2.0/contact_branch', '4.1', 'contact sector'),
	...crud2(
		'additionalAddress',
		'/2.0/contact/{contact_id}/additional_address',
		'address_id',
		'4.1',
		{
			label: 'additional address',
			schema: s.additionalAddressSchema,
			create: s.additionalAddressCreateSchema,
		},
	),
	...crud2('salutation', '/2.0/salutation', 'id', '4.1', {
		label: 'salutation',
		schema: s.namedSchema,
		create: s.nameCreateSchema,
	}),
	...crud2('title', '/2.0/title', 'id', '4.1', {
		label: 'title',
		schema: s.namedSchema,
		create: s.nameCreateSchema,
	}),
	...crud2('note', '/2.0/note', 'id', '4.1', {
		label: 'note',
		schema: s.noteSchema,
		create: s.noteCreateSchema,
	}),
	...crud2('task', '/2.0/task', 'id', '4.1', {
		label: 'task',
		schema: s.taskSchema,
		create: s.taskCreateSchema,
	}),
	...readOnlyList('taskPriority', '/2.0/todo_priority', '4.1', 'task priority'),
	...readOnlyList('taskStatus', '/2.0/todo_status', '4.1', 'task status'),
	...listAndSearch('communicationKind', '/2.0/communication_kind', '4.1', 'communication kind'),

	// 4.2 Quotes
	...crud2('quote', QUOTE, 'quote_id', '4.2', {
		label: 'quote',
		schema: s.documentSchema,
		create: s.quoteCreateSchema,
		edit: s.documentEditSchema,
	}),
	...entries('quote', '4.2', [
		action('issue', `${QUOTE}/{quote_id}/issue`, 'Issue a quote'),
		action('revertIssue', `${QUOTE}/{quote_id}/revertIssue`, 'Revert an issued quote to draft'),
		action('accept', `${QUOTE}/{quote_id}/accept`, 'Accept a quote'),
		action('reject', `${QUOTE}/{quote_id}/reject`, 'Decline a quote'),
		action('reissue', `${QUOTE}/{quote_id}/reissue`, 'Reissue an accepted or declined quote'),
		action('markAsSent', `${QUOTE}/{quote_id}/mark_as_sent`, 'Mark a quote as sent'),
		action('send', `${QUOTE}/{quote_id}/send`, 'Send a quote by e-mail', s.sendSchema),
		pdf(`${QUOTE}/{quote_id}/pdf`, 'quote'),
		action('copy', `${QUOTE}/{quote_id}/copy`, 'Copy a quote', s.copySchema),
		action(
			'createOrder',
			`${QUOTE}/{quote_id}/order`,
			'Create an order from a quote',
			s.conversionSchema,
		),
		action(
			'createInvoice',
			`${QUOTE}/{quote_id}/invoice`,
			'Create an invoice from a quote',
			s.conversionSchema,
		),
	]),

	// 4.3 Orders and deliveries
	...crud2('order', ORDER, 'order_id', '4.3', {
		label: 'order',
		schema: s.documentSchema,
		create: s.orderCreateSchema,
		edit: s.documentEditSchema,
	}),
	...entries('order', '4.3', [
		action(
			'createDelivery',
			`${ORDER}/{order_id}/delivery`,
			'Create a delivery from an order',
			s.conversionSchema,
		),
		action(
			'createInvoice',
			`${ORDER}/{order_id}/invoice`,
			'Create an invoice from an order',
			s.conversionSchema,
		),
		pdf(`${ORDER}/{order_id}/pdf`, 'order'),
		{
			operation: 'getRepetition',
			method: 'GET',
			path: `${ORDER}/{order_id}/repetition`,
			summary: 'Get the repetition of a recurring order',
			response: s.anyObject,
		},
		{
			operation: 'setRepetition',
			method: 'POST',
			path: `${ORDER}/{order_id}/repetition`,
			summary: 'Set the repetition of an order',
			body: s.repetitionSchema,
			response: s.anyObject,
			idempotent: true,
		},
		{
			operation: 'deleteRepetition',
			method: 'DELETE',
			path: `${ORDER}/{order_id}/repetition`,
			summary: 'Remove the repetition of an order',
			response: s.successSchema,
		},
	]),
	...entries('delivery', '4.3', [
		{
			operation: 'getAll',
			method: 'GET',
			path: '/2.0/kb_delivery',
			summary: 'Get many deliveries',
			query: s.listQuery,
			response: s.documentSchema,
			paging: offset,
		},
		{
			operation: 'get',
			method: 'GET',
			path: '/2.0/kb_delivery/{delivery_id}',
			summary: 'Get a delivery',
			response: s.documentSchema,
		},
		action('issue', '/2.0/kb_delivery/{delivery_id}/issue', 'Issue a delivery'),
	]),

	// 4.4 Invoices, payments, reminders
	...crud2('invoice', INVOICE, 'invoice_id', '4.4', {
		label: 'invoice',
		schema: s.documentSchema,
		create: s.invoiceCreateSchema,
		edit: s.documentEditSchema,
	}),
	...entries('invoice', '4.4', [
		pdf(`${INVOICE}/{invoice_id}/pdf`, 'invoice'),
		action('copy', `${INVOICE}/{invoice_id}/copy`, 'Copy an invoice', s.copySchema),
		action('issue', `${INVOICE}/{invoice_id}/issue`, 'Issue an invoice'),
		action(
			'revertIssue',
			`${INVOICE}/{invoice_id}/revert_issue`,
			'Revert an issued invoice to draft',
		),
		action('cancel', `${INVOICE}/{invoice_id}/cancel`, 'Cancel an invoice'),
		action('markAsSent', `${INVOICE}/{invoice_id}/mark_as_sent`, 'Mark an invoice as sent'),
		action('send', `${INVOICE}/{invoice_id}/send`, 'Send an invoice by e-mail', s.sendSchema),
	]),
	...entries('invoicePayment', '4.4', [
		{
			operation: 'getAll',
			method: 'GET',
			path: `${INVOICE}/{invoice_id}/payment`,
			summary: 'Get many payments of an invoice',
			query: s.listQuery,
			response: s.paymentSchema,
			paging: offset,
		},
		{
			operation: 'create',
			method: 'POST',
			path: `${INVOICE}/{invoice_id}/payment`,
			summary: 'Record a payment of an invoice',
			body: s.paymentCreateSchema,
			response: s.paymentSchema,
		},
		{
			operation: 'get',
			method: 'GET',
			path: `${INVOICE}/{invoice_id}/payment/{payment_id}`,
			summary: 'Get a payment of an invoice',
			response: s.paymentSchema,
		},
		{
			operation: 'delete',
			method: 'DELETE',
			path: `${INVOICE}/{invoice_id}/payment/{payment_id}`,
			summary: 'Delete a payment of an invoice',
			response: s.successSchema,
		},
	]),
	...entries('invoiceReminder', '4.4', [
		{
			operation: 'getAll',
			method: 'GET',
			path: `${INVOICE}/{invoice_id}/kb_reminder`,
			summary: 'Get many reminders of an invoice',
			query: s.listQuery,
			response: s.reminderSchema,
			paging: offset,
		},
		{
			operation: 'create',
			method: 'POST',
			path: `${INVOICE}/{invoice_id}/kb_reminder`,
			summary: 'Create the next reminder of an invoice',
			response: s.reminderSchema,
		},
		{
			operation: 'search',
			method: 'POST',
			path: `${INVOICE}/{invoice_id}/kb_reminder/search`,
			summary: 'Search reminders of an invoice',
			body: s.searchBodySchema,
			response: s.reminderSchema,
			paging: offset,
			idempotent: true,
		},
		{
			operation: 'get',
			method: 'GET',
			path: `${INVOICE}/{invoice_id}/kb_reminder/{reminder_id}`,
			summary: 'Get a reminder',
			response: s.reminderSchema,
		},
		{
			operation: 'delete',
			method: 'DELETE',
			path: `${INVOICE}/{invoice_id}/kb_reminder/{reminder_id}`,
			summary: 'Delete the latest reminder',
			response: s.successSchema,
		},
		action(
			'markAsSent',
			`${INVOICE}/{invoice_id}/kb_reminder/{reminder_id}/mark_as_sent`,
			'Mark a reminder as sent',
		),
		action(
			'markAsUnsent',
			`${INVOICE}/{invoice_id}/kb_reminder/{reminder_id}/mark_as_unsent`,
			'Mark a reminder as unsent',
		),
		action(
			'send',
			`${INVOICE}/{invoice_id}/kb_reminder/{reminder_id}/send`,
			'Send a reminder by e-mail',
			s.sendSchema,
		),
		pdf(`${INVOICE}/{invoice_id}/kb_reminder/{reminder_id}/pdf`, 'reminder'),
	]),

	// 4.5 Shared document sub-resources
	...readOnlyList(
		'documentSetting',
		'/2.0/kb_item_setting',
		'4.5',
		'document setting',
		s.documentSettingSchema,
	),
	...entries('documentTemplate', '4.5', [
		{
			operation: 'getAll',
			method: 'GET',
			path: '/3.0/document_templates',
			summary: 'Get many document templates',
			response: s.documentTemplateSchema,
			paging: array,
		},
	]),
	...entries('documentComment', '4.5', [
		{
			operation: 'getAll',
			method: 'GET',
			path: `${DOC}/comment`,
			summary: 'Get many comments of a document',
			query: s.listQuery,
			response: s.commentSchema,
			paging: offset,
		},
		{
			operation: 'create',
			method: 'POST',
			path: `${DOC}/comment`,
			summary: 'Comment on a document',
			body: s.commentCreateSchema,
			response: s.commentSchema,
		},
		{
			operation: 'get',
			method: 'GET',
			path: `${DOC}/comment/{comment_id}`,
			summary: 'Get a comment of a document',
			response: s.commentSchema,
		},
	]),
	...positions(),

	// 4.6 Items & stock
	...crud2('article', '/2.0/article', 'article_id', '4.6', {
		label: 'article',
		schema: s.articleSchema,
		create: s.articleCreateSchema,
	}),
	...listAndSearch('stockLocation', '/2.0/stock', '4.6', 'stock location'),
	...listAndSearch('stockArea', '/2.0/stock_place', '4.6', 'stock area'),
	...crud2('unit', '/2.0/unit', 'id', '4.6', {
		label: 'unit',
		schema: s.namedSchema,
		create: s.nameCreateSchema,
	}),

	// 4.7 Projects & time tracking
	...crud2('project', '/2.0/pr_project', 'project_id', '4.7', {
		label: 'project',
		schema: s.projectSchema,
		create: s.projectCreateSchema,
	}),
	...entries('project', '4.7', [
		action('archive', '/2.0/pr_project/{project_id}/archive', 'Archive a project'),
		action(
			'reactivate',
			'/2.0/pr_project/{project_id}/reactivate',
			'Reactivate an archived project',
		),
	]),
	...readOnlyList('projectStatus', '/2.0/pr_project_state', '4.7', 'project status'),
	...readOnlyList('projectType', '/2.0/pr_project_type', '4.7', 'project type'),
	...entries('projectMilestone', '4.7', [
		{
			operation: 'getAll',
			method: 'GET',
			path: '/3.0/projects/{project_id}/milestones',
			summary: 'Get many milestones of a project',
			response: s.milestoneSchema,
			paging: offset,
		},
		{
			operation: 'create',
			method: 'POST',
			path: '/3.0/projects/{project_id}/milestones',
			summary: 'Create a milestone',
			body: s.milestoneCreateSchema,
			response: s.milestoneSchema,
		},
		{
			operation: 'get',
			method: 'GET',
			path: '/3.0/projects/{project_id}/milestones/{milestone_id}',
			summary: 'Get a milestone',
			response: s.milestoneSchema,
		},
		// Documented, and used against the live API by public clients, as a POST; no public source shows a PATCH form.
		{
			operation: 'update',
			method: 'POST',
			path: '/3.0/projects/{project_id}/milestones/{milestone_id}',
			summary: 'Update a milestone',
			body: s.milestoneCreateSchema.partial(),
			response: s.milestoneSchema,
			idempotent: true,
		},
		{
			operation: 'delete',
			method: 'DELETE',
			path: '/3.0/projects/{project_id}/milestones/{milestone_id}',
			summary: 'Delete a milestone',
			response: s.successSchema,
		},
	]),
	...entries('projectPackage', '4.7', [
		{
			operation: 'getAll',
			method: 'GET',
			path: '/3.0/projects/{project_id}/packages',
			summary: 'Get many work packages of a project',
			response: s.packageSchema,
			paging: offset,
		},
		{
			operation: 'create',
			method: 'POST',
			path: '/3.0/projects/{project_id}/packages',
			summary: 'Create a work package',
			body: s.packageCreateSchema,
			response: s.packageSchema,
		},
		{
			operation: 'get',
			method: 'GET',
			path: '/3.0/projects/{project_id}/packages/{package_id}',
			summary: 'Get a work package',
			response: s.packageSchema,
		},
		{
			operation: 'update',
			method: 'PATCH',
			path: '/3.0/projects/{project_id}/packages/{package_id}',
			summary: 'Update a work package',
			body: s.packageCreateSchema.partial(),
			response: s.packageSchema,
		},
		{
			operation: 'delete',
			method: 'DELETE',
			path: '/3.0/projects/{project_id}/packages/{package_id}',
			summary: 'Delete a work package',
			response: s.successSchema,
		},
	]),
	...crud2('timesheet', '/2.0/timesheet', 'timesheet_id', '4.7', {
		label: 'timesheet',
		schema: s.timesheetSchema,
		create: s.timesheetCreateSchema,
	}),
	...readOnlyList('timesheetStatus', '/2.0/timesheet_status', '4.7', 'timesheet status'),
	// Business activities have no show, edit or delete endpoints.
	...entries('businessActivity', '4.7', [
		{
			operation: 'getAll',
			method: 'GET',
			path: '/2.0/client_service',
			summary: 'Get many business activities',
			query: s.listQuery,
			response: s.businessActivitySchema,
			paging: offset,
		},
		{
			operation: 'create',
			method: 'POST',
			path: '/2.0/client_service',
			summary: 'Create a business activity',
			body: s.businessActivityCreateSchema,
			response: s.businessActivitySchema,
		},
		{
			operation: 'search',
			method: 'POST',
			path: '/2.0/client_service/search',
			summary: 'Search business activities',
			query: s.listQuery,
			body: s.searchBodySchema,
			response: s.businessActivitySchema,
			paging: offset,
			idempotent: true,
		},
	]),

	// 4.8 Accounting
	...listAndSearch('account', '/2.0/accounts', '4.8', 'account', s.accountSchema),
	...readOnlyList('accountGroup', '/2.0/account_groups', '4.8', 'account group', s.accountSchema),
	...entries('calendarYear', '4.8', [
		{
			operation: 'getAll',
			method: 'GET',
			path: '/3.0/accounting/calendar_years',
			summary: 'Get many calendar years',
			query: s.listQuery,
			response: s.calendarYearSchema,
			paging: offset,
		},
		// Answers the list of years it created, not one object.
		{
			operation: 'create',
			method: 'POST',
			path: '/3.0/accounting/calendar_years',
			summary: 'Create calendar years',
			body: s.calendarYearCreateSchema,
			response: s.calendarYearSchema.array(),
		},
		{
			operation: 'search',
			method: 'POST',
			path: '/3.0/accounting/calendar_years/search',
			summary: 'Search calendar years',
			query: s.listQuery,
			body: s.searchBodySchema,
			response: s.calendarYearSchema,
			paging: offset,
			idempotent: true,
		},
		{
			operation: 'get',
			method: 'GET',
			path: '/3.0/accounting/calendar_years/{calendar_year_id}',
			summary: 'Get a calendar year',
			response: s.calendarYearSchema,
		},
	]),
	...entries('businessYear', '4.8', [
		{
			operation: 'getAll',
			method: 'GET',
			path: '/3.0/accounting/business_years',
			summary: 'Get many business years',
			response: s.businessYearSchema,
			paging: offset,
		},
		{
			operation: 'get',
			method: 'GET',
			path: '/3.0/accounting/business_years/{business_year_id}',
			summary: 'Get a business year',
			response: s.businessYearSchema,
		},
	]),
	...entries('currency', '4.8', [
		{
			operation: 'getAll',
			method: 'GET',
			path: '/3.0/currencies',
			summary: 'Get many currencies',
			query: s.currencyQuery,
			response: s.currencySchema,
			paging: offset,
		},
		{
			operation: 'create',
			method: 'POST',
			path: '/3.0/currencies',
			summary: 'Create a currency',
			body: s.currencyCreateSchema,
			response: s.currencySchema,
		},
		{
			operation: 'get',
			method: 'GET',
			path: '/3.0/currencies/{currency_id}',
			summary: 'Get a currency',
			response: s.currencySchema,
		},
		{
			operation: 'update',
			method: 'PATCH',
			path: '/3.0/currencies/{currency_id}',
			summary: 'Update the rounding of a currency',
			body: s.currencyCreateSchema.pick({ round_factor: true }),
			response: s.currencySchema,
		},
		{
			operation: 'delete',
			method: 'DELETE',
			path: '/3.0/currencies/{currency_id}',
			summary: 'Delete a currency',
			response: s.successSchema,
		},
		{
			operation: 'getExchangeRates',
			method: 'GET',
			path: '/3.0/currencies/{currency_id}/exchange_rates',
			summary: 'Get the exchange rates of a currency',
			query: s.currencyQuery.pick({ date: true }),
			response: s.exchangeRateSchema,
			paging: array,
		},
		{
			operation: 'getCodes',
			method: 'GET',
			path: '/3.0/currencies/codes',
			summary: 'Get all ISO currency codes',
			paging: array,
		},
	]),
	...entries('manualEntry', '4.8', [
		{
			operation: 'getAll',
			method: 'GET',
			path: '/3.0/accounting/manual_entries',
			summary: 'Get many manual entries',
			response: s.manualEntrySchema,
			paging: offset,
		},
		{
			operation: 'create',
			method: 'POST',
			path: '/3.0/accounting/manual_entries',
			summary: 'Create a manual entry',
			body: s.manualEntryCreateSchema,
			response: s.manualEntrySchema,
		},
		{
			operation: 'update',
			method: 'PUT',
			path: '/3.0/accounting/manual_entries/{manual_entry_id}',
			summary: 'Replace a manual entry',
			body: s.manualEntryUpdateSchema,
			response: s.manualEntrySchema,
		},
		{
			operation: 'delete',
			method: 'DELETE',
			path: '/3.0/accounting/manual_entries/{manual_entry_id}',
			summary: 'Delete a manual entry',
			response: s.successSchema,
		},
		{
			operation: 'getNextReferenceNumber',
			method: 'GET',
			path: '/3.0/accounting/manual_entries/next_ref_nr',
			summary: 'Get the next reference number',
			response: s.nextRefNrSchema,
		},
		{
			operation: 'getEntryFiles',
			method: 'GET',
			path: '/3.0/accounting/manual_entries/{manual_entry_id}/entries/{entry_id}/files',
			summary: 'Get the files of one line of a manual entry',
			response: s.fileSchema,
			paging: offset,
		},
		{
			operation: 'uploadEntryFile',
			method: 'POST',
			path: '/3.0/accounting/manual_entries/{manual_entry_id}/entries/{entry_id}/files',
			summary: 'Attach a file to one line of a manual entry',
			bodyKind: 'multipart',
			response: s.attachmentSchema.array(),
		},
		{
			operation: 'getEntryFile',
			method: 'GET',
			path: '/3.0/accounting/manual_entries/{manual_entry_id}/entries/{entry_id}/files/{file_id}',
			summary: 'Get a file of one line of a manual entry',
			response: s.attachmentSchema,
		},
		{
			operation: 'deleteEntryFile',
			method: 'DELETE',
			path: '/3.0/accounting/manual_entries/{manual_entry_id}/entries/{entry_id}/files/{file_id}',
			summary: 'Detach a file from one line of a manual entry',
			response: s.successSchema,
		},
		{
			operation: 'getFiles',
			method: 'GET',
			path: '/3.0/accounting/manual_entries/{manual_entry_id}/files',
			summary: 'Get the files of a compound manual entry',
			response: s.fileSchema,
			paging: offset,
		},
		{
			operation: 'uploadFile',
			method: 'POST',
			path: '/3.0/accounting/manual_entries/{manual_entry_id}/files',
			summary: 'Attach a file to a compound manual entry',
			bodyKind: 'multipart',
			response: s.attachmentSchema.array(),
		},
		{
			operation: 'getFile',
			method: 'GET',
			path: '/3.0/accounting/manual_entries/{manual_entry_id}/files/{file_id}',
			summary: 'Get a file of a compound manual entry',
			response: s.attachmentSchema,
		},
		{
			operation: 'deleteFile',
			method: 'DELETE',
			path: '/3.0/accounting/manual_entries/{manual_entry_id}/files/{file_id}',
			summary: 'Detach a file from a compound manual entry',
			response: s.successSchema,
		},
	]),
	...entries('journal', '4.8', [
		{
			operation: 'getAll',
			method: 'GET',
			path: '/3.0/accounting/journal',
			summary: 'Get many journal bookings',
			query: s.journalQuery,
			response: s.journalEntrySchema,
			paging: offset,
		},
	]),
	...entries('tax', '4.8', [
		{
			operation: 'getAll',
			method: 'GET',
			path: '/3.0/taxes',
			summary: 'Get many taxes',
			query: s.taxQuery,
			response: s.taxSchema,
			paging: offset,
		},
		{
			operation: 'get',
			method: 'GET',
			path: '/3.0/taxes/{tax_id}',
			summary: 'Get a tax',
			response: s.taxSchema,
		},
		{
			operation: 'delete',
			method: 'DELETE',
			path: '/3.0/taxes/{tax_id}',
			summary: 'Delete a tax',
			response: s.successSchema,
		},
	]),
	...entries('vatPeriod', '4.8', [
		{
			operation: 'getAll',
			method: 'GET',
			path: '/3.0/accounting/vat_periods',
			summary: 'Get many VAT periods',
			response: s.vatPeriodSchema,
			paging: offset,
		},
		{
			operation: 'get',
			method: 'GET',
			path: '/3.0/accounting/vat_periods/{vat_period_id}',
			summary: 'Get a VAT period',
			response: s.vatPeriodSchema,
		},
	]),

	// 4.9 Banking
	...entries('bankAccount', '4.9', [
		{
			operation: 'getAll',
			method: 'GET',
			path: '/3.0/banking/accounts',
			summary: 'Get many bank accounts',
			response: s.bankAccountSchema,
			paging: offset,
		},
		{
			operation: 'get',
			method: 'GET',
			path: '/3.0/banking/accounts/{bank_account_id}',
			summary: 'Get a bank account',
			response: s.bankAccountSchema,
		},
	]),
	...entries('ibanPayment', '4.9', [
		{
			operation: 'create',
			method: 'POST',
			path: '/3.0/banking/bank_accounts/{bank_account_id}/iban_payments',
			summary: 'Create an IBAN payment',
			body: s.anyObject,
			response: s.anyObject,
			deprecated: true,
		},
		{
			operation: 'get',
			method: 'GET',
			path: '/3.0/banking/bank_accounts/{bank_account_id}/iban_payments/{payment_id}',
			summary: 'Get an IBAN payment',
			response: s.anyObject,
			deprecated: true,
		},
		{
			operation: 'update',
			method: 'PATCH',
			path: '/3.0/banking/bank_accounts/{bank_account_id}/iban_payments/{payment_id}',
			summary: 'Update an open IBAN payment',
			body: s.anyObject,
			response: s.anyObject,
			deprecated: true,
		},
	]),
	...entries('qrPayment', '4.9', [
		{
			operation: 'create',
			method: 'POST',
			path: '/3.0/banking/bank_accounts/{bank_account_id}/qr_payments',
			summary: 'Create a QR payment',
			body: s.anyObject,
			response: s.anyObject,
			deprecated: true,
		},
		{
			operation: 'get',
			method: 'GET',
			path: '/3.0/banking/bank_accounts/{bank_account_id}/qr_payments/{payment_id}',
			summary: 'Get a QR payment',
			response: s.anyObject,
			deprecated: true,
		},
		{
			operation: 'update',
			method: 'PATCH',
			path: '/3.0/banking/bank_accounts/{bank_account_id}/qr_payments/{payment_id}',
			summary: 'Update an open QR payment',
			body: s.anyObject,
			response: s.anyObject,
			deprecated: true,
		},
	]),
	...entries('bankPaymentV3', '4.9', [
		{
			operation: 'getAll',
			method: 'GET',
			path: '/3.0/banking/payments',
			summary: 'Get many bank payments (3.0)',
			query: s.v3BankingPaymentQuery,
			response: s.legacyBankPaymentSchema,
			paging: offset,
			deprecated: true,
		},
		{
			...action(
				'cancel',
				'/3.0/banking/payments/{payment_id}/cancel',
				'Cancel a bank payment (3.0)',
			),
			deprecated: true,
		},
		{
			operation: 'delete',
			method: 'DELETE',
			path: '/3.0/banking/payments/{payment_id}',
			summary: 'Delete an open bank payment (3.0)',
			response: s.successSchema,
			deprecated: true,
		},
	]),
	...entries('bankPayment', '4.9', [
		{
			operation: 'getAll',
			method: 'GET',
			path: '/4.0/banking/payments',
			summary: 'Get many bank payments',
			query: s.bankingPaymentQuery,
			response: s.bankingPaymentSchema,
			paging: bankingPage,
		},
		{
			operation: 'create',
			method: 'POST',
			path: '/4.0/banking/payments',
			summary: 'Create a bank payment',
			body: s.bankingPaymentCreateSchema,
			response: s.bankingPaymentSchema,
		},
		{
			operation: 'get',
			method: 'GET',
			path: '/4.0/banking/payments/{payment_id}',
			summary: 'Get a bank payment',
			response: s.bankingPaymentSchema,
		},
		{
			operation: 'update',
			method: 'PUT',
			path: '/4.0/banking/payments/{payment_id}',
			summary: 'Replace a bank payment',
			body: s.bankingPaymentCreateSchema,
			response: s.bankingPaymentSchema,
		},
		{
			operation: 'delete',
			method: 'DELETE',
			path: '/4.0/banking/payments/{payment_id}',
			summary: 'Delete a bank payment',
			responseKind: 'empty',
		},
		action('cancel', '/4.0/banking/payments/{payment_id}/cancel', 'Cancel a bank payment'),
	]),

	// 4.10 Purchase
	...entries('bill', '4.10', [
		{
			operation: 'getAll',
			method: 'GET',
			path: '/4.0/purchase/bills',
			summary: 'Get many supplier bills',
			query: s.purchaseListQuery,
			response: s.billSchema,
			paging: purchasePage,
		},
		{
			operation: 'create',
			method: 'POST',
			path: '/4.0/purchase/bills',
			summary: 'Create a supplier bill',
			body: s.billWriteSchema,
			response: s.billSchema,
		},
		{
			operation: 'get',
			method: 'GET',
			path: '/4.0/purchase/bills/{bill_id}',
			summary: 'Get a supplier bill',
			response: s.billSchema,
		},
		{
			operation: 'update',
			method: 'PUT',
			path: '/4.0/purchase/bills/{bill_id}',
			summary: 'Replace a supplier bill',
			body: s.billWriteSchema,
			response: s.billSchema,
		},
		{
			operation: 'delete',
			method: 'DELETE',
			path: '/4.0/purchase/bills/{bill_id}',
			summary: 'Delete a draft supplier bill',
			responseKind: 'empty',
		},
		{
			operation: 'setBookingStatus',
			method: 'PUT',
			path: '/4.0/purchase/bills/{bill_id}/bookings/{status}',
			summary: 'Book a bill or set it back to draft',
			response: s.billSchema,
		},
		{
			operation: 'duplicate',
			method: 'POST',
			path: '/4.0/purchase/bills/{bill_id}/actions',
			summary: 'Duplicate a supplier bill',
			body: s.actionSchema,
			response: s.billSchema,
		},
		{
			operation: 'validateDocumentNumber',
			method: 'GET',
			path: '/4.0/purchase/documentnumbers/bills',
			summary: 'Check a bill document number',
			query: s.documentNumberQuery,
			response: s.documentNumberSchema,
		},
	]),
	...entries('expense', '4.10', [
		{
			operation: 'getAll',
			method: 'GET',
			path: '/4.0/expenses',
			summary: 'Get many expenses',
			query: s.purchaseListQuery,
			response: s.expenseSchema,
			paging: purchasePage,
		},
		{
			operation: 'create',
			method: 'POST',
			path: '/4.0/expenses',
			summary: 'Create an expense',
			body: s.expenseWriteSchema,
			response: s.expenseSchema,
		},
		{
			operation: 'get',
			method: 'GET',
			path: '/4.0/expenses/{expense_id}',
			summary: 'Get an expense',
			response: s.expenseSchema,
		},
		{
			operation: 'update',
			method: 'PUT',
			path: '/4.0/expenses/{expense_id}',
			summary: 'Replace an expense',
			body: s.expenseWriteSchema,
			response: s.expenseSchema,
		},
		{
			operation: 'delete',
			method: 'DELETE',
			path: '/4.0/expenses/{expense_id}',
			summary: 'Delete an expense',
			responseKind: 'empty',
		},
		{
			operation: 'setBookingStatus',
			method: 'PUT',
			path: '/4.0/expenses/{expense_id}/bookings/{status}',
			summary: 'Set an expense to done or back to draft',
			response: s.expenseSchema,
		},
		{
			operation: 'duplicate',
			method: 'POST',
			path: '/4.0/expenses/{expense_id}/actions',
			summary: 'Duplicate an expense',
			body: s.actionSchema,
			response: s.expenseSchema,
		},
		{
			operation: 'validateDocumentNumber',
			method: 'GET',
			path: '/4.0/expenses/documentnumbers',
			summary: 'Check an expense document number',
			query: s.documentNumberQuery,
			response: s.documentNumberSchema,
		},
	]),
	...entries('outgoingPayment', '4.10', [
		{
			operation: 'getAll',
			method: 'GET',
			path: '/4.0/purchase/outgoing-payments',
			summary: 'Get many outgoing payments of a bill',
			query: s.outgoingPaymentQuery,
			response: s.outgoingPaymentSchema,
			paging: purchasePage,
		},
		{
			operation: 'create',
			method: 'POST',
			path: '/4.0/purchase/outgoing-payments',
			summary: 'Create an outgoing payment',
			body: s.outgoingPaymentCreateSchema,
			response: s.outgoingPaymentSchema,
		},
		// The update is a PUT on the collection with the payment id in the body.
		{
			operation: 'update',
			method: 'PUT',
			path: '/4.0/purchase/outgoing-payments',
			summary: 'Update an IBAN or QR outgoing payment',
			body: s.outgoingPaymentUpdateSchema,
			response: s.outgoingPaymentSchema,
		},
		{
			operation: 'get',
			method: 'GET',
			path: '/4.0/purchase/outgoing-payments/{payment_id}',
			summary: 'Get an outgoing payment',
			response: s.outgoingPaymentSchema,
		},
		{
			operation: 'delete',
			method: 'DELETE',
			path: '/4.0/purchase/outgoing-payments/{payment_id}',
			summary: 'Delete an outgoing payment',
			responseKind: 'empty',
		},
	]),
	...entries('purchaseOrder', '4.10', [
		{
			operation: 'getAll',
			method: 'GET',
			path: '/3.0/purchase_orders',
			summary: 'Get many purchase orders',
			query: s.listQuery,
			response: s.purchaseOrderSchema,
			paging: offset,
		},
		{
			operation: 'create',
			method: 'POST',
			path: '/3.0/purchase_orders',
			summary: 'Create a purchase order',
			body: s.anyObject,
			response: s.purchaseOrderSchema,
		},
		{
			operation: 'get',
			method: 'GET',
			path: '/3.0/purchase_orders/{purchase_order_id}',
			summary: 'Get a purchase order',
			response: s.purchaseOrderSchema,
		},
		{
			operation: 'update',
			method: 'PUT',
			path: '/3.0/purchase_orders/{purchase_order_id}',
			summary: 'Replace a purchase order',
			body: s.anyObject,
			response: s.purchaseOrderSchema,
		},
		{
			operation: 'delete',
			method: 'DELETE',
			path: '/3.0/purchase_orders/{purchase_order_id}',
			summary: 'Delete a purchase order',
			response: s.successSchema,
		},
	]),

	// 4.11 Files
	...entries('file', '4.11', [
		{
			operation: 'getAll',
			method: 'GET',
			path: '/3.0/files',
			summary: 'Get many files',
			query: s.fileListQuery,
			response: s.fileSchema,
			paging: offset,
		},
		{
			operation: 'upload',
			method: 'POST',
			path: '/3.0/files',
			summary: 'Upload a file',
			bodyKind: 'multipart',
			response: s.fileSchema.array(),
		},
		{
			operation: 'search',
			method: 'POST',
			path: '/3.0/files/search',
			summary: 'Search files',
			body: s.searchBodySchema,
			response: s.fileSchema,
			paging: offset,
			idempotent: true,
		},
		{
			operation: 'get',
			method: 'GET',
			path: '/3.0/files/{file_id}',
			summary: 'Get a file',
			response: s.fileSchema,
		},
		{
			operation: 'update',
			method: 'PATCH',
			path: '/3.0/files/{file_id}',
			summary: 'Update a file',
			body: s.fileUpdateSchema,
			response: s.fileSchema,
		},
		{
			operation: 'delete',
			method: 'DELETE',
			path: '/3.0/files/{file_id}',
			summary: 'Delete a file',
			response: s.anyObject,
		},
		{
			operation: 'download',
			method: 'GET',
			path: '/3.0/files/{file_id}/download',
			summary: 'Download a file',
			responseKind: 'binary',
		},
		{
			operation: 'preview',
			method: 'GET',
			path: '/3.0/files/{file_id}/preview',
			summary: 'Download the preview of a file',
			responseKind: 'binary',
		},
		{
			operation: 'getUsage',
			method: 'GET',
			path: '/3.0/files/{file_id}/usage',
			summary: 'Get where a file is used',
			response: s.fileUsageSchema,
		},
	]),

	// 4.12 Payroll
	...entries('payrollEmployee', '4.12', [
		{
			operation: 'getAll',
			method: 'GET',
			path: '/4.0/payroll/employees',
			summary: 'Get many employees',
			response: s.employeeSchema,
			paging: payrollData,
		},
		{
			operation: 'create',
			method: 'POST',
			path: '/4.0/payroll/employees',
			summary: 'Create an employee',
			body: s.anyObject,
			response: s.employeeSchema,
		},
		{
			operation: 'get',
			method: 'GET',
			path: '/4.0/payroll/employees/{employee_id}',
			summary: 'Get an employee',
			query: s.employeeQuery,
			response: s.employeeSchema,
		},
		{
			operation: 'update',
			method: 'PATCH',
			path: '/4.0/payroll/employees/{employee_id}',
			summary: 'Update an employee',
			body: s.anyObject,
			responseKind: 'empty',
		},
		{
			operation: 'getPaystub',
			method: 'GET',
			path: '/4.0/payroll/employees/{employee_id}/paystub-pdf/{year}/{month}',
			summary: 'Get the payslip PDF location of a month',
			response: s.paystubSchema,
		},
	]),
	...entries('payrollAbsence', '4.12', [
		{
			operation: 'getAll',
			method: 'GET',
			path: '/4.0/payroll/employees/{employee_id}/absences',
			summary: 'Get many absences of an employee',
			query: s.absenceQuery,
			response: s.absenceSchema,
			paging: payrollData,
		},
		{
			operation: 'create',
			method: 'POST',
			path: '/4.0/payroll/employees/{employee_id}/absences',
			summary: 'Create an absence',
			body: s.anyObject,
			response: s.absenceSchema,
		},
		{
			operation: 'get',
			method: 'GET',
			path: '/4.0/payroll/employees/{employee_id}/absences/{absence_id}',
			summary: 'Get an absence',
			response: s.absenceSchema,
		},
		{
			operation: 'update',
			method: 'PUT',
			path: '/4.0/payroll/employees/{employee_id}/absences/{absence_id}',
			summary: 'Replace an absence',
			body: s.anyObject,
			responseKind: 'empty',
		},
		{
			operation: 'delete',
			method: 'DELETE',
			path: '/4.0/payroll/employees/{employee_id}/absences/{absence_id}',
			summary: 'Delete an absence',
			responseKind: 'empty',
		},
	]),

	// 4.13 Other master data & company
	...entries('companyProfile', '4.13', [
		{
			operation: 'getAll',
			method: 'GET',
			path: '/2.0/company_profile',
			summary: 'Get the company profile',
			response: s.companyProfileSchema,
			paging: array,
		},
		{
			operation: 'get',
			method: 'GET',
			path: '/2.0/company_profile/{profile_id}',
			summary: 'Get a company profile by ID',
			response: s.companyProfileSchema,
		},
	]),
	...crud2('country', '/2.0/country', 'country_id', '4.13', {
		label: 'country',
		schema: s.countrySchema,
		create: s.countryCreateSchema,
	}),
	...listAndSearch('language', '/2.0/language', '4.13', 'language'),
	...listAndSearch('paymentType', '/2.0/payment_type', '4.13', 'payment type'),
	...entries('permission', '4.13', [
		{
			operation: 'get',
			method: 'GET',
			path: '/3.0/permissions',
			summary: 'Get the permissions of the connected user',
			response: s.permissionsSchema,
		},
	]),
	...entries('user', '4.13', [
		{
			operation: 'getAll',
			method: 'GET',
			path: '/3.0/users',
			summary: 'Get many users',
			response: s.userSchema,
			paging: offset,
		},
		{
			operation: 'get',
			method: 'GET',
			path: '/3.0/users/{user_id}',
			summary: 'Get a user',
			response: s.userSchema,
		},
		{
			operation: 'getMe',
			method: 'GET',
			path: '/3.0/users/me',
			summary: 'Get the connected user',
			response: s.userSchema,
		},
	]),
	...entries('fictionalUser', '4.13', [
		{
			operation: 'getAll',
			method: 'GET',
			path: '/3.0/fictional_users',
			summary: 'Get many fictional users',
			response: s.userSchema,
			paging: offset,
		},
		{
			operation: 'create',
			method: 'POST',
			path: '/3.0/fictional_users',
			summary: 'Create a fictional user',
			body: s.fictionalUserCreateSchema,
			response: s.userSchema,
		},
		{
			operation: 'get',
			method: 'GET',
			path: '/3.0/fictional_users/{fictional_user_id}',
			summary: 'Get a fictional user',
			response: s.userSchema,
		},
		{
			operation: 'update',
			method: 'PATCH',
			path: '/3.0/fictional_users/{fictional_user_id}',
			summary: 'Update a fictional user',
			body: s.fictionalUserCreateSchema.partial(),
			response: s.userSchema,
		},
		{
			operation: 'delete',
			method: 'DELETE',
			path: '/3.0/fictional_users/{fictional_user_id}',
			summary: 'Delete a fictional user',
			response: s.successSchema,
		},
	]),
};

/**
 * The catalog. Its type is the literal entries plus the generic index, so the node can still address
 * an operation chosen at run time by id (its UI is built from this data).
 */
export const bexioCatalog: typeof operations & Catalog = operations;

export type BexioCatalog = typeof bexioCatalog;
export type BexioOperationId = keyof typeof operations;
