#!/usr/bin/env python3
"""Generate golden test fixtures for tensorgraph from real TensorFlow.

Run from the repository root with the TensorFlow virtualenv:

    .venv-tf/bin/python tools/gen_fixtures.py

It uses TensorFlow's 1.x graph API (``tensorflow.compat.v1`` with
``disable_v2_behavior()``: graph mode, tf.Session, reference variables) and
writes four compact JSON files (one case per line) into ``test/fixtures/``:

  ops.json          op-value cases. {"tf_version", "numpy_version", "cases": [...]}
                    Each case: {"id", "fn", "args", "kwargs"} plus either
                    "result" (a VALUE, or a list of VALUEs for multi-output
                    functions such as top_k / split / unstack) or
                    "error": {"class", "message", "phase"}.
                      ARG   = {"tensor": VALUE}  -> tf.constant(value, dtype)
                            | {"py": json, "repr": python source}
                                                 -> plain Python literal
                                                    (use "repr" to tell the
                                                    int 2 from the float 2.0)
                            | {"list": [ARG..]}  -> Python list of ARGs
                                                    (concat, stack, add_n)
                      VALUE = {"dtype", "shape", "values": flat row-major}
                              int64/uint64 values are decimal strings,
                              float nan/inf are "nan"/"inf"/"-inf",
                              complex values are [re, im] pairs,
                              string values are UTF-8 text.
                              Result VALUEs also carry "static_shape": the
                              graph-time inferred shape (null entries for
                              unknown dims, null for unknown rank).
                      kwargs values are plain JSON; the keys "dtype",
                      "out_type" and "output_type" hold dtype names. When a
                      kwarg holds a Python float, "kwargs_repr" gives the
                      Python source text of every kwarg.
                    "fn" is the attribute name under tf (compat.v1), except
                    "top_k" which is tf.nn.top_k.
                    error.phase is "construct" (raised while building the
                    graph, usually ValueError/TypeError) or "run" (raised by
                    Session.run, a tf.errors.* class). For run errors the
                    message is the kernel's own message (TF wraps it in a
                    "Graph execution error: Detected at node ..." preamble and
                    a stack trace, which is stripped); for construction
                    errors it is the first line of str(e).
  naming.json       graph-construction naming cases.
                    {"id", "code", "ops": [[name, type, [inputs]], ...],
                     "tensors": [[tensor name, dtype, str(shape)], ...],
                     "prints": {expr: str(eval(expr))}}
                    inputs use NodeDef syntax: "op" for output 0, "op:1",
                    "^op" for control inputs.
  errors.json       error-message cases.
                    {"id", "code", "class", "phase" ("construct": graph
                     building; "session": client-side checks inside
                     tf.Session such as feeds, fetches, closed session;
                     "run": a tf.errors.* raised by graph execution),
                     "message": full str(e)
                     (absolute paths replaced by <site-packages> or made
                     repo-relative, object addresses by 0x..., and this
                     generator's own stack frames removed),
                     "core": the essential message without TF's preamble,
                     node annotation and stack trace}
                    A case that unexpectedly does not raise has class null,
                    "note" and "result" (repr of the variable `result`).
  numpy_print.json  numpy default str() formatting of arrays and scalars.
                    {"numpy_version", "cases": [{"dtype", "shape", "values",
                     "str", "scalar_str" (0-d only)}]}

Everything is deterministic (fixed numpy seeds, fresh graph per case, oneDNN
optimisations off). Pass file stems to regenerate only some files, e.g.
``.venv-tf/bin/python tools/gen_fixtures.py naming errors``.
"""

import json
import os
import re
import sys
import traceback

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")

import logging  # noqa: E402
import warnings  # noqa: E402

warnings.filterwarnings("ignore")

import numpy as np  # noqa: E402
import tensorflow.compat.v1 as tf  # noqa: E402

tf.get_logger().setLevel(logging.ERROR)
tf.disable_v2_behavior()
try:
    import absl.logging

    absl.logging.set_verbosity(absl.logging.ERROR)
except Exception:  # pragma: no cover
    pass

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT_DIR = os.path.join(REPO, "test", "fixtures")
import tensorflow as _tf_root  # noqa: E402

SITE = os.path.dirname(os.path.dirname(os.path.abspath(_tf_root.__file__)))

NP_DTYPES = {
    "float16": np.float16,
    "float32": np.float32,
    "float64": np.float64,
    "int8": np.int8,
    "int16": np.int16,
    "int32": np.int32,
    "int64": np.int64,
    "uint8": np.uint8,
    "uint16": np.uint16,
    "uint32": np.uint32,
    "uint64": np.uint64,
    "bool": np.bool_,
    "complex64": np.complex64,
    "complex128": np.complex128,
    "string": object,
}
DTYPE_KWARGS = ("dtype", "out_type", "output_type")


# --------------------------------------------------------------------------
# VALUE encoding / decoding
# --------------------------------------------------------------------------

def enc_float(x):
    x = float(x)
    if x != x:
        return "nan"
    if x == float("inf"):
        return "inf"
    if x == float("-inf"):
        return "-inf"
    return x


def enc_scalar(x, dtype):
    if dtype in ("float16", "float32", "float64", "bfloat16"):
        return enc_float(x)
    if dtype in ("int64", "uint64"):
        return str(int(x))
    if dtype.startswith("int") or dtype.startswith("uint"):
        return int(x)
    if dtype == "bool":
        return bool(x)
    if dtype.startswith("complex"):
        return [enc_float(x.real), enc_float(x.imag)]
    if dtype == "string":
        if isinstance(x, bytes):
            return x.decode("utf-8", errors="replace")
        return str(x)
    raise ValueError("cannot encode dtype %s" % dtype)


def enc(arr, dtype):
    arr = np.asarray(arr, dtype=NP_DTYPES[dtype])
    return {
        "dtype": dtype,
        "shape": list(arr.shape),
        "values": [enc_scalar(v, dtype) for v in arr.reshape(-1)],
    }


def dec_scalar(v, dtype):
    if dtype in ("float16", "float32", "float64"):
        return float(v)
    if dtype.startswith("int") or dtype.startswith("uint"):
        return int(v)
    if dtype == "bool":
        return bool(v)
    if dtype.startswith("complex"):
        return complex(float(v[0]), float(v[1]))
    if dtype == "string":
        return v.encode("utf-8")
    raise ValueError(dtype)


def dec(value):
    dtype = value["dtype"]
    flat = [dec_scalar(v, dtype) for v in value["values"]]
    if dtype == "string":
        arr = np.empty(len(flat), dtype=object)
        for i, v in enumerate(flat):
            arr[i] = v
    else:
        arr = np.array(flat, dtype=NP_DTYPES[dtype])
    return arr.reshape(value["shape"])


def static_shape(t):
    s = t.shape
    if s.rank is None:
        return None
    return s.as_list()


def enc_result(val, tensor):
    dtype = tensor.dtype.base_dtype.name
    if dtype == "string":
        arr = np.asarray(val, dtype=object)
    else:
        arr = np.asarray(val)
    out = enc(arr, dtype)
    out["static_shape"] = static_shape(tensor)
    return out


# --------------------------------------------------------------------------
# error helpers
# --------------------------------------------------------------------------

def normalize_message(s):
    """Make a message machine-independent: absolute paths -> <site-packages>
    or repo-relative, object addresses -> 0x..., and stack-frame lines that
    belong to this generator (the harness that exec()s the case code) are
    dropped, leaving the "<fixture>" and TensorFlow frames."""
    s = s.replace(SITE, "<site-packages>")
    s = s.replace(REPO + "/", "")
    s = re.sub(r"0x[0-9a-fA-F]{6,}", "0x...", s)
    lines = [l for l in s.split("\n") if 'File "tools/gen_fixtures.py"' not in l]
    return "\n".join(lines)


def core_message(e):
    """The essential message of an exception, without TF's decorations.

    For tf.errors.OpError this drops the "Graph execution error:" preamble,
    the "Detected at node ... defined at" traceback, the "Node: ..." line and
    everything from the "\t [[{{node ...}}]]" annotation on.
    """
    if isinstance(e, tf.errors.OpError):
        lines = e.message.split("\n")
        if lines and lines[0].startswith("Graph execution error"):
            lines = lines[1:]
            while lines and (lines[0].strip() == "" or lines[0].startswith("Detected at node")
                             or lines[0].lstrip().startswith("File ") or lines[0].startswith("Node: ")):
                lines = lines[1:]
        out = []
        for line in lines:
            if line.lstrip(" ").startswith("\t [[") or line.lstrip(" ").startswith("\t[["):
                break
            out.append(line)
        return "\n".join(out).rstrip("\n")
    if isinstance(e, KeyError) and e.args:
        return str(e.args[0])
    return str(e)


def error_record(e, phase, first_line=True):
    core = core_message(e)
    if first_line:
        core = core.split("\n")[0]
    return {"class": type(e).__name__, "message": core, "phase": phase}


# --------------------------------------------------------------------------
# ops.json
# --------------------------------------------------------------------------

CASES = []


def T(values, dtype, shape=None):
    if dtype == "string":
        flat = np.array(values, dtype=object).reshape(-1)
        arr = np.empty(len(flat), dtype=object)
        for i, v in enumerate(flat):
            arr[i] = v.encode("utf-8") if isinstance(v, str) else v
        arr = arr.reshape(np.shape(values) if shape is None else shape)
    else:
        arr = np.array(values, dtype=NP_DTYPES[dtype])
        if shape is not None:
            arr = arr.reshape(shape)
    return {"tensor": enc(arr, dtype)}


def P(x):
    # JSON cannot tell 2 from 2.0, but TF infers int32 vs float32 from the
    # Python type, so the Python source text is kept alongside.
    return {"py": x, "repr": repr(x)}


def _has_float(x):
    if isinstance(x, float):
        return True
    if isinstance(x, (list, tuple)):
        return any(_has_float(v) for v in x)
    return False


def L(*args):
    return {"list": list(args)}


def case(id_, fn, args, kwargs=None):
    c = {"id": id_, "fn": fn, "args": args, "kwargs": kwargs or {}}
    if any(_has_float(v) for v in c["kwargs"].values()):
        c["kwargs_repr"] = {k: repr(v) for k, v in c["kwargs"].items()}
    CASES.append(c)


def build_arg(a):
    if "tensor" in a:
        v = a["tensor"]
        return tf.constant(dec(v), dtype=tf.as_dtype(v["dtype"]))
    if "py" in a:
        return a["py"]
    if "list" in a:
        return [build_arg(x) for x in a["list"]]
    raise ValueError(a)


def resolve_fn(name):
    if name == "top_k":
        return tf.nn.top_k
    obj = tf
    for part in name.split("."):
        obj = getattr(obj, part)
    return obj


def run_case(c):
    g = tf.Graph()
    with g.as_default():
        fn = resolve_fn(c["fn"])
        try:
            args = [build_arg(a) for a in c["args"]]
            kwargs = {}
            for k, v in c["kwargs"].items():
                kwargs[k] = tf.as_dtype(v) if (k in DTYPE_KWARGS and v is not None) else v
            out = fn(*args, **kwargs)
        except Exception as e:  # construction-time error
            return {"error": error_record(e, "construct")}
        multi = isinstance(out, (list, tuple))
        fetch = list(out) if multi else out
        with tf.Session(graph=g) as sess:
            try:
                val = sess.run(fetch)
            except tf.errors.OpError as e:
                return {"error": error_record(e, "run")}
        if multi:
            return {"result": [enc_result(v, t) for v, t in zip(val, fetch)]}
        return {"result": enc_result(val, fetch)}


def gen_op_cases():
    rng = np.random.RandomState(20240601)

    INT_DTS = ["int32", "int64", "int16", "int8", "uint8"]
    ALL_NUM = ["float32", "float64"] + INT_DTS

    a_signed = [[7, -7, 3], [-3, 0, 5]]
    b_signed = [[2, 2, -2], [-2, 3, 3]]
    a_unsigned = [[7, 9, 3], [200, 0, 5]]
    b_unsigned = [[2, 4, 2], [3, 3, 7]]
    a_float = [[7.5, -7.5, 3.25], [-3.0, 0.0, 5.5]]
    b_float = [[2.0, 2.0, -2.0], [-2.5, 3.0, 0.5]]

    def ab(dt):
        if dt.startswith("float"):
            return a_float, b_float
        if dt.startswith("uint"):
            return a_unsigned, b_unsigned
        return a_signed, b_signed

    # ---- binary arithmetic over dtypes ----
    arith = ["add", "subtract", "multiply", "div", "truediv", "floordiv", "mod",
             "floormod", "truncatediv", "truncatemod", "maximum", "minimum",
             "squared_difference"]
    for op in arith:
        for dt in ALL_NUM:
            a, b = ab(dt)
            case("%s/%s" % (op, dt), op, [T(a, dt), T(b, dt)])
    # pow: non-negative integer exponents
    for dt in ALL_NUM:
        if dt.startswith("float"):
            a, b = [[1.5, -2.0, 4.0], [0.0, 9.0, 2.0]], [[2.0, 3.0, 0.5], [0.0, 0.5, -1.0]]
        elif dt.startswith("uint"):
            a, b = [[2, 3, 0], [1, 5, 10]], [[3, 2, 0], [5, 3, 2]]
        else:
            a, b = [[2, -3, 0], [1, -1, 10]], [[3, 2, 0], [5, 3, 2]]
        case("pow/%s" % dt, "pow", [T(a, dt), T(b, dt)])
    case("pow/int32_negative_exponent", "pow", [T([2, 3], "int32"), T([-1, 2], "int32")])
    case("pow/float32_nan", "pow", [T([-8.0, 0.0, 0.0], "float32"), T([1.0 / 3, 0.0, -1.0], "float32")])
    case("pow/int32_overflow", "pow", [T([2, 10], "int32"), T([31, 10], "int32")])

    # ---- broadcasting ----
    bc_ops = ["add", "subtract", "multiply", "truediv", "floordiv", "floormod",
              "maximum", "minimum", "pow", "squared_difference"]
    m23 = [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]
    for op in bc_ops:
        case("%s/broadcast_py_scalar_right" % op, op, [T(m23, "float32"), P(2)])
        case("%s/broadcast_py_scalar_left" % op, op, [P(2.0), T(m23, "float32")])
        case("%s/broadcast_col_row" % op, op,
             [T([[1.0], [2.0], [3.0]], "float32"), T([[1.0, 2.0, 3.0, 4.0]], "float32")])
        case("%s/broadcast_rank3" % op, op,
             [T(np.arange(1, 7).reshape(2, 1, 3), "float32"),
              T(np.arange(1, 13).reshape(4, 3) * 0.5, "float32")])
        case("%s/shape_mismatch" % op, op, [T(np.ones((2, 3)), "float32"), T(np.ones((3, 2)), "float32")])
    case("add/broadcast_int_py_scalar_left_mismatch", "add", [P(2), T(m23, "float32")])
    case("subtract/py_int_minus_float_tensor", "subtract", [P(10), T(m23, "float32")])
    case("add/broadcast_scalar_tensor", "add", [T(5, "int32"), T([[1, 2], [3, 4]], "int32")])
    case("add/broadcast_empty", "add", [T(np.zeros((0, 3)), "float32"), T([1.0, 2.0, 3.0], "float32")])
    case("add/broadcast_empty_scalar", "add", [T(np.zeros((2, 0)), "float32"), T(1.0, "float32")])
    case("add/broadcast_vector_matrix", "add", [T([10, 20, 30], "int32"), T([[1, 2, 3], [4, 5, 6]], "int32")])
    case("add/broadcast_rank4", "add",
         [T(np.arange(6).reshape(1, 2, 1, 3), "int32"), T(np.arange(4).reshape(2, 1, 2, 1), "int32")])
    case("multiply/broadcast_1_vs_n", "multiply", [T([3], "int32"), T([1, 2, 3, 4], "int32")])
    case("add/broadcast_incompatible_rank3", "add",
         [T(np.ones((2, 3, 4)), "float32"), T(np.ones((3, 3)), "float32")])
    case("add/scalars", "add", [T(1.5, "float32"), T(2.25, "float32")])
    case("add/py_scalars", "add", [P(1), P(2)])
    case("add/py_float_scalars", "add", [P(1.5), P(2)])
    case("multiply/py_list_and_tensor", "multiply", [P([1, 2, 3]), T([4, 5, 6], "int32")])
    case("add/string", "add", [T(["ab", "c"], "string"), T(["x", "yz"], "string")])
    case("add/string_broadcast", "add", [T(["ab", "c"], "string"), T("!", "string")])
    case("add/bool", "add", [T([True, False], "bool"), T([True, True], "bool")])
    case("add/complex64", "add", [T([1 + 2j, 3 - 1j], "complex64"), T([0.5 + 0.5j, -1 + 0j], "complex64")])
    case("multiply/complex64", "multiply", [T([1 + 2j, 3 - 1j], "complex64"), T([0.5 + 0.5j, -1 + 1j], "complex64")])
    case("add/empty_both", "add", [T(np.zeros((0,)), "int32"), T(np.zeros((0,)), "int32")])

    # ---- dtype mismatch ----
    case("add/dtype_mismatch_int32_float32", "add", [T([1, 2], "int32"), T([1.0, 2.0], "float32")])
    case("add/dtype_mismatch_float32_float64", "add", [T([1.0], "float32"), T([1.0], "float64")])
    case("multiply/dtype_mismatch_int32_int64", "multiply", [T([1], "int32"), T([1], "int64")])
    case("subtract/dtype_mismatch_float32_int32", "subtract", [T([1.0], "float32"), T([1], "int32")])
    case("add/py_float_into_int_tensor", "add", [T([1, 2], "int32"), P(1.5)])
    case("add/py_int_into_float_tensor", "add", [T([1.0, 2.0], "float32"), P(1)])
    case("add/py_int_into_uint8", "add", [T([1, 2], "uint8"), P(300)])
    case("truediv/dtype_mismatch", "truediv", [T([1], "int32"), T([1.0], "float32")])

    # ---- overflow wrap ----
    case("add/int16_overflow", "add", [T([32767, -32768], "int16"), T([1, -1], "int16")])
    case("add/int8_overflow", "add", [T([127, -128], "int8"), T([1, -1], "int8")])
    case("subtract/uint8_underflow", "subtract", [T([0, 5], "uint8"), T([1, 10], "uint8")])
    case("add/uint8_overflow", "add", [T([255, 200], "uint8"), T([1, 100], "uint8")])
    case("multiply/int32_overflow", "multiply", [T([65536, 2147483647, 100000], "int32"), T([65536, 2, 100000], "int32")])
    case("add/int32_overflow", "add", [T([2147483647], "int32"), T([1], "int32")])
    case("add/int64_overflow", "add", [T([9223372036854775807], "int64"), T([1], "int64")])
    case("multiply/int16_overflow", "multiply", [T([300, -300], "int16"), T([300, 300], "int16")])
    case("negative/int32_min", "negative", [T([-2147483648, 5], "int32")])
    case("square/int8_overflow", "square", [T([12, -12, 16], "int8")])

    # ---- floor vs truncation with negatives, division by zero ----
    na = [7, -7, 7, -7, 0, 1, -1]
    nb = [2, 2, -2, -2, 3, -3, 3]
    for op in ["floordiv", "truncatediv", "div", "floormod", "truncatemod", "mod", "truediv"]:
        case("%s/negatives_int32" % op, op, [T(na, "int32"), T(nb, "int32")])
        case("%s/negatives_float32" % op, op,
             [T([7.5, -7.5, 7.5, -7.5, -0.5, 1.0], "float32"), T([2.0, 2.0, -2.0, -2.0, 3.0, -3.0], "float32")])
        case("%s/int32_by_zero" % op, op, [T([1, 2, 3], "int32"), T([1, 0, 1], "int32")])
        case("%s/float32_by_zero" % op, op, [T([1.0, -1.0, 0.0], "float32"), T([0.0, 0.0, 0.0], "float32")])
    case("floordiv/int64_by_zero", "floordiv", [T([5], "int64"), T([0], "int64")])
    case("floordiv/uint8_by_zero", "floordiv", [T([5], "uint8"), T([0], "uint8")])
    case("truediv/int64_negative", "truediv", [T([7, -7], "int64"), T([2, 2], "int64")])
    case("truediv/int16_negative", "truediv", [T([7, -7], "int16"), T([2, 2], "int16")])
    case("truediv/float64_precision", "truediv", [T([1.0, 2.0], "float64"), T([3.0, 3.0], "float64")])
    case("truediv/float32_precision", "truediv", [T([1.0, 2.0], "float32"), T([3.0, 3.0], "float32")])
    case("floormod/float_tiny", "floormod", [T([-1e-10, 5.0], "float64"), T([3.0, -1e-10], "float64")])

    # ---- unary ----
    u_general = [-2.5, -1.5, -0.5, 0.0, 0.5, 1.5, 2.5, 3.7, -3.7]
    u_pos = [0.25, 1.0, 2.0, 10.0, 0.01, 100.0]
    u_rand = np.round(rng.uniform(-3, 3, (2, 3)), 3).tolist()
    u_special = [float("nan"), float("inf"), float("-inf"), 0.0, -0.0, 1.0, -1.0]
    unary_general = ["negative", "abs", "sign", "square", "floor", "ceil", "round", "rint",
                     "reciprocal", "exp", "sin", "cos", "tan", "tanh", "sigmoid"]
    unary_pos = ["sqrt", "rsqrt", "log", "log1p"]
    for op in unary_general:
        for dt in ["float32", "float64"]:
            case("%s/%s" % (op, dt), op, [T(u_general, dt)])
        case("%s/float32_rand_2x3" % op, op, [T(u_rand, "float32")])
        case("%s/float32_special" % op, op, [T(u_special, "float32")])
    for op in unary_pos:
        for dt in ["float32", "float64"]:
            case("%s/%s" % (op, dt), op, [T(u_pos, dt)])
        case("%s/float32_special" % op, op, [T(u_special, "float32")])
        case("%s/float32_negative" % op, op, [T([-1.0, -0.5], "float32")])
    for op in ["is_nan", "is_inf", "is_finite"]:
        case("%s/float32" % op, op, [T(u_special, "float32")])
        case("%s/float64" % op, op, [T(u_special, "float64")])
        case("%s/int32" % op, op, [T([1, 2], "int32")])
    for op in ["negative", "abs", "sign", "square"]:
        for dt in ["int32", "int64", "int16", "int8"]:
            case("%s/%s" % (op, dt), op, [T([-5, -1, 0, 1, 7], dt)])
    for op in ["reciprocal", "floor", "round", "sqrt", "exp", "log", "sigmoid", "abs"]:
        dt = "uint8" if op == "abs" else "int32"
        case("%s/%s" % (op, dt), op, [T([1, 2, 4], dt)])
    case("round/half_even", "round", [T([0.5, 1.5, 2.5, 3.5, -0.5, -1.5, -2.5, 2.4999, 2.5001], "float32")])
    case("rint/half_even", "rint", [T([0.5, 1.5, 2.5, 3.5, -0.5, -1.5, -2.5], "float64")])
    case("exp/large", "exp", [T([88.0, 89.0, 709.0, -200.0], "float32")])
    case("exp/large_float64", "exp", [T([88.0, 89.0, 709.0, 710.0], "float64")])
    case("sigmoid/extreme", "sigmoid", [T([-100.0, -20.0, 0.0, 20.0, 100.0], "float32")])
    case("tanh/extreme", "tanh", [T([-100.0, -20.0, 0.0, 20.0, 100.0], "float32")])
    case("log1p/small", "log1p", [T([1e-10, 1e-5, -0.5], "float32")])
    case("negative/scalar", "negative", [T(3.5, "float32")])
    case("abs/empty", "abs", [T(np.zeros((0, 2)), "float32")])
    case("negative/py_list", "negative", [P([1, -2, 3])])
    case("abs/complex64", "abs", [T([3 + 4j, -1 + 0j], "complex64")])
    case("negative/bool", "negative", [T([True], "bool")])

    # ---- comparison ----
    cmp_ops = ["equal", "not_equal", "less", "less_equal", "greater", "greater_equal"]
    ca = [1.0, 2.0, 3.0, float("nan"), -0.0, float("inf")]
    cb = [2.0, 2.0, 2.0, float("nan"), 0.0, float("inf")]
    for op in cmp_ops:
        case("%s/float32" % op, op, [T(ca, "float32"), T(cb, "float32")])
        case("%s/int32" % op, op, [T([1, 2, 3], "int32"), T([2, 2, 2], "int32")])
        case("%s/int64" % op, op, [T([1, 2, 3], "int64"), T([2, 2, 2], "int64")])
        case("%s/uint8" % op, op, [T([1, 2, 255], "uint8"), T([2, 2, 0], "uint8")])
        case("%s/broadcast_py_scalar" % op, op, [T([[1, 2, 3], [4, 5, 6]], "int32"), P(3)])
        case("%s/broadcast_col_row" % op, op, [T([[1], [2], [3]], "int32"), T([[0, 1, 2, 3]], "int32")])
    for op in ["equal", "not_equal"]:
        case("%s/string" % op, op, [T(["a", "b", "c"], "string"), T(["a", "x", "c"], "string")])
        case("%s/bool" % op, op, [T([True, False], "bool"), T([True, True], "bool")])
        case("%s/dtype_mismatch" % op, op, [T([1, 2], "int32"), T([1.0, 2.0], "float32")])
        case("%s/shape_mismatch" % op, op, [T([1, 2], "int32"), T([1, 2, 3], "int32")])
    case("less/dtype_mismatch", "less", [T([1, 2], "int32"), T([1.0, 2.0], "float32")])
    case("less/string", "less", [T(["a"], "string"), T(["b"], "string")])
    case("greater/shape_mismatch", "greater", [T([1, 2], "int32"), T([1, 2, 3], "int32")])

    # ---- logical ----
    la = [True, True, False, False]
    lb = [True, False, True, False]
    for op in ["logical_and", "logical_or", "logical_xor"]:
        case("%s/bool" % op, op, [T(la, "bool"), T(lb, "bool")])
        case("%s/broadcast_scalar" % op, op, [T([[True, False], [False, True]], "bool"), T(True, "bool")])
        case("%s/broadcast_py" % op, op, [T([True, False], "bool"), P(False)])
        case("%s/int32" % op, op, [T([1, 0], "int32"), T([1, 1], "int32")])
    case("logical_and/broadcast_col_row", "logical_and", [T([[True], [False]], "bool"), T([[True, False, True]], "bool")])
    case("logical_not/bool", "logical_not", [T(la, "bool")])
    case("logical_not/2d", "logical_not", [T([[True, False], [False, False]], "bool")])
    case("logical_not/int32", "logical_not", [T([1, 0], "int32")])
    case("logical_xor/shape_mismatch", "logical_xor", [T([True, False], "bool"), T([True, False, True], "bool")])

    # ---- where ----
    case("where/same_shape", "where",
         [T([[True, False], [False, True]], "bool"), T([[1, 2], [3, 4]], "int32"), T([[10, 20], [30, 40]], "int32")])
    case("where/float32", "where",
         [T([True, False, True], "bool"), T([1.5, 2.5, 3.5], "float32"), T([-1.0, -2.0, -3.0], "float32")])
    case("where/vector_cond_selects_rows", "where",
         [T([True, False], "bool"), T([[1, 2, 3], [4, 5, 6]], "int32"), T([[7, 8, 9], [10, 11, 12]], "int32")])
    case("where/scalar_cond", "where",
         [T(True, "bool"), T([1, 2], "int32"), T([3, 4], "int32")])
    case("where/no_broadcast_v1", "where",
         [T([[True], [False]], "bool"), T([[1, 2]], "int32"), T([[3, 4]], "int32")])
    case("where/shape_mismatch", "where",
         [T([True, False], "bool"), T([1, 2, 3], "int32"), T([4, 5, 6], "int32")])
    case("where/dtype_mismatch", "where",
         [T([True, False], "bool"), T([1, 2], "int32"), T([1.0, 2.0], "float32")])
    case("where/string", "where",
         [T([True, False], "bool"), T(["a", "b"], "string"), T(["c", "d"], "string")])
    case("where/one_arg_1d", "where", [T([True, False, True, True], "bool")])
    case("where/one_arg_2d", "where", [T([[True, False], [False, True]], "bool")])
    case("where/one_arg_empty", "where", [T([False, False], "bool")])
    case("where/empty", "where", [T(np.zeros(0, bool), "bool"), T(np.zeros(0), "float32"), T(np.zeros(0), "float32")])

    # ---- cast ----
    casts = [
        ("float32_to_int32", [1.7, -1.7, 2.5, -0.5, 0.0, 100.99], "float32", "int32"),
        ("float64_to_int64", [1.7, -1.7, 1e15 + 0.5], "float64", "int64"),
        ("float32_to_bool", [0.0, -0.0, 0.5, -2.0, float("nan")], "float32", "bool"),
        ("bool_to_float32", [True, False], "bool", "float32"),
        ("bool_to_int32", [True, False], "bool", "int32"),
        ("int32_to_bool", [0, 1, -5], "int32", "bool"),
        ("int32_to_uint8", [300, -1, 255, 256], "int32", "uint8"),
        ("int32_to_int8", [127, 128, -129, 255], "int32", "int8"),
        ("int32_to_int16", [32768, -32769, 65535], "int32", "int16"),
        ("int64_to_int32", ["4294967297", "-1", "2147483648"], "int64", "int32"),
        ("float64_to_float32", [0.1, 1e40, 1e-50, 3.141592653589793], "float64", "float32"),
        ("int32_to_float32", [16777217, -16777217, 2147483647], "int32", "float32"),
        ("int64_to_float64", ["9007199254740993"], "int64", "float64"),
        ("uint8_to_int32", [0, 200, 255], "uint8", "int32"),
        ("int8_to_uint8", [-1, -128, 5], "int8", "uint8"),
        ("float32_to_float64", [0.1, 1.0 / 3], "float32", "float64"),
        ("int32_to_float64", [1, -2], "int32", "float64"),
        ("float32_to_complex64", [1.5, -2.0], "float32", "complex64"),
        ("int32_to_int32", [1, 2], "int32", "int32"),
        ("float32_to_uint8", [1.9, 255.0, 0.2], "float32", "uint8"),
        ("float32_to_int64_2d", [[1.5, -2.5], [3.5, -4.5]], "float32", "int64"),
        ("int32_to_string", [1, 2], "int32", "string"),
        ("string_to_int32", ["1"], "string", "int32"),
        ("empty_int32_to_float32", np.zeros((0, 2)), "int32", "float32"),
        ("scalar_float32_to_int32", 3.99, "float32", "int32"),
    ]
    for name, vals, src, dst in casts:
        case("cast/" + name, "cast", [T(vals, src)], {"dtype": dst})
    case("cast/py_list_to_float32", "cast", [P([1, 2, 3])], {"dtype": "float32"})

    # ---- reshape ----
    r6 = np.arange(6).reshape(2, 3)
    for name, shp in [("2x3_to_3x2", [3, 2]), ("to_flat", [-1]), ("infer_3x-1", [3, -1]),
                      ("to_6x1x1", [6, 1, 1]), ("infer_-1x2", [-1, 2]), ("to_1x2x3", [1, 2, 3]),
                      ("impossible", [4, 2]), ("impossible_infer", [4, -1]), ("two_unknowns", [-1, -1])]:
        case("reshape/" + name, "reshape", [T(r6, "int32"), P(shp)])
    case("reshape/float32", "reshape", [T(np.arange(6) * 0.5, "float32"), P([2, 3])])
    case("reshape/string", "reshape", [T(["a", "b", "c", "d"], "string"), P([2, 2])])
    case("reshape/to_scalar", "reshape", [T([7], "int32"), P([])])
    case("reshape/scalar_to_1x1", "reshape", [T(7, "int32"), P([1, 1])])
    case("reshape/empty", "reshape", [T(np.zeros((0, 3)), "float32"), P([3, 0])])
    case("reshape/empty_infer", "reshape", [T(np.zeros((0, 3)), "float32"), P([-1, 0])])
    case("reshape/empty_infer_ok", "reshape", [T(np.zeros((0, 3)), "float32"), P([-1, 3])])
    case("reshape/shape_tensor", "reshape", [T(r6, "int32"), T([3, 2], "int32")])
    case("reshape/shape_tensor_int64", "reshape", [T(r6, "int32"), T([3, 2], "int64")])

    # ---- transpose ----
    t3 = np.arange(24).reshape(2, 3, 4)
    case("transpose/default_2d", "transpose", [T(r6, "int32")])
    case("transpose/perm_10", "transpose", [T(r6, "float32"), P([1, 0])])
    case("transpose/default_3d", "transpose", [T(t3, "int32")])
    case("transpose/perm_201", "transpose", [T(t3, "int32"), P([2, 0, 1])])
    case("transpose/perm_102", "transpose", [T(t3, "int64"), P([1, 0, 2])])
    case("transpose/1d", "transpose", [T([1, 2, 3], "int32")])
    case("transpose/scalar", "transpose", [T(5, "int32")])
    case("transpose/bool", "transpose", [T([[True, False]], "bool")])
    case("transpose/string", "transpose", [T([["a", "b"], ["c", "d"]], "string")])
    case("transpose/empty", "transpose", [T(np.zeros((0, 2)), "float32")])
    case("transpose/bad_perm", "transpose", [T(r6, "int32"), P([0, 0])])
    case("transpose/perm_wrong_length", "transpose", [T(r6, "int32"), P([0, 1, 2])])
    case("transpose/negative_perm", "transpose", [T(r6, "int32"), P([-1, 0])])

    # ---- expand_dims / squeeze ----
    case("expand_dims/axis0", "expand_dims", [T([1, 2, 3], "int32"), P(0)])
    case("expand_dims/axis1", "expand_dims", [T([1, 2, 3], "int32"), P(1)])
    case("expand_dims/axis-1_2d", "expand_dims", [T(r6, "float32"), P(-1)])
    case("expand_dims/axis-3_2d", "expand_dims", [T(r6, "float32"), P(-3)])
    case("expand_dims/scalar", "expand_dims", [T(5, "int32"), P(0)])
    case("expand_dims/out_of_range", "expand_dims", [T([1, 2], "int32"), P(3)])
    case("expand_dims/out_of_range_neg", "expand_dims", [T([1, 2], "int32"), P(-3)])
    sq = np.arange(6).reshape(1, 2, 1, 3, 1)
    case("squeeze/all", "squeeze", [T(sq, "int32")])
    case("squeeze/axis_list", "squeeze", [T(sq, "int32"), P([2])])
    case("squeeze/axis_negative", "squeeze", [T(sq, "int32"), P([-1, 0])])
    case("squeeze/axis_int", "squeeze", [T(sq, "float32"), P(0)])
    case("squeeze/non_one_dim", "squeeze", [T(sq, "int32"), P([1])])
    case("squeeze/to_scalar", "squeeze", [T([[5]], "int32")])
    case("squeeze/nothing", "squeeze", [T(r6, "int32")])

    # ---- concat / stack / unstack / split ----
    c1 = T([[1, 2], [3, 4]], "int32")
    c2 = T([[5, 6], [7, 8]], "int32")
    c3 = T([[9, 10, 11], [12, 13, 14]], "int32")
    case("concat/axis0", "concat", [L(c1, c2), P(0)])
    case("concat/axis1", "concat", [L(c1, c2), P(1)])
    case("concat/axis-1_three", "concat", [L(c1, c3, c2), P(-1)])
    case("concat/axis0_mismatch", "concat", [L(c1, c3), P(0)])
    case("concat/single", "concat", [L(c1), P(0)])
    case("concat/float32_1d", "concat", [L(T([1.5], "float32"), T([2.5, 3.5], "float32")), P(0)])
    case("concat/with_empty", "concat", [L(T(np.zeros((0, 2)), "int32"), c1), P(0)])
    case("concat/dtype_mismatch", "concat", [L(T([1], "int32"), T([1.0], "float32")), P(0)])
    case("concat/rank_mismatch", "concat", [L(T([1, 2], "int32"), c1), P(0)])
    case("concat/axis_out_of_range", "concat", [L(c1, c2), P(2)])
    case("concat/string", "concat", [L(T(["a"], "string"), T(["b", "c"], "string")), P(0)])
    case("concat/rank3_axis1", "concat", [L(T(np.arange(8).reshape(2, 2, 2), "int32"),
                                                T(np.arange(4).reshape(2, 1, 2), "int32")), P(1)])
    case("stack/axis0", "stack", [L(T([1, 2, 3], "int32"), T([4, 5, 6], "int32"))])
    case("stack/axis1", "stack", [L(T([1, 2, 3], "int32"), T([4, 5, 6], "int32"))], {"axis": 1})
    case("stack/axis-1_2d", "stack", [L(c1, c2)], {"axis": -1})
    case("stack/scalars", "stack", [L(T(1.5, "float32"), T(2.5, "float32"), T(3.5, "float32"))])
    case("stack/shape_mismatch", "stack", [L(T([1, 2], "int32"), T([1, 2, 3], "int32"))])
    case("stack/axis_out_of_range", "stack", [L(T([1, 2], "int32"), T([3, 4], "int32"))], {"axis": 3})
    case("stack/py_values", "stack", [P([1, 2, 3])])
    case("unstack/axis0", "unstack", [T(np.arange(6).reshape(3, 2), "int32")])
    case("unstack/axis1", "unstack", [T(np.arange(6).reshape(3, 2), "float32")], {"axis": 1})
    case("unstack/axis-1_3d", "unstack", [T(np.arange(12).reshape(2, 3, 2), "int32")], {"axis": -1})
    case("unstack/num_mismatch", "unstack", [T(np.arange(6).reshape(3, 2), "int32")], {"num": 2})
    s26 = np.arange(12).reshape(2, 6)
    case("split/num3_axis1", "split", [T(s26, "int32"), P(3)], {"axis": 1})
    case("split/num2_axis0", "split", [T(s26, "float32"), P(2)])
    case("split/sizes_axis1", "split", [T(s26, "int32"), P([1, 2, 3])], {"axis": 1})
    case("split/sizes_with_-1", "split", [T(s26, "int32"), P([2, -1, 1])], {"axis": 1})
    case("split/sizes_with_zero", "split", [T(s26, "int32"), P([0, 6])], {"axis": 1})
    case("split/uneven", "split", [T(s26, "int32"), P(4)], {"axis": 1})
    case("split/sizes_bad_sum", "split", [T(s26, "int32"), P([2, 2])], {"axis": 1})
    case("split/num1", "split", [T([1, 2, 3], "int32"), P(1)])
    case("split/axis-1", "split", [T(s26, "int32"), P(2)], {"axis": -1})

    # ---- slice / strided_slice ----
    sl = np.arange(12).reshape(3, 4)
    case("slice/basic", "slice", [T(sl, "int32"), P([1, 1]), P([2, 2])])
    case("slice/size_-1", "slice", [T(sl, "int32"), P([1, 0]), P([-1, 3])])
    case("slice/1d", "slice", [T([1.5, 2.5, 3.5, 4.5], "float32"), P([1]), P([2])])
    case("slice/empty_size", "slice", [T(sl, "int32"), P([0, 0]), P([0, 2])])
    case("slice/out_of_range", "slice", [T(sl, "int32"), P([2, 2]), P([2, 2])])
    case("slice/rank3", "slice", [T(t3, "int32"), P([1, 0, 1]), P([1, 2, -1])])
    case("slice/negative_begin", "slice", [T(sl, "int32"), P([-1, 0]), P([1, 1])])
    ss1 = np.arange(10)
    ssc = [
        ("1d_basic", ss1, [2], [7], [1], {}),
        ("1d_step2", ss1, [1], [9], [2], {}),
        ("1d_reverse_all", ss1, [0], [0], [-1], {"begin_mask": 1, "end_mask": 1}),
        ("1d_reverse_range", ss1, [8], [2], [-2], {}),
        ("1d_negative_indices", ss1, [-3], [-1], [1], {}),
        ("1d_clamp", ss1, [-100], [100], [1], {}),
        ("1d_empty", ss1, [5], [2], [1], {}),
        ("1d_shrink", ss1, [3], [4], [1], {"shrink_axis_mask": 1}),
        ("1d_shrink_negative", ss1, [-1], [0], [1], {"shrink_axis_mask": 1}),
        ("1d_new_axis", ss1, [0, 2], [0, 5], [1, 1], {"new_axis_mask": 1}),
        ("2d_row", sl, [1, 0], [2, 4], [1, 1], {"shrink_axis_mask": 1}),
        ("2d_col", sl, [0, 2], [3, 3], [1, 1], {"begin_mask": 1, "end_mask": 1, "shrink_axis_mask": 2}),
        ("2d_step", sl, [0, 0], [3, 4], [2, 3], {}),
        ("2d_begin_end_mask", sl, [2, 1], [0, 3], [1, 1], {"begin_mask": 1, "end_mask": 1}),
        ("2d_reverse_cols", sl, [0, -1], [3, 0], [1, -1], {"end_mask": 2}),
        ("3d_ellipsis", t3, [0, 1], [0, 3], [1, 1], {"ellipsis_mask": 1}),
        ("3d_ellipsis_shrink", t3, [0, 2], [0, 3], [1, 1], {"ellipsis_mask": 1, "shrink_axis_mask": 2}),
        ("3d_ellipsis_middle", t3, [1, 0, 0], [2, 0, 2], [1, 1, 1], {"ellipsis_mask": 2}),
        ("3d_new_axis_middle", t3, [0, 0, 0], [2, 0, 3], [1, 1, 1], {"new_axis_mask": 2}),
        ("2d_partial_spec", sl, [1], [3], [1], {}),
        ("shrink_out_of_range", ss1, [10], [11], [1], {"shrink_axis_mask": 1}),
    ]
    for name, arr, b, e, s, kw in ssc:
        case("strided_slice/" + name, "strided_slice", [T(arr, "int32"), P(b), P(e), P(s)], kw)
    case("strided_slice/zero_stride", "strided_slice", [T(ss1, "int32"), P([0]), P([5]), P([0])])
    case("strided_slice/float32_default_strides", "strided_slice",
         [T([1.5, 2.5, 3.5], "float32"), P([1]), P([3])])

    # ---- gather / gather_nd ----
    case("gather/1d", "gather", [T([10, 20, 30, 40, 50], "int32"), T([3, 1, 3], "int32")])
    case("gather/2d_axis0", "gather", [T(sl, "float32"), T([2, 0], "int32")])
    case("gather/2d_axis1", "gather", [T(sl, "int32"), T([3, 0, 1], "int32")], {"axis": 1})
    case("gather/2d_axis-1", "gather", [T(sl, "int32"), T([1], "int32")], {"axis": -1})
    case("gather/indices_2d", "gather", [T([10, 20, 30], "int32"), T([[0, 1], [2, 2]], "int32")])
    case("gather/indices_int64", "gather", [T([10, 20, 30], "int32"), T([2, 0], "int64")])
    case("gather/scalar_index", "gather", [T(sl, "int32"), T(1, "int32")])
    case("gather/out_of_range", "gather", [T([1, 2, 3], "int32"), T([0, 3], "int32")])
    case("gather/negative_index", "gather", [T([1, 2, 3], "int32"), T([-1], "int32")])
    case("gather/string", "gather", [T(["a", "b", "c"], "string"), T([2, 2, 0], "int32")])
    case("gather/empty_indices", "gather", [T([1, 2, 3], "int32"), T(np.zeros(0, np.int32), "int32")])
    case("gather/py_indices", "gather", [T([1, 2, 3], "int32"), P([2, 1])])
    case("gather_nd/elements", "gather_nd", [T(sl, "int32"), T([[0, 1], [2, 3]], "int32")])
    case("gather_nd/rows", "gather_nd", [T(sl, "int32"), T([[1], [0]], "int32")])
    case("gather_nd/3d", "gather_nd", [T(t3, "float32"), T([[1, 2], [0, 0]], "int32")])
    case("gather_nd/batched_indices", "gather_nd", [T(sl, "int32"), T([[[0, 0]], [[2, 3]]], "int32")])
    case("gather_nd/full_index_scalar", "gather_nd", [T(sl, "int32"), T([1, 2], "int32")])
    case("gather_nd/out_of_range", "gather_nd", [T(sl, "int32"), T([[3, 0]], "int32")])

    # ---- tile / pad / reverse ----
    case("tile/2x1", "tile", [T([[1, 2, 3], [4, 5, 6]], "int32"), P([2, 1])])
    case("tile/1x3", "tile", [T([[1, 2], [3, 4]], "float32"), P([1, 3])])
    case("tile/1d", "tile", [T([1, 2], "int32"), P([3])])
    case("tile/zero", "tile", [T([1, 2], "int32"), P([0])])
    case("tile/rank_mismatch", "tile", [T([1, 2], "int32"), P([2, 2])])
    case("tile/string", "tile", [T(["a", "b"], "string"), P([2])])
    case("tile/bool_2d", "tile", [T([[True, False]], "bool"), P([2, 2])])
    p23 = [[1, 2, 3], [4, 5, 6]]
    case("pad/constant", "pad", [T(p23, "int32"), P([[1, 1], [2, 2]])])
    case("pad/constant_value", "pad", [T(p23, "int32"), P([[0, 1], [1, 0]])], {"constant_values": 9})
    case("pad/constant_float", "pad", [T([1.5, 2.5], "float32"), P([[2, 1]])], {"constant_values": -1.5})
    case("pad/reflect", "pad", [T(p23, "int32"), P([[1, 1], [2, 2]])], {"mode": "REFLECT"})
    case("pad/symmetric", "pad", [T(p23, "int32"), P([[1, 1], [2, 2]])], {"mode": "SYMMETRIC"})
    case("pad/reflect_1d", "pad", [T([1, 2, 3, 4], "float32"), P([[3, 2]])], {"mode": "REFLECT"})
    case("pad/symmetric_1d", "pad", [T([1, 2, 3, 4], "float32"), P([[4, 3]])], {"mode": "SYMMETRIC"})
    case("pad/reflect_too_large", "pad", [T(p23, "int32"), P([[2, 0], [0, 0]])], {"mode": "REFLECT"})
    case("pad/symmetric_too_large", "pad", [T(p23, "int32"), P([[3, 0], [0, 0]])], {"mode": "SYMMETRIC"})
    case("pad/lowercase_mode", "pad", [T(p23, "int32"), P([[1, 1], [0, 0]])], {"mode": "reflect"})
    case("pad/bad_mode", "pad", [T(p23, "int32"), P([[1, 1], [0, 0]])], {"mode": "WRAP"})
    case("pad/negative", "pad", [T(p23, "int32"), P([[-1, 0], [0, 0]])])
    case("pad/paddings_shape_mismatch", "pad", [T(p23, "int32"), P([[1, 1]])])
    case("pad/zeros", "pad", [T(p23, "int32"), P([[0, 0], [0, 0]])])
    case("pad/string", "pad", [T(["a"], "string"), P([[1, 1]])], {"constant_values": "z"})
    case("reverse/axis0", "reverse", [T(sl, "int32"), P([0])])
    case("reverse/axis1", "reverse", [T(sl, "float32"), P([1])])
    case("reverse/both", "reverse", [T(sl, "int32"), P([0, 1])])
    case("reverse/negative", "reverse", [T(t3, "int32"), P([-1])])
    case("reverse/empty_axes", "reverse", [T(sl, "int32"), P([])])
    case("reverse/duplicate_axis", "reverse", [T(sl, "int32"), P([0, 0])])

    # ---- shape / size / rank ----
    for name, arr, dt in [("2x3", r6, "float32"), ("scalar", 5, "int32"), ("empty", np.zeros((0, 4)), "float32"),
                          ("rank3_string", [[["a"]], [["b"]]], "string")]:
        case("shape/" + name, "shape", [T(arr, dt)])
        case("size/" + name, "size", [T(arr, dt)])
        case("rank/" + name, "rank", [T(arr, dt)])
    case("shape/out_type_int64", "shape", [T(r6, "int32")], {"out_type": "int64"})
    case("size/out_type_int64", "size", [T(r6, "int32")], {"out_type": "int64"})
    case("shape/py_list", "shape", [P([[1, 2], [3, 4], [5, 6]])])

    # ---- reductions ----
    x23i = [[1, 2, 3], [4, 5, 6]]
    x23f = [[1.5, -2.0, 3.0], [4.0, 0.5, -6.25]]
    x234 = np.round(rng.uniform(-5, 5, (2, 3, 4)), 2)
    axis_cases = [("none", None), ("0", 0), ("1", 1), ("-1", -1), ("list01", [0, 1]), ("list_neg", [-2])]
    for op in ["reduce_sum", "reduce_prod", "reduce_mean", "reduce_max", "reduce_min"]:
        for aname, ax in axis_cases:
            case("%s/float32_axis_%s" % (op, aname), op, [T(x23f, "float32")], {"axis": ax})
        for aname, ax in [("none", None), ("1", 1), ("0", 0)]:
            case("%s/int32_axis_%s" % (op, aname), op, [T(x23i, "int32")], {"axis": ax})
        case("%s/float32_keepdims_axis1" % op, op, [T(x23f, "float32")], {"axis": 1, "keepdims": True})
        case("%s/float32_keepdims_none" % op, op, [T(x23f, "float32")], {"axis": None, "keepdims": True})
        case("%s/float64_rank3_axis_02" % op, op, [T(x234, "float64")], {"axis": [0, 2]})
        case("%s/float32_rank3_keepdims_neg" % op, op, [T(x234, "float32")], {"axis": -2, "keepdims": True})
        case("%s/int64" % op, op, [T([[1, 2], [3, 4]], "int64")], {"axis": 0})
        case("%s/uint8" % op, op, [T([[200, 100], [3, 4]], "uint8")], {"axis": 0})
        case("%s/empty_all" % op, op, [T(np.zeros((0, 3)), "float32")])
        case("%s/empty_axis0" % op, op, [T(np.zeros((0, 3)), "float32")], {"axis": 0})
        case("%s/empty_int32_axis0" % op, op, [T(np.zeros((0, 2)), "int32")], {"axis": 0})
        case("%s/scalar" % op, op, [T(4.5, "float32")])
        case("%s/axis_out_of_range" % op, op, [T(x23f, "float32")], {"axis": 2})
        case("%s/nan" % op, op, [T([1.0, float("nan"), 3.0], "float32")])
        case("%s/bool" % op, op, [T([True, False], "bool")])
        case("%s/reduction_indices" % op, op, [T(x23i, "int32")], {"reduction_indices": [1]})
        case("%s/keep_dims_legacy" % op, op, [T(x23i, "int32")], {"axis": 0, "keep_dims": True})
    case("reduce_mean/int32_truncates", "reduce_mean", [T([[1, 2], [3, 4], [-3, -4]], "int32")], {"axis": 1})
    case("reduce_mean/int32_negative", "reduce_mean", [T([-1, -2], "int32")])
    case("reduce_sum/int32_overflow", "reduce_sum", [T([2147483647, 1], "int32")])
    case("reduce_sum/duplicate_axis", "reduce_sum", [T(x23i, "int32")], {"axis": [1, 1]})
    case("reduce_sum/empty_axis_list", "reduce_sum", [T(x23i, "int32")], {"axis": []})
    case("reduce_sum/inf", "reduce_sum", [T([float("inf"), float("-inf")], "float32")])
    case("reduce_max/inf", "reduce_max", [T([float("-inf"), float("-inf")], "float32")])
    case("reduce_max/empty_int32_all", "reduce_max", [T(np.zeros(0), "int32")])
    case("reduce_min/empty_uint8_all", "reduce_min", [T(np.zeros(0), "uint8")])
    case("reduce_sum/float32_precision", "reduce_sum", [T([0.1] * 10, "float32")])
    case("reduce_sum/large_float32", "reduce_sum", [T(np.round(rng.uniform(0, 1, 1000), 3), "float32")])
    case("reduce_mean/large_float32", "reduce_mean", [T(np.round(rng.uniform(0, 1, 1000), 3), "float32")])
    bool23 = [[True, False, True], [True, True, True]]
    for op in ["reduce_any", "reduce_all"]:
        for aname, ax in axis_cases:
            case("%s/axis_%s" % (op, aname), op, [T(bool23, "bool")], {"axis": ax})
        case("%s/keepdims" % op, op, [T(bool23, "bool")], {"axis": 1, "keepdims": True})
        case("%s/empty" % op, op, [T(np.zeros((0,), bool), "bool")])
        case("%s/all_false" % op, op, [T([False, False], "bool")])
        case("%s/int32" % op, op, [T([1, 0], "int32")])
    for aname, ax in axis_cases[:4]:
        case("reduce_logsumexp/axis_%s" % aname, "reduce_logsumexp", [T(x23f, "float32")], {"axis": ax})
    case("reduce_logsumexp/keepdims", "reduce_logsumexp", [T(x23f, "float32")], {"axis": 1, "keepdims": True})
    case("reduce_logsumexp/large", "reduce_logsumexp", [T([1000.0, 1000.0], "float32")])
    case("reduce_logsumexp/neg_inf", "reduce_logsumexp", [T([float("-inf"), float("-inf")], "float32")])
    case("reduce_logsumexp/float64", "reduce_logsumexp", [T(x234, "float64")], {"axis": [0, 2]})
    case("reduce_logsumexp/int32", "reduce_logsumexp", [T([1, 2], "int32")])

    # ---- argmax / argmin ----
    am = [[1.0, 5.0, 5.0], [7.0, -2.0, 7.0]]
    for op in ["argmax", "argmin"]:
        case("%s/axis0" % op, op, [T(am, "float32")], {"axis": 0})
        case("%s/axis1_ties" % op, op, [T(am, "float32")], {"axis": 1})
        case("%s/axis-1" % op, op, [T(am, "float32")], {"axis": -1})
        case("%s/default_axis" % op, op, [T(am, "float32")])
        case("%s/output_int32" % op, op, [T([3, 1, 4, 1, 5], "int32")], {"axis": 0, "output_type": "int32"})
        case("%s/int64_input" % op, op, [T(["5", "-9", "7"], "int64")], {"axis": 0})
        case("%s/rank3" % op, op, [T(x234, "float32")], {"axis": 2})
        case("%s/nan" % op, op, [T([1.0, float("nan"), 3.0], "float32")], {"axis": 0})
        case("%s/empty_axis" % op, op, [T(np.zeros((0, 3)), "float32")], {"axis": 0})
        case("%s/bool" % op, op, [T([False, True, True], "bool")], {"axis": 0})
        case("%s/dimension_kw" % op, op, [T(am, "float32")], {"dimension": 1})

    # ---- matmul ----
    ma = [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]
    mb = [[7.0, 8.0], [9.0, 10.0], [11.0, 12.0]]
    case("matmul/float32", "matmul", [T(ma, "float32"), T(mb, "float32")])
    case("matmul/float64", "matmul", [T(ma, "float64"), T(mb, "float64")])
    case("matmul/int32", "matmul", [T(x23i, "int32"), T(np.arange(6).reshape(3, 2), "int32")])
    case("matmul/int64", "matmul", [T(x23i, "int64"), T(np.arange(6).reshape(3, 2), "int64")])
    case("matmul/int16", "matmul", [T(x23i, "int16"), T(np.arange(6).reshape(3, 2), "int16")])
    case("matmul/transpose_a", "matmul", [T(mb, "float32"), T(mb, "float32")], {"transpose_a": True})
    case("matmul/transpose_b", "matmul", [T(ma, "float32"), T(ma, "float32")], {"transpose_b": True})
    case("matmul/transpose_both", "matmul", [T(mb, "float32"), T(ma, "float32")],
         {"transpose_a": True, "transpose_b": True})
    ba = np.round(rng.uniform(-2, 2, (2, 2, 3)), 2)
    bb = np.round(rng.uniform(-2, 2, (2, 3, 2)), 2)
    case("matmul/batched_3d", "matmul", [T(ba, "float32"), T(bb, "float32")])
    case("matmul/batched_transpose_b", "matmul", [T(ba, "float32"), T(ba, "float32")], {"transpose_b": True})
    case("matmul/batched_broadcast_rank2", "matmul", [T(ba, "float32"), T(mb, "float32")])
    case("matmul/batched_broadcast_batch1", "matmul",
         [T(np.arange(6).reshape(1, 2, 3), "float32"), T(bb, "float32")])
    case("matmul/inner_mismatch", "matmul", [T(ma, "float32"), T(ma, "float32")])
    case("matmul/rank1", "matmul", [T([1.0, 2.0], "float32"), T([[1.0], [2.0]], "float32")])
    case("matmul/dtype_mismatch", "matmul", [T(ma, "float32"), T(np.arange(6).reshape(3, 2), "int32")])
    case("matmul/empty_inner", "matmul", [T(np.zeros((2, 0)), "float32"), T(np.zeros((0, 3)), "float32")])
    case("matmul/1x1", "matmul", [T([[3.0]], "float32"), T([[4.0]], "float32")])
    case("matmul/bool", "matmul", [T([[True]], "bool"), T([[True]], "bool")])
    case("matmul/precision", "matmul", [T([[0.1, 0.2, 0.3]], "float32"), T([[0.4], [0.5], [0.6]], "float32")])

    # ---- matrix_inverse / determinant ----
    case("matrix_inverse/2x2", "matrix_inverse", [T([[4.0, 7.0], [2.0, 6.0]], "float32")])
    case("matrix_inverse/3x3_float64", "matrix_inverse",
         [T([[2.0, -1.0, 0.0], [-1.0, 2.0, -1.0], [0.0, -1.0, 2.0]], "float64")])
    case("matrix_inverse/batched", "matrix_inverse", [T([[[1.0, 2.0], [3.0, 4.0]], [[2.0, 0.0], [0.0, 4.0]]], "float64")])
    case("matrix_inverse/singular", "matrix_inverse", [T([[1.0, 2.0], [2.0, 4.0]], "float32")])
    case("matrix_inverse/non_square", "matrix_inverse", [T(ma, "float32")])
    case("matrix_inverse/int32", "matrix_inverse", [T([[1, 0], [0, 1]], "int32")])
    case("matrix_inverse/adjoint", "matrix_inverse", [T([[4.0, 7.0], [2.0, 6.0]], "float64")], {"adjoint": True})
    case("matrix_determinant/2x2", "matrix_determinant", [T([[4.0, 7.0], [2.0, 6.0]], "float32")])
    case("matrix_determinant/3x3", "matrix_determinant",
         [T([[2.0, -1.0, 0.0], [-1.0, 2.0, -1.0], [0.0, -1.0, 2.0]], "float64")])
    case("matrix_determinant/batched", "matrix_determinant",
         [T([[[1.0, 2.0], [3.0, 4.0]], [[2.0, 0.0], [0.0, 4.0]]], "float64")])
    case("matrix_determinant/singular", "matrix_determinant", [T([[1.0, 2.0], [2.0, 4.0]], "float32")])
    case("matrix_determinant/1x1", "matrix_determinant", [T([[5.0]], "float32")])
    case("matrix_determinant/0x0", "matrix_determinant", [T(np.zeros((0, 0)), "float32")])
    case("matrix_determinant/non_square", "matrix_determinant", [T(ma, "float32")])
    case("matrix_determinant/random_4x4", "matrix_determinant",
         [T(np.round(rng.uniform(-1, 1, (4, 4)), 2), "float64")])

    # ---- cumsum / cumprod ----
    for op in ["cumsum", "cumprod"]:
        case("%s/1d" % op, op, [T([1, 2, 3, 4], "int32")])
        case("%s/exclusive" % op, op, [T([1, 2, 3, 4], "int32")], {"exclusive": True})
        case("%s/reverse" % op, op, [T([1, 2, 3, 4], "int32")], {"reverse": True})
        case("%s/exclusive_reverse" % op, op, [T([1, 2, 3, 4], "int32")], {"exclusive": True, "reverse": True})
        case("%s/2d_axis0" % op, op, [T(x23f, "float32")], {"axis": 0})
        case("%s/2d_axis1" % op, op, [T(x23f, "float32")], {"axis": 1})
        case("%s/2d_axis-1_float64" % op, op, [T(x23f, "float64")], {"axis": -1})
        case("%s/empty" % op, op, [T(np.zeros(0), "float32")])
        case("%s/axis_out_of_range" % op, op, [T([1, 2], "int32")], {"axis": 1})
        case("%s/bool" % op, op, [T([True, False], "bool")])
    case("cumsum/int8_overflow", "cumsum", [T([100, 100, -100], "int8")])

    # ---- one_hot ----
    case("one_hot/basic", "one_hot", [T([0, 2, -1, 1], "int32"), P(3)])
    case("one_hot/out_of_range", "one_hot", [T([0, 3, 5], "int32"), P(3)])
    case("one_hot/on_off_int", "one_hot", [T([0, 2], "int32"), P(3)], {"on_value": 5, "off_value": -1})
    case("one_hot/on_off_float", "one_hot", [T([0, 2], "int32"), P(3)], {"on_value": 0.9, "off_value": 0.1})
    case("one_hot/axis0", "one_hot", [T([0, 2, 1], "int32"), P(4)], {"axis": 0})
    case("one_hot/2d_indices", "one_hot", [T([[0, 1], [2, 0]], "int32"), P(3)])
    case("one_hot/2d_indices_axis1", "one_hot", [T([[0, 1], [2, 0]], "int32"), P(3)], {"axis": 1})
    case("one_hot/dtype_int32", "one_hot", [T([1], "int32"), P(2)], {"dtype": "int32"})
    case("one_hot/dtype_bool", "one_hot", [T([1, 0], "int32"), P(2)], {"dtype": "bool"})
    case("one_hot/int64_indices", "one_hot", [T([1, 0], "int64"), P(2)])
    case("one_hot/uint8_indices", "one_hot", [T([1, 0], "uint8"), P(2)])
    case("one_hot/scalar_index", "one_hot", [T(1, "int32"), P(3)])
    case("one_hot/depth_zero", "one_hot", [T([1, 0], "int32"), P(0)])
    case("one_hot/on_off_mismatch", "one_hot", [T([1], "int32"), P(2)], {"on_value": 1, "off_value": 0.5})
    case("one_hot/float_indices", "one_hot", [T([1.0], "float32"), P(2)])

    # ---- clip_by_value ----
    case("clip_by_value/float32", "clip_by_value", [T([-3.0, -1.0, 0.0, 2.5, 9.0], "float32"), P(-1.0), P(2.0)])
    case("clip_by_value/int32", "clip_by_value", [T([-3, -1, 0, 2, 9], "int32"), P(0), P(5)])
    case("clip_by_value/tensor_bounds", "clip_by_value",
         [T([[1.0, 5.0], [9.0, -2.0]], "float32"), T([[0.0, 6.0], [0.0, 0.0]], "float32"), T(4.0, "float32")])
    case("clip_by_value/min_gt_max", "clip_by_value", [T([1.0, 5.0], "float32"), P(4.0), P(2.0)])
    case("clip_by_value/nan", "clip_by_value", [T([float("nan"), 1.0], "float32"), P(0.0), P(0.5)])
    case("clip_by_value/dtype_mismatch", "clip_by_value", [T([1, 5], "int32"), P(0.5), P(2.5)])
    case("clip_by_value/bad_bound_shape", "clip_by_value", [T([1.0, 5.0], "float32"), T([0.0, 1.0, 2.0], "float32"), P(3.0)])

    # ---- range / linspace / fill / zeros / ones ----
    case("range/limit", "range", [P(5)])
    case("range/start_limit_delta", "range", [P(2), P(10), P(3)])
    case("range/negative_delta", "range", [P(10), P(0), P(-2)])
    case("range/float", "range", [P(0), P(1), P(0.25)])
    case("range/float_start", "range", [P(0.5), P(3)])
    case("range/dtype_float32", "range", [P(4)], {"dtype": "float32"})
    case("range/dtype_int64", "range", [P(4)], {"dtype": "int64"})
    case("range/dtype_float64", "range", [P(1), P(2), P(0.3)], {"dtype": "float64"})
    case("range/empty", "range", [P(5), P(2)])
    case("range/zero", "range", [P(0)])
    case("range/delta_zero", "range", [P(0), P(5), P(0)])
    case("range/tensor_limit", "range", [T(4, "int32")])
    case("range/tensor_int64_limit", "range", [T(3, "int64")])
    case("range/tensor_mixed", "range", [T(1, "int32"), T(4.0, "float32")])
    case("range/negative", "range", [P(-3)])
    case("range/float_inexact", "range", [P(0.0), P(1.0), P(0.1)])
    case("linspace/0_1_5", "linspace", [P(0.0), P(1.0), P(5)])
    case("linspace/num1", "linspace", [P(1.0), P(10.0), P(1)])
    case("linspace/negative", "linspace", [P(-1.0), P(1.0), P(4)])
    case("linspace/float64", "linspace", [T(0.0, "float64"), T(1.0, "float64"), P(3)])
    case("linspace/reverse", "linspace", [P(10.0), P(0.0), P(6)])
    case("linspace/thirds", "linspace", [P(0.0), P(1.0), P(4)])
    case("linspace/int_args", "linspace", [P(0), P(10), P(5)])
    case("linspace/num0", "linspace", [P(0.0), P(1.0), P(0)])
    case("fill/int", "fill", [P([2, 3]), P(7)])
    case("fill/float", "fill", [P([2]), P(1.5)])
    case("fill/bool_scalar", "fill", [P([]), P(True)])
    case("fill/empty", "fill", [P([0, 2]), P(1)])
    case("fill/string", "fill", [P([2]), P("ab")])
    case("fill/tensor_value", "fill", [P([2, 2]), T(3, "int64")])
    case("fill/negative_dim", "fill", [P([-1]), P(1)])
    for op in ["zeros", "ones"]:
        case("%s/default" % op, op, [P([2, 3])])
        case("%s/int32" % op, op, [P([2])], {"dtype": "int32"})
        case("%s/bool" % op, op, [P([2])], {"dtype": "bool"})
        case("%s/scalar" % op, op, [P([])])
        case("%s/empty" % op, op, [P([0, 3])])
        case("%s/string" % op, op, [P([2])], {"dtype": "string"})
        case("%s/int64" % op, op, [P([1, 2])], {"dtype": "int64"})
        case("%s/tensor_shape" % op, op, [T([2, 2], "int32")])
        case("%s/large" % op, op, [P([10, 100])], {"dtype": "uint8"})
    for op in ["zeros_like", "ones_like"]:
        case("%s/int32" % op, op, [T([[1, 2], [3, 4]], "int32")])
        case("%s/float64" % op, op, [T([1.5], "float64")])
        case("%s/bool" % op, op, [T([True, False], "bool")])
        case("%s/dtype_override" % op, op, [T([1, 2], "int32")], {"dtype": "float32"})
        case("%s/string" % op, op, [T(["a"], "string")])
        case("%s/scalar" % op, op, [T(3, "int32")])

    # ---- add_n ----
    case("add_n/three_float32", "add_n",
         [L(T([1.0, 2.0], "float32"), T([3.0, 4.0], "float32"), T([5.5, 6.5], "float32"))])
    case("add_n/single", "add_n", [L(T([[1, 2]], "int32"))])
    case("add_n/int32_2d", "add_n", [L(T([[1, 2]], "int32"), T([[3, 4]], "int32"))])
    case("add_n/shape_mismatch", "add_n", [L(T([1, 2], "int32"), T([1, 2, 3], "int32"))])
    case("add_n/no_broadcast", "add_n", [L(T([1, 2], "int32"), T(1, "int32"))])
    case("add_n/dtype_mismatch", "add_n", [L(T([1], "int32"), T([1.0], "float32"))])
    case("add_n/int16_overflow", "add_n", [L(T([32767], "int16"), T([1], "int16"))])

    # ---- boolean_mask ----
    case("boolean_mask/1d", "boolean_mask", [T([1, 2, 3, 4], "int32"), T([True, False, True, False], "bool")])
    case("boolean_mask/2d_rows", "boolean_mask", [T(sl, "float32"), T([False, True, True], "bool")])
    case("boolean_mask/2d_full", "boolean_mask", [T([[1, 2], [3, 4]], "int32"), T([[True, False], [False, True]], "bool")])
    case("boolean_mask/axis1", "boolean_mask", [T(sl, "int32"), T([True, False, False, True], "bool")], {"axis": 1})
    case("boolean_mask/none_selected", "boolean_mask", [T([1, 2], "int32"), T([False, False], "bool")])
    case("boolean_mask/shape_mismatch", "boolean_mask", [T([1, 2], "int32"), T([True, False, True], "bool")])
    case("boolean_mask/string", "boolean_mask", [T(["a", "b", "c"], "string"), T([True, False, True], "bool")])

    # ---- segments ----
    case("segment_sum/1d", "segment_sum", [T([1, 2, 3, 4, 5], "int32"), T([0, 0, 1, 2, 2], "int32")])
    case("segment_sum/2d", "segment_sum", [T(sl, "float32"), T([0, 0, 1], "int32")])
    case("segment_sum/gap", "segment_sum", [T([1, 2, 3], "int32"), T([0, 2, 2], "int32")])
    case("segment_sum/unsorted_ids", "segment_sum", [T([1, 2, 3], "int32"), T([1, 0, 1], "int32")])
    case("segment_sum/ids_length_mismatch", "segment_sum", [T([1, 2, 3], "int32"), T([0, 0], "int32")])
    case("segment_sum/int64_ids", "segment_sum", [T([1.5, 2.5], "float32"), T([0, 0], "int64")])
    case("unsorted_segment_sum/1d", "unsorted_segment_sum",
         [T([1, 2, 3, 4], "int32"), T([1, 0, 1, 3], "int32"), P(4)])
    case("unsorted_segment_sum/2d", "unsorted_segment_sum", [T(sl, "float32"), T([1, 0, 1], "int32"), P(3)])
    case("unsorted_segment_sum/negative_id_dropped", "unsorted_segment_sum",
         [T([1, 2, 3], "int32"), T([0, -1, 1], "int32"), P(2)])
    case("unsorted_segment_sum/id_out_of_range", "unsorted_segment_sum",
         [T([1, 2, 3], "int32"), T([0, 5, 1], "int32"), P(2)])
    case("unsorted_segment_sum/2d_ids", "unsorted_segment_sum",
         [T([[1, 2], [3, 4]], "int32"), T([[0, 1], [1, 1]], "int32"), P(2)])

    # ---- top_k ----
    case("top_k/1d", "top_k", [T([1.0, 5.0, 3.0, 9.0, 2.0], "float32")], {"k": 2})
    case("top_k/default_k", "top_k", [T([1, 5, 3], "int32")])
    case("top_k/2d", "top_k", [T([[1.0, 3.0, 2.0], [6.0, 5.0, 4.0]], "float32")], {"k": 2})
    case("top_k/ties", "top_k", [T([2, 1, 2, 3, 2], "int32")], {"k": 3})
    case("top_k/k_too_large", "top_k", [T([1, 2], "int32")], {"k": 3})
    case("top_k/k_zero", "top_k", [T([1, 2], "int32")], {"k": 0})
    case("top_k/float64_nan", "top_k", [T([1.0, float("nan"), 3.0], "float64")], {"k": 3})
    case("top_k/scalar", "top_k", [T(1.0, "float32")], {"k": 1})

    # ---- sequence_mask ----
    case("sequence_mask/maxlen", "sequence_mask", [T([1, 3, 2], "int32"), P(4)])
    case("sequence_mask/no_maxlen", "sequence_mask", [T([1, 3, 0], "int32")])
    case("sequence_mask/dtype_float32", "sequence_mask", [T([2, 0], "int32"), P(3)], {"dtype": "float32"})
    case("sequence_mask/2d", "sequence_mask", [T([[1, 2], [0, 3]], "int32"), P(3)])
    case("sequence_mask/int64", "sequence_mask", [T([2], "int64"), P(3)])
    case("sequence_mask/scalar", "sequence_mask", [T(2, "int32"), P(3)])

    # ---- count_nonzero ----
    cz = [[0, 1, 0], [3, 0, -2]]
    case("count_nonzero/all", "count_nonzero", [T(cz, "int32")])
    case("count_nonzero/axis0", "count_nonzero", [T(cz, "int32")], {"axis": 0})
    case("count_nonzero/axis1_keepdims", "count_nonzero", [T(cz, "int32")], {"axis": 1, "keepdims": True})
    case("count_nonzero/float32", "count_nonzero", [T([0.0, -0.0, 0.5, float("nan")], "float32")])
    case("count_nonzero/bool", "count_nonzero", [T([True, False, True], "bool")])
    case("count_nonzero/dtype_int32", "count_nonzero", [T(cz, "int32")], {"dtype": "int32"})
    case("count_nonzero/string", "count_nonzero", [T(["", "a", "b"], "string")])
    case("count_nonzero/empty", "count_nonzero", [T(np.zeros(0), "float32")])


def gen_ops():
    gen_op_cases()
    ids = [c["id"] for c in CASES]
    dup = {i for i in ids if ids.count(i) > 1}
    assert not dup, dup
    out = []
    for c in CASES:
        r = dict(c)
        r.update(run_case(c))
        out.append(r)
    return out


# --------------------------------------------------------------------------
# naming.json
# --------------------------------------------------------------------------

NAMING = [
    ("constant_twice", "a = tf.constant(5)\nb = tf.constant(3)\n", ["a", "b"]),
    ("constant_named_twice", "a = tf.constant(5, name='x')\nb = tf.constant(3, name='x')\nc = tf.constant(1, name='x_1')\n",
     ["a", "b", "c"]),
    ("constant_name_collision_suffix",
     "a = tf.constant(1, name='c_1')\nb = tf.constant(2, name='c')\nc = tf.constant(3, name='c')\nd = tf.constant(4, name='c')\n",
     ["a", "b", "c", "d"]),
    ("constant_dtypes",
     "a = tf.constant([1, 2], dtype=tf.int16)\nb = tf.constant([1.5, 2.0], dtype=tf.float64)\n"
     "c = tf.constant([True, False])\nd = tf.constant('Hello, TensorFlow!')\ne = tf.constant([[1.0, 2.0], [3.0, 4.0]])\n"
     "f = tf.constant(3.0)\ng = tf.constant(7, dtype=tf.int64)\nh = tf.constant([b'a', b'bc'])\n"
     "i = tf.constant(0, shape=[2, 3])\nj = tf.constant([], dtype=tf.float32)\nk = tf.constant(1, dtype=tf.uint8)\n"
     "l = tf.constant([1.5, 2], dtype=tf.float16)\nm = tf.constant(1 + 2j)\n",
     ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m"]),
    ("add_vs_operator",
     "a = tf.constant(5)\nb = tf.constant(3)\nc = tf.add(a, b)\nd = a + b\ne = tf.add(a, 2)\nf = a + 2\ng = 2 + a\nh = tf.add(2, a)\n",
     ["c", "d", "e", "f", "g", "h"]),
    ("operators_int",
     "a = tf.constant(7)\nb = tf.constant(2)\nc = a * 2\nd = a - b\ne = a / b\nf = a // b\ng = a % b\nh = a ** 2\n"
     "i = -a\nj = abs(a)\nk = a * b\nl = 3 - a\nm = 10 / a\nn = a < b\no = a >= 3\np = ~(a > b)\nq = (a > b) & (a < 9)\n"
     "r = (a > b) | (a < 9)\ns = (a > b) ^ (a < 9)\nt = a == b\nu = a != b\n",
     ["c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "p", "t", "u"]),
    ("operators_float",
     "a = tf.constant(7.0)\nb = tf.constant(2.0)\nc = a / b\nd = a // b\ne = a % b\nf = a ** b\ng = a * b\nh = 1.0 / a\ni = a / 2\n",
     ["c", "d", "e", "f", "h", "i"]),
    ("truediv_dtypes",
     "a = tf.constant([1, 2], dtype=tf.int16)\nb = tf.constant([1, 2], dtype=tf.int64)\nc = tf.constant([1, 2], dtype=tf.uint8)\n"
     "d = a / a\ne = b / b\nf = c / c\ng = tf.truediv(tf.constant(1), tf.constant(2))\nh = tf.divide(tf.constant(1), tf.constant(2))\n"
     "i = tf.divide(tf.constant(1.0), tf.constant(2.0))\n",
     ["d", "e", "f", "g", "h", "i"]),
    ("math_functions",
     "a = tf.constant([1, 2])\nb = tf.constant([3, 4])\nc = tf.multiply(a, b)\nd = tf.subtract(a, b)\ne = tf.div(a, b)\n"
     "f = tf.div(tf.constant(1.0), tf.constant(2.0))\ng = tf.mod(a, b)\nh = tf.floordiv(a, b)\ni = tf.truncatediv(a, b)\n"
     "j = tf.truncatemod(a, b)\nk = tf.floormod(a, b)\nl = tf.pow(a, b)\nm = tf.negative(a)\nn = tf.abs(a)\n"
     "o = tf.square(a)\np = tf.sqrt(tf.constant(4.0))\nq = tf.exp(tf.constant(1.0))\nr = tf.log(tf.constant(1.0))\n"
     "s = tf.sigmoid(tf.constant(0.0))\nt = tf.tanh(tf.constant(0.0))\nu = tf.squared_difference(a, b)\n"
     "v = tf.maximum(a, b)\nw = tf.minimum(a, b)\nx = tf.realdiv(tf.constant(1.0), tf.constant(2.0))\n"
     "y = tf.reciprocal(tf.constant(2.0))\nz = tf.sign(a)\n",
     ["c", "d", "e", "f", "g", "h", "l", "x", "y"]),
    ("named_ops_repeated",
     "a = tf.constant(1)\nb = tf.add(a, a, name='add_1')\nc = tf.add(a, a, name='add_1')\nd = tf.add(a, a)\ne = tf.add(a, a)\n"
     "f = tf.add(a, a, name='add')\n",
     ["b", "c", "d", "e", "f"]),
    ("name_with_trailing_slash",
     "a = tf.constant(1, name='abs/')\nb = tf.constant(2, name='xyz')\n",
     ["a", "b"]),
    ("name_scopes",
     "with tf.name_scope('Scope_A'):\n    a = tf.add(1, 2, name='A_add')\n    b = tf.multiply(a, 3, name='A_mul')\n"
     "with tf.name_scope('Scope_B'):\n    c = tf.add(4, 5, name='B_add')\n    d = tf.multiply(c, 6, name='B_mul')\n"
     "e = tf.add(b, d, name='output')\n",
     ["a", "b", "c", "d", "e"]),
    ("name_scopes_nested_repeated",
     "with tf.name_scope('Scope_A'):\n    a = tf.constant(1)\n    with tf.name_scope('inner'):\n        b = tf.constant(2)\n"
     "    with tf.name_scope('inner'):\n        c = tf.constant(3)\n"
     "with tf.name_scope('Scope_A'):\n    d = tf.constant(4)\n    e = tf.add(a, d)\n"
     "with tf.name_scope('Scope_A/'):\n    f = tf.constant(5)\n"
     "with tf.name_scope('Scope_A_1/inner'):\n    g = tf.constant(6)\n"
     "with tf.name_scope('Scope_A') as scope:\n    h = tf.constant(7, name=scope)\n"
     "with tf.name_scope(None):\n    i = tf.constant(8)\n"
     "with tf.name_scope('outer'):\n    with tf.name_scope(None):\n        j = tf.constant(9)\n"
     "    with tf.name_scope(''):\n        k = tf.constant(10)\n",
     ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k"]),
    ("name_scope_vs_op_name_collision",
     "a = tf.constant(1, name='foo')\nwith tf.name_scope('foo'):\n    b = tf.constant(2)\n"
     "with tf.name_scope('bar'):\n    c = tf.constant(3)\nd = tf.constant(4, name='bar')\n",
     ["a", "b", "c", "d"]),
    ("name_scope_returned_string",
     "with tf.name_scope('s') as s1:\n    pass\nwith tf.name_scope('s') as s2:\n    a = tf.constant(1)\n"
     "with tf.name_scope('t'):\n    with tf.name_scope('u') as s3:\n        b = tf.constant(2, name='c')\n",
     ["s1", "s2", "s3", "a", "b"]),
    ("zeros_ones_fill",
     "a = tf.zeros([2, 3])\nb = tf.zeros([3, 3])\nc = tf.zeros([100, 100])\nd = tf.zeros([10, 99])\ne = tf.zeros([10, 100])\n"
     "f = tf.ones([2, 2])\ng = tf.ones([100, 100], dtype=tf.int32)\nh = tf.fill([2, 3], 9)\ni = tf.fill([2], 1.5, name='filled')\n"
     "j = tf.zeros((2, 2), dtype=tf.int32, name='z')\nk = tf.zeros([])\nl = tf.zeros(tf.constant([2, 2]))\n",
     ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l"]),
    ("ranges",
     "a = tf.range(10)\nb = tf.range(0, 10, 1)\nc = tf.range(1.0, 2.0, 0.5)\nd = tf.linspace(0.0, 1.0, 5)\n"
     "e = tf.lin_space(0.0, 1.0, 3)\nf = tf.range(5, name='r')\ng = tf.range(tf.constant(3))\n",
     ["a", "b", "c", "d", "e", "f", "g"]),
    ("like_ops",
     "a = tf.constant([[1, 2], [3, 4]])\nb = tf.zeros_like(a)\nc = tf.ones_like(a)\nd = tf.zeros_like(a, dtype=tf.float32)\n"
     "e = tf.ones_like(a, dtype=tf.float32)\nf = tf.zeros_like(tf.placeholder(tf.float32, [None]))\ng = tf.ones_like(tf.placeholder(tf.float32))\n",
     ["b", "c", "d", "e", "f", "g"]),
    ("random_ops",
     "a = tf.random_normal([2, 3])\nb = tf.random_uniform([2])\nc = tf.truncated_normal([3], mean=1.0, stddev=2.0)\n"
     "d = tf.random_shuffle(tf.constant([1, 2, 3]))\ne = tf.random_uniform([2], minval=0, maxval=10, dtype=tf.int32)\n"
     "f = tf.random_normal([2], mean=0.0, stddev=1.0, name='noise')\ng = tf.random_uniform([], 0, 1)\n",
     ["a", "b", "c", "d", "e", "f", "g"]),
    ("random_ops_seeded",
     "tf.set_random_seed(42)\na = tf.random_normal([2], seed=7)\nb = tf.random_uniform([2])\n",
     ["a", "b", "[(o.name, o.get_attr('seed'), o.get_attr('seed2')) for o in tf.get_default_graph().get_operations() if o.type.startswith('Random')]"]),
    ("placeholders",
     "a = tf.placeholder(tf.float32)\nb = tf.placeholder(tf.float32, shape=[None, 2])\nc = tf.placeholder(tf.int32, name='x')\n"
     "d = tf.placeholder(tf.int16, shape=(2, 3), name='x')\ne = tf.placeholder(tf.float32, shape=[])\n"
     "f = tf.placeholder(tf.string, shape=[None])\ng = tf.placeholder(tf.bool, [None, None, 3])\n"
     "h = tf.placeholder_with_default(tf.constant([1, 2]), shape=[None])\ni = a + 1.0\nj = b * 2.0\n",
     ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "a.shape", "b.shape", "b.get_shape()", "a.dtype", "c.name",
      "a.op.name", "b.shape.as_list()", "repr(a.shape)", "repr(b.shape)", "b.shape.ndims", "a.shape.ndims",
      "repr(a.dtype)", "tf.float32.name", "d.op.type"]),
    ("variables_basic",
     "v = tf.Variable(3, name='my_var')\nw = tf.Variable(tf.zeros((2, 2)), name='weights')\nu = tf.Variable([1.0, 2.0])\n"
     "x = tf.Variable(0.5)\ny = tf.Variable(3, name='my_var')\n",
     ["v", "w", "u", "x", "y", "v.name", "v.op.name", "v.dtype", "v.shape", "v.initializer.name", "v.value()",
      "v.initial_value", "v.value().name"]),
    ("variable_assign",
     "v = tf.Variable(3, name='my_var')\na = v.assign(v * 2)\nb = v.assign_add(1)\nc = v.assign_sub(2)\nd = tf.assign(v, 10)\n"
     "e = tf.assign_add(v, 5)\nf = v.assign(7, name='set7')\ng = tf.assign(v, 1, name='one')\n",
     ["a", "b", "c", "d", "e", "f", "g"]),
    ("variable_in_scope",
     "with tf.name_scope('scope'):\n    v = tf.Variable(1.0, name='v')\n    w = tf.Variable(2.0)\n    x = v + w\n",
     ["v", "w", "x"]),
    ("get_variable_scopes",
     "with tf.variable_scope('foo'):\n    with tf.variable_scope('bar'):\n        v = tf.get_variable('v', [1])\n"
     "        c = tf.get_variable('c', [2], initializer=tf.constant_initializer(1.5))\n"
     "        r = tf.get_variable('r', [2, 2], initializer=tf.random_normal_initializer())\n"
     "        z = tf.get_variable('z', [3], initializer=tf.zeros_initializer())\n"
     "        i = tf.get_variable('i', [], dtype=tf.int32)\n"
     "        k = tf.get_variable('k', initializer=tf.constant([1, 2]))\n"
     "        t = tf.get_variable('t', [2], initializer=tf.truncated_normal_initializer(stddev=0.1))\n"
     "        u = tf.get_variable('u', [2], initializer=tf.random_uniform_initializer(-1, 1))\n"
     "        o = tf.get_variable('o', [2], initializer=tf.ones_initializer())\n"
     "        x = v + 1\n",
     ["v", "c", "r", "z", "i", "k", "t", "u", "o", "x", "v.name"]),
    ("variable_scope_reuse",
     "with tf.variable_scope('foo'):\n    v = tf.get_variable('v', [1])\n"
     "with tf.variable_scope('foo', reuse=True):\n    v1 = tf.get_variable('v', [1])\n"
     "with tf.variable_scope('foo') as scope:\n    scope.reuse_variables()\n    v2 = tf.get_variable('v')\n"
     "with tf.variable_scope('foo', reuse=tf.AUTO_REUSE):\n    v3 = tf.get_variable('v', [1])\n    w = tf.get_variable('w', [1])\n"
     "same = v is v1 and v1 is v2 and v2 is v3\n",
     ["v", "v1", "v2", "v3", "w", "same"]),
    ("variable_scope_opens_name_scope",
     "with tf.variable_scope('vs'):\n    a = tf.constant(1)\n    v = tf.get_variable('v', [])\n    b = v * 2\n"
     "with tf.variable_scope('vs'):\n    c = tf.constant(2)\n    w = tf.get_variable('w', [])\n"
     "with tf.variable_scope('vs', reuse=True):\n    d = tf.constant(3)\n"
     "with tf.name_scope('ns'):\n    e = tf.get_variable('e', [])\n    f = tf.Variable(1.0, name='f')\n",
     ["a", "b", "c", "d", "v", "w", "e", "f"]),
    ("initializers",
     "v = tf.Variable(1, name='v')\nw = tf.Variable(2.0, name='w')\ninit = tf.global_variables_initializer()\n"
     "init2 = tf.variables_initializer([v], name='init_var1')\ninit3 = tf.global_variables_initializer()\n"
     "init4 = tf.initialize_all_variables()\ninit5 = tf.local_variables_initializer()\ninit6 = tf.variables_initializer([])\n",
     ["init.name", "init2.name", "init3.name", "init4.name", "init5.name", "init6.name", "init.type", "init6.type"]),
    ("reductions",
     "x = tf.constant([[1, 2], [3, 4]])\na = tf.reduce_sum(x)\nb = tf.reduce_sum(x, axis=0)\nc = tf.reduce_sum(x, name='total')\n"
     "d = tf.reduce_prod(x)\ne = tf.reduce_prod(x, 1, name='prod')\nf = tf.reduce_mean(x)\ng = tf.reduce_max(x, [0, 1])\n"
     "h = tf.reduce_min(x, keepdims=True)\ni = tf.reduce_any(tf.constant([True]))\nj = tf.reduce_all(tf.constant([True]))\n"
     "k = tf.reduce_sum(tf.placeholder(tf.float32))\nl = tf.reduce_logsumexp(tf.constant([1.0, 2.0]))\n"
     "m = tf.reduce_sum(x, axis=-1, keepdims=True)\n",
     ["a", "b", "c", "d", "e", "f", "g", "h", "k", "l", "m"]),
    ("array_ops",
     "x = tf.constant([[1, 2, 3], [4, 5, 6]])\na = tf.reshape(x, [3, 2])\nb = tf.transpose(x)\nc = tf.transpose(x, [1, 0])\n"
     "d = tf.cast(x, tf.float32)\ne = tf.shape(x)\nf = tf.size(x)\ng = tf.rank(x)\nh = tf.identity(x)\n"
     "i = tf.concat([x, x], 0)\nj = tf.stack([x, x])\nk = tf.expand_dims(x, 0)\nl = tf.squeeze(k)\nm = tf.gather(x, [1])\n"
     "n = tf.one_hot([0, 1], 3)\no = tf.argmax(x, 1)\np = tf.clip_by_value(x, 2, 5)\nq = tf.add_n([x, x, x])\n"
     "r = tf.where(tf.constant([True, False]), x, x)\ns = tf.unstack(x)\nt = tf.split(x, 3, axis=1)\nu = tf.tile(x, [1, 2])\n"
     "v = tf.pad(x, [[1, 1], [0, 0]])\nw = tf.reverse(x, [0])\ny = tf.slice(x, [0, 0], [1, 2])\nz = tf.cast(x, tf.int32)\n"
     "aa = tf.cast(tf.constant(1.5), tf.float32, name='c')\nab = tf.reshape(tf.placeholder(tf.float32, [None, 4]), [-1, 2, 2])\n",
     ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q", "r", "s", "t", "u", "v",
      "w", "y", "z", "aa", "ab"]),
    ("getitem_slicing",
     "x = tf.constant([[1, 2, 3], [4, 5, 6]])\na = x[0]\nb = x[:, 1]\nc = x[1:, ::-1]\nd = x[..., tf.newaxis]\ne = x[-1, -1]\n",
     ["a", "b", "c", "d", "e"]),
    ("matmul_and_misc",
     "a = tf.constant([[1.0, 2.0], [3.0, 4.0]])\nb = tf.matmul(a, a)\nc = tf.matmul(a, a, transpose_a=True, name='mm')\n"
     "d = tf.matrix_inverse(a)\ne = tf.matrix_determinant(a)\nf = tf.square(a)\ng = tf.reduce_mean(a)\n"
     "h = tf.maximum(a, 0, name='relu')\ni = tf.logical_xor(tf.constant(True), tf.constant(False))\n"
     "j = tf.nn.relu(a)\nk = tf.nn.softmax(a)\nl = a @ a\nm = tf.sigmoid(a)\nn = tf.matmul(tf.ones([2, 2, 3]), tf.ones([2, 3, 4]))\n",
     ["b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "n"]),
    ("print_identity_group_noop",
     "a = tf.constant(1)\nb = tf.constant(2)\nx = tf.add(a, b)\np = tf.Print(x, [a, b])\nq = tf.Print(x, [a], message='hi', name='dbg')\n"
     "i = tf.identity(x)\nj = tf.identity(x, name='out')\nn = tf.no_op()\nn2 = tf.no_op(name='nothing')\n"
     "g = tf.group(i, j)\ng2 = tf.group(p, q, name='grp')\nwith tf.control_dependencies([g]):\n    k = tf.identity(x)\n"
     "    l = tf.constant(5)\n    m = x + 1\n",
     ["p", "q", "i", "j", "n.name", "n.type", "g.name", "g.type", "k", "l", "m"]),
    ("strings",
     "a = tf.constant('Hello, TensorFlow!')\nb = tf.constant(['a', 'b'])\nc = a + b\nd = tf.constant(b'raw')\n",
     ["a", "b", "c", "d", "a.dtype", "repr(a.dtype)"]),
    ("tensor_reprs",
     "a = tf.constant([1, 2], dtype=tf.int16)\nb = tf.constant(1.0, dtype=tf.float64)\nc = tf.constant([[True]])\n"
     "d = tf.constant('Hello, TensorFlow!')\ne = tf.placeholder(tf.float32, [None, 2], name='ph')\nf = tf.constant(1, tf.uint8)\n",
     ["a", "b", "c", "d", "e", "f", "repr(a)", "repr(b)", "repr(e)", "a.name", "a.value_index", "a.op.name",
      "a.dtype", "e.shape", "str(a.shape)", "str(e.shape)", "str(tf.TensorShape(None))", "str(tf.TensorShape([]))",
      "str(tf.TensorShape([1]))", "repr(tf.TensorShape([None, 3]))", "repr(tf.TensorShape(None))", "repr(tf.int16)",
      "str(tf.int16)", "tf.int32.as_numpy_dtype"]),
    ("seed_program_constants",
     "a = tf.constant(5, name='input_a')\nb = tf.constant(3, name='input_b')\nc = tf.multiply(a, b, name='mul_c')\n"
     "d = tf.add(a, b, name='add_d')\ne = tf.add(c, d, name='add_e')\n",
     ["a", "b", "c", "d", "e"]),
    ("seed_program_placeholders",
     "a = tf.placeholder(tf.int16, name='input_a')\nb = tf.placeholder(tf.int16, name='input_b')\n"
     "add_1 = tf.add(a, b, name='add_1')\nmul_1 = tf.multiply(a, b, name='mul_1')\nadd_2 = tf.add(add_1, mul_1, name='add_2')\n"
     "alt = (a + b) + (a * b)\n",
     ["a", "b", "add_1", "mul_1", "add_2", "alt"]),
    ("seed_program_vector",
     "a = tf.constant([5, 3], name='input_a')\nb = tf.reduce_prod(a, name='prod_b')\nc = tf.reduce_sum(a, name='sum_c')\n"
     "d = tf.add(b, c, name='add_d')\n",
     ["a", "b", "c", "d"]),
    ("improved_graph",
     "graph = tf.get_default_graph()\n"
     "with tf.name_scope('variables'):\n"
     "    global_step = tf.Variable(0, dtype=tf.int32, trainable=False, name='global_step')\n"
     "    total_output = tf.Variable(0.0, dtype=tf.float32, trainable=False, name='total_output')\n"
     "with tf.name_scope('transformation'):\n"
     "    with tf.name_scope('input'):\n"
     "        a = tf.placeholder(tf.float32, shape=[None], name='input_placeholder_a')\n"
     "    with tf.name_scope('intermediate_layer'):\n"
     "        b = tf.reduce_prod(a, name='product_b')\n"
     "        c = tf.reduce_sum(a, name='sum_c')\n"
     "    with tf.name_scope('output'):\n"
     "        output = tf.add(b, c, name='output')\n"
     "with tf.name_scope('update'):\n"
     "    update_total = total_output.assign_add(output)\n"
     "    increment_step = global_step.assign_add(1)\n"
     "with tf.name_scope('summaries'):\n"
     "    avg = tf.div(update_total, tf.cast(increment_step, tf.float32), name='average')\n"
     "    s1 = tf.summary.scalar('output_summary', output)\n"
     "    s2 = tf.summary.scalar('total_summary', update_total)\n"
     "    s3 = tf.summary.scalar('average_summary', avg)\n"
     "with tf.name_scope('global_ops'):\n"
     "    init = tf.global_variables_initializer()\n"
     "    merged_summaries = tf.summary.merge_all()\n",
     ["global_step", "total_output", "a", "b", "c", "output", "update_total", "increment_step", "avg", "s1", "s2",
      "s3", "init.name", "merged_summaries"]),
    ("variables_collections",
     "v = tf.Variable(1, name='v')\nw = tf.Variable(2, name='w', trainable=False)\n"
     "with tf.variable_scope('s'):\n    x = tf.get_variable('x', [])\n",
     ["[t.name for t in tf.global_variables()]", "[t.name for t in tf.trainable_variables()]",
      "sorted(tf.get_default_graph().get_all_collection_keys())"]),
]


def run_naming_case(id_, code, prints):
    g = tf.Graph()
    ns = {"tf": tf, "np": np}
    with g.as_default():
        exec(compile(code, "<fixture>", "exec"), ns)
        n_ops = len(g.get_operations())
        printed = {}
        for expr in prints:
            printed[expr] = str(eval(expr, ns))
        assert len(g.get_operations()) == n_ops, "print expression created ops in %s" % id_
    ops = []
    tensors = []
    for op in g.get_operations():
        ops.append([op.name, op.type, list(op.node_def.input)])
        for t in op.outputs:
            tensors.append([t.name, t.dtype.name, str(t.shape)])
    return {"id": id_, "code": code, "ops": ops, "tensors": tensors, "prints": printed}


def gen_naming():
    return [run_naming_case(*c) for c in NAMING]


# --------------------------------------------------------------------------
# errors.json
# --------------------------------------------------------------------------

ERRORS = [
    ("unfed_placeholder_int32",
     "x = tf.placeholder(tf.int32)\ny = x + 1\nwith tf.Session() as sess:\n    sess.run(y)\n"),
    ("unfed_placeholder_float32_shape",
     "x = tf.placeholder(tf.float32, shape=[None, 3])\nwith tf.Session() as sess:\n    sess.run(x)\n"),
    ("unfed_placeholder_named",
     "x = tf.placeholder(tf.float32, name='x')\ny = tf.multiply(x, 2.0)\nwith tf.Session() as sess:\n    sess.run(y)\n"),
    ("unfed_placeholder_int16_shape_scope",
     "with tf.name_scope('input'):\n    a = tf.placeholder(tf.int16, shape=[2], name='input_a')\n"
     "b = a * 2\nwith tf.Session() as sess:\n    sess.run(b)\n"),
    ("uninitialized_get_variable",
     "count = tf.get_variable('count', [])\nwith tf.Session() as sess:\n    sess.run(count)\n"),
    ("uninitialized_variable_add",
     "v = tf.Variable(3, name='my_var')\nw = v + 1\nwith tf.Session() as sess:\n    sess.run(w)\n"),
    ("uninitialized_assign_add",
     "v = tf.Variable(3, name='my_var')\nw = v.assign_add(1)\nwith tf.Session() as sess:\n    sess.run(w)\n"),
    ("feed_wrong_shape",
     "x = tf.placeholder(tf.float32, shape=[None, 3])\nwith tf.Session() as sess:\n    sess.run(x, feed_dict={x: [[1.0, 2.0]]})\n"),
    ("feed_wrong_shape_scalar",
     "x = tf.placeholder(tf.int32, shape=[])\nwith tf.Session() as sess:\n    sess.run(x, feed_dict={x: [1, 2]})\n"),
    ("feed_string_to_int",
     "x = tf.placeholder(tf.int32)\nwith tf.Session() as sess:\n    sess.run(x, feed_dict={x: 'hello'})\n"),
    ("feed_string_list_to_int",
     "x = tf.placeholder(tf.int32, shape=[2])\nwith tf.Session() as sess:\n    sess.run(x, feed_dict={x: ['a', 'b']})\n"),
    ("feed_float_to_int",
     "x = tf.placeholder(tf.int32)\nwith tf.Session() as sess:\n    result = sess.run(x, feed_dict={x: 1.5})\n\n"),
    ("feed_ragged",
     "x = tf.placeholder(tf.int32)\nwith tf.Session() as sess:\n    sess.run(x, feed_dict={x: [[1, 2], [3]]})\n"),
    ("feed_unknown_key",
     "x = tf.placeholder(tf.int32)\nwith tf.Session() as sess:\n    sess.run(x, feed_dict={'nope:0': 1})\n"),
    ("fetch_none",
     "a = tf.constant(1)\nwith tf.Session() as sess:\n    sess.run(None)\n"),
    ("fetch_int",
     "a = tf.constant(1)\nwith tf.Session() as sess:\n    sess.run(5)\n"),
    ("fetch_string_missing",
     "a = tf.constant(1)\nwith tf.Session() as sess:\n    sess.run('missing:0')\n"),
    ("fetch_op_name_missing",
     "a = tf.constant(1)\nwith tf.Session() as sess:\n    sess.run('missing')\n"),
    ("add_int32_float32",
     "a = tf.constant(1)\nb = tf.constant(2.0)\nc = tf.add(a, b)\n"),
    ("operator_add_int32_float32",
     "a = tf.constant(1)\nb = tf.constant(2.0)\nc = a + b\n"),
    ("add_int32_py_float",
     "a = tf.constant(1)\nc = a + 2.5\n"),
    ("reshape_impossible_static",
     "a = tf.constant([1, 2, 3, 4, 5, 6])\nb = tf.reshape(a, [4, 2])\n"),
    ("reshape_impossible_runtime",
     "x = tf.placeholder(tf.int32)\ny = tf.reshape(x, [4, 2])\nwith tf.Session() as sess:\n    sess.run(y, feed_dict={x: [1, 2, 3, 4, 5, 6]})\n"),
    ("reshape_infer_runtime",
     "x = tf.placeholder(tf.int32, shape=[None])\ny = tf.reshape(x, [-1, 4])\nwith tf.Session() as sess:\n    sess.run(y, feed_dict={x: [1, 2, 3, 4, 5, 6]})\n"),
    ("matmul_inner_mismatch",
     "a = tf.constant([[1.0, 2.0, 3.0]])\nb = tf.constant([[1.0, 2.0]])\nc = tf.matmul(a, b)\n"),
    ("matmul_inner_mismatch_runtime",
     "a = tf.placeholder(tf.float32)\nb = tf.placeholder(tf.float32)\nc = tf.matmul(a, b)\nwith tf.Session() as sess:\n"
     "    sess.run(c, feed_dict={a: [[1.0, 2.0, 3.0]], b: [[1.0, 2.0]]})\n"),
    ("add_shape_mismatch",
     "a = tf.constant([1, 2, 3])\nb = tf.constant([1, 2])\nc = a + b\n"),
    ("add_shape_mismatch_runtime",
     "a = tf.placeholder(tf.int32)\nb = tf.constant([1, 2])\nc = a + b\nwith tf.Session() as sess:\n    sess.run(c, feed_dict={a: [1, 2, 3]})\n"),
    ("get_variable_twice",
     "v = tf.get_variable('v', [1])\nw = tf.get_variable('v', [1])\n"),
    ("get_variable_twice_in_scope",
     "with tf.variable_scope('foo'):\n    v = tf.get_variable('v', [1])\nwith tf.variable_scope('foo'):\n    w = tf.get_variable('v', [1])\n"),
    ("get_variable_reuse_missing",
     "with tf.variable_scope('foo', reuse=True):\n    v = tf.get_variable('v', [1])\n"),
    ("get_variable_reuse_shape_mismatch",
     "with tf.variable_scope('foo'):\n    v = tf.get_variable('v', [1])\nwith tf.variable_scope('foo', reuse=True):\n    w = tf.get_variable('v', [2])\n"),
    ("get_variable_no_shape",
     "v = tf.get_variable('v')\n"),
    ("run_after_close",
     "a = tf.constant(1)\nsess = tf.Session()\nsess.close()\nsess.run(a)\n"),
    ("tensor_from_other_graph",
     "g1 = tf.Graph()\nwith g1.as_default():\n    a = tf.constant(1, name='a')\ng2 = tf.Graph()\nwith g2.as_default():\n"
     "    b = tf.constant(2, name='b')\n    c = tf.add(a, b)\n"),
    ("fetch_from_other_graph",
     "g1 = tf.Graph()\nwith g1.as_default():\n    a = tf.constant(1, name='a')\nb = tf.constant(2, name='b')\nwith tf.Session() as sess:\n    sess.run(a)\n"),
    ("get_tensor_by_name_missing",
     "tf.get_default_graph().get_tensor_by_name('foo:0')\n"),
    ("get_tensor_by_name_no_output_index",
     "a = tf.constant(1, name='foo')\ntf.get_default_graph().get_tensor_by_name('foo')\n"),
    ("get_tensor_by_name_bad_index",
     "a = tf.constant(1, name='foo')\ntf.get_default_graph().get_tensor_by_name('foo:1')\n"),
    ("get_operation_by_name_missing",
     "tf.get_default_graph().get_operation_by_name('foo')\n"),
    ("get_operation_by_name_tensor_name",
     "a = tf.constant(1, name='foo')\ntf.get_default_graph().get_operation_by_name('foo:0')\n"),
    ("integer_division_by_zero",
     "a = tf.constant([1, 2])\nb = tf.constant([1, 0])\nc = a // b\nwith tf.Session() as sess:\n    sess.run(c)\n"),
    ("gather_out_of_range",
     "a = tf.constant([1, 2, 3])\nb = tf.gather(a, [5])\nwith tf.Session() as sess:\n    sess.run(b)\n"),
    ("matrix_inverse_singular",
     "a = tf.constant([[1.0, 2.0], [2.0, 4.0]])\nb = tf.matrix_inverse(a)\nwith tf.Session() as sess:\n    sess.run(b)\n"),
    ("feed_dict_non_tensor_key",
     "a = tf.constant(1)\nwith tf.Session() as sess:\n    sess.run(a, feed_dict={5: 1})\n"),
    ("sqrt_int32",
     "a = tf.constant([4])\nb = tf.sqrt(a)\n"),
    ("constant_bad_shape",
     "a = tf.constant([1, 2, 3], shape=[2, 2])\nwith tf.Session() as sess:\n    result = sess.run(a)\n"),
    ("constant_ragged",
     "a = tf.constant([[1, 2], [3]])\n"),
    ("constant_overflow_dtype",
     "a = tf.constant(300, dtype=tf.int8)\nwith tf.Session() as sess:\n    result = sess.run(a)\n"),
    ("constant_float_to_int",
     "a = tf.constant(1.5, dtype=tf.int32)\n"),
    ("concat_shape_mismatch",
     "a = tf.concat([tf.constant([[1, 2]]), tf.constant([[1, 2, 3]])], 0)\n"),
    ("variable_no_initial_value",
     "v = tf.Variable()\n"),
    ("placeholder_feed_eval_without_session",
     "a = tf.constant(1)\na.eval()\n"),
    ("assign_shape_mismatch",
     "v = tf.Variable([1, 2], name='v')\na = v.assign([1, 2, 3])\n"),
    ("assign_dtype_mismatch",
     "v = tf.Variable([1, 2], name='v')\na = v.assign([1.5, 2.5])\n"),
    ("squeeze_non_one",
     "a = tf.squeeze(tf.zeros([2, 3]), [0])\n"),
    ("transpose_bad_perm_runtime",
     "p = tf.placeholder(tf.int32)\na = tf.transpose(tf.zeros([2, 3]), p)\nwith tf.Session() as sess:\n"
     "    sess.run(a, feed_dict={p: [0, 0]})\n"),
    ("tensor_bool",
     "a = tf.constant(True)\nif a:\n    pass\n"),
    ("tensor_iterate",
     "a = tf.placeholder(tf.int32)\nfor x in a:\n    pass\n"),
]


def run_error_case(id_, code):
    g = tf.Graph()
    ns = {"tf": tf, "np": np}
    phase = "construct"
    try:
        with g.as_default():
            exec(compile(code, "<fixture>", "exec"), ns)
    except Exception as e:
        if isinstance(e, tf.errors.OpError):
            phase = "run"
        elif any(f.filename.endswith(os.path.join("client", "session.py"))
                 for f in traceback.extract_tb(e.__traceback__)):
            phase = "session"
        return {"id": id_, "code": code, "class": type(e).__name__, "phase": phase,
                "message": normalize_message(str(e)), "core": normalize_message(core_message(e))}
    # The case did not raise: record that (and the value of `result`, if set).
    return {"id": id_, "code": code, "class": None, "phase": None, "message": None, "core": None,
            "note": "no error raised", "result": repr(ns["result"]) if "result" in ns else None}


def gen_errors():
    ids = [c[0] for c in ERRORS]
    assert len(ids) == len(set(ids))
    return [run_error_case(*c) for c in ERRORS]


# --------------------------------------------------------------------------
# numpy_print.json
# --------------------------------------------------------------------------

def gen_numpy_print():
    rng = np.random.RandomState(7)
    arrays = []

    def add(a, dtype=None):
        if dtype is not None:
            a = np.array(a, dtype=NP_DTYPES[dtype]) if dtype != "string" else np.array(a, dtype=np.bytes_)
        arrays.append(a)

    # 0-d scalars
    for v in [0.0, 23.9, 1e-5, 1e16, 1.0, -0.0, 0.1, 1.0 / 3, 100.0, 1e-4, 123456.0, 1234567.0, 1e15,
              float("nan"), float("inf"), float("-inf"), 3.14159265358979, 2.5, -7.0, 65504.0]:
        add(v, "float32")
    for v in [0.0, 23.9, 1e-5, 1e16, 0.1, 1.0 / 3, 1e-7, 123456789.123, -2.0, float("nan"), 1e300]:
        add(v, "float64")
    for dt, v in [("int16", 5), ("int32", -42), ("int64", 9007199254740993), ("int8", -128), ("uint8", 255),
                  ("uint16", 65535), ("uint32", 4294967295), ("uint64", 18446744073709551615),
                  ("bool", True), ("bool", False), ("float16", 0.1), ("complex64", 1 + 2j),
                  ("complex64", -0.5j), ("complex128", 1.5 - 2.25j)]:
        add(v, dt)
    add(b"Hello, TensorFlow!", "string")
    add(b"", "string")
    # float arrays
    f_lists = [
        [1.0, 2.0, 3.0],
        [1.0, 2.5, 3.0],
        [0.1, 0.2, 0.3],
        [1.0 / 3, 2.0 / 3],
        [23.9, 1.0, -5.5],
        [-1.0, -2.0, 3.0],
        [0.0, -0.0],
        [1e-5, 1.0],
        [1e-4, 1.0],
        [1e16, 1.0],
        [1e8, 1.0],
        [1e7, 1.5],
        [123456789.0, 0.5],
        [1e-10, 1e10],
        [float("nan"), 1.0, float("inf"), float("-inf")],
        [float("nan"), 1.5],
        [float("inf"), 1e-5],
        [100.0, 0.001],
        [0.001, 0.0001],
        [1.5, float("nan")],
        [5.0],
        [],
        [3.14159265, 2.71828183, 1.41421356],
        [1.0, 10.0, 100.0, 1000.0, 10000.0, 100000.0, 1000000.0],
        [0.5, 0.25, 0.125, 0.0625, 0.03125],
        [-0.1, 0.1],
    ]
    for vals in f_lists:
        add(vals, "float32")
        add(vals, "float64")
    add([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], "float32")
    add([[1.5, -2.0], [3.25, 400.0]], "float32")
    add([[0.1, 23.9], [1e-5, 7.0]], "float32")
    add(np.round(rng.uniform(-10, 10, (3, 4)), 4), "float32")
    add(np.round(rng.uniform(-10, 10, (3, 4)), 4), "float64")
    add(rng.standard_normal((2, 3, 4)), "float32")
    add(rng.standard_normal((2, 3, 4)), "float64")
    add(np.arange(24).reshape(2, 3, 4) * 1.0, "float32")
    add(np.arange(8).reshape(2, 2, 2) * 0.5, "float64")
    add(np.zeros((2, 0)), "float32")
    add(np.zeros((0, 3)), "int32")
    add(np.zeros((2, 0, 3)), "float64")
    add(np.ones((1, 1, 1)), "float32")
    add(rng.uniform(0, 1, 30), "float32")
    add(rng.uniform(0, 1, 30), "float64")
    add(rng.uniform(-1e6, 1e6, 12), "float64")
    add(np.linspace(0, 1, 5), "float32")
    add(np.linspace(0, 1, 11), "float64")
    add(rng.uniform(0, 1, (4, 10)), "float32")
    add(rng.uniform(-1e-6, 1e-6, (2, 3)), "float32")
    add(rng.uniform(1e5, 1e9, (2, 3)), "float64")
    add([[1e-5, 1.0], [2.0, 3.0]], "float32")
    add([[float("nan"), 1.0], [float("inf"), -2.5]], "float32")
    add(np.arange(1200) * 0.5, "float32")
    add(np.arange(1001), "int32")
    add(np.arange(2000).reshape(40, 50), "int64")
    add(np.arange(30).reshape(2, 15), "float32")
    add([0.1, 0.2, 0.3], "float16")
    add([[1.0, 2.0], [3.5, -1.0]], "float16")
    # ints
    add([1, 2, 3], "int32")
    add([-1, 20, -300], "int32")
    add([[1, -2], [300, 4]], "int32")
    add([[1, 22, 333], [-4444, 5, 6]], "int64")
    add(np.arange(24).reshape(2, 3, 4), "int32")
    add(np.arange(24).reshape(4, 3, 2) - 12, "int16")
    add([-128, 0, 127], "int8")
    add([0, 128, 255], "uint8")
    add([32767, -32768], "int16")
    add([2147483647, -2147483648], "int32")
    add([9223372036854775807, -9223372036854775808], "int64")
    add([18446744073709551615, 0], "uint64")
    add(np.arange(40), "int32")
    add(np.arange(40) * 1000, "int64")
    add(np.arange(100), "int8")
    add(np.arange(12).reshape(3, 4), "uint8")
    add([], "int32")
    add([[5]], "int32")
    # bool
    add([True, False, True], "bool")
    add([[True, False], [False, True]], "bool")
    add(np.array([True, False] * 20), "bool")
    add(np.ones((2, 2, 2), bool), "bool")
    add([], "bool")
    # bytes
    add([b"a", b"bc", b"def"], "string")
    add([[b"Hello", b"World"], [b"x", b""]], "string")
    add([b"it's", b'say "hi"', b"tab\there"], "string")
    add([b"caf\xc3\xa9"], "string")
    add([b"x" * 30, b"y" * 30, b"z" * 30], "string")
    # complex
    add([1 + 2j, -3.5 - 0.5j, 0j], "complex64")
    add([[1 + 1j, 2 - 2j], [0.1 + 0j, 1e-5j]], "complex64")
    add([1.5 + 2.25j, float("nan") + 1j], "complex128")
    add([complex(float("inf"), 0), 1j], "complex64")
    add(rng.standard_normal(6) + 1j * rng.standard_normal(6), "complex64")

    cases = []
    for a in arrays:
        if a.dtype.kind == "S":
            dtype = "string"
        else:
            dtype = a.dtype.name
        c = {"dtype": dtype, "shape": list(a.shape),
             "values": [enc_scalar(v, dtype) for v in a.reshape(-1)], "str": str(a)}
        if a.ndim == 0:
            c["scalar_str"] = str(a[()])
        cases.append(c)
    return cases


# --------------------------------------------------------------------------
# main
# --------------------------------------------------------------------------

def dump(path, header, key, cases):
    lines = ["{"]
    for k, v in header.items():
        lines.append("%s: %s," % (json.dumps(k), json.dumps(v, ensure_ascii=False)))
    lines.append("%s: [" % json.dumps(key))
    for i, c in enumerate(cases):
        s = json.dumps(c, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
        lines.append(s + ("," if i + 1 < len(cases) else ""))
    lines.append("]}")
    text = "\n".join(lines) + "\n"
    json.loads(text)  # sanity check
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return len(text)


def main():
    os.makedirs(OUT_DIR, exist_ok=True)
    header = {"tf_version": tf.__version__, "numpy_version": np.__version__}
    which = set(sys.argv[1:]) or {"ops", "naming", "errors", "numpy_print"}
    if "ops" in which:
        cases = gen_ops()
        n = dump(os.path.join(OUT_DIR, "ops.json"), header, "cases", cases)
        nerr = sum(1 for c in cases if "error" in c)
        print("ops.json: %d cases (%d errors), %d bytes" % (len(cases), nerr, n))
    if "naming" in which:
        cases = gen_naming()
        n = dump(os.path.join(OUT_DIR, "naming.json"), header, "cases", cases)
        print("naming.json: %d cases, %d bytes" % (len(cases), n))
    if "errors" in which:
        cases = gen_errors()
        n = dump(os.path.join(OUT_DIR, "errors.json"), header, "cases", cases)
        print("errors.json: %d cases, %d bytes" % (len(cases), n))
    if "numpy_print" in which:
        cases = gen_numpy_print()
        n = dump(os.path.join(OUT_DIR, "numpy_print.json"), {"numpy_version": np.__version__}, "cases", cases)
        print("numpy_print.json: %d cases, %d bytes" % (len(cases), n))


if __name__ == "__main__":
    main()
