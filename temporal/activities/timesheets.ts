import { ApplicationFailure, Context } from '@temporalio/activity';

import { MAX_POSITIONS_PER_CREATE, criterion } from '../../clients/bexio';
import { ApiError } from '../../clients/http/errors';
import {
	draftParts,
	entryMinutes,
	fictionalPerson,
	invoicePosition,
	isBillable,
	normalize,
	parseCsv,
	resolveActivity,
	resolveProject,
	timesheetBody,
	toEntry,
	usersNamed,
	type Activity,
	type Person,
	type Project,
	type Resolved,
	type User,
} from '../mappings/timesheets';
import { parseDuration } from '../mappings/values';
import type {
	ConnectionRef,
	ImportFailure,
	ImportStats,
	PlannedTimesheet,
	TimesheetEntry,
	TimesheetSyncInput,
	TimesheetSyncMode,
} from '../shared';
import type { LinkScope, LinkStore } from '../store';
import type { BexioClient, ActivityClients } from './engine/clients';
import { contentHash } from './engine/contentHash';
import { UNINTERRUPTED, createWithIntent, recordFailure, zeroStats } from './engine/intents';

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

type Outcome = {
	outcome: 'created' | 'updated' | 'unchanged' | 'skipped' | 'failed';
	reason?: string;
	plan?: PlannedTimesheet;
};

const DEFAULT_EMAIL_DOMAIN = 'fictional.invalid';

const hash = (value: unknown): string => contentHash(value);

export async function syncTimesheetBatch(
	clients: ActivityClients,
	store: LinkStore,
	input: TimesheetBatchInput,
): Promise<TimesheetBatchResult> {
	const batch = await TimesheetBatch.open(clients.bexio(input.connection), store, input);
	if (input.mode === 'invoiceDrafts') await batch.invoiceDrafts();
	else await batch.timesheets();
	return batch.result;
}

/** bexio records a batch resolves its entries against, read fresh each batch: projects, activities and people change between runs. */
interface MasterData {
	projects: Project[];
	activities: Activity[];
	users: User[];
	fictional: User[];
}

/** One batch of entries: the master data it resolves against, what it created on the way, and its counts. */
class TimesheetBatch {
	readonly result: TimesheetBatchResult = {
		stats: zeroStats(),
		failures: [],
		planned: [],
		fictionalUsers: [],
		invoices: [],
	};
	private readonly ctx = Context.current();
	private readonly signal = this.ctx.cancellationSignal;
	private readonly preview: boolean;
	private readonly scope: LinkScope;
	private readonly userScope: LinkScope;
	/** Customers searched so far, by the value given. */
	private readonly contacts = new Map<string, Promise<number | string>>();
	/** Fictional users this batch created or planned, by person key. */
	private readonly madeUsers = new Map<string, number | undefined>();

	private constructor(
		private readonly bexio: BexioClient,
		private readonly store: LinkStore,
		private readonly input: TimesheetBatchInput,
		private readonly master: MasterData,
	) {
		this.preview = input.mode === 'preview';
		const source = { system: 'external' as const, connection: input.sourceName };
		const target = { system: 'bexio' as const, connection: input.connection.id };
		this.userScope = { kind: 'fictionalUsers', source, target };
		this.scope = {
			kind: input.mode === 'invoiceDrafts' ? 'timesheetInvoices' : 'timesheets',
			source,
			target,
		};
	}

	static async open(
		bexio: BexioClient,
		store: LinkStore,
		input: TimesheetBatchInput,
	): Promise<TimesheetBatch> {
		const signal = Context.current().cancellationSignal;
		const [projects, activities, users, fictional] = await Promise.all([
			bexio.list('project.getAll', { signal }, { returnAll: true }),
			bexio.list('businessActivity.getAll', { signal }, { returnAll: true }),
			bexio.list('user.getAll', { signal }, { returnAll: true }),
			bexio.list('fictionalUser.getAll', { signal }, { returnAll: true }),
		]);
		return new TimesheetBatch(bexio, store, input, {
			projects: projects as Project[],
			activities: activities as Activity[],
			users,
			fictional,
		});
	}

	/** Mode `timesheets` and `preview`: one bexio timesheet per entry. */
	async timesheets(): Promise<void> {
		for (const entry of this.input.entries) {
			if (this.signal.aborted) await this.ctx.cancelled;
			this.count(entry.externalId, await this.timesheetOne(entry));
			this.ctx.heartbeat(entry.externalId);
		}
	}

	/**
	 * Mode `invoiceDrafts`: one draft invoice per customer with one position per billable entry not
	 * invoiced before; a customer with more entries than bexio takes in one create gets several drafts,
	 * titled "(1/2)", "(2/2)", ….
	 */
	async invoiceDrafts(): Promise<void> {
		const pending = new Map<number, Resolved[]>();
		for (const entry of this.input.entries) {
			if (this.signal.aborted) await this.ctx.cancelled;
			try {
				const r = await this.toInvoice(entry);
				if (r) pending.set(r.contactId!, [...(pending.get(r.contactId!) ?? []), r]);
			} catch (error) {
				const reason = recordFailure(error);
				if (reason === undefined) throw error;
				this.count(entry.externalId, await this.settle(entry.externalId, 'failed', reason));
			}
			this.ctx.heartbeat(entry.externalId);
		}
		if (pending.size === 0) return;
		const me = (await this.bexio.call('user.getMe', { signal: this.signal })).id;
		const units = await this.bexio.list(
			'unit.getAll',
			{ signal: this.signal },
			{ returnAll: true },
		);
		const hourUnit = units.find((u) => normalize(u.name) === 'h')?.id;
		for (const { contactId, part, group } of draftParts(pending, MAX_POSITIONS_PER_CREATE)) {
			if (this.signal.aborted) await this.ctx.cancelled;
			await this.writeDraft(contactId, part, group, me, hourUnit);
			this.ctx.heartbeat(contactId);
		}
	}

	private count(sourceId: string, o: Outcome): void {
		this.result.stats.processed += 1;
		this.result.stats[o.outcome] += 1;
		if (o.outcome === 'failed')
			this.result.failures.push({ sourceId, reason: o.reason ?? 'failed' });
		if (o.plan) this.result.planned.push(o.plan);
	}

	private async settle(
		sourceId: string,
		outcome: 'skipped' | 'failed',
		reason: string,
	): Promise<Outcome> {
		if (!this.preview)
			await this.store.recordOutcome(this.input.jobId, sourceId, { outcome, reason });
		return { outcome, reason };
	}

	private async resolve(entry: TimesheetEntry): Promise<Resolved | string> {
		const minutes = entryMinutes(entry);
		if (typeof minutes === 'string') return minutes;
		const project = resolveProject(this.master.projects, entry.project);
		if (typeof project === 'string') return project;
		const activity = resolveActivity(this.master.activities, entry.activity);
		if (typeof activity === 'string') return activity;

		let contactId = project.contact_id ?? undefined;
		if (
			entry.customer !== undefined &&
			entry.customer !== null &&
			String(entry.customer).trim() !== ''
		) {
			const c = await this.customer(entry.customer);
			if (typeof c === 'string') return c;
			contactId = c;
		}

		const person = await this.resolvePerson(entry.person);
		if (typeof person === 'string') return person;
		return {
			entry,
			minutes,
			project,
			activity,
			billable: isBillable(entry, activity),
			contactId,
			person,
		};
	}

	/** Customer by contact number (`nr`), else by id; searched once per value. */
	private customer(value: string | number): Promise<number | string> {
		const key = normalize(value);
		let found = this.contacts.get(key);
		if (!found) {
			found = this.searchCustomer(value, key);
			this.contacts.set(key, found);
		}
		return found;
	}

	private async searchCustomer(value: string | number, key: string): Promise<number | string> {
		const byNr = await this.bexio.call('contact.search', {
			body: [criterion('nr', '=', String(value).trim())],
			signal: this.signal,
		});
		if (byNr.length === 1) return byNr[0].id;
		if (byNr.length > 1)
			return `customer number "${String(value)}" matches ${byNr.length} bexio contacts; use the contact id`;
		if (/^\d+$/.test(key)) {
			const byId = await this.bexio.call('contact.search', {
				body: [criterion('id', '=', key)],
				signal: this.signal,
			});
			if (byId.length === 1) return byId[0].id;
		}
		return `customer "${String(value)}" not found in bexio; use an existing contact number or id`;
	}

	private async resolvePerson(value: string): Promise<Person | string> {
		const key = normalize(value);
		if (!key) return 'no person: give the bexio user by e-mail or "firstname lastname"';
		const real = usersNamed(this.master.users, key);
		if (real.length > 1)
			return `person "${value}" matches ${real.length} bexio users; use the e-mail`;
		if (real.length === 1) return { key, userId: real[0].id };

		const { fictional } = this.master;
		if (this.madeUsers.has(key)) {
			const userId = this.madeUsers.get(key);
			return {
				key,
				userId,
				create: userId === undefined ? fictionalPerson(value, this.emailDomain()) : undefined,
			};
		}
		const link = await this.store.getLink(this.userScope, key);
		if (link && fictional.some((u) => u.id === Number(link.targetId)))
			return { key, userId: Number(link.targetId) };
		const known = usersNamed(fictional, key);
		const made = fictionalPerson(value, this.emailDomain());
		// A person given by name may already exist under the e-mail made up for them.
		const byEmail = key.includes('@')
			? []
			: fictional.filter((u) => normalize(u.email) === made.email);
		const candidates = known.length ? known : byEmail;
		if (candidates.length > 1)
			return `person "${value}" matches ${candidates.length} bexio fictional users; use the e-mail`;
		if (candidates.length === 1) {
			if (!this.preview)
				await this.store.commit(this.userScope, {
					jobId: `${this.input.jobId}/users`,
					sourceId: key,
					targetId: String(candidates[0].id),
					contentHash: '',
					keys: [],
					outcome: 'unchanged',
				});
			return { key, userId: candidates[0].id };
		}
		return { key, create: made };
	}

	private emailDomain(): string {
		return this.input.fictionalUsers?.emailDomain?.trim() || DEFAULT_EMAIL_DOMAIN;
	}

	/** The bexio user of the entry; creates the fictional user on its first entry (not in preview). */
	private async userOf(r: Resolved): Promise<number | undefined> {
		if (r.person.userId !== undefined) return r.person.userId;
		if (this.madeUsers.has(r.person.key)) return this.madeUsers.get(r.person.key);
		if (this.preview) {
			this.madeUsers.set(r.person.key, undefined);
			this.result.fictionalUsers.push({ person: r.entry.person });
			return undefined;
		}
		const create = r.person.create!;
		const created = await this.bexio.call('fictionalUser.create', {
			body: {
				salutation_type: this.input.fictionalUsers?.salutationType ?? 'male',
				firstname: create.firstname,
				lastname: create.lastname,
				email: create.email,
			},
			signal: UNINTERRUPTED,
		});
		this.master.fictional.push({ id: created.id, ...create });
		await this.store.commit(this.userScope, {
			jobId: `${this.input.jobId}/users`,
			sourceId: r.person.key,
			targetId: String(created.id),
			contentHash: '',
			keys: [],
			outcome: 'created',
		});
		this.madeUsers.set(r.person.key, created.id);
		this.result.fictionalUsers.push({ person: r.entry.person, userId: created.id });
		return created.id;
	}

	/** After a crash between create and link: the timesheet with the same user, activity, project, day, duration and text. */
	private async findTimesheet(body: Record<string, unknown>): Promise<number | undefined> {
		const found = await this.bexio.call('timesheet.search', {
			body: [
				criterion('user_id', '=', Number(body.user_id)),
				criterion('client_service_id', '=', Number(body.client_service_id)),
				criterion('pr_project_id', '=', Number(body.pr_project_id)),
			],
			signal: this.signal,
		});
		const tracking = body.tracking as { date: string; duration: string };
		const minutes = parseDuration(tracking.duration);
		return found.find(
			(t) =>
				t.date === tracking.date &&
				parseDuration(t.duration) === minutes &&
				(t.text ?? '') === body.text,
		)?.id;
	}

	private async timesheetOne(entry: TimesheetEntry): Promise<Outcome> {
		const id = entry.externalId;
		if (!this.preview) {
			const earlier = await this.store.getOutcome(this.input.jobId, id);
			if (earlier) return { outcome: earlier.outcome, reason: earlier.reason };
		}
		try {
			const r = await this.resolve(entry);
			if (typeof r === 'string') return this.settle(id, 'failed', r);
			const link = await this.store.getLink(this.scope, id);
			const body = timesheetBody(r, await this.userOf(r));
			if (this.preview) {
				if (link && link.contentHash === hash(body)) return { outcome: 'unchanged' };
				const createsUser = r.person.userId === undefined ? r.person.create : undefined;
				return {
					outcome: link ? 'updated' : 'created',
					plan: {
						sourceId: id,
						action: link ? 'update' : 'create',
						targetId: link?.targetId,
						body,
						...(createsUser ? { createsUser } : {}),
					},
				};
			}
			const contentHash = hash(body);
			if (link && link.contentHash === contentHash) {
				await this.store.recordOutcome(this.input.jobId, id, {
					outcome: 'unchanged',
					targetId: link.targetId,
				});
				return { outcome: 'unchanged' };
			}
			if (link && (await this.updateTimesheet(id, link.targetId, body, contentHash)))
				return { outcome: 'updated' };
			await createWithIntent(
				this.store,
				this.scope,
				{ jobId: this.input.jobId, sourceId: id, intentKeys: [], contentHash, linkKeys: [] },
				{
					findEarlier: () => this.findTimesheet(body),
					create: async () =>
						String((await this.bexio.call('timesheet.create', { body, signal: UNINTERRUPTED })).id),
				},
			);
			return { outcome: 'created' };
		} catch (error) {
			const reason = recordFailure(error);
			if (reason === undefined) throw error;
			return this.settle(id, 'failed', reason);
		}
	}

	/** Writes the linked timesheet anew; false when it was deleted in bexio since (then it is created again). */
	private async updateTimesheet(
		sourceId: string,
		targetId: string,
		body: Record<string, unknown>,
		contentHash: string,
	): Promise<boolean> {
		try {
			await this.bexio.call('timesheet.update', {
				path: { timesheet_id: targetId },
				body,
				signal: UNINTERRUPTED,
			});
			await this.store.commit(this.scope, {
				jobId: this.input.jobId,
				sourceId,
				targetId,
				contentHash,
				keys: [],
				outcome: 'updated',
			});
			return true;
		} catch (error) {
			if (!(error instanceof ApiError && error.kind === 'notFound')) throw error;
			return false;
		}
	}

	/** An entry still to be invoiced, resolved and with its customer; undefined when it was counted already (done, refused, found). */
	private async toInvoice(entry: TimesheetEntry): Promise<Resolved | undefined> {
		const id = entry.externalId;
		const earlier = await this.store.getOutcome(this.input.jobId, id);
		if (earlier) return void this.count(id, { outcome: earlier.outcome, reason: earlier.reason });
		const r = await this.resolve(entry);
		if (typeof r === 'string') return void this.count(id, await this.settle(id, 'failed', r));
		if (!r.billable)
			return void this.count(id, await this.settle(id, 'skipped', 'not billable: not invoiced'));
		if (r.contactId === undefined)
			return void this.count(
				id,
				await this.settle(
					id,
					'failed',
					'no customer: the project has no contact; give the customer number or id',
				),
			);
		const link = await this.store.getLink(this.scope, id);
		if (link) {
			await this.store.recordOutcome(this.input.jobId, id, {
				outcome: 'unchanged',
				targetId: link.targetId,
			});
			return void this.count(id, { outcome: 'unchanged' });
		}
		// An earlier attempt may have created its draft before crashing: find it by its reference.
		const intent = await this.store.getIntent(this.scope, id);
		if (intent?.keys[0]) {
			const found = await this.bexio.call('invoice.search', {
				body: [criterion('api_reference', '=', intent.keys[0])],
				signal: this.signal,
			});
			if (found.length) {
				await this.store.commit(this.scope, {
					jobId: this.input.jobId,
					sourceId: id,
					targetId: String(found[0].id),
					contentHash: 'draft',
					keys: [],
					outcome: 'created',
				});
				return void this.count(id, { outcome: 'created' });
			}
		}
		return r;
	}

	/** One draft invoice for a group of one customer's entries; a refused draft fails its entries, the batch goes on. */
	private async writeDraft(
		contactId: number,
		part: string,
		group: Resolved[],
		me: number,
		hourUnit: number | undefined,
	): Promise<void> {
		const { input, store, scope } = this;
		// Names exactly these entries: a retry after a crash groups the entries still unlinked the same way.
		const reference = `timesheets:${hash({ contactId, ids: group.map((r) => r.entry.externalId).sort() }).slice(0, 24)}`;
		const positions = group.map((r) => invoicePosition(r, hourUnit, input.invoice));
		try {
			for (const r of group)
				await store.recordIntent(scope, r.entry.externalId, {
					jobId: input.jobId,
					keys: [reference],
				});
			const created = await this.bexio.call('invoice.create', {
				// mwst_type 0 with net prices: the positions' tax is added on top (type 1 would bill without VAT).
				body: {
					contact_id: contactId,
					user_id: me,
					title: `${input.invoice?.title ?? 'Leistungen'}${part}`,
					api_reference: reference,
					mwst_type: 0,
					mwst_is_net: true,
					positions,
				},
				signal: UNINTERRUPTED,
			});
			for (const r of group) {
				await store.commit(scope, {
					jobId: input.jobId,
					sourceId: r.entry.externalId,
					targetId: String(created.id),
					contentHash: 'draft',
					keys: [],
					outcome: 'created',
				});
				this.count(r.entry.externalId, { outcome: 'created' });
			}
			this.result.invoices.push({ contactId, invoiceId: created.id, positions: positions.length });
		} catch (error) {
			const reason = recordFailure(error);
			if (reason === undefined) throw error;
			for (const r of group)
				this.count(
					r.entry.externalId,
					await this.settle(
						r.entry.externalId,
						'failed',
						`draft invoice for contact ${contactId}: ${reason}`,
					),
				);
		}
	}
}

/** Reads entries from a CSV (header row) or JSON (array of objects) file over HTTP(S). */
export async function readTimesheetSource(source: {
	format: 'csv' | 'json';
	url: string;
}): Promise<TimesheetEntry[]> {
	let url: URL;
	try {
		url = new URL(source.url);
	} catch {
		throw ApplicationFailure.create({
			type: 'InvalidRequestError',
			message: `source.url "${source.url}" is not a URL`,
			nonRetryable: true,
		});
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') {
		throw ApplicationFailure.create({
			type: 'InvalidRequestError',
			message: `source.url must be http(s), not ${url.protocol}`,
			nonRetryable: true,
		});
	}
	const response = await fetch(url, { signal: Context.current().cancellationSignal });
	// The URL may carry a secret in its query: messages name the host and path only.
	const where = `${url.origin}${url.pathname}`;
	if (!response.ok) {
		const retryable = response.status === 429 || response.status >= 500;
		throw ApplicationFailure.create({
			type: retryable ? 'SourceUnavailableError' : 'InvalidRequestError',
			message: `reading ${where} answered ${response.status}`,
			nonRetryable: !retryable,
		});
	}
	const text = await response.text();
	if (source.format === 'csv') return parseCsv(text).map(toEntry);
	let data: unknown;
	try {
		data = JSON.parse(text);
	} catch (error) {
		throw ApplicationFailure.create({
			type: 'InvalidRequestError',
			message: `${where} is not JSON: ${(error as Error).message}`,
			nonRetryable: true,
		});
	}
	const list = Array.isArray(data)
		? data
		: Array.isArray((data as { entries?: unknown })?.entries)
			? (data as { entries: unknown[] }).entries
			: undefined;
	if (!list)
		throw ApplicationFailure.create({
			type: 'InvalidRequestError',
			message: `${where} holds no array of entries (nor {"entries": [...]})`,
			nonRetryable: true,
		});
	return list
		.filter((e): e is Record<string, unknown> => typeof e === 'object' && e !== null)
		.map(toEntry);
}
