// The blocked GEMM, written once over a SIMD traits type V and instantiated by each ISA
// translation unit (gemm_avx512.cc, gemm_avx2.cc, gemm_scalar.cc) under its own target pragma
// and inside its own namespace TG_ISA_NS, so no instantiation compiled for one ISA can be
// linked into another's code.
//
// The loops are the BLIS/Goto ones: jc over N in NC columns; pc over K in KC (op(B) block packed
// into NR-column panels, zero padded); ic over M in MC (op(A) block packed into MR-row panels);
// then MR x NR register tiles computed by the micro-kernel (row panels outer when RowsOuter: the
// A panel stays in L1 while B panels stream from L2, and C is written along its rows).
// Transposes never materialise: the packing routines read op(A)/op(B) in whichever layout they
// are stored (an in-register transpose where the ISA has one), and small operands already laid
// out like a packed panel are read in place. Partial tiles use masked loads/stores.
//
// V provides: T, reg, W (lanes), zero(), load(p), bcast(p), fma(a, b, c) = a*b + c, add(a, b),
// store(p, r), load_n(p, n) / store_n(p, r, n) (the first n lanes only; never touching memory
// past them), and transpose_pack(src, ld, rows, kc, dst, R) (see Gemm::transpose_pack), which
// returns false when it has no fast path (the generic loops run instead).
#ifndef TG_ISA_NS
#error "define TG_ISA_NS before including gemm_kernel.h"
#endif

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <utility>

#include "gemm.h"

namespace tg {
namespace TG_ISA_NS {

#if defined(__GNUC__)
#define TG_UNROLL _Pragma("GCC unroll 32")
#define TG_PREFETCH_W(p) __builtin_prefetch((p), 1, 3)
#define TG_RESTRICT __restrict__
#define TG_INLINE inline __attribute__((always_inline))
#else
#define TG_UNROLL
#define TG_PREFETCH_W(p) ((void)(p))
#define TG_RESTRICT
#define TG_INLINE inline
#endif

// Per-thread packing scratch, 64-byte aligned, grown on demand and kept for the thread's life.
struct Scratch {
  void* p = nullptr;
  size_t bytes = 0;
  ~Scratch() { std::free(p); }
  template <class T>
  T* get(size_t n) {
    size_t need = (n * sizeof(T) + 63) & ~size_t{63};
    if (need > bytes) {
      std::free(p);
      p = std::aligned_alloc(64, need);
      if (!p) std::abort();
      bytes = need;
    }
    return static_cast<T*>(p);
  }
};

inline int64_t ceil_div(int64_t a, int64_t b) { return (a + b - 1) / b; }
inline int64_t round_up(int64_t a, int64_t b) { return ceil_div(a, b) * b; }

template <class V, int MR_, int NV, int KC, int MC, int NC, bool RowsOuter = false, int PrefetchB = 0, int PrefetchA = 0,
          int SmallMR = 0, int SmallNV = 0>
struct Gemm {
  using T = typename V::T;
  using reg = typename V::reg;
  static constexpr int MR = MR_;
  static constexpr int NR = NV * V::W;
  static_assert(MC % MR_ == 0 && NC % (NV * V::W) == 0, "blocks must hold whole tiles");

  // C[0:M, 0:nr] = (accumulate ? C : 0) + Σ_p A[p*sa + r] · B[p*sb + j]; nr == NR unless Partial.
  // sa / sb are MR / NR for packed panels, or the row stride of an operand read in place.
  template <int M, bool Partial>
  static void micro(int64_t kc, const T* TG_RESTRICT A, int64_t sa, const T* TG_RESTRICT B, int64_t sb,
                    T* TG_RESTRICT C, int64_t ldc, bool accumulate, int nr) {
    reg c[M][NV];
    TG_UNROLL for (int r = 0; r < M; r++) TG_UNROLL for (int v = 0; v < NV; v++) c[r][v] = V::zero();
    // C's rows are far apart (ldc): fetch them while the k loop runs, not after it
    TG_UNROLL for (int r = 0; r < M; r++) TG_UNROLL for (int l = 0; l < NR * static_cast<int>(sizeof(T)); l += 64) TG_PREFETCH_W(reinterpret_cast<const char*>(C + r * ldc) + l);
    for (int64_t p = 0; p < kc; p++) {
      if (PrefetchB) TG_UNROLL for (int l = 0; l < NR * static_cast<int>(sizeof(T)); l += 64) __builtin_prefetch(reinterpret_cast<const char*>(B + PrefetchB * sb) + l, 0, 3);
      if (PrefetchA) __builtin_prefetch(A + PrefetchA * sa, 0, 3);
      reg b[NV];
      TG_UNROLL for (int v = 0; v < NV; v++) b[v] = V::load(B + v * V::W);
      TG_UNROLL for (int r = 0; r < M; r++) {
        const reg a = V::bcast(A + r);
        TG_UNROLL for (int v = 0; v < NV; v++) c[r][v] = V::fma(a, b[v], c[r][v]);
      }
      A += sa;
      B += sb;
    }
    if (!Partial) {
      if (accumulate) {
        TG_UNROLL for (int r = 0; r < M; r++) TG_UNROLL for (int v = 0; v < NV; v++) {
          T* q = C + r * ldc + v * V::W;
          V::store(q, V::add(V::load(q), c[r][v]));
        }
      } else {
        TG_UNROLL for (int r = 0; r < M; r++) TG_UNROLL for (int v = 0; v < NV; v++) V::store(C + r * ldc + v * V::W, c[r][v]);
      }
    } else {
      TG_UNROLL for (int v = 0; v < NV; v++) {
        const int cnt = std::min(std::max(nr - v * V::W, 0), V::W);
        if (cnt == 0) break;
        TG_UNROLL for (int r = 0; r < M; r++) {
          T* q = C + r * ldc + v * V::W;
          V::store_n(q, accumulate ? V::add(V::load_n(q, cnt), c[r][v]) : c[r][v], cnt);
        }
      }
    }
  }

  using MicroFn = void (*)(int64_t, const T*, int64_t, const T*, int64_t, T*, int64_t, bool, int);
  // Indexed by 2 * mr + partial, for mr in [1, MR].
  template <size_t... I>
  static const MicroFn* table(std::index_sequence<I...>) {
    static const MicroFn t[] = {nullptr, nullptr, &micro<static_cast<int>(I / 2 + 1), (I % 2) == 1>...};
    return t;
  }
  static const MicroFn* micro_table() { return table(std::make_index_sequence<2 * MR>{}); }

  // ---- Packing ---------------------------------------------------------------------------
  // dst[p*R + r] = src[r*ld + p] for r < rows, p < kc, and 0 for rows <= r < R.
  static void transpose_pack(const T* src, int64_t ld, int64_t rows, int64_t kc, T* TG_RESTRICT dst, int R) {
    if (V::transpose_pack(src, ld, rows, kc, dst, R)) return;
    for (int64_t r = 0; r < rows; r++) {
      const T* s = src + r * ld;
      for (int64_t p = 0; p < kc; p++) dst[p * R + r] = s[p];
    }
    if (rows < R)
      for (int64_t p = 0; p < kc; p++)
        for (int64_t r = rows; r < R; r++) dst[p * R + r] = T(0);
  }

  // op(A)[i0 + i, p0 + p] for i < mc, p < kc  ->  panels of MR rows: dst[(i/MR)*kc*MR + p*MR + i%MR].
  // (Rows past mc in the last panel are never read.)
  static void pack_a(const T* A, int64_t lda, bool ta, int64_t i0, int64_t p0, int64_t mc, int64_t kc, T* TG_RESTRICT dst) {
    for (int64_t ir = 0; ir < mc; ir += MR) {
      const int64_t mr = std::min<int64_t>(MR, mc - ir);
      T* d = dst + (ir / MR) * kc * MR;
      if (ta) {  // stored [k, m]: each p reads mr contiguous values
        const T* s = A + p0 * lda + i0 + ir;
        if (mr == MR) {  // a constant size: the copy is inlined
          for (int64_t p = 0; p < kc; p++, s += lda, d += MR) std::memcpy(d, s, sizeof(T) * MR);
        } else {
          for (int64_t p = 0; p < kc; p++, s += lda, d += MR) std::memcpy(d, s, sizeof(T) * mr);
        }
      } else {  // stored [m, k]: a transpose of an mr x kc block
        transpose_pack(A + (i0 + ir) * lda + p0, lda, mr, kc, d, MR);
      }
    }
  }

  // op(B)[p0 + p, j0 + j] for p < kc, j < nc  ->  panels of NR columns, zero padded:
  // dst[(j/NR)*kc*NR + p*NR + j%NR].
  static void pack_b(const T* B, int64_t ldb, bool tb, int64_t p0, int64_t j0, int64_t kc, int64_t nc, T* TG_RESTRICT dst) {
    for (int64_t jr = 0; jr < nc; jr += NR) {
      const int nr = static_cast<int>(std::min<int64_t>(NR, nc - jr));
      T* d = dst + (jr / NR) * kc * NR;
      if (!tb) {  // stored [k, n]: each p copies nr contiguous values
        const T* s = B + p0 * ldb + j0 + jr;
        if (nr == NR) {
          for (int64_t p = 0; p < kc; p++, s += ldb, d += NR) {
            TG_UNROLL for (int v = 0; v < NV; v++) V::store(d + v * V::W, V::load(s + v * V::W));
          }
        } else {
          for (int64_t p = 0; p < kc; p++, s += ldb, d += NR) {
            TG_UNROLL for (int v = 0; v < NV; v++) {
              const int cnt = std::min(std::max(nr - v * V::W, 0), V::W);
              V::store(d + v * V::W, cnt == V::W ? V::load(s + v * V::W) : cnt ? V::load_n(s + v * V::W, cnt) : V::zero());
            }
          }
        }
      } else {  // stored [n, k]: a transpose of an nr x kc block
        transpose_pack(B + (j0 + jr) * ldb + p0, ldb, nr, kc, d, NR);
      }
    }
  }

  // ---- Small products --------------------------------------------------------------------
  // When op(B) = B fits in L1, packing costs more than it saves (OpenBLAS's "small matrix"
  // kernels make the same trade): SmallMR x (SmallNV vectors) tiles read A and B in place, each
  // k step loading one row of B and broadcasting one element of each of the tile's rows of op(A).
  static constexpr int64_t kSmallBytes = 40 * 1024;
  static constexpr int SMR = SmallMR > 0 ? SmallMR : 1;
  static constexpr int SNV = SmallNV > 0 ? SmallNV : 1;
  static constexpr int SW = SNV * V::W;

  // C[0:M, 0:nc] = Σ_p A[r*ra + p*pa] · B[p*ldb + j], over NVA vectors (the last one masked to
  // nc - (NVA-1)*W lanes when Partial).
  template <int M, int NVA, bool Partial>
  static void small_tile(int64_t k, const T* TG_RESTRICT A, int64_t ra, int64_t pa, const T* TG_RESTRICT B, int64_t ldb,
                         T* TG_RESTRICT C, int64_t ldc, int nc) {
    reg c[M][NVA];
    TG_UNROLL for (int r = 0; r < M; r++) TG_UNROLL for (int v = 0; v < NVA; v++) c[r][v] = V::zero();
    const T* a[M];
    TG_UNROLL for (int r = 0; r < M; r++) a[r] = A + r * ra;
    const int last = Partial ? nc - (NVA - 1) * V::W : V::W;
    int64_t off = 0;
    for (int64_t p = 0; p < k; p++, off += pa, B += ldb) {
      reg b[NVA];
      TG_UNROLL for (int v = 0; v < NVA; v++) b[v] = (Partial && v == NVA - 1) ? V::load_n(B + v * V::W, last) : V::load(B + v * V::W);
      TG_UNROLL for (int r = 0; r < M; r++) {
        const reg x = V::bcast(a[r] + off);
        TG_UNROLL for (int v = 0; v < NVA; v++) c[r][v] = V::fma(x, b[v], c[r][v]);
      }
    }
    TG_UNROLL for (int r = 0; r < M; r++) TG_UNROLL for (int v = 0; v < NVA; v++) {
      T* q = C + r * ldc + v * V::W;
      if (Partial && v == NVA - 1) V::store_n(q, c[r][v], last);
      else V::store(q, c[r][v]);
    }
  }

  using SmallFn = void (*)(int64_t, const T*, int64_t, int64_t, const T*, int64_t, T*, int64_t, int);
  // Indexed by ((mr - 1) * SNV + (nva - 1)) * 2 + partial.
  template <size_t... I>
  static const SmallFn* small_table(std::index_sequence<I...>) {
    static const SmallFn t[] = {&small_tile<static_cast<int>(I / 2 / SNV + 1), static_cast<int>(I / 2 % SNV + 1), (I % 2) == 1>...};
    return t;
  }

  static void small_run(const GemmBlock& g) {
    const T* A = static_cast<const T*>(g.a);
    const T* B = static_cast<const T*>(g.b);
    T* C = static_cast<T*>(g.c);
    const int64_t ra = g.ta ? 1 : g.lda, pa = g.ta ? g.lda : 1;  // op(A)[r][p] = A[r*ra + p*pa]
    const SmallFn* fn = small_table(std::make_index_sequence<2 * SMR * SNV>{});
    for (int64_t i = 0; i < g.m; i += SMR) {
      const int mr = static_cast<int>(std::min<int64_t>(SMR, g.m - i));
      for (int64_t j = 0; j < g.n; j += SW) {
        const int nc = static_cast<int>(std::min<int64_t>(SW, g.n - j));
        const int nva = (nc + V::W - 1) / V::W;
        fn[((mr - 1) * SNV + (nva - 1)) * 2 + (nc % V::W != 0)](g.k, A + i * ra, ra, pa, B + j, g.ldb, C + i * g.ldc + j, g.ldc, nc);
      }
    }
  }

  // ---- Driver ----------------------------------------------------------------------------
  // Operands this small are read in place when their layout already is that of a packed panel
  // (op(B) = B: k rows of contiguous columns; op(A) = Aᵀ: k rows of contiguous rows of A):
  // packing them would cost more than it saves.
  static constexpr int64_t kDirectBytes = 160 * 1024;

  static void run(const GemmBlock& g) {
    const T* A = static_cast<const T*>(g.a);
    const T* B = static_cast<const T*>(g.b);
    T* C = static_cast<T*>(g.c);
    const int64_t m = g.m, n = g.n, k = g.k;
    if (m <= 0 || n <= 0) return;
    if (k <= 0) {
      for (int64_t i = 0; i < m; i++) std::fill(C + i * g.ldc, C + i * g.ldc + n, T(0));
      return;
    }
    if (SmallNV > 0 && !g.tb && k * n * static_cast<int64_t>(sizeof(T)) <= kSmallBytes) return small_run(g);
    const bool direct_a = g.ta && k * m * static_cast<int64_t>(sizeof(T)) <= kDirectBytes;
    const bool direct_b = !g.tb && k * n * static_cast<int64_t>(sizeof(T)) <= kDirectBytes;
    // Even blocks: k = 300 is two blocks of 152 rather than 256 + 44.
    const int64_t kc_max = ceil_div(k, ceil_div(k, KC));
    const int64_t mc_max = round_up(ceil_div(m, ceil_div(m, MC)), MR);
    const int64_t nc_max = round_up(ceil_div(n, ceil_div(n, NC)), NR);
    static thread_local Scratch sa, sb;
    T* bufA = direct_a ? nullptr : sa.get<T>(mc_max * kc_max);
    T* bufB = sb.get<T>((direct_b ? NR : nc_max) * kc_max);
    const MicroFn* micro_fn = micro_table();
    // A small C is often fresh memory (a new output): start fetching it now, so that its
    // cache misses overlap the packing instead of the first tiles' stores.
    if (m * n * static_cast<int64_t>(sizeof(T)) <= 64 * 1024) {
      for (int64_t i = 0; i < m; i++)
        for (int64_t j = 0; j < n; j += 64 / static_cast<int64_t>(sizeof(T))) TG_PREFETCH_W(C + i * g.ldc + j);
    }

    for (int64_t jc = 0; jc < n; jc += nc_max) {
      const int64_t nc = std::min(nc_max, n - jc);
      const int64_t nc_full = nc / NR * NR;
      for (int64_t pc = 0; pc < k; pc += kc_max) {
        const int64_t kc = std::min(kc_max, k - pc);
        const bool acc = pc > 0;
        if (!direct_b) pack_b(B, g.ldb, g.tb, pc, jc, kc, nc, bufB);
        else if (nc_full < nc) pack_b(B, g.ldb, false, pc, jc + nc_full, kc, nc - nc_full, bufB);  // the partial panel only
        for (int64_t ic = 0; ic < m; ic += mc_max) {
          const int64_t mc = std::min(mc_max, m - ic);
          if (!direct_a) pack_a(A, g.lda, g.ta, ic, pc, mc, kc, bufA);
          auto tile = [&](int64_t ir, int64_t jr) {
            const int mr = static_cast<int>(std::min<int64_t>(MR, mc - ir));
            const int nr = static_cast<int>(std::min<int64_t>(NR, nc - jr));
            const T* Ap = direct_a ? A + pc * g.lda + ic + ir : bufA + (ir / MR) * kc * MR;
            const T* Bp = !direct_b ? bufB + (jr / NR) * kc * NR : nr == NR ? B + pc * g.ldb + jc + jr : bufB;
            micro_fn[2 * mr + (nr < NR)](kc, Ap, direct_a ? g.lda : MR, Bp, direct_b && nr == NR ? g.ldb : NR,
                                         C + (ic + ir) * g.ldc + jc + jr, g.ldc, acc, nr);
          };
          if (RowsOuter) {
            for (int64_t ir = 0; ir < mc; ir += MR)
              for (int64_t jr = 0; jr < nc; jr += NR) tile(ir, jr);
          } else {
            for (int64_t jr = 0; jr < nc; jr += NR)
              for (int64_t ir = 0; ir < mc; ir += MR) tile(ir, jr);
          }
        }
      }
    }
  }

  static GemmKernel kernel() { return GemmKernel{MR, NR, &run}; }
};

// Traits without fast packing paths derive from this.
struct NoFastPack {
  template <class T>
  static bool transpose_pack(const T*, int64_t, int64_t, int64_t, T*, int) { return false; }
};

}  // namespace TG_ISA_NS
}  // namespace tg
