/**
 * What workflows, the worker, the client helpers and the n8n node share: task queues, input and output
 * types and message definitions. Imports nothing that would drag Node APIs into the workflow bundle.
 */

/** Workflows and orchestration activities. */
export const TASK_QUEUE = 'accounting-sync';

/** Systems a connection can point at. */
export type SystemName = 'bexio' | 'lexoffice';

/**
 * A reference to API credentials held by the worker (environment or connections file). Workflow input
 * and history carry only this id, never a token.
 */
export interface ConnectionRef {
	system: SystemName;
	/** Connection id as named in the worker's connections (e.g. `lexoffice-default`). */
	id: string;
}

export interface ListContactsInput {
	connection: ConnectionRef;
	pageSize?: number;
}

export interface ListContactsResult {
	contacts: number;
	pages: number;
	/** Ids are returned so a caller can verify exactly-once reading; keep the run small. */
	ids: string[];
}

/** Failure types that never succeed on retry; listed in every retry policy's nonRetryableErrorTypes. */
export const NON_RETRYABLE_FAILURES = [
	'ApiAuthError',
	'ApiForbiddenError',
	'ApiNotFoundError',
	'ApiValidationError',
	'ApiConflictError',
	'ApiUnexpectedResponseError',
	'InvalidRequestError',
	'UnknownConnectionError',
	'MaybeAppliedWriteError',
] as const;
