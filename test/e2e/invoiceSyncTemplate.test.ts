import { connectLexoffice } from '../../clients/lexoffice';
import type { InvoiceSyncResult } from '../../temporal/shared';
import { deleteSchedule, describeSchedule, type ScheduleSummary } from '../../temporal/schedules';

import {
	fastTenant,
	fireSchedule,
	importWorkers,
	runWorkersUntil,
	useImportHarness,
} from '../helpers/imports';
import { records, sandboxUrl, seed } from '../helpers/sandbox';
import { mailText, type SmtpSink, startSmtpSink, untilMail } from '../helpers/smtpSink';
import { uniqueQueue } from '../helpers/temporal';
import {
	runTemplate,
	smtpCredential,
	temporalCredential,
	untilJobTriggerPolled,
} from '../helpers/templates';

/**
 * scheduled-invoice-sync.json in a real n8n: "Apply the schedules" creates (and on a second run updates)
 * two Temporal Schedules, one per direction, from the Jobs node's fields; the test stands in for the
 * clock by triggering them on the Temporal server. The active workflow's Job Trigger fires once per run
 * with failed records and n8n's Send Email node delivers the failures to a local SMTP server.
 */

// The Job Trigger polls: n8n has once been seen to skip its cron for minutes, so the waits are generous bounds.
jest.setTimeout(1_500_000);

const h = useImportHarness('template-invoice-sync');
const SCHEDULES = {
	lexofficeToBexio: 'invoice-sync-lexoffice-bexio',
	bexioToLexoffice: 'invoice-sync-bexio-lexoffice',
} as const;
const TRIGGER_NODE = 'When a sync fails or has failed records';

let sink: SmtpSink;
beforeAll(async () => {
	sink = await startSmtpSink();
});
afterAll(async () => {
	await sink?.close();
});

/** Fires the schedule as its timetable would and answers the run's result and job id. */
async function runSchedule(
	scheduleId: string,
): Promise<InvoiceSyncResult & { workflowId: string }> {
	const workflowId = await fireSchedule(h.env.client, scheduleId);
	const result = (await h.env.client.workflow.getHandle(workflowId).result()) as InvoiceSyncResult;
	return { ...result, workflowId };
}

describe('scheduled-invoice-sync.json', () => {
	it('keeps one schedule per direction up to date, syncs both ways once, and mails each run with failed records once', async () => {
		const lex = await fastTenant('lexoffice', 'lexoffice-default');
		const bexio = await fastTenant('bexio', 'bexio-default');
		const lexoffice = connectLexoffice({ baseUrl: sandboxUrl('lexoffice'), apiKey: lex.token });
		const customer = await lexoffice.call('contact.create', {
			body: { version: 0, roles: { customer: {} }, company: { name: 'Kunde mit Rechnungen GmbH' } },
		});
		const invoices = (await seed('lexoffice', lex.token, 'invoices', 2, {
			status: 'open',
			contactId: customer.id,
			amount: 200,
		})) as { ids: string[] };
		const credit = (await seed('lexoffice', lex.token, 'credit-notes', 1, {
			status: 'open',
			contactId: customer.id,
			amount: 50,
		})) as { ids: string[] };
		// 16 %: the German rate of late 2020; bexio has no such tax and the template maps only 19 and 7.
		const unmapped = await lexoffice.call('invoice.create', {
			query: { finalize: true },
			body: {
				voucherDate: '2020-10-15T00:00:00.000+02:00',
				address: { contactId: customer.id },
				lineItems: [
					{
						type: 'custom',
						name: 'Beratung Oktober 2020',
						quantity: 1,
						unitName: 'Stunde',
						unitPrice: { currency: 'EUR', netAmount: 100, taxRatePercentage: 16 },
					},
				],
				totalPrice: { currency: 'EUR' },
				taxConditions: { taxType: 'net' },
				shippingConditions: { shippingType: 'none' },
			} as never,
		});
		await seed('lexoffice', lex.token, 'invoices', 1, { status: 'draft', contactId: customer.id });
		const issued = (await seed('bexio', bexio.token, 'invoices', 2, {
			status: 8,
			amount: 100,
			currency: 'EUR',
		})) as { ids: number[] };

		const taskQueue = uniqueQueue('template-invoice-sync');
		const smtp = await smtpCredential(sink.port, taskQueue);
		const credentials = { temporalApi: await temporalCredential(taskQueue), smtp };
		const workers = await importWorkers(
			h.env,
			h.bundle,
			taskQueue,
			[lex.connection, bexio.connection],
			h.store,
		);

		await runWorkersUntil(workers, async () => {
			try {
				await runTemplate('scheduled-invoice-sync.json', credentials, {
					whileActive: async (workflowId) => {
						const toBexio = await describeSchedule(h.env.client, SCHEDULES.lexofficeToBexio);
						const toLexoffice = await describeSchedule(h.env.client, SCHEDULES.bexioToLexoffice);
						expect(toBexio).toMatchObject({
							workflowType: 'invoiceSync',
							paused: false,
							spec: { cron: ['0 6 * * 1-5'], timezone: 'Europe/Zurich' },
							input: {
								source: { system: 'lexoffice', id: 'lexoffice-default' },
								target: { system: 'bexio', id: 'bexio-default' },
								taxPolicy: 'keepGross',
								taxRateMap: { '19': 8.1, '7': 2.6 },
							},
						});
						expect(toLexoffice).toMatchObject({
							workflowType: 'invoiceSync',
							input: {
								source: { system: 'bexio', id: 'bexio-default' },
								target: { system: 'lexoffice', id: 'lexoffice-default' },
								taxRateMap: { '8.1': 19, '2.6': 7 },
							},
						});

						// The Job Trigger counts jobs from its first scheduled poll on.
						await untilJobTriggerPolled(workflowId, TRIGGER_NODE, 600_000);

						const first = await runSchedule(SCHEDULES.lexofficeToBexio);
						expect(first.stats).toMatchObject({ processed: 4, created: 3, failed: 1 });
						expect(first.failures).toEqual([expect.objectContaining({ sourceId: unmapped.id })]);
						const written = await records<{ api_reference: string | null; total: string }>(
							'bexio',
							bexio.token,
							'invoices',
						);
						const fromLexoffice = written.filter((i) => i.api_reference?.startsWith('lexoffice:'));
						expect(fromLexoffice.map((i) => i.api_reference).sort()).toEqual(
							[...invoices.ids, ...credit.ids].map((id) => `lexoffice:${id}`).sort(),
						);
						// keepGross: the customer owes in bexio what lexoffice says (200 net + 19 % = 238).
						expect(
							fromLexoffice
								.filter((i) => i.api_reference !== `lexoffice:${credit.ids[0]}`)
								.map((i) => Number(i.total)),
						).toEqual([238, 238]);

						// bexio → lexoffice books the two seeded invoices, not the ones that came from lexoffice.
						const back = await runSchedule(SCHEDULES.bexioToLexoffice);
						expect(back.stats).toMatchObject({ created: 2, failed: 0 });
						expect(await records('lexoffice', lex.token, 'vouchers')).toHaveLength(
							issued.ids.length,
						);

						// A re-run in each direction writes nothing; the unmapped invoice fails again.
						const again = await runSchedule(SCHEDULES.lexofficeToBexio);
						expect(again.stats).toMatchObject({ created: 0, updated: 0, failed: 1 });
						expect((await runSchedule(SCHEDULES.bexioToLexoffice)).stats).toMatchObject({
							created: 0,
							updated: 0,
							failed: 0,
						});
						expect(await records('bexio', bexio.token, 'invoices')).toHaveLength(written.length);

						// One mail per run with failed records (two runs), none for the runs without.
						await untilMail(sink, 2, 600_000);
						expect(sink.mails).toHaveLength(2);
						for (const mail of sink.mails) {
							const text = mailText(mail);
							expect(mail.to).toEqual(['accounting@example.com']);
							expect(text).toContain('Invoice sync: 1 failed records');
							expect(text).toContain(`- ${unmapped.id}: `);
							expect(text).toContain('16');
						}
						// Exactly the two runs with failed records, each once (the body names the job).
						expect(
							sink.mails.map((m) => /^Job (\S+), ended/m.exec(mailText(m))?.[1]).sort(),
						).toEqual([first.workflowId, again.workflowId].sort());
					},
				});

				// Applying again updates both schedules in place: still two, same timetable, no second copy.
				const again = await runTemplate('scheduled-invoice-sync.json', credentials);
				expect(again.length).toBeGreaterThan(0);
				expect(again.every((item) => item.created === false)).toBe(true);
				const after: ScheduleSummary = await describeSchedule(
					h.env.client,
					SCHEDULES.lexofficeToBexio,
				);
				expect(after.recentActions).toHaveLength(2);
			} finally {
				for (const id of Object.values(SCHEDULES))
					await deleteSchedule(h.env.client, id).catch(() => undefined);
			}
		});
	});
});
