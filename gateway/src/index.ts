export * from './gateway';
export * from './subgraph-source';
export * from './circuit-breaker';
export * from './unavailable-errors';
export * from './readiness';
export * from './cost-control';
export * from './gateway-limits';
export * from './resilience-config';
