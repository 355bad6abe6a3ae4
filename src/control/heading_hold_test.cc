// The heading hold's signs and limits against the conventions of docs/frames.md: a heading to the
// right banks right (aileron +), a height below the command pitches up (elevator -), a slow
// airspeed opens the throttle, a yaw rate gets opposing rudder, and nothing moves before the
// estimate is aligned or with a non-finite estimate.
#include "control/heading_hold.h"

#include <gtest/gtest.h>

#include <cmath>

namespace kestrel {
namespace {

NavState level_state(double yaw_rad, double height_m, double tas_mps) {
  NavState s;
  s.status = kNavAligned | kNavPositionValid;
  s.q_ned_from_b = Quat(Eigen::AngleAxisd(yaw_rad, Vec3::UnitZ()));
  s.height_ellipsoid_m = height_m;
  s.tas_mps = tas_mps;
  return s;
}

TEST(HeadingHold, NothingBeforeAlignment) {
  HeadingHoldState st;
  NavState nav = level_state(0, 1000, 40);
  nav.status = 0;
  const SurfaceIncrements u = heading_hold_step({}, st, nav, {0.5, 1100}, 0.02);
  EXPECT_EQ(u.aileron_rad, 0);
  EXPECT_EQ(u.elevator_rad, 0);
  EXPECT_EQ(u.throttle, 0);
  EXPECT_FALSE(st.engaged);
}

TEST(HeadingHold, SignsFollowTheConventions) {
  const HeadingHoldGains g;
  {
    HeadingHoldState st;  // heading 30 deg to the right of the nose: bank right
    const SurfaceIncrements u =
        heading_hold_step(g, st, level_state(0, 1000, 40), {deg_to_rad(30), 1000}, 0.02);
    EXPECT_GT(u.aileron_rad, 0);
    EXPECT_NEAR(u.elevator_rad, 0, 1e-12);
  }
  {
    HeadingHoldState st;  // the shortest way: from 350 deg to 10 deg is a right turn
    const SurfaceIncrements u = heading_hold_step(g, st, level_state(deg_to_rad(350), 1000, 40),
                                                  {deg_to_rad(10), 1000}, 0.02);
    EXPECT_GT(u.aileron_rad, 0);
  }
  {
    HeadingHoldState st;  // 100 m low: pitch up, trailing edge up (negative)
    const SurfaceIncrements u = heading_hold_step(g, st, level_state(0, 900, 40), {0, 1000}, 0.02);
    EXPECT_LT(u.elevator_rad, 0);
  }
  {
    HeadingHoldState st;  // engaged at 40 m/s, now 35: throttle up; and at 45: throttle down
    heading_hold_step(g, st, level_state(0, 1000, 40), {0, 1000}, 0.02);
    EXPECT_GT(heading_hold_step(g, st, level_state(0, 1000, 35), {0, 1000}, 0.02).throttle, 0);
    HeadingHoldState st2;
    heading_hold_step(g, st2, level_state(0, 1000, 40), {0, 1000}, 0.02);
    EXPECT_LT(heading_hold_step(g, st2, level_state(0, 1000, 45), {0, 1000}, 0.02).throttle, 0);
  }
  {
    HeadingHoldState st;  // yawing right: rudder trailing edge left (+) opposes it
    NavState nav = level_state(0, 1000, 40);
    nav.omega_b_rad_s = Vec3(0, 0, 0.2);
    EXPECT_GT(heading_hold_step(g, st, nav, {0, 1000}, 0.02).rudder_rad, 0);
  }
}

TEST(HeadingHold, BankAndSurfacesAreLimited) {
  const HeadingHoldGains g;
  HeadingHoldState st;
  // Heading 170 deg off and 2 km low: every output within its limit.
  const SurfaceIncrements u =
      heading_hold_step(g, st, level_state(0, -1000, 20), {deg_to_rad(170), 1000}, 0.02);
  EXPECT_LE(std::abs(u.aileron_rad), g.max_surface_rad);
  EXPECT_LE(std::abs(u.elevator_rad), g.max_surface_rad);
  EXPECT_LE(std::abs(u.throttle), 1.0);
}

TEST(HeadingHold, NonFiniteEstimateCommandsNothing) {
  HeadingHoldState st;
  NavState nav = level_state(0, 1000, 40);
  nav.height_ellipsoid_m = std::nan("");
  const SurfaceIncrements u = heading_hold_step({}, st, nav, {0.3, 1000}, 0.02);
  EXPECT_EQ(u.aileron_rad, 0);
  EXPECT_EQ(u.elevator_rad, 0);
  EXPECT_EQ(u.throttle, 0);
  // ... and the next good estimate is flown normally (no NaN left in the integrators).
  const SurfaceIncrements v =
      heading_hold_step({}, st, level_state(0, 1000, 40), {0.3, 1000}, 0.02);
  EXPECT_TRUE(std::isfinite(v.aileron_rad) && std::isfinite(v.elevator_rad));
  EXPECT_GT(v.aileron_rad, 0);
}

}  // namespace
}  // namespace kestrel
