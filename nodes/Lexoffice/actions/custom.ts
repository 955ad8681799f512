import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import type { LexofficeNodeClient } from '../transport';
import { createSalesVoucherOperation } from './salesVoucher/create.operation';

/** An operation with behaviour of its own: its fields replace the generated ones. */
export interface CustomOperation {
	description: INodeProperties[];
	execute(
		this: IExecuteFunctions,
		itemIndex: number,
		client: LexofficeNodeClient,
	): Promise<IDataObject | IDataObject[] | INodeExecutionData[]>;
}

/** Catalog operation id → its own file. Everything else runs through the generic catalog path. */
export const customOperations: Record<string, CustomOperation> = {
	'invoice.create': createSalesVoucherOperation('invoice'),
	'creditNote.create': createSalesVoucherOperation('creditNote'),
	'quotation.create': createSalesVoucherOperation('quotation'),
	'orderConfirmation.create': createSalesVoucherOperation('orderConfirmation'),
	'deliveryNote.create': createSalesVoucherOperation('deliveryNote'),
	'dunning.create': createSalesVoucherOperation('dunning'),
};
