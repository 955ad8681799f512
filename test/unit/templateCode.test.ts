import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Templates carry business logic in jobs and nodes with fields, not in Code nodes: all templates
 * together hold at most 20 lines of JavaScript in Code nodes (glue of a few lines at most).
 */
const TEMPLATE_DIR = join(__dirname, '..', '..', 'workflows');
const MAX_LINES = 20;

interface TemplateNode {
	name: string;
	type: string;
	parameters: { jsCode?: string; pythonCode?: string };
}

describe('templates', () => {
	it(`hold at most ${MAX_LINES} lines of code in Code nodes, together`, () => {
		const perNode = readdirSync(TEMPLATE_DIR)
			.filter((f) => f.endsWith('.json'))
			.flatMap((file) =>
				(
					JSON.parse(readFileSync(join(TEMPLATE_DIR, file), 'utf8')) as { nodes: TemplateNode[] }
				).nodes
					.filter((n) => n.type === 'n8n-nodes-base.code')
					.map((n) => ({
						where: `${file}: ${n.name}`,
						lines: (n.parameters.jsCode ?? n.parameters.pythonCode ?? '')
							.split('\n')
							.filter((line) => line.trim() !== '').length,
					})),
			);
		const total = perNode.reduce((n, c) => n + c.lines, 0);
		if (total > MAX_LINES)
			throw new Error(
				`${total} lines of code in Code nodes (at most ${MAX_LINES}): ${perNode.map((c) => `${c.where} ${c.lines}`).join('; ')}`,
			);
	});
});
