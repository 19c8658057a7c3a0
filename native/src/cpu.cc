// cpuid / xgetbv feature detection (see cpu.h).
#include "cpu.h"

#include <atomic>
#include <cstdlib>
#include <cstring>

#if defined(__x86_64__) || defined(_M_X64)
#if defined(_MSC_VER)
#include <intrin.h>
#else
#include <cpuid.h>
#endif
#define TG_X86 1
#endif

namespace tg {
namespace {

#ifdef TG_X86
void cpuid(unsigned leaf, unsigned sub, unsigned r[4]) {
#if defined(_MSC_VER)
  int x[4];
  __cpuidex(x, static_cast<int>(leaf), static_cast<int>(sub));
  for (int i = 0; i < 4; i++) r[i] = static_cast<unsigned>(x[i]);
#else
  __cpuid_count(leaf, sub, r[0], r[1], r[2], r[3]);
#endif
}

unsigned long long xgetbv0() {
#if defined(_MSC_VER)
  return _xgetbv(0);
#else
  unsigned lo, hi;
  __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
  return (static_cast<unsigned long long>(hi) << 32) | lo;
#endif
}
#endif

CpuFeatures detect() {
  CpuFeatures f;
#ifdef TG_X86
  unsigned r[4];
  cpuid(0, 0, r);
  const unsigned max_leaf = r[0];
  cpuid(1, 0, r);
  const unsigned ecx1 = r[2];
  const bool osxsave = (ecx1 >> 27) & 1, avx = (ecx1 >> 28) & 1, fma = (ecx1 >> 12) & 1;
  unsigned ebx7 = 0;
  if (max_leaf >= 7) {
    cpuid(7, 0, r);
    ebx7 = r[1];
  }
  const unsigned long long xcr0 = osxsave ? xgetbv0() : 0;
  const bool os_ymm = (xcr0 & 0x6) == 0x6;     // XMM and YMM state
  const bool os_zmm = (xcr0 & 0xE6) == 0xE6;   // + opmask, ZMM_Hi256, Hi16_ZMM
  const bool avx2 = (ebx7 >> 5) & 1;
  const bool avx512 = ((ebx7 >> 16) & 1) && ((ebx7 >> 17) & 1) && ((ebx7 >> 30) & 1) && ((ebx7 >> 31) & 1);
  f.avx2_fma = avx && avx2 && fma && os_ymm;
  f.avx512 = f.avx2_fma && avx512 && os_zmm;
  cpuid(0x80000000u, 0, r);
  if (r[0] >= 0x80000004u) {
    unsigned b[12];
    for (unsigned i = 0; i < 3; i++) cpuid(0x80000002u + i, 0, b + 4 * i);
    std::memcpy(f.brand, b, 48);
    f.brand[48] = 0;
  }
#endif
  return f;
}

Isa clamp(Isa want) {
  const CpuFeatures& f = cpu_features();
  if (want == Isa::kAvx512 && !f.avx512) want = Isa::kAvx2;
  if (want == Isa::kAvx2 && !f.avx2_fma) want = Isa::kScalar;
  return want;
}

std::atomic<int> g_isa{-1};

}  // namespace

const CpuFeatures& cpu_features() {
  static const CpuFeatures f = detect();
  return f;
}

Isa best_isa() { return clamp(Isa::kAvx512); }

bool parse_isa(const char* name, Isa* out) {
  if (!name) return false;
  if (!std::strcmp(name, "scalar")) *out = Isa::kScalar;
  else if (!std::strcmp(name, "avx2")) *out = Isa::kAvx2;
  else if (!std::strcmp(name, "avx512")) *out = Isa::kAvx512;
  else return false;
  return true;
}

Isa current_isa() {
  int v = g_isa.load(std::memory_order_relaxed);
  if (v < 0) {
    Isa isa = best_isa();
    Isa env;
    if (parse_isa(std::getenv("TENSORGRAPH_CPU_PATH"), &env)) isa = clamp(env);
    v = static_cast<int>(isa);
    g_isa.store(v, std::memory_order_relaxed);
  }
  return static_cast<Isa>(v);
}

Isa set_isa(Isa isa) {
  Isa got = clamp(isa);
  g_isa.store(static_cast<int>(got), std::memory_order_relaxed);
  return got;
}

const char* isa_name(Isa isa) {
  switch (isa) {
    case Isa::kAvx512: return "avx512";
    case Isa::kAvx2: return "avx2";
    default: return "scalar";
  }
}

}  // namespace tg
