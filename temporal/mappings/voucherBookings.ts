import type { BookingLine } from '../shared';
import { round } from './money';

/**
 * A lexoffice invoice or credit note → the booking lines that put it into bexio's books. Pure.
 *
 * One line per tax rate of the voucher (`taxAmounts`): receivables to revenue for an invoice, revenue to
 * receivables for a credit note, for the rate's gross amount with the bexio tax of that rate on the revenue
 * side. bexio books a manual entry with a tax always at the gross amount and splits the tax off itself
 * ("Es wird immer der Betrag inklusive MwSt (Brutto) gebucht",
 * https://support.bexio.com/hc/de/articles/115004659787), onto the account given as `tax_account_id`
 * (https://docs.bexio.com/#tag/Manual-Entries). So revenue receives the net, the tax account the tax and
 * receivables the gross, each as lexoffice states it; a rate whose split bexio would round differently
 * fails the voucher instead of booking another tax. A voided voucher also gets the reversal of each line.
 *
 * Amounts stay in the voucher's currency; `currencyFactor` (from bexio's exchange rates for the voucher
 * date, found by the caller) converts them to the base currency in bexio.
 */

export interface LexofficeSalesVoucher {
	id: string;
	voucherNumber?: string | null;
	voucherDate?: string | null;
	voucherStatus?: string | null;
	totalPrice?: {
		currency?: string | null;
		totalNetAmount?: number | null;
		totalTaxAmount?: number | null;
		totalGrossAmount?: number | null;
	} | null;
	taxAmounts?: Array<{ taxRatePercentage: number; taxAmount: number; netAmount: number }> | null;
}

export type SalesVoucherType = 'invoice' | 'creditnote';

export interface VoucherBookingJob {
	/** bexio account numbers (or keys of the job's account map). */
	receivablesAccount: string;
	revenueAccount: string;
	/** lexoffice rate (%) → bexio tax code, for rates bexio has under another code or more than once. */
	taxCodes?: Record<string, string>;
	/** Voucher currency → base currency, when the voucher is not in bexio's base currency. */
	currencyFactor?: number;
}

const LABEL: Record<SalesVoucherType, string> = { invoice: 'Rechnung', creditnote: 'Gutschrift' };

/** The tax bexio splits off a gross amount at `rate` %. */
export function bexioTaxOfGross(gross: number, rate: number): number {
	return round((gross * rate) / (100 + rate));
}

/** The voucher's booking lines, or why it cannot be booked as lexoffice states it. */
export function voucherBookings(
	voucher: LexofficeSalesVoucher,
	type: SalesVoucherType,
	job: VoucherBookingJob,
): BookingLine[] | { invalid: string } {
	const nr = voucher.voucherNumber?.trim();
	const day = /^\d{4}-\d{2}-\d{2}/.exec(voucher.voucherDate ?? '')?.[0];
	if (!nr)
		return {
			invalid: `${type} ${voucher.id} has no voucher number (a draft?); only finalised vouchers are booked`,
		};
	if (!day) return { invalid: `${type} ${nr} has no voucher date` };
	const currency = voucher.totalPrice?.currency?.trim();
	if (!currency) return { invalid: `${type} ${nr} has no currency in totalPrice` };
	const rates = voucher.taxAmounts ?? [];
	if (rates.length === 0) return { invalid: `${type} ${nr} has no taxAmounts to book` };
	const totals = checkTotals(voucher, nr);
	if (totals) return { invalid: totals };

	const lines: BookingLine[] = [];
	for (const { taxRatePercentage: rate, taxAmount, netAmount } of rates) {
		const gross = round(netAmount + taxAmount);
		const split = bexioTaxOfGross(gross, rate);
		if (split !== round(taxAmount))
			return {
				invalid: `${type} ${nr}: bexio splits ${gross} ${currency} at ${rate} % into tax ${split}, lexoffice states ${taxAmount}; book this voucher by hand with a compound entry`,
			};
		if (gross === 0) continue;
		const taxCode = job.taxCodes?.[String(rate)];
		const line: BookingLine = {
			externalId: `lexoffice ${nr} ${rate}%`,
			date: day,
			amount: Math.abs(gross),
			description: `${LABEL[type]} ${nr} ${rate} %`,
			currency,
			...(job.currencyFactor !== undefined ? { currencyFactor: job.currencyFactor } : {}),
			// 0 %: no tax, unless the job names a bexio code for it (e.g. an export code).
			...(taxCode ? { taxCode } : rate === 0 ? {} : { taxRate: rate }),
		};
		const taxed = Boolean(taxCode) || rate !== 0;
		// An invoice (positive) books receivables to revenue; a credit note or a negative rate the other way.
		const forward = (type === 'invoice') === gross > 0;
		lines.push(sides(line, forward, job, taxed));
		if (voucher.voucherStatus === 'voided')
			lines.push(
				sides(
					{
						...line,
						externalId: `${line.externalId} Storno`,
						description: `${line.description} Storno`,
					},
					!forward,
					job,
					taxed,
				),
			);
	}
	return lines;
}

/** The line's accounts in one direction; the tax on the revenue side. */
function sides(
	line: BookingLine,
	forward: boolean,
	job: VoucherBookingJob,
	taxed: boolean,
): BookingLine {
	const [debitAccount, creditAccount] = forward
		? [job.receivablesAccount, job.revenueAccount]
		: [job.revenueAccount, job.receivablesAccount];
	return {
		...line,
		debitAccount,
		creditAccount,
		...(taxed ? { taxSide: forward ? 'credit' : 'debit' } : {}),
	};
}

/** Why the rates do not add up to the voucher's totals, if they do not. */
function checkTotals(voucher: LexofficeSalesVoucher, nr: string): string | undefined {
	const rates = voucher.taxAmounts ?? [];
	const sum = (pick: (r: (typeof rates)[number]) => number) =>
		round(rates.reduce((s, r) => s + pick(r), 0));
	const totals = voucher.totalPrice ?? {};
	const checks: Array<[string, number, number | null | undefined]> = [
		['net', sum((r) => r.netAmount), totals.totalNetAmount],
		['tax', sum((r) => r.taxAmount), totals.totalTaxAmount],
		['gross', sum((r) => r.netAmount + r.taxAmount), totals.totalGrossAmount],
	];
	for (const [what, byRate, total] of checks)
		if (typeof total === 'number' && round(total) !== byRate)
			return `${nr}: the ${what} of its tax rates (${byRate}) is not its total ${what} (${total}); not booked`;
	return undefined;
}
