/** Page size when a list request names none, for every paged list of the API. */
export const PAGE_LIMIT_DEFAULT = 50;
/** Largest page a list request may ask for. */
export const PAGE_LIMIT_MAX = 100;
