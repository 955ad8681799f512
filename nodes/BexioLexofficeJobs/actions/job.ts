import { WorkflowFailedError, type Client } from '@temporalio/client';
import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { cancel, getProgress, listJobs, pause, resume, startAccountingExport, startImport, startTimesheetSync } from '../../../temporal/client';
import type {
	AccountingExportInput,
	BookingLine,
	BulkImportInput,
	BulkImportResult,
	ConnectionRef,
	ImportKind,
	SystemName,
	TaxPolicy,
	TimesheetEntry,
	TimesheetSyncInput,
	TimesheetSyncMode,
} from '../../../temporal/shared';
import { updateDisplayOptions } from '../../shared/updateDisplayOptions';

export type JobOperation = 'cancel' | 'getAll' | 'getProgress' | 'pause' | 'resume' | 'start' | 'waitForCompletion';

/** What Job → Start starts. */
export type StartKind = 'accountingExport' | 'bulkImport' | 'timesheetSync';

const show = (operation: JobOperation[], extra: IDataObject = {}) => ({ show: { resource: ['job'], operation, ...extra } });

export const jobOperations: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['job'] } },
	options: [
		{ name: 'Cancel', value: 'cancel', action: 'Cancel a job', description: 'Stop a job; it keeps its statistics' },
		{ name: 'Get Many', value: 'getAll', action: 'List jobs', description: 'List jobs, newest first' },
		{ name: 'Get Progress', value: 'getProgress', action: 'Get progress of a job', description: 'Statistics, phase, rate and ETA of a job' },
		{ name: 'Pause', value: 'pause', action: 'Pause a job', description: 'Bulk imports: stop after the current page until resumed' },
		{ name: 'Resume', value: 'resume', action: 'Resume a job', description: 'Bulk imports: go on with a paused job' },
		{ name: 'Start', value: 'start', action: 'Start a job', description: 'Start a bulk import, timesheet sync or accounting export, or attach to the running one with the same run key' },
		{ name: 'Wait for Completion', value: 'waitForCompletion', action: 'Wait for a job to complete', description: 'Wait a bounded time for a job to finish' },
	],
	default: 'start',
};

/** The bulk import parameters; shared by Job → Start and by bulk import schedules. */
export const importFields: INodeProperties[] = [
	{
		displayName: 'Records',
		name: 'kind',
		type: 'options',
		options: [
			{ name: 'Articles', value: 'articles' },
			{ name: 'Contacts', value: 'contacts' },
			{ name: 'Invoices', value: 'invoices', description: 'Invoice history: lexoffice invoices and credit notes as bexio invoices, bexio invoices as lexoffice bookkeeping vouchers' },
		],
		default: 'contacts',
		description: 'What the import moves',
	},
	{
		displayName: 'Direction',
		name: 'direction',
		type: 'options',
		options: [
			{ name: 'Bexio → Lexoffice', value: 'bexioToLexoffice' },
			{ name: 'Lexoffice → Bexio', value: 'lexofficeToBexio' },
		],
		default: 'bexioToLexoffice',
	},
	{
		displayName: 'Source Connection ID',
		name: 'sourceConnection',
		type: 'string',
		default: '',
		placeholder: 'e.g. bexio-default',
		description: 'Connection of the source system as the worker names it; empty means bexio-default or lexoffice-default',
	},
	{
		displayName: 'Target Connection ID',
		name: 'targetConnection',
		type: 'string',
		default: '',
		placeholder: 'e.g. lexoffice-default',
		description: 'Connection of the target system as the worker names it; empty means bexio-default or lexoffice-default',
	},
	{
		displayName: 'Import Options',
		name: 'importOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Book on Collective Customer',
				name: 'collectiveContact',
				type: 'boolean',
				default: false,
				description: 'Whether invoices imported into lexoffice are booked on the collective customer instead of linking or creating each customer',
			},
			{ displayName: 'Dry Run', name: 'dryRun', type: 'boolean', default: false, description: 'Whether to only read and plan, without writing to the target' },
			{
				displayName: 'Include Down Payment Invoices',
				name: 'includeDownPayments',
				type: 'boolean',
				default: false,
				description: 'Whether invoices imported from lexoffice include down payment invoices (left out by default: the final invoice settles them)',
			},
			{ displayName: 'Match by E-Mail', name: 'matchByEmail', type: 'boolean', default: false, description: 'Whether an e-mail address identifies an existing record when nothing else does' },
			{ displayName: 'Page Size', name: 'pageSize', type: 'number', default: 100, typeOptions: { minValue: 1, maxValue: 1000 }, description: 'Records per page; clamped to the API maximum' },
			{
				displayName: 'Tax Policy',
				name: 'taxPolicy',
				type: 'options',
				default: 'fail',
				options: [
					{ name: 'Fail the Document', value: 'fail', description: 'A mapped rate fails the invoice; the reason says what each other policy would change' },
					{ name: 'Keep Gross', value: 'keepGross', description: 'The customer owes the same total; net and tax are recomputed at the mapped rate' },
					{ name: 'Keep Net', value: 'keepNet', description: 'The net stays; tax and total change with the mapped rate' },
				],
				description: 'Invoices: what may change when Tax Rate Map replaces a rate the target lacks. Every changed document is listed in the result.',
			},
			{
				displayName: 'Tax Rate Map',
				name: 'taxRateMap',
				type: 'json',
				default: '{}',
				placeholder: '{"8.1": 19}',
				description: 'Articles and invoices: source tax rate (%) → target tax rate (%) for rates the target lacks',
			},
		],
	},
];

const workflowIdField: INodeProperties = {
	displayName: 'Job ID',
	name: 'workflowId',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. import/contacts/bexio-to-lexoffice/bexio-default/1234',
	description: 'Workflow ID returned by Start or listed by List',
};

const bexioConnectionField: INodeProperties = {
	displayName: 'Bexio Connection ID',
	name: 'bexioConnection',
	type: 'string',
	default: '',
	placeholder: 'e.g. bexio-default',
	description: 'The bexio account as the worker names its connection; empty means bexio-default',
};

/** Timesheet sync: entries from the item (as JSON) or from a file the worker reads. */
const timesheetFields: INodeProperties[] = [
	bexioConnectionField,
	{
		displayName: 'Mode',
		name: 'timesheetMode',
		type: 'options',
		options: [
			{ name: 'Preview', value: 'preview', description: 'Resolve and plan, write nothing' },
			{ name: 'Timesheets', value: 'timesheets', description: 'One bexio timesheet per entry' },
			{ name: 'Invoice Drafts', value: 'invoiceDrafts', description: 'One draft invoice per customer, one position per billable entry' },
		],
		default: 'timesheets',
	},
	{
		displayName: 'Entries From',
		name: 'entriesFrom',
		type: 'options',
		options: [
			{ name: 'Input Items', value: 'items', description: 'Each input item is one entry; all items go into one job' },
			{ name: 'JSON', value: 'json', description: 'An array of entries per item' },
			{ name: 'File (URL)', value: 'url', description: 'A CSV (header row) or JSON file the worker reads over HTTP(S)' },
		],
		default: 'items',
		hint: 'Input items: each item\'s JSON is one entry {"externalId", "date", "duration", "person", "project", "activity", "text", "billable", "customer"}; the node starts one job for all of them and outputs one item',
	},
	{
		displayName: 'Entries (JSON)',
		name: 'entriesJson',
		type: 'json',
		default: '[]',
		displayOptions: { show: { entriesFrom: ['json'] } },
		hint: 'Each entry: {"externalId", "date": "2026-11-02", "duration": "1:30" or minutes, "person", "project", "activity", "text", "billable", "customer"}; one job per item',
		description: 'The time entries of this job as a JSON array',
	},
	{
		displayName: 'File URL',
		name: 'sourceUrl',
		type: 'string',
		default: '',
		required: true,
		displayOptions: { show: { entriesFrom: ['url'] } },
		placeholder: 'e.g. https://example.com/export/time.csv',
	},
	{
		displayName: 'File Format',
		name: 'sourceFormat',
		type: 'options',
		options: [
			{ name: 'CSV', value: 'csv' },
			{ name: 'JSON', value: 'json' },
		],
		default: 'csv',
		displayOptions: { show: { entriesFrom: ['url'] } },
	},
	{
		displayName: 'Timesheet Options',
		name: 'timesheetOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{ displayName: 'Batch Size', name: 'batchSize', type: 'number', default: 100, typeOptions: { minValue: 1 }, description: 'Entries per worker activity' },
			{ displayName: 'Fictional User E-Mail Domain', name: 'emailDomain', type: 'string', default: 'fictional.invalid', description: 'Domain of the e-mail made up for a new person given by name only (bexio requires a unique e-mail)' },
			{
				displayName: 'Fictional User Salutation',
				name: 'salutationType',
				type: 'options',
				options: [
					{ name: 'Female', value: 'female' },
					{ name: 'Male', value: 'male' },
				],
				default: 'male',
				description: 'Salutation bexio requires for a fictional user created for an unknown person',
			},
			{ displayName: 'Hourly Rate', name: 'hourlyRate', type: 'number', default: 0, description: 'Invoice drafts: the rate where the business activity has none' },
			{ displayName: 'Invoice Tax ID', name: 'taxId', type: 'number', default: 0, description: 'Invoice drafts: bexio sales tax ID of the positions; 0 means none' },
			{ displayName: 'Invoice Title', name: 'title', type: 'string', default: 'Leistungen', description: 'Invoice drafts: title of each draft' },
			{ displayName: 'Source Name', name: 'sourceName', type: 'string', default: 'n8n', description: 'Names the source of the external IDs; two feeds whose IDs may collide need two names' },
		],
	},
];

/** Accounting export: booking lines and the account map as JSON. */
const accountingFields: INodeProperties[] = [
	bexioConnectionField,
	{
		displayName: 'Lines From',
		name: 'linesFrom',
		type: 'options',
		options: [
			{ name: 'Input Items', value: 'items', description: 'Each input item is one booking line; all items go into one job' },
			{ name: 'JSON', value: 'json', description: 'An array of booking lines per item' },
		],
		default: 'items',
		hint: 'Each line: {"externalId", "date": "2026-11-02", "amount": 120.5, "debitAccount", "creditAccount", "description", "taxCode", "currency"}',
	},
	{
		displayName: 'Lines (JSON)',
		name: 'linesJson',
		type: 'json',
		default: '[]',
		displayOptions: { show: { linesFrom: ['json'] } },
		description: 'The booking lines of this job as a JSON array; one job per item',
	},
	{
		displayName: 'Account Map (JSON)',
		name: 'accountMapJson',
		type: 'json',
		default: '{}',
		hint: 'Source account → bexio account number, e.g. {"cash": "1000", "sales": "3400"}',
		description: 'Accounts of the source that are not bexio account numbers',
	},
	{
		displayName: 'Export Options',
		name: 'exportOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{ displayName: 'Batch Size', name: 'batchSize', type: 'number', default: 100, typeOptions: { minValue: 1 }, description: 'Lines per worker activity' },
			{ displayName: 'Default Credit Account', name: 'creditAccount', type: 'string', default: '', description: 'Credit account of lines that name none' },
			{ displayName: 'Default Debit Account', name: 'debitAccount', type: 'string', default: '1000', description: 'Debit account of lines that name none (1000 cash, for receipts)' },
			{ displayName: 'Dry Run', name: 'dryRun', type: 'boolean', default: false, description: 'Whether to only resolve and plan, without booking' },
			{ displayName: 'Source Name', name: 'sourceName', type: 'string', default: 'n8n', description: 'Names the source of the external IDs; two feeds whose IDs may collide need two names' },
		],
	},
];

export const jobFields: INodeProperties[] = [
	...updateDisplayOptions(show(['start']), [
		{
			displayName: 'Job Type',
			name: 'startKind',
			type: 'options',
			noDataExpression: true,
			options: [
				{ name: 'Accounting Export', value: 'accountingExport', description: 'Booking lines → bexio manual entries' },
				{ name: 'Bulk Import', value: 'bulkImport', description: 'Contacts or articles between bexio and lexoffice' },
				{ name: 'Timesheet Sync', value: 'timesheetSync', description: 'Time entries → bexio timesheets or invoice drafts' },
			],
			default: 'bulkImport',
		},
	]),
	...updateDisplayOptions(show(['start'], { startKind: ['bulkImport'] }), importFields),
	...updateDisplayOptions(show(['start'], { startKind: ['timesheetSync'] }), timesheetFields),
	...updateDisplayOptions(show(['start'], { startKind: ['accountingExport'] }), accountingFields),
	...updateDisplayOptions(show(['start']), [
		{
			displayName: 'Run Key',
			name: 'runKey',
			type: 'string',
			default: '',
			description: 'Names this run. Empty means the n8n execution ID. A start whose run key names a running job attaches to it instead of starting a second one.',
		},
	]),
	...updateDisplayOptions(show(['cancel', 'getProgress', 'pause', 'resume', 'waitForCompletion']), [workflowIdField]),
	...updateDisplayOptions(show(['waitForCompletion']), [
		{ displayName: 'Max Wait (Seconds)', name: 'maxWaitSeconds', type: 'number', default: 300, typeOptions: { minValue: 1, maxValue: 3600 }, description: 'How long to wait at most; afterwards the current progress is returned with timedOut: true' },
	]),
	...updateDisplayOptions(show(['getAll']), [
		{
			displayName: 'Filters',
			name: 'filters',
			type: 'collection',
			placeholder: 'Add Filter',
			default: {},
			options: [
				{ displayName: 'Job ID Prefix', name: 'prefix', type: 'string', default: '', placeholder: 'e.g. import/contacts/', description: 'Only jobs whose ID starts with this' },
				{
					displayName: 'Status',
					name: 'status',
					type: 'options',
					options: [
						{ name: 'Canceled', value: 'Canceled' },
						{ name: 'Completed', value: 'Completed' },
						{ name: 'Failed', value: 'Failed' },
						{ name: 'Running', value: 'Running' },
						{ name: 'Terminated', value: 'Terminated' },
						{ name: 'Timed Out', value: 'TimedOut' },
					],
					default: 'Running',
				},
			],
		},
		{ displayName: 'Limit', name: 'limit', type: 'number', default: 50, typeOptions: { minValue: 1 }, description: 'Max number of results to return' },
	]),
];

const otherSystem: Record<SystemName, SystemName> = { bexio: 'lexoffice', lexoffice: 'bexio' };

/**
 * The named options that are set (not empty, zero or false), to spread into a workflow input: an unset one
 * stays absent, so the workflow's default applies. Switches whose false matters pass `isGiven`.
 */
function pickOptions<T extends object, K extends keyof T>(options: T, names: readonly K[], isSet: (value: T[K]) => boolean = Boolean): Partial<Pick<T, K>> {
	const picked: Partial<Pick<T, K>> = {};
	for (const name of names) if (isSet(options[name])) picked[name] = options[name];
	return picked;
}

const isGiven = (value: unknown): boolean => value !== undefined;

/** Reads the import fields of one item into the workflow input (connection references only, no secrets). */
export function readImportInput(this: IExecuteFunctions, i: number): Omit<BulkImportInput, 'state'> {
	const direction = this.getNodeParameter('direction', i) as 'bexioToLexoffice' | 'lexofficeToBexio';
	const sourceSystem: SystemName = direction === 'bexioToLexoffice' ? 'bexio' : 'lexoffice';
	const ref = (system: SystemName, name: string): ConnectionRef => ({
		system,
		id: String(this.getNodeParameter(name, i, '')).trim() || `${system}-default`,
	});
	const options = this.getNodeParameter('importOptions', i, {}) as {
		dryRun?: boolean;
		matchByEmail?: boolean;
		pageSize?: number;
		taxRateMap?: string | Record<string, number>;
		taxPolicy?: TaxPolicy;
		includeDownPayments?: boolean;
		collectiveContact?: boolean;
	};
	const taxRateMap = readTaxRateMap.call(this, options.taxRateMap, i);
	return {
		kind: this.getNodeParameter('kind', i) as ImportKind,
		source: ref(sourceSystem, 'sourceConnection'),
		target: ref(otherSystem[sourceSystem], 'targetConnection'),
		...pickOptions(options, ['dryRun', 'matchByEmail'], isGiven),
		...pickOptions(options, ['pageSize', 'taxPolicy']),
		...(taxRateMap ? { taxRateMap } : {}),
		...(options.includeDownPayments ? { includeDownPayments: true } : {}),
		...(options.collectiveContact ? { collectiveContact: true } : {}),
	};
}

/** A JSON parameter (string or already parsed) of the expected shape; errors name the field. */
function jsonParameter(this: IExecuteFunctions, i: number, name: string, label: string, shape: 'array' | 'object'): unknown {
	let value: unknown = this.getNodeParameter(name, i, shape === 'array' ? '[]' : '{}');
	if (typeof value === 'string') {
		try {
			value = JSON.parse(value || (shape === 'array' ? '[]' : '{}'));
		} catch (error) {
			throw new NodeOperationError(this.getNode(), `'${label}' is not valid JSON: ${(error as Error).message}`, { itemIndex: i });
		}
	}
	const ok = shape === 'array' ? Array.isArray(value) : typeof value === 'object' && value !== null && !Array.isArray(value);
	if (!ok) throw new NodeOperationError(this.getNode(), `'${label}' must be a JSON ${shape}`, { itemIndex: i });
	return value;
}

/** Every input item's JSON: the entries or lines of one job. */
function inputJson(this: IExecuteFunctions): IDataObject[] {
	return this.getInputData().map((item) => item.json);
}

/** Whether the job takes all input items at once (started by the first item only). */
function fromItems(this: IExecuteFunctions, i: number, kind: StartKind): boolean {
	if (kind === 'timesheetSync') return this.getNodeParameter('entriesFrom', i, 'items') === 'items';
	if (kind === 'accountingExport') return this.getNodeParameter('linesFrom', i, 'items') === 'items';
	return false;
}

function bexioRef(this: IExecuteFunctions, i: number): ConnectionRef {
	return { system: 'bexio', id: String(this.getNodeParameter('bexioConnection', i, '')).trim() || 'bexio-default' };
}

/** Reads the timesheet fields of one item into the workflow input (a connection reference, no secrets). */
export function readTimesheetInput(this: IExecuteFunctions, i: number): TimesheetSyncInput {
	const options = this.getNodeParameter('timesheetOptions', i, {}) as { batchSize?: number; emailDomain?: string; salutationType?: 'male' | 'female'; hourlyRate?: number; taxId?: number; title?: string; sourceName?: string };
	const from = this.getNodeParameter('entriesFrom', i, 'items') as 'items' | 'json' | 'url';
	const invoice = pickOptions(options, ['hourlyRate', 'taxId', 'title']);
	const fictionalUsers = pickOptions(options, ['salutationType', 'emailDomain']);
	return {
		connection: bexioRef.call(this, i),
		mode: this.getNodeParameter('timesheetMode', i, 'timesheets') as TimesheetSyncMode,
		...(from === 'url'
			? { source: { format: this.getNodeParameter('sourceFormat', i, 'csv') as 'csv' | 'json', url: String(this.getNodeParameter('sourceUrl', i, '')).trim() } }
			: { entries: from === 'items' ? (inputJson.call(this) as unknown as TimesheetEntry[]) : (jsonParameter.call(this, i, 'entriesJson', 'Entries (JSON)', 'array') as TimesheetEntry[]) }),
		...pickOptions(options, ['sourceName', 'batchSize']),
		...(Object.keys(fictionalUsers).length ? { fictionalUsers } : {}),
		...(Object.keys(invoice).length ? { invoice } : {}),
	};
}

/** Reads the accounting export fields of one item into the workflow input. */
export function readAccountingInput(this: IExecuteFunctions, i: number): AccountingExportInput {
	const options = this.getNodeParameter('exportOptions', i, {}) as { batchSize?: number; creditAccount?: string; debitAccount?: string; dryRun?: boolean; sourceName?: string };
	const defaults = pickOptions(options, ['debitAccount', 'creditAccount']);
	return {
		connection: bexioRef.call(this, i),
		lines: (this.getNodeParameter('linesFrom', i, 'items') === 'items' ? inputJson.call(this) : jsonParameter.call(this, i, 'linesJson', 'Lines (JSON)', 'array')) as BookingLine[],
		accountMap: jsonParameter.call(this, i, 'accountMapJson', 'Account Map (JSON)', 'object') as Record<string, string>,
		...(Object.keys(defaults).length ? { defaults } : {}),
		...pickOptions(options, ['dryRun'], isGiven),
		...pickOptions(options, ['sourceName', 'batchSize']),
	};
}

/** The Tax Rate Map option as rate → rate numbers; an empty map is no map. */
function readTaxRateMap(this: IExecuteFunctions, value: string | Record<string, number> | undefined, i: number): Record<string, number> | undefined {
	if (value === undefined || value === '') return undefined;
	let parsed: unknown = value;
	if (typeof value === 'string') {
		try {
			parsed = JSON.parse(value);
		} catch {
			throw new NodeOperationError(this.getNode(), `Tax Rate Map must be JSON like {"8.1": 19} (got ${value})`, { itemIndex: i });
		}
	}
	if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed) || Object.values(parsed).some((v) => typeof v !== 'number')) {
		throw new NodeOperationError(this.getNode(), 'Tax Rate Map must map rates to numbers, like {"8.1": 19}', { itemIndex: i });
	}
	return Object.keys(parsed).length ? (parsed as Record<string, number>) : undefined;
}

function workflowId(this: IExecuteFunctions, i: number): string {
	return String(this.getNodeParameter('workflowId', i)).trim();
}

type JobExecute = (this: IExecuteFunctions, i: number, client: Client, taskQueue: string) => Promise<IDataObject | IDataObject[]>;

/** Temporal results as plain n8n JSON (dates become ISO strings, undefined fields disappear). */
export const asData = (value: unknown) => JSON.parse(JSON.stringify(value)) as IDataObject;

/** Final result once the job closes within maxWaitMs, or null when it still runs; cancelled and failed jobs report their last progress. */
async function finalState(this: IExecuteFunctions, i: number, client: Client, id: string, maxWaitMs: number): Promise<IDataObject | null> {
	const handle = client.workflow.getHandle<(input: BulkImportInput) => Promise<BulkImportResult>>(id);
	// Fails with WorkflowNotFoundError for an unknown id before any waiting.
	await handle.describe();
	const outcome = await client
		.withAbortSignal(AbortSignal.timeout(maxWaitMs), async () => handle.result())
		.then((result) => ({ result }), (error: unknown) => ({ error }));
	if ('result' in outcome) return { workflowId: id, status: 'COMPLETED', timedOut: false, ...asData(outcome.result) };
	const { status } = await handle.describe();
	if (outcome.error instanceof WorkflowFailedError) {
		const progress = await getProgress(client, id).catch(() => undefined);
		const reason = outcome.error.cause?.message ?? outcome.error.message;
		return { workflowId: id, status: status.name, timedOut: false, reason, ...(progress ? asData(progress) : {}) };
	}
	// The max wait aborted the client's long poll: the job goes on.
	if (status.name === 'RUNNING') return null;
	throw new NodeOperationError(this.getNode(), outcome.error as Error, { itemIndex: i });
}

export const jobExecute: Record<JobOperation, JobExecute> = {
	async start(i, client, taskQueue) {
		const runKey = String(this.getNodeParameter('runKey', i, '')).trim() || this.getExecutionId();
		const kind = this.getNodeParameter('startKind', i, 'bulkImport') as StartKind;
		// All input items form one job: the first item starts it, the others add no output of their own.
		if (i > 0 && fromItems.call(this, i, kind)) return [];
		if (kind === 'timesheetSync') {
			const input = readTimesheetInput.call(this, i);
			const started = await startTimesheetSync(client, { ...input, runKey, taskQueue });
			// The entries stay in the job; the item reports how many were handed over.
			const { entries, ...rest } = input;
			return { ...started, runKey, jobType: kind, ...asData(rest), ...(entries ? { entries: entries.length } : {}) };
		}
		if (kind === 'accountingExport') {
			const input = readAccountingInput.call(this, i);
			const started = await startAccountingExport(client, { ...input, runKey, taskQueue });
			const { lines, ...rest } = input;
			return { ...started, runKey, jobType: kind, ...asData(rest), lines: lines.length };
		}
		const input = readImportInput.call(this, i);
		const started = await startImport(client, { ...input, runKey, taskQueue });
		return { ...started, runKey, ...asData(input) };
	},
	async getProgress(i, client) {
		const id = workflowId.call(this, i);
		const { status } = await client.workflow.getHandle(id).describe();
		return { workflowId: id, status: status.name, ...asData(await getProgress(client, id)) };
	},
	async waitForCompletion(i, client) {
		const id = workflowId.call(this, i);
		const maxWaitMs = Number(this.getNodeParameter('maxWaitSeconds', i, 300)) * 1000;
		const done = await finalState.call(this, i, client, id, maxWaitMs);
		if (done) return done;
		return { workflowId: id, status: 'RUNNING', timedOut: true, ...asData(await getProgress(client, id)) };
	},
	async pause(i, client) {
		const id = workflowId.call(this, i);
		return { workflowId: id, ...asData(await pause(client, id)) };
	},
	async resume(i, client) {
		const id = workflowId.call(this, i);
		return { workflowId: id, ...asData(await resume(client, id)) };
	},
	async cancel(i, client) {
		const id = workflowId.call(this, i);
		await cancel(client, id);
		return { workflowId: id, cancelRequested: true };
	},
	async getAll(i, client) {
		const filters = this.getNodeParameter('filters', i, {}) as { prefix?: string; status?: string };
		const limit = Number(this.getNodeParameter('limit', i, 50));
		const jobs = await listJobs(client, { prefix: filters.prefix || undefined, status: filters.status || undefined, limit, workflowTypes: ['bulkImport', 'timesheetSync', 'accountingExport'] });
		return jobs.map((job) => asData(job));
	},
};
