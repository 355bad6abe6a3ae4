#include "analysis/trim.h"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>

namespace kestrel {
namespace {

constexpr int kN = 7;  // unknowns and residuals
using VecN = Eigen::Matrix<double, kN, 1>;
using MatN = Eigen::Matrix<double, kN, kN>;

// Unknowns: alpha, beta, elevator, aileron, rudder, (throttle | flight path), omega_prop.
struct Unknowns {
  double alpha, beta, de, da, dr, sixth, omega_prop;
  static Unknowns from(const VecN& x) { return {x[0], x[1], x[2], x[3], x[4], x[5], x[6]}; }
};

struct Built {
  VehicleState state;
  ControlInputs controls;
  double gamma = 0;
  double throttle = 0;
};

Built build(const VehicleModel& m, const TrimRequest& req, const VecN& x) {
  const Unknowns u = Unknowns::from(x);
  Built b;
  b.controls.elevator_rad = u.de;
  b.controls.aileron_rad = u.da;
  b.controls.rudder_rad = u.dr;
  const bool gamma_free = req.engine_off || req.full_throttle;
  b.throttle = req.engine_off ? 0.0 : (req.full_throttle ? 1.0 : u.sixth);
  b.gamma = gamma_free ? u.sixth : req.flight_path_rad;
  b.controls.throttle = b.throttle;
  b.controls.ignition = !req.engine_off;

  AirborneInit init;
  init.position = {req.lat_rad, req.lon_rad, req.altitude_m};
  init.airspeed_mps = req.airspeed_mps;
  init.fuel_kg = req.loading.fuel_kg;
  init.payload_kg = req.loading.payload_kg;
  init.omega_prop_rad_s = u.omega_prop;
  init.engine_running = !req.engine_off;
  VehicleState s = make_airborne_state(m, init, b.controls, 0);

  // Attitude and velocity with sideslip: body air velocity V (ca cb, sb, sa cb); wings level;
  // pitch chosen so that the flight path angle is gamma.
  const double V = req.airspeed_mps, a = u.alpha, be = u.beta;
  const double theta = a + std::asin(std::clamp(std::sin(b.gamma) / std::cos(be), -1.0, 1.0));
  const Quat q_ned_b = q_ned_from_b_from_euler({0.0, theta, req.heading_rad});
  const Vec3 v_b = V * Vec3(std::cos(a) * std::cos(be), std::sin(be), std::sin(a) * std::cos(be));
  const Mat3 R_ned_e = R_ned_from_ecef(req.lat_rad, req.lon_rad);
  const Quat q_e_ned(Mat3(R_ned_e.transpose()));
  s.body.q_ecef_from_b = (q_e_ned * q_ned_b).normalized();
  s.body.vel_ecef_mps = R_ned_e.transpose() * (q_ned_b * v_b);
  s.body.omega_b_rad_s = s.body.q_ecef_from_b.conjugate() * earth_rate_ecef(m.earth);
  b.state = s;
  return b;
}

struct Eval {
  VecN residual;
  VehicleTelemetry tel;
};

Eval evaluate(const VehicleModel& m, const TrimRequest& req, const VecN& x) {
  Built b = build(m, req, x);
  StepContext ctx;
  VehicleState s = b.state;
  prepare_step(m, s, b.controls, ctx);
  ctx.engine.running = !req.engine_off;  // trim is about the running (or stopped) engine
  StageDerivative d;
  Eval e;
  evaluate_derivative(m, ctx, StageState{s.body, s.omega_prop_rad_s}, d, &e.tel);
  // Residuals: acceleration relative to the earth in body axes, angular acceleration, and the
  // propeller shaft acceleration (scaled to comparable magnitudes).
  const Mat3 R_e_b = s.body.q_ecef_from_b.toRotationMatrix();
  const Vec3 acc_b = R_e_b.transpose() * d.body.vel_dot;
  e.residual << acc_b.x(), acc_b.y(), acc_b.z(), d.body.omega_dot.x(), d.body.omega_dot.y(),
      d.body.omega_dot.z(), d.omega_prop_dot * 0.01;
  return e;
}

}  // namespace

Result<Loading> loading_for_mass(const AircraftParams& ac, double mass_kg) {
  double capacity = 0;
  for (const auto& t : ac.mass.tanks) capacity += t.capacity_kg;
  Loading l;
  l.payload_kg = std::min(70.0, ac.mass.payload_max_kg);
  l.fuel_kg = mass_kg - ac.mass.empty_mass_kg - l.payload_kg;
  if (l.fuel_kg < 0) {  // light: less payload, no fuel below zero
    l.payload_kg = std::max(0.0, l.payload_kg + l.fuel_kg);
    l.fuel_kg = 0;
  }
  if (l.fuel_kg > capacity) {  // heavy: fill the tanks, the rest is payload
    l.payload_kg += l.fuel_kg - capacity;
    l.fuel_kg = capacity;
  }
  const double reached = ac.mass.empty_mass_kg + l.payload_kg + l.fuel_kg;
  if (l.payload_kg > ac.mass.payload_max_kg + 1e-9 || std::abs(reached - mass_kg) > 1e-6)
    return Error{"mass " + std::to_string(mass_kg) + " kg cannot be reached with " + ac.name +
                 " (empty " + std::to_string(ac.mass.empty_mass_kg) + " kg, payload up to " +
                 std::to_string(ac.mass.payload_max_kg) + " kg, fuel up to " +
                 std::to_string(capacity) + " kg)"};
  return l;
}

VehicleModel free_flight_model(const VehicleModel& model, double altitude_m) {
  VehicleModel m = model;
  m.environment.turbulence = TurbulenceLevel::kNone;
  m.environment.gusts.clear();
  m.environment.wind = WindParams{};
  // Free flight: keep the ground well below, else a trim at or near the ground height (sea level
  // with the default flat terrain at 0 m) has the wheels in the ground and the Newton iteration
  // chases the strut forces.
  m.environment.ground_height_m = std::min(m.environment.ground_height_m, altitude_m - 1000.0);
  return m;
}

TrimResult trim(const VehicleModel& model, const TrimRequest& req) {
  const VehicleModel m = free_flight_model(model, req.altitude_m);

  const AircraftParams& ac = m.aircraft;
  const double mass = ac.mass.empty_mass_kg + req.loading.payload_kg + req.loading.fuel_kg;
  const double rho = atmosphere(m.environment.atmosphere, req.altitude_m).density_kg_m3;
  const double cl_needed =
      mass * 9.80665 / (0.5 * rho * req.airspeed_mps * req.airspeed_mps * ac.geometry.wing_area_m2);
  // Initial guess for alpha: invert the lift table on its rising part.
  double alpha0 = 0.05;
  const auto& ax = ac.aero.cl_alpha.x();
  for (std::size_t i = 0; i + 1 < ax.size(); ++i) {
    const double a0 = ax[i], a1 = ax[i + 1];
    const double c0 = ac.aero.cl_alpha.evaluate(a0), c1 = ac.aero.cl_alpha.evaluate(a1);
    if (c1 > c0 && cl_needed >= c0 && cl_needed <= c1) {
      alpha0 = a0 + (cl_needed - c0) / (c1 - c0) * (a1 - a0);
      break;
    }
  }
  const double omega_rated = ac.engine.rated_rpm / ac.propeller.gear_ratio * 2 * kPi / 60.0;
  VecN x;
  const bool gamma_free = req.engine_off || req.full_throttle;
  x << alpha0, 0, 0, 0, 0, gamma_free ? (req.engine_off ? -0.08 : 0.05) : 0.5,
      req.engine_off ? 0.3 * omega_rated : 0.8 * omega_rated;

  const VecN step_sizes = (VecN() << 1e-6, 1e-6, 1e-6, 1e-6, 1e-6, 1e-6, 1e-3).finished();
  TrimResult r;
  Eval e = evaluate(m, req, x);
  int it = 0;
  for (; it < 60; ++it) {
    if (e.residual.norm() < 1e-9) break;
    MatN J;
    for (int j = 0; j < kN; ++j) {
      VecN xp = x;
      xp[j] += step_sizes[j];
      J.col(j) = (evaluate(m, req, xp).residual - e.residual) / step_sizes[j];
    }
    VecN dx = J.colPivHouseholderQr().solve(-e.residual);
    if (!dx.allFinite()) break;
    // Damped Newton: limit the angle steps to ~3 deg and the shaft speed step.
    double scale = 1.0;
    for (int j = 0; j < 6; ++j) scale = std::min(scale, 0.05 / std::max(std::abs(dx[j]), 1e-12));
    scale = std::min(scale, 0.2 * omega_rated / std::max(std::abs(dx[6]), 1e-12));
    // Backtracking line search on the residual norm.
    double t = scale;
    Eval en;
    VecN xn;
    for (int ls = 0; ls < 20; ++ls) {
      xn = x + t * dx;
      xn[6] = std::max(xn[6], 0.0);  // a stopped propeller is a valid trim
      en = evaluate(m, req, xn);
      if (en.residual.norm() < e.residual.norm()) break;
      t *= 0.5;
    }
    x = xn;
    e = en;
  }
  r.iterations = it;
  r.residual = e.residual.norm();
  const Unknowns u = Unknowns::from(x);
  const Built b = build(m, req, x);
  r.alpha_rad = u.alpha;
  r.beta_rad = u.beta;
  r.elevator_rad = u.de;
  r.aileron_rad = u.da;
  r.rudder_rad = u.dr;
  r.throttle = b.throttle;
  r.flight_path_rad = b.gamma;
  r.pitch_rad = e.tel.euler.pitch_rad;
  r.omega_prop_rad_s = u.omega_prop;
  r.engine_rpm = e.tel.propulsion.engine_rpm;
  r.shaft_power_w = e.tel.propulsion.shaft_power_w;
  r.thrust_n = e.tel.propulsion.thrust_n;
  const double qs = e.tel.qbar_pa * ac.geometry.wing_area_m2;
  r.cl = e.tel.aero.coeff.cl;
  r.cd = e.tel.aero.coeff.cd;
  r.lift_n = qs * r.cl;
  r.drag_n = qs * r.cd;
  r.lift_to_drag = r.cd > 0 ? r.cl / r.cd : 0;
  r.fuel_flow_kg_s = e.tel.propulsion.fuel_flow_kg_s;
  r.mass_kg = e.tel.mass_kg;
  r.climb_rate_mps = req.airspeed_mps * std::sin(b.gamma);
  const auto& act = ac.actuators;
  const bool within_limits = u.de >= act.elevator.min && u.de <= act.elevator.max &&
                             u.da >= act.aileron.min && u.da <= act.aileron.max &&
                             u.dr >= act.rudder.min && u.dr <= act.rudder.max &&
                             b.throttle >= 0.0 && b.throttle <= 1.0 && u.omega_prop >= 0;
  r.converged = r.residual < 1e-6 && within_limits;
  r.state = b.state;
  r.controls = b.controls;
  return r;
}

}  // namespace kestrel
