#include "core/rng.h"

#include <gtest/gtest.h>

#include <cmath>

namespace kestrel {
namespace {

TEST(Rng, SameSeedSameSequence) {
  Rng a = make_stream(42, "turbulence"), b = make_stream(42, "turbulence");
  for (int i = 0; i < 100; ++i) EXPECT_EQ(a.next_u64(), b.next_u64());
}

TEST(Rng, StreamsAreIndependentByName) {
  EXPECT_NE(stream_seed(42, "turbulence"), stream_seed(42, "imu"));
  EXPECT_NE(stream_seed(42, "turbulence"), stream_seed(43, "turbulence"));
}

TEST(Rng, NormalMoments) {
  Rng r(1);
  const int n = 200000;
  double s = 0, s2 = 0, s4 = 0;
  for (int i = 0; i < n; ++i) {
    const double x = r.normal();
    s += x;
    s2 += x * x;
    s4 += x * x * x * x;
  }
  EXPECT_NEAR(s / n, 0.0, 0.01);
  EXPECT_NEAR(s2 / n, 1.0, 0.015);
  EXPECT_NEAR(s4 / n, 3.0, 0.08);  // Gaussian kurtosis
}

TEST(Rng, UniformRange) {
  Rng r(3);
  double lo = 1, hi = 0;
  for (int i = 0; i < 100000; ++i) {
    const double u = r.uniform();
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
    lo = std::min(lo, u);
    hi = std::max(hi, u);
  }
  EXPECT_LT(lo, 1e-3);
  EXPECT_GT(hi, 1 - 1e-3);
}

}  // namespace
}  // namespace kestrel
