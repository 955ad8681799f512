import { join } from 'node:path';

import { connectLexoffice } from '../../clients/lexoffice';
import { importResult } from '../../temporal/client';
import type { BulkImportResult } from '../../temporal/shared';
import { SqliteLinkStore } from '../../temporal/store';

import { fastTenant, importWorkers, runWorkersUntil, useImportHarness } from '../helpers/imports';
import { records, sandboxUrl, seed, stats } from '../helpers/sandbox';
import { approvalLink, clickApprovalLink } from '../helpers/approvalMail';
import {
	mailText,
	type SmtpSink,
	startSmtpSink,
	type SunkMail,
	untilMail,
} from '../helpers/smtpSink';
import { uniqueQueue } from '../helpers/temporal';
import { runTemplate, smtpCredential, temporalCredential } from '../helpers/templates';

/**
 * The import templates (contacts both ways, articles, invoice history) in a real n8n: "Plan the import"
 * starts a bulk import with approval; the active workflow's Job Trigger mails each plan once through
 * n8n's Send Email "send and wait" (to a local SMTP server) and the test clicks Approve as the recipient
 * would. Nothing is written before the click; a re-run plans and writes nothing new.
 */

// The Job Trigger polls: n8n has once been seen to skip its cron for minutes, so the waits are generous bounds.
jest.setTimeout(1_800_000);

const h = useImportHarness('template-import-approval');
const MAIL_WAIT = 600_000;

let sink: SmtpSink;
beforeAll(async () => {
	sink = await startSmtpSink();
});
afterAll(async () => {
	await sink?.close();
});
// Each case has its own link store: the cases reuse the default connection ids on fresh sandbox
// accounts, and one store per connection id is what a worker has (a store shared across the cases
// would link records of one case's accounts to the next case's).
let store: SqliteLinkStore;
let cases = 0;
beforeEach(() => {
	sink.mails.length = 0;
	store = new SqliteLinkStore(join(h.dir, `links-${++cases}.sqlite`));
});
afterEach(async () => {
	await store.close();
});

const mail = (n: number) => untilMail(sink, n, MAIL_WAIT);

/** The job a plan mail is about. */
const jobOf = (sunk: SunkMail): string => {
	const id = /The import (\S+) plans/.exec(mailText(sunk))?.[1];
	if (!id) throw new Error(`no job id in the mail:\n${mailText(sunk)}`);
	return id;
};

/**
 * Runs a template's "Plan the import" (the job starts and plans), waits for its plan mail (the n-th
 * mail), runs `beforeApproval` (nothing may be written yet), clicks Approve and answers the mail's text
 * and the job's result.
 */
async function planAndApprove(
	file: string,
	credentials: Record<string, { id: string; name: string }>,
	n: number,
	beforeApproval: (plan: string) => Promise<void>,
): Promise<{ plan: string; result: BulkImportResult }> {
	let outcome: { plan: string; result: BulkImportResult } | undefined;
	await runTemplate(file, credentials, {
		whileActive: async () => {
			const sunk = await mail(n);
			const plan = mailText(sunk);
			await beforeApproval(plan);
			await clickApprovalLink(approvalLink(sunk, true));
			outcome = { plan, result: await importResult(h.env.client, jobOf(sunk)) };
		},
	});
	return outcome!;
}

/**
 * Runs a template's "Plan the import" when nothing is new: the job ends after its plan without asking.
 * Its approval status says it never awaited approval, so the Job Trigger had no plan to mail. Answers
 * the job's result.
 */
async function planWithNothingToApprove(
	file: string,
	credentials: Record<string, { id: string; name: string }>,
): Promise<BulkImportResult> {
	const mails = sink.mails.length;
	const [started] = await runTemplate(file, credentials);
	const result = await importResult(h.env.client, String(started.workflowId));
	expect(result.approval).toMatchObject({ status: 'notNeeded' });
	expect(sink.mails).toHaveLength(mails);
	return result;
}

describe('import templates with approval by e-mail', () => {
	it('articles-import-with-approval.json: writes the articles only after Approve, at the mapped rate; a re-run writes nothing without asking', async () => {
		const bexio = await fastTenant('bexio', 'bexio-default');
		const lexoffice = await fastTenant('lexoffice', 'lexoffice-default');
		await seed('bexio', bexio.token, 'articles', 3);
		const taskQueue = uniqueQueue('template-articles');
		const credentials = {
			temporalApi: await temporalCredential(taskQueue),
			smtp: await smtpCredential(sink.port, taskQueue),
		};
		const workers = await importWorkers(
			h.env,
			h.bundle,
			taskQueue,
			[bexio.connection, lexoffice.connection],
			store,
		);
		const lexArticles = () =>
			records<{ id: string; articleNumber: string; price: { netPrice: number; taxRate: number } }>(
				'lexoffice',
				lexoffice.token,
				'articles',
			);

		await runWorkersUntil(workers, async () => {
			const first = await planAndApprove(
				'articles-import-with-approval.json',
				credentials,
				1,
				async (plan) => {
					expect(plan).toContain('Articles to approve: 3 new, 0 changed, 0 failing');
					expect(await lexArticles()).toHaveLength(0);
				},
			);
			expect(first.result.stats).toMatchObject({ created: 3, failed: 0 });
			expect(first.result.approval).toMatchObject({ status: 'approved' });
			const source = await records<{ id: number; intern_code: string }>(
				'bexio',
				bexio.token,
				'articles',
			);
			const written = await lexArticles();
			expect(written.map((a) => a.articleNumber).sort()).toEqual(
				source.map((a) => a.intern_code).sort(),
			);
			// bexio's 8.1 % as lexoffice's 19 %, the net price kept.
			for (const a of written) expect(a.price).toMatchObject({ netPrice: 10, taxRate: 19 });
			// The job names each article whose gross the rate map changed.
			expect(
				first.result.adjustments.map((a) => [a.sourceId, a.targetId, a.reason]).sort(),
			).toEqual(
				source
					.map((a) => [
						String(a.id),
						written.find((w) => w.articleNumber === a.intern_code)!.id,
						'tax rate 8.1 % → 19 % (tax rate map): net price 10.00 kept, gross 10.81 → 11.90',
					])
					.sort(),
			);

			// Planned again: nothing new, so nothing to approve and nothing is written.
			const again = await planWithNothingToApprove(
				'articles-import-with-approval.json',
				credentials,
			);
			expect(again.stats).toMatchObject({ created: 0, updated: 0, unchanged: 3 });
			expect(again.adjustments).toEqual([]);
			expect(await lexArticles()).toHaveLength(3);
		});
	});

	it('invoice-history-migration.json: migrates lexoffice invoices to bexio only after Approve, keeping the gross; a re-run writes nothing without asking', async () => {
		const lex = await fastTenant('lexoffice', 'lexoffice-default');
		const bexio = await fastTenant('bexio', 'bexio-default');
		const api = connectLexoffice({ baseUrl: sandboxUrl('lexoffice'), apiKey: lex.token });
		const customer = await api.call('contact.create', {
			body: { version: 0, roles: { customer: {} }, company: { name: 'Historie GmbH' } },
		});
		const invoices = (await seed('lexoffice', lex.token, 'invoices', 2, {
			status: 'paid',
			contactId: customer.id,
			amount: 200,
		})) as { ids: string[] };
		const taskQueue = uniqueQueue('template-history');
		const credentials = {
			temporalApi: await temporalCredential(taskQueue),
			smtp: await smtpCredential(sink.port, taskQueue),
		};
		const workers = await importWorkers(
			h.env,
			h.bundle,
			taskQueue,
			[lex.connection, bexio.connection],
			store,
		);
		const bexioInvoices = () =>
			records<{ api_reference: string | null; total: string }>('bexio', bexio.token, 'invoices');

		await runWorkersUntil(workers, async () => {
			const first = await planAndApprove(
				'invoice-history-migration.json',
				credentials,
				1,
				async (plan) => {
					expect(plan).toContain('Invoice history to approve: 2 new, 0 changed, 0 failing');
					expect(await bexioInvoices()).toHaveLength(0);
				},
			);
			expect(first.result.stats).toMatchObject({ created: 2, failed: 0 });
			const migrated = await bexioInvoices();
			expect(migrated.map((i) => i.api_reference).sort()).toEqual(
				invoices.ids.map((id) => `lexoffice:${id}`).sort(),
			);
			// keepGross: 200 net at 19 % is 238 in lexoffice, and the customer owes 238 in bexio.
			expect(migrated.map((i) => Number(i.total))).toEqual([238, 238]);

			const again = await planWithNothingToApprove('invoice-history-migration.json', credentials);
			expect(again.stats).toMatchObject({ created: 0, updated: 0 });
			expect(await bexioInvoices()).toHaveLength(2);
		});
	});

	it('bexio-customers-to-lexoffice.json: writes the contacts only after Approve, each linked by its bexio id; a re-run writes nothing without asking', async () => {
		const source = await fastTenant('bexio', 'bexio-default');
		const target = await fastTenant('lexoffice', 'lexoffice-default');
		await seed('bexio', source.token, 'contacts', 12);
		const taskQueue = uniqueQueue('template-customers');
		const credentials = {
			temporalApi: await temporalCredential(taskQueue),
			smtp: await smtpCredential(sink.port, taskQueue),
		};
		const workers = await importWorkers(
			h.env,
			h.bundle,
			taskQueue,
			[source.connection, target.connection],
			store,
		);
		const contacts = () => records<{ note?: string }>('lexoffice', target.token, 'contacts');

		await runWorkersUntil(workers, async () => {
			const first = await planAndApprove(
				'bexio-customers-to-lexoffice.json',
				credentials,
				1,
				async (plan) => {
					expect(plan).toContain('Contacts to approve: 12 new, 0 changed, 0 failing');
					expect(await contacts()).toHaveLength(0);
				},
			);
			expect(first.result.stats).toMatchObject({ processed: 12, created: 12, failed: 0 });
			const written = await contacts();
			expect(written).toHaveLength(12);
			expect(written.every((c) => /\[bexio-contact:\d+\]/.test(c.note ?? ''))).toBe(true);

			const before = await stats('lexoffice', target.token);
			const again = await planWithNothingToApprove(
				'bexio-customers-to-lexoffice.json',
				credentials,
			);
			expect(again.stats).toMatchObject({ created: 0, updated: 0, unchanged: 12 });
			const after = await stats('lexoffice', target.token);
			expect(after.byRoute['POST /v1/contacts']).toEqual(before.byRoute['POST /v1/contacts']);
			expect(await contacts()).toHaveLength(12);
		});
	});

	it('lexoffice-contacts-to-bexio.json: writes the contacts only after Approve, each lexoffice customer and vendor number as the bexio number; a re-run writes nothing without asking', async () => {
		const source = await fastTenant('lexoffice', 'lexoffice-default');
		const target = await fastTenant('bexio', 'bexio-default');
		await seed('lexoffice', source.token, 'contacts', 10);
		await seed('lexoffice', source.token, 'contacts', 3, {
			role: 'vendor',
			namePrefix: 'Lieferant',
		});
		const numbers = (
			await records<{ roles: { customer?: { number: number }; vendor?: { number: number } } }>(
				'lexoffice',
				source.token,
				'contacts',
			)
		)
			.map((c) => String(c.roles.customer?.number ?? c.roles.vendor?.number))
			.sort();
		const taskQueue = uniqueQueue('template-lex-contacts');
		const credentials = {
			temporalApi: await temporalCredential(taskQueue),
			smtp: await smtpCredential(sink.port, taskQueue),
		};
		const workers = await importWorkers(
			h.env,
			h.bundle,
			taskQueue,
			[source.connection, target.connection],
			store,
		);
		const contacts = () =>
			records<{ nr: string | null; name_1: string }>('bexio', target.token, 'contacts');

		await runWorkersUntil(workers, async () => {
			const first = await planAndApprove(
				'lexoffice-contacts-to-bexio.json',
				credentials,
				1,
				async (plan) => {
					expect(plan).toContain('Contacts to approve: 13 new, 0 changed, 0 failing');
					expect(await contacts()).toHaveLength(0);
				},
			);
			expect(first.result.stats).toEqual({
				processed: 13,
				created: 13,
				updated: 0,
				unchanged: 0,
				skipped: 0,
				failed: 0,
			});
			const written = await contacts();
			expect(written.map((c) => String(c.nr)).sort()).toEqual(numbers);
			expect(written.filter((c) => c.name_1.startsWith('Lieferant'))).toHaveLength(3);

			const before = await stats('bexio', target.token);
			const again = await planWithNothingToApprove('lexoffice-contacts-to-bexio.json', credentials);
			expect(again.stats).toMatchObject({ created: 0, updated: 0, unchanged: 13 });
			const after = await stats('bexio', target.token);
			expect(after.byRoute['POST /2.0/contact']).toEqual(before.byRoute['POST /2.0/contact']);
			expect(await contacts()).toHaveLength(13);
		});
	});
});
