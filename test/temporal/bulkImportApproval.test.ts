import { connectBexio } from '../../clients/bexio';
import { approve, getProgress, importResult, reject, startImport } from '../../temporal/client';
import type { ImportProgress } from '../../temporal/shared';
import {
	fastTenant,
	importWorkers,
	runWorkersUntil,
	useImportHarness,
	waitFor,
} from '../helpers/imports';
import { records, seed, stats } from '../helpers/sandbox';
import { uniqueQueue } from '../helpers/temporal';

/**
 * Approval as a durable step of a bulk import: the job plans (a dry run), waits for Job → Approve with
 * the plan's hash, plans once more and writes only that plan. The sandbox's own request counts show that
 * nothing is written before the approval; a plan that changed while the job waited needs a new approval.
 */

const h = useImportHarness('approval');

/** Requests that change records in the lexoffice tenant, as the sandbox counts them. */
async function lexofficeWrites(token: string): Promise<number> {
	const s = await stats('lexoffice', token);
	return Object.entries(s.byRoute)
		.filter(([route]) => /^(POST|PUT|DELETE) /.test(route))
		.reduce((sum, [, byStatus]) => sum + Object.values(byStatus).reduce((a, b) => a + b, 0), 0);
}

const awaitingApproval = (workflowId: string, otherThan?: string) =>
	waitFor(async () => {
		const p = await getProgress(h.env.client, workflowId);
		return p.phase === 'awaitingApproval' && p.approval?.planHash !== otherThan ? p : undefined;
	}, 'the job to await approval');

describe('bulkImport with approval', () => {
	it('writes nothing before Approve, refuses a wrong hash, asks again when the plan changed while waiting, then writes exactly the approved plan; a plan without writes ends without asking; Reject ends without writes', async () => {
		const source = await fastTenant('bexio', 'bexio-approval');
		const target = await fastTenant('lexoffice', 'lex-approval');
		await seed('bexio', source.token, 'contacts', 30);
		const taskQueue = uniqueQueue('approval');
		const workers = await importWorkers(
			h.env,
			h.bundle,
			taskQueue,
			[source.connection, target.connection],
			h.store,
		);
		const start = (runKey: string) =>
			startImport(h.env.client, {
				kind: 'contacts',
				source: source.ref,
				target: target.ref,
				runKey,
				taskQueue,
				pageSize: 10,
				approval: true,
			});

		await runWorkersUntil(workers, async () => {
			const { workflowId } = await start('approved');
			const first: ImportProgress = await awaitingApproval(workflowId);
			expect(first.approval).toMatchObject({
				planHash: expect.stringMatching(/^[0-9a-f]{16}$/),
				planStats: { processed: 30, created: 30, failed: 0 },
			});
			expect(first.approval!.planned).toHaveLength(30);
			expect(await lexofficeWrites(target.token)).toBe(0);

			await expect(approve(h.env.client, workflowId, 'ffffffffffffffff')).rejects.toMatchObject({
				cause: { message: expect.stringMatching(/approve its hash/) },
			});

			// The source changes while the job waits: the approved plan is no longer what would be written.
			const bexio = connectBexio({ baseUrl: source.connection.baseUrl, token: source.token });
			await bexio.call('contact.create', {
				body: { contact_type_id: 1, name_1: 'Neu während der Freigabe', user_id: 1, owner_id: 1 },
			});
			await approve(h.env.client, workflowId, first.approval!.planHash!);
			const second = await awaitingApproval(workflowId, first.approval!.planHash);
			expect(second.approval).toMatchObject({
				approvedHash: first.approval!.planHash,
				planStats: { processed: 31, created: 31 },
			});
			expect(await lexofficeWrites(target.token)).toBe(0);

			await approve(h.env.client, workflowId, second.approval!.planHash!);
			const done = await importResult(h.env.client, workflowId);
			expect(done.approval).toEqual({ status: 'approved', planHash: second.approval!.planHash });
			expect(done.stats).toMatchObject({ processed: 31, created: 31, failed: 0 });
			expect(await records('lexoffice', target.token, 'contacts')).toHaveLength(31);

			// Nothing new: the plan writes nothing, so the job ends after it without asking.
			const unchangedWrites = await lexofficeWrites(target.token);
			const idle = await importResult(h.env.client, (await start('nothing-new')).workflowId);
			expect(idle.approval).toEqual({
				status: 'notNeeded',
				planHash: expect.stringMatching(/^[0-9a-f]{16}$/),
				reason: 'the plan writes nothing (no create, no update): nothing to approve',
			});
			expect(idle.stats).toMatchObject({ processed: 31, created: 0, updated: 0, unchanged: 31 });
			expect(await lexofficeWrites(target.token)).toBe(unchangedWrites);

			// A job whose plan is rejected ends without writing.
			await bexio.call('contact.create', {
				body: { contact_type_id: 1, name_1: 'Noch nicht freigegeben', user_id: 1, owner_id: 1 },
			});
			const before = await lexofficeWrites(target.token);
			const other = await start('rejected');
			await awaitingApproval(other.workflowId);
			await reject(h.env.client, other.workflowId, 'not this month');
			const rejected = await importResult(h.env.client, other.workflowId);
			expect(rejected.approval).toMatchObject({ status: 'rejected', reason: 'not this month' });
			expect(await lexofficeWrites(target.token)).toBe(before);
			await expect(reject(h.env.client, workflowId, 'too late')).rejects.toBeDefined();
		});
	});
});
