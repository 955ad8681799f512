import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { criterion } from '../../../clients/bexio';
import { take } from '../../../clients/http/paging';
import { bexioClient } from '../transport';

type Row = Record<string, unknown> & { id: number };

async function search(
	ctx: ILoadOptionsFunctions,
	list: string,
	searchOp: string,
	field: string,
	filter: string | undefined,
	label: (r: Row) => string,
): Promise<INodeListSearchResult> {
	const client = await bexioClient.call(ctx);
	const rows = (filter
		? await take(client.items(searchOp, { body: [criterion(field, 'like', filter)], query: { order_by: 'id_desc' } }, { pageSize: 100 }), 100)
		: await take(client.items(list, { query: { order_by: 'id_desc' } }, { pageSize: 100 }), 100)) as Row[];
	return { results: rows.map((r) => ({ name: label(r), value: String(r.id) })) };
}

export async function searchContacts(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	return search(this, 'contact.getAll', 'contact.search', 'name_1', filter, (r) =>
		[r.name_1, r.name_2].filter(Boolean).join(' ') + (r.nr ? ` (${String(r.nr)})` : ''),
	);
}

export async function searchArticles(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	return search(this, 'article.getAll', 'article.search', 'intern_name', filter, (r) => `${String(r.intern_name ?? '')} (${String(r.intern_code ?? r.id)})`);
}

export async function searchInvoices(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	return search(this, 'invoice.getAll', 'invoice.search', 'document_nr', filter, (r) => `${String(r.document_nr ?? 'Draft')} · ${String(r.title ?? '')}`);
}

export async function searchProjects(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	return search(this, 'project.getAll', 'project.search', 'name', filter, (r) => String(r.name ?? r.id));
}
