import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

import { router } from './actions/router';
import { versionDescription } from './actions/versionDescription';
import { methods } from './methods';

export class Lexoffice implements INodeType {
	description: INodeTypeDescription = versionDescription;

	methods = methods;

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [await router.call(this, { continueOnFail: this.continueOnFail() })];
	}
}
