import { randomUUID } from 'node:crypto';

import { accountingExportResult, startAccountingExport } from '../../temporal/client';
import { createActiveWorkflow, testN8n } from '../helpers/n8n';
import { fastTenant, importWorkers, runWorkersUntil, useImportHarness } from '../helpers/imports';
import { postWhenRegistered } from '../helpers/nodeRunner';
import { records } from '../helpers/sandbox';
import { mailText, type SmtpSink, startSmtpSink, untilMail } from '../helpers/smtpSink';
import { uniqueQueue } from '../helpers/temporal';
import {
	activateTemplate,
	smtpCredential,
	temporalCredential,
	untilJobTriggerPolled,
} from '../helpers/templates';

/**
 * failure-alerts.json in a real n8n: its Job Trigger mails each job that ends with failed records (with
 * the records and reasons) and none for a clean one; as another workflow's Error Workflow, its Error
 * Trigger mails that workflow's failed production execution. Mails arrive at a local SMTP server.
 */

// Poll triggers: n8n has once been seen to skip its cron for minutes, so the waits are generous bounds.
jest.setTimeout(1_500_000);

const h = useImportHarness('template-failure-alerts');
let sink: SmtpSink;
beforeAll(async () => {
	sink = await startSmtpSink();
});
afterAll(async () => {
	await sink?.close();
});

const line = (externalId: string, creditAccount: string) => ({
	externalId,
	date: '2026-11-02',
	amount: 12.5,
	debitAccount: '1000',
	creditAccount,
	description: `Kasse ${externalId}`,
});

describe('failure-alerts.json', () => {
	it('mails each job with failed records once, with the records and reasons, and a failed workflow execution', async () => {
		const bexio = await fastTenant('bexio', 'bexio-alerts');
		const taskQueue = uniqueQueue('template-failure-alerts');
		const temporalApi = await temporalCredential(taskQueue);
		const smtp = await smtpCredential(sink.port, taskQueue);
		const workers = await importWorkers(h.env, h.bundle, taskQueue, [bexio.connection], h.store);
		const alerts = await activateTemplate('failure-alerts.json', { temporalApi, smtp });
		try {
			await runWorkersUntil(workers, async () => {
				// The Job Trigger counts jobs that end after its first scheduled poll.
				await untilJobTriggerPolled(
					alerts.workflowId,
					'When a job fails or has failed records',
					600_000,
				);

				// A clean job (no mail) and one with a line on an account bexio does not know.
				const clean = await startAccountingExport(h.env.client, {
					connection: bexio.ref,
					lines: [line('pos-1', '3200')],
					accountMap: {},
					runKey: 'clean',
					taskQueue,
				});
				const partly = await startAccountingExport(h.env.client, {
					connection: bexio.ref,
					lines: [line('pos-2', '3200'), line('pos-3', 'tips')],
					accountMap: {},
					runKey: 'partly',
					taskQueue,
				});
				expect((await accountingExportResult(h.env.client, clean.workflowId)).stats).toMatchObject({
					created: 1,
					failed: 0,
				});
				const failed = await accountingExportResult(h.env.client, partly.workflowId);
				expect(failed.stats).toMatchObject({ created: 1, failed: 1 });
				expect(await records('bexio', bexio.token, 'manual_entries')).toHaveLength(2);

				// A workflow whose production execution fails, with this template as its error workflow.
				const path = `alerts-${randomUUID()}`;
				await createActiveWorkflow(testN8n(), {
					name: `POS import ${path}`,
					nodes: [
						{
							id: randomUUID(),
							name: 'POS day closed',
							type: 'n8n-nodes-base.webhook',
							typeVersion: 2,
							webhookId: randomUUID(),
							position: [0, 0],
							parameters: { httpMethod: 'POST', path, options: {} },
						},
						{
							id: randomUUID(),
							name: 'Stop the import',
							type: 'n8n-nodes-base.stopAndError',
							typeVersion: 1,
							position: [220, 0],
							parameters: { errorMessage: 'POS export file is empty' },
						},
					],
					connections: {
						'POS day closed': {
							main: [[{ node: 'Stop the import', type: 'main', index: 0 }]],
						},
					},
					settings: { executionOrder: 'v1', errorWorkflow: alerts.workflowId },
				});
				await postWhenRegistered(`${testN8n().url}/webhook/${path}`, '{}');

				// A job mail and a workflow mail.
				await untilMail(sink, 2, 600_000);
				const texts = sink.mails.map(mailText);
				const jobMails = texts.filter((t) =>
					t.includes(`Job ${partly.workflowId} (accountingExport)`),
				);
				expect(jobMails).toHaveLength(1);
				expect(jobMails[0]).toContain('1 records failed');
				expect(jobMails[0]).toContain(`- pos-3: ${failed.failures[0].reason}`);
				expect(texts.some((t) => t.includes(clean.workflowId))).toBe(false);
				const workflowMails = texts.filter((t) => t.includes(`Workflow: POS import ${path}`));
				expect(workflowMails).toHaveLength(1);
				expect(workflowMails[0]).toContain('POS export file is empty');
				expect(workflowMails[0]).toContain('Node: Stop the import');
				expect(sink.mails).toHaveLength(2);
			});
		} finally {
			await alerts.remove();
		}
	});
});
