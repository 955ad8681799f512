import type { TimesheetEntry } from '../shared';
import { yesNo } from './values';

/**
 * Time entries from outside → what bexio needs: entries read from a file, people and references
 * matched exactly (never fuzzily), durations in bexio's form. Pure: no I/O.
 */

export interface User {
	id: number;
	firstname?: string | null;
	lastname?: string | null;
	email?: string | null;
}

/** The `HH:MM` bexio writes take. */
export const hhmm = (minutes: number): string => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

export const normalize = (value: unknown): string => String(value ?? '').trim().replace(/\s+/g, ' ').toLowerCase();
export const fullName = (u: User): string => normalize(`${u.firstname ?? ''} ${u.lastname ?? ''}`);

/** The single record `matches` picks, or the reason there is none or more than one. */
export function exactlyOne<T extends { id: number }>(what: string, value: unknown, found: T[], fix: string): T | string {
	const unique = [...new Map(found.map((r) => [r.id, r])).values()];
	if (unique.length === 1) return unique[0];
	if (unique.length > 1) return `${what} "${String(value)}" matches ${unique.length} bexio records (ids ${unique.map((r) => r.id).join(', ')}); use the id`;
	return `${what} "${String(value)}" not found in bexio; ${fix}`;
}

/** A person's name parts and e-mail for a fictional user (bexio requires all of them, the e-mail unique). */
export function fictionalPerson(person: string, domain: string): { firstname: string; lastname: string; email: string } {
	const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
	if (person.includes('@')) {
		const parts = person.split('@')[0].split(/[._-]+/).filter(Boolean).map(cap);
		const [first, ...rest] = parts.length ? parts : [person.split('@')[0]];
		return { firstname: first, lastname: rest.join(' ') || first, email: person.trim().toLowerCase() };
	}
	const [first, ...rest] = person.trim().split(/\s+/);
	const slug = person
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '.')
		.replace(/^\.|\.$/g, '');
	return { firstname: first, lastname: rest.join(' ') || first, email: `${slug || 'person'}@${domain}` };
}

const FIELDS: Array<keyof TimesheetEntry> = ['externalId', 'date', 'duration', 'person', 'project', 'activity', 'text', 'billable', 'customer'];

/** CSV rows (RFC 4180 quoting; `,` or `;` as detected from the header) as records keyed by the header. */
export function parseCsv(text: string): Array<Record<string, string>> {
	const body = text.replace(/^\uFEFF/, '');
	const firstLine = body.split(/\r?\n/, 1)[0] ?? '';
	const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
	const rows: string[][] = [];
	let row: string[] = [];
	let field = '';
	let quoted = false;
	for (let i = 0; i < body.length; i++) {
		const c = body[i];
		if (quoted) {
			if (c === '"' && body[i + 1] === '"') {
				field += '"';
				i++;
			} else if (c === '"') quoted = false;
			else field += c;
		} else if (c === '"') quoted = true;
		else if (c === delimiter) {
			row.push(field);
			field = '';
		} else if (c === '\n' || c === '\r') {
			if (c === '\r' && body[i + 1] === '\n') i++;
			row.push(field);
			rows.push(row);
			row = [];
			field = '';
		} else field += c;
	}
	if (field !== '' || row.length) {
		row.push(field);
		rows.push(row);
	}
	const [header, ...data] = rows.filter((r) => r.some((v) => v.trim() !== ''));
	if (!header) return [];
	const names = header.map((h) => h.trim());
	return data.map((r) => Object.fromEntries(names.map((n, i) => [n, (r[i] ?? '').trim()])));
}

/** A record from a file as an entry: fields matched case-insensitively, `billable` as yes/no/true/false/1/0 (see yesNo). */
export function toEntry(raw: Record<string, unknown>): TimesheetEntry {
	const lower = new Map(Object.entries(raw).map(([k, v]) => [k.toLowerCase(), v]));
	const out: Record<string, unknown> = {};
	for (const f of FIELDS) {
		const v = lower.get(f.toLowerCase());
		if (v === undefined || v === '') continue;
		out[f] = f === 'billable' ? (yesNo(v) ?? v) : v;
	}
	if (out.externalId !== undefined) out.externalId = String(out.externalId);
	return out as unknown as TimesheetEntry;
}
