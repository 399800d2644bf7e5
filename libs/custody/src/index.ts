export * from './chain.js';
export * from './pack.js';
