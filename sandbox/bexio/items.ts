import type { Router } from '../core/http';
import { defineResource } from './engine';
import { invalid } from './errors';
import { decimal, type Json } from './request';
import { collection, publicView, rows, type BexioTenant } from './store';

const COUNTERS_AS_TEXT_AFTER_EDIT = ['stock_nr', 'stock_min_nr'];
const COUNTERS_AS_TEXT_AFTER_CREATE = [
	...COUNTERS_AS_TEXT_AFTER_EDIT,
	'stock_reserved_nr',
	'stock_picked_nr',
	'stock_disposed_nr',
	'stock_ordered_nr',
];

/** Every documented article field; no `updated_at` on articles. */
export const ARTICLE_DEFAULTS: Json = {
	user_id: 1,
	article_type_id: 1,
	contact_id: null,
	deliverer_code: null,
	deliverer_name: null,
	deliverer_description: null,
	intern_code: null,
	intern_name: null,
	intern_description: null,
	purchase_price: null,
	sale_price: null,
	purchase_total: null,
	sale_total: null,
	currency_id: null,
	tax_income_id: null,
	tax_id: null,
	tax_expense_id: null,
	unit_id: null,
	is_stock: false,
	stock_id: null,
	stock_place_id: null,
	stock_nr: 0,
	stock_min_nr: 0,
	stock_reserved_nr: 0,
	stock_available_nr: 0,
	stock_picked_nr: 0,
	stock_disposed_nr: 0,
	stock_ordered_nr: 0,
	width: null,
	height: null,
	weight: null,
	volume: null,
	html_text: null,
	remarks: null,
	delivery_price: null,
	article_group_id: null,
	account_id: null,
	expense_account_id: null,
};

function ref(t: BexioTenant, data: Json, field: string, name: string): void {
	const v = data[field];
	if (v !== undefined && v !== null && !collection(t, name).has(Number(v)))
		invalid({ [field]: 'The referenced record does not exist.' });
}

function taxOf(t: BexioTenant, data: Json, field: string, type: string): void {
	const v = data[field];
	if (v === undefined || v === null) return;
	const tax = collection(t, 'taxes').get(Number(v));
	if (!tax || tax.type !== type) invalid({ [field]: `Must be a ${type}.` });
}

/** Articles, stock locations and units. */
export function registerItems(router: Router<BexioTenant>): void {
	defineResource(router, {
		path: '/2.0/article',
		collection: 'articles',
		required: ['intern_code', 'intern_name'],
		textFields: ['intern_code', 'intern_name'],
		searchFields: ['intern_name', 'intern_code'],
		orderBy: ['id', 'intern_name'],
		defaults: ARTICLE_DEFAULTS,
		readOnlyFields: [
			'tax_id',
			'stock_reserved_nr',
			'stock_available_nr',
			'stock_picked_nr',
			'stock_disposed_nr',
			'stock_ordered_nr',
		],
		present: (record, { req }) => {
			const view = publicView(record);
			// Live bexio answers a create or an edit with stock counters as strings ("0"); reads send numbers.
			const write = req.method === 'POST' && !req.path.endsWith('/search');
			if (write)
				for (const key of req.path === '/2.0/article'
					? COUNTERS_AS_TEXT_AFTER_CREATE
					: COUNTERS_AS_TEXT_AFTER_EDIT)
					if (typeof view[key] === 'number') view[key] = String(view[key]);
			return view;
		},
		prepare: ({ t, data, existing }) => {
			// article_type_id is create-only (not in the edit schema).
			if (existing) delete data.article_type_id;
			else if (data.article_type_id !== undefined && ![1, 2].includes(Number(data.article_type_id)))
				invalid({ article_type_id: 'Must be 1 (product) or 2 (service).' });
			const code = data.intern_code;
			if (
				code !== undefined &&
				rows(t, 'articles').some((a) => a.intern_code === code && a.id !== existing?.id)
			)
				invalid({ intern_code: 'This article number is already in use.' });
			for (const f of ['purchase_price', 'sale_price']) {
				// Prices are decimal strings.
				if (data[f] !== undefined && data[f] !== null) {
					decimal(data[f], f);
					data[f] = String(data[f]);
				}
			}
			ref(t, data, 'contact_id', 'contacts');
			ref(t, data, 'currency_id', 'currencies');
			ref(t, data, 'unit_id', 'units');
			ref(t, data, 'stock_id', 'stocks');
			ref(t, data, 'stock_place_id', 'stock_places');
			ref(t, data, 'account_id', 'accounts');
			ref(t, data, 'expense_account_id', 'accounts');
			taxOf(t, data, 'tax_income_id', 'sales_tax');
			taxOf(t, data, 'tax_expense_id', 'pre_tax');
			// stock_nr is settable only before any stock booking; the simulator books none.
			const out: Json = { ...data };
			if (data.tax_income_id !== undefined) out.tax_id = data.tax_income_id;
			if (data.stock_nr !== undefined) out.stock_available_nr = data.stock_nr;
			return out;
		},
	});
	defineResource(router, {
		path: '/2.0/stock',
		collection: 'stocks',
		readOnly: true,
		routes: ['list', 'search'],
		searchFields: ['name'],
		orderBy: ['id', 'name'],
	});
	defineResource(router, {
		path: '/2.0/stock_place',
		collection: 'stock_places',
		readOnly: true,
		routes: ['list', 'search'],
		searchFields: ['name', 'stock_id'],
		orderBy: ['id', 'name'],
	});
	defineResource(router, {
		path: '/2.0/unit',
		collection: 'units',
		required: ['name'],
		textFields: ['name'],
		searchFields: ['name'],
		defaults: { name: null },
		beforeDelete: (t, unit) => {
			if (rows(t, 'articles').some((a) => a.unit_id === unit.id))
				invalid({ id: 'The unit is used by articles.' });
		},
	});
}
