import { z } from 'zod';

/**
 * Parses environment variables against a zod schema at start-up. A bad or missing value throws a
 * ConfigError naming every offending variable, so a process never starts half-configured.
 */
export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; message: string }[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  ${p.variable}: ${p.message}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function parseEnv<S extends z.ZodRawShape>(
  shape: S,
  env: NodeJS.ProcessEnv = process.env,
): z.infer<z.ZodObject<S>> {
  // Empty strings count as unset: `FOO=` in a compose file should fall back to the default.
  const cleaned: Record<string, string> = {};
  for (const key of Object.keys(shape)) {
    const value = env[key];
    if (value !== undefined && value !== '') cleaned[key] = value;
  }
  const result = z.object(shape).safeParse(cleaned);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => ({
        variable: String(issue.path[0] ?? '(unknown)'),
        message: issue.message,
      })),
    );
  }
  return result.data;
}

/** Reusable field parsers. */
export const env = {
  url: (protocols: string[]) =>
    z.string().refine(
      (v) => {
        try {
          return protocols.includes(new URL(v).protocol.replace(/:$/, ''));
        } catch {
          return false;
        }
      },
      `must be a URL with protocol ${protocols.join(' or ')}`,
    ),
  port: (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback),
  bool: (fallback: boolean) =>
    z
      .enum(['true', 'false', '1', '0', 'yes', 'no'])
      .default(fallback ? 'true' : 'false')
      .transform((v) => v === 'true' || v === '1' || v === 'yes'),
  int: (fallback: number, min = 0) => z.coerce.number().int().min(min).default(fallback),
  logLevel: () => z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
};

export type Runtime = 'embedded' | 'distributed';

/**
 * The runtime is distributed when DATABASE_URL and NATS_URL are set, embedded otherwise.
 * RUNTIME may force it; setting only one of the two URLs is a configuration error.
 */
export function detectRuntime(e: NodeJS.ProcessEnv = process.env): Runtime {
  const forced = e.RUNTIME;
  if (forced === 'embedded' || forced === 'distributed') return forced;
  if (forced) throw new ConfigError([{ variable: 'RUNTIME', message: 'must be "embedded" or "distributed"' }]);
  const hasDb = Boolean(e.DATABASE_URL);
  const hasNats = Boolean(e.NATS_URL);
  if (hasDb && hasNats) return 'distributed';
  if (!hasDb && !hasNats) return 'embedded';
  throw new ConfigError([
    {
      variable: hasDb ? 'NATS_URL' : 'DATABASE_URL',
      message: 'the distributed runtime needs both DATABASE_URL and NATS_URL',
    },
  ]);
}
