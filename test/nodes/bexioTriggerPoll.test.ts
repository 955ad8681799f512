import { connectBexio } from '../../clients/bexio';
import { pollBexio, type BexioPollState, type Watch } from '../../nodes/BexioTrigger/poll';
import { adminCall, newTenant, sandboxUrl } from '../helpers/sandbox';

/**
 * The Bexio Trigger's polls, driven one at a time against the sandbox with explicit static data: the
 * first poll sets the cursor and emits nothing, the next emits exactly the changes, the one after that
 * nothing. No clock and no n8n scheduler decide when a poll runs, so nothing here can race.
 */

const ids = (rows: Array<{ id: number }>) => rows.map((r) => r.id).sort((a, b) => a - b);

async function tenant() {
	const token = await newTenant('bexio', { disabled: true });
	const client = connectBexio({ baseUrl: sandboxUrl('bexio'), token });
	/** Freezes the tenant clock at an offset, so several writes share one `updated_at` second. */
	const clock = (offsetSeconds: number) =>
		adminCall('bexio', 'POST', '/clock', { token, offsetSeconds });
	const contact = async (name: string) =>
		(await client.call('contact.create', {
			body: { contact_type_id: 1, name_1: name, user_id: 1, owner_id: 1 },
		})) as { id: number };
	return { token, client, clock, contact };
}

describe('Bexio Trigger polls', () => {
	it('contacts: baseline, then exactly the new and updated ones (also those sharing the watermark second), then nothing', async () => {
		const t = await tenant();
		const existing = await t.contact('Bestand AG');
		const state: BexioPollState = {};
		expect(await pollBexio(t.client, 'contact', state, false)).toEqual([]);
		expect(state.watermark).toBeDefined();

		// Two writes in the second the baseline ended on, one update later.
		const sameSecond = [await t.contact('Gleiche Sekunde 1'), await t.contact('Gleiche Sekunde 2')];
		await t.clock(5);
		const current = (await t.client.call('contact.get', {
			path: { contact_id: existing.id },
		})) as Record<string, unknown>;
		await t.client.call('contact.update', {
			path: { contact_id: existing.id },
			body: {
				contact_type_id: 1,
				name_1: 'Bestand AG (neu)',
				user_id: current.user_id,
				owner_id: current.owner_id,
			} as never,
		});
		expect(ids(await pollBexio(t.client, 'contact', state, false))).toEqual(
			ids([...sameSecond, existing]),
		);
		expect(await pollBexio(t.client, 'contact', state, false)).toEqual([]);

		// A record written in the very second of the new watermark is emitted once, the others not again.
		const late = await t.contact('Spät, gleiche Sekunde');
		expect(ids(await pollBexio(t.client, 'contact', state, false))).toEqual([late.id]);
		expect(await pollBexio(t.client, 'contact', state, false)).toEqual([]);
	});

	it.each<{ watch: Watch; make: (t: Awaited<ReturnType<typeof tenant>>) => Promise<number> }>([
		{
			watch: 'article',
			make: async (t) =>
				(
					(await t.client.call('article.create', {
						body: { intern_code: `A-${Date.now()}`, intern_name: 'Neu' },
					})) as { id: number }
				).id,
		},
		{
			watch: 'invoice',
			make: async (t) => {
				const c = await t.contact('Rechnungskunde');
				return (
					(await t.client.call('invoice.create', {
						body: {
							contact_id: c.id,
							user_id: 1,
							positions: [
								{ type: 'KbPositionCustom', amount: '1', unit_price: '10', tax_id: 1, text: 'x' },
							],
						} as never,
					})) as { id: number }
				).id;
			},
		},
	])('$watch: baseline, then exactly the new record, then nothing', async ({ watch, make }) => {
		const t = await tenant();
		await make(t);
		const state: BexioPollState = {};
		expect(await pollBexio(t.client, watch, state, false)).toEqual([]);
		const fresh = [await make(t), await make(t)];
		expect(ids(await pollBexio(t.client, watch, state, false))).toEqual(
			[...fresh].sort((a, b) => a - b),
		);
		expect(await pollBexio(t.client, watch, state, false)).toEqual([]);
	});

	it('invoice statuses: an issued invoice is emitted once with its previous status', async () => {
		const t = await tenant();
		const c = await t.contact('Statuskunde');
		const draft = (await t.client.call('invoice.create', {
			body: {
				contact_id: c.id,
				user_id: 1,
				positions: [
					{ type: 'KbPositionCustom', amount: '1', unit_price: '10', tax_id: 1, text: 'x' },
				],
			} as never,
		})) as { id: number };
		const state: BexioPollState = {};
		expect(await pollBexio(t.client, 'invoiceStatus', state, false)).toEqual([]);
		await t.clock(2);
		await t.client.call('invoice.issue', { path: { invoice_id: draft.id } });
		expect(await pollBexio(t.client, 'invoiceStatus', state, false)).toEqual([
			expect.objectContaining({
				id: draft.id,
				kb_item_status_id: 8,
				previous_kb_item_status_id: 7,
			}),
		]);
		expect(await pollBexio(t.client, 'invoiceStatus', state, false)).toEqual([]);
	});
});
