import { randomUUID } from 'node:crypto';

import type { Router } from '../core/http';
import { isUser } from './contacts';
import { defineResource, findRecord } from './engine';
import { invalid, refused } from './errors';
import { decimal, type Json } from './request';
import { collection, nextCounter, type BexioTenant } from './store';

const DATETIME = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?$/;
const HHMM = /^(\d{1,3}):([0-5]\d)$/;

function exists(t: BexioTenant, data: Json, field: string, name: string): void {
	const v = data[field];
	if (v !== undefined && v !== null && !collection(t, name).has(Number(v)))
		invalid({ [field]: 'The referenced record does not exist.' });
}

function userField(t: BexioTenant, data: Json, field = 'user_id'): void {
	if (data[field] !== undefined && !isUser(t, data[field]))
		invalid({ [field]: 'The user does not exist.' });
}

/** Projects: `nr`/`uuid` assigned, `document_nr` refused under automatic numbering. */
function registerProjects(router: Router<BexioTenant>): void {
	defineResource(router, {
		path: '/2.0/pr_project',
		collection: 'projects',
		required: ['name', 'pr_state_id', 'pr_project_type_id', 'contact_id', 'user_id'],
		textFields: ['name'],
		searchFields: ['name', 'contact_id', 'pr_state_id'],
		orderBy: ['id', 'name'],
		defaults: {
			uuid: null,
			nr: null,
			name: null,
			start_date: null,
			end_date: null,
			comment: '',
			pr_state_id: null,
			pr_project_type_id: null,
			contact_id: null,
			contact_sub_id: null,
			pr_invoice_type_id: null,
			pr_invoice_type_amount: null,
			pr_budget_type_id: null,
			pr_budget_type_amount: null,
			user_id: null,
		},
		readOnlyFields: ['uuid', 'nr'],
		prepare: ({ t, req, data, existing }) => {
			if ('document_nr' in (JSON.parse(req.rawBody.toString('utf8') || '{}') as Json))
				invalid({ document_nr: 'Project numbering is automatic: omit document_nr.' });
			exists(t, data, 'pr_state_id', 'project_states');
			exists(t, data, 'pr_project_type_id', 'project_types');
			exists(t, data, 'contact_id', 'contacts');
			exists(t, data, 'contact_sub_id', 'contacts');
			userField(t, data);
			for (const f of ['start_date', 'end_date'])
				if (data[f] !== undefined && data[f] !== null && !DATETIME.test(String(data[f])))
					invalid({ [f]: 'Use YYYY-MM-DD HH:MM:SS.' });
			const merged = { ...(existing ?? {}), ...data };
			if (
				merged.pr_invoice_type_id !== null &&
				merged.pr_invoice_type_id !== undefined &&
				![1, 2, 3, 4].includes(Number(merged.pr_invoice_type_id))
			)
				invalid({ pr_invoice_type_id: 'Must be 1 to 4.' });
			if (
				merged.pr_budget_type_id !== null &&
				merged.pr_budget_type_id !== undefined &&
				![1, 2, 3, 4].includes(Number(merged.pr_budget_type_id))
			)
				invalid({ pr_budget_type_id: 'Must be 1 to 4.' });
			// Amounts only belong to invoice types 3/4 and budget types 1/2.
			if (
				data.pr_invoice_type_amount !== undefined &&
				data.pr_invoice_type_amount !== null &&
				![3, 4].includes(Number(merged.pr_invoice_type_id))
			)
				invalid({ pr_invoice_type_amount: 'Only for invoice types 3 and 4.' });
			if (
				data.pr_budget_type_amount !== undefined &&
				data.pr_budget_type_amount !== null &&
				![1, 2].includes(Number(merged.pr_budget_type_id))
			)
				invalid({ pr_budget_type_amount: 'Only for budget types 1 and 2.' });
			for (const f of ['pr_invoice_type_amount', 'pr_budget_type_amount'])
				if (data[f] !== undefined && data[f] !== null) decimal(data[f], f);
			if (existing) return data;
			return {
				...data,
				uuid: randomUUID(),
				nr: String(nextCounter(t, 'project_nr')).padStart(6, '0'),
			};
		},
	});
	for (const [action, archived] of [
		['archive', true],
		['reactivate', false],
	] as const) {
		router.post(`/2.0/pr_project/:id/${action}`, (req, t) => {
			const p = findRecord(t, 'projects', req.params.id);
			if (Boolean(p._archived) === archived)
				refused(archived ? 'The project is already archived.' : 'The project is not archived.');
			// Archiving moves the project to the "archived" state and back.
			if (archived) p._previous_state = p.pr_state_id;
			p.pr_state_id = archived ? 3 : (p._previous_state ?? 2);
			p._archived = archived;
			return { status: 200, body: { success: true } };
		});
	}
	defineResource(router, {
		path: '/2.0/pr_project_state',
		collection: 'project_states',
		readOnly: true,
		routes: ['list'],
		orderBy: ['id', 'name'],
	});
	defineResource(router, {
		path: '/2.0/pr_project_type',
		collection: 'project_types',
		readOnly: true,
		routes: ['list'],
		orderBy: ['id', 'name'],
	});

	const project = { param: 'project_id', field: 'project_id', collection: 'projects' };
	const hidden = (record: Json) =>
		Object.fromEntries(
			Object.entries(record).filter(([k]) => k !== 'project_id' && !k.startsWith('_')),
		);
	defineResource(router, {
		path: '/3.0/projects/:project_id/milestones',
		collection: 'milestones',
		parent: project,
		required: ['name'],
		textFields: ['name'],
		// The documented edit, and the one public clients send live, is a POST; nothing shows a PATCH form.
		editVerb: 'POST',
		defaults: { name: null, end_date: null, comment: null, pr_parent_milestone_id: null },
		prepare: ({ t, data, parentId, existing }) => {
			const parent = data.pr_parent_milestone_id;
			if (parent !== undefined && parent !== null) {
				const m = collection(t, 'milestones').get(Number(parent));
				if (!m || m.project_id !== parentId || m.id === existing?.id)
					invalid({ pr_parent_milestone_id: 'Unknown milestone of this project.' });
			}
			return data;
		},
		present: hidden,
	});
	defineResource(router, {
		path: '/3.0/projects/:project_id/packages',
		collection: 'packages',
		parent: project,
		required: ['name'],
		textFields: ['name'],
		editVerb: 'PATCH',
		defaults: {
			name: null,
			spent_time_in_hours: null,
			estimated_time_in_hours: null,
			comment: null,
			pr_milestone_id: null,
		},
		prepare: ({ t, data, parentId }) => {
			const m = data.pr_milestone_id;
			if (
				m !== undefined &&
				m !== null &&
				collection(t, 'milestones').get(Number(m))?.project_id !== parentId
			)
				invalid({ pr_milestone_id: 'Unknown milestone of this project.' });
			return data;
		},
		present: hidden,
	});
}

/** `HH:MM` → minutes. */
function minutes(value: unknown, field: string): number {
	const m = HHMM.exec(String(value ?? ''));
	if (!m) return invalid({ [field]: 'Use HH:MM.' });
	return Number(m[1]) * 60 + Number(m[2]);
}

/** Live reads give durations without the leading zero: "1:15". */
export const readDuration = (total: number): string =>
	`${Math.floor(total / 60)}:${String(total % 60).padStart(2, '0')}`;

/** Timesheet tracking: `duration` (date + HH:MM) or `range` (start/end). */
function tracking(data: Json): { date: string; duration: string } {
	const tr = data.tracking as Json | undefined;
	if (!tr || typeof tr !== 'object')
		return invalid({ tracking: 'This value should not be blank.' });
	if (tr.type === 'duration') {
		if (!/^\d{4}-\d{2}-\d{2}$/.test(String(tr.date ?? '')))
			invalid({ 'tracking.date': 'Use YYYY-MM-DD.' });
		return {
			date: String(tr.date),
			duration: readDuration(minutes(tr.duration, 'tracking.duration')),
		};
	}
	if (tr.type === 'range') {
		for (const f of ['start', 'end'])
			if (!DATETIME.test(String(tr[f] ?? '')))
				invalid({ [`tracking.${f}`]: 'Use YYYY-MM-DD HH:MM:SS.' });
		const span = Math.round(
			(Date.parse(String(tr.end).replace(' ', 'T') + 'Z') -
				Date.parse(String(tr.start).replace(' ', 'T') + 'Z')) /
				60000,
		);
		if (!(span >= 0)) invalid({ 'tracking.end': 'The end must be after the start.' });
		return { date: String(tr.start).slice(0, 10), duration: readDuration(span) };
	}
	return invalid({ 'tracking.type': 'Must be duration or range.' });
}

function registerTimesheets(router: Router<BexioTenant>): void {
	defineResource(router, {
		path: '/2.0/timesheet',
		collection: 'timesheets',
		required: ['user_id', 'client_service_id', 'allowable_bill', 'tracking'],
		searchFields: [
			'id',
			'client_service_id',
			'contact_id',
			'user_id',
			'pr_project_id',
			'status_id',
		],
		orderBy: ['id', 'date'],
		defaults: {
			user_id: null,
			status_id: null,
			client_service_id: null,
			text: '',
			allowable_bill: true,
			charge: null,
			contact_id: null,
			sub_contact_id: null,
			pr_project_id: null,
			pr_package_id: null,
			pr_milestone_id: null,
			travel_time: null,
			travel_charge: null,
			travel_distance: 0,
			estimated_time: null,
			date: null,
			duration: null,
			running: false,
			tracking: null,
		},
		readOnlyFields: [
			'date',
			'duration',
			'running',
			'travel_time',
			'travel_charge',
			'travel_distance',
		],
		prepare: ({ t, data, existing }) => {
			userField(t, data);
			exists(t, data, 'client_service_id', 'client_services');
			exists(t, data, 'status_id', 'timesheet_statuses');
			exists(t, data, 'contact_id', 'contacts');
			exists(t, data, 'sub_contact_id', 'contacts');
			exists(t, data, 'pr_project_id', 'projects');
			exists(t, data, 'pr_package_id', 'packages');
			exists(t, data, 'pr_milestone_id', 'milestones');
			if (data.allowable_bill !== undefined && typeof data.allowable_bill !== 'boolean')
				invalid({ allowable_bill: 'Must be a boolean.' });
			if (data.estimated_time !== undefined && data.estimated_time !== null)
				minutes(data.estimated_time, 'estimated_time');
			if (data.charge !== undefined && data.charge !== null) decimal(data.charge, 'charge');
			if (data.tracking === undefined && existing) return data;
			return { ...data, ...tracking(data), running: false };
		},
	});
	defineResource(router, {
		path: '/2.0/timesheet_status',
		collection: 'timesheet_statuses',
		readOnly: true,
		routes: ['list'],
		orderBy: ['id', 'name'],
	});
	// Business activities: list, create, search only.
	defineResource(router, {
		path: '/2.0/client_service',
		collection: 'client_services',
		routes: ['list', 'create', 'search'],
		required: ['name'],
		textFields: ['name'],
		searchFields: ['name'],
		orderBy: ['id', 'name'],
		defaults: {
			name: null,
			default_is_billable: null,
			default_price_per_hour: null,
			account_id: null,
		},
		prepare: ({ t, data }) => {
			exists(t, data, 'account_id', 'accounts');
			if (
				data.default_price_per_hour !== undefined &&
				data.default_price_per_hour !== null &&
				typeof data.default_price_per_hour !== 'number'
			)
				invalid({ default_price_per_hour: 'Must be a number.' });
			return data;
		},
	});
}

export function registerProjectsAndTime(router: Router<BexioTenant>): void {
	registerProjects(router);
	registerTimesheets(router);
}
