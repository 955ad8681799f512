import { ApiError, InvalidRequestError } from '../../../clients/http/errors';
import { collect } from '../../../clients/http/paging';
import { connectLexoffice, updatedSince, voucherlistRows } from '../../../clients/lexoffice';
import { newTenant, records, sandboxUrl, seed, setFaults, stats } from '../../helpers/sandbox';

const fast = { perSecond: 500, burst: 500 };
const clientFor = (
	token: string,
	retry?: { maxAttempts: number; baseDelayMs: number; maxDelayMs: number; maxTotalWaitMs: number },
) =>
	connectLexoffice({
		baseUrl: sandboxUrl('lexoffice'),
		apiKey: token,
		rateLimit: { ratePerSecond: 400, burst: 50 },
		retry: retry ?? { maxAttempts: 12, baseDelayMs: 5, maxDelayMs: 50, maxTotalWaitMs: 60_000 },
	});

const newContact = (name: string) => ({
	version: 0,
	roles: { customer: {} },
	company: { name },
	note: `ext:${name}`,
});

describe('lexoffice client against the sandbox', () => {
	it('reads 5,000 contacts through the paging iterator, each exactly once', async () => {
		const token = await newTenant('lexoffice', fast);
		await seed('lexoffice', token, 'contacts', 5000);
		const ids = (await collect(clientFor(token).items('contact.getAll'))).map(
			(c) => c.id as string,
		);
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
		const ids = (
			await collect(clientFor(token).items('contact.getAll', {}, { pageSize: 100 }))
		).map((c) => c.id as string);
		expect(ids).toHaveLength(3000);
		expect(new Set(ids).size).toBe(3000);
		const stored = (await records<{ id: string }>('lexoffice', token, 'contacts')).map((c) => c.id);
		expect([...ids].sort()).toEqual([...stored].sort());
		const s = await stats('lexoffice', token);
		expect(s.byStatus['429']).toBeGreaterThanOrEqual(5);
		expect(Object.keys(s.byStatus).some((code) => code.startsWith('5'))).toBe(true);
	});

	it('never repeats an ambiguous create blindly, and with a lookup creates no duplicate', async () => {
		const token = await newTenant('lexoffice', fast);
		const client = clientFor(token);
		await setFaults('lexoffice', token, { lostResponseRate: 1 });
		const error = await client
			.call('contact.create', { body: newContact('Ambiguous GmbH') })
			.catch((e: unknown) => e);
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
		await client.call('contact.update', {
			path: { id: created.id },
			body: { ...current, note: 'first writer' },
		});

		const error = (await client
			.call('contact.update', {
				path: { id: created.id },
				body: { ...current, note: 'second writer' },
			})
			.catch((e: unknown) => e)) as ApiError;
		expect(error).toBeInstanceOf(ApiError);
		expect(error.kind).toBe('conflict');
		expect(error.conflict?.sentVersion).toBe(current.version);
		expect(error.conflict?.currentVersion).toBe(current.version + 1);
		expect((error.conflict?.current as { note?: string }).note).toBe('first writer');

		await client.call('contact.update', {
			path: { id: created.id },
			body: { ...current, note: 'second writer', version: error.conflict!.currentVersion! },
		});
		expect((await client.call('contact.get', { path: { id: created.id } })).note).toBe(
			'second writer',
		);
	});

	it('gives article conflicts (409) the same shape', async () => {
		const token = await newTenant('lexoffice', fast);
		const client = clientFor(token);
		const body = {
			title: 'Beratung',
			type: 'SERVICE' as const,
			unitName: 'Stunde',
			price: { leadingPrice: 'NET' as const, netPrice: 100, taxRate: 19 },
		};
		const { id } = await client.call('article.create', { body });
		await client.call('article.update', {
			path: { id },
			body: { ...body, title: 'Beratung neu', version: 0 },
		});
		const error = (await client
			.call('article.update', { path: { id }, body: { ...body, version: 0 } })
			.catch((e: unknown) => e)) as ApiError;
		expect(error.kind).toBe('conflict');
		expect(error.status).toBe(409);
		expect(error.conflict?.currentVersion).toBe(1);
		expect((error.conflict?.current as { title?: string }).title).toBe('Beratung neu');
		await client.call('article.update', {
			path: { id },
			body: { ...body, title: 'Beratung final', version: error.conflict!.currentVersion! },
		});
		expect((await client.call('article.get', { path: { id } })).title).toBe('Beratung final');
	});

	it('names the field of a validation error, from the API and before sending', async () => {
		const token = await newTenant('lexoffice', fast);
		const client = clientFor(token);
		const invoice = {
			voucherDate: '2026-11-01T00:00:00.000+01:00',
			address: { name: 'Kunde', countryCode: 'DE' },
			lineItems: [
				{
					type: 'custom',
					name: 'Arbeit',
					quantity: 1,
					unitName: 'Stunde',
					unitPrice: { currency: 'EUR', netAmount: 10, taxRatePercentage: 19 },
				},
			],
			totalPrice: { currency: 'EUR' },
			taxConditions: { taxType: 'net' },
			shippingConditions: { shippingType: 'none' },
		};

		// Documented required fields are refused before any request is sent.
		const missingRate = (await client
			.call('invoice.create', {
				body: {
					...invoice,
					lineItems: [{ ...invoice.lineItems[0], unitPrice: { currency: 'EUR', netAmount: 10 } }],
				} as never,
			})
			.catch((e: unknown) => e)) as InvalidRequestError;
		expect(missingRate).toBeInstanceOf(InvalidRequestError);
		expect(missingRate.fieldIssues.map((i) => i.field)).toContain(
			'lineItems[0].unitPrice.taxRatePercentage',
		);
		const noName = (await client
			.call('contact.create', {
				body: { version: 0, roles: { customer: {} }, company: {} } as never,
			})
			.catch((e: unknown) => e)) as InvalidRequestError;
		expect(noName).toBeInstanceOf(InvalidRequestError);
		expect(noName.fieldIssues.map((i) => i.field)).toContain('company.name');
		expect(noName.message).toContain('company.name');
		expect((await stats('lexoffice', token)).total).toBe(0);

		// What only the API can judge comes back per field, in both error formats.
		const badRate = (await client
			.call('invoice.create', {
				body: {
					...invoice,
					lineItems: [
						{
							...invoice.lineItems[0],
							unitPrice: { currency: 'EUR', netAmount: 10, taxRatePercentage: 23 },
						},
					],
				},
			})
			.catch((e: unknown) => e)) as ApiError;
		expect(badRate).toBeInstanceOf(ApiError);
		expect(badRate.kind).toBe('validation');
		expect(badRate.status).toBe(406);
		expect(badRate.fieldIssues.map((i) => i.field)).toContain(
			'lineItems[0].unitPrice.taxRatePercentage',
		);
		expect(badRate.requestId).toBeTruthy();

		const badCountry = (await client
			.call('contact.create', {
				body: {
					...newContact('Land GmbH'),
					addresses: { billing: [{ city: 'Nirgendwo', countryCode: 'XX' }] },
				},
			})
			.catch((e: unknown) => e)) as ApiError;
		expect(badCountry).toBeInstanceOf(ApiError);
		expect(badCountry.kind).toBe('validation');
		expect(badCountry.fieldIssues).toEqual(
			expect.arrayContaining([
				expect.objectContaining({
					field: 'addresses.billing[0].countryCode',
					code: 'countrycode_is_not_valid',
				}),
			]),
		);
		expect((await stats('lexoffice', token)).total).toBe(2);
	});

	describe('voucherlist beyond the 10,000-row window', () => {
		let token: string;
		beforeAll(async () => {
			token = await newTenant('lexoffice', fast);
			await seed('lexoffice', token, 'invoices', 10_400, {
				status: 'open',
				voucherDateFrom: '2025-01-01',
				spreadDays: 300,
			});
		});

		it('yields every row once, oldest voucher date first, month by month', async () => {
			const rows = await collect(
				voucherlistRows(clientFor(token), { voucherType: 'invoice', voucherStatus: 'any' }),
			);
			expect(rows).toHaveLength(10_400);
			const ids = rows.map((r) => r.id);
			expect(new Set(ids).size).toBe(10_400);
			const stored = (await records<{ id: string }>('lexoffice', token, 'invoices')).map(
				(r) => r.id,
			);
			expect([...ids].sort()).toEqual([...stored].sort());
			const dates = rows.map((r) => Date.parse(r.voucherDate as string));
			expect(dates.every((d, i) => i === 0 || d >= dates[i - 1])).toBe(true);
			// No page beyond the window was ever asked for.
			expect((await stats('lexoffice', token)).byStatus['400']).toBeUndefined();
		});

		it('stays inside a given voucher date range', async () => {
			const client = clientFor(token);
			const march = await collect(
				voucherlistRows(client, {
					voucherType: 'invoice',
					voucherStatus: 'any',
					voucherDateFrom: '2025-03-01',
					voucherDateTo: '2025-03-31',
				}),
			);
			expect(march.length).toBeGreaterThan(0);
			expect(march.every((r) => (r.voucherDate as string).startsWith('2025-03'))).toBe(true);
		});

		it('re-reads from the day before for incremental syncs, each (id, updatedDate) once', async () => {
			const client = clientFor(token);
			const query = { voucherType: 'invoice', voucherStatus: 'any' };
			// Seeded rows were last updated on their voucher date.
			const all = await collect(voucherlistRows(client, query));
			const expected = all
				.filter((r) => (r.updatedDate as string).slice(0, 10) >= '2025-05-31')
				.map((r) => r.id);
			expect(expected.length).toBeGreaterThan(0);
			expect(expected.length).toBeLessThan(10_400);

			const changed = await collect(
				updatedSince(client, query, new Date('2025-06-01T10:00:00.000Z')),
			);
			expect(new Set(changed.map((r) => `${r.id}|${r.updatedDate}`)).size).toBe(changed.length);
			expect(changed.map((r) => r.id).sort()).toEqual([...expected].sort());
			expect((await collect(updatedSince(client, query, '2025-06-01'))).length).toBe(
				expected.length,
			);
			expect(
				await collect(updatedSince(client, query, new Date(Date.now() + 3 * 86_400_000))),
			).toHaveLength(0);
		});
	});

	it('names the month when a single month holds 10,000 rows', async () => {
		const token = await newTenant('lexoffice', fast);
		await seed('lexoffice', token, 'invoices', 10_000, {
			status: 'open',
			voucherDateFrom: '2025-05-05',
			spreadDays: 0,
		});
		const error = (await collect(
			voucherlistRows(clientFor(token), { voucherType: 'invoice', voucherStatus: 'any' }),
		).catch((e: unknown) => e)) as ApiError;
		expect(error).toBeInstanceOf(ApiError);
		expect(error.message).toContain('2025-05');
		expect(error.code).toBe('search_window_exceeded');
	});

	it('keeps the token out of every error', async () => {
		const token = await newTenant('lexoffice', fast);
		const client = clientFor(token);
		const notFound = await client
			.call('contact.get', { path: { id: '00000000-0000-0000-0000-000000000000' } })
			.catch((e: unknown) => e);
		const invalid = await client
			.call('article.create', {
				body: {
					title: 'X',
					type: 'SERVICE',
					unitName: 'h',
					price: { leadingPrice: 'NET', netPrice: 1, taxRate: 19 },
					gtin: '12345678',
				},
			})
			.catch((e: unknown) => e);
		const unauthorized = await connectLexoffice({
			baseUrl: sandboxUrl('lexoffice'),
			apiKey: `${token}-wrong`,
			retry: false,
		})
			.call('profile.get')
			.catch((e: unknown) => e);
		await setFaults('lexoffice', token, { error5xxRate: 1 });
		const server = await connectLexoffice({
			baseUrl: sandboxUrl('lexoffice'),
			apiKey: token,
			retry: false,
		})
			.call('contact.create', { body: newContact('Fehler AG') })
			.catch((e: unknown) => e);
		await setFaults('lexoffice', token, {});
		for (const error of [notFound, invalid, unauthorized, server]) {
			expect(error).toBeInstanceOf(ApiError);
			const e = error as ApiError;
			const text = `${String(e)} ${e.describe()} ${JSON.stringify(e)} ${JSON.stringify(e.body ?? null)} ${e.stack ?? ''}`;
			expect(text).not.toContain(token);
		}
		expect((notFound as ApiError).kind).toBe('notFound');
		expect((invalid as ApiError).kind).toBe('validation');
		expect((unauthorized as ApiError).kind).toBe('auth');
		expect((server as ApiError).kind).toBe('server');
		expect((server as ApiError).maybeApplied).toBe(true);
	});
});
