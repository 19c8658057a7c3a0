#!/usr/bin/env python3
"""Extra reference cases for NumPy-style printing (test/fixtures/numpy_print_extra.json).

Complements test/fixtures/numpy_print.json (tools/gen_fixtures.py) with the hard corners of
numpy's arrayprint: digits beyond the shortest repr in scientific mode, exponent widths,
power-of-two margins, float16, subnormals, wrapping of nested rows, summaries in several
axes, complex nan/inf, bytes escapes. Same format:
  {"numpy_version", "cases": [{"dtype", "shape", "values", "str", "scalar_str" (0-d only)}]}
values: flat row-major; int64 as decimal strings; "nan"/"inf"/"-inf"; complex64 as [re, im];
bytes as UTF-8 text.

Usage: python3 tools/gen_numpy_print.py   (needs numpy; deterministic)
"""
import json
import math
import os

import numpy as np

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "test", "fixtures", "numpy_print_extra.json")
NP = {"float16": np.float16, "float32": np.float32, "float64": np.float64, "int8": np.int8, "int16": np.int16,
      "int32": np.int32, "int64": np.int64, "uint8": np.uint8, "uint16": np.uint16, "bool": np.bool_,
      "complex64": np.complex64, "string": np.bytes_}


def enc_float(x):
    x = float(x)
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return x


def enc(v, dtype):
    if dtype.startswith("float"):
        return enc_float(v)
    if dtype == "int64":
        return str(int(v))
    if dtype.startswith("int") or dtype.startswith("uint"):
        return int(v)
    if dtype == "bool":
        return bool(v)
    if dtype == "complex64":
        return [enc_float(v.real), enc_float(v.imag)]
    return bytes(v).decode("utf-8")


def main():
    rng = np.random.RandomState(1234)
    arrays = []

    def add(a, dtype):
        arrays.append((np.asarray(a, dtype=NP[dtype]), dtype))

    # scalars across magnitudes and kinds
    for dt in ["float16", "float32", "float64"]:
        vals = [2.0 ** k for k in range(-26, 17, 3)] + [1e-4, 1.5e-4, 999.5, 1000.0, 1024.0, 6e-8, 6.1e-5]
        if dt != "float16":
            vals += [999999.94, 1e6, 1.5e6, 16777216.0, 2.0 ** -126, 1e-45, 3.4028235e38, 123456.789,
                     9999999999999998.0, 5e15, 1e16, 0.1 + 0.2, 2.0 ** -149, 1 / 7]
        if dt == "float64":
            vals += [5e-324, 1.7976931348623157e308, 2.0 ** -1022, 2.0 ** 60, 1e22, 1e23]
        with np.errstate(over="ignore"):
            for v in vals:
                x = NP[dt](v)
                if np.isfinite(x):
                    add(x, dt)
                    add(-x, dt)
        for v in rng.standard_normal(8) * 10.0 ** rng.randint(-8, 9, 8):
            add(v, dt)
    for v in [0.5j, 1e20 + 0j, 0.1 + 0.2j, complex(0.0, float("nan")), complex(float("nan"), -1),
              complex(1, float("-inf")), complex(-0.0, 1), complex(1, -0.0), complex(0, 0), complex(1e-7, 3)]:
        add(v, "complex64")
    for v in [b"\x00\x01ab", b"back\\slash", b"cr\r\nlf", b"both ' and \"", b"\x7f"]:
        add(v, "string")
    for dt, v in [("uint16", 65535), ("int8", -5), ("uint8", 0), ("int64", -9223372036854775808)]:
        add(v, dt)

    # floating arrays
    add([0.3, 1.2345678e-5], "float32")
    add([0.3, 1.2345678e-5], "float64")
    add([1e-100, 1.0], "float64")
    add([1e100, -1.0, 0.0], "float64")
    add([0.123456789012, 1.5], "float64")
    add([1 / 3, 2 / 3, 1e-3], "float64")
    add([9.99999999999, 0.5], "float64")
    add([0.999999999, 123.4], "float64")
    add([0.125000005, 0.25], "float64")
    add([1e-4, 2e-4], "float32")
    add([1e-4, 2e-4], "float16")
    add([0.003, 3.0000005], "float32")
    add([0.001, 1.0], "float32")
    add([1e6, 1.0], "float32")
    add([999999.9, 1.0], "float32")
    add([1e7, 5.0], "float64")
    add([1e8, 5e7], "float64")
    add([1000.0, 1.5], "float16")
    add([999.0, 1.5], "float16")
    add([65504.0, -65504.0], "float16")
    add([6e-8, 1.0], "float16")
    add([1e-45, 1.0], "float32")
    add([2.0 ** -126, 3.4028235e38], "float32")
    add([float("nan"), float("nan")], "float32")
    add([float("inf")], "float64")
    add([float("-inf"), float("nan")], "float64")
    add([float("nan"), 1e-7, -3.0], "float64")
    add([float("-inf"), 1e10], "float32")
    add([-0.0, -0.0], "float32")
    add([0.0, 0.0, 0.0], "float64")
    add([2.0 ** k for k in range(-10, 11)], "float32")
    for scale in [1e-6, 1e-3, 1.0, 1e3, 1e5, 1e7, 1e9]:
        add(rng.standard_normal(7) * scale, "float32")
        add(rng.standard_normal(7) * scale, "float64")
        add(rng.standard_normal(5) * min(scale, 1e4), "float16")
    add(rng.standard_normal((3, 20)), "float64")
    add(rng.standard_normal((2, 3, 11)), "float32")
    add(rng.standard_normal((2, 2, 3, 4)), "float32")
    add(np.arange(48).reshape(2, 2, 3, 4), "int32")
    add(rng.uniform(-1, 1, (4, 300)), "float64")
    add(rng.uniform(0, 100, 1001), "float32")
    add(np.arange(3000).reshape(10, 10, 30) * 0.25, "float32")
    add(np.arange(1200).reshape(1, 1200), "int16")
    add(np.arange(2000).reshape(2, 1000) - 1000, "int64")
    add(rng.standard_normal((8, 8, 20)), "float64")
    add([float("nan")] * 5 + [1.0] * 1000, "float32")
    add(np.zeros((0, 2, 3)), "float32")
    add(np.zeros((1, 0)), "int32")
    add(np.zeros((3, 1)), "float64")
    add([[[[7]]]], "int8")

    # ints, bools, bytes, complex
    add(rng.randint(-(2 ** 62), 2 ** 62, 30, dtype=np.int64), "int64")
    add(rng.randint(-30000, 30000, (3, 25)), "int16")
    add(rng.randint(0, 65535, 40), "uint16")
    add(rng.randint(0, 2, (5, 300)).astype(bool), "bool")
    add([[True], [False]], "bool")
    add([b"w" * 80, b"v"], "string")
    add([b"%d" % i for i in range(1500)], "string")
    add([b"a\x00b", b"\xe2\x82\xac", b"'", b'"', b"'\""], "string")
    add([complex(1, float("nan")), complex(float("-inf"), -2), 1e-9 + 1e9j], "complex64")
    add([complex(-0.0, -0.0), complex(0.0, 0.0)], "complex64")
    add(rng.standard_normal(1100) + 1j * rng.standard_normal(1100), "complex64")
    add((rng.standard_normal((3, 4)) + 1j * rng.standard_normal((3, 4))) * 1e-6, "complex64")

    cases = []
    for a, dtype in arrays:
        c = {"dtype": dtype, "shape": list(a.shape), "values": [enc(v, dtype) for v in a.reshape(-1)], "str": str(a)}
        if a.ndim == 0:
            v = a[()]
            c["scalar_str"] = repr(v.item()) if dtype == "string" else str(v)
        cases.append(c)
    lines = [json.dumps(c, separators=(",", ":"), allow_nan=False) for c in cases]
    text = '{\n"numpy_version": %s,\n"cases": [\n%s\n]}\n' % (json.dumps(np.__version__), ",\n".join(lines))
    json.loads(text)
    with open(OUT, "w", encoding="utf-8") as f:
        f.write(text)
    print("%s: %d cases" % (os.path.relpath(OUT), len(cases)))


if __name__ == "__main__":
    main()
