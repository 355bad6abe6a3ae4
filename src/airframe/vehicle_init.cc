// Initial states for the air vehicle: airborne at a given flight condition, or parked.
#include <algorithm>
#include <cmath>

#include "airframe/vehicle.h"

namespace kestrel {
namespace {

// Body rate relative to inertial space for a body at rest relative to the earth (or in steady
// straight flight): the earth rate seen in body axes.
Vec3 earth_rate_in_body(const EarthModel& m, const Quat& q_e_b) {
  return q_e_b.conjugate() * earth_rate_ecef(m);
}

Quat q_ecef_from_ned(const Geodetic& g) {
  return Quat(Mat3(R_ned_from_ecef(g.lat_rad, g.lon_rad).transpose()));
}

}  // namespace

VehicleState make_airborne_state(const VehicleModel& m, const AirborneInit& init,
                                 const ControlInputs& u, uint64_t seed) {
  const AircraftParams& ac = m.aircraft;
  VehicleState s;
  s.turbulence_rng = make_stream(seed, "turbulence");
  s.payload_kg = init.payload_kg;
  s.fuel_kg = distribute_fuel(ac.mass, init.fuel_kg);
  s.actuators = actuators_at(ac.actuators, u);
  s.engine.running = init.engine_running;
  s.omega_prop_rad_s = init.omega_prop_rad_s;

  const Geodetic& g = init.position;
  s.body.pos_ecef_m = ecef_from_earth_position(m.earth, g);
  const Euler e{0.0, init.flight_path_rad + init.alpha_rad, init.heading_rad};
  const Quat q_ned_b = q_ned_from_b_from_euler(e);
  s.body.q_ecef_from_b = (q_ecef_from_ned(g) * q_ned_b).normalized();
  const double gam = init.flight_path_rad, psi = init.heading_rad;
  const Vec3 vel_ned = init.airspeed_mps * Vec3(std::cos(gam) * std::cos(psi),
                                                std::cos(gam) * std::sin(psi), -std::sin(gam));
  s.body.vel_ecef_mps = R_ned_from_ecef(g.lat_rad, g.lon_rad).transpose() * vel_ned;
  s.body.omega_b_rad_s = earth_rate_in_body(m.earth, s.body.q_ecef_from_b);
  return s;
}

VehicleState make_parked_state(const VehicleModel& m, double lat_rad, double lon_rad,
                               double heading_rad, double fuel_kg, double payload_kg,
                               uint64_t seed) {
  const AircraftParams& ac = m.aircraft;
  const FuelArray fuel = distribute_fuel(ac.mass, fuel_kg);
  const MassProperties mp = compute_mass_properties(ac.mass, payload_kg, fuel);

  // Level attitude, lowest wheel just touching the ground.
  double lowest = 0;
  for (const ContactParams& c : ac.contacts)
    if (c.kind == ContactKind::kWheel)
      lowest = std::max(lowest, c.position_b_m.z() - mp.cg_b_m.z());

  ControlInputs u;
  u.brake_left = u.brake_right = 1.0;
  u.throttle = 0;
  u.ignition = false;
  AirborneInit init;
  init.position = {lat_rad, lon_rad, m.environment.ground_height_m + lowest};
  init.heading_rad = heading_rad;
  init.airspeed_mps = 0;
  init.fuel_kg = fuel_kg;
  init.payload_kg = payload_kg;
  init.engine_running = false;
  VehicleState s = make_airborne_state(m, init, u, seed);

  // Let it settle onto its struts with brakes on, in still air, then start the clock at zero.
  VehicleModel calm = m;
  calm.environment.wind = WindParams{};
  calm.environment.turbulence = TurbulenceLevel::kNone;
  calm.environment.gusts.clear();
  const int settle_steps = static_cast<int>(20.0 / m.step.seconds());
  for (int i = 0; i < settle_steps; ++i) step_vehicle(calm, s, u);
  s.time = SimTime{};
  s.fuel_burnt_kg = 0;
  s.crashed = false;
  s.turbulence = TurbulenceState{};
  return s;
}

}  // namespace kestrel
