export * from './context';
export * from './identity';
export * from './rules';
export * from './http';
export * from './subgraph';
export * from './access-token';
export * from './scalars';
export * from './readiness';
