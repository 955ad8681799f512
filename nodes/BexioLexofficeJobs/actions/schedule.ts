import type { Client } from '@temporalio/client';
import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import {
	createSchedule,
	deleteSchedule,
	describeSchedule,
	listSchedules,
	pauseSchedule,
	triggerSchedule,
	unpauseSchedule,
	updateSchedule,
	type JobType,
	type ScheduleOptions,
	type ScheduleSpecInput,
} from '../../../temporal/schedules';
import { updateDisplayOptions } from '../../shared/updateDisplayOptions';
import { asData, importFields, readImportInput } from './job';

export type ScheduleOperation = 'create' | 'delete' | 'get' | 'getAll' | 'pause' | 'trigger' | 'unpause' | 'update';

const show = (operation: ScheduleOperation[], extra: IDataObject = {}) => ({ show: { resource: ['schedule'], operation, ...extra } });

export const scheduleOperations: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['schedule'] } },
	options: [
		{ name: 'Create', value: 'create', action: 'Create a schedule', description: 'Run a job on a timetable, even while n8n is down' },
		{ name: 'Delete', value: 'delete', action: 'Delete a schedule' },
		{ name: 'Get', value: 'get', action: 'Get a schedule', description: 'Timetable, state, next and recent runs' },
		{ name: 'Get Many', value: 'getAll', action: 'List schedules' },
		{ name: 'Pause', value: 'pause', action: 'Pause a schedule', description: 'Stop starting runs until unpaused' },
		{ name: 'Trigger Now', value: 'trigger', action: 'Trigger a schedule now', description: 'Start a run now, outside the timetable' },
		{ name: 'Unpause', value: 'unpause', action: 'Unpause a schedule' },
		{ name: 'Update', value: 'update', action: 'Update a schedule', description: 'Change timetable, input or note' },
	],
	default: 'create',
};

const jobTypeOptions = [
	{ name: 'Accounting Export', value: 'accountingExport' },
	{ name: 'Bulk Import', value: 'bulkImport' },
	{ name: 'Invoice Sync', value: 'invoiceSync' },
	{ name: 'Timesheet Sync', value: 'timesheetSync' },
];

const timetableFields: INodeProperties[] = [
	{ displayName: 'Cron Expressions', name: 'cron', type: 'string', default: '', placeholder: 'e.g. 0 6 * * 1-5', description: 'One or more cron expressions, separated by semicolons or new lines' },
	{ displayName: 'Every (Minutes)', name: 'everyMinutes', type: 'number', default: 0, typeOptions: { minValue: 0 }, description: 'Run every n minutes; 0 means no interval' },
	{ displayName: 'Timezone', name: 'timezone', type: 'string', default: '', placeholder: 'e.g. Europe/Zurich', description: 'IANA zone for the cron expressions; empty means UTC' },
];

const inputJsonField: INodeProperties = {
	displayName: 'Input (JSON)',
	name: 'inputJson',
	type: 'json',
	default: '{}',
	hint: 'e.g. {"source": {"system": "lexoffice", "id": "lexoffice-default"}, "target": {"system": "bexio", "id": "bexio-default"}}',
	description: 'Workflow input of the job as a JSON object. Connections name accounts the worker knows: source and target for an invoice sync, connection (bexio) for a timesheet sync or accounting export.',
};

export const scheduleFields: INodeProperties[] = [
	...updateDisplayOptions(show(['create', 'delete', 'get', 'pause', 'trigger', 'unpause', 'update']), [
		{ displayName: 'Schedule ID', name: 'scheduleId', type: 'string', required: true, default: '', placeholder: 'e.g. nightly-contacts-bexio-default', description: 'ID of the schedule in Temporal' },
	]),
	...updateDisplayOptions(show(['create']), [
		{ displayName: 'Job Type', name: 'jobType', type: 'options', options: jobTypeOptions, default: 'bulkImport' },
		...timetableFields,
	]),
	...updateDisplayOptions(show(['create'], { jobType: ['bulkImport'] }), importFields),
	...updateDisplayOptions(show(['create'], { jobType: ['accountingExport', 'invoiceSync', 'timesheetSync'] }), [inputJsonField]),
	...updateDisplayOptions(show(['create']), [
		{
			displayName: 'Schedule Options',
			name: 'scheduleOptions',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			options: [
				{ displayName: 'Catch-Up Window (Minutes)', name: 'catchupWindowMinutes', type: 'number', default: 60, typeOptions: { minValue: 1 }, description: 'Runs missed during an outage within this window are made up' },
				{ displayName: 'Note', name: 'note', type: 'string', default: '' },
				{ displayName: 'Start Paused', name: 'paused', type: 'boolean', default: false, description: 'Whether the schedule starts paused' },
			],
		},
	]),
	...updateDisplayOptions(show(['update']), [
		{
			displayName: 'Update Fields',
			name: 'updateFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: [
				{ displayName: 'Catch-Up Window (Minutes)', name: 'catchupWindowMinutes', type: 'number', default: 60, typeOptions: { minValue: 1 } },
				...timetableFields,
				{ ...inputJsonField, description: 'Replaces the workflow input of the job' },
				{ displayName: 'Note', name: 'note', type: 'string', default: '' },
			],
		},
	]),
	...updateDisplayOptions(show(['pause', 'unpause']), [
		{ displayName: 'Note', name: 'note', type: 'string', default: '', description: 'Why; shown on the schedule' },
	]),
	...updateDisplayOptions(show(['getAll']), [
		{ displayName: 'Limit', name: 'limit', type: 'number', default: 50, typeOptions: { minValue: 1 }, description: 'Max number of results to return' },
	]),
];

const connectionRefKeys = ['source', 'target'] as const;

/** Parses and checks JSON input for job types the node has no fields for yet; errors name the field. */
export function parseJobInput(this: IExecuteFunctions, i: number, jobType: JobType, raw: unknown): IDataObject {
	let value: unknown = raw;
	if (typeof raw === 'string') {
		try {
			value = JSON.parse(raw || '{}');
		} catch (error) {
			throw new NodeOperationError(this.getNode(), `'Input (JSON)' is not valid JSON: ${(error as Error).message}`, { itemIndex: i });
		}
	}
	if (typeof value !== 'object' || value === null || Array.isArray(value)) {
		throw new NodeOperationError(this.getNode(), "'Input (JSON)' must be a JSON object", { itemIndex: i, description: 'e.g. {"source":{"system":"lexoffice","id":"lexoffice-default"},"target":{"system":"bexio","id":"bexio-default"}}' });
	}
	const input = value as IDataObject;
	if (jobType === 'timesheetSync' || jobType === 'accountingExport') {
		const ref = input.connection as IDataObject | undefined;
		if (!ref || typeof ref !== 'object' || ref.system !== 'bexio' || typeof ref.id !== 'string' || !ref.id) {
			throw new NodeOperationError(this.getNode(), `'Input (JSON)' needs "connection" as a bexio connection: {"system": "bexio", "id": "<connection id>"}`, { itemIndex: i });
		}
	}
	for (const key of connectionRefKeys) {
		const ref = input[key] as IDataObject | undefined;
		if (ref === undefined && jobType !== 'invoiceSync') continue;
		if (!ref || typeof ref !== 'object' || !['bexio', 'lexoffice'].includes(String(ref.system)) || typeof ref.id !== 'string' || !ref.id) {
			throw new NodeOperationError(this.getNode(), `'Input (JSON)' needs "${key}" as a connection: {"system": "bexio" | "lexoffice", "id": "<connection id>"}`, { itemIndex: i });
		}
	}
	return input;
}

function readSpec(values: { cron?: string; everyMinutes?: number; timezone?: string }): ScheduleSpecInput {
	const cron = (values.cron ?? '').split(/[;\n]/).map((c) => c.trim()).filter(Boolean);
	return {
		...(cron.length ? { cron } : {}),
		...(values.everyMinutes ? { everyMinutes: values.everyMinutes } : {}),
		...(values.timezone ? { timezone: values.timezone } : {}),
	};
}

type ScheduleExecute = (this: IExecuteFunctions, i: number, client: Client, taskQueue: string) => Promise<IDataObject | IDataObject[]>;

function scheduleId(this: IExecuteFunctions, i: number): string {
	return String(this.getNodeParameter('scheduleId', i)).trim();
}

export const scheduleExecute: Record<ScheduleOperation, ScheduleExecute> = {
	async create(i, client, taskQueue) {
		const jobType = this.getNodeParameter('jobType', i) as JobType;
		const input = jobType === 'bulkImport' ? readImportInput.call(this, i) : parseJobInput.call(this, i, jobType, this.getNodeParameter('inputJson', i, '{}'));
		const options = this.getNodeParameter('scheduleOptions', i, {}) as Pick<ScheduleOptions, 'catchupWindowMinutes' | 'note' | 'paused'>;
		const spec = readSpec({
			cron: this.getNodeParameter('cron', i, '') as string,
			everyMinutes: this.getNodeParameter('everyMinutes', i, 0) as number,
			timezone: this.getNodeParameter('timezone', i, '') as string,
		});
		return asData(await createSchedule(client, { scheduleId: scheduleId.call(this, i), workflowType: jobType, input, spec, taskQueue, ...options, note: options.note || undefined }));
	},
	async update(i, client) {
		const id = scheduleId.call(this, i);
		const fields = this.getNodeParameter('updateFields', i, {}) as { cron?: string; everyMinutes?: number; timezone?: string; inputJson?: unknown; note?: string; catchupWindowMinutes?: number };
		const changes: Parameters<typeof updateSchedule>[2] = {};
		if (fields.cron !== undefined || fields.everyMinutes !== undefined || fields.timezone !== undefined) {
			// Fields left out keep their current value; an empty cron or 0 minutes removes that part.
			const current = (await describeSchedule(client, id)).spec;
			changes.spec = readSpec({
				cron: fields.cron ?? (current.cron ?? []).join(';'),
				everyMinutes: fields.everyMinutes ?? current.everyMinutes,
				timezone: fields.timezone ?? current.timezone,
			});
		}
		if (fields.inputJson !== undefined) {
			const { workflowType } = await describeSchedule(client, id);
			changes.input = parseJobInput.call(this, i, workflowType as JobType, fields.inputJson);
		}
		if (fields.note !== undefined) changes.note = fields.note;
		if (fields.catchupWindowMinutes !== undefined) changes.catchupWindowMinutes = fields.catchupWindowMinutes;
		return asData(await updateSchedule(client, id, changes));
	},
	async pause(i, client) {
		const id = scheduleId.call(this, i);
		await pauseSchedule(client, id, (this.getNodeParameter('note', i, '') as string) || undefined);
		return asData(await describeSchedule(client, id));
	},
	async unpause(i, client) {
		const id = scheduleId.call(this, i);
		await unpauseSchedule(client, id, (this.getNodeParameter('note', i, '') as string) || undefined);
		return asData(await describeSchedule(client, id));
	},
	async trigger(i, client) {
		const id = scheduleId.call(this, i);
		await triggerSchedule(client, id);
		return { scheduleId: id, triggered: true };
	},
	async delete(i, client) {
		const id = scheduleId.call(this, i);
		await deleteSchedule(client, id);
		return { scheduleId: id, deleted: true };
	},
	async get(i, client) {
		return asData(await describeSchedule(client, scheduleId.call(this, i)));
	},
	async getAll(i, client) {
		const limit = Number(this.getNodeParameter('limit', i, 50));
		return (await listSchedules(client, { limit })).map((s) => asData(s));
	},
};
