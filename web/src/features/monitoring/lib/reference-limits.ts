/** What the server takes in one reference upload (its `records` limit). */
export const MAX_REFERENCE_ROWS = 10_000;
