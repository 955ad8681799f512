/** Unref'd timers that are all cancelled on close, so a test runner can exit (webhook retries, OCR simulation). */
export class Scheduler {
	private readonly timers = new Set<NodeJS.Timeout>();
	private closed = false;

	after(ms: number, fn: () => void): void {
		if (this.closed) return;
		const timer = setTimeout(
			() => {
				this.timers.delete(timer);
				if (!this.closed) fn();
			},
			Math.max(0, ms),
		);
		timer.unref();
		this.timers.add(timer);
	}

	get pending(): number {
		return this.timers.size;
	}

	close(): void {
		this.closed = true;
		for (const t of this.timers) clearTimeout(t);
		this.timers.clear();
	}
}
