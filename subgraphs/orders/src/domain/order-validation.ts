import { z } from 'zod';
import { nullishText } from '@shop/core';
import { ORDER_STATUSES } from '../db/schema';

/** Input pieces the order use cases share. IDs arrive as raw UUIDs (the platform decodes global IDs). */
export const orderIdField = z.uuid('There is no such order.');
export const reasonField = nullishText(500);
export const orderStatusField = z.enum(ORDER_STATUSES);
export const noteBodyField = z.string().trim().min(1, 'Write a note.').max(2000, 'Use at most 2000 characters.');
