import { lexofficeDay, previousDay } from '../../../clients/lexoffice/days';

describe('lexoffice calendar days', () => {
	it.each([
		{ instant: '2025-12-31T23:30:00.000Z', day: '2026-01-01', why: 'winter: CET is UTC+1' },
		{
			instant: '2025-06-30T21:59:00.000Z',
			day: '2025-06-30',
			why: 'summer: CEST is UTC+2, one minute before midnight',
		},
		{ instant: '2025-06-30T22:00:00.000Z', day: '2025-07-01', why: 'summer: midnight in Berlin' },
		{
			instant: '2026-03-29T00:59:00.000Z',
			day: '2026-03-29',
			why: 'the night the clocks go forward',
		},
	])('$instant is $day ($why)', ({ instant, day }) => {
		expect(lexofficeDay(new Date(instant))).toBe(day);
		expect(lexofficeDay(Date.parse(instant))).toBe(day);
	});

	it.each([
		{ day: '2026-03-01', before: '2026-02-28' },
		{ day: '2024-03-01', before: '2024-02-29' },
		{ day: '2026-01-01', before: '2025-12-31' },
	])('the day before $day is $before', ({ day, before }) => expect(previousDay(day)).toBe(before));
});
