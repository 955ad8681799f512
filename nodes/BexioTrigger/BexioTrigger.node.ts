import {
	NodeConnectionTypes,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IPollFunctions,
} from 'n8n-workflow';

import { authenticationProperty, bexioCredentials } from '../Bexio/actions/versionDescription';
import { bexioClient } from '../Bexio/transport';
import { toNodeError } from '../shared/errors';
import { pollBexio, type BexioPollState, type Watch } from './poll';

/** bexio has no webhooks, so this trigger polls (poll.ts: the cursor rules). */
export class BexioTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Bexio Trigger',
		name: 'bexioTrigger',
		icon: { light: 'file:../Bexio/bexio.svg', dark: 'file:../Bexio/bexio.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["watch"]}}',
		description: 'Starts the workflow when records in bexio are created or changed (polling)',
		defaults: { name: 'Bexio Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: bexioCredentials,
		properties: [
			authenticationProperty,
			{
				displayName: 'Watch',
				name: 'watch',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Invoice Status Changed', value: 'invoiceStatus' },
					{ name: 'New Article', value: 'article' },
					{ name: 'New or Updated Contact', value: 'contact' },
					{ name: 'New or Updated Invoice', value: 'invoice' },
					{ name: 'New or Updated Order', value: 'order' },
					{ name: 'New or Updated Quote', value: 'quote' },
					{ name: 'New Project', value: 'project' },
					{ name: 'New Timesheet', value: 'timesheet' },
				],
				default: 'invoice',
			},
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const watch = this.getNodeParameter('watch') as Watch;
		const state = this.getWorkflowStaticData('node') as BexioPollState;
		try {
			const client = await bexioClient.call(this);
			const manual = this.getMode() === 'manual';
			const items = await pollBexio(client, watch, state, manual);
			return items.length ? [this.helpers.returnJsonArray(items)] : null;
		} catch (error) {
			throw toNodeError(this.getNode(), error, 0);
		}
	}
}
