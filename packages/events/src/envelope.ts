import { z } from 'zod';

/** Who caused an event or a command: a user, a staff member, or the system itself. */
export const actorSchema = z.object({
  kind: z.enum(['user', 'staff', 'system']),
  id: z.string().nullable(),
});
export type Actor = z.infer<typeof actorSchema>;

/** The actor of what a service does on its own: seeds, sweeps, event handlers and commands. */
export const SYSTEM_ACTOR: Actor = { kind: 'system', id: null };

/** The envelope of every domain event (DESIGN.md §3). `data` is validated against the catalogue by consumers. */
export const envelopeSchema = z.object({
  id: z.uuid(),
  type: z.string().regex(/^[a-z_]+\.[a-z_]+$/),
  source: z.string().min(1),
  subject: z.string().min(1),
  /**
   * Position of this event among its aggregate's events from the same source (1, 2, ...), in commit order. A
   * consumer never applies an event older than one it has already applied for the same aggregate. Absent on
   * events written before ordering existed.
   */
  sequence: z.number().int().positive().optional(),
  time: z.iso.datetime({ offset: true }),
  version: z.number().int().positive(),
  actor: actorSchema.nullable().optional(),
  data: z.unknown(),
});
export type EventEnvelope<D = unknown> = Omit<z.infer<typeof envelopeSchema>, 'data'> & { data: D };
