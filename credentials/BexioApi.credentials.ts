import type { IAuthenticateGeneric, ICredentialTestRequest, ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

import { BEXIO_BASE_URL } from '../clients/defaults';

export class BexioApi implements ICredentialType {
	name = 'bexioApi';

	displayName = 'Bexio Personal Access Token API';

	icon: Icon = { light: 'file:../nodes/Bexio/bexio.svg', dark: 'file:../nodes/Bexio/bexio.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-bexio-lexoffice/n8n-nodes-bexio-lexoffice#credentials';

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
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: { headers: { Authorization: '=Bearer {{$credentials.accessToken}}' } },
	};

	// Returns the token's own user: cheap and needs no particular scope.
	test: ICredentialTestRequest = {
		request: { baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}', url: '/3.0/users/me', headers: { Accept: 'application/json' } },
	};
}
