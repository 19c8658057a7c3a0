// Scalar special functions in float64 for the reference kernels: lgamma, digamma,
// Hurwitz zeta, polygamma, the regularized incomplete beta function, erf/erfc and erfinv.
// Edge cases (poles, domain errors) follow what TensorFlow's Eigen kernels return.

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
  -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
  1.5056327351493116e-7,
];

/** sin(pi x) with the argument reduced exactly first (accurate for large |x|). */
function sinpi(x: number): number {
  const r = x - 2 * Math.round(x / 2); // in [-1, 1]
  return Math.sin(Math.PI * r);
}
function cospi(x: number): number {
  const r = Math.abs(x - 2 * Math.round(x / 2));
  return r === 0.5 ? 0 : Math.cos(Math.PI * r);
}

/** log|Gamma(x)|: Lanczos (g = 7) for x >= 0.5, reflection below; +inf at the poles. */
export function lgamma(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x === Infinity || x === -Infinity) return Infinity;
  if (x < 0.5) {
    if (x === Math.floor(x)) return Infinity;
    return Math.log(Math.PI / Math.abs(sinpi(x))) - lgamma(1 - x);
  }
  const z = x - 1;
  let a = LANCZOS[0];
  for (let i = 1; i < LANCZOS.length; i++) a += LANCZOS[i] / (z + i);
  const t = z + LANCZOS_G + 0.5;
  return LOG_SQRT_2PI + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** psi(x) = d/dx log Gamma(x); NaN at non-positive integers and -inf. */
export function digamma(x: number): number {
  if (Number.isNaN(x) || x === -Infinity) return NaN;
  if (x === Infinity) return Infinity;
  let result = 0;
  if (x <= 0) {
    if (x === Math.floor(x)) return NaN;
    // reflection: psi(x) = psi(1 - x) - pi / tan(pi x)
    result = -Math.PI * cospi(x) / sinpi(x);
    x = 1 - x;
  }
  while (x < 10) { result -= 1 / x; x += 1; }
  const f = 1 / (x * x);
  const tail = f * (-1 / 12 + f * (1 / 120 + f * (-1 / 252 + f * (1 / 240 + f * (-1 / 132 + f * (691 / 32760 + f * (-1 / 12)))))));
  return result + Math.log(x) - 0.5 / x + tail;
}

const ZETA_A = [
  12.0, -720.0, 30240.0, -1209600.0, 47900160.0, -1.8924375803183791606e9, 7.47242496e10,
  -2.950130727918164224e12, 1.1646782814350067249e14, -4.5979787224074726105e15,
  1.8152105401943546773e17, -7.1661652561756670113e18,
];
const MACHEP = 1.11022302462515654042e-16;

/** Hurwitz zeta(x, q) = sum_k (k + q)^-x (Cephes' Euler-Maclaurin summation). */
export function zeta(x: number, q: number): number {
  if (Number.isNaN(x) || Number.isNaN(q)) return NaN;
  if (x === 1) return Infinity;
  if (x < 1) return NaN;
  if (q <= 0) {
    if (q === Math.floor(q)) return Infinity;
    if (x !== Math.floor(x)) return NaN; // q^-x is not real
  }
  if (q > 1e8) return (1 / (x - 1) + 1 / (2 * q)) * Math.pow(q, 1 - x);
  let s = Math.pow(q, -x), a = q, b = 0, i = 0;
  while (i < 9 || a <= 9) {
    i++; a += 1; b = Math.pow(a, -x); s += b;
    if (Math.abs(b / s) < MACHEP) return s;
  }
  const w = a;
  s += (b * w) / (x - 1);
  s -= 0.5 * b;
  let fa = 1, k = 0;
  for (let j = 0; j < 12; j++) {
    fa *= x + k; b /= w;
    const t = (fa * b) / ZETA_A[j];
    s += t;
    if (Math.abs(t / s) < MACHEP) break;
    k += 1; fa *= x + k; b /= w; k += 1;
  }
  return s;
}

/** psi^(n)(x) for integer n >= 0: (-1)^(n+1) n! zeta(n + 1, x); NaN for other n. */
export function polygamma(n: number, x: number): number {
  if (Number.isNaN(n) || Number.isNaN(x)) return NaN;
  if (n !== Math.floor(n) || n < 0) return NaN;
  if (n === 0) return digamma(x);
  let fact = 1;
  for (let i = 2; i <= n; i++) fact *= i;
  return (n % 2 === 1 ? 1 : -1) * fact * zeta(n + 1, x);
}

/** Continued fraction of the incomplete beta function (modified Lentz). */
function betacf(a: number, b: number, x: number): number {
  const TINY = 1e-300;
  const qab = a + b, qap = a + 1, qam = a - 1;
  let c = 1, d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 1000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d; if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c; if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d; h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d; if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c; if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-16) break;
  }
  return h;
}

/** Regularized incomplete beta I_x(a, b); NaN outside a, b > 0 and 0 <= x <= 1. */
export function betainc(a: number, b: number, x: number): number {
  if (!(a > 0) || !(b > 0) || !(x >= 0 && x <= 1)) return NaN;
  if (x === 0) return 0;
  if (x === 1) return 1;
  const lbt = lgamma(a + b) - lgamma(a) - lgamma(b) + a * Math.log(x) + b * Math.log1p(-x);
  const bt = Math.exp(lbt);
  if (x < (a + 1) / (a + b + 2)) return (bt * betacf(a, b, x)) / a;
  return 1 - (bt * betacf(b, a, 1 - x)) / b;
}

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

/** erf(x) for |x| < 3 from the all-positive series erf x = 2/sqrt(pi) e^-x^2 sum (2x^2)^n x / (2n+1)!!. */
function erfSeries(x: number): number {
  const x2 = x * x;
  let term = x, sum = x;
  for (let n = 1; n < 200; n++) {
    term *= (2 * x2) / (2 * n + 1);
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * 1e-17) break;
  }
  return TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
}

/** erfc(x) for x >= 2 from its continued fraction. */
function erfcFraction(x: number): number {
  let f = 0;
  for (let n = 80; n >= 1; n--) f = (n / 2) / (x + f);
  return Math.exp(-x * x) / Math.sqrt(Math.PI) / (x + f);
}

export function erf(x: number): number {
  const ax = Math.abs(x);
  if (ax < 2) return erfSeries(x);
  return Math.sign(x) * (1 - erfcFraction(ax));
}

export function erfc(x: number): number {
  if (x < 2) return 1 - erf(x);
  return erfcFraction(x);
}

/** Inverse error function: Winitzki's approximation polished by Halley steps. */
export function erfinv(x: number): number {
  if (Number.isNaN(x) || x < -1 || x > 1) return NaN;
  if (x === 1) return Infinity;
  if (x === -1) return -Infinity;
  if (x === 0) return x;
  const ax = Math.abs(x);
  const a = 0.147;
  const ln = Math.log1p(-ax * ax);
  const t = 2 / (Math.PI * a) + ln / 2;
  let y = Math.sqrt(Math.sqrt(t * t - ln / a) - t);
  const c = 1 - ax; // exact for ax >= 0.5
  for (let it = 0; it < 6; it++) {
    const dens = TWO_OVER_SQRT_PI * Math.exp(-y * y);
    let step: number;
    if (ax <= 0.5) { const u = (erf(y) - ax) / dens; step = -u / (1 + y * u); } else {
      const u = (erfc(y) - c) / dens; step = u / (1 - y * u);
    }
    y += step;
    if (Math.abs(step) <= 1e-16 * y) break;
  }
  return x < 0 ? -y : y;
}
