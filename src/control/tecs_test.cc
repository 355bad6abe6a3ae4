// TECS unit tests: signs, limits, underspeed protection, bumpless engagement, anti-windup, demand
// rate limits, the non-finite guard, and a closed-loop 100 m climb on a point-mass longitudinal
// model written here (not the simulator's aircraft). Deterministic: fixed dt, no clocks.
#include "control/tecs.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

namespace kestrel {
namespace {

constexpr double kDt = 0.02;  // 50 Hz
constexpr double kG = 9.80665;

// Level cruise at 1000 m, 40 m/s, demands equal to the state.
TecsInput cruise() {
  TecsInput in;
  in.height_demand_m = 1000;
  in.tas_demand_mps = 40;
  in.height_m = 1000;
  in.climb_rate_mps = 0;
  in.tas_mps = 40;
  in.tas_rate_mps2 = 0;
  in.throttle_current = 0.5;
  in.pitch_current_rad = 0.07;
  return in;
}

// Runs n steps with a frozen measurement and returns the last output.
TecsOutput run(const TecsParams& p, TecsState& s, const TecsInput& in, int n) {
  TecsOutput out;
  for (int i = 0; i < n; ++i) out = tecs_step(p, s, in, kDt);
  return out;
}

TEST(Tecs, DefaultParamsValid) {
  EXPECT_EQ(tecs_params_error(TecsParams{}), nullptr);
  TecsParams p;
  p.speed_weight = 2.5;
  EXPECT_NE(tecs_params_error(p), nullptr);
  p = TecsParams{};
  p.throttle_trim = 1.2;
  EXPECT_NE(tecs_params_error(p), nullptr);
  p = TecsParams{};
  p.pitch_max_rad = std::numeric_limits<double>::quiet_NaN();
  EXPECT_NE(tecs_params_error(p), nullptr);
}

TEST(Tecs, HeightDemandAbovePitchesUpAndOpensThrottle) {
  const TecsParams p;
  TecsState base, up;
  TecsInput in = cruise();
  tecs_reset(base, in);
  tecs_reset(up, in);
  run(p, base, in, 1);  // engage at equilibrium, then change the demand
  run(p, up, in, 1);
  const TecsOutput b = run(p, base, in, 50);
  in.height_demand_m = 1100;
  const TecsOutput u = run(p, up, in, 50);
  EXPECT_GT(u.pitch_rad, b.pitch_rad + 0.01);
  EXPECT_GT(u.throttle, b.throttle + 0.05);
  EXPECT_GT(u.height_rate_demand_mps, 0);
  EXPECT_GT(u.ste_rate_demand, 0);
  EXPECT_GT(u.seb_rate_demand, 0);
}

TEST(Tecs, AirspeedDemandAboveOpensThrottlePitchesSlightlyDown) {
  const TecsParams p;
  TecsState base, fast;
  TecsInput in = cruise();
  tecs_reset(base, in);
  tecs_reset(fast, in);
  run(p, base, in, 1);
  run(p, fast, in, 1);
  const TecsOutput b = run(p, base, in, 50);
  in.tas_demand_mps = 45;
  const TecsOutput f = run(p, fast, in, 50);
  EXPECT_GT(f.throttle, b.throttle + 0.05);
  EXPECT_LT(f.pitch_rad, b.pitch_rad);
  EXPECT_GT(f.pitch_rad, b.pitch_rad - 0.05);  // slightly: a few degrees at most
  EXPECT_GT(f.tas_rate_demand_mps2, 0);
}

TEST(Tecs, OutputsStayWithinLimits) {
  const TecsParams p;
  const double demands[][2] = {{5000, 80}, {-5000, 0}, {5000, 0}, {-5000, 80}};
  for (const auto& d : demands) {
    TecsState s;
    TecsInput in = cruise();
    tecs_reset(s, in);
    in.height_demand_m = d[0];
    in.tas_demand_mps = d[1];
    for (int i = 0; i < 5000; ++i) {
      const TecsOutput o = tecs_step(p, s, in, kDt);
      ASSERT_GE(o.throttle, p.throttle_min);
      ASSERT_LE(o.throttle, p.throttle_max);
      ASSERT_GE(o.pitch_rad, p.pitch_min_rad);
      ASSERT_LE(o.pitch_rad, p.pitch_max_rad);
      ASSERT_GE(o.tas_demand_mps, std::min(p.tas_min_mps, 40.0));
      ASSERT_LE(o.tas_demand_mps, p.tas_max_mps);
    }
  }
  // Climb-out raises the pitch floor and holds the throttle at max.
  TecsState s;
  TecsInput in = cruise();
  in.climbout = true;
  in.height_demand_m = -5000;
  tecs_reset(s, in);
  for (int i = 0; i < 500; ++i) {
    const TecsOutput o = tecs_step(p, s, in, kDt);
    ASSERT_GE(o.pitch_rad, p.climbout_pitch_min_rad);
    ASSERT_EQ(o.throttle, p.throttle_max);
    ASSERT_EQ(o.speed_weight, 2.0);
  }
}

TEST(Tecs, UnderspeedProtectionForcesThrottleMaxAndRecovers) {
  const TecsParams p;
  TecsState s;
  TecsInput in = cruise();
  in.throttle_current = 0.2;
  tecs_reset(s, in);
  in.height_demand_m = 1200;  // height wanted too: the protection must win
  in.tas_mps = 30;
  in.tas_rate_mps2 = -0.5;
  TecsOutput o = tecs_step(p, s, in, kDt);
  EXPECT_TRUE(o.underspeed);
  EXPECT_EQ(o.throttle, p.throttle_max);
  EXPECT_EQ(o.speed_weight, 2.0);
  TecsState ref;  // the same case with the protection off pitches up for the height
  TecsInput off = in;
  off.underspeed_protection = false;
  tecs_reset(ref, cruise());
  const TecsOutput r = run(p, ref, off, 50);
  o = run(p, s, in, 49);
  EXPECT_FALSE(r.underspeed);
  EXPECT_LT(o.pitch_rad, r.pitch_rad);  // speed before height
  // Hysteresis: still engaged just above the threshold, released above threshold + hysteresis.
  in.tas_mps = p.underspeed_tas_mps + 0.5 * p.underspeed_hysteresis_mps;
  EXPECT_TRUE(tecs_step(p, s, in, kDt).underspeed);
  in.tas_mps = p.underspeed_tas_mps + 1.5 * p.underspeed_hysteresis_mps;
  o = tecs_step(p, s, in, kDt);
  EXPECT_FALSE(o.underspeed);
  // Released, but still at full throttle and short of the demanded speed: speed first still.
  EXPECT_EQ(o.throttle, p.throttle_max);
  EXPECT_EQ(o.speed_weight, 2.0);
  // At the demanded speed the configured weight is back.
  in.tas_mps = in.tas_demand_mps;
  o = tecs_step(p, s, in, kDt);
  EXPECT_EQ(o.speed_weight, p.speed_weight);
}

// Out of power (full throttle) and short of the speed demand: the pitch gives the height up for
// the speed, blending the speed weight to 2 over 1..4 m/s of deficit; with throttle to spare, or
// within 1 m/s, the configured weight holds.
TEST(Tecs, EnergyStarvedPrefersSpeed) {
  TecsParams p;
  p.underspeed_tas_mps = 28;  // keep the underspeed protection out of this test
  p.underspeed_hysteresis_mps = 0;
  const auto weight_at = [&](double tas, double height_demand) {
    TecsState s;
    TecsInput in = cruise();
    in.throttle_current = 1.0;  // already at full power (engaged so)
    tecs_reset(s, in);
    in.height_demand_m = height_demand;
    in.tas_mps = tas;
    return run(p, s, in, 250);  // 5 s: the shaped height demand is climbing
  };
  // 150 m below the demand and 3.5 m/s slow: full throttle, weight 1 + 2.5/3.
  const TecsOutput starved = weight_at(40.0 - 3.5, 1150);
  EXPECT_EQ(starved.throttle, p.throttle_max);
  EXPECT_NEAR(starved.speed_weight, p.speed_weight + 2.5 / 3.0 * (2.0 - p.speed_weight), 1e-9);
  // Within 1 m/s of the demand: the configured weight.
  EXPECT_EQ(weight_at(40.0 - 0.5, 1150).speed_weight, p.speed_weight);
  // Slow but with throttle to spare (descending to the demand): the configured weight.
  const TecsOutput spare = weight_at(40.0 - 3.5, 900);
  EXPECT_LT(spare.throttle, p.throttle_max);
  EXPECT_EQ(spare.speed_weight, p.speed_weight);
}

TEST(Tecs, BumplessReset) {
  const TecsParams p;
  TecsState s;
  TecsInput in = cruise();
  // Engage away from equilibrium: height and speed errors, rates, odd current values.
  in.height_demand_m = 1150;
  in.tas_demand_mps = 44;
  in.climb_rate_mps = -1.3;
  in.tas_rate_mps2 = 0.4;
  in.tas_mps = 38;
  in.throttle_current = 0.37;
  in.pitch_current_rad = 0.05;
  tecs_reset(s, in);
  const TecsOutput o = tecs_step(p, s, in, kDt);
  EXPECT_NEAR(o.throttle, 0.37, 1e-12);
  EXPECT_NEAR(o.pitch_rad, 0.05, 1e-12);
  // The next step moves smoothly from there.
  const TecsOutput o2 = tecs_step(p, s, in, kDt);
  EXPECT_NEAR(o2.throttle, 0.37, 0.02);
  EXPECT_NEAR(o2.pitch_rad, 0.05, 0.01);
  // Current values outside the limits engage at the limit.
  TecsState s2;
  in.throttle_current = 1.3;
  in.pitch_current_rad = -1.0;
  tecs_reset(s2, in);
  const TecsOutput o3 = tecs_step(p, s2, in, kDt);
  EXPECT_EQ(o3.throttle, p.throttle_max);
  EXPECT_EQ(o3.pitch_rad, p.pitch_min_rad);
  // Stepping without a reset resets with the step's input.
  TecsState s3;
  in.throttle_current = 0.6;
  in.pitch_current_rad = 0.02;
  const TecsOutput o4 = tecs_step(p, s3, in, kDt);
  EXPECT_NEAR(o4.throttle, 0.6, 1e-12);
  EXPECT_NEAR(o4.pitch_rad, 0.02, 1e-12);
}

TEST(Tecs, AntiWindupRecoversQuicklyAfterLongSaturation) {
  const TecsParams p;
  TecsState s;
  TecsInput in = cruise();
  tecs_reset(s, in);
  const TecsOutput trim = run(p, s, in, 50);
  // Five minutes asking for 1000 m more with the aircraft not climbing: both saturate high.
  in.height_demand_m = 2000;
  TecsOutput o = run(p, s, in, 1500);
  const TecsOutput at_30s = o;
  o = run(p, s, in, 13500);
  EXPECT_EQ(o.throttle, p.throttle_max);
  EXPECT_EQ(o.pitch_rad, p.pitch_max_rad);
  // The integrators stopped where the output reached its limit and did not grow for 270 s more
  // (without the anti-windup they would sit at their clamps, +1 and +0.52 rad).
  EXPECT_NEAR(o.throttle_integrator, at_30s.throttle_integrator, 1e-9);
  EXPECT_NEAR(o.pitch_integrator_rad, at_30s.pitch_integrator_rad, 1e-9);
  EXPECT_LT(o.throttle_integrator - trim.throttle_integrator, 0.1);
  EXPECT_LT(o.pitch_integrator_rad - trim.pitch_integrator_rad, 0.15);
  // Now the aircraft is 200 m above the demand: the error reverses.
  in.height_m = o.height_demand_m + 200;
  // Bounded recovery (measurement frozen, so only the controller's own dynamics act): the
  // throttle at once through the feed-forward, the pitch once its integrator has come back down.
  int thr_steps = -1, pitch_steps = -1;
  for (int i = 0; i < 1000 && (thr_steps < 0 || pitch_steps < 0); ++i) {
    o = tecs_step(p, s, in, kDt);
    if (thr_steps < 0 && o.throttle < trim.throttle) thr_steps = i + 1;
    if (pitch_steps < 0 && o.pitch_rad < trim.pitch_rad) pitch_steps = i + 1;
  }
  ASSERT_GT(thr_steps, 0);
  ASSERT_GT(pitch_steps, 0);
  EXPECT_LE(thr_steps * kDt, 0.1);
  EXPECT_LE(pitch_steps * kDt, 10.0);
}

TEST(Tecs, DemandRateLimitsHonoured) {
  const TecsParams p;
  for (double h_dem : {3000.0, -1000.0}) {
    TecsState s;
    TecsInput in = cruise();
    tecs_reset(s, in);
    in.height_demand_m = h_dem;
    in.tas_demand_mps = h_dem > 0 ? 80 : 0;  // beyond both airspeed limits
    double h_prev = in.height_m, v_prev = in.tas_mps;
    double max_up = 0, max_down = 0, max_acc = 0;
    TecsOutput o;
    for (int i = 0; i < 60000; ++i) {
      o = tecs_step(p, s, in, kDt);
      max_up = std::max(max_up, (o.height_demand_m - h_prev) / kDt);
      max_down = std::max(max_down, (h_prev - o.height_demand_m) / kDt);
      max_acc = std::max(max_acc, std::abs(o.tas_demand_mps - v_prev) / kDt);
      h_prev = o.height_demand_m;
      v_prev = o.tas_demand_mps;
    }
    EXPECT_LE(max_up, p.max_climb_rate_mps + 1e-9);
    EXPECT_LE(max_down, p.max_sink_rate_mps + 1e-9);
    EXPECT_LE(max_acc, p.max_accel_mps2 + 1e-9);
    // The limits are reached (the limit is the binding constraint) and the end is the demand.
    EXPECT_NEAR(h_dem > 0 ? max_up : max_down,
                h_dem > 0 ? p.max_climb_rate_mps : p.max_sink_rate_mps, 1e-9);
    EXPECT_NEAR(o.height_demand_m, h_dem, 1e-6);
    EXPECT_NEAR(o.tas_demand_mps, h_dem > 0 ? p.tas_max_mps : p.tas_min_mps, 1e-6);
    EXPECT_LE(o.height_rate_demand_mps, p.max_climb_rate_mps);
    EXPECT_GE(o.height_rate_demand_mps, -p.max_sink_rate_mps);
  }
}

TEST(Tecs, NonFiniteInputKeepsLastGoodOutputAndState) {
  const TecsParams p;
  TecsState s;
  TecsInput in = cruise();
  tecs_reset(s, in);
  in.height_demand_m = 1050;
  const TecsOutput good = run(p, s, in, 100);
  const TecsState before = s;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  double TecsInput::*fields[] = {&TecsInput::height_demand_m, &TecsInput::tas_demand_mps,
                                 &TecsInput::height_m,        &TecsInput::climb_rate_mps,
                                 &TecsInput::tas_mps,         &TecsInput::tas_rate_mps2};
  int bad = 0;
  for (auto f : fields) {
    for (double x : {nan, inf, -inf}) {
      TecsInput b = in;
      b.*f = x;
      const TecsOutput o = tecs_step(p, s, b, kDt);
      ++bad;
      EXPECT_FALSE(o.input_valid);
      EXPECT_EQ(o.throttle, good.throttle);
      EXPECT_EQ(o.pitch_rad, good.pitch_rad);
    }
  }
  for (double dt : {nan, inf, 0.0, -0.02}) {
    const TecsOutput o = tecs_step(p, s, in, dt);
    ++bad;
    EXPECT_FALSE(o.input_valid);
    EXPECT_EQ(o.throttle, good.throttle);
  }
  // Finite but overflowing input: no NaN/inf gets into the state either.
  TecsInput huge = in;
  huge.height_demand_m = 1e308;
  huge.height_m = -1e308;
  huge.tas_rate_mps2 = 1e308;
  for (int i = 0; i < 10; ++i) {
    const TecsOutput o = tecs_step(p, s, huge, kDt);
    EXPECT_TRUE(std::isfinite(o.throttle));
    EXPECT_TRUE(std::isfinite(o.pitch_rad));
  }
  EXPECT_TRUE(std::isfinite(s.height_demand_m));
  EXPECT_TRUE(std::isfinite(s.throttle_integrator));
  EXPECT_TRUE(std::isfinite(s.pitch_integrator_rad));
  EXPECT_GE(s.bad_input_count, bad);
  // State untouched by the rejected non-finite steps: a fresh copy continues identically.
  TecsState copy = before;
  copy.bad_input_count = s.bad_input_count;
  TecsState s_check = before;
  const TecsOutput a = tecs_step(p, copy, in, kDt);
  const TecsOutput c = tecs_step(p, s_check, in, kDt);
  EXPECT_EQ(a.throttle, c.throttle);
  EXPECT_EQ(a.pitch_rad, c.pitch_rad);
}

TEST(Tecs, NonFiniteStepsLeaveStateBitIdentical) {
  const TecsParams p;
  TecsState s;
  TecsInput in = cruise();
  tecs_reset(s, in);
  run(p, s, in, 10);
  const TecsState before = s;
  TecsInput b = in;
  b.climb_rate_mps = std::numeric_limits<double>::quiet_NaN();
  tecs_step(p, s, b, kDt);
  EXPECT_EQ(s.bad_input_count, before.bad_input_count + 1);
  EXPECT_EQ(s.throttle_integrator, before.throttle_integrator);
  EXPECT_EQ(s.pitch_integrator_rad, before.pitch_integrator_rad);
  EXPECT_EQ(s.height_demand_m, before.height_demand_m);
  EXPECT_EQ(s.height_demand_lp_m, before.height_demand_lp_m);
  EXPECT_EQ(s.tas_demand_mps, before.tas_demand_mps);
  EXPECT_EQ(s.tas_demand_lp_mps, before.tas_demand_lp_mps);
  EXPECT_EQ(s.underspeed, before.underspeed);
}

// Point-mass longitudinal model: m dV/dt = T - D - m g sin(gamma), dh/dt = V sin(gamma),
// gamma = theta - alpha (constant alpha), thrust = throttle * min(P/V, T0) through a first-order
// engine lag, drag = k V^2 with k set by a 54 m/s top speed, pitch following its demand through a
// first-order inner loop. Roughly the Searcher: 450 kg, 27 kW thrust power (36 kW x 0.75).
struct PointMass {
  static constexpr double kMassKg = 450;
  static constexpr double kThrustPowerW = 27000;
  static constexpr double kStaticThrustN = 1500;
  static constexpr double kDragNs2PerM2 = kThrustPowerW / (54.0 * 54.0 * 54.0);
  static constexpr double kAlphaRad = 0.07;
  static constexpr double kEngineTauS = 0.3;
  static constexpr double kPitchTauS = 0.4;
  double v_mps = 40, h_m = 1000, theta_rad = kAlphaRad, thrust_n = 0, v_dot_mps2 = 0;

  static double max_thrust_n(double v) { return std::min(kThrustPowerW / v, kStaticThrustN); }
  double climb_rate() const { return v_mps * std::sin(theta_rad - kAlphaRad); }
  void step(double throttle, double pitch_dem_rad, double dt) {
    const int n = 10;
    const double h = dt / n;
    for (int i = 0; i < n; ++i) {
      thrust_n += (throttle * max_thrust_n(v_mps) - thrust_n) * h / kEngineTauS;
      theta_rad += (pitch_dem_rad - theta_rad) * h / kPitchTauS;
      const double gamma = theta_rad - kAlphaRad;
      v_dot_mps2 = (thrust_n - kDragNs2PerM2 * v_mps * v_mps) / kMassKg - kG * std::sin(gamma);
      h_m += v_mps * std::sin(gamma) * h;
      v_mps += v_dot_mps2 * h;
    }
  }
};

TEST(Tecs, ClosedLoopClimbStepNoOvershootAirspeedHeld) {
  const TecsParams p;
  PointMass ac;
  const double trim_throttle = PointMass::kDragNs2PerM2 * 40 * 40 / PointMass::max_thrust_n(40);
  ac.thrust_n = trim_throttle * PointMass::max_thrust_n(40);
  TecsState s;
  TecsInput in = cruise();
  in.throttle_current = trim_throttle;
  in.pitch_current_rad = ac.theta_rad;
  tecs_reset(s, in);
  auto measure = [&] {
    in.height_m = ac.h_m;
    in.climb_rate_mps = ac.climb_rate();
    in.tas_mps = ac.v_mps;
    in.tas_rate_mps2 = ac.v_dot_mps2;
  };
  // 30 s level: holds.
  for (int i = 0; i < 1500; ++i) {
    measure();
    const TecsOutput o = tecs_step(p, s, in, kDt);
    ac.step(o.throttle, o.pitch_rad, kDt);
  }
  EXPECT_NEAR(ac.h_m, 1000, 0.5);
  EXPECT_NEAR(ac.v_mps, 40, 0.3);
  // The 100 m step, for 150 s.
  in.height_demand_m = 1100;
  double h_max = 0, dv_max = 0, h_err_last20 = 0;
  for (int i = 0; i < 7500; ++i) {
    measure();
    const TecsOutput o = tecs_step(p, s, in, kDt);
    ASSERT_TRUE(o.input_valid);
    ac.step(o.throttle, o.pitch_rad, kDt);
    h_max = std::max(h_max, ac.h_m);
    dv_max = std::max(dv_max, std::abs(ac.v_mps - 40));
    if (i >= 6500) h_err_last20 = std::max(h_err_last20, std::abs(ac.h_m - 1100));
  }
  std::printf("100 m climb: overshoot %.2f m, largest airspeed error %.2f m/s\n", h_max - 1100,
              dv_max);
  EXPECT_LT(h_max - 1100, 10.0);
  EXPECT_LT(dv_max, 3.0);
  EXPECT_LT(h_err_last20, 1.0);
  EXPECT_NEAR(ac.v_mps, 40, 0.3);
  // And down again (a sink at the demand rate limit through the same loops).
  in.height_demand_m = 1000;
  double h_min = 1e9;
  dv_max = 0;
  for (int i = 0; i < 7500; ++i) {
    measure();
    const TecsOutput o = tecs_step(p, s, in, kDt);
    ac.step(o.throttle, o.pitch_rad, kDt);
    h_min = std::min(h_min, ac.h_m);
    dv_max = std::max(dv_max, std::abs(ac.v_mps - 40));
  }
  std::printf("100 m descent: undershoot %.2f m, largest airspeed error %.2f m/s\n", 1000 - h_min,
              dv_max);
  EXPECT_GT(h_min, 990.0);
  EXPECT_LT(dv_max, 3.0);
  EXPECT_NEAR(ac.h_m, 1000, 1.0);
}

}  // namespace
}  // namespace kestrel

namespace kestrel {
namespace {

TEST(TecsParams, DeclaredOnceWithRangesHoldingTheDefaults) {
  EXPECT_EQ(check_param_table(kTecsParams), "");
  TecsParams p;
  ASSERT_TRUE(set_param(p, kTecsParams, "TECS_CLMB_MAX", 2.5).ok());
  EXPECT_EQ(p.max_climb_rate_mps, 2.5);
  EXPECT_FALSE(set_param(p, kTecsParams, "TECS_THR_MAX", 1.5).ok());
  EXPECT_EQ(p.throttle_max, TecsParams{}.throttle_max);
}

}  // namespace
}  // namespace kestrel
