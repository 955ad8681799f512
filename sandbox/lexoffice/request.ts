import type { SandboxRequest, SandboxResponse } from '../core/http';
import { formatDateTime } from './dates';
import { fail, legacy, regular } from './errors';
import { isObject, type JsonObject } from './json';

export type ErrorFormat = 'regular' | 'legacy';

/** Media type of a request without parameters, lower case. */
export function mediaType(req: SandboxRequest): string | undefined {
	const value = req.headers['content-type'];
	return value ? value.split(';')[0].trim().toLowerCase() : undefined;
}

/** POST/PUT JSON body: missing Content-Type → 415, unparsable → 400, non-object → 406. */
export function readJsonObject(req: SandboxRequest, format: ErrorFormat): JsonObject {
	const type = mediaType(req);
	if (!type || !(type === 'application/json' || type.endsWith('+json'))) {
		fail(regular(req, 415, `Content type '${type ?? ''}' not supported`));
	}
	let parsed: unknown;
	try {
		parsed =
			req.rawBody.length === 0 ? undefined : (JSON.parse(req.rawBody.toString('utf8')) as unknown);
	} catch {
		fail(
			format === 'legacy'
				? legacy(400, [{ source: 'body', i18nKey: 'invalid_json' }])
				: regular(req, 400, 'Malformed JSON request'),
		);
	}
	if (!isObject(parsed)) {
		fail(
			format === 'legacy'
				? legacy(400, [{ source: 'body', i18nKey: 'missing_entity' }])
				: regular(req, 400, 'Required request body is missing'),
		);
	}
	return parsed;
}

/** Action result of POST/PUT with the `Location` header on creation. */
export function actionResult(
	baseUrl: string,
	resource: string,
	record: { id: string; createdDate: number; updatedDate: number; version: number },
	status: 200 | 201,
): SandboxResponse {
	const resourceUri = `${baseUrl}/v1/${resource}/${record.id}`;
	return {
		status,
		headers: status === 201 ? { Location: resourceUri } : undefined,
		body: {
			id: record.id,
			resourceUri,
			createdDate: formatDateTime(record.createdDate),
			updatedDate: formatDateTime(record.updatedDate),
			version: record.version,
		},
	};
}

/** Query booleans as Spring parses them; anything else counts as unset (unknown values are ignored). */
export function queryBool(req: SandboxRequest, name: string): boolean | undefined {
	const v = req.query.get(name)?.toLowerCase();
	if (v === 'true') return true;
	if (v === 'false') return false;
	return undefined;
}

/** Decodes the HTML entities the API requires for `&`, `<`, `>` in some filters. */
export function decodeEntities(value: string): string {
	return value.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>');
}
