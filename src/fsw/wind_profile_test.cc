// The wind by height: band means, their memory and age, and the height-averaged mean of a
// linear profile against its closed form.
#include "fsw/wind_profile.h"

#include <gtest/gtest.h>

namespace kestrel {
namespace {

// The profile of a climb from 0 to 3,000 m at 2 m/s through a wind growing linearly from
// (0, 2) at the ground to (6, 8) at 3,000 m, sampled once a second.
WindProfile climbed(const WindProfileParams& p, double* t_end) {
  WindProfile w;
  double t = 0;
  for (double h = 0; h < 3000; h += 2, t += 1) {
    const double f = h / 3000;
    w.update(p, h, Eigen::Vector2d(6 * f, 2 + 6 * f), t, 1.0);
  }
  *t_end = t;
  return w;
}

TEST(WindProfile, LinearProfileAveragedOverAnInterval) {
  const WindProfileParams p;
  double t = 0;
  const WindProfile w = climbed(p, &t);
  EXPECT_EQ(w.known_bands(p, t), 30);
  // The mean of a linear profile over [1400, 2900] is its value at 2150 m: (4.3, 6.3). The band
  // means are the mean of each band's samples (its centre's value); the anchor is exact.
  const Eigen::Vector2d anchor(6 * 2900.0 / 3000, 2 + 6 * 2900.0 / 3000);
  const Eigen::Vector2d m = w.mean(p, 1400, 2900, t, 2900, anchor);
  EXPECT_NEAR(m.x(), 4.3, 0.02);
  EXPECT_NEAR(m.y(), 6.3, 0.02);
  // Either order of the bounds.
  EXPECT_NEAR((w.mean(p, 2900, 1400, t, 2900, anchor) - m).norm(), 0, 1e-12);
  // The present estimate replaces the bands at and above its height: a different wind there
  // moves the mean of the interval's top.
  const Eigen::Vector2d other = w.mean(p, 2800, 2900, t, 2850, Eigen::Vector2d(20, 20));
  EXPECT_GT(other.x(), 10);
}

TEST(WindProfile, NothingKnownGivesTheAnchor) {
  const WindProfileParams p;
  const WindProfile w;
  EXPECT_EQ(w.known_bands(p, 0), 0);
  const Eigen::Vector2d a(3, -4);
  EXPECT_EQ(w.mean(p, 0, 2000, 0, 2000, a), a);
  // Non-finite bounds: the anchor.
  EXPECT_EQ(w.mean(p, std::nan(""), 2000, 0, 2000, a), a);
}

TEST(WindProfile, BandsAgeAndForget) {
  WindProfileParams p;
  double t = 0;
  const WindProfile w = climbed(p, &t);
  // Within WIND_PROF_AGE every band counts; past it none does, and the anchor alone remains.
  EXPECT_EQ(w.known_bands(p, t + p.max_age_s - 1600), 30);
  EXPECT_EQ(w.known_bands(p, t + p.max_age_s + 1), 0);
  const Eigen::Vector2d a(1, 1);
  EXPECT_EQ(w.mean(p, 0, 2000, t + p.max_age_s + 1, 2000, a), a);
}

TEST(WindProfile, ABandFollowsATurningWindWithItsTimeConstant) {
  WindProfileParams p;
  p.tau_s = 100;
  WindProfile w;
  // 1,000 s of (0, 0) in the band at 500 m, then (10, 0): after one time constant of the new
  // wind the mean has gone 1 - 1/e of the way (the old weight had saturated at tau).
  double t = 0;
  for (; t < 1000; t += 1) w.update(p, 550, Eigen::Vector2d(0, 0), t, 1.0);
  for (int k = 0; k < 100; ++k, t += 1) w.update(p, 550, Eigen::Vector2d(10, 0), t, 1.0);
  // (Heights below the band's centre: the lowest known point's value, the band's mean alone.)
  const Eigen::Vector2d m = w.mean(p, 500, 540, t, 5000, Eigen::Vector2d(99, 99));
  EXPECT_NEAR(m.x(), 10 * (1 - std::exp(-1.0)), 0.1);
  // A band left alone keeps its mean (only its weight decays).
  const Eigen::Vector2d later = w.mean(p, 500, 540, t + 1000, 5000, Eigen::Vector2d(99, 99));
  EXPECT_NEAR((later - m).norm(), 0, 1e-12);
}

TEST(WindProfile, BadSamplesAreIgnored) {
  const WindProfileParams p;
  WindProfile w;
  w.update(p, -5, Eigen::Vector2d(1, 1), 0, 1);              // below home
  w.update(p, 1e6, Eigen::Vector2d(1, 1), 0, 1);             // above the table
  w.update(p, 100, Eigen::Vector2d(std::nan(""), 1), 0, 1);  // not finite
  w.update(p, 100, Eigen::Vector2d(1, 1), 0, 0);             // no duration
  EXPECT_EQ(w.known_bands(p, 0), 0);
}

}  // namespace
}  // namespace kestrel
