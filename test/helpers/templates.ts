import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import {
	createActiveWorkflow,
	createCredential,
	n8nApi,
	removeWorkflow,
	testN8n,
	untilStaticData,
} from './n8n';
import { postWhenRegistered } from './nodeRunner';
import { sandboxUrl } from './sandbox';

/**
 * Templates from workflows/ imported into a real n8n (the one globalSetup starts) as users import them,
 * then changed only as a user pointing them at the sandbox would: credentials swapped for test ones, the
 * Lexoffice Trigger checking signatures with the sandbox's key, and one trigger (the manual one, or the
 * named schedule or webhook trigger) swapped for a test webhook answering with the last node's items.
 */

const n8n = () => testN8n();

export const TEMPLATE_DIR = join(__dirname, '..', '..', 'workflows');

export interface Template {
	name: string;
	nodes: Array<{
		name: string;
		type: string;
		parameters: Record<string, unknown>;
		credentials?: Record<string, { id: string; name: string }>;
		[k: string]: unknown;
	}>;
	connections: Record<string, unknown>;
	settings?: Record<string, unknown>;
}

export interface RunOptions {
	/** The trigger to swap for the webhook (default: the manual trigger). */
	trigger?: string;
	/** JSON body posted to the webhook; the swapped trigger's item carries it as `body`, like a real webhook. */
	body?: unknown;
	/** Runs after the execution while the workflow is still active (other triggers keep listening). */
	whileActive?: (workflowId: string) => Promise<void>;
	/** A change a user tailoring the template makes to a node (returns the node as changed). */
	tailor?: Tailor;
}

type Tailor = (node: Template['nodes'][number]) => Template['nodes'][number];

/** Runs a template once: its trigger becomes a webhook answering with the last node's items. */
export async function runTemplate(
	file: string,
	credentials: Record<string, { id: string; name: string }>,
	options: RunOptions = {},
): Promise<Array<Record<string, unknown>>> {
	const template = JSON.parse(readFileSync(join(TEMPLATE_DIR, file), 'utf8')) as Template;
	const path = `template-${randomUUID()}`;
	const swap = (node: Template['nodes'][number]) =>
		options.trigger ? node.name === options.trigger : node.type === 'n8n-nodes-base.manualTrigger';
	if (!template.nodes.some(swap))
		throw new Error(`template ${file} has no trigger ${options.trigger ?? '(manual)'}`);
	const nodes = template.nodes.map(options.tailor ?? ((node) => node)).map((node) => {
		if (swap(node)) {
			// The stand-in trigger answers anyone: a template's own webhook authentication is tested as imported.
			return {
				...node,
				credentials: undefined,
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				webhookId: randomUUID(),
				parameters: {
					httpMethod: 'POST',
					path,
					responseMode: 'lastNode',
					responseData: 'allEntries',
					options: {},
				},
			};
		}
		return asImported(node, credentials);
	});
	const id = await createActiveWorkflow(n8n(), {
		name: `${template.name} ${path}`,
		nodes,
		connections: template.connections,
		settings: template.settings,
	});
	try {
		const res = await postWhenRegistered(
			`${n8n().url}/webhook/${path}`,
			JSON.stringify(options.body ?? {}),
		);
		const body = (await res.json()) as unknown;
		if (!res.ok)
			throw new Error(
				`template ${file} failed: ${res.status} ${JSON.stringify(body)}${await executionError(id)}`,
			);
		await options.whileActive?.(id);
		return Array.isArray(body)
			? (body as Array<Record<string, unknown>>)
			: [body as Record<string, unknown>];
	} finally {
		await removeWorkflow(n8n(), id);
	}
}

/**
 * A template node as a user importing it points it at the sandbox: its credentials swapped for the test
 * ones, other webhook triggers on a fresh path, the lexoffice trigger checking signatures with the
 * sandbox's key.
 */
function asImported(
	node: Template['nodes'][number],
	credentials: Record<string, { id: string; name: string }>,
): Template['nodes'][number] {
	// Other webhook triggers listen on a fresh path; the lexoffice trigger checks signatures with the sandbox's key.
	const listening = node.webhookId ? { webhookId: randomUUID() } : {};
	const parameters = node.type.endsWith('.lexofficeTrigger')
		? {
				...node.parameters,
				options: {
					...(node.parameters.options as object),
					publicKeyUrl: process.env.LEXOFFICE_WEBHOOK_PUBLIC_KEY_URL,
				},
			}
		: node.parameters;
	if (!node.credentials) return { ...node, ...listening, parameters };
	const swapped = Object.fromEntries(
		Object.keys(node.credentials).map((type) => [type, credentials[type]]),
	);
	return { ...node, ...listening, parameters, credentials: swapped };
}

/**
 * Imports a template and activates it as it is, no trigger swapped: for templates driven by their own
 * triggers (Job Trigger, Error Trigger, an authenticated webhook on its own path). Answers its id and
 * how to remove it again.
 */
export async function activateTemplate(
	file: string,
	credentials: Record<string, { id: string; name: string }>,
	tailor: Tailor = (node) => node,
): Promise<{ workflowId: string; remove: () => Promise<void> }> {
	const template = JSON.parse(readFileSync(join(TEMPLATE_DIR, file), 'utf8')) as Template;
	const workflowId = await createActiveWorkflow(n8n(), {
		name: `${template.name} ${randomUUID()}`,
		nodes: template.nodes.map((node) => asImported(tailor(node), credentials)),
		connections: template.connections,
		settings: template.settings,
	});
	const remove = async () => {
		await removeWorkflow(n8n(), workflowId);
	};
	return { workflowId, remove };
}

/** lexoffice and bexio credentials in n8n for two sandbox tenants. */
export async function apiCredentials(
	lexToken: string,
	bexioToken: string,
): Promise<Record<string, { id: string; name: string }>> {
	const lexofficeApi = await createCredential(
		n8n(),
		`lexoffice ${lexToken.slice(-6)}`,
		'lexofficeApi',
		{ apiKey: lexToken, baseUrl: sandboxUrl('lexoffice') },
	);
	const bexioApi = await createCredential(n8n(), `bexio ${bexioToken.slice(-6)}`, 'bexioApi', {
		accessToken: bexioToken,
		baseUrl: sandboxUrl('bexio'),
	});
	return { lexofficeApi, bexioApi };
}

/** The error of a workflow's latest execution, for failure messages. */
export async function executionError(workflowId: string): Promise<string> {
	const res = await n8nApi<{
		data: Array<{
			data?: {
				resultData?: {
					error?: { message?: string; description?: string };
					lastNodeExecuted?: string;
				};
			};
		}>;
	}>(n8n(), 'GET', `/executions?workflowId=${workflowId}&includeData=true&limit=1`).catch(
		() => undefined,
	);
	const result = res?.data[0]?.data?.resultData;
	return result?.error
		? ` (node "${result.lastNodeExecuted}": ${result.error.message} ${result.error.description ?? ''})`
		: '';
}

/** A Temporal credential in n8n for the test server and one task queue. */
export async function temporalCredential(taskQueue: string): Promise<{ id: string; name: string }> {
	return createCredential(n8n(), `Temporal ${taskQueue}`, 'temporalApi', {
		address: process.env.TEMPORAL_TEST_ADDRESS,
		namespace: 'default',
		tls: false,
		apiKey: '',
		taskQueue,
	});
}

/** An SMTP credential in n8n for a local mail server (the test's SMTP sink) on `port`. */
export async function smtpCredential(
	port: number,
	name: string,
): Promise<{ id: string; name: string }> {
	return createCredential(n8n(), `smtp ${name}`, 'smtp', {
		user: '',
		password: '',
		host: '127.0.0.1',
		port,
		secure: false,
		disableStartTls: true,
	});
}

/**
 * Waits until an active template's Job Trigger has stored its cursor (n8n keeps it from the first
 * scheduled poll on): jobs that end from then on are reported.
 */
export async function untilJobTriggerPolled(
	workflowId: string,
	triggerNode: string,
	timeoutMs: number,
): Promise<void> {
	await untilStaticData(
		n8n(),
		workflowId,
		(data) =>
			typeof (data as Record<string, Record<string, unknown>> | undefined)?.[`node:${triggerNode}`]
				?.closedSince === 'string',
		timeoutMs,
	);
}
