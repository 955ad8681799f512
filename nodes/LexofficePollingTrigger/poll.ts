import type { IDataObject } from 'n8n-workflow';

import type { LexofficeClient } from '../../clients/lexoffice';
import { LEXOFFICE_MAX_PAGE_SIZE } from '../../clients/defaults';
import { lexofficeDay, previousDay } from '../../clients/lexoffice/days';

/**
 * What the Lexoffice Polling Trigger does on one poll, apart from n8n: reads through `client`, keeps its
 * cursor in `state` (the node's static data) and answers the records to emit. The first poll starts
 * from now and emits nothing.
 */

/** What the trigger remembers between polls (static data; never a token). */
export interface LexofficePollState {
	/** contacts: id → version of every contact seen (lexoffice contacts carry no change date). */
	versions?: Record<string, number>;
	/** vouchers: the day (yyyy-MM-dd, Berlin time) up to which changes were read. */
	watermarkDay?: string;
	/** vouchers: id → updatedDate of rows seen since the day before the watermark (overlap window). */
	seen?: Record<string, string>;
}

type PollState = LexofficePollState;

export interface VoucherOptions {
	voucherTypes: string[];
	/** Comma-separated statuses or "any". */
	voucherStatuses: string;
}

/** One poll: the records to emit (empty when nothing changed). `manual` answers the newest record as a sample and keeps no cursor. */
export async function pollLexoffice(
	client: LexofficeClient,
	watch: 'contacts' | 'vouchers',
	state: LexofficePollState,
	options: VoucherOptions,
	manual: boolean,
	now = new Date(),
): Promise<IDataObject[]> {
	return watch === 'contacts'
		? pollContacts(client, state, manual)
		: pollVouchers(client, state, options, manual, now);
}

/** Full scan by version: contacts have no change date to filter on. */
async function pollContacts(
	client: LexofficeClient,
	state: PollState,
	manual: boolean,
): Promise<IDataObject[]> {
	const firstRun = state.versions === undefined;
	const versions: Record<string, number> = {};
	const changed: IDataObject[] = [];
	let latest: IDataObject | undefined;
	for await (const contact of client.items(
		'contact.getAll',
		{},
		{ pageSize: LEXOFFICE_MAX_PAGE_SIZE },
	)) {
		const c = contact as IDataObject & { id: string; version: number };
		versions[c.id] = c.version;
		if (!latest || String(c.id) > String(latest.id)) latest = c;
		if (!firstRun && state.versions?.[c.id] !== c.version) changed.push(c);
	}
	if (manual) return latest ? [latest] : [];
	// The cursor advances only after every page was read and emitted.
	state.versions = versions;
	return changed;
}

/**
 * Voucher list by updated day with one day of overlap, deduplicated by (id, updatedDate): the filter
 * is day-granular, so rows sharing a timestamp or a day are neither lost nor repeated.
 */
async function pollVouchers(
	client: LexofficeClient,
	state: PollState,
	options: VoucherOptions,
	manual: boolean,
	now: Date,
): Promise<IDataObject[]> {
	const types = options.voucherTypes.join(',');
	const statuses = options.voucherStatuses || 'any';
	const today = lexofficeDay(now);

	if (manual) {
		for await (const row of client.items(
			'voucherlist.getAll',
			{ query: { voucherType: types, voucherStatus: statuses } },
			{ pageSize: 1 },
		)) {
			return [row as IDataObject];
		}
		return [];
	}
	if (!state.watermarkDay) {
		// First activation starts from now: no backlog flood. Rows of today are remembered as seen.
		state.watermarkDay = today;
		state.seen = {};
		for await (const row of client.items('voucherlist.getAll', {
			query: { voucherType: types, voucherStatus: statuses, updatedDateFrom: today },
		})) {
			const r = row as { id: string; updatedDate: string };
			state.seen[r.id] = r.updatedDate;
		}
		return [];
	}
	const from = previousDay(state.watermarkDay);
	const seen = state.seen ?? {};
	const nextSeen: Record<string, string> = {};
	const out: IDataObject[] = [];
	for await (const row of client.items('voucherlist.getAll', {
		query: { voucherType: types, voucherStatus: statuses, updatedDateFrom: from },
	})) {
		const r = row as IDataObject & { id: string; updatedDate: string };
		nextSeen[r.id] = r.updatedDate;
		if (seen[r.id] !== r.updatedDate) out.push(r);
	}
	state.watermarkDay = today;
	state.seen = nextSeen;
	return out;
}
