'use strict';
/**
 * Takes the README's editor screenshot (docs/n8n-editor.png) from a running `npm start` stack with
 * Debian's headless chromium, driven over the DevTools protocol (Node's built-in WebSocket, Node >= 22):
 * logs in (or sets up the owner of a fresh instance), opens a template that uses our nodes, captures it.
 *
 *   npm start                      # in one terminal
 *   node scripts/screenshot.js     # in another; N8N_URL, N8N_EMAIL, N8N_PASSWORD, CHROMIUM, TEMPLATE
 *
 * OPEN_NODE (a node name of the template) opens that node's panel; OUTPUT names the picture, HEIGHT its
 * height in pixels, e.g.
 *   TEMPLATE=docs/bexio-invoice-create.workflow.json OPEN_NODE="Create Invoice" OUTPUT=docs/bexio-invoice-create.png HEIGHT=1400
 *
 * `node scripts/screenshot.js --templates` captures every template of workflows/ into
 * docs/templates/<template>.png (the pictures workflows/README.md shows).
 */
const { spawn } = require('node:child_process');
const {
	mkdirSync,
	readdirSync,
	readFileSync,
	writeFileSync,
	mkdtempSync,
	rmSync,
} = require('node:fs');
const { tmpdir } = require('node:os');
const { basename, join } = require('node:path');

const root = join(__dirname, '..');
const n8n = process.env.N8N_URL || 'http://127.0.0.1:5678';
const owner = {
	email: process.env.N8N_EMAIL || 'ops@example.com',
	password: process.env.N8N_PASSWORD || 'Example-Passw0rd',
};
const template =
	process.env.TEMPLATE || join(root, 'workflows', 'bexio-customers-to-lexoffice.json');
const output = process.env.OUTPUT
	? join(process.cwd(), process.env.OUTPUT)
	: join(root, 'docs', 'n8n-editor.png');
const openNode = process.env.OPEN_NODE;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function login() {
	const body = JSON.stringify({ emailOrLdapLoginId: owner.email, password: owner.password });
	let res = await fetch(`${n8n}/rest/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body,
	});
	if (!res.ok) {
		// A fresh instance has no owner yet: set it up with the given credentials.
		res = await fetch(`${n8n}/rest/owner/setup`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ ...owner, firstName: 'Ops', lastName: 'Team' }),
		});
		if (!res.ok)
			throw new Error(`cannot log in to ${n8n} (${res.status}); set N8N_EMAIL and N8N_PASSWORD`);
	}
	const cookie = (res.headers.get('set-cookie') || '').split(';')[0];
	const [name, ...value] = cookie.split('=');
	return { header: cookie, name, value: value.join('=') };
}

async function createWorkflow(cookie, template) {
	const wf = JSON.parse(readFileSync(template, 'utf8'));
	const res = await fetch(`${n8n}/rest/workflows`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', cookie: cookie.header },
		body: JSON.stringify({
			name: wf.name,
			nodes: wf.nodes,
			connections: wf.connections,
			settings: wf.settings || {},
			active: false,
		}),
	});
	if (!res.ok) throw new Error(`cannot create the workflow: ${res.status} ${await res.text()}`);
	return (await res.json()).data.id;
}

/** A minimal DevTools protocol client: send(method, params) → result; on(event) waits for one. */
function devtools(url) {
	const ws = new WebSocket(url);
	let next = 1;
	const pending = new Map();
	const waiters = [];
	ws.onmessage = (m) => {
		const msg = JSON.parse(String(m.data));
		if (msg.id && pending.has(msg.id)) {
			const { resolve, reject } = pending.get(msg.id);
			pending.delete(msg.id);
			if (msg.error) reject(new Error(msg.error.message));
			else resolve(msg.result);
		} else if (msg.method) {
			for (const w of waiters.filter((w) => w.method === msg.method)) {
				waiters.splice(waiters.indexOf(w), 1);
				w.resolve(msg.params);
			}
		}
	};
	const opened = new Promise((resolve, reject) => {
		ws.onopen = resolve;
		ws.onerror = reject;
	});
	return {
		opened,
		send: (method, params = {}) =>
			new Promise((resolve, reject) => {
				const id = next++;
				pending.set(id, { resolve, reject });
				ws.send(JSON.stringify({ id, method, params }));
			}),
		on: (method) => new Promise((resolve) => waiters.push({ method, resolve })),
		close: () => ws.close(),
	};
}

/** Opens one workflow file in the editor with headless chromium and writes the picture to `output`. */
async function capture(cookie, template, output, openNode) {
	const id = await createWorkflow(cookie, template);
	const profile = mkdtempSync(join(tmpdir(), 'blx-chromium-'));
	const port = 9300 + Math.floor(Math.random() * 500);
	const chromium = spawn(
		process.env.CHROMIUM || 'chromium',
		[
			'--headless',
			'--no-sandbox',
			'--disable-gpu',
			`--remote-debugging-port=${port}`,
			`--user-data-dir=${profile}`,
			'about:blank',
		],
		{ stdio: 'ignore' },
	);
	try {
		let pages;
		for (let i = 0; i < 40 && !pages; i++) {
			await sleep(250);
			pages = await fetch(`http://127.0.0.1:${port}/json/list`)
				.then((r) => r.json())
				.catch(() => undefined);
		}
		const page = (pages || []).find((p) => p.type === 'page');
		if (!page) throw new Error('chromium did not open a page');
		const cdp = devtools(page.webSocketDebuggerUrl);
		await cdp.opened;
		await cdp.send('Network.enable');
		await cdp.send('Network.setCookie', { name: cookie.name, value: cookie.value, url: n8n });
		await cdp.send('Emulation.setDeviceMetricsOverride', {
			width: 1440,
			height: Number(process.env.HEIGHT || 810),
			deviceScaleFactor: 1,
			mobile: false,
		});
		await cdp.send('Page.enable');
		const loaded = cdp.on('Page.loadEventFired');
		const nodeId = openNode
			? JSON.parse(readFileSync(template, 'utf8')).nodes.find((n) => n.name === openNode)?.id
			: undefined;
		if (openNode && !nodeId) throw new Error(`the template has no node named "${openNode}"`);
		// n8n opens a node's panel from the URL (/workflow/<id>/<node id>).
		await cdp.send('Page.navigate', {
			url: nodeId ? `${n8n}/workflow/${id}/${nodeId}` : `${n8n}/workflow/${id}`,
		});
		await loaded;
		// The canvas renders after the editor's own requests: wait until nodes are drawn, then let it settle.
		for (let i = 0; i < 120; i++) {
			const drawn = await cdp.send('Runtime.evaluate', {
				expression: 'document.querySelectorAll(\'[data-test-id="canvas-node"]\').length',
				returnByValue: true,
			});
			if (drawn.result.value > 0) break;
			await sleep(500);
		}
		// A node panel loads its dropdowns from the API after it opens: wait until none is loading.
		for (let i = 0; openNode && i < 120; i++) {
			const ready = await cdp.send('Runtime.evaluate', {
				expression:
					"document.body.innerText.includes('Parameters') && !/Loading (options|fields)/.test(document.body.innerText)",
				returnByValue: true,
			});
			if (ready.result.value === true) break;
			await sleep(500);
		}
		await sleep(2000);
		const shot = await cdp.send('Page.captureScreenshot', { format: 'png' });
		mkdirSync(join(output, '..'), { recursive: true });
		writeFileSync(output, Buffer.from(shot.data, 'base64'));
		cdp.close();
		process.stdout.write(`${output}\n`);
	} finally {
		// Chromium writes its profile until it has exited: remove the folder only then.
		const exited =
			chromium.exitCode !== null ? Promise.resolve() : new Promise((r) => chromium.once('exit', r));
		chromium.kill('SIGTERM');
		await exited;
		rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
	}
}

async function main() {
	const cookie = await login();
	if (!process.argv.includes('--templates')) return capture(cookie, template, output, openNode);
	const dir = join(root, 'workflows');
	for (const file of readdirSync(dir)
		.filter((f) => f.endsWith('.json'))
		.sort())
		await capture(
			cookie,
			join(dir, file),
			join(root, 'docs', 'templates', `${basename(file, '.json')}.png`),
		);
}

main().catch((error) => {
	process.stderr.write(
		`screenshot failed: ${error instanceof Error ? error.message : String(error)}\n`,
	);
	process.exitCode = 1;
});
