// Always-on invariant checks (style.md habit 12, tier 2): a broken invariant in code aborts with
// a message naming the file and line. Not for user input: that returns an Error.
#pragma once

#include <cstdio>
#include <cstdlib>

#define KESTREL_CHECK(cond, msg)                                                                   \
  do {                                                                                             \
    if (!(cond)) {                                                                                 \
      std::fprintf(stderr, "kestrel: check failed at %s:%d: %s (%s)\n", __FILE__, __LINE__, #cond, \
                   msg);                                                                           \
      std::abort();                                                                                \
    }                                                                                              \
  } while (0)
