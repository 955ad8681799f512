import type { AccountingExportInput, BookingLine } from '../shared';
import { isDay } from './values';

/**
 * A booking line from outside (cash book, POS, bank export) → one bexio manual entry, every account,
 * tax and currency resolved against the bexio chart, or the reason the line cannot be booked. Pure.
 */

export interface Account {
	id: number;
	account_no?: string | number | null;
	name?: string | null;
	is_active?: boolean | null;
}
export interface Tax {
	id: number;
	code?: string | null;
	is_active?: boolean | null;
	type?: string | null;
	value?: number | string | null;
}
export interface Currency {
	id: number;
	name: string;
}

/** What the job says about accounts: source key → bexio account number, and the accounts of lines that name none. */
export interface BookingJob {
	accountMap: Record<string, string>;
	defaults: NonNullable<AccountingExportInput['defaults']>;
}

/** The bexio records a line is resolved against. */
export interface Chart {
	accountByNo: Map<string, Account>;
	taxes: Tax[];
	currencies: Currency[];
}

export function chartOf(accounts: Account[], taxes: Tax[], currencies: Currency[]): Chart {
	return {
		accountByNo: new Map(accounts.map((a) => [String(a.account_no ?? '').trim(), a])),
		taxes,
		currencies,
	};
}

/** Debit account of lines that name none: the cash account (receipts). */
export const DEFAULT_DEBIT_ACCOUNT = '1000';
/** bexio's limit on `reference_nr`. */
const REFERENCE_MAX = 80;

/** The bexio account id of a line's account, or why there is none. */
function account(
	chart: Chart,
	accountMap: Record<string, string>,
	side: 'debit' | 'credit',
	key: string | undefined,
): number | string {
	if (key === undefined || String(key).trim() === '') {
		return `no ${side} account: set ${side}Account on the line or defaults.${side}Account on the job`;
	}
	const k = String(key).trim();
	const mapped = accountMap[k];
	const no = String(mapped ?? k).trim();
	const found = chart.accountByNo.get(no);
	if (!found) {
		return mapped !== undefined
			? `${side} account "${k}" is mapped to ${no}, which is not in the bexio chart of accounts; correct accountMap["${k}"] or create account ${no} in bexio`
			: `${side} account "${k}" is not mapped and is no bexio account number; add it to accountMap, e.g. {"${k}": "<bexio account number>"}`;
	}
	if (found.is_active === false)
		return `${side} account ${no} (${found.name ?? ''}) is inactive in bexio; activate it or map "${k}" to another account`;
	return found.id;
}

/** The one active bexio sales tax at `rate` %, or why there is none to choose. */
function salesTaxAt(chart: Chart, rate: number): number | string {
	const found = chart.taxes.filter(
		(t) => t.type === 'sales_tax' && t.is_active !== false && Number(t.value) === rate,
	);
	if (found.length === 1) return found[0].id;
	if (found.length === 0)
		return `bexio has no active sales tax at ${rate} %; name the bexio tax code for this rate (taxCodes, e.g. {"${rate}": "<code>"})`;
	return `bexio has ${found.length} active sales taxes at ${rate} % (${found.map((t) => t.code).join(', ')}); name the one to use (taxCodes, e.g. {"${rate}": "${found[0].code}"})`;
}

/** The manual entry of a line with every reference resolved, or why it cannot be booked. */
export function planBooking(
	line: BookingLine,
	chart: Chart,
	job: BookingJob,
): Record<string, unknown> | string {
	const { accountMap, defaults } = job;
	if (!isDay(line.date)) return `date "${String(line.date ?? '')}" is not a day as YYYY-MM-DD`;
	const amount =
		typeof line.amount === 'number' ? line.amount : Number(String(line.amount ?? '').trim());
	if (!Number.isFinite(amount) || String(line.amount ?? '').trim() === '')
		return `amount "${String(line.amount ?? '')}" is not a number (use a point as decimal separator)`;
	if (amount <= 0)
		return `amount ${amount} is not positive; book a reversal by swapping the debit and credit accounts`;
	if (String(line.externalId).length > REFERENCE_MAX)
		return `externalId is longer than ${REFERENCE_MAX} characters, bexio's limit for the reference number`;
	const debit = account(
		chart,
		accountMap,
		'debit',
		line.debitAccount ?? defaults.debitAccount ?? DEFAULT_DEBIT_ACCOUNT,
	);
	if (typeof debit === 'string') return debit;
	const credit = account(chart, accountMap, 'credit', line.creditAccount ?? defaults.creditAccount);
	if (typeof credit === 'string') return credit;
	if (debit === credit)
		return `debit and credit are the same account (${line.debitAccount ?? defaults.debitAccount ?? DEFAULT_DEBIT_ACCOUNT}); a booking moves between two accounts`;

	let taxId: number | undefined;
	if (line.taxId !== undefined && line.taxId !== null) {
		if (!chart.taxes.some((t) => t.id === Number(line.taxId)))
			return `tax id ${line.taxId} does not exist in bexio`;
		taxId = Number(line.taxId);
	} else if (line.taxCode) {
		const tax = chart.taxes.filter(
			(t) => String(t.code ?? '').toUpperCase() === line.taxCode!.trim().toUpperCase(),
		);
		if (tax.length === 0)
			return `tax code "${line.taxCode}" does not exist in bexio; use a bexio tax code (e.g. UN81, VM81) or taxId`;
		taxId = (tax.find((t) => t.is_active !== false) ?? tax[0]).id;
	} else if (line.taxRate !== undefined && line.taxRate !== null) {
		const byRate = salesTaxAt(chart, Number(line.taxRate));
		if (typeof byRate === 'string') return byRate;
		taxId = byRate;
	}
	let currencyId: number | undefined;
	if (line.currency) {
		const currency = chart.currencies.find(
			(c) => c.name.toUpperCase() === line.currency!.trim().toUpperCase(),
		);
		if (!currency)
			return `currency "${line.currency}" is not set up in bexio; add it under currencies or book in the base currency`;
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
				...(taxId !== undefined && line.taxSide
					? { tax_account_id: line.taxSide === 'debit' ? debit : credit }
					: {}),
				...(currencyId !== undefined ? { currency_id: currencyId } : {}),
				...(line.currencyFactor !== undefined
					? { currency_factor: Number(line.currencyFactor) }
					: {}),
			},
		],
	};
}
