import {
	NodeConnectionTypes,
	NodeOperationError,
	type IDataObject,
	type IHookFunctions,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { ApiError } from '../../clients/http/errors';
import { lexofficeClient } from '../Lexoffice/transport';
import { toNodeError } from '../shared/errors';
import { EVENT_OPTIONS, getOperationFor } from './events';
import { acceptDelivery, type DeliveryLedgerState } from './deliveries';
import {
	OFFICIAL_PUBLIC_KEY_URL,
	RecentDeliveries,
	isValidSignature,
	publicKeyFrom,
} from './signature';

interface SubscriptionState extends DeliveryLedgerState {
	subscriptions?: Array<{ id: string; eventType: string }>;
	callbackUrl?: string;
	/** The credential's organisation (GET /v1/profile at activation): events of any other are refused. */
	organizationId?: string;
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
		icon: {
			light: 'file:../Lexoffice/lexoffice.svg',
			dark: 'file:../Lexoffice/lexoffice.dark.svg',
		},
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["events"].join(", ")}}',
		description: 'Starts the workflow when lexoffice (Lexware Office) sends a signed event',
		defaults: { name: 'Lexoffice Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'lexofficeApi', required: true }],
		webhooks: [
			{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' },
		],
		properties: [
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				required: true,
				default: [],
				options: EVENT_OPTIONS,
				description:
					'The events to listen to. One lexoffice event subscription is registered per event.',
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
						description:
							'Where the key that signs deliveries is published. Change only for the local simulator.',
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
				if (
					state.callbackUrl !== url ||
					known
						.map((s) => s.eventType)
						.sort()
						.join() !== events.join()
				)
					return false;
				const client = await lexofficeClient.call(this);
				for (const subscription of known) {
					try {
						await client.call('eventSubscription.get', {
							path: { subscriptionId: subscription.id },
						});
					} catch (error) {
						// lexoffice deletes subscriptions itself after failed deliveries.
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
					throw new NodeOperationError(this.getNode(), 'No event selected', {
						description: 'Select at least one event under "Events".',
					});
				}
				const client = await lexofficeClient.call(this);
				const existing = (await client.call('eventSubscription.getAll', {})) as {
					content?: Array<{ subscriptionId: string; eventType: string; callbackUrl: string }>;
				};
				const subscriptions: Array<{ id: string; eventType: string }> = [];
				for (const eventType of events) {
					// A subscription left by an earlier activation (same event and URL) is adopted, not duplicated (409).
					const adopted = existing.content?.find(
						(s) => s.eventType === eventType && s.callbackUrl === callbackUrl,
					);
					if (adopted) {
						subscriptions.push({ id: adopted.subscriptionId, eventType });
						continue;
					}
					try {
						const created = (await client.call('eventSubscription.create', {
							body: { eventType, callbackUrl },
						})) as { id: string };
						subscriptions.push({ id: created.id, eventType });
					} catch (error) {
						state.subscriptions = subscriptions;
						state.callbackUrl = callbackUrl;
						throw toNodeError(this.getNode(), error, 0);
					}
				}
				state.subscriptions = subscriptions;
				state.callbackUrl = callbackUrl;
				state.organizationId = (await client.call('profile.get', {})).organizationId ?? undefined;
				return true;
			},

			async delete(this: IHookFunctions): Promise<boolean> {
				const state = this.getWorkflowStaticData('node') as SubscriptionState;
				const client = await lexofficeClient.call(this);
				const failed: string[] = [];
				// The account's subscriptions to this URL, as lexoffice lists them: static data saved by an
				// execution may lag behind activation, and nothing may be left subscribed after deactivation.
				const callbackUrl = this.getNodeWebhookUrl('default') as string;
				const listed = (await client.call('eventSubscription.getAll', {})) as {
					content?: Array<{ subscriptionId: string; eventType: string; callbackUrl: string }>;
				};
				const ours = new Map((state.subscriptions ?? []).map((s) => [s.id, s]));
				for (const s of listed.content ?? [])
					if (s.callbackUrl === callbackUrl)
						ours.set(s.subscriptionId, { id: s.subscriptionId, eventType: s.eventType });
				for (const subscription of ours.values()) {
					try {
						await client.call('eventSubscription.delete', {
							path: { subscriptionId: subscription.id },
						});
					} catch (error) {
						if (!(error instanceof ApiError && error.kind === 'notFound'))
							failed.push(subscription.id);
					}
				}
				if (failed.length) {
					state.subscriptions = [...ours.values()].filter((s) => failed.includes(s.id));
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
		const options = this.getNodeParameter('options', {}) as {
			fetchResource?: boolean;
			publicKeyUrl?: string;
		};
		const rawBody = request.rawBody ?? Buffer.from(JSON.stringify(request.body ?? {}));
		const signature = this.getHeaderData()['x-lxo-signature'] as string | undefined;

		const key = await publicKeyFrom(
			options.publicKeyUrl || OFFICIAL_PUBLIC_KEY_URL,
			async (url) =>
				(await this.helpers.httpRequest({
					url,
					method: 'GET',
					json: false,
					encoding: 'text',
				})) as string,
		);
		if (!isValidSignature(rawBody, signature, key)) {
			response.status(401).json({ message: 'Invalid or missing X-Lxo-Signature' });
			return { noWebhookResponse: true };
		}

		const event = JSON.parse(rawBody.toString('utf8')) as EventPayload;
		const events = this.getNodeParameter('events') as string[];
		const state = this.getWorkflowStaticData('node') as SubscriptionState;
		// lexoffice signs every organisation's events with one key: any account could subscribe this URL.
		const ownOrganization = state.organizationId ?? (await organizationOf.call(this));
		const dedupeKey = `${this.getWorkflow().id}:${this.getNode().id}:${event.eventType}|${event.resourceId}|${event.eventDate}`;
		const accepted =
			!!event.eventType &&
			events.includes(event.eventType) &&
			event.organizationId === ownOrganization &&
			recent.firstTime(dedupeKey) &&
			// Persisted with the execution this delivery starts: a replay after a restart is refused too.
			acceptDelivery(state, event, Date.now());
		if (!accepted) {
			response.status(200).json({ received: true });
			return { noWebhookResponse: true };
		}

		const item: IDataObject = { ...event };
		const operation =
			options.fetchResource && event.resourceId && event.eventType
				? getOperationFor(event.eventType)
				: undefined;
		if (!operation) return { workflowData: [this.helpers.returnJsonArray([item])] };

		// Answered before the fetch: lexoffice waits 5 s and then delivers again, and the fetch waits its turn
		// in the account's 2 requests/s. From here on the event is the execution's, so a failed fetch is a
		// field of the item, never a lost event.
		response.status(200).json({ received: true });
		const client = await lexofficeClient.call(this);
		const pathParam = operation === 'payment.get' ? 'voucherId' : 'id';
		try {
			item.resource = (await client.call(operation as 'contact.get', {
				path: { [pathParam]: event.resourceId } as { id: string },
			})) as IDataObject;
		} catch (error) {
			// The record may be gone again by now (404), or lexoffice may not answer; the event still counts.
			item.resourceError =
				error instanceof ApiError
					? { status: error.status, message: error.message }
					: { message: error instanceof Error ? error.message : String(error) };
		}
		return { noWebhookResponse: true, workflowData: [this.helpers.returnJsonArray([item])] };
	}
}

const organizations = new Map<string, { id: string | undefined; at: number }>();

/** The credential's organisation for triggers activated before it was stored at activation; cached for an hour. */
async function organizationOf(this: IWebhookFunctions): Promise<string | undefined> {
	const credentialId = this.getNode().credentials?.lexofficeApi?.id ?? this.getNode().id;
	const cached = organizations.get(credentialId);
	if (cached && Date.now() - cached.at < 3_600_000) return cached.id;
	const client = await lexofficeClient.call(this);
	const id = (await client.call('profile.get', {})).organizationId ?? undefined;
	organizations.set(credentialId, { id, at: Date.now() });
	return id;
}
