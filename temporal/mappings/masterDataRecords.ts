import type { MasterDataList, MasterDataRecord } from '../shared';

/** The bexio list operation behind each master-data list. */
export const MASTER_DATA_OPERATIONS = {
	taxes: 'tax.getAll',
	accounts: 'account.getAll',
	currencies: 'currency.getAll',
	businessActivities: 'businessActivity.getAll',
} as const satisfies Record<MasterDataList, string>;

/** The fields a dropdown label or value is built from; everything else stays in the worker. */
const SHOWN = [
	'id',
	'name',
	'display_name',
	'code',
	'account_no',
	'value',
	'type',
	'is_active',
	'start_year',
	'end_year',
] as const;

/** Records cut to the shown fields (plain values only), in bexio's order. */
export function masterDataRecords(rows: Array<Record<string, unknown>>): MasterDataRecord[] {
	return rows.map((row) => {
		const out: MasterDataRecord = {};
		for (const field of SHOWN) {
			const v = row[field];
			if (v === null || ['string', 'number', 'boolean'].includes(typeof v))
				out[field] = v as MasterDataRecord[string];
		}
		return out;
	});
}
