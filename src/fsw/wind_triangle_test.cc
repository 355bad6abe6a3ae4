// The wind triangle against the textbook flight-computer (E6B) figures and against the vector sum
// it must satisfy: air velocity + wind = ground velocity along the course.
#include "fsw/wind_triangle.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "core/types.h"

namespace kestrel {
namespace {

Eigen::Vector2d unit_of_heading(double heading_rad) {  // NE, clockwise from north
  return {std::cos(heading_rad), std::sin(heading_rad)};
}

TEST(WindTriangle, StillAirGroundSpeedIsAirspeed) {
  const WindTriangle w = solve_wind_triangle(unit_of_heading(0.7), 40, Eigen::Vector2d::Zero());
  ASSERT_TRUE(w.feasible);
  EXPECT_DOUBLE_EQ(w.ground_speed_mps, 40);
  EXPECT_DOUBLE_EQ(w.crab_rad, 0);
}

TEST(WindTriangle, HeadAndTailWindAddAlongTheCourse) {
  // Course north; wind from the north at 10 m/s blows towards the south.
  const WindTriangle head = solve_wind_triangle({1, 0}, 40, {-10, 0});
  ASSERT_TRUE(head.feasible);
  EXPECT_DOUBLE_EQ(head.ground_speed_mps, 30);
  EXPECT_DOUBLE_EQ(head.headwind_mps, 10);
  const WindTriangle tail = solve_wind_triangle({1, 0}, 40, {10, 0});
  ASSERT_TRUE(tail.feasible);
  EXPECT_DOUBLE_EQ(tail.ground_speed_mps, 50);
  EXPECT_DOUBLE_EQ(tail.headwind_mps, -10);
}

TEST(WindTriangle, CrosswindAsTheFlightComputerSolvesIt) {
  // Course 090, TAS 100 kt, wind from 360 at 20 kt: an E6B gives a wind correction of 11.5 deg
  // left and a ground speed of 98 kt (sqrt(100^2 - 20^2) = 97.98).
  const double kt = kMetresPerSecondPerKnot;
  const Eigen::Vector2d wind_ne(-20 * kt, 0);  // from the north: towards the south
  const WindTriangle w = solve_wind_triangle(unit_of_heading(deg_to_rad(90)), 100 * kt, wind_ne);
  ASSERT_TRUE(w.feasible);
  EXPECT_NEAR(w.ground_speed_mps / kt, 97.98, 0.005);
  EXPECT_NEAR(rad_to_deg(w.crab_rad), -11.54, 0.005);
  EXPECT_NEAR(w.crosswind_mps / kt, 20, 1e-12);  // towards the right of an eastbound course
}

TEST(WindTriangle, AirPlusWindIsTheGroundVelocityAlongTheCourse) {
  for (double course_deg = 0; course_deg < 360; course_deg += 37) {
    for (double wind_from_deg = 5; wind_from_deg < 360; wind_from_deg += 53) {
      const double course = deg_to_rad(course_deg);
      const Eigen::Vector2d wind_ne = -17.0 * unit_of_heading(deg_to_rad(wind_from_deg));
      const double tas = 35;
      const WindTriangle w = solve_wind_triangle(unit_of_heading(course), tas, wind_ne);
      ASSERT_TRUE(w.feasible);
      const Eigen::Vector2d ground_ne = tas * unit_of_heading(course + w.crab_rad) + wind_ne;
      EXPECT_NEAR((ground_ne - w.ground_speed_mps * unit_of_heading(course)).norm(), 0, 1e-12)
          << course_deg << " " << wind_from_deg;
    }
  }
}

TEST(WindTriangle, WindAtOrAboveTheAirspeedIsInfeasibleWithoutNaN) {
  const WindTriangle head = solve_wind_triangle({1, 0}, 30, {-30, 0});  // headwind = airspeed
  EXPECT_FALSE(head.feasible);
  EXPECT_EQ(head.ground_speed_mps, 0);
  const WindTriangle stronger = solve_wind_triangle({1, 0}, 30, {-45, 0});
  EXPECT_FALSE(stronger.feasible);
  EXPECT_TRUE(std::isfinite(stronger.ground_speed_mps));
  const WindTriangle cross = solve_wind_triangle({1, 0}, 30, {0, 31});  // crosswind > airspeed
  EXPECT_FALSE(cross.feasible);
  EXPECT_TRUE(std::isfinite(cross.ground_speed_mps));
  // Crosswind below the airspeed but headwind too strong for what is left along the course.
  EXPECT_FALSE(solve_wind_triangle({1, 0}, 30, {-20, 25}).feasible);
  const double nan = std::numeric_limits<double>::quiet_NaN();
  EXPECT_FALSE(solve_wind_triangle({1, 0}, 30, {nan, 0}).feasible);
  EXPECT_FALSE(solve_wind_triangle({1, 0}, nan, {0, 0}).feasible);
}

}  // namespace
}  // namespace kestrel
