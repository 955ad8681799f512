import type {
	INodeProperties,
	INodePropertyCollection,
	INodePropertyOptions,
	INodeType,
} from 'n8n-workflow';

import { Bexio } from '../../../nodes/Bexio/Bexio.node';
import { BexioLexofficeJobTrigger } from '../../../nodes/BexioLexofficeJobTrigger/BexioLexofficeJobTrigger.node';
import { BexioLexofficeJobs } from '../../../nodes/BexioLexofficeJobs/BexioLexofficeJobs.node';
import { BexioTrigger } from '../../../nodes/BexioTrigger/BexioTrigger.node';
import { Lexoffice } from '../../../nodes/Lexoffice/Lexoffice.node';
import { LexofficePollingTrigger } from '../../../nodes/LexofficePollingTrigger/LexofficePollingTrigger.node';
import { LexofficeTrigger } from '../../../nodes/LexofficeTrigger/LexofficeTrigger.node';

/**
 * n8n reads any parameter value that starts with "=" as an expression: an option whose value is "=" (a
 * bexio search criterion once was) is stored as picked and evaluates to "" at run time. No option of
 * any of our nodes may have such a value.
 */
const nodes: Record<string, INodeType> = {
	Bexio: new Bexio(),
	Lexoffice: new Lexoffice(),
	BexioLexofficeJobs: new BexioLexofficeJobs(),
	BexioLexofficeJobTrigger: new BexioLexofficeJobTrigger(),
	BexioTrigger: new BexioTrigger(),
	LexofficeTrigger: new LexofficeTrigger(),
	LexofficePollingTrigger: new LexofficePollingTrigger(),
};

type Entry = INodeProperties | INodePropertyOptions | INodePropertyCollection;

/** Option values that n8n would take for expressions, with the path to each. */
function expressionLikeOptions(entries: readonly Entry[], path: string): string[] {
	const found: string[] = [];
	for (const entry of entries) {
		const here = `${path} › ${'displayName' in entry ? entry.displayName : entry.name}`;
		if ('value' in entry && typeof entry.value === 'string' && entry.value.startsWith('='))
			found.push(`${here}: ${JSON.stringify(entry.value)}`);
		const nested = [
			...(('options' in entry && (entry.options as Entry[] | undefined)) || []),
			...(('values' in entry && (entry.values as Entry[] | undefined)) || []),
		];
		found.push(...expressionLikeOptions(nested, here));
	}
	return found;
}

describe('option values of every node', () => {
	it.each(Object.keys(nodes))('%s has no option value starting with "="', (name) => {
		expect(expressionLikeOptions(nodes[name].description.properties, name)).toEqual([]);
	});
});
