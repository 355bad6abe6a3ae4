// Path guidance closed-loop against a kinematic aircraft: heading rate g tan(bank) / V with a
// first-order bank lag, ground velocity = airspeed along the heading + wind. Straight-leg capture
// in crosswind, circles in wind both ways, wind stronger than the airspeed, turn anticipation,
// signs, and the non-finite guard.
#include "control/path_guidance.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <functional>

#include "core/types.h"

namespace kestrel {
namespace {

using Vec2 = Eigen::Vector2d;
constexpr double kG = 9.80665;
constexpr double kDt = 0.02;  // guidance and integration step [s]

struct Aircraft {
  Vec2 pos = Vec2::Zero();
  double heading_rad = 0;
  double bank_rad = 0;
  double airspeed_mps = 40;
  Vec2 wind = Vec2::Zero();
  double bank_lag_s = 1.0;

  Vec2 ground_velocity() const {
    return airspeed_mps * Vec2(std::cos(heading_rad), std::sin(heading_rad)) + wind;
  }
  PathGuidanceInput input() const {
    PathGuidanceInput in;
    in.position_ne_m = pos;
    in.ground_velocity_ne_mps = ground_velocity();
    in.wind_ne_mps = wind;
    in.airspeed_mps = airspeed_mps;
    return in;
  }
  void step(double bank_cmd_rad) {
    bank_rad += (bank_cmd_rad - bank_rad) * kDt / bank_lag_s;
    heading_rad += kG * std::tan(bank_rad) / airspeed_mps * kDt;
    pos += ground_velocity() * kDt;
  }
};

struct StraightRun {
  double max_abs_after_60_s = 0;  // |e| from 60 s on
  double max_crossover_m = 0;     // furthest excursion beyond the track on the far side
  double settle_s = 0;            // last time |e| was >= 5 m
};

StraightRun fly_straight_capture(const Vec2& wind, double offset_m) {
  const PathGuidanceParams p;
  const StraightPath path{Vec2(0, 0), Vec2(20000, 0)};  // due north
  Aircraft ac;
  ac.pos = Vec2(0, offset_m);
  ac.wind = wind;
  StraightRun r;
  for (int i = 0; i < static_cast<int>(150 / kDt); ++i) {
    const double t = i * kDt;
    const PathGuidanceOutput o = follow_straight(p, ac.input(), path);
    EXPECT_FALSE(o.invalid_input);
    if (std::abs(o.cross_track_m) >= 5) r.settle_s = t;
    if (t >= 60) r.max_abs_after_60_s = std::max(r.max_abs_after_60_s, std::abs(o.cross_track_m));
    if (o.cross_track_m * offset_m < 0)
      r.max_crossover_m = std::max(r.max_crossover_m, std::abs(o.cross_track_m));
    ac.step(o.bank_cmd_rad);
  }
  return r;
}

TEST(PathGuidance, StraightCaptureNoWind) {
  for (double offset : {200.0, -200.0}) {
    const StraightRun r = fly_straight_capture(Vec2::Zero(), offset);
    std::printf(
        "offset %+.0f m, no wind: |e| < 5 m from %.1f s, after 60 s <= %.2f m, "
        "crossover %.2f m\n",
        offset, r.settle_s, r.max_abs_after_60_s, r.max_crossover_m);
    EXPECT_LT(r.max_abs_after_60_s, 5.0);
    EXPECT_LT(r.max_crossover_m, 20.0);
    EXPECT_LT(r.settle_s, 60.0);
  }
}

TEST(PathGuidance, StraightCaptureCrosswind) {
  for (double offset : {200.0, -200.0}) {
    for (double wind_east : {10.0, -10.0}) {
      const StraightRun r = fly_straight_capture(Vec2(0, wind_east), offset);
      std::printf(
          "offset %+.0f m, wind east %+.0f m/s: |e| < 5 m from %.1f s, after 60 s <= %.2f m, "
          "crossover %.2f m\n",
          offset, wind_east, r.settle_s, r.max_abs_after_60_s, r.max_crossover_m);
      EXPECT_LT(r.max_abs_after_60_s, 5.0);
      EXPECT_LT(r.max_crossover_m, 20.0);
      EXPECT_LT(r.settle_s, 60.0);
    }
  }
}

// Radius error RMS over the last 200 s of 400 s (about 2.5 laps after settling).
double circle_radius_rms(int direction, const Vec2& wind, const Vec2& start, double heading) {
  const PathGuidanceParams p;
  const CirclePath path{Vec2(1000, -500), 500.0, direction};
  Aircraft ac;
  ac.pos = start;
  ac.heading_rad = heading;
  ac.wind = wind;
  double sum_sq = 0;
  int n = 0;
  for (int i = 0; i < static_cast<int>(400 / kDt); ++i) {
    const PathGuidanceOutput o = follow_circle(p, ac.input(), path);
    EXPECT_FALSE(o.invalid_input);
    if (i * kDt >= 200) {
      const double err = (ac.pos - path.centre_ne_m).norm() - path.radius_m;
      sum_sq += err * err;
      ++n;
    }
    ac.step(o.bank_cmd_rad);
  }
  return std::sqrt(sum_sq / n);
}

TEST(PathGuidance, CircleInWindBothDirections) {
  const Vec2 wind(-7.07, 7.07);  // 10 m/s from the north-west
  for (int dir : {1, -1}) {
    for (const Vec2& start : {Vec2(0, 0), Vec2(1000, -500), Vec2(2500, 500)}) {
      const double rms = circle_radius_rms(dir, wind, start, 0.3);
      std::printf("circle dir %+d from (%.0f, %.0f): radius error RMS %.2f m\n", dir, start.x(),
                  start.y(), rms);
      EXPECT_LT(rms, 15.0);
    }
  }
}

// Travel direction of the circle is the commanded one: clockwise means the bearing from the
// centre increases.
TEST(PathGuidance, CircleDirectionIsFlown) {
  const PathGuidanceParams p;
  for (int dir : {1, -1}) {
    const CirclePath path{Vec2(0, 0), 500.0, dir};
    Aircraft ac;
    ac.pos = Vec2(-500, 0);
    ac.heading_rad = 0.5 * kPi;  // east: neither direction favoured by the start
    double swept = 0;
    double prev = std::atan2(ac.pos.y(), ac.pos.x());
    for (int i = 0; i < static_cast<int>(200 / kDt); ++i) {
      ac.step(follow_circle(p, ac.input(), path).bank_cmd_rad);
      const double now = std::atan2(ac.pos.y(), ac.pos.x());
      swept += std::remainder(now - prev, 2 * kPi);
      prev = now;
    }
    EXPECT_GT(dir * swept, 2 * kPi) << "direction " << dir;
  }
}

// Airspeed 20 m/s against 25 m/s wind: the aircraft points into the wind and drifts at about
// 5 m/s, never turning tail (its heading stays within 90 deg of upwind).
void fly_strong_wind(double start_heading_rad, const StraightPath& path) {
  const PathGuidanceParams p;
  Aircraft ac;
  ac.airspeed_mps = 20;
  ac.wind = Vec2(-25, 0);  // from the north
  ac.heading_rad = start_heading_rad;
  const Vec2 upwind(1, 0);
  const Vec2 start = ac.pos;
  double worst_cos = 1;
  double worst_excess_m = -1e9;
  const double turn_allowance_m = 150;  // drift while turning from the start heading
  for (int i = 0; i < static_cast<int>(300 / kDt); ++i) {
    const double t = i * kDt;
    const PathGuidanceOutput o = follow_straight(p, ac.input(), path);
    EXPECT_TRUE(o.wind_exceeds_airspeed);
    ac.step(o.bank_cmd_rad);
    const Vec2 h(std::cos(ac.heading_rad), std::sin(ac.heading_rad));
    worst_cos = std::min(worst_cos, h.dot(upwind) + (t < 1e-9 ? 1 : 0));
    const double drift = (ac.pos - start).norm();
    worst_excess_m = std::max(worst_excess_m, drift - (5.0 * (t + kDt) + turn_allowance_m));
    if (t > 30) {
      EXPECT_GT(h.dot(upwind), 0.99) << "t = " << t;
    }
  }
  std::printf(
      "strong wind, start heading %.0f deg: min cos(heading - upwind) %.3f, drift %.0f m "
      "in 300 s (%.2f m/s)\n",
      rad_to_deg(start_heading_rad), worst_cos, (ac.pos - start).norm(),
      (ac.pos - start).norm() / 300);
  EXPECT_GE(worst_cos, -1e-9);  // never tail to the wind
  EXPECT_LE(worst_excess_m, 0);
}

TEST(PathGuidance, WindStrongerThanAirspeedHoldsIntoWind) {
  fly_strong_wind(0, StraightPath{Vec2(0, 0), Vec2(5000, 0)});          // leg into the wind
  fly_strong_wind(0, StraightPath{Vec2(0, 0), Vec2(-5000, 0)});         // leg downwind
  fly_strong_wind(0.5 * kPi, StraightPath{Vec2(0, 0), Vec2(0, 5000)});  // broadside start
  fly_strong_wind(-0.5 * kPi, StraightPath{Vec2(0, 0), Vec2(0, 5000)});
}

// Just below the airspeed the blend is continuous: the demand never jumps as the wind estimate
// crosses the airspeed.
TEST(PathGuidance, FeasibilityBlendIsContinuous) {
  const PathGuidanceParams p;
  const StraightPath path{Vec2(0, 0), Vec2(0, 5000)};  // east, crosswind from the north
  PathGuidanceInput in;
  in.airspeed_mps = 20;
  in.position_ne_m = Vec2(0, 100);
  double prev = NAN;
  for (double w = 15; w <= 25; w += 0.01) {
    in.wind_ne_mps = Vec2(-w, 0);
    in.ground_velocity_ne_mps = Vec2(20, 0) + in.wind_ne_mps;  // nose north
    const PathGuidanceOutput o = follow_straight(p, in, path);
    if (std::isfinite(prev)) {
      EXPECT_LT(std::abs(o.lateral_accel_mps2 - prev), 0.2) << w;
    }
    prev = o.lateral_accel_mps2;
  }
}

// 90 deg corner north then east at 40 m/s: the switch comes R tan(45 deg) = R before the
// waypoint, R = V^2 / (g tan 30 deg) = 283 m.
TEST(PathGuidance, TurnAnticipationOnRightAngle) {
  const PathGuidanceParams p;
  const StraightPath leg1{Vec2(0, 0), Vec2(2000, 0)};
  const StraightPath leg2{Vec2(2000, 0), Vec2(2000, 3000)};
  const Vec2 next_dir = leg2.end_ne_m - leg2.start_ne_m;
  Aircraft ac;
  bool on_leg2 = false;
  double switch_to_go = NAN;
  double max_overshoot_m = 0;
  for (int i = 0; i < static_cast<int>(150 / kDt); ++i) {
    const PathGuidanceInput in = ac.input();
    if (!on_leg2 && should_switch_to_next(p, in, leg1, next_dir)) {
      on_leg2 = true;
      switch_to_go = (leg1.end_ne_m - ac.pos).x();
    }
    const PathGuidanceOutput o =
        on_leg2 ? follow_straight(p, in, leg2) : follow_straight(p, in, leg1);
    if (on_leg2) max_overshoot_m = std::max(max_overshoot_m, -o.cross_track_m);  // left of leg 2
    ac.step(o.bank_cmd_rad);
  }
  const double radius = 40.0 * 40.0 / (kG * std::tan(p.max_bank_rad));
  std::printf(
      "corner: switched %.1f m before the waypoint (R = %.1f m), overshoot of leg 2 "
      "%.1f m\n",
      switch_to_go, radius, max_overshoot_m);
  ASSERT_TRUE(on_leg2);
  EXPECT_GT(switch_to_go, 0.9 * radius);
  EXPECT_LT(switch_to_go, radius + 1.0);
  EXPECT_LT(max_overshoot_m, 60.0);
}

TEST(PathGuidance, SwitchRules) {
  const PathGuidanceParams p;
  const StraightPath leg{Vec2(0, 0), Vec2(1000, 0)};
  PathGuidanceInput in;
  in.airspeed_mps = 40;
  in.ground_velocity_ne_mps = Vec2(40, 0);
  in.position_ne_m = Vec2(900, 0);
  // No course change: only at the waypoint.
  EXPECT_FALSE(should_switch_to_next(p, in, leg, Vec2(1, 0)));
  in.position_ne_m = Vec2(1000.5, 0);
  EXPECT_TRUE(should_switch_to_next(p, in, leg, Vec2(1, 0)));
  // Past the waypoint, whatever the velocity.
  in.ground_velocity_ne_mps = Vec2(NAN, 0);
  EXPECT_TRUE(should_switch_to_next(p, in, leg, Vec2(0, 1)));
  // Left and right turns anticipate alike; a reversal is capped, not infinite.
  in.ground_velocity_ne_mps = Vec2(40, 0);
  in.position_ne_m = Vec2(800, 0);
  EXPECT_TRUE(should_switch_to_next(p, in, leg, Vec2(0, 1)));
  EXPECT_TRUE(should_switch_to_next(p, in, leg, Vec2(0, -1)));
  in.position_ne_m = Vec2(-2000, 0);
  EXPECT_FALSE(should_switch_to_next(p, in, leg, Vec2(-1, 0)));
  // Slower ground speed, tighter turn, later switch.
  in.position_ne_m = Vec2(800, 0);
  in.ground_velocity_ne_mps = Vec2(20, 0);
  EXPECT_FALSE(should_switch_to_next(p, in, leg, Vec2(0, 1)));
}

TEST(PathGuidance, CrossTrackSignConvention) {
  const PathGuidanceParams p;
  PathGuidanceInput in;
  in.airspeed_mps = 40;
  in.ground_velocity_ne_mps = Vec2(40, 0);
  // Northbound leg: east of it is right of the track.
  const StraightPath north{Vec2(0, 0), Vec2(1000, 0)};
  in.position_ne_m = Vec2(100, 50);
  PathGuidanceOutput o = follow_straight(p, in, north);
  EXPECT_NEAR(o.cross_track_m, 50, 1e-9);
  EXPECT_NEAR(o.along_track_to_go_m, 900, 1e-9);
  EXPECT_LT(o.lateral_accel_mps2, 0);  // turn left, back to the track
  EXPECT_LT(o.bank_cmd_rad, 0);
  EXPECT_LT(o.bearing_error_rad(), 0);
  EXPECT_NEAR(o.target_ne_m().y(), 0, 1e-9);
  EXPECT_GT(o.target_ne_m().x(), 100);
  in.position_ne_m = Vec2(100, -50);
  o = follow_straight(p, in, north);
  EXPECT_NEAR(o.cross_track_m, -50, 1e-9);
  EXPECT_GT(o.lateral_accel_mps2, 0);
  // Eastbound leg: south of it is right of the track.
  const StraightPath east{Vec2(0, 0), Vec2(0, 1000)};
  in.ground_velocity_ne_mps = Vec2(0, 40);
  in.position_ne_m = Vec2(-30, 100);
  EXPECT_NEAR(follow_straight(p, in, east).cross_track_m, 30, 1e-9);
  // On the track, flying along it, no wind: no demand.
  in.position_ne_m = Vec2(0, 100);
  o = follow_straight(p, in, east);
  EXPECT_NEAR(o.lateral_accel_mps2, 0, 1e-12);
  EXPECT_NEAR(o.bearing_rad(), 0.5 * kPi, 1e-12);
  // Clockwise circle: inside is right of the track, and on it the demand is a right turn.
  const CirclePath cw{Vec2(0, 0), 500, 1};
  in.position_ne_m = Vec2(-400, 0);  // south of the centre, heading west for clockwise
  in.ground_velocity_ne_mps = Vec2(0, -40);
  EXPECT_NEAR(follow_circle(p, in, cw).cross_track_m, 100, 1e-9);
  in.position_ne_m = Vec2(-500, 0);
  o = follow_circle(p, in, cw);
  EXPECT_NEAR(o.cross_track_m, 0, 1e-9);
  EXPECT_NEAR(o.lateral_accel_mps2, 40.0 * 40.0 / 500.0, 1e-9);
  const CirclePath ccw{Vec2(0, 0), 500, -1};
  in.ground_velocity_ne_mps = Vec2(0, 40);
  in.position_ne_m = Vec2(-400, 0);
  EXPECT_NEAR(follow_circle(p, in, ccw).cross_track_m, -100, 1e-9);
  in.position_ne_m = Vec2(-500, 0);
  EXPECT_NEAR(follow_circle(p, in, ccw).lateral_accel_mps2, -40.0 * 40.0 / 500.0, 1e-9);
}

TEST(PathGuidance, BankIsClampedAndConsistent) {
  PathGuidanceParams p;
  p.max_bank_rad = deg_to_rad(20);
  PathGuidanceInput in;
  in.airspeed_mps = 40;
  in.ground_velocity_ne_mps = Vec2(-40, 0);  // flying away from the leg's direction
  in.position_ne_m = Vec2(0, 2000);
  const PathGuidanceOutput o = follow_straight(p, in, StraightPath{Vec2(0, 0), Vec2(1000, 0)});
  EXPECT_NEAR(std::abs(o.bank_cmd_rad), p.max_bank_rad, 1e-12);
  EXPECT_NEAR(o.lateral_accel_mps2, kG * std::tan(o.bank_cmd_rad), 1e-12);
}

void expect_zero_and_flagged(const PathGuidanceOutput& o) {
  EXPECT_TRUE(o.invalid_input);
  EXPECT_EQ(o.lateral_accel_mps2, 0);
  EXPECT_EQ(o.bank_cmd_rad, 0);
  for (double v : {o.cross_track_m, o.along_track_to_go_m, o.bearing_rad(), o.heading_error_rad,
                   o.course_error_rad(), o.target_ne_m().x(), o.target_ne_m().y()})
    EXPECT_TRUE(std::isfinite(v));
}

TEST(PathGuidance, NonFiniteInputsGiveZeroAndFlag) {
  const PathGuidanceParams p;
  const StraightPath leg{Vec2(0, 0), Vec2(1000, 0)};
  const CirclePath circle{Vec2(0, 0), 500, 1};
  PathGuidanceInput good;
  good.airspeed_mps = 40;
  good.ground_velocity_ne_mps = Vec2(40, 0);
  good.position_ne_m = Vec2(10, 30);
  EXPECT_FALSE(follow_straight(p, good, leg).invalid_input);
  EXPECT_FALSE(follow_circle(p, good, circle).invalid_input);
  const std::function<void(PathGuidanceInput&)> corrupt[] = {
      [](PathGuidanceInput& in) { in.position_ne_m.x() = NAN; },
      [](PathGuidanceInput& in) { in.position_ne_m.y() = INFINITY; },
      [](PathGuidanceInput& in) { in.ground_velocity_ne_mps.y() = NAN; },
      [](PathGuidanceInput& in) { in.wind_ne_mps.x() = NAN; },
      [](PathGuidanceInput& in) { in.airspeed_mps = NAN; },
      [](PathGuidanceInput& in) { in.airspeed_mps = 0; },
  };
  for (const auto& c : corrupt) {
    PathGuidanceInput in = good;
    c(in);
    expect_zero_and_flagged(follow_straight(p, in, leg));
    expect_zero_and_flagged(follow_circle(p, in, circle));
  }
  expect_zero_and_flagged(follow_straight(p, good, StraightPath{Vec2(0, 0), Vec2(NAN, 0)}));
  expect_zero_and_flagged(follow_straight(p, good, StraightPath{Vec2(5, 5), Vec2(5, 5)}));
  expect_zero_and_flagged(follow_circle(p, good, CirclePath{Vec2(0, 0), NAN, 1}));
  expect_zero_and_flagged(follow_circle(p, good, CirclePath{Vec2(0, 0), 500, 0}));
  PathGuidanceParams bad = p;
  bad.period_s = NAN;
  expect_zero_and_flagged(follow_straight(bad, good, leg));
  // At the exact centre of a circle the output is still finite.
  PathGuidanceInput centre = good;
  centre.position_ne_m = Vec2(0, 0);
  const PathGuidanceOutput o = follow_circle(p, centre, circle);
  EXPECT_FALSE(o.invalid_input);
  EXPECT_TRUE(std::isfinite(o.lateral_accel_mps2));
  // A non-finite next direction does not switch early.
  EXPECT_FALSE(should_switch_to_next(p, good, leg, Vec2(NAN, 1)));
}

}  // namespace
}  // namespace kestrel

namespace kestrel {
namespace {

TEST(PathGuidanceParams, DeclaredOnceWithRangesHoldingTheDefaults) {
  EXPECT_EQ(check_param_table(kPathGuidanceParams), "");
  PathGuidanceParams p;
  ASSERT_TRUE(set_param(p, kPathGuidanceParams, "NPFG_PERIOD", 25.0).ok());
  EXPECT_EQ(p.period_s, 25.0);
  EXPECT_FALSE(set_param(p, kPathGuidanceParams, "NPFG_DAMPING", 3.0).ok());
}

}  // namespace
}  // namespace kestrel
