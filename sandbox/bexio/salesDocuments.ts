import type { Router, SandboxRequest } from '../core/http';
import { isUser } from './contacts';
import { defineResource, findRecord, type WriteContext } from './engine';
import { fail, invalid, refused } from './errors';
import { pdfJson } from './pdf';
import { positionsFromBody, registerPositions, renumber, requireEditable } from './positions';
import { jsonObject, requireFields, requireText, type Json } from './request';
import { DOC_ORDER_BY, SALES_TYPES, type DocType } from './salesTypes';
import {
	collection,
	insert,
	nextCounter,
	nowStamp,
	publicView,
	rows,
	today,
	type BexioRecord,
	type BexioTenant,
} from './store';
import { receivedPayments, recompute } from './totals';

/** A date, optionally with a time part that live bexio drops. */
const DATE_WITH_TIME = /^(\d{4}-\d{2}-\d{2})(?:[ T]\d{2}:\d{2}(?::\d{2})?)?$/;

/** Every documented field of a document family, null until set. */
function defaultsOf(type: DocType): Json {
	const common: Json = {
		document_nr: null,
		title: null,
		contact_id: null,
		contact_sub_id: null,
		user_id: null,
		project_id: null,
		logopaper_id: 1,
		language_id: 1,
		bank_account_id: 1,
		currency_id: 1,
		payment_type_id: 2,
		header: '',
		footer: '',
		total_gross: '0.000000',
		total_net: '0.000000',
		total_taxes: '0.0000',
		...(type.segment === 'kb_invoice'
			? {
					total_received_payments: '0.000000',
					total_credit_vouchers: '0.000000',
					total_remaining_payments: '0.000000',
				}
			: {}),
		total: '0.000000',
		total_rounding_difference: 0,
		mwst_type: 0,
		mwst_is_net: true,
		show_position_taxes: false,
		is_valid_from: null,
		...(type.dueField ? { [type.dueField]: null } : {}),
		contact_address: '',
		...(type.segment !== 'kb_invoice'
			? { delivery_address_type: 0, delivery_address_manual: null, delivery_address: '' }
			: {}),
		kb_item_status_id: type.initial,
		reference: null,
		api_reference: null,
		viewed_by_client_at: null,
		updated_at: null,
		...(type.segment === 'kb_invoice' ? { esr_id: null, qr_invoice_id: null } : {}),
		...(type.segment === 'kb_offer'
			? { kb_terms_of_payment_template_id: null, show_total: true }
			: {}),
		...(type.segment === 'kb_order' ? { is_recurring: false } : {}),
		template_slug: null,
		taxs: [],
		network_link: '',
		positions: [],
	};
	return common;
}

const READ_ONLY = [
	'kb_item_status_id',
	'total_gross',
	'total_net',
	'total_taxes',
	'total_received_payments',
	'total_credit_vouchers',
	'total_remaining_payments',
	'total',
	'total_rounding_difference',
	'contact_address',
	'viewed_by_client_at',
	'updated_at',
	'esr_id',
	'qr_invoice_id',
	'network_link',
	'taxs',
	'project_id',
	'is_recurring',
	'delivery_address',
	'show_total',
];

export function settingOf(t: BexioTenant, type: DocType): BexioRecord | undefined {
	return rows(t, 'document_settings').find((s) => s.kb_item_class === type.kbClass);
}

/** Next `document_nr` from the type's numbering settings, e.g. `RE-00001`. */
export function nextDocumentNr(t: BexioTenant, type: DocType): string {
	const setting = settingOf(t, type);
	const n = Number(setting?.next_nr ?? 1);
	if (setting) setting.next_nr = n + 1;
	const format = String(setting?.enumeration_format ?? `${type.prefix}-%nummer%`);
	return format.replace('%nummer%', String(n).padStart(Number(setting?.nr_min_length ?? 5), '0'));
}

function addDays(date: string, days: number): string {
	const d = new Date(`${date}T00:00:00Z`);
	d.setUTCDate(d.getUTCDate() + days);
	return d.toISOString().slice(0, 10);
}

function contactAddress(t: BexioTenant, contactId: unknown): string {
	const c = collection(t, 'contacts').get(Number(contactId));
	if (!c) return '';
	const name =
		c.contact_type_id === 2
			? [c.name_2, c.name_1].filter(Boolean).join(' ')
			: [c.name_1, c.name_2].filter(Boolean).join(' ');
	return [name, c.address, [c.postcode, c.city].filter(Boolean).join(' ')]
		.filter(Boolean)
		.join('\n');
}

function ref(t: BexioTenant, data: Json, field: string, name: string): void {
	const v = data[field];
	if (v !== undefined && v !== null && !collection(t, name).has(Number(v)))
		invalid({ [field]: 'The referenced record does not exist.' });
}

/** Header validation shared by create, edit, copy and conversions. */
export function checkHeader(t: BexioTenant, type: DocType, data: Json): void {
	if (data.contact_id !== undefined) {
		const c = collection(t, 'contacts').get(Number(data.contact_id));
		if (!c || c._archived) invalid({ contact_id: 'The contact does not exist.' });
	}
	ref(t, data, 'contact_sub_id', 'contacts');
	if (data.user_id !== undefined && !isUser(t, data.user_id))
		invalid({ user_id: 'The user does not exist.' });
	ref(t, data, 'project_id', 'projects');
	ref(t, data, 'currency_id', 'currencies');
	ref(t, data, 'language_id', 'languages');
	ref(t, data, 'bank_account_id', 'bank_accounts');
	ref(t, data, 'payment_type_id', 'payment_types');
	if (data.mwst_type !== undefined && ![0, 1, 2].includes(Number(data.mwst_type)))
		invalid({ mwst_type: 'Must be 0, 1 or 2.' });
	for (const field of ['is_valid_from', 'is_valid_to', 'is_valid_until']) {
		if (data[field] === undefined || data[field] === null) continue;
		// Live bexio takes a time part (`2024-01-02 11:01:14`) with a 201 and stores the date.
		const m = DATE_WITH_TIME.exec(String(data[field]));
		if (!m) invalid({ [field]: 'Use YYYY-MM-DD.' });
		else data[field] = m[1];
	}
	if (
		data.template_slug !== undefined &&
		data.template_slug !== null &&
		!rows(t, 'document_templates').some((x) => x.template_slug === data.template_slug)
	) {
		invalid({ template_slug: 'Unknown template.' });
	}
	if (type.dueField === 'is_valid_until' && data.is_valid_to !== undefined)
		invalid({ is_valid_to: 'Quotes use is_valid_until.' });
}

/** A new document in its initial status, numbered, with positions and totals. */
export function buildDocument(t: BexioTenant, type: DocType, data: Json): Json {
	const setting = settingOf(t, type);
	const auto = setting?.use_automatic_enumeration !== false;
	const given = data.document_nr;
	// document_nr only when automatic numbering is off; then it is required.
	if (auto && given !== undefined && given !== null)
		invalid({ document_nr: 'Automatic numbering is on: document_nr cannot be set.' });
	if (!auto && (given === undefined || given === null || given === ''))
		invalid({ document_nr: 'Required while automatic numbering is off.' });
	checkHeader(t, type, data);
	const from = (data.is_valid_from as string | undefined) ?? today(t);
	const doc: Json = {
		...data,
		document_nr: auto ? nextDocumentNr(t, type) : String(given),
		is_valid_from: from,
		mwst_type: data.mwst_type ?? setting?.default_mwst_type ?? 0,
		mwst_is_net: data.mwst_is_net ?? setting?.default_mwst_is_net ?? true,
		contact_address: contactAddress(t, data.contact_id),
		kb_item_status_id: type.initial,
		_kind: type.kbClass,
	};
	if (type.dueField)
		doc[type.dueField] =
			data[type.dueField] ?? addDays(from, Number(setting?.default_time_period_in_days ?? 30));
	if (type.segment !== 'kb_invoice') doc.delivery_address = doc.contact_address;
	return doc;
}

function prepare(type: DocType, { t, req, data, existing, verb }: WriteContext): Json {
	if (verb === 'create') {
		const raw = jsonObject(req);
		const refusedField = type.refusedOnCreate.find((f) => raw[f] !== undefined);
		if (refusedField) invalid({ [refusedField]: 'This field is not allowed.' });
		requireFields(data, ['contact_id', 'user_id']);
		const doc = buildDocument(t, type, data);
		doc.positions = positionsFromBody(t, type, doc as BexioRecord, data.positions);
		return doc;
	}
	requireEditable(type, existing!);
	// 2.0 edits resend the create-required fields, as observed live (edits are read-merge-write).
	requireFields(data, ['contact_id', 'user_id']);
	// Edits change the header only; positions go through the position endpoints.
	const { positions: _ignored, document_nr, ...header } = data;
	if (
		document_nr !== undefined &&
		document_nr !== existing!.document_nr &&
		settingOf(t, type)?.use_automatic_enumeration !== false
	) {
		invalid({ document_nr: 'Automatic numbering is on: document_nr cannot be set.' });
	}
	checkHeader(t, type, header);
	if (document_nr !== undefined && document_nr !== null) header.document_nr = String(document_nr);
	if (header.contact_id !== undefined)
		header.contact_address = contactAddress(t, header.contact_id);
	return header;
}

export function presentDocument(record: BexioRecord, single: boolean): Json {
	const view = publicView(record);
	if (single) view.positions = (record.positions as BexioRecord[]).map(publicView);
	else delete view.positions;
	return view;
}

export function loadDocument(t: BexioTenant, type: DocType, raw: string): BexioRecord {
	return findRecord(t, type.collection, raw);
}

/** Stores a document built elsewhere (copy, conversion) and computes its totals. */
export function storeDocument(
	t: BexioTenant,
	type: DocType,
	doc: Json,
	positions: Json[],
): BexioRecord {
	const record = insert(t, type.collection, {
		...defaultsOf(type),
		...doc,
		updated_at: nowStamp(t),
	});
	record.positions = positions;
	renumber(record);
	recompute(t, record);
	return record;
}

const SEND_FIELDS = ['recipient_email', 'subject', 'message'];

/** `send` needs the literal `[Network Link]` placeholder in the message. */
export function checkSend(req: SandboxRequest): Json {
	const data = jsonObject(req);
	requireFields(data, SEND_FIELDS);
	requireText(data, SEND_FIELDS);
	if (!String(data.message).includes('[Network Link]'))
		invalid({ message: 'The message must contain the placeholder [Network Link].' });
	if (!/^[^@\s]+@[^@\s]+$/.test(String(data.recipient_email)))
		invalid({ recipient_email: 'This value is not a valid email address.' });
	return data;
}

export function registerSalesDocuments(router: Router<BexioTenant>): void {
	for (const type of SALES_TYPES) {
		const base = `/2.0/${type.segment}`;
		defineResource(router, {
			path: base,
			collection: type.collection,
			searchFields: type.searchFields,
			orderBy: DOC_ORDER_BY,
			defaults: defaultsOf(type),
			readOnlyFields: READ_ONLY.filter((f) => !type.refusedOnCreate.includes(f)),
			aliases: { pr_project_id: 'project_id' },
			stamp: 'local',
			prepare: (ctx) => prepare(type, ctx),
			present: (record, { single }) => presentDocument(record, single),
			afterWrite: (t, record) => {
				renumber(record);
				recompute(t, record);
			},
			beforeDelete: (t, record) => {
				if (type.segment === 'kb_invoice' && receivedPayments(t, record.id) > 0)
					refused('An invoice with payments cannot be deleted.');
			},
		});
		// PUT on 2.0 document routes answers 422 with an empty form message.
		router.put(`${base}/:id`, () =>
			fail(422, 'The form could not be saved due to the following errors:'),
		);
		router.get(`${base}/:id/pdf`, (req, t) => {
			const doc = loadDocument(t, type, req.params.id);
			const logopaper = req.query.get('logopaper');
			if (logopaper !== null && logopaper !== '0' && logopaper !== '1')
				fail(400, 'logopaper must be 0 or 1');
			const lines = (doc.positions as BexioRecord[])
				.filter((p) => p.text)
				.map((p) => `${String(p.text)}  ${String(p.position_total ?? '')}`);
			return {
				status: 200,
				body: pdfJson(
					`${String(doc.document_nr)}.pdf`,
					`${type.kbClass} ${String(doc.document_nr)}`,
					[...lines, `Total ${String(doc.total)}`],
				),
			};
		});
		router.post(`${base}/:id/copy`, (req, t) => {
			const doc = loadDocument(t, type, req.params.id);
			const data = jsonObject(req);
			requireFields(data, ['contact_id']);
			const header = Object.fromEntries(
				Object.entries(doc).filter(
					([k]) =>
						!READ_ONLY.includes(k) &&
						!['positions', 'id', 'document_nr'].includes(k) &&
						!k.startsWith('_'),
				),
			);
			const { pr_project_id, ...changes } = data;
			const built = buildDocument(t, type, {
				...header,
				api_reference: null,
				...changes,
				...(pr_project_id !== undefined ? { project_id: pr_project_id } : {}),
				is_valid_from: data.is_valid_from ?? today(t),
				...(type.dueField ? { [type.dueField]: undefined } : {}),
			});
			const copy = storeDocument(
				t,
				type,
				built,
				(doc.positions as BexioRecord[]).map((p) => ({ ...p, id: nextCounter(t, 'id:positions') })),
			);
			return { status: 201, body: presentDocument(copy, true) };
		});
		defineResource(router, {
			path: `${base}/:doc/comment`,
			collection: `${type.collection}_comments`,
			parent: { param: 'doc', field: 'document_id', collection: type.collection },
			routes: ['list', 'create', 'show'],
			required: ['text'],
			textFields: ['text'],
			defaults: {
				text: null,
				user_id: null,
				user_email: null,
				user_name: null,
				date: null,
				is_public: false,
				image: null,
				image_path: null,
			},
			prepare: ({ t, data }) => {
				const user = collection(t, 'users').get(Number(data.user_id ?? t.userId));
				if (!user) invalid({ user_id: 'The user does not exist.' });
				return {
					...data,
					user_id: user!.id,
					user_email: data.user_email ?? user!.email,
					user_name: data.user_name ?? `${String(user!.firstname)} ${String(user!.lastname)}`,
					date: nowStamp(t),
				};
			},
			present: (record) => {
				const { document_id: _doc, ...rest } = publicView(record);
				return rest;
			},
		});
		registerPositions(router, type);
	}
}
