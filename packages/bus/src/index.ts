export * from './types';
export * from './tables';
export * from './service-bus';
export * from './subjects';
export * from './jetstream-transport';
export * from './in-process-transport';
export * from './connect';
export * from './outbox-gaps';
