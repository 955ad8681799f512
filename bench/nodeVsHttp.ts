import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import {
	PACKAGE_NAME,
	createActiveWorkflow,
	createCredential,
	n8nApi,
	startN8n,
	type N8nInstance,
} from '../test/helpers/n8n';
import { postWhenRegistered } from '../test/helpers/nodeRunner';
import { admin, requestCounts, type Stack } from './stack';

/**
 * p6: one job (create N lexoffice contacts from N items) run twice at once on one lexoffice account at
 * its real limit (2 requests/s), under the fault profile of chaos r1 (5xx before and after the write,
 * connection resets before and after it, slow answers, a burst of 429s every 15 s), in one real n8n:
 * once with our Lexoffice node (default settings), once with n8n's HTTP Request node set up as its docs
 * suggest for rate-limited APIs (batching of one item per 500 ms, Retry On Fail with 5 tries 5 s apart).
 * Repeated; an item counts as successful when the sandbox stored its contact exactly once, so lost and
 * duplicated items are failed whatever n8n reports.
 */

export interface NodeVsHttpFigures {
	items: number;
	repetitions: number;
	p6_failed_items_ours: number;
	p6_failed_items_http: number;
	/** Mean over the repetitions of (our successful items per second ÷ the HTTP Request node's). */
	p6_node_vs_http_ratio: number | null;
	/** Sample standard deviation of that ratio over the repetitions. */
	p6_node_vs_http_ratio_spread: number | null;
	runs: Array<{ repetition: number; ours: VariantRun; http: VariantRun; ratio: number | null }>;
}

export interface VariantRun {
	expected: number;
	stored: number;
	missing: number;
	duplicated: number;
	successful: number;
	seconds: number;
	itemsPerSecond: number;
	executionStatus: string[];
	status429: number;
	injected: Record<string, number>;
}

const root = join(__dirname, '..');
/** lexoffice's published limit; our node paces each credential to it by default. */
const LEXOFFICE_PER_SECOND = 2;
/** chaos r1's fault profile (test/chaos/chaos.test.ts), lexoffice side. */
const FAULTS = {
	error5xxRate: 0.07,
	lostResponseRate: 0.03,
	resetRate: 0.02,
	resetAfterApplyRate: 0.01,
	latencyMs: 20,
};
const BURST_429 = 3;
const BURST_EVERY_MS = 15_000;
const EXECUTIONS = 2;

export async function measureNodeVsHttp(
	stack: Stack,
	options: { items: number; repetitions: number; log(line: string): void },
): Promise<NodeVsHttpFigures> {
	const { items, repetitions, log } = options;
	const n8n = await buildAndStartN8n('p6', log);
	try {
		const runs: NodeVsHttpFigures['runs'] = [];
		for (let repetition = 1; repetition <= repetitions; repetition++) {
			const ours = await runVariant(stack, n8n, 'ours', repetition, items);
			log(`  repetition ${repetition}, our node: ${describe(ours)}`);
			const http = await runVariant(stack, n8n, 'http', repetition, items);
			log(`  repetition ${repetition}, HTTP Request node: ${describe(http)}`);
			runs.push({
				repetition,
				ours,
				http,
				ratio: http.itemsPerSecond > 0 ? round(ours.itemsPerSecond / http.itemsPerSecond) : null,
			});
		}
		const ratios = runs.map((r) => r.ratio).filter((r): r is number => r !== null);
		const mean = ratios.length ? ratios.reduce((a, b) => a + b, 0) / ratios.length : null;
		const spread =
			mean !== null && ratios.length > 1
				? Math.sqrt(ratios.reduce((a, r) => a + (r - mean) ** 2, 0) / (ratios.length - 1))
				: null;
		return {
			items,
			repetitions,
			p6_failed_items_ours: runs.reduce((a, r) => a + r.ours.expected - r.ours.successful, 0),
			p6_failed_items_http: runs.reduce((a, r) => a + r.http.expected - r.http.successful, 0),
			p6_node_vs_http_ratio: mean === null ? null : round(mean),
			p6_node_vs_http_ratio_spread: spread === null ? null : round(spread),
			runs,
		};
	} finally {
		await n8n.stop();
	}
}

/** Builds the package as users get it (build config, assets) and starts a real n8n with it installed. */
export async function buildAndStartN8n(
	part: string,
	log: (line: string) => void,
): Promise<N8nInstance> {
	log(`${part}: building the package and starting a real n8n`);
	execFileSync(
		process.execPath,
		[join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'],
		{ cwd: root, stdio: 'inherit' },
	);
	execFileSync(
		process.execPath,
		[join(root, 'node_modules', 'gulp', 'bin', 'gulp.js'), 'build:assets', '--silent'],
		{ cwd: root, stdio: 'inherit' },
	);
	return startN8n();
}

const describe = (v: VariantRun) =>
	`${v.successful}/${v.expected} stored once (${v.missing} missing, ${v.duplicated} duplicated) in ${v.seconds} s = ${v.itemsPerSecond}/s; executions ${v.executionStatus.join(', ')}; ${v.status429} × 429; injected ${JSON.stringify(v.injected)}`;

/** One repetition of one variant: its own lexoffice account, the same items, two executions at once. */
async function runVariant(
	stack: Stack,
	n8n: N8nInstance,
	variant: 'ours' | 'http',
	repetition: number,
	items: number,
): Promise<VariantRun> {
	const { token } = await admin<{ token: string }>(stack, 'lexoffice', 'POST', '/tenants', {
		rateLimit: { perSecond: LEXOFFICE_PER_SECOND, burst: 2 },
	});
	const node =
		variant === 'ours' ? await ourNode(n8n, stack, token) : await httpNode(n8n, stack, token);
	const path = `bench-p6-${randomUUID()}`;
	const workflowId = await createActiveWorkflow(n8n, {
		name: `bench p6 ${variant} ${repetition}`,
		nodes: [
			{
				id: randomUUID(),
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: randomUUID(),
				parameters: { httpMethod: 'POST', path, responseMode: 'onReceived', options: {} },
			},
			{
				id: randomUUID(),
				name: 'Items',
				type: 'n8n-nodes-base.splitOut',
				typeVersion: 1,
				position: [200, 0],
				parameters: { fieldToSplitOut: 'body.items', options: {} },
			},
			{ id: randomUUID(), name: 'Create Contacts', position: [400, 0], ...node },
		],
		connections: {
			Webhook: { main: [[{ node: 'Items', type: 'main', index: 0 }]] },
			Items: { main: [[{ node: 'Create Contacts', type: 'main', index: 0 }]] },
		},
	});
	// Distinct names per execution, so each stored contact is attributed to exactly one expected item.
	const batches = Array.from({ length: EXECUTIONS }, (_, e) =>
		Array.from({ length: items }, (_, i) => ({
			name: `P6 ${variant} r${repetition} e${e + 1} item ${i + 1}`,
		})),
	);
	const seed = 6000 + repetition * 100;
	const faults = (burst: number) =>
		admin(stack, 'lexoffice', 'POST', '/faults', {
			token,
			...FAULTS,
			burst429: BURST_429,
			seed: seed + burst,
		});
	await faults(0);
	const stop = new AbortController();
	const bursts = (async () => {
		for (let burst = 1; ; burst++) {
			try {
				await sleep(BURST_EVERY_MS, undefined, { signal: stop.signal });
			} catch {
				return;
			}
			await faults(burst);
		}
	})();
	let executions: Execution[];
	try {
		const answers = await Promise.all(
			batches.map((batch) =>
				postWhenRegistered(`${n8n.url}/webhook/${path}`, JSON.stringify({ items: batch })),
			),
		);
		for (const res of answers)
			if (!res.ok) throw new Error(`p6 webhook answered ${res.status}: ${await res.text()}`);
		executions = await untilFinished(n8n, workflowId, EXECUTIONS);
	} finally {
		stop.abort();
		await bursts;
		await admin(stack, 'lexoffice', 'POST', '/faults', { token });
		await n8nApi(n8n, 'POST', `/workflows/${workflowId}/deactivate`).catch(() => undefined);
	}

	const stored = new Map<string, number>();
	for (const c of await admin<Array<{ company?: { name?: string } }>>(
		stack,
		'lexoffice',
		'GET',
		`/records/contacts?token=${token}`,
	)) {
		const name = c.company?.name ?? '';
		stored.set(name, (stored.get(name) ?? 0) + 1);
	}
	const expected = batches.flat().map((i) => i.name);
	const missing = expected.filter((n) => !stored.get(n)).length;
	const duplicated = expected.filter((n) => (stored.get(n) ?? 0) > 1).length;
	const successful = expected.length - missing - duplicated;
	const seconds =
		(Math.max(...executions.map((e) => Date.parse(e.stoppedAt))) -
			Math.min(...executions.map((e) => Date.parse(e.startedAt)))) /
		1000;
	const counts = await requestCounts(stack, 'lexoffice', token);
	const snapshot = await admin<{ injected: Record<string, number> }>(
		stack,
		'lexoffice',
		'GET',
		`/stats?token=${token}`,
	);
	return {
		expected: expected.length,
		stored: [...stored.values()].reduce((a, b) => a + b, 0),
		missing,
		duplicated,
		successful,
		seconds: round(seconds),
		itemsPerSecond: round(successful / seconds),
		executionStatus: executions.map((e) => e.status),
		status429: counts.status429,
		injected: snapshot.injected,
	};
}

async function ourNode(
	n8n: N8nInstance,
	stack: Stack,
	token: string,
): Promise<Record<string, unknown>> {
	const cred = await createCredential(n8n, `lexoffice p6 ${randomUUID()}`, 'lexofficeApi', {
		apiKey: token,
		baseUrl: stack.urls.lexoffice,
	});
	return {
		type: `${PACKAGE_NAME}.lexoffice`,
		typeVersion: 1,
		parameters: { resource: 'contact', operation: 'create', bodyMode: 'json', jsonBody: BODY },
		credentials: { lexofficeApi: { id: cred.id, name: cred.name } },
	};
}

async function httpNode(
	n8n: N8nInstance,
	stack: Stack,
	token: string,
): Promise<Record<string, unknown>> {
	const cred = await createCredential(
		n8n,
		`lexoffice p6 header ${randomUUID()}`,
		'httpHeaderAuth',
		{ name: 'Authorization', value: `Bearer ${token}` },
	);
	return {
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		parameters: {
			method: 'POST',
			url: `${stack.urls.lexoffice}/v1/contacts`,
			authentication: 'genericCredentialType',
			genericAuthType: 'httpHeaderAuth',
			sendBody: true,
			specifyBody: 'json',
			jsonBody: BODY,
			// One item per 1/limit seconds: the documented way to stay under a rate limit.
			options: {
				batching: {
					batch: { batchSize: 1, batchInterval: Math.ceil(1000 / LEXOFFICE_PER_SECOND) },
				},
			},
		},
		// The node setting n8n's docs give for flaky or rate-limited APIs, at its maximum.
		retryOnFail: true,
		maxTries: 5,
		waitBetweenTries: 5000,
		credentials: { httpHeaderAuth: { id: cred.id, name: cred.name } },
	};
}

const BODY =
	'={{ JSON.stringify({ version: 0, roles: { customer: {} }, company: { name: $json.name } }) }}';

interface Execution {
	status: string;
	startedAt: string;
	stoppedAt: string;
}

/** Waits until n8n reports `count` executions of the workflow, all finished. */
async function untilFinished(
	n8n: N8nInstance,
	workflowId: string,
	count: number,
): Promise<Execution[]> {
	const deadline = Date.now() + 60 * 60_000;
	while (Date.now() < deadline) {
		const { data } = await n8nApi<{ data: Array<Execution & { stoppedAt: string | null }> }>(
			n8n,
			'GET',
			`/executions?workflowId=${workflowId}&limit=100`,
		);
		if (
			data.length >= count &&
			data.every((e) => e.stoppedAt && !['running', 'new', 'waiting'].includes(e.status))
		)
			return data as Execution[];
		await sleep(1000);
	}
	throw new Error(`p6: executions of ${workflowId} did not finish within an hour`);
}

const round = (n: number) => Math.round(n * 1000) / 1000;
