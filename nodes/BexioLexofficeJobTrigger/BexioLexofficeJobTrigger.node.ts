import {
	NodeConnectionTypes,
	NodeOperationError,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IPollFunctions,
} from 'n8n-workflow';

import {
	connectFromCredential,
	readTemporalCredential,
	scrub,
} from '../BexioLexofficeJobs/transport';
import { JOB_EVENTS, pollJobs, type JobEvent, type JobPollState } from './poll';

/**
 * Starts a workflow when a durable job ends: Temporal Schedules own the timetable (and keep running while
 * n8n is down); this trigger polls Temporal's visibility and reacts to results (poll.ts: the cursor rules).
 */
export class BexioLexofficeJobTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Bexio Lexoffice Job Trigger',
		name: 'bexioLexofficeJobTrigger',
		icon: {
			light: 'file:../BexioLexofficeJobs/jobs.svg',
			dark: 'file:../BexioLexofficeJobs/jobs.dark.svg',
		},
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["events"].join(", ")}}',
		description:
			'Starts the workflow when a durable bexio/lexoffice job completes, fails, has failed records or awaits approval',
		defaults: { name: 'Bexio Lexoffice Job Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'temporalApi', required: true }],
		properties: [
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				options: [
					{
						name: 'Job Awaits Approval',
						value: 'awaitingApproval',
						description:
							'A job started with Require Approval has a plan ready (its hash, counts and first planned writes)',
					},
					{
						name: 'Job Canceled',
						value: 'canceled',
						description: 'A job was canceled',
					},
					{
						name: 'Job Completed',
						value: 'completed',
						description: 'A job ended with every record written or skipped',
					},
					{
						name: 'Job Completed With Failed Records',
						value: 'failedRecords',
						description: 'A job ended and some records failed (listed with their reasons)',
					},
					{
						name: 'Job Failed',
						value: 'failed',
						description: 'A job failed, timed out or was terminated',
					},
				],
				default: ['failed', 'failedRecords'],
				required: true,
			},
			{
				displayName: 'Job ID Prefix',
				name: 'prefix',
				type: 'string',
				default: '',
				placeholder: 'e.g. invoice-sync/',
				description:
					'Only jobs whose ID starts with this; empty: every job on the worker’s task queue',
			},
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const events = (this.getNodeParameter('events', []) as string[]).filter((e): e is JobEvent =>
			JOB_EVENTS.includes(e as JobEvent),
		);
		if (!events.length)
			throw new NodeOperationError(this.getNode(), 'Choose at least one event under "Events"');
		const prefix = String(this.getNodeParameter('prefix', '')).trim() || undefined;
		const credential = readTemporalCredential(await this.getCredentials('temporalApi'));
		const state = this.getWorkflowStaticData('node') as JobPollState;
		try {
			const client = await connectFromCredential(credential);
			try {
				const manual = this.getMode() === 'manual';
				const items = await pollJobs(
					client,
					{ taskQueue: credential.taskQueue, events, prefix },
					state,
					manual,
				);
				return items.length ? [this.helpers.returnJsonArray(items)] : null;
			} finally {
				await client.connection.close();
			}
		} catch (error) {
			const message = error instanceof Error ? error.message : String(error);
			throw new NodeOperationError(this.getNode(), scrub(message, credential.apiKey));
		}
	}
}
