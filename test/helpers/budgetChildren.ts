import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/** An OS process running test/helpers/budgetChild.ts (the worker's shared request budget) through ts-node. */
export interface BudgetChild {
	child: ChildProcess;
	lines: AsyncIterator<string>;
	log: string[];
}

const root = join(__dirname, '..', '..');

export function startBudgetChild(env: NodeJS.ProcessEnv): BudgetChild {
	const child = spawn(
		process.execPath,
		['-r', 'ts-node/register/transpile-only', join(root, 'test', 'helpers', 'budgetChild.ts')],
		{
			cwd: root,
			env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
			stdio: ['pipe', 'pipe', 'pipe'],
		},
	);
	const log: string[] = [];
	child.stderr?.on('data', (d: Buffer) => log.push(d.toString()));
	return { child, lines: createInterface({ input: child.stdout! })[Symbol.asyncIterator](), log };
}

export async function nextChildLine(c: BudgetChild): Promise<string> {
	const next = await c.lines.next();
	if (next.done) throw new Error(`budget child ended without output: ${c.log.join('')}`);
	return next.value;
}

export function childExited(child: ChildProcess): Promise<void> {
	return child.exitCode !== null || child.signalCode !== null
		? Promise.resolve()
		: new Promise((resolve) => child.once('exit', () => resolve()));
}
