import { NodeOperationError, type INode } from 'n8n-workflow';

import type { RateLimitConfig, RequestBudget } from '../../clients/http/rateLimit';
import {
	SharedRequestBudget,
	budgetAccountKey,
	type RequestSlotStore,
} from '../../temporal/store/requestBudget';
import { isPostgresUrl } from '../../temporal/store/notation';

/** The credential field naming the store whose request budget the nodes share with the workers. */
export const BUDGET_STORE_FIELD = {
	name: 'budgetStore',
	displayName: 'Shared Request Budget Store',
} as const;

/**
 * One store per notation in this n8n process, opened on first use and kept: n8n runs many executions, and
 * each opening a database of its own would leak connections. The notation can hold a password, so it is
 * only ever a map key, never part of a message.
 */
const stores = new Map<string, RequestSlotStore>();
const budgets = new Map<string, SharedRequestBudget>();

/**
 * Opens the store the same way the worker's `linkStoreFromEnv` reads it. Both stores are loaded only when
 * named: `pg` is an optional dependency n8n's installer leaves out, and `node:sqlite` needs no package.
 */
export function budgetStore(
	node: INode,
	notation: string,
	credentialName: string,
): RequestSlotStore {
	let store = stores.get(notation);
	if (store) return store;
	if (isPostgresUrl(notation)) {
		let Store: typeof import('../../temporal/store/postgresLinkStore').PostgresLinkStore;
		try {
			Store = loadStoreModule<typeof import('../../temporal/store/postgresLinkStore')>(
				'../../temporal/store/postgresLinkStore',
			).PostgresLinkStore;
		} catch (error) {
			if (
				(error as { code?: string }).code === 'MODULE_NOT_FOUND' &&
				/'pg'/.test(String((error as Error).message))
			) {
				throw new NodeOperationError(
					node,
					`The ${credentialName} credential's field "${BUDGET_STORE_FIELD.displayName}" names a PostgreSQL database, but the package pg is not installed ` +
						'next to n8n-nodes-bexio-lexoffice (n8n leaves optional dependencies out when it installs community nodes). Install it in the folder ' +
						"n8n installs community nodes into (e.g. `cd ~/.n8n/nodes && npm install pg`) and restart n8n, or name the worker's SQLite file instead.",
				);
			}
			throw new NodeOperationError(node, error as Error);
		}
		// Two connections: a reservation is one short statement, and n8n shares the pool across executions.
		store = new Store({ connectionString: notation, poolSize: 2 });
	} else {
		const { SqliteLinkStore } = loadStoreModule<
			typeof import('../../temporal/store/sqliteLinkStore')
		>('../../temporal/store/sqliteLinkStore');
		store = new SqliteLinkStore(notation);
	}
	stores.set(notation, store);
	return store;
}

/**
 * The budget a node's client awaits: shared through the store named in the credential, under the key the
 * worker derives from the same token (`budgetAccountKey`), or `undefined` (the client's in-process bucket)
 * when the field is empty.
 */
export function sharedBudget(
	node: INode,
	notation: string | undefined,
	credentialName: string,
	system: 'lexoffice' | 'bexio',
	token: string,
	limit: RateLimitConfig,
): RequestBudget | undefined {
	const where = notation?.trim();
	if (!where) return undefined;
	const account = budgetAccountKey(system, token);
	const key = `${where}\n${account}\n${limit.ratePerSecond}/${limit.burst}`;
	let budget = budgets.get(key);
	if (!budget) {
		budget = new SharedRequestBudget(budgetStore(node, where, credentialName), account, limit);
		budgets.set(key, budget);
	}
	return budget;
}

/** A store module, loaded only when a credential names that kind of store (pg is optional; node:sqlite). */
function loadStoreModule<T>(path: string): T {
	// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on demand, see above
	return require(path) as T;
}
