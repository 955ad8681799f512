import { randomUUID } from 'node:crypto';

import type { TenantBase } from '../core/server';

/** Integer ids on 2.0/3.0 resources, UUID strings on 4.0 purchase, banking and payroll. */
export type Id = number | string;
export type BexioRecord = Record<string, unknown> & { id: Id };

/** One bexio company: collections by name, id counters, a shiftable clock (a token is bound to one company). */
export interface BexioTenant extends TenantBase {
	collections: Map<string, Map<Id, BexioRecord>>;
	counters: Map<string, number>;
	/** Seconds added to the real clock for timestamps (tests of polling cursors). */
	clockOffsetSeconds: number;
	/** The token owner (`/3.0/users/me`). */
	userId: number;
	companyUuid: string;
}

export function collection(t: BexioTenant, name: string): Map<Id, BexioRecord> {
	let c = t.collections.get(name);
	if (!c) {
		c = new Map();
		t.collections.set(name, c);
	}
	return c;
}

export function rows(t: BexioTenant, name: string): BexioRecord[] {
	return [...collection(t, name).values()];
}

/** Next value of a named counter (ids, numbers); counters only grow, as database sequences do. */
export function nextCounter(t: BexioTenant, name: string): number {
	const n = (t.counters.get(name) ?? 0) + 1;
	t.counters.set(name, n);
	return n;
}

/** Raises a counter to at least `value` (manual numbers must not be handed out again). */
export function bumpCounter(t: BexioTenant, name: string, value: number): void {
	if (value > (t.counters.get(name) ?? 0)) t.counters.set(name, value);
}

export function insert(
	t: BexioTenant,
	name: string,
	record: Record<string, unknown>,
	idType: 'int' | 'uuid' = 'int',
): BexioRecord {
	const id: Id = idType === 'uuid' ? randomUUID() : nextCounter(t, `id:${name}`);
	const stored = { id, ...record } as BexioRecord;
	stored.id = id;
	collection(t, name).set(id, stored);
	return stored;
}

export function now(t: BexioTenant): Date {
	return new Date(Date.now() + t.clockOffsetSeconds * 1000);
}

const zurich = new Intl.DateTimeFormat('en-CA', {
	timeZone: 'Europe/Zurich',
	year: 'numeric',
	month: '2-digit',
	day: '2-digit',
	hour: '2-digit',
	minute: '2-digit',
	second: '2-digit',
	hourCycle: 'h23',
});

/** `YYYY-MM-DD HH:MM:SS` in Swiss local time without zone, as 2.0 stamps `updated_at`. */
export function localStamp(date: Date): string {
	const parts = zurich.formatToParts(date);
	const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '00';
	return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}:${get('second')}`;
}

export const nowStamp = (t: BexioTenant): string => localStamp(now(t));

/** ISO-8601 with offset, as 3.0 resources stamp `created_at`/`updated_at`. */
export const isoStamp = (t: BexioTenant): string => `${now(t).toISOString().slice(0, 19)}+00:00`;

/** Company-local date `YYYY-MM-DD`. */
export const today = (t: BexioTenant): string => nowStamp(t).slice(0, 10);

/** Copies without internal bookkeeping fields (names starting with `_`). */
export function publicView<T extends Record<string, unknown>>(record: T): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const key of Object.keys(record)) if (!key.startsWith('_')) out[key] = record[key];
	return out;
}
