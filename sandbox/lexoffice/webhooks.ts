import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';

import { formatDateTime } from './dates';
import type { Scheduler } from './scheduler';
import type { LexofficeTenant, SubscriptionRecord } from './tenant';

/** Delays (s) before retry n: 10, 20, 40, 80, 160, then a 30 min pause, then 2 h apart, 20 retries in phase 2. */
export const RETRY_DELAYS_SECONDS: readonly number[] = [
	10,
	20,
	40,
	80,
	160,
	1800,
	...Array<number>(19).fill(7200),
];

/** Statuses that are retried per schedule (404 too, but it ends in deleting the subscription). */
function retryable(status: number): boolean {
	return (
		status === 0 ||
		status === 401 ||
		status === 403 ||
		status === 404 ||
		status === 429 ||
		status >= 500
	);
}

const READ_TIMEOUT_MS = 5000;
const MAX_REDIRECTS = 3;

interface Attempt {
	status: number;
	/** DNS failure: like 404 it ends in deleting the subscription. */
	dns: boolean;
}

/**
 * Signs and delivers events to the tenant's subscriptions: RSA-SHA512 PKCS#1 v1.5 over the
 * exact body bytes, base64 in `X-Lxo-Signature`. Retries run on the scheduler, scaled by `timeScale`.
 */
export class WebhookHub {
	readonly publicKeyPem: string;
	private readonly privateKey: KeyObject;
	private readonly inFlight = new Set<AbortController>();
	private closed = false;

	constructor(
		private readonly scheduler: Scheduler,
		public timeScale: number,
	) {
		// 2048 bit keeps start-up fast; the real key is reported as 4096 bit.
		const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
		this.privateKey = privateKey;
		this.publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
	}

	/** Compact body exactly as sent; the signature covers these bytes. */
	static body(
		tenant: LexofficeTenant,
		eventType: string,
		resourceId: string,
		eventDate: number,
	): string {
		return JSON.stringify({
			organizationId: tenant.organizationId,
			eventType,
			resourceId,
			eventDate: formatDateTime(eventDate),
		});
	}

	sign(body: string): string {
		return sign('sha512', Buffer.from(body, 'utf8'), this.privateKey).toString('base64');
	}

	/** Fan-out to every subscription of the tenant for the event type; delivery starts after the current response. */
	emit(
		tenant: LexofficeTenant,
		eventType: string,
		resourceId: string,
		eventDate = Date.now(),
	): void {
		const body = WebhookHub.body(tenant, eventType, resourceId, eventDate);
		for (const sub of tenant.subscriptions.values()) {
			if (sub.eventType !== eventType) continue;
			this.scheduler.after(1, () => void this.attempt(tenant, sub, body, resourceId, 1));
		}
	}

	private async attempt(
		tenant: LexofficeTenant,
		sub: SubscriptionRecord,
		body: string,
		resourceId: string,
		n: number,
	): Promise<void> {
		// A subscription deleted meanwhile gets no further attempts.
		if (this.closed || tenant.subscriptions.get(sub.subscriptionId) !== sub) return;
		const sentAt = new Date().toISOString();
		const result = await this.post(sub.callbackUrl, body);
		if (this.closed) return;
		const log = (
			outcome: 'delivered' | 'retry' | 'dropped' | 'subscription-deleted',
			next: number | null,
		): void => {
			tenant.deliveries.push({
				subscriptionId: sub.subscriptionId,
				eventType: sub.eventType,
				resourceId,
				attempt: n,
				sentAt,
				status: result.status,
				at: new Date().toISOString(),
				outcome,
				nextAttemptInMs: next,
			});
		};
		const s = result.status;
		if (s >= 200 && s < 300) return log('delivered', null);
		// 410 Gone removes the subscription at once.
		if (s === 410) {
			tenant.subscriptions.delete(sub.subscriptionId);
			return log('subscription-deleted', null);
		}
		if (!retryable(s)) return log('dropped', null);
		const delaySeconds = RETRY_DELAYS_SECONDS[n - 1];
		if (delaySeconds === undefined) {
			// Schedule exhausted: 404 and DNS failures delete the subscription (since 2024-07-03).
			if (s === 404 || result.dns) {
				tenant.subscriptions.delete(sub.subscriptionId);
				return log('subscription-deleted', null);
			}
			return log('dropped', null);
		}
		const delayMs = delaySeconds * 1000 * this.timeScale;
		log('retry', delayMs);
		this.scheduler.after(delayMs, () => void this.attempt(tenant, sub, body, resourceId, n + 1));
	}

	private async post(url: string, body: string): Promise<Attempt> {
		const controller = new AbortController();
		this.inFlight.add(controller);
		const timer = setTimeout(() => controller.abort(), READ_TIMEOUT_MS);
		timer.unref();
		try {
			let target = url;
			// 3xx are followed at most 3 times and never retried.
			for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
				const res = await fetch(target, {
					method: 'POST',
					headers: { 'Content-Type': 'application/json', 'X-Lxo-Signature': this.sign(body) },
					body,
					redirect: 'manual',
					signal: controller.signal,
				});
				await res.arrayBuffer().catch(() => undefined);
				const location = res.headers.get('location');
				if (res.status >= 300 && res.status < 400 && location && hop < MAX_REDIRECTS) {
					target = new URL(location, target).toString();
					continue;
				}
				return { status: res.status, dns: false };
			}
			return { status: 310, dns: false };
		} catch (error) {
			const code = (error as { cause?: { code?: string } }).cause?.code;
			return { status: 0, dns: code === 'ENOTFOUND' || code === 'EAI_AGAIN' };
		} finally {
			clearTimeout(timer);
			this.inFlight.delete(controller);
		}
	}

	close(): void {
		this.closed = true;
		for (const c of this.inFlight) c.abort();
		this.inFlight.clear();
	}
}
