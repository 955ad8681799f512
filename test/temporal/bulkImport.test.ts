import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { connectBexio } from '../../clients/bexio';
import { connectLexoffice } from '../../clients/lexoffice';
import { importResult, startImport } from '../../temporal/client';
import type { BulkImportResult, ConnectionRef, SystemName } from '../../temporal/shared';
import {
	checkHistory,
	fastTenant,
	importWorkers,
	runWorkersUntil,
	useImportHarness,
} from '../helpers/imports';
import { records, sandboxUrl, seed, stats, type StatsSnapshot } from '../helpers/sandbox';
import { uniqueQueue } from '../helpers/temporal';

const h = useImportHarness('import');

interface LexContact {
	id: string;
	roles: { customer?: { number?: number } };
	note?: string;
}
interface BexioContact {
	id: number;
	nr: string | null;
}

/** Target writes (creates and edits) recorded by the sandbox for one tenant. */
function writes(snapshot: StatsSnapshot, system: SystemName): number {
	const routes =
		system === 'lexoffice'
			? ['POST /v1/contacts', 'PUT /v1/contacts/:id']
			: ['POST /2.0/contact', 'POST /2.0/contact/:id'];
	return routes.reduce(
		(sum, r) => sum + Object.values(snapshot.byRoute[r] ?? {}).reduce((a, b) => a + b, 0),
		0,
	);
}

async function runImport(
	taskQueue: string,
	source: ConnectionRef,
	target: ConnectionRef,
	runKey: string,
	options: { pageSize?: number; pagesPerRun?: number; dryRun?: boolean } = {},
): Promise<{ result: BulkImportResult; workflowId: string }> {
	const { workflowId } = await startImport(h.env.client, {
		kind: 'contacts',
		source,
		target,
		runKey,
		taskQueue,
		...options,
	});
	return { result: await importResult(h.env.client, workflowId), workflowId };
}

describe('bulkImport of contacts', () => {
	it('imports 2,000 contacts lexoffice→bexio keeping customer numbers, across continue-as-new, and a re-run writes nothing', async () => {
		const source = await fastTenant('lexoffice', 'lex-2000');
		const target = await fastTenant('bexio', 'bexio-2000');
		await seed('lexoffice', source.token, 'contacts', 2000);
		const taskQueue = uniqueQueue('import-l2b');
		const workers = await importWorkers(
			h.env,
			h.bundle,
			taskQueue,
			[source.connection, target.connection],
			h.store,
		);

		await runWorkersUntil(workers, async () => {
			const first = await runImport(taskQueue, source.ref, target.ref, 'first', {
				pageSize: 250,
				pagesPerRun: 3,
			});
			expect(first.result.stats).toEqual({
				processed: 2000,
				created: 2000,
				updated: 0,
				unchanged: 0,
				skipped: 0,
				failed: 0,
			});
			expect(first.result.failures).toEqual([]);

			const lex = await records<LexContact>('lexoffice', source.token, 'contacts');
			const bex = await records<BexioContact>('bexio', target.token, 'contacts');
			expect(bex).toHaveLength(2000);
			const numbers = bex.map((c) => c.nr);
			expect(new Set(numbers).size).toBe(2000);
			expect([...numbers].sort()).toEqual(lex.map((c) => String(c.roles.customer?.number)).sort());
			await checkHistory(
				h.env.client.workflow.getHandle(first.workflowId),
				'import-lexoffice-to-bexio-2000',
				[source.token, target.token],
			);

			// The same import again (same run key: the finished job's id is reused) finds everything linked.
			const before = await stats('bexio', target.token);
			const again = await runImport(taskQueue, source.ref, target.ref, 'first', { pageSize: 250 });
			expect(again.result.stats).toEqual({
				processed: 2000,
				created: 0,
				updated: 0,
				unchanged: 2000,
				skipped: 0,
				failed: 0,
			});
			expect(writes(await stats('bexio', target.token), 'bexio')).toBe(writes(before, 'bexio'));
			expect(await records('bexio', target.token, 'contacts')).toHaveLength(2000);
		});
	});

	it('imports 2,000 contacts bexio→lexoffice with an id marker in every note, and a re-run writes nothing', async () => {
		const source = await fastTenant('bexio', 'bexio-src-2000');
		const target = await fastTenant('lexoffice', 'lex-dst-2000');
		await seed('bexio', source.token, 'contacts', 2000);
		const taskQueue = uniqueQueue('import-b2l');
		const workers = await importWorkers(
			h.env,
			h.bundle,
			taskQueue,
			[source.connection, target.connection],
			h.store,
		);

		await runWorkersUntil(workers, async () => {
			const first = await runImport(taskQueue, source.ref, target.ref, 'first', { pageSize: 500 });
			expect(first.result.stats).toEqual({
				processed: 2000,
				created: 2000,
				updated: 0,
				unchanged: 0,
				skipped: 0,
				failed: 0,
			});

			const bex = await records<BexioContact>('bexio', source.token, 'contacts');
			const lex = await records<LexContact>('lexoffice', target.token, 'contacts');
			expect(lex).toHaveLength(2000);
			const markers = lex.map((c) => /\[bexio-contact:(\d+)\]/.exec(c.note ?? '')?.[1]);
			expect(new Set(markers).size).toBe(2000);
			expect(markers.map(Number).sort((a, b) => a - b)).toEqual(
				bex.map((c) => c.id).sort((a, b) => a - b),
			);
			await checkHistory(
				h.env.client.workflow.getHandle(first.workflowId),
				'import-bexio-to-lexoffice-2000',
				[source.token, target.token],
			);

			const before = await stats('lexoffice', target.token);
			const again = await runImport(taskQueue, source.ref, target.ref, 'second', { pageSize: 500 });
			expect(again.result.stats).toEqual({
				processed: 2000,
				created: 0,
				updated: 0,
				unchanged: 2000,
				skipped: 0,
				failed: 0,
			});
			expect(writes(await stats('lexoffice', target.token), 'lexoffice')).toBe(
				writes(before, 'lexoffice'),
			);
		});
	});

	it('a dry run writes nothing and reports the planned creates and updates', async () => {
		const source = await fastTenant('lexoffice', 'lex-dry');
		const target = await fastTenant('bexio', 'bexio-dry');
		await seed('lexoffice', source.token, 'contacts', 30);
		const taskQueue = uniqueQueue('import-dry');
		const workers = await importWorkers(
			h.env,
			h.bundle,
			taskQueue,
			[source.connection, target.connection],
			h.store,
		);

		await runWorkersUntil(workers, async () => {
			await runImport(taskQueue, source.ref, target.ref, 'initial', { pageSize: 25 });
			// 20 new contacts and one renamed one in the source since the import.
			const [renamed] = await records<LexContact>('lexoffice', source.token, 'contacts');
			await seed('lexoffice', source.token, 'contacts', 20, { namePrefix: 'Later' });
			const lexoffice = connectLexoffice({
				baseUrl: sandboxUrl('lexoffice'),
				apiKey: source.token,
				retry: false,
				rateLimit: source.connection.rateLimit,
			});
			const current = await lexoffice.call('contact.get', { path: { id: renamed.id } });
			const { id: _id, organizationId: _org, archived: _archived, ...body } = current;
			await lexoffice.call('contact.update', {
				path: { id: renamed.id },
				body: { ...body, company: { name: 'Renamed GmbH' } } as never,
			});

			const before = await stats('bexio', target.token);
			const dry = await runImport(taskQueue, source.ref, target.ref, 'dry', {
				pageSize: 25,
				dryRun: true,
			});
			expect(dry.result.dryRun).toBe(true);
			expect(dry.result.stats).toEqual({
				processed: 50,
				created: 20,
				updated: 1,
				unchanged: 29,
				skipped: 0,
				failed: 0,
			});
			expect(dry.result.planned.filter((p) => p.action === 'create')).toHaveLength(20);
			expect(
				dry.result.planned.filter((p) => p.action === 'update').map((p) => p.sourceId),
			).toEqual([renamed.id]);
			expect(writes(await stats('bexio', target.token), 'bexio')).toBe(writes(before, 'bexio'));
			expect(await records('bexio', target.token, 'contacts')).toHaveLength(30);
			const planned = dry.result.planned.find((p) => p.action === 'create')!;
			const scope = {
				kind: 'contacts',
				source: { system: 'lexoffice' as const, connection: 'lex-dry' },
				target: { system: 'bexio' as const, connection: 'bexio-dry' },
			};
			expect(await h.store.getLink(scope, planned.sourceId)).toBeUndefined();
			await checkHistory(h.env.client.workflow.getHandle(dry.workflowId), 'import-dry-run', [
				source.token,
				target.token,
			]);

			// The real run then does exactly what the dry run planned.
			const real = await runImport(taskQueue, source.ref, target.ref, 'real', { pageSize: 25 });
			expect(real.result.stats).toEqual({
				processed: 50,
				created: 20,
				updated: 1,
				unchanged: 29,
				skipped: 0,
				failed: 0,
			});
			const bex = await records<{ nr: string; name_1: string }>('bexio', target.token, 'contacts');
			expect(bex).toHaveLength(50);
			expect(bex.filter((c) => c.name_1 === 'Renamed GmbH')).toHaveLength(1);
		});
	});

	it('reports records the target refuses with the API message while the rest import, and writes all failures to a file', async () => {
		const source = await fastTenant('bexio', 'bexio-bad');
		const target = await fastTenant('lexoffice', 'lex-bad');
		await seed('bexio', source.token, 'contacts', 20);
		const bexio = connectBexio({
			baseUrl: sandboxUrl('bexio'),
			token: source.token,
			retry: false,
			rateLimit: source.connection.rateLimit,
		});
		// A country lexoffice does not know: lexoffice refuses the address (countrycode_is_not_valid).
		const nowhere = (await bexio.call('country.create', {
			body: { name: 'Nowhere', name_short: 'XX', iso3166_alpha2: 'XX' },
		})) as { id: number };
		const bad: string[] = [];
		for (let i = 0; i < 105; i++) {
			const c = (await bexio.call('contact.create', {
				body: {
					contact_type_id: 1,
					name_1: `Bad ${i}`,
					user_id: 1,
					owner_id: 1,
					city: 'X',
					country_id: nowhere.id,
				},
			})) as { id: number };
			bad.push(String(c.id));
		}
		const reportDir = join(h.dir, 'reports');
		const taskQueue = uniqueQueue('import-bad');
		const workers = await importWorkers(
			h.env,
			h.bundle,
			taskQueue,
			[source.connection, target.connection],
			h.store,
			reportDir,
		);

		await runWorkersUntil(workers, async () => {
			const { result, workflowId } = await runImport(taskQueue, source.ref, target.ref, 'bad', {
				pageSize: 50,
			});
			expect(result.stats).toEqual({
				processed: 125,
				created: 20,
				updated: 0,
				unchanged: 0,
				skipped: 0,
				failed: 105,
			});
			expect(result.failures).toHaveLength(100);
			expect(result.failures[0].sourceId).toBe(bad[0]);
			expect(result.failures[0].reason).toMatch(/countrycode_is_not_valid/);
			const lines = readFileSync(result.failuresFile!, 'utf8')
				.trim()
				.split('\n')
				.map((l) => JSON.parse(l) as { sourceId: string; reason: string });
			expect(lines.map((l) => l.sourceId)).toEqual(bad);
			expect(await records('lexoffice', target.token, 'contacts')).toHaveLength(20);
			await checkHistory(h.env.client.workflow.getHandle(workflowId), 'import-with-failures', [
				source.token,
				target.token,
			]);
		});
	});
});
