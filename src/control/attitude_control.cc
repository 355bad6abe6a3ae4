#include "control/attitude_control.h"

#include <algorithm>
#include <cmath>

namespace kestrel {
namespace {

bool finite_input(const AttitudeControlInput& in) {
  return std::isfinite(in.roll_demand_rad) && std::isfinite(in.pitch_demand_rad) &&
         std::isfinite(in.roll_rad) && std::isfinite(in.pitch_rad) &&
         in.omega_b_rad_s.allFinite() && std::isfinite(in.tas_mps);
}

double scaling_of(const AttitudeControlParams& p, double tas_mps) {
  return std::clamp(p.reference_airspeed_mps / std::max(tas_mps, 1.0), p.min_scaling,
                    p.max_scaling);
}

// Body rates of a coordinated level turn at this bank and pitch: q = g/V tan(phi) sin(phi),
// r = g/V tan(phi) cos(phi) cos(theta) (the turn rate g tan(phi) / V resolved into body axes).
void coordinated_rates(const AttitudeControlParams& p, double roll, double pitch, double tas,
                       double* q, double* r) {
  const double phi = std::clamp(roll, -1.2, 1.2);
  const double turn_rate = p.gravity_mps2 * std::tan(phi) / std::max(tas, 10.0);
  *q = turn_rate * std::sin(phi);
  *r = turn_rate * std::cos(phi) * std::cos(pitch);
}

}  // namespace

AttitudeControlOutput attitude_control_step(const AttitudeControlParams& p, AttitudeControlState& s,
                                            const AttitudeControlInput& in, double dt_s) {
  AttitudeControlOutput out;
  if (!finite_input(in) || !(dt_s > 0)) {
    out.valid = false;  // hold the integrators; surfaces neutral
    return out;
  }
  s.initialised = true;
  const double k = scaling_of(p, in.tas_mps);
  out.scaling = k;
  const double lim = p.surface_max_rad;

  // Roll: bank error -> rate demand -> aileron (positive rolls right).
  const double bank_dem = std::clamp(in.roll_demand_rad, -p.bank_max_rad, p.bank_max_rad);
  const double p_dem = std::clamp((bank_dem - in.roll_rad) / p.roll_time_constant_s,
                                  -p.roll_rate_max_rad_s, p.roll_rate_max_rad_s);
  const double p_err = p_dem - in.omega_b_rad_s.x();
  const double ail_unlimited =
      k * (p.roll_rate_ff * p_dem + p.roll_rate_p * p_err) + s.roll_integrator_rad;
  // Anti-windup: integrate only when the surface is not saturated in the error's direction.
  if (!((ail_unlimited >= lim && p_err > 0) || (ail_unlimited <= -lim && p_err < 0))) {
    s.roll_integrator_rad = std::clamp(s.roll_integrator_rad + k * p.roll_rate_i * p_err * dt_s,
                                       -p.integrator_max_rad, p.integrator_max_rad);
  }
  out.aileron_rad = std::clamp(
      k * (p.roll_rate_ff * p_dem + p.roll_rate_p * p_err) + s.roll_integrator_rad, -lim, lim);
  out.roll_rate_demand_rad_s = p_dem;

  // Pitch: pitch error -> rate demand, plus the pitch rate a coordinated turn needs -> elevator
  // (trailing edge down pitches down, hence the minus).
  double q_turn = 0, r_turn = 0;
  coordinated_rates(p, in.roll_rad, in.pitch_rad, in.tas_mps, &q_turn, &r_turn);
  const double pitch_dem = std::clamp(in.pitch_demand_rad, p.pitch_min_rad, p.pitch_max_rad);
  const double q_dem = std::clamp((pitch_dem - in.pitch_rad) / p.pitch_time_constant_s + q_turn,
                                  -p.pitch_rate_max_rad_s, p.pitch_rate_max_rad_s);
  const double q_err = q_dem - in.omega_b_rad_s.y();
  const double nose_up_unlimited =
      k * (p.pitch_rate_ff * q_dem + p.pitch_rate_p * q_err) + s.pitch_integrator_rad;
  if (!((nose_up_unlimited >= lim && q_err > 0) || (nose_up_unlimited <= -lim && q_err < 0))) {
    s.pitch_integrator_rad = std::clamp(s.pitch_integrator_rad + k * p.pitch_rate_i * q_err * dt_s,
                                        -p.integrator_max_rad, p.integrator_max_rad);
  }
  out.elevator_rad = -std::clamp(
      k * (p.pitch_rate_ff * q_dem + p.pitch_rate_p * q_err) + s.pitch_integrator_rad, -lim, lim);
  out.pitch_rate_demand_rad_s = q_dem;

  // Yaw: damp the yaw rate beyond the turn's own, washed out so that a steady error (a slip the
  // damper cannot remove) does not hold the rudder over. Rudder trailing edge left (+) yaws left.
  const double r_err = in.omega_b_rad_s.z() - r_turn;
  const double a = dt_s / (p.yaw_washout_s + dt_s);
  s.yaw_washout_rad_s += a * (r_err - s.yaw_washout_rad_s);
  out.rudder_rad = std::clamp(k * p.yaw_damper_gain * (r_err - s.yaw_washout_rad_s), -lim, lim);
  out.yaw_rate_demand_rad_s = r_turn;
  return out;
}

void attitude_control_reset(const AttitudeControlParams& p, AttitudeControlState& s,
                            const AttitudeControlInput& in, double aileron_rad,
                            double elevator_rad) {
  s = AttitudeControlState{};
  if (!finite_input(in) || !std::isfinite(aileron_rad) || !std::isfinite(elevator_rad)) return;
  // With demands equal to the current attitude, the rate demands are the turn's (pitch) and
  // zero (roll); the integrators take up the rest of the present deflections.
  const double k = scaling_of(p, in.tas_mps);
  double q_turn = 0, r_turn = 0;
  coordinated_rates(p, in.roll_rad, in.pitch_rad, in.tas_mps, &q_turn, &r_turn);
  const double p_dem = 0.0, p_err = -in.omega_b_rad_s.x();
  const double q_dem = std::clamp(q_turn, -p.pitch_rate_max_rad_s, p.pitch_rate_max_rad_s);
  const double q_err = q_dem - in.omega_b_rad_s.y();
  s.roll_integrator_rad =
      std::clamp(aileron_rad - k * (p.roll_rate_ff * p_dem + p.roll_rate_p * p_err),
                 -p.integrator_max_rad, p.integrator_max_rad);
  s.pitch_integrator_rad =
      std::clamp(-elevator_rad - k * (p.pitch_rate_ff * q_dem + p.pitch_rate_p * q_err),
                 -p.integrator_max_rad, p.integrator_max_rad);
  s.yaw_washout_rad_s = in.omega_b_rad_s.z() - r_turn;
  s.initialised = true;
}

}  // namespace kestrel
