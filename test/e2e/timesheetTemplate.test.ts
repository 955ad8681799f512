import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { connectBexio } from '../../clients/bexio';
import { deleteSchedule, describeSchedule, type ScheduleSummary } from '../../temporal/schedules';
import type { TimesheetSyncResult } from '../../temporal/shared';

import {
	fastTenant,
	fireSchedule,
	importWorkers,
	runWorkersUntil,
	useImportHarness,
} from '../helpers/imports';
import { records, sandboxUrl } from '../helpers/sandbox';
import { approvalLink, clickApprovalLink } from '../helpers/approvalMail';
import { mailText, type SmtpSink, startSmtpSink, untilMail } from '../helpers/smtpSink';
import { uniqueQueue } from '../helpers/temporal';
import {
	runTemplate,
	smtpCredential,
	temporalCredential,
	untilJobTriggerPolled,
} from '../helpers/templates';

/**
 * time-entries-to-bexio-timesheets.json in a real n8n: "Apply the schedule" puts the timesheet sync on a
 * Temporal Schedule reading the time tracker's CSV (a local HTTP server here); the test stands in for the
 * clock by triggering it. Each plan awaiting approval is mailed once by the Job Trigger through n8n's
 * Send Email "send and wait" (to a local SMTP server); the test clicks the mail's links as the
 * recipient would. Nothing is written before the approval, a plan changed while it waited needs a new
 * one, an unknown person becomes one fictional user, and a re-run writes nothing.
 */

// The Job Trigger polls: n8n has once been seen to skip its cron for minutes, so the waits are generous bounds.
jest.setTimeout(1_800_000);

const h = useImportHarness('template-timesheets');
const SCHEDULE = 'timesheet-sync';
const TRIGGER_NODE = 'When a timesheet plan awaits approval';
const MAIL_WAIT = 600_000;

let sink: SmtpSink;
beforeAll(async () => {
	sink = await startSmtpSink();
});
afterAll(async () => {
	await sink?.close();
});

interface Timesheet {
	user_id: number;
	client_service_id: number;
	pr_project_id: number;
	date: string;
	duration: string;
	text: string;
}

describe('time-entries-to-bexio-timesheets.json', () => {
	it('puts the sync on a schedule, writes only an approved plan (a changed plan mailed and approved again), one fictional user, and a re-run writes nothing without asking', async () => {
		const bexio = await fastTenant('bexio', 'bexio-default');
		const api = connectBexio({ baseUrl: sandboxUrl('bexio'), token: bexio.token });
		const customer = (await api.call('contact.create', {
			body: { contact_type_id: 1, name_1: 'Kunde AG', user_id: 1, owner_id: 1 },
		})) as { id: number };
		const website = (await api.call('project.create', {
			body: {
				name: 'Website',
				pr_state_id: 2,
				pr_project_type_id: 1,
				contact_id: customer.id,
				user_id: 1,
			},
		})) as { id: number };
		const consulting = (await api.call('businessActivity.create', {
			body: { name: 'Beratung', default_is_billable: true, default_price_per_hour: 150 },
		})) as { id: number };

		// The time tracker's CSV export, read by the worker on every plan.
		const rows = [
			'externalId,date,duration,person,project,activity,text',
			't-1,2026-11-16,1:30,rudolph.smith@example.com,Website,Beratung,Workshop',
			't-2,2026-11-16,0:45,Carla Neu,Website,Beratung,Konzept',
		];
		const tracker: Server = createServer((_req, res) => {
			res.writeHead(200, { 'content-type': 'text/csv' });
			res.end(`${rows.join('\n')}\n`);
		});
		await new Promise<void>((r) => tracker.listen(0, '127.0.0.1', r));
		const url = `http://127.0.0.1:${(tracker.address() as AddressInfo).port}/export/time-entries.csv`;

		const taskQueue = uniqueQueue('template-timesheets');
		const smtp = await smtpCredential(sink.port, taskQueue);
		const credentials = { temporalApi: await temporalCredential(taskQueue), smtp };
		const workers = await importWorkers(h.env, h.bundle, taskQueue, [bexio.connection], h.store);
		const timesheets = () => records<Timesheet>('bexio', bexio.token, 'timesheets');
		const fictionalUsers = () =>
			records<{ firstname: string; lastname: string }>('bexio', bexio.token, 'fictional_users');

		const startRun = () => fireSchedule(h.env.client, SCHEDULE);
		const mail = (n: number) => untilMail(sink, n, MAIL_WAIT);
		const result = (workflowId: string) =>
			h.env.client.workflow.getHandle(workflowId).result() as Promise<TimesheetSyncResult>;

		try {
			await runWorkersUntil(workers, async () => {
				await runTemplate('time-entries-to-bexio-timesheets.json', credentials, {
					tailor: (node) =>
						node.name === 'Time entries every evening'
							? { ...node, parameters: { ...node.parameters, sourceUrl: url } }
							: node,
					whileActive: async (workflowId) => {
						const schedule: ScheduleSummary = await describeSchedule(h.env.client, SCHEDULE);
						expect(schedule).toMatchObject({
							workflowType: 'timesheetSync',
							paused: false,
							spec: { cron: ['0 19 * * 1-5'], timezone: 'Europe/Zurich' },
							input: {
								connection: { system: 'bexio', id: 'bexio-default' },
								source: { format: 'csv', url },
								mode: 'timesheets',
								approval: true,
								sourceName: 'timetracker',
							},
						});
						// The Job Trigger reports plans that start waiting after its first scheduled poll.
						await untilJobTriggerPolled(workflowId, TRIGGER_NODE, MAIL_WAIT);

						// The first run plans two timesheets and one fictional user, and writes nothing yet.
						const run = await startRun();
						const first = mailText(await mail(1));
						expect(first).toContain('Timesheets to approve: 2 new, 0 failing');
						expect(first).toContain(`(${run})`);
						expect(await timesheets()).toHaveLength(0);
						expect(await fictionalUsers()).toHaveLength(0);

						// An entry added in the tracker while the plan waits: approving the mailed plan
						// does not write it; the changed plan is mailed again.
						rows.push('t-3,2026-11-17,2:00,Carla Neu,Website,Beratung,Umsetzung');
						await clickApprovalLink(approvalLink(sink.mails[0], true));
						const second = mailText(await mail(2));
						expect(second).toContain('Timesheets to approve: 3 new, 0 failing');
						expect(await timesheets()).toHaveLength(0);

						await clickApprovalLink(approvalLink(sink.mails[1], true));
						const done = await result(run);
						expect(done.stats).toMatchObject({ created: 3, failed: 0 });
						expect(done.approval).toMatchObject({ status: 'approved' });
						const users = await fictionalUsers();
						expect(users.map((u) => [u.firstname, u.lastname])).toEqual([['Carla', 'Neu']]);
						const written = await timesheets();
						expect(
							written
								.map((t) => [t.text, t.date, t.duration, t.client_service_id, t.pr_project_id])
								.sort(),
						).toEqual(
							[
								['Konzept', '2026-11-16', '0:45', consulting.id, website.id],
								['Umsetzung', '2026-11-17', '2:00', consulting.id, website.id],
								['Workshop', '2026-11-16', '1:30', consulting.id, website.id],
							].sort(),
						);
						// Carla's two entries on the one fictional user.
						expect(
							new Set(written.filter((t) => t.text !== 'Workshop').map((t) => t.user_id)).size,
						).toBe(1);

						// A re-run: the plan has nothing new, so the job ends without asking and writes nothing.
						const rerun = await startRun();
						expect(await result(rerun)).toMatchObject({
							stats: { created: 0, unchanged: 3 },
							approval: { status: 'notNeeded' },
						});
						expect(await timesheets()).toHaveLength(3);
						expect(await fictionalUsers()).toHaveLength(1);
						// One mail per plan that awaited approval; the empty plan never awaited it.
						expect(sink.mails).toHaveLength(2);
					},
				});
			});
		} finally {
			await deleteSchedule(h.env.client, SCHEDULE).catch(() => undefined);
			await new Promise<void>((r) => tracker.close(() => r()));
		}
	});
});
