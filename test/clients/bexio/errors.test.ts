import {
	criteria,
	parseBexioDateTime,
	parseBexioError,
	toBexioDateTime,
} from '../../../clients/bexio';
import { InvalidRequestError } from '../../../clients/http/errors';

/** The error parser and the small helpers are pure: fed with the error bodies bexio documents. */
describe('parseBexioError', () => {
	it('reads {error_code, message, errors} with errors as an object or an array', () => {
		const asObject = parseBexioError(
			422,
			{},
			{
				error_code: 422,
				message: 'The form could not be saved',
				errors: { name_1: ['This value should not be blank.'], nr: 'must be numeric' },
			},
		);
		expect(asObject.code).toBe('422');
		expect(asObject.fieldIssues).toEqual([
			{ field: 'name_1', message: 'This value should not be blank.' },
			{ field: 'nr', message: 'must be numeric' },
		]);
		const asArray = parseBexioError(
			422,
			{},
			{
				error_code: 422,
				message: 'x',
				errors: [
					'mail: invalid e-mail',
					{ field: 'postcode', message: 'too long' },
					{ propertyPath: 'city', message: 'blank' },
				],
			},
		);
		expect(asArray.fieldIssues!.map((i) => i.field)).toEqual(['mail', 'postcode', 'city']);
	});

	it('reads payroll problem+json and v4 messages that name the field in the text', () => {
		expect(
			parseBexioError(400, {}, { status: 400, title: 'Bad Request', detail: 'date is required' })
				.message,
		).toBe('Bad Request: date is required');
		expect(
			parseBexioError(
				400,
				{},
				{ error_code: 400, message: 'Unrecognized property: pending_amount' },
			).fieldIssues,
		).toEqual([expect.objectContaining({ field: 'pending_amount', code: 'unrecognized' })]);
		expect(
			parseBexioError(400, {}, { message: 'address.lastname_company must not be null' })
				.fieldIssues,
		).toEqual([expect.objectContaining({ field: 'address.lastname_company', code: 'not_null' })]);
	});

	it('copes with empty and non-JSON bodies', () => {
		expect(parseBexioError(404, {}, undefined)).toEqual(
			expect.objectContaining({ message: 'Page not found', fieldIssues: [] }),
		);
		expect(parseBexioError(502, {}, '<html>Bad gateway</html>').message).toBe(
			'<html>Bad gateway</html>',
		);
		expect(parseBexioError(401, {}, '').message).toMatch(/invalid or expired/);
	});

	it('says on a 403 that a scope, a user right or a module may be missing', () => {
		const m = parseBexioError(403, {}, { error_code: 403, message: 'Forbidden' }).message;
		expect(m).toMatch(/^Forbidden \(/);
		expect(m).toMatch(/scope/);
		expect(m).toMatch(/module/);
	});

	it('waits RateLimit-Reset seconds on a 429, else Retry-After', () => {
		expect(
			parseBexioError(429, { 'ratelimit-reset': '7', 'retry-after': '99' }, undefined).retryAfterMs,
		).toBe(7000);
		expect(parseBexioError(429, { 'retry-after': '3' }, undefined).retryAfterMs).toBe(3000);
		expect(parseBexioError(429, {}, undefined).retryAfterMs).toBeUndefined();
		expect(
			parseBexioError(500, { 'ratelimit-reset': '7' }, undefined).retryAfterMs,
		).toBeUndefined();
	});
});

describe('criteria builder', () => {
	it('sends the criteria explicitly and values as strings', () => {
		expect(criteria('nr', '=', 42)).toEqual({ field: 'nr', criteria: '=', value: '42' });
		expect(criteria('id', 'in', [1, '2'])).toEqual({
			field: 'id',
			criteria: 'in',
			value: ['1', '2'],
		});
		expect(criteria('id', 'not_in', '3, 4')).toEqual({
			field: 'id',
			criteria: 'not_in',
			value: ['3', '4'],
		});
	});

	it('refuses what bexio would refuse, before any request', () => {
		const bad = [
			() => criteria('name_1', 'contains' as never, 'x'),
			() => criteria('', '=', 'x'),
			() => criteria('name_1', '=', 'x'.repeat(256)),
			() => criteria('name_1', '=', ['a', 'b']),
			() => criteria('id', 'in', []),
			() => criteria('id', 'in', ['1', 'y'.repeat(256)]),
		];
		for (const build of bad) expect(build).toThrow(InvalidRequestError);
	});
});

describe('bexio timestamps', () => {
	it('writes 2.0 timestamps as Swiss wall-clock time', () => {
		expect(toBexioDateTime(new Date('2026-01-15T12:34:56Z'))).toBe('2026-01-15 13:34:56');
		expect(toBexioDateTime(new Date('2026-07-15T12:34:56Z'))).toBe('2026-07-15 14:34:56');
	});

	it('reads them back, and ISO values with an offset as they are', () => {
		expect(parseBexioDateTime('2026-01-15 13:34:56')?.toISOString()).toBe(
			'2026-01-15T12:34:56.000Z',
		);
		expect(parseBexioDateTime('2026-07-15 14:34:56')?.toISOString()).toBe(
			'2026-07-15T12:34:56.000Z',
		);
		expect(parseBexioDateTime('2018-04-09T07:44:10+00:00')?.toISOString()).toBe(
			'2018-04-09T07:44:10.000Z',
		);
		expect(parseBexioDateTime('2019-02-12T09:53:49+0200')?.toISOString()).toBe(
			'2019-02-12T07:53:49.000Z',
		);
		expect(parseBexioDateTime('2026-03-29')?.toISOString()).toBe('2026-03-28T23:00:00.000Z');
		expect(parseBexioDateTime('yesterday')).toBeUndefined();
		for (const iso of [
			'2026-03-29T00:59:59Z',
			'2026-03-29T01:00:00Z',
			'2026-10-24T23:59:59Z',
			'2026-10-25T02:00:00Z',
		]) {
			expect(parseBexioDateTime(toBexioDateTime(new Date(iso)))?.toISOString()).toBe(
				new Date(iso).toISOString(),
			);
		}
		// The repeated hour of the autumn switch is ambiguous without an offset: it reads as standard time.
		expect(parseBexioDateTime('2026-10-25 02:30:00')?.toISOString()).toBe(
			'2026-10-25T01:30:00.000Z',
		);
	});
});
