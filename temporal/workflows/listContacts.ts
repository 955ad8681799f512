import { proxyActivities } from '@temporalio/workflow';

import type { createActivities } from '../activities';
import { NON_RETRYABLE_FAILURES, type ListContactsInput, type ListContactsResult } from '../shared';

const { readContactsPage } = proxyActivities<ReturnType<typeof createActivities>>({
	startToCloseTimeout: '2 minutes',
	retry: {
		initialInterval: '1 second',
		backoffCoefficient: 2,
		maximumInterval: '1 minute',
		nonRetryableErrorTypes: [...NON_RETRYABLE_FAILURES],
	},
});

/**
 * Reads every contact of a connection page by page through an activity: the smallest end-to-end path
 * (Temporal → activity → typed client → API). The workflow holds one page at a time.
 */
export async function listContacts(input: ListContactsInput): Promise<ListContactsResult> {
	const ids: string[] = [];
	let cursor: number | undefined;
	let pages = 0;
	do {
		const page = await readContactsPage({ connection: input.connection, cursor, pageSize: input.pageSize });
		ids.push(...page.ids);
		pages += 1;
		cursor = page.next;
	} while (cursor !== undefined);
	return { contacts: ids.length, pages, ids };
}
