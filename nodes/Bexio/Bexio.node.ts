import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { router } from './actions/router';
import { versionDescription } from './actions/versionDescription';
import { getBusinessActivities, getProjectStatuses, getProjectTypes } from './methods/loadOptions';
import { searchArticles, searchContacts, searchInvoices, searchProjects } from './methods/listSearch';

export class Bexio implements INodeType {
	description: INodeTypeDescription = versionDescription;

	methods = {
		listSearch: { searchContacts, searchArticles, searchInvoices, searchProjects },
		loadOptions: { getProjectStatuses, getProjectTypes, getBusinessActivities },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [await router.call(this, { continueOnFail: this.continueOnFail() })];
	}
}
