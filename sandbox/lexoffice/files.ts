import { createHash, randomUUID } from 'node:crypto';

import type { Router, SandboxRequest, SandboxResponse } from '../core/http';
import { MIME, negotiate, renderPdf } from './documents';
import { fail, legacy, notFound } from './errors';
import { boundaryOf, parseMultipart } from './multipart';
import { emit, type FileExtension, type FileRecord, type LexofficeTenant } from './tenant';
import { insertVoucher } from './vouchers';

/** 5 242 880 bytes inclusive. */
export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;

const EXTENSIONS: Record<string, FileExtension> = {
	pdf: 'pdf',
	jpg: 'jpg',
	jpeg: 'jpg',
	png: 'png',
	xml: 'xml',
};

/** Content sniffing stands in for the real conversion checks (their errors carry i18nKeys). */
function contentIssue(ext: FileExtension, data: Buffer): string | undefined {
	if (ext === 'pdf' && data.subarray(0, 5).toString('latin1') !== '%PDF-')
		return 'voucher_upload_toxic_pdf';
	if (
		ext === 'png' &&
		!data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
	) {
		return 'image_conversion_error';
	}
	if (ext === 'jpg' && !(data[0] === 0xff && data[1] === 0xd8)) return 'image_conversion_error';
	if (ext === 'xml' && !data.toString('utf8', 0, 200).trimStart().startsWith('<'))
		return 'invalid_xrechnung';
	return undefined;
}

/**
 * Parses and checks a multipart upload; returns the stored (or deduplicated) file. Errors are thrown in the
 * legacy format.
 */
export function acceptUpload(
	req: SandboxRequest,
	tenant: LexofficeTenant,
	voucherId: string | null,
	requireType: boolean,
): FileRecord {
	const boundary = boundaryOf(req.headers['content-type']);
	if (!boundary)
		fail(
			legacy(415, [
				{ source: 'Content-Type', i18nKey: 'unsupported_media_type', type: 'bad_request_error' },
			]),
		);
	const parts = parseMultipart(req.rawBody, boundary);
	if (requireType) {
		const type = parts
			.find((p) => p.name === 'type')
			?.data.toString('utf8')
			.trim();
		// Missing/invalid `type` → 400.
		if (type !== 'voucher')
			fail(legacy(400, [{ source: 'type', i18nKey: type ? 'invalid_value' : 'missing_entity' }]));
	}
	const part = parts.find((p) => p.name === 'file' && p.filename !== undefined);
	// A missing file part is answered with a technical error.
	if (!part) fail(legacy(500, [{ source: 'file', i18nKey: 'missing_entity' }]));
	if (part.data.length > MAX_UPLOAD_BYTES)
		fail(legacy(406, [{ source: 'file', i18nKey: 'max_file_size_exceeded' }]));
	const ext = EXTENSIONS[(part.filename ?? '').split('.').pop()?.toLowerCase() ?? ''];
	if (!ext || (ext === 'xml' && !tenant.settings.eInvoice)) {
		fail(legacy(406, [{ source: 'file', i18nKey: 'inacceptable_file_extension' }]));
	}
	const issue = contentIssue(ext, part.data);
	if (issue) fail(legacy(406, [{ source: 'file', i18nKey: issue }]));
	const checksum = createHash('sha256').update(part.data).digest('hex');
	const existing = tenant.fileByChecksum.get(checksum);
	if (existing && tenant.files.has(existing)) return tenant.files.get(existing) as FileRecord;
	const file: FileRecord = {
		id: randomUUID(),
		kind: 'bookkeeping',
		voucherId,
		ext,
		content: Buffer.from(part.data),
		checksum,
		fileName: part.filename ?? `upload.${ext}`,
		createdDate: Date.now(),
	};
	tenant.files.set(file.id, file);
	tenant.fileByChecksum.set(checksum, file.id);
	return file;
}

/** POST /v1/files: the upload creates a bookkeeping voucher in status `blank`. */
function upload(req: SandboxRequest, tenant: LexofficeTenant): SandboxResponse {
	const sizeBefore = tenant.files.size;
	const file = acceptUpload(req, tenant, null, true);
	// Same checksum → the existing ids are returned.
	if (tenant.files.size === sizeBefore && file.voucherId)
		return { status: 202, body: { id: file.id, voucherId: file.voucherId } };
	const now = Date.now();
	const voucher = insertVoucher(
		tenant,
		{
			type: 'purchaseinvoice',
			status: 'blank',
			voucherNumber: null,
			voucherDate: null,
			shippingDate: null,
			dueDate: null,
			totalGrossAmount: null,
			totalTaxAmount: null,
			taxType: 'gross',
			useCollectiveContact: true,
			contactId: null,
			contactName: null,
			remark: null,
			voucherItems: [],
			files: [file.id],
		},
		now,
		0,
	);
	file.voucherId = voucher.id;
	// After "OCR" the voucher becomes unchecked and only then `voucher.created` fires.
	tenant.env.scheduler.after(tenant.env.ocrDelayMs, () => {
		if (voucher.status !== 'blank' || !tenant.vouchers.has(voucher.id)) return;
		voucher.status = 'unchecked';
		voucher.updatedDate = Date.now();
		emit(tenant, 'voucher.created', voucher.id);
	});
	return { status: 202, body: { id: file.id, voucherId: voucher.id } };
}

type Served = { ext: 'pdf' | 'xml' | 'jpg' | 'png' | 'render-pdf' } | { status: 404 | 406 };

/** The `/files/{id}` Accept matrix. */
function serve(file: FileRecord, accept: string | string[] | undefined): Served {
	const wanted = negotiate(accept);
	if (wanted === 'unacceptable') return { status: 406 };
	if (file.kind === 'sales') {
		if (wanted === 'xml') return file.xRechnungXml ? { ext: 'xml' } : { status: 404 };
		return { ext: 'pdf' };
	}
	if (file.ext === 'xml')
		return wanted === 'default' || wanted === 'xml' ? { ext: 'xml' } : { ext: 'render-pdf' };
	if (wanted === 'xml') return { status: 404 };
	return { ext: file.ext };
}

function download(req: SandboxRequest, tenant: LexofficeTenant): SandboxResponse {
	const file = tenant.files.get(req.params.id);
	if (!file) return notFound(req);
	const served = serve(file, req.headers.accept);
	if ('status' in served) {
		return served.status === 404
			? notFound(req)
			: legacy(406, [{ source: 'Accept', i18nKey: 'not_acceptable' }]);
	}
	let content = file.content;
	let ext: string = served.ext;
	if (served.ext === 'xml' && file.kind === 'sales' && file.xRechnungXml)
		content = file.xRechnungXml;
	if (served.ext === 'render-pdf') {
		content = renderPdf([`E-Rechnung ${file.fileName}`, `Datei ${file.id}`]);
		ext = 'pdf';
	}
	return {
		status: 200,
		headers: {
			'Content-Type': MIME[ext],
			'Content-Disposition': `inline; filename=${file.id}.${ext}`,
		},
		body: content,
	};
}

export function registerFiles(router: Router<LexofficeTenant>): void {
	router.post('/v1/files', upload);
	router.get('/v1/files/:id', download);
}
