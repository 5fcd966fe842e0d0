// Every test process: 3 connections per subgraph unless a test asks for more (startTestSupergraph's poolSize, a
// harness's maxConnections). A 12-subgraph supergraph at the default 10 beside a busy test exhausted PostgreSQL.
process.env.DB_POOL_MAX ??= '3';
