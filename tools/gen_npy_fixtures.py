#!/usr/bin/env python3
"""Small .npy/.npz files written by real NumPy, for test/io/npy.test.ts.

Writes test/fixtures/npy/*.npy, *.npz and manifest.json:
  {"numpy_version", "files": {"<file>": {"dtype", "shape", "values", "same_bytes"}}}
   - values: flat C-order; int64 as decimal strings; "nan"/"inf"/"-inf"; complex64 as [re, im];
     strings as text
   - same_bytes: true when tensorgraph's writeNpy (with the file's format version) must
     reproduce the file byte for byte
  {"errors": {"<file>": "<substring of the expected error>"}} for files we must refuse.

Usage: python3 tools/gen_npy_fixtures.py   (deterministic)
"""
import json
import math
import os

import numpy as np

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "test", "fixtures", "npy")
NAMES = {"f2": "float16", "f4": "float32", "f8": "float64", "i1": "int8", "i2": "int16", "i4": "int32",
         "i8": "int64", "u1": "uint8", "u2": "uint16", "b1": "bool", "c8": "complex64"}


def enc_float(x):
    x = float(x)
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return x


def enc(a):
    kind = a.dtype.kind
    flat = a.reshape(-1, order="C")
    if kind in "SU":
        return "string", [v.decode("utf-8") if kind == "S" else str(v) for v in flat]
    dt = NAMES[a.dtype.str[1:]]
    if dt == "complex64":
        return dt, [[enc_float(v.real), enc_float(v.imag)] for v in flat]
    if dt == "int64":
        return dt, [str(int(v)) for v in flat]
    if dt == "bool":
        return dt, [bool(v) for v in flat]
    if dt.startswith("float"):
        return dt, [enc_float(v) for v in flat]
    return dt, [int(v) for v in flat]


def main():
    os.makedirs(OUT, exist_ok=True)
    files = {}
    errors = {}

    def save(name, a, version=None, same_bytes=True):
        path = os.path.join(OUT, name)
        with open(path, "wb") as f:
            np.lib.format.write_array(f, a, version=version, allow_pickle=True)
        dt, values = enc(np.asarray(a))
        files[name] = {"dtype": dt, "shape": list(a.shape), "values": values, "same_bytes": same_bytes}

    nan, inf = float("nan"), float("inf")
    save("f2.npy", np.array([0.1, -2.5, 65504.0, nan, inf, -inf, 6e-8, -0.0], np.float16))
    save("f4.npy", np.array([[1.5, -2.0, 3.25], [1e-8, 3.4028235e38, -0.0]], np.float32))
    save("f4_be.npy", np.array([[1.5, -2.0], [nan, 7.0]], ">f4"), same_bytes=False)
    save("f8.npy", np.array([0.1, 1 / 3, -1e300, 5e-324], np.float64))
    save("f8_be.npy", np.array([0.1, -2.0], ">f8"), same_bytes=False)
    save("f8_fortran.npy", np.asfortranarray(np.arange(24, dtype=np.float64).reshape(2, 3, 4)), same_bytes=False)
    save("i1.npy", np.array([-128, -1, 0, 127], np.int8))
    save("i2_be.npy", np.array([[-32768, 1], [2, 32767]], ">i2"), same_bytes=False)
    save("i4.npy", np.array([[-2147483648, 0, 2147483647]], np.int32))
    save("i4_fortran.npy", np.asfortranarray(np.arange(6, dtype=np.int32).reshape(2, 3)), same_bytes=False)
    save("i8.npy", np.array([-9223372036854775808, 9007199254740993, 9223372036854775807], np.int64))
    save("i8_be.npy", np.array([-2, 2 ** 40], ">i8"), same_bytes=False)
    save("u1.npy", np.array([0, 128, 255], np.uint8))
    save("u2.npy", np.array([0, 65535], np.uint16))
    save("u2_be.npy", np.array([1, 65534], ">u2"), same_bytes=False)
    save("b1.npy", np.array([[True, False], [False, True]]))
    save("c8.npy", np.array([1 + 2j, -0.5j, complex(nan, inf)], np.complex64))
    save("c8_be.npy", np.array([3 - 4j, 0.25 + 0j], ">c8"), same_bytes=False)
    save("S.npy", np.array([b"Hello", b"", "caf\u00e9".encode("utf-8"), b"a\x00b"], dtype="S"))
    save("U.npy", np.array(["hello", "", "caf\u00e9", "\U0001F600 smile"]), same_bytes=False)
    save("U_be.npy", np.array(["ab", "xyz"], dtype=">U3"), same_bytes=False)
    save("U_fortran.npy", np.asfortranarray(np.array([["a", "bb", "c"], ["dd", "e", "ff"]])), same_bytes=False)
    save("scalar_f4.npy", np.array(23.9, np.float32))
    save("scalar_i8.npy", np.array(-5, np.int64))
    save("empty_f4.npy", np.zeros((0, 3), np.float32))
    save("v2_f4.npy", np.array([1.0, 2.0], np.float32), version=(2, 0))
    save("v3_i2.npy", np.array([[1, 2], [3, 4]], np.int16), version=(3, 0))

    for name, a, msg in [
        ("u4.npy", np.array([1, 2], np.uint32), "unsupported dtype '<u4' (uint32)"),
        ("c16.npy", np.array([1j], np.complex128), "unsupported dtype '<c16' (complex128)"),
        ("object.npy", np.array([{"a": 1}, None], dtype=object), "unsupported dtype '|O' (object)"),
        ("structured.npy", np.zeros(2, dtype=[("x", "<f4"), ("y", "<i4")]), "unsupported dtype (a structured dtype)"),
    ]:
        with open(os.path.join(OUT, name), "wb") as f:
            np.lib.format.write_array(f, a, allow_pickle=True)
        errors[name] = msg

    np.savez(os.path.join(OUT, "savez.npz"), x=np.arange(6, dtype=np.int32).reshape(2, 3),
             y=np.array([0.5, -1.5], np.float64), names=np.array([b"a", b"bc"]))
    np.savez_compressed(os.path.join(OUT, "savez_compressed.npz"), w=np.linspace(0, 1, 50, dtype=np.float32).reshape(5, 10),
                        flag=np.array(True))

    manifest = {"numpy_version": np.__version__, "files": files, "errors": errors}
    with open(os.path.join(OUT, "manifest.json"), "w", encoding="utf-8") as f:
        f.write(json.dumps(manifest, indent=1, ensure_ascii=False, allow_nan=False) + "\n")
    print("test/fixtures/npy: %d files + %d error files + 2 npz" % (len(files), len(errors)))


if __name__ == "__main__":
    main()
