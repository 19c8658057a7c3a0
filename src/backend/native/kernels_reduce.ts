// Native reduce kernels, registered for the 'native' backend (see kernels.ts for the pattern).
export {};
