import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { untilState } from './wait';

// Plain CommonJS set-up script shared with `npm start` (it must run before dependencies exist).
// eslint-disable-next-line @typescript-eslint/no-require-imports -- untyped plain JS helper
const { ensureN8n, installIntoUserFolder } = require('../../scripts/n8n') as {
	ensureN8n(): { node: string; bin: string };
	installIntoUserFolder(userFolder: string, env: Record<string, string>): Promise<unknown>;
};

export const PACKAGE_NAME = 'n8n-nodes-bexio-lexoffice';
const ENCRYPTION_KEY = 'test-encryption-key-not-secret';

export interface N8nInstance {
	url: string;
	apiKey: string;
	userFolder: string;
	logs(): string;
	/** Stops n8n; `keepData` keeps the user folder (database, static data) for a restart. */
	stop(options?: { keepData?: boolean }): Promise<void>;
}

/** The same n8n again (same user folder, port and API key) after `stop({ keepData: true })`. */
export function restartN8n(
	stopped: N8nInstance,
	env: Record<string, string> = {},
): Promise<N8nInstance> {
	return startN8n(env, stopped);
}

export function freePort(): Promise<number> {
	return new Promise((res, rej) => {
		const server = createServer();
		server.once('error', rej);
		server.listen(0, '127.0.0.1', () => {
			const port = (server.address() as { port: number }).port;
			server.close(() => res(port));
		});
	});
}

/**
 * A real n8n with this package installed the way users install community nodes
 * (`<user folder>/.n8n/nodes/node_modules/<package>`), an owner account and a public-API key.
 * The package must be built (`npm run build`) first.
 */
export async function startN8n(
	env: Record<string, string> = {},
	restartOf?: N8nInstance,
): Promise<N8nInstance> {
	const { node, bin } = ensureN8n();
	const userFolder = restartOf?.userFolder ?? mkdtempSync(join(tmpdir(), 'blx-n8n-'));
	if (!restartOf) await installIntoUserFolder(userFolder, { N8N_ENCRYPTION_KEY: ENCRYPTION_KEY });

	const port = restartOf ? Number(new URL(restartOf.url).port) : await freePort();
	// The task runner broker has a port of its own (default 5679): a free one, so instances never collide.
	const runnersPort = await freePort();
	const url = `http://127.0.0.1:${port}`;
	let output = '';
	const child: ChildProcess = spawn(node, [bin, 'start'], {
		env: {
			...process.env,
			// Jest sets NODE_ENV=test, which n8n reads as its own test mode.
			NODE_ENV: 'production',
			N8N_USER_FOLDER: userFolder,
			N8N_ENCRYPTION_KEY: ENCRYPTION_KEY,
			N8N_PORT: String(port),
			N8N_RUNNERS_BROKER_PORT: String(runnersPort),
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			N8N_WEBHOOK_URL: `${url}/`,
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_SECURE_COOKIE: 'false',
			N8N_PUBLIC_API_SWAGGERUI_DISABLED: 'true',
			DB_SQLITE_POOL_SIZE: '2',
			EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
			...env,
		},
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
	child.stderr?.on('data', (d: Buffer) => (output += d.toString()));

	const stop = async (options: { keepData?: boolean } = {}) => {
		if (child.exitCode === null) {
			child.kill('SIGTERM');
			await new Promise((r) => {
				const t = setTimeout(() => {
					child.kill('SIGKILL');
					r(undefined);
				}, 10_000);
				child.once('exit', () => {
					clearTimeout(t);
					r(undefined);
				});
			});
		}
		if (!options.keepData) rmSync(userFolder, { recursive: true, force: true });
	};

	try {
		await waitFor(
			async () => (await fetch(`${url}/healthz/readiness`)).ok,
			180,
			() => child.exitCode !== null,
			() => output,
		);
		const apiKey = restartOf?.apiKey ?? (await createOwnerAndApiKey(url));
		return { url, apiKey, userFolder, logs: () => output, stop };
	} catch (error) {
		await stop();
		throw error;
	}
}

async function waitFor(
	check: () => Promise<boolean>,
	seconds: number,
	died: () => boolean,
	logs: () => string,
): Promise<void> {
	for (let i = 0; i < seconds * 2; i++) {
		if (died()) throw new Error(`n8n exited during start-up:\n${logs().slice(-3000)}`);
		try {
			if (await check()) return;
		} catch {
			// not listening yet
		}
		await new Promise((r) => setTimeout(r, 500));
	}
	throw new Error(`n8n did not become ready:\n${logs().slice(-3000)}`);
}

/** The owner account of every test n8n (also used to log in as the editor does, see test/helpers/editor.ts). */
export const OWNER = {
	email: 'ops@example.com',
	firstName: 'Ops',
	lastName: 'Team',
	password: 'Example-Passw0rd',
};

async function createOwnerAndApiKey(url: string): Promise<string> {
	const setup = await fetch(`${url}/rest/owner/setup`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(OWNER),
	});
	if (!setup.ok) throw new Error(`owner setup failed: ${setup.status} ${await setup.text()}`);
	const cookie = (setup.headers.get('set-cookie') ?? '').split(';')[0];
	const scopes = (await (
		await fetch(`${url}/rest/api-keys/scopes`, { headers: { cookie } })
	).json()) as { data: string[] };
	const created = await fetch(`${url}/rest/api-keys`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', cookie },
		body: JSON.stringify({ label: 'tests', scopes: scopes.data, expiresAt: null }),
	});
	const body = (await created.json()) as { data: { rawApiKey?: string; apiKey?: string } };
	const key = body.data.rawApiKey ?? body.data.apiKey;
	if (!key) throw new Error('n8n returned no API key');
	return key;
}

/** Calls n8n's public API (`/api/v1`). */
export async function n8nApi<T>(
	n8n: N8nInstance,
	method: string,
	path: string,
	body?: unknown,
): Promise<T> {
	const res = await fetch(`${n8n.url}/api/v1${path}`, {
		method,
		headers: {
			'X-N8N-API-KEY': n8n.apiKey,
			...(body === undefined ? {} : { 'content-type': 'application/json' }),
		},
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await res.text();
	if (!res.ok) throw new Error(`n8n ${method} ${path} answered ${res.status}: ${text}`);
	return (text ? JSON.parse(text) : undefined) as T;
}

export async function createCredential(
	n8n: N8nInstance,
	name: string,
	type: string,
	data: Record<string, unknown>,
): Promise<{ id: string; name: string }> {
	return n8nApi(n8n, 'POST', '/credentials', { name, type, data });
}

/** Creates and activates a workflow; returns its id. */
export async function createActiveWorkflow(
	n8n: N8nInstance,
	workflow: Record<string, unknown>,
): Promise<string> {
	const { id } = await n8nApi<{ id: string }>(n8n, 'POST', '/workflows', {
		name: workflow.name,
		nodes: workflow.nodes,
		connections: workflow.connections,
		settings: workflow.settings ?? { executionOrder: 'v1' },
	});
	await n8nApi(n8n, 'POST', `/workflows/${id}/activate`);
	return id;
}

/**
 * Deactivates and deletes a workflow. A delete alone does not unpublish an active workflow in n8n 2.x:
 * its triggers would keep polling and its webhook paths stay taken for the rest of the run.
 */
export async function removeWorkflow(n8n: N8nInstance, id: string): Promise<void> {
	await n8nApi(n8n, 'POST', `/workflows/${id}/deactivate`).catch(() => undefined);
	await n8nApi(n8n, 'DELETE', `/workflows/${id}`).catch(() => undefined);
}

/** A workflow's executions, with their data. */
export async function workflowExecutions(
	n8n: N8nInstance,
	workflowId: string,
): Promise<Array<Record<string, unknown>>> {
	return (
		await n8nApi<{ data: Array<Record<string, unknown>> }>(
			n8n,
			'GET',
			`/executions?workflowId=${workflowId}&includeData=true`,
		)
	).data;
}

/**
 * Waits (bounded) until the workflow's saved static data satisfies `done`. n8n saves a trigger's static
 * data after the webhook answered, so a test that restarts n8n waits for the save, not for the answer.
 */
export async function untilStaticData(
	n8n: N8nInstance,
	workflowId: string,
	done: (staticData: unknown) => boolean,
	timeoutMs = 60_000,
): Promise<void> {
	const read = async () => {
		const { staticData } = await n8nApi<{ staticData?: unknown }>(
			n8n,
			'GET',
			`/workflows/${workflowId}`,
		);
		return typeof staticData === 'string' ? (JSON.parse(staticData) as unknown) : staticData;
	};
	await untilState(`workflow ${workflowId}: its static data saved`, read, done, timeoutMs, 200);
}

/** The n8n that globalSetup started for this jest run. */
export function testN8n(): N8nInstance {
	const url = process.env.N8N_TEST_URL;
	const apiKey = process.env.N8N_TEST_API_KEY;
	if (!url || !apiKey)
		throw new Error('N8N_TEST_URL missing: run node tests through jest (globalSetup starts n8n)');
	return {
		url,
		apiKey,
		userFolder: '',
		logs: () => '',
		stop: async () => undefined,
	};
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface ExecutionWithData {
	data?: {
		resultData?: {
			runData?: Record<
				string,
				Array<{ data?: { main?: Array<Array<{ json: Record<string, unknown> }>> } }>
			>;
		};
	};
}

/** The items one node emitted, per execution of a workflow (newest first, as n8n lists them). */
export async function emittedItems(
	n8n: N8nInstance,
	workflowId: string,
	node: string,
): Promise<Array<Array<Record<string, unknown>>>> {
	const res = await n8nApi<{ data: ExecutionWithData[] }>(
		n8n,
		'GET',
		`/executions?workflowId=${workflowId}&includeData=true&limit=100`,
	);
	return res.data
		.map((e) => e.data?.resultData?.runData?.[node]?.[0]?.data?.main?.[0]?.map((i) => i.json))
		.filter((items): items is Array<Record<string, unknown>> => Array.isArray(items));
}

/**
 * Waits by state, not by clock, until `polled()` reports true; n8n polls at most once a minute. The bound
 * (five of n8n's minutes) only turns a poll that never comes into a failure that says what was seen.
 */
export async function untilPolled(
	polled: () => Promise<boolean>,
	what: string,
	seen: () => Promise<string> = async () => '',
): Promise<void> {
	for (let i = 0; i < 300; i++) {
		if (await polled()) return;
		await sleep(1000);
	}
	throw new Error(`n8n did not poll: ${what} ${await seen()}`);
}

/**
 * Waits (bounded; a timeout fails the test) until a node's executions together emitted every id of
 * `expected`; answers how often each id was emitted. n8n gives each "every minute" poll its own random
 * second, so changes may arrive split over several executions: only the union is asserted.
 */
export async function untilEmittedIds(
	n8n: N8nInstance,
	workflowId: string,
	node: string,
	expected: string[],
	timeoutMs = 150_000,
): Promise<Map<string, number>> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const counts = new Map<string, number>();
		for (const run of await emittedItems(n8n, workflowId, node))
			for (const item of run) counts.set(String(item.id), (counts.get(String(item.id)) ?? 0) + 1);
		if (expected.every((id) => counts.has(id))) return counts;
		if (Date.now() > deadline)
			throw new Error(
				`${node} emitted ${[...counts.keys()].join(', ') || 'nothing'}, not all of ${expected.join(', ')}`,
			);
		await sleep(1000);
	}
}

/** Waits (bounded) until no execution of the workflow is running, as n8n reports it. */
export async function untilExecutionsSettled(n8n: N8nInstance, workflowId: string): Promise<void> {
	for (let i = 0; i < 120; i++) {
		const res = await n8nApi<{ data: Array<{ status?: string; finished?: boolean }> }>(
			n8n,
			'GET',
			`/executions?workflowId=${workflowId}&limit=100`,
		);
		if (res.data.every((e) => e.status !== 'running' && e.status !== 'new')) return;
		await sleep(500);
	}
	throw new Error(`executions of ${workflowId} still running`);
}
