import { NodeConnectionTypes, type INodeTypeDescription } from 'n8n-workflow';

import { buildCatalogProperties } from '../../shared/catalogProperties';
import { bexioUi } from './ui';

export const authenticationProperty = {
	displayName: 'Authentication',
	name: 'authentication',
	type: 'options' as const,
	options: [
		{ name: 'OAuth2', value: 'oAuth2' },
		{ name: 'Personal Access Token', value: 'accessToken' },
	],
	default: 'accessToken',
};

export const bexioCredentials: INodeTypeDescription['credentials'] = [
	{
		name: 'bexioApi',
		required: true,
		displayOptions: { show: { authentication: ['accessToken'] } },
	},
	{
		name: 'bexioOAuth2Api',
		required: true,
		displayOptions: { show: { authentication: ['oAuth2'] } },
	},
];

export const versionDescription: INodeTypeDescription = {
	displayName: 'Bexio',
	name: 'bexio',
	icon: { light: 'file:bexio.svg', dark: 'file:bexio.dark.svg' },
	group: ['transform'],
	version: 1,
	subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
	description:
		'Work with contacts, sales documents, projects, timesheets, accounting and more in bexio',
	defaults: { name: 'Bexio' },
	usableAsTool: true,
	inputs: [NodeConnectionTypes.Main],
	outputs: [NodeConnectionTypes.Main],
	credentials: bexioCredentials,
	properties: [authenticationProperty, ...buildCatalogProperties(bexioUi)],
};
