// Elementwise kernels over caller-owned buffers (pure C++, no N-API): unary and binary ops with
// NumPy/TF broadcasting, fused chains of them (a small bytecode program run block by block),
// AddN and Cast. The binding (binding_elementwise.cc) has checked every size, dtype and alias;
// these functions trust them.
//
// One engine runs everything: a unary or binary op is a one-node program. The output is
// processed in blocks of kEwBlock elements; each node runs a vectorised loop over the block
// from its operands (an input read in place, a broadcast input gathered into a scratch
// register, or an earlier node's register) into a register, the last node straight into the
// output. Every element goes through the same vector code (partial vectors are padded), so a
// fused program gives bit-identical results to running its ops one at a time, on any thread
// count and at any offset. Outputs of 16 MB and more are written with non-temporal stores.
#pragma once

#include <cstdint>

#include "cpu.h"
#include "gemm.h"  // DType

namespace tg {

// Op codes (stable within one build; the TypeScript side reads the names with ew_op_name).
// U = unary (one operand), B = binary. I = also for int32.
#define TG_EW_OPS(X)                                                                   \
  X(Neg, 1, 1) X(Abs, 1, 1) X(Square, 1, 1) X(Sqrt, 1, 0) X(Rsqrt, 1, 0)               \
  X(Reciprocal, 1, 0) X(Exp, 1, 0) X(Expm1, 1, 0) X(Log, 1, 0) X(Log1p, 1, 0)          \
  X(Tanh, 1, 0) X(Sigmoid, 1, 0) X(Relu, 1, 1) X(Relu6, 1, 1) X(Elu, 1, 0)             \
  X(Selu, 1, 0) X(Softplus, 1, 0) X(Softsign, 1, 0) X(Sign, 1, 1) X(Floor, 1, 0)       \
  X(Ceil, 1, 0) X(Round, 1, 1)                                                         \
  X(Add, 2, 1) X(Sub, 2, 1) X(Mul, 2, 1) X(RealDiv, 2, 0) X(Maximum, 2, 1)             \
  X(Minimum, 2, 1) X(SquaredDifference, 2, 1) X(Pow, 2, 0) X(ReluGrad, 2, 1)           \
  X(Relu6Grad, 2, 1) X(EluGrad, 2, 0) X(SeluGrad, 2, 0) X(SigmoidGrad, 2, 0)           \
  X(TanhGrad, 2, 0) X(SqrtGrad, 2, 0) X(RsqrtGrad, 2, 0) X(ReciprocalGrad, 2, 0)       \
  X(SoftplusGrad, 2, 0) X(SoftsignGrad, 2, 0)

enum EwOp : int32_t {
#define TG_EW_ENUM(name, arity, i32) kEw##name,
  TG_EW_OPS(TG_EW_ENUM)
#undef TG_EW_ENUM
  kEwNumOps
};

const char* ew_op_name(int op);
int ew_op_arity(int op);          // 1 or 2 (0 for an unknown op)
bool ew_op_has_int32(int op);     // defined for int32 too

constexpr int kEwMaxRank = 18;    // ranks the binding accepts
constexpr int kEwMaxInputs = 64;  // program inputs
constexpr int kEwMaxNodes = 128;  // program nodes
constexpr int kEwMaxRegs = 24;    // scratch registers a program may need at once
constexpr int kEwBlock = 512;     // elements per block (a multiple of every vector width)

// A program: node k computes op[k](args[k][0], args[k][1]); an arg < n_inputs names an input,
// n_inputs + j names node j (< k). The value is the last node. reg[k] is node k's scratch
// register (assigned by ew_assign_registers); the last node writes the output.
struct EwProgram {
  int n_inputs = 0;
  int n_nodes = 0;
  int32_t op[kEwMaxNodes];
  int32_t args[kEwMaxNodes][2];
  int32_t reg[kEwMaxNodes];
  int n_regs = 0;
};

// Linear-scan register assignment (a node's register is reused after its last reader); false
// when more than kEwMaxRegs are live at once.
bool ew_assign_registers(EwProgram* p);

// How an input is read: contiguous (the output's layout), one scalar, or broadcast with
// element strides over the (collapsed) output dims.
enum class EwAccess : int32_t { kContiguous = 0, kScalar = 1, kStrided = 2 };

struct EwLayout {
  int rank = 0;  // collapsed output rank (>= 1)
  int64_t dims[kEwMaxRank];
  int64_t n = 0;  // output elements
  EwAccess access[kEwMaxInputs];
  int64_t strides[kEwMaxInputs][kEwMaxRank];  // strided inputs only
};

// Builds the collapsed layout from the output shape and each input's shape (right-aligned,
// each dim equal to the output's or 1; checked by the caller).
void ew_make_layout(const int64_t* out_shape, int out_rank, int n_inputs, const int64_t* const* in_shapes,
                    const int* in_ranks, EwLayout* L);

// Runs the program over the whole output on up to `threads` threads (<= 0: default).
// inputs[i] are arrays of `dt`; out may be exactly one of the contiguous inputs (in place).
void ew_run(const EwProgram& p, DType dt, const void* const* inputs, const EwLayout& L, void* out, int threads, Isa isa);

// out = 0 + in[0] + in[1] + ... (accumulated in double for float32, as the reference).
void ew_addn(DType dt, const void* const* inputs, int n_inputs, void* out, int64_t n, int threads);

// out[i] = cast(in[i]) with TF's (the reference kernel's) rules: float -> int32 truncates
// toward zero, NaN -> 0, +-Inf saturate, other out-of-range values wrap modulo 2^32.
void ew_cast(DType from, const void* in, DType to, void* out, int64_t n, int threads);

// Per-ISA block runners (elementwise_{scalar,avx2,avx512}.cc): run elements [begin, end).
struct EwTask {
  const EwProgram* p;
  DType dt;
  const void* const* inputs;
  const EwLayout* L;
  void* out;
};
void ew_run_range_scalar(const EwTask& t, int64_t begin, int64_t end);
void ew_run_range_avx2(const EwTask& t, int64_t begin, int64_t end);
void ew_run_range_avx512(const EwTask& t, int64_t begin, int64_t end);

}  // namespace tg
