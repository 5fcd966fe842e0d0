/** Bounds that keep every list a user exposes small enough to be a plain list (DESIGN.md §6). */
export const MAX_ADDRESSES_PER_USER = 20;
/** Bounds of the staff search filter, so one query cannot grow without limit. */
export const MAX_FILTER_TEXT_LENGTH = 254;
