import type { CommitEntry, Endpoint, LinkScope, LinkStore } from '../../temporal/store';

/**
 * How a contract run reaches its implementation: a fresh, empty location per test (a file, a schema) and
 * a store opened on a location. Two stores opened on one location share their data, as two worker
 * processes do.
 */
export interface LinkStoreFactory {
	newLocation(): Promise<string> | string;
	open(location: string): LinkStore;
}

const lexoffice: Endpoint = { system: 'lexoffice', connection: 'lx-main' };
const bexio: Endpoint = { system: 'bexio', connection: 'bx-main' };
const bexioOther: Endpoint = { system: 'bexio', connection: 'bx-other' };
const contacts: LinkScope = { kind: 'contact', source: lexoffice, target: bexio };

const entry = (
	sourceId: string,
	targetId: string,
	extra: Partial<CommitEntry> = {},
): CommitEntry => ({
	jobId: 'job-1',
	sourceId,
	targetId,
	contentHash: `hash-${sourceId}`,
	keys: [],
	outcome: 'created',
	...extra,
});

/**
 * The behaviour every LinkStore shares (linkStore.ts), written once and run against each implementation:
 * links, target keys, ambiguous keys, dropTarget, intents, the atomic commit, outcomes with their counts
 * and failure order, forgetJob, watermarks, and writers in two stores at once.
 */
export function describeLinkStoreContract(name: string, factory: () => LinkStoreFactory): void {
	describe(`${name}: LinkStore contract`, () => {
		let location: string;
		let store: LinkStore;
		const opened: LinkStore[] = [];
		const open = (): LinkStore => {
			const s = factory().open(location);
			opened.push(s);
			return s;
		};

		beforeEach(async () => {
			location = await factory().newLocation();
			store = open();
		});

		afterEach(async () => {
			await Promise.all(opened.splice(0).map((s) => s.close()));
		});

		test('a commit writes the link with its content hash, per kind, source and target account', async () => {
			expect(await store.getLink(contacts, 'c1')).toBeUndefined();
			const before = Date.now();
			await store.commit(contacts, entry('c1', '101', { contentHash: 'h1' }));
			const link = await store.getLink(contacts, 'c1');
			expect(link).toEqual({
				sourceId: 'c1',
				targetId: '101',
				contentHash: 'h1',
				updatedAt: expect.any(Number),
			});
			expect(link!.updatedAt).toBeGreaterThanOrEqual(before);
			expect(link!.updatedAt).toBeLessThanOrEqual(Date.now());

			expect(await store.getLink({ ...contacts, kind: 'article' }, 'c1')).toBeUndefined();
			expect(await store.getLink({ ...contacts, target: bexioOther }, 'c1')).toBeUndefined();
			expect(
				await store.getLink(
					{ ...contacts, source: { system: 'lexoffice', connection: 'lx-2' } },
					'c1',
				),
			).toBeUndefined();

			await store.commit(contacts, entry('c1', '102', { contentHash: 'h2', outcome: 'updated' }));
			expect(await store.getLink(contacts, 'c1')).toMatchObject({
				targetId: '102',
				contentHash: 'h2',
			});
			expect(await store.getOutcome('job-1', 'c1')).toEqual({
				outcome: 'updated',
				targetId: '102',
			});
			expect(await store.outcomeCounts('job-1')).toEqual({
				created: 0,
				updated: 1,
				unchanged: 0,
				skipped: 0,
				failed: 0,
			});
		});

		test('target keys: found after a commit, replaced per record, ambiguous when two records hold one key', async () => {
			await store.commit(contacts, entry('c1', '101', { keys: ['nr:1', 'mail:a@x.ch', 'nr:1'] }));
			expect(await store.findTargets(bexio, 'contact', 'nr:1')).toEqual(['101']);
			expect(await store.findTargets(bexio, 'contact', 'mail:a@x.ch')).toEqual(['101']);
			expect(await store.findTargets(bexio, 'article', 'nr:1')).toEqual([]);
			expect(await store.findTargets(bexioOther, 'contact', 'nr:1')).toEqual([]);

			// A commit adds keys; it does not remove the record's other keys.
			await store.commit(contacts, entry('c1', '101', { keys: ['nr:1b'], outcome: 'updated' }));
			expect(await store.findTargets(bexio, 'contact', 'mail:a@x.ch')).toEqual(['101']);

			await store.replaceTargetKeys(bexio, 'contact', [
				{ targetId: '101', keys: ['nr:2'] },
				{ targetId: '99', keys: ['nr:2', 'mail:b@x.ch'] },
				{ targetId: '100', keys: [] },
			]);
			expect(await store.findTargets(bexio, 'contact', 'nr:1')).toEqual([]);
			expect(await store.findTargets(bexio, 'contact', 'mail:a@x.ch')).toEqual([]);
			expect(await store.findTargets(bexio, 'contact', 'nr:2')).toEqual(['101', '99']);
			expect(await store.findTargets(bexio, 'contact', 'mail:b@x.ch')).toEqual(['99']);
			// Replacing keys leaves links alone.
			expect(await store.getLink(contacts, 'c1')).toMatchObject({ targetId: '101' });

			await store.replaceTargetKeys(bexio, 'contact', []);
			expect(await store.findTargets(bexio, 'contact', 'nr:2')).toEqual(['101', '99']);
		});

		test('dropTarget forgets a record: its keys and every link to it, nothing else', async () => {
			await store.commit(contacts, entry('c1', '101', { keys: ['nr:1'] }));
			await store.commit(contacts, entry('c2', '101', { keys: ['nr:1b'] }));
			await store.commit(contacts, entry('c3', '103', { keys: ['nr:3'] }));
			await store.commit(
				{ ...contacts, target: bexioOther },
				entry('c1', '101', { keys: ['nr:1'] }),
			);
			await store.commit({ ...contacts, kind: 'article' }, entry('c1', '101', { keys: ['nr:1'] }));

			await store.dropTarget(bexio, 'contact', '101');
			expect(await store.getLink(contacts, 'c1')).toBeUndefined();
			expect(await store.getLink(contacts, 'c2')).toBeUndefined();
			expect(await store.findTargets(bexio, 'contact', 'nr:1')).toEqual([]);
			expect(await store.findTargets(bexio, 'contact', 'nr:1b')).toEqual([]);
			expect(await store.getLink(contacts, 'c3')).toMatchObject({ targetId: '103' });
			expect(await store.findTargets(bexio, 'contact', 'nr:3')).toEqual(['103']);
			expect(await store.getLink({ ...contacts, target: bexioOther }, 'c1')).toMatchObject({
				targetId: '101',
			});
			expect(await store.findTargets(bexioOther, 'contact', 'nr:1')).toEqual(['101']);
			expect(await store.getLink({ ...contacts, kind: 'article' }, 'c1')).toMatchObject({
				targetId: '101',
			});
			// Outcomes are history: they stay.
			expect(await store.getOutcome('job-1', 'c1')).toEqual({
				outcome: 'created',
				targetId: '101',
			});
		});

		test('intents: the latest per record, cleared by its commit', async () => {
			expect(await store.getIntent(contacts, 'c1')).toBeUndefined();
			const before = Date.now();
			await store.recordIntent(contacts, 'c1', { jobId: 'job-1', keys: ['nr:1', 'mail:a@x.ch'] });
			const intent = await store.getIntent(contacts, 'c1');
			expect(intent).toEqual({
				jobId: 'job-1',
				keys: ['nr:1', 'mail:a@x.ch'],
				createdAt: expect.any(Number),
			});
			expect(intent!.createdAt).toBeGreaterThanOrEqual(before);

			await store.recordIntent(contacts, 'c1', { jobId: 'job-2', keys: [] });
			expect(await store.getIntent(contacts, 'c1')).toMatchObject({ jobId: 'job-2', keys: [] });
			expect(await store.getIntent({ ...contacts, target: bexioOther }, 'c1')).toBeUndefined();
			await store.recordIntent(contacts, 'c2', { jobId: 'job-2', keys: ['nr:2'] });

			await store.commit(contacts, entry('c1', '101', { jobId: 'job-2' }));
			expect(await store.getIntent(contacts, 'c1')).toBeUndefined();
			expect(await store.getIntent(contacts, 'c2')).toMatchObject({
				jobId: 'job-2',
				keys: ['nr:2'],
			});
		});

		test('a commit is atomic: when one part fails, none of it is kept', async () => {
			await store.recordIntent(contacts, 'c1', { jobId: 'job-1', keys: ['nr:1'] });
			// No job id: the outcome, written last (after the link, the keys and the intent), violates NOT NULL.
			const noJob = null as unknown as string;
			await expect(
				store.commit(contacts, entry('c1', '101', { keys: ['nr:1'], jobId: noJob })),
			).rejects.toThrow();
			expect(await store.getLink(contacts, 'c1')).toBeUndefined();
			expect(await store.findTargets(bexio, 'contact', 'nr:1')).toEqual([]);
			expect(await store.getIntent(contacts, 'c1')).toMatchObject({ jobId: 'job-1' });
			expect(await store.getOutcome('job-1', 'c1')).toBeUndefined();

			// The store is still usable, and an update that fails leaves the previous link as it was.
			await store.commit(contacts, entry('c1', '101', { keys: ['nr:1'], contentHash: 'h1' }));
			await expect(
				store.commit(
					contacts,
					entry('c1', '102', {
						keys: ['nr:2'],
						contentHash: 'h2',
						outcome: 'updated',
						jobId: noJob,
					}),
				),
			).rejects.toThrow();
			expect(await store.getLink(contacts, 'c1')).toMatchObject({
				targetId: '101',
				contentHash: 'h1',
			});
			expect(await store.findTargets(bexio, 'contact', 'nr:2')).toEqual([]);
			expect(await store.getOutcome('job-1', 'c1')).toEqual({
				outcome: 'created',
				targetId: '101',
			});
		});

		test('outcomes: one per record and job, exact counts, failures in the order they happened', async () => {
			await store.recordOutcome('job-1', 's-3', {
				outcome: 'failed',
				reason: 'bexio 422: name missing',
			});
			await store.commit(contacts, entry('s-0', '100'));
			await store.recordOutcome('job-1', 's-1', { outcome: 'failed', reason: 'timeout' });
			await store.recordOutcome('job-1', 's-9', { outcome: 'skipped', reason: 'archived' });
			await store.recordOutcome('job-1', 's-2', { outcome: 'failed' });
			await store.commit(contacts, entry('s-4', '104', { outcome: 'unchanged' }));
			await store.recordOutcome('job-2', 's-1', { outcome: 'failed', reason: 'other job' });

			expect(await store.failures('job-1')).toEqual([
				{ sourceId: 's-3', reason: 'bexio 422: name missing' },
				{ sourceId: 's-1', reason: 'timeout' },
				{ sourceId: 's-2', reason: '' },
			]);
			expect(await store.outcomeCounts('job-1')).toEqual({
				created: 1,
				updated: 0,
				unchanged: 1,
				skipped: 1,
				failed: 3,
			});
			expect(await store.getOutcome('job-1', 's-9')).toEqual({
				outcome: 'skipped',
				reason: 'archived',
			});
			expect(await store.getOutcome('job-1', 's-2')).toEqual({ outcome: 'failed' });
			expect(await store.getOutcome('job-1', 'nope')).toBeUndefined();
			expect(await store.outcomeCounts('job-3')).toEqual({
				created: 0,
				updated: 0,
				unchanged: 0,
				skipped: 0,
				failed: 0,
			});
			expect(await store.failures('job-3')).toEqual([]);

			// A record that fails again keeps its place; one that succeeds on a retry leaves the failures.
			await store.recordOutcome('job-1', 's-3', { outcome: 'failed', reason: 'still 422' });
			await store.commit(contacts, entry('s-1', '101'));
			expect(await store.failures('job-1')).toEqual([
				{ sourceId: 's-3', reason: 'still 422' },
				{ sourceId: 's-2', reason: '' },
			]);
			expect(await store.outcomeCounts('job-1')).toEqual({
				created: 2,
				updated: 0,
				unchanged: 1,
				skipped: 1,
				failed: 2,
			});
			expect(await store.getOutcome('job-1', 's-1')).toEqual({
				outcome: 'created',
				targetId: '101',
			});
			expect(await store.failures('job-2')).toEqual([{ sourceId: 's-1', reason: 'other job' }]);
		});

		test("forgetJob drops the job's outcomes and those older than the given age, not links", async () => {
			const realNow = Date.now;
			const old = realNow() - 3_600_000;
			const spy = jest.spyOn(Date, 'now').mockImplementation(() => old);
			try {
				await store.recordOutcome('job-old', 's-1', { outcome: 'failed', reason: 'x' });
				await store.commit(contacts, entry('s-2', '102', { jobId: 'job-old' }));
			} finally {
				spy.mockRestore();
			}
			await store.commit(contacts, entry('s-1', '101', { jobId: 'job-1' }));
			await store.recordOutcome('job-2', 's-1', { outcome: 'skipped' });

			await store.forgetJob('job-1');
			expect(await store.getOutcome('job-1', 's-1')).toBeUndefined();
			expect(await store.outcomeCounts('job-1')).toEqual({
				created: 0,
				updated: 0,
				unchanged: 0,
				skipped: 0,
				failed: 0,
			});
			expect(await store.getOutcome('job-old', 's-1')).toEqual({ outcome: 'failed', reason: 'x' });
			expect(await store.getOutcome('job-2', 's-1')).toEqual({ outcome: 'skipped' });
			expect(await store.getLink(contacts, 's-1')).toMatchObject({ targetId: '101' });

			await store.forgetJob('job-1', 60_000);
			expect(await store.outcomeCounts('job-old')).toEqual({
				created: 0,
				updated: 0,
				unchanged: 0,
				skipped: 0,
				failed: 0,
			});
			expect(await store.failures('job-old')).toEqual([]);
			expect(await store.getOutcome('job-2', 's-1')).toEqual({ outcome: 'skipped' });
			expect(await store.getLink(contacts, 's-2')).toMatchObject({ targetId: '102' });
		});

		test('watermarks: named values, overwritten', async () => {
			expect(await store.getWatermark('invoices:lx-main')).toBeUndefined();
			await store.setWatermark('invoices:lx-main', '2026-01-01T00:00:00.000Z');
			await store.setWatermark('invoices:lx-2', 'a');
			await store.setWatermark('invoices:lx-main', '2026-02-01T00:00:00.000Z');
			expect(await store.getWatermark('invoices:lx-main')).toBe('2026-02-01T00:00:00.000Z');
			expect(await store.getWatermark('invoices:lx-2')).toBe('a');
		});

		test('a second store on the same location sees everything the first wrote', async () => {
			await store.commit(contacts, entry('c1', '101', { keys: ['nr:1'] }));
			await store.recordIntent(contacts, 'c2', { jobId: 'job-1', keys: ['nr:2'] });
			await store.recordOutcome('job-1', 'c3', { outcome: 'failed', reason: 'r' });
			await store.setWatermark('w', 'v');
			await store.close();
			opened.splice(opened.indexOf(store), 1);

			const again = open();
			expect(await again.getLink(contacts, 'c1')).toMatchObject({ targetId: '101' });
			expect(await again.findTargets(bexio, 'contact', 'nr:1')).toEqual(['101']);
			expect(await again.getIntent(contacts, 'c2')).toMatchObject({
				jobId: 'job-1',
				keys: ['nr:2'],
			});
			expect(await again.failures('job-1')).toEqual([{ sourceId: 'c3', reason: 'r' }]);
			expect(await again.getWatermark('w')).toBe('v');
		});

		test('two stores committing the same records at once: one link and one outcome per record, exact counts', async () => {
			const other = open();
			const records = Array.from({ length: 40 }, (_, i) => `r-${i}`);
			const run = (s: LinkStore, worker: string) =>
				Promise.all(
					records.map(async (id, i) => {
						await s.recordIntent(contacts, id, { jobId: 'job-c', keys: [`nr:${i}`] });
						await s.commit(
							contacts,
							entry(id, `t-${i}`, {
								jobId: 'job-c',
								keys: [`nr:${i}`, `shared:${i % 3}`, `w:${worker}`],
								contentHash: worker,
							}),
						);
					}),
				);
			await Promise.all([run(store, 'a'), run(other, 'b')]);

			expect(await store.outcomeCounts('job-c')).toEqual({
				created: records.length,
				updated: 0,
				unchanged: 0,
				skipped: 0,
				failed: 0,
			});
			for (const [i, id] of records.entries()) {
				const link = await other.getLink(contacts, id);
				expect(link).toMatchObject({ targetId: `t-${i}` });
				expect(['a', 'b']).toContain(link!.contentHash);
				expect(await store.getIntent(contacts, id)).toBeUndefined();
				expect(await store.findTargets(bexio, 'contact', `nr:${i}`)).toEqual([`t-${i}`]);
			}
			expect(await store.findTargets(bexio, 'contact', 'shared:0')).toHaveLength(14);
		});

		test("two stores replacing the keys of the same records at once: each record ends with one writer's keys, never a mix", async () => {
			const other = open();
			const ids = Array.from({ length: 20 }, (_, i) => `t-${i}`);
			const page = (worker: string, order: string[]) =>
				order.map((targetId) => ({
					targetId,
					keys: [`${worker}:${targetId}:1`, `${worker}:${targetId}:2`],
				}));
			const rounds = Array.from({ length: 10 }, (_, round) => [
				store.replaceTargetKeys(bexio, 'contact', page('a', round % 2 ? [...ids].reverse() : ids)),
				other.replaceTargetKeys(bexio, 'contact', page('b', round % 2 ? ids : [...ids].reverse())),
				store.commit(contacts, entry(`c-${round}`, ids[round], { keys: [`c:${ids[round]}`] })),
			]);
			await Promise.all(rounds.flat());

			for (const id of ids) {
				const a =
					(await store.findTargets(bexio, 'contact', `a:${id}:1`)).length +
					(await store.findTargets(bexio, 'contact', `a:${id}:2`)).length;
				const b =
					(await store.findTargets(bexio, 'contact', `b:${id}:1`)).length +
					(await store.findTargets(bexio, 'contact', `b:${id}:2`)).length;
				expect([a, b].sort()).toEqual([0, 2]);
			}
		});
	});
}
