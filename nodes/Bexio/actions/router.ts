import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import type { Catalog } from '../../../clients/catalog';
import type { ApiClient } from '../../../clients/http/executor';
import { executeCatalogOperation } from '../../shared/catalogExecute';
import { runPerItem } from '../../shared/runPerItem';
import { bexioClient } from '../transport';
import { customOperations } from './custom';
import { bexioUi } from './ui';

/** The only dispatcher of the Bexio node: resource + operation → catalog entry or custom file. */
export async function router(
	this: IExecuteFunctions,
	options: { continueOnFail: boolean },
): Promise<INodeExecutionData[]> {
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const opId = `${resource}.${operation}`;
	if (!(opId in bexioUi.catalog)) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operation}" of resource "${resource}" is not supported`,
			{
				description:
					'Pick a resource and operation from the lists; this combination does not exist in the bexio API.',
			},
		);
	}
	const client = await bexioClient.call(this);
	const custom = customOperations[opId];
	return runPerItem.call(
		this,
		(i) =>
			custom
				? custom.execute.call(this, i, client)
				: executeCatalogOperation.call(
						this,
						i,
						client as unknown as ApiClient<Catalog>,
						bexioUi,
						opId,
					),
		options,
	);
}
