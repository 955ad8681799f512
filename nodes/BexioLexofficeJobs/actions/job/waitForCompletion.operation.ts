import { WorkflowFailedError, type Client } from '@temporalio/client';
import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { getProgress } from '../../../../temporal/client';
import type { BulkImportInput, BulkImportResult } from '../../../../temporal/shared';
import { updateDisplayOptions } from '../../../shared/updateDisplayOptions';
import { asData, readWorkflowId, type JobsOperation } from '../common';

/** Final result once the job closes within maxWaitMs, or null when it still runs; cancelled and failed jobs report their last progress. */
async function finalState(
	this: IExecuteFunctions,
	i: number,
	client: Client,
	id: string,
	maxWaitMs: number,
): Promise<IDataObject | null> {
	const handle =
		client.workflow.getHandle<(input: BulkImportInput) => Promise<BulkImportResult>>(id);
	// Fails with WorkflowNotFoundError for an unknown id before any waiting.
	await handle.describe();
	const outcome = await client
		.withAbortSignal(AbortSignal.timeout(maxWaitMs), async () => handle.result())
		.then(
			(result) => ({ result }),
			(error: unknown) => ({ error }),
		);
	const { status, runId } = await handle.describe();
	if ('result' in outcome)
		return {
			workflowId: id,
			runId,
			status: 'COMPLETED',
			timedOut: false,
			...asData(outcome.result),
		};
	if (outcome.error instanceof WorkflowFailedError) {
		const progress = await getProgress(client, id).catch(() => undefined);
		const reason = outcome.error.cause?.message ?? outcome.error.message;
		return {
			workflowId: id,
			runId,
			status: status.name,
			timedOut: false,
			reason,
			...(progress ? asData(progress) : {}),
		};
	}
	// The max wait aborted the client's long poll: the job goes on.
	if (status.name === 'RUNNING') return null;
	throw new NodeOperationError(this.getNode(), outcome.error as Error, { itemIndex: i });
}

export const waitForCompletion: JobsOperation = {
	description: updateDisplayOptions(
		{ show: { resource: ['job'], operation: ['waitForCompletion'] } },
		[
			{
				displayName: 'Max Wait (Seconds)',
				name: 'maxWaitSeconds',
				type: 'number',
				default: 300,
				typeOptions: { minValue: 1, maxValue: 3600 },
				description:
					'How long to wait at most; afterwards the current progress is returned with timedOut: true',
			},
		],
	),
	async execute(i, client) {
		const id = readWorkflowId.call(this, i);
		const maxWaitMs = Number(this.getNodeParameter('maxWaitSeconds', i, 300)) * 1000;
		const done = await finalState.call(this, i, client, id, maxWaitMs);
		if (done) return done;
		return {
			workflowId: id,
			status: 'RUNNING',
			timedOut: true,
			...asData(await getProgress(client, id)),
		};
	},
};
