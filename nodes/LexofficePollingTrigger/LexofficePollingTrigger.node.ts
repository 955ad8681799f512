import {
	NodeConnectionTypes,
	type IDataObject,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IPollFunctions,
} from 'n8n-workflow';

import { lexofficeClient } from '../Lexoffice/transport';
import { toNodeError } from '../shared/errors';

/** What the trigger remembers between polls (static data; never a token). */
interface PollState {
	/** contacts: id → version of every contact seen (lexoffice contacts carry no change date). */
	versions?: Record<string, number>;
	/** vouchers: the day (yyyy-MM-dd, Berlin time) up to which changes were read. */
	watermarkDay?: string;
	/** vouchers: id → updatedDate of rows seen since the day before the watermark (overlap window). */
	seen?: Record<string, string>;
}

const VOUCHER_TYPES = [
	'creditnote',
	'deliverynote',
	'downpaymentinvoice',
	'invoice',
	'orderconfirmation',
	'purchasecreditnote',
	'purchaseinvoice',
	'quotation',
	'salescreditnote',
	'salesinvoice',
];

/** The calendar day in lexoffice's time zone: voucherlist date filters are whole days in CET/CEST (reference 4.13). */
export function berlinDay(date: Date): string {
	return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);
}

function previousDay(day: string): string {
	const d = new Date(`${day}T12:00:00Z`);
	d.setUTCDate(d.getUTCDate() - 1);
	return d.toISOString().slice(0, 10);
}

export class LexofficePollingTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Lexoffice Polling Trigger',
		name: 'lexofficePollingTrigger',
		icon: { light: 'file:../Lexoffice/lexoffice.svg', dark: 'file:../Lexoffice/lexoffice.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["watch"]}}',
		description:
			'Starts the workflow for new or changed lexoffice contacts or vouchers by polling, where webhooks cannot reach n8n or as a nightly reconciliation',
		defaults: { name: 'Lexoffice Polling Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'lexofficeApi', required: true }],
		properties: [
			{
				displayName: 'Watch',
				name: 'watch',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Contacts', value: 'contacts', description: 'New or changed contacts (compares versions of all contacts)' },
					{ name: 'Vouchers', value: 'vouchers', description: 'New or changed documents in the voucher list' },
				],
				default: 'vouchers',
			},
			{
				displayName: 'Voucher Types',
				name: 'voucherTypes',
				type: 'multiOptions',
				options: VOUCHER_TYPES.map((t) => ({ name: t, value: t })),
				default: ['invoice', 'creditnote'],
				displayOptions: { show: { watch: ['vouchers'] } },
				description: 'Which voucher types to watch',
			},
			{
				displayName: 'Voucher Statuses',
				name: 'voucherStatuses',
				type: 'string',
				default: 'any',
				displayOptions: { show: { watch: ['vouchers'] } },
				description: 'Comma-separated statuses (draft, open, paid, paidoff, voided, …) or "any"',
			},
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const watch = this.getNodeParameter('watch') as 'contacts' | 'vouchers';
		const state = this.getWorkflowStaticData('node') as PollState;
		const manual = this.getMode() === 'manual';
		try {
			const items = watch === 'contacts' ? await pollContacts.call(this, state, manual) : await pollVouchers.call(this, state, manual);
			return items.length ? [this.helpers.returnJsonArray(items)] : null;
		} catch (error) {
			throw toNodeError(this.getNode(), error, 0);
		}
	}
}

/** Full scan by version: contacts have no change date to filter on (reference 5.1). */
async function pollContacts(this: IPollFunctions, state: PollState, manual: boolean): Promise<IDataObject[]> {
	const client = await lexofficeClient.call(this);
	const firstRun = state.versions === undefined;
	const versions: Record<string, number> = {};
	const changed: IDataObject[] = [];
	let latest: IDataObject | undefined;
	for await (const contact of client.items('contact.getAll', {}, { pageSize: 250 })) {
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
 * is day-granular, so rows sharing a timestamp or a day are neither lost nor repeated (reference 7.3).
 */
async function pollVouchers(this: IPollFunctions, state: PollState, manual: boolean): Promise<IDataObject[]> {
	const client = await lexofficeClient.call(this);
	const types = (this.getNodeParameter('voucherTypes') as string[]).join(',');
	const statuses = (this.getNodeParameter('voucherStatuses') as string) || 'any';
	const today = berlinDay(new Date());

	if (manual) {
		for await (const row of client.items('voucherlist.getAll', { query: { voucherType: types, voucherStatus: statuses } }, { pageSize: 1 })) {
			return [row as IDataObject];
		}
		return [];
	}
	if (!state.watermarkDay) {
		// First activation starts from now: no backlog flood. Rows of today are remembered as seen.
		state.watermarkDay = today;
		state.seen = {};
		for await (const row of client.items('voucherlist.getAll', { query: { voucherType: types, voucherStatus: statuses, updatedDateFrom: today } })) {
			const r = row as { id: string; updatedDate: string };
			state.seen[r.id] = r.updatedDate;
		}
		return [];
	}
	const from = previousDay(state.watermarkDay);
	const seen = state.seen ?? {};
	const nextSeen: Record<string, string> = {};
	const out: IDataObject[] = [];
	for await (const row of client.items('voucherlist.getAll', { query: { voucherType: types, voucherStatus: statuses, updatedDateFrom: from } })) {
		const r = row as IDataObject & { id: string; updatedDate: string };
		nextSeen[r.id] = r.updatedDate;
		if (seen[r.id] !== r.updatedDate) out.push(r);
	}
	state.watermarkDay = today;
	state.seen = nextSeen;
	return out;
}
