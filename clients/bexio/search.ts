import { InvalidRequestError } from '../http/errors';
import { SEARCH_CRITERIA } from './schemas';

export type SearchCriteria = (typeof SEARCH_CRITERIA)[number];

export interface SearchCondition {
	field: string;
	value: string | string[];
	criteria: SearchCriteria;
}

const LIST_CRITERIA: readonly SearchCriteria[] = ['in', 'not_in'];

/**
 * One condition of a bexio search body (https://docs.bexio.com/#section/API-basics/Search). The criteria is always sent explicitly: bexio's
 * default is `like` (substring), which would turn an exact lookup into a fuzzy one.
 * Values go out as strings, as the spec types them; `in`/`not_in` take a list (also "a,b,c").
 */
export function criterion(
	field: string,
	criteria: SearchCriteria,
	value: string | number | Array<string | number>,
): SearchCondition {
	if (!(SEARCH_CRITERIA as readonly string[]).includes(criteria)) {
		throw new InvalidRequestError(`Unknown search criteria "${String(criteria)}"`, [
			{ field: 'criteria', message: `use one of ${SEARCH_CRITERIA.join(', ')}` },
		]);
	}
	if (!field || field.length > 255)
		throw new InvalidRequestError('Search field must be 1–255 characters', [
			{ field: 'field', message: 'length 1–255' },
		]);
	const list = LIST_CRITERIA.includes(criteria);
	if (!list && Array.isArray(value)) {
		throw new InvalidRequestError(`Criteria "${criteria}" takes one value, not a list`, [
			{ field: 'value', message: 'one value' },
		]);
	}
	const values = (Array.isArray(value) ? value : list ? String(value).split(',') : [value]).map(
		(v) => String(v).trim(),
	);
	if (list && values.filter(Boolean).length === 0) {
		throw new InvalidRequestError(`Criteria "${criteria}" needs at least one value`, [
			{ field: 'value', message: 'at least one value' },
		]);
	}
	if (values.some((v) => v.length > 255)) {
		throw new InvalidRequestError('Search value must be at most 255 characters', [
			{ field: 'value', message: 'at most 255 characters' },
		]);
	}
	return { field, criteria, value: list ? values.filter(Boolean) : String(value) };
}

/** `criteria(field, op, value)`: the same builder under the name the node uses for its criteria rows. */
export const criteria = criterion;
