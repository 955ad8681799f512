import type {
	IAuthenticateGeneric,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import { BEXIO_BASE_URL } from '../clients/defaults';
import { budgetStoreProperty } from '../nodes/shared/budgetStoreProperty';

export class BexioApi implements ICredentialType {
	name = 'bexioApi';

	displayName = 'Bexio Personal Access Token API';

	icon: Icon = {
		light: 'file:../nodes/Bexio/bexio.svg',
		dark: 'file:../nodes/Bexio/bexio.dark.svg',
	};

	documentationUrl =
		'https://github.com/n8n-nodes-bexio-lexoffice/n8n-nodes-bexio-lexoffice#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'Personal Access Token',
			name: 'accessToken',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			hint: 'Create it on developer.bexio.com. A token has every scope of its user and expires after 6 months.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: BEXIO_BASE_URL,
			description: 'Change only for the local simulator',
		},
		budgetStoreProperty(
			"The worker's link store (BLX_LINK_STORE: an absolute SQLite file path or a postgres:// URL, default schema): n8n and every worker using it then share one request budget per account, and a 429 pauses all of them.",
		),
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: { headers: { Authorization: '=Bearer {{$credentials.accessToken}}' } },
	};

	// Returns the token's own user: cheap and needs no particular scope.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '/3.0/users/me',
			headers: { Accept: 'application/json' },
		},
	};
}
