import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { listWorkerConnections } from '../../../temporal/client';
import type { SystemName } from '../../../temporal/shared';
import { connectFromCredential, readTemporalCredential } from '../transport';

/**
 * The worker's connections as dropdown options: asked from the worker through Temporal (only it holds
 * them), for one system. Empty means the `<system>-default` connection, as in the job input.
 */
async function connectionOptions(
	this: ILoadOptionsFunctions,
	system: SystemName,
): Promise<INodePropertyOptions[]> {
	const credential = readTemporalCredential(await this.getCredentials('temporalApi'));
	const client = await connectFromCredential(credential);
	try {
		const connections = await listWorkerConnections(client, credential.taskQueue);
		return connections
			.filter((c) => c.system === system)
			.map((c) => ({ name: c.id, value: c.id, description: c.baseUrl }));
	} finally {
		await client.connection.close();
	}
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
