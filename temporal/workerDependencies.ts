/**
 * Imported first by worker.ts. What only the worker loads is in `optionalDependencies`: n8n's
 * community-package installer strips optional dependencies before `npm install`, so the n8n process
 * never carries the worker's native bridge (about 250 MB), while a normal `npm install` on the worker's
 * machine installs them. Without them the worker stops here, naming the fix, instead of with a bare
 * "Cannot find module '@temporalio/worker'".
 */
const WORKER_DEPENDENCIES = [
	'@temporalio/worker',
	'@temporalio/workflow',
	'@temporalio/activity',
	'pg',
];

function resolves(name: string): boolean {
	try {
		require.resolve(name);
		return true;
	} catch {
		return false;
	}
}

const missing = WORKER_DEPENDENCIES.filter((name) => !resolves(name));
if (missing.length > 0) {
	process.stderr.write(
		[
			`The worker cannot start: ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not installed.`,
			"They are this package's optional dependencies, which n8n leaves out when it installs community nodes.",
			'Install the package normally on the worker machine (`npm install n8n-nodes-bexio-lexoffice`, without',
			'--omit=optional) and start the worker there with `npx bexio-lexoffice-worker`.',
			'',
		].join('\n'),
	);
	process.exit(1);
}
