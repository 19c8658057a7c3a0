// Run-time CPU feature detection and the choice of kernel path (ISA). One build runs on any
// x86-64: the AVX-512 and AVX2+FMA kernels live in their own translation units compiled with
// target pragmas, and are only called when cpuid says the CPU has them and xgetbv says the OS
// saves their registers.
#pragma once

namespace tg {

enum class Isa { kScalar = 0, kAvx2 = 1, kAvx512 = 2 };

struct CpuFeatures {
  bool avx2_fma = false;  // AVX2 + FMA3, with YMM state enabled by the OS
  bool avx512 = false;    // AVX-512 F/DQ/BW/VL, with ZMM + opmask state enabled by the OS
  char brand[49] = {0};
};

const CpuFeatures& cpu_features();
// The best path this CPU supports.
Isa best_isa();
// The path kernels use now: the best one, or TENSORGRAPH_CPU_PATH (scalar|avx2|avx512) when
// it names a supported path, or what set_isa chose.
Isa current_isa();
// Selects a path for testing; an unsupported one falls back to the best supported below it.
Isa set_isa(Isa isa);
const char* isa_name(Isa isa);
bool parse_isa(const char* name, Isa* out);

}  // namespace tg
