export * from './indicator-type.js';
export * from './fold.js';
export * from './marketplaces.js';
export * from './normalise.js';
export * from './labels.js';
export * from './postal-address.js';
export * from './derived-keys.js';
