import { NodeConnectionTypes, type INodeTypeDescription } from 'n8n-workflow';

import { buildCatalogProperties } from '../../shared/catalogProperties';
import { lexofficeUi } from './ui';

export const versionDescription: INodeTypeDescription = {
	displayName: 'Lexoffice',
	name: 'lexoffice',
	icon: { light: 'file:lexoffice.svg', dark: 'file:lexoffice.dark.svg' },
	group: ['transform'],
	version: 1,
	subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
	description:
		'Work with contacts, articles, invoices, vouchers and files in lexoffice (Lexware Office)',
	defaults: { name: 'Lexoffice' },
	usableAsTool: true,
	inputs: [NodeConnectionTypes.Main],
	outputs: [NodeConnectionTypes.Main],
	credentials: [{ name: 'lexofficeApi', required: true }],
	properties: buildCatalogProperties(lexofficeUi),
};
