export * from './registry';
export * from './supergraph';
export * from './standalone';
export * from './embedded';
export * from './distributed-launcher';
export * from './demo-journey';
