import type { Client } from '@temporalio/client';
import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { listWorkerConnections } from '../../../temporal/client';
import type { SystemName } from '../../../temporal/shared';
import { connectFromCredential, readTemporalCredential } from '../transport';

/**
 * Asks the worker of the node's Temporal credential (a dropdown's source: only the worker holds the
 * connections and their tokens), on a client closed again afterwards.
 */
export async function askWorker<T>(
	context: ILoadOptionsFunctions,
	ask: (client: Client, taskQueue: string) => Promise<T>,
): Promise<T> {
	const credential = readTemporalCredential(await context.getCredentials('temporalApi'));
	const client = await connectFromCredential(credential);
	try {
		return await ask(client, credential.taskQueue);
	} finally {
		await client.connection.close();
	}
}

/**
 * The worker's connections as dropdown options, for one system. Empty means the `<system>-default`
 * connection, as in the job input.
 */
async function connectionOptions(
	this: ILoadOptionsFunctions,
	system: SystemName,
): Promise<INodePropertyOptions[]> {
	const connections = await askWorker(this, listWorkerConnections);
	return connections
		.filter((c) => c.system === system)
		.map((c) => ({ name: c.id, value: c.id, description: c.baseUrl }));
}

/** The system a field's connection belongs to, from the node's Direction (source: from, target: to). */
function directionSystem(this: ILoadOptionsFunctions, end: 'source' | 'target'): SystemName {
	const direction = this.getCurrentNodeParameter('direction') as string | undefined;
	const from: SystemName = direction === 'lexofficeToBexio' ? 'lexoffice' : 'bexio';
	const to: SystemName = from === 'bexio' ? 'lexoffice' : 'bexio';
	return end === 'source' ? from : to;
}

export const loadConnectionOptions = {
	async getSourceConnections(this: ILoadOptionsFunctions) {
		return connectionOptions.call(this, directionSystem.call(this, 'source'));
	},
	async getTargetConnections(this: ILoadOptionsFunctions) {
		return connectionOptions.call(this, directionSystem.call(this, 'target'));
	},
	async getBexioConnections(this: ILoadOptionsFunctions) {
		return connectionOptions.call(this, 'bexio');
	},
	async getLexofficeConnections(this: ILoadOptionsFunctions) {
		return connectionOptions.call(this, 'lexoffice');
	},
};
