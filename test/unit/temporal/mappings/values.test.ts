import { isDay, parseDuration, yesNo } from '../../../../temporal/mappings/values';

describe('parseDuration', () => {
	it.each([
		{ value: '1:30', minutes: 90 },
		{ value: '01:05', minutes: 65 },
		{ value: '100:00', minutes: 6000 },
		{ value: ' 45 ', minutes: 45 },
		{ value: 45, minutes: 45 },
		{ value: '0:00', minutes: undefined },
		{ value: '0', minutes: undefined },
		{ value: 0, minutes: undefined },
		{ value: 1.5, minutes: undefined },
		{ value: '1:60', minutes: undefined },
		{ value: '1.5', minutes: undefined },
		{ value: '1:5', minutes: undefined },
		{ value: '', minutes: undefined },
		{ value: undefined, minutes: undefined },
	])('$value → $minutes', ({ value, minutes }) => expect(parseDuration(value)).toBe(minutes));
});

describe('yesNo', () => {
	it.each([
		{ value: true, answer: true },
		{ value: false, answer: false },
		{ value: 1, answer: true },
		{ value: 0, answer: false },
		{ value: ' Yes ', answer: true },
		{ value: 'ja', answer: true },
		{ value: 'oui', answer: true },
		{ value: 'NEIN', answer: false },
		{ value: 'n', answer: false },
		{ value: '0', answer: false },
		{ value: '', answer: undefined },
		{ value: 'maybe', answer: undefined },
		{ value: null, answer: undefined },
	])('$value → $answer', ({ value, answer }) => expect(yesNo(value)).toBe(answer));
});

describe('isDay', () => {
	it.each([
		{ value: '2026-03-02', day: true },
		{ value: '2024-02-29', day: true },
		{ value: '2026-02-29', day: false },
		{ value: '2026-02-30', day: false },
		{ value: '2026-13-01', day: false },
		{ value: '2026-3-2', day: false },
		{ value: '2026-03-02T00:00:00Z', day: false },
		{ value: '', day: false },
		{ value: undefined, day: false },
	])('$value → $day', ({ value, day }) => expect(isDay(value)).toBe(day));
});
