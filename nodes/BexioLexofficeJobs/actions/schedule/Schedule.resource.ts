import type { INodeProperties } from 'n8n-workflow';

import { updateDisplayOptions } from '../../../shared/updateDisplayOptions';
import type { JobsOperation } from '../common';
import { create } from './create.operation';
import { deleteOp } from './delete.operation';
import { get } from './get.operation';
import { getAll } from './getAll.operation';
import { pause } from './pause.operation';
import { trigger } from './trigger.operation';
import { unpause } from './unpause.operation';
import { update } from './update.operation';

export type ScheduleOperation =
	| 'create'
	| 'delete'
	| 'get'
	| 'getAll'
	| 'pause'
	| 'trigger'
	| 'unpause'
	| 'update';

export const scheduleOperations: Record<ScheduleOperation, JobsOperation> = {
	create,
	delete: deleteOp,
	get,
	getAll,
	pause,
	trigger,
	unpause,
	update,
};

const show = (operation: ScheduleOperation[]) => ({ show: { resource: ['schedule'], operation } });

export const scheduleOperationProperty: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['schedule'] } },
	options: [
		{
			name: 'Create',
			value: 'create',
			action: 'Create a schedule',
			description: 'Run a job on a timetable, even while n8n is down',
		},
		{ name: 'Delete', value: 'delete', action: 'Delete a schedule' },
		{
			name: 'Get',
			value: 'get',
			action: 'Get a schedule',
			description: 'Timetable, state, next and recent runs',
		},
		{ name: 'Get Many', value: 'getAll', action: 'List schedules' },
		{
			name: 'Pause',
			value: 'pause',
			action: 'Pause a schedule',
			description: 'Stop starting runs until unpaused',
		},
		{
			name: 'Trigger Now',
			value: 'trigger',
			action: 'Trigger a schedule now',
			description: 'Start a run now, outside the timetable; while one runs, right after it',
		},
		{ name: 'Unpause', value: 'unpause', action: 'Unpause a schedule' },
		{
			name: 'Update',
			value: 'update',
			action: 'Update a schedule',
			description: 'Change timetable, input or note',
		},
	],
	default: 'create',
};

export const scheduleFields: INodeProperties[] = [
	...updateDisplayOptions(
		show(['create', 'delete', 'get', 'pause', 'trigger', 'unpause', 'update']),
		[
			{
				displayName: 'Schedule ID',
				name: 'scheduleId',
				type: 'string',
				required: true,
				default: '',
				placeholder: 'e.g. nightly-contacts-bexio-default',
				description: 'ID of the schedule in Temporal',
			},
		],
	),
	...create.description,
	...update.description,
	// Pause and Unpause share the note field.
	...updateDisplayOptions(show(['pause', 'unpause']), [
		{
			displayName: 'Note',
			name: 'note',
			type: 'string',
			default: '',
			description: 'Why; shown on the schedule',
		},
	]),
	...getAll.description,
];
