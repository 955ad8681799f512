import { bundleWorkflowCode } from '@temporalio/worker';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Prebuilds the workflow bundle (production sample) so the worker skips bundling at start: run after
 * `npm run build` as `node dist/temporal/bundle.js [outFile]` and start the worker with
 * `BLX_WORKFLOW_BUNDLE=<outFile>`. Rebuild it with every release: it is the workflow code that runs.
 */
async function main(): Promise<void> {
	const out = process.argv[2] ?? join(__dirname, 'workflow-bundle.js');
	const { code } = await bundleWorkflowCode({ workflowsPath: require.resolve('./workflows') });
	writeFileSync(out, code);
	process.stdout.write(`workflow bundle written to ${out}\n`);
}

if (require.main === module) {
	main().catch((error: unknown) => {
		process.stderr.write(
			`bundle failed: ${error instanceof Error ? error.message : String(error)}\n`,
		);
		process.exit(1);
	});
}
