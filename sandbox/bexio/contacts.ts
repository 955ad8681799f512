import type { Router } from '../core/http';
import { defineResource, type WriteContext } from './engine';
import { fail, invalid } from './errors';
import { jsonArray, requireFields, requireText, type Json } from './request';
import {
	bumpCounter,
	collection,
	insert,
	nextCounter,
	nowStamp,
	publicView,
	type BexioRecord,
	type BexioTenant,
} from './store';

/** 1×1 GIF: contacts carry a base64 `profile_image` on single reads only. */
const PROFILE_IMAGE = 'R0lGODlhAQABAIAAAAUEBAAAACwAAAAAAQABAAACAkQBADs=';

/** Every documented contact field, in the order bexio answers them. */
export const CONTACT_DEFAULTS: Json = {
	nr: null,
	contact_type_id: null,
	name_1: null,
	name_2: null,
	salutation_id: null,
	salutation_form: null,
	title_id: null,
	birthday: null,
	street_name: null,
	house_number: null,
	address_addition: null,
	address: null,
	postcode: null,
	city: null,
	country_id: null,
	mail: null,
	mail_second: null,
	phone_fixed: null,
	phone_fixed_second: null,
	phone_mobile: null,
	fax: null,
	url: null,
	skype_name: null,
	remarks: null,
	language_id: null,
	is_lead: false,
	contact_group_ids: null,
	contact_branch_ids: null,
	user_id: null,
	owner_id: null,
	updated_at: null,
};

export const CONTACT_REQUIRED = ['contact_type_id', 'name_1', 'user_id', 'owner_id'];
const NR_COUNTER = 'contact_nr';

/** Users a contact can point at: real and fictional users. */
export function isUser(t: BexioTenant, id: unknown): boolean {
	return collection(t, 'users').has(Number(id)) || collection(t, 'fictional_users').has(Number(id));
}

function reference(t: BexioTenant, data: Json, field: string, name: string): void {
	const value = data[field];
	if (value !== undefined && value !== null && !collection(t, name).has(Number(value)))
		invalid({ [field]: `The referenced ${name.replace(/s$/, '')} does not exist.` });
}

/** `nr` null → next number; a given one must be numeric and unused. */
function contactNumber(t: BexioTenant, data: Json, existing?: BexioRecord): string {
	const given = data.nr;
	if (given === undefined && existing?.nr) return String(existing.nr);
	if (given === undefined || given === null || given === '') {
		let nr = String(nextCounter(t, NR_COUNTER));
		while (numberTaken(t, nr)) nr = String(nextCounter(t, NR_COUNTER));
		return nr;
	}
	const text = String(given).trim();
	if (!/^\d+$/.test(text)) invalid({ nr: 'The customer number must be numeric.' });
	if (numberTaken(t, text, existing?.id))
		invalid({ nr: 'This customer number is already in use.' });
	bumpCounter(t, NR_COUNTER, Number(text));
	return text;
}

function numberTaken(t: BexioTenant, nr: string, self?: unknown): boolean {
	for (const c of collection(t, 'contacts').values()) if (c.nr === nr && c.id !== self) return true;
	return false;
}

const ID_LIST = /^\d+(,\d+)*$/;

/** Validation and derived fields of a contact write. */
export function prepareContact({
	t,
	data,
	existing,
}: Pick<WriteContext, 't' | 'data' | 'existing'>): Json {
	const merged = { ...(existing ?? {}), ...data };
	if (![1, 2].includes(Number(merged.contact_type_id)))
		invalid({ contact_type_id: 'The value must be 1 (company) or 2 (person).' });
	for (const field of ['user_id', 'owner_id'])
		if (!isUser(t, merged[field])) invalid({ [field]: 'The user does not exist.' });
	if ((merged.house_number || merged.address_addition) && !merged.street_name)
		invalid({ street_name: 'Required when house_number or address_addition is set.' });
	reference(t, data, 'country_id', 'countries');
	reference(t, data, 'language_id', 'languages');
	reference(t, data, 'salutation_id', 'salutations');
	reference(t, data, 'title_id', 'titles');
	for (const field of ['contact_group_ids', 'contact_branch_ids']) {
		const value = data[field];
		if (value !== undefined && value !== null && value !== '' && !ID_LIST.test(String(value)))
			invalid({ [field]: 'Use comma-separated ids, e.g. "1,2".' });
	}
	const out: Json = {
		...data,
		contact_type_id: Number(merged.contact_type_id),
		nr: contactNumber(t, data, existing),
		is_lead: false,
	};
	if (data.postcode !== undefined && data.postcode !== null) out.postcode = String(data.postcode);
	// `address` is composed and read-only; a legacy client sending only `address` keeps it.
	const street = [merged.street_name, merged.house_number].filter(Boolean).join(' ');
	out.address =
		street || (typeof data.address === 'string' ? data.address : (existing?.address ?? null));
	return out;
}

function present(record: BexioRecord, single: boolean): Json {
	const view = publicView(record);
	return single ? { ...view, profile_image: PROFILE_IMAGE } : view;
}

/** Contacts and their CRM satellites. */
export function registerContacts(router: Router<BexioTenant>): void {
	// Bulk create validates every contact before storing any, so a 422 leaves nothing half-done.
	router.post('/2.0/contact/_bulk_create', (req, t) => {
		const list = jsonArray(req, 'contacts');
		if (list.length === 0) fail(422, 'The body must not be empty');
		const prepared = list.map((raw, i) => {
			if (!raw || typeof raw !== 'object' || Array.isArray(raw))
				return fail(422, `Entry ${i} is not an object`);
			const { id: _id, address: _address, titel_id, ...data } = raw as Json;
			if (titel_id !== undefined && data.title_id === undefined) data.title_id = titel_id;
			requireFields(data, CONTACT_REQUIRED);
			requireText(data, ['name_1']);
			return data;
		});
		const created = prepared.map((data) => {
			const record = insert(t, 'contacts', {
				...CONTACT_DEFAULTS,
				...prepareContact({ t, data }),
				updated_at: nowStamp(t),
			});
			return present(record, false);
		});
		return { status: 201, body: created };
	});
	defineResource(router, {
		path: '/2.0/contact',
		collection: 'contacts',
		required: CONTACT_REQUIRED,
		textFields: ['name_1'],
		searchFields: [
			'id',
			'name_1',
			'name_2',
			'nr',
			'address',
			'mail',
			'mail_second',
			'postcode',
			'city',
			'country_id',
			'contact_group_ids',
			'contact_type_id',
			'updated_at',
			'user_id',
			'phone_fixed',
			'phone_mobile',
			'fax',
		],
		orderBy: ['id', 'nr', 'name_1', 'updated_at'],
		defaults: CONTACT_DEFAULTS,
		readOnlyFields: ['is_lead', 'updated_at', 'profile_image'],
		aliases: { titel_id: 'title_id' },
		stamp: 'local',
		softDelete: true,
		prepare: prepareContact,
		present: (record, { single }) => present(record, single),
	});

	const contactRef = (t: BexioTenant, data: Json, field: string) => {
		const c =
			data[field] === undefined ? undefined : collection(t, 'contacts').get(Number(data[field]));
		if (data[field] !== undefined && !c) invalid({ [field]: 'The contact does not exist.' });
	};
	defineResource(router, {
		path: '/2.0/contact_relation',
		collection: 'contact_relations',
		required: ['contact_id', 'contact_sub_id'],
		searchFields: ['contact_id', 'contact_sub_id', 'updated_at'],
		orderBy: ['id', 'contact_id', 'contact_sub_id', 'updated_at'],
		defaults: { contact_id: null, contact_sub_id: null, description: null, updated_at: null },
		stamp: 'local',
		prepare: ({ t, data }) => {
			contactRef(t, data, 'contact_id');
			contactRef(t, data, 'contact_sub_id');
			if (data.contact_id !== undefined && Number(data.contact_id) === Number(data.contact_sub_id))
				invalid({ contact_sub_id: 'A contact cannot be related to itself.' });
			return data;
		},
	});
	const named = {
		required: ['name'],
		textFields: ['name'],
		searchFields: ['name'],
		orderBy: ['id', 'name'],
		defaults: { name: null },
	};
	defineResource(router, { path: '/2.0/contact_group', collection: 'contact_groups', ...named });
	defineResource(router, {
		path: '/2.0/contact_branch',
		collection: 'contact_sectors',
		readOnly: true,
		routes: ['list', 'search'],
		...named,
	});
	defineResource(router, {
		path: '/2.0/salutation',
		collection: 'salutations',
		...named,
		orderBy: ['id'],
	});
	defineResource(router, { path: '/2.0/title', collection: 'titles', ...named });
	defineResource(router, {
		path: '/2.0/contact/:contact_id/additional_address',
		collection: 'additional_addresses',
		parent: { param: 'contact_id', field: 'contact_id', collection: 'contacts' },
		required: ['name'],
		textFields: ['name'],
		searchFields: ['name', 'address', 'postcode', 'city', 'country_id', 'subject', 'email'],
		orderBy: ['id', 'name', 'postcode', 'country_id'],
		defaults: {
			name: null,
			name_addition: null,
			street_name: null,
			house_number: null,
			address_addition: null,
			address: null,
			postcode: null,
			city: null,
			country_id: null,
			subject: null,
			description: null,
		},
		readOnlyFields: ['address'],
		prepare: ({ data, existing }) => {
			const merged = { ...(existing ?? {}), ...data };
			return {
				...data,
				address: [merged.street_name, merged.house_number].filter(Boolean).join(' ') || null,
			};
		},
	});
	registerCrm(router);
}

/** Notes, tasks and their lookups. */
function registerCrm(router: Router<BexioTenant>): void {
	const userRef = (t: BexioTenant, data: Json) => {
		if (data.user_id !== undefined && !isUser(t, data.user_id))
			invalid({ user_id: 'The user does not exist.' });
	};
	defineResource(router, {
		path: '/2.0/note',
		collection: 'notes',
		required: ['user_id', 'event_start', 'subject'],
		textFields: ['event_start', 'subject'],
		searchFields: ['event_start', 'contact_id', 'user_id', 'subject', 'module_id', 'entry_id'],
		defaults: {
			user_id: null,
			event_start: null,
			subject: null,
			info: null,
			contact_id: null,
			project_id: null,
			entry_id: null,
			module_id: null,
		},
		aliases: { pr_project_id: 'project_id' },
		prepare: ({ t, data }) => {
			userRef(t, data);
			if (
				data.event_start !== undefined &&
				!/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(String(data.event_start))
			)
				invalid({ event_start: 'Use YYYY-MM-DD HH:MM:SS.' });
			return data;
		},
	});
	defineResource(router, {
		path: '/2.0/task',
		collection: 'tasks',
		required: ['user_id', 'subject'],
		textFields: ['subject'],
		searchFields: [
			'subject',
			'updated_at',
			'user_id',
			'contact_id',
			'todo_status_id',
			'module_id',
			'entry_id',
		],
		orderBy: ['id', 'finish_date'],
		defaults: {
			user_id: null,
			finish_date: null,
			subject: null,
			place: null,
			info: null,
			contact_id: null,
			sub_contact_id: null,
			project_id: null,
			entry_id: null,
			module_id: null,
			todo_status_id: 1,
			todo_priority_id: null,
			has_reminder: 'false',
			remember_type_id: null,
			remember_time_id: null,
			communication_kind_id: null,
		},
		aliases: { pr_project_id: 'project_id', have_remember: 'has_reminder' },
		readOnlyFields: ['place'],
		stamp: 'iso',
		prepare: ({ t, data }) => {
			userRef(t, data);
			if (data.has_reminder !== undefined) {
				if (
					data.has_reminder === true &&
					(data.remember_type_id === undefined || data.remember_time_id === undefined)
				) {
					invalid({ remember_type_id: 'Required when have_remember is set.' });
				}
				// Live responses return the flag as a string.
				data.has_reminder = String(Boolean(data.has_reminder));
			}
			return data;
		},
	});
	const lookup = { readOnly: true, routes: ['list'] as Array<'list'>, orderBy: ['id', 'name'] };
	defineResource(router, { path: '/2.0/todo_priority', collection: 'todo_priorities', ...lookup });
	defineResource(router, { path: '/2.0/todo_status', collection: 'todo_statuses', ...lookup });
	defineResource(router, {
		path: '/2.0/communication_kind',
		collection: 'communication_kinds',
		readOnly: true,
		routes: ['list', 'search'],
		searchFields: ['name'],
		orderBy: ['id', 'name'],
	});
}
