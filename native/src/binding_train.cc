// N-API entry points of the train kernels (fused optimizer updates): unwrap and check every
// argument (napi_util.h), then call the pure C++ kernels (train.h). The TypeScript declaration
// is src/backend/native/binding_train.ts.
#include <string>

#include "napi_util.h"
#include "thread_pool.h"
#include "train.h"

namespace tg {

namespace {

using namespace napi_util;

// trainApply(op, refs, grad, scalars, flags): op 0..6 (train.h's TrainOp); refs: a JS Array of
// the variable and its slots (kTrainRefs[op] Float32Arrays or Float64Arrays of one length,
// pairwise disjoint), updated in place; grad of the same type and length (it may be one of the
// slots, but not overlap one partially); scalars: Float64Array of kTrainScalars[op] values;
// flags: bit 0 use_nesterov / update_slots, bits 1.. the thread count (0 = default).
Napi::Value TrainApply(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  static const char* fn = "trainApply";
  if (info.Length() != 5) return fail(env, false, "trainApply: expected 5 arguments (op, refs, grad, scalars, flags), got " + std::to_string(info.Length()));
  int64_t op, flags;
  if (!get_count(env, info[0], fn, "op", 0, kTrainOps - 1, &op) || !get_count(env, info[4], fn, "flags", 0, 2 * kMaxThreads + 1, &flags))
    return env.Undefined();
  const int nrefs = kTrainRefs[op], nsc = kTrainScalars[op];
  bool is_array = false;
  napi_is_array(env, info[1], &is_array);
  if (!is_array) return fail(env, false, "trainApply: refs must be an Array, got " + js_type(env, info[1]));
  uint32_t len = 0;
  napi_get_array_length(env, info[1], &len);
  if (len != static_cast<uint32_t>(nrefs))
    return fail(env, true, "trainApply: op " + std::to_string(op) + " takes " + std::to_string(nrefs) + " refs, got " + std::to_string(len));
  ArrayArg refs[4], grad, sc;
  for (int i = 0; i < nrefs; i++) {
    napi_value e;
    if (napi_get_element(env, info[1], i, &e) != napi_ok) return fail(env, false, "trainApply: cannot read refs[" + std::to_string(i) + "]");
    const std::string what = "refs[" + std::to_string(i) + "]";
    if (!get_array(env, e, fn, what.c_str(), &refs[i])) return env.Undefined();
  }
  if (!get_array(env, info[2], fn, "grad", &grad) || !get_array(env, info[3], fn, "scalars", &sc)) return env.Undefined();
  if (refs[0].type != napi_float32_array && refs[0].type != napi_float64_array)
    return fail(env, false, std::string("trainApply: refs[0] must be a Float32Array or Float64Array, got ") + typed_name(refs[0].type));
  for (int i = 0; i <= nrefs; i++) {
    const ArrayArg& a = i < nrefs ? refs[i] : grad;
    const std::string what = i < nrefs ? "refs[" + std::to_string(i) + "]" : std::string("grad");
    if (a.type != refs[0].type) return fail(env, false, "trainApply: " + what + " must be a " + typed_name(refs[0].type) + ", got " + typed_name(a.type));
    if (a.length != refs[0].length)
      return fail(env, true, "trainApply: " + what + " has " + std::to_string(a.length) + " elements, refs[0] " + std::to_string(refs[0].length));
  }
  for (int i = 0; i < nrefs; i++) {
    for (int j = i + 1; j < nrefs; j++)
      if (overlaps(refs[i], refs[j])) return fail(env, true, "trainApply: refs[" + std::to_string(i) + "] and refs[" + std::to_string(j) + "] share memory");
    if (overlaps(refs[i], grad) && refs[i].data != grad.data)
      return fail(env, true, "trainApply: grad overlaps refs[" + std::to_string(i) + "] partially");
  }
  if (sc.type != napi_float64_array) return fail(env, false, std::string("trainApply: scalars must be a Float64Array, got ") + typed_name(sc.type));
  if (sc.length < static_cast<size_t>(nsc))
    return fail(env, true, "trainApply: op " + std::to_string(op) + " needs " + std::to_string(nsc) + " scalars, got " + std::to_string(sc.length));
  TrainArgs a{};
  a.op = static_cast<TrainOp>(op);
  a.dt = refs[0].type == napi_float32_array ? DType::kF32 : DType::kF64;
  for (int i = 0; i < nrefs; i++) a.refs[i] = refs[i].data;
  a.grad = grad.data;
  for (int i = 0; i < nsc; i++) a.scalars[i] = static_cast<const double*>(sc.data)[i];
  a.flag = flags & 1;
  a.n = static_cast<int64_t>(refs[0].length);
  train_apply(a, static_cast<int>(flags >> 1), current_isa());
  return env.Undefined();
}

}  // namespace

void register_train(Napi::Env env, Napi::Object exports) {
  exports.Set("trainApply", Napi::Function::New(env, TrainApply, "trainApply"));
}

}  // namespace tg
