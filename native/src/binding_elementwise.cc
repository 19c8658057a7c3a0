// N-API entry points of the elementwise kernels: unwrap and check every argument (napi_util.h), then
// call the pure C++ kernels. The TypeScript declaration is src/backend/native/binding_elementwise.ts.
//
//   ewOps()                                   [[name, arity, int32], ...] indexed by op code
//   ewUnary(op, x, out, flags)                out = op(x)
//   ewBinary(op, a, b, out, dims, flags)      out = op(a, b) broadcast; dims [rankA, rankB, ...shapeA, ...shapeB]
//   ewProgram(code, inputs, out, dims, flags) a fused program; code [nInputs, nNodes, (op, arg0, arg1)*];
//                                             dims [outRank, ...outShape, rank0, ...shape0, rank1, ...]
//   ewAddN(inputs, out, flags)                out = sum of same-length arrays
//   ewCast(x, out, flags)                     out = cast(x) among Float32/Float64/Int32Array
// flags: the thread count (0 = the pool's default). out may be exactly an input of its own
// length (in place); any other overlap with an input is a RangeError.
#include <cmath>
#include <cstdint>
#include <string>

#include "cpu.h"
#include "elementwise.h"
#include "napi_util.h"
#include "thread_pool.h"

namespace tg {
namespace {

using namespace tg::napi_util;

bool dtype_of(Napi::Env env, const ArrayArg& a, const char* fn, const char* what, DType* dt) {
  switch (a.type) {
    case napi_float32_array: *dt = DType::kF32; return true;
    case napi_float64_array: *dt = DType::kF64; return true;
    case napi_int32_array: *dt = DType::kI32; return true;
    default:
      fail(env, false, std::string(fn) + ": " + what + " must be a Float32Array, Float64Array or Int32Array, got " + typed_name(a.type));
      return false;
  }
}

bool same_type(Napi::Env env, const ArrayArg& a, const ArrayArg& b, const char* fn, const char* what) {
  if (a.type == b.type) return true;
  fail(env, false, std::string(fn) + ": " + what + " must be a " + typed_name(b.type) + " like out, got " + typed_name(a.type));
  return false;
}

// An input may be the output itself (same memory, same length, read in place); no other overlap.
bool check_alias(Napi::Env env, const ArrayArg& in, const ArrayArg& out, bool contiguous, const char* fn, const std::string& what) {
  if (!overlaps(in, out)) return true;
  if (contiguous && in.data == out.data && in.bytes == out.bytes) return true;
  fail(env, true, std::string(fn) + ": out partially overlaps " + what + " (only out === an input of the same shape is allowed)");
  return false;
}

bool get_op(Napi::Env env, napi_value v, const char* fn, int arity, DType dt, int* op) {
  int64_t x;
  if (!get_count(env, v, fn, "op", 0, kEwNumOps - 1, &x)) return false;
  if (ew_op_arity(static_cast<int>(x)) != arity) {
    fail(env, true, std::string(fn) + ": op " + ew_op_name(static_cast<int>(x)) + " takes " + std::to_string(ew_op_arity(static_cast<int>(x))) + " operands");
    return false;
  }
  if (dt == DType::kI32 && !ew_op_has_int32(static_cast<int>(x))) {
    fail(env, false, std::string(fn) + ": op " + ew_op_name(static_cast<int>(x)) + " has no int32 kernel");
    return false;
  }
  *op = static_cast<int>(x);
  return true;
}

bool get_threads(Napi::Env env, napi_value v, const char* fn, int* threads) {
  int64_t t;
  if (!get_count(env, v, fn, "flags", 0, kMaxThreads, &t)) return false;
  *threads = static_cast<int>(t);
  return true;
}

// Reads a shape of `rank` dims from x[pos..]; checks each is a non-negative safe integer.
bool read_shape(Napi::Env env, const double* x, size_t len, size_t* pos, const char* fn, const std::string& what, int64_t* shape, int* rank) {
  if (*pos >= len) {
    fail(env, true, std::string(fn) + ": dims ends before the rank of " + what);
    return false;
  }
  const double r = x[(*pos)++];
  if (!(r >= 0 && r <= kEwMaxRank) || std::floor(r) != r) {
    fail(env, true, std::string(fn) + ": the rank of " + what + " must be an integer in [0, " + std::to_string(kEwMaxRank) + "]");
    return false;
  }
  *rank = static_cast<int>(r);
  if (len - *pos < static_cast<size_t>(*rank)) {
    fail(env, true, std::string(fn) + ": dims ends inside the shape of " + what);
    return false;
  }
  for (int d = 0; d < *rank; d++) {
    const double v = x[(*pos)++];
    if (!(v >= 0 && v <= kMaxSafe) || std::floor(v) != v) {
      fail(env, true, std::string(fn) + ": dimension " + std::to_string(d) + " of " + what + " must be a non-negative integer");
      return false;
    }
    shape[d] = static_cast<int64_t>(v);
  }
  return true;
}

bool check_length(Napi::Env env, const ArrayArg& a, const int64_t* shape, int rank, const char* fn, const std::string& what) {
  int64_t n;
  if (!product(shape, rank, &n) || static_cast<uint64_t>(n) != a.length) {
    fail(env, true, std::string(fn) + ": " + what + " has " + std::to_string(a.length) + " elements, but its shape " + shape_str(shape, rank) + " needs " +
                        (product(shape, rank, &n) ? std::to_string(n) : std::string("more than 2^53")));
    return false;
  }
  return true;
}

// Every input shape must broadcast to out_shape (right-aligned: each dim equal or 1).
bool check_broadcast(Napi::Env env, const int64_t* in, int rin, const int64_t* out, int rout, const char* fn, const std::string& what) {
  bool ok = rin <= rout;
  for (int d = 0; ok && d < rin; d++) {
    const int64_t x = in[d], y = out[rout - rin + d];
    ok = x == y || x == 1;
  }
  if (!ok) fail(env, true, std::string(fn) + ": " + what + " of shape " + shape_str(in, rin) + " does not broadcast to " + shape_str(out, rout));
  return ok;
}

Napi::Value Ops(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Array a = Napi::Array::New(env, kEwNumOps);
  for (int i = 0; i < kEwNumOps; i++) {
    Napi::Array e = Napi::Array::New(env, 3);
    e.Set(0u, ew_op_name(i));
    e.Set(1u, ew_op_arity(i));
    e.Set(2u, ew_op_has_int32(i));
    a.Set(static_cast<uint32_t>(i), e);
  }
  return a;
}

Napi::Value Unary(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  static const char* fn = "ewUnary";
  if (info.Length() != 4) return fail(env, false, "ewUnary: expected 4 arguments (op, x, out, flags), got " + std::to_string(info.Length()));
  ArrayArg x, out;
  DType dt;
  if (!get_array(env, info[1], fn, "x", &x) || !get_array(env, info[2], fn, "out", &out) || !dtype_of(env, out, fn, "out", &dt) ||
      !same_type(env, x, out, fn, "x"))
    return env.Undefined();
  int op, threads;
  if (!get_op(env, info[0], fn, 1, dt, &op) || !get_threads(env, info[3], fn, &threads)) return env.Undefined();
  if (x.length != out.length)
    return fail(env, true, "ewUnary: x has " + std::to_string(x.length) + " elements but out has " + std::to_string(out.length));
  if (!check_alias(env, x, out, true, fn, "x")) return env.Undefined();
  EwProgram p;
  p.n_inputs = 1;
  p.n_nodes = 1;
  p.op[0] = op;
  p.args[0][0] = 0;
  p.args[0][1] = -1;
  ew_assign_registers(&p);
  EwLayout L;
  L.rank = 1;
  L.dims[0] = static_cast<int64_t>(x.length);
  L.n = L.dims[0];
  L.access[0] = EwAccess::kContiguous;
  const void* ins[1] = {x.data};
  ew_run(p, dt, ins, L, out.data, threads, current_isa());
  return env.Undefined();
}

Napi::Value Binary(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  static const char* fn = "ewBinary";
  if (info.Length() != 6) return fail(env, false, "ewBinary: expected 6 arguments (op, a, b, out, dims, flags), got " + std::to_string(info.Length()));
  ArrayArg a, b, out, dims;
  DType dt;
  if (!get_array(env, info[1], fn, "a", &a) || !get_array(env, info[2], fn, "b", &b) || !get_array(env, info[3], fn, "out", &out) ||
      !dtype_of(env, out, fn, "out", &dt) || !same_type(env, a, out, fn, "a") || !same_type(env, b, out, fn, "b"))
    return env.Undefined();
  int op, threads;
  if (!get_op(env, info[0], fn, 2, dt, &op) || !get_array(env, info[4], fn, "dims", &dims) || !get_threads(env, info[5], fn, &threads))
    return env.Undefined();
  if (dims.type != napi_float64_array) return fail(env, false, std::string("ewBinary: dims must be a Float64Array, got ") + typed_name(dims.type));
  const double* x = static_cast<const double*>(dims.data);
  if (dims.length < 2) return fail(env, true, "ewBinary: dims must hold [rankA, rankB, ...shapeA, ...shapeB]");
  // packDims layout: [rankA, rankB, ...shapeA, ...shapeB]
  int64_t sa[kEwMaxRank], sb[kEwMaxRank], so[kEwMaxRank];
  int ra, rb;
  for (int i = 0; i < 2; i++)
    if (!(x[i] >= 0 && x[i] <= kEwMaxRank) || std::floor(x[i]) != x[i])
      return fail(env, true, std::string("ewBinary: rank of ") + (i ? "b" : "a") + " must be an integer in [0, " + std::to_string(kEwMaxRank) + "]");
  ra = static_cast<int>(x[0]);
  rb = static_cast<int>(x[1]);
  if (dims.length < static_cast<size_t>(2 + ra + rb)) return fail(env, true, "ewBinary: dims is shorter than its ranks need");
  for (int i = 0; i < ra + rb; i++) {
    const double v = x[2 + i];
    if (!(v >= 0 && v <= kMaxSafe) || std::floor(v) != v) return fail(env, true, "ewBinary: dimensions must be non-negative integers");
    (i < ra ? sa[i] : sb[i - ra]) = static_cast<int64_t>(v);
  }
  if (!check_length(env, a, sa, ra, fn, "a") || !check_length(env, b, sb, rb, fn, "b")) return env.Undefined();
  const int ro = ra > rb ? ra : rb;
  for (int d = 0; d < ro; d++) {
    const int ia = d - (ro - ra), ib = d - (ro - rb);
    const int64_t xa = ia >= 0 ? sa[ia] : 1, xb = ib >= 0 ? sb[ib] : 1;
    if (xa != xb && xa != 1 && xb != 1) return fail(env, true, "ewBinary: Incompatible shapes: " + shape_str(sa, ra) + " vs. " + shape_str(sb, rb));
    so[d] = xa == 1 ? xb : xa;
  }
  if (!check_length(env, out, so, ro, fn, "out")) return env.Undefined();
  if (!check_alias(env, a, out, a.length == out.length, fn, "a") || !check_alias(env, b, out, b.length == out.length, fn, "b"))
    return env.Undefined();
  EwProgram p;
  p.n_inputs = 2;
  p.n_nodes = 1;
  p.op[0] = op;
  p.args[0][0] = 0;
  p.args[0][1] = 1;
  ew_assign_registers(&p);
  EwLayout L;
  const int64_t* shapes[2] = {sa, sb};
  const int ranks[2] = {ra, rb};
  ew_make_layout(so, ro, 2, shapes, ranks, &L);
  const void* ins[2] = {a.data, b.data};
  ew_run(p, dt, ins, L, out.data, threads, current_isa());
  return env.Undefined();
}

// inputs: a JS Array of typed arrays of out's type.
bool get_inputs(Napi::Env env, napi_value v, const char* fn, const ArrayArg& out, int min_n, ArrayArg* ins, int* n) {
  bool is_array = false;
  if (napi_is_array(env, v, &is_array) != napi_ok || !is_array) {
    fail(env, false, std::string(fn) + ": inputs must be an Array of typed arrays, got " + js_type(env, v));
    return false;
  }
  uint32_t len = 0;
  napi_get_array_length(env, v, &len);
  if (len < static_cast<uint32_t>(min_n) || len > kEwMaxInputs) {
    fail(env, true, std::string(fn) + ": inputs must hold " + std::to_string(min_n) + " to " + std::to_string(kEwMaxInputs) + " arrays, got " + std::to_string(len));
    return false;
  }
  for (uint32_t i = 0; i < len; i++) {
    napi_value e;
    if (napi_get_element(env, v, i, &e) != napi_ok) {
      bool pending = false;
      napi_is_exception_pending(env, &pending);
      if (!pending) fail(env, false, std::string(fn) + ": cannot read inputs[" + std::to_string(i) + "]");
      return false;
    }
    const std::string what = "inputs[" + std::to_string(i) + "]";
    if (!get_array(env, e, fn, what.c_str(), &ins[i]) || !same_type(env, ins[i], out, fn, what.c_str())) return false;
  }
  *n = static_cast<int>(len);
  return true;
}

Napi::Value Program(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  static const char* fn = "ewProgram";
  if (info.Length() != 5) return fail(env, false, "ewProgram: expected 5 arguments (code, inputs, out, dims, flags), got " + std::to_string(info.Length()));
  ArrayArg code, out, dims;
  DType dt;
  if (!get_array(env, info[0], fn, "code", &code) || !get_array(env, info[2], fn, "out", &out) || !dtype_of(env, out, fn, "out", &dt))
    return env.Undefined();
  if (code.type != napi_int32_array) return fail(env, false, std::string("ewProgram: code must be an Int32Array, got ") + typed_name(code.type));
  ArrayArg ins[kEwMaxInputs];
  int n_in;
  if (!get_inputs(env, info[1], fn, out, 1, ins, &n_in)) return env.Undefined();
  if (!get_array(env, info[3], fn, "dims", &dims)) return env.Undefined();
  if (dims.type != napi_float64_array) return fail(env, false, std::string("ewProgram: dims must be a Float64Array, got ") + typed_name(dims.type));
  int threads;
  if (!get_threads(env, info[4], fn, &threads)) return env.Undefined();
  // the program
  const int32_t* c = static_cast<const int32_t*>(code.data);
  if (code.length < 2) return fail(env, true, "ewProgram: code must hold [nInputs, nNodes, (op, arg0, arg1) per node]");
  EwProgram p;
  p.n_inputs = c[0];
  p.n_nodes = c[1];
  if (p.n_inputs != n_in) return fail(env, true, "ewProgram: the program has " + std::to_string(c[0]) + " inputs, but " + std::to_string(n_in) + " were given");
  if (p.n_nodes < 1 || p.n_nodes > kEwMaxNodes) return fail(env, true, "ewProgram: a program has 1 to " + std::to_string(kEwMaxNodes) + " nodes, got " + std::to_string(c[1]));
  if (code.length != static_cast<size_t>(2 + 3 * p.n_nodes))
    return fail(env, true, "ewProgram: code has " + std::to_string(code.length) + " numbers, but " + std::to_string(p.n_nodes) + " nodes need " + std::to_string(2 + 3 * p.n_nodes));
  for (int k = 0; k < p.n_nodes; k++) {
    const int32_t op = c[2 + 3 * k], a0 = c[3 + 3 * k], a1 = c[4 + 3 * k];
    const int ar = ew_op_arity(op);
    if (ar == 0) return fail(env, true, "ewProgram: node " + std::to_string(k) + " has an unknown op " + std::to_string(op));
    if (dt == DType::kI32 && !ew_op_has_int32(op)) return fail(env, false, "ewProgram: node " + std::to_string(k) + ": op " + ew_op_name(op) + " has no int32 kernel");
    const int lim = p.n_inputs + k;
    if (a0 < 0 || a0 >= lim || (ar == 2 && (a1 < 0 || a1 >= lim)) || (ar == 1 && a1 != -1))
      return fail(env, true, "ewProgram: node " + std::to_string(k) + " has operands out of range (inputs or earlier nodes; -1 for a unary op's second)");
    p.op[k] = op;
    p.args[k][0] = a0;
    p.args[k][1] = ar == 2 ? a1 : -1;
  }
  if (!ew_assign_registers(&p)) return fail(env, true, "ewProgram: the program needs more than " + std::to_string(kEwMaxRegs) + " live values");
  // shapes
  const double* x = static_cast<const double*>(dims.data);
  size_t pos = 0;
  int64_t so[kEwMaxRank];
  int ro;
  static thread_local int64_t shapes_buf[kEwMaxInputs][kEwMaxRank];
  int ranks[kEwMaxInputs];
  const int64_t* shapes[kEwMaxInputs];
  if (!read_shape(env, x, dims.length, &pos, fn, "out", so, &ro) || !check_length(env, out, so, ro, fn, "out")) return env.Undefined();
  for (int i = 0; i < n_in; i++) {
    const std::string what = "inputs[" + std::to_string(i) + "]";
    if (!read_shape(env, x, dims.length, &pos, fn, what, shapes_buf[i], &ranks[i]) || !check_length(env, ins[i], shapes_buf[i], ranks[i], fn, what) ||
        !check_broadcast(env, shapes_buf[i], ranks[i], so, ro, fn, what) || !check_alias(env, ins[i], out, ins[i].length == out.length, fn, what))
      return env.Undefined();
    shapes[i] = shapes_buf[i];
  }
  EwLayout L;
  ew_make_layout(so, ro, n_in, shapes, ranks, &L);
  const void* ptrs[kEwMaxInputs];
  for (int i = 0; i < n_in; i++) ptrs[i] = ins[i].data;
  ew_run(p, dt, ptrs, L, out.data, threads, current_isa());
  return env.Undefined();
}

Napi::Value AddN(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  static const char* fn = "ewAddN";
  if (info.Length() != 3) return fail(env, false, "ewAddN: expected 3 arguments (inputs, out, flags), got " + std::to_string(info.Length()));
  ArrayArg out;
  DType dt;
  if (!get_array(env, info[1], fn, "out", &out) || !dtype_of(env, out, fn, "out", &dt)) return env.Undefined();
  ArrayArg ins[kEwMaxInputs];
  int n_in, threads;
  if (!get_inputs(env, info[0], fn, out, 1, ins, &n_in) || !get_threads(env, info[2], fn, &threads)) return env.Undefined();
  const void* ptrs[kEwMaxInputs];
  for (int i = 0; i < n_in; i++) {
    const std::string what = "inputs[" + std::to_string(i) + "]";
    if (ins[i].length != out.length)
      return fail(env, true, "ewAddN: " + what + " has " + std::to_string(ins[i].length) + " elements but out has " + std::to_string(out.length));
    if (!check_alias(env, ins[i], out, true, fn, what)) return env.Undefined();
    ptrs[i] = ins[i].data;
  }
  ew_addn(dt, ptrs, n_in, out.data, static_cast<int64_t>(out.length), threads);
  return env.Undefined();
}

Napi::Value Cast(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  static const char* fn = "ewCast";
  if (info.Length() != 3) return fail(env, false, "ewCast: expected 3 arguments (x, out, flags), got " + std::to_string(info.Length()));
  ArrayArg x, out;
  DType from, to;
  int threads;
  if (!get_array(env, info[0], fn, "x", &x) || !dtype_of(env, x, fn, "x", &from) || !get_array(env, info[1], fn, "out", &out) ||
      !dtype_of(env, out, fn, "out", &to) || !get_threads(env, info[2], fn, &threads))
    return env.Undefined();
  if (x.length != out.length) return fail(env, true, "ewCast: x has " + std::to_string(x.length) + " elements but out has " + std::to_string(out.length));
  if (overlaps(x, out)) return fail(env, true, "ewCast: out must not share memory with x");
  ew_cast(from, x.data, to, out.data, static_cast<int64_t>(x.length), threads);
  return env.Undefined();
}

}  // namespace

void register_elementwise(Napi::Env env, Napi::Object exports) {
  exports.Set("ewOps", Napi::Function::New(env, Ops, "ewOps"));
  exports.Set("ewUnary", Napi::Function::New(env, Unary, "ewUnary"));
  exports.Set("ewBinary", Napi::Function::New(env, Binary, "ewBinary"));
  exports.Set("ewProgram", Napi::Function::New(env, Program, "ewProgram"));
  exports.Set("ewAddN", Napi::Function::New(env, AddN, "ewAddN"));
  exports.Set("ewCast", Napi::Function::New(env, Cast, "ewCast"));
}

}  // namespace tg
