import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { lookupMasterData } from '../../../temporal/client';
import { connectionRef } from '../../../temporal/jobInput';
import type { MasterDataList, MasterDataRecord } from '../../../temporal/shared';
import { taxLabel } from '../../Bexio/actions/pickers';
import { askWorker } from './connectionOptions';

/**
 * Dropdowns of bexio master data for the fields that name one (accounts, taxes, currencies): the Jobs
 * node holds no bexio token, so the worker reads the list through the job's bexio connection.
 */

/** The job's bexio connection as the node is filled in so far; empty means bexio-default. */
function bexioConnectionId(this: ILoadOptionsFunctions): string {
	const param = (name: string) => {
		try {
			return String(this.getCurrentNodeParameter(name) ?? '').trim();
		} catch {
			return '';
		}
	};
	const direction = param('direction');
	const fromDirection =
		direction === 'lexofficeToBexio'
			? param('targetConnection')
			: direction === 'bexioToLexoffice'
				? param('sourceConnection')
				: '';
	return param('bexioConnection') || param('reconcileBexioConnection') || fromDirection;
}

async function records(
	this: ILoadOptionsFunctions,
	list: MasterDataList,
): Promise<MasterDataRecord[]> {
	const connection = connectionRef('bexio', bexioConnectionId.call(this));
	return askWorker(this, (client, taskQueue) =>
		lookupMasterData(client, taskQueue, { connection, list }),
	);
}

const text = (v: unknown) => (v === undefined || v === null ? '' : String(v));
const active = (r: MasterDataRecord) => r.is_active !== false;

export const loadMasterDataOptions = {
	/** Accounts by number (the value the jobs take), active ones. */
	async getBexioAccounts(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		return (await records.call(this, 'accounts')).filter(active).map((r) => ({
			name: `${text(r.account_no)} ${text(r.name)}`.trim(),
			value: text(r.account_no),
		}));
	},
	/** Active sales taxes by code (the voucher booking's tax codes). */
	async getBexioSalesTaxCodes(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		return (await records.call(this, 'taxes'))
			.filter((r) => active(r) && r.type === 'sales_tax')
			.map((r) => ({ name: taxLabel(r), value: text(r.code) }));
	},
	/** Active sales taxes by ID (invoice draft positions), after "none". */
	async getBexioSalesTaxIds(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		const taxes = (await records.call(this, 'taxes'))
			.filter((r) => active(r) && r.type === 'sales_tax')
			.map((r) => ({ name: taxLabel(r), value: Number(r.id) }));
		return [{ name: 'None', value: 0, description: 'Positions without tax' }, ...taxes];
	},
	/** Currencies by ISO code. */
	async getBexioCurrencyCodes(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		return (await records.call(this, 'currencies')).map((r) => ({
			name: text(r.name),
			value: text(r.name),
		}));
	},
};
