import { randomUUID } from 'node:crypto';

import type { Router, SandboxRequest, SandboxResponse } from '../core/http';
import { formatDateTime } from './dates';
import { notFound, regular, validationFailed, violation, type Violation } from './errors';
import { asString, isBlank } from './json';
import { actionResult, readJsonObject } from './request';
import type { LexofficeTenant, SubscriptionRecord } from './tenant';

const RESOURCE_EVENTS: Array<[string, string[]]> = [
	['article', ['created', 'changed', 'deleted']],
	['contact', ['created', 'changed', 'deleted']],
	['credit-note', ['created', 'changed', 'deleted', 'status.changed']],
	['delivery-note', ['created', 'changed', 'deleted', 'status.changed']],
	['down-payment-invoice', ['created', 'changed', 'deleted', 'status.changed']],
	['dunning', ['created', 'changed', 'deleted']],
	['invoice', ['created', 'changed', 'deleted', 'status.changed']],
	['order-confirmation', ['created', 'changed', 'deleted', 'status.changed']],
	['quotation', ['created', 'changed', 'deleted', 'status.changed']],
	['recurring-template', ['created', 'changed', 'deleted']],
	['voucher', ['created', 'changed', 'deleted', 'status.changed']],
];

/** The 41 public event types; `token.revoked` is partner-only. */
export const EVENT_TYPES = new Set([
	...RESOURCE_EVENTS.flatMap(([resource, events]) => events.map((e) => `${resource}.${e}`)),
	'payment.changed',
]);

const PROBE_TIMEOUT_MS = 5000;

/** The real service HEAD-probes the callback (TLS check); only a connection failure fails. */
async function probe(url: string): Promise<boolean> {
	try {
		const res = await fetch(url, {
			method: 'HEAD',
			redirect: 'manual',
			signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
		});
		await res.arrayBuffer().catch(() => undefined);
		return true;
	} catch {
		return false;
	}
}

export function subscriptionJson(
	tenant: LexofficeTenant,
	s: SubscriptionRecord,
): Record<string, string> {
	return {
		subscriptionId: s.subscriptionId,
		organizationId: tenant.organizationId,
		createdDate: formatDateTime(s.createdDate),
		eventType: s.eventType,
		callbackUrl: s.callbackUrl,
	};
}

async function create(req: SandboxRequest, tenant: LexofficeTenant): Promise<SandboxResponse> {
	const body = readJsonObject(req, 'regular');
	const eventType = asString(body.eventType);
	const callbackUrl = asString(body.callbackUrl);
	const details: Violation[] = [];
	if (!eventType) details.push(violation('eventType', 'NOTNULL'));
	else if (!EVENT_TYPES.has(eventType)) details.push(violation('eventType', 'INVALID_VALUE'));
	if (isBlank(callbackUrl)) details.push(violation('callbackUrl', 'NOTBLANK'));
	else {
		// The real API wants HTTPS; plain http is accepted here so tests can use loopback receivers.
		let parsed: URL | undefined;
		try {
			parsed = new URL(callbackUrl as string);
		} catch {
			parsed = undefined;
		}
		if (!parsed || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:'))
			details.push(violation('callbackUrl', 'INVALID_VALUE'));
	}
	if (details.length > 0 || !eventType || !callbackUrl) return validationFailed(req, details);
	for (const s of tenant.subscriptions.values()) {
		if (s.eventType === eventType && s.callbackUrl === callbackUrl) {
			// Same eventType + URL already subscribed.
			return regular(req, 409, 'Subscription for this event type and callback URL already exists');
		}
	}
	if (!(await probe(callbackUrl))) {
		return validationFailed(req, [
			violation('callbackUrl', 'INVALID_VALUE', 'Callback URL nicht erreichbar'),
		]);
	}
	const now = Date.now();
	const record: SubscriptionRecord = {
		subscriptionId: randomUUID(),
		eventType,
		callbackUrl,
		createdDate: now,
	};
	tenant.subscriptions.set(record.subscriptionId, record);
	// Event subscriptions start at version 0.
	return actionResult(
		tenant.env.ctx.baseUrl,
		'event-subscriptions',
		{ id: record.subscriptionId, createdDate: now, updatedDate: now, version: 0 },
		201,
	);
}

export function registerEventSubscriptions(router: Router<LexofficeTenant>): void {
	router.post('/v1/event-subscriptions', create);
	// Only `{content:[…]}`, no paging fields (https://developers.lexware.io/docs/#paging-of-resources).
	router.get('/v1/event-subscriptions', (_req, tenant) => ({
		status: 200,
		body: { content: [...tenant.subscriptions.values()].map((s) => subscriptionJson(tenant, s)) },
	}));
	router.get('/v1/event-subscriptions/:id', (req, tenant) => {
		const s = tenant.subscriptions.get(req.params.id);
		return s ? { status: 200, body: subscriptionJson(tenant, s) } : notFound(req);
	});
	router.delete('/v1/event-subscriptions/:id', (req, tenant) => {
		if (!tenant.subscriptions.delete(req.params.id)) return notFound(req);
		return { status: 204 };
	});
}
