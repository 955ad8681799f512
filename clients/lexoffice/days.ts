/**
 * Calendar days as lexoffice filters them: the voucher list's date filters (voucherDateFrom,
 * updatedDateFrom, ...) are whole days in Germany's zone, CET/CEST
 * (https://developers.lexware.io/docs/#voucherlist-endpoint-purpose). Imports nothing, so workflow code
 * may use it too.
 */

const berlinDay = new Intl.DateTimeFormat('en-CA', {
	timeZone: 'Europe/Berlin',
	year: 'numeric',
	month: '2-digit',
	day: '2-digit',
});

/** The German calendar day (yyyy-MM-dd) of an instant. */
export function lexofficeDay(date: Date | number): string {
	return berlinDay.format(date);
}

/** The day before a yyyy-MM-dd day. */
export function previousDay(day: string): string {
	const d = new Date(`${day}T12:00:00Z`);
	d.setUTCDate(d.getUTCDate() - 1);
	return d.toISOString().slice(0, 10);
}
