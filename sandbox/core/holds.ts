import type { ServerResponse } from 'node:http';

/**
 * Held writes for one tenant: "apply the next POST to this path, then keep its answer back". A test
 * arms a hold, waits until the sandbox reports it `held` (the record exists, the caller has no answer
 * yet) and can then kill the caller at exactly that point: a write provably in flight.
 *
 * A held answer is sent when the hold is released through the admin API; when the caller's connection
 * closes first (the caller died or gave up), nothing is sent and the hold ends as `connectionClosed`.
 */

export interface HoldSpec {
	/** Request method, `POST` unless given. */
	method: string;
	/** The request path as sent, e.g. `/v1/contacts` or `/2.0/contact`. */
	path: string;
	/** Only a request whose raw body contains this text is held. */
	bodyContains?: string;
}

export type HoldState = 'armed' | 'held' | 'released' | 'connectionClosed';

export interface HoldView extends HoldSpec {
	id: number;
	state: HoldState;
	/** Status of the answer that is (or was) kept back. */
	status?: number;
	/** `id` of the record the held request created, when the answer names one. */
	recordId?: string;
	heldAt?: string;
	endedAt?: string;
}

interface Hold extends HoldView {
	release?: () => void;
}

export class HoldQueue {
	private readonly holds: Hold[] = [];
	private nextId = 1;

	arm(spec: Partial<HoldSpec>): HoldView {
		if (typeof spec.path !== 'string' || !spec.path.startsWith('/'))
			throw new Error('a hold needs "path", e.g. "/v1/contacts"');
		if (spec.bodyContains !== undefined && typeof spec.bodyContains !== 'string')
			throw new Error('"bodyContains" must be a string');
		const hold: Hold = {
			id: this.nextId++,
			method: (spec.method ?? 'POST').toUpperCase(),
			path: spec.path,
			bodyContains: spec.bodyContains,
			state: 'armed',
		};
		this.holds.push(hold);
		return view(hold);
	}

	/** The first armed hold that matches this request, if any (it is not taken yet). */
	match(method: string, path: string, rawBody: Buffer): HoldView | undefined {
		const hold = this.holds.find(
			(h) =>
				h.state === 'armed' &&
				h.method === method &&
				h.path === path &&
				(h.bodyContains === undefined || rawBody.includes(h.bodyContains)),
		);
		return hold && view(hold);
	}

	/**
	 * Keeps the answer to an applied request back until the hold is released (resolves `released`) or the
	 * caller's connection closes (resolves `connectionClosed`).
	 */
	keep(
		id: number,
		status: number,
		body: unknown,
		res: ServerResponse,
	): Promise<'released' | 'connectionClosed'> {
		const hold = this.holds.find((h) => h.id === id);
		if (!hold || hold.state !== 'armed') return Promise.resolve('released');
		hold.state = 'held';
		hold.status = status;
		const recordId = (body as { id?: unknown } | undefined)?.id;
		if (typeof recordId === 'string' || typeof recordId === 'number')
			hold.recordId = String(recordId);
		hold.heldAt = new Date().toISOString();
		return new Promise((resolve) => {
			const end = (state: 'released' | 'connectionClosed') => {
				if (hold.state !== 'held') return;
				hold.state = state;
				hold.endedAt = new Date().toISOString();
				hold.release = undefined;
				res.off('close', closed);
				resolve(state);
			};
			const closed = () => end('connectionClosed');
			hold.release = () => end('released');
			res.once('close', closed);
			if (res.destroyed || !res.socket || res.socket.destroyed) closed();
		});
	}

	/** Sends the answers held back (all, or the one with `id`) and disarms holds not reached yet. */
	release(id?: number): HoldView[] {
		for (const hold of this.holds) {
			if (id !== undefined && hold.id !== id) continue;
			if (hold.state === 'held') hold.release?.();
			else if (hold.state === 'armed') {
				hold.state = 'released';
				hold.endedAt = new Date().toISOString();
			}
		}
		return this.list();
	}

	list(): HoldView[] {
		return this.holds.map(view);
	}
}

function view(hold: Hold): HoldView {
	const { release: _release, ...rest } = hold;
	return { ...rest };
}
