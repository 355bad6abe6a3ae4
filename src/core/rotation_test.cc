#include "core/rotation.h"

#include <gtest/gtest.h>

#include <bit>
#include <cstdint>
#include <limits>
#include <vector>

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

// The fast path (an angle already in range returned as it is) gives std::remainder's answer to
// the bit, at and around the edges, for signed zeros, out-of-range angles and NaN.
TEST(Rotation, WrapPiIsTheIeeeRemainder) {
  const double pi = kPi, inf = std::numeric_limits<double>::infinity();
  std::vector<double> xs = {0.0,  -0.0, 1e-300, -1e-300, 1.0,      -2.5,   pi,
                            -pi,  3.2,  -3.2,   2 * pi,  -2 * pi,  7.0,    -7.0,
                            1e6,  -1e6, 1e300,  inf,     -inf};
  for (double edge : {pi, -pi, 2 * pi, -2 * pi, 3 * pi, -3 * pi}) {
    xs.push_back(std::nextafter(edge, inf));
    xs.push_back(std::nextafter(edge, -inf));
  }
  for (double x : xs) {
    const double want = std::remainder(x, 2.0 * kPi), got = wrap_pi(x);
    if (std::isnan(want)) {
      EXPECT_TRUE(std::isnan(got)) << x;
      continue;
    }
    EXPECT_EQ(std::bit_cast<uint64_t>(got), std::bit_cast<uint64_t>(want)) << x;
  }
  EXPECT_TRUE(std::isnan(wrap_pi(std::numeric_limits<double>::quiet_NaN())));
}

// Written out for inlining, the same bits as Eigen's, for unit and non-unit quaternions.
TEST(Rotation, RotationMatrixIsEigens) {
  uint64_t x = 12345;
  auto next = [&] {  // SplitMix64 to [-1, 1)
    uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return static_cast<double>((z ^ (z >> 31)) >> 11) * 0x1.0p-52 - 1.0;
  };
  for (int k = 0; k < 1000; ++k) {
    Quat q(next(), next(), next(), next());
    if (k % 2 == 0) q.normalize();
    const Mat3 a = rotation_matrix(q), b = q.toRotationMatrix();
    for (int i = 0; i < 9; ++i)
      ASSERT_EQ(std::bit_cast<uint64_t>(a.data()[i]), std::bit_cast<uint64_t>(b.data()[i])) << k;
  }
}

}  // namespace
}  // namespace kestrel
