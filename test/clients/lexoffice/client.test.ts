import { ApiError, InvalidRequestError } from '../../../clients/http/errors';
import { collect } from '../../../clients/http/paging';
import { connectLexoffice, voucherlistRows } from '../../../clients/lexoffice';
import { newTenant, records, sandboxUrl, seed, setFaults, stats } from '../../helpers/sandbox';

const fast = { perSecond: 500, burst: 500 };
const clientFor = (token: string, retry?: { maxAttempts: number; baseDelayMs: number; maxDelayMs: number; maxTotalWaitMs: number }) =>
	connectLexoffice({
		baseUrl: sandboxUrl('lexoffice'),
		apiKey: token,
		rateLimit: { ratePerSecond: 400, burst: 50 },
		retry: retry ?? { maxAttempts: 12, baseDelayMs: 5, maxDelayMs: 50, maxTotalWaitMs: 60_000 },
	});

const newContact = (name: string) => ({ version: 0, roles: { customer: {} }, company: { name }, note: `ext:${name}` });

describe('lexoffice client against the sandbox', () => {
	it('reads 5,000 contacts through the paging iterator, each exactly once', async () => {
		const token = await newTenant('lexoffice', fast);
		await seed('lexoffice', token, 'contacts', 5000);
		const ids = (await collect(clientFor(token).items('contact.getAll'))).map((c) => c.id as string);
		const stored = (await records<{ id: string }>('lexoffice', token, 'contacts')).map((c) => c.id);
		expect(ids).toHaveLength(5000);
		expect(new Set(ids).size).toBe(5000);
		expect([...ids].sort()).toEqual([...stored].sort());
		// 250 per page is the documented maximum, so 5,000 contacts cost 20 requests.
		expect((await stats('lexoffice', token)).byRoute['GET /v1/contacts']['200']).toBe(20);
	});

	it('absorbs a 429 burst and 10 % injected 5xx without an error or a duplicate', async () => {
		const token = await newTenant('lexoffice', fast);
		await seed('lexoffice', token, 'contacts', 3000);
		await setFaults('lexoffice', token, { burst429: 5, error5xxRate: 0.1, seed: 42 });
		const ids = (await collect(clientFor(token).items('contact.getAll', {}, { pageSize: 100 }))).map((c) => c.id as string);
		expect(ids).toHaveLength(3000);
		expect(new Set(ids).size).toBe(3000);
		const s = await stats('lexoffice', token);
		expect(s.byStatus['429']).toBeGreaterThanOrEqual(5);
		expect(Object.keys(s.byStatus).some((code) => code.startsWith('5'))).toBe(true);
	});

	it('never repeats an ambiguous create blindly, and with a lookup creates no duplicate', async () => {
		const token = await newTenant('lexoffice', fast);
		const client = clientFor(token);
		await setFaults('lexoffice', token, { lostResponseRate: 1 });
		const error = await client.call('contact.create', { body: newContact('Ambiguous GmbH') }).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(ApiError);
		expect((error as ApiError).maybeApplied).toBe(true);
		expect(await records('lexoffice', token, 'contacts')).toHaveLength(1);

		await setFaults('lexoffice', token, { lostResponseRate: 0.5, seed: 7 });
		const names = Array.from({ length: 20 }, (_, i) => `Lookup ${i} AG`);
		for (const name of names) {
			await client.call('contact.create', {
				body: newContact(name),
				recover: async () => {
					const found = await collect(client.items('contact.getAll', { query: { name } }));
					return found.find((c) => (c as { note?: string }).note === `ext:${name}`);
				},
			});
		}
		await setFaults('lexoffice', token, {});
		const stored = await records<{ company?: { name: string } }>('lexoffice', token, 'contacts');
		const storedNames = stored.map((c) => c.company?.name);
		for (const name of names) expect(storedNames.filter((n) => n === name)).toHaveLength(1);
		expect((await stats('lexoffice', token)).lostResponses).toBeGreaterThan(1);
	});

	it('reports a stale version as a conflict carrying the current version, and a retry with it succeeds', async () => {
		const token = await newTenant('lexoffice', fast);
		const client = clientFor(token);
		const created = await client.call('contact.create', { body: newContact('Versioned KG') });
		const current = await client.call('contact.get', { path: { id: created.id } });
		await client.call('contact.update', { path: { id: created.id }, body: { ...current, note: 'first writer' } });

		const error = (await client
			.call('contact.update', { path: { id: created.id }, body: { ...current, note: 'second writer' } })
			.catch((e: unknown) => e)) as ApiError;
		expect(error).toBeInstanceOf(ApiError);
		expect(error.kind).toBe('conflict');
		expect(error.conflict?.sentVersion).toBe(current.version);
		expect(error.conflict?.currentVersion).toBe(current.version + 1);
		expect((error.conflict?.current as { note?: string }).note).toBe('first writer');

		await client.call('contact.update', { path: { id: created.id }, body: { ...current, note: 'second writer', version: error.conflict!.currentVersion! } });
		expect((await client.call('contact.get', { path: { id: created.id } })).note).toBe('second writer');
	});

	it('gives article conflicts (409) the same shape', async () => {
		const token = await newTenant('lexoffice', fast);
		const client = clientFor(token);
		const body = { title: 'Beratung', type: 'SERVICE' as const, unitName: 'Stunde', price: { leadingPrice: 'NET' as const, netPrice: 100, taxRate: 19 } };
		const { id } = await client.call('article.create', { body });
		await client.call('article.update', { path: { id }, body: { ...body, title: 'Beratung neu', version: 0 } });
		const error = (await client.call('article.update', { path: { id }, body: { ...body, version: 0 } }).catch((e: unknown) => e)) as ApiError;
		expect(error.kind).toBe('conflict');
		expect(error.status).toBe(409);
		expect(error.conflict?.currentVersion).toBe(1);
	});

	it('names the field of a validation error, from the API and before sending', async () => {
		const token = await newTenant('lexoffice', fast);
		const client = clientFor(token);
		const apiError = (await client
			.call('invoice.create', {
				body: {
					voucherDate: '2026-11-01T00:00:00.000+01:00',
					address: { name: 'Kunde', countryCode: 'DE' },
					lineItems: [{ type: 'custom', name: 'Arbeit', quantity: 1, unitName: 'Stunde', unitPrice: { currency: 'EUR', netAmount: 10 } }],
					totalPrice: { currency: 'EUR' },
					taxConditions: { taxType: 'net' },
					shippingConditions: { shippingType: 'none' },
				} as never,
			})
			.catch((e: unknown) => e)) as InvalidRequestError;
		// taxRatePercentage is required by the schema, so the client refuses before any request.
		expect(apiError).toBeInstanceOf(InvalidRequestError);
		expect(apiError.fieldIssues.map((i) => i.field)).toContain('lineItems[0].unitPrice.taxRatePercentage');
		expect((await stats('lexoffice', token)).total).toBe(0);

		const sandboxError = (await client
			.call('contact.create', { body: { version: 0, roles: { customer: {} }, company: { name: '' } } })
			.catch((e: unknown) => e)) as ApiError;
		expect(sandboxError).toBeInstanceOf(ApiError);
		expect(sandboxError.kind).toBe('validation');
		expect(sandboxError.fieldIssues.map((i) => i.field)).toContain('company.name');
	});

	it('yields every voucherlist row once beyond the 10,000-row window by slicing dates', async () => {
		const token = await newTenant('lexoffice', fast);
		await seed('lexoffice', token, 'invoices', 10_400, { status: 'open', voucherDateFrom: '2025-01-01', spreadDays: 300 });
		const rows = await collect(voucherlistRows(clientFor(token), { voucherType: 'invoice', voucherStatus: 'any' }));
		expect(rows).toHaveLength(10_400);
		expect(new Set(rows.map((r) => r.id)).size).toBe(10_400);
	});

	it('keeps the token out of every error', async () => {
		const token = await newTenant('lexoffice', fast);
		const client = clientFor(token);
		const notFound = await client.call('contact.get', { path: { id: '00000000-0000-0000-0000-000000000000' } }).catch((e: unknown) => e);
		const unauthorized = await connectLexoffice({ baseUrl: sandboxUrl('lexoffice'), apiKey: `${token}-wrong`, retry: false })
			.call('profile.get')
			.catch((e: unknown) => e);
		for (const error of [notFound, unauthorized]) {
			expect(error).toBeInstanceOf(ApiError);
			const text = `${String(error)} ${JSON.stringify(error)} ${(error as ApiError).stack ?? ''}`;
			expect(text).not.toContain(token);
		}
		expect((unauthorized as ApiError).kind).toBe('auth');
	});
});
