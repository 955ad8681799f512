import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';

import { createActivities } from '../../temporal/activities';
import { staticConnections } from '../../temporal/connections';
import type { SystemName } from '../../temporal/shared';
import { listContacts } from '../../temporal/workflows';
import { newTenant, records, sandboxUrl, seed } from '../helpers/sandbox';
import { bundleWorkflows, connectTestServer, uniqueQueue } from '../helpers/temporal';

let env: TestWorkflowEnvironment;
let bundle: WorkflowBundleWithSourceMap;

beforeAll(async () => {
	env = await connectTestServer();
	bundle = await bundleWorkflows();
});

afterAll(async () => {
	await env?.teardown();
});

describe.each<[SystemName, number]>([
	['lexoffice', 30],
	['bexio', 7],
])('listContacts workflow against the %s sandbox', (system, pageSize) => {
	it('reads every contact exactly once through the standalone adapter, and history holds no token', async () => {
		const token = await newTenant(system, { disabled: true });
		await seed(system, token, 'contacts', 95);
		const connections = staticConnections([{ id: 'smoke', system, baseUrl: sandboxUrl(system), token }]);
		const taskQueue = uniqueQueue(`list-${system}`);
		const worker = await Worker.create({
			connection: env.nativeConnection,
			taskQueue,
			workflowBundle: bundle,
			activities: createActivities({ connections }),
		});

		const handle = await env.client.workflow.start(listContacts, {
			args: [{ connection: { system, id: 'smoke' }, pageSize }],
			taskQueue,
			workflowId: `smoke-${taskQueue}`,
		});
		const result = await worker.runUntil(handle.result());

		const stored = await records<{ id: string | number }>(system, token, 'contacts');
		expect(stored).toHaveLength(95);
		expect(result.contacts).toBe(95);
		expect(new Set(result.ids).size).toBe(95);
		expect([...result.ids].sort()).toEqual(stored.map((c) => String(c.id)).sort());
		expect(result.pages).toBe(Math.ceil(95 / pageSize));

		const history = JSON.stringify((await handle.fetchHistory()).events);
		expect(history).not.toContain(token);
	});
});
