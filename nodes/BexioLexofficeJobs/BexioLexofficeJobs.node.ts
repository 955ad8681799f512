import {
	NodeConnectionTypes,
	type ICredentialTestFunctions,
	type ICredentialsDecrypted,
	type IExecuteFunctions,
	type INodeCredentialTestResult,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { jobFields, jobOperations } from './actions/job';
import { router } from './actions/router';
import { scheduleFields, scheduleOperations } from './actions/schedule';
import { connectFromCredential, readTemporalCredential, scrub } from './transport';

export class BexioLexofficeJobs implements INodeType {
	description: INodeTypeDescription = {
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
			jobOperations,
			scheduleOperations,
			...jobFields,
			...scheduleFields,
		],
	};

	methods = {
		credentialTest: {
			// Temporal speaks gRPC, so n8n's HTTP credential test cannot reach it: connect and describe the namespace.
			async temporalConnectionTest(this: ICredentialTestFunctions, credential: ICredentialsDecrypted): Promise<INodeCredentialTestResult> {
				const settings = readTemporalCredential(credential.data ?? {});
				try {
					const client = await connectFromCredential(settings);
					try {
						await client.workflowService.describeNamespace({ namespace: settings.namespace });
					} finally {
						await client.connection.close();
					}
					return { status: 'OK', message: `Connected to ${settings.address}, namespace "${settings.namespace}"` };
				} catch (error) {
					return { status: 'Error', message: scrub(error instanceof Error ? error.message : String(error), settings.apiKey) };
				}
			},
		},
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [await router.call(this, { continueOnFail: this.continueOnFail() })];
	}
}
