// Standalone test of the elementwise engine (no Node): every ISA this CPU has, f32/f64/i32,
// every op on sizes around the vector width and the block size, random fused programs over
// random broadcast shapes (bit-identical to the ops run one by one on materialised arrays),
// exact ops against plain C++, 1 and 2 threads, in place, AddN and Cast. Built with ASan+UBSan
// by scripts/native-sanitize.sh. Prints "N passed, M failed".
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "../src/cpu.h"
#include "../src/elementwise.h"
#include "../src/thread_pool.h"

using namespace tg;

namespace {

int passed = 0, failed = 0;
std::mt19937_64 rng(777);
bool full = false;

void check(bool ok, const std::string& what) {
  if (ok) passed++;
  else {
    failed++;
    if (failed < 20) std::printf("FAIL: %s\n", what.c_str());
  }
}

template <class T>
bool same(T a, T b) {
  if (std::is_floating_point<T>::value && a != a) return b != b;
  return std::memcmp(&a, &b, sizeof(T)) == 0 || (a == b && std::signbit(static_cast<double>(a)) == std::signbit(static_cast<double>(b)));
}

template <class T>
std::vector<T> random_values(int64_t n) {
  std::vector<T> v(static_cast<size_t>(n));
  std::uniform_real_distribution<double> u(-6, 6);
  const double sp[] = {0.0, -0.0, NAN, INFINITY, -INFINITY, 1e-40, 88.8, -104, 0.5, 2.5, 6.0};
  for (auto& x : v) {
    if (std::is_integral<T>::value) x = static_cast<T>(static_cast<int64_t>(rng()) >> 33);
    else if (rng() % 20 == 0) x = static_cast<T>(sp[rng() % 11]);
    else x = static_cast<T>(u(rng));
  }
  return v;
}

DType dtype_of(float*) { return DType::kF32; }
DType dtype_of(double*) { return DType::kF64; }
DType dtype_of(int32_t*) { return DType::kI32; }

// Runs a program over inputs of the given shapes into a fresh output.
template <class T>
std::vector<T> run(const EwProgram& p0, const std::vector<std::vector<T>>& ins, const std::vector<std::vector<int64_t>>& shapes,
                   const std::vector<int64_t>& out_shape, int threads, Isa isa) {
  EwProgram p = p0;
  ew_assign_registers(&p);
  EwLayout L;
  std::vector<const int64_t*> sp;
  std::vector<int> ranks;
  std::vector<const void*> ptrs;
  for (size_t i = 0; i < ins.size(); i++) {
    sp.push_back(shapes[i].data());
    ranks.push_back(static_cast<int>(shapes[i].size()));
    ptrs.push_back(ins[i].data());
  }
  ew_make_layout(out_shape.data(), static_cast<int>(out_shape.size()), static_cast<int>(ins.size()), sp.data(), ranks.data(), &L);
  std::vector<T> out(static_cast<size_t>(L.n));
  ew_run(p, dtype_of(static_cast<T*>(nullptr)), ptrs.data(), L, out.data(), threads, isa);
  return out;
}

// x broadcast to out_shape
template <class T>
std::vector<T> materialise(const std::vector<T>& x, const std::vector<int64_t>& s, const std::vector<int64_t>& out) {
  int64_t n = 1;
  for (auto d : out) n *= d;
  std::vector<T> r(static_cast<size_t>(n));
  const int ro = static_cast<int>(out.size()), rs = static_cast<int>(s.size());
  for (int64_t i = 0; i < n; i++) {
    int64_t rem = i, src = 0, stride = 1;
    for (int k = ro - 1; k >= 0; k--) {
      const int64_t idx = rem % out[k];
      rem /= out[k];
      const int sk = k - (ro - rs);
      if (sk >= 0) {
        if (s[sk] != 1) src += idx * stride;
        stride *= s[sk];
      }
    }
    r[i] = x[src];
  }
  return r;
}

EwProgram one(int op) {
  EwProgram p;
  p.op[0] = op;
  p.n_nodes = 1;
  if (ew_op_arity(op) == 1) {
    p.n_inputs = 1;
    p.args[0][0] = 0;
    p.args[0][1] = -1;
  } else {
    p.n_inputs = 2;
    p.args[0][0] = 0;
    p.args[0][1] = 1;
  }
  return p;
}

template <class T>
void test_ops(Isa isa) {
  const bool is_int = std::is_integral<T>::value;
  const char* tn = is_int ? "i32" : sizeof(T) == 4 ? "f32" : "f64";
  for (int64_t n : {0, 1, 3, 15, 16, 17, 511, 512, 513, 1025, 70001}) {
    auto a = random_values<T>(n), b = random_values<T>(n);
    for (int op = 0; op < kEwNumOps; op++) {
      if (is_int && !ew_op_has_int32(op)) continue;
      const bool un = ew_op_arity(op) == 1;
      std::vector<std::vector<T>> ins = un ? std::vector<std::vector<T>>{a} : std::vector<std::vector<T>>{a, b};
      std::vector<std::vector<int64_t>> shapes(ins.size(), {n});
      auto r1 = run<T>(one(op), ins, shapes, {n}, 1, isa);
      auto r2 = run<T>(one(op), ins, shapes, {n}, 2, isa);
      bool ok = true;
      for (int64_t i = 0; i < n; i++) ok &= same(r1[i], r2[i]);
      check(ok, std::string(isa_name(isa)) + " " + tn + " " + ew_op_name(op) + " 1 vs 2 threads n=" + std::to_string(n));
      // exact ops against plain C++
      if (op == kEwAdd || op == kEwMul || op == kEwNeg || op == kEwAbs || op == kEwMaximum || op == kEwRelu) {
        bool ok2 = true;
        for (int64_t i = 0; i < n; i++) {
          T want;
          const T x = a[i], y = b[i];
          if (is_int) {
            const uint32_t ux = static_cast<uint32_t>(x), uy = static_cast<uint32_t>(y);
            switch (op) {
              case kEwAdd: want = static_cast<T>(static_cast<int32_t>(ux + uy)); break;
              case kEwMul: want = static_cast<T>(static_cast<int32_t>(ux * uy)); break;
              case kEwNeg: want = static_cast<T>(static_cast<int32_t>(0u - ux)); break;
              case kEwAbs: want = x < 0 ? static_cast<T>(static_cast<int32_t>(0u - ux)) : x; break;
              case kEwMaximum: want = x > y ? x : y; break;
              default: want = x > 0 ? x : 0; break;
            }
          } else {
            switch (op) {
              case kEwAdd: want = x + y; break;
              case kEwMul: want = x * y; break;
              case kEwNeg: want = -x; break;
              case kEwAbs: want = std::fabs(x); break;
              case kEwMaximum: want = (x != x || y != y) ? static_cast<T>(NAN) : (x == y ? (std::signbit(static_cast<double>(x)) ? y : x) : (x > y ? x : y)); break;
              default: want = x > 0 || x != x ? x : T(0); break;
            }
          }
          ok2 &= same(r1[i], want);
        }
        check(ok2, std::string(isa_name(isa)) + " " + tn + " " + ew_op_name(op) + " vs C++ n=" + std::to_string(n));
      }
      // in place: out is the first input
      if (n > 0) {
        EwProgram p = one(op);
        ew_assign_registers(&p);
        EwLayout L;
        L.rank = 1;
        L.dims[0] = n;
        L.n = n;
        L.access[0] = L.access[1] = EwAccess::kContiguous;
        std::vector<T> x = a;
        const void* ptrs[2] = {x.data(), b.data()};
        ew_run(p, dtype_of(static_cast<T*>(nullptr)), ptrs, L, x.data(), 2, isa);
        bool ok3 = true;
        for (int64_t i = 0; i < n; i++) ok3 &= same(x[i], r1[i]);
        check(ok3, std::string(isa_name(isa)) + " " + tn + " " + ew_op_name(op) + " in place n=" + std::to_string(n));
      }
    }
  }
}

template <class T>
void test_fused(Isa isa, int rounds) {
  const bool is_int = std::is_integral<T>::value;
  std::vector<int> ops;
  for (int op = 0; op < kEwNumOps; op++)
    if (!is_int || ew_op_has_int32(op)) ops.push_back(op);
  for (int round = 0; round < rounds; round++) {
    const int ni = 1 + static_cast<int>(rng() % 4), nn = 1 + static_cast<int>(rng() % 10);
    // shapes: out of rank 0..4, inputs broadcast to it
    const int rank = static_cast<int>(rng() % 5);
    std::vector<int64_t> out;
    const int64_t cand[] = {1, 2, 3, 5, 7, 16, 17, 33, 600};
    for (int d = 0; d < rank; d++) out.push_back(cand[rng() % 9]);
    if (rng() % 8 == 0 && rank > 0) out[rank - 1] = 70001;
    std::vector<std::vector<int64_t>> shapes;
    std::vector<std::vector<T>> ins;
    for (int i = 0; i < ni; i++) {
      const int drop = i == 0 ? 0 : static_cast<int>(rng() % (rank + 1));
      std::vector<int64_t> s;
      for (int d = drop; d < rank; d++) s.push_back(i > 0 && rng() % 3 == 0 ? 1 : out[d]);
      int64_t n = 1;
      for (auto d : s) n *= d;
      if (n > 4000000) s.assign(1, 1), n = 1;
      shapes.push_back(s);
      ins.push_back(random_values<T>(n));
    }
    int64_t total = 1;
    for (auto d : out) total *= d;
    if (total > 4000000) continue;
    EwProgram p;
    p.n_inputs = ni;
    p.n_nodes = nn;
    for (int k = 0; k < nn; k++) {
      p.op[k] = ops[rng() % ops.size()];
      p.args[k][0] = static_cast<int32_t>(rng() % (ni + k));
      p.args[k][1] = ew_op_arity(p.op[k]) == 2 ? static_cast<int32_t>(rng() % (ni + k)) : -1;
    }
    const int threads = 1 + static_cast<int>(rng() % 2);
    auto got = run<T>(p, ins, shapes, out, threads, isa);
    // one by one on materialised arrays
    std::vector<std::vector<T>> vals;
    for (int i = 0; i < ni; i++) vals.push_back(materialise(ins[i], shapes[i], out));
    for (int k = 0; k < nn; k++) {
      const EwProgram q = one(p.op[k]);
      std::vector<std::vector<T>> xs = {vals[p.args[k][0]]};
      if (p.args[k][1] >= 0) xs.push_back(vals[p.args[k][1]]);
      std::vector<std::vector<int64_t>> ss(xs.size(), {total});
      vals.push_back(run<T>(q, xs, ss, {total}, 1, isa));
    }
    const auto& want = vals.back();
    bool ok = got.size() == want.size();
    for (size_t i = 0; ok && i < want.size(); i++) ok = same(got[i], want[i]);
    check(ok, std::string(isa_name(isa)) + " fused round " + std::to_string(round));
  }
}

// outputs of 16 MB and more are written with non-temporal stores
void test_stream(Isa isa) {
  const int64_t n = (int64_t{4} << 20) + 3;
  auto a = random_values<float>(n), b = random_values<float>(n);
  for (int threads : {1, 2}) {
    auto r = run<float>(one(kEwSub), {a, b}, {{n}, {n}}, {n}, threads, isa);
    bool ok = true;
    for (int64_t i = 0; i < n; i++) ok &= same(r[i], a[i] - b[i]);
    check(ok, std::string(isa_name(isa)) + " streamed Sub, threads " + std::to_string(threads));
  }
  std::vector<float> x = a;
  EwProgram p = one(kEwSub);
  ew_assign_registers(&p);
  EwLayout L;
  L.rank = 1;
  L.dims[0] = n;
  L.n = n;
  L.access[0] = L.access[1] = EwAccess::kContiguous;
  const void* ptrs[2] = {x.data(), b.data()};
  ew_run(p, DType::kF32, ptrs, L, x.data() , 2, isa);
  bool ok = true;
  for (int64_t i = 0; i < n; i++) ok &= same(x[i], a[i] - b[i]);
  check(ok, std::string(isa_name(isa)) + " streamed Sub in place");
}

void test_addn_cast() {
  for (int64_t n : {0, 1, 17, 1025, 70001}) {
    auto a = random_values<float>(n), b = random_values<float>(n);
    std::vector<float> out(static_cast<size_t>(n));
    const void* ins[2] = {a.data(), b.data()};
    ew_addn(DType::kF32, ins, 2, out.data(), n, 2);
    bool ok = true;
    for (int64_t i = 0; i < n; i++) ok &= same(out[i], static_cast<float>(0.0 + static_cast<double>(a[i]) + static_cast<double>(b[i])));
    check(ok, "addn f32 n=" + std::to_string(n));
    std::vector<int32_t> ci(static_cast<size_t>(n));
    ew_cast(DType::kF32, a.data(), DType::kI32, ci.data(), n, 2);
    ok = true;
    for (int64_t i = 0; i < n; i++) {
      const float x = a[i];
      const int32_t want = x != x ? 0 : x == INFINITY ? INT32_MAX : x == -INFINITY ? INT32_MIN : static_cast<int32_t>(x);
      ok &= ci[i] == want;
    }
    check(ok, "cast f32->i32 n=" + std::to_string(n));
  }
  const double big[] = {3e9, -3e9, 4294967296.0 + 5, 1e20};
  int32_t o[4];
  ew_cast(DType::kF64, big, DType::kI32, o, 4, 1);
  check(o[0] == static_cast<int32_t>(3000000000u) && o[1] == -static_cast<int32_t>(3000000000u) && o[2] == 5 && o[3] == 1661992960, "cast wraps modulo 2^32");
}

}  // namespace

int main(int argc, char** argv) {
  for (int i = 1; i < argc; i++) full |= std::strcmp(argv[i], "--full") == 0;
  std::vector<Isa> isas = {Isa::kScalar};
  if (best_isa() >= Isa::kAvx2) isas.push_back(Isa::kAvx2);
  if (best_isa() >= Isa::kAvx512) isas.push_back(Isa::kAvx512);
  for (Isa isa : isas) {
    test_ops<float>(isa);
    test_ops<double>(isa);
    test_ops<int32_t>(isa);
    test_fused<float>(isa, full ? 400 : 60);
    test_fused<double>(isa, full ? 400 : 60);
    test_fused<int32_t>(isa, full ? 100 : 20);
    test_stream(isa);
  }
  test_addn_cast();
  std::printf("%d passed, %d failed\n", passed, failed);
  return failed ? 1 : 0;
}
