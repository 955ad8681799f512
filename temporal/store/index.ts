import { SqliteLinkStore } from './sqliteLinkStore';
import type { LinkStore } from './linkStore';

export type { CommitEntry, Endpoint, Intent, Link, LinkScope, LinkStore, OutcomeKind, RecordOutcome } from './linkStore';
export { SqliteLinkStore } from './sqliteLinkStore';

/** The worker's link store: the SQLite file named by `BLX_LINK_STORE` (default `.data/links.sqlite`). */
export function linkStoreFromEnv(env: NodeJS.ProcessEnv = process.env): LinkStore {
	return new SqliteLinkStore(env.BLX_LINK_STORE || '.data/links.sqlite');
}
