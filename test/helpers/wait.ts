/**
 * Reads until `done` holds, as the system reports it (bounded: a timeout fails with the last value read).
 * `done` may throw to end the wait early on a state that can no longer turn into the expected one.
 */
export async function untilState<T>(
	what: string,
	read: () => Promise<T>,
	done: (v: T) => boolean,
	timeoutMs = 30_000,
	intervalMs = 250,
): Promise<T> {
	for (const until = Date.now() + timeoutMs; ; ) {
		const value = await read();
		if (done(value)) return value;
		if (Date.now() > until)
			throw new Error(
				`timed out waiting for ${what}: last ${JSON.stringify(value).slice(0, 1500)}`,
			);
		await new Promise((r) => setTimeout(r, intervalMs));
	}
}
