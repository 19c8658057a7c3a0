// The reduce part of the native addon's surface (native/src/binding_reduce.cc). Memory stays in the
// caller's typed arrays; every argument is checked on the C++ side (TypeError / RangeError).

export interface ReduceAddon {}
