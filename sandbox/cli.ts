import { randomBytes } from 'node:crypto';

import { startBexioSandbox } from './bexio';
import { startLexofficeSandbox } from './lexoffice';

/**
 * `npm run -s sandbox`: both simulators on loopback. Prints the connection lines other tooling reads,
 * then keeps running until interrupted. Ports from SANDBOX_LEXOFFICE_PORT / SANDBOX_BEXIO_PORT
 * (0 or unset = a free port); tokens from SANDBOX_LEXOFFICE_TOKEN / SANDBOX_BEXIO_TOKEN or random.
 */
async function main(): Promise<void> {
	const lexofficeToken =
		process.env.SANDBOX_LEXOFFICE_TOKEN || `lexoffice-${randomBytes(12).toString('hex')}`;
	const bexioToken = process.env.SANDBOX_BEXIO_TOKEN || `bexio-${randomBytes(12).toString('hex')}`;
	const host = process.env.SANDBOX_HOST || '127.0.0.1';
	const lexoffice = await startLexofficeSandbox({
		port: Number(process.env.SANDBOX_LEXOFFICE_PORT || 0),
		host,
		defaultToken: lexofficeToken,
	});
	const bexio = await startBexioSandbox({
		port: Number(process.env.SANDBOX_BEXIO_PORT || 0),
		host,
		defaultToken: bexioToken,
	});

	process.stdout.write(
		[
			`LEXOFFICE_URL=${lexoffice.url}`,
			`LEXOFFICE_TOKEN=${lexofficeToken}`,
			`BEXIO_URL=${bexio.url}`,
			`BEXIO_TOKEN=${bexioToken}`,
			`LEXOFFICE_WEBHOOK_PUBLIC_KEY_URL=${lexoffice.publicKeyUrl}`,
			'',
		].join('\n'),
	);

	const stop = () => {
		void Promise.all([lexoffice.close(), bexio.close()]).then(() => process.exit(0));
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
	process.stderr.write(
		`sandbox failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
	);
	process.exit(1);
});
