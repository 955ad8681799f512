/**
 * Dates, payment terms and payments of a lexoffice sales voucher as bexio holds them: pure, no I/O.
 *
 * lexoffice invoices carry `voucherDate` and `paymentConditions` (`paymentTermLabel`, `paymentTermDuration`
 * days, `paymentDiscountConditions`); the read-only `dueDate` is derived from the term
 * (https://developers.lexware.io/docs/#invoices-endpoint-purpose). A bexio invoice has `is_valid_from`,
 * `is_valid_to` (its due date) and free `header`/`footer` texts, but no field for a payment term or a
 * cash discount (https://docs.bexio.com/#tag/Invoices), so the terms are written into the footer.
 */

/** The calendar day of a lexoffice timestamp, in the offset lexoffice wrote it with (Berlin time). */
export function lexofficeDay(timestamp: string | null | undefined): string | undefined {
	const day = (timestamp ?? '').slice(0, 10);
	return /^\d{4}-\d{2}-\d{2}$/.test(day) ? day : undefined;
}

function addDays(day: string, days: number): string {
	const d = new Date(`${day}T00:00:00Z`);
	d.setUTCDate(d.getUTCDate() + days);
	return d.toISOString().slice(0, 10);
}

/** The fields of a lexoffice sales voucher its dates and terms come from. */
export interface Terms {
	voucherDate?: string | null;
	dueDate?: string | null;
	paymentConditions?: {
		paymentTermLabel?: string | null;
		paymentTermDuration?: number | null;
		paymentDiscountConditions?: unknown;
	} | null;
}

/** The due day: lexoffice's own `dueDate` when the read carries it, else the voucher date plus the term's days. */
export function lexofficeDueDate(voucher: Terms): string | undefined {
	const given = lexofficeDay(voucher.dueDate);
	if (given) return given;
	const from = lexofficeDay(voucher.voucherDate);
	const days = voucher.paymentConditions?.paymentTermDuration;
	if (!from || typeof days !== 'number' || !Number.isFinite(days)) return undefined;
	return addDays(from, days);
}

/** The payment terms as text: lexoffice's label (it already names the discount), or one built from the conditions. */
export function paymentTermsText(voucher: Terms): string | undefined {
	const conditions = voucher.paymentConditions;
	if (!conditions) return undefined;
	const label = conditions.paymentTermLabel?.trim();
	if (label) return `Zahlungsbedingungen: ${label}`;
	const parts: string[] = [];
	const discount = conditions.paymentDiscountConditions as
		| { discountPercentage?: number; discountRange?: number }
		| null
		| undefined;
	if (discount?.discountPercentage && discount.discountRange)
		parts.push(`${discount.discountRange} Tage - ${discount.discountPercentage} %`);
	if (typeof conditions.paymentTermDuration === 'number')
		parts.push(`${conditions.paymentTermDuration} Tage netto`);
	return parts.length ? `Zahlungsbedingungen: ${parts.join(', ')}` : undefined;
}

/** The bexio invoice fields for the voucher's due date and terms (absent ones left to bexio's defaults). */
export function bexioTermsFields(voucher: Terms): { is_valid_to?: string; footer?: string } {
	const due = lexofficeDueDate(voucher);
	const terms = paymentTermsText(voucher);
	return { ...(due ? { is_valid_to: due } : {}), ...(terms ? { footer: terms } : {}) };
}

/** One payment as both sides can compare it: the day it was booked and its amount. */
export interface PaymentEntry {
	date: string;
	amount: number;
}

const cents = (amount: number) => Math.round(amount * 100);
const entryKey = (p: PaymentEntry) => `${p.date}|${cents(p.amount)}`;

/**
 * The payments of a lexoffice voucher (`GET /v1/payments/{id}`, `paymentItems`) that bexio can record: every
 * item with a positive amount, dated by its posting day. bexio has no kinds of payment a client can set
 * (`is_cash_discount` is read-only), so a cash discount is recorded as an amount received like the others.
 */
export function lexofficePaymentEntries(body: {
	paymentItems?: Array<{ postingDate?: string | null; amount?: number | null }> | null;
}): PaymentEntry[] {
	const entries: PaymentEntry[] = [];
	for (const item of body.paymentItems ?? []) {
		const date = lexofficeDay(item.postingDate);
		const amount = Number(item.amount ?? 0);
		if (date && amount > 0) entries.push({ date, amount: cents(amount) / 100 });
	}
	return entries;
}

/** bexio's payments of an invoice (`value` is a decimal string) as comparable entries. */
export function bexioPaymentEntries(
	payments: Array<{ date?: string | null; value?: string | number | null }>,
): PaymentEntry[] {
	return payments
		.filter((p) => p.date)
		.map((p) => ({ date: String(p.date).slice(0, 10), amount: cents(Number(p.value ?? 0)) / 100 }));
}

/**
 * The source's payments the target does not have yet, compared as a multiset of (day, amount): two equal
 * payments on one day are two payments, and a payment the target has is never recorded again.
 */
export function missingPayments(source: PaymentEntry[], target: PaymentEntry[]): PaymentEntry[] {
	const have = new Map<string, number>();
	for (const p of target) have.set(entryKey(p), (have.get(entryKey(p)) ?? 0) + 1);
	const missing: PaymentEntry[] = [];
	for (const p of source) {
		const n = have.get(entryKey(p)) ?? 0;
		if (n > 0) have.set(entryKey(p), n - 1);
		else missing.push(p);
	}
	return missing;
}

/**
 * What to record on the bexio invoice: the missing payments, none when bexio already holds as much as
 * lexoffice lists (e.g. recorded by hand or by bexio's bank matching on other days), or a conflict when
 * the missing ones exceed what bexio still lacks, which a guess would book twice.
 */
export function paymentsToRecord(
	source: PaymentEntry[],
	target: PaymentEntry[],
): { record: PaymentEntry[] } | { conflict: string } {
	const sum = (list: PaymentEntry[]) => list.reduce((s, p) => s + cents(p.amount), 0);
	const lacking = sum(source) - sum(target);
	if (lacking <= 0) return { record: [] };
	const missing = missingPayments(source, target);
	if (sum(missing) <= lacking) return { record: missing };
	const list = (l: PaymentEntry[]) => l.map((p) => `${p.date} ${p.amount.toFixed(2)}`).join(', ');
	return {
		conflict: `bexio has payments (${list(target)}) that do not match lexoffice's (${list(source)}) by day and amount; ${(lacking / 100).toFixed(2)} is still to record: record it in bexio by hand, the next run then finds nothing missing`,
	};
}

/** A voucher list row as far as its link's content hash reads it. */
export interface VoucherPaymentState {
	voucherType: string;
	voucherStatus: string;
	totalAmount?: number | null;
	openAmount?: number | null;
}

/**
 * The content hash of a lexoffice invoice's link: `voided`, `final` while nothing is paid, and
 * `final;open=<amount>` once a payment lowered the open amount, so a later run reads the payments only when
 * the voucher list shows a different open amount. Credit notes stay `final`: bexio records payments only on
 * invoices with a positive amount left (a credit note is a negative bexio invoice).
 */
export function invoiceContentHash(row: VoucherPaymentState): string {
	if (row.voucherStatus === 'voided') return 'voided';
	if (!payable(row)) return 'final';
	return `final;open=${(row.openAmount as number).toFixed(2)}`;
}

/** Whether the row shows a payment bexio can record: a payable type whose open amount is below its total. */
export function payable(row: VoucherPaymentState): boolean {
	if (row.voucherType === 'creditnote' || row.voucherStatus === 'voided') return false;
	const open = row.openAmount;
	const total = row.totalAmount;
	return typeof open === 'number' && typeof total === 'number' && cents(open) < cents(total);
}
