import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { connectLexoffice } from '../../clients/lexoffice';
import type { InvoiceSyncInput, InvoiceSyncResult } from '../../temporal/shared';
import { fastTenant, waitFor } from '../helpers/imports';
import {
	adminCall,
	holdNext,
	holds,
	records,
	sandboxUrl,
	seed,
	untilHeld,
} from '../helpers/sandbox';
import { bundleWorkflows, connectTestServer, uniqueQueue } from '../helpers/temporal';
import { spawnWorkerProcess, workerEnv } from '../helpers/workerProcess';

let env: TestWorkflowEnvironment;
let dir: string;

beforeAll(async () => {
	env = await connectTestServer();
	dir = mkdtempSync(join(tmpdir(), 'blx-pay-crash-'));
});

afterAll(async () => {
	if (dir) rmSync(dir, { recursive: true, force: true });
	await env?.teardown();
});

const exited = (child: ChildProcess) =>
	new Promise<NodeJS.Signals | number | null>((resolve) =>
		child.once('exit', (code, signal) => resolve(signal ?? code)),
	);

describe('invoiceSync payments across a worker crash', () => {
	it('a worker killed after bexio recorded a payment and before the link was committed: the next attempt records no payment twice and still counts both', async () => {
		const source = await fastTenant('lexoffice', 'pay-crash-lex');
		const target = await fastTenant('bexio', 'pay-crash-bexio');
		const lexoffice = connectLexoffice({ baseUrl: sandboxUrl('lexoffice'), apiKey: source.token });
		const customer = await lexoffice.call('contact.create', {
			body: { version: 0, roles: { customer: {} }, company: { name: 'Absturz GmbH' } },
		});
		const [invoiceId] = (
			(await seed('lexoffice', source.token, 'invoices', 1, {
				status: 'open',
				contactId: customer.id,
				amount: 100,
			})) as { ids: string[] }
		).ids;

		const taskQueue = uniqueQueue('pay-crash');
		const bundle = await bundleWorkflows();
		const bundlePath = join(dir, 'workflow-bundle.js');
		writeFileSync(bundlePath, bundle.code);
		const workerEnvironment = workerEnv({
			temporalAddress: env.address,
			taskQueue,
			connections: [source.connection, target.connection],
			bundlePath,
			dir,
		});
		const log: string[] = [];
		const input: InvoiceSyncInput = {
			source: source.ref,
			target: target.ref,
			since: '2000-01-01',
			taxRateMap: { '19': 8.1 },
			taxPolicy: 'keepGross',
			watermarkName: `pay-crash-${source.token.slice(-8)}`,
		};
		const start = (n: number) =>
			env.client.workflow.start('invoiceSync', {
				args: [input],
				taskQueue,
				workflowId: `pay-crash-${source.token.slice(-8)}-${n}`,
			});
		const payments = async () =>
			(await records<{ date: string; value: string }>('bexio', target.token, 'payments'))
				.map((p) => ({ date: p.date, value: Number(p.value) }))
				.sort((a, b) => a.date.localeCompare(b.date));

		const first = spawnWorkerProcess(workerEnvironment, log);
		const firstExit = exited(first);
		let bexioInvoiceId: number;
		let hold: Awaited<ReturnType<typeof holdNext>>;
		try {
			const synced = (await (await start(1)).result()) as InvoiceSyncResult;
			expect(synced.stats).toMatchObject({ created: 1, failed: 0 });
			bexioInvoiceId = (await records<{ id: number }>('bexio', target.token, 'invoices'))[0].id;

			// Paid in two parts in lexoffice; bexio applies the second payment and keeps its answer back.
			for (const [amount, postingDate] of [
				[50, '2026-03-02'],
				[69, '2026-03-09'],
			] as const)
				await adminCall('lexoffice', 'POST', '/payments', {
					token: source.token,
					voucherId: invoiceId,
					amount,
					postingDate,
				});
			hold = await holdNext('bexio', target.token, {
				path: `/2.0/kb_invoice/${bexioInvoiceId}/payment`,
				bodyContains: '2026-03-09',
			});
			await start(2);
			await untilHeld('bexio', target.token, hold.id, 120_000);
			first.kill('SIGKILL');
			expect(await firstExit).toBe('SIGKILL');
			const ended = await waitFor(
				async () =>
					(await holds('bexio', target.token)).find((h) => h.id === hold.id && h.state !== 'held'),
				'the held payment to end',
				30_000,
			);
			expect(ended.state).toBe('connectionClosed');
		} finally {
			if (first.exitCode === null && first.signalCode === null) first.kill('SIGKILL');
		}
		// Both payments are in bexio; the link still says unpaid.
		expect(await payments()).toHaveLength(2);

		const second = spawnWorkerProcess(workerEnvironment, log);
		const secondExit = exited(second);
		try {
			const resumed = (await env.client.workflow
				.getHandle(`pay-crash-${source.token.slice(-8)}-2`)
				.result()) as InvoiceSyncResult;
			expect(resumed.stats).toMatchObject({ updated: 1, failed: 0 });
			expect(resumed.paymentsRecorded).toBe(2);
			expect(await payments()).toEqual([
				{ date: '2026-03-02', value: 50 },
				{ date: '2026-03-09', value: 69 },
			]);

			const again = (await (await start(3)).result()) as InvoiceSyncResult;
			expect(again.paymentsRecorded).toBe(0);
			expect(again.stats).toMatchObject({ updated: 0, failed: 0 });
			expect(await payments()).toHaveLength(2);
		} finally {
			second.kill('SIGTERM');
			expect(await secondExit).toBe(0);
		}
	}, 300_000);
});
