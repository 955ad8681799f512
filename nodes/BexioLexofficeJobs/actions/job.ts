import { WorkflowFailedError, type Client } from '@temporalio/client';
import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { cancel, getProgress, listJobs, pause, resume, startImport } from '../../../temporal/client';
import type { BulkImportInput, BulkImportResult, ConnectionRef, ImportKind, SystemName } from '../../../temporal/shared';
import { updateDisplayOptions } from '../../shared/updateDisplayOptions';

export type JobOperation = 'cancel' | 'getAll' | 'getProgress' | 'pause' | 'resume' | 'start' | 'waitForCompletion';

const show = (operation: JobOperation[]) => ({ show: { resource: ['job'], operation } });

export const jobOperations: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['job'] } },
	options: [
		{ name: 'Cancel', value: 'cancel', action: 'Cancel a job', description: 'Stop a job; it keeps its statistics' },
		{ name: 'Get Many', value: 'getAll', action: 'List jobs', description: 'List import jobs, newest first' },
		{ name: 'Get Progress', value: 'getProgress', action: 'Get progress of a job', description: 'Statistics, phase, rate and ETA of a job' },
		{ name: 'Pause', value: 'pause', action: 'Pause a job', description: 'Stop after the current page until resumed' },
		{ name: 'Resume', value: 'resume', action: 'Resume a job', description: 'Go on with a paused job' },
		{ name: 'Start', value: 'start', action: 'Start a bulk import', description: 'Start a bulk import, or attach to the running one with the same run key' },
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

export const jobFields: INodeProperties[] = [
	...updateDisplayOptions(show(['start']), importFields),
	...updateDisplayOptions(show(['start']), [
		{
			displayName: 'Run Key',
			name: 'runKey',
			type: 'string',
			default: '',
			description: 'Names this run. Empty means the n8n execution ID. A start whose run key names a running import attaches to it instead of starting a second one.',
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
		includeDownPayments?: boolean;
		collectiveContact?: boolean;
	};
	const taxRateMap = readTaxRateMap.call(this, options.taxRateMap, i);
	return {
		kind: this.getNodeParameter('kind', i) as ImportKind,
		source: ref(sourceSystem, 'sourceConnection'),
		target: ref(otherSystem[sourceSystem], 'targetConnection'),
		...(options.dryRun !== undefined ? { dryRun: options.dryRun } : {}),
		...(options.matchByEmail !== undefined ? { matchByEmail: options.matchByEmail } : {}),
		...(options.pageSize ? { pageSize: options.pageSize } : {}),
		...(taxRateMap ? { taxRateMap } : {}),
		...(options.includeDownPayments ? { includeDownPayments: true } : {}),
		...(options.collectiveContact ? { collectiveContact: true } : {}),
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
		const jobs = await listJobs(client, { prefix: filters.prefix || undefined, status: filters.status || undefined, limit });
		return jobs.map((job) => asData(job));
	},
};
