import {
	NodeConnectionTypes,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IPollFunctions,
} from 'n8n-workflow';

import { lexofficeClient } from '../Lexoffice/transport';
import { toNodeError } from '../shared/errors';
import { pollLexoffice, type LexofficePollState, type VoucherOptions } from './poll';

const VOUCHER_TYPES = [
	'creditnote',
	'deliverynote',
	'downpaymentinvoice',
	'invoice',
	'orderconfirmation',
	'purchasecreditnote',
	'purchaseinvoice',
	'quotation',
	'salescreditnote',
	'salesinvoice',
];

export class LexofficePollingTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Lexoffice Polling Trigger',
		name: 'lexofficePollingTrigger',
		icon: {
			light: 'file:../Lexoffice/lexoffice.svg',
			dark: 'file:../Lexoffice/lexoffice.dark.svg',
		},
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["watch"]}}',
		description:
			'Starts the workflow for new or changed lexoffice contacts or vouchers by polling, where webhooks cannot reach n8n or as a nightly reconciliation',
		defaults: { name: 'Lexoffice Polling Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'lexofficeApi', required: true }],
		properties: [
			{
				displayName: 'Watch',
				name: 'watch',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Contacts',
						value: 'contacts',
						description: 'New or changed contacts (compares versions of all contacts)',
					},
					{
						name: 'Vouchers',
						value: 'vouchers',
						description: 'New or changed documents in the voucher list',
					},
				],
				default: 'vouchers',
			},
			{
				displayName: 'Voucher Types',
				name: 'voucherTypes',
				type: 'multiOptions',
				options: VOUCHER_TYPES.map((t) => ({ name: t, value: t })),
				default: ['invoice', 'creditnote'],
				displayOptions: { show: { watch: ['vouchers'] } },
				description: 'Which voucher types to watch',
			},
			{
				displayName: 'Voucher Statuses',
				name: 'voucherStatuses',
				type: 'string',
				default: 'any',
				displayOptions: { show: { watch: ['vouchers'] } },
				description: 'Comma-separated statuses (draft, open, paid, paidoff, voided, …) or "any"',
			},
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const watch = this.getNodeParameter('watch') as 'contacts' | 'vouchers';
		const state = this.getWorkflowStaticData('node') as LexofficePollState;
		const manual = this.getMode() === 'manual';
		try {
			const options: VoucherOptions =
				watch === 'vouchers'
					? {
							voucherTypes: this.getNodeParameter('voucherTypes') as string[],
							voucherStatuses: this.getNodeParameter('voucherStatuses') as string,
						}
					: { voucherTypes: [], voucherStatuses: 'any' };
			const items = await pollLexoffice(
				await lexofficeClient.call(this),
				watch,
				state,
				options,
				manual,
			);
			return items.length ? [this.helpers.returnJsonArray(items)] : null;
		} catch (error) {
			throw toNodeError(this.getNode(), error, 0);
		}
	}
}
