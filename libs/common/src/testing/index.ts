export * from './repository-contract.js';
export * from './temp-dir.js';
export * from './storage-fixtures.js';
