import { ApiError } from '../../clients/http/errors';
import { connectLexoffice } from '../../clients/lexoffice';
import { contactCreateRecovery } from '../../nodes/Lexoffice/actions/recoverCreate';
import { newTenant, records, sandboxUrl, setFaults, stats } from '../helpers/sandbox';

const clientFor = (token: string) =>
	connectLexoffice({
		baseUrl: sandboxUrl('lexoffice'),
		apiKey: token,
		rateLimit: { ratePerSecond: 400, burst: 50 },
		retry: { maxAttempts: 12, baseDelayMs: 5, maxDelayMs: 50, maxTotalWaitMs: 60_000 },
	});

const contact = (i: number) => ({
	version: 0,
	roles: { customer: {} },
	company: { name: `Recover Company ${i}` },
	emailAddresses: { business: [`c${i}@example.com`] },
});

// The Lexoffice node's contact create under lost answers: chaos r1's fault mix, harder, on every request.
const FAULTS = {
	error5xxRate: 0.1,
	lostResponseRate: 0.1,
	resetRate: 0.03,
	resetAfterApplyRate: 0.05,
	seed: 7,
};

describe('Lexoffice node: contact create whose answer was lost', () => {
	it('stores every contact exactly once when each create can be recovered by its lookup', async () => {
		const token = await newTenant('lexoffice', { perSecond: 500, burst: 500 });
		await setFaults('lexoffice', token, FAULTS);
		const client = clientFor(token);
		const ids: string[] = [];
		for (let i = 1; i <= 60; i++) {
			const body = contact(i);
			const result = await client.call('contact.create', {
				body,
				recover: contactCreateRecovery(client, body),
			});
			ids.push(result.id);
		}
		await setFaults('lexoffice', token, {});
		const stored = await records<{ id: string; company: { name: string } }>(
			'lexoffice',
			token,
			'contacts',
		);
		expect(stored.map((c) => c.company.name).sort()).toEqual(
			Array.from({ length: 60 }, (_, i) => `Recover Company ${i + 1}`).sort(),
		);
		expect(new Set(ids)).toEqual(new Set(stored.map((c) => c.id)));
		// The faults happened: writes applied whose answer was lost.
		const injected = (await stats('lexoffice', token)).injected;
		expect((injected.lostResponse ?? 0) + (injected.resetAfterApply ?? 0)).toBeGreaterThan(0);
	});

	it('without the lookup the same faults fail creates with "may have been applied"', async () => {
		const token = await newTenant('lexoffice', { perSecond: 500, burst: 500 });
		await setFaults('lexoffice', token, FAULTS);
		const client = clientFor(token);
		const errors: ApiError[] = [];
		for (let i = 1; i <= 60; i++) {
			await client
				.call('contact.create', { body: contact(i) })
				.catch((e: unknown) => errors.push(e as ApiError));
		}
		await setFaults('lexoffice', token, {});
		expect(errors.length).toBeGreaterThan(0);
		expect(errors.every((e) => e instanceof ApiError && e.maybeApplied)).toBe(true);
	});

	it('finds only a contact with the same fields, and offers no lookup for a name lexoffice cannot search', async () => {
		const token = await newTenant('lexoffice', { perSecond: 500, burst: 500 });
		const client = clientFor(token);
		const created = await client.call('contact.create', { body: contact(1) });
		expect(await contactCreateRecovery(client, contact(1))!()).toMatchObject({ id: created.id });
		// Same name, other e-mail address: not the contact this create would have stored.
		expect(
			await contactCreateRecovery(client, {
				...contact(1),
				emailAddresses: { business: ['other@example.com'] },
			})!(),
		).toBeUndefined();
		// A name with LIKE wildcards is searched literally.
		expect(
			await contactCreateRecovery(client, { ...contact(1), company: { name: 'Recover%' } })!(),
		).toBeUndefined();
		expect(
			contactCreateRecovery(client, {
				version: 0,
				roles: { customer: {} },
				company: { name: 'AB' },
			}),
		).toBeUndefined();
	});
});
