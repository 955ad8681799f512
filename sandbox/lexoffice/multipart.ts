/** Minimal multipart/form-data parser for uploads; Node has no built-in server-side one. */
export interface FormPart {
	name: string;
	filename?: string;
	contentType?: string;
	data: Buffer;
}

export function boundaryOf(contentType: string | undefined): string | undefined {
	if (!contentType || !/^multipart\/form-data/i.test(contentType)) return undefined;
	const m = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
	return m ? (m[1] ?? m[2]).trim() : undefined;
}

export function parseMultipart(body: Buffer, boundary: string): FormPart[] {
	const delimiter = Buffer.from(`--${boundary}`);
	const parts: FormPart[] = [];
	let pos = body.indexOf(delimiter);
	while (pos !== -1) {
		const start = pos + delimiter.length;
		// `--` after a delimiter closes the body.
		if (body.subarray(start, start + 2).toString() === '--') break;
		const next = body.indexOf(delimiter, start);
		if (next === -1) break;
		const chunk = body.subarray(start + 2, next - 2); // skip CRLF after the delimiter and before the next one
		const headerEnd = chunk.indexOf('\r\n\r\n');
		if (headerEnd !== -1) {
			const headers = chunk.subarray(0, headerEnd).toString('utf8');
			const disposition = /content-disposition:[^\r\n]*/i.exec(headers)?.[0] ?? '';
			const name = /\bname="([^"]*)"/i.exec(disposition)?.[1];
			const filename = /\bfilename="([^"]*)"/i.exec(disposition)?.[1];
			const contentType = /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1]?.trim();
			if (name !== undefined)
				parts.push({ name, filename, contentType, data: chunk.subarray(headerEnd + 4) });
		}
		pos = next;
	}
	return parts;
}
