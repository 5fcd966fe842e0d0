export * from './config';
export * from './logger';
export * from './ids';
export * from './result';
export * from './errors';
export * from './money';
export * from './pagination';
export * from './error-hygiene';
