export * from './registry';
export * from './supergraph';
export * from './standalone';
export * from './embedded';
export * from './shutdown';
export * from './resilience-config';
export * from './distributed-launcher';
