import type { Client } from '@temporalio/client';
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

/** One operation of the Jobs node: its fields (scoped by displayOptions) and what it does for one item (items with binary data where it returns files). */
export interface JobsOperation {
	description: INodeProperties[];
	execute(
		this: IExecuteFunctions,
		itemIndex: number,
		client: Client,
		taskQueue: string,
	): Promise<IDataObject | IDataObject[] | INodeExecutionData[]>;
}

/** Temporal results as plain n8n JSON (dates become ISO strings, undefined fields disappear). */
export const asData = (value: unknown) => JSON.parse(JSON.stringify(value)) as IDataObject;

export function readWorkflowId(this: IExecuteFunctions, i: number): string {
	return String(this.getNodeParameter('workflowId', i)).trim();
}

export function readScheduleId(this: IExecuteFunctions, i: number): string {
	return String(this.getNodeParameter('scheduleId', i)).trim();
}
