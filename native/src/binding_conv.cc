// N-API entry points of the conv kernels: unwrap and check every argument (napi_util.h), then
// call the pure C++ kernels (conv.h, pool.h). The TypeScript declaration is
// src/backend/native/binding_conv.ts.
//
//   conv2d(x, f, y, geom, threads)                 geom: Float64Array of 15 (kConvGeom below)
//   conv2dBackpropInput(dy, f, dx, geom, threads)
//   conv2dBackpropFilter(x, dy, df, geom, threads)
//   maxPool(x, y, geom, threads)                   geom: Float64Array of 12 (kPoolGeom below)
//   maxPoolGrad(x, dy, dx, geom, threads)
//   avgPool(x, y, geom, threads)
//   avgPoolGrad(dy, dx, geom, threads)
// Arrays: all Float32Array or all Float64Array; the output must not overlap an input; every
// length must be the one the geometry gives. threads: 0 (the pool's default) to 64.
#include <cmath>
#include <cstdint>
#include <string>

#include "conv.h"
#include "cpu.h"
#include "napi_util.h"
#include "pool.h"
#include "thread_pool.h"

namespace tg {
namespace {

using namespace napi_util;

// Every geometry value is an integer in [lo, 2^31 - 1]: products of two stay below 2^62, so no
// index arithmetic in the kernels can overflow.
constexpr double kMaxGeom = 2147483647.0;

const char* const kConvGeom[] = {"batch", "inH", "inW", "inC", "filterH", "filterW", "outC", "outH",
                                 "outW", "strideH", "strideW", "dilationH", "dilationW", "padTop", "padLeft"};
const char* const kPoolGeom[] = {"batch", "inH", "inW", "channels", "ksizeH", "ksizeW", "outH", "outW",
                                 "strideH", "strideW", "padTop", "padLeft"};

// Reads n geometry values; `min_one` says which must be >= 1.
bool get_geom(Napi::Env env, napi_value v, const char* fn, const char* const* names, int n, const bool* min_one, int64_t* out) {
  ArrayArg d;
  if (!get_array(env, v, fn, "geom", &d)) return false;
  if (d.type != napi_float64_array) {
    fail(env, false, std::string(fn) + ": geom must be a Float64Array, got " + typed_name(d.type));
    return false;
  }
  if (d.length != static_cast<size_t>(n)) {
    fail(env, true, std::string(fn) + ": geom must hold " + std::to_string(n) + " numbers, got " + std::to_string(d.length));
    return false;
  }
  const double* x = static_cast<const double*>(d.data);
  for (int i = 0; i < n; i++) {
    const double lo = min_one[i] ? 1 : 0;
    if (!(x[i] >= lo && x[i] <= kMaxGeom) || std::floor(x[i]) != x[i]) {
      char buf[64];
      std::snprintf(buf, sizeof buf, "%.17g", x[i]);
      fail(env, true, std::string(fn) + ": geom." + names[i] + " must be an integer in [" + (min_one[i] ? "1" : "0") + ", 2147483647], got " + buf);
      return false;
    }
    out[i] = static_cast<int64_t>(x[i]);
  }
  return true;
}

// The arrays' common dtype (Float32Array / Float64Array only).
bool get_dtype(Napi::Env env, const char* fn, const ArrayArg* arrs, const char* const* names, int n, DType* dt) {
  const napi_typedarray_type t = arrs[0].type;
  if (t != napi_float32_array && t != napi_float64_array) {
    fail(env, false, std::string(fn) + ": " + names[0] + " must be a Float32Array or Float64Array, got " + typed_name(t));
    return false;
  }
  for (int i = 1; i < n; i++) {
    if (arrs[i].type != t) {
      fail(env, false, std::string(fn) + ": " + names[i] + " must be a " + typed_name(t) + " like " + names[0] + ", got " + typed_name(arrs[i].type));
      return false;
    }
  }
  *dt = t == napi_float64_array ? DType::kF64 : DType::kF32;
  return true;
}

// The array's length must be the product of dims.
bool check_len(Napi::Env env, const char* fn, const char* what, const ArrayArg& a, const int64_t* dims, int rank) {
  int64_t n;
  if (!product(dims, rank, &n)) {
    fail(env, true, std::string(fn) + ": " + what + " shape " + shape_str(dims, rank) + " has more than 2^53 elements");
    return false;
  }
  if (static_cast<uint64_t>(n) != a.length) {
    fail(env, true, std::string(fn) + ": " + what + " has " + std::to_string(a.length) + " elements, but its shape " + shape_str(dims, rank) + " needs " + std::to_string(n));
    return false;
  }
  return true;
}

// Products the kernels form must stay below 2^53 (some are not array lengths when a dim is 0).
bool check_prod(Napi::Env env, const char* fn, const char* what, const int64_t* dims, int rank) {
  int64_t n;
  if (!product(dims, rank, &n)) {
    fail(env, true, std::string(fn) + ": " + what + " " + shape_str(dims, rank) + " has more than 2^53 elements");
    return false;
  }
  return true;
}

bool get_threads(Napi::Env env, napi_value v, const char* fn, int* threads) {
  int64_t t;
  if (!get_count(env, v, fn, "threads", 0, kMaxThreads, &t)) return false;
  *threads = static_cast<int>(t);
  return true;
}

bool no_overlap(Napi::Env env, const char* fn, const ArrayArg* arrs, const char* const* names, int n) {
  for (int i = 0; i < n - 1; i++) {
    if (overlaps(arrs[n - 1], arrs[i])) {
      fail(env, true, std::string(fn) + ": " + names[n - 1] + " must not share memory with " + names[i]);
      return false;
    }
  }
  return true;
}

enum class ConvOp { kForward, kBackpropInput, kBackpropFilter };

// Shared by the three conv entry points: args (a, b, out, geom, threads).
Napi::Value ConvEntry(const Napi::CallbackInfo& info, ConvOp op) {
  Napi::Env env = info.Env();
  const char* fn = op == ConvOp::kForward ? "conv2d" : op == ConvOp::kBackpropInput ? "conv2dBackpropInput" : "conv2dBackpropFilter";
  static const char* const kNames[3][3] = {{"x", "filter", "y"}, {"dy", "filter", "dx"}, {"x", "dy", "dfilter"}};
  const char* const* names = kNames[static_cast<int>(op)];
  if (info.Length() != 5) return fail(env, false, std::string(fn) + ": expected 5 arguments (" + names[0] + ", " + names[1] + ", " + names[2] + ", geom, threads), got " + std::to_string(info.Length()));
  ArrayArg arrs[3];
  for (int i = 0; i < 3; i++)
    if (!get_array(env, info[i], fn, names[i], &arrs[i])) return env.Undefined();
  DType dt;
  if (!get_dtype(env, fn, arrs, names, 3, &dt)) return env.Undefined();
  static const bool kMinOne[15] = {false, false, false, false, false, false, false, false, false, true, true, true, true, false, false};
  int64_t v[15];
  if (!get_geom(env, info[3], fn, kConvGeom, 15, kMinOne, v)) return env.Undefined();
  int threads;
  if (!get_threads(env, info[4], fn, &threads)) return env.Undefined();
  ConvGeom g{v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11], v[12], v[13], v[14]};
  const int64_t xs[4] = {g.batch, g.in_h, g.in_w, g.in_c};
  const int64_t fs[4] = {g.f_h, g.f_w, g.in_c, g.out_c};
  const int64_t ys[4] = {g.batch, g.out_h, g.out_w, g.out_c};
  const ArrayArg& xa = op == ConvOp::kBackpropInput ? arrs[2] : arrs[0];
  const ArrayArg& fa = op == ConvOp::kBackpropFilter ? arrs[2] : arrs[1];
  const ArrayArg& ya = op == ConvOp::kForward ? arrs[2] : op == ConvOp::kBackpropInput ? arrs[0] : arrs[1];
  const char* xn = op == ConvOp::kBackpropInput ? "dx" : "x";
  const char* fname = op == ConvOp::kBackpropFilter ? "dfilter" : "filter";
  const char* yn = op == ConvOp::kForward ? "y" : "dy";
  if (!check_len(env, fn, xn, xa, xs, 4) || !check_len(env, fn, fname, fa, fs, 4) || !check_len(env, fn, yn, ya, ys, 4) ||
      !check_prod(env, fn, "output pixels", ys, 3) || !check_prod(env, fn, "input pixels", xs, 3) || !check_prod(env, fn, "filter taps", fs, 3))
    return env.Undefined();
  if (!no_overlap(env, fn, arrs, names, 3)) return env.Undefined();
  const Isa isa = current_isa();
  switch (op) {
    case ConvOp::kForward: conv2d(dt, arrs[0].data, arrs[1].data, arrs[2].data, g, threads, isa); break;
    case ConvOp::kBackpropInput: conv2d_backprop_input(dt, arrs[0].data, arrs[1].data, arrs[2].data, g, threads, isa); break;
    case ConvOp::kBackpropFilter: conv2d_backprop_filter(dt, arrs[0].data, arrs[1].data, arrs[2].data, g, threads, isa); break;
  }
  return env.Undefined();
}

enum class PoolOp { kMax, kMaxGrad, kAvg, kAvgGrad };

// Shared by the four pool entry points: the arrays, then (geom, threads).
Napi::Value PoolEntry(const Napi::CallbackInfo& info, PoolOp op) {
  Napi::Env env = info.Env();
  const char* fn = op == PoolOp::kMax ? "maxPool" : op == PoolOp::kMaxGrad ? "maxPoolGrad" : op == PoolOp::kAvg ? "avgPool" : "avgPoolGrad";
  static const char* const kNames[4][3] = {{"x", "y", ""}, {"x", "dy", "dx"}, {"x", "y", ""}, {"dy", "dx", ""}};
  const char* const* names = kNames[static_cast<int>(op)];
  const int na = op == PoolOp::kMaxGrad ? 3 : 2;
  if (static_cast<int>(info.Length()) != na + 2) {
    std::string list;
    for (int i = 0; i < na; i++) list += std::string(names[i]) + ", ";
    return fail(env, false, std::string(fn) + ": expected " + std::to_string(na + 2) + " arguments (" + list + "geom, threads), got " + std::to_string(info.Length()));
  }
  ArrayArg arrs[3];
  for (int i = 0; i < na; i++)
    if (!get_array(env, info[i], fn, names[i], &arrs[i])) return env.Undefined();
  DType dt;
  if (!get_dtype(env, fn, arrs, names, na, &dt)) return env.Undefined();
  static const bool kMinOne[12] = {false, false, false, false, true, true, false, false, true, true, false, false};
  int64_t v[12];
  if (!get_geom(env, info[na], fn, kPoolGeom, 12, kMinOne, v)) return env.Undefined();
  int threads;
  if (!get_threads(env, info[na + 1], fn, &threads)) return env.Undefined();
  PoolGeom g{v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11]};
  const int64_t xs[4] = {g.batch, g.in_h, g.in_w, g.c};
  const int64_t ys[4] = {g.batch, g.out_h, g.out_w, g.c};
  bool ok;
  switch (op) {
    case PoolOp::kMax: case PoolOp::kAvg: ok = check_len(env, fn, "x", arrs[0], xs, 4) && check_len(env, fn, "y", arrs[1], ys, 4); break;
    case PoolOp::kMaxGrad: ok = check_len(env, fn, "x", arrs[0], xs, 4) && check_len(env, fn, "dy", arrs[1], ys, 4) && check_len(env, fn, "dx", arrs[2], xs, 4); break;
    default: ok = check_len(env, fn, "dy", arrs[0], ys, 4) && check_len(env, fn, "dx", arrs[1], xs, 4); break;
  }
  if (!ok || !check_prod(env, fn, "output pixels", ys, 3) || !check_prod(env, fn, "input pixels", xs, 3)) return env.Undefined();
  if (!no_overlap(env, fn, arrs, names, na)) return env.Undefined();
  switch (op) {
    case PoolOp::kMax: max_pool(dt, arrs[0].data, arrs[1].data, g, threads); break;
    case PoolOp::kMaxGrad: max_pool_grad(dt, arrs[0].data, arrs[1].data, arrs[2].data, g, threads); break;
    case PoolOp::kAvg: avg_pool(dt, arrs[0].data, arrs[1].data, g, threads); break;
    case PoolOp::kAvgGrad: avg_pool_grad(dt, arrs[0].data, arrs[1].data, g, threads); break;
  }
  return env.Undefined();
}

Napi::Value Conv2D(const Napi::CallbackInfo& info) { return ConvEntry(info, ConvOp::kForward); }
Napi::Value Conv2DBackpropInput(const Napi::CallbackInfo& info) { return ConvEntry(info, ConvOp::kBackpropInput); }
Napi::Value Conv2DBackpropFilter(const Napi::CallbackInfo& info) { return ConvEntry(info, ConvOp::kBackpropFilter); }
Napi::Value MaxPool(const Napi::CallbackInfo& info) { return PoolEntry(info, PoolOp::kMax); }
Napi::Value MaxPoolGrad(const Napi::CallbackInfo& info) { return PoolEntry(info, PoolOp::kMaxGrad); }
Napi::Value AvgPool(const Napi::CallbackInfo& info) { return PoolEntry(info, PoolOp::kAvg); }
Napi::Value AvgPoolGrad(const Napi::CallbackInfo& info) { return PoolEntry(info, PoolOp::kAvgGrad); }

}  // namespace

void register_conv(Napi::Env env, Napi::Object exports) {
  exports.Set("conv2d", Napi::Function::New(env, Conv2D, "conv2d"));
  exports.Set("conv2dBackpropInput", Napi::Function::New(env, Conv2DBackpropInput, "conv2dBackpropInput"));
  exports.Set("conv2dBackpropFilter", Napi::Function::New(env, Conv2DBackpropFilter, "conv2dBackpropFilter"));
  exports.Set("maxPool", Napi::Function::New(env, MaxPool, "maxPool"));
  exports.Set("maxPoolGrad", Napi::Function::New(env, MaxPoolGrad, "maxPoolGrad"));
  exports.Set("avgPool", Napi::Function::New(env, AvgPool, "avgPool"));
  exports.Set("avgPoolGrad", Napi::Function::New(env, AvgPoolGrad, "avgPoolGrad"));
}

}  // namespace tg
