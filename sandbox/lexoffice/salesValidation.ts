import { DAY, formatDateTime, parseDateTime } from './dates';
import { violation, type Violation } from './errors';
import {
	asArray,
	asNumber,
	asObject,
	asString,
	compact,
	isBlank,
	type Json,
	type JsonObject,
} from './json';
import { COUNTRY_CODES, PRINT_LAYOUTS, defaultPaymentConditions } from './masterData';
import { computeDocument } from './salesTotals';
import type { ContactRecord, LexofficeTenant, SalesKind, SalesVoucherRecord } from './tenant';
import { contactDisplayName } from './contacts';
import { KINDS } from './salesModel';

export const TAX_TYPES = [
	'net',
	'gross',
	'vatfree',
	'intraCommunitySupply',
	'constructionService13b',
	'externalService13b',
	'thirdPartyCountryService',
	'thirdPartyCountryDelivery',
	'photovoltaicEquipment',
];
const SHIPPING_TYPES = ['service', 'serviceperiod', 'delivery', 'deliveryperiod', 'none'];
const LINE_TYPES = ['custom', 'material', 'service', 'text'];
const COVID_START = Date.UTC(2020, 6, 1) - 2 * 3_600_000;
const COVID_END = Date.UTC(2021, 0, 1) - 3_600_000;

/** What a valid create body turns into before numbering and storage. */
export interface BuiltSales {
	voucherDate: number;
	dueDate: number | null;
	contactId: string | null;
	contactName: string;
	totalGross: number;
	xRechnung: boolean;
	doc: JsonObject;
}

function maxLength(details: Violation[], field: string, value: unknown, max: number): void {
	if (typeof value === 'string' && value.length > max) {
		details.push(violation(field, 'SIZE', `Größe muss zwischen 0 und ${max} sein`));
	}
}

function dateTimeField(
	details: Violation[],
	field: string,
	value: unknown,
	required: boolean,
): number | undefined {
	if (value === undefined || value === null) {
		if (required) details.push(violation(field, 'NOTNULL'));
		return undefined;
	}
	const ms = parseDateTime(value);
	// Only `yyyy-MM-dd'T'HH:mm:ss.SSSXXX` is accepted.
	if (ms === undefined) details.push(violation(field, 'INVALID_FORMAT'));
	return ms;
}

/** Valid rates depend on the relevant date: 5/16 % only in Jul–Dec 2020. */
function allowedRates(relevantDate: number | undefined): Set<number> {
	if (relevantDate !== undefined && relevantDate >= COVID_START && relevantDate < COVID_END)
		return new Set([0, 5, 16]);
	return new Set([0, 7, 19]);
}

function firstAddress(
	contact: ContactRecord,
	kind: 'billing' | 'shipping',
): JsonObject | undefined {
	return asObject(asArray(asObject(contact.body.addresses)?.[kind])?.[0]);
}

function buildAddress(
	tenant: LexofficeTenant,
	kind: SalesKind,
	address: JsonObject | undefined,
	details: Violation[],
): { address?: JsonObject; contact?: ContactRecord } {
	if (!address) {
		details.push(violation('address', 'NOTNULL'));
		return {};
	}
	const contactId = asString(address.contactId);
	const overrides: Record<string, Json | undefined> = {
		name: asString(address.name),
		supplement: asString(address.supplement),
		street: asString(address.street),
		city: asString(address.city),
		zip: asString(address.zip),
		countryCode: asString(address.countryCode),
	};
	if (contactId) {
		const contact = tenant.contacts.get(contactId);
		if (!contact) {
			details.push(violation('address.contactId', 'NOTFOUND', 'Kontakt nicht gefunden'));
			return {};
		}
		// Sales voucher recipients need the customer role.
		if (contact.customerNumber === null)
			details.push(violation('address.contactId', 'INVALID_VALUE', 'Kontakt ist kein Kunde'));
		const stored =
			(kind === 'delivery-note' ? firstAddress(contact, 'shipping') : undefined) ??
			firstAddress(contact, 'billing') ??
			{};
		const merged: Record<string, Json | undefined> = {
			contactId,
			name: contactDisplayName(contact),
			supplement: asString(stored.supplement),
			street: asString(stored.street),
			city: asString(stored.city),
			zip: asString(stored.zip),
			countryCode: asString(stored.countryCode) ?? 'DE',
		};
		for (const [k, v] of Object.entries(overrides)) if (v !== undefined) merged[k] = v;
		return { address: compact(merged), contact };
	}
	// One-time address: at least name and countryCode.
	if (isBlank(address.name)) details.push(violation('address.name', 'NOTBLANK'));
	const code = overrides.countryCode;
	if (code === undefined) details.push(violation('address.countryCode', 'NOTNULL'));
	else if (!COUNTRY_CODES.has(code as string)) {
		details.push(
			violation(
				'address.countryCode',
				'INVALID_VALUE',
				`erlaubt: ${[...COUNTRY_CODES].join(', ')}`,
			),
		);
	}
	return { address: compact(overrides) };
}

function validateLineItems(
	kind: SalesKind,
	items: Json[],
	taxType: string | undefined,
	vatFree: boolean,
	rates: Set<number> | undefined,
	tenant: LexofficeTenant,
	details: Violation[],
	prefix = 'lineItems',
	isSub = false,
): void {
	items.forEach((raw, i) => {
		const f = `${prefix}[${i}]`;
		const item = asObject(raw);
		if (!item) {
			details.push(violation(f, 'NOTNULL'));
			return;
		}
		const type = asString(item.type);
		if (!type) details.push(violation(`${f}.type`, 'NOTNULL'));
		else if (!LINE_TYPES.includes(type)) details.push(violation(`${f}.type`, 'INVALID_VALUE'));
		maxLength(details, `${f}.name`, item.name, 255);
		maxLength(details, `${f}.description`, item.description, 2000);
		if (type === 'text') {
			if (isBlank(item.name) && isBlank(item.description))
				details.push(violation(`${f}.name`, 'NOTBLANK'));
			return;
		}
		if (isBlank(item.name)) details.push(violation(`${f}.name`, 'NOTBLANK'));
		if ((type === 'material' || type === 'service') && isBlank(item.id))
			details.push(violation(`${f}.id`, 'NOTNULL'));
		else if (
			(type === 'material' || type === 'service') &&
			!tenant.articles.has(item.id as string)
		) {
			details.push(violation(`${f}.id`, 'NOTFOUND', 'Artikel nicht gefunden'));
		}
		if (asNumber(item.quantity) === undefined) details.push(violation(`${f}.quantity`, 'NOTNULL'));
		if (isBlank(item.unitName)) details.push(violation(`${f}.unitName`, 'NOTBLANK'));
		const discount = item.discountPercentage;
		if (
			discount !== undefined &&
			discount !== null &&
			!(typeof discount === 'number' && discount >= 0 && discount <= 100)
		) {
			details.push(violation(`${f}.discountPercentage`, 'INVALID_VALUE'));
		}
		const price = asObject(item.unitPrice);
		if (!price) {
			// Delivery notes may omit prices.
			if (kind !== 'delivery-note') details.push(violation(`${f}.unitPrice`, 'NOTNULL'));
		} else {
			if (isBlank(price.currency)) details.push(violation(`${f}.unitPrice.currency`, 'NOTNULL'));
			else if (price.currency !== 'EUR')
				details.push(violation(`${f}.unitPrice.currency`, 'INVALID_VALUE'));
			const rate = asNumber(price.taxRatePercentage);
			if (rate === undefined)
				details.push(violation(`${f}.unitPrice.taxRatePercentage`, 'NOTNULL'));
			else if (vatFree && rate !== 0)
				details.push(violation(`${f}.unitPrice.taxRatePercentage`, 'INVALID_VALUE', 'muss 0 sein'));
			else if (rates && !rates.has(rate))
				details.push(violation(`${f}.unitPrice.taxRatePercentage`, 'INVALID_VALUE'));
			const side = taxType === 'gross' ? 'grossAmount' : 'netAmount';
			if (asNumber(price[side]) === undefined)
				details.push(violation(`${f}.unitPrice.${side}`, 'NOTNULL'));
		}
		if (kind === 'quotation') {
			// Sub items are alternative positions only; `optional` is not valid on them.
			if (isSub && item.alternative !== true)
				details.push(violation(`${f}.alternative`, 'INVALID_VALUE'));
			if (isSub && item.optional === true)
				details.push(violation(`${f}.optional`, 'INVALID_VALUE'));
			const subs = asArray(item.subItems);
			if (subs && !isSub)
				validateLineItems(
					kind,
					subs,
					taxType,
					vatFree,
					rates,
					tenant,
					details,
					`${f}.subItems`,
					true,
				);
		}
	});
}

function validateShipping(details: Violation[], raw: JsonObject): JsonObject | undefined {
	const type = asString(raw.shippingType);
	if (!type) {
		details.push(violation('shippingConditions.shippingType', 'NOTNULL'));
		return undefined;
	}
	if (!SHIPPING_TYPES.includes(type)) {
		details.push(violation('shippingConditions.shippingType', 'INVALID_VALUE'));
		return undefined;
	}
	if (type === 'none') return { shippingType: 'none' };
	const start = dateTimeField(details, 'shippingConditions.shippingDate', raw.shippingDate, true);
	const period = type.endsWith('period');
	const end = dateTimeField(
		details,
		'shippingConditions.shippingEndDate',
		raw.shippingEndDate,
		period,
	);
	if (start !== undefined && end !== undefined && end < start) {
		details.push(
			violation(
				'shippingConditions.shippingEndDate',
				'INVALID_VALUE',
				'darf nicht vor shippingDate liegen',
			),
		);
	}
	return compact({
		shippingDate: start !== undefined ? formatDateTime(start) : undefined,
		shippingEndDate: period && end !== undefined ? formatDateTime(end) : undefined,
		shippingType: type,
	});
}

/**
 * Validates a create body for a sales voucher type and computes the stored document.
 * `preceding` is the pursued voucher (already checked for the allowed pair).
 */
export function buildSales(
	tenant: LexofficeTenant,
	kind: SalesKind,
	body: JsonObject,
	preceding: SalesVoucherRecord | undefined,
	finalize: boolean,
): { details: Violation[]; built?: BuiltSales } {
	const details: Violation[] = [];
	const voucherDate = dateTimeField(details, 'voucherDate', body.voucherDate, true);
	let addressIn = asObject(body.address);
	if (kind === 'dunning' && preceding) {
		// The dunning's recipient name is taken from the invoice.
		const invoiceAddress = asObject(preceding.doc.address) ?? {};
		addressIn = { ...(addressIn ?? {}), name: invoiceAddress.name ?? null };
		if (addressIn.name === null) delete addressIn.name;
		const wanted = asString(addressIn.contactId);
		if (wanted && wanted !== preceding.contactId)
			details.push(
				violation(
					'address.contactId',
					'INVALID_VALUE',
					'muss dem Kontakt der Rechnung entsprechen',
				),
			);
		if (!wanted && preceding.contactId) addressIn.contactId = preceding.contactId;
	}
	const { address, contact } = buildAddress(tenant, kind, addressIn, details);
	const taxConditions = asObject(body.taxConditions);
	const taxType = asString(taxConditions?.taxType);
	if (!taxConditions) details.push(violation('taxConditions', 'NOTNULL'));
	else if (!taxType) details.push(violation('taxConditions.taxType', 'NOTNULL'));
	else if (!TAX_TYPES.includes(taxType))
		details.push(violation('taxConditions.taxType', 'INVALID_VALUE'));
	const vatFree = taxType !== undefined && taxType !== 'net' && taxType !== 'gross';
	// Vat-free types other than `vatfree` need a referenced contact.
	if (vatFree && taxType !== 'vatfree' && !contact)
		details.push(violation('address.contactId', 'NOTNULL'));
	if (
		kind === 'dunning' &&
		preceding &&
		taxType &&
		preceding.doc.taxConditions &&
		asObject(preceding.doc.taxConditions)?.taxType !== taxType
	) {
		details.push(
			violation(
				'taxConditions.taxType',
				'INVALID_VALUE',
				'muss den Steuerbedingungen der Rechnung entsprechen',
			),
		);
	}
	const taxSubType = asString(taxConditions?.taxSubType);
	if (
		taxSubType !== undefined &&
		taxSubType !== 'distanceSales' &&
		taxSubType !== 'electronicServices'
	) {
		details.push(violation('taxConditions.taxSubType', 'INVALID_VALUE'));
	}

	let shippingConditions: JsonObject | undefined;
	const shippingRaw = asObject(body.shippingConditions);
	const shipping =
		kind === 'invoice' ||
		kind === 'order-confirmation' ||
		kind === 'delivery-note' ||
		kind === 'dunning';
	if (shipping && shippingRaw) shippingConditions = validateShipping(details, shippingRaw);
	else if (kind === 'dunning' && preceding)
		shippingConditions = asObject(preceding.doc.shippingConditions);
	else if (kind === 'invoice' || kind === 'order-confirmation') {
		details.push(
			violation('shippingConditions', 'NOTNULL', 'The shipping conditions must not be null'),
		);
	}
	const relevant = parseDateTime(shippingConditions?.shippingDate) ?? voucherDate;
	const rates = taxSubType ? undefined : allowedRates(relevant);

	const items = asArray(body.lineItems);
	if (!items || items.length === 0) details.push(violation('lineItems', 'NOTEMPTY'));
	else if (items.length > 300)
		details.push(violation('lineItems', 'SIZE', 'Größe muss zwischen 1 und 300 sein'));
	else validateLineItems(kind, items, taxType, vatFree, rates, tenant, details);

	const totalPriceIn = asObject(body.totalPrice);
	if (kind !== 'delivery-note') {
		if (!totalPriceIn) details.push(violation('totalPrice', 'NOTNULL'));
		else if (isBlank(totalPriceIn.currency))
			details.push(violation('totalPrice.currency', 'NOTNULL'));
		else if (totalPriceIn.currency !== 'EUR')
			details.push(violation('totalPrice.currency', 'INVALID_VALUE'));
	}
	const expiration =
		kind === 'quotation'
			? dateTimeField(details, 'expirationDate', body.expirationDate, true)
			: undefined;
	maxLength(details, 'title', body.title, 25);
	maxLength(details, 'introduction', body.introduction, 2000);
	maxLength(details, 'remark', body.remark, 2000);
	maxLength(details, 'deliveryTerms', body.deliveryTerms, 255);
	const language = body.language ?? 'de';
	if (language !== 'de' && language !== 'en') details.push(violation('language', 'INVALID_VALUE'));
	const printLayoutId = asString(body.printLayoutId);
	if (printLayoutId && !PRINT_LAYOUTS.some((p) => p.id === printLayoutId))
		details.push(violation('printLayoutId', 'INVALID_VALUE'));

	let xRechnung = false;
	if (kind === 'invoice') {
		const contactRef = asString(asObject(contact?.body.xRechnung)?.buyerReference);
		const override = asObject(body.xRechnung);
		const wanted =
			override && 'buyerReference' in override ? asString(override.buyerReference) : undefined;
		// An explicit empty buyerReference forces a standard invoice for an XRechnung contact.
		if (wanted && !contactRef)
			details.push(
				violation('xRechnung.buyerReference', 'INVALID_VALUE', 'Kontakt hat keine Leitweg-ID'),
			);
		xRechnung = wanted !== undefined ? wanted !== '' && !!contactRef : !!contactRef;
		if (xRechnung && taxType !== 'net')
			details.push(violation('taxConditions.taxType', 'INVALID_VALUE', 'XRechnung erfordert net'));
	}
	if (details.length > 0 || voucherDate === undefined || !address || !items || !taxType)
		return { details };

	const computed = computeDocument(
		items.map((i) => asObject(i) ?? {}),
		{ kind, taxType, totalPrice: totalPriceIn },
	);
	const paymentKinds: SalesKind[] = ['invoice', 'order-confirmation', 'quotation'];
	const paymentIn = asObject(body.paymentConditions);
	let payment: JsonObject | undefined;
	if (paymentKinds.includes(kind)) {
		// Omitted → organization default; the label template is read-only.
		payment = paymentIn ? { ...paymentIn } : defaultPaymentConditions();
		if (paymentIn && !asString(paymentIn.paymentTermLabelTemplate)) {
			const fallback = defaultPaymentConditions();
			payment.paymentTermLabelTemplate =
				paymentIn.paymentTermLabel === fallback.paymentTermLabel
					? fallback.paymentTermLabelTemplate
					: (paymentIn.paymentTermLabel ?? null);
		}
	}
	const cfg = KINDS[kind];
	const doc = compact({
		language: language as string,
		address,
		xRechnung:
			kind === 'invoice' && xRechnung
				? { buyerReference: asString(asObject(contact?.body.xRechnung)?.buyerReference) ?? '' }
				: undefined,
		lineItems: computed.lineItems,
		totalPrice: computed.totalPrice,
		taxAmounts: computed.taxAmounts,
		taxConditions: compact({
			taxType,
			taxSubType,
			taxTypeNote: asString(taxConditions?.taxTypeNote),
		}),
		paymentConditions: payment,
		shippingConditions,
		title: asString(body.title) ?? cfg.title,
		introduction: asString(body.introduction),
		remark: asString(body.remark),
		deliveryTerms:
			kind === 'order-confirmation' || kind === 'delivery-note'
				? asString(body.deliveryTerms)
				: undefined,
		expirationDate: expiration !== undefined ? formatDateTime(expiration) : undefined,
		printLayoutId,
		// Every live invoice says whether it closes down payments; one created here never does.
		closingInvoice: kind === 'invoice' ? false : undefined,
	});
	// Due date derives from the payment term; drafts have none.
	const duration = asNumber(payment?.paymentTermDuration) ?? 0;
	const dueDate = kind === 'invoice' && finalize ? voucherDate + duration * DAY : null;
	return {
		details,
		built: {
			voucherDate,
			dueDate,
			contactId: contact?.id ?? null,
			contactName: asString(address.name) ?? '',
			totalGross: computed.totalGross,
			xRechnung,
			doc,
		},
	};
}
