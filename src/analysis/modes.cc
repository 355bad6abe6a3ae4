#include "analysis/modes.h"

#include <Eigen/Eigenvalues>
#include <algorithm>
#include <cmath>

namespace kestrel {
namespace {

// The time derivative of the linear-model coordinates at a state, with the per-step context
// (air data, mass, actuator positions, engine state) held fixed.
LinearState coordinate_rates(const VehicleModel& m, const StepContext& ctx, const VehicleState& s,
                             double omega_prop_rad_s, double* omega_prop_dot = nullptr) {
  StageDerivative d;
  evaluate_derivative(m, ctx, StageState{s.body, omega_prop_rad_s}, d, nullptr);
  if (omega_prop_dot) *omega_prop_dot = d.omega_prop_dot;
  const Mat3 R_e_b = s.body.q_ecef_from_b.normalized().toRotationMatrix();
  const Vec3 v_b = R_e_b.transpose() * s.body.vel_ecef_mps;
  const Vec3 w_eb = omega_eb_b(m.earth, s.body, R_e_b);
  // v_b = R_b_e v_e with dR_b_e/dt = -[w_eb]x R_b_e (ECEF is the frame the velocity is taken in).
  const Vec3 v_b_dot = R_e_b.transpose() * d.body.vel_dot - w_eb.cross(v_b);
  // w_eb = w_ib - R_b_e W_e, so its rate gains + w_eb x (R_b_e W_e).
  const Vec3 w_eb_dot = d.body.omega_dot + w_eb.cross(R_e_b.transpose() * earth_rate_ecef(m.earth));
  const LinearState x = linear_state_of(m, s);
  const double phi = x[kLinPhi], theta = x[kLinTheta];
  const double p = w_eb.x(), q = w_eb.y(), r = w_eb.z();
  LinearState dx;
  dx[kLinU] = v_b_dot.x();
  dx[kLinW] = v_b_dot.z();
  dx[kLinQ] = w_eb_dot.y();
  dx[kLinTheta] = q * std::cos(phi) - r * std::sin(phi);
  dx[kLinV] = v_b_dot.y();
  dx[kLinP] = w_eb_dot.x();
  dx[kLinR] = w_eb_dot.z();
  dx[kLinPhi] = p + std::tan(theta) * (q * std::sin(phi) + r * std::cos(phi));
  return dx;
}

// Shaft speed at which the rotor is in equilibrium (secant iteration from a guess).
double equilibrium_shaft_speed(const VehicleModel& m, const StepContext& ctx, const VehicleState& s,
                               double omega_guess) {
  double w0 = omega_guess, w1 = omega_guess * 1.001 + 0.01;
  double f0 = 0, f1 = 0;
  coordinate_rates(m, ctx, s, w0, &f0);
  coordinate_rates(m, ctx, s, w1, &f1);
  for (int i = 0; i < 50 && std::abs(f1) > 1e-10 && f1 != f0; ++i) {
    const double w2 = w1 - f1 * (w1 - w0) / (f1 - f0);
    w0 = w1;
    f0 = f1;
    w1 = w2;
    coordinate_rates(m, ctx, s, w1, &f1);
  }
  return w1;
}

SecondOrderMode second_order(std::complex<double> l1, std::complex<double> l2) {
  SecondOrderMode mode;
  mode.found = true;
  mode.eigenvalue = l1.imag() >= 0 ? l1 : l2;
  const double prod = (l1 * l2).real();
  mode.wn_rad_s = std::sqrt(std::abs(prod));
  mode.zeta = mode.wn_rad_s > 0 ? -(l1 + l2).real() / (2 * mode.wn_rad_s) : 0;
  if (std::abs(mode.eigenvalue.imag()) > 1e-9) mode.period_s = 2 * kPi / mode.eigenvalue.imag();
  return mode;
}

std::vector<std::complex<double>> eigenvalues_of(const Eigen::MatrixXd& a) {
  Eigen::EigenSolver<Eigen::MatrixXd> es(a, false);
  std::vector<std::complex<double>> v;
  for (int i = 0; i < es.eigenvalues().size(); ++i) v.push_back(es.eigenvalues()[i]);
  std::sort(v.begin(), v.end(), [](auto x, auto y) {
    return std::abs(x) != std::abs(y) ? std::abs(x) < std::abs(y) : x.imag() < y.imag();
  });
  return v;
}

}  // namespace

LinearState linear_state_of(const VehicleModel& m, const VehicleState& s) {
  const Geodetic g = earth_position(m.earth, s.body.pos_ecef_m);
  const Mat3 R_ned_e = R_ned_from_ecef(g.lat_rad, g.lon_rad);
  const Mat3 R_e_b = s.body.q_ecef_from_b.normalized().toRotationMatrix();
  const Euler e = euler_from_q_ned_from_b(Quat(Mat3(R_ned_e * R_e_b)));
  const Vec3 v_b = R_e_b.transpose() * s.body.vel_ecef_mps;
  const Vec3 w_eb = omega_eb_b(m.earth, s.body, R_e_b);
  LinearState x;
  x << v_b.x(), v_b.z(), w_eb.y(), e.pitch_rad, v_b.y(), w_eb.x(), w_eb.z(), e.roll_rad;
  return x;
}

VehicleState with_linear_state(const VehicleModel& m, const VehicleState& base,
                               const LinearState& x) {
  VehicleState s = base;
  const Geodetic g = earth_position(m.earth, s.body.pos_ecef_m);
  const Mat3 R_ned_e = R_ned_from_ecef(g.lat_rad, g.lon_rad);
  const Mat3 R_e_b0 = s.body.q_ecef_from_b.normalized().toRotationMatrix();
  const Euler e0 = euler_from_q_ned_from_b(Quat(Mat3(R_ned_e * R_e_b0)));
  const Quat q_ned_b = q_ned_from_b_from_euler({x[kLinPhi], x[kLinTheta], e0.yaw_rad});
  s.body.q_ecef_from_b = (Quat(Mat3(R_ned_e.transpose())) * q_ned_b).normalized();
  const Vec3 v_b(x[kLinU], x[kLinV], x[kLinW]);
  s.body.vel_ecef_mps = R_ned_e.transpose() * (q_ned_b * v_b);
  const Vec3 w_eb(x[kLinP], x[kLinQ], x[kLinR]);
  s.body.omega_b_rad_s = w_eb + s.body.q_ecef_from_b.conjugate() * earth_rate_ecef(m.earth);
  return s;
}

LinearModel linearise(const VehicleModel& model, const TrimResult& trim) {
  // The trim's environment: calm air, the ground far below.
  const VehicleModel m = free_flight_model(
      model, earth_position(model.earth, trim.state.body.pos_ecef_m).height_ellipsoid_m);

  const VehicleState s0 = trim.state;
  StepContext ctx;
  {
    VehicleState scratch = s0;
    prepare_step(m, scratch, trim.controls, ctx);
    ctx.engine.running = s0.engine.running;
  }
  const double w_prop = s0.omega_prop_rad_s;
  LinearModel lin;
  lin.x_trim = linear_state_of(m, s0);
  lin.u_trim << ctx.actuators.elevator_rad, ctx.actuators.throttle, ctx.actuators.aileron_rad,
      ctx.actuators.rudder_rad;

  // A: central differences in each coordinate.
  const double v = lin.x_trim.head<2>().norm();
  const LinearState steps =
      (LinearState() << 1e-3 * v, 1e-3 * v, 1e-3, 1e-3, 1e-3 * v, 1e-3, 1e-3, 1e-3).finished();
  for (int j = 0; j < 8; ++j) {
    LinearState xp = lin.x_trim, xm = lin.x_trim;
    xp[j] += steps[j];
    xm[j] -= steps[j];
    lin.a.col(j) = (coordinate_rates(m, ctx, with_linear_state(m, s0, xp), w_prop) -
                    coordinate_rates(m, ctx, with_linear_state(m, s0, xm), w_prop)) /
                   (2 * steps[j]);
  }

  // B: surfaces move the actuator positions; the throttle moves the shaft speed to its new
  // equilibrium (see modes.h).
  auto surface_column = [&](double ActuatorState::*field) {
    const double hs = 1e-3;
    StepContext cp = ctx, cm = ctx;
    cp.actuators.*field += hs;
    cm.actuators.*field -= hs;
    return LinearState((coordinate_rates(m, cp, s0, w_prop) - coordinate_rates(m, cm, s0, w_prop)) /
                       (2 * hs));
  };
  lin.b.col(kLinElevator) = surface_column(&ActuatorState::elevator_rad);
  lin.b.col(kLinAileron) = surface_column(&ActuatorState::aileron_rad);
  lin.b.col(kLinRudder) = surface_column(&ActuatorState::rudder_rad);
  {
    const double ht = 0.01;
    StepContext cp = ctx, cm = ctx;
    cp.actuators.throttle += ht;
    cm.actuators.throttle -= ht;
    const double wp = equilibrium_shaft_speed(m, cp, s0, w_prop);
    const double wm = equilibrium_shaft_speed(m, cm, s0, w_prop);
    lin.b.col(kLinThrottle) =
        (coordinate_rates(m, cp, s0, wp) - coordinate_rates(m, cm, s0, wm)) / (2 * ht);
  }
  return lin;
}

ModesResult analyse_modes(const VehicleModel& m, const TrimResult& trim) {
  ModesResult r;
  r.trim = trim;
  r.linear = linearise(m, trim);
  r.eig_lon = eigenvalues_of(r.linear.a_lon());
  r.eig_lat = eigenvalues_of(r.linear.a_lat());
  r.eig_coupled = eigenvalues_of(r.linear.a);

  // Longitudinal, sorted by |lambda|: the slow pair is the phugoid, the fast pair the short period.
  r.phugoid = second_order(r.eig_lon[0], r.eig_lon[1]);
  r.short_period = second_order(r.eig_lon[2], r.eig_lon[3]);

  // Lateral: the complex pair is the Dutch roll; of the real roots the fastest is the roll
  // subsidence and the slowest the spiral.
  std::vector<std::complex<double>> reals, complexes;
  for (const auto& l : r.eig_lat) (std::abs(l.imag()) > 1e-9 ? complexes : reals).push_back(l);
  if (complexes.size() == 2) r.dutch_roll = second_order(complexes[0], complexes[1]);
  if (!reals.empty()) {
    r.spiral = {true, reals.front().real()};
    r.roll = {true, reals.back().real()};
  }
  if (reals.size() != 2) r.roll.found = r.spiral.found = false;
  return r;
}

std::vector<LinearState> simulate_linear_step(const LinearModel& lin, const LinearInput& du,
                                              double duration_s, double dt_s) {
  LinearState x = LinearState::Zero();
  const LinearState bu = lin.b * du;
  auto f = [&](const LinearState& y) -> LinearState { return lin.a * y + bu; };
  const int n = static_cast<int>(std::round(duration_s / dt_s));
  std::vector<LinearState> out;
  out.reserve(n + 1);
  out.push_back(x);
  for (int i = 0; i < n; ++i) {
    const LinearState k1 = f(x), k2 = f(x + 0.5 * dt_s * k1), k3 = f(x + 0.5 * dt_s * k2),
                      k4 = f(x + dt_s * k3);
    x += dt_s / 6.0 * (k1 + 2 * k2 + 2 * k3 + k4);
    out.push_back(x);
  }
  return out;
}

}  // namespace kestrel
