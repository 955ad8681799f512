import { proxyActivities } from '@temporalio/workflow';

import type { createActivities } from '../activities';
import type { MasterDataRecord, MasterDataRequest, WorkerConnection } from '../shared';

type Activities = ReturnType<typeof createActivities>;

// Answered by the worker at once; a worker that is down makes the caller's short timeout fail instead.
const local = proxyActivities<Activities>({
	startToCloseTimeout: '10 seconds',
	retry: { maximumAttempts: 3 },
});

/**
 * The connections the worker on this task queue holds (id, system, base URL; never a token), so n8n can
 * offer them in a dropdown instead of a free-text id. A short workflow, because only the worker knows them.
 */
export async function listConnections(): Promise<WorkerConnection[]> {
	return local.listConnections();
}

/**
 * A bexio master-data list (taxes, accounts, currencies, business activities) read through one of the
 * worker's connections, so the Jobs node can offer a dropdown instead of a bare id or account number.
 */
export async function lookupMasterData(request: MasterDataRequest): Promise<MasterDataRecord[]> {
	return local.listMasterData(request);
}
