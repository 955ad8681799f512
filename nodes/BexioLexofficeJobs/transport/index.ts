import { Client, Connection } from '@temporalio/client';
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { TASK_QUEUE, TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE } from '../../../temporal/defaults';

export interface TemporalCredential {
	address: string;
	namespace: string;
	tls: boolean;
	apiKey: string;
	taskQueue: string;
}

export function readTemporalCredential(data: ICredentialDataDecryptedObject): TemporalCredential {
	return {
		address: String(data.address ?? '').trim() || TEMPORAL_ADDRESS,
		namespace: String(data.namespace ?? '').trim() || TEMPORAL_NAMESPACE,
		tls: data.tls === true,
		apiKey: String(data.apiKey ?? ''),
		taskQueue: String(data.taskQueue ?? '').trim() || TASK_QUEUE,
	};
}

/** Thrown when the Temporal frontend cannot be reached; the message names the address, never the key. */
export class TemporalConnectError extends Error {
	constructor(credential: TemporalCredential, cause: unknown) {
		const reason = scrub(cause instanceof Error ? cause.message : String(cause), credential.apiKey);
		super(
			`Could not connect to Temporal at ${credential.address} (namespace "${credential.namespace}"): ${reason}`,
		);
		this.name = 'TemporalConnectError';
	}
}

/** One client per execution; the caller closes `client.connection`. Connects eagerly so a wrong address fails here. */
export async function connectFromCredential(credential: TemporalCredential): Promise<Client> {
	const apiKey = credential.apiKey || undefined;
	try {
		const connection = await Connection.connect({
			address: credential.address,
			tls: credential.tls || apiKey !== undefined ? {} : undefined,
			apiKey,
			connectTimeout: '10s',
		});
		return new Client({ connection, namespace: credential.namespace });
	} catch (error) {
		// eslint-disable-next-line @n8n/community-nodes/require-node-api-error -- typed here, turned into a NodeOperationError with the item index by actions/errors.ts
		throw new TemporalConnectError(credential, error);
	}
}

/** Removes the API key from a text that may echo request metadata. */
export function scrub(text: string, secret: string): string {
	return secret ? text.split(secret).join('***') : text;
}
