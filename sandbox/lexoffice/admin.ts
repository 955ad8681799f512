import { Router, SandboxHttpError, type SandboxRequest } from '../core/http';
import type { SandboxContext } from '../core/server';
import { parseDateOrDateTime } from './dates';
import { isObject, asNumber, asString, type JsonObject } from './json';
import { addSalesPayment, addVoucherPayment } from './payments';
import { emit, type LexofficeTenant } from './tenant';
import type { WebhookHub } from './webhooks';

function body(req: SandboxRequest): JsonObject {
	try {
		const parsed = req.rawBody.length ? (JSON.parse(req.rawBody.toString('utf8')) as unknown) : {};
		return isObject(parsed) ? parsed : {};
	} catch {
		throw new SandboxHttpError({ status: 400, body: { message: 'invalid JSON' } });
	}
}

function tenantOf(ctx: SandboxContext<LexofficeTenant>, token: unknown): LexofficeTenant {
	const tenant = typeof token === 'string' ? ctx.tenantByToken(token) : undefined;
	if (!tenant)
		throw new SandboxHttpError({ status: 404, body: { message: 'unknown tenant token' } });
	return tenant;
}

/** lexoffice-specific admin routes under /_sandbox (no auth). */
export function buildAdminRouter(webhooks: WebhookHub): Router<SandboxContext<LexofficeTenant>> {
	const router = new Router<SandboxContext<LexofficeTenant>>();
	// Stands in for the published key URL; public like the real one.
	router.get('/_sandbox/webhook-public-key', () => ({
		status: 200,
		headers: { 'Content-Type': 'application/x-pem-file' },
		body: Buffer.from(webhooks.publicKeyPem, 'utf8'),
	}));
	router.post('/_sandbox/events', (req, ctx) => {
		const b = body(req);
		const tenant = tenantOf(ctx, b.token);
		const eventType = asString(b.eventType);
		const resourceId = asString(b.resourceId);
		if (!eventType || !resourceId)
			return { status: 400, body: { message: 'eventType and resourceId are required' } };
		const subscribers = [...tenant.subscriptions.values()].filter(
			(s) => s.eventType === eventType,
		).length;
		// A given eventDate repeats an earlier event exactly: lexoffice delivers at least once.
		const eventDate = asNumber(b.eventDate);
		emit(tenant, eventType, resourceId, eventDate);
		return { status: 202, body: { subscribers } };
	});
	// A real signature of any body with the delivery key: tests put it on a different body (it must not verify there).
	router.post('/_sandbox/sign', (req) => {
		const text = asString(body(req).body);
		if (text === undefined)
			return { status: 400, body: { message: 'body (a string) is required' } };
		return { status: 200, body: { signature: webhooks.sign(text) } };
	});
	router.get('/_sandbox/deliveries', (req, ctx) => ({
		status: 200,
		body: tenantOf(ctx, req.query.get('token')).deliveries,
	}));
	router.post('/_sandbox/webhooks/time-scale', (req) => {
		const scale = asNumber(body(req).scale);
		if (scale === undefined || scale < 0)
			return { status: 400, body: { message: 'scale must be a number ≥ 0' } };
		webhooks.timeScale = scale;
		return { status: 200, body: { scale } };
	});
	// Payments cannot be booked through the public API; this simulates a bank assignment or a payment
	// entered in the web app, on `postingDate` (yyyy-MM-dd or a timestamp; default now).
	router.post('/_sandbox/payments', (req, ctx) => {
		const b = body(req);
		const tenant = tenantOf(ctx, b.token);
		const id = asString(b.voucherId) ?? '';
		const postingDate =
			b.postingDate === undefined ? Date.now() : parseDateOrDateTime(b.postingDate);
		if (postingDate === undefined)
			return { status: 400, body: { message: 'postingDate must be yyyy-MM-dd or a timestamp' } };
		const item = {
			paymentItemType: asString(b.paymentItemType) ?? 'manualPayment',
			postingDate,
			amount: 0,
		};
		const sales = tenant.sales.get(id);
		if (sales && sales.openAmount !== null) {
			item.amount = asNumber(b.amount) ?? sales.openAmount;
			addSalesPayment(tenant, sales, item);
			return { status: 200, body: { openAmount: sales.openAmount, voucherStatus: sales.status } };
		}
		const voucher = tenant.vouchers.get(id);
		if (voucher && (voucher.status === 'open' || voucher.status === 'paid')) {
			item.amount = asNumber(b.amount) ?? voucher.totalGrossAmount ?? 0;
			addVoucherPayment(tenant, voucher, item);
			return { status: 200, body: { voucherStatus: voucher.status } };
		}
		return { status: 404, body: { message: 'no payable voucher with this id' } };
	});
	// Voiding ("Stornieren") happens in the web app only; this simulates it for a finalised sales voucher.
	router.post('/_sandbox/void', (req, ctx) => {
		const b = body(req);
		const tenant = tenantOf(ctx, b.token);
		const sales = tenant.sales.get(asString(b.voucherId) ?? '');
		if (!sales || sales.status === 'draft')
			return { status: 404, body: { message: 'no finalised sales voucher with this id' } };
		const before = sales.status;
		sales.status = 'voided';
		sales.updatedDate = Date.now();
		if (before !== 'voided') emit(tenant, `${sales.kind}.status.changed`, sales.id);
		return { status: 200, body: { voucherStatus: sales.status } };
	});
	router.post('/_sandbox/settings', (req, ctx) => {
		const b = body(req);
		const tenant = tenantOf(ctx, b.token);
		if (typeof b.eInvoice === 'boolean') tenant.settings.eInvoice = b.eInvoice;
		if (typeof b.companyName === 'string') tenant.companyName = b.companyName;
		return { status: 200, body: { ...tenant.settings, companyName: tenant.companyName } };
	});
	return router;
}
