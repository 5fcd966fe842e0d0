/** Bounds that keep every list a product exposes small enough to be a plain list (DESIGN.md §6). */
export const MAX_VARIANTS_PER_PRODUCT = 100;
export const MAX_MEDIA_PER_PRODUCT = 100;
export const MAX_OPTIONS_PER_PRODUCT = 10;
export const MAX_VALUES_PER_OPTION = 100;
export const MAX_ATTRIBUTES_PER_PRODUCT = 50;
/** Levels of the category tree (depth 0 to 7), which also bounds `Category.ancestors`. */
export const MAX_CATEGORY_DEPTH = 8;
/** Bounds of a product list filter, so one query cannot grow without limit. */
export const MAX_ATTRIBUTE_FILTERS = 10;
export const MAX_ATTRIBUTE_FILTER_VALUES = 20;
export const MAX_SEARCH_LENGTH = 200;
