import type { IAllExecuteFunctions } from 'n8n-workflow';

import { defaultRetryPolicy } from '../../../clients/http/executor';
import { createLexofficeClient } from '../../../clients/lexoffice';
import { LEXOFFICE_BASE_URL } from '../../../clients/defaults';
import { n8nSend } from '../../shared/n8nSend';

export type LexofficeNodeClient = ReturnType<typeof createLexofficeClient>;

/**
 * The typed client for this execution: n8n adds the API key (credential `authenticate`), the client
 * paces requests per credential and retries what is safe to retry (README, "How the client behaves").
 */
export async function lexofficeClient(this: IAllExecuteFunctions): Promise<LexofficeNodeClient> {
	const credentials = await this.getCredentials<{ baseUrl?: string }>('lexofficeApi');
	const credentialId = this.getNode().credentials?.lexofficeApi?.id ?? this.getNode().id;
	return createLexofficeClient({
		send: n8nSend(this, 'lexofficeApi', credentials.baseUrl || LEXOFFICE_BASE_URL),
		accountKey: `n8n-credential:${credentialId}`,
		retry: defaultRetryPolicy,
	});
}
