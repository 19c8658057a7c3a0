// N-API entry points of the reduce kernels (reductions, ArgMax/ArgMin, the softmax family,
// BiasAdd/BiasAddGrad, Transpose): unwrap and check every argument (napi_util.h), then call the
// pure C++ kernels (reduce.h). The TypeScript declaration is src/backend/native/binding_reduce.ts.
#include <string>

#include "napi_util.h"
#include "reduce.h"
#include "thread_pool.h"

namespace tg {

namespace {

using namespace napi_util;

// dtype of a Float32Array / Float64Array (/ Int32Array when ints); false with a TypeError pending.
bool array_dtype(Napi::Env env, const ArrayArg& a, const char* fn, const char* what, bool ints, DType* dt) {
  switch (a.type) {
    case napi_float32_array: *dt = DType::kF32; return true;
    case napi_float64_array: *dt = DType::kF64; return true;
    case napi_int32_array:
      if (ints) {
        *dt = DType::kI32;
        return true;
      }
      break;
    default: break;
  }
  fail(env, false, std::string(fn) + ": " + what + " must be a Float32Array" + (ints ? ", Float64Array or Int32Array" : " or Float64Array") +
                       ", got " + typed_name(a.type));
  return false;
}

bool same_type(Napi::Env env, const ArrayArg& a, const ArrayArg& b, const char* fn, const char* wa, const char* wb) {
  if (a.type == b.type) return true;
  fail(env, false, std::string(fn) + ": " + wb + " must be a " + typed_name(a.type) + " like " + wa + ", got " + typed_name(b.type));
  return false;
}

// n non-negative safe integers from a Float64Array of at least n (dims descriptors).
bool get_ints(Napi::Env env, napi_value v, const char* fn, const char* what, int64_t* out, size_t n, size_t* have = nullptr) {
  ArrayArg d;
  if (!get_array(env, v, fn, what, &d)) return false;
  if (d.type != napi_float64_array) {
    fail(env, false, std::string(fn) + ": " + what + " must be a Float64Array, got " + typed_name(d.type));
    return false;
  }
  if (have) *have = d.length;
  if (d.length < n) {
    fail(env, true, std::string(fn) + ": " + what + " must hold at least " + std::to_string(n) + " numbers, got " + std::to_string(d.length));
    return false;
  }
  const double* x = static_cast<const double*>(d.data);
  for (size_t i = 0; i < n; i++) {
    if (!(x[i] >= 0 && x[i] <= kMaxSafe) || std::floor(x[i]) != x[i]) {
      char buf[64];
      std::snprintf(buf, sizeof buf, "%.17g", x[i]);
      fail(env, true, std::string(fn) + ": " + what + "[" + std::to_string(i) + "] must be a non-negative integer, got " + buf);
      return false;
    }
    out[i] = static_cast<int64_t>(x[i]);
  }
  return true;
}

bool get_threads(Napi::Env env, napi_value v, const char* fn, int* out) {
  int64_t t;
  if (!get_count(env, v, fn, "threads", 0, kMaxThreads, &t)) return false;
  *out = static_cast<int>(t);
  return true;
}

bool check_len(Napi::Env env, const ArrayArg& a, const char* fn, const char* what, const int64_t* dims, int n) {
  int64_t p;
  if (!product(dims, n, &p) || static_cast<uint64_t>(p) != a.length) {
    fail(env, true, std::string(fn) + ": " + what + " has " + std::to_string(a.length) + " elements, but the shape " + shape_str(dims, n) +
                        " needs " + (product(dims, n, &p) ? std::to_string(p) : std::string("more than 2^53")));
    return false;
  }
  return true;
}

bool check_disjoint(Napi::Env env, const ArrayArg& a, const ArrayArg& b, const char* fn, const char* wa, const char* wb) {
  if (!overlaps(a, b)) return true;
  fail(env, true, std::string(fn) + ": " + wa + " must not share memory with " + wb);
  return false;
}

// reduce(x, out, dims, axesMask, op, threads): dims = [rank, ...shape]; bit d of axesMask
// reduces dim d; op 0 sum, 1 mean, 2 max, 3 min, 4 prod; out holds the kept dims.
Napi::Value Reduce(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  static const char* fn = "reduce";
  if (info.Length() != 6) return fail(env, false, "reduce: expected 6 arguments (x, out, dims, axesMask, op, threads), got " + std::to_string(info.Length()));
  ArrayArg x, out;
  DType dt;
  if (!get_array(env, info[0], fn, "x", &x) || !get_array(env, info[1], fn, "out", &out) || !array_dtype(env, x, fn, "x", true, &dt) ||
      !same_type(env, x, out, fn, "x", "out"))
    return env.Undefined();
  int64_t rank;
  size_t have = 0;
  if (!get_ints(env, info[2], fn, "dims", &rank, 1, &have)) return env.Undefined();
  if (rank > kReduceMaxRank) return fail(env, true, "reduce: rank must be at most " + std::to_string(kReduceMaxRank) + ", got " + std::to_string(rank));
  int64_t d[1 + kReduceMaxRank];
  if (!get_ints(env, info[2], fn, "dims", d, 1 + rank)) return env.Undefined();
  int64_t mask, op;
  int threads;
  if (!get_count(env, info[3], fn, "axesMask", 0, static_cast<double>((int64_t(1) << rank) - 1), &mask) ||
      !get_count(env, info[4], fn, "op", 0, 4, &op) || !get_threads(env, info[5], fn, &threads))
    return env.Undefined();
  const int r = static_cast<int>(rank);
  if (!check_len(env, x, fn, "x", d + 1, r)) return env.Undefined();
  bool red[kReduceMaxRank];
  int64_t kept[kReduceMaxRank];
  int nk = 0;
  for (int k = 0; k < r; k++) {
    red[k] = (mask >> k) & 1;
    if (!red[k]) kept[nk++] = d[1 + k];
  }
  if (!check_len(env, out, fn, "out", kept, nk) || !check_disjoint(env, x, out, fn, "x", "out")) return env.Undefined();
  reduce(dt, static_cast<ReduceOp>(op), x.data, out.data, r, d + 1, red, threads, current_isa());
  return env.Undefined();
}

// argReduce(x, out, dims, isMin, threads): x viewed as dims = [outer, len, inner] (len >= 1);
// out (Int32Array or BigInt64Array) holds outer * inner indices.
Napi::Value ArgReduce(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  static const char* fn = "argReduce";
  if (info.Length() != 5) return fail(env, false, "argReduce: expected 5 arguments (x, out, dims, isMin, threads), got " + std::to_string(info.Length()));
  ArrayArg x, out;
  DType dt;
  if (!get_array(env, info[0], fn, "x", &x) || !get_array(env, info[1], fn, "out", &out) || !array_dtype(env, x, fn, "x", true, &dt))
    return env.Undefined();
  if (out.type != napi_int32_array && out.type != napi_bigint64_array)
    return fail(env, false, std::string("argReduce: out must be an Int32Array or BigInt64Array, got ") + typed_name(out.type));
  int64_t d[3], is_min;
  int threads;
  if (!get_ints(env, info[2], fn, "dims", d, 3) || !get_count(env, info[3], fn, "isMin", 0, 1, &is_min) || !get_threads(env, info[4], fn, &threads))
    return env.Undefined();
  if (d[1] < 1) return fail(env, true, "argReduce: the reduced dim must not be empty");
  const int64_t od[2] = {d[0], d[2]};
  if (!check_len(env, x, fn, "x", d, 3) || !check_len(env, out, fn, "out", od, 2) || !check_disjoint(env, x, out, fn, "x", "out"))
    return env.Undefined();
  arg_reduce(dt, is_min != 0, x.data, out.data, out.type == napi_bigint64_array, d[0], d[1], d[2], threads, current_isa());
  return env.Undefined();
}

// softmax(x, y, depth, log, threads): rows of `depth`; y may not overlap x.
Napi::Value Softmax(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  static const char* fn = "softmax";
  if (info.Length() != 5) return fail(env, false, "softmax: expected 5 arguments (x, y, depth, log, threads), got " + std::to_string(info.Length()));
  ArrayArg x, y;
  DType dt;
  if (!get_array(env, info[0], fn, "x", &x) || !get_array(env, info[1], fn, "y", &y) || !array_dtype(env, x, fn, "x", false, &dt) ||
      !same_type(env, x, y, fn, "x", "y"))
    return env.Undefined();
  int64_t depth, log;
  int threads;
  if (!get_count(env, info[2], fn, "depth", 0, kMaxSafe, &depth) || !get_count(env, info[3], fn, "log", 0, 1, &log) ||
      !get_threads(env, info[4], fn, &threads))
    return env.Undefined();
  if (depth == 0 ? x.length != 0 : x.length % depth != 0)
    return fail(env, true, "softmax: x has " + std::to_string(x.length) + " elements, not a multiple of depth " + std::to_string(depth));
  if (y.length != x.length) return fail(env, true, "softmax: y has " + std::to_string(y.length) + " elements, x " + std::to_string(x.length));
  if (!check_disjoint(env, x, y, fn, "x", "y")) return env.Undefined();
  softmax(dt, log != 0, x.data, y.data, depth ? static_cast<int64_t>(x.length) / depth : 0, depth, threads, current_isa());
  return env.Undefined();
}

// softmaxXent(logits, labels, loss, backprop, dims, threads): dims = [lb, lc, yb, yc]
// (logits [lb, lc], labels [yb, yc], each dim 1 or the full size).
Napi::Value SoftmaxXent(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  static const char* fn = "softmaxXent";
  if (info.Length() != 6)
    return fail(env, false, "softmaxXent: expected 6 arguments (logits, labels, loss, backprop, dims, threads), got " + std::to_string(info.Length()));
  ArrayArg l, y, loss, back;
  DType dt;
  if (!get_array(env, info[0], fn, "logits", &l) || !get_array(env, info[1], fn, "labels", &y) || !get_array(env, info[2], fn, "loss", &loss) ||
      !get_array(env, info[3], fn, "backprop", &back) || !array_dtype(env, l, fn, "logits", false, &dt) ||
      !same_type(env, l, y, fn, "logits", "labels") || !same_type(env, l, loss, fn, "logits", "loss") ||
      !same_type(env, l, back, fn, "logits", "backprop"))
    return env.Undefined();
  int64_t d[4];
  int threads;
  if (!get_ints(env, info[4], fn, "dims", d, 4) || !get_threads(env, info[5], fn, &threads)) return env.Undefined();
  for (int k = 0; k < 2; k++)
    if (d[k] != d[k + 2] && d[k] != 1 && d[k + 2] != 1)
      return fail(env, true, "softmaxXent: logits and labels must be broadcastable: logits_size=" + shape_str(d, 2) + " labels_size=" + shape_str(d + 2, 2));
  const int64_t bd[2] = {d[0] == 1 ? d[2] : d[0], d[1] == 1 ? d[3] : d[1]};  // broadcast: 1 takes the other size (also 0)
  if (!check_len(env, l, fn, "logits", d, 2) || !check_len(env, y, fn, "labels", d + 2, 2) || !check_len(env, loss, fn, "loss", bd, 1) ||
      !check_len(env, back, fn, "backprop", bd, 2))
    return env.Undefined();
  if (!check_disjoint(env, loss, l, fn, "loss", "logits") || !check_disjoint(env, loss, y, fn, "loss", "labels") ||
      !check_disjoint(env, back, l, fn, "backprop", "logits") || !check_disjoint(env, back, y, fn, "backprop", "labels") ||
      !check_disjoint(env, back, loss, fn, "backprop", "loss"))
    return env.Undefined();
  softmax_xent(dt, l.data, y.data, loss.data, back.data, d[0], d[1], d[2], d[3], threads, current_isa());
  return env.Undefined();
}

// sparseSoftmaxXent(logits, labels, loss, backprop, depth, threads): logits [batch, depth],
// labels (Int32Array / BigInt64Array) [batch], each in [0, depth).
Napi::Value SparseSoftmaxXent(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  static const char* fn = "sparseSoftmaxXent";
  if (info.Length() != 6)
    return fail(env, false, "sparseSoftmaxXent: expected 6 arguments (logits, labels, loss, backprop, depth, threads), got " + std::to_string(info.Length()));
  ArrayArg l, y, loss, back;
  DType dt;
  if (!get_array(env, info[0], fn, "logits", &l) || !get_array(env, info[1], fn, "labels", &y) || !get_array(env, info[2], fn, "loss", &loss) ||
      !get_array(env, info[3], fn, "backprop", &back) || !array_dtype(env, l, fn, "logits", false, &dt) ||
      !same_type(env, l, loss, fn, "logits", "loss") || !same_type(env, l, back, fn, "logits", "backprop"))
    return env.Undefined();
  if (y.type != napi_int32_array && y.type != napi_bigint64_array)
    return fail(env, false, std::string("sparseSoftmaxXent: labels must be an Int32Array or BigInt64Array, got ") + typed_name(y.type));
  int64_t depth;
  int threads;
  if (!get_count(env, info[4], fn, "depth", 0, kMaxSafe, &depth) || !get_threads(env, info[5], fn, &threads)) return env.Undefined();
  const int64_t batch = static_cast<int64_t>(y.length);
  const int64_t bd[2] = {batch, depth};
  if (batch > 0 && depth == 0) return fail(env, true, "sparseSoftmaxXent: must have at least one class");
  if (!check_len(env, l, fn, "logits", bd, 2) || !check_len(env, loss, fn, "loss", bd, 1) || !check_len(env, back, fn, "backprop", bd, 2))
    return env.Undefined();
  if (!check_disjoint(env, loss, l, fn, "loss", "logits") || !check_disjoint(env, loss, y, fn, "loss", "labels") ||
      !check_disjoint(env, back, l, fn, "backprop", "logits") || !check_disjoint(env, back, y, fn, "backprop", "labels") ||
      !check_disjoint(env, back, loss, fn, "backprop", "loss"))
    return env.Undefined();
  for (int64_t b = 0; b < batch; b++) {
    const int64_t k = y.type == napi_int32_array ? static_cast<const int32_t*>(y.data)[b] : static_cast<const int64_t*>(y.data)[b];
    if (k < 0 || k >= depth)
      return fail(env, true, "sparseSoftmaxXent: Received a label value of " + std::to_string(k) + " which is outside the valid range of [0, " +
                                 std::to_string(depth) + ")");
  }
  sparse_softmax_xent(dt, l.data, y.data, y.type == napi_bigint64_array, loss.data, back.data, batch, depth, threads, current_isa());
  return env.Undefined();
}

// biasAdd(x, bias, y, dims, threads): x viewed as dims = [outer, channels, inner]; y may be x
// itself (not a partial overlap).
Napi::Value BiasAdd(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  static const char* fn = "biasAdd";
  if (info.Length() != 5) return fail(env, false, "biasAdd: expected 5 arguments (x, bias, y, dims, threads), got " + std::to_string(info.Length()));
  ArrayArg x, b, y;
  DType dt;
  if (!get_array(env, info[0], fn, "x", &x) || !get_array(env, info[1], fn, "bias", &b) || !get_array(env, info[2], fn, "y", &y) ||
      !array_dtype(env, x, fn, "x", false, &dt) || !same_type(env, x, b, fn, "x", "bias") || !same_type(env, x, y, fn, "x", "y"))
    return env.Undefined();
  int64_t d[3];
  int threads;
  if (!get_ints(env, info[3], fn, "dims", d, 3) || !get_threads(env, info[4], fn, &threads)) return env.Undefined();
  if (!check_len(env, x, fn, "x", d, 3) || !check_len(env, y, fn, "y", d, 3) || !check_len(env, b, fn, "bias", d + 1, 1)) return env.Undefined();
  if ((x.data != y.data && !check_disjoint(env, x, y, fn, "x", "y")) || !check_disjoint(env, y, b, fn, "y", "bias")) return env.Undefined();
  bias_add(dt, x.data, b.data, y.data, d[0], d[1], d[2], threads, current_isa());
  return env.Undefined();
}

// biasAddGrad(dy, db, dims, threads): db[c] = sum of dy viewed as dims = [outer, channels, inner].
Napi::Value BiasAddGrad(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  static const char* fn = "biasAddGrad";
  if (info.Length() != 4) return fail(env, false, "biasAddGrad: expected 4 arguments (dy, db, dims, threads), got " + std::to_string(info.Length()));
  ArrayArg dy, db;
  DType dt;
  if (!get_array(env, info[0], fn, "dy", &dy) || !get_array(env, info[1], fn, "db", &db) || !array_dtype(env, dy, fn, "dy", false, &dt) ||
      !same_type(env, dy, db, fn, "dy", "db"))
    return env.Undefined();
  int64_t d[3];
  int threads;
  if (!get_ints(env, info[2], fn, "dims", d, 3) || !get_threads(env, info[3], fn, &threads)) return env.Undefined();
  if (!check_len(env, dy, fn, "dy", d, 3) || !check_len(env, db, fn, "db", d + 1, 1) || !check_disjoint(env, dy, db, fn, "dy", "db"))
    return env.Undefined();
  bias_add_grad(dt, dy.data, db.data, d[0], d[1], d[2], threads, current_isa());
  return env.Undefined();
}

// transpose(x, y, dims, threads): dims = [rank, ...shape, ...perm]; x and y of one 4- or 8-byte
// element type; y's dim i is x's dim perm[i].
Napi::Value Transpose(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  static const char* fn = "transpose";
  if (info.Length() != 4) return fail(env, false, "transpose: expected 4 arguments (x, y, dims, threads), got " + std::to_string(info.Length()));
  ArrayArg x, y;
  if (!get_array(env, info[0], fn, "x", &x) || !get_array(env, info[1], fn, "y", &y) || !same_type(env, x, y, fn, "x", "y")) return env.Undefined();
  const size_t es = elem_bytes(x.type);
  if (es != 4 && es != 8) return fail(env, false, std::string("transpose: x must have 4- or 8-byte elements, got ") + typed_name(x.type));
  int64_t rank;
  if (!get_ints(env, info[2], fn, "dims", &rank, 1)) return env.Undefined();
  if (rank > kTransposeMaxRank) return fail(env, true, "transpose: rank must be at most " + std::to_string(kTransposeMaxRank) + ", got " + std::to_string(rank));
  int64_t d[1 + 2 * kTransposeMaxRank];
  int threads;
  if (!get_ints(env, info[2], fn, "dims", d, 1 + 2 * rank) || !get_threads(env, info[3], fn, &threads)) return env.Undefined();
  const int r = static_cast<int>(rank);
  int perm[kTransposeMaxRank];
  bool seen[kTransposeMaxRank] = {false};
  int64_t od[kTransposeMaxRank];
  for (int j = 0; j < r; j++) {
    const int64_t p = d[1 + r + j];
    if (p >= r || seen[p]) return fail(env, true, "transpose: perm " + shape_str(d + 1 + r, r) + " is not a permutation of 0.." + std::to_string(r - 1));
    seen[p] = true;
    perm[j] = static_cast<int>(p);
    od[j] = d[1 + p];
  }
  if (!check_len(env, x, fn, "x", d + 1, r) || !check_len(env, y, fn, "y", od, r) || !check_disjoint(env, x, y, fn, "x", "y")) return env.Undefined();
  transpose(static_cast<int>(es), x.data, y.data, r, d + 1, perm, threads);
  return env.Undefined();
}

}  // namespace

void register_reduce(Napi::Env env, Napi::Object exports) {
  exports.Set("reduce", Napi::Function::New(env, Reduce, "reduce"));
  exports.Set("argReduce", Napi::Function::New(env, ArgReduce, "argReduce"));
  exports.Set("softmax", Napi::Function::New(env, Softmax, "softmax"));
  exports.Set("softmaxXent", Napi::Function::New(env, SoftmaxXent, "softmaxXent"));
  exports.Set("sparseSoftmaxXent", Napi::Function::New(env, SparseSoftmaxXent, "sparseSoftmaxXent"));
  exports.Set("biasAdd", Napi::Function::New(env, BiasAdd, "biasAdd"));
  exports.Set("biasAddGrad", Napi::Function::New(env, BiasAddGrad, "biasAddGrad"));
  exports.Set("transpose", Napi::Function::New(env, Transpose, "transpose"));
}

}  // namespace tg
