import type { EphemeralServerExecutable } from '@temporalio/testing/lib/ephemeral-server';

// Shared with scripts/setup.js and scripts/start.js (plain JS so it runs before any install).
// eslint-disable-next-line @typescript-eslint/no-require-imports -- plain CommonJS helper without types
const { findTemporalCli } = require('../../scripts/tools') as { findTemporalCli(): string | undefined };

/**
 * Which Temporal dev server to run: an installed `temporal` CLI (TEMPORAL_CLI, pip's scripts folder,
 * PATH) on offline machines; otherwise the SDK's own download, which works where there is internet.
 */
export function temporalExecutable(): EphemeralServerExecutable {
	const path = findTemporalCli();
	return path ? { type: 'existing-path', path } : { type: 'cached-download' };
}
