import type { IAllExecuteFunctions } from 'n8n-workflow';

import { createBexioClient } from '../../../clients/bexio';
import { defaultRetryPolicy } from '../../../clients/http/executor';
import { BEXIO_BASE_URL } from '../../../clients/defaults';
import { n8nSend } from '../../shared/n8nSend';

export type BexioNodeClient = ReturnType<typeof createBexioClient>;

/** The credential type picked in the node's Authentication parameter. */
export function bexioCredentialType(this: IAllExecuteFunctions): 'bexioApi' | 'bexioOAuth2Api' {
	const authentication = this.getNodeParameter('authentication', 0, 'accessToken') as string;
	return authentication === 'oAuth2' ? 'bexioOAuth2Api' : 'bexioApi';
}

/**
 * The typed client for this execution: n8n adds the token (and refreshes OAuth2 tokens), the client
 * paces requests per credential and retries what is safe to retry.
 */
export async function bexioClient(this: IAllExecuteFunctions): Promise<BexioNodeClient> {
	const credentialType = bexioCredentialType.call(this);
	const credentials = await this.getCredentials<{ baseUrl?: string }>(credentialType);
	const credentialId = this.getNode().credentials?.[credentialType]?.id ?? this.getNode().id;
	return createBexioClient({
		send: n8nSend(this, credentialType, credentials.baseUrl || BEXIO_BASE_URL),
		accountKey: `n8n-credential:${credentialId}`,
		retry: defaultRetryPolicy,
	});
}
