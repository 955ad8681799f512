import type { INodeProperties } from 'n8n-workflow';

import { updateDisplayOptions } from '../../../shared/updateDisplayOptions';
import type { JobsOperation } from '../common';
import { approve } from './approve.operation';
import { cancel } from './cancel.operation';
import { getAll } from './getAll.operation';
import { getProgress } from './getProgress.operation';
import { pause } from './pause.operation';
import { reject } from './reject.operation';
import { resume } from './resume.operation';
import { start } from './start.operation';
import { waitForCompletion } from './waitForCompletion.operation';

export type JobOperation =
	| 'approve'
	| 'cancel'
	| 'getAll'
	| 'getProgress'
	| 'pause'
	| 'reject'
	| 'resume'
	| 'start'
	| 'waitForCompletion';

export const jobOperations: Record<JobOperation, JobsOperation> = {
	approve,
	cancel,
	getAll,
	getProgress,
	pause,
	reject,
	resume,
	start,
	waitForCompletion,
};

export const jobOperationProperty: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['job'] } },
	options: [
		{
			name: 'Approve',
			value: 'approve',
			action: 'Approve the plan of a job',
			description: 'Jobs started with Require Approval: write the plan named by its hash',
		},
		{
			name: 'Cancel',
			value: 'cancel',
			action: 'Cancel a job',
			description: 'Stop a job; it keeps its statistics',
		},
		{
			name: 'Get Many',
			value: 'getAll',
			action: 'List jobs',
			description: 'List jobs, newest first',
		},
		{
			name: 'Get Progress',
			value: 'getProgress',
			action: 'Get progress of a job',
			description: 'Statistics, phase, rate and ETA of a job',
		},
		{
			name: 'Pause',
			value: 'pause',
			action: 'Pause a job',
			description: 'Bulk imports: stop after the current page until resumed',
		},
		{
			name: 'Reject',
			value: 'reject',
			action: 'Reject the plan of a job',
			description: 'Jobs started with Require Approval: end the job without writing',
		},
		{
			name: 'Resume',
			value: 'resume',
			action: 'Resume a job',
			description: 'Bulk imports: go on with a paused job',
		},
		{
			name: 'Start',
			value: 'start',
			action: 'Start a job',
			description:
				'Start a bulk import, timesheet sync, accounting export or reconciliation, or attach to the running one with the same run key',
		},
		{
			name: 'Wait for Completion',
			value: 'waitForCompletion',
			action: 'Wait for a job to complete',
			description: 'Wait a bounded time for a job to finish',
		},
	],
	default: 'start',
};

/** Every operation on one existing job names it the same way. */
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
	...start.description,
	...updateDisplayOptions(
		{
			show: {
				resource: ['job'],
				operation: [
					'approve',
					'cancel',
					'getProgress',
					'pause',
					'reject',
					'resume',
					'waitForCompletion',
				],
			},
		},
		[workflowIdField],
	),
	...approve.description,
	...reject.description,
	...waitForCompletion.description,
	...getAll.description,
];
