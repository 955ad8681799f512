/**
 * The PDF of a bexio invoice as a file for its lexoffice bookkeeping voucher.
 *
 * bexio answers `GET /2.0/kb_invoice/{id}/pdf` with `{name, size, mime, content}`, the content in base64
 * (https://docs.bexio.com/#tag/Invoices/operation/v2ShowInvoicePdf). lexoffice takes a voucher file as
 * multipart part `file`, judges its type by the file name's extension and refuses more than 5 MB
 * (https://developers.lexware.io/docs/#vouchers-endpoint-upload-a-file-to-a-voucher). A PDF lexoffice
 * would refuse is a reason here, named before anything is sent.
 */

/** lexoffice's upload limit: 5 MB, 5 242 880 bytes inclusive. */
export const LEXOFFICE_MAX_FILE_BYTES = 5 * 1024 * 1024;

export interface BexioPdf {
	name?: string;
	size?: number;
	mime?: string;
	content?: string;
}

export interface VoucherFile {
	filename: string;
	contentType: 'application/pdf';
	data: Buffer;
}

const megabytes = (bytes: number) => (bytes / 1024 / 1024).toFixed(2);

/** The file to attach, or why it cannot be attached (the reason names the invoice and the fix). */
export function bexioPdfToVoucherFile(
	pdf: BexioPdf,
	documentNr: string,
): VoucherFile | { invalid: string } {
	const what = `the PDF of bexio invoice ${documentNr}`;
	if (pdf.mime && pdf.mime !== 'application/pdf')
		return { invalid: `${what} came as ${pdf.mime}, not application/pdf; attach it by hand` };
	const data = Buffer.from(pdf.content ?? '', 'base64');
	if (data.subarray(0, 5).toString('latin1') !== '%PDF-')
		return { invalid: `${what} is not a PDF (no %PDF- header); attach it by hand` };
	if (data.length > LEXOFFICE_MAX_FILE_BYTES) {
		return {
			invalid: `${what} has ${megabytes(data.length)} MB, more than lexoffice's 5 MB limit for voucher files; attach a smaller copy to the voucher by hand, or run the import with attachPdf off`,
		};
	}
	const base = (pdf.name ?? '').trim() || `${documentNr}.pdf`;
	// lexoffice decides the file type by the extension.
	const filename = /\.pdf$/i.test(base) ? base : `${base}.pdf`;
	return { filename, contentType: 'application/pdf', data };
}
