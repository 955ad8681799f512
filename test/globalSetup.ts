import { TestWorkflowEnvironment } from '@temporalio/testing';

import { startBexioSandbox } from '../sandbox/bexio';
import { startLexofficeSandbox } from '../sandbox/lexoffice';
import { temporalExecutable } from './helpers/temporalServer';

/**
 * One sandbox of each API and one Temporal dev server per jest run. URLs reach the test workers
 * through the environment (workers start after this and inherit it).
 */
export default async function globalSetup(): Promise<void> {
	const lexoffice = await startLexofficeSandbox({ webhookTimeScale: 0.001 });
	const bexio = await startBexioSandbox();
	process.env.LEXOFFICE_URL = lexoffice.url;
	process.env.LEXOFFICE_WEBHOOK_PUBLIC_KEY_URL = lexoffice.publicKeyUrl;
	process.env.BEXIO_URL = bexio.url;

	const temporal = await TestWorkflowEnvironment.createLocal({
		server: { executable: temporalExecutable(), ip: '127.0.0.1' },
	});
	process.env.TEMPORAL_TEST_ADDRESS = temporal.address;

	const g = globalThis as unknown as { __blx?: { close(): Promise<void> } };
	g.__blx = {
		async close() {
			await temporal.teardown();
			await Promise.all([lexoffice.close(), bexio.close()]);
		},
	};
}
