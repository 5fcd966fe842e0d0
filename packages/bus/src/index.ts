export * from './types';
export * from './tables';
export * from './service-bus';
