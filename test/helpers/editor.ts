import { OWNER, PACKAGE_NAME, type N8nInstance } from './n8n';

/**
 * Calls the REST endpoints n8n's editor uses to fill dropdowns (`loadOptions`) and resource-locator
 * lists (`listSearch`), logged in as the owner: exactly what a user sees when opening a picker.
 */

export interface PickerCall {
	/** Node type without the package prefix: `bexio`, `lexoffice`. */
	node: string;
	methodName: string;
	credentials: Record<string, { id: string; name: string }>;
	/** The node's other parameters, as the editor sends them (resource, operation, parents of dependent lists). */
	parameters?: Record<string, unknown>;
}

export interface PickerOption {
	name: string;
	value: string | number;
	url?: string;
}

const sessions = new Map<string, Promise<string>>();

async function login(n8n: N8nInstance): Promise<string> {
	const res = await fetch(`${n8n.url}/rest/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ emailOrLdapLoginId: OWNER.email, password: OWNER.password }),
	});
	if (!res.ok) throw new Error(`n8n login failed: ${res.status} ${await res.text()}`);
	return (res.headers.get('set-cookie') ?? '').split(';')[0];
}

function session(n8n: N8nInstance): Promise<string> {
	let cookie = sessions.get(n8n.url);
	if (!cookie) {
		cookie = login(n8n);
		sessions.set(n8n.url, cookie);
	}
	return cookie;
}

async function post<T>(
	n8n: N8nInstance,
	path: string,
	body: unknown,
): Promise<{ ok: boolean; status: number; data?: T; error?: string }> {
	const res = await fetch(`${n8n.url}/rest/dynamic-node-parameters/${path}`, {
		method: 'POST',
		headers: {
			'content-type': 'application/json',
			cookie: await session(n8n),
			'browser-id': 'tests',
		},
		body: JSON.stringify(body),
	});
	const text = await res.text();
	const parsed = (text ? JSON.parse(text) : {}) as { data?: T; message?: string };
	return {
		ok: res.ok,
		status: res.status,
		data: parsed.data,
		error: res.ok ? undefined : (parsed.message ?? text),
	};
}

function request(call: PickerCall, path: string) {
	return {
		nodeTypeAndVersion: { name: `${PACKAGE_NAME}.${call.node}`, version: 1 },
		methodName: call.methodName,
		path,
		currentNodeParameters: call.parameters ?? {},
		credentials: call.credentials,
	};
}

/** A dropdown's options (`POST /rest/dynamic-node-parameters/options`); throws with n8n's message on error. */
export async function loadOptions(n8n: N8nInstance, call: PickerCall): Promise<PickerOption[]> {
	const res = await post<PickerOption[]>(n8n, 'options', request(call, 'parameter'));
	if (!res.ok) throw new Error(res.error);
	return res.data ?? [];
}

/** One page of a resource locator's list (`POST /rest/dynamic-node-parameters/resource-locator-results`). */
export async function searchList(
	n8n: N8nInstance,
	call: PickerCall,
	filter?: string,
	paginationToken?: string,
): Promise<{ results: PickerOption[]; paginationToken?: string }> {
	const res = await post<{ results: PickerOption[]; paginationToken?: string }>(
		n8n,
		'resource-locator-results',
		{ ...request(call, 'parameter'), filter, paginationToken },
	);
	if (!res.ok) throw new Error(res.error);
	return res.data ?? { results: [] };
}
