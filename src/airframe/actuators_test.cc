#include "airframe/actuators.h"

#include <gtest/gtest.h>

#include <cmath>

namespace kestrel {
namespace {

TEST(Actuators, FirstOrderLagMatchesTheExponential) {
  const ActuatorParams p{0.1, 1e9, -1, 1};
  double x = 0;
  for (int i = 0; i < 40; ++i) x = step_actuator(p, x, 0.5, 0.0025);
  EXPECT_NEAR(x, 0.5 * (1 - std::exp(-0.1 / 0.1)), 1e-12);  // after 0.1 s: 1 - e^-1
}

TEST(Actuators, RateAndTravelLimits) {
  const ActuatorParams p{0.01, 1.0, -0.3, 0.3};
  double x = 0;
  for (int i = 0; i < 40; ++i) x = step_actuator(p, x, 10.0, 0.0025);
  EXPECT_NEAR(x, 0.1, 1e-12);  // 1 unit/s for 0.1 s
  for (int i = 0; i < 400; ++i) x = step_actuator(p, x, 10.0, 0.0025);
  EXPECT_DOUBLE_EQ(x, 0.3);  // stops at its travel
}

TEST(Actuators, NonFiniteCommandHoldsThePosition) {
  const ActuatorParams p{0.05, 2.0, -0.3, 0.3};
  EXPECT_EQ(step_actuator(p, 0.1, std::nan(""), 0.0025), 0.1);
  EXPECT_EQ(step_actuator(p, 0.1, INFINITY, 0.0025), 0.1);
}

}  // namespace
}  // namespace kestrel
