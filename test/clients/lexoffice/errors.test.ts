import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import {
	encodeSearchQuery,
	encodeSearchValue,
	lexofficeDay,
	parseLexofficeError,
	toLexofficeDateTime,
} from '../../../clients/lexoffice';

/** The error parser and the string helpers are pure functions of their input: tested on the documented bodies. */

const examples = JSON.parse(
	readFileSync(
		join(__dirname, '..', '..', 'fixtures', 'examples', 'lexoffice-examples.json'),
		'utf8',
	),
) as Record<string, { response: unknown }>;

describe('parseLexofficeError', () => {
	it('reads the legacy IssueList: field from source, code from i18nKey', () => {
		const parsed = parseLexofficeError(
			406,
			{},
			examples['error-codes-legacy-error-response'].response,
		);
		expect(parsed.fieldIssues).toEqual([
			{ field: 'company.name', message: 'missing_entity', code: 'missing_entity' },
		]);
		expect(parsed.code).toBe('missing_entity');
		expect(parsed.message).toContain('company.name');
		expect(parsed.kind).toBeUndefined();
	});

	it('reads the regular format: message, details and traceId as request id', () => {
		const parsed = parseLexofficeError(
			406,
			{},
			examples['error-codes-regular-error-response'].response,
		);
		expect(parsed.message).toBe(
			'Validation failed for request. Please see details list for specific causes.',
		);
		expect(parsed.code).toBe('Not Acceptable');
		expect(parsed.fieldIssues).toEqual([
			{
				field: 'lineItems[0].unitPrice.taxRatePercentage',
				message: 'darf nicht leer sein',
				code: 'NOTNULL',
			},
		]);
		expect(parsed.requestId).toBe('90d78d0777be');
	});

	it('takes the request id from requestId, which live error bodies carry, before traceId', () => {
		const body = {
			status: 404,
			error: 'Not Found',
			path: '/v1/invoices/x',
			traceId: '90d78d0777be',
			requestId: '3b1f0c9e-6d4a-4f7e-9a51-2f0c8d1e7b44',
			message: 'Not Found',
		};
		expect(parseLexofficeError(404, {}, body).requestId).toBe(
			'3b1f0c9e-6d4a-4f7e-9a51-2f0c8d1e7b44',
		);
		expect(parseLexofficeError(404, {}, { ...body, requestId: undefined }).requestId).toBe(
			'90d78d0777be',
		);
	});

	it('reads the gateway format and bodies with neither format', () => {
		expect(parseLexofficeError(401, {}, { message: 'Unauthorized' }).message).toBe('Unauthorized');
		expect(parseLexofficeError(504, {}, { message: 'Endpoint request timed out' }).message).toBe(
			'Endpoint request timed out',
		);
		expect(parseLexofficeError(500, {}, { message: null }).message).toBe('HTTP 500');
		expect(parseLexofficeError(404, {}, undefined)).toMatchObject({
			message: 'HTTP 404',
			fieldIssues: [],
		});
		expect(parseLexofficeError(403, {}, {}).message).toBe('HTTP 403');
		expect(parseLexofficeError(502, {}, '<html>Bad Gateway</html>').message).toBe(
			'<html>Bad Gateway</html>',
		);
		expect(parseLexofficeError(400, { 'x-amzn-requestid': 'req-1' }, []).requestId).toBe('req-1');
	});

	it('treats 409 and a 406 naming a stale version as a conflict, a missing version as validation', () => {
		expect(
			parseLexofficeError(409, {}, { status: 409, error: 'Conflict', message: 'version mismatch' })
				.kind,
		).toBe('conflict');
		expect(
			parseLexofficeError(
				406,
				{},
				{
					IssueList: [{ source: 'version', i18nKey: 'invalid_value', type: 'validation_failure' }],
				},
			).kind,
		).toBe('conflict');
		expect(
			parseLexofficeError(
				406,
				{},
				{
					IssueList: [{ source: 'version', i18nKey: 'missing_entity', type: 'validation_failure' }],
				},
			).kind,
		).toBeUndefined();
		expect(
			parseLexofficeError(406, {}, { details: [{ field: 'version', violation: 'NOTNULL' }] }).kind,
		).toBeUndefined();
	});

	it('takes Retry-After in seconds', () => {
		expect(
			parseLexofficeError(
				429,
				{ 'retry-after': '2' },
				{ status: 429, message: 'Rate limit exceeded' },
			).retryAfterMs,
		).toBe(2000);
	});

	it('drops secret-looking keys from the body it keeps', () => {
		const parsed = parseLexofficeError(
			400,
			{},
			{ message: 'bad', headers: { Authorization: 'Bearer abc' }, token: 'abc', details: [] },
		);
		expect(JSON.stringify(parsed)).not.toContain('abc');
		expect(parsed.body).toMatchObject({ message: 'bad' });
	});
});

describe('search strings and timestamps', () => {
	it('HTML-encodes &, <, > only in name, email and voucherNumber', () => {
		expect(encodeSearchValue('johnson & <partner>')).toBe('johnson &amp; &lt;partner&gt;');
		expect(
			encodeSearchQuery({
				name: 'A & B',
				email: 'a<b',
				voucherNumber: 'RE&1',
				articleNumber: 'X&Y',
				page: 1,
			}),
		).toEqual({
			name: 'A &amp; B',
			email: 'a&lt;b',
			voucherNumber: 'RE&amp;1',
			articleNumber: 'X&Y',
			page: 1,
		});
	});

	it('formats yyyy-MM-ddTHH:mm:ss.SSSXXX in German time by default', () => {
		expect(toLexofficeDateTime(new Date('2023-02-21T23:00:00.000Z'))).toBe(
			'2023-02-22T00:00:00.000+01:00',
		);
		expect(toLexofficeDateTime(new Date('2023-07-01T10:15:30.123Z'))).toBe(
			'2023-07-01T12:15:30.123+02:00',
		);
		expect(toLexofficeDateTime(new Date('2023-07-01T10:15:30.123Z'), 'UTC')).toBe(
			'2023-07-01T10:15:30.123+00:00',
		);
		expect(toLexofficeDateTime(new Date('2024-03-31T01:00:00.000Z'))).toBe(
			'2024-03-31T03:00:00.000+02:00',
		);
		expect(() => toLexofficeDateTime(new Date('nope'))).toThrow(RangeError);
	});

	it('names the German calendar day of an instant (voucherlist filters)', () => {
		expect(lexofficeDay(new Date('2025-12-31T23:30:00.000Z'))).toBe('2026-01-01');
		expect(lexofficeDay(new Date('2025-06-30T21:59:00.000Z'))).toBe('2025-06-30');
	});
});
