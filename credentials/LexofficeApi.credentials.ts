import type {
	IAuthenticateGeneric,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import { LEXOFFICE_BASE_URL } from '../clients/defaults';
import { budgetStoreProperty } from '../nodes/shared/budgetStoreProperty';

export class LexofficeApi implements ICredentialType {
	name = 'lexofficeApi';

	displayName = 'Lexoffice API';

	icon: Icon = {
		light: 'file:../nodes/Lexoffice/lexoffice.svg',
		dark: 'file:../nodes/Lexoffice/lexoffice.dark.svg',
	};

	documentationUrl =
		'https://github.com/n8n-nodes-bexio-lexoffice/n8n-nodes-bexio-lexoffice#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			hint: 'Create it in Lexware Office under Add-ons → Public API. Keys expire after 24 months: renew in time.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: LEXOFFICE_BASE_URL,
			description:
				'Change only for the local simulator (or the legacy host https://api.lexoffice.io)',
		},
		budgetStoreProperty(
			"The worker's link store (BLX_LINK_STORE: an absolute SQLite file path or a postgres:// URL, default schema): n8n and every worker using it then share one request budget per account, and a 429 pauses all of them.",
		),
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: { headers: { Authorization: '=Bearer {{$credentials.apiKey}}' } },
	};

	// The profile is the cheapest authenticated call.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '/v1/profile',
			headers: { Accept: 'application/json' },
		},
	};
}
