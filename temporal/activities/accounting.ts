import { Context } from '@temporalio/activity';

import { isDay } from '../mappings/values';
import type { AccountingExportInput, BookingLine, ConnectionRef, ImportFailure, ImportStats, PlannedBooking } from '../shared';
import type { LinkScope, LinkStore } from '../store';
import type { ActivityClients } from './engine/clients';
import { contentHash } from './engine/contentHash';
import { UNINTERRUPTED, createWithIntent, recordFailure, zeroStats } from './engine/intents';

/**
 * Booking lines from outside (cash book, POS, bank export handed over by n8n) → bexio manual entries
 * of type `manual_single_entry`: one debit and one credit account per
 * line, resolved from the job's account map (source key → bexio account number) or taken as a bexio
 * account number, then to the account id from the chart of accounts. A line whose account is neither
 * mapped nor in the chart fails with the account and the fix; the other lines are booked.
 *
 * Links (kind `manualEntries`, per source name) make every run idempotent. The entry's `reference_nr`
 * is the line's externalId (bexio's dedup handle for manual entries), so a create that
 * may have happened before a crash is found again in the entry list instead of booked twice. A line
 * changed after it was booked is not rebooked: bookings are corrected in bexio or by a correction line.
 */

export interface AccountingBatchInput {
	jobId: string;
	connection: ConnectionRef;
	sourceName: string;
	lines: BookingLine[];
	accountMap: Record<string, string>;
	defaults: NonNullable<AccountingExportInput['defaults']>;
	dryRun: boolean;
}

export interface AccountingBatchResult {
	stats: ImportStats;
	failures: ImportFailure[];
	planned: PlannedBooking[];
}

interface Account {
	id: number;
	account_no?: string | number | null;
	name?: string | null;
	is_active?: boolean | null;
}
interface Tax {
	id: number;
	code?: string | null;
	is_active?: boolean | null;
}
interface Currency {
	id: number;
	name: string;
}

type Outcome = { outcome: 'created' | 'unchanged' | 'skipped' | 'failed'; reason?: string; plan?: PlannedBooking };

/** Debit account of lines that name none: the cash account (receipts). */
export const DEFAULT_DEBIT_ACCOUNT = '1000';
/** bexio's limit on `reference_nr`. */
const REFERENCE_MAX = 80;

const hash = (value: unknown): string => contentHash(value);

export async function exportBookingBatch(clients: ActivityClients, store: LinkStore, input: AccountingBatchInput): Promise<AccountingBatchResult> {
	const ctx = Context.current();
	const signal = ctx.cancellationSignal;
	const bexio = clients.bexio(input.connection);
	const scope: LinkScope = {
		kind: 'manualEntries',
		source: { system: 'external', connection: input.sourceName },
		target: { system: 'bexio', connection: input.connection.id },
	};

	const [accounts, taxes, currencies] = await Promise.all([
		bexio.list('account.getAll', { signal }, { returnAll: true }) as Promise<unknown> as Promise<Account[]>,
		bexio.list('tax.getAll', { signal }, { returnAll: true }) as Promise<unknown> as Promise<Tax[]>,
		bexio.list('currency.getAll', { signal }, { returnAll: true }) as Promise<unknown> as Promise<Currency[]>,
	]);
	const accountByNo = new Map(accounts.map((a) => [String(a.account_no ?? '').trim(), a]));

	const result: AccountingBatchResult = { stats: zeroStats(), failures: [], planned: [] };
	for (const line of input.lines) {
		if (signal.aborted) await ctx.cancelled;
		const o = await bookOne(line);
		result.stats.processed += 1;
		result.stats[o.outcome] += 1;
		if (o.outcome === 'failed') result.failures.push({ sourceId: line.externalId, reason: o.reason ?? 'failed' });
		if (o.plan) result.planned.push(o.plan);
		ctx.heartbeat(line.externalId);
	}
	return result;

	async function settle(sourceId: string, outcome: 'skipped' | 'failed', reason: string): Promise<Outcome> {
		if (!input.dryRun) await store.recordOutcome(input.jobId, sourceId, { outcome, reason });
		return { outcome, reason };
	}

	/** The bexio account id of a line's account, or why there is none. */
	function account(side: 'debit' | 'credit', key: string | undefined): number | string {
		if (key === undefined || String(key).trim() === '') {
			return `no ${side} account: set ${side}Account on the line or defaults.${side}Account on the job`;
		}
		const k = String(key).trim();
		const mapped = input.accountMap[k];
		const no = String(mapped ?? k).trim();
		const found = accountByNo.get(no);
		if (!found) {
			return mapped !== undefined
				? `${side} account "${k}" is mapped to ${no}, which is not in the bexio chart of accounts; correct accountMap["${k}"] or create account ${no} in bexio`
				: `${side} account "${k}" is not mapped and is no bexio account number; add it to accountMap, e.g. {"${k}": "<bexio account number>"}`;
		}
		if (found.is_active === false) return `${side} account ${no} (${found.name ?? ''}) is inactive in bexio; activate it or map "${k}" to another account`;
		return found.id;
	}

	/** The manual entry of a line with every reference resolved, or why it cannot be booked. */
	function entryFor(line: BookingLine): Record<string, unknown> | string {
		if (!isDay(line.date)) return `date "${String(line.date ?? '')}" is not a day as YYYY-MM-DD`;
		const amount = typeof line.amount === 'number' ? line.amount : Number(String(line.amount ?? '').trim());
		if (!Number.isFinite(amount) || String(line.amount ?? '').trim() === '') return `amount "${String(line.amount ?? '')}" is not a number (use a point as decimal separator)`;
		if (amount <= 0) return `amount ${amount} is not positive; book a reversal by swapping the debit and credit accounts`;
		if (String(line.externalId).length > REFERENCE_MAX) return `externalId is longer than ${REFERENCE_MAX} characters, bexio's limit for the reference number`;
		const debit = account('debit', line.debitAccount ?? input.defaults.debitAccount ?? DEFAULT_DEBIT_ACCOUNT);
		if (typeof debit === 'string') return debit;
		const credit = account('credit', line.creditAccount ?? input.defaults.creditAccount);
		if (typeof credit === 'string') return credit;
		if (debit === credit) return `debit and credit are the same account (${line.debitAccount ?? input.defaults.debitAccount ?? DEFAULT_DEBIT_ACCOUNT}); a booking moves between two accounts`;

		let taxId: number | undefined;
		if (line.taxId !== undefined && line.taxId !== null) {
			if (!taxes.some((t) => t.id === Number(line.taxId))) return `tax id ${line.taxId} does not exist in bexio`;
			taxId = Number(line.taxId);
		} else if (line.taxCode) {
			const tax = taxes.filter((t) => String(t.code ?? '').toUpperCase() === line.taxCode!.trim().toUpperCase());
			if (tax.length === 0) return `tax code "${line.taxCode}" does not exist in bexio; use a bexio tax code (e.g. UN81, VM81) or taxId`;
			taxId = (tax.find((t) => t.is_active !== false) ?? tax[0]).id;
		}
		let currencyId: number | undefined;
		if (line.currency) {
			const currency = currencies.find((c) => c.name.toUpperCase() === line.currency!.trim().toUpperCase());
			if (!currency) return `currency "${line.currency}" is not set up in bexio; add it under currencies or book in the base currency`;
			currencyId = currency.id;
		}
		return {
			type: 'manual_single_entry',
			date: line.date,
			reference_nr: String(line.externalId),
			entries: [
				{
					debit_account_id: debit,
					credit_account_id: credit,
					amount,
					description: line.description ?? '',
					...(taxId !== undefined ? { tax_id: taxId } : {}),
					...(currencyId !== undefined ? { currency_id: currencyId } : {}),
					...(line.currencyFactor !== undefined ? { currency_factor: Number(line.currencyFactor) } : {}),
				},
			],
		};
	}

	/** After a crash between create and link: the entry carrying the line's reference number (no search exists). */
	async function findEntry(reference: string, date: string): Promise<number | undefined> {
		for await (const e of bexio.items('manualEntry.getAll', { signal })) {
			const entry = e as unknown as { id: number; reference_nr?: string | null; date?: string | null };
			if (entry.reference_nr === reference && entry.date === date) return entry.id;
		}
		return undefined;
	}

	async function bookOne(line: BookingLine): Promise<Outcome> {
		const id = String(line.externalId);
		if (!input.dryRun) {
			const earlier = await store.getOutcome(input.jobId, id);
			if (earlier) return { outcome: earlier.outcome as Outcome['outcome'], reason: earlier.reason };
		}
		try {
			const body = entryFor(line);
			if (typeof body === 'string') return settle(id, 'failed', body);
			const contentHash = hash(body);
			const link = await store.getLink(scope, id);
			if (link) {
				if (link.contentHash === contentHash) {
					if (!input.dryRun) await store.recordOutcome(input.jobId, id, { outcome: 'unchanged', targetId: link.targetId });
					return { outcome: 'unchanged' };
				}
				return settle(id, 'skipped', `already booked as bexio manual entry ${link.targetId} with other values; bookings are not changed by the export: correct the entry in bexio or send a correction line`);
			}
			if (input.dryRun) return { outcome: 'created', plan: { sourceId: id, action: 'create', body } };
			await createWithIntent(store, scope, { jobId: input.jobId, sourceId: id, intentKeys: [id], contentHash, linkKeys: [] }, {
				findEarlier: () => findEntry(id, line.date),
				create: async () => {
					const created = (await bexio.call('manualEntry.create', { body, signal: UNINTERRUPTED })) as { id: number };
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
}
