/** Rendered documents (tiny but real PDF/XML files) and `Accept` negotiation for downloads. */

export type Wanted = 'default' | 'pdf' | 'xml' | 'jpeg' | 'png' | 'unacceptable';

/** First recognised media range of an `Accept` header wins; none recognised → 406. */
export function negotiate(accept: string | string[] | undefined): Wanted {
	const header = Array.isArray(accept) ? accept.join(',') : accept;
	if (!header || header.trim() === '') return 'default';
	for (const part of header.split(',')) {
		const type = part.split(';')[0].trim().toLowerCase();
		if (type === '*/*' || type === 'application/*') return 'default';
		if (type === 'application/pdf') return 'pdf';
		if (type === 'application/xml' || type === 'text/xml') return 'xml';
		if (type === 'image/jpeg' || type === 'image/jpg') return 'jpeg';
		if (type === 'image/png') return 'png';
	}
	return 'unacceptable';
}

function pdfText(value: string): string {
	// PDF literal strings: escape delimiters, keep Latin-1, replace anything else.
	return value.replace(/[^\x20-\x7e\xa0-\xff]/g, '?').replace(/([\\()])/g, '\\$1');
}

/** A minimal single-page PDF 1.4 with correct xref offsets, so PDF tooling can open it. */
export function renderPdf(lines: string[]): Buffer {
	const text = lines
		.map((line, i) => `BT /F1 12 Tf 50 ${800 - i * 18} Td (${pdfText(line)}) Tj ET`)
		.join('\n');
	const objects = [
		'<< /Type /Catalog /Pages 2 0 R >>',
		'<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
		'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
		`<< /Length ${Buffer.byteLength(text, 'latin1')} >>\nstream\n${text}\nendstream`,
		'<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
	];
	let out = '%PDF-1.4\n';
	const offsets: number[] = [];
	objects.forEach((obj, i) => {
		offsets.push(Buffer.byteLength(out, 'latin1'));
		out += `${i + 1} 0 obj\n${obj}\nendobj\n`;
	});
	const xref = Buffer.byteLength(out, 'latin1');
	out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
	for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
	out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
	return Buffer.from(out, 'latin1');
}

function xmlEscape(value: string): string {
	return value
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&quot;');
}

/** A skeletal UBL invoice standing in for an XRechnung download. */
export function renderXRechnung(fields: {
	number: string;
	issueDate: string;
	buyerReference: string;
	total: number;
}): Buffer {
	return Buffer.from(
		'<?xml version="1.0" encoding="UTF-8"?>\n' +
			'<ubl:Invoice xmlns:ubl="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" ' +
			'xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">\n' +
			'  <cbc:CustomizationID>urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0</cbc:CustomizationID>\n' +
			`  <cbc:ID>${xmlEscape(fields.number)}</cbc:ID>\n` +
			`  <cbc:IssueDate>${fields.issueDate}</cbc:IssueDate>\n` +
			`  <cbc:BuyerReference>${xmlEscape(fields.buyerReference)}</cbc:BuyerReference>\n` +
			`  <cbc:PayableAmount currencyID="EUR">${fields.total.toFixed(2)}</cbc:PayableAmount>\n` +
			'</ubl:Invoice>\n',
		'utf8',
	);
}

export const MIME: Record<string, string> = {
	pdf: 'application/pdf',
	xml: 'application/xml',
	jpg: 'image/jpeg',
	png: 'image/png',
};
