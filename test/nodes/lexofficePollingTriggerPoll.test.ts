import { connectLexoffice } from '../../clients/lexoffice';
import { pollLexoffice, type LexofficePollState } from '../../nodes/LexofficePollingTrigger/poll';
import { newTenant, sandboxUrl, seed } from '../helpers/sandbox';

/**
 * The Lexoffice Polling Trigger's polls, driven one at a time against the sandbox with explicit static
 * data: baseline → changes → exactly the changes → nothing. No clock and no scheduler decide when a poll runs.
 */

const sorted = (rows: Array<{ id?: unknown }>) => rows.map((r) => String(r.id)).sort();
const vouchers = { voucherTypes: ['invoice'], voucherStatuses: 'any' };

async function tenant() {
	const token = await newTenant('lexoffice', { disabled: true });
	return { token, client: connectLexoffice({ baseUrl: sandboxUrl('lexoffice'), apiKey: token }) };
}

describe('Lexoffice Polling Trigger polls', () => {
	it('contacts: baseline, then exactly the new and the changed ones, then nothing', async () => {
		const { client } = await tenant();
		const existing = await client.call('contact.create', {
			body: { version: 0, roles: { customer: {} }, company: { name: 'Bestand AG' } },
		});
		const state: LexofficePollState = {};
		expect(await pollLexoffice(client, 'contacts', state, vouchers, false)).toEqual([]);

		const created = [
			await client.call('contact.create', {
				body: { version: 0, roles: { customer: {} }, company: { name: 'Neu Eins GmbH' } },
			}),
			await client.call('contact.create', {
				body: { version: 0, roles: { vendor: {} }, company: { name: 'Neu Zwei GmbH' } },
			}),
		];
		const current = await client.call('contact.get', { path: { id: existing.id } });
		await client.call('contact.update', {
			path: { id: existing.id },
			body: { ...current, note: 'geändert' } as never,
		});
		expect(sorted(await pollLexoffice(client, 'contacts', state, vouchers, false))).toEqual(
			[...created.map((c) => c.id), existing.id].sort(),
		);
		expect(await pollLexoffice(client, 'contacts', state, vouchers, false)).toEqual([]);
	});

	it('vouchers: baseline, then exactly the new rows (created in one go, sharing a timestamp), then nothing; a change since is emitted once', async () => {
		const { token, client } = await tenant();
		await seed('lexoffice', token, 'invoices', 2, { status: 'open' });
		const state: LexofficePollState = {};
		expect(await pollLexoffice(client, 'vouchers', state, vouchers, false)).toEqual([]);

		const fresh = (await seed('lexoffice', token, 'invoices', 3, { status: 'open' })) as {
			ids: string[];
		};
		const polled = await pollLexoffice(client, 'vouchers', state, vouchers, false);
		expect(sorted(polled)).toEqual([...fresh.ids].sort());
		expect(await pollLexoffice(client, 'vouchers', state, vouchers, false)).toEqual([]);
		// The watermark day moved on: a poll the next day still reads today's rows once (one day of overlap) and emits nothing.
		const tomorrow = new Date(Date.now() + 24 * 3600 * 1000);
		expect(await pollLexoffice(client, 'vouchers', state, vouchers, false, tomorrow)).toEqual([]);
	});
});
