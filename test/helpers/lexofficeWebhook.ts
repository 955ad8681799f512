import { randomUUID } from 'node:crypto';

import { PACKAGE_NAME, createActiveWorkflow, createCredential, type N8nInstance } from './n8n';
import { sandboxUrl } from './sandbox';

export interface LexofficeTriggerWorkflow {
	workflowId: string;
	/** Where lexoffice delivers the trigger's events: n8n's production webhook of the node. */
	callbackUrl: string;
}

/**
 * An active workflow with the Lexoffice Trigger alone, on a sandbox account. The trigger checks
 * signatures against the sandbox's public key (LEXOFFICE_WEBHOOK_PUBLIC_KEY_URL, set by globalSetup).
 */
export async function activateLexofficeTrigger(
	n8n: N8nInstance,
	token: string,
	trigger: { label: string; nodeName: string; events: string[]; fetchResource?: boolean },
): Promise<LexofficeTriggerWorkflow> {
	const name = `${trigger.label} ${token.slice(-6)}`;
	const cred = await createCredential(n8n, name, 'lexofficeApi', {
		apiKey: token,
		baseUrl: sandboxUrl('lexoffice'),
	});
	const webhookId = randomUUID();
	const options = {
		publicKeyUrl: process.env.LEXOFFICE_WEBHOOK_PUBLIC_KEY_URL,
		...(trigger.fetchResource ? { fetchResource: true } : {}),
	};
	const workflowId = await createActiveWorkflow(n8n, {
		name,
		nodes: [
			{
				id: randomUUID(),
				name: trigger.nodeName,
				type: `${PACKAGE_NAME}.lexofficeTrigger`,
				typeVersion: 1,
				position: [0, 0],
				webhookId,
				parameters: { events: trigger.events, options },
				credentials: { lexofficeApi: { id: cred.id, name: cred.name } },
			},
		],
		connections: {},
	});
	return { workflowId, callbackUrl: `${n8n.url}/webhook/${webhookId}/webhook` };
}

/** Posts a delivery as lexoffice does: the base64 signature in X-Lxo-Signature, or no header without one. */
export function deliverWebhook(
	callbackUrl: string,
	body: string,
	signature?: string,
): Promise<Response> {
	const headers = {
		'content-type': 'application/json',
		...(signature === undefined ? {} : { 'x-lxo-signature': signature }),
	};
	return fetch(callbackUrl, { method: 'POST', headers, body });
}
