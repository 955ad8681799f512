/**
 * The part of `node:sqlite` (Node ≥ 22.13, unflagged) the link store uses. The pinned @types/node (20)
 * predates the module; drop this file when @types/node moves to 22+.
 */
declare module 'node:sqlite' {
	type SQLValue = null | number | bigint | string | Uint8Array;

	class StatementSync {
		all(...params: SQLValue[]): Array<Record<string, SQLValue>>;
		get(...params: SQLValue[]): Record<string, SQLValue> | undefined;
		run(...params: SQLValue[]): { changes: number | bigint; lastInsertRowid: number | bigint };
	}

	class DatabaseSync {
		constructor(path: string, options?: { open?: boolean; readOnly?: boolean; timeout?: number });
		exec(sql: string): void;
		prepare(sql: string): StatementSync;
		close(): void;
	}
}
