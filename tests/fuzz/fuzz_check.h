// WPP_FUZZ_CHECK: aborts (a crash, for libFuzzer) when an invariant fails.
#pragma once

#include <cstdio>
#include <cstdlib>

#define WPP_FUZZ_CHECK(cond)                                                            \
  do {                                                                                  \
    if (!(cond)) {                                                                      \
      std::fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #cond); \
      std::abort();                                                                     \
    }                                                                                   \
  } while (false)
