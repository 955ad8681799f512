import type { Router } from '../core/http';
import { defineResource, findRecord } from './engine';
import { invalid } from './errors';
import { page } from './query';
import type { Json } from './request';
import { publicView, rows, type BexioRecord, type BexioTenant } from './store';

const USER_FIELDS = [
	'id',
	'salutation_type',
	'firstname',
	'lastname',
	'email',
	'is_superadmin',
	'is_accountant',
];

function userView(u: BexioRecord): Json {
	return Object.fromEntries(USER_FIELDS.map((k) => [k, u[k] ?? null]));
}

/** E-mail addresses are unique across real and fictional users. */
function uniqueEmail(t: BexioTenant, email: unknown, self?: unknown): void {
	const taken = [...rows(t, 'users'), ...rows(t, 'fictional_users')].some(
		(u) => String(u.email).toLowerCase() === String(email).toLowerCase() && u.id !== self,
	);
	if (taken) invalid({ email: 'This e-mail address is already in use.' });
}

/** Users, fictional users and permissions of the token's user. */
function registerUsers(router: Router<BexioTenant>): void {
	router.get('/3.0/users/me', (_req, t) => ({
		status: 200,
		body: userView(findRecord(t, 'users', String(t.userId))),
	}));
	defineResource(router, {
		path: '/3.0/users',
		collection: 'users',
		readOnly: true,
		routes: ['list', 'show'],
		present: userView,
	});
	defineResource(router, {
		path: '/3.0/fictional_users',
		collection: 'fictional_users',
		routes: ['list', 'create', 'show', 'edit', 'delete'],
		editVerb: 'PATCH',
		required: ['salutation_type', 'firstname', 'lastname', 'email'],
		textFields: ['salutation_type', 'firstname', 'lastname', 'email'],
		defaults: {
			salutation_type: null,
			firstname: null,
			lastname: null,
			email: null,
			title_id: null,
		},
		prepare: ({ t, data, existing }) => {
			if (
				data.salutation_type !== undefined &&
				!['male', 'female'].includes(String(data.salutation_type))
			)
				invalid({ salutation_type: 'Must be male or female.' });
			if (data.email !== undefined) {
				if (!/^[^@\s]+@[^@\s]+$/.test(String(data.email)))
					invalid({ email: 'This value is not a valid email address.' });
				uniqueEmail(t, data.email, existing?.id);
			}
			if (
				data.title_id !== undefined &&
				data.title_id !== null &&
				!rows(t, 'titles').some((x) => x.id === data.title_id)
			)
				invalid({ title_id: 'Unknown title.' });
			return data;
		},
	});
	router.get('/3.0/permissions', (_req, t) => {
		const me = findRecord(t, 'users', String(t.userId));
		const modules = [
			'contact',
			'kb_offer',
			'kb_order',
			'kb_invoice',
			'kb_delivery',
			'article',
			'project',
			'monitoring',
			'accounting',
			'banking',
			'file',
			'task',
			'note',
		];
		const permissions: Json = {};
		for (const m of modules)
			permissions[m] = {
				activation: 'enabled',
				edit: me.is_superadmin ? 'all' : 'own',
				show: 'all',
			};
		return { status: 200, body: { components: modules, permissions } };
	});
}

/** Countries, languages, payment types, company profile, document settings and templates, bank accounts. */
function registerCompany(router: Router<BexioTenant>): void {
	defineResource(router, {
		path: '/2.0/country',
		collection: 'countries',
		required: ['name', 'name_short', 'iso3166_alpha2'],
		textFields: ['name', 'name_short', 'iso3166_alpha2'],
		searchFields: ['name', 'name_short'],
		orderBy: ['id', 'name', 'name_short'],
		defaults: { name: null, name_short: null, iso3166_alpha2: null },
		// Live bexio takes `iso3166_alpha2` in writes but answers it as `iso_3166_alpha2`.
		present: (record) => {
			const { iso3166_alpha2, ...rest } = publicView(record);
			return { ...rest, iso_3166_alpha2: iso3166_alpha2 };
		},
		prepare: ({ t, data, existing }) => {
			if (data.iso3166_alpha2 !== undefined && !/^[A-Z]{2}$/.test(String(data.iso3166_alpha2)))
				invalid({ iso3166_alpha2: 'Two upper-case letters.' });
			if (
				data.iso3166_alpha2 !== undefined &&
				rows(t, 'countries').some(
					(c) => c.iso3166_alpha2 === data.iso3166_alpha2 && c.id !== existing?.id,
				)
			)
				invalid({ iso3166_alpha2: 'This country exists already.' });
			return data;
		},
		beforeDelete: (t, country) => {
			if (rows(t, 'contacts').some((c) => c.country_id === country.id))
				invalid({ id: 'The country is used by contacts.' });
		},
	});
	defineResource(router, {
		path: '/2.0/language',
		collection: 'languages',
		readOnly: true,
		routes: ['list', 'search'],
		searchFields: ['name', 'iso_639_1'],
	});
	defineResource(router, {
		path: '/2.0/payment_type',
		collection: 'payment_types',
		readOnly: true,
		routes: ['list', 'search'],
		searchFields: ['name'],
		orderBy: ['id', 'name', 'name_short'],
	});
	defineResource(router, {
		path: '/2.0/company_profile',
		collection: 'company_profiles',
		readOnly: true,
		routes: ['list', 'show'],
	});
	defineResource(router, {
		path: '/2.0/kb_item_setting',
		collection: 'document_settings',
		readOnly: true,
		routes: ['list'],
		orderBy: ['id', 'text'],
	});
	// Templates are addressed by `template_slug`, they have no id.
	router.get('/3.0/document_templates', (req, t) => ({
		status: 200,
		body: page(req, rows(t, 'document_templates')).map((x) => {
			const { id: _id, ...rest } = publicView(x);
			return rest;
		}),
	}));
	defineResource(router, {
		path: '/3.0/banking/accounts',
		collection: 'bank_accounts',
		readOnly: true,
		routes: ['list', 'show'],
	});
}

export function registerUsersAndCompany(router: Router<BexioTenant>): void {
	registerUsers(router);
	registerCompany(router);
}
