import { bexioCatalog } from '../../../clients/bexio/catalog';
import {
	attachmentSchema,
	invoiceCreateSchema,
	orderCreateSchema,
	pdfSchema,
	quoteCreateSchema,
	SEARCH_CRITERIA,
	searchBodySchema,
} from '../../../clients/bexio/schemas';
import { criterion, type SearchCriteria } from '../../../clients/bexio/search';
import type { OperationDef } from '../../../clients/catalog';
import type { CatalogUi, RowsUi } from '../../shared/catalogProperties';
import type { BexioNodeClient } from '../transport';
import { customOperations } from './custom';
import { bexioPickers } from './pickers';

const RESOURCES: Record<string, string> = {
	account: 'Account',
	accountGroup: 'Account Group',
	additionalAddress: 'Additional Address',
	article: 'Article',
	bankAccount: 'Bank Account',
	bankPayment: 'Bank Payment',
	bankPaymentV3: 'Bank Payment (3.0, Deprecated)',
	bill: 'Supplier Bill',
	businessActivity: 'Business Activity',
	businessYear: 'Business Year',
	calendarYear: 'Calendar Year',
	communicationKind: 'Communication Kind',
	companyProfile: 'Company Profile',
	contact: 'Contact',
	contactGroup: 'Contact Group',
	contactRelation: 'Contact Relation',
	contactSector: 'Contact Sector',
	country: 'Country',
	currency: 'Currency',
	delivery: 'Delivery',
	documentComment: 'Document Comment',
	documentPosition: 'Document Position',
	documentSetting: 'Document Setting',
	documentTemplate: 'Document Template',
	expense: 'Expense',
	fictionalUser: 'Fictional User',
	file: 'File',
	ibanPayment: 'IBAN Payment (Deprecated)',
	invoice: 'Invoice',
	invoicePayment: 'Invoice Payment',
	invoiceReminder: 'Invoice Reminder',
	journal: 'Journal',
	language: 'Language',
	manualEntry: 'Manual Entry',
	note: 'Note',
	order: 'Order',
	outgoingPayment: 'Outgoing Payment',
	paymentType: 'Payment Type',
	payrollAbsence: 'Payroll Absence',
	payrollEmployee: 'Payroll Employee',
	permission: 'Permission',
	project: 'Project',
	projectMilestone: 'Project Milestone',
	projectPackage: 'Project Work Package',
	projectStatus: 'Project Status',
	projectType: 'Project Type',
	purchaseOrder: 'Purchase Order',
	qrPayment: 'QR Payment (Deprecated)',
	quote: 'Quote',
	salutation: 'Salutation',
	stockArea: 'Stock Area',
	stockLocation: 'Stock Location',
	task: 'Task',
	taskPriority: 'Task Priority',
	taskStatus: 'Task Status',
	tax: 'Tax',
	timesheet: 'Timesheet',
	timesheetStatus: 'Timesheet Status',
	title: 'Title',
	unit: 'Unit',
	user: 'User',
	vatPeriod: 'VAT Period',
};

/** Spellings bexio accepts twice; the builder offers one of each. */
const ALIASES = new Set<string>([
	'equal',
	'not_equal',
	'greater_than',
	'greater_equal',
	'less_than',
	'less_equal',
	'==',
]);
const CRITERIA_NAMES: Record<string, string> = {
	'=': 'Equals',
	'!=': 'Not Equals',
	'>': 'Greater Than',
	'>=': 'Greater or Equal',
	'<': 'Less Than',
	'<=': 'Less or Equal',
	like: 'Contains (Like)',
	not_like: 'Does Not Contain',
	is_null: 'Is Empty',
	not_null: 'Is Not Empty',
	in: 'In List',
	not_in: 'Not in List',
};

/** Required user references that default to the connected user (`/3.0/users/me`) when left at 0. */
const USER_FIELDS = ['user_id', 'owner_id'];

const POSITION_KINDS = [
	{ name: 'Custom (Free Text and Price)', value: 'KbPositionCustom' },
	{ name: 'Article', value: 'KbPositionArticle' },
	{ name: 'Text Only', value: 'KbPositionText' },
];
const priced = { show: { type: ['KbPositionCustom', 'KbPositionArticle'] } };

/** Positions of a quote, order or invoice as rows; amounts stay decimal strings so nothing is rounded on the way. */
const positionRows: RowsUi = {
	appliesTo: (op) =>
		op.body === invoiceCreateSchema ||
		op.body === quoteCreateSchema ||
		op.body === orderCreateSchema,
	rowName: 'position',
	rowDisplayName: 'Position',
	values: [
		{
			displayName: 'Type',
			name: 'type',
			type: 'options',
			options: POSITION_KINDS,
			default: 'KbPositionCustom',
		},
		{
			displayName: 'Article ID',
			name: 'article_id',
			type: 'number',
			default: 0,
			displayOptions: { show: { type: ['KbPositionArticle'] } },
		},
		{ displayName: 'Text', name: 'text', type: 'string', default: '', typeOptions: { rows: 2 } },
		{
			displayName: 'Quantity',
			name: 'amount',
			type: 'string',
			default: '1',
			placeholder: 'e.g. 2.5',
			displayOptions: priced,
		},
		{ displayName: 'Unit ID', name: 'unit_id', type: 'number', default: 0, displayOptions: priced },
		{
			displayName: 'Unit Price',
			name: 'unit_price',
			type: 'string',
			default: '',
			placeholder: 'e.g. 120.00',
			displayOptions: priced,
		},
		{ displayName: 'Tax ID', name: 'tax_id', type: 'number', default: 0, displayOptions: priced },
		{
			displayName: 'Account ID',
			name: 'account_id',
			type: 'number',
			default: 0,
			displayOptions: priced,
		},
		{
			displayName: 'Discount (%)',
			name: 'discount_in_percent',
			type: 'string',
			default: '',
			placeholder: 'e.g. 10',
			displayOptions: priced,
		},
	],
	toApi(row) {
		const type = String(row.type ?? 'KbPositionCustom');
		if (type === 'KbPositionText') return { type, text: row.text };
		const id = (field: string) => {
			const v = row[field];
			if (v === '' || v === undefined || v === null || v === 0) return undefined;
			const n = Number(v);
			if (!Number.isInteger(n))
				throw new Error(`"${field}" must be an ID (a whole number), got "${String(v)}"`);
			return n;
		};
		if (type === 'KbPositionArticle' && id('article_id') === undefined)
			throw new Error('choose the article');
		const out: Record<string, unknown> = {
			type,
			text: row.text || undefined,
			amount: String(row.amount ?? ''),
			unit_price: row.unit_price === '' ? undefined : String(row.unit_price ?? ''),
		};
		for (const f of [
			'unit_id',
			'tax_id',
			'account_id',
			...(type === 'KbPositionArticle' ? ['article_id'] : []),
		])
			if (id(f) !== undefined) out[f] = id(f);
		if (row.discount_in_percent !== '' && row.discount_in_percent !== undefined)
			out.discount_in_percent = String(row.discount_in_percent);
		return out;
	},
};

export const bexioUi: CatalogUi = {
	catalog: bexioCatalog,
	resources: Object.fromEntries(Object.entries(RESOURCES).map(([k, v]) => [k, { displayName: v }])),
	pickers: bexioPickers,
	rows: { positions: positionRows },
	pathOptions: {
		kbDocumentType: [
			{ name: 'Invoice', value: 'kb_invoice' },
			{ name: 'Order', value: 'kb_order' },
			{ name: 'Quote', value: 'kb_offer' },
		],
		status: [
			{ name: 'Booked (Bills)', value: 'BOOKED' },
			{ name: 'Done (Expenses)', value: 'DONE' },
			{ name: 'Draft', value: 'DRAFT' },
		],
	},
	custom: customOperations,
	// 2.0 edits (POST on the record) and 3.0/4.0 PUT replace the whole record.
	isMergeUpdate: (op: OperationDef) =>
		op.operation.startsWith('update') &&
		(op.method === 'POST' || op.method === 'PUT') &&
		!op.path.includes('kb_position'),
	readToWrite: { project_id: 'pr_project_id', has_reminder: 'have_remember' },
	fieldChoices: {
		contact_type_id: {
			options: [
				{ name: 'Company', value: 1 },
				{ name: 'Person', value: 2 },
			],
			default: 1,
		},
	},
	search: {
		isSearch: (op: OperationDef) => op.body === searchBodySchema,
		// n8n reads a parameter value starting with "=" as an expression ("=" itself evaluates to ""), so
		// Equals is stored under its alias "equal" and sent as "=".
		criteria: SEARCH_CRITERIA.filter((c) => !ALIASES.has(c)).map((c) => ({
			name: CRITERIA_NAMES[c] ?? c,
			value: c === '=' ? 'equal' : c,
		})),
		build: (rows) =>
			rows.map((r) =>
				criterion(
					String(r.field ?? '').trim(),
					(r.criteria === 'equal' ? '=' : r.criteria) as SearchCriteria,
					r.value ?? '',
				),
			),
	},
	// Quote, order, invoice and reminder PDFs and manual-entry attachments come as base64 in JSON.
	base64File: (op: OperationDef) =>
		op.response === pdfSchema
			? { content: 'content', name: 'name', mime: 'mime' }
			: op.response === attachmentSchema
				? { content: 'data', name: 'name', mime: 'mime_type' }
				: undefined,
	async prepareBody(body, _op, client) {
		if (!USER_FIELDS.some((f) => f in body && !body[f])) return body;
		const me = (await (client as BexioNodeClient).call('user.getMe')) as { id: number };
		const out = { ...body };
		for (const f of USER_FIELDS) if (f in out && !out[f]) out[f] = me.id;
		return out;
	},
};
