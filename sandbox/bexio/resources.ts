import { Router, SandboxHttpError } from '../core/http';
import { bexioError, body, defineResource, notFound, numericId, order, page, requireFields, search, unprocessable } from './engine';
import { collection, insert, nowStamp, type BexioRecord, type BexioTenant } from './store';

const CONTACT_SEARCH = ['id', 'name_1', 'name_2', 'nr', 'address', 'mail', 'mail_second', 'postcode', 'city', 'country_id', 'contact_group_ids', 'contact_type_id', 'updated_at', 'user_id', 'phone_fixed', 'phone_mobile', 'fax'];

/** `nr` null → next free number; a given number must be numeric and unused (reference 5.1, 7.3). */
function contactNumber(t: BexioTenant, data: Record<string, unknown>, existing?: BexioRecord): string | null {
	const given = data.nr;
	if (given === undefined) return (existing?.nr as string | null) ?? nextContactNumber(t);
	if (given === null || given === '') return nextContactNumber(t);
	if (!/^\d+$/.test(String(given))) unprocessable({ nr: 'The customer number must be numeric.' });
	const taken = [...collection(t, 'contacts').values()].some((c) => c.nr === String(given) && c.id !== existing?.id);
	if (taken) unprocessable({ nr: 'This customer number is already used.' });
	return String(given);
}

function nextContactNumber(t: BexioTenant): string {
	const max = [...collection(t, 'contacts').values()].reduce((m, c) => Math.max(m, Number(c.nr ?? 0) || 0), 0);
	return String(max + 1);
}

function prepareContact(t: BexioTenant, data: Record<string, unknown>, existing?: BexioRecord): Record<string, unknown> {
	if (data.contact_type_id !== undefined && ![1, 2].includes(Number(data.contact_type_id))) unprocessable({ contact_type_id: 'Must be 1 (company) or 2 (person).' });
	if ((data.house_number || data.address_addition) && !(data.street_name ?? existing?.street_name)) unprocessable({ street_name: 'Required when house_number or address_addition is set.' });
	for (const ref of ['user_id', 'owner_id']) {
		if (data[ref] !== undefined && !collection(t, 'users').has(Number(data[ref]))) unprocessable({ [ref]: 'Unknown user.' });
	}
	const { address: _readOnly, profile_image: _image, ...writable } = data;
	const street = [writable.street_name ?? existing?.street_name, writable.house_number ?? existing?.house_number].filter(Boolean).join(' ');
	return { ...writable, nr: contactNumber(t, data, existing), address: street || (existing?.address ?? null), is_lead: false, archived: existing?.archived ?? false };
}

/** Contacts: soft delete (archived), `show_archived` lists only archived ones (reference 4.1, 7.2). */
function registerContacts(router: Router<BexioTenant>): void {
	const rows = (t: BexioTenant, archived: boolean) => [...collection(t, 'contacts').values()].filter((c) => Boolean(c.archived) === archived);
	const archivedFlag = (q: URLSearchParams) => q.get('show_archived') === 'true';
	const strip = (c: BexioRecord) => {
		const { archived: _a, ...rest } = c;
		return rest;
	};
	router.get('/2.0/contact', (req, t) => ({ status: 200, body: page(req, order(req, rows(t, archivedFlag(req.query)), ['id', 'nr', 'name_1', 'updated_at'])).map(strip) }));
	router.post('/2.0/contact/search', (req, t) => ({
		status: 200,
		body: page(req, order(req, search(req, rows(t, archivedFlag(req.query)), CONTACT_SEARCH), ['id', 'nr', 'name_1', 'updated_at'])).map(strip),
	}));
	const create = (t: BexioTenant, data: Record<string, unknown>) => {
		requireFields(data, ['contact_type_id', 'name_1', 'user_id', 'owner_id']);
		return insert(t, 'contacts', { ...prepareContact(t, data), updated_at: nowStamp(t) });
	};
	router.post('/2.0/contact', (req, t) => ({ status: 201, body: strip(create(t, body(req))) }));
	router.post('/2.0/contact/_bulk_create', (req, t) => {
		const list = JSON.parse(req.rawBody.toString('utf8') || '[]') as unknown;
		if (!Array.isArray(list)) throw new SandboxHttpError(bexioError(422, 'The body must be an array of contacts'));
		return { status: 201, body: list.map((c) => strip(create(t, c as Record<string, unknown>))) };
	});
	const find = (t: BexioTenant, id: string, allowArchived: boolean) => {
		const c = collection(t, 'contacts').get(numericId(id));
		if (!c || (c.archived && !allowArchived)) notFound();
		return c as BexioRecord;
	};
	router.get('/2.0/contact/:id', (req, t) => ({ status: 200, body: { ...strip(find(t, req.params.id, archivedFlag(req.query))), profile_image: '' } }));
	router.post('/2.0/contact/:id', (req, t) => {
		const c = find(t, req.params.id, false);
		const data = body(req);
		requireFields(data, ['contact_type_id', 'name_1', 'user_id', 'owner_id']);
		Object.assign(c, prepareContact(t, data, c), { updated_at: nowStamp(t) });
		return { status: 200, body: strip(c) };
	});
	router.delete('/2.0/contact/:id', (req, t) => {
		const c = find(t, req.params.id, false);
		c.archived = true;
		c.updated_at = nowStamp(t);
		return { status: 200, body: { success: true } };
	});
	router.patch('/2.0/contact/:id/restore', (req, t) => {
		const c = find(t, req.params.id, true);
		c.archived = false;
		c.updated_at = nowStamp(t);
		return { status: 200, body: strip(c) };
	});
}

function userResponse(u: BexioRecord) {
	return { id: u.id, salutation_type: u.salutation_type, firstname: u.firstname, lastname: u.lastname, email: u.email, is_superadmin: u.is_superadmin ?? false, is_accountant: u.is_accountant ?? false };
}

/** Manual entries: typed, with line ids, no single GET, locked in closed years (reference 4.8, 5.9). */
function registerManualEntries(router: Router<BexioTenant>): void {
	const base = '/3.0/accounting/manual_entries';
	const TYPES = ['manual_single_entry', 'manual_compound_entry', 'manual_group_entry'];
	const prepare = (t: BexioTenant, data: Record<string, unknown>, existing?: BexioRecord) => {
		requireFields(data, ['type', 'date', 'entries']);
		if (!TYPES.includes(String(data.type))) unprocessable({ type: `Must be one of ${TYPES.join(', ')}.` });
		const entries = data.entries as Array<Record<string, unknown>>;
		if (!Array.isArray(entries) || entries.length === 0) unprocessable({ entries: 'At least one line is required.' });
		if (data.type === 'manual_single_entry' && entries.length !== 1) unprocessable({ entries: 'A single entry has exactly one line.' });
		entries.forEach((e, i) => {
			if (typeof e.amount !== 'number') unprocessable({ [`entries[${i}].amount`]: 'This value should be a number.' });
			for (const key of ['debit_account_id', 'credit_account_id']) {
				if (e[key] !== undefined && e[key] !== null && !collection(t, 'accounts').has(Number(e[key]))) unprocessable({ [`entries[${i}].${key}`]: 'Unknown account.' });
			}
		});
		if (data.reference_nr !== undefined && String(data.reference_nr).length > 80) unprocessable({ reference_nr: 'At most 80 characters.' });
		let lineId = Math.max(0, ...[...collection(t, 'manual_entries').values()].flatMap((m) => (m.entries as BexioRecord[]).map((e) => e.id)));
		return {
			type: data.type,
			date: data.date,
			reference_nr: data.reference_nr ?? null,
			entries: entries.map((e) => ({ ...e, id: (e.id as number) ?? ++lineId, date: data.date, base_currency_id: 1, base_currency_amount: e.amount })),
			created_by_user_id: existing?.created_by_user_id ?? t.userId,
			edited_by_user_id: t.userId,
			is_locked: false,
			locked_info: null,
		};
	};
	router.get(base, (req, t) => ({ status: 200, body: page(req, [...collection(t, 'manual_entries').values()]) }));
	router.post(base, (req, t) => ({ status: 201, body: insert(t, 'manual_entries', prepare(t, body(req))) }));
	router.get(`${base}/next_ref_nr`, (_req, t) => ({ status: 200, body: { next_ref_nr: String(collection(t, 'manual_entries').size + 1) } }));
	const find = (t: BexioTenant, id: string) => {
		const m = collection(t, 'manual_entries').get(numericId(id));
		if (!m) notFound();
		if (m!.is_locked) throw new SandboxHttpError(bexioError(422, 'The entry is locked: closed_business_year'));
		return m as BexioRecord;
	};
	router.put(`${base}/:id`, (req, t) => {
		const m = find(t, req.params.id);
		const data = body(req);
		if (Number(data.id) !== m.id) unprocessable({ id: 'The id in the body must match the path.' });
		const updated = { ...prepare(t, data, m), id: m.id } as BexioRecord;
		collection(t, 'manual_entries').set(m.id, updated);
		return { status: 200, body: updated };
	});
	router.delete(`${base}/:id`, (req, t) => {
		collection(t, 'manual_entries').delete(find(t, req.params.id).id);
		return { status: 200, body: { success: true } };
	});
}

export function registerResources(router: Router<BexioTenant>): void {
	registerContacts(router);
	const named = { searchFields: ['name'], orderBy: ['id', 'name'] };
	defineResource(router, { path: '/2.0/contact_relation', collection: 'contact_relations', required: ['contact_id', 'contact_sub_id'], searchFields: ['contact_id', 'contact_sub_id', 'updated_at'], orderBy: ['id', 'contact_id', 'contact_sub_id', 'updated_at'], stamped: true });
	defineResource(router, { path: '/2.0/contact_group', collection: 'contact_groups', required: ['name'], ...named });
	defineResource(router, { path: '/2.0/contact_branch', collection: 'contact_sectors', routes: ['list', 'search'], ...named });
	defineResource(router, { path: '/2.0/contact/:contact_id/additional_address', collection: 'additional_addresses', parentKey: 'contact_id', required: ['name'], searchFields: ['name', 'address', 'postcode', 'city', 'country_id', 'subject', 'email'], orderBy: ['id', 'name', 'postcode', 'country_id'] });
	defineResource(router, { path: '/2.0/salutation', collection: 'salutations', required: ['name'], ...named });
	defineResource(router, { path: '/2.0/title', collection: 'titles', required: ['name'], ...named });
	defineResource(router, { path: '/2.0/note', collection: 'notes', required: ['user_id', 'event_start', 'subject'], searchFields: ['event_start', 'contact_id', 'user_id', 'subject', 'module_id', 'entry_id'] });
	defineResource(router, { path: '/2.0/task', collection: 'tasks', required: ['user_id', 'subject'], searchFields: ['subject', 'updated_at', 'user_id', 'contact_id', 'todo_status_id', 'module_id', 'entry_id'], orderBy: ['id', 'finish_date'], stamped: true });
	defineResource(router, { path: '/2.0/todo_priority', collection: 'todo_priorities', routes: ['list'], ...named });
	defineResource(router, { path: '/2.0/todo_status', collection: 'todo_statuses', routes: ['list'], ...named });
	defineResource(router, { path: '/2.0/communication_kind', collection: 'communication_kinds', routes: ['list', 'search'], ...named });
	defineResource(router, { path: '/2.0/article', collection: 'articles', required: ['intern_code', 'intern_name'], searchFields: ['intern_name', 'intern_code'], orderBy: ['id', 'intern_name'] });
	defineResource(router, { path: '/2.0/stock', collection: 'stocks', routes: ['list', 'search'], ...named });
	defineResource(router, { path: '/2.0/stock_place', collection: 'stock_places', routes: ['list', 'search'], searchFields: ['name', 'stock_id'], orderBy: ['id', 'name'] });
	defineResource(router, { path: '/2.0/unit', collection: 'units', required: ['name'], ...named });
	defineResource(router, {
		path: '/2.0/pr_project',
		collection: 'projects',
		required: ['name', 'pr_state_id', 'pr_project_type_id', 'contact_id', 'user_id'],
		searchFields: ['name', 'contact_id', 'pr_state_id'],
		orderBy: ['id', 'name'],
		prepare: (t, data, existing) => ({ ...data, nr: existing?.nr ?? String(collection(t, 'projects').size + 1).padStart(6, '0'), uuid: existing?.uuid ?? `project-${collection(t, 'projects').size + 1}` }),
	});
	defineResource(router, { path: '/2.0/pr_project_state', collection: 'project_states', routes: ['list'], ...named });
	defineResource(router, { path: '/2.0/pr_project_type', collection: 'project_types', routes: ['list'], ...named });
	defineResource(router, {
		path: '/2.0/timesheet',
		collection: 'timesheets',
		required: ['user_id', 'client_service_id', 'allowable_bill', 'tracking'],
		searchFields: ['id', 'client_service_id', 'contact_id', 'user_id', 'pr_project_id', 'status_id'],
		orderBy: ['id', 'date'],
		prepare: (t, data) => {
			const tracking = data.tracking as { type?: string; date?: string; duration?: string; start?: string; end?: string } | undefined;
			if (!tracking || !['duration', 'range'].includes(String(tracking.type))) unprocessable({ tracking: 'type must be duration or range.' });
			if (!collection(t, 'client_services').has(Number(data.client_service_id))) unprocessable({ client_service_id: 'Unknown business activity.' });
			let date = tracking!.date ?? String(tracking!.start ?? '').slice(0, 10);
			let duration = tracking!.duration ?? '0:00';
			if (tracking!.type === 'duration' && !/^\d{1,3}:\d{2}$/.test(String(duration))) unprocessable({ 'tracking.duration': 'Use HH:MM.' });
			if (tracking!.type === 'range') {
				const minutes = Math.round((Date.parse(String(tracking!.end).replace(' ', 'T')) - Date.parse(String(tracking!.start).replace(' ', 'T'))) / 60000);
				if (!Number.isFinite(minutes) || minutes < 0) unprocessable({ 'tracking.end': 'Must be after start.' });
				duration = `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}`;
				date = String(tracking!.start).slice(0, 10);
			}
			// Live reads return durations without a leading zero ("1:15", reference 5.7).
			const [h, m] = String(duration).split(':');
			return { ...data, date, duration: `${Number(h)}:${m}`, running: false };
		},
	});
	defineResource(router, { path: '/2.0/timesheet_status', collection: 'timesheet_statuses', routes: ['list'], ...named });
	defineResource(router, { path: '/2.0/client_service', collection: 'client_services', routes: ['list', 'create', 'search'], required: ['name'], ...named });
	defineResource(router, { path: '/2.0/accounts', collection: 'accounts', routes: ['list', 'search'], searchFields: ['account_no', 'fibu_account_group_id', 'name', 'account_type'], orderBy: ['id', 'account_no', 'name'] });
	defineResource(router, { path: '/2.0/account_groups', collection: 'account_groups', routes: ['list'] });
	defineResource(router, { path: '/2.0/country', collection: 'countries', required: ['name', 'name_short', 'iso3166_alpha2'], searchFields: ['name', 'name_short'], orderBy: ['id', 'name', 'name_short'] });
	defineResource(router, { path: '/2.0/language', collection: 'languages', routes: ['list', 'search'], searchFields: ['name', 'iso_639_1'] });
	defineResource(router, { path: '/2.0/payment_type', collection: 'payment_types', routes: ['list', 'search'], ...named });
	defineResource(router, { path: '/2.0/company_profile', collection: 'company_profiles', routes: ['list', 'show'] });
	defineResource(router, { path: '/2.0/kb_item_setting', collection: 'document_settings', routes: ['list'] });
	defineResource(router, { path: '/3.0/banking/accounts', collection: 'bank_accounts', routes: ['list', 'show'] });
	defineResource(router, { path: '/3.0/accounting/calendar_years', collection: 'calendar_years', routes: ['list', 'search', 'show'], searchFields: ['start', 'end'] });
	defineResource(router, { path: '/3.0/accounting/business_years', collection: 'business_years', routes: ['list', 'show'] });
	defineResource(router, { path: '/3.0/accounting/vat_periods', collection: 'vat_periods', routes: ['list', 'show'] });
	defineResource(router, { path: '/3.0/projects/:project_id/milestones', collection: 'milestones', parentKey: 'project_id', required: ['name'], routes: ['list', 'create', 'show', 'delete'] });
	defineResource(router, { path: '/3.0/projects/:project_id/milestones', collection: 'milestones', parentKey: 'project_id', routes: ['edit'], editVerb: 'PATCH' });
	defineResource(router, { path: '/3.0/projects/:project_id/packages', collection: 'packages', parentKey: 'project_id', required: ['name'], routes: ['list', 'create', 'show', 'edit', 'delete'], editVerb: 'PATCH' });
	for (const action of ['archive', 'reactivate']) {
		router.post(`/2.0/pr_project/:id/${action}`, (req, t) => {
			const p = collection(t, 'projects').get(numericId(req.params.id));
			if (!p) notFound();
			p!.archived = action === 'archive';
			return { status: 200, body: { success: true } };
		});
	}

	// 3.0 users and fictional users (reference 4.13).
	router.get('/3.0/users', (req, t) => ({ status: 200, body: page(req, [...collection(t, 'users').values()].map(userResponse)) }));
	router.get('/3.0/users/me', (_req, t) => ({ status: 200, body: userResponse(collection(t, 'users').get(t.userId)!) }));
	router.get('/3.0/users/:id', (req, t) => {
		const u = collection(t, 'users').get(numericId(req.params.id));
		if (!u) notFound();
		return { status: 200, body: userResponse(u!) };
	});
	const uniqueEmail = (t: BexioTenant, email: unknown, self?: number) => {
		const all = [...collection(t, 'users').values(), ...collection(t, 'fictional_users').values()];
		if (all.some((u) => u.email === email && u.id !== self)) unprocessable({ email: 'This e-mail address is already used.' });
	};
	router.get('/3.0/fictional_users', (req, t) => ({ status: 200, body: page(req, [...collection(t, 'fictional_users').values()]) }));
	router.post('/3.0/fictional_users', (req, t) => {
		const data = body(req);
		requireFields(data, ['salutation_type', 'firstname', 'lastname', 'email']);
		uniqueEmail(t, data.email);
		return { status: 201, body: insert(t, 'fictional_users', data) };
	});
	const fictional = (t: BexioTenant, id: string) => {
		const u = collection(t, 'fictional_users').get(numericId(id));
		if (!u) notFound();
		return u as BexioRecord;
	};
	router.get('/3.0/fictional_users/:id', (req, t) => ({ status: 200, body: fictional(t, req.params.id) }));
	router.patch('/3.0/fictional_users/:id', (req, t) => {
		const u = fictional(t, req.params.id);
		const data = body(req);
		if (data.email !== undefined) uniqueEmail(t, data.email, u.id);
		Object.assign(u, data, { id: u.id });
		return { status: 200, body: u };
	});
	router.delete('/3.0/fictional_users/:id', (req, t) => {
		collection(t, 'fictional_users').delete(fictional(t, req.params.id).id);
		return { status: 200, body: { success: true } };
	});

	// 3.0 taxes and currencies (reference 4.8).
	router.get('/3.0/taxes', (req, t) => {
		let rows = [...collection(t, 'taxes').values()];
		const scope = req.query.get('scope');
		if (scope) rows = rows.filter((x) => Boolean(x.is_active) === (scope === 'active'));
		const types = req.query.get('types');
		if (types) rows = rows.filter((x) => x.type === types);
		return { status: 200, body: page(req, rows) };
	});
	router.get('/3.0/taxes/:id', (req, t) => {
		const tax = collection(t, 'taxes').get(numericId(req.params.id));
		if (!tax) notFound();
		return { status: 200, body: tax };
	});
	router.delete('/3.0/taxes/:id', (req, t) => {
		const tax = collection(t, 'taxes').get(numericId(req.params.id));
		if (!tax) notFound();
		const used = [...collection(t, 'invoices').values()].some((d) => (d.positions as BexioRecord[]).some((p) => Number(p.tax_id) === tax!.id));
		if (used || tax!.digit === '000') return bexioError(409, 'The tax is in use and cannot be deleted');
		collection(t, 'taxes').delete(tax!.id);
		return { status: 200, body: { success: true } };
	});
	router.get('/3.0/currencies', (req, t) => ({ status: 200, body: page(req, [...collection(t, 'currencies').values()]) }));
	router.get('/3.0/currencies/codes', () => ({ status: 200, body: ['CHF', 'EUR', 'USD', 'GBP', 'JPY'] }));
	router.post('/3.0/currencies', (req, t) => {
		const data = body(req);
		requireFields(data, ['name', 'round_factor']);
		return { status: 201, body: insert(t, 'currencies', { name: data.name, round_factor: data.round_factor }) };
	});
	registerManualEntries(router);
}
