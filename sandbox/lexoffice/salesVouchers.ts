import { createHash, randomUUID } from 'node:crypto';

import type { Router, SandboxRequest, SandboxResponse } from '../core/http';
import { formatDate } from './dates';
import { MIME, negotiate, renderPdf, renderXRechnung } from './documents';
import { notFound, regular, validationFailed, violation } from './errors';
import { asObject, asString } from './json';
import { addSalesPayment } from './payments';
import { actionResult, readJsonObject } from './request';
import { KINDS, insertSales, relatedEntry, salesJson, type KindConfig } from './salesModel';
import { buildSales } from './salesValidation';
import {
	emit,
	type FileRecord,
	type LexofficeTenant,
	type SalesKind,
	type SalesVoucherRecord,
} from './tenant';

/** Which predecessor types each type may pursue. */
const PURSUE_FROM: Record<SalesKind, SalesKind[]> = {
	invoice: ['quotation', 'order-confirmation', 'delivery-note'],
	'credit-note': ['invoice'],
	quotation: [],
	'order-confirmation': ['quotation'],
	'delivery-note': ['invoice', 'order-confirmation'],
	dunning: ['invoice', 'down-payment-invoice'],
	'down-payment-invoice': [],
};

function precedingError(req: SandboxRequest, message: string): SandboxResponse {
	return validationFailed(req, [violation('precedingSalesVoucherId', 'INVALID_VALUE', message)]);
}

function hasOptionalOrAlternative(record: SalesVoucherRecord): boolean {
	const items = Array.isArray(record.doc.lineItems) ? record.doc.lineItems : [];
	return items.some((i) => {
		const o = asObject(i);
		return (
			o?.optional === true ||
			o?.alternative === true ||
			(Array.isArray(o?.subItems) && o.subItems.length > 0)
		);
	});
}

/** Checks the pursue rules; returns the predecessor or an error response. */
function resolvePreceding(
	req: SandboxRequest,
	tenant: LexofficeTenant,
	kind: SalesKind,
	id: string,
): SalesVoucherRecord | SandboxResponse {
	const pred = tenant.sales.get(id);
	if (!pred) return precedingError(req, 'Beleg nicht gefunden');
	if (!PURSUE_FROM[kind].includes(pred.kind))
		return precedingError(req, `${pred.kind} kann nicht in ${kind} überführt werden`);
	if (kind === 'invoice') {
		if (pred.kind === 'quotation' && hasOptionalOrAlternative(pred)) {
			return precedingError(
				req,
				'Angebote mit optionalen oder alternativen Positionen können nicht überführt werden',
			);
		}
		if (pred.kind !== 'quotation' && pred.status === 'draft')
			return precedingError(req, 'Entwürfe können nicht überführt werden');
	}
	if (kind === 'credit-note') {
		if (pred.status === 'draft')
			return precedingError(req, 'Rechnungsentwürfe können nicht korrigiert werden');
		if (pred.doc.closingInvoice === true)
			return precedingError(req, 'Schlussrechnungen können nicht korrigiert werden');
		const existing = pred.related.some((r) => r.voucherType === 'creditnote');
		if (existing)
			return precedingError(req, 'Zu dieser Rechnung existiert bereits eine Rechnungskorrektur');
	}
	if (kind === 'dunning' && pred.status === 'draft')
		return precedingError(req, 'Entwürfe können nicht gemahnt werden');
	return pred;
}

function create(cfg: KindConfig) {
	return (req: SandboxRequest, tenant: LexofficeTenant): SandboxResponse => {
		const precedingId = req.query.get('precedingSalesVoucherId');
		// Dunnings check their mandatory query parameter before the body.
		if (cfg.kind === 'dunning' && !precedingId) {
			return regular(
				req,
				400,
				"Required request parameter 'precedingSalesVoucherId' for method parameter type UUID is not present",
			);
		}
		const body = readJsonObject(req, 'regular');
		let preceding: SalesVoucherRecord | undefined;
		if (precedingId) {
			const resolved = resolvePreceding(req, tenant, cfg.kind, precedingId);
			if (!('kind' in resolved)) return resolved;
			preceding = resolved;
		}
		// Dunnings stay drafts even with finalize=true.
		const finalize = req.query.get('finalize') === 'true' && cfg.kind !== 'dunning';
		const { details, built } = buildSales(tenant, cfg.kind, body, preceding, finalize);
		if (!built) return validationFailed(req, details);
		const now = Date.now();
		const record = insertSales(tenant, {
			kind: cfg.kind,
			status: finalize ? 'open' : 'draft',
			voucherDate: built.voucherDate,
			now,
			dueDate: built.dueDate,
			contactId: built.contactId,
			contactName: built.contactName,
			totalGross: built.totalGross,
			doc: built.doc,
			xRechnung: built.xRechnung,
		});
		emit(tenant, `${cfg.kind}.created`, record.id);
		if (preceding) link(tenant, record, preceding, finalize);
		return actionResult(tenant.env.ctx.baseUrl, cfg.path, record, 201);
	};
}

/** relatedVouchers on both sides; a finalized credit note settles the invoice's open amount. */
function link(
	tenant: LexofficeTenant,
	record: SalesVoucherRecord,
	pred: SalesVoucherRecord,
	finalized: boolean,
): void {
	record.related.push(relatedEntry(pred));
	pred.related.push(relatedEntry(record));
	pred.updatedDate = Date.now();
	pred.version += 1;
	emit(tenant, `${pred.kind}.changed`, pred.id);
	if (record.kind === 'credit-note') {
		record.pursuedInvoiceId = pred.id;
		if (finalized) {
			record.status = 'paidoff';
			record.openAmount = null;
			const amount = Math.min(record.totalGross, pred.openAmount ?? 0);
			addSalesPayment(tenant, pred, {
				paymentItemType: 'partPaymentCreditNote',
				postingDate: Date.now(),
				amount,
			});
		}
	}
}

function findOfKind(
	req: SandboxRequest,
	tenant: LexofficeTenant,
	cfg: KindConfig,
): SalesVoucherRecord | undefined {
	const record = tenant.sales.get(req.params.id);
	// An id of another type answers like an unknown id.
	return record && record.kind === cfg.kind ? record : undefined;
}

/** Renders once and registers the file so the deprecated `/v1/files/{id}` download works too. */
function ensureRendered(tenant: LexofficeTenant, record: SalesVoucherRecord): FileRecord {
	const existing = record.documentFileId ? tenant.files.get(record.documentFileId) : undefined;
	if (existing) return existing;
	const cfg = KINDS[record.kind];
	const pdf = renderPdf([
		`${asString(record.doc.title) ?? cfg.title} ${record.voucherNumber ?? ''}`.trim(),
		`Datum: ${formatDate(record.voucherDate)}`,
		`Empfaenger: ${record.contactName}`,
		`Gesamt: ${record.totalGross.toFixed(2)} EUR`,
	]);
	const file: FileRecord = {
		id: randomUUID(),
		kind: 'sales',
		voucherId: record.id,
		ext: 'pdf',
		content: pdf,
		checksum: createHash('sha256').update(pdf).digest('hex'),
		fileName: `${cfg.fileStem}_${record.voucherNumber ?? record.id}.pdf`,
		createdDate: Date.now(),
		xRechnungXml: record.xRechnung
			? renderXRechnung({
					number: record.voucherNumber ?? record.id,
					issueDate: formatDate(record.voucherDate),
					buyerReference: asString(asObject(record.doc.xRechnung)?.buyerReference) ?? '',
					total: record.totalGross,
				})
			: undefined,
	};
	tenant.files.set(file.id, file);
	record.documentFileId = file.id;
	return file;
}

/** GET /{T}/{id}/file with the Accept matrix. */
function download(cfg: KindConfig) {
	return (req: SandboxRequest, tenant: LexofficeTenant): SandboxResponse => {
		const record = findOfKind(req, tenant, cfg);
		if (!record) return notFound(req);
		const wanted = negotiate(req.headers.accept);
		if (wanted === 'unacceptable' || wanted === 'jpeg' || wanted === 'png') {
			return regular(req, 406, 'Could not find acceptable representation');
		}
		// Drafts have no document; dunnings are always drafts and still render.
		if (record.status === 'draft' && cfg.kind !== 'dunning')
			return regular(req, 409, 'Draft vouchers have no document file');
		const file = ensureRendered(tenant, record);
		const asXml = cfg.xml && record.xRechnung && (wanted === 'xml' || wanted === 'default');
		if (wanted === 'xml' && !asXml) return notFound(req);
		const content = asXml && file.xRechnungXml ? file.xRechnungXml : file.content;
		const ext = asXml ? 'xml' : 'pdf';
		return {
			status: 200,
			headers: {
				'Content-Type': MIME[ext],
				'Content-Disposition': `attachment; filename="${file.fileName.replace(/\.pdf$/, `.${ext}`)}"`,
			},
			body: content,
		};
	};
}

/** Deprecated render trigger returning `{documentFileId}`; drafts → 406. */
function document(cfg: KindConfig) {
	return (req: SandboxRequest, tenant: LexofficeTenant): SandboxResponse => {
		const record = findOfKind(req, tenant, cfg);
		if (!record) return notFound(req);
		if (record.status === 'draft' && cfg.kind !== 'dunning')
			return regular(req, 406, 'Draft vouchers cannot be rendered');
		return { status: 200, body: { documentFileId: ensureRendered(tenant, record).id } };
	};
}

export function registerSalesVouchers(router: Router<LexofficeTenant>): void {
	for (const cfg of Object.values(KINDS)) {
		const base = `/v1/${cfg.path}`;
		// There is no collection GET for any sales voucher type.
		router.get(base, (req) => notFound(req));
		if (cfg.kind !== 'down-payment-invoice') router.post(base, create(cfg));
		router.get(`${base}/:id`, (req, tenant) => {
			const record = findOfKind(req, tenant, cfg);
			return record ? { status: 200, body: salesJson(tenant, record) } : notFound(req);
		});
		router.get(`${base}/:id/file`, download(cfg));
		if (cfg.kind !== 'down-payment-invoice') router.get(`${base}/:id/document`, document(cfg));
	}
}
