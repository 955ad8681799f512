/** The only workflowsPath entry: every workflow type the worker registers. */
export { bulkImport } from './bulkImport';
export { invoiceSync } from './invoiceSync';
export { timesheetSync } from './timesheetSync';
export { accountingExport } from './accountingExport';
export { reconcile } from './reconcile';
export { orderInvoice } from './orderInvoice';
export { listConnections, lookupMasterData } from './connections';
