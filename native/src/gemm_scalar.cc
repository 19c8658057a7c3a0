// Portable GEMM kernels: GCC/Clang vector extensions of 16 bytes (SSE2 on any x86-64, NEON on
// arm64), 4x8 f32 / 4x4 f64 / 4x8 i32 register tiles, multiply then add (no FMA assumed).
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <utility>

#include "gemm.h"

#define TG_ISA_NS portable
#include "gemm_kernel.h"

namespace tg {
namespace portable {

template <class TT, class Lane>
struct Vec16 : NoFastPack {
  using T = TT;
  typedef Lane reg __attribute__((vector_size(16)));
  static constexpr int W = 16 / sizeof(Lane);
  static TG_INLINE reg zero() { return reg{}; }
  static TG_INLINE reg load(const T* p) {
    reg r;
    std::memcpy(&r, p, sizeof r);
    return r;
  }
  static TG_INLINE reg bcast(const T* p) {
    Lane x;
    std::memcpy(&x, p, sizeof x);
    return reg{} + x;
  }
  static TG_INLINE reg fma(reg a, reg b, reg c) { return a * b + c; }
  static TG_INLINE reg add(reg a, reg b) { return a + b; }
  static TG_INLINE void store(T* p, reg v) { std::memcpy(p, &v, sizeof v); }
  static TG_INLINE reg load_n(const T* p, int n) {
    reg r{};
    std::memcpy(&r, p, sizeof(T) * static_cast<size_t>(n));
    return r;
  }
  static TG_INLINE void store_n(T* p, reg v, int n) { std::memcpy(p, &v, sizeof(T) * static_cast<size_t>(n)); }
};

// int32 lanes computed as uint32 so products and sums wrap as TF's do (no signed overflow).
using F32 = Vec16<float, float>;
using F64 = Vec16<double, double>;
using I32 = Vec16<int32_t, uint32_t>;

}  // namespace portable

GemmKernel gemm_kernel_scalar(DType dt) {
  switch (dt) {
    case DType::kF64: return portable::Gemm<portable::F64, 4, 2, 256, 128, 1024>::kernel();
    case DType::kI32: return portable::Gemm<portable::I32, 4, 2, 256, 128, 1024>::kernel();
    default: return portable::Gemm<portable::F32, 4, 2, 256, 128, 1024>::kernel();
  }
}

double fma_probe_scalar(int64_t iters) {
  typedef float v4 __attribute__((vector_size(16)));
  v4 acc[8];
  for (int i = 0; i < 8; i++) acc[i] = v4{} + static_cast<float>(i);
  const v4 x = v4{} + 0.999999f, y = v4{} + 1e-6f;
  for (int64_t it = 0; it < iters; it++) {
    TG_UNROLL for (int i = 0; i < 8; i++) acc[i] = acc[i] * x + y;
  }
  v4 s = acc[0];
  for (int i = 1; i < 8; i++) s = s + acc[i];
  volatile float sink = s[0];
  (void)sink;
  return static_cast<double>(iters) * 8 * 4 * 2;
}

}  // namespace tg
