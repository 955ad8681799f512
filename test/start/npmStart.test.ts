import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { PACKAGE_NAME, freePort } from '../helpers/n8n';

/**
 * `npm start` as a newcomer runs it: the whole local stack on free ports and a fresh data folder.
 * Editor and Temporal UI answer, n8n lists our node types and has the sandbox credentials, and a
 * second start finds the data of the first.
 */

const root = join(__dirname, '..', '..');
const OWNER = {
	email: 'ops@example.com',
	firstName: 'Ops',
	lastName: 'Team',
	password: 'Example-Passw0rd',
};

interface Stack {
	child: ChildProcess;
	output: () => string;
}

/** Starts scripts/start.js and waits for its ready line. */
async function startStack(env: NodeJS.ProcessEnv): Promise<Stack> {
	const child = spawn(process.execPath, [join(root, 'scripts', 'start.js')], {
		cwd: root,
		env,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let output = '';
	child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
	child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
	await new Promise<void>((resolve, reject) => {
		const timer = setInterval(() => {
			if (output.includes('Ctrl-C stops everything.')) {
				clearInterval(timer);
				resolve();
			} else if (child.exitCode !== null) {
				clearInterval(timer);
				const why = output
					.split('\n')
					.filter((l) => /exited \(|failed/.test(l))
					.join('\n');
				reject(
					new Error(`npm start exited (${child.exitCode}):\n${why}\n…\n${output.slice(-1500)}`),
				);
			}
		}, 250);
	});
	return { child, output: () => output };
}

async function stopStack(stack: Stack): Promise<void> {
	if (stack.child.exitCode !== null) return;
	const exited = new Promise((r) => stack.child.once('exit', r));
	stack.child.kill('SIGINT');
	await exited;
}

async function answers(url: string): Promise<number | undefined> {
	try {
		return (await fetch(url)).status;
	} catch {
		return undefined;
	}
}

/** Waits (bounded) until nothing listens on `url` any more: the children are gone. */
async function untilClosed(url: string): Promise<void> {
	for (let i = 0; i < 60; i++) {
		if ((await answers(url)) === undefined) return;
		await new Promise((r) => setTimeout(r, 500));
	}
	throw new Error(`${url} still answers after npm start stopped`);
}

describe('npm start', () => {
	it('brings up n8n with our nodes and sandbox credentials, the Temporal UI and the sandbox; Ctrl-C stops all; data survives a restart', async () => {
		const data = mkdtempSync(join(tmpdir(), 'blx-start-'));
		const ports = {
			n8n: await freePort(),
			runners: await freePort(),
			temporal: await freePort(),
			ui: await freePort(),
			lexoffice: await freePort(),
			bexio: await freePort(),
		};
		const env: NodeJS.ProcessEnv = {
			...process.env,
			BLX_DATA_DIR: data,
			N8N_PORT: String(ports.n8n),
			N8N_RUNNERS_BROKER_PORT: String(ports.runners),
			TEMPORAL_PORT: String(ports.temporal),
			TEMPORAL_UI_PORT: String(ports.ui),
			SANDBOX_LEXOFFICE_PORT: String(ports.lexoffice),
			SANDBOX_BEXIO_PORT: String(ports.bexio),
			NODE_ENV: 'production',
		};
		// No real accounts: the stack must start its own sandbox.
		for (const name of [
			'LEXOFFICE_TOKEN',
			'BEXIO_TOKEN',
			'LEXOFFICE_URL',
			'BEXIO_URL',
			'TEMPORAL_ADDRESS',
		])
			delete env[name];
		const n8n = `http://127.0.0.1:${ports.n8n}`;
		const ui = `http://127.0.0.1:${ports.ui}/`;

		try {
			const first = await startStack(env);
			try {
				expect(first.output()).toContain(`n8n editor:   ${n8n}`);
				expect(first.output()).toContain(`Temporal UI:  ${ui.slice(0, -1)}`);
				expect(await answers(ui)).toBe(200);
				expect(await answers(`${n8n}/healthz/readiness`)).toBe(200);

				const setup = await fetch(`${n8n}/rest/owner/setup`, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify(OWNER),
				});
				expect(setup.status).toBe(200);
				const cookie = (setup.headers.get('set-cookie') ?? '').split(';')[0];

				const types = (await (
					await fetch(`${n8n}/types/nodes.json`, { headers: { cookie } })
				).json()) as Array<{ name: string }>;
				const ours = types.map((t) => t.name).filter((n) => n.startsWith(`${PACKAGE_NAME}.`));
				expect(ours).toEqual(
					expect.arrayContaining(
						[
							'bexio',
							'bexioTrigger',
							'lexoffice',
							'lexofficeTrigger',
							'lexofficePollingTrigger',
							'bexioLexofficeJobs',
						].map((n) => `${PACKAGE_NAME}.${n}`),
					),
				);

				const credentials = (await (
					await fetch(`${n8n}/rest/credentials`, { headers: { cookie } })
				).json()) as { data: Array<{ name: string; type: string }> };
				expect(credentials.data.map((c) => `${c.type}:${c.name}`)).toEqual(
					expect.arrayContaining([
						'lexofficeApi:lexoffice (sandbox)',
						'bexioApi:bexio (sandbox)',
						'temporalApi:Temporal (local)',
					]),
				);

				// The sandbox the credentials point at answers with the token it printed.
				expect(await answers(`http://127.0.0.1:${ports.lexoffice}/v1/profile`)).toBe(401);
				const profile = await fetch(`http://127.0.0.1:${ports.lexoffice}/v1/profile`, {
					headers: { authorization: 'Bearer local-lexoffice-token', accept: 'application/json' },
				});
				expect(profile.status).toBe(200);
			} finally {
				await stopStack(first);
			}
			await untilClosed(ui);
			await untilClosed(`${n8n}/healthz`);

			// Second start on the same data: the owner account of the first start still logs in.
			const second = await startStack(env);
			try {
				const login = await fetch(`${n8n}/rest/login`, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify({ emailOrLdapLoginId: OWNER.email, password: OWNER.password }),
				});
				expect(login.status).toBe(200);
			} finally {
				await stopStack(second);
			}
		} finally {
			rmSync(data, { recursive: true, force: true });
		}
	}, 900_000);
});
