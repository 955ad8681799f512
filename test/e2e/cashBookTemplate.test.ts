import { randomUUID } from 'node:crypto';

import { createCredential, testN8n } from '../helpers/n8n';
import { fastTenant, importWorkers, runWorkersUntil, useImportHarness } from '../helpers/imports';
import { postWhenRegistered } from '../helpers/nodeRunner';
import { records, sandboxUrl } from '../helpers/sandbox';
import { uniqueQueue } from '../helpers/temporal';
import { activateTemplate, executionError, temporalCredential } from '../helpers/templates';

/**
 * pos-cash-book-to-bexio-manual-entries.json in a real n8n, activated as imported: its webhook refuses a
 * POS without the header, checks the cash account in bexio before anything is booked, books each line
 * once through the durable accounting export (three concurrent deliveries of one day, then the day
 * again) and answers the POS with the job's statistics and failed lines.
 */

jest.setTimeout(600_000);

const h = useImportHarness('template-cash-book');
const FILE = 'pos-cash-book-to-bexio-manual-entries.json';
const HEADER = 'X-POS-Key';

interface ManualEntry {
	reference_nr: string | null;
	date: string;
	entries: Array<{
		debit_account_id: number;
		credit_account_id: number;
		amount: number;
		description: string;
		tax_id: number | null;
	}>;
}
interface JobAnswer {
	status: string;
	stats: Record<string, number>;
	failures: Array<{ sourceId: string; reason: string }>;
}

// The sandbox's chart of accounts (a fresh bexio company): ids of the account numbers used here.
const ACCOUNT = { '1000': 1, '1020': 2, '3200': 6 };

const day = {
	closingId: '2026-11-02/K1',
	lines: [
		{
			externalId: 'K1-1',
			date: '2026-11-02',
			amount: 12.5,
			creditAccount: '3200',
			description: 'Espresso',
		},
		{
			externalId: 'K1-2',
			date: '2026-11-02',
			amount: 40,
			debitAccount: '1020',
			creditAccount: '3200',
			description: 'Kartenzahlung',
		},
		{
			externalId: 'K1-3',
			date: '2026-11-02',
			amount: 3,
			creditAccount: 'tips',
			description: 'Trinkgeld',
		},
	],
};

describe(FILE, () => {
	it('refuses a POS without the header, stops before booking when the cash account is missing, and books each line of a day once under concurrent and repeated deliveries', async () => {
		const bexio = await fastTenant('bexio', 'bexio-default');
		const taskQueue = uniqueQueue('template-cash-book');
		const secret = randomUUID();
		const credentials = {
			temporalApi: await temporalCredential(taskQueue),
			bexioApi: await createCredential(testN8n(), `bexio ${taskQueue}`, 'bexioApi', {
				accessToken: bexio.token,
				baseUrl: sandboxUrl('bexio'),
			}),
			httpHeaderAuth: await createCredential(
				testN8n(),
				`POS header ${taskQueue}`,
				'httpHeaderAuth',
				{
					name: HEADER,
					value: secret,
				},
			),
		};
		const url = `${testN8n().url}/webhook/pos-cash-book`;
		const post = (headers: Record<string, string>) =>
			postWhenRegistered(url, JSON.stringify(day), headers);
		const entries = () => records<ManualEntry>('bexio', bexio.token, 'manual_entries');
		const workers = await importWorkers(h.env, h.bundle, taskQueue, [bexio.connection], h.store);

		await runWorkersUntil(workers, async () => {
			// Tailored to a cash account the chart lacks: the run stops at the check, nothing is booked.
			const missing = await activateTemplate(FILE, credentials, (node) =>
				node.name === 'Find the cash account'
					? {
							...node,
							parameters: {
								...node.parameters,
								searchCriteria: {
									conditions: [{ field: 'account_no', criteria: 'equal', value: '1001' }],
								},
							},
						}
					: node,
			);
			try {
				const refused = await post({ [HEADER]: secret });
				expect(refused.ok).toBe(false);
				expect(await executionError(missing.workflowId)).toContain(
					'bexio has no active account with the number searched in "Find the cash account"',
				);
			} finally {
				await missing.remove();
			}
			expect(await entries()).toHaveLength(0);

			const template = await activateTemplate(FILE, credentials);
			try {
				// Without the header, or with a wrong value, n8n refuses the request before the workflow runs.
				expect((await post({})).status).toBe(403);
				expect((await post({ [HEADER]: 'guessed' })).status).toBe(403);
				expect(await entries()).toHaveLength(0);

				// The same day delivered three times at once: one job per closing ID while it runs (a
				// delivery after it ended starts another that finds the lines booked); each line booked once.
				const answers = await Promise.all(
					[1, 2, 3].map(async () => {
						const res = await post({ [HEADER]: secret });
						expect(res.status).toBe(200);
						return (await res.json()) as JobAnswer;
					}),
				);
				for (const answer of answers) {
					expect(answer.status).toBe('COMPLETED');
					expect(answer.stats.processed).toBe(3);
					expect(answer.stats.created + answer.stats.unchanged).toBe(2);
					expect(answer.stats.failed).toBe(1);
					expect(answer.failures).toEqual([
						{ sourceId: 'K1-3', reason: expect.stringContaining('credit account "tips"') },
					]);
				}
				// The delivery that booked (and any attached to its job) says so; the bexio journal has each line once.
				expect(answers.some((a) => a.stats.created === 2)).toBe(true);
				const booked = await entries();
				expect(booked).toHaveLength(2);
				const byRef = Object.fromEntries(booked.map((e) => [e.reference_nr, e]));
				expect(byRef['K1-1']).toMatchObject({ date: '2026-11-02' });
				expect(byRef['K1-1'].entries).toEqual([
					expect.objectContaining({
						debit_account_id: ACCOUNT['1000'],
						credit_account_id: ACCOUNT['3200'],
						amount: 12.5,
						description: 'Espresso',
					}),
				]);
				expect(byRef['K1-2'].entries).toEqual([
					expect.objectContaining({
						debit_account_id: ACCOUNT['1020'],
						credit_account_id: ACCOUNT['3200'],
						amount: 40,
					}),
				]);

				// The day posted again after the job ended: a new job that books nothing twice.
				const again = await post({ [HEADER]: secret });
				expect(again.status).toBe(200);
				expect(((await again.json()) as JobAnswer).stats).toMatchObject({
					created: 0,
					unchanged: 2,
					failed: 1,
				});
				expect(await entries()).toHaveLength(2);
			} finally {
				await template.remove();
			}
		});
	});
});
