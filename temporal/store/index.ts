import { isPostgresUrl } from './notation';
import { PostgresLinkStore } from './postgresLinkStore';
import { SqliteLinkStore } from './sqliteLinkStore';
import type { LinkStore } from './linkStore';

export type {
	CommitEntry,
	Endpoint,
	Intent,
	Link,
	LinkScope,
	LinkStore,
	OutcomeKind,
	RecordOutcome,
} from './linkStore';
export {
	DEFAULT_POSTGRES_SCHEMA,
	PostgresLinkStore,
	redactUrl,
	type PostgresLinkStoreOptions,
} from './postgresLinkStore';
export { SqliteLinkStore } from './sqliteLinkStore';
export {
	DEFAULT_BUDGET_LEASE_MS,
	SharedRequestBudget,
	budgetAccountKey,
	type RequestSlotStore,
	type SlotReservation,
} from './requestBudget';

/**
 * The worker's link store. PostgreSQL when `BLX_LINK_STORE_URL` (or `BLX_LINK_STORE`) is a
 * postgres:// or postgresql:// connection string: tables in the schema `BLX_LINK_STORE_SCHEMA`
 * (default `blx_link_store`), `BLX_LINK_STORE_POOL_SIZE` connections (default 10); several workers
 * can share it. Otherwise the SQLite file named by `BLX_LINK_STORE` (default `.data/links.sqlite`).
 */
export function linkStoreFromEnv(env: NodeJS.ProcessEnv = process.env): LinkStore {
	const url = isPostgresUrl(env.BLX_LINK_STORE_URL)
		? env.BLX_LINK_STORE_URL
		: isPostgresUrl(env.BLX_LINK_STORE)
			? env.BLX_LINK_STORE
			: undefined;
	if (url) {
		const poolSize = Number(env.BLX_LINK_STORE_POOL_SIZE);
		return new PostgresLinkStore({
			connectionString: url,
			schema: env.BLX_LINK_STORE_SCHEMA || undefined,
			poolSize: Number.isInteger(poolSize) && poolSize > 0 ? poolSize : undefined,
		});
	}
	if (env.BLX_LINK_STORE_URL)
		throw new Error('BLX_LINK_STORE_URL must be a postgres:// or postgresql:// connection string');
	return new SqliteLinkStore(env.BLX_LINK_STORE || '.data/links.sqlite');
}
