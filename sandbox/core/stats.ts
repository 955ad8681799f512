/** Requests by route and status, for tests and benchmarks (status 0 = connection reset). */
export class RequestStats {
	private byRoute = new Map<string, Map<number, number>>();
	private total = 0;
	private lostResponses = 0;
	private startedAt = Date.now();

	record(routeKey: string, status: number): void {
		this.total += 1;
		let statuses = this.byRoute.get(routeKey);
		if (!statuses) {
			statuses = new Map();
			this.byRoute.set(routeKey, statuses);
		}
		statuses.set(status, (statuses.get(status) ?? 0) + 1);
	}

	recordLostResponse(): void {
		this.lostResponses += 1;
	}

	reset(): void {
		this.byRoute.clear();
		this.total = 0;
		this.lostResponses = 0;
		this.startedAt = Date.now();
	}

	snapshot(): {
		total: number;
		lostResponses: number;
		since: string;
		byStatus: Record<string, number>;
		byRoute: Record<string, Record<string, number>>;
	} {
		const byRoute: Record<string, Record<string, number>> = {};
		const byStatus: Record<string, number> = {};
		for (const [route, statuses] of this.byRoute) {
			byRoute[route] = {};
			for (const [status, count] of statuses) {
				byRoute[route][String(status)] = count;
				byStatus[String(status)] = (byStatus[String(status)] ?? 0) + count;
			}
		}
		return {
			total: this.total,
			lostResponses: this.lostResponses,
			since: new Date(this.startedAt).toISOString(),
			byStatus,
			byRoute,
		};
	}
}
