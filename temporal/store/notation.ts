/**
 * Whether a link-store notation names a PostgreSQL database (otherwise it is a SQLite file). Its own
 * module: the n8n nodes read the notation without loading either store.
 */
export const isPostgresUrl = (value: string | undefined): value is string =>
	!!value && /^postgres(ql)?:\/\//i.test(value);
