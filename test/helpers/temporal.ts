import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';

/** Connects to the dev server that globalSetup started. */
export async function connectTestServer(): Promise<TestWorkflowEnvironment> {
	const address = process.env.TEMPORAL_TEST_ADDRESS;
	if (!address)
		throw new Error(
			'TEMPORAL_TEST_ADDRESS missing: run the tests through jest (globalSetup starts the server)',
		);
	return TestWorkflowEnvironment.createFromExistingServer({ address });
}

/** Bundles the real workflow code once per test file, as the production worker would. */
export function bundleWorkflows(): Promise<WorkflowBundleWithSourceMap> {
	return bundleWorkflowCode({
		workflowsPath: require.resolve('../../temporal/workflows'),
		logger: quietLogger,
	});
}

export const uniqueQueue = (name: string): string => `test-${name}-${randomUUID()}`;

const noop = (): void => undefined;
const quietLogger = { trace: noop, debug: noop, info: noop, warn: noop, error: noop, log: noop };
