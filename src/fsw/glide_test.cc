// Engine-out reachability against hand-derived glide figures: still-air range = height x L/D,
// head- and tailwind scaling of the range by the ground speed, the crosswind triangle, no
// progress into a wind stronger than the airspeed, the headwind speed rule against the optimum
// of the same polar found by brute force, and the choice among several sites.
#include "fsw/glide.h"

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <limits>
#include <vector>

namespace kestrel {
namespace {

using Eigen::Vector2d;

GlideParams params(double margin_m = 0, double wind_adjust = 0) {
  GlideParams p;
  p.speed_eas_mps = 33;
  p.lift_drag = 10;
  p.margin_m = margin_m;
  p.wind_adjust = wind_adjust;
  return p;
}

GlideInput at(double height_m, Vector2d wind_ne = Vector2d::Zero(), double sigma = 1) {
  GlideInput in;
  in.position_ne = Vector2d(1000, -2000);
  in.height_m = height_m;
  in.wind_ne = wind_ne;
  in.density_ratio = sigma;
  return in;
}

// A site `distance` metres from at()'s position, in direction course_rad (clockwise from north).
LandingSite site_at(double distance, double course_rad = 0, double elevation_m = 0) {
  LandingSite s;
  s.position_ne =
      Vector2d(1000, -2000) + distance * Vector2d(std::cos(course_rad), std::sin(course_rad));
  s.elevation_m = elevation_m;
  return s;
}

// The glide figures written out again, independently of glide.cc: the horizontal airspeed and
// sink of a glide at V with the given L/D.
struct Glide {
  double v_h, sink;
};
Glide glide(double v, double ld) {
  return {v * ld / std::sqrt(1 + ld * ld), v / std::sqrt(1 + ld * ld)};
}

TEST(Glide, StillAirRangeIsHeightTimesLiftOverDrag) {
  // 1000 m up at L/D 10: 10 km exactly, whatever the airspeed or the air density.
  for (double sigma : {1.0, 0.6}) {
    for (double course : {0.0, 1.0, -2.5}) {
      const GlideSiteResult r =
          glide_to_site(params(), at(1000, {0, 0}, sigma), site_at(10000, course));
      EXPECT_NEAR(r.height_loss_m, 1000, 1e-9);
      EXPECT_NEAR(r.arrival_height_m, 0, 1e-9);
      EXPECT_NEAR(r.airspeed_tas_mps, 33 / std::sqrt(sigma), 1e-12);
      EXPECT_NEAR(r.ground_speed_mps, glide(33 / std::sqrt(sigma), 10).v_h, 1e-9);
      // Exactly at the limit the rounding decides; 10 m either side it does not.
      EXPECT_TRUE(
          glide_to_site(params(), at(1000, {0, 0}, sigma), site_at(9990, course)).reachable());
      EXPECT_FALSE(
          glide_to_site(params(), at(1000, {0, 0}, sigma), site_at(10010, course)).reachable());
    }
  }
  // With the 300 m circuit margin: 7 km is the limit.
  EXPECT_TRUE(glide_to_site(params(300), at(1000), site_at(6990)).reachable());
  const GlideSiteResult far = glide_to_site(params(300), at(1000), site_at(7010));
  EXPECT_EQ(far.reach, GlideReach::kTooLow);
  EXPECT_NEAR(far.margin_m, -1, 1e-9);
  // The site's elevation counts: 200 m higher ground leaves 800 m to glide with.
  EXPECT_NEAR(glide_to_site(params(), at(1000), site_at(10000, 0, 200)).arrival_height_m, -200,
              1e-9);
  // Overhead: nothing lost.
  const GlideSiteResult over = glide_to_site(params(300), at(400), site_at(0));
  EXPECT_TRUE(over.reachable());
  EXPECT_EQ(over.height_loss_m, 0);
  EXPECT_EQ(over.arrival_height_m, 400);
}

TEST(Glide, HeadAndTailWindScaleTheRangeByTheGroundSpeed) {
  const Glide g = glide(33, 10);
  for (double wind : {-15.0, -5.0, 5.0, 15.0}) {  // + tailwind on a northbound course
    const GlideSiteResult r = glide_to_site(params(), at(1000, {wind, 0}), site_at(10000));
    ASSERT_TRUE(r.reach != GlideReach::kWindTooStrong);
    EXPECT_NEAR(r.ground_speed_mps, g.v_h + wind, 1e-9);
    // Range = h x L/D x G / V_h: the height lost over 10 km is 1000 V_h / G.
    EXPECT_NEAR(r.height_loss_m, 1000 * g.v_h / (g.v_h + wind), 1e-9);
    EXPECT_EQ(r.reachable(), wind > 0);
  }
}

TEST(Glide, CrosswindTriangle) {
  const Glide g = glide(33, 10);
  // Course east, wind 15 m/s from the north (towards the south): pure crosswind.
  const GlideSiteResult r =
      glide_to_site(params(), at(1000, {-15, 0}), site_at(5000, std::acos(-1.0) / 2));
  ASSERT_TRUE(r.reachable());
  const double gs = std::sqrt(g.v_h * g.v_h - 15 * 15);
  EXPECT_NEAR(r.ground_speed_mps, gs, 1e-9);
  EXPECT_NEAR(r.height_loss_m, 5000 * g.sink / gs, 1e-9);
}

TEST(Glide, NoProgressIntoAWindAtOrAboveTheAirspeed) {
  // Headwind equal to the airspeed, just above the horizontal airspeed, and well above.
  const Glide g = glide(33, 10);
  for (double head : {33.0, g.v_h + 1e-6, 45.0}) {
    const GlideSiteResult r = glide_to_site(params(), at(3000, {-head, 0}), site_at(100));
    EXPECT_EQ(r.reach, GlideReach::kWindTooStrong) << head;
    EXPECT_FALSE(r.reachable());
    EXPECT_EQ(r.height_loss_m, std::numeric_limits<double>::infinity());
    EXPECT_EQ(r.arrival_height_m, -std::numeric_limits<double>::infinity());
    EXPECT_FALSE(std::isnan(r.margin_m));
  }
  // The speed rule flies faster into the wind (up to 1.5 V_bg = 49.5 m/s), so 40 m/s of
  // headwind can be beaten with it, 55 m/s not.
  EXPECT_TRUE(glide_to_site(params(0, 1), at(3000, {-40, 0}), site_at(100)).reachable());
  EXPECT_EQ(glide_to_site(params(0, 1), at(3000, {-55, 0}), site_at(100)).reach,
            GlideReach::kWindTooStrong);
  // Too much crosswind to hold the course at all.
  EXPECT_EQ(glide_to_site(params(), at(3000, {0, 40}), site_at(100)).reach,
            GlideReach::kWindTooStrong);
}

// Height lost per metre of ground with the parabolic polar at speed ratio u into headwind h
// (both over V_bg), written out independently: L/D(u) = LDmax 2 / (u^2 + u^-2).
double loss_per_metre(double u, double h_ratio, double ld_max) {
  const double ld = ld_max * 2 / (u * u + 1 / (u * u));
  const Glide g = glide(u, ld);
  return g.sink / (g.v_h - h_ratio);
}

TEST(Glide, HalfTheHeadwindIsNearTheOptimumOfThePolar) {
  const double v_bg = 33;
  for (double head : {3.0, 8.0, 13.0, 16.5, 20.0}) {
    const GlideSiteResult plain = glide_to_site(params(), at(3000, {-head, 0}), site_at(10000));
    const GlideSiteResult adj = glide_to_site(params(0, 1), at(3000, {-head, 0}), site_at(10000));
    ASSERT_TRUE(plain.reachable() && adj.reachable()) << head;
    EXPECT_NEAR(adj.airspeed_tas_mps, v_bg + head / 2, 1e-12);
    EXPECT_LT(adj.height_loss_m, plain.height_loss_m) << head;
    // Brute force over the same polar: the best speed ratio between 1 and 2.
    double best = std::numeric_limits<double>::infinity();
    for (double u = 1; u <= 2; u += 1e-5) best = std::min(best, loss_per_metre(u, head / v_bg, 10));
    const double optimal_loss = best * 10000;  // the loss per metre is scale-free
    EXPECT_GE(adj.height_loss_m, optimal_loss - 1e-6) << head;
    EXPECT_LE(adj.height_loss_m, 1.01 * optimal_loss) << head;
  }
  // In a tailwind the rule changes nothing.
  const GlideSiteResult tail = glide_to_site(params(0, 1), at(3000, {10, 0}), site_at(10000));
  EXPECT_EQ(tail.airspeed_tas_mps, 33);
  EXPECT_EQ(tail.lift_drag, 10);
}

TEST(Glide, PicksTheBestReachableSitePreferringRunways) {
  const GlideParams p = params(300);
  const GlideInput in = at(1500);  // 1200 m to spend: 12 km in still air
  std::vector<LandingSite> sites = {
      site_at(20000),       // 0: home, a runway, out of reach
      site_at(3000, 1.0),   // 1: a rally point, close: the largest margin
      site_at(8000, 2.0),   // 2: a runway, reachable (margin 400 m)
      site_at(6000, -2.0),  // 3: a runway, nearer (margin 600 m)
  };
  sites[0].runway_heading_rad = 0.3;
  sites[2].runway_heading_rad = 1.2;
  sites[3].runway_heading_rad = -0.4;
  std::array<GlideSiteResult, 4> out;
  EXPECT_EQ(best_glide_site(p, in, sites, out), 3);
  EXPECT_FALSE(out[0].reachable());
  EXPECT_NEAR(out[1].margin_m, 900, 1e-9);
  EXPECT_NEAR(out[2].margin_m, 400, 1e-9);
  EXPECT_NEAR(out[3].margin_m, 600, 1e-9);
  // Without runways in reach the best other site.
  sites[2].runway_heading_rad.reset();
  sites[3].runway_heading_rad.reset();
  EXPECT_EQ(best_glide_site(p, in, sites, out), 1);
  // Nothing in reach.
  EXPECT_EQ(best_glide_site(p, at(400), sites, out), -1);
  // Two runways 8 km away, one upwind, one downwind: the downwind one.
  const std::array<LandingSite, 2> pair = {site_at(8000, 0), site_at(8000, std::acos(-1.0))};
  std::array<LandingSite, 2> runways = pair;
  runways[0].runway_heading_rad = 0;
  runways[1].runway_heading_rad = 0;
  std::array<GlideSiteResult, 2> out2;
  EXPECT_EQ(best_glide_site(p, at(1500, {-8, 0}), runways, out2), 1);  // wind towards the south
  EXPECT_EQ(best_glide_site(p, at(1500, {8, 0}), runways, out2), 0);
}

TEST(Glide, InvalidInputIsFlaggedNotNaN) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  GlideInput in = at(1000);
  in.wind_ne.x() = nan;
  const GlideSiteResult r = glide_to_site(params(), in, site_at(1000));
  EXPECT_EQ(r.reach, GlideReach::kInvalidInput);
  EXPECT_FALSE(std::isnan(r.arrival_height_m));
  in = at(1000);
  in.density_ratio = 0;
  EXPECT_EQ(glide_to_site(params(), in, site_at(1000)).reach, GlideReach::kInvalidInput);
  const std::array<LandingSite, 1> one = {site_at(nan)};
  std::array<GlideSiteResult, 1> out;
  EXPECT_EQ(best_glide_site(params(), at(1000), one, out), -1);
}

TEST(GlideParams, TableIsWellFormedAndCoversTheStruct) {
  EXPECT_EQ(check_param_table(kGlideParams), "");
  EXPECT_EQ(kGlideParams.size() * sizeof(double), sizeof(GlideParams));
  for (const auto& d : kGlideParams) EXPECT_EQ(d.info.name.rfind("GLIDE_", 0), 0u);
}

}  // namespace
}  // namespace kestrel
