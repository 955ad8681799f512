import { parseJson, type SandboxRequest } from '../core/http';
import { bexioError, fail, invalid } from './errors';

export type Json = Record<string, unknown>;

function parsed(req: SandboxRequest): unknown {
	return parseJson(req, () => bexioError(400, 'Invalid JSON body'));
}

/** A JSON object body; an absent body counts as `{}`. */
export function jsonObject(req: SandboxRequest): Json {
	const value = parsed(req);
	if (value === undefined) return {};
	if (typeof value !== 'object' || value === null || Array.isArray(value))
		return fail(400, 'The body must be a JSON object');
	return value as Json;
}

/** A JSON array body (search criteria, bulk create). */
export function jsonArray(req: SandboxRequest, what: string): unknown[] {
	const value = parsed(req);
	if (!Array.isArray(value)) return fail(422, `The body must be an array of ${what}`);
	return value;
}

/** Fields missing, null or empty → 422 naming each. */
export function requireFields(data: Json, required: readonly string[]): void {
	const missing = required.filter(
		(f) => data[f] === undefined || data[f] === null || data[f] === '',
	);
	if (missing.length)
		invalid(Object.fromEntries(missing.map((f) => [f, 'This value should not be blank.'])));
}

/**
 * Text fields given another JSON type → 422 naming each. Only the documented required text fields are
 * checked: bexio documents numbers as accepted for some optional text fields (`nr`, `postcode`).
 */
export function requireText(data: Json, fields: readonly string[]): void {
	const wrong = fields.filter(
		(f) => data[f] !== undefined && data[f] !== null && typeof data[f] !== 'string',
	);
	if (wrong.length) invalid(Object.fromEntries(wrong.map((f) => [f, 'This value is not valid.'])));
}

export function isInt(value: unknown): boolean {
	return (
		(typeof value === 'number' && Number.isInteger(value)) ||
		(typeof value === 'string' && /^\d+$/.test(value))
	);
}

/** Decimal given as string or number with at most 6 decimals. */
export function decimal(value: unknown, field: string): number {
	const text =
		typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
	if (!/^-?\d+(\.\d+)?$/.test(text) && !(typeof value === 'number' && Number.isFinite(value)))
		invalid({ [field]: 'This value is not a valid decimal number.' });
	if ((text.split('.')[1] ?? '').length > 6)
		invalid({ [field]: 'At most 6 decimals are allowed.' });
	return Number(text);
}

export interface Part {
	name: string;
	filename?: string;
	contentType: string;
	data: Buffer;
}

/** Minimal multipart/form-data reader for uploads. */
export function multipart(req: SandboxRequest): Part[] {
	const type = String(req.headers['content-type'] ?? '');
	const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(type);
	if (!/^multipart\/form-data/i.test(type) || !boundary)
		return fail(415, 'Use multipart/form-data for uploads');
	const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
	const parts: Part[] = [];
	const body = req.rawBody;
	let start = body.indexOf(delimiter);
	while (start !== -1) {
		const next = body.indexOf(delimiter, start + delimiter.length);
		if (next === -1) break;
		const chunk = body.subarray(start + delimiter.length + 2, next - 2);
		const split = chunk.indexOf('\r\n\r\n');
		if (split !== -1) {
			const head = chunk.subarray(0, split).toString('utf8');
			const name = /name="([^"]*)"/i.exec(head)?.[1] ?? '';
			const filename = /filename="([^"]*)"/i.exec(head)?.[1];
			const contentType =
				/content-type:\s*([^\r\n]+)/i.exec(head)?.[1]?.trim() ?? 'application/octet-stream';
			parts.push({ name, filename, contentType, data: Buffer.from(chunk.subarray(split + 4)) });
		}
		start = next;
	}
	return parts;
}
