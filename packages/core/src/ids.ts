import { v7, validate } from 'uuid';

/** Time-ordered UUIDv7: ids sort by creation time, which keeps B-tree inserts local. */
export const newId = (): string => v7();

export const isUuid = (value: string): boolean => validate(value);
