#include "env/gust.h"

#include <gtest/gtest.h>

#include <cmath>

namespace kestrel {
namespace {

TEST(Gust, OneMinusCosineShapeWithHold) {
  Gust g;
  g.start_s = 10.0;
  g.length_m = 100.0;  // at 50 m/s: full amplitude 2 s after the start
  g.amplitude_ned_mps = Vec3(0.0, 4.0, -6.0);
  const double v = 50.0;
  EXPECT_EQ(gust_velocity_ned(g, 0.0, v), Vec3::Zero());   // before
  EXPECT_EQ(gust_velocity_ned(g, 10.0, v), Vec3::Zero());  // x = 0
  EXPECT_NEAR(gust_velocity_ned(g, 10.5, v).z(), -6.0 * 0.5 * (1.0 - std::sqrt(0.5)),
              1e-12);                                           // x = d/4
  EXPECT_NEAR(gust_velocity_ned(g, 11.0, v).y(), 2.0, 1e-12);   // x = d/2: half amplitude
  EXPECT_NEAR(gust_velocity_ned(g, 12.0, v).z(), -6.0, 1e-12);  // x = d: full
  EXPECT_NEAR(gust_velocity_ned(g, 100.0, v).y(), 4.0, 1e-12);  // held
}

TEST(Gust, OneMinusCosineShapeWithoutHold) {
  Gust g;
  g.start_s = 0.0;
  g.length_m = 30.0;
  g.amplitude_ned_mps = Vec3(3.0, 0.0, 0.0);
  g.hold = false;
  const double v = 30.0;                                      // x = 30 t
  EXPECT_NEAR(gust_velocity_ned(g, 0.5, v).x(), 1.5, 1e-12);  // x = d/2
  EXPECT_NEAR(gust_velocity_ned(g, 1.0, v).x(), 3.0, 1e-12);  // x = d: peak
  EXPECT_NEAR(gust_velocity_ned(g, 1.5, v).x(), 1.5, 1e-12);  // x = 1.5 d: symmetric
  EXPECT_NEAR(gust_velocity_ned(g, 2.0, v).x(), 0.0, 1e-12);  // x = 2 d: back to zero
  EXPECT_EQ(gust_velocity_ned(g, 5.0, v), Vec3::Zero());      // after
  // Symmetric about the peak.
  EXPECT_NEAR(gust_velocity_ned(g, 0.8, v).x(), gust_velocity_ned(g, 1.2, v).x(), 1e-12);
}

TEST(Gust, ZeroForParkedAircraftOrDegenerateLength) {
  Gust g;
  g.length_m = 10.0;
  g.amplitude_ned_mps = Vec3(1.0, 1.0, 1.0);
  EXPECT_EQ(gust_velocity_ned(g, 5.0, 0.0), Vec3::Zero());
  g.length_m = 0.0;
  EXPECT_EQ(gust_velocity_ned(g, 5.0, 20.0), Vec3::Zero());
}

}  // namespace
}  // namespace kestrel
