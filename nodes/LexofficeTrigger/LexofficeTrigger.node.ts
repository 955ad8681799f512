import {
	NodeApiError,
	NodeConnectionTypes,
	NodeOperationError,
	type IDataObject,
	type IHookFunctions,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
	type JsonObject,
} from 'n8n-workflow';

import { ApiError } from '../../clients/http/errors';
import { lexofficeClient } from '../Lexoffice/transport';
import { toNodeError } from '../shared/errors';
import { EVENT_OPTIONS, getOperationFor } from './events';
import { OFFICIAL_PUBLIC_KEY_URL, RecentDeliveries, isValidSignature, publicKeyFrom } from './signature';

interface SubscriptionState {
	subscriptions?: Array<{ id: string; eventType: string }>;
	callbackUrl?: string;
}

interface EventPayload {
	organizationId?: string;
	eventType?: string;
	resourceId?: string;
	eventDate?: string;
}

const recent = new RecentDeliveries();

export class LexofficeTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Lexoffice Trigger',
		name: 'lexofficeTrigger',
		icon: { light: 'file:../Lexoffice/lexoffice.svg', dark: 'file:../Lexoffice/lexoffice.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["events"].join(", ")}}',
		description: 'Starts the workflow when lexoffice (Lexware Office) sends a signed event',
		defaults: { name: 'Lexoffice Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'lexofficeApi', required: true }],
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' }],
		properties: [
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				required: true,
				default: [],
				options: EVENT_OPTIONS,
				description: 'The events to listen to. One lexoffice event subscription is registered per event.',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Fetch Full Resource',
						name: 'fetchResource',
						type: 'boolean',
						default: false,
						description:
							'Whether to read the record the event is about, so items carry the full object (events themselves carry only its ID). Not done for deletions.',
					},
					{
						displayName: 'Signature Public Key URL',
						name: 'publicKeyUrl',
						type: 'string',
						default: OFFICIAL_PUBLIC_KEY_URL,
						description: 'Where the key that signs deliveries is published. Change only for the local simulator.',
					},
				],
			},
		],
	};

	webhookMethods = {
		default: {
			/** True when every selected event has a live subscription to this webhook URL. */
			async checkExists(this: IHookFunctions): Promise<boolean> {
				const state = this.getWorkflowStaticData('node') as SubscriptionState;
				const url = this.getNodeWebhookUrl('default') as string;
				const events = (this.getNodeParameter('events') as string[]).slice().sort();
				const known = state.subscriptions ?? [];
				if (state.callbackUrl !== url || known.map((s) => s.eventType).sort().join() !== events.join()) return false;
				const client = await lexofficeClient.call(this);
				for (const subscription of known) {
					try {
						await client.call('eventSubscription.get', { path: { subscriptionId: subscription.id } });
					} catch (error) {
						// lexoffice deletes subscriptions itself after failed deliveries (reference 6.2).
						if (error instanceof ApiError && error.kind === 'notFound') {
							delete state.subscriptions;
							delete state.callbackUrl;
							return false;
						}
						throw toNodeError(this.getNode(), error, 0);
					}
				}
				return true;
			},

			async create(this: IHookFunctions): Promise<boolean> {
				const state = this.getWorkflowStaticData('node') as SubscriptionState;
				const callbackUrl = this.getNodeWebhookUrl('default') as string;
				const events = this.getNodeParameter('events') as string[];
				if (events.length === 0) {
					throw new NodeOperationError(this.getNode(), 'No event selected', { description: 'Select at least one event under "Events".' });
				}
				const client = await lexofficeClient.call(this);
				const existing = (await client.call('eventSubscription.getAll', {})) as { content?: Array<{ subscriptionId: string; eventType: string; callbackUrl: string }> };
				const subscriptions: Array<{ id: string; eventType: string }> = [];
				for (const eventType of events) {
					// A subscription left by an earlier activation (same event and URL) is adopted, not duplicated (409).
					const adopted = existing.content?.find((s) => s.eventType === eventType && s.callbackUrl === callbackUrl);
					if (adopted) {
						subscriptions.push({ id: adopted.subscriptionId, eventType });
						continue;
					}
					try {
						const created = (await client.call('eventSubscription.create', { body: { eventType, callbackUrl } })) as { id: string };
						subscriptions.push({ id: created.id, eventType });
					} catch (error) {
						state.subscriptions = subscriptions;
						state.callbackUrl = callbackUrl;
						throw toNodeError(this.getNode(), error, 0);
					}
				}
				state.subscriptions = subscriptions;
				state.callbackUrl = callbackUrl;
				return true;
			},

			async delete(this: IHookFunctions): Promise<boolean> {
				const state = this.getWorkflowStaticData('node') as SubscriptionState;
				const client = await lexofficeClient.call(this);
				const failed: string[] = [];
				for (const subscription of state.subscriptions ?? []) {
					try {
						await client.call('eventSubscription.delete', { path: { subscriptionId: subscription.id } });
					} catch (error) {
						if (!(error instanceof ApiError && error.kind === 'notFound')) failed.push(subscription.id);
					}
				}
				if (failed.length) {
					state.subscriptions = (state.subscriptions ?? []).filter((s) => failed.includes(s.id));
					return false;
				}
				delete state.subscriptions;
				delete state.callbackUrl;
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const request = this.getRequestObject();
		const response = this.getResponseObject();
		const options = this.getNodeParameter('options', {}) as { fetchResource?: boolean; publicKeyUrl?: string };
		const rawBody = request.rawBody ?? Buffer.from(JSON.stringify(request.body ?? {}));
		const signature = this.getHeaderData()['x-lxo-signature'] as string | undefined;

		const key = await publicKeyFrom(options.publicKeyUrl || OFFICIAL_PUBLIC_KEY_URL, async (url) =>
			(await this.helpers.httpRequest({ url, method: 'GET', json: false, encoding: 'text' })) as string,
		);
		if (!isValidSignature(rawBody, signature, key)) {
			response.status(401).json({ message: 'Invalid or missing X-Lxo-Signature' });
			return { noWebhookResponse: true };
		}

		const event = JSON.parse(rawBody.toString('utf8')) as EventPayload;
		const events = this.getNodeParameter('events') as string[];
		const dedupeKey = `${this.getWorkflow().id}:${this.getNode().id}:${event.eventType}|${event.resourceId}|${event.eventDate}`;
		if (!event.eventType || !events.includes(event.eventType) || !recent.firstTime(dedupeKey)) {
			response.status(200).json({ received: true });
			return { noWebhookResponse: true };
		}

		const item: IDataObject = { ...event };
		const operation = options.fetchResource && event.resourceId ? getOperationFor(event.eventType) : undefined;
		if (operation) {
			const client = await lexofficeClient.call(this);
			const pathParam = operation === 'payment.get' ? 'voucherId' : 'id';
			try {
				item.resource = (await client.call(operation as 'contact.get', { path: { [pathParam]: event.resourceId } as { id: string } })) as IDataObject;
			} catch (error) {
				if (error instanceof ApiError) {
					// The record may be gone again by now (reference 6.2); the event still counts.
					item.resourceError = { status: error.status, message: error.message };
				} else {
					throw new NodeApiError(this.getNode(), { message: String(error) } as JsonObject);
				}
			}
		}
		return { workflowData: [this.helpers.returnJsonArray([item])] };
	}
}
