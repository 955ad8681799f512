import {
	catalogLines,
	isIdempotent,
	pathParamNames,
	type OperationDef,
} from '../../../clients/catalog';
import { bexioCatalog } from '../../../clients/bexio/catalog';

/**
 * The endpoints of https://docs.bexio.com/ transcribed row by row: `[methods, path]` as the docs print them (`GET/POST/DELETE`
 * rows expand to one operation per verb). Parameter names are compared as `{}`: the docs write
 * `{id}` where the catalog names the parameter (`{contact_id}`).
 */
type Row = readonly [string, string];
const crud2 = (path: string): Row[] => [
	['GET/POST', path],
	['POST', `${path}/search`],
	['GET/POST/DELETE', `${path}/{id}`],
];
const POSITION_SEGMENTS = [
	'custom',
	'article',
	'text',
	'subtotal',
	'discount',
	'pagebreak',
	'subposition',
];

const SECTIONS: Record<string, Row[]> = {
	'4.1': [
		...crud2('/2.0/contact'),
		['POST', '/2.0/contact/_bulk_create'],
		['PATCH', '/2.0/contact/{contact_id}/restore'],
		...crud2('/2.0/contact_relation'),
		...crud2('/2.0/contact_group'),
		['GET', '/2.0/contact_branch'],
		['POST', '/2.0/contact_branch/search'],
		...crud2('/2.0/contact/{contact_id}/additional_address'),
		...crud2('/2.0/salutation'),
		...crud2('/2.0/title'),
		...crud2('/2.0/note'),
		...crud2('/2.0/task'),
		['GET', '/2.0/todo_priority'],
		['GET', '/2.0/todo_status'],
		['GET', '/2.0/communication_kind'],
		['POST', '/2.0/communication_kind/search'],
	],
	'4.2': [
		...crud2('/2.0/kb_offer'),
		...[
			'issue',
			'revertIssue',
			'accept',
			'reject',
			'reissue',
			'mark_as_sent',
			'send',
			'copy',
			'order',
			'invoice',
		].map((a): Row => ['POST', `/2.0/kb_offer/{id}/${a}`]),
		['GET', '/2.0/kb_offer/{id}/pdf'],
	],
	'4.3': [
		...crud2('/2.0/kb_order'),
		['POST', '/2.0/kb_order/{id}/delivery'],
		['POST', '/2.0/kb_order/{id}/invoice'],
		['GET', '/2.0/kb_order/{id}/pdf'],
		['GET/POST/DELETE', '/2.0/kb_order/{id}/repetition'],
		['GET', '/2.0/kb_delivery'],
		['GET', '/2.0/kb_delivery/{delivery_id}'],
		['POST', '/2.0/kb_delivery/{id}/issue'],
	],
	'4.4': [
		...crud2('/2.0/kb_invoice'),
		['GET', '/2.0/kb_invoice/{id}/pdf'],
		...['copy', 'issue', 'revert_issue', 'cancel', 'mark_as_sent', 'send'].map(
			(a): Row => ['POST', `/2.0/kb_invoice/{id}/${a}`],
		),
		['GET/POST', '/2.0/kb_invoice/{id}/payment'],
		['GET/DELETE', '/2.0/kb_invoice/{id}/payment/{payment_id}'],
		['GET/POST', '/2.0/kb_invoice/{id}/kb_reminder'],
		['POST', '/2.0/kb_invoice/{id}/kb_reminder/search'],
		['GET/DELETE', '/2.0/kb_invoice/{id}/kb_reminder/{reminder_id}'],
		['POST', '/2.0/kb_invoice/{id}/kb_reminder/{reminder_id}/mark_as_sent'],
		['POST', '/2.0/kb_invoice/{id}/kb_reminder/{reminder_id}/mark_as_unsent'],
		['POST', '/2.0/kb_invoice/{id}/kb_reminder/{reminder_id}/send'],
		['GET', '/2.0/kb_invoice/{id}/kb_reminder/{reminder_id}/pdf'],
	],
	'4.5': [
		['GET', '/2.0/kb_item_setting'],
		['GET', '/3.0/document_templates'],
		['GET/POST', '/2.0/{kb_document_type}/{document_id}/comment'],
		['GET', '/2.0/{kb_document_type}/{document_id}/comment/{comment_id}'],
		...POSITION_SEGMENTS.flatMap((p): Row[] => [
			['GET/POST', `/2.0/{kb_document_type}/{document_id}/kb_position_${p}`],
			['GET/POST/DELETE', `/2.0/{kb_document_type}/{document_id}/kb_position_${p}/{position_id}`],
		]),
	],
	'4.6': [
		...crud2('/2.0/article'),
		['GET', '/2.0/stock'],
		['POST', '/2.0/stock/search'],
		['GET', '/2.0/stock_place'],
		['POST', '/2.0/stock_place/search'],
		...crud2('/2.0/unit'),
	],
	'4.7': [
		...crud2('/2.0/pr_project'),
		['POST', '/2.0/pr_project/{id}/archive'],
		['POST', '/2.0/pr_project/{id}/reactivate'],
		['GET', '/2.0/pr_project_state'],
		['GET', '/2.0/pr_project_type'],
		['GET/POST', '/3.0/projects/{project_id}/milestones'],
		['GET/DELETE', '/3.0/projects/{project_id}/milestones/{milestone_id}'],
		// "POST (doc) / PATCH (live)": both are listed, the POST one deprecated.
		['POST', '/3.0/projects/{project_id}/milestones/{milestone_id}'],
		['GET/POST', '/3.0/projects/{project_id}/packages'],
		['GET/PATCH/DELETE', '/3.0/projects/{project_id}/packages/{package_id}'],
		...crud2('/2.0/timesheet'),
		['GET', '/2.0/timesheet_status'],
		['GET/POST', '/2.0/client_service'],
		['POST', '/2.0/client_service/search'],
	],
	'4.8': [
		['GET', '/2.0/accounts'],
		['POST', '/2.0/accounts/search'],
		['GET', '/2.0/account_groups'],
		['GET/POST', '/3.0/accounting/calendar_years'],
		['POST', '/3.0/accounting/calendar_years/search'],
		['GET', '/3.0/accounting/calendar_years/{id}'],
		['GET', '/3.0/accounting/business_years'],
		['GET', '/3.0/accounting/business_years/{id}'],
		['GET/POST', '/3.0/currencies'],
		['GET/PATCH/DELETE', '/3.0/currencies/{currency_id}'],
		['GET', '/3.0/currencies/{currency_id}/exchange_rates'],
		['GET', '/3.0/currencies/codes'],
		['GET/POST', '/3.0/accounting/manual_entries'],
		['PUT/DELETE', '/3.0/accounting/manual_entries/{manual_entry_id}'],
		['GET', '/3.0/accounting/manual_entries/next_ref_nr'],
		['GET/POST', '/3.0/accounting/manual_entries/{id}/entries/{entry_id}/files'],
		['GET/DELETE', '/3.0/accounting/manual_entries/{id}/entries/{entry_id}/files/{file_id}'],
		['GET/POST', '/3.0/accounting/manual_entries/{id}/files'],
		['GET/DELETE', '/3.0/accounting/manual_entries/{id}/files/{file_id}'],
		['GET', '/3.0/accounting/journal'],
		['GET', '/3.0/taxes'],
		['GET/DELETE', '/3.0/taxes/{tax_id}'],
		['GET', '/3.0/accounting/vat_periods'],
		['GET', '/3.0/accounting/vat_periods/{id}'],
	],
	'4.9': [
		['GET', '/3.0/banking/accounts'],
		['GET', '/3.0/banking/accounts/{bank_account_id}'],
		['POST', '/3.0/banking/bank_accounts/{bank_account_id}/iban_payments'],
		['GET/PATCH', '/3.0/banking/bank_accounts/{bank_account_id}/iban_payments/{payment_id}'],
		['POST', '/3.0/banking/bank_accounts/{bank_account_id}/qr_payments'],
		['GET/PATCH', '/3.0/banking/bank_accounts/{bank_account_id}/qr_payments/{payment_id}'],
		['GET', '/3.0/banking/payments'],
		['POST', '/3.0/banking/payments/{payment_id}/cancel'],
		['DELETE', '/3.0/banking/payments/{payment_id}'],
		['GET/POST', '/4.0/banking/payments'],
		['GET/PUT/DELETE', '/4.0/banking/payments/{payment_id}'],
		['POST', '/4.0/banking/payments/{payment_id}/cancel'],
	],
	'4.10': [
		['GET/POST', '/4.0/purchase/bills'],
		['GET/PUT/DELETE', '/4.0/purchase/bills/{id}'],
		['PUT', '/4.0/purchase/bills/{id}/bookings/{status}'],
		['POST', '/4.0/purchase/bills/{id}/actions'],
		['GET', '/4.0/purchase/documentnumbers/bills'],
		['GET/POST', '/4.0/expenses'],
		['GET/PUT/DELETE', '/4.0/expenses/{id}'],
		['PUT', '/4.0/expenses/{id}/bookings/{status}'],
		['POST', '/4.0/expenses/{id}/actions'],
		['GET', '/4.0/expenses/documentnumbers'],
		['GET/POST/PUT', '/4.0/purchase/outgoing-payments'],
		['GET/DELETE', '/4.0/purchase/outgoing-payments/{id}'],
		['GET/POST', '/3.0/purchase_orders'],
		['GET/PUT/DELETE', '/3.0/purchase_orders/{purchase_order_id}'],
	],
	'4.11': [
		['GET/POST', '/3.0/files'],
		['POST', '/3.0/files/search'],
		['GET/PATCH/DELETE', '/3.0/files/{file_id}'],
		['GET', '/3.0/files/{file_id}/download'],
		['GET', '/3.0/files/{file_id}/preview'],
		['GET', '/3.0/files/{file_id}/usage'],
	],
	'4.12': [
		['GET/POST', '/4.0/payroll/employees'],
		['GET/PATCH', '/4.0/payroll/employees/{employeeId}'],
		['GET/POST', '/4.0/payroll/employees/{employeeId}/absences'],
		['GET/PUT/DELETE', '/4.0/payroll/employees/{employeeId}/absences/{absenceId}'],
		['GET', '/4.0/payroll/employees/{employeeId}/paystub-pdf/{year}/{month}'],
	],
	'4.13': [
		['GET', '/2.0/company_profile'],
		['GET', '/2.0/company_profile/{profile_id}'],
		...crud2('/2.0/country'),
		['GET', '/2.0/language'],
		['POST', '/2.0/language/search'],
		['GET', '/2.0/payment_type'],
		['POST', '/2.0/payment_type/search'],
		['GET', '/3.0/permissions'],
		['GET', '/3.0/users'],
		['GET', '/3.0/users/{user_id}'],
		['GET', '/3.0/users/me'],
		['GET/POST', '/3.0/fictional_users'],
		['GET/PATCH/DELETE', '/3.0/fictional_users/{id}'],
	],
};

/** Documented operations the catalog leaves out on purpose, with the reason. None today. */
const INTENTIONALLY_OMITTED: Array<{ line: string; reason: string }> = [];

/** What the API does not have (per the docs): the catalog must not invent it. */
const NOT_IN_API: Array<{ line: string; reason: string }> = [
	{
		line: 'GET /2.0/client_service/{}',
		reason: 'business activities have no show/edit/delete (4.7)',
	},
	{
		line: 'DELETE /2.0/client_service/{}',
		reason: 'business activities have no show/edit/delete (4.7)',
	},
	{
		line: 'GET /3.0/accounting/manual_entries/{}',
		reason: 'no single GET for a manual entry (4.8)',
	},
	{ line: 'PUT /2.0/kb_invoice/{}', reason: '2.0 edits are POST; PUT answers 422 (3.1)' },
	{
		line: 'PUT /4.0/purchase/outgoing-payments/{}',
		reason: 'the update is a PUT on the collection; this answers 405 (3.6, 4.10)',
	},
	{ line: 'GET /4.0/purchase/expenses', reason: 'expenses live at /4.0/expenses (7.12)' },
	{ line: 'GET /2.0/currency', reason: 'retired v2 route, now /3.0/currencies (7.12)' },
	{ line: 'POST /2.0/kb_credit_voucher', reason: 'no credit-note API (4.4)' },
];

const normalize = (line: string) => line.replace(/\{[^}]+\}/g, '{}');
const expand = (rows: Row[]) =>
	rows.flatMap(([methods, path]) => methods.split('/').map((m) => normalize(`${m} ${path}`)));
const documented = Object.entries(SECTIONS).flatMap(([section, rows]) =>
	expand(rows).map((line) => ({ section, line })),
);
const ops = Object.entries(bexioCatalog) as Array<[string, OperationDef]>;
const byLine = new Map(ops.map(([id, op]) => [normalize(`${op.method} ${op.path}`), { id, op }]));

describe('bexio catalog', () => {
	it('has unique ids and unique request lines', () => {
		const lines = ops.map(([, op]) => `${op.method} ${op.path}`);
		expect(new Set(lines).size).toBe(lines.length);
		expect(new Set(lines.map(normalize)).size).toBe(lines.length);
		expect(catalogLines(bexioCatalog)).toHaveLength(ops.length);
	});

	it('names every operation resource.operation in camelCase', () => {
		for (const [id, op] of ops) {
			expect(id).toBe(`${op.resource}.${op.operation}`);
			expect(op.resource).toMatch(/^[a-z][a-zA-Z0-9]*$/);
			expect(op.operation).toMatch(/^[a-z][a-zA-Z0-9]*$/);
			expect(op.summary).toMatch(/^[A-Z]/);
		}
	});

	it('covers every documented operation, and nothing else', () => {
		const wanted = new Set(documented.map((d) => d.line));
		const omitted = new Set(INTENTIONALLY_OMITTED.map((o) => normalize(o.line)));
		expect(wanted.size).toBe(documented.length);
		const missing = [...wanted].filter((line) => !byLine.has(line) && !omitted.has(line));
		const invented = [...byLine.keys()].filter((line) => !wanted.has(line));
		expect(missing).toEqual([]);
		expect(invented).toEqual([]);
		expect(ops.length + omitted.size).toBe(wanted.size);
	});

	it('files each operation under the section that documents it', () => {
		const wrong = documented
			.filter((d) => byLine.get(d.line) && byLine.get(d.line)!.op.ref !== d.section)
			.map((d) => `${d.line}: ${byLine.get(d.line)!.op.ref} ≠ ${d.section}`);
		expect(wrong).toEqual([]);
	});

	it('does not invent what the API lacks', () => {
		expect(NOT_IN_API.filter((n) => byLine.has(normalize(n.line))).map((n) => n.line)).toEqual([]);
	});

	it('keeps the documented verbs and their retry safety', () => {
		for (const [id, op] of ops) {
			const is2 = op.path.startsWith('/2.0/');
			if (op.path.endsWith('/search')) {
				expect([id, op.method, isIdempotent(op)]).toEqual([id, 'POST', true]);
			}
			// A 2.0 edit (POST on the record itself) resends the whole record: safe to repeat (3.1).
			if (is2 && op.method === 'POST' && op.operation.startsWith('update'))
				expect([id, isIdempotent(op)]).toEqual([id, true]);
			if (op.operation === 'create' || op.operation.startsWith('create'))
				expect([id, isIdempotent(op)]).toEqual([id, false]);
		}
		const line = (id: string) => `${bexioCatalog[id].method} ${bexioCatalog[id].path}`;
		expect(line('quote.revertIssue')).toBe('POST /2.0/kb_offer/{quote_id}/revertIssue');
		expect(line('invoice.revertIssue')).toBe('POST /2.0/kb_invoice/{invoice_id}/revert_issue');
		expect(line('quote.reject')).toBe('POST /2.0/kb_offer/{quote_id}/reject');
		expect(line('project.reactivate')).toBe('POST /2.0/pr_project/{project_id}/reactivate');
		expect(line('contact.restore')).toBe('PATCH /2.0/contact/{contact_id}/restore');
		expect(line('outgoingPayment.update')).toBe('PUT /4.0/purchase/outgoing-payments');
		expect(line('bill.setBookingStatus')).toBe(
			'PUT /4.0/purchase/bills/{bill_id}/bookings/{status}',
		);
		// Documented and used live as a POST; the PATCH form had no public source and is gone.
		expect(line('projectMilestone.update')).toBe(
			'POST /3.0/projects/{project_id}/milestones/{milestone_id}',
		);
		expect(
			Object.values(bexioCatalog)
				.filter((o) => o.path === '/3.0/projects/{project_id}/milestones/{milestone_id}')
				.map((o) => o.method)
				.sort(),
		).toEqual(['DELETE', 'GET', 'POST']);
		expect(bexioCatalog['projectPackage.update'].method).toBe('PATCH');
	});

	it('pages every list the way its family does (limit/offset or page)', () => {
		for (const [id, op] of ops) {
			if (!op.paging) continue;
			const p = op.paging;
			if (op.path.startsWith('/4.0/purchase/') || op.path === '/4.0/expenses')
				expect([id, p]).toEqual([id, { kind: 'bexioPage', maxLimit: 500 }]);
			else if (op.path === '/4.0/banking/payments')
				expect([id, p]).toEqual([id, { kind: 'bexioBankingPage', maxLimit: 2000 }]);
			else if (op.path.startsWith('/4.0/payroll/')) expect([id, p.kind]).toEqual([id, 'bexioData']);
			else if (p.kind !== 'array')
				expect([id, p]).toEqual([id, { kind: 'bexioOffset', maxLimit: 2000, defaultLimit: 500 }]);
		}
		const unpaged = ops
			.filter(([, op]) => op.paging?.kind === 'array')
			.map(([id]) => id)
			.sort();
		expect(unpaged).toEqual([
			'companyProfile.getAll',
			'currency.getCodes',
			'currency.getExchangeRates',
			'documentTemplate.getAll',
		]);
		// Every GET collection without a record id is a list.
		const notLists = ops
			.filter(([, op]) => op.method === 'GET' && !op.paging && !/\}$/.test(op.path))
			.map(([id]) => id)
			.sort();
		expect(notLists).toEqual(
			[
				'bill.validateDocumentNumber',
				'expense.validateDocumentNumber',
				'invoice.getPdf',
				'invoiceReminder.getPdf',
				'manualEntry.getNextReferenceNumber',
				'order.getPdf',
				'order.getRepetition',
				'permission.get',
				'quote.getPdf',
				'user.getMe',
				'file.download',
				'file.getUsage',
				'file.preview',
			].sort(),
		);
	});

	it('marks downloads binary, uploads multipart and the deprecated 3.0 banking routes', () => {
		const binary = ops.filter(([, op]) => op.responseKind === 'binary').map(([, op]) => op.path);
		expect(binary.sort()).toEqual([
			'/3.0/files/{file_id}/download',
			'/3.0/files/{file_id}/preview',
		]);
		const multipart = ops.filter(([, op]) => op.bodyKind === 'multipart').map(([id]) => id);
		expect(multipart.sort()).toEqual([
			'file.upload',
			'manualEntry.uploadEntryFile',
			'manualEntry.uploadFile',
		]);
		for (const [id, op] of ops) {
			if (
				op.path.startsWith('/3.0/banking/bank_accounts') ||
				op.path.startsWith('/3.0/banking/payments')
			)
				expect([id, op.deprecated]).toEqual([id, true]);
		}
	});

	it('models positions as one resource with the document type as a path parameter', () => {
		const positions = ops.filter(([, op]) => op.resource === 'documentPosition');
		expect(positions).toHaveLength(7 * 5);
		for (const [id, op] of positions) {
			expect([id, pathParamNames(op.path).slice(0, 2)]).toEqual([
				id,
				['kb_document_type', 'document_id'],
			]);
		}
		expect(bexioCatalog['documentPosition.createPagebreak'].body!.safeParse({}).success).toBe(
			false,
		);
		expect(
			bexioCatalog['documentPosition.createPagebreak'].body!.safeParse({ pagebreak: true }).success,
		).toBe(true);
		expect(
			bexioCatalog['documentPosition.createArticle'].body!.safeParse({ amount: '1' }).success,
		).toBe(false);
	});

	it('documents the query parameters the docs name', () => {
		const keys = (id: string) =>
			Object.keys(
				(bexioCatalog[id].query as unknown as { shape: Record<string, unknown> }).shape,
			).sort();
		expect(keys('contact.getAll')).toEqual(['order_by', 'show_archived']);
		expect(keys('contact.get')).toEqual(['show_archived']);
		expect(keys('tax.getAll')).toEqual(['date', 'scope', 'types']);
		expect(keys('currency.getAll')).toEqual(['date', 'embed']);
		expect(keys('invoice.getPdf')).toEqual(['logopaper']);
		expect(keys('file.getAll')).toEqual(['archived_state', 'order_by']);
		expect(keys('journal.getAll')).toEqual(['account_uuid', 'from', 'to']);
		expect(keys('payrollAbsence.getAll')).toEqual(['businessYear']);
		expect(keys('payrollEmployee.get')).toEqual(['date']);
		expect(keys('bill.validateDocumentNumber')).toEqual(['document_no']);
		expect(keys('outgoingPayment.getAll')).toEqual(['bill_id']);
		expect(keys('bankPayment.getAll')).toEqual(['filter-by']);
		expect(keys('bankPaymentV3.getAll')).toEqual(['bill_id', 'from', 'to']);
	});
});
