import { connectBexio, criterion } from '../../../clients/bexio';
import { ApiError, InvalidRequestError } from '../../../clients/http/errors';
import { collect } from '../../../clients/http/paging';
import { newTenant, records, sandboxUrl, seed, setFaults, stats } from '../../helpers/sandbox';

const fast = { perWindow: 100_000, windowMs: 60_000 };
const retry = { maxAttempts: 12, baseDelayMs: 5, maxDelayMs: 50, maxTotalWaitMs: 60_000 };
const clientFor = (token: string) =>
	connectBexio({
		baseUrl: sandboxUrl('bexio'),
		token,
		retry,
		rateLimit: { ratePerSecond: 400, burst: 50 },
	});

const contact = (name: string, nr?: string) => ({
	contact_type_id: 1,
	name_1: name,
	user_id: 1,
	owner_id: 1,
	...(nr ? { nr } : {}),
});

describe('bexio client against the sandbox', () => {
	it('reads 5,000 contacts through offset paging and through search, each exactly once', async () => {
		const token = await newTenant('bexio', fast);
		await seed('bexio', token, 'contacts', 5000);
		const client = clientFor(token);
		const ids = (await collect(client.items('contact.getAll'))).map(
			(c) => (c as { id: number }).id,
		);
		const stored = (await records<{ id: number }>('bexio', token, 'contacts')).map((c) => c.id);
		expect(ids).toHaveLength(5000);
		expect(new Set(ids).size).toBe(5000);
		expect([...ids].sort((a, b) => a - b)).toEqual([...stored].sort((a, b) => a - b));
		// 2000 per page is bexio's maximum: 5,000 rows cost three requests.
		expect((await stats('bexio', token)).byRoute['GET /2.0/contact']['200']).toBe(3);

		const found = await collect(
			client.items('contact.search', {
				body: [criterion('id', '>', 0)],
				query: { order_by: 'id' },
			}),
		);
		expect(new Set(found.map((c) => (c as { id: number }).id)).size).toBe(5000);
	});

	it('absorbs a 429 burst and 10 % injected 5xx without an error or a duplicate', async () => {
		const token = await newTenant('bexio', fast);
		await seed('bexio', token, 'contacts', 3000);
		await setFaults('bexio', token, { burst429: 4, error5xxRate: 0.1, seed: 11 });
		const ids = (
			await collect(clientFor(token).items('contact.getAll', {}, { pageSize: 100 }))
		).map((c) => (c as { id: number }).id);
		expect(ids).toHaveLength(3000);
		expect(new Set(ids).size).toBe(3000);
		const s = await stats('bexio', token);
		expect(s.byStatus['429']).toBeGreaterThanOrEqual(4);
		expect(Object.keys(s.byStatus).some((code) => code.startsWith('5'))).toBe(true);
	});

	it('waits for RateLimit-Reset after the company budget is spent, then succeeds', async () => {
		const token = await newTenant('bexio', { perWindow: 3, windowMs: 1500 });
		const client = clientFor(token);
		for (let i = 0; i < 5; i++) await client.call('user.getMe');
		const s = await stats('bexio', token);
		expect(s.byRoute['GET /3.0/users/me']['200']).toBe(5);
		expect(s.byRoute['GET /3.0/users/me']['429']).toBeGreaterThanOrEqual(1);
	});

	it('never repeats an ambiguous create blindly; with a lookup by customer number there is no duplicate', async () => {
		const token = await newTenant('bexio', fast);
		const client = clientFor(token);
		await setFaults('bexio', token, { lostResponseRate: 1 });
		const error = (await client
			.call('contact.create', { body: contact('Ambiguous AG', '90001') })
			.catch((e: unknown) => e)) as ApiError;
		expect(error).toBeInstanceOf(ApiError);
		expect(error.maybeApplied).toBe(true);
		expect(await records('bexio', token, 'contacts')).toHaveLength(1);

		await setFaults('bexio', token, { lostResponseRate: 0.5, seed: 3 });
		for (let i = 0; i < 20; i++) {
			const nr = String(91000 + i);
			await client.call('contact.create', {
				body: contact(`Lookup ${i} GmbH`, nr),
				recover: async () =>
					(await collect(client.items('contact.search', { body: [criterion('nr', '=', nr)] })))[0],
			});
		}
		await setFaults('bexio', token, {});
		const numbers = (await records<{ nr: string | null }>('bexio', token, 'contacts')).map(
			(c) => c.nr,
		);
		for (let i = 0; i < 20; i++)
			expect(numbers.filter((n) => n === String(91000 + i))).toHaveLength(1);
		expect((await stats('bexio', token)).lostResponses).toBeGreaterThan(1);
	});

	it('names the field of a validation error, from the API and before sending', async () => {
		const token = await newTenant('bexio', fast);
		const client = clientFor(token);
		const local = (await client
			.call('timesheet.create', {
				body: {
					user_id: 1,
					allowable_bill: true,
					tracking: { type: 'duration', date: '2026-11-02', duration: '01:30' },
				},
			})
			.catch((e: unknown) => e)) as InvalidRequestError;
		expect(local).toBeInstanceOf(InvalidRequestError);
		expect(local.fieldIssues.map((i) => i.field)).toContain('client_service_id');
		expect((await stats('bexio', token)).total).toBe(0);

		const remote = (await client
			.call('contact.search', { body: [criterion('no_such_field', '=', 'x')] })
			.catch((e: unknown) => e)) as ApiError;
		expect(remote).toBeInstanceOf(ApiError);
		expect(remote.kind).toBe('validation');
		expect(remote.status).toBe(422);

		// Only bexio knows that a customer number must be numeric: its 422 names the field.
		const named = (await client
			.call('contact.create', { body: contact('Letters AG', 'A-17') })
			.catch((e: unknown) => e)) as ApiError;
		expect(named).toBeInstanceOf(ApiError);
		expect(named.status).toBe(422);
		expect(named.fieldIssues.map((i) => i.field)).toEqual(['nr']);
		expect(named.describe()).toContain('nr:');
	});

	it('recovers ambiguous invoice creates by api_reference, and absorbs 5xx on writes without duplicates', async () => {
		const token = await newTenant('bexio', fast);
		const client = clientFor(token);
		const [customer] = await client
			.call('contact.getAll', { query: { order_by: 'id' } })
			.then(async (rows) =>
				rows.length ? rows : [await client.call('contact.create', { body: contact('Kunde AG') })],
			);
		await setFaults('bexio', token, { lostResponseRate: 0.4, error5xxRate: 0.1, seed: 5 });
		for (let i = 0; i < 15; i++) {
			const ref = `shop-order-${i}`;
			const invoice = await client.call('invoice.create', {
				body: {
					contact_id: customer.id,
					user_id: 1,
					api_reference: ref,
					positions: [
						{ type: 'KbPositionCustom', amount: '1', unit_price: '10', text: `Order ${i}` },
					],
				},
				// bexio has no idempotency keys; api_reference is the documented dedup handle.
				recover: async () =>
					(
						await client.call('invoice.search', { body: [criterion('api_reference', '=', ref)] })
					)[0],
			});
			expect(invoice.api_reference).toBe(ref);
		}
		await setFaults('bexio', token, {});
		const refs = (await records<{ api_reference: string }>('bexio', token, 'invoices'))
			.map((r) => r.api_reference)
			.sort();
		expect(refs).toEqual(Array.from({ length: 15 }, (_, i) => `shop-order-${i}`).sort());
		const s = await stats('bexio', token);
		expect(s.lostResponses).toBeGreaterThan(0);
		expect(Object.keys(s.byStatus).some((code) => code.startsWith('5'))).toBe(true);
	});

	it('keeps the token out of every error', async () => {
		const token = await newTenant('bexio', fast);
		const notFound = await clientFor(token)
			.call('contact.get', { path: { contact_id: 999999 } })
			.catch((e: unknown) => e);
		const unauthorized = await connectBexio({
			baseUrl: sandboxUrl('bexio'),
			token: `${token}x`,
			retry: false,
		})
			.call('user.getMe')
			.catch((e: unknown) => e);
		for (const error of [notFound, unauthorized]) {
			expect(error).toBeInstanceOf(ApiError);
			expect(
				`${String(error)} ${JSON.stringify(error)} ${(error as ApiError).stack ?? ''}`,
			).not.toContain(token);
		}
		expect((notFound as ApiError).kind).toBe('notFound');
		expect((unauthorized as ApiError).kind).toBe('auth');
	});
});
