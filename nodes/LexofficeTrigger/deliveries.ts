/**
 * Replay protection that survives a restart: per (event type, resource) the newest event date accepted,
 * kept in the trigger's static data, which n8n saves with the execution a delivery starts. A delivery
 * with the same or an older date for that resource is a replay (or outdated) and starts nothing. Events
 * older than the window are refused outright, so the ledger forgets them and stays small.
 */

/** Older deliveries are refused; lexoffice retries a failed delivery for far less than this. */
export const DELIVERY_WINDOW_MS = 14 * 24 * 3600 * 1000;

export interface DeliveryLedgerState {
	/** `eventType|resourceId` → epoch ms of the newest eventDate accepted. */
	lastEventDates?: Record<string, number>;
}

/** Whether the event is new for its resource; records it when it is. */
export function acceptDelivery(
	state: DeliveryLedgerState,
	event: { eventType?: string; resourceId?: string; eventDate?: string },
	now: number,
): boolean {
	const date = Date.parse(event.eventDate ?? '');
	if (!Number.isFinite(date) || date < now - DELIVERY_WINDOW_MS) return false;
	const ledger = (state.lastEventDates ??= {});
	const key = `${event.eventType}|${event.resourceId}`;
	if (ledger[key] !== undefined && ledger[key] >= date) return false;
	for (const [k, at] of Object.entries(ledger)) if (at < now - DELIVERY_WINDOW_MS) delete ledger[k];
	ledger[key] = date;
	return true;
}
