// Transpose of any permutation for 4- and 8-byte elements (reduce.h). Dims of size 1 are
// dropped and input dims that stay neighbours are merged; then either the innermost dim is
// kept (contiguous row copies) or the two innermost dims of input and output are swapped in
// cache-sized tiles, with an odometer over every other dim. Split over the pool for large
// tensors.
#include <algorithm>
#include <cstdint>
#include <cstring>

#include "reduce.h"
#include "thread_pool.h"

namespace tg {

namespace {

template <class E>
void tile_swap(const E* __restrict__ x, E* __restrict__ y, int64_t na, int64_t nb, int64_t xa, int64_t xb, int64_t ya, int64_t yb) {
  // y[a*ya + b*yb] = x[a*xa + b*xb] with xa == 1 and yb == 1: rows of x read along a, rows of y
  // written along b, in T x T tiles.
  constexpr int64_t T = sizeof(E) == 4 ? 32 : 16;
  for (int64_t a0 = 0; a0 < na; a0 += T) {
    const int64_t a1 = std::min(na, a0 + T);
    for (int64_t b0 = 0; b0 < nb; b0 += T) {
      const int64_t b1 = std::min(nb, b0 + T);
      for (int64_t a = a0; a < a1; a++) {
        E* yr = y + a * ya;
        const E* xr = x + a * xa;
        for (int64_t b = b0; b < b1; b++) yr[b * yb] = xr[b * xb];
      }
    }
  }
}

template <class E>
void run(const E* x, E* y, int r, const int64_t* d, const int* perm, int threads) {
  int64_t istr[kTransposeMaxRank], ostr[kTransposeMaxRank], od[kTransposeMaxRank];
  int64_t s = 1;
  for (int k = r - 1; k >= 0; k--) {
    istr[k] = s;
    s *= d[k];
  }
  const int64_t n = s;
  s = 1;
  for (int j = r - 1; j >= 0; j--) {
    od[j] = d[perm[j]];
    ostr[j] = s;
    s *= od[j];
  }
  const bool keep_inner = perm[r - 1] == r - 1;
  int q = 0;  // output position of the input's innermost dim
  for (int j = 0; j < r; j++)
    if (perm[j] == r - 1) q = j;
  // dims of the odometer: every output dim but r-1 (and q when swapping)
  int oj[kTransposeMaxRank];
  int no = 0;
  for (int j = 0; j < r - 1; j++)
    if (keep_inner || j != q) oj[no++] = j;
  int64_t iters = 1;
  for (int k = 0; k < no; k++) iters *= od[oj[k]];
  const double cost = static_cast<double>(n) * (keep_inner ? 0.3 : 1.0);
  int tasks = 1;
  if (cost > kWakeCostNs / 4) tasks = static_cast<int>(std::min<int64_t>(iters, 64));
  parallel_for(tasks, threads, [&](int t) {
    const int64_t i0 = iters * t / tasks, i1 = iters * (t + 1) / tasks;
    if (i0 >= i1) return;
    int64_t idx[kTransposeMaxRank];
    int64_t rem = i0, xo = 0, yo = 0;
    for (int k = no - 1; k >= 0; k--) {
      const int j = oj[k];
      idx[k] = rem % od[j];
      rem /= od[j];
      xo += idx[k] * istr[perm[j]];
      yo += idx[k] * ostr[j];
    }
    for (int64_t it = i0; it < i1; it++) {
      if (keep_inner) {
        std::memcpy(y + yo, x + xo, static_cast<size_t>(od[r - 1]) * sizeof(E));
      } else {
        tile_swap(x + xo, y + yo, od[q], od[r - 1], 1, istr[perm[r - 1]], ostr[q], 1);
      }
      for (int k = no - 1; k >= 0; k--) {
        const int j = oj[k];
        xo += istr[perm[j]];
        yo += ostr[j];
        if (++idx[k] < od[j]) break;
        xo -= istr[perm[j]] * od[j];
        yo -= ostr[j] * od[j];
        idx[k] = 0;
      }
    }
  }, cost);
}

}  // namespace

void transpose(int elem_bytes, const void* x, void* y, int rank, const int64_t* dims, const int* perm, int threads) {
  int64_t n = 1;
  for (int k = 0; k < rank; k++) n *= dims[k];
  if (n == 0) return;
  // drop size-1 dims
  int map[kTransposeMaxRank];
  int64_t d1[kTransposeMaxRank];
  int r1 = 0;
  for (int k = 0; k < rank; k++) {
    map[k] = dims[k] == 1 ? -1 : r1;
    if (dims[k] != 1) d1[r1++] = dims[k];
  }
  int p1[kTransposeMaxRank];
  int np = 0;
  for (int j = 0; j < rank; j++)
    if (map[perm[j]] >= 0) p1[np++] = map[perm[j]];
  // merge input dims that stay neighbours in the output
  int64_t d2[kTransposeMaxRank];
  int p2[kTransposeMaxRank];
  int group[kTransposeMaxRank];  // input dim -> merged dim index (by input order)
  int r2 = 0;
  bool starts[kTransposeMaxRank];
  for (int k = 0; k < r1; k++) starts[k] = true;
  for (int j = 1; j < r1; j++)
    if (p1[j] == p1[j - 1] + 1) starts[p1[j]] = false;
  for (int k = 0; k < r1; k++) {
    if (starts[k]) d2[r2++] = d1[k];
    else d2[r2 - 1] *= d1[k];
    group[k] = r2 - 1;
  }
  int n2 = 0;
  for (int j = 0; j < r1; j++)
    if (starts[p1[j]]) p2[n2++] = group[p1[j]];
  if (r2 <= 1) {
    std::memcpy(y, x, static_cast<size_t>(n) * elem_bytes);
    return;
  }
  if (elem_bytes == 4) run(static_cast<const uint32_t*>(x), static_cast<uint32_t*>(y), r2, d2, p2, threads);
  else run(static_cast<const uint64_t*>(x), static_cast<uint64_t*>(y), r2, d2, p2, threads);
}

}  // namespace tg
