#include "airframe/vehicle.h"

#include <algorithm>
#include <cmath>

#include "core/check.h"

namespace kestrel {
namespace {

constexpr double kSeaLevelDensity = 1.225;  // ISA 1976 [kg/m^3]

// The distance from the CG to the farthest contact point.
double contact_reach_m(const AircraftParams& ac, const Vec3& cg_b_m) {
  double reach_sq = 0;
  for (const ContactParams& c : ac.contacts)
    reach_sq = std::max(reach_sq, (c.position_b_m - cg_b_m).squaredNorm());
  return std::sqrt(reach_sq);
}

// A b and A^T b written out, in the order of operations of Eigen's fixed-size product (the same
// bits): inlined where Eigen's product, in a function as large as evaluate_derivative, is a call
// around which every live floating-point register is spilled and reloaded.
[[gnu::always_inline]] inline Vec3 times(const Mat3& A, const Vec3& b) {
  return Vec3(A(0, 0) * b(0) + A(0, 1) * b(1) + A(0, 2) * b(2),
              A(1, 0) * b(0) + A(1, 1) * b(1) + A(1, 2) * b(2),
              A(2, 0) * b(0) + A(2, 1) * b(1) + A(2, 2) * b(2));
}
[[gnu::always_inline]] inline Vec3 transpose_times(const Mat3& A, const Vec3& b) {
  return Vec3(A(0, 0) * b(0) + A(1, 0) * b(1) + A(2, 0) * b(2),
              A(0, 1) * b(0) + A(1, 1) * b(1) + A(2, 1) * b(2),
              A(0, 2) * b(0) + A(1, 2) * b(1) + A(2, 2) * b(2));
}

// Whether some contact point can reach the ground within `dt`: the farthest point from the CG
// plus the distance the aircraft can fall in the step, with a wide margin.
// `reach_m`: contact_reach_m at the CG of the last mass recomputation (VehicleState).
bool gear_can_touch(double reach_m, double h_agl_m, double speed_mps, double dt) {
  return h_agl_m < reach_m + 2.0 + speed_mps * dt;
}

// `position`: the CG's geodetic position when the caller has it already (else computed).
// `R_ned_from_ecef`: the rotation at `position`, given with it.
void prepare_step_dt(const VehicleModel& m, VehicleState& s, const ControlInputs& u, double dt,
                     StepContext& ctx, const Geodetic* position = nullptr,
                     const Mat3* R_ned_from_ecef = nullptr) {
  const AircraftParams& ac = m.aircraft;
  const EnvironmentParams& env = m.environment;

  ctx.controls = u;
  if (position) {
    ctx.position = *position;
    ctx.R_ned_from_ecef = *R_ned_from_ecef;
  } else {
    ctx.position = earth_position(m.earth, s.body.pos_ecef_m, &ctx.R_ned_from_ecef);
  }
  ctx.pos0_ecef_m = s.body.pos_ecef_m;
  ctx.air = atmosphere(env.atmosphere, ctx.position.height_ellipsoid_m);
  ctx.sigma = ctx.air.density_kg_m3 / kSeaLevelDensity;

  // Wind: steady profile + discrete gusts (air-mass velocity, NED).
  const double h_agl = ctx.position.height_ellipsoid_m - env.ground_height_m;
  ctx.wind_ned_mps = steady_wind_ned(env.wind, h_agl);
  const Vec3 vel_ned = ctx.R_ned_from_ecef * s.body.vel_ecef_mps;
  const double airspeed_est = (vel_ned - ctx.wind_ned_mps).norm();
  for (const Gust& g : env.gusts)
    ctx.wind_ned_mps += gust_velocity_ned(g, s.time.seconds(), airspeed_est);
  ctx.wind_ecef_mps = ctx.R_ned_from_ecef.transpose() * ctx.wind_ned_mps;

  // Turbulence (body axes), one draw per step.
  const TurbulenceParams tp{env.turbulence, ac.geometry.span_m};
  step_turbulence(tp, s.turbulence, std::max(h_agl, 0.0), airspeed_est, dt, s.turbulence_rng,
                  ctx.turbulence);

  // Actuators move towards their commands; the new positions hold through the step.
  if (s.actuator_factors.dt_s != dt) actuator_step_factors(ac.actuators, dt, &s.actuator_factors);
  step_actuators(ac.actuators, s.actuator_factors, s.actuators, u);
  ctx.actuators = s.actuators;

  // Engine on/off logic (discrete), then mass properties with the fuel now on board.
  PropulsionInput pin;
  pin.throttle = s.actuators.throttle;
  pin.ignition = u.ignition;
  pin.starter = u.starter;
  update_engine_state(ac.engine, ac.propeller, s.engine, pin, s.omega_prop_rad_s,
                      total_fuel_kg(s.fuel_kg) > 0);
  ctx.engine = s.engine;
  // Mass properties: the CG and inertia move by micrometres per gram of fuel, so they are
  // recomputed (parallel axes, a 3x3 inverse) only when a gram has burnt; the mass is exact.
  const double fuel = total_fuel_kg(s.fuel_kg);
  if (std::abs(fuel - s.mass_cache_fuel_kg) > 1e-3 || s.payload_kg != s.mass_cache_payload_kg) {
    s.mass_cache = compute_mass_properties(ac.mass, s.payload_kg, s.fuel_kg);
    s.mass_cache_contact_reach_m = contact_reach_m(ac, s.mass_cache.cg_b_m);
    s.mass_cache_fuel_kg = fuel;
    s.mass_cache_payload_kg = s.payload_kg;
  }
  ctx.mass = s.mass_cache;
  ctx.mass.mass_kg = ac.mass.empty_mass_kg + s.payload_kg + fuel;

  // Ground contact is possible only when some contact point can reach the ground within this
  // step. In flight the gear then costs nothing.
  ctx.gear_near_ground =
      gear_can_touch(s.mass_cache_contact_reach_m, h_agl, s.body.vel_ecef_mps.norm(), dt);
}

}  // namespace

void prepare_step(const VehicleModel& m, VehicleState& s, const ControlInputs& u,
                  StepContext& ctx) {
  prepare_step_dt(m, s, u, m.step.seconds(), ctx);
}

void evaluate_derivative(const VehicleModel& m, const StepContext& ctx, const StageState& x,
                         StageDerivative& d, VehicleTelemetry* tel, GearOutput* gear_out) {
  const AircraftParams& ac = m.aircraft;
  const RigidBodyState& b = x.body;
  const Mat3 R_e_b = rotation_matrix(b.q_ecef_from_b.normalized());
  const Vec3 w_eb = omega_eb_b(m.earth, b, R_e_b);
  const MassProperties& mp = ctx.mass;
  const ActuatorState& act = ctx.actuators;
  // The attitude and velocity in NED only where they are used: the gear and the telemetry.
  const bool need_ned = tel != nullptr || ctx.gear_near_ground;
  const Mat3 R_ned_b = need_ned ? (ctx.R_ned_from_ecef * R_e_b).eval() : Mat3();
  const Vec3 vel_ned = need_ned ? (ctx.R_ned_from_ecef * b.vel_ecef_mps).eval() : Vec3();

  // Air-relative motion: one wind (steady + gust + turbulence) for aero, propeller and pitot.
  // R_b_ned (v_ned - w_ned) = R_b_e (v_e - w_e), the wind in ECEF axes once per step.
  const Vec3 air_b =
      R_e_b.transpose() * (b.vel_ecef_mps - ctx.wind_ecef_mps) - ctx.turbulence.vel_b_mps;
  const double tas = air_b.norm();
  // atan2 through atan where it may (forward flight): the same angle, at a third of the cost.
  const double alpha = air_b.x() > 0 ? std::atan(air_b.z() / air_b.x())
                                     : std::atan2(air_b.z(), air_b.x());
  const double beta = tas > 1e-6 ? std::asin(std::clamp(air_b.y() / tas, -1.0, 1.0)) : 0.0;
  const double qbar = 0.5 * ctx.air.density_kg_m3 * tas * tas;

  AeroInput ain;
  ain.qbar_pa = qbar;
  ain.airspeed_mps = tas;
  ain.alpha_rad = alpha;
  ain.beta_rad = beta;
  // cos/sin from the components: u = V ca cb, v = V sb, w = V sa cb.
  const double v_xz = std::sqrt(air_b.x() * air_b.x() + air_b.z() * air_b.z());
  if (v_xz > 1e-9) {
    ain.cos_alpha = air_b.x() / v_xz;
    ain.sin_alpha = air_b.z() / v_xz;
  }
  if (tas > 1e-9) {
    ain.cos_beta = v_xz / tas;
    ain.sin_beta = air_b.y() / tas;
  }
  ain.omega_air_b = w_eb - ctx.turbulence.omega_b_rad_s;
  ain.elevator_rad = act.elevator_rad;
  ain.aileron_rad = act.aileron_rad;
  ain.rudder_rad = act.rudder_rad;
  ain.flap_rad = act.flap_rad;
  const AeroOutput aero = evaluate_aero(ac.aero, ac.geometry, ain, mp.cg_b_m);

  PropulsionInput pin;
  pin.throttle = act.throttle;
  pin.ignition = ctx.controls.ignition;
  pin.starter = ctx.controls.starter;
  pin.rho_kg_m3 = ctx.air.density_kg_m3;
  pin.sigma = ctx.sigma;
  pin.inflow_mps = air_b.dot(ac.propeller.thrust_axis_b);
  const PropulsionOutput prop =
      evaluate_propulsion(ac.engine, ac.propeller, ctx.engine, pin, x.omega_prop_rad_s);

  GearOutput* gear_detail = tel ? &tel->gear : gear_out;
  GearForces gear;
  if (ctx.gear_near_ground) {
    GearInput gin;
    gin.R_ned_from_b = R_ned_b;
    gin.cg_offset_ned_m = ctx.R_ned_from_ecef * (b.pos_ecef_m - ctx.pos0_ecef_m);
    gin.cg_height_m = ctx.position.height_ellipsoid_m;
    gin.ground_height_m = m.environment.ground_height_m;
    gin.vel_ned_mps = vel_ned;
    gin.omega_eb_b = w_eb;
    gin.cg_b_m = mp.cg_b_m;
    gin.brake_left = act.brake_left;
    gin.brake_right = act.brake_right;
    gin.steer_rad = act.nosewheel_rad;
    gear = evaluate_gear(ac.contacts, gin, gear_detail);
  } else if (gear_detail) {
    *gear_detail = GearOutput{};
  }

  // Forces and moments about the CG, body axes.
  const Vec3& axis = ac.propeller.thrust_axis_b;
  const Vec3 thrust_b = prop.thrust_n * axis;
  Vec3 force_b = aero.force_b_n + thrust_b + gear.force_b_n;
  const double spin = ac.propeller.rotation_sign;
  const Vec3 rotor_momentum_b = spin * ac.propeller.inertia_kg_m2 * x.omega_prop_rad_s * axis;
  Vec3 moment_b = aero.moment_b_nm + (ac.propeller.position_b_m - mp.cg_b_m).cross(thrust_b) +
                  gear.moment_b_nm - spin * prop.engine_torque_prop_nm * axis;

  // alpha_dot from the translational acceleration without the alpha_dot terms, then add them.
  // The air-relative velocity in body axes changes as d(air_b)/dt = R_b_e a_e - w_eb x air_b for
  // a wind that is steady over the step (the body turns through the moving air mass).
  RigidBodyDerivative rb =
      rigid_body_derivative(m.earth, b, R_e_b, w_eb, force_b, moment_b, mp.mass_kg,
                            mp.inertia_b_kg_m2, mp.inertia_inv_b, rotor_momentum_b);
  const Vec3 accel_b = transpose_times(R_e_b, rb.vel_dot) - w_eb.cross(air_b);
  const double uw2 = air_b.x() * air_b.x() + air_b.z() * air_b.z();
  const double alpha_dot =
      uw2 > 1.0 ? (air_b.x() * accel_b.z() - air_b.z() * accel_b.x()) / uw2 : 0.0;
  const Vec3 df = alpha_dot * aero.force_per_alpha_dot_b;
  const Vec3 dm = alpha_dot * aero.moment_per_alpha_dot_b;
  rb.vel_dot += times(R_e_b, df / mp.mass_kg);
  rb.omega_dot += times(mp.inertia_inv_b, dm);
  force_b += df;
  moment_b += dm;

  d.body = rb;
  d.specific_force_b_mps2 = force_b / mp.mass_kg;
  d.omega_prop_dot = prop.rotor_accel_rad_s2;
  d.fuel_flow_kg_s = prop.fuel_flow_kg_s;

  if (tel) {
    tel->position = ctx.position;
    tel->vel_ned_mps = vel_ned;
    tel->accel_b_mps2 = force_b / mp.mass_kg;
    tel->euler = euler_from_R_ned_from_b(R_ned_b);
    tel->R_ned_from_b = R_ned_b;
    tel->omega_eb_b_rad_s = w_eb;
    tel->alpha_rad = alpha;
    tel->beta_rad = beta;
    tel->alpha_dot_rad_s = alpha_dot;
    tel->tas_mps = tas;
    tel->eas_mps = tas * std::sqrt(ctx.sigma);
    tel->mach = tas / ctx.air.speed_of_sound_mps;
    tel->qbar_pa = qbar;
    tel->air_vel_b_mps = air_b;
    tel->air = ctx.air;
    tel->wind_ned_mps = ctx.wind_ned_mps;
    tel->turbulence_b_mps = ctx.turbulence.vel_b_mps;
    tel->turbulence_omega_b_rad_s = ctx.turbulence.omega_b_rad_s;
    tel->aero = aero;
    tel->aero.force_b_n += df;
    tel->aero.moment_b_nm += dm;
    tel->propulsion = prop;
    tel->engine_running = ctx.engine.running;
    tel->mass_kg = mp.mass_kg;
    tel->cg_b_m = mp.cg_b_m;
    tel->actuators = act;
    tel->force_b_n = force_b;
    tel->moment_b_nm = moment_b;
  }
}

namespace {

// One RK4 step of length `step` (the body of step_vehicle).
void step_rk4(const VehicleModel& m, VehicleState& s, const ControlInputs& u, SimTime step,
              VehicleTelemetry* tel, const Geodetic* position = nullptr,
              const Mat3* R_ned_from_ecef = nullptr) {
  const double dt = step.seconds();
  StepContext ctx;
  prepare_step_dt(m, s, u, dt, ctx, position, R_ned_from_ecef);
  const double fuel_at_start = total_fuel_kg(s.fuel_kg);

  const StageState x0{s.body, s.omega_prop_rad_s};
  StageDerivative k1, k2, k3, k4;
  GearOutput gear0;
  evaluate_derivative(m, ctx, x0, k1, tel, &gear0);
  const GearOutput& g = tel ? tel->gear : gear0;
  const StageState x1{advance(s.body, k1.body, 0.5 * dt),
                      s.omega_prop_rad_s + 0.5 * dt * k1.omega_prop_dot};
  evaluate_derivative(m, ctx, x1, k2, nullptr);
  const StageState x2{advance(s.body, k2.body, 0.5 * dt),
                      s.omega_prop_rad_s + 0.5 * dt * k2.omega_prop_dot};
  evaluate_derivative(m, ctx, x2, k3, nullptr);
  const StageState x3{advance(s.body, k3.body, dt), s.omega_prop_rad_s + dt * k3.omega_prop_dot};
  evaluate_derivative(m, ctx, x3, k4, nullptr);

  RigidBodyState next = rk4_combine(s.body, k1.body, k2.body, k3.body, k4.body, dt);
  double omega_prop = s.omega_prop_rad_s + dt / 6.0 *
                                               (k1.omega_prop_dot + 2 * k2.omega_prop_dot +
                                                2 * k3.omega_prop_dot + k4.omega_prop_dot);
  const double fuel_flow =
      (k1.fuel_flow_kg_s + 2 * k2.fuel_flow_kg_s + 2 * k3.fuel_flow_kg_s + k4.fuel_flow_kg_s) / 6.0;

  // Non-finite guard (style.md habit 13): never let a NaN into the state. Keep the last good
  // state and mark the flight as ended; this only happens for physically absurd inputs.
  const bool finite = next.pos_ecef_m.allFinite() && next.vel_ecef_mps.allFinite() &&
                      next.q_ecef_from_b.coeffs().allFinite() && next.omega_b_rad_s.allFinite() &&
                      std::isfinite(omega_prop);
  if (finite) {
    s.body = next;
    s.omega_prop_rad_s = std::max(0.0, omega_prop);
    const double burnt = std::min(fuel_flow * dt, total_fuel_kg(s.fuel_kg));
    burn_fuel(s.fuel_kg, burnt);
    s.fuel_burnt_kg += burnt;
    s.step_specific_force_b_mps2 =
        (k1.specific_force_b_mps2 + 2.0 * (k2.specific_force_b_mps2 + k3.specific_force_b_mps2) +
         k4.specific_force_b_mps2) /
        6.0;
    s.step_omega_dot_b_rad_s2 =
        (k1.body.omega_dot + 2.0 * (k2.body.omega_dot + k3.body.omega_dot) + k4.body.omega_dot) /
        6.0;
  } else if (!s.crashed) {
    s.crashed = true;
    s.crash_impact_speed_mps = 0;
  }
  s.time += step;

  // Crash: a structural point on the ground, or a strut bottoming hard.
  if (!s.crashed &&
      (g.structure_contact || (g.gear_bottomed && g.impact_speed_mps > kGearCollapseSinkRateMps))) {
    s.crashed = true;
    s.crash_impact_speed_mps = g.impact_speed_mps;
    s.crash_contact = g.worst_contact;
  }
  if (tel) {
    tel->time_s = (s.time - step).seconds();
    tel->fuel_kg = fuel_at_start;
    tel->propulsion.fuel_flow_kg_s = fuel_flow;
  }
}

}  // namespace

void step_vehicle(const VehicleModel& m, VehicleState& s, const ControlInputs& u,
                  VehicleTelemetry* tel) {
  const int64_t step_us = m.step.us, sub_us = m.ground_substep.us;
  if (sub_us <= 0 || step_us <= sub_us) {
    step_rk4(m, s, u, m.step, tel);
    return;
  }
  // Sub-steps only when a contact point can reach the ground within the whole step (decided
  // from the state at its start; the CG of the last mass recomputation is close enough for a
  // test with a 2 m margin).
  Mat3 R_ned_ecef;
  const Geodetic pos = earth_position(m.earth, s.body.pos_ecef_m, &R_ned_ecef);
  const double h_agl = pos.height_ellipsoid_m - m.environment.ground_height_m;
  const bool mass_known = s.mass_cache_fuel_kg >= 0;
  if (mass_known && !gear_can_touch(s.mass_cache_contact_reach_m, h_agl,
                                    s.body.vel_ecef_mps.norm(), m.step.seconds())) {
    step_rk4(m, s, u, m.step, tel, &pos, &R_ned_ecef);
    return;
  }
  // n equal sub-steps (integer microseconds: the remainder is spread over the first ones), each
  // a full step of its own (environment, actuators, engine logic); the IMU sees their mean.
  const int64_t n = (step_us + sub_us - 1) / sub_us;
  Vec3 f_sum = Vec3::Zero(), wdot_sum = Vec3::Zero();
  int64_t done_us = 0;
  for (int64_t i = 0; i < n; ++i) {
    const int64_t len = step_us / n + (i < step_us % n ? 1 : 0);
    step_rk4(m, s, u, SimTime{len}, i == 0 ? tel : nullptr, i == 0 ? &pos : nullptr,
             i == 0 ? &R_ned_ecef : nullptr);
    done_us += len;
    const double w = static_cast<double>(len);
    f_sum += w * s.step_specific_force_b_mps2;
    wdot_sum += w * s.step_omega_dot_b_rad_s2;
    if (s.crashed) break;
  }
  s.time += SimTime{step_us - done_us};  // a crash ends the step early: keep the clock whole
  s.step_specific_force_b_mps2 = f_sum / static_cast<double>(done_us);
  s.step_omega_dot_b_rad_s2 = wdot_sum / static_cast<double>(done_us);
  if (tel) tel->time_s = (s.time - m.step).seconds();
}

}  // namespace kestrel
