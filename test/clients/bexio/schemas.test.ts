import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { z } from 'zod';

import type { OperationDef } from '../../../clients/catalog';
import { bexioCatalog } from '../../../clients/bexio/catalog';
import * as s from '../../../clients/bexio/schemas';
import { pageItems } from '../../../clients/http/paging';

interface Example {
	request?: unknown;
	response?: unknown;
}

const examples = Object.entries(
	JSON.parse(
		readFileSync(
			join(__dirname, '..', '..', 'fixtures', 'examples', 'bexio-examples.json'),
			'utf8',
		),
	) as Record<string, Example>,
);

/** The June 2024 text copy collapsed these to `{}`/`[]` (examples README): skip them, check the rest. */
const COLLAPSED = new Set(['positions', 'taxs', 'tracking', 'entries']);
const isCollapsed = (v: unknown) =>
	(Array.isArray(v) &&
		v.every((x) => !!x && typeof x === 'object' && Object.keys(x).length === 0)) ||
	(!!v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0);
function withoutCollapsed(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(withoutCollapsed);
	if (!value || typeof value !== 'object') return value;
	return Object.fromEntries(
		Object.entries(value as Record<string, unknown>)
			.filter(([k, v]) => !(COLLAPSED.has(k) && isCollapsed(v)))
			.map(([k, v]) => [k, withoutCollapsed(v)]),
	);
}

function issues(schema: z.ZodTypeAny, value: unknown): string[] {
	const result = schema.safeParse(withoutCollapsed(value));
	if (result.success) return [];
	// A required collapsed field (timesheet `tracking`, manual entry `entries`) is absent, not wrong.
	return result.error.issues
		.filter((i) => !i.path.some((p) => COLLAPSED.has(String(p))))
		.map((i) => `${i.path.join('.')}: ${i.message}`);
}

function operationFor(line: string): OperationDef {
	const [method, path] = line.split(' ');
	const normalize = (p: string) => p.replace(/\{[^}]+\}/g, '{}');
	const op = Object.values(bexioCatalog).find(
		(o) => o.method === method && normalize(o.path) === normalize(path),
	);
	if (!op) throw new Error(`no catalog operation for ${line}`);
	return op;
}

const fieldsOf = (schema: z.ZodTypeAny, value: unknown) => {
	const result = schema.safeParse(value);
	return result.success ? [] : result.error.issues.map((i) => i.path.join('.'));
};

describe('bexio schemas against the official examples', () => {
	it('has the 26 documented examples', () => {
		expect(examples).toHaveLength(26);
	});

	it.each(examples)('%s', (line, example) => {
		const op = operationFor(line);
		if (example.request && op.body) expect(issues(op.body, example.request)).toEqual([]);
		if (example.response && op.response) {
			const items = op.paging ? pageItems(op.paging, example.response) : [example.response];
			expect(items.length).toBeGreaterThan(0);
			for (const item of items) expect(issues(op.response, item)).toEqual([]);
		}
	});
});

describe('bexio create bodies name the missing required field', () => {
	it.each([
		[
			'contact',
			s.contactCreateSchema,
			{ contact_type_id: 1, name_1: 'A', user_id: 1, owner_id: 1 },
			['contact_type_id', 'name_1', 'user_id', 'owner_id'],
		],
		[
			'project',
			s.projectCreateSchema,
			{ name: 'P', pr_state_id: 1, pr_project_type_id: 1, contact_id: 1, user_id: 1 },
			['name', 'pr_state_id', 'pr_project_type_id', 'contact_id', 'user_id'],
		],
		[
			'timesheet',
			s.timesheetCreateSchema,
			{
				user_id: 1,
				client_service_id: 1,
				allowable_bill: true,
				tracking: { type: 'duration', date: '2026-01-05', duration: '01:30' },
			},
			['user_id', 'client_service_id', 'allowable_bill', 'tracking'],
		],
		[
			'manual entry',
			s.manualEntryCreateSchema,
			{
				type: 'manual_single_entry',
				date: '2026-01-05',
				entries: [{ debit_account_id: 1, credit_account_id: 2, amount: 10 }],
			},
			['type', 'date', 'entries'],
		],
		['business activity', s.businessActivityCreateSchema, { name: 'Beratung' }, ['name']],
		[
			'fictional user',
			s.fictionalUserCreateSchema,
			{ salutation_type: 'female', firstname: 'A', lastname: 'B', email: 'a@b.ch' },
			['salutation_type', 'email'],
		],
		[
			'contact relation',
			s.contactRelationCreateSchema,
			{ contact_id: 1, contact_sub_id: 2 },
			['contact_id', 'contact_sub_id'],
		],
		[
			'country',
			s.countryCreateSchema,
			{ name: 'Schweiz', name_short: 'CH', iso3166_alpha2: 'CH' },
			['name', 'name_short', 'iso3166_alpha2'],
		],
		['invoice payment', s.paymentCreateSchema, { value: '10.00' }, ['value']],
		[
			'bank payment',
			s.bankingPaymentCreateSchema,
			{
				account_id: 'u',
				type: 'iban',
				amount: '1',
				currency: 'CHF',
				execution_date: '2026-01-06',
				is_salary: false,
				recipient: { name: 'X', iban: 'CH93' },
			},
			['account_id', 'type', 'amount', 'recipient'],
		],
	] as const)('%s', (_name, schema, valid, required) => {
		expect(fieldsOf(schema, valid)).toEqual([]);
		for (const field of required) {
			const without = { ...(valid as Record<string, unknown>) };
			delete without[field];
			expect(fieldsOf(schema, without)).toContain(field);
		}
	});
});

describe('bexio object details', () => {
	it('accepts the three tracking variants of a timesheet', () => {
		const base = { user_id: 1, client_service_id: 1, allowable_bill: false };
		expect(
			fieldsOf(s.timesheetCreateSchema, {
				...base,
				tracking: { type: 'duration', date: '2026-01-05', duration: '02:15' },
			}),
		).toEqual([]);
		expect(
			fieldsOf(s.timesheetCreateSchema, {
				...base,
				tracking: { type: 'range', start: '2026-01-05 08:00:00', end: '2026-01-05 10:00:00' },
			}),
		).toEqual([]);
		expect(fieldsOf(s.timesheetCreateSchema, { ...base, tracking: { type: 'stopwatch' } })).toEqual(
			[],
		);
		expect(
			fieldsOf(s.timesheetCreateSchema, {
				...base,
				tracking: { type: 'duration', date: '2026-01-05' },
			}),
		).not.toEqual([]);
	});

	it('discriminates the seven position types inside a document', () => {
		const doc = (positions: unknown[]) => ({ contact_id: 1, user_id: 1, positions });
		const all = [
			{
				type: 'KbPositionCustom',
				amount: '1',
				unit_price: '100.000000',
				tax_id: 3,
				text: 'Beratung',
			},
			{ type: 'KbPositionArticle', amount: '2', article_id: 7 },
			{ type: 'KbPositionText', text: '<b>Hinweis</b>', show_pos_nr: false },
			{ type: 'KbPositionSubtotal', text: 'Zwischentotal' },
			{ type: 'KbPositionDiscount', text: 'Rabatt', is_percentual: true, value: '10' },
			{ type: 'KbPositionPagebreak', pagebreak: true },
			{ type: 'KbPositionSubposition', text: 'Gruppe', show_pos_nr: true },
		];
		expect(fieldsOf(s.invoiceCreateSchema, doc(all))).toEqual([]);
		expect(
			fieldsOf(s.invoiceCreateSchema, doc([{ type: 'KbPositionArticle', amount: '1' }])),
		).toEqual(['positions.0.article_id']);
		expect(fieldsOf(s.invoiceCreateSchema, doc([{ type: 'KbPositionPagebreak' }]))).toEqual([
			'positions.0.pagebreak',
		]);
		expect(fieldsOf(s.invoiceCreateSchema, doc([{ type: 'KbPositionFancy' }]))).toEqual([
			'positions.0.type',
		]);
		expect(fieldsOf(s.invoiceCreateSchema, doc(Array.from({ length: 151 }, () => all[0])))).toEqual(
			['positions'],
		);
		// Reads stay lenient: an unknown position type must not break a GET.
		expect(
			fieldsOf(s.documentSchema, { id: 1, positions: [{ id: 2, type: 'KbPositionSomethingNew' }] }),
		).toEqual([]);
	});

	it('keeps decimals as the strings bexio sends', () => {
		const parsed = s.documentSchema.parse({
			id: 1,
			total: '17.800000',
			total_rounding_difference: -0.02,
		});
		expect(parsed.total).toBe('17.800000');
	});

	it('builds search bodies from the documented criteria only', () => {
		expect(
			fieldsOf(s.searchBodySchema, [
				{ field: 'name_1', value: 'Meyer', criteria: '=' },
				{ field: 'id', value: ['1', '2'], criteria: 'in' },
			]),
		).toEqual([]);
		expect(
			fieldsOf(s.searchBodySchema, [{ field: 'name_1', value: 'x', criteria: 'contains' }]),
		).toEqual(['0.criteria']);
		expect(fieldsOf(s.searchBodySchema, [{ field: 'name_1', value: 'x'.repeat(256) }])).toEqual([
			'0.value',
		]);
		expect(fieldsOf(s.searchBodySchema, [])).toEqual(['']);
	});

	it('reads PDFs, success answers, files and the v4 objects', () => {
		expect(
			fieldsOf(s.pdfSchema, {
				name: 'RE-00001.pdf',
				size: 1234,
				mime: 'application/pdf',
				content: 'JVBERi0=',
			}),
		).toEqual([]);
		expect(fieldsOf(s.successSchema, { success: true })).toEqual([]);
		expect(
			fieldsOf(s.fileSchema, {
				id: 1,
				uuid: 'a',
				name: 'scan',
				size_in_bytes: 10,
				is_archived: false,
			}),
		).toEqual([]);
		expect(fieldsOf(s.billSchema, { id: '6f1c…', document_no: 'LR-1', status: 'DRAFT' })).toEqual(
			[],
		);
		expect(fieldsOf(s.expenseSchema, { id: 'e1', status: 'DONE' })).toEqual([]);
		expect(fieldsOf(s.outgoingPaymentSchema, { id: 'o1', status: 'PENDING' })).toEqual([]);
		expect(
			fieldsOf(s.bankingPaymentSchema, { id: 'b1', amount: '10.5858', status: 'open' }),
		).toEqual([]);
		expect(
			fieldsOf(s.documentTemplateSchema, {
				template_slug: 'standard',
				name: 'Standard',
				is_default: true,
			}),
		).toEqual([]);
		expect(
			fieldsOf(s.manualEntrySchema, {
				id: 1,
				type: 'manual_single_entry',
				date: '2026-01-05',
				entries: [{ id: 2, amount: 10 }],
			}),
		).toEqual([]);
	});
});
