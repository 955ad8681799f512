import { Context } from '@temporalio/activity';

import { voucherlistPage } from '../../clients/lexoffice';
import {
	voucherBookings,
	type LexofficeSalesVoucher,
	type SalesVoucherType,
} from '../mappings/voucherBookings';
import type { BookingLine, ConnectionRef, ImportFailure, LexofficeVoucherSource } from '../shared';
import { FINAL_STATUSES, readSalesVoucher, type VoucherRow } from './engine/bexioInvoices';
import type { ActivityClients, BexioClient } from './engine/clients';

/**
 * lexoffice invoices and credit notes updated since a day → booking lines for the accounting export, one
 * voucher list page per activity. Amounts stay in the voucher's currency; when that is not bexio's base
 * currency, bexio's own exchange rate for the voucher date (GET /3.0/currencies/{id}/exchange_rates?date=,
 * https://docs.bexio.com/#tag/Currencies) converts them, and a voucher without one fails with the fix.
 */

export interface VoucherLinesInput {
	source: LexofficeVoucherSource;
	bexio: ConnectionRef;
	cursor?: number;
	pageSize: number;
}

export interface VoucherLinesResult {
	lines: BookingLine[];
	/** Vouchers that cannot be booked, by voucher number (or id). */
	failures: ImportFailure[];
	/** Vouchers read on this page. */
	read: number;
	next?: number;
}

interface ExchangeRate {
	factor_nr?: number | string | null;
	ratio?: number | string | null;
	exchange_rate_date?: string | null;
	exchange_currency?: { name?: string | null } | null;
}

export async function voucherBookingLines(
	clients: ActivityClients,
	input: VoucherLinesInput,
): Promise<VoucherLinesResult> {
	const signal = Context.current().cancellationSignal;
	const lexoffice = clients.lexoffice(input.source.lexoffice);
	const bexio = clients.bexio(input.bexio);
	const page = await voucherlistPage<VoucherRow>(
		lexoffice,
		{
			voucherType: 'invoice,creditnote',
			voucherStatus: FINAL_STATUSES,
			updatedDateFrom: input.source.since,
		},
		input.cursor,
		input.pageSize,
		signal,
	);
	const factor = currencyFactors(bexio, input.source.baseCurrency ?? 'CHF', signal);
	const result: VoucherLinesResult = { lines: [], failures: [], read: 0, next: page.next };
	for (const row of page.rows) {
		result.read += 1;
		const voucher = (await readSalesVoucher(lexoffice, row.voucherType, row.id, signal)) as
			| LexofficeSalesVoucher
			| undefined;
		const booked = voucher
			? await linesOf(voucher, row.voucherType as SalesVoucherType, input.source, factor)
			: { invalid: `voucher type ${row.voucherType} is not booked` };
		if ('invalid' in booked)
			result.failures.push({ sourceId: row.voucherNumber ?? row.id, reason: booked.invalid });
		else result.lines.push(...booked);
		Context.current().heartbeat(row.id);
	}
	return result;
}

type FactorOf = (
	currency: string,
	day: string,
) => Promise<number | undefined | { invalid: string }>;

async function linesOf(
	voucher: LexofficeSalesVoucher,
	type: SalesVoucherType,
	source: LexofficeVoucherSource,
	factorOf: FactorOf,
): Promise<BookingLine[] | { invalid: string }> {
	const currency = voucher.totalPrice?.currency ?? '';
	const day = /^\d{4}-\d{2}-\d{2}/.exec(voucher.voucherDate ?? '')?.[0] ?? '';
	const factor = currency && day ? await factorOf(currency, day) : undefined;
	if (typeof factor === 'object') return { invalid: `${voucher.voucherNumber}: ${factor.invalid}` };
	return voucherBookings(voucher, type, {
		receivablesAccount: source.receivablesAccount,
		revenueAccount: source.revenueAccount,
		taxCodes: source.taxCodes,
		...(factor !== undefined ? { currencyFactor: factor } : {}),
	});
}

/** Per currency and day: undefined for the base currency, bexio's factor to it, or why there is none. */
function currencyFactors(bexio: BexioClient, baseCurrency: string, signal: AbortSignal): FactorOf {
	const base = baseCurrency.toUpperCase();
	let ids: Promise<Map<string, number>> | undefined;
	const cache = new Map<string, Promise<number | { invalid: string }>>();
	const lookup = async (currency: string, day: string): Promise<number | { invalid: string }> => {
		ids ??= bexio
			.list('currency.getAll', { signal }, { returnAll: true })
			.then((all) => new Map(all.map((c) => [String(c.name).toUpperCase(), Number(c.id)])));
		const id = (await ids).get(currency);
		if (id === undefined)
			return {
				invalid: `bexio has no currency ${currency}; add it in bexio under Settings → Currencies`,
			};
		const rates: ExchangeRate[] = await bexio.call('currency.getExchangeRates', {
			path: { currency_id: id },
			query: { date: day },
			signal,
		});
		const rate = rates
			.filter((r) => String(r.exchange_currency?.name ?? '').toUpperCase() === base)
			.filter((r) => !r.exchange_rate_date || r.exchange_rate_date.slice(0, 10) <= day)
			.sort((a, b) => String(b.exchange_rate_date).localeCompare(String(a.exchange_rate_date)))[0];
		const factor = rate ? Number(rate.factor_nr) / Number(rate.ratio || 1) : NaN;
		if (!Number.isFinite(factor) || factor <= 0)
			return {
				invalid: `bexio has no exchange rate ${currency} → ${base} on or before ${day}; add one in bexio under Settings → Currencies → Exchange rates, then run the job again`,
			};
		return factor;
	};
	return async (currency, day) => {
		const code = currency.toUpperCase();
		if (code === base) return undefined;
		const key = `${code}/${day}`;
		if (!cache.has(key)) cache.set(key, lookup(code, day));
		return cache.get(key)!;
	};
}
