#include "core/rotation.h"

#include <gtest/gtest.h>

namespace kestrel {
namespace {

TEST(Rotation, EulerRoundTrip) {
  for (double r : {-170.0, -30.0, 0.0, 45.0, 179.0})
    for (double p : {-80.0, -10.0, 0.0, 30.0, 85.0})
      for (double y : {-179.0, -90.0, 0.0, 120.0}) {
        const Euler e{deg_to_rad(r), deg_to_rad(p), deg_to_rad(y)};
        const Euler b = euler_from_q_ned_from_b(q_ned_from_b_from_euler(e));
        EXPECT_NEAR(b.roll_rad, e.roll_rad, 1e-12);
        EXPECT_NEAR(b.pitch_rad, e.pitch_rad, 1e-12);
        EXPECT_NEAR(b.yaw_rad, e.yaw_rad, 1e-12);
      }
}

TEST(Rotation, SignConventions) {
  // Nose up 10 deg: the body x axis points up (negative down component) in NED.
  const Quat q = q_ned_from_b_from_euler({0, deg_to_rad(10), 0});
  EXPECT_LT((q * Vec3::UnitX()).z(), 0);
  // Yaw 90 deg: the nose points east.
  const Quat y = q_ned_from_b_from_euler({0, 0, deg_to_rad(90)});
  EXPECT_NEAR((y * Vec3::UnitX()).y(), 1.0, 1e-12);
  // Roll right 30 deg: the right wing (body y) points down.
  const Quat rr = q_ned_from_b_from_euler({deg_to_rad(30), 0, 0});
  EXPECT_GT((rr * Vec3::UnitY()).z(), 0);
}

}  // namespace
}  // namespace kestrel
