import {
	DELIVERY_WINDOW_MS,
	acceptDelivery,
	type DeliveryLedgerState,
} from '../../../nodes/LexofficeTrigger/deliveries';

const now = Date.parse('2026-12-03T10:00:00.000Z');
const event = (eventDate: string, resourceId = 'c-1', eventType = 'contact.changed') => ({
	eventType,
	resourceId,
	eventDate,
});

describe('acceptDelivery (Lexoffice Trigger replay protection)', () => {
	it.each([
		{
			name: 'a first event',
			ledger: {} as Record<string, number>,
			e: event('2026-12-03T10:59:00.000+01:00'),
			accepted: true,
		},
		{
			name: 'the same event again (a replay)',
			ledger: { 'contact.changed|c-1': Date.parse('2026-12-03T09:59:00.000Z') },
			e: event('2026-12-03T10:59:00.000+01:00'),
			accepted: false,
		},
		{
			name: 'an older event of the same resource',
			ledger: { 'contact.changed|c-1': Date.parse('2026-12-03T09:59:00.000Z') },
			e: event('2026-12-03T10:58:00.000+01:00'),
			accepted: false,
		},
		{
			name: 'a newer event of the same resource',
			ledger: { 'contact.changed|c-1': Date.parse('2026-12-03T09:59:00.000Z') },
			e: event('2026-12-03T11:00:00.000+01:00'),
			accepted: true,
		},
		{
			name: 'the same date for another resource',
			ledger: { 'contact.changed|c-1': Date.parse('2026-12-03T09:59:00.000Z') },
			e: event('2026-12-03T10:59:00.000+01:00', 'c-2'),
			accepted: true,
		},
		{
			name: 'the same date for another event type',
			ledger: { 'contact.changed|c-1': Date.parse('2026-12-03T09:59:00.000Z') },
			e: event('2026-12-03T10:59:00.000+01:00', 'c-1', 'contact.deleted'),
			accepted: true,
		},
		{
			name: 'an event older than the window',
			ledger: {},
			e: event(new Date(now - DELIVERY_WINDOW_MS - 1000).toISOString()),
			accepted: false,
		},
		{
			name: 'an event without a date',
			ledger: {},
			e: { eventType: 'contact.changed', resourceId: 'c-1' },
			accepted: false,
		},
	])('$name: accepted $accepted', ({ ledger, e, accepted }) => {
		const state: DeliveryLedgerState = { lastEventDates: { ...ledger } };
		expect(acceptDelivery(state, e, now)).toBe(accepted);
	});

	it('remembers what it accepted and forgets entries older than the window', () => {
		const state: DeliveryLedgerState = {
			lastEventDates: { 'contact.changed|old': now - DELIVERY_WINDOW_MS - 1 },
		};
		expect(acceptDelivery(state, event('2026-12-03T10:59:00.000+01:00'), now)).toBe(true);
		expect(state.lastEventDates).toEqual({
			'contact.changed|c-1': Date.parse('2026-12-03T09:59:00.000Z'),
		});
		expect(
			acceptDelivery(
				JSON.parse(JSON.stringify(state)) as DeliveryLedgerState,
				event('2026-12-03T10:59:00.000+01:00'),
				now,
			),
		).toBe(false);
	});
});
