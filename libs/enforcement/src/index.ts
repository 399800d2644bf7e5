export * from './lifecycle.js';
export * from './money.js';
export * from './outcomes.js';
