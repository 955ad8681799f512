import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { take } from '../../../clients/http/paging';
import { bexioClient } from '../transport';

/** Master data behind required id fields, so users pick a name instead of looking up a number. */
async function named(ctx: ILoadOptionsFunctions, list: string): Promise<INodePropertyOptions[]> {
	const client = await bexioClient.call(ctx);
	const rows = (await take(client.items(list, {}, { pageSize: 500 }), 500)) as Array<{ id: number; name?: string }>;
	return rows.map((r) => ({ name: r.name ?? String(r.id), value: r.id }));
}

export async function getProjectStatuses(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return named(this, 'projectStatus.getAll');
}

export async function getProjectTypes(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return named(this, 'projectType.getAll');
}

export async function getBusinessActivities(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return named(this, 'businessActivity.getAll');
}
