'use strict';
/**
 * `npm run package-size`: what n8n puts on disk when it installs this package as a community node.
 * Builds, packs (`npm pack`), then installs the tarball into a temporary folder the way n8n 2.x does
 * (packages/cli/src/modules/community-packages/community-packages.service.ts, downloadPackage): unpack,
 * drop devDependencies, peerDependencies and optionalDependencies from package.json, then
 * `npm install --audit=false --fund=false --bin-links=false --install-strategy=shallow --ignore-scripts=true --package-lock=false`
 * in the package folder. Prints the installed size and the largest packages, checks that the worker
 * started from that installation names the fix for its missing dependencies, and ends with one JSON line.
 * Exits 1 when the installation exceeds the limit (BLX_PACKAGE_SIZE_LIMIT_MB, default 60) or a check fails.
 */
const { execFileSync, spawnSync } = require('node:child_process');
const {
	existsSync,
	lstatSync,
	mkdtempSync,
	readdirSync,
	readFileSync,
	rmSync,
	writeFileSync,
	mkdirSync,
} = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const root = join(__dirname, '..');
const limitMb = Number(process.env.BLX_PACKAGE_SIZE_LIMIT_MB || 60);
const log = (m) => process.stderr.write(`${m}\n`);
const mb = (bytes) => Math.round(bytes / 1e5) / 10;
/** Packages only the worker loads; none of them may reach n8n's installation. */
const WORKER_ONLY = [
	'@temporalio/worker',
	'@temporalio/core-bridge',
	'@temporalio/workflow',
	'@temporalio/activity',
	'pg',
];

// The flags n8n passes (community-packages.service.ts); the registry is npm's configured one.
const N8N_INSTALL_ARGS = [
	'install',
	'--audit=false',
	'--fund=false',
	'--bin-links=false',
	'--install-strategy=shallow',
	'--ignore-scripts=true',
	'--package-lock=false',
];

/** Apparent bytes and disk bytes (blocks) of a file tree; symlinks count as links. */
function treeSize(path) {
	const stat = lstatSync(path);
	let bytes = stat.size;
	let disk = stat.blocks * 512;
	if (stat.isDirectory()) {
		for (const entry of readdirSync(path)) {
			const child = treeSize(join(path, entry));
			bytes += child.bytes;
			disk += child.disk;
		}
	}
	return { bytes, disk };
}

/** Every installed package folder under node_modules, nested ones included (`--install-strategy=shallow` nests each dependency's own tree). */
function packagesIn(nodeModules) {
	let entries = [];
	try {
		entries = readdirSync(nodeModules);
	} catch {
		return [];
	}
	const found = [];
	for (const entry of entries) {
		if (entry.startsWith('.')) continue;
		const dirs = entry.startsWith('@')
			? readdirSync(join(nodeModules, entry)).map((scoped) => ({
					name: `${entry}/${scoped}`,
					path: join(nodeModules, entry, scoped),
				}))
			: [{ name: entry, path: join(nodeModules, entry) }];
		for (const dir of dirs) {
			const nestedFolder = join(dir.path, 'node_modules');
			const nestedBytes = existsSync(nestedFolder) ? treeSize(nestedFolder).bytes : 0;
			found.push(
				{ name: dir.name, bytes: treeSize(dir.path).bytes - nestedBytes },
				...packagesIn(nestedFolder),
			);
		}
	}
	return found;
}

/** Installed size per package name, summed over its copies. */
function bySize(packages) {
	const totals = new Map();
	for (const p of packages) {
		const t = totals.get(p.name) ?? { name: p.name, bytes: 0, copies: 0 };
		t.bytes += p.bytes;
		t.copies += 1;
		totals.set(p.name, t);
	}
	return [...totals.values()]
		.sort((a, b) => b.bytes - a.bytes)
		.map((t) => ({ name: t.name, mb: mb(t.bytes), copies: t.copies }));
}

function main() {
	const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
	log('Building from a clean dist/…');
	// An incremental build keeps the output of deleted sources; what ships is measured from a clean one.
	rmSync(join(root, 'dist'), { recursive: true, force: true });
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

	const work = mkdtempSync(join(tmpdir(), 'blx-package-size-'));
	try {
		log('Packing…');
		const [packed] = JSON.parse(
			execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], {
				cwd: root,
				encoding: 'utf8',
			}),
		);
		const tarball = join(work, packed.filename);
		const packageDir = join(work, 'nodes', 'node_modules', pkg.name);
		mkdirSync(packageDir, { recursive: true });
		execFileSync('tar', ['-xzf', tarball, '-C', packageDir, '--strip-components=1']);
		const manifestPath = join(packageDir, 'package.json');
		const { devDependencies, peerDependencies, optionalDependencies, ...manifest } = JSON.parse(
			readFileSync(manifestPath, 'utf8'),
		);
		writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));

		log(`Installing as n8n does: npm ${N8N_INSTALL_ARGS.join(' ')}`);
		execFileSync('npm', N8N_INSTALL_ARGS, {
			cwd: packageDir,
			stdio: ['ignore', 'ignore', 'inherit'],
		});

		const total = treeSize(packageDir);
		const own = packed.files.reduce((sum, f) => sum + f.size, 0);
		const packages = bySize(packagesIn(join(packageDir, 'node_modules')));
		const largest = packages.slice(0, 10);

		// The worker, started from this installation, must stop with the fix rather than a bare module error.
		const worker = spawnSync(
			process.execPath,
			[join(packageDir, 'dist', 'temporal', 'worker.js')],
			{ cwd: packageDir, encoding: 'utf8', timeout: 60000 },
		);
		const workerNamesFix =
			worker.status === 1 &&
			worker.stderr.includes('@temporalio/worker') &&
			worker.stderr.includes('npx bexio-lexoffice-worker');
		const shipsDevTooling = packed.files.some((f) =>
			/(^|\/)(sandbox|bench|test|scripts)\//.test(f.path),
		);

		const figures = {
			installed_mb: mb(total.bytes),
			installed_disk_mb: mb(total.disk),
			limit_mb: limitMb,
			package_files: packed.entryCount,
			package_own_mb: mb(own),
			tarball_mb: mb(packed.size),
			dependencies_installed: packages.length,
			worker_packages_installed: WORKER_ONLY.filter((name) =>
				packages.some((p) => p.name === name),
			),
			worker_error_names_fix: workerNamesFix,
			ships_dev_tooling: shipsDevTooling,
			largest,
		};
		log(
			`Installed size: ${figures.installed_mb} MB (${figures.installed_disk_mb} MB on disk), limit ${limitMb} MB`,
		);
		log(
			`This package's own files: ${figures.package_own_mb} MB in ${figures.package_files} files; ${packages.length} packages installed`,
		);
		for (const p of largest)
			log(
				`  ${String(p.mb).padStart(6)} MB  ${p.name}${p.copies > 1 ? ` (${p.copies} copies)` : ''}`,
			);
		if (!workerNamesFix)
			log(`The worker did not stop with the fix (exit ${worker.status}):\n${worker.stderr}`);
		process.stdout.write(`${JSON.stringify(figures)}\n`);
		const ok =
			Math.max(figures.installed_mb, figures.installed_disk_mb) <= limitMb &&
			workerNamesFix &&
			!shipsDevTooling &&
			figures.worker_packages_installed.length === 0;
		process.exitCode = ok ? 0 : 1;
	} finally {
		if (!process.env.BLX_KEEP_PACKAGE_SIZE_DIR) rmSync(work, { recursive: true, force: true });
		else log(`Kept ${work}`);
	}
}

main();
