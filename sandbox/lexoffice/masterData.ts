import { Router } from '../core/http';
import { formatDateTime } from './dates';
import type { JsonObject } from './json';
import type { LexofficeTenant } from './tenant';

type Classification = 'de' | 'intraCommunity' | 'thirdPartyCountry';

/** [code, English, German, classification]; a representative subset of the ~257 entries. */
const COUNTRY_ROWS: Array<[string, string, string, Classification]> = [
	['DE', 'Germany', 'Deutschland', 'de'],
	['AT', 'Austria', 'Österreich', 'intraCommunity'],
	['BE', 'Belgium', 'Belgien', 'intraCommunity'],
	['BG', 'Bulgaria', 'Bulgarien', 'intraCommunity'],
	['CY', 'Cyprus', 'Zypern', 'intraCommunity'],
	['CZ', 'Czech Republic', 'Tschechien', 'intraCommunity'],
	['DK', 'Denmark', 'Dänemark', 'intraCommunity'],
	['EE', 'Estonia', 'Estland', 'intraCommunity'],
	['ES', 'Spain', 'Spanien', 'intraCommunity'],
	['ES_CN', 'Canary Islands', 'Kanarische Inseln', 'thirdPartyCountry'],
	['FI', 'Finland', 'Finnland', 'intraCommunity'],
	['FR', 'France', 'Frankreich', 'intraCommunity'],
	['GR', 'Greece', 'Griechenland', 'intraCommunity'],
	['GR_69', 'Mount Athos', 'Berg Athos', 'thirdPartyCountry'],
	['HR', 'Croatia', 'Kroatien', 'intraCommunity'],
	['HU', 'Hungary', 'Ungarn', 'intraCommunity'],
	['IE', 'Ireland', 'Irland', 'intraCommunity'],
	['IT', 'Italy', 'Italien', 'intraCommunity'],
	['LT', 'Lithuania', 'Litauen', 'intraCommunity'],
	['LU', 'Luxembourg', 'Luxemburg', 'intraCommunity'],
	['LV', 'Latvia', 'Lettland', 'intraCommunity'],
	['MT', 'Malta', 'Malta', 'intraCommunity'],
	['NL', 'Netherlands', 'Niederlande', 'intraCommunity'],
	['PL', 'Poland', 'Polen', 'intraCommunity'],
	['PT', 'Portugal', 'Portugal', 'intraCommunity'],
	['RO', 'Romania', 'Rumänien', 'intraCommunity'],
	['SE', 'Sweden', 'Schweden', 'intraCommunity'],
	['SI', 'Slovenia', 'Slowenien', 'intraCommunity'],
	['SK', 'Slovakia', 'Slowakei', 'intraCommunity'],
	['XI', 'Northern Ireland', 'Nordirland', 'intraCommunity'],
	['AU', 'Australia', 'Australien', 'thirdPartyCountry'],
	['BR', 'Brazil', 'Brasilien', 'thirdPartyCountry'],
	['CA', 'Canada', 'Kanada', 'thirdPartyCountry'],
	['CH', 'Switzerland', 'Schweiz', 'thirdPartyCountry'],
	['CN', 'China', 'China', 'thirdPartyCountry'],
	['GB', 'United Kingdom', 'Vereinigtes Königreich', 'thirdPartyCountry'],
	['IN', 'India', 'Indien', 'thirdPartyCountry'],
	['IS', 'Iceland', 'Island', 'thirdPartyCountry'],
	['JP', 'Japan', 'Japan', 'thirdPartyCountry'],
	['LI', 'Liechtenstein', 'Liechtenstein', 'thirdPartyCountry'],
	['MC', 'Monaco', 'Monaco', 'thirdPartyCountry'],
	['NO', 'Norway', 'Norwegen', 'thirdPartyCountry'],
	['NZ', 'New Zealand', 'Neuseeland', 'thirdPartyCountry'],
	['RS', 'Serbia', 'Serbien', 'thirdPartyCountry'],
	['TR', 'Turkey', 'Türkei', 'thirdPartyCountry'],
	['UA', 'Ukraine', 'Ukraine', 'thirdPartyCountry'],
	['US', 'United States', 'Vereinigte Staaten von Amerika', 'thirdPartyCountry'],
	['ZA', 'South Africa', 'Südafrika', 'thirdPartyCountry'],
];

export const COUNTRY_CODES = new Set(COUNTRY_ROWS.map((r) => r[0]));

const COUNTRIES = COUNTRY_ROWS.map(
	([countryCode, countryNameEN, countryNameDE, taxClassification]) => ({
		countryCode,
		countryNameEN,
		countryNameDE,
		taxClassification,
	}),
);

export interface PostingCategory {
	id: string;
	name: string;
	type: 'income' | 'outgo';
	contactRequired: boolean;
	splitAllowed: boolean;
	groupName: string;
}

const cat = (
	id: string,
	name: string,
	type: 'income' | 'outgo',
	groupName: string,
	contactRequired = false,
	splitAllowed = true,
): PostingCategory => ({ id, name, type, contactRequired, splitAllowed, groupName });

/** Includes every category id the docs and the official examples mention. */
export const POSTING_CATEGORIES: PostingCategory[] = [
	cat('8f8664a8-fd86-11e1-a21f-0800200c9a66', 'Warenverkäufe', 'income', 'Einnahmen'),
	cat('8f8664a0-fd86-11e1-a21f-0800200c9a66', 'Dienstleistung', 'income', 'Einnahmen'),
	cat('8f8664a1-fd86-11e1-a21f-0800200c9a66', 'Einnahmen', 'income', 'Einnahmen'),
	cat('4f01e761-d912-441f-ad1a-1c1d2d590a81', 'Sonstige Einnahmen', 'income', 'Einnahmen'),
	cat(
		'9075a4e3-66de-4795-a016-3889feca0d20',
		'Innergemeinschaftliche Lieferung',
		'income',
		'Einnahmen',
		true,
		false,
	),
	cat(
		'380a20cb-d04c-426e-b49c-84c22adfa362',
		'Fremdleistungen §13b',
		'income',
		'Einnahmen',
		true,
		false,
	),
	cat(
		'93d24c20-ea84-424e-a731-5e1b78d1e6a9',
		'Ausfuhrlieferungen',
		'income',
		'Einnahmen',
		false,
		false,
	),
	cat(
		'ef5b1a6e-f690-4004-9a19-91276348894f',
		'Dienstleistungen Drittländer',
		'income',
		'Einnahmen',
		false,
		false,
	),
	cat(
		'f5c7fee8-f184-4e7a-ab04-8f7e7ad6c207',
		'Einnahmen als Kleinunternehmer',
		'income',
		'Einnahmen',
		false,
		false,
	),
	cat('7c112b66-0565-479c-bc18-5845e080880a', 'Fernverkauf', 'income', 'Einnahmen', false, false),
	cat(
		'd73b880f-c24a-41ea-a862-18d90e1c3d82',
		'Elektronische Dienstleistungen',
		'income',
		'Einnahmen',
		false,
		false,
	),
	cat(
		'4ebd965a-7126-416c-9d8c-a5c9366ee473',
		'Fernverkauf in EU-Land steuerpflichtig',
		'income',
		'Einnahmen',
		false,
		false,
	),
	cat(
		'7ecea006-844c-4c98-a02d-aa3142640dd5',
		'Elektronische Dienstleistung in EU-Land steuerpflichtig',
		'income',
		'Einnahmen',
		false,
		false,
	),
	cat('16d04a28-fd91-11e1-a21f-0800200c9a66', 'Wareneingang', 'outgo', 'Waren, Rohstoffe'),
	cat('16d04a29-fd91-11e1-a21f-0800200c9a66', 'Bürobedarf', 'outgo', 'Büro'),
	cat('16d04a2a-fd91-11e1-a21f-0800200c9a66', 'Telekommunikation', 'outgo', 'Büro'),
	cat('16d04a2b-fd91-11e1-a21f-0800200c9a66', 'Miete', 'outgo', 'Raumkosten'),
	cat('cf03a2b0-f838-474f-ac5e-67adb9b830c7', 'Reise MA', 'outgo', 'Reisen'),
	cat('3620798f-ae06-4492-b775-1c87eb99247c', 'Fahrtkosten MA', 'outgo', 'Reisen'),
];

export const POSTING_CATEGORY_BY_ID = new Map(POSTING_CATEGORIES.map((c) => [c.id, c]));

export interface PaymentCondition {
	id: string;
	organizationDefault: boolean;
	paymentTermLabelTemplate: string;
	paymentTermDuration: number;
	paymentDiscountConditions?: { discountPercentage: number; discountRange: number };
}

export const PAYMENT_CONDITIONS: PaymentCondition[] = [
	{
		id: '65be0654-60b6-11eb-b66d-5731dbc9bf6b',
		organizationDefault: false,
		paymentTermDuration: 14,
		paymentTermLabelTemplate: 'Zahlbar in {paymentRange} Tagen, rein netto ohne Abzug',
	},
	{
		id: '3fcc62d1-0925-456d-890b-779b56e7289e',
		organizationDefault: true,
		paymentDiscountConditions: { discountPercentage: 3, discountRange: 10 },
		paymentTermDuration: 30,
		paymentTermLabelTemplate: '{discountRange} Tage -{discount}, {paymentRange} Tage netto',
	},
];

/** Organization default applied when a voucher omits paymentConditions. */
export function defaultPaymentConditions(): JsonObject {
	return {
		paymentTermLabel: '10 Tage - 3 %, 30 Tage netto',
		paymentTermLabelTemplate: '{discountRange} Tage -{discount}, {paymentRange} Tage netto',
		paymentTermDuration: 30,
		paymentDiscountConditions: { discountPercentage: 3, discountRange: 10 },
	};
}

export const PRINT_LAYOUTS = [
	{ id: '0dda299a-b5db-11ee-93dd-1755da51b5dc', name: 'Standard', default: true },
	{ id: '1ecf228c-b5db-11ee-bdaa-bbbd077b15cd', name: 'Alternate layout', default: false },
];

function profile(tenant: LexofficeTenant): JsonObject {
	return {
		organizationId: tenant.organizationId,
		companyName: tenant.companyName,
		created: {
			userId: tenant.connectionId.replace(/^.{8}/, '1aea5501'),
			userName: 'Frau Erika Musterfrau',
			userEmail: 'erika.musterfrau@sandbox.example',
			date: formatDateTime(tenant.createdDate),
		},
		connectionId: tenant.connectionId,
		features: ['cashbox'],
		businessFeatures: ['INVOICING', 'INVOICING_PRO', 'BOOKKEEPING'],
		subscriptionStatus: 'active',
		taxType: 'net',
		smallBusiness: false,
	};
}

/** Master data answer bare arrays without paging. */
export function registerMasterData(router: Router<LexofficeTenant>): void {
	router.get('/v1/countries', () => ({ status: 200, body: COUNTRIES }));
	router.get('/v1/payment-conditions', () => ({ status: 200, body: PAYMENT_CONDITIONS }));
	router.get('/v1/posting-categories', () => ({ status: 200, body: POSTING_CATEGORIES }));
	router.get('/v1/print-layouts', () => ({ status: 200, body: PRINT_LAYOUTS }));
	router.get('/v1/profile', (_req, tenant) => ({ status: 200, body: profile(tenant) }));
}
