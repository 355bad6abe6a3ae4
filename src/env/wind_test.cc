#include "env/wind.h"

#include <gtest/gtest.h>

#include <cmath>

namespace kestrel {
namespace {

WindParams one_layer(double h, double speed, double from_deg) {
  WindParams p;
  p.layers.push_back({h, speed, deg_to_rad(from_deg)});
  return p;
}

TEST(Wind, FromDirectionSign) {
  // Wind FROM the west blows toward the east: positive east component.
  Vec3 w = steady_wind_ned(one_layer(10.0, 10.0, 270.0), 100.0);
  EXPECT_NEAR(w.x(), 0.0, 1e-12);
  EXPECT_NEAR(w.y(), 10.0, 1e-12);
  EXPECT_EQ(w.z(), 0.0);
  // From the north: air moves south.
  w = steady_wind_ned(one_layer(10.0, 8.0, 0.0), 50.0);
  EXPECT_NEAR(w.x(), -8.0, 1e-12);
  EXPECT_NEAR(w.y(), 0.0, 1e-12);
  // From the south-east (135 deg): toward the north-west.
  w = steady_wind_ned(one_layer(10.0, 5.0, 135.0), 50.0);
  EXPECT_NEAR(w.x(), 5.0 / std::sqrt(2.0), 1e-12);
  EXPECT_NEAR(w.y(), -5.0 / std::sqrt(2.0), 1e-12);
}

TEST(Wind, InterpolatesComponentsBetweenLayersAndHoldsAboveTop) {
  WindParams p;
  p.layers = {{100.0, 10.0, deg_to_rad(270.0)}, {1100.0, 20.0, deg_to_rad(180.0)}};
  // From west at 100 m = (0, 10); from south at 1100 m = (20, 0). Halfway: (10, 5).
  Vec3 w = steady_wind_ned(p, 600.0);
  EXPECT_NEAR(w.x(), 10.0, 1e-12);
  EXPECT_NEAR(w.y(), 5.0, 1e-12);
  w = steady_wind_ned(p, 350.0);
  EXPECT_NEAR(w.x(), 5.0, 1e-12);
  EXPECT_NEAR(w.y(), 7.5, 1e-12);
  EXPECT_NEAR(steady_wind_ned(p, 100.0).y(), 10.0, 1e-12);  // exactly on a layer
  EXPECT_NEAR(steady_wind_ned(p, 1100.0).x(), 20.0, 1e-12);
  EXPECT_NEAR(steady_wind_ned(p, 9000.0).x(), 20.0, 1e-12);  // constant above the top
}

TEST(Wind, LogLawBelowTheLowestLayer) {
  WindParams p = one_layer(10.0, 10.0, 270.0);  // z0 = 0.03 m
  // V(h) = V_low ln(h/z0)/ln(h_low/z0).
  EXPECT_NEAR(steady_wind_ned(p, 2.0).y(), 10.0 * std::log(2.0 / 0.03) / std::log(10.0 / 0.03),
              1e-12);
  EXPECT_NEAR(steady_wind_ned(p, 5.0).norm(), 10.0 * std::log(5.0 / 0.03) / std::log(10.0 / 0.03),
              1e-12);
  EXPECT_NEAR(steady_wind_ned(p, 10.0 - 1e-9).y(), 10.0, 1e-7);  // continuous at the layer
  // Direction is that of the lowest layer.
  const Vec3 w = steady_wind_ned(p, 1.0);
  EXPECT_NEAR(w.x(), 0.0, 1e-12);
  EXPECT_GT(w.y(), 0.0);
  // Monotonic in height.
  EXPECT_LT(steady_wind_ned(p, 1.0).y(), steady_wind_ned(p, 3.0).y());
}

TEST(Wind, ZeroAtAndBelowRoughnessLengthAndWhenCalm) {
  WindParams p = one_layer(10.0, 10.0, 270.0);
  EXPECT_EQ(steady_wind_ned(p, 0.0), Vec3::Zero());
  EXPECT_EQ(steady_wind_ned(p, 0.03), Vec3::Zero());
  EXPECT_EQ(steady_wind_ned(p, -5.0), Vec3::Zero());
  EXPECT_EQ(steady_wind_ned(WindParams{}, 100.0), Vec3::Zero());
  p.roughness_length_m = 0.5;
  EXPECT_NEAR(steady_wind_ned(p, 2.0).y(), 10.0 * std::log(4.0) / std::log(20.0), 1e-12);
}

}  // namespace
}  // namespace kestrel
