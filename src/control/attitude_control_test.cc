// The attitude loops against the conventions (docs/frames.md) and against a simple rigid-body
// model of each axis: signs, limits, airspeed scaling, anti-windup, bumpless engagement, the NaN
// guard, and closed-loop bank and pitch steps that settle without large overshoot.
#include "control/attitude_control.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

namespace kestrel {
namespace {

AttitudeControlInput level(double tas = 40) {
  AttitudeControlInput in;
  in.tas_mps = tas;
  return in;
}

TEST(AttitudeControl, SignsFollowTheConventions) {
  const AttitudeControlParams p;
  AttitudeControlState s;
  AttitudeControlInput in = level();
  in.roll_demand_rad = 0.3;  // bank right: aileron +
  EXPECT_GT(attitude_control_step(p, s, in, 0.01).aileron_rad, 0);
  s = {};
  in = level();
  in.pitch_demand_rad = 0.1;  // nose up: elevator trailing edge up (-)
  EXPECT_LT(attitude_control_step(p, s, in, 0.01).elevator_rad, 0);
  s = {};
  in = level();
  in.omega_b_rad_s = Vec3(0, 0, 0.3);  // yawing right, wings level: rudder + (yaws left)
  EXPECT_GT(attitude_control_step(p, s, in, 0.01).rudder_rad, 0);
}

TEST(AttitudeControl, LimitsAndAirspeedScaling) {
  const AttitudeControlParams p;
  AttitudeControlState s;
  AttitudeControlInput in = level();
  in.roll_demand_rad = 3.0;  // far beyond the bank limit
  const AttitudeControlOutput fast = attitude_control_step(p, s, in, 0.01);
  EXPECT_NEAR(fast.roll_rate_demand_rad_s, p.roll_rate_max_rad_s, 1e-12);
  EXPECT_LE(std::abs(fast.aileron_rad), p.surface_max_rad);
  // Half the airspeed: a quarter of the dynamic pressure, twice the deflection for the same
  // demand (the gains scale with reference / airspeed, clamped).
  AttitudeControlState s1, s2;
  AttitudeControlInput a = level(40), b = level(20);
  a.roll_demand_rad = b.roll_demand_rad = 0.05;
  const double at40 = attitude_control_step(p, s1, a, 0.01).aileron_rad;
  const double at20 = attitude_control_step(p, s2, b, 0.01).aileron_rad;
  EXPECT_NEAR(at20 / at40, 2.0, 1e-9);
  AttitudeControlState s3;
  AttitudeControlInput c = level(5);  // clamped at max_scaling
  c.roll_demand_rad = 0.05;
  EXPECT_NEAR(attitude_control_step(p, s3, c, 0.01).scaling, p.max_scaling, 1e-12);
}

TEST(AttitudeControl, IntegratorsStopAtSaturation) {
  const AttitudeControlParams p;
  AttitudeControlState s;
  AttitudeControlInput in = level();
  in.roll_demand_rad = 0.6;  // held far from the demand (a stuck aircraft) for a minute
  for (int i = 0; i < 6000; ++i) attitude_control_step(p, s, in, 0.01);
  EXPECT_LE(std::abs(s.roll_integrator_rad), p.integrator_max_rad + 1e-12);
  // The error reverses: the aileron follows at once (no wound-up integrator to unwind).
  in.roll_demand_rad = -0.6;
  in.roll_rad = 0.0;
  const AttitudeControlOutput o = attitude_control_step(p, s, in, 0.01);
  EXPECT_LT(o.aileron_rad, 0.0);
}

TEST(AttitudeControl, BumplessEngagement) {
  const AttitudeControlParams p;
  AttitudeControlState s;
  AttitudeControlInput in = level(38);
  in.roll_rad = 0.2;
  in.pitch_rad = 0.05;
  in.omega_b_rad_s = Vec3(0.01, 0.02, 0.05);
  attitude_control_reset(p, s, in, 0.03, -0.04);
  in.roll_demand_rad = in.roll_rad;
  in.pitch_demand_rad = in.pitch_rad;
  const AttitudeControlOutput o = attitude_control_step(p, s, in, 0.01);
  EXPECT_NEAR(o.aileron_rad, 0.03, 2e-3);  // the first step's integration moves it a little
  EXPECT_NEAR(o.elevator_rad, -0.04, 2e-3);
}

TEST(AttitudeControl, NonFiniteInputHoldsTheState) {
  const AttitudeControlParams p;
  AttitudeControlState s;
  AttitudeControlInput in = level();
  in.roll_demand_rad = 0.2;
  attitude_control_step(p, s, in, 0.01);
  const AttitudeControlState before = s;
  in.omega_b_rad_s.x() = std::nan("");
  const AttitudeControlOutput o = attitude_control_step(p, s, in, 0.01);
  EXPECT_FALSE(o.valid);
  EXPECT_EQ(o.aileron_rad, 0);
  EXPECT_EQ(s.roll_integrator_rad, before.roll_integrator_rad);
  EXPECT_EQ(s.pitch_integrator_rad, before.pitch_integrator_rad);
}

// One axis as a rigid body with aerodynamic damping and surface effectiveness growing with
// dynamic pressure: rate' = (-rate / tau + effectiveness * (V / V_ref)^2 * surface), with a
// first-order servo of 0.05 s. Roughly the Searcher's roll mode (tau ~ 0.15 s).
struct Axis {
  double tau_s, effectiveness;  // [s], [rad/s^2 per rad of surface at V_ref]
  double rate = 0, angle = 0, servo = 0;
  void step(double command, double v_ratio, double dt) {
    servo += (command - servo) * dt / 0.05;
    rate += (-rate / tau_s + effectiveness * v_ratio * v_ratio * servo) * dt;
    angle += rate * dt;
  }
};

TEST(AttitudeControl, BankStepSettlesAtSeveralAirspeeds) {
  const AttitudeControlParams p;
  for (double v : {30.0, 40.0, 50.0}) {
    AttitudeControlState s;
    Axis roll{0.15, 40.0};
    double peak = 0;
    for (int i = 0; i < 1000; ++i) {  // 10 s at 100 Hz, demand 30 deg
      AttitudeControlInput in = level(v);
      in.roll_demand_rad = deg_to_rad(30);
      in.roll_rad = roll.angle;
      in.omega_b_rad_s.x() = roll.rate;
      const AttitudeControlOutput o = attitude_control_step(p, s, in, 0.01);
      roll.step(o.aileron_rad, v / 40.0, 0.01);
      peak = std::max(peak, roll.angle);
      if (i == 400) {
        EXPECT_NEAR(rad_to_deg(roll.angle), 30.0, 3.0) << "at " << v << " m/s, 4 s";
      }
    }
    EXPECT_NEAR(rad_to_deg(roll.angle), 30.0, 0.5) << "at " << v << " m/s";
    EXPECT_LT(rad_to_deg(peak), 33.0) << "overshoot at " << v << " m/s";
  }
}

TEST(AttitudeControl, PitchStepSettles) {
  const AttitudeControlParams p;
  AttitudeControlState s;
  Axis pitch{0.3, -20.0};  // trailing edge down (+) pitches down
  double peak = 0;
  for (int i = 0; i < 1000; ++i) {
    AttitudeControlInput in = level(40);
    in.pitch_demand_rad = deg_to_rad(5);
    in.pitch_rad = pitch.angle;
    in.omega_b_rad_s.y() = pitch.rate;
    const AttitudeControlOutput o = attitude_control_step(p, s, in, 0.01);
    pitch.step(o.elevator_rad, 1.0, 0.01);
    peak = std::max(peak, pitch.angle);
  }
  EXPECT_NEAR(rad_to_deg(pitch.angle), 5.0, 0.2);
  EXPECT_LT(rad_to_deg(peak), 5.75);
}

}  // namespace
}  // namespace kestrel

namespace kestrel {
namespace {

TEST(AttitudeControlParams, DeclaredOnceWithRangesHoldingTheDefaults) {
  EXPECT_EQ(check_param_table(kAttitudeControlParams), "");
  AttitudeControlParams p;
  ASSERT_TRUE(set_param(p, kAttitudeControlParams, "ATT_ROLL_TC", 0.8).ok());
  EXPECT_EQ(p.roll_time_constant_s, 0.8);
  EXPECT_EQ(get_param(p, kAttitudeControlParams, "ATT_ROLL_TC").value(), 0.8);
  // Out of range, non-finite and unknown: errors naming the parameter, nothing changed.
  const Result<double> bad = set_param(p, kAttitudeControlParams, "ATT_BANK_MAX", 2.0);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("ATT_BANK_MAX"), std::string::npos);
  EXPECT_NE(bad.error().message.find("outside its range"), std::string::npos);
  EXPECT_FALSE(set_param(p, kAttitudeControlParams, "ATT_BANK_MAX", std::nan("")).ok());
  EXPECT_EQ(p.bank_max_rad, AttitudeControlParams{}.bank_max_rad);
  EXPECT_FALSE(set_param(p, kAttitudeControlParams, "ATT_NOPE", 1.0).ok());
  EXPECT_FALSE(get_param(p, kAttitudeControlParams, "ATT_NOPE").ok());
}

TEST(AttitudeControlParams, TableCheckCatchesBadDeclarations) {
  using P = AttitudeControlParams;
  const std::array<ParamDecl<P>, 2> twice = {{
      {{"ATT_A", "s", 0, 1, "a"}, &P::roll_time_constant_s},
      {{"ATT_A", "s", 0, 1, "b"}, &P::pitch_time_constant_s},
  }};
  EXPECT_NE(check_param_table(twice).find("declared twice"), std::string::npos);
  const std::array<ParamDecl<P>, 1> long_name = {
      {{{"ATT_A_NAME_TOO_LONG", "s", 0, 1, "a"}, &P::roll_time_constant_s}}};
  EXPECT_NE(check_param_table(long_name).find("1 to 16"), std::string::npos);
  const std::array<ParamDecl<P>, 1> lower = {
      {{{"att_a", "s", 0, 1, "a"}, &P::roll_time_constant_s}}};
  EXPECT_NE(check_param_table(lower).find("upper case"), std::string::npos);
  const std::array<ParamDecl<P>, 1> outside = {
      {{{"ATT_A", "s", 1.0, 2.0, "a"}, &P::roll_time_constant_s}}};  // default 0.5
  EXPECT_NE(check_param_table(outside).find("outside its range"), std::string::npos);
}

}  // namespace
}  // namespace kestrel
