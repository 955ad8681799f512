/**
 * API limits and hosts, in one place for the nodes, the credentials and the worker.
 * lexoffice: "size" of every paged list is at most 250 (https://developers.lexware.io/docs/#paging-of-resources).
 * bexio: "limit" of list and search endpoints is at most 2000 (https://docs.bexio.com/#section/API-basics/Pagination).
 */
export const LEXOFFICE_MAX_PAGE_SIZE = 250;
export const BEXIO_MAX_PAGE_SIZE = 2000;

/** Production hosts; a connection or credential names another only for the local simulator. */
export const LEXOFFICE_BASE_URL = 'https://api.lexware.io';
export const BEXIO_BASE_URL = 'https://api.bexio.com';
