import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

import ts from 'typescript';

/**
 * What ships is the product only: the sandbox, bench, scripts and test helpers never compile into dist/
 * nor reach the npm package. Cheap: no build, no install (`npm run package-size` measures the install).
 */
const root = join(__dirname, '..', '..');
const SHIPPED = ['clients', 'credentials', 'nodes', 'temporal'];
const DEV_TOOLING = ['sandbox', 'bench', 'scripts', 'test'];

const topFolder = (file: string) => relative(root, file).split(sep)[0];

/** The source files tsconfig.build.json compiles into dist/ (its include patterns, before imports). */
function buildRoots(): string[] {
	const config = ts.getParsedCommandLineOfConfigFile(
		join(root, 'tsconfig.build.json'),
		{},
		{
			...ts.sys,
			onUnRecoverableConfigFileDiagnostic: (d) => {
				throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
			},
		},
	);
	if (!config) throw new Error('tsconfig.build.json could not be read');
	return config.fileNames;
}

/** Relative module specifiers of a source or compiled file, type-only imports included (tsc follows them too). */
function relativeImports(file: string): string[] {
	const text = readFileSync(file, 'utf8');
	const found: string[] = [];
	for (const m of text.matchAll(
		/(?:from\s+|import\s*\(\s*|require\s*\(\s*|import\s+)['"](\.{1,2}\/[^'"]+)['"]/g,
	))
		found.push(m[1]);
	return found;
}

function filesUnder(dir: string): string[] {
	return readdirSync(dir).flatMap((entry) => {
		const path = join(dir, entry);
		return statSync(path).isDirectory() ? filesUnder(path) : [path];
	});
}

describe('the shipped package', () => {
	it('compiles only the shipped folders, and shipped code imports no dev tooling', () => {
		const files = buildRoots();
		expect(files.length).toBeGreaterThan(50);
		expect(new Set(files.map(topFolder))).toEqual(new Set(SHIPPED));
		const leaks = files.flatMap((file) =>
			relativeImports(file)
				.map((specifier) => resolve(dirname(file), specifier))
				.filter((target) => !SHIPPED.includes(topFolder(target)) && !/\.json$/.test(target))
				.map((target) => `${relative(root, file)} imports ${relative(root, target)}`),
		);
		expect(leaks).toEqual([]);
	});

	it('leaves no dev tooling in dist/ (when built)', () => {
		const dist = join(root, 'dist');
		if (!existsSync(dist)) return;
		const entries = readdirSync(dist).filter((entry) => !entry.startsWith('.'));
		expect(entries.filter((entry) => ![...SHIPPED, 'workflows'].includes(entry))).toEqual([]);
		const leaks = filesUnder(dist)
			.filter((file) => file.endsWith('.js'))
			.flatMap((file) =>
				relativeImports(file).filter((specifier) =>
					DEV_TOOLING.includes(relative(dist, resolve(dirname(file), specifier)).split(sep)[0]),
				),
			);
		expect(leaks).toEqual([]);
	});

	it('packs only dist/ folders of the product, README and manifest', () => {
		const [packed] = JSON.parse(
			execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
				cwd: root,
				encoding: 'utf8',
				stdio: ['ignore', 'pipe', 'ignore'],
			}),
		) as Array<{ files: Array<{ path: string }> }>;
		const paths = packed.files.map((f) => f.path);
		expect(paths).toContain('package.json');
		const allowed = new RegExp(
			`^(package\\.json|README\\.md|LICENSE(\\.md)?|dist/(${[...SHIPPED, 'workflows'].join('|')})/.+)$`,
		);
		expect(paths.filter((path) => !allowed.test(path))).toEqual([]);
		expect(
			paths.filter((path) => path.split('/').some((segment) => DEV_TOOLING.includes(segment))),
		).toEqual([]);
	});
});
