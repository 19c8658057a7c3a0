// Standalone test of the reduce family (reduce.h, no Node): reductions over random axis sets,
// ArgMax/ArgMin, softmax / log-softmax / both cross-entropies, BiasAdd/BiasAddGrad, Transpose;
// every ISA this CPU has, f32/f64/i32, shapes with 0, 1, primes and non-multiples of 16, 1 and
// 2 threads; against plain loops written here (double accumulation). Built with ASan+UBSan by
// scripts/native-sanitize.sh. Prints "N passed, M failed".
// Tolerances: int32 and Max/Min/Arg exact; sums 1e-6 (f32) / 1e-12 (f64) relative to the sum of
// |x|; softmax family 4e-6 (f32) / 1e-12 (f64) relative to max(1, |value|).
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <limits>
#include <random>
#include <vector>

#include "../src/cpu.h"
#include "../src/reduce.h"
#include "../src/thread_pool.h"

using namespace tg;

namespace {

int passed = 0, failed = 0;
std::mt19937_64 rng(777);
const int64_t kSizes[] = {0, 1, 1, 2, 3, 5, 16, 17, 31};

int64_t pick_size() { return kSizes[rng() % (sizeof kSizes / sizeof kSizes[0])]; }
double uni(double lo, double hi) { return std::uniform_real_distribution<double>(lo, hi)(rng); }

bool check(bool ok, const char* what, const char* isa, int threads) {
  if (!ok) std::printf("FAIL %s (%s, %d threads)\n", what, isa, threads);
  (ok ? passed : failed)++;
  return ok;
}

template <class T>
void test_reduce(Isa isa, int threads, bool big) {
  const int rank = big ? 2 : static_cast<int>(rng() % 5);
  int64_t dims[8];
  bool red[8];
  for (int k = 0; k < rank; k++) {
    dims[k] = big ? 300 + static_cast<int64_t>(rng() % 400) : pick_size();
    red[k] = rng() % 2;
  }
  int64_t n = 1, m = 1;
  for (int k = 0; k < rank; k++) {
    n *= dims[k];
    if (!red[k]) m *= dims[k];
  }
  std::vector<T> x(n);
  for (auto& v : x) v = std::is_integral<T>::value ? static_cast<T>(rng() % 2001) - 1000 : static_cast<T>(uni(-4, 4));
  const DType dt = std::is_same<T, float>::value ? DType::kF32 : std::is_same<T, double>::value ? DType::kF64 : DType::kI32;
  for (int op = 0; op < 4; op++) {  // sum, mean, max, min (prod is covered by the JS tests)
    std::vector<T> out(m + 1, T(77));
    reduce(dt, static_cast<ReduceOp>(op), x.data(), out.data(), rank, dims, red, threads, isa);
    // reference: map each element to its output
    std::vector<double> acc(m, op == 2 ? -INFINITY : op == 3 ? INFINITY : 0), absacc(m, 0);
    std::vector<int64_t> iacc(m, 0);
    for (int64_t i = 0; i < n; i++) {
      int64_t rem = i, o = 0, s = 1;
      for (int k = rank - 1; k >= 0; k--) {
        const int64_t c = rem % dims[k];
        rem /= dims[k];
        if (!red[k]) {
          o += c * s;
          s *= dims[k];
        }
      }
      const double v = static_cast<double>(x[i]);
      if (op <= 1) {
        acc[o] += v;
        absacc[o] += std::fabs(v);
        iacc[o] += static_cast<int64_t>(x[i]);
      } else if (op == 2) acc[o] = std::max(acc[o], v);
      else acc[o] = std::min(acc[o], v);
    }
    const int64_t count = m ? n / m : 0;
    bool ok = out[m] == T(77);
    for (int64_t o = 0; o < m && ok; o++) {
      double want = acc[o];
      if (std::is_integral<T>::value) {
        int64_t w = op <= 1 ? iacc[o] : static_cast<int64_t>(acc[o]);
        if (op == 1) w = count ? w / count : 0;
        if (op == 2 && count == 0) w = std::numeric_limits<int32_t>::min();
        if (op == 3 && count == 0) w = std::numeric_limits<int32_t>::max();
        ok = static_cast<int64_t>(out[o]) == w;
      } else if (op >= 2) {
        ok = static_cast<double>(out[o]) == static_cast<double>(static_cast<T>(want));
      } else {
        if (op == 1) want /= static_cast<double>(count);
        const double tol = (sizeof(T) == 4 ? 1e-6 : 1e-12) * (absacc[o] / (op == 1 && count ? count : 1) + 1e-30);
        ok = (std::isnan(want) && std::isnan(static_cast<double>(out[o]))) || std::fabs(static_cast<double>(out[o]) - want) <= tol;
      }
    }
    char what[96];
    std::snprintf(what, sizeof what, "reduce op %d %s rank %d", op, sizeof(T) == 8 ? "f64" : std::is_integral<T>::value ? "i32" : "f32", rank);
    check(ok, what, isa_name(isa), threads);
  }
}

template <class T>
void test_arg(Isa isa, int threads) {
  const int64_t outer = pick_size(), len = 1 + pick_size(), inner = rng() % 3 == 0 ? 1 : pick_size();
  std::vector<T> x(outer * len * inner);
  for (auto& v : x) v = static_cast<T>(static_cast<int>(rng() % 9) - 4);
  for (int mn = 0; mn < 2; mn++) {
    std::vector<int64_t> out(outer * inner + 1, 77);
    arg_reduce(sizeof(T) == 4 ? DType::kF32 : DType::kF64, mn, x.data(), out.data(), true, outer, len, inner, threads, isa);
    bool ok = out[outer * inner] == 77;
    for (int64_t o = 0; o < outer && ok; o++)
      for (int64_t i = 0; i < inner && ok; i++) {
        int64_t bi = 0;
        for (int64_t k = 1; k < len; k++) {
          const T v = x[(o * len + k) * inner + i], b = x[(o * len + bi) * inner + i];
          if (mn ? v < b : v > b) bi = k;
        }
        ok = out[o * inner + i] == bi;
      }
    check(ok, mn ? "argmin" : "argmax", isa_name(isa), threads);
  }
}

template <class T>
void test_softmax(Isa isa, int threads) {
  const int64_t rows = pick_size() + (rng() % 5 == 0 ? 300 : 0), depth = 1 + pick_size();
  std::vector<T> x(rows * depth), y(rows * depth + 1), lab(rows * depth), loss(rows + 1), back(rows * depth + 1);
  std::vector<int32_t> sl(rows);
  for (auto& v : x) v = static_cast<T>(uni(-10, 10));
  for (auto& v : lab) v = static_cast<T>(uni(0, 1));
  for (auto& v : sl) v = static_cast<int32_t>(rng() % depth);
  const DType dt = sizeof(T) == 4 ? DType::kF32 : DType::kF64;
  const double tol = sizeof(T) == 4 ? 4e-6 : 1e-12;
  for (int log = 0; log < 2; log++) {
    y[rows * depth] = T(77);
    softmax(dt, log, x.data(), y.data(), rows, depth, threads, isa);
    bool ok = y[rows * depth] == T(77);
    for (int64_t r = 0; r < rows && ok; r++) {
      double m = -INFINITY, s = 0;
      for (int64_t j = 0; j < depth; j++) m = std::max(m, static_cast<double>(x[r * depth + j]));
      for (int64_t j = 0; j < depth; j++) s += std::exp(x[r * depth + j] - m);
      for (int64_t j = 0; j < depth && ok; j++) {
        const double w = log ? x[r * depth + j] - m - std::log(s) : std::exp(x[r * depth + j] - m) / s;
        ok = std::fabs(y[r * depth + j] - w) <= tol * std::max(1.0, std::fabs(w));
      }
    }
    check(ok, log ? "log_softmax" : "softmax", isa_name(isa), threads);
  }
  // dense xent (no broadcast) and sparse
  for (int sparse = 0; sparse < 2; sparse++) {
    loss[rows] = back[rows * depth] = T(77);
    if (sparse) sparse_softmax_xent(dt, x.data(), sl.data(), false, loss.data(), back.data(), rows, depth, threads, isa);
    else softmax_xent(dt, x.data(), lab.data(), loss.data(), back.data(), rows, depth, rows, depth, threads, isa);
    bool ok = loss[rows] == T(77) && back[rows * depth] == T(77);
    for (int64_t r = 0; r < rows && ok; r++) {
      double m = -INFINITY, s = 0, l = 0;
      for (int64_t j = 0; j < depth; j++) m = std::max(m, static_cast<double>(x[r * depth + j]));
      for (int64_t j = 0; j < depth; j++) s += std::exp(x[r * depth + j] - m);
      for (int64_t j = 0; j < depth && ok; j++) {
        const double yl = sparse ? (sl[r] == j ? 1.0 : 0.0) : lab[r * depth + j];
        l += yl * (std::log(s) - (x[r * depth + j] - m));
        const double w = std::exp(x[r * depth + j] - m) / s - yl;
        ok = std::fabs(back[r * depth + j] - w) <= tol * std::max(1.0, std::fabs(w));
      }
      ok = ok && std::fabs(loss[r] - l) <= tol * std::max(1.0, std::fabs(l)) * depth;
    }
    check(ok, sparse ? "sparse_softmax_xent" : "softmax_xent", isa_name(isa), threads);
  }
}

template <class T>
void test_bias(Isa isa, int threads) {
  const int64_t o = pick_size() + (rng() % 5 == 0 ? 500 : 0), c = pick_size(), in = rng() % 2 ? 1 : pick_size();
  std::vector<T> x(o * c * in), b(c), y(o * c * in + 1), db(c + 1);
  for (auto& v : x) v = static_cast<T>(uni(-3, 3));
  for (auto& v : b) v = static_cast<T>(uni(-3, 3));
  const DType dt = sizeof(T) == 4 ? DType::kF32 : DType::kF64;
  y[o * c * in] = db[c] = T(77);
  bias_add(dt, x.data(), b.data(), y.data(), o, c, in, threads, isa);
  bias_add_grad(dt, x.data(), db.data(), o, c, in, threads, isa);
  bool ok = y[o * c * in] == T(77) && db[c] == T(77);
  for (int64_t i = 0; i < o * c * in && ok; i++) ok = y[i] == static_cast<T>(x[i] + b[(i / in) % c]);
  check(ok, "bias_add", isa_name(isa), threads);
  ok = true;
  for (int64_t k = 0; k < c && ok; k++) {
    double s = 0, a = 0;
    for (int64_t p = 0; p < o; p++)
      for (int64_t i = 0; i < in; i++) {
        s += x[(p * c + k) * in + i];
        a += std::fabs(x[(p * c + k) * in + i]);
      }
    ok = std::fabs(db[k] - s) <= (sizeof(T) == 4 ? 1e-6 : 1e-12) * (a + 1e-30);
  }
  check(ok, "bias_add_grad", isa_name(isa), threads);
  // in place
  std::vector<T> z = x;
  bias_add(dt, z.data(), b.data(), z.data(), o, c, in, threads, isa);
  ok = true;
  for (int64_t i = 0; i < o * c * in && ok; i++) ok = z[i] == static_cast<T>(x[i] + b[(i / in) % c]);
  check(ok, "bias_add in place", isa_name(isa), threads);
}

template <class E>
void test_transpose(int threads) {
  const int rank = static_cast<int>(rng() % 6);
  int64_t dims[8];
  int perm[8];
  int64_t n = 1;
  for (int k = 0; k < rank; k++) {
    dims[k] = rng() % 7 == 0 ? 70 : pick_size();
    n *= dims[k];
    perm[k] = k;
  }
  for (int k = rank - 1; k > 0; k--) std::swap(perm[k], perm[rng() % (k + 1)]);
  std::vector<E> x(n), y(n + 1);
  for (int64_t i = 0; i < n; i++) x[i] = static_cast<E>(i * 2654435761u);
  y[n] = E(77);
  transpose(sizeof(E), x.data(), y.data(), rank, dims, perm, threads);
  bool ok = y[n] == E(77);
  // y[j...] = x[...]: walk the output
  int64_t istr[8], s = 1;
  for (int k = rank - 1; k >= 0; k--) {
    istr[k] = s;
    s *= dims[k];
  }
  for (int64_t o = 0; o < n && ok; o++) {
    int64_t rem = o, xi = 0;
    for (int j = rank - 1; j >= 0; j--) {
      const int64_t c = rem % dims[perm[j]];
      rem /= dims[perm[j]];
      xi += c * istr[perm[j]];
    }
    ok = y[o] == x[xi];
  }
  check(ok, sizeof(E) == 4 ? "transpose 4-byte" : "transpose 8-byte", "any", threads);
}

}  // namespace

int main(int argc, char** argv) {
  const bool quick = argc > 1 && std::strcmp(argv[1], "--quick") == 0;
  const int reps = quick ? 40 : 400;
  std::vector<Isa> isas = {Isa::kScalar};
  if (best_isa() >= Isa::kAvx2) isas.push_back(Isa::kAvx2);
  if (best_isa() >= Isa::kAvx512) isas.push_back(Isa::kAvx512);
  for (Isa isa : isas)
    for (int threads : {1, 2})
      for (int r = 0; r < reps; r++) {
        const bool big = r % 20 == 19;
        test_reduce<float>(isa, threads, big);
        test_reduce<double>(isa, threads, big);
        test_reduce<int32_t>(isa, threads, big);
        test_arg<float>(isa, threads);
        test_arg<double>(isa, threads);
        test_softmax<float>(isa, threads);
        test_softmax<double>(isa, threads);
        test_bias<float>(isa, threads);
        test_bias<double>(isa, threads);
        if (isa == Isa::kScalar) {
          test_transpose<uint32_t>(threads);
          test_transpose<uint64_t>(threads);
        }
      }
  std::printf("reduce_test: %d passed, %d failed\n", passed, failed);
  return failed ? 1 : 0;
}
