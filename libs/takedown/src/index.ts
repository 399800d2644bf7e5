export * from './business-days.js';
export * from './complainants.js';
export * from './lifecycle.js';
export * from './sla.js';
export * from './strikes.js';
export * from './listings.js';
export * from './pdf-form.js';
