import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { HISTORY_DIR } from '../helpers/imports';
import { bundleWorkflows } from '../helpers/temporal';

/**
 * Replays the committed histories (test/temporal/histories/*.json) against the current workflow code:
 * a change that would break running imports fails here. To re-record on purpose (together with a
 * `patched()` branch for the running ones): `BLX_RECORD_HISTORIES=1 node scripts/test.js test/temporal`.
 */
describe('recorded workflow histories', () => {
	it('replay deterministically with the current workflow code', async () => {
		const files = readdirSync(HISTORY_DIR).filter((f) => f.endsWith('.json'));
		expect(files.length).toBeGreaterThanOrEqual(4);
		const histories = files.map((f) => {
			const { workflowId, history } = JSON.parse(readFileSync(join(HISTORY_DIR, f), 'utf8')) as {
				workflowId: string;
				history: object;
			};
			return { workflowId, history: temporal.api.history.v1.History.fromObject(history) };
		});
		const bundle = await bundleWorkflows();
		const failures: string[] = [];
		let replayed = 0;
		for await (const result of Worker.runReplayHistories({ workflowBundle: bundle }, histories)) {
			replayed += 1;
			if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
		}
		expect(failures).toEqual([]);
		expect(replayed).toBe(files.length);
	});
});
