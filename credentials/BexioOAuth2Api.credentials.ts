import type { ICredentialTestRequest, ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

import { BEXIO_BASE_URL } from '../clients/defaults';
import { budgetStoreProperty } from '../nodes/shared/budgetStoreProperty';

/** Scopes requested by default: everything the node reads and writes, plus a refresh token. */
const DEFAULT_SCOPES = [
	'openid',
	'profile',
	'email',
	'company_profile',
	'offline_access',
	'accounting',
	'article_edit',
	'bank_account_show',
	'bank_payment_edit',
	'contact_edit',
	'file',
	'kb_article_order_edit',
	'kb_bill_show',
	'kb_delivery_edit',
	'kb_expense_show',
	'kb_invoice_edit',
	'kb_offer_edit',
	'kb_order_edit',
	'monitoring_edit',
	'note_edit',
	'project_edit',
	'task_edit',
].join(' ');

export class BexioOAuth2Api implements ICredentialType {
	name = 'bexioOAuth2Api';

	extends = ['oAuth2Api'];

	displayName = 'Bexio OAuth2 API';

	icon: Icon = {
		light: 'file:../nodes/Bexio/bexio.svg',
		dark: 'file:../nodes/Bexio/bexio.dark.svg',
	};

	documentationUrl =
		'https://github.com/n8n-nodes-bexio-lexoffice/n8n-nodes-bexio-lexoffice#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: BEXIO_BASE_URL,
			description: 'Change only for the local simulator',
		},
		{
			displayName: 'Identity Provider URL',
			name: 'identityUrl',
			type: 'string',
			default: 'https://auth.bexio.com',
			description:
				"bexio's sign-in service. Change only for the local simulator (there it is the Base URL).",
		},
		budgetStoreProperty(
			'A link store (an absolute SQLite file path or a postgres:// URL, default schema): every n8n process using this credential with it shares one request budget, and a 429 pauses all of them. Workers key their budget by token, so they share it with a Personal Access Token credential, not with this one.',
		),
		{ displayName: 'Grant Type', name: 'grantType', type: 'hidden', default: 'authorizationCode' },
		{
			displayName: 'Authorization URL',
			name: 'authUrl',
			type: 'hidden',
			default:
				'={{$self["identityUrl"].replace(/\\/+$/, "")}}/realms/bexio/protocol/openid-connect/auth',
		},
		{
			displayName: 'Access Token URL',
			name: 'accessTokenUrl',
			type: 'hidden',
			default:
				'={{$self["identityUrl"].replace(/\\/+$/, "")}}/realms/bexio/protocol/openid-connect/token',
		},
		{
			displayName: 'Scope',
			name: 'scope',
			type: 'string',
			default: DEFAULT_SCOPES,
			description:
				'Space-separated bexio scopes. Keep offline_access, or n8n gets no refresh token. The bexio user must hold the matching rights too.',
		},
		{
			displayName: 'Auth URI Query Parameters',
			name: 'authQueryParameters',
			type: 'hidden',
			default: '',
		},
		// bexio's identity provider wants every token parameter in the form body, never in the query string.
		{ displayName: 'Authentication', name: 'authentication', type: 'hidden', default: 'body' },
	];

	// Returns the connected user: cheap and needs no particular scope.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '/3.0/users/me',
			headers: { Accept: 'application/json' },
		},
	};
}
