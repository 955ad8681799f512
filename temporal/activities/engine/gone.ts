import { ApiError } from '../../../clients/http/errors';

/** A read that answers undefined when the record is gone (404). */
export async function orUndefinedIfGone<T>(read: () => Promise<T>): Promise<T | undefined> {
	try {
		return await read();
	} catch (error) {
		if (error instanceof ApiError && error.kind === 'notFound') return undefined;
		throw error;
	}
}
