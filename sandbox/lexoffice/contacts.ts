import { randomUUID } from 'node:crypto';

import type { Router, SandboxRequest, SandboxResponse } from '../core/http';
import { fail, legacy, notFound, type Issue } from './errors';
import {
	asArray,
	asNumber,
	asObject,
	asString,
	compact,
	isBlank,
	isObject,
	type Json,
	type JsonObject,
} from './json';
import { COUNTRY_CODES } from './masterData';
import { pageEnvelope, parsePaging } from './paging';
import { actionResult, decodeEntities, queryBool, readJsonObject } from './request';
import { emit, type ContactRecord, type LexofficeTenant } from './tenant';

const EMAIL_LISTS = ['business', 'office', 'private', 'other'];
const PHONE_LISTS = ['business', 'office', 'mobile', 'private', 'fax', 'other'];
const WRITABLE = [
	'company',
	'person',
	'addresses',
	'xRechnung',
	'emailAddresses',
	'phoneNumbers',
	'note',
];

/** Display name as used on vouchers: company name or `{firstName} {lastName}`. */
export function contactDisplayName(contact: ContactRecord): string {
	const company = asObject(contact.body.company);
	if (company) return asString(company.name) ?? '';
	const person = asObject(contact.body.person);
	return [asString(person?.firstName), asString(person?.lastName)].filter(Boolean).join(' ');
}

function listSizeIssues(body: JsonObject, issues: Issue[]): void {
	// Writes accept at most one entry per list.
	const addresses = asObject(body.addresses);
	for (const kind of ['billing', 'shipping']) {
		const list = asArray(addresses?.[kind]);
		if (list && list.length > 1)
			issues.push({ source: `addresses.${kind}.size`, i18nKey: 'invalid_value' });
	}
	const persons = asArray(asObject(body.company)?.contactPersons);
	if (persons && persons.length > 1)
		issues.push({ source: 'company.contactPersons.size', i18nKey: 'invalid_value' });
	for (const [group, lists] of [
		['emailAddresses', EMAIL_LISTS],
		['phoneNumbers', PHONE_LISTS],
	] as const) {
		const obj = asObject(body[group]);
		for (const l of lists) {
			const list = asArray(obj?.[l]);
			if (list && list.length > 1)
				issues.push({ source: `${group}.${l}.size`, i18nKey: 'invalid_value' });
		}
	}
}

function validateContactBody(body: JsonObject): Issue[] {
	const issues: Issue[] = [];
	const roles = asObject(body.roles);
	if (!roles || (!isObject(roles.customer) && !isObject(roles.vendor))) {
		issues.push({ source: 'roles.customer or roles.vendor', i18nKey: 'missing_entity' });
	}
	const company = asObject(body.company);
	const person = asObject(body.person);
	if (company && person) issues.push({ source: 'company and person', i18nKey: 'invalid_value' });
	else if (!company && !person)
		issues.push({ source: 'company or person', i18nKey: 'missing_entity' });
	if (company) {
		if (isBlank(company.name)) issues.push({ source: 'company.name', i18nKey: 'missing_entity' });
		asArray(company.contactPersons)?.forEach((cp, i) => {
			const p = asObject(cp);
			if (isBlank(p?.lastName))
				issues.push({ source: `company.contactPersons[${i}].lastName`, i18nKey: 'missing_entity' });
			if ((asString(p?.salutation)?.length ?? 0) > 25) {
				issues.push({
					source: `company.contactPersons[${i}].salutation`,
					i18nKey: 'invalid_value',
				});
			}
		});
	}
	if (person) {
		if (isBlank(person.lastName))
			issues.push({ source: 'person.lastName', i18nKey: 'missing_entity' });
		if ((asString(person.salutation)?.length ?? 0) > 25)
			issues.push({ source: 'person.salutation', i18nKey: 'invalid_value' });
	}
	const addresses = asObject(body.addresses);
	for (const kind of ['billing', 'shipping']) {
		asArray(addresses?.[kind])?.forEach((a, i) => {
			const code = asString(asObject(a)?.countryCode);
			if (!code)
				issues.push({ source: `addresses.${kind}[${i}].countryCode`, i18nKey: 'missing_entity' });
			else if (!COUNTRY_CODES.has(code))
				issues.push({
					source: `addresses.${kind}[${i}].countryCode`,
					i18nKey: 'countrycode_is_not_valid',
				});
		});
	}
	const xr = asObject(body.xRechnung);
	if (xr && !isBlank(xr.buyerReference) && isBlank(xr.vendorNumberAtCustomer)) {
		issues.push({ source: 'xRechnung.vendorNumberAtCustomer', i18nKey: 'missing_entity' });
	}
	if ((asString(body.note)?.length ?? 0) > 1000)
		issues.push({ source: 'note', i18nKey: 'invalid_value' });
	listSizeIssues(body, issues);
	return issues;
}

function indexFields(record: ContactRecord): void {
	const company = asObject(record.body.company);
	const person = asObject(record.body.person);
	const names: string[] = [];
	if (company) names.push(asString(company.name) ?? '');
	if (person) {
		const first = asString(person.firstName) ?? '';
		const last = asString(person.lastName) ?? '';
		names.push(`${first} ${last}`.trim(), `${last} ${first}`.trim());
	}
	record.names = names.map((n) => n.toLowerCase());
	record.nameKey = (company ? (asString(company.name) ?? '') : (names[1] ?? '')).toLowerCase();
	const emails: string[] = [];
	const emailObj = asObject(record.body.emailAddresses);
	for (const l of EMAIL_LISTS)
		for (const e of asArray(emailObj?.[l]) ?? []) if (typeof e === 'string') emails.push(e);
	for (const cp of asArray(company?.contactPersons) ?? []) {
		const e = asString(asObject(cp)?.emailAddress);
		if (e) emails.push(e);
	}
	record.emails = emails.map((e) => e.toLowerCase());
}

function pickWritable(body: JsonObject): JsonObject {
	const out: JsonObject = {};
	for (const key of WRITABLE)
		if (body[key] !== undefined && body[key] !== null) out[key] = body[key];
	return out;
}

/** Store-level create shared by the API and the seeder (no validation, no event). */
export function insertContact(
	tenant: LexofficeTenant,
	body: JsonObject,
	roles: { customer: boolean; vendor: boolean },
	now: number,
	archived = false,
): ContactRecord {
	const record: ContactRecord = {
		id: randomUUID(),
		version: 1,
		createdDate: now,
		updatedDate: now,
		archived,
		customerNumber: roles.customer ? tenant.counters.customer++ : null,
		vendorNumber: roles.vendor ? tenant.counters.vendor++ : null,
		body,
		nameKey: '',
		names: [],
		emails: [],
	};
	indexFields(record);
	tenant.contacts.set(record.id, record);
	tenant.contactOrder = undefined;
	return record;
}

export function contactJson(tenant: LexofficeTenant, c: ContactRecord): JsonObject {
	const roles: JsonObject = {};
	if (c.customerNumber !== null) roles.customer = { number: c.customerNumber };
	if (c.vendorNumber !== null) roles.vendor = { number: c.vendorNumber };
	return compact({
		id: c.id,
		organizationId: tenant.organizationId,
		version: c.version,
		roles,
		...c.body,
		archived: c.archived,
	} as Record<string, Json | undefined>);
}

/** SQL-like pattern: `%` any run, `_` one char, backslash escapes them; substring, case-insensitive. */
function likeMatcher(pattern: string): RegExp {
	let source = '';
	for (let i = 0; i < pattern.length; i++) {
		const ch = pattern[i];
		if (ch === '\\' && i + 1 < pattern.length) {
			source += pattern[++i].replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
		} else if (ch === '%') source += '.*';
		else if (ch === '_') source += '.';
		else source += ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
	}
	return new RegExp(source, 'is');
}

function textFilter(req: SandboxRequest, name: 'name' | 'email'): RegExp | undefined {
	const raw = req.query.get(name);
	if (raw === null) return undefined;
	const value = decodeEntities(raw);
	if (value.length < 3 || value.length > 128) {
		fail(legacy(400, [{ source: name, i18nKey: 'size must be between 3 and 128' }]));
	}
	return likeMatcher(value.toLowerCase());
}

function sortedContacts(tenant: LexofficeTenant): ContactRecord[] {
	if (!tenant.contactOrder) {
		tenant.contactOrder = [...tenant.contacts.values()].sort((a, b) =>
			a.nameKey < b.nameKey ? -1 : a.nameKey > b.nameKey ? 1 : a.createdDate - b.createdDate,
		);
	}
	return tenant.contactOrder;
}

function list(req: SandboxRequest, tenant: LexofficeTenant): SandboxResponse {
	// Contacts accept up to 500 and refuse larger sizes; bad page/size fall back to defaults.
	const paging = parsePaging(req, { max: 500, format: 'legacy', lenient: true });
	const name = textFilter(req, 'name');
	const email = textFilter(req, 'email');
	const rawNumber = req.query.get('number');
	let number: number | undefined;
	if (rawNumber !== null) {
		if (!/^\d+$/.test(rawNumber))
			fail(legacy(400, [{ source: 'number', i18nKey: 'invalid_value' }]));
		number = Number(rawNumber);
	}
	const customer = queryBool(req, 'customer');
	const vendor = queryBool(req, 'vendor');
	const rows = sortedContacts(tenant).filter(
		(c) =>
			(!name || c.names.some((n) => name.test(n))) &&
			(!email || c.emails.some((e) => email.test(e))) &&
			(number === undefined || c.customerNumber === number || c.vendorNumber === number) &&
			(customer === undefined || (c.customerNumber !== null) === customer) &&
			(vendor === undefined || (c.vendorNumber !== null) === vendor),
	);
	return {
		status: 200,
		body: pageEnvelope(rows, paging, [{ property: 'name', direction: 'ASC' }], (c) =>
			contactJson(tenant, c),
		),
	};
}

function rolesOf(body: JsonObject): { customer: boolean; vendor: boolean } {
	const roles = asObject(body.roles);
	return { customer: isObject(roles?.customer), vendor: isObject(roles?.vendor) };
}

function create(req: SandboxRequest, tenant: LexofficeTenant): SandboxResponse {
	const body = readJsonObject(req, 'legacy');
	const issues: Issue[] = [];
	// POST requires version 0; a missing one is a NOTNULL-style violation.
	if (body.version === undefined || body.version === null)
		issues.push({ source: 'version', i18nKey: 'missing_entity' });
	else if (body.version !== 0) issues.push({ source: 'version', i18nKey: 'invalid_value' });
	issues.push(...validateContactBody(body));
	if (issues.length > 0) return legacy(406, issues);
	const record = insertContact(tenant, pickWritable(body), rolesOf(body), Date.now());
	emit(tenant, 'contact.created', record.id);
	return actionResult(tenant.env.ctx.baseUrl, 'contacts', record, 201);
}

function update(req: SandboxRequest, tenant: LexofficeTenant): SandboxResponse {
	const record = tenant.contacts.get(req.params.id);
	if (!record) return notFound(req);
	const body = readJsonObject(req, 'legacy');
	const version = asNumber(body.version);
	if (body.version === undefined || body.version === null)
		return legacy(406, [{ source: 'version', i18nKey: 'missing_entity' }]);
	// Stale version on contacts is a 406 naming `version`, not a 409.
	if (version !== record.version)
		return legacy(406, [{ source: 'version', i18nKey: 'invalid_value' }]);
	// Contacts with several list entries (created in the app) are read-only via the API.
	const stored: Issue[] = [];
	listSizeIssues(record.body, stored);
	if (stored.length > 0) return legacy(406, stored);
	const issues = validateContactBody(body);
	if (issues.length > 0) return legacy(406, issues);
	const roles = rolesOf(body);
	// Numbers are immutable; a newly granted role gets a fresh number.
	if (roles.customer && record.customerNumber === null)
		record.customerNumber = tenant.counters.customer++;
	if (roles.vendor && record.vendorNumber === null) record.vendorNumber = tenant.counters.vendor++;
	if (!roles.customer) record.customerNumber = null;
	if (!roles.vendor) record.vendorNumber = null;
	// Full replacement: omitted fields are cleared; read-only fields (archived, …) are ignored.
	record.body = pickWritable(body);
	record.version += 1;
	record.updatedDate = Date.now();
	indexFields(record);
	tenant.contactOrder = undefined;
	emit(tenant, 'contact.changed', record.id);
	return actionResult(tenant.env.ctx.baseUrl, 'contacts', record, 200);
}

export function registerContacts(router: Router<LexofficeTenant>): void {
	router.get('/v1/contacts', list);
	router.post('/v1/contacts', create);
	router.get('/v1/contacts/:id', (req, tenant) => {
		const c = tenant.contacts.get(req.params.id);
		return c ? { status: 200, body: contactJson(tenant, c) } : notFound(req);
	});
	router.put('/v1/contacts/:id', update);
	// No delete/archive via the API: the route does not exist.
	router.delete('/v1/contacts/:id', (req) => notFound(req));
}
