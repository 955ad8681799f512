import type { z } from 'zod';

import type { OperationDef } from '../../clients/catalog';
import { adminCall, sandboxUrl, type SandboxName } from '../helpers/sandbox';

/**
 * r3: malformed request bodies sent to the system, not to our schema. The catalogs' zod schemas only say
 * which fields are required and of what JSON type; each case is a body whose other required fields are
 * valid (the unchanged body was accepted by the sandbox first) with ONE field missing or of the wrong type.
 */

type Zod = z.ZodTypeAny;
type Def = {
	typeName?: string;
	schema?: Zod;
	innerType?: Zod;
	getter?: () => Zod;
	type?: Zod;
	in?: Zod;
	checks?: Array<{ kind: string; value?: number }>;
	values?: unknown;
	value?: unknown;
	options?: Zod[];
};
const def = (t: Zod): Def => t._def as Def;

/** The schema under refinements, optional/nullable/default wrappers and lazies. */
export function unwrap(t: Zod): Zod {
	for (let i = 0; i < 20; i++) {
		const d = def(t);
		if ((d.typeName === 'ZodEffects' || d.typeName === 'ZodPipeline') && (d.schema ?? d.in))
			t = (d.schema ?? d.in) as Zod;
		else if (
			(d.typeName === 'ZodOptional' ||
				d.typeName === 'ZodNullable' ||
				d.typeName === 'ZodDefault' ||
				d.typeName === 'ZodCatch') &&
			d.innerType
		)
			t = d.innerType;
		else if (d.typeName === 'ZodLazy' && d.getter) t = d.getter();
		else if (d.typeName === 'ZodBranded' && d.type) t = d.type;
		else return t;
	}
	return t;
}

/** A value of the wrong JSON type for a schema. */
export function wrongValue(t: Zod): unknown {
	const u = unwrap(t);
	switch (def(u).typeName) {
		case 'ZodString':
		case 'ZodEnum':
		case 'ZodNativeEnum':
		case 'ZodDate':
			return 12345;
		case 'ZodNumber':
		case 'ZodBigInt':
			return 'not-a-number';
		case 'ZodBoolean':
			return 'not-a-boolean';
		case 'ZodArray':
		case 'ZodTuple':
			return 'not-a-list';
		case 'ZodObject':
		case 'ZodRecord':
			return 'not-an-object';
		case 'ZodLiteral':
			return typeof def(u).value === 'string' ? 12345 : 'not-the-literal';
		default:
			// Unions (string or number, …): a nested list matches no scalar, object or plain list member.
			return [[null]];
	}
}

let unique = 0;
/** Letters for a number: unique values of fixed-length fields (country codes). */
const letters = (n: number, length: number): string =>
	Array.from({ length }, (_, i) => String.fromCharCode(65 + (Math.floor(n / 26 ** i) % 26))).join(
		'',
	);

/** A plausible valid value for a schema; field names pick dates, e-mails and the like. Strings are unique per call (numbers, names must not collide). */
export function validValue(t: Zod, field: string, system: SandboxName): unknown {
	const u = unwrap(t);
	const d = def(u);
	const check = (kind: string) => d.checks?.find((c) => c.kind === kind)?.value;
	const n = ++unique;
	switch (d.typeName) {
		case 'ZodString': {
			if (d.checks?.some((c) => c.kind === 'url')) return 'https://example.com/r3';
			if (d.checks?.some((c) => c.kind === 'email') || /e?mail/i.test(field))
				return `r3-${n}@example.com`;
			if (/date|_start$|_end$|^start$|^end$|_on$/i.test(field))
				return system === 'lexoffice' ? '2026-01-15T00:00:00.000+01:00' : '2026-01-15';
			if (/currency/i.test(field)) return system === 'lexoffice' ? 'EUR' : 'CHF';
			const length = check('length');
			if (length !== undefined) return letters(n, length);
			return `r3 ${field} ${n}`.slice(-(check('max') ?? 255));
		}
		case 'ZodNumber':
			return Math.max(1, check('min') ?? 1);
		case 'ZodBoolean':
			return false;
		case 'ZodEnum':
			return (d.values as string[])[0];
		case 'ZodNativeEnum':
			return Object.values(d.values as object)[0];
		case 'ZodLiteral':
			return d.value;
		case 'ZodArray':
			return [validValue((u as z.ZodArray<Zod>).element, field, system)];
		case 'ZodObject':
			return validObject(u as z.AnyZodObject, system);
		case 'ZodRecord':
			return {};
		case 'ZodUnion':
		case 'ZodDiscriminatedUnion': {
			// Decimals are string-or-number: a number is valid whatever the API's decimal rules are.
			const options = d.options ?? [];
			return validValue(
				options.find((o) => def(unwrap(o)).typeName === 'ZodNumber') ?? options[0],
				field,
				system,
			);
		}
		default:
			return 'r3';
	}
}

export const requiredFields = (shape: Record<string, Zod>): string[] =>
	Object.keys(shape).filter((k) => !shape[k].isOptional());

function validObject(schema: z.AnyZodObject, system: SandboxName): Record<string, unknown> {
	const shape = schema.shape as Record<string, Zod>;
	return Object.fromEntries(requiredFields(shape).map((k) => [k, validValue(shape[k], k, system)]));
}

export interface R3Operation {
	system: SandboxName;
	operation: string;
	op: OperationDef;
	shape: Record<string, Zod>;
	required: string[];
	/** A body with every required field valid (fresh unique strings on each call): what the cases start from. */
	base(): Record<string, unknown>;
}

export interface R3Case {
	system: SandboxName;
	operation: string;
	field: string;
	kind: 'missing' | 'wrongType';
	body: Record<string, unknown>;
}

const LEX_DATE = '2026-01-15T00:00:00.000+01:00';
const lexSales = (extra: Record<string, unknown> = {}) => ({
	voucherDate: LEX_DATE,
	address: { name: 'r3 GmbH', countryCode: 'DE' },
	lineItems: [
		{
			type: 'custom',
			name: 'r3 item',
			quantity: 1,
			unitName: 'Stück',
			unitPrice: { currency: 'EUR', netAmount: 10, taxRatePercentage: 19 },
		},
	],
	totalPrice: { currency: 'EUR' },
	taxConditions: { taxType: 'net' },
	...extra,
});
const lexVoucher = () => ({
	type: 'salesinvoice',
	voucherStatus: 'open',
	voucherNumber: `R3-${++unique}`,
	voucherDate: LEX_DATE,
	totalGrossAmount: 119,
	totalTaxAmount: 19,
	taxType: 'gross',
	useCollectiveContact: true,
	voucherItems: [
		{
			amount: 119,
			taxAmount: 19,
			taxRatePercent: 19,
			categoryId: '8f8664a8-fd86-11e1-a21f-0800200c9a66',
		},
	],
});
/** Values only the sandbox knows (uuids of its master data), read by makeFixtures. */
const lookups = { bexioBankAccountUuid: '' };

const CURRENCIES = [
	'JPY',
	'GBP',
	'SEK',
	'NOK',
	'DKK',
	'PLN',
	'CZK',
	'HUF',
	'AUD',
	'CAD',
	'NZD',
	'SGD',
	'HKD',
	'CNY',
	'INR',
	'BRL',
	'MXN',
	'ZAR',
	'TRY',
	'AED',
	'THB',
];

/**
 * Valid values where the schema alone cannot produce them: cross-field rules (lexoffice contacts need a role
 * and a company or a person), formats the schema leaves open (times, placeholders), and ids of records that
 * exist (the sandbox's master data, the first contact and the business activity made beforehand, see R3_FIXTURES).
 * lexoffice updates get the record's current version in prepareOperation.
 */
const BASE_OVERRIDES: Record<string, () => Record<string, unknown>> = {
	'bexio contactRelation.create': () => ({ contact_sub_id: 2 }),
	'bexio contactRelation.update': () => ({ contact_sub_id: 2 }),
	'bexio note.create': () => ({ event_start: '2026-01-15 10:00:00' }),
	'bexio note.update': () => ({ event_start: '2026-01-15 10:00:00' }),
	'bexio quote.send': () => ({ message: 'Your quote: [Network Link]', mark_as_open: true }),
	'bexio invoice.send': () => ({ message: 'Your invoice: [Network Link]', mark_as_open: true }),
	'bexio order.setRepetition': () => ({
		start: '2026-01-15',
		repetition: { type: 'monthly', interval: 1 },
	}),
	'bexio documentPosition.createArticle': () => ({ article_id: 1 }),
	'bexio timesheet.create': () => ({
		client_service_id: 1,
		tracking: { type: 'duration', date: '2026-01-15', duration: '01:00' },
	}),
	'bexio timesheet.update': () => ({
		client_service_id: 1,
		tracking: { type: 'duration', date: '2026-01-15', duration: '01:00' },
	}),
	'bexio calendarYear.create': () => ({ year: '2030' }),
	'bexio currency.create': () => ({ name: CURRENCIES[++unique % CURRENCIES.length] }),
	'bexio manualEntry.create': () => ({
		type: 'manual_single_entry',
		entries: [{ debit_account_id: 2, credit_account_id: 7, amount: 100 }],
	}),
	'bexio manualEntry.update': () => ({
		type: 'manual_single_entry',
		entries: [{ debit_account_id: 2, credit_account_id: 7, amount: 100 }],
	}),
	'bexio bill.create': () => ({ supplier_id: 1, contact_partner_id: 1, attachment_ids: [] }),
	'bexio bill.update': () => ({
		supplier_id: 1,
		contact_partner_id: 1,
		attachment_ids: [],
		split_into_line_items: false,
	}),
	'bexio bankPayment.create': () => ({
		account_id: lookups.bexioBankAccountUuid,
		type: 'iban',
		currency: 'CHF',
		execution_date: '2030-01-15',
		recipient: { name: 'r3 AG', iban: 'CH9300762011623852957' },
	}),
	'bexio bankPayment.update': () => ({
		account_id: lookups.bexioBankAccountUuid,
		type: 'iban',
		currency: 'CHF',
		execution_date: '2030-01-15',
		recipient: { name: 'r3 AG', iban: 'CH9300762011623852957' },
	}),
	'bexio expense.create': () => ({ attachment_ids: [] }),
	'bexio expense.update': () => ({ attachment_ids: [] }),
	'lexoffice contact.create': () => ({
		version: 0,
		roles: { customer: {} },
		company: { name: `r3 GmbH ${++unique}` },
	}),
	'lexoffice contact.update': () => ({
		roles: { customer: {} },
		company: { name: `r3 GmbH ${++unique}` },
	}),
	'lexoffice article.create': () => ({
		type: 'SERVICE',
		unitName: 'Stunde',
		price: { leadingPrice: 'NET', netPrice: 100, taxRate: 19 },
	}),
	'lexoffice article.update': () => ({
		type: 'SERVICE',
		unitName: 'Stunde',
		price: { leadingPrice: 'NET', netPrice: 100, taxRate: 19 },
	}),
	'lexoffice invoice.create': () => lexSales({ shippingConditions: { shippingType: 'none' } }),
	'lexoffice creditNote.create': () => lexSales(),
	'lexoffice quotation.create': () => lexSales({ expirationDate: '2026-02-15T00:00:00.000+01:00' }),
	'lexoffice orderConfirmation.create': () =>
		lexSales({ shippingConditions: { shippingType: 'none' } }),
	'lexoffice deliveryNote.create': () => lexSales(),
	'lexoffice voucher.create': () => lexVoucher(),
	// An update that repeats the status is refused (only unchecked → open is a transition): leave it out.
	'lexoffice voucher.update': () => ({ ...lexVoucher(), voucherStatus: undefined }),
	// The sandbox probes the callback URL as lexoffice does: one that answers (the sandbox itself).
	'lexoffice eventSubscription.create': () => ({
		eventType: 'contact.created',
		callbackUrl: `${sandboxUrl('lexoffice')}/r3-hook`,
	}),
};

/** Records the overrides refer to by id, made before any case (raw, in this order): operation ids. */
export const R3_FIXTURES: Record<SandboxName, string[]> = {
	bexio: ['contact.create', 'contact.create', 'article.create', 'businessActivity.create'],
	lexoffice: [],
};

/** Every JSON-body write with an object body of a catalog, with its valid base body. */
export function r3Operations(
	system: SandboxName,
	catalog: Record<string, OperationDef>,
): R3Operation[] {
	const out: R3Operation[] = [];
	for (const [operation, op] of Object.entries(catalog)) {
		if (!op.body || (op.bodyKind ?? 'json') !== 'json' || op.method === 'GET') continue;
		const body = unwrap(op.body);
		// Search criteria and bulk creates are arrays, not one record: their element is not a field of a body.
		if (def(body).typeName !== 'ZodObject') continue;
		const shape = (body as z.AnyZodObject).shape as Record<string, Zod>;
		const required = requiredFields(shape);
		if (required.length === 0) continue;
		const override = BASE_OVERRIDES[`${system} ${operation}`];
		const base = () => ({
			...validObject(body as z.AnyZodObject, system),
			...(override?.() ?? {}),
		});
		out.push({ system, operation, op, shape, required, base });
	}
	return out;
}

/** One case per required field missing and one per required field of the wrong JSON type. */
export function r3Cases(o: R3Operation): R3Case[] {
	const cases: R3Case[] = [];
	for (const field of o.required) {
		const { [field]: _dropped, ...rest } = o.base();
		cases.push({ system: o.system, operation: o.operation, field, kind: 'missing', body: rest });
		cases.push({
			system: o.system,
			operation: o.operation,
			field,
			kind: 'wrongType',
			body: { ...o.base(), [field]: wrongValue(o.shape[field]) },
		});
	}
	return cases;
}

export interface RawAnswer {
	status: number;
	text: string;
	json: unknown;
}

/** One request straight to the sandbox with the tenant's token: no client, no schema. */
export async function sendRaw(
	system: SandboxName,
	token: string,
	method: string,
	path: string,
	body: unknown,
): Promise<RawAnswer> {
	const res = await fetch(`${sandboxUrl(system)}${path}`, {
		method,
		headers: {
			authorization: `Bearer ${token}`,
			'content-type': 'application/json',
			accept: 'application/json',
		},
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await res.text();
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch {
		json = undefined;
	}
	return { status: res.status, text, json };
}

/** What the tenant has stored, from the sandbox's own records: a refused request must leave it unchanged. */
export async function recordsDigest(
	system: SandboxName,
	token: string,
): Promise<{ records: number; digest: string }> {
	return adminCall(system, 'GET', `/records-digest?token=${encodeURIComponent(token)}`);
}

/** The error names the field: as a whole word (`name` but not inside `name_1`), or as the first segment of a path. */
export function namesField(text: string, field: string): boolean {
	const escaped = field.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
	return new RegExp(`(^|[^A-Za-z0-9_])${escaped}([^A-Za-z0-9_]|$)`).test(text);
}

/** Where an operation's path parameter comes from: another operation that creates that record, or a constant. */
const PARENTS: Record<string, { create: string } | { value: string }> = {
	contact_id: { create: 'contact.create' },
	project_id: { create: 'project.create' },
	quote_id: { create: 'quote.create' },
	order_id: { create: 'order.create' },
	invoice_id: { create: 'invoice.create' },
	kb_document_type: { value: 'kb_invoice' },
	document_id: { create: 'invoice.create' },
	bank_account_id: { value: '1' },
	employee_id: { create: 'payrollEmployee.create' },
};

export interface PreparedOperation extends R3Operation {
	/** The path with every parameter filled in, and the parameters (for the client's `call`). */
	path: string;
	params: Record<string, string>;
}

/**
 * Fills an operation's path: the record the operation itself addresses is created fresh from its resource's
 * create operation, parents from PARENTS. Then sends the base body raw: only an operation whose valid body
 * the sandbox accepts can show what ONE wrong field does. Returns why not otherwise.
 */
export async function prepareOperation(
	o: R3Operation,
	all: Map<string, R3Operation>,
	token: string,
): Promise<PreparedOperation | { skipped: string }> {
	const create = async (
		id: string,
		params: Record<string, string>,
	): Promise<string | undefined> => {
		const c = all.get(`${o.system} ${id}`);
		if (!c) return undefined;
		const path = (await fillPath(c, params))?.path;
		if (path === undefined) return undefined;
		const answer = await sendRaw(o.system, token, c.op.method, path, c.base());
		const created = answer.json as { id?: unknown } | undefined;
		return answer.status < 300 && created?.id !== undefined ? String(created.id) : undefined;
	};
	const fillPath = async (
		c: R3Operation,
		given: Record<string, string>,
	): Promise<{ path: string; params: Record<string, string> } | undefined> => {
		const names = [...c.op.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
		const params: Record<string, string> = { ...given };
		for (const [i, name] of names.entries()) {
			if (params[name] !== undefined) continue;
			const own =
				i === names.length - 1 && !c.operation.endsWith('.create')
					? `${c.operation.split('.')[0]}.create`
					: undefined;
			const source = own && all.has(`${c.system} ${own}`) ? { create: own } : PARENTS[name];
			if (!source) return undefined;
			const value = 'value' in source ? source.value : await create(source.create, params);
			if (value === undefined) return undefined;
			params[name] = value;
		}
		return {
			path: c.op.path.replace(/\{(\w+)\}/g, (_m, name: string) => encodeURIComponent(params[name])),
			params,
		};
	};
	const filled = await fillPath(o, {});
	if (filled === undefined) return { skipped: 'no record to address (path parameter)' };
	const { path, params } = filled;
	// Bodies that repeat the record's id (bexio manual entries) or its current version (lexoffice updates).
	const recordId = /([^/]+)$/.exec(path)?.[1] ?? '';
	const version = async () =>
		(
			(await sendRaw(o.system, token, 'GET', path, undefined)).json as
				| { version?: number }
				| undefined
		)?.version;
	const current = async (): Promise<Record<string, unknown>> => ({
		...(o.required.includes('id') ? { id: Number(recordId) } : {}),
		...(o.system === 'lexoffice' && o.required.includes('version') && o.op.method === 'PUT'
			? { version: await version() }
			: {}),
	});
	const answer = await sendRaw(o.system, token, o.op.method, path, {
		...o.base(),
		...(await current()),
	});
	if (answer.status >= 300)
		return { skipped: `valid body refused: ${answer.status} ${answer.text.slice(0, 600)}` };
	const fixed = await current();
	return { ...o, path, params, base: () => ({ ...o.base(), ...fixed }) };
}

/** Makes the records of R3_FIXTURES; a fixture the sandbox refuses fails the run (the overrides would point nowhere). */
export async function makeFixtures(
	system: SandboxName,
	all: Map<string, R3Operation>,
	token: string,
): Promise<void> {
	if (system === 'bexio') {
		const accounts = (await sendRaw(system, token, 'GET', '/3.0/banking/accounts', undefined))
			.json as Array<{ uuid?: string; type?: string }>;
		lookups.bexioBankAccountUuid = accounts.find((a) => a.type === 'bank' && a.uuid)?.uuid ?? '';
	}
	for (const id of R3_FIXTURES[system]) {
		const o = all.get(`${system} ${id}`);
		if (!o) throw new Error(`r3 fixture ${system} ${id} is not in the catalog`);
		const answer = await sendRaw(system, token, o.op.method, o.op.path, o.base());
		if (answer.status >= 300)
			throw new Error(
				`r3 fixture ${system} ${id} refused: ${answer.status} ${answer.text.slice(0, 300)}`,
			);
	}
}
