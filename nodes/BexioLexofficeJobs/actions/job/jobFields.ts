import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { JobType } from '../../../../temporal/jobInput';
import { accountingFields, readAccountingInput } from './accountingFields';
import { importFields, readImportInput } from './importFields';
import { invoiceSyncFields, readInvoiceSyncInput } from './invoiceSyncFields';
import { orderFields, readOrderInput } from './orderFields';
import { readReconcileInput, reconcileFields } from './reconcileFields';
import { readTimesheetInput, timesheetFields } from './timesheetFields';

/** One job type's fields and how one item's values become its workflow input. */
export interface JobFieldSet {
	fields: INodeProperties[];
	read(this: IExecuteFunctions, i: number): object;
}

/**
 * Per job type, the one field set that Job → Start and Schedule → Create/Update show and read: a job
 * configured once runs the same by hand and on a timetable.
 */
export const JOB_FIELDS: Record<JobType, JobFieldSet> = {
	accountingExport: { fields: accountingFields, read: readAccountingInput },
	bulkImport: { fields: importFields, read: readImportInput },
	invoiceSync: { fields: invoiceSyncFields, read: readInvoiceSyncInput },
	orderInvoice: { fields: orderFields, read: readOrderInput },
	reconcile: { fields: reconcileFields, read: readReconcileInput },
	timesheetSync: { fields: timesheetFields, read: readTimesheetInput },
};

/** The job types as options, with what each does. */
export const jobTypeOptions: Array<{ name: string; value: JobType; description: string }> = [
	{
		name: 'Accounting Export',
		value: 'accountingExport',
		description: 'Booking lines or lexoffice vouchers → bexio manual entries',
	},
	{
		name: 'Bulk Import',
		value: 'bulkImport',
		description: 'Contacts, articles or invoice history between bexio and lexoffice',
	},
	{
		name: 'Invoice Sync',
		value: 'invoiceSync',
		description: 'Invoices updated since the last run, from one system into the other',
	},
	{
		name: 'Order Invoice',
		value: 'orderInvoice',
		description: 'A POS or shop order → one issued bexio invoice, one job per order ID',
	},
	{
		name: 'Reconcile Invoices',
		value: 'reconcile',
		description: 'Linked invoices of a period compared on both sides',
	},
	{
		name: 'Timesheet Sync',
		value: 'timesheetSync',
		description: 'Time entries → bexio timesheets or invoice drafts',
	},
];

/** The job types a schedule runs: all but the order invoice, whose order comes from an n8n item. */
export const scheduledJobTypeOptions = jobTypeOptions.filter((o) => o.value !== 'orderInvoice');
