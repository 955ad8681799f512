import { InvalidRequestError } from '../http/errors';
import { SEARCH_CRITERIA } from './schemas';

export type SearchCriteria = (typeof SEARCH_CRITERIA)[number];

export interface SearchCondition {
	field: string;
	value: string | number | Array<string | number>;
	criteria: SearchCriteria;
}

/**
 * One condition of a bexio search body (reference 3.4). The criteria is always sent explicitly: bexio's
 * default is `like` (substring), which would turn an exact lookup into a fuzzy one.
 */
export function criterion(field: string, criteria: SearchCriteria, value: string | number | Array<string | number>): SearchCondition {
	if (!(SEARCH_CRITERIA as readonly string[]).includes(criteria)) {
		throw new InvalidRequestError(`Unknown search criteria "${criteria}"`, [{ field: 'criteria', message: `use one of ${SEARCH_CRITERIA.join(', ')}` }]);
	}
	if (!field || field.length > 255) throw new InvalidRequestError('Search field must be 1–255 characters', [{ field: 'field', message: 'length 1–255' }]);
	const list = criteria === 'in' || criteria === 'not_in';
	if (list && !Array.isArray(value)) value = String(value).split(',').map((v) => v.trim()).filter(Boolean);
	if (!list && Array.isArray(value)) {
		throw new InvalidRequestError(`Criteria "${criteria}" takes one value, not a list`, [{ field: 'value', message: 'one value' }]);
	}
	if (!Array.isArray(value) && String(value).length > 255) {
		throw new InvalidRequestError('Search value must be at most 255 characters', [{ field: 'value', message: 'at most 255 characters' }]);
	}
	return { field, criteria, value: Array.isArray(value) ? value.map(String) : value };
}
