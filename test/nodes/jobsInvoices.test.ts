import { createCredential, testN8n, type N8nInstance } from '../helpers/n8n';
import { fastTenant, importWorkers, runWorkersUntil, useImportHarness } from '../helpers/imports';
import { runNode } from '../helpers/nodeRunner';
import { records, seed } from '../helpers/sandbox';
import { uniqueQueue } from '../helpers/temporal';

/** The Jobs node's invoice history kind inside a real n8n, with a real worker on the Temporal dev server. */

jest.setTimeout(300_000);

const h = useImportHarness('jobs-node-invoices');
let n8n: N8nInstance;

beforeAll(() => {
	n8n = testN8n();
});

describe('Bexio Lexoffice Jobs node: invoice history', () => {
	it('imports bexio invoices as lexoffice bookkeeping vouchers with the tax rate map and the collective customer; a bad map is a clear error', async () => {
		const source = await fastTenant('bexio', 'bexio-jobs-inv');
		const target = await fastTenant('lexoffice', 'lex-jobs-inv');
		await seed('bexio', source.token, 'invoices', 4, { status: 8, amount: 100, currency: 'EUR' });
		const taskQueue = uniqueQueue('jobs-node-invoices');
		const cred = await createCredential(n8n, `temporal ${taskQueue}`, 'temporalApi', {
			address: process.env.TEMPORAL_TEST_ADDRESS ?? '',
			namespace: 'default',
			tls: false,
			apiKey: '',
			taskQueue,
		});
		const credentials = { temporalApi: { id: cred.id, name: cred.name } };
		const workers = await importWorkers(
			h.env,
			h.bundle,
			taskQueue,
			[source.connection, target.connection],
			h.store,
		);
		const start = (importOptions: Record<string, unknown>) =>
			runNode(n8n, {
				type: 'bexioLexofficeJobs',
				credentials,
				parameters: {
					resource: 'job',
					operation: 'start',
					kind: 'invoices',
					direction: 'bexioToLexoffice',
					sourceConnection: source.ref.id,
					targetConnection: target.ref.id,
					runKey: 'history',
					importOptions,
				},
			});

		await runWorkersUntil(workers, async () => {
			const bad = await start({
				taxRateMap: { rates: [{ sourceRate: 8.1, targetRate: 'neunzehn' }] },
			});
			expect(JSON.stringify(bad)).toContain(
				'Tax Rate Map, row 1: expected a source rate and a target rate in % between 0 and 100',
			);

			// keepNet: the net of 100.00 stays, lexoffice's 19 % makes the gross 119.00 (reported per document).
			const started = await start({
				taxRateMap: { rates: [{ sourceRate: 8.1, targetRate: 19 }] },
				taxPolicy: 'keepNet',
				collectiveContact: true,
			});
			expect(started.status).toBe(200);
			const workflowId = started.items[0].workflowId as string;
			expect(workflowId).toBe('import/invoices/bexio-to-lexoffice/bexio-jobs-inv/history');
			const done = await runNode(n8n, {
				type: 'bexioLexofficeJobs',
				credentials,
				parameters: {
					resource: 'job',
					operation: 'waitForCompletion',
					workflowId,
					maxWaitSeconds: 240,
				},
			});
			expect(done.items[0]).toMatchObject({
				status: 'COMPLETED',
				stats: { processed: 4, created: 4, failed: 0 },
			});
		});
		const vouchers = await records<{ useCollectiveContact: boolean; totalGrossAmount: number }>(
			'lexoffice',
			target.token,
			'vouchers',
		);
		expect(vouchers).toHaveLength(4);
		expect(vouchers.every((v) => v.useCollectiveContact && v.totalGrossAmount === 119)).toBe(true);
	});

	it("converts a CHF invoice at the node's Exchange Rates (1 EUR = 0.9 CHF) and refuses a rate that is not a number", async () => {
		const source = await fastTenant('bexio', 'bexio-jobs-fx');
		const target = await fastTenant('lexoffice', 'lex-jobs-fx');
		await seed('bexio', source.token, 'invoices', 1, { status: 8, amount: 90, currency: 'CHF' });
		const taskQueue = uniqueQueue('jobs-node-fx');
		const cred = await createCredential(n8n, `temporal ${taskQueue}`, 'temporalApi', {
			address: process.env.TEMPORAL_TEST_ADDRESS ?? '',
			namespace: 'default',
			tls: false,
			apiKey: '',
			taskQueue,
		});
		const credentials = { temporalApi: { id: cred.id, name: cred.name } };
		const workers = await importWorkers(
			h.env,
			h.bundle,
			taskQueue,
			[source.connection, target.connection],
			h.store,
		);
		const start = (importOptions: Record<string, unknown>) =>
			runNode(n8n, {
				type: 'bexioLexofficeJobs',
				credentials,
				parameters: {
					resource: 'job',
					operation: 'start',
					kind: 'invoices',
					direction: 'bexioToLexoffice',
					sourceConnection: source.ref.id,
					targetConnection: target.ref.id,
					runKey: 'fx',
					importOptions,
				},
			});

		await runWorkersUntil(workers, async () => {
			const bad = await start({ exchangeRates: { rates: [{ currency: 'EUR', rate: 'neun' }] } });
			expect(JSON.stringify(bad)).toContain(
				'Exchange Rates, row 1: expected an ISO currency code and its positive rate',
			);
			const started = await start({
				exchangeRates: { rates: [{ currency: 'EUR', rate: 0.9 }] },
				taxRateMap: { rates: [{ sourceRate: 8.1, targetRate: 19 }] },
				taxPolicy: 'keepNet',
				collectiveContact: true,
			});
			expect(started.status).toBe(200);
			const done = await runNode(n8n, {
				type: 'bexioLexofficeJobs',
				credentials,
				parameters: {
					resource: 'job',
					operation: 'waitForCompletion',
					workflowId: started.items[0].workflowId as string,
					maxWaitSeconds: 240,
				},
			});
			expect(done.items[0]).toMatchObject({
				status: 'COMPLETED',
				stats: { processed: 1, created: 1, failed: 0 },
			});
		});
		// 90.00 CHF net at 1 CHF = 1.111111 EUR: 100.00 EUR net, 19 % on top.
		const [voucher] = await records<{ remark: string; totalGrossAmount: number }>(
			'lexoffice',
			target.token,
			'vouchers',
		);
		expect(voucher.totalGrossAmount).toBe(119);
		expect(voucher.remark).toContain(
			"converted 1 CHF = 1.111111 EUR (the job's rate); original CHF net 90.00",
		);
	});
});
