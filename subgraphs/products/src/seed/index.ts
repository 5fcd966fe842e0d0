export { seedDemoCatalog } from './demo';
export { seedBulkCatalog, type BulkCatalogOptions, type BulkCatalogResult } from './bulk';
