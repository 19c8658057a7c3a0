// N-API glue only: unwraps and checks every argument, then calls the pure C++ kernels. Memory
// always belongs to JavaScript: kernels read and write the typed arrays they are handed. Any bad
// argument (type, length, shape, dtype, flags, aliasing) is a JS exception, never a crash or an
// out-of-bounds write. The TypeScript side of this surface is src/backend/native/binding.ts.
#include <napi.h>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include <cmath>
#include <cstdlib>
#include <cstdint>
#include <cstdio>
#include <string>

#include "cpu.h"
#include "napi_util.h"
#include "gemm.h"
#include "probe.h"
#include "thread_pool.h"

namespace {

using tg::DType;
using namespace tg::napi_util;

constexpr int kMaxRank = tg::kMaxBatchRank + 2;

// Reads a dims descriptor [rankA, rankB, ...shapeA, ...shapeB] from a Float64Array (one N-API
// call instead of two per dimension: this is the per-call overhead of every small matmul).
bool get_dims(Napi::Env env, napi_value v, const char* fn, int64_t* as, int* ra, int64_t* bs, int* rb) {
  ArrayArg d;
  if (!get_array(env, v, fn, "dims", &d)) return false;
  if (d.type != napi_float64_array) {
    fail(env, false, std::string(fn) + ": dims must be a Float64Array, got " + typed_name(d.type));
    return false;
  }
  const double* x = static_cast<const double*>(d.data);
  if (d.length < 2) {
    fail(env, true, std::string(fn) + ": dims must hold [rankA, rankB, ...shapeA, ...shapeB]");
    return false;
  }
  for (int i = 0; i < 2; i++) {
    if (!(x[i] >= 2 && x[i] <= kMaxRank) || std::floor(x[i]) != x[i]) {
      fail(env, true, std::string(fn) + ": " + (i ? "b" : "a") + " must have rank 2 to " + std::to_string(kMaxRank) + ", got " + std::to_string(x[i]));
      return false;
    }
  }
  *ra = static_cast<int>(x[0]);
  *rb = static_cast<int>(x[1]);
  if (d.length < static_cast<size_t>(2 + *ra + *rb)) {
    fail(env, true, std::string(fn) + ": dims holds " + std::to_string(d.length) + " numbers, but ranks " + std::to_string(*ra) + " and " + std::to_string(*rb) + " need " + std::to_string(2 + *ra + *rb));
    return false;
  }
  for (int i = 0; i < *ra + *rb; i++) {
    const double v = x[2 + i];
    if (!(v >= 0 && v <= kMaxSafe) || std::floor(v) != v) {
      char buf[64];
      std::snprintf(buf, sizeof buf, "%.17g", v);
      fail(env, true, std::string(fn) + ": dimension " + std::to_string(i < *ra ? i : i - *ra) + " of " + (i < *ra ? "a" : "b") + " must be a non-negative integer, got " + buf);
      return false;
    }
    (i < *ra ? as[i] : bs[i - *ra]) = static_cast<int64_t>(v);
  }
  return true;
}

// matmul(a, b, c, dims, flags): c = op(a) · op(b), batched with broadcasting.
// dims: Float64Array [rankA, rankB, ...shapeA, ...shapeB] (may be longer).
// flags: bit 0 transposes a, bit 1 transposes b, bits 2.. are the thread count (0 = default).
Napi::Value MatMul(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  static const char* fn = "matmul";
  if (info.Length() != 5) return fail(env, false, "matmul: expected 5 arguments (a, b, c, dims, flags), got " + std::to_string(info.Length()));
  ArrayArg a, b, c;
  if (!get_array(env, info[0], fn, "a", &a) || !get_array(env, info[1], fn, "b", &b) || !get_array(env, info[2], fn, "c", &c))
    return env.Undefined();
  DType dt;
  switch (a.type) {
    case napi_float32_array: dt = DType::kF32; break;
    case napi_float64_array: dt = DType::kF64; break;
    case napi_int32_array: dt = DType::kI32; break;
    default: return fail(env, false, std::string("matmul: a must be a Float32Array, Float64Array or Int32Array, got ") + typed_name(a.type));
  }
  if (b.type != a.type || c.type != a.type)
    return fail(env, false, std::string("matmul: a, b and c must be of one type, got ") + typed_name(a.type) + ", " + typed_name(b.type) + ", " + typed_name(c.type));
  int64_t as[kMaxRank], bs[kMaxRank];
  int ra, rb;
  if (!get_dims(env, info[3], fn, as, &ra, bs, &rb)) return env.Undefined();
  int64_t flags;
  if (!get_count(env, info[4], fn, "flags", 0, 4 * tg::kMaxThreads + 3, &flags)) return env.Undefined();
  const bool ta = flags & 1, tb = flags & 2;
  const int threads = static_cast<int>(flags >> 2);

  int64_t na, nb;
  if (!product(as, ra, &na) || static_cast<uint64_t>(na) != a.length)
    return fail(env, true, "matmul: a has " + std::to_string(a.length) + " elements, but aShape " + shape_str(as, ra) + " needs " + (product(as, ra, &na) ? std::to_string(na) : std::string("more than 2^53")));
  if (!product(bs, rb, &nb) || static_cast<uint64_t>(nb) != b.length)
    return fail(env, true, "matmul: b has " + std::to_string(b.length) + " elements, but bShape " + shape_str(bs, rb) + " needs " + (product(bs, rb, &nb) ? std::to_string(nb) : std::string("more than 2^53")));
  const int64_t m = ta ? as[ra - 1] : as[ra - 2], ka = ta ? as[ra - 2] : as[ra - 1];
  const int64_t kb = tb ? bs[rb - 1] : bs[rb - 2], n = tb ? bs[rb - 2] : bs[rb - 1];
  if (ka != kb)
    return fail(env, true, "matmul: Matrix size-incompatible: In[0]: " + shape_str(as, ra) + ", In[1]: " + shape_str(bs, rb));

  // Broadcast the batch dims (aligned on the right) and collapse runs that index alike.
  const int rba = ra - 2, rbb = rb - 2, rank = rba > rbb ? rba : rbb;
  tg::BatchLayout bl;
  int64_t out_batch[kMaxRank];
  int64_t sa = m * ka, sb = ka * n;  // element stride of the innermost batch dim (products checked above)
  int64_t da[kMaxRank], db[kMaxRank];
  for (int d = rank - 1; d >= 0; d--) {
    const int ia = d - (rank - rba), ib = d - (rank - rbb);
    const int64_t xa = ia >= 0 ? as[ia] : 1, xb = ib >= 0 ? bs[ib] : 1;
    if (xa != xb && xa != 1 && xb != 1)
      return fail(env, true, "matmul: In[0] and In[1] must have compatible batch dimensions: " + shape_str(as, ra) + " vs. " + shape_str(bs, rb));
    out_batch[d] = xa == 1 ? xb : xa;
    da[d] = xa == 1 ? 0 : sa;
    db[d] = xb == 1 ? 0 : sb;
    sa *= xa;
    sb *= xb;
  }
  int64_t batch = 1;
  if (!product(out_batch, rank, &batch)) return fail(env, true, "matmul: the output is too large");
  int64_t nc;
  int64_t mn[2] = {m, n};
  if (!product(mn, 2, &nc) || (batch && nc > static_cast<int64_t>(kMaxSafe) / batch) || static_cast<uint64_t>(nc * batch) != c.length) {
    out_batch[rank] = m;
    out_batch[rank + 1] = n;
    return fail(env, true, "matmul: c has " + std::to_string(c.length) + " elements, but the product has shape " + shape_str(out_batch, rank + 2));
  }
  if (overlaps(c, a) || overlaps(c, b)) return fail(env, true, "matmul: c must not share memory with a or b");
  for (int d = 0; d < rank; d++) {
    if (out_batch[d] == 1) continue;
    if (bl.rank > 0) {
      const int p = bl.rank - 1;
      if (bl.a_stride[p] == da[d] * out_batch[d] && bl.b_stride[p] == db[d] * out_batch[d]) {
        bl.dims[p] *= out_batch[d];
        bl.a_stride[p] = da[d];
        bl.b_stride[p] = db[d];
        continue;
      }
    }
    if (bl.rank == tg::kMaxBatchRank) return fail(env, true, "matmul: more than 16 batch dimensions that broadcast differently");
    bl.dims[bl.rank] = out_batch[d];
    bl.a_stride[bl.rank] = da[d];
    bl.b_stride[bl.rank] = db[d];
    bl.rank++;
  }
  tg::MatMulArgs args{dt, a.data, b.data, c.data, m, n, ka, ta, tb, bl};
  tg::matmul(args, threads, tg::current_isa());
  return env.Undefined();
}

Napi::Value Info(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const tg::CpuFeatures& f = tg::cpu_features();
  Napi::Object o = Napi::Object::New(env);
  o.Set("isa", tg::isa_name(tg::current_isa()));
  o.Set("bestIsa", tg::isa_name(tg::best_isa()));
  o.Set("threads", tg::default_threads());
  o.Set("hardwareThreads", tg::hardware_threads());
  o.Set("spinUs", tg::spin_us());
  o.Set("cpu", std::string(f.brand));
  o.Set("avx2", f.avx2_fma);
  o.Set("avx512", f.avx512);
  return o;
}

Napi::Value SetThreads(const Napi::CallbackInfo& info) {
  int64_t n;
  if (!get_count(info.Env(), info[0], "setThreads", "threads", 1, tg::kMaxThreads, &n)) return info.Env().Undefined();
  return Napi::Number::New(info.Env(), tg::set_default_threads(static_cast<int>(n)));
}

Napi::Value SetSpinUs(const Napi::CallbackInfo& info) {
  int64_t us;
  if (!get_count(info.Env(), info[0], "setSpinUs", "us", 0, 1000000, &us)) return info.Env().Undefined();
  tg::set_spin_us(static_cast<int>(us));
  return Napi::Number::New(info.Env(), tg::spin_us());
}

Napi::Value SetIsa(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!info[0].IsString()) return fail(env, false, "setIsa: name must be a string, got " + js_type(env, info[0]));
  tg::Isa isa;
  const std::string name = info[0].As<Napi::String>().Utf8Value();
  if (!tg::parse_isa(name.c_str(), &isa)) return fail(env, true, "setIsa: name must be 'scalar', 'avx2' or 'avx512', got '" + name + "'");
  return Napi::String::New(env, tg::isa_name(tg::set_isa(isa)));
}

// fmaPeak(seconds, threads): register-only f32 FMA GFLOP/s of the current path.
Napi::Value FmaPeak(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  napi_valuetype t;
  double secs = 0;
  if (napi_typeof(env, info[0], &t) != napi_ok || t != napi_number || napi_get_value_double(env, info[0], &secs) != napi_ok || !(secs > 0 && secs <= 10))
    return fail(env, true, "fmaPeak: seconds must be a number in (0, 10]");
  int64_t threads;
  if (!get_count(env, info[1], "fmaPeak", "threads", 0, tg::kMaxThreads, &threads)) return env.Undefined();
  return Napi::Number::New(env, tg::fma_peak_gflops(static_cast<int>(threads), secs, tg::current_isa()));
}

// V8 frees the memory of dead typed arrays late (after a GC, from a sweeper thread), so the
// output of every kernel call is fresh memory. With glibc's default dynamic thresholds, buffers
// of 128 KiB and more come from mmap and are returned to the OS when freed: each new output
// then page-faults in again (~1 µs per 4 KiB page on these VMs: a 256 KiB output costs ~90 µs
// before the kernel writes anything). Raising the thresholds makes malloc recycle freed buffers
// instead, as NumPy's and PyTorch's caching allocators do. TENSORGRAPH_MALLOC_TUNE=0 opts out.
void tune_malloc() {
#if defined(__GLIBC__) && defined(M_MMAP_THRESHOLD)
  const char* opt = std::getenv("TENSORGRAPH_MALLOC_TUNE");
  if (opt && opt[0] == '0') return;
  static bool done = false;
  if (done) return;
  done = true;
  mallopt(M_MMAP_THRESHOLD, 64 << 20);
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
#endif
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  tune_malloc();
  exports.Set("matmul", Napi::Function::New(env, MatMul, "matmul"));
  exports.Set("info", Napi::Function::New(env, Info, "info"));
  exports.Set("setThreads", Napi::Function::New(env, SetThreads, "setThreads"));
  exports.Set("setSpinUs", Napi::Function::New(env, SetSpinUs, "setSpinUs"));
  exports.Set("setIsa", Napi::Function::New(env, SetIsa, "setIsa"));
  exports.Set("fmaPeak", Napi::Function::New(env, FmaPeak, "fmaPeak"));
  tg::register_elementwise(env, exports);
  tg::register_reduce(env, exports);
  tg::register_conv(env, exports);
  tg::register_train(env, exports);
  exports.Set("abiVersion", Napi::Number::New(env, 2));
  return exports;
}

}  // namespace

NODE_API_MODULE(tensorgraph_native, Init)
