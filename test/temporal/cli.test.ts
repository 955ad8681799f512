import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { connectBexio } from '../../clients/bexio';
import { fastTenant, importWorkers, runWorkersUntil, useImportHarness } from '../helpers/imports';
import { records, sandboxUrl, seed } from '../helpers/sandbox';
import { uniqueQueue } from '../helpers/temporal';

/** The terminal command, run as a real process against the test server and a worker in this process. */

const h = useImportHarness('cli');

interface CliRun {
	code: number;
	stdout: string;
	stderr: string;
}

function cli(args: string[], taskQueue: string): Promise<CliRun> {
	const root = join(__dirname, '..', '..');
	return new Promise((resolve) => {
		execFile(
			process.execPath,
			['-r', 'ts-node/register/transpile-only', join(root, 'temporal', 'cli.ts'), ...args],
			{
				cwd: root,
				env: {
					...process.env,
					TEMPORAL_ADDRESS: process.env.TEMPORAL_TEST_ADDRESS,
					BLX_TASK_QUEUE: taskQueue,
				},
			},
			(error, stdout, stderr) =>
				resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
		);
	});
}

const summary = (run: CliRun) =>
	JSON.parse(run.stdout.split('\n')[0]) as { jobId: string; stats: Record<string, number> };

describe('bexio-lexoffice command', () => {
	it('imports contacts with progress, and the same import run again writes nothing', async () => {
		const source = await fastTenant('lexoffice', 'cli-lex');
		const target = await fastTenant('bexio', 'cli-bexio');
		await seed('lexoffice', source.token, 'contacts', 120);
		const taskQueue = uniqueQueue('cli');
		const workers = await importWorkers(
			h.env,
			h.bundle,
			taskQueue,
			[source.connection, target.connection],
			h.store,
		);
		const importArgs = [
			'import',
			'contacts',
			'--from',
			'lexoffice',
			'--to',
			'bexio',
			'--source',
			'cli-lex',
			'--target',
			'cli-bexio',
			'--page-size',
			'50',
		];

		await runWorkersUntil(workers, async () => {
			const first = await cli([...importArgs, '--run-key', 'first'], taskQueue);
			expect(first.code).toBe(0);
			expect(first.stderr).toContain('Job import/contacts/lexoffice-to-bexio/cli-lex/first');
			expect(first.stderr).toMatch(/120 processed · 120 created/);
			expect(summary(first).stats).toEqual({
				processed: 120,
				created: 120,
				updated: 0,
				unchanged: 0,
				skipped: 0,
				failed: 0,
			});
			expect(await records('bexio', target.token, 'contacts')).toHaveLength(120);

			const again = await cli([...importArgs, '--run-key', 'second'], taskQueue);
			expect(again.code).toBe(0);
			expect(summary(again).stats).toMatchObject({ processed: 120, created: 0, updated: 0 });
			expect(await records('bexio', target.token, 'contacts')).toHaveLength(120);

			// Visibility is eventually consistent: ask again briefly until both runs are listed.
			let jobs = await cli(
				['jobs', '--prefix', 'import/contacts/lexoffice-to-bexio/cli-lex/'],
				taskQueue,
			);
			for (let i = 0; i < 10 && jobs.stdout.trim().split('\n').length < 2; i++) {
				await new Promise((r) => setTimeout(r, 500));
				jobs = await cli(
					['jobs', '--prefix', 'import/contacts/lexoffice-to-bexio/cli-lex/'],
					taskQueue,
				);
			}
			expect(jobs.code).toBe(0);
			expect(jobs.stdout.trim().split('\n')).toHaveLength(2);
			expect(jobs.stdout).toContain('COMPLETED');
		});
	}, 120_000);

	it('refuses a bad command line naming the flag, before starting anything', async () => {
		const run = await cli(
			['import', 'contacts', '--from', 'bexio', '--to', 'bexio'],
			uniqueQueue('cli-bad'),
		);
		expect(run.code).toBe(1);
		expect(run.stderr).toContain(
			'--to: expected the other system than --from (bexio); got "bexio"',
		);
		const size = await cli(
			['import', 'contacts', '--from', 'bexio', '--to', 'lexoffice', '--page-size', 'many'],
			uniqueQueue('cli-bad'),
		);
		expect(size.code).toBe(1);
		expect(size.stderr).toContain('--page-size: expected a whole number of at least 1; got "many"');
		const rates = await cli(
			[
				'import',
				'invoices',
				'--from',
				'bexio',
				'--to',
				'lexoffice',
				'--exchange-rates',
				'{"EUR": -0.93}',
			],
			uniqueQueue('cli-bad'),
		);
		expect(rates.code).toBe(1);
		expect(rates.stderr).toContain(
			"--exchange-rates: expected ISO currency codes mapped to positive rates (1 unit in bexio's base currency)",
		);
	}, 60_000);

	it('sends time entries and booking lines from local files: a preview plans, the run writes, failures give exit code 2', async () => {
		const tenant = await fastTenant('bexio', 'cli-time');
		const bexio = connectBexio({ baseUrl: sandboxUrl('bexio'), token: tenant.token });
		const customer = (await seed('bexio', tenant.token, 'contacts', 1)) as { ids: number[] };
		await bexio.call('project.create', {
			body: {
				name: 'Website',
				pr_state_id: 2,
				pr_project_type_id: 1,
				contact_id: customer.ids[0],
				user_id: 1,
			},
		});
		await bexio.call('businessActivity.create', {
			body: { name: 'Beratung', default_is_billable: true },
		});
		const csv = join(h.dir, 'time.csv');
		writeFileSync(
			csv,
			'externalId,date,duration,person,project,activity,text\ncli-1,2026-11-02,1:00,Anna Meier,Website,Beratung,Call\ncli-2,2026-11-02,45,Anna Meier,Website,Beratung,Mail\n',
		);
		const json = join(h.dir, 'bookings.json');
		writeFileSync(
			json,
			JSON.stringify([
				{
					externalId: 'b-1',
					date: '2026-11-02',
					amount: 20,
					creditAccount: 'sales',
					description: 'Kasse',
				},
				{
					externalId: 'b-2',
					date: '2026-11-02',
					amount: 5,
					creditAccount: 'tips',
					description: 'Trinkgeld',
				},
			]),
		);
		const taskQueue = uniqueQueue('cli-time');
		const workers = await importWorkers(h.env, h.bundle, taskQueue, [tenant.connection], h.store);
		await runWorkersUntil(workers, async () => {
			const preview = await cli(
				[
					'timesheets',
					csv,
					'--connection',
					'cli-time',
					'--mode',
					'preview',
					'--run-key',
					'preview',
				],
				taskQueue,
			);
			expect(preview.code).toBe(0);
			expect(summary(preview).stats).toMatchObject({ processed: 2, created: 2 });
			expect(preview.stdout).toContain('plan create cli-1');
			expect(await records('bexio', tenant.token, 'timesheets')).toHaveLength(0);
			const time = await cli(
				['timesheets', csv, '--connection', 'cli-time', '--run-key', 'run'],
				taskQueue,
			);
			expect(time.code).toBe(0);
			expect(time.stderr).toContain('Job timesheets/cli-time/run');
			expect(time.stderr).toMatch(/2\/2 processed · 2 created/);
			expect(await records('bexio', tenant.token, 'timesheets')).toHaveLength(2);

			const bookings = await cli(
				[
					'bookings',
					json,
					'--connection',
					'cli-time',
					'--account-map',
					'{"sales":"3400"}',
					'--run-key',
					'pos',
				],
				taskQueue,
			);
			expect(bookings.code).toBe(2);
			expect(summary(bookings).stats).toMatchObject({ processed: 2, created: 1, failed: 1 });
			expect(bookings.stdout).toContain('failed b-2: credit account "tips" is not mapped');
			expect(await records('bexio', tenant.token, 'manual_entries')).toHaveLength(1);
			const mode = await cli(['timesheets', csv, '--mode', 'later'], taskQueue);
			expect(mode.code).toBe(1);
			expect(mode.stderr).toContain(
				'--mode: expected one of preview, timesheets, invoiceDrafts; got "later"',
			);
		});
	}, 120_000);
});
