// The conv part of the native addon's surface (native/src/binding_conv.cc). Memory stays in the
// caller's typed arrays; every argument is checked on the C++ side (TypeError / RangeError).

export interface ConvAddon {}
