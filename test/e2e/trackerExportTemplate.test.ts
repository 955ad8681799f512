import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';

import { connectBexio } from '../../clients/bexio';
import { createCredential, testN8n } from '../helpers/n8n';
import { fastTenant } from '../helpers/imports';
import { records, sandboxUrl, seed } from '../helpers/sandbox';
import { runTemplate } from '../helpers/templates';

/**
 * bexio-projects-to-time-tracker.json in a real n8n against a time tracker's API (a local HTTP server
 * keeping what it is sent by URL, checking the API key): every bexio customer, project and business
 * activity arrives once under its bexio id, projects name their customer by the same key, and a re-run
 * replaces each record with the same content instead of adding any.
 */

jest.setTimeout(300_000);

interface Tracker {
	server: Server;
	url: string;
	/** The records as the tracker keeps them, by path. */
	records: Map<string, Record<string, unknown>>;
	/** Requests without the right key, refused. */
	refused: number;
}

async function startTracker(apiKey: string): Promise<Tracker> {
	const tracker = { records: new Map(), refused: 0 } as Tracker;
	tracker.server = createServer((req, res) => {
		let body = '';
		req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
		req.on('end', () => {
			if (req.headers['x-api-key'] !== apiKey) {
				tracker.refused += 1;
				res.writeHead(401).end();
				return;
			}
			if (req.method !== 'PUT') {
				res.writeHead(405).end();
				return;
			}
			const path = (req.url ?? '').replace(/^\/api/, '');
			const created = !tracker.records.has(path);
			tracker.records.set(path, JSON.parse(body) as Record<string, unknown>);
			res.writeHead(created ? 201 : 200, { 'content-type': 'application/json' });
			res.end(body);
		});
	});
	await new Promise<void>((r) => tracker.server.listen(0, '127.0.0.1', r));
	tracker.url = `http://127.0.0.1:${(tracker.server.address() as AddressInfo).port}/api`;
	return tracker;
}

describe('bexio-projects-to-time-tracker.json', () => {
	it('sends every bexio customer, project and business activity once under its bexio id, projects linked to their customer; a re-run changes nothing', async () => {
		const bexio = await fastTenant('bexio', 'bexio-tracker');
		const api = connectBexio({ baseUrl: sandboxUrl('bexio'), token: bexio.token });
		const customers = (await seed('bexio', bexio.token, 'contacts', 2)) as { ids: number[] };
		for (const [i, name] of ['Website', 'Support'].entries())
			await api.call('project.create', {
				body: {
					name,
					pr_state_id: 2,
					pr_project_type_id: 1,
					contact_id: customers.ids[i],
					user_id: 1,
				},
			});
		await api.call('businessActivity.create', {
			body: { name: 'Beratung', default_is_billable: true, default_price_per_hour: 150 },
		});
		const apiKey = randomUUID();
		const tracker = await startTracker(apiKey);
		const credentials = {
			bexioApi: await createCredential(testN8n(), `bexio ${apiKey}`, 'bexioApi', {
				accessToken: bexio.token,
				baseUrl: sandboxUrl('bexio'),
			}),
			httpHeaderAuth: await createCredential(testN8n(), `tracker ${apiKey}`, 'httpHeaderAuth', {
				name: 'X-Api-Key',
				value: apiKey,
			}),
		};
		const run = () =>
			runTemplate('bexio-projects-to-time-tracker.json', credentials, {
				trigger: 'Every night at 01:00',
				tailor: (node) =>
					node.name === 'Time tracker'
						? {
								...node,
								parameters: {
									...node.parameters,
									assignments: {
										assignments: [
											{ id: 'base', name: 'baseUrl', value: tracker.url, type: 'string' },
										],
									},
								},
							}
						: node,
			});

		try {
			const contacts = await records<{ id: number; nr: string; name_1: string }>(
				'bexio',
				bexio.token,
				'contacts',
			);
			const projects = await records<{ id: number; nr: string; name: string; contact_id: number }>(
				'bexio',
				bexio.token,
				'projects',
			);
			const activities = await records<{ id: number; name: string }>(
				'bexio',
				bexio.token,
				'client_services',
			);

			const [summary] = await run();
			expect(summary).toEqual({
				customers: contacts.length,
				projects: projects.length,
				activities: activities.length,
			});
			const expected = new Map<string, Record<string, unknown>>([
				...contacts.map(
					(c) =>
						[
							`/customers/bexio-contact-${c.id}`,
							expect.objectContaining({
								name: expect.stringContaining(c.name_1),
								number: c.nr,
								externalId: `bexio-contact-${c.id}`,
							}),
						] as const,
				),
				...projects.map(
					(p) =>
						[
							`/projects/bexio-project-${p.id}`,
							{
								name: p.name,
								number: p.nr,
								customer: `bexio-contact-${p.contact_id}`,
								externalId: `bexio-project-${p.id}`,
							},
						] as const,
				),
				...activities.map(
					(a) =>
						[
							`/activities/bexio-activity-${a.id}`,
							expect.objectContaining({ name: a.name, externalId: `bexio-activity-${a.id}` }),
						] as const,
				),
			]);
			expect([...tracker.records.keys()].sort()).toEqual([...expected.keys()].sort());
			for (const [path, record] of expected) expect(tracker.records.get(path)).toEqual(record);
			expect(
				tracker.records.get(`/activities/bexio-activity-${activities.at(-1)!.id}`),
			).toMatchObject({
				name: 'Beratung',
				billable: true,
				hourlyRate: 150,
			});
			// Each project's customer is one the tracker has.
			for (const p of projects)
				expect(tracker.records.has(`/customers/bexio-contact-${p.contact_id}`)).toBe(true);

			// A re-run replaces each record with the same content: nothing added, nothing changed.
			const before = JSON.stringify([...tracker.records.entries()].sort());
			await run();
			expect(JSON.stringify([...tracker.records.entries()].sort())).toBe(before);
			expect(tracker.refused).toBe(0);
		} finally {
			await new Promise<void>((r) => tracker.server.close(() => r()));
		}
	});
});
