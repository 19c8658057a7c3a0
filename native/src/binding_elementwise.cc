// N-API entry points of the elementwise kernels: unwrap and check every argument (napi_util.h), then
// call the pure C++ kernels. The TypeScript declaration is src/backend/native/binding_elementwise.ts.
#include "napi_util.h"

namespace tg {

void register_elementwise(Napi::Env env, Napi::Object exports) {
  (void)env;
  (void)exports;
}

}  // namespace tg
