#include "airframe/propulsion.h"

#include <algorithm>
#include <cmath>

namespace kestrel {
namespace {
constexpr double kTwoPi = 2 * 3.14159265358979323846;
}

PropulsionOutput evaluate_propulsion(const EngineParams& e, const PropellerParams& pr,
                                     const EngineState& s, const PropulsionInput& in,
                                     double omega_prop) {
  PropulsionOutput out;
  const double omega = std::max(omega_prop, 0.0);
  const double n = omega / kTwoPi;  // propeller rev/s
  const double d = pr.diameter_m;

  // Propeller from CT(J), CP(J). Past the end of the table (a slow or stopped propeller in
  // the airflow) the coefficients are held at the table end and scaled with the inflow instead
  // of the rotation: F = CT(J_max) rho (V / (J_max D))^2 D^4. That is continuous at J_max and
  // gives a stopped propeller its drag, and the windmilling torque that keeps it turning.
  const double j_max = pr.ct_of_j.x().back();
  const double inflow = std::max(in.inflow_mps, 0.0);
  double j, n_eff;
  if (inflow < j_max * n * d) {
    j = n > 0 ? inflow / (n * d) : 0.0;
    n_eff = n;
  } else {
    j = j_max;
    n_eff = inflow / (j_max * d);
  }
  const double ct = pr.ct_of_j.evaluate(j);
  const double cp = pr.cp_of_j.evaluate(j);
  const double n2d4 = n_eff * n_eff * d * d * d * d;
  out.thrust_n = ct * in.rho_kg_m3 * n2d4;
  out.prop_torque_nm = cp * in.rho_kg_m3 * n2d4 * d / kTwoPi;
  out.advance_ratio = j;
  const double p_abs = out.prop_torque_nm * omega;
  out.prop_efficiency = p_abs > 1.0 && out.thrust_n > 0 ? out.thrust_n * in.inflow_mps / p_abs : 0;

  // Engine at the crankshaft.
  const double omega_eng = omega * pr.gear_ratio;
  const double rpm = omega_eng * 60.0 / kTwoPi;
  out.engine_rpm = rpm;
  const double omega_rated = e.rated_rpm * kTwoPi / 60.0;
  // Friction: a viscous part (pumping, bearings: torque ∝ omega) and a Coulomb part
  // (compression, rings: 30 % of the friction torque at rated speed), faded in over the first
  // 1 rad/s so that a stopped engine has no torque and a coasting one comes to rest.
  const double friction_rated = e.friction_power_fraction * e.max_power_w / omega_rated;
  const double friction_torque =
      friction_rated * (0.7 * omega_eng / omega_rated + 0.3 * std::min(1.0, omega_eng / 1.0));
  double torque_crank = -friction_torque;
  if (s.running && !s.failed) {
    const double lapse = std::max(0.0, (in.sigma - e.lapse_b) / (1.0 - e.lapse_b));
    const double full = e.max_power_w * lapse * e.power_fraction_of_rpm.evaluate(rpm);
    const double throttle = std::clamp(in.throttle, 0.0, 1.0);
    double power = full * (e.idle_power_fraction + (1.0 - e.idle_power_fraction) * throttle);
    if (rpm > e.max_rpm) power = 0;  // overspeed fuel cut
    // Indicated power: brake power plus friction; brake power is what reaches the shaft.
    // Torque = power / omega, with omega floored near idle so a slow crank cannot divide by ~0.
    const double omega_floor = 0.3 * e.idle_rpm * kTwoPi / 60.0;
    const double omega_use = std::max(omega_eng, omega_floor);
    // The generator's draw grows with speed up to its rated load at half the rated rpm (an
    // alternator below its cut-in speed delivers little), so it cannot stall an idling engine.
    const double generator = e.generator_power_w * std::min(1.0, rpm / (0.5 * e.rated_rpm));
    torque_crank = (power - generator) / omega_use;
    out.shaft_power_w = std::max(0.0, power);
    const double fraction = power / e.max_power_w;
    out.fuel_flow_kg_s = e.bsfc_kg_per_j * e.bsfc_factor_of_power.evaluate(fraction) * power;
  } else if (in.starter && !s.failed) {
    torque_crank += e.starter_torque_nm;
  }
  out.engine_torque_prop_nm = torque_crank * pr.gear_ratio;
  out.rotor_accel_rad_s2 = (out.engine_torque_prop_nm - out.prop_torque_nm) / pr.inertia_kg_m2;
  // The shaft cannot turn backwards: friction holds it at rest.
  if (omega_prop <= 0 && out.rotor_accel_rad_s2 < 0) out.rotor_accel_rad_s2 = 0;
  return out;
}

void update_engine_state(const EngineParams& e, const PropellerParams& pr, EngineState& s,
                         const PropulsionInput& in, double omega_prop, bool has_fuel) {
  const double rpm = engine_rpm_from_prop(pr, omega_prop);
  if (s.failed || !in.ignition || !has_fuel) {
    s.running = false;
    return;
  }
  if (!s.running) {
    if (rpm >= e.start_rpm) s.running = true;  // fires once cranked (or windmilling) fast enough
  } else if (rpm < 0.5 * e.start_rpm) {
    // Stalls when it slows to half the speed at which it fires (the hysteresis keeps a starting
    // engine from flickering on and off around one threshold).
    s.running = false;
  }
}

}  // namespace kestrel
