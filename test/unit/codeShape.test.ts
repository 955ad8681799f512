import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';

import ts from 'typescript';

/**
 * The shape a new maintainer can find their way in: no function longer than a screen or two in
 * shipped code, activities as an engine (temporal/activities/engine) plus one file per kind that never
 * reaches into a sibling kind, and the API's own types instead of casts through `unknown`.
 */
const root = join(__dirname, '..', '..');
const SHIPPED = ['clients', 'credentials', 'nodes', 'temporal'];
const MAX_BODY_LINES = 80;
const ACTIVITIES = join(root, 'temporal', 'activities');
/** The composition root: builds every pipeline and may import every kind. */
const COMPOSITION_ROOT = 'index.ts';

function sourceFiles(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) return sourceFiles(path);
		return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [path] : [];
	});
}

const parse = (file: string) =>
	ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);

type FunctionLike =
	| ts.FunctionDeclaration
	| ts.MethodDeclaration
	| ts.ArrowFunction
	| ts.FunctionExpression
	| ts.ConstructorDeclaration
	| ts.AccessorDeclaration;

function isFunctionLike(node: ts.Node): node is FunctionLike {
	return (
		ts.isFunctionDeclaration(node) ||
		ts.isMethodDeclaration(node) ||
		ts.isArrowFunction(node) ||
		ts.isFunctionExpression(node) ||
		ts.isConstructorDeclaration(node) ||
		ts.isAccessor(node)
	);
}

/** An object or array literal, also inside parentheses or `as`/`satisfies`. */
function isLiteralTable(expression: ts.Expression): boolean {
	let e = expression;
	while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isSatisfiesExpression(e))
		e = e.expression;
	return ts.isObjectLiteralExpression(e) || ts.isArrayLiteralExpression(e);
}

/** A body that only answers one object or array literal: a declarative table (an n8n description, a catalog), not logic. */
function isDeclarativeTable(body: ts.ConciseBody): boolean {
	if (!ts.isBlock(body)) return isLiteralTable(body);
	return (
		body.statements.length === 1 &&
		ts.isReturnStatement(body.statements[0]) &&
		!!body.statements[0].expression &&
		isLiteralTable(body.statements[0].expression)
	);
}

function nameOf(node: FunctionLike): string {
	if (
		node.name &&
		(ts.isIdentifier(node.name) ||
			ts.isStringLiteral(node.name) ||
			ts.isPrivateIdentifier(node.name))
	)
		return node.name.text;
	if (ts.isConstructorDeclaration(node)) return 'constructor';
	const parent = node.parent;
	if (ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
	if (
		ts.isPropertyAssignment(parent) &&
		(ts.isIdentifier(parent.name) || ts.isStringLiteral(parent.name))
	)
		return parent.name.text;
	return '(anonymous)';
}

export interface LongFunction {
	where: string;
	name: string;
	lines: number;
}

/** Every function, method or arrow whose body spans more than `max` lines, tables excepted. */
export function longFunctions(files: string[], max: number): LongFunction[] {
	const found: LongFunction[] = [];
	for (const file of files) {
		const source = parse(file);
		const visit = (node: ts.Node) => {
			if (isFunctionLike(node) && node.body && !isDeclarativeTable(node.body)) {
				const start = source.getLineAndCharacterOfPosition(node.body.getStart(source)).line;
				const end = source.getLineAndCharacterOfPosition(node.body.getEnd()).line;
				const lines = end - start + 1;
				if (lines > max)
					found.push({ where: `${relative(root, file)}:${start + 1}`, name: nameOf(node), lines });
			}
			ts.forEachChild(node, visit);
		};
		visit(source);
	}
	return found.sort((a, b) => b.lines - a.lines);
}

/** Top-level files of temporal/activities are kinds (contacts, invoices, …); engine/ holds what they share. */
const isFeatureFile = (file: string) =>
	dirname(file) === ACTIVITIES && basename(file) !== COMPOSITION_ROOT;

/** `importer → imported` for each feature activity file importing another one. */
export function siblingImports(files: string[]): string[] {
	const found: string[] = [];
	for (const file of files.filter(isFeatureFile)) {
		const source = parse(file);
		for (const statement of source.statements) {
			if (!ts.isImportDeclaration(statement) && !ts.isExportDeclaration(statement)) continue;
			const specifier = statement.moduleSpecifier;
			if (!specifier || !ts.isStringLiteral(specifier) || !specifier.text.startsWith('.')) continue;
			const target = `${resolve(dirname(file), specifier.text)}.ts`;
			if (isFeatureFile(target) && target !== file)
				found.push(`${relative(root, file)} → ${relative(root, target)}`);
		}
	}
	return found;
}

/** `file:line` of each `as unknown as` cast. */
export function doubleCasts(files: string[]): string[] {
	const found: string[] = [];
	for (const file of files) {
		const source = parse(file);
		const visit = (node: ts.Node) => {
			if (ts.isAsExpression(node) && node.type.kind !== ts.SyntaxKind.UnknownKeyword) {
				let inner = node.expression;
				while (ts.isParenthesizedExpression(inner)) inner = inner.expression;
				if (ts.isAsExpression(inner) && inner.type.kind === ts.SyntaxKind.UnknownKeyword) {
					found.push(
						`${relative(root, file)}:${source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1}`,
					);
				}
			}
			ts.forEachChild(node, visit);
		};
		visit(source);
	}
	return found;
}

describe('code shape', () => {
	const shipped = SHIPPED.flatMap((dir) => sourceFiles(join(root, dir)));
	const activities = sourceFiles(ACTIVITIES);

	it(`no function in ${SHIPPED.join(', ')} has a body over ${MAX_BODY_LINES} lines (declarative tables excepted)`, () => {
		const long = longFunctions(shipped, MAX_BODY_LINES);
		expect(long.map((f) => `${f.where} ${f.name}: ${f.lines} lines`)).toEqual([]);
	});

	it('no feature activity file imports a sibling feature file (shared pieces live in temporal/activities/engine)', () => {
		expect(siblingImports(activities)).toEqual([]);
	});

	it('temporal/activities uses the catalog types, no `as unknown as` casts', () => {
		expect(doubleCasts(activities)).toEqual([]);
	});
});
