import { NativeConnection, Worker } from '@temporalio/worker';

import { createActivities } from './activities';
import { connectionsFromEnv } from './connections';
import { TASK_QUEUE } from './shared';

/**
 * Connection settings from the environment: `TEMPORAL_ADDRESS` (default localhost:7233),
 * `TEMPORAL_NAMESPACE` (default `default`), `TEMPORAL_API_KEY` (Temporal Cloud) and `TEMPORAL_TLS=true`.
 */
export function temporalConnectionOptions(env: NodeJS.ProcessEnv = process.env) {
	const apiKey = env.TEMPORAL_API_KEY || undefined;
	return {
		address: env.TEMPORAL_ADDRESS ?? 'localhost:7233',
		namespace: env.TEMPORAL_NAMESPACE ?? 'default',
		tls: env.TEMPORAL_TLS === 'true' || apiKey !== undefined ? {} : undefined,
		apiKey,
	};
}

/** Runs the worker until SIGINT/SIGTERM; in-flight activities finish or are cancelled cleanly. */
export async function runWorker(env: NodeJS.ProcessEnv = process.env): Promise<void> {
	const { address, namespace, tls, apiKey } = temporalConnectionOptions(env);
	const connection = await NativeConnection.connect({ address, tls, apiKey });
	try {
		const worker = await Worker.create({
			connection,
			namespace,
			taskQueue: TASK_QUEUE,
			workflowsPath: require.resolve('./workflows'),
			activities: createActivities({ connections: connectionsFromEnv(env) }),
		});
		await worker.run();
	} finally {
		await connection.close();
	}
}

if (require.main === module) {
	runWorker().catch((error: unknown) => {
		process.stderr.write(`worker failed: ${error instanceof Error ? error.message : String(error)}\n`);
		process.exit(1);
	});
}
