import { randomUUID } from 'node:crypto';

import { PACKAGE_NAME, createActiveWorkflow, removeWorkflow, type N8nInstance } from './n8n';

export interface NodeRun {
	/** Node type without the package prefix: `lexoffice`, `bexio`, … */
	type: string;
	typeVersion?: number;
	parameters: Record<string, unknown>;
	credentials: Record<string, { id: string; name: string }>;
	/** Input items (their `json`); the node runs once per item. Default: one empty item. */
	items?: Array<Record<string, unknown>>;
	/** Give every input item a small PDF as binary field `data` (uploads). */
	binaryInput?: boolean;
	/** Describe the node's output binary fields in the json as `_binary` (name, MIME type, first bytes, size). */
	inspectBinary?: boolean;
	/** Use n8n's "Continue (using error output)": only items on the error output come back, marked `routedToErrorOutput`. */
	errorOutput?: boolean;
	/** false: an error fails the execution (HTTP 500 from the webhook) instead of becoming an error item. */
	continueOnFail?: boolean;
}

export interface NodeRunResult {
	status: number;
	/** Output items' json (error items included when continueOnFail). */
	items: Array<Record<string, unknown>>;
	/** Raw body when the execution failed. */
	error?: unknown;
}

/**
 * Runs one of our nodes inside a real n8n: Webhook → Split Out (the input items) → node, answered with
 * the node's output. Each call builds, activates and afterwards deletes a tiny workflow.
 */
export async function runNode(n8n: N8nInstance, run: NodeRun): Promise<NodeRunResult> {
	const path = `run-${randomUUID()}`;
	const workflow = {
		name: `node run ${path}`,
		nodes: [
			{
				id: randomUUID(),
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: randomUUID(),
				parameters: {
					httpMethod: 'POST',
					path,
					responseMode: 'lastNode',
					responseData: 'allEntries',
					options: {},
				},
			},
			{
				id: randomUUID(),
				name: 'Items',
				type: 'n8n-nodes-base.splitOut',
				typeVersion: 1,
				position: [200, 0],
				parameters: { fieldToSplitOut: 'body.items', options: {} },
			},
			...(run.binaryInput
				? [
						{
							id: randomUUID(),
							name: 'Attach File',
							type: 'n8n-nodes-base.code',
							typeVersion: 2,
							position: [300, 0],
							parameters: {
								jsCode: `const pdf = Buffer.from('%PDF-1.4\\n1 0 obj<<>>endobj\\ntrailer<<>>\\n%%EOF ' + Math.random()).toString('base64');\nreturn $input.all().map((item) => ({ json: item.json, binary: { data: { data: pdf, mimeType: 'application/pdf', fileName: 'beleg.pdf' } } }));`,
							},
						},
					]
				: []),
			{
				id: randomUUID(),
				name: 'Under Test',
				type: `${PACKAGE_NAME}.${run.type}`,
				typeVersion: run.typeVersion ?? 1,
				position: [400, 0],
				parameters: run.parameters,
				credentials: run.credentials,
				...(run.continueOnFail === false
					? {}
					: { onError: run.errorOutput ? 'continueErrorOutput' : 'continueRegularOutput' }),
			},
			...(run.errorOutput
				? [
						{
							id: randomUUID(),
							name: 'Error Branch',
							type: 'n8n-nodes-base.code',
							typeVersion: 2,
							position: [600, 200],
							parameters: {
								jsCode:
									'return $input.all().map((item) => ({ json: { ...item.json, routedToErrorOutput: true } }));',
							},
						},
					]
				: []),
			...(run.inspectBinary
				? [
						{
							id: randomUUID(),
							name: 'Inspect Binary',
							type: 'n8n-nodes-base.code',
							typeVersion: 2,
							position: [600, 0],
							parameters: {
								jsCode: [
									'const items = $input.all();',
									'const out = [];',
									'for (let i = 0; i < items.length; i++) {',
									'  const files = {};',
									'  for (const [key, meta] of Object.entries(items[i].binary ?? {})) {',
									'    const data = await this.helpers.getBinaryDataBuffer(i, key);',
									"    files[key] = { fileName: meta.fileName, mimeType: meta.mimeType, head: data.subarray(0, 5).toString('latin1'), size: data.length };",
									'  }',
									'  out.push({ json: { ...items[i].json, _binary: files } });',
									'}',
									'return out;',
								].join('\n'),
							},
						},
					]
				: []),
		],
		connections: {
			Webhook: { main: [[{ node: 'Items', type: 'main', index: 0 }]] },
			Items: {
				main: [[{ node: run.binaryInput ? 'Attach File' : 'Under Test', type: 'main', index: 0 }]],
			},
			...(run.binaryInput
				? { 'Attach File': { main: [[{ node: 'Under Test', type: 'main', index: 0 }]] } }
				: {}),
			...(run.inspectBinary
				? { 'Under Test': { main: [[{ node: 'Inspect Binary', type: 'main', index: 0 }]] } }
				: {}),
			...(run.errorOutput
				? { 'Under Test': { main: [[], [{ node: 'Error Branch', type: 'main', index: 0 }]] } }
				: {}),
		},
		settings: { executionOrder: 'v1' },
	};
	const id = await createActiveWorkflow(n8n, workflow);
	try {
		const res = await postWhenRegistered(
			`${n8n.url}/webhook/${path}`,
			JSON.stringify({ items: run.items ?? [{}] }),
		);
		const text = await res.text();
		const body = text ? (JSON.parse(text) as unknown) : undefined;
		if (!res.ok) return { status: res.status, items: [], error: body };
		return {
			status: res.status,
			items: Array.isArray(body)
				? (body as Array<Record<string, unknown>>)
				: body
					? [body as Record<string, unknown>]
					: [],
		};
	} finally {
		await removeWorkflow(n8n, id);
	}
}

/** Activation registers the webhook shortly after the API call returns: retry while n8n says "not registered". */
export async function postWhenRegistered(
	url: string,
	body: string,
	headers: Record<string, string> = {},
): Promise<Response> {
	for (let attempt = 0; ; attempt++) {
		const res = await fetch(url, {
			method: 'POST',
			headers: { 'content-type': 'application/json', ...headers },
			body,
		});
		if (res.status !== 404 || attempt >= 40) return res;
		const text = await res.clone().text();
		if (!text.includes('not registered')) return res;
		await new Promise((r) => setTimeout(r, 250));
	}
}
