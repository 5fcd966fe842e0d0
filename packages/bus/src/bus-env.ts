import { z } from 'zod';
import { env } from '@shop/core';
import { defaultBusNaming } from './subjects';
import type { BusNaming } from './types';

/**
 * The environment every distributed process and bus CLI reads to find the bus: the same names and rules in the
 * subgraphs, the gateway and `pnpm bus:status` / `bus:replay`, so they always look at the same stream.
 */
export const busEnvShape = {
  NATS_URL: env.url(['nats', 'tls']),
  EVENTS_STREAM: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/)
    .default(defaultBusNaming.streamName),
  EVENTS_SUBJECT_PREFIX: z
    .string()
    .regex(/^[a-z0-9_.-]+$/)
    .default(defaultBusNaming.eventPrefix),
  COMMANDS_SUBJECT_PREFIX: z
    .string()
    .regex(/^[a-z0-9_.-]+$/)
    .default(defaultBusNaming.commandPrefix),
  // Unset keeps the 7-day default; a short value lets the fault suite watch a consumer fall off the stream.
  EVENTS_MAX_AGE_MS: z.coerce.number().int().min(1000).optional(),
  // Unset keeps 1 s; the fault suite sets a long one so a process it freezes surely holds the events it was handed.
  EVENTS_PULL_EXPIRES_MS: z.coerce.number().int().min(100).max(60_000).optional(),
};

export type BusEnv = z.infer<z.ZodObject<typeof busEnvShape>>;

/** What `connectBus` needs, from the parsed variables. */
export function busConnectionFromEnv(config: BusEnv): {
  natsUrl: string;
  naming: BusNaming;
  maxAgeMs: number | undefined;
  pullExpiresMs: number | undefined;
} {
  return {
    natsUrl: config.NATS_URL,
    naming: {
      streamName: config.EVENTS_STREAM,
      eventPrefix: config.EVENTS_SUBJECT_PREFIX,
      commandPrefix: config.COMMANDS_SUBJECT_PREFIX,
    },
    maxAgeMs: config.EVENTS_MAX_AGE_MS,
    pullExpiresMs: config.EVENTS_PULL_EXPIRES_MS,
  };
}
