/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } },
    ],
  },
  testMatch: ['<rootDir>/{packages,subgraphs,gateway,test}/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/.data/'],
  // Integration tests start servers and talk to PostgreSQL and NATS: generous timeouts keep them green on a loaded machine.
  testTimeout: 60000,
  maxWorkers: 2,
  // Two test files at once share one PostgreSQL (100 connections by default): small pools per subgraph.
  setupFiles: ['<rootDir>/test/support/jest-env.js'],
};
