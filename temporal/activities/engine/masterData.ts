import { BEXIO_MAX_PAGE_SIZE } from '../../../clients/defaults';
import type { ConnectionRef } from '../../shared';
import type { BexioClient } from './clients';

/** Lookup data that changes rarely (countries, the token's user), cached per connection for the process. */
export class MasterDataCache {
	private readonly values = new Map<string, Promise<unknown>>();

	get<T>(key: string, load: () => Promise<T>): Promise<T> {
		let value = this.values.get(key) as Promise<T> | undefined;
		if (!value) {
			value = load();
			this.values.set(key, value);
			// A failed load is not cached: the next attempt reads again.
			value.catch(() => this.values.delete(key));
		}
		return value;
	}
}

export function bexioCountries(
	bexio: BexioClient,
	cache: MasterDataCache,
	ref: ConnectionRef,
): () => Promise<Countries> {
	return () =>
		cache.get(`countries:${ref.system}:${ref.id}`, async () => {
			const isoById = new Map<number, string>();
			const idByIso = new Map<string, number>();
			for await (const c of bexio.items('country.getAll', {}, { pageSize: BEXIO_MAX_PAGE_SIZE })) {
				// Reads carry the code as `iso_3166_alpha2`; `iso3166_alpha2` is only the name it is written with.
				const iso = (c.iso_3166_alpha2 ?? c.name_short ?? '').toUpperCase();
				if (!iso) continue;
				isoById.set(c.id, iso);
				if (!idByIso.has(iso)) idByIso.set(iso, c.id);
			}
			return { isoById, idByIso };
		});
}

/** bexio requires `user_id` and `owner_id` on contacts: the token's own user. */
export function bexioMe(
	bexio: BexioClient,
	cache: MasterDataCache,
	ref: ConnectionRef,
): () => Promise<number> {
	return () =>
		cache.get(
			`me:${ref.system}:${ref.id}`,
			async () => ((await bexio.call('user.getMe')) as { id: number }).id,
		);
}

export interface Countries {
	isoById: Map<number, string>;
	idByIso: Map<string, number>;
}

export interface BexioMasterData {
	/** Sales taxes: id → rate (all), and rate → id (active ones, first wins). */
	rateByTaxId: Map<number, number>;
	taxIdByRate: Map<number, number>;
	unitNameById: Map<number, string>;
	unitIdByName: Map<string, number>;
	/** Currencies: ISO code (upper case) → id and rounding step, and id → ISO code. */
	currencies: Map<string, { id: number; roundFactor: number }>;
	currencyCodeById: Map<number, string>;
}

/** Sales taxes and units of a bexio account, read once per connection and process. */
export function bexioMasterData(
	bexio: BexioClient,
	cache: MasterDataCache,
	ref: ConnectionRef,
): () => Promise<BexioMasterData> {
	return () =>
		cache.get(`articles:${ref.system}:${ref.id}`, async () => {
			const rateByTaxId = new Map<number, number>();
			const taxIdByRate = new Map<number, number>();
			for await (const t of bexio.items(
				'tax.getAll',
				{ query: { types: 'sales_tax' } },
				{ pageSize: BEXIO_MAX_PAGE_SIZE },
			)) {
				const tax = t as { id: number; value?: string | number; is_active?: boolean };
				const rate = Number(tax.value);
				if (!Number.isFinite(rate)) continue;
				rateByTaxId.set(tax.id, rate);
				// New articles may only reference active taxes.
				if (tax.is_active !== false && !taxIdByRate.has(rate)) taxIdByRate.set(rate, tax.id);
			}
			const unitNameById = new Map<number, string>();
			const unitIdByName = new Map<string, number>();
			for await (const u of bexio.items('unit.getAll', {}, { pageSize: BEXIO_MAX_PAGE_SIZE })) {
				const unit = u as { id: number; name: string };
				unitNameById.set(unit.id, unit.name);
				if (!unitIdByName.has(unit.name.trim().toLowerCase()))
					unitIdByName.set(unit.name.trim().toLowerCase(), unit.id);
			}
			const currencies = new Map<string, { id: number; roundFactor: number }>();
			const currencyCodeById = new Map<number, string>();
			for (const c of (await bexio.list('currency.getAll', {}, { returnAll: true })) as Array<{
				id: number;
				name: string;
				round_factor?: number | string | null;
			}>) {
				const code = c.name.trim().toUpperCase();
				currencies.set(code, { id: c.id, roundFactor: Number(c.round_factor ?? 0.01) || 0.01 });
				currencyCodeById.set(c.id, code);
			}
			return { rateByTaxId, taxIdByRate, unitNameById, unitIdByName, currencies, currencyCodeById };
		});
}

/**
 * Whether the account numbers invoices by hand: the `KbInvoice` row of the document settings
 * (`GET /2.0/kb_item_setting`, `use_automatic_enumeration`). bexio takes a `document_nr` on create only when
 * automatic numbering is off, and then requires it (https://docs.bexio.com/#tag/Invoices).
 */
export function bexioManualInvoiceNumbering(
	bexio: BexioClient,
	cache: MasterDataCache,
	ref: ConnectionRef,
): () => Promise<boolean> {
	return () =>
		cache.get(`invoiceNumbering:${ref.system}:${ref.id}`, async () => {
			const settings = (await bexio.list(
				'documentSetting.getAll',
				{},
				{ returnAll: true },
			)) as Array<{
				kb_item_class?: string;
				use_automatic_enumeration?: boolean;
			}>;
			const invoice = settings.find((s) => s.kb_item_class === 'KbInvoice');
			return invoice?.use_automatic_enumeration === false;
		});
}
