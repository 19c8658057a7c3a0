// Standalone test of the fused optimizer updates (train.h, no Node): every op and flag, float32
// and float64, sizes 0, 1, primes, non-multiples of the vector width and large (threaded), each
// ISA this CPU has, 1 and 2 threads, a gradient that is one of the slots. The expected values
// come from a plain loop written here in the reference kernels' order with every step stored
// through a volatile (so nothing can be fused or reordered): results must be bit-identical.
// Built with ASan+UBSan by scripts/native-sanitize.sh. Prints "N passed, M failed".
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <random>
#include <vector>

#include "../src/cpu.h"
#include "../src/thread_pool.h"
#include "../src/train.h"

using namespace tg;

namespace {

int passed = 0, failed = 0;
std::mt19937_64 rng(4242);

// one rounded step
template <class T>
T st(T x) {
  volatile T v = x;
  return v;
}

template <class T>
void reference(TrainOp op, bool flag, std::vector<std::vector<T>>& R, const std::vector<T>& G, const double* sc) {
  const size_t n = R[0].size();
  const T s0 = T(sc[0]), s1 = T(sc[1]), s2 = T(sc[2]), s3 = T(sc[3]), s4 = T(sc[4]), s5 = T(sc[5]);
  for (size_t i = 0; i < n; i++) {
    const T g = G[i];
    T* v = &R[0][i];
    switch (op) {
      case TrainOp::kGradientDescent: *v = st(*v - st(g * s0)); break;
      case TrainOp::kMomentum: {
        T& a = R[1][i];
        a = st(st(a * s1) + g);
        *v = flag ? st(*v - st(st(g * s0) + st(st(a * s1) * s0))) : st(*v - st(a * s0));
        break;
      }
      case TrainOp::kAdagrad: {
        T& a = R[1][i];
        if (flag) a = st(a + st(g * g));
        *v = st(*v - st(st(g * s0) * st(T(1) / st(std::sqrt(a)))));
        break;
      }
      case TrainOp::kAdadelta: {
        T& a = R[1][i];
        T& u = R[2][i];
        const T omr = st(T(1) - s1);
        a = st(st(a * s1) + st(st(g * g) * omr));
        const T upd = st(st(st(std::sqrt(st(u + s2))) * st(T(1) / st(std::sqrt(st(a + s2))))) * g);
        *v = st(*v - st(upd * s0));
        u = st(st(u * s1) + st(st(upd * upd) * omr));
        break;
      }
      case TrainOp::kRMSProp: {
        T& ms = R[1][i];
        T& mo = R[2][i];
        const T omr = st(T(1) - s1);
        ms = st(ms + st(st(st(g * g) - ms) * omr));
        mo = st(st(mo * s2) + st(st(g * s0) / st(std::sqrt(st(ms + s3)))));
        *v = st(*v - mo);
        break;
      }
      case TrainOp::kCenteredRMSProp: {
        T& mg = R[1][i];
        T& ms = R[2][i];
        T& mo = R[3][i];
        const T omr = st(T(1) - s1);
        ms = st(ms + st(st(st(g * g) - ms) * omr));
        mg = st(mg + st(st(g - mg) * omr));
        const T den = st(st(ms - st(mg * mg)) + s3);
        mo = st(st(mo * s2) + st(st(g * s0) / st(std::sqrt(den))));
        *v = st(*v - mo);
        break;
      }
      case TrainOp::kAdam: {
        T& m = R[1][i];
        T& s = R[2][i];
        const T alpha = st(st(s2 * st(std::sqrt(st(T(1) - s1)))) / st(T(1) - s0));
        const T o1 = st(T(1) - s3), o2 = st(T(1) - s4);
        m = st(m + st(st(g - m) * o1));
        s = st(s + st(st(st(g * g) - s) * o2));
        const T num = flag ? st(st(g * o1) + st(s3 * m)) : m;
        *v = st(*v - st(st(num * alpha) / st(st(std::sqrt(s)) + s5)));
        break;
      }
    }
  }
}

template <class T>
void run_case(TrainOp op, bool flag, int64_t n, int threads, Isa isa, bool alias) {
  const int nr = kTrainRefs[static_cast<int>(op)];
  std::uniform_real_distribution<double> d(-2, 2), p(0.01, 2);
  std::vector<std::vector<T>> R(nr, std::vector<T>(n)), W;
  std::vector<T> G(n);
  for (int k = 0; k < nr; k++)
    for (auto& x : R[k]) x = T(k ? p(rng) : d(rng));
  for (auto& x : G) x = T(d(rng));
  if (alias && nr > 1) G = R[1];
  W = R;
  double sc[6] = {0.05, 0.9, 0.5, 1e-7, 0.999, 1e-8};
  if (op == TrainOp::kAdam) {
    const double a[6] = {0.729, 0.997, 0.001, 0.9, 0.999, 1e-8};
    std::memcpy(sc, a, sizeof a);
  }
  for (auto& x : sc) x = static_cast<double>(static_cast<T>(x));
  if (alias && nr > 1) reference<T>(op, flag, W, W[1], sc);
  else reference<T>(op, flag, W, G, sc);
  TrainArgs a{};
  a.op = op;
  a.dt = sizeof(T) == 4 ? DType::kF32 : DType::kF64;
  for (int k = 0; k < nr; k++) a.refs[k] = R[k].data();
  a.grad = alias && nr > 1 ? R[1].data() : G.data();
  std::memcpy(a.scalars, sc, sizeof sc);
  a.flag = flag;
  a.n = n;
  train_apply(a, threads, isa);
  bool ok = true;
  for (int k = 0; k < nr && ok; k++)
    for (int64_t i = 0; i < n; i++)
      if (std::memcmp(&R[k][i], &W[k][i], sizeof(T)) != 0) {
        std::printf("FAIL %s op %d flag %d %s n=%lld threads %d alias %d: ref %d element %lld is %.17g, want %.17g\n", isa_name(isa),
                    static_cast<int>(op), flag, sizeof(T) == 4 ? "f32" : "f64", static_cast<long long>(n), threads, alias, k,
                    static_cast<long long>(i), static_cast<double>(R[k][i]), static_cast<double>(W[k][i]));
        ok = false;
        break;
      }
  (ok ? passed : failed)++;
}

}  // namespace

int main(int argc, char** argv) {
  const bool quick = argc > 1 && std::strcmp(argv[1], "--quick") == 0;
  const int64_t sizes[] = {0, 1, 2, 7, 15, 16, 17, 33, 97, 1000, quick ? 20011 : 300007};
  std::vector<Isa> isas = {Isa::kScalar};
  if (best_isa() >= Isa::kAvx2) isas.push_back(Isa::kAvx2);
  if (best_isa() >= Isa::kAvx512) isas.push_back(Isa::kAvx512);
  for (Isa isa : isas)
    for (int threads : {1, 2})
      for (int op = 0; op < kTrainOps; op++)
        for (int flag = 0; flag < 2; flag++)
          for (int64_t n : sizes)
            for (int alias = 0; alias < 2; alias++) {
              run_case<float>(static_cast<TrainOp>(op), flag, n, threads, isa, alias);
              run_case<double>(static_cast<TrainOp>(op), flag, n, threads, isa, alias);
            }
  std::printf("train_test: %d passed, %d failed\n", passed, failed);
  return failed ? 1 : 0;
}
