export * from './roles.js';
export * from './membership.js';
export * from './trademarks.js';
export * from './organisations.js';
export * from './sharing.js';
export * from './money.js';
export * from './terms.js';
export * from './regions.js';
