import type { IAllExecuteFunctions } from 'n8n-workflow';

import { defaultRetryPolicy } from '../../../clients/http/executor';
import { LEXOFFICE_RATE_LIMIT, createLexofficeClient } from '../../../clients/lexoffice';
import { LEXOFFICE_BASE_URL } from '../../../clients/defaults';
import { n8nSend } from '../../shared/n8nSend';
import { sharedBudget } from '../../shared/sharedBudget';

export type LexofficeNodeClient = ReturnType<typeof createLexofficeClient>;

/**
 * The typed client for this execution: n8n adds the API key (credential `authenticate`), the client
 * paces requests per credential, or through the budget the workers share when the credential names
 * their store, and retries what is safe to retry (README, "How the client behaves").
 */
export async function lexofficeClient(this: IAllExecuteFunctions): Promise<LexofficeNodeClient> {
	const credentials = await this.getCredentials<{
		apiKey?: string;
		baseUrl?: string;
		budgetStore?: string;
	}>('lexofficeApi');
	const credentialId = this.getNode().credentials?.lexofficeApi?.id ?? this.getNode().id;
	return createLexofficeClient({
		send: n8nSend(this, 'lexofficeApi', credentials.baseUrl || LEXOFFICE_BASE_URL),
		accountKey: `n8n-credential:${credentialId}`,
		retry: defaultRetryPolicy,
		// Keyed by the API key's hash as the worker keys it, so both take slots from one row.
		budget: sharedBudget(
			this.getNode(),
			credentials.budgetStore,
			'Lexoffice API',
			'lexoffice',
			credentials.apiKey ?? '',
			LEXOFFICE_RATE_LIMIT,
		),
	});
}
