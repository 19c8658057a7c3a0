{
  # The native kernels addon. One build runs on any x86-64: the base flags are the compiler's
  # defaults (no -march=native); gemm_avx2.cc and gemm_avx512.cc raise their own target with
  # pragmas and are only called after cpu.cc has checked cpuid and xgetbv.
  "targets": [
    {
      "target_name": "tensorgraph_native",
      "sources": [
        "src/binding.cc",
        "src/binding_elementwise.cc",
        "src/binding_reduce.cc",
        "src/binding_conv.cc",
        "src/binding_train.cc",
        "src/conv.cc",
        "src/pool.cc",
        "src/cpu.cc",
        "src/thread_pool.cc",
        "src/gemm.cc",
        "src/gemm_scalar.cc",
        "src/gemm_avx2.cc",
        "src/gemm_avx512.cc",
        "src/probe.cc",
        "src/elementwise.cc",
        "src/elementwise_scalar.cc",
        "src/elementwise_avx2.cc",
        "src/elementwise_avx512.cc",
        "src/reduce.cc",
        "src/reduce_scalar.cc",
        "src/reduce_avx2.cc",
        "src/reduce_avx512.cc",
        "src/transpose.cc",
        "src/train.cc",
        "src/train_scalar.cc",
        "src/train_avx2.cc"
      ],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
      "defines": ["NAPI_VERSION=8", "NAPI_DISABLE_CPP_EXCEPTIONS", "NODE_ADDON_API_DISABLE_DEPRECATED"],
      "cflags": ["-O3", "-fvisibility=hidden", "-Wno-unused-parameter"],
      "cflags_cc": ["-std=gnu++17"],
      "xcode_settings": {
        "GCC_SYMBOLS_PRIVATE_EXTERN": "YES",
        "CLANG_CXX_LANGUAGE_STANDARD": "gnu++17",
        "OTHER_CFLAGS": ["-O3"]
      },
      "msvs_settings": {"VCCLCompilerTool": {"AdditionalOptions": ["/std:c++17"]}}
    }
  ]
}
