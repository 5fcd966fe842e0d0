import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { GATEWAY_PORT, subgraphs, urlVariable } from '@shop/topology';

const ROOT = join(__dirname, '..');
const schemaSubgraphs = readdirSync(join(ROOT, 'schema'))
  .filter((f) => f.endsWith('.graphql') && f !== 'supergraph.graphql')
  .map((f) => f.replace(/\.graphql$/, ''))
  .sort();

interface ComposeService {
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: unknown;
  ports?: string[];
}
const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8')) as { services: Record<string, ComposeService> };

describe('the topology', () => {
  it('has a service for every subgraph in schema/, and no service without a schema', () => {
    expect(subgraphs.map((s) => s.name).sort()).toEqual(schemaSubgraphs);
  });

  it('gives every subgraph its own package with an entry point and a definition', () => {
    for (const s of subgraphs) {
      expect(existsSync(join(ROOT, s.packageDir, 'src', 'index.ts'))).toBe(true);
      expect(existsSync(join(ROOT, s.packageDir, 'src', 'service.ts'))).toBe(true);
    }
  });

  it('uses distinct ports, none of them the gateway’s', () => {
    const ports = subgraphs.map((s) => s.port);
    expect(new Set(ports).size).toBe(ports.length);
    expect(ports).not.toContain(GATEWAY_PORT);
  });

  it('is what docker-compose.yml describes: one healthy-gated container per subgraph, the gateway, PostgreSQL and NATS', () => {
    const names = Object.keys(compose.services).sort();
    expect(names).toEqual([...schemaSubgraphs, 'gateway', 'nats', 'postgres'].sort());
    for (const s of subgraphs) {
      const service = compose.services[s.name]!;
      expect(service.command).toContain(`${s.packageDir}/src/index.ts`);
      expect(service.environment?.PORT).toBe(String(s.port));
      expect(service.healthcheck).toBeDefined();
      expect(service.depends_on).toEqual({ postgres: { condition: 'service_healthy' }, nats: { condition: 'service_healthy' } });
      expect(compose.services.gateway!.environment?.[urlVariable(s.name)]).toBe(`http://${s.name}:${s.port}/graphql`);
    }
    expect(compose.services.nats!.healthcheck).toBeDefined();
    // The gateway follows access-token revocations on the bus, so it needs NATS as much as the subgraphs do.
    expect(compose.services.gateway!.environment?.NATS_URL).toBe(compose.services[subgraphs[0]!.name]!.environment?.NATS_URL);
    expect(compose.services.gateway!.depends_on?.nats).toEqual({ condition: 'service_healthy' });
    expect(compose.services.gateway!.ports).toEqual([`${GATEWAY_PORT}:${GATEWAY_PORT}`]);
  });
});
