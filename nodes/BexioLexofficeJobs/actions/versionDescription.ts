import { NodeConnectionTypes, type INodeTypeDescription } from 'n8n-workflow';

import { jobFields, jobOperationProperty } from './job/Job.resource';
import { scheduleFields, scheduleOperationProperty } from './schedule/Schedule.resource';

export const versionDescription: INodeTypeDescription = {
	displayName: 'Bexio Lexoffice Jobs',
	name: 'bexioLexofficeJobs',
	icon: { light: 'file:jobs.svg', dark: 'file:jobs.dark.svg' },
	group: ['transform'],
	version: 1,
	subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
	description: 'Start, watch, pause and schedule durable bexio/lexoffice jobs on Temporal',
	defaults: { name: 'Bexio Lexoffice Jobs' },
	usableAsTool: true,
	inputs: [NodeConnectionTypes.Main],
	outputs: [NodeConnectionTypes.Main],
	credentials: [{ name: 'temporalApi', required: true, testedBy: 'temporalConnectionTest' }],
	properties: [
		{
			displayName: 'Resource',
			name: 'resource',
			type: 'options',
			noDataExpression: true,
			options: [
				{ name: 'Job', value: 'job' },
				{ name: 'Schedule', value: 'schedule' },
			],
			default: 'job',
		},
		jobOperationProperty,
		scheduleOperationProperty,
		...jobFields,
		...scheduleFields,
	],
};
