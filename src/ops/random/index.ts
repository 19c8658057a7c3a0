// Random ops and random initializers.
export * from './initializers.js';
