import {
	NodeConnectionTypes,
	type IDataObject,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IPollFunctions,
} from 'n8n-workflow';

import { criterion } from '../../clients/bexio';
import { authenticationProperty, bexioCredentials } from '../Bexio/actions/versionDescription';
import { bexioClient, type BexioNodeClient } from '../Bexio/transport';
import { toNodeError } from '../shared/errors';

/**
 * bexio has no webhooks (reference §0), so this trigger polls. Records with `updated_at` are read by a
 * high-water mark plus the ids seen at that exact second, so records sharing a timestamp are neither
 * lost nor repeated; records without it (articles, projects, timesheets) by their increasing id
 * (reference 7.1). First activation starts from the newest record, not from the local clock.
 */

type Watch = 'contact' | 'invoice' | 'order' | 'quote' | 'invoiceStatus' | 'article' | 'project' | 'timesheet';

interface PollState {
	/** `updated_at` of the newest record emitted (bexio's zone-less company time, sorts as a string). */
	watermark?: string;
	/** Ids already emitted at exactly `watermark`. */
	seenAtWatermark?: number[];
	/** Highest id seen (id-based watches). */
	lastId?: number;
	/** Invoice id → status id (status watch). */
	statuses?: Record<string, number>;
}

type Row = IDataObject & { id: number; updated_at?: string; kb_item_status_id?: number };

const BY_UPDATE: Partial<Record<Watch, string>> = { contact: 'contact', invoice: 'invoice', order: 'order', quote: 'quote', invoiceStatus: 'invoice' };
const BY_ID: Partial<Record<Watch, string>> = { article: 'article', project: 'project', timesheet: 'timesheet' };

export class BexioTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Bexio Trigger',
		name: 'bexioTrigger',
		icon: { light: 'file:../Bexio/bexio.svg', dark: 'file:../Bexio/bexio.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["watch"]}}',
		description: 'Starts the workflow when records in bexio are created or changed (polling)',
		defaults: { name: 'Bexio Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: bexioCredentials,
		properties: [
			authenticationProperty,
			{
				displayName: 'Watch',
				name: 'watch',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Invoice Status Changed', value: 'invoiceStatus' },
					{ name: 'New Article', value: 'article' },
					{ name: 'New or Updated Contact', value: 'contact' },
					{ name: 'New or Updated Invoice', value: 'invoice' },
					{ name: 'New or Updated Order', value: 'order' },
					{ name: 'New or Updated Quote', value: 'quote' },
					{ name: 'New Project', value: 'project' },
					{ name: 'New Timesheet', value: 'timesheet' },
				],
				default: 'invoice',
			},
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const watch = this.getNodeParameter('watch') as Watch;
		const state = this.getWorkflowStaticData('node') as PollState;
		try {
			const client = await bexioClient.call(this);
			const manual = this.getMode() === 'manual';
			const items = BY_ID[watch]
				? await pollById(client, BY_ID[watch]!, state, manual)
				: watch === 'invoiceStatus'
					? await pollStatuses(client, state, manual)
					: await pollByUpdate(client, BY_UPDATE[watch]!, state, manual);
			return items.length ? [this.helpers.returnJsonArray(items)] : null;
		} catch (error) {
			throw toNodeError(this.getNode(), error, 0);
		}
	}
}

async function newest(client: BexioNodeClient, resource: string, orderBy: string): Promise<Row | undefined> {
	for await (const row of client.items(`${resource}.getAll`, { query: { order_by: orderBy } }, { pageSize: 1 })) return row as Row;
	return undefined;
}

/** Records changed at or after the watermark, oldest first, across all pages. */
async function changedSince(client: BexioNodeClient, resource: string, watermark: string): Promise<Row[]> {
	const rows: Row[] = [];
	const body = [criterion('updated_at', '>=', watermark)];
	for await (const row of client.items(`${resource}.search`, { body, query: { order_by: 'updated_at_asc,id_asc' } })) rows.push(row as Row);
	return rows;
}

async function pollByUpdate(client: BexioNodeClient, resource: string, state: PollState, manual: boolean): Promise<Row[]> {
	if (manual) {
		const latest = await newest(client, resource, 'updated_at_desc');
		return latest ? [latest] : [];
	}
	if (state.watermark === undefined) {
		const latest = await newest(client, resource, 'updated_at_desc');
		state.watermark = latest?.updated_at ?? '1970-01-01 00:00:00';
		state.seenAtWatermark = latest ? (await changedSince(client, resource, state.watermark)).filter((r) => r.updated_at === state.watermark).map((r) => r.id) : [];
		return [];
	}
	const seen = new Set(state.seenAtWatermark ?? []);
	const fresh = (await changedSince(client, resource, state.watermark)).filter((r) => r.updated_at !== state.watermark || !seen.has(r.id));
	if (fresh.length === 0) return [];
	// The cursor moves only after every page of the window was read.
	const top = fresh.reduce((max, r) => ((r.updated_at ?? '') > max ? (r.updated_at ?? '') : max), state.watermark);
	const atTop = fresh.filter((r) => r.updated_at === top).map((r) => r.id);
	state.seenAtWatermark = top === state.watermark ? [...seen, ...atTop] : atTop;
	state.watermark = top;
	return fresh;
}

/** Id-ordered resources: newest first, stopping at the last id already emitted. */
async function pollById(client: BexioNodeClient, resource: string, state: PollState, manual: boolean): Promise<Row[]> {
	if (manual || state.lastId === undefined) {
		const latest = await newest(client, resource, 'id_desc');
		if (manual) return latest ? [latest] : [];
		state.lastId = latest?.id ?? 0;
		return [];
	}
	const fresh: Row[] = [];
	for await (const row of client.items(`${resource}.getAll`, { query: { order_by: 'id_desc' } })) {
		if ((row as Row).id <= state.lastId) break;
		fresh.push(row as Row);
	}
	if (fresh.length) state.lastId = Math.max(...fresh.map((r) => r.id));
	return fresh.reverse();
}

/** Status changes of invoices touched since the watermark, compared with the statuses last seen. */
async function pollStatuses(client: BexioNodeClient, state: PollState, manual: boolean): Promise<Row[]> {
	if (manual || state.statuses === undefined) {
		if (manual) {
			const latest = await newest(client, 'invoice', 'updated_at_desc');
			return latest ? [latest] : [];
		}
		state.statuses = {};
		let top = '1970-01-01 00:00:00';
		for await (const row of client.items('invoice.getAll', {})) {
			const r = row as Row;
			state.statuses[String(r.id)] = r.kb_item_status_id ?? 0;
			if ((r.updated_at ?? '') > top) top = r.updated_at ?? top;
		}
		state.watermark = top;
		return [];
	}
	const changed: Row[] = [];
	let top = state.watermark ?? '1970-01-01 00:00:00';
	for (const r of await changedSince(client, 'invoice', top)) {
		const before = state.statuses[String(r.id)];
		if (before !== undefined && before !== r.kb_item_status_id) changed.push({ ...r, previous_kb_item_status_id: before });
		state.statuses[String(r.id)] = r.kb_item_status_id ?? 0;
		if ((r.updated_at ?? '') > top) top = r.updated_at ?? top;
	}
	state.watermark = top;
	return changed;
}
