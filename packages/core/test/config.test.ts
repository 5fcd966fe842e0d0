import { z } from 'zod';
import { ConfigError, detectRuntime, env, parseEnv } from '../src/config';

describe('configuration', () => {
  it('names every bad or missing variable', () => {
    const shape = { PORT: env.port(4000), NATS_URL: env.url(['nats']), SECRET: z.string().min(8) };
    try {
      parseEnv(shape, { PORT: 'eighty', NATS_URL: 'http://x' });
      throw new Error('expected ConfigError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const names = (error as ConfigError).problems.map((p) => p.variable).sort();
      expect(names).toEqual(['NATS_URL', 'PORT', 'SECRET']);
      expect((error as ConfigError).message).toContain('NATS_URL');
    }
  });

  it('applies defaults and treats empty strings as unset', () => {
    expect(parseEnv({ PORT: env.port(4000), DEBUG: env.bool(false) }, { PORT: '', DEBUG: 'yes' })).toEqual({
      PORT: 4000,
      DEBUG: true,
    });
  });

  it('is distributed only with both DATABASE_URL and NATS_URL', () => {
    expect(detectRuntime({})).toBe('embedded');
    expect(detectRuntime({ DATABASE_URL: 'postgres://x', NATS_URL: 'nats://y' })).toBe('distributed');
    expect(() => detectRuntime({ DATABASE_URL: 'postgres://x' })).toThrow(/NATS_URL/);
    expect(() => detectRuntime({ RUNTIME: 'cloud' })).toThrow(/RUNTIME/);
  });
});
