import type { IAllExecuteFunctions } from 'n8n-workflow';

import { BEXIO_RATE_LIMIT, createBexioClient } from '../../../clients/bexio';
import { defaultRetryPolicy } from '../../../clients/http/executor';
import { BEXIO_BASE_URL } from '../../../clients/defaults';
import { n8nSend } from '../../shared/n8nSend';
import { sharedBudget } from '../../shared/sharedBudget';

export type BexioNodeClient = ReturnType<typeof createBexioClient>;

/** The credential type picked in the node's Authentication parameter. */
export function bexioCredentialType(this: IAllExecuteFunctions): 'bexioApi' | 'bexioOAuth2Api' {
	const authentication = this.getNodeParameter('authentication', 0, 'accessToken') as string;
	return authentication === 'oAuth2' ? 'bexioOAuth2Api' : 'bexioApi';
}

/**
 * The typed client for this execution: n8n adds the token (and refreshes OAuth2 tokens), the client
 * paces requests per credential, or through the budget the workers share when the credential names
 * their store, and retries what is safe to retry.
 */
export async function bexioClient(this: IAllExecuteFunctions): Promise<BexioNodeClient> {
	const credentialType = bexioCredentialType.call(this);
	const credentials = await this.getCredentials<{
		accessToken?: string;
		baseUrl?: string;
		budgetStore?: string;
	}>(credentialType);
	const credentialId = this.getNode().credentials?.[credentialType]?.id ?? this.getNode().id;
	// A personal token is keyed by its hash as the worker keys it; an OAuth2 access token changes with
	// every refresh, so that budget is keyed by the credential (shared by the n8n processes using it).
	const budgetToken =
		credentialType === 'bexioApi'
			? (credentials.accessToken ?? '')
			: `n8n-credential:${credentialId}`;
	const credentialName =
		credentialType === 'bexioApi' ? 'Bexio Personal Access Token API' : 'Bexio OAuth2 API';
	return createBexioClient({
		send: n8nSend(this, credentialType, credentials.baseUrl || BEXIO_BASE_URL),
		accountKey: `n8n-credential:${credentialId}`,
		retry: defaultRetryPolicy,
		budget: sharedBudget(
			this.getNode(),
			credentials.budgetStore,
			credentialName,
			'bexio',
			budgetToken,
			BEXIO_RATE_LIMIT,
		),
	});
}
