import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { router } from './actions/router';
import { versionDescription } from './actions/versionDescription';
import { searchArticles, searchContacts, searchInvoices } from './methods/listSearch';

export class Lexoffice implements INodeType {
	description: INodeTypeDescription = versionDescription;

	methods = { listSearch: { searchContacts, searchArticles, searchInvoices } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [await router.call(this, { continueOnFail: this.continueOnFail() })];
	}
}
