/** Defaults shared by the Temporal credential, the Jobs node, the terminal command and the worker. */

/** Workflow task queue; each API account's activity queue is derived from it (apiTaskQueue in shared.ts). */
export const TASK_QUEUE = 'accounting-sync';
/** Address of a local Temporal server (`temporal server start-dev`). */
export const TEMPORAL_ADDRESS = 'localhost:7233';
/** Temporal's built-in namespace. */
export const TEMPORAL_NAMESPACE = 'default';
