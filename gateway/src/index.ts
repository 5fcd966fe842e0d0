export * from './gateway';
export * from './cost-control';
