import { ApplicationFailure, Context } from '@temporalio/activity';

import { MAX_POSITIONS_PER_CREATE, criterion } from '../../clients/bexio';
import { ApiError } from '../../clients/http/errors';
import type { ConnectionRef, ImportFailure, ImportStats, PlannedTimesheet, TimesheetEntry, TimesheetSyncInput, TimesheetSyncMode } from '../shared';
import type { LinkScope, LinkStore } from '../store';
import type { ActivityClients } from './engine/clients';
import { contentHash } from './engine/contentHash';
import { UNINTERRUPTED, createWithIntent, recordFailure, zeroStats } from './engine/intents';
import { exactlyOne, fictionalPerson, fullName, hhmm, normalize, parseCsv, toEntry, type User } from '../mappings/timesheets';
import { isDay, parseDuration, yesNo } from '../mappings/values';

/**
 * Time entries from outside (n8n items, a CSV or JSON file) → bexio timesheets or draft
 * invoices, and people unknown to bexio → fictional users.
 *
 * Mapping is exact, never fuzzy: a project by id, number or name; a business activity by id or name; a
 * person by e-mail or "firstname lastname" among users and fictional users; a customer by contact
 * number or id (default: the project's contact). A value that matches none, or more than one record,
 * fails that entry with the reason and the job goes on.
 *
 * Links make every run idempotent: entry externalId → timesheet (kind `timesheets`, content hash of the
 * body: a changed entry updates its timesheet) or → invoice (kind `timesheetInvoices`), and person →
 * fictional user (kind `fictionalUsers`), so a person is created once. Timesheets have no reference
 * field, so after a crash between create and link the timesheet is looked up by its user, activity and
 * project and compared by date, duration and text; a draft invoice carries `api_reference`.
 */

export interface TimesheetBatchInput {
	jobId: string;
	connection: ConnectionRef;
	sourceName: string;
	mode: TimesheetSyncMode;
	entries: TimesheetEntry[];
	fictionalUsers?: TimesheetSyncInput['fictionalUsers'];
	invoice?: TimesheetSyncInput['invoice'];
}

export interface TimesheetBatchResult {
	stats: ImportStats;
	failures: ImportFailure[];
	planned: PlannedTimesheet[];
	fictionalUsers: Array<{ person: string; userId?: number }>;
	invoices: Array<{ contactId: number; invoiceId: number; positions: number }>;
}

interface Named {
	id: number;
	name?: string | null;
}
interface Project extends Named {
	nr?: string | null;
	contact_id?: number | null;
}
interface Activity extends Named {
	default_is_billable?: boolean | null;
	default_price_per_hour?: number | null;
}

/** An entry with every reference resolved to a bexio id. */
interface Resolved {
	entry: TimesheetEntry;
	minutes: number;
	project: Project;
	activity: Activity;
	billable: boolean;
	contactId?: number;
	person: { key: string; userId?: number; create?: { firstname: string; lastname: string; email: string } };
}

type Outcome = { outcome: 'created' | 'updated' | 'unchanged' | 'skipped' | 'failed'; reason?: string; plan?: PlannedTimesheet };

const DEFAULT_EMAIL_DOMAIN = 'fictional.invalid';

const hash = (value: unknown): string => contentHash(value);

export async function syncTimesheetBatch(clients: ActivityClients, store: LinkStore, input: TimesheetBatchInput): Promise<TimesheetBatchResult> {
	const ctx = Context.current();
	const signal = ctx.cancellationSignal;
	const bexio = clients.bexio(input.connection);
	const preview = input.mode === 'preview';
	const source = { system: 'external' as const, connection: input.sourceName };
	const target = { system: 'bexio' as const, connection: input.connection.id };
	const userScope: LinkScope = { kind: 'fictionalUsers', source, target };
	const scope: LinkScope = { kind: input.mode === 'invoiceDrafts' ? 'timesheetInvoices' : 'timesheets', source, target };

	// Master data is read fresh each batch: projects, activities and people change between runs.
	const [projects, activities, users, fictional] = await Promise.all([
		bexio.list('project.getAll', { signal }, { returnAll: true }) as Promise<unknown> as Promise<Project[]>,
		bexio.list('businessActivity.getAll', { signal }, { returnAll: true }) as Promise<unknown> as Promise<Activity[]>,
		bexio.list('user.getAll', { signal }, { returnAll: true }) as Promise<unknown> as Promise<User[]>,
		bexio.list('fictionalUser.getAll', { signal }, { returnAll: true }) as Promise<unknown> as Promise<User[]>,
	]);
	const contacts = new Map<string, Promise<number | string>>();
	/** Fictional users this batch created or planned, by person key. */
	const madeUsers = new Map<string, number | undefined>();

	const result: TimesheetBatchResult = { stats: zeroStats(), failures: [], planned: [], fictionalUsers: [], invoices: [] };
	const count = (sourceId: string, o: Outcome) => {
		result.stats.processed += 1;
		result.stats[o.outcome] += 1;
		if (o.outcome === 'failed') result.failures.push({ sourceId, reason: o.reason ?? 'failed' });
		if (o.plan) result.planned.push(o.plan);
	};

	if (input.mode === 'invoiceDrafts') {
		await invoiceDrafts();
		return result;
	}
	for (const entry of input.entries) {
		if (signal.aborted) await ctx.cancelled;
		count(entry.externalId, await timesheetOne(entry));
		ctx.heartbeat(entry.externalId);
	}
	return result;

	async function settle(sourceId: string, outcome: 'skipped' | 'failed', reason: string): Promise<Outcome> {
		if (!preview) await store.recordOutcome(input.jobId, sourceId, { outcome, reason });
		return { outcome, reason };
	}

	async function resolve(entry: TimesheetEntry): Promise<Resolved | string> {
		if (!isDay(entry.date)) return `date "${String(entry.date ?? '')}" is not a day as YYYY-MM-DD`;
		const minutes = parseDuration(entry.duration);
		if (minutes === undefined) return `duration "${String(entry.duration ?? '')}" is neither H:MM (e.g. 1:30) nor a positive number of minutes`;

		const p = entry.project;
		if (p === undefined || p === null || String(p).trim() === '') return 'no project: give its bexio number, name or id';
		const pText = normalize(p);
		const project = exactlyOne(
			'project',
			p,
			typeof p === 'number'
				? projects.filter((x) => x.id === p)
				: (() => {
						const byNr = projects.filter((x) => normalize(x.nr) === pText);
						if (byNr.length) return byNr;
						const byName = projects.filter((x) => normalize(x.name) === pText);
						if (byName.length) return byName;
						return /^\d+$/.test(pText) ? projects.filter((x) => x.id === Number(pText)) : [];
					})(),
			'use the project number, exact name or id of an existing bexio project',
		);
		if (typeof project === 'string') return project;

		const a = entry.activity;
		if (a === undefined || a === null || String(a).trim() === '') return 'no activity: give the bexio business activity name or id';
		const aText = normalize(a);
		const byName = typeof a === 'number' ? [] : activities.filter((x) => normalize(x.name) === aText);
		const activity = exactlyOne(
			'business activity',
			a,
			byName.length ? byName : /^\d+$/.test(aText) ? activities.filter((x) => x.id === Number(aText)) : [],
			'create it in bexio (Settings → Business activities) or use an existing name or id',
		);
		if (typeof activity === 'string') return activity;

		let contactId = project.contact_id ?? undefined;
		if (entry.customer !== undefined && entry.customer !== null && String(entry.customer).trim() !== '') {
			const c = await customer(entry.customer);
			if (typeof c === 'string') return c;
			contactId = c;
		}

		const person = await resolvePerson(entry.person);
		if (typeof person === 'string') return person;
		const billable = yesNo(entry.billable) ?? activity.default_is_billable ?? true;
		return { entry, minutes, project, activity, billable, contactId, person };
	}

	/** Customer by contact number (`nr`), else by id; searched once per value. */
	function customer(value: string | number): Promise<number | string> {
		const key = normalize(value);
		let found = contacts.get(key);
		if (!found) {
			found = (async () => {
				const byNr = (await bexio.call('contact.search', { body: [criterion('nr', '=', String(value).trim())], signal })) as unknown as Array<{ id: number }>;
				if (byNr.length === 1) return byNr[0].id;
				if (byNr.length > 1) return `customer number "${String(value)}" matches ${byNr.length} bexio contacts; use the contact id`;
				if (/^\d+$/.test(key)) {
					const byId = (await bexio.call('contact.search', { body: [criterion('id', '=', key)], signal })) as unknown as Array<{ id: number }>;
					if (byId.length === 1) return byId[0].id;
				}
				return `customer "${String(value)}" not found in bexio; use an existing contact number or id`;
			})();
			contacts.set(key, found);
		}
		return found;
	}

	async function resolvePerson(value: string): Promise<Resolved['person'] | string> {
		const key = normalize(value);
		if (!key) return 'no person: give the bexio user by e-mail or "firstname lastname"';
		const matches = (list: User[]) => list.filter((u) => (key.includes('@') ? normalize(u.email) === key : fullName(u) === key));
		const real = matches(users);
		if (real.length > 1) return `person "${value}" matches ${real.length} bexio users; use the e-mail`;
		if (real.length === 1) return { key, userId: real[0].id };

		if (madeUsers.has(key)) return { key, userId: madeUsers.get(key), create: madeUsers.get(key) === undefined ? fictionalPerson(value, emailDomain()) : undefined };
		const link = await store.getLink(userScope, key);
		if (link && fictional.some((u) => u.id === Number(link.targetId))) return { key, userId: Number(link.targetId) };
		const known = matches(fictional);
		const made = fictionalPerson(value, emailDomain());
		// A person given by name may already exist under the e-mail made up for them.
		const byEmail = key.includes('@') ? [] : fictional.filter((u) => normalize(u.email) === made.email);
		const candidates = known.length ? known : byEmail;
		if (candidates.length > 1) return `person "${value}" matches ${candidates.length} bexio fictional users; use the e-mail`;
		if (candidates.length === 1) {
			if (!preview) await store.commit(userScope, { jobId: `${input.jobId}/users`, sourceId: key, targetId: String(candidates[0].id), contentHash: '', keys: [], outcome: 'unchanged' });
			return { key, userId: candidates[0].id };
		}
		return { key, create: made };
	}

	function emailDomain(): string {
		return input.fictionalUsers?.emailDomain?.trim() || DEFAULT_EMAIL_DOMAIN;
	}

	/** The bexio user of the entry; creates the fictional user on its first entry (not in preview). */
	async function userOf(r: Resolved): Promise<number | undefined> {
		if (r.person.userId !== undefined) return r.person.userId;
		if (madeUsers.has(r.person.key)) return madeUsers.get(r.person.key);
		if (preview) {
			madeUsers.set(r.person.key, undefined);
			result.fictionalUsers.push({ person: r.entry.person });
			return undefined;
		}
		const create = r.person.create!;
		const created = (await bexio.call('fictionalUser.create', {
			body: { salutation_type: input.fictionalUsers?.salutationType ?? 'male', firstname: create.firstname, lastname: create.lastname, email: create.email },
			signal: UNINTERRUPTED,
		})) as { id: number };
		fictional.push({ id: created.id, ...create });
		await store.commit(userScope, { jobId: `${input.jobId}/users`, sourceId: r.person.key, targetId: String(created.id), contentHash: '', keys: [], outcome: 'created' });
		madeUsers.set(r.person.key, created.id);
		result.fictionalUsers.push({ person: r.entry.person, userId: created.id });
		return created.id;
	}

	function timesheetBody(r: Resolved, userId: number | undefined): Record<string, unknown> {
		return {
			user_id: userId ?? null,
			client_service_id: r.activity.id,
			allowable_bill: r.billable,
			tracking: { type: 'duration', date: r.entry.date, duration: hhmm(r.minutes) },
			text: r.entry.text ?? '',
			pr_project_id: r.project.id,
			contact_id: r.contactId ?? null,
		};
	}

	/** After a crash between create and link: the timesheet with the same user, activity, project, day, duration and text. */
	async function findTimesheet(body: Record<string, unknown>): Promise<number | undefined> {
		const found = (await bexio.call('timesheet.search', {
			body: [criterion('user_id', '=', Number(body.user_id)), criterion('client_service_id', '=', Number(body.client_service_id)), criterion('pr_project_id', '=', Number(body.pr_project_id))],
			signal,
		})) as unknown as Array<{ id: number; date?: string | null; duration?: string | null; text?: string | null }>;
		const tracking = body.tracking as { date: string; duration: string };
		const minutes = parseDuration(tracking.duration);
		return found.find((t) => t.date === tracking.date && parseDuration(t.duration) === minutes && (t.text ?? '') === body.text)?.id;
	}

	async function timesheetOne(entry: TimesheetEntry): Promise<Outcome> {
		const id = entry.externalId;
		if (!preview) {
			const earlier = await store.getOutcome(input.jobId, id);
			if (earlier) return { outcome: earlier.outcome, reason: earlier.reason };
		}
		try {
			const r = await resolve(entry);
			if (typeof r === 'string') return settle(id, 'failed', r);
			const link = await store.getLink(scope, id);
			if (preview) {
				const body = timesheetBody(r, await userOf(r));
				if (link && link.contentHash === hash(body)) return { outcome: 'unchanged' };
				const createsUser = r.person.userId === undefined ? r.person.create : undefined;
				return { outcome: link ? 'updated' : 'created', plan: { sourceId: id, action: link ? 'update' : 'create', targetId: link?.targetId, body, ...(createsUser ? { createsUser } : {}) } };
			}
			const body = timesheetBody(r, await userOf(r));
			const contentHash = hash(body);
			if (link && link.contentHash === contentHash) {
				await store.recordOutcome(input.jobId, id, { outcome: 'unchanged', targetId: link.targetId });
				return { outcome: 'unchanged' };
			}
			if (link) {
				try {
					await bexio.call('timesheet.update', { path: { timesheet_id: link.targetId }, body, signal: UNINTERRUPTED });
					await store.commit(scope, { jobId: input.jobId, sourceId: id, targetId: link.targetId, contentHash, keys: [], outcome: 'updated' });
					return { outcome: 'updated' };
				} catch (error) {
					// Deleted in bexio since: written anew below.
					if (!(error instanceof ApiError && error.kind === 'notFound')) throw error;
				}
			}
			await createWithIntent(store, scope, { jobId: input.jobId, sourceId: id, intentKeys: [], contentHash, linkKeys: [] }, {
				findEarlier: () => findTimesheet(body),
				create: async () => {
					const created = (await bexio.call('timesheet.create', { body, signal: UNINTERRUPTED })) as { id: number };
					return String(created.id);
				},
			});
			return { outcome: 'created' };
		} catch (error) {
			const reason = recordFailure(error);
			if (reason === undefined) throw error;
			return settle(id, 'failed', reason);
		}
	}

	/**
	 * One draft invoice per customer with one position per billable entry not invoiced before; a customer
	 * with more entries than bexio takes in one create gets several drafts, titled "(1/2)", "(2/2)", ….
	 */
	async function invoiceDrafts(): Promise<void> {
		const pending = new Map<number, Resolved[]>();
		for (const entry of input.entries) {
			if (signal.aborted) await ctx.cancelled;
			const id = entry.externalId;
			const earlier = await store.getOutcome(input.jobId, id);
			if (earlier) {
				count(id, { outcome: earlier.outcome, reason: earlier.reason });
				continue;
			}
			try {
				const r = await resolve(entry);
				if (typeof r === 'string') {
					count(id, await settle(id, 'failed', r));
					continue;
				}
				if (!r.billable) {
					count(id, await settle(id, 'skipped', 'not billable: not invoiced'));
					continue;
				}
				if (r.contactId === undefined) {
					count(id, await settle(id, 'failed', 'no customer: the project has no contact; give the customer number or id'));
					continue;
				}
				const link = await store.getLink(scope, id);
				if (link) {
					await store.recordOutcome(input.jobId, id, { outcome: 'unchanged', targetId: link.targetId });
					count(id, { outcome: 'unchanged' });
					continue;
				}
				// An earlier attempt may have created its draft before crashing: find it by its reference.
				const intent = await store.getIntent(scope, id);
				if (intent?.keys[0]) {
					const found = (await bexio.call('invoice.search', { body: [criterion('api_reference', '=', intent.keys[0])], signal })) as unknown as Array<{ id: number }>;
					if (found.length) {
						await store.commit(scope, { jobId: input.jobId, sourceId: id, targetId: String(found[0].id), contentHash: 'draft', keys: [], outcome: 'created' });
						count(id, { outcome: 'created' });
						continue;
					}
				}
				const group = pending.get(r.contactId) ?? [];
				group.push(r);
				pending.set(r.contactId, group);
			} catch (error) {
				const reason = recordFailure(error);
				if (reason === undefined) throw error;
				count(id, await settle(id, 'failed', reason));
			}
			ctx.heartbeat(id);
		}
		if (pending.size === 0) return;
		const me = ((await bexio.call('user.getMe', { signal })) as { id: number }).id;
		const hourUnit = ((await bexio.list('unit.getAll', { signal }, { returnAll: true })) as unknown as Named[]).find((u) => normalize(u.name) === 'h')?.id;
		const drafts = [...pending].flatMap(([contactId, entries]) => {
			const parts = Math.ceil(entries.length / MAX_POSITIONS_PER_CREATE);
			return Array.from({ length: parts }, (_, i) => ({ contactId, part: parts > 1 ? ` (${i + 1}/${parts})` : '', group: entries.slice(i * MAX_POSITIONS_PER_CREATE, (i + 1) * MAX_POSITIONS_PER_CREATE) }));
		});
		for (const { contactId, part, group } of drafts) {
			if (signal.aborted) await ctx.cancelled;
			// Names exactly these entries: a retry after a crash groups the entries still unlinked the same way.
			const reference = `timesheets:${hash({ contactId, ids: group.map((r) => r.entry.externalId).sort() }).slice(0, 24)}`;
			const positions = group.map((r) => position(r, hourUnit));
			try {
				for (const r of group) await store.recordIntent(scope, r.entry.externalId, { jobId: input.jobId, keys: [reference] });
				const created = (await bexio.call('invoice.create', {
					// mwst_type 0 with net prices: the positions' tax is added on top (type 1 would bill without VAT).
					body: { contact_id: contactId, user_id: me, title: `${input.invoice?.title ?? 'Leistungen'}${part}`, api_reference: reference, mwst_type: 0, mwst_is_net: true, positions },
					signal: UNINTERRUPTED,
				})) as { id: number };
				for (const r of group) {
					await store.commit(scope, { jobId: input.jobId, sourceId: r.entry.externalId, targetId: String(created.id), contentHash: 'draft', keys: [], outcome: 'created' });
					count(r.entry.externalId, { outcome: 'created' });
				}
				result.invoices.push({ contactId, invoiceId: created.id, positions: positions.length });
			} catch (error) {
				const reason = recordFailure(error);
				if (reason === undefined) throw error;
				for (const r of group) count(r.entry.externalId, await settle(r.entry.externalId, 'failed', `draft invoice for contact ${contactId}: ${reason}`));
			}
			ctx.heartbeat(contactId);
		}
	}

	function position(r: Resolved, unitId: number | undefined): Record<string, unknown> {
		const hours = Math.round((r.minutes / 60) * 1_000_000) / 1_000_000;
		const rate = r.activity.default_price_per_hour ?? input.invoice?.hourlyRate ?? 0;
		const text = [`${r.entry.date} ${r.activity.name ?? ''} (${r.entry.person})`.trim(), r.entry.text].filter(Boolean).join('\n');
		return {
			type: 'KbPositionCustom',
			text,
			amount: String(hours),
			unit_price: String(rate),
			...(unitId !== undefined ? { unit_id: unitId } : {}),
			...(input.invoice?.taxId !== undefined ? { tax_id: input.invoice.taxId } : {}),
		};
	}
}

/** Reads entries from a CSV (header row) or JSON (array of objects) file over HTTP(S). */
export async function readTimesheetSource(source: { format: 'csv' | 'json'; url: string }): Promise<TimesheetEntry[]> {
	let url: URL;
	try {
		url = new URL(source.url);
	} catch {
		throw ApplicationFailure.create({ type: 'InvalidRequestError', message: `source.url "${source.url}" is not a URL`, nonRetryable: true });
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') {
		throw ApplicationFailure.create({ type: 'InvalidRequestError', message: `source.url must be http(s), not ${url.protocol}`, nonRetryable: true });
	}
	const response = await fetch(url, { signal: Context.current().cancellationSignal });
	// The URL may carry a secret in its query: messages name the host and path only.
	const where = `${url.origin}${url.pathname}`;
	if (!response.ok) {
		const retryable = response.status === 429 || response.status >= 500;
		throw ApplicationFailure.create({ type: retryable ? 'SourceUnavailableError' : 'InvalidRequestError', message: `reading ${where} answered ${response.status}`, nonRetryable: !retryable });
	}
	const text = await response.text();
	if (source.format === 'csv') return parseCsv(text).map(toEntry);
	let data: unknown;
	try {
		data = JSON.parse(text);
	} catch (error) {
		throw ApplicationFailure.create({ type: 'InvalidRequestError', message: `${where} is not JSON: ${(error as Error).message}`, nonRetryable: true });
	}
	const list = Array.isArray(data) ? data : Array.isArray((data as { entries?: unknown })?.entries) ? (data as { entries: unknown[] }).entries : undefined;
	if (!list) throw ApplicationFailure.create({ type: 'InvalidRequestError', message: `${where} holds no array of entries (nor {"entries": [...]})`, nonRetryable: true });
	return list.filter((e): e is Record<string, unknown> => typeof e === 'object' && e !== null).map(toEntry);
}
