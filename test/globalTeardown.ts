export default async function globalTeardown(): Promise<void> {
	const g = globalThis as unknown as { __blx?: { close(): Promise<void> } };
	await g.__blx?.close();
}
