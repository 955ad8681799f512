import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { toNodeError } from './errors';

/** One operation applied to one item; returns the plain API result (or items with binary data). */
export type ItemOperation = (
	itemIndex: number,
) => Promise<IDataObject | IDataObject[] | INodeExecutionData[]>;

/**
 * The item loop, once for every node: each input item runs on its own, errors become n8n errors with
 * the item index, `continueOnFail` turns them into error items, and every output item carries
 * `pairedItem`. Nothing is dropped silently.
 */
export async function runPerItem(
	this: IExecuteFunctions,
	operation: ItemOperation,
	options: { continueOnFail: boolean },
): Promise<INodeExecutionData[]> {
	const items = this.getInputData();
	const output: INodeExecutionData[] = [];
	const errorOutput = this.getNode().onError === 'continueErrorOutput';
	for (let i = 0; i < items.length; i++) {
		try {
			const result = await operation(i);
			output.push(...toExecutionData.call(this, result, i));
		} catch (error) {
			const nodeError = toNodeError(this.getNode(), error, i);
			if (!options.continueOnFail) throw nodeError;
			output.push({
				json: {
					error: nodeError.message,
					description: nodeError.description ?? undefined,
					httpCode: 'httpCode' in nodeError ? nodeError.httpCode : undefined,
				},
				// n8n's "Continue (using error output)" routes by `error` on the item (and then keeps only the
				// message in the json); "Continue" keeps the description and HTTP code in the json.
				...(errorOutput ? { error: nodeError } : {}),
				pairedItem: { item: i },
			});
		}
	}
	return output;
}

function toExecutionData(
	this: IExecuteFunctions,
	result: IDataObject | IDataObject[] | INodeExecutionData[],
	itemIndex: number,
): INodeExecutionData[] {
	if (Array.isArray(result) && result.length > 0 && isExecutionData(result[0])) {
		return (result as INodeExecutionData[]).map((item) => ({
			...item,
			pairedItem: { item: itemIndex },
		}));
	}
	return this.helpers.constructExecutionMetaData(
		this.helpers.returnJsonArray(result as IDataObject | IDataObject[]),
		{
			itemData: { item: itemIndex },
		},
	);
}

function isExecutionData(value: unknown): value is INodeExecutionData {
	return (
		typeof value === 'object' &&
		value !== null &&
		'json' in value &&
		typeof (value as { json: unknown }).json === 'object'
	);
}
