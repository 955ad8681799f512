/** The only workflowsPath entry: every workflow type the worker registers. */
export { listContacts } from './listContacts';
