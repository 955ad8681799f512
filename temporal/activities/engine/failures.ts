import { ApplicationFailure } from '@temporalio/activity';

import { ApiError, InvalidRequestError } from '../../../clients/http/errors';
import { UnknownConnectionError } from '../../connections';

const TYPE_BY_KIND: Record<ApiError['kind'], string> = {
	auth: 'ApiAuthError',
	forbidden: 'ApiForbiddenError',
	notFound: 'ApiNotFoundError',
	conflict: 'ApiConflictError',
	validation: 'ApiValidationError',
	unexpectedResponse: 'ApiUnexpectedResponseError',
	rateLimited: 'ApiRateLimitedError',
	server: 'ApiServerError',
	network: 'ApiNetworkError',
};

/**
 * Turns client errors into Temporal failures so Temporal owns the retry: validation, auth and the like
 * are non-retryable with a stable type; 429 retries after the API's Retry-After; 5xx and network
 * failures retry with the activity's backoff. A write that may have been applied is non-retryable
 * here: the caller decides after a lookup. Messages come from ApiError, which holds no secrets.
 */
export function toTemporalFailure(error: unknown): unknown {
	if (error instanceof ApiError) {
		const details = [
			{
				system: error.system,
				status: error.status,
				code: error.code,
				fieldIssues: error.fieldIssues,
				operation: error.operation,
			},
		];
		const message =
			`${error.system} ${error.method ?? ''} ${error.path ?? ''}: ${error.describe()}`.replace(
				/\s+/g,
				' ',
			);
		if (error.maybeApplied) {
			return ApplicationFailure.create({
				type: 'MaybeAppliedWriteError',
				message,
				details,
				nonRetryable: true,
			});
		}
		const type = TYPE_BY_KIND[error.kind];
		const retryable =
			error.kind === 'rateLimited' || error.kind === 'server' || error.kind === 'network';
		return ApplicationFailure.create({
			type,
			message,
			details,
			nonRetryable: !retryable,
			nextRetryDelay:
				error.kind === 'rateLimited' && error.retryAfterMs !== undefined
					? error.retryAfterMs
					: undefined,
		});
	}
	if (error instanceof InvalidRequestError) {
		return ApplicationFailure.create({
			type: 'InvalidRequestError',
			message: error.message,
			details: [error.fieldIssues],
			nonRetryable: true,
		});
	}
	if (error instanceof UnknownConnectionError) {
		return ApplicationFailure.create({
			type: 'UnknownConnectionError',
			message: error.message,
			nonRetryable: true,
		});
	}
	return error;
}

/** Runs an activity body and converts what it throws. */
export async function mapFailures<T>(fn: () => Promise<T>): Promise<T> {
	try {
		return await fn();
	} catch (error) {
		throw toTemporalFailure(error);
	}
}
