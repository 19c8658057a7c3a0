// Machine probes for the benchmark: register-only FMA peak.
#pragma once

#include "cpu.h"

namespace tg {

// f32 FMA throughput in GFLOP/s with `threads` threads (<= 0: the default) each running the
// register-only loop of `isa` for about `seconds`.
double fma_peak_gflops(int threads, double seconds, Isa isa);

}  // namespace tg
