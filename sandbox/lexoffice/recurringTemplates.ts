import type { Router, SandboxRequest, SandboxResponse } from '../core/http';
import { formatDateTime } from './dates';
import { notFound, regular } from './errors';
import { asObject, compact, type Json, type JsonObject } from './json';
import { pageEnvelope, parsePaging } from './paging';
import type { LexofficeTenant, RecurringTemplateRecord } from './tenant';

const SORT_KEYS = ['createdDate', 'updatedDate', 'lastExecutionDate', 'nextExecutionDate'];

export function templateJson(tenant: LexofficeTenant, t: RecurringTemplateRecord): JsonObject {
	return compact({
		id: t.id,
		organizationId: tenant.organizationId,
		createdDate: formatDateTime(t.createdDate),
		updatedDate: formatDateTime(t.updatedDate),
		version: t.version,
		...t.doc,
		recurringTemplateSettings: t.settings,
	} as Record<string, Json | undefined>);
}

/** List items are abbreviated: address id+name, totalPrice, paymentConditions, settings. */
function summaryJson(tenant: LexofficeTenant, t: RecurringTemplateRecord): JsonObject {
	const total = asObject(t.doc.totalPrice);
	return compact({
		id: t.id,
		organizationId: tenant.organizationId,
		createdDate: formatDateTime(t.createdDate),
		updatedDate: formatDateTime(t.updatedDate),
		address: { contactId: t.contactId, name: t.contactName },
		title: t.doc.title,
		totalPrice: total
			? {
					currency: 'EUR',
					totalNetAmount: total.totalNetAmount ?? null,
					totalGrossAmount: total.totalGrossAmount ?? null,
				}
			: undefined,
		paymentConditions: t.doc.paymentConditions,
		recurringTemplateSettings: t.settings,
	} as Record<string, Json | undefined>);
}

function sortValue(t: RecurringTemplateRecord, key: string): string | number {
	if (key === 'createdDate') return t.createdDate;
	if (key === 'updatedDate') return t.updatedDate;
	const v = t.settings[key];
	return typeof v === 'string' ? v : '';
}

function list(req: SandboxRequest, tenant: LexofficeTenant): SandboxResponse {
	const paging = parsePaging(req, { max: 250, format: 'regular' });
	// Default `updatedDate,DESC`.
	const [key, dir] = (req.query.get('sort') ?? 'updatedDate,DESC').split(',').map((s) => s.trim());
	if (!SORT_KEYS.includes(key) || (dir !== undefined && !/^(asc|desc)$/i.test(dir))) {
		return regular(req, 400, "parameter 'sort' is invalid");
	}
	const direction = dir?.toUpperCase() === 'DESC' ? 'DESC' : 'ASC';
	const sign = direction === 'ASC' ? 1 : -1;
	const rows = [...tenant.recurringTemplates.values()].sort((a, b) => {
		const x = sortValue(a, key);
		const y = sortValue(b, key);
		return (x < y ? -sign : x > y ? sign : 0) || (a.id < b.id ? -1 : 1);
	});
	return {
		status: 200,
		body: pageEnvelope(rows, paging, [{ property: key, direction }], (t) => summaryJson(tenant, t)),
	};
}

export function registerRecurringTemplates(router: Router<LexofficeTenant>): void {
	router.get('/v1/recurring-templates', list);
	router.get('/v1/recurring-templates/:id', (req, tenant) => {
		const t = tenant.recurringTemplates.get(req.params.id);
		return t ? { status: 200, body: templateJson(tenant, t) } : notFound(req);
	});
}
