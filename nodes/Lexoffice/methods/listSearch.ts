import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { take } from '../../../clients/http/paging';
import { encodeSearchValue } from '../../../clients/lexoffice';
import { lexofficeClient } from '../transport';
import { LEXOFFICE_MAX_PAGE_SIZE } from '../../../clients/defaults';

interface ContactRow {
	id: string;
	company?: { name?: string };
	person?: { firstName?: string; lastName?: string };
	roles?: { customer?: { number?: number }; vendor?: { number?: number } };
}

function contactName(c: ContactRow): string {
	const name = c.company?.name ?? [c.person?.firstName, c.person?.lastName].filter(Boolean).join(' ');
	const number = c.roles?.customer?.number ?? c.roles?.vendor?.number;
	return number ? `${name} (${number})` : name || c.id;
}

/** Contacts by name (lexoffice needs at least 3 characters to filter, reference 3.3). */
export async function searchContacts(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const client = await lexofficeClient.call(this);
	const query = filter && filter.length >= 3 ? { name: encodeSearchValue(filter) } : {};
	const rows = (await take(client.items('contact.getAll', { query }, { pageSize: 100 }), 100)) as ContactRow[];
	return { results: rows.map((c) => ({ name: contactName(c), value: c.id, url: `https://app.lexware.de/permalink/contacts/view/${c.id}` })) };
}

export async function searchArticles(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const client = await lexofficeClient.call(this);
	const rows = (await take(client.items('article.getAll', {}, { pageSize: LEXOFFICE_MAX_PAGE_SIZE }), LEXOFFICE_MAX_PAGE_SIZE)) as Array<{ id: string; title?: string; articleNumber?: string }>;
	const f = filter?.toLowerCase();
	return {
		results: rows
			.filter((a) => !f || `${a.title ?? ''} ${a.articleNumber ?? ''}`.toLowerCase().includes(f))
			.map((a) => ({ name: a.articleNumber ? `${a.title} (${a.articleNumber})` : (a.title ?? a.id), value: a.id })),
	};
}

/** The latest invoices from the voucher list (there is no invoice collection, reference 4.4). */
export async function searchInvoices(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const client = await lexofficeClient.call(this);
	const query = { voucherType: 'invoice', voucherStatus: 'any', ...(filter ? { voucherNumber: encodeSearchValue(filter) } : {}) };
	const rows = (await take(client.items('voucherlist.getAll', { query }, { pageSize: 100 }), 100)) as Array<{ id: string; voucherNumber?: string; contactName?: string }>;
	return {
		results: rows.map((r) => ({ name: `${r.voucherNumber ?? 'Draft'} · ${r.contactName ?? ''}`.trim(), value: r.id, url: `https://app.lexware.de/permalink/invoices/view/${r.id}` })),
	};
}
