#include "analysis/perf.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <utility>

#include "env/atmosphere.h"

namespace kestrel {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kInvPhi = 0.6180339887498949;  // 1 / golden ratio

// Counts the trims a computation runs (its cost) without any global state.
struct Trimmer {
  const VehicleModel& model;
  int count = 0;
  TrimResult operator()(const TrimRequest& req) {
    ++count;
    return trim(model, req);
  }
};

bool usable(const TrimResult& r, double alpha_clmax_rad) {
  return r.converged && r.alpha_rad <= alpha_clmax_rad + 1e-9;
}

// Golden-section search for the maximum of a unimodal f on [a, b]; stops when the bracket is
// narrower than tol. Returns (x, f(x)) of the best point evaluated.
template <typename F>
std::pair<double, double> golden_max(F&& f, double a, double b, double tol) {
  double c = b - kInvPhi * (b - a), d = a + kInvPhi * (b - a);
  double fc = f(c), fd = f(d);
  while (b - a > tol) {
    if (fc >= fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - kInvPhi * (b - a);
      fc = f(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + kInvPhi * (b - a);
      fd = f(d);
    }
  }
  return fc >= fd ? std::make_pair(c, fc) : std::make_pair(d, fd);
}

double density_kg_m3(const VehicleModel& m, double altitude_m) {
  return atmosphere(m.environment.atmosphere, altitude_m).density_kg_m3;
}

double mass_of(const AircraftParams& ac, const Loading& l) {
  return ac.mass.empty_mass_kg + l.payload_kg + l.fuel_kg;
}

TrimRequest request(const Loading& l, double altitude_m, double airspeed_mps) {
  TrimRequest r;
  r.loading = l;
  r.altitude_m = altitude_m;
  r.airspeed_mps = airspeed_mps;
  return r;
}

double stall_speed_impl(Trimmer& trim_at, const Loading& loading, double altitude_m,
                        double tol_mps) {
  const double alpha_max = alpha_at_clmax_rad(trim_at.model.aircraft.aero);
  auto flyable = [&](double v) {
    TrimRequest r = request(loading, altitude_m, v);
    r.engine_off = true;
    return usable(trim_at(r), alpha_max);
  };
  double lo = 5.0, hi = 80.0;
  if (!flyable(hi)) return 0;
  while (hi - lo > tol_mps) {
    const double mid = 0.5 * (lo + hi);
    (flyable(mid) ? hi : lo) = mid;
  }
  return hi;
}

ClimbPoint best_climb_impl(Trimmer& trim_at, const Loading& loading, double altitude_m,
                           double v_min, double v_max, double tol_mps) {
  const double alpha_max = alpha_at_clmax_rad(trim_at.model.aircraft.aero);
  auto climb_rate = [&](double v) {
    TrimRequest r = request(loading, altitude_m, v);
    r.full_throttle = true;
    const TrimResult t = trim_at(r);
    return usable(t, alpha_max) ? t.climb_rate_mps : -kInf;
  };
  const auto [v, roc] = golden_max(climb_rate, v_min, v_max, tol_mps);
  ClimbPoint p;
  p.valid = std::isfinite(roc);
  p.airspeed_mps = v;
  p.climb_rate_mps = p.valid ? roc : 0;
  return p;
}

// The best full-throttle climb at an altitude, the speed searched between 1.02 and 2 times the
// stall speed there (EAS constant: the sea-level stall speed scaled by the density).
ClimbPoint max_climb_at(Trimmer& trim_at, const Loading& loading, double stall_speed_sl_mps,
                        double altitude_m) {
  const VehicleModel& m = trim_at.model;
  const double vs =
      stall_speed_sl_mps * std::sqrt(density_kg_m3(m, 0.0) / density_kg_m3(m, altitude_m));
  return best_climb_impl(trim_at, loading, altitude_m, 1.02 * vs, 2.0 * vs, 0.02);
}

// Bisection on altitude (to 2 m) of the maximum climb rate against target_mps; none above
// 20,000 m.
std::optional<double> ceiling_impl(Trimmer& trim_at, const Loading& loading,
                                   double stall_speed_sl_mps, double target_mps) {
  auto roc = [&](double alt) {
    return max_climb_at(trim_at, loading, stall_speed_sl_mps, alt).climb_rate_mps;
  };
  double lo = 0, hi = 2000;
  while (hi <= 20000 && roc(hi) > target_mps) {
    lo = hi;
    hi += 2000;
  }
  if (hi > 20000) return std::nullopt;
  while (hi - lo > 2.0) {
    const double mid = 0.5 * (lo + hi);
    (roc(mid) > target_mps ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}

// Propeller speed at which the engine at full throttle holds the propeller still-air (static)
// load: the rotor acceleration changes sign once between a slow crank and the overspeed cut.
double static_full_throttle_omega(const AircraftParams& ac, double rho_kg_m3, double sigma) {
  EngineState running;
  running.running = true;
  PropulsionInput in;
  in.throttle = 1;
  in.rho_kg_m3 = rho_kg_m3;
  in.sigma = sigma;
  in.inflow_mps = 0;
  double lo = 1.0;
  double hi = 1.2 * ac.engine.max_rpm / ac.propeller.gear_ratio * 2 * kPi / 60.0;
  for (int i = 0; i < 60; ++i) {
    const double mid = 0.5 * (lo + hi);
    const double acc =
        evaluate_propulsion(ac.engine, ac.propeller, running, in, mid).rotor_accel_rad_s2;
    (acc > 0 ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}

}  // namespace

double alpha_at_clmax_rad(const AeroParams& aero) {
  const auto& x = aero.cl_alpha.x();
  const auto& y = aero.cl_alpha.y();
  const auto it = std::max_element(y.begin(), y.end());
  return x[static_cast<std::size_t>(it - y.begin())];
}

double stall_speed_mps(const VehicleModel& m, const Loading& loading, double altitude_m,
                       double tol_mps) {
  Trimmer t{m};
  return stall_speed_impl(t, loading, altitude_m, tol_mps);
}

std::optional<double> ceiling_m(const VehicleModel& m, const Loading& loading,
                                double stall_speed_sl_mps, double climb_rate_mps) {
  Trimmer t{m};
  return ceiling_impl(t, loading, stall_speed_sl_mps, climb_rate_mps);
}

ClimbPoint best_climb(const VehicleModel& m, const Loading& loading, double altitude_m,
                      double v_min_mps, double v_max_mps, double tol_mps) {
  Trimmer t{m};
  return best_climb_impl(t, loading, altitude_m, v_min_mps, v_max_mps, tol_mps);
}

TakeoffResult simulate_takeoff(const VehicleModel& model, const Loading& loading,
                               double stall_speed_mps) {
  VehicleModel m = model;
  m.environment.wind = WindParams{};
  m.environment.turbulence = TurbulenceLevel::kNone;
  m.environment.gusts.clear();
  m.environment.ground_height_m = 0;  // sea level
  const AircraftParams& ac = m.aircraft;
  const double lat = 0, lon = 0, heading = 0;
  TakeoffResult r;
  r.rotate_speed_mps = 1.1 * stall_speed_mps;

  VehicleState s = make_parked_state(m, lat, lon, heading, loading.fuel_kg, loading.payload_kg, 1);
  // Engine running at full throttle against the brakes, as after a run-up; brakes released now.
  const AirData air0 = atmosphere(m.environment.atmosphere, 0.0);
  const double sigma0 = air0.density_kg_m3 / 1.225;
  s.engine.running = true;
  s.omega_prop_rad_s = static_full_throttle_omega(ac, air0.density_kg_m3, sigma0);
  s.actuators.throttle = 1;
  s.actuators.brake_left = s.actuators.brake_right = 0;
  {
    PropulsionInput in;
    in.throttle = 1;
    in.rho_kg_m3 = air0.density_kg_m3;
    in.sigma = sigma0;
    r.static_thrust_n =
        evaluate_propulsion(ac.engine, ac.propeller, s.engine, in, s.omega_prop_rad_s).thrust_n;
  }

  ControlInputs u;
  u.throttle = 1;
  u.ignition = true;
  const Vec3 pos0_ecef = s.body.pos_ecef_m;
  const Mat3 R_ned_e = R_ned_from_ecef(lat, lon);
  const double dt = m.step.seconds();
  const int max_steps = static_cast<int>(120.0 / dt);
  const double max_steer = ac.actuators.nosewheel.max;
  const double max_elev = ac.actuators.elevator.max, min_elev = ac.actuators.elevator.min;
  const double max_ail = ac.actuators.aileron.max, max_rud = ac.actuators.rudder.max;
  bool rotating = false;

  VehicleTelemetry tel;
  for (int i = 0; i < max_steps; ++i) {
    const Vec3 ned = R_ned_e * (s.body.pos_ecef_m - pos0_ecef);
    step_vehicle(m, s, u, &tel);  // tel: the state at this step's start (ned above)
    if (s.crashed) return r;
    const double t = tel.time_s;
    if (t > 1.0 && tel.gear.wheels_on_ground == 0) {
      r.ok = true;
      r.ground_roll_m = std::hypot(ned.x(), ned.y());
      r.liftoff_speed_mps = tel.tas_mps;
      r.liftoff_time_s = t;
      return r;
    }
    r.max_pitch_rad = std::max(r.max_pitch_rad, tel.euler.pitch_rad);

    // Controls for the next step from this state (a 400 Hz loop, one step of delay).
    const Vec3& w = tel.omega_eb_b_rad_s;  // p, q, r
    const double psi_err = wrap_pi(tel.euler.yaw_rad - heading);
    const double cross_track_m = -std::sin(heading) * ned.x() + std::cos(heading) * ned.y();
    // Steer right + turns right: steer against heading error, drift and yaw rate.
    u.nosewheel_rad =
        std::clamp(-(1.5 * psi_err + 0.05 * cross_track_m + 0.5 * w.z()), -max_steer, max_steer);
    // Rudder TE left + yaws left: same sense as the nosewheel, for when the nose unloads.
    u.rudder_rad =
        std::clamp(2.0 * psi_err + 0.02 * cross_track_m + 0.5 * w.z(), -max_rud, max_rud);
    // Aileron right-up + rolls right: hold the wings level.
    u.aileron_rad = std::clamp(-(1.0 * tel.euler.roll_rad + 0.2 * w.x()), -max_ail, max_ail);
    // Elevator neutral, then rotate: TE down + pitches nose down.
    if (!rotating && tel.tas_mps >= r.rotate_speed_mps) rotating = true;
    u.elevator_rad = rotating
                         ? std::clamp(2.0 * (tel.euler.pitch_rad - kTakeoffPitchRad) + 0.5 * w.y(),
                                      min_elev, max_elev)
                         : 0.0;
  }
  return r;
}

PerfResult compute_performance(const VehicleModel& model, const PerfRequest& req) {
  PerfResult out;
  Trimmer trim_at{model};
  const AircraftParams& ac = model.aircraft;
  out.mass_kg = req.mass_kg;
  Result<Loading> lr = loading_for_mass(ac, req.mass_kg);
  if (!lr.ok()) {
    out.problems.push_back(lr.error().message);
    return out;
  }
  const Loading loading = lr.value();
  out.loading = loading;
  const double alpha_max = alpha_at_clmax_rad(ac.aero);
  out.alpha_clmax_rad = alpha_max;
  const double rho0 = density_kg_m3(model, 0.0);

  // Stall (sea level) and the stall speed used to bound the searches elsewhere (EAS constant,
  // proportional to sqrt(mass)).
  out.stall_speed_mps = stall_speed_impl(trim_at, loading, 0.0, 0.01);
  if (out.stall_speed_mps <= 0) {
    out.problems.push_back("no engine-off glide trims up to 80 m/s: stall speed not found");
    return out;
  }
  {
    TrimRequest r = request(loading, 0.0, out.stall_speed_mps);
    r.engine_off = true;
    out.stall_cl = trim_at(r).cl;
  }
  auto stall_at = [&](double altitude_m, double mass_kg) {
    return out.stall_speed_mps * std::sqrt(rho0 / density_kg_m3(model, altitude_m)) *
           std::sqrt(mass_kg / req.mass_kg);
  };

  // Climb at sea level.
  const ClimbPoint sl = max_climb_at(trim_at, loading, out.stall_speed_mps, 0.0);
  if (!sl.valid || sl.climb_rate_mps <= 0) {
    out.problems.push_back("no positive full-throttle climb at sea level");
    return out;
  }
  out.max_climb_rate_mps = sl.climb_rate_mps;
  out.best_climb_speed_mps = sl.airspeed_mps;

  // Max level speed: the fast root of the full-throttle climb rate at sea level.
  {
    auto roc = [&](double v) {
      TrimRequest r = request(loading, 0.0, v);
      r.full_throttle = true;
      const TrimResult t = trim_at(r);
      return t.converged ? t.climb_rate_mps : -kInf;
    };
    double lo = sl.airspeed_mps, hi = lo;
    while (hi < 150.0 && roc(hi) > 0) hi += 5.0;
    if (hi >= 150.0) {
      out.problems.push_back("max level speed above 150 m/s");
    } else {
      while (hi - lo > 0.01) {
        const double mid = 0.5 * (lo + hi);
        (roc(mid) > 0 ? lo : hi) = mid;
      }
      out.max_level_speed_mps = 0.5 * (lo + hi);
    }
  }

  // Ceilings: bisection on altitude of the maximum climb rate.
  if (auto c = ceiling_impl(trim_at, loading, out.stall_speed_mps, req.service_ceiling_climb_mps))
    out.service_ceiling_m = *c;
  else
    out.problems.push_back("service ceiling above 20,000 m");
  if (auto c = ceiling_impl(trim_at, loading, out.stall_speed_mps, 0.0))
    out.absolute_ceiling_m = *c;
  else
    out.problems.push_back("absolute ceiling above 20,000 m");

  // Aerodynamic L/D max from level trims at sea level.
  {
    const double vs = out.stall_speed_mps;
    auto ld = [&](double v) {
      const TrimResult t = trim_at(request(loading, 0.0, v));
      return usable(t, alpha_max) ? t.lift_to_drag : -kInf;
    };
    const auto [v, best] = golden_max(ld, 1.02 * vs, 2.0 * vs, 0.02);
    out.lift_to_drag_max = best;
    out.lift_to_drag_max_speed_mps = v;
  }

  // Best glide: engine off, propeller windmilling, sea level.
  {
    const double vs = out.stall_speed_mps;
    auto gamma = [&](double v) {
      TrimRequest r = request(loading, 0.0, v);
      r.engine_off = true;
      const TrimResult t = trim_at(r);
      return usable(t, alpha_max) ? t.flight_path_rad : -kInf;
    };
    const auto [v, g] = golden_max(gamma, 1.02 * vs, 2.0 * vs, 0.02);
    out.best_glide_speed_mps = v;
    out.glide_ratio_max = g < 0 ? 1.0 / std::tan(-g) : 0;
  }

  // Endurance and range at altitude: best speeds at several masses, integrated over the fuel.
  {
    const int n = std::max(3, req.fuel_points | 1);
    const double fuel0 = loading.fuel_kg;
    std::vector<double> inv_flow(n), v_over_flow(n);  // [s/kg], [m/kg]
    bool ok = true;
    for (int k = 0; k < n; ++k) {
      Loading l = loading;
      l.fuel_kg = fuel0 * (1.0 - static_cast<double>(k) / (n - 1));
      const double vs = stall_at(req.altitude_m, mass_of(ac, l));
      auto neg_flow = [&](double v) {
        const TrimResult t = trim_at(request(l, req.altitude_m, v));
        return usable(t, alpha_max) && t.fuel_flow_kg_s > 0 ? -t.fuel_flow_kg_s : -kInf;
      };
      auto specific_range = [&](double v) {
        const TrimResult t = trim_at(request(l, req.altitude_m, v));
        return usable(t, alpha_max) && t.fuel_flow_kg_s > 0 ? v / t.fuel_flow_kg_s : -kInf;
      };
      const auto [ve, nf] = golden_max(neg_flow, 1.02 * vs, 2.2 * vs, 0.02);
      const auto [vr, sr] = golden_max(specific_range, 1.02 * vs, 2.5 * vs, 0.02);
      if (!std::isfinite(nf) || !std::isfinite(sr)) {
        ok = false;
        break;
      }
      inv_flow[k] = -1.0 / nf;
      v_over_flow[k] = sr;
      if (k == 0) {
        out.best_endurance_speed_mps = ve;
        out.min_fuel_flow_kg_s = -nf;
        out.best_range_speed_mps = vr;
      }
    }
    if (!ok) {
      out.problems.push_back("level flight does not trim at the altitude for endurance/range");
    } else {
      // Simpson's rule over the fuel burnt (samples equally spaced from full to empty).
      const double h = fuel0 / (n - 1);
      double e = 0, rng = 0;
      for (int k = 0; k < n; ++k) {
        const double w = (k == 0 || k == n - 1) ? 1.0 : (k % 2 == 1 ? 4.0 : 2.0);
        e += w * inv_flow[k];
        rng += w * v_over_flow[k];
      }
      out.endurance_s = e * h / 3.0;
      out.range_m = rng * h / 3.0;
    }
  }

  if (req.takeoff) {
    out.takeoff = simulate_takeoff(model, loading, out.stall_speed_mps);
    if (!out.takeoff.ok) out.problems.push_back("take-off simulation did not lift off cleanly");
  }
  out.trims = trim_at.count;
  return out;
}

}  // namespace kestrel
