import { randomUUID } from 'node:crypto';

import type { Router } from '../core/http';
import { defineResource, findRecord } from './engine';
import { invalid, notFound } from './errors';
import { multipart } from './request';
import { insert, isoStamp, publicView, rows, type BexioRecord, type BexioTenant } from './store';

const SEARCH = [
	'id',
	'uuid',
	'created_at',
	'name',
	'extension',
	'size_in_bytes',
	'mime_type',
	'user_id',
	'is_archived',
	'source_id',
];

/** A file by integer id; deleted files are gone for the API (files are marked deleted). */
function liveFile(t: BexioTenant, raw: string): BexioRecord {
	const file = findRecord(t, 'files', raw);
	return file._deleted ? notFound() : file;
}

/** Files / inbox: multipart upload, archive state, binary download and usage. */
export function registerFiles(router: Router<BexioTenant>): void {
	router.post('/3.0/files', (req, t) => {
		const parts = multipart(req).filter((p) => p.filename !== undefined);
		if (parts.length === 0 || parts.some((p) => p.name !== 'file' && p.name !== 'file[]'))
			invalid({ file: 'Send the file in the multipart field "file".' });
		const user = rows(t, 'users').find((u) => u.id === t.userId);
		const created = parts.map((p) =>
			insert(t, 'files', {
				uuid: randomUUID(),
				name: (p.filename ?? 'file').replace(/\.[^.]+$/, ''),
				size_in_bytes: p.data.length,
				extension: (p.filename ?? '').split('.').pop()?.toLowerCase() ?? '',
				mime_type: p.contentType,
				uploader_email: user?.email ?? null,
				user_id: t.userId,
				is_archived: false,
				source_id: 1,
				source_type: 'web',
				is_referenced: false,
				created_at: isoStamp(t),
				_data: p.data.toString('base64'),
			}),
		);
		return { status: 201, body: created.map(publicView) };
	});
	defineResource(router, {
		path: '/3.0/files',
		collection: 'files',
		routes: ['list', 'search', 'show', 'edit'],
		editVerb: 'PATCH',
		searchFields: SEARCH,
		orderBy: ['id', 'created_at', 'source_id', 'uuid', 'name', 'size_in_bytes'],
		filter: (req, items) => {
			const state = req.query.get('archived_state') ?? 'all';
			return items.filter(
				(f) =>
					!f._deleted && (state === 'all' || Boolean(f.is_archived) === (state === 'archived')),
			);
		},
		prepare: ({ data }) => {
			const allowed = ['name', 'is_archived', 'source_type'];
			const extra = Object.keys(data).filter((k) => !allowed.includes(k));
			if (extra.length)
				invalid(Object.fromEntries(extra.map((k) => [k, 'This field cannot be changed.'])));
			if (
				data.source_type !== undefined &&
				!['web', 'email', 'mobile'].includes(String(data.source_type))
			)
				invalid({ source_type: 'Must be web, email or mobile.' });
			if (data.is_archived !== undefined && typeof data.is_archived !== 'boolean')
				invalid({ is_archived: 'Must be a boolean.' });
			return data;
		},
		present: (record) => (record._deleted ? notFound() : publicView(record)),
	});
	router.delete('/3.0/files/:id', (req, t) => {
		liveFile(t, req.params.id)._deleted = true;
		return { status: 200, body: { success: true } };
	});
	for (const kind of ['download', 'preview']) {
		router.get(`/3.0/files/:id/${kind}`, (req, t) => {
			const file = liveFile(t, req.params.id);
			return {
				status: 200,
				headers: {
					'Content-Type': String(file.mime_type ?? 'application/octet-stream'),
					'Content-Disposition': `attachment; filename="${String(file.name)}.${String(file.extension)}"`,
				},
				body: Buffer.from(String(file._data ?? ''), 'base64'),
			};
		});
	}
	router.get('/3.0/files/:id/usage', (req, t) => {
		const file = liveFile(t, req.params.id);
		const bill = rows(t, 'bills').find((b) =>
			(b.attachment_ids as string[] | undefined)?.includes(String(file.uuid)),
		);
		const expense = rows(t, 'expenses').find((e) =>
			(e.attachment_ids as string[] | undefined)?.includes(String(file.uuid)),
		);
		const user = bill ?? expense;
		return {
			status: 200,
			body: user
				? {
						id: user.id,
						ref_class: bill ? 'KbBill' : 'KbExpense',
						title: user.title ?? null,
						document_nr: user.document_no ?? null,
					}
				: { id: null, ref_class: null, title: null, document_nr: null },
		};
	});
}
