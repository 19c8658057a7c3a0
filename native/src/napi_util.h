// Shared N-API argument checking for the binding files (binding*.cc). Every entry point
// unwraps and checks each argument with these before calling a pure C++ kernel; a bad argument
// leaves a TypeError / RangeError pending and the entry point returns undefined.
#pragma once

#include <napi.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>

namespace tg {
namespace napi_util {

constexpr double kMaxSafe = 9007199254740991.0;  // 2^53 - 1

// Throws a JS error of the given kind (TypeError / RangeError) and returns undefined.
inline Napi::Value fail(Napi::Env env, bool range, const std::string& msg) {
  if (range) Napi::RangeError::New(env, msg).ThrowAsJavaScriptException();
  else Napi::TypeError::New(env, msg).ThrowAsJavaScriptException();
  return env.Undefined();
}

struct ArrayArg {
  napi_typedarray_type type = napi_int8_array;
  size_t length = 0;  // elements
  void* data = nullptr;
  size_t bytes = 0;
};

inline const char* typed_name(napi_typedarray_type t) {
  switch (t) {
    case napi_int8_array: return "Int8Array";
    case napi_uint8_array: return "Uint8Array";
    case napi_uint8_clamped_array: return "Uint8ClampedArray";
    case napi_int16_array: return "Int16Array";
    case napi_uint16_array: return "Uint16Array";
    case napi_int32_array: return "Int32Array";
    case napi_uint32_array: return "Uint32Array";
    case napi_float32_array: return "Float32Array";
    case napi_float64_array: return "Float64Array";
    case napi_bigint64_array: return "BigInt64Array";
    case napi_biguint64_array: return "BigUint64Array";
    default: return "TypedArray";
  }
}

inline size_t elem_bytes(napi_typedarray_type t) {
  switch (t) {
    case napi_int8_array: case napi_uint8_array: case napi_uint8_clamped_array: return 1;
    case napi_int16_array: case napi_uint16_array: return 2;
    case napi_float64_array: case napi_bigint64_array: case napi_biguint64_array: return 8;
    default: return 4;
  }
}

inline std::string js_type(napi_env env, napi_value v) {
  napi_valuetype t;
  if (napi_typeof(env, v, &t) != napi_ok) return "unknown";
  switch (t) {
    case napi_undefined: return "undefined";
    case napi_null: return "null";
    case napi_boolean: return "boolean";
    case napi_number: return "number";
    case napi_string: return "string";
    case napi_symbol: return "symbol";
    case napi_function: return "function";
    case napi_bigint: return "bigint";
    default: {
      bool is_array = false;
      napi_is_array(env, v, &is_array);
      return is_array ? "Array" : "object";
    }
  }
}

// A TypedArray argument; false (with a TypeError pending) when it is not one.
inline bool get_array(Napi::Env env, napi_value v, const char* fn, const char* what, ArrayArg* out) {
  napi_value buffer;
  size_t offset;
  // napi_get_typedarray_info itself rejects anything that is not a TypedArray
  if (napi_get_typedarray_info(env, v, &out->type, &out->length, &out->data, &buffer, &offset) != napi_ok) {
    bool pending = false;
    napi_is_exception_pending(env, &pending);
    if (pending) {
      napi_value ignored;
      napi_get_and_clear_last_exception(env, &ignored);
    }
    fail(env, false, std::string(fn) + ": " + what + " must be a TypedArray, got " + js_type(env, v));
    return false;
  }
  out->bytes = out->length * elem_bytes(out->type);
  if (out->length > 0 && out->data == nullptr) {  // detached buffer
    fail(env, false, std::string(fn) + ": " + what + "'s buffer is detached");
    return false;
  }
  return true;
}

// A safe integer in [lo, hi]; false (with an error pending) otherwise.
inline bool get_count(Napi::Env env, napi_value v, const char* fn, const std::string& what, double lo, double hi, int64_t* out) {
  double x;
  if (napi_get_value_double(env, v, &x) != napi_ok) {  // not a number
    fail(env, false, std::string(fn) + ": " + what + " must be a number, got " + js_type(env, v));
    return false;
  }
  if (!(x >= lo && x <= hi) || std::floor(x) != x) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.17g", x);
    fail(env, true, std::string(fn) + ": " + what + " must be an integer in [" + std::to_string(static_cast<int64_t>(lo)) + ", " +
                        std::to_string(static_cast<int64_t>(hi)) + "], got " + buf);
    return false;
  }
  *out = static_cast<int64_t>(x);
  return true;
}

// Product of dims; false when it passes 2^53 (no typed array is that long).
inline bool product(const int64_t* dims, int n, int64_t* out) {
  int64_t p = 1;
  for (int i = 0; i < n; i++) {
    if (dims[i] == 0) {
      p = 0;
      continue;
    }
    if (p != 0 && dims[i] > static_cast<int64_t>(kMaxSafe) / p) {
      for (int j = i + 1; j < n; j++)
        if (dims[j] == 0) {
          *out = 0;
          return true;
        }
      return false;
    }
    if (p != 0) p *= dims[i];
  }
  *out = p;
  return true;
}

inline std::string shape_str(const int64_t* d, int r) {
  std::string s = "[";
  for (int i = 0; i < r; i++) s += (i ? "," : "") + std::to_string(d[i]);
  return s + "]";
}

inline bool overlaps(const ArrayArg& x, const ArrayArg& y) {
  if (x.bytes == 0 || y.bytes == 0) return false;
  const char* a = static_cast<const char*>(x.data);
  const char* b = static_cast<const char*>(y.data);
  return a < b + y.bytes && b < a + x.bytes;
}

}  // namespace napi_util

// Each family of kernels registers its entry points on the addon's exports (binding_<family>.cc).
void register_elementwise(Napi::Env env, Napi::Object exports);
void register_reduce(Napi::Env env, Napi::Object exports);
void register_conv(Napi::Env env, Napi::Object exports);
void register_train(Napi::Env env, Napi::Object exports);

}  // namespace tg
