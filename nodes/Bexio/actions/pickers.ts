import { bexioCatalog } from '../../../clients/bexio/catalog';
import type { PickerSource, PickerTable, Row } from '../../shared/pickers';

/**
 * Which list fills the picker of each bexio field that names another record. Field names are the
 * API's (`tax_id`), path parameters the node's (`taxId`); `resource.field` applies to one resource only.
 */

const OFFICE = 'https://office.bexio.com/index.php/';
const OFFICE_RE = 'https:\\/\\/office\\.bexio\\.com\\/index\\.php\\/';

const str = (v: unknown) => (v === undefined || v === null ? '' : String(v));
const join = (...parts: unknown[]) => parts.map(str).filter(Boolean).join(' ');
const named = (r: Row) => str(r.name) || `#${str(r.id)}`;
const person = (r: Row) => join(r.firstname, r.lastname) + (r.email ? ` (${str(r.email)})` : '');
const period = (r: Row) =>
	`${str(r.start)} – ${str(r.end)}` + (r.status ? ` (${str(r.status)})` : '');

/** A dropdown of a plain named list (units, languages, salutations…). */
const dropdown = (
	list: string,
	label: (r: Row) => string = named,
	extra?: Partial<PickerSource>,
): PickerSource => ({ kind: 'dropdown', list, label, ...extra });

/** A searchable locator; `searchField` is matched with bexio's `like` criterion on the server. */
function locator(
	resource: string,
	label: (r: Row) => string,
	searchField?: string,
	webPath?: string,
): PickerSource {
	return {
		kind: 'locator',
		list: `${resource}.getAll`,
		search: searchField ? { operation: `${resource}.search`, field: searchField } : undefined,
		label,
		url: webPath ? (r) => `${OFFICE}${webPath}/show/id/${str(r.id)}` : undefined,
		urlRegex: webPath ? `${OFFICE_RE}${webPath}\\/show\\/id\\/(\\d+)` : undefined,
		urlPlaceholder: webPath ? `e.g. ${OFFICE}${webPath}/show/id/42` : undefined,
		idPlaceholder: 'e.g. 42',
	};
}

const document = (r: Row) =>
	`${str(r.document_nr) || 'Draft'} · ${str(r.title)}`.replace(/ · $/, '');

/** "the connected user" is 0: the node fills in `GET /3.0/users/me` before sending (see ui.ts). */
const CONNECTED_USER = [
	{ name: 'The Connected User', value: 0, description: 'The user the credential belongs to' },
];

/** Rate and validity in the label: taxes of the same rate differ only by period (7.7 % until 2023, 8.1 % since 2024). */
export function taxLabel(r: Row): string {
	const name = str(r.display_name) || str(r.name) || str(r.code);
	const kind =
		r.type === 'pre_tax' ? 'input tax' : r.type === 'sales_tax' ? 'sales tax' : str(r.type);
	const valid = r.start_year ? `valid ${str(r.start_year)}–${str(r.end_year) || 'today'}` : '';
	const rate = name.includes('%') ? '' : `${str(r.value)} %`;
	return `${name} (${[rate, kind, valid].filter(Boolean).join(', ')})${r.is_active === false ? ' – inactive' : ''}`;
}

export const bexioPickers: PickerTable = {
	system: 'bexio',
	catalog: bexioCatalog,
	sources: {
		// Large collections: search on the server, page through the rest.
		contacts: locator(
			'contact',
			(r) => join(r.name_1, r.name_2) + (r.nr ? ` (${str(r.nr)})` : ''),
			'name_1',
			'kontakt',
		),
		articles: locator(
			'article',
			(r) => `${str(r.intern_name)} (${str(r.intern_code) || str(r.id)})`,
			'intern_name',
		),
		quotes: locator('quote', document, 'document_nr', 'kb_offer'),
		orders: locator('order', document, 'document_nr', 'kb_order'),
		invoices: locator('invoice', document, 'document_nr', 'kb_invoice'),
		deliveries: locator('delivery', document),
		projects: locator('project', (r) => join(r.nr, r.name), 'name', 'pr_project'),
		notes: locator('note', (r) => str(r.subject) || `#${str(r.id)}`, 'subject'),
		tasks: locator('task', (r) => str(r.subject) || `#${str(r.id)}`, 'subject'),
		timesheets: locator('timesheet', (r) => join(r.date, r.duration, r.text)),
		contactRelations: locator(
			'contactRelation',
			(r) =>
				`${str(r.contact_id)} ↔ ${str(r.contact_sub_id)}${r.description ? ` (${str(r.description)})` : ''}`,
		),
		purchaseOrders: locator('purchaseOrder', (r) => str(r.document_nr) || `#${str(r.id)}`),
		bills: {
			kind: 'locator',
			list: 'bill.getAll',
			label: (r) => join(r.document_no, r.title, r.vendor_ref) || str(r.id),
			idPlaceholder: 'e.g. 8f2c…',
		},
		expenses: {
			kind: 'locator',
			list: 'expense.getAll',
			label: (r) => join(r.document_no, r.title) || str(r.id),
			idPlaceholder: 'e.g. 8f2c…',
		},
		files: {
			kind: 'locator',
			list: 'file.getAll',
			label: (r) => str(r.name) || `#${str(r.id)}`,
			idPlaceholder: 'e.g. 42',
		},
		manualEntries: {
			kind: 'locator',
			list: 'manualEntry.getAll',
			label: (r) => join(r.date, r.reference_nr, r.type),
			idPlaceholder: 'e.g. 42',
		},
		employees: {
			kind: 'locator',
			list: 'payrollEmployee.getAll',
			label: (r) => join(r.firstName ?? r.firstname, r.lastName ?? r.lastname) || str(r.id),
			idPlaceholder: 'e.g. 8f2c…',
		},
		bankPayments: {
			kind: 'locator',
			list: 'bankPayment.getAll',
			label: (r) =>
				join(r.execution_date, r.amount, r.currency_code, r.recipient_name ?? r.status) ||
				str(r.id),
		},
		bankPaymentsV3: {
			kind: 'locator',
			list: 'bankPaymentV3.getAll',
			label: (r) => join(r.execution_date, r.amount, r.status) || str(r.id),
		},
		outgoingPayments: {
			kind: 'locator',
			list: 'outgoingPayment.getAll',
			label: (r) => join(r.execution_date, r.amount, r.currency_code) || str(r.id),
		},
		// Records under another record: the list reads the parent from the node's own parameter.
		additionalAddresses: { kind: 'locator', list: 'additionalAddress.getAll', label: named },
		invoicePayments: {
			kind: 'locator',
			list: 'invoicePayment.getAll',
			label: (r) => join(r.date, r.value) || str(r.id),
		},
		invoiceReminders: {
			kind: 'locator',
			list: 'invoiceReminder.getAll',
			label: (r) => `Level ${str(r.reminder_level)} ${str(r.title)}`.trim(),
		},
		documents: {
			kind: 'locator',
			list: 'invoice.getAll',
			search: { operation: 'invoice.search', field: 'document_nr' },
			label: document,
			listByParameter: {
				parameter: 'kbDocumentType',
				lists: { kb_invoice: 'invoice.getAll', kb_order: 'order.getAll', kb_offer: 'quote.getAll' },
			},
		},
		documentComments: {
			kind: 'locator',
			list: 'documentComment.getAll',
			label: (r) => str(r.text).slice(0, 80) || `#${str(r.id)}`,
		},
		milestones: { kind: 'locator', list: 'projectMilestone.getAll', label: named },
		workPackages: { kind: 'locator', list: 'projectPackage.getAll', label: named },
		absences: {
			kind: 'locator',
			list: 'payrollAbsence.getAll',
			label: (r) => join(r.startDate ?? r.start_date, r.endDate ?? r.end_date, r.type) || str(r.id),
		},

		// Master data: small lists, a dropdown each.
		users: dropdown('user.getAll', person, { extra: CONNECTED_USER }),
		fictionalUsers: dropdown('fictionalUser.getAll', person),
		taxes: dropdown('tax.getAll', taxLabel),
		accounts: dropdown('account.getAll', (r) => join(r.account_no, r.name)),
		accountGroups: dropdown('accountGroup.getAll', (r) => join(r.account_no, r.name)),
		units: dropdown('unit.getAll'),
		currencies: dropdown('currency.getAll'),
		currencyCodes: dropdown('currency.getAll', named, { value: (r) => str(r.name) }),
		countries: dropdown(
			'country.getAll',
			(r) =>
				`${named(r)}${r.iso3166_alpha2 || r.iso_3166_alpha2 ? ` (${str(r.iso3166_alpha2 || r.iso_3166_alpha2)})` : ''}`,
		),
		languages: dropdown('language.getAll'),
		salutations: dropdown('salutation.getAll'),
		titles: dropdown('title.getAll'),
		paymentTypes: dropdown('paymentType.getAll'),
		bankAccounts: dropdown(
			'bankAccount.getAll',
			(r) => `${named(r)}${r.iban_nr ? ` (${str(r.iban_nr)})` : ''}`,
		),
		businessActivities: dropdown('businessActivity.getAll'),
		stockLocations: dropdown('stockLocation.getAll'),
		stockAreas: dropdown('stockArea.getAll'),
		projectStatuses: dropdown('projectStatus.getAll'),
		projectTypes: dropdown('projectType.getAll'),
		contactGroups: dropdown('contactGroup.getAll'),
		contactSectors: dropdown('contactSector.getAll'),
		communicationKinds: dropdown('communicationKind.getAll'),
		taskPriorities: dropdown('taskPriority.getAll'),
		taskStatuses: dropdown('taskStatus.getAll'),
		timesheetStatuses: dropdown('timesheetStatus.getAll'),
		calendarYears: dropdown('calendarYear.getAll', period),
		businessYears: dropdown('businessYear.getAll', period),
		vatPeriods: dropdown('vatPeriod.getAll', period),
		companyProfiles: dropdown('companyProfile.getAll'),
	},
	fields: {
		// Body and query fields, as the API spells them.
		contact_id: 'contacts',
		contact_sub_id: 'contacts',
		sub_contact_id: 'contacts',
		supplier_id: 'contacts',
		contact_partner_id: 'contacts',
		article_id: 'articles',
		pr_project_id: 'projects',
		pr_milestone_id: 'milestones',
		pr_parent_milestone_id: 'milestones',
		pr_package_id: 'workPackages',
		bill_id: 'bills',
		user_id: 'users',
		owner_id: 'users',
		tax_id: 'taxes',
		tax_income_id: 'taxes',
		tax_expense_id: 'taxes',
		default_tax_income_id: 'taxes',
		default_tax_expense_id: 'taxes',
		account_id: 'accounts',
		unit_id: 'units',
		currency_id: 'currencies',
		currency_code: 'currencyCodes',
		currency: 'currencyCodes',
		country_id: 'countries',
		language_id: 'languages',
		salutation_id: 'salutations',
		title_id: 'titles',
		payment_type_id: 'paymentTypes',
		bank_account_id: 'bankAccounts',
		client_service_id: 'businessActivities',
		stock_id: 'stockLocations',
		stock_place_id: 'stockAreas',
		pr_state_id: 'projectStatuses',
		pr_project_type_id: 'projectTypes',
		communication_kind_id: 'communicationKinds',
		todo_priority_id: 'taskPriorities',
		todo_status_id: 'taskStatuses',
		'timesheet.status_id': 'timesheetStatuses',
		// Path parameters, as the node names them.
		contactId: 'contacts',
		contactRelationId: 'contactRelations',
		contactGroupId: 'contactGroups',
		addressId: 'additionalAddresses',
		salutationId: 'salutations',
		titleId: 'titles',
		noteId: 'notes',
		taskId: 'tasks',
		quoteId: 'quotes',
		orderId: 'orders',
		deliveryId: 'deliveries',
		invoiceId: 'invoices',
		'invoicePayment.paymentId': 'invoicePayments',
		'bankPayment.paymentId': 'bankPayments',
		'bankPaymentV3.paymentId': 'bankPaymentsV3',
		'outgoingPayment.paymentId': 'outgoingPayments',
		'outgoingPayment.payment_id': 'outgoingPayments',
		reminderId: 'invoiceReminders',
		documentId: 'documents',
		commentId: 'documentComments',
		articleId: 'articles',
		unitId: 'units',
		projectId: 'projects',
		milestoneId: 'milestones',
		packageId: 'workPackages',
		timesheetId: 'timesheets',
		calendarYearId: 'calendarYears',
		businessYearId: 'businessYears',
		currencyId: 'currencies',
		manualEntryId: 'manualEntries',
		'file.fileId': 'files',
		taxId: 'taxes',
		vatPeriodId: 'vatPeriods',
		bankAccountId: 'bankAccounts',
		billId: 'bills',
		expenseId: 'expenses',
		purchaseOrderId: 'purchaseOrders',
		employeeId: 'employees',
		absenceId: 'absences',
		profileId: 'companyProfiles',
		countryId: 'countries',
		userId: 'users',
		fictionalUserId: 'fictionalUsers',
	},
	exempt: {
		// Seven position kinds each list their own positions; the ID comes from the document's `positions`.
		positionId:
			'positions of a document are listed per kind (Get Many of that kind); the ID is in the document',
		// A line of a manual entry has no list of its own: its ID is in the entry's `entries`.
		entryId: 'a line of a manual entry, listed only inside the entry',
		// A note's record: `module_id` says which kind of record `entry_id` is (contact, project…).
		entry_id: 'a record of the kind named by module_id, so no single list fits',
		// Attachments of a manual entry (or one of its lines): their IDs come from Get Files of that entry.
		'manualEntry.fileId': "an attachment of the entry, listed by the entry's Get Files operation",
		// Deprecated 3.0 payment endpoints have no list operation in the API.
		'ibanPayment.paymentId': 'deprecated endpoint without a list',
		'qrPayment.paymentId': 'deprecated endpoint without a list',
		// Positions nest under another position (subposition groups): only known inside the document.
		parent_id: 'a sub-position group of the same document, known only inside it',
		module_id: 'a code for the kind of record a note belongs to, not a record',
		// Document kinds and conversions are fixed codes, not records.
		article_type_id: 'a fixed code (1 product, 2 service)',
		contact_type_id: 'a fixed code (1 company, 2 person), offered as a fixed list',
		pr_invoice_type_id: 'a fixed code of the project billing mode',
		pr_budget_type_id: 'a fixed code of the project budget mode',
		// Invoice payments can name a payment service provider; bexio offers no list of them.
		payment_service_id: 'no list endpoint in the API',
	},
};
