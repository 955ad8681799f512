import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import type { BexioNodeClient } from '../transport';

/** An operation with behaviour of its own: its fields replace the generated ones. */
export interface CustomOperation {
	description: INodeProperties[];
	execute(
		this: IExecuteFunctions,
		itemIndex: number,
		client: BexioNodeClient,
	): Promise<IDataObject | IDataObject[] | INodeExecutionData[]>;
}

/** Catalog operation id → its own file. Everything else runs through the generic catalog path. */
export const customOperations: Record<string, CustomOperation> = {};
