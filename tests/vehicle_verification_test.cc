// The Searcher in the full 6-DOF model: properties a correct simulation must show, each checked
// against physics rather than against Kestrel's own earlier output — trim holds, mirror
// symmetry, rest on the gear, stall behaviour, fuel bookkeeping, Galilean invariance in wind.
#include <gtest/gtest.h>

#include <GeographicLib/Geodesic.hpp>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include "airframe/aircraft_file.h"
#include "analysis/trim.h"

namespace kestrel {
namespace {

VehicleModel searcher() {
  Result<AircraftParams> ac = load_aircraft("searcher2");
  EXPECT_TRUE(ac.ok()) << (ac.ok() ? "" : ac.error().message);
  VehicleModel m;
  m.aircraft = ac.value();
  return m;
}

TrimResult cruise_trim(const VehicleModel& m, double v = 40, double alt = 3000) {
  TrimRequest req;
  req.airspeed_mps = v;
  req.altitude_m = alt;
  req.loading = {100, 70};
  const TrimResult t = trim(m, req);
  EXPECT_TRUE(t.converged);
  return t;
}

TEST(Vehicle, TrimHoldsFor120Seconds) {
  const VehicleModel m = searcher();
  const TrimResult t = cruise_trim(m);
  VehicleState s = t.state;
  VehicleTelemetry tel;
  double max_dv = 0, max_dh = 0;
  for (int i = 0; i < 120 * 400; ++i) {
    step_vehicle(m, s, t.controls, &tel);
    max_dv = std::max(max_dv, std::abs(tel.tas_mps - 40.0));
    max_dh = std::max(max_dh, std::abs(tel.position.height_ellipsoid_m - 3000.0));
  }
  std::printf("trim hold 120 s: max |dV| %.4f m/s, max |dh| %.3f m\n", max_dv, max_dh);
  EXPECT_LT(max_dv, 0.2);
  EXPECT_LT(max_dh, 2.0);
}

TEST(Vehicle, SymmetricAircraftWithSymmetricInputsStaysInItsPlane) {
  // Mirror-symmetric: no propeller torque or gyroscopic moment, no earth rotation (Coriolis is
  // not mirror-symmetric), no wind. An elevator doublet must produce no lateral motion at all.
  VehicleModel m = searcher();
  m.aircraft.propeller.rotation_sign = 0;
  m.earth.rotation = false;
  TrimResult t = cruise_trim(m);
  EXPECT_NEAR(t.beta_rad, 0, 1e-9);
  EXPECT_NEAR(t.aileron_rad, 0, 1e-9);
  VehicleState s = t.state;
  VehicleTelemetry tel;
  double worst = 0;
  for (int i = 0; i < 60 * 400; ++i) {
    ControlInputs u = t.controls;
    const double time = s.time.seconds();
    if (time > 2 && time < 4) u.elevator_rad -= 0.05;
    if (time > 4 && time < 6) u.elevator_rad += 0.05;
    step_vehicle(m, s, u, &tel);
    worst = std::max({worst, std::abs(tel.beta_rad), std::abs(tel.euler.roll_rad),
                      std::abs(tel.omega_eb_b_rad_s.x()), std::abs(tel.omega_eb_b_rad_s.z()),
                      std::abs(tel.vel_ned_mps.y())});
  }
  std::printf("symmetry: largest lateral quantity over 60 s = %.3g\n", worst);
  EXPECT_LT(worst, 1e-9);
}

TEST(Vehicle, RestsOnTheRunwayWithoutCreepOrJitter) {
  const VehicleModel m = searcher();
  VehicleState s =
      make_parked_state(m, deg_to_rad(32.0), deg_to_rad(35.0), deg_to_rad(70.0), 100, 70, 1);
  ControlInputs u;  // brakes off, engine off
  u.ignition = false;
  const Vec3 p0 = s.body.pos_ecef_m;
  VehicleTelemetry tel;
  std::vector<double> nose, main_left;
  for (int i = 0; i < 120 * 400; ++i) {
    step_vehicle(m, s, u, &tel);
    nose.push_back(tel.gear.normal_force_n[0]);
    main_left.push_back(tel.gear.normal_force_n[1]);
    ASSERT_FALSE(s.crashed);
  }
  const double drift = (s.body.pos_ecef_m - p0).norm();
  auto range = [](const std::vector<double>& v) {
    const auto [lo, hi] = std::minmax_element(v.begin(), v.end());
    return *hi - *lo;
  };
  double total = 0;
  for (int c = 0; c < static_cast<int>(m.aircraft.contacts.size()); ++c)
    total += tel.gear.normal_force_n[c];
  std::printf("rest 120 s: drift %.3g m, strut force range nose %.3g N, main %.3g N, load %.1f N\n",
              drift, range(nose), range(main_left), total);
  EXPECT_LT(drift, 0.01);
  EXPECT_LT(range(nose), 0.5);  // no oscillation: constant to within 0.5 N of ~700 N
  EXPECT_LT(range(main_left), 0.5);
  EXPECT_NEAR(total, tel.mass_kg * 9.79, 0.01 * tel.mass_kg * 9.79);  // gear carries the weight
  EXPECT_EQ(tel.gear.wheels_on_ground, 3);
}

TEST(Vehicle, LiftFallsPastTheStall) {
  const VehicleModel m = searcher();
  const AeroParams& a = m.aircraft.aero;
  double cl_max = -1, alpha_max = 0;
  for (double alpha_deg = 0; alpha_deg <= 25; alpha_deg += 0.25) {
    const double cl = a.cl_alpha.evaluate(deg_to_rad(alpha_deg));
    if (cl > cl_max) cl_max = cl, alpha_max = alpha_deg;
  }
  EXPECT_GT(alpha_max, 8.0);
  EXPECT_LT(a.cl_alpha.evaluate(deg_to_rad(alpha_max + 4)), cl_max - 0.1);
  // Through the full force model: the lift force at 40 m/s falls past alpha_max.
  AeroInput in;
  in.airspeed_mps = 40;
  in.qbar_pa = 0.5 * 1.0 * 40 * 40;
  auto lift = [&](double alpha_deg) {
    set_aero_angles(in, deg_to_rad(alpha_deg), 0.0);
    const AeroOutput o =
        evaluate_aero(a, m.aircraft.geometry, in, m.aircraft.geometry.aero_ref_b_m);
    const double al = in.alpha_rad;
    return -o.force_b_n.z() * std::cos(al) + o.force_b_n.x() * std::sin(al);  // lift = -Z_wind
  };
  EXPECT_GT(lift(alpha_max), lift(alpha_max - 3));
  EXPECT_GT(lift(alpha_max), lift(alpha_max + 4) + 100);
}

TEST(Vehicle, NoseDropsInASlowDecelerationAtIdle) {
  // Throttle to idle, pull the elevator slowly back: the aircraft slows, reaches the stall, and
  // the nose drops while the stick is still held back.
  const VehicleModel m = searcher();
  const TrimResult t = cruise_trim(m);
  VehicleState s = t.state;
  VehicleTelemetry tel;
  double max_pitch = -1, pitch_drop = 0, max_alpha = 0;
  for (int i = 0; i < 60 * 400; ++i) {
    ControlInputs u = t.controls;
    u.throttle = 0;
    const double time = s.time.seconds();
    u.elevator_rad = t.controls.elevator_rad - deg_to_rad(std::min(18.0, 0.6 * time));
    step_vehicle(m, s, u, &tel);
    max_alpha = std::max(max_alpha, tel.alpha_rad);
    max_pitch = std::max(max_pitch, tel.euler.pitch_rad);
    pitch_drop = std::max(pitch_drop, max_pitch - tel.euler.pitch_rad);
  }
  std::printf(
      "deceleration at idle: max alpha %.1f deg, nose drop %.1f deg from a peak pitch of %.1f "
      "deg\n",
      rad_to_deg(max_alpha), rad_to_deg(pitch_drop), rad_to_deg(max_pitch));
  EXPECT_GT(rad_to_deg(max_alpha), 13.0);  // went past the stall angle
  EXPECT_GT(rad_to_deg(pitch_drop), 5.0);  // and the nose dropped
}

TEST(Vehicle, FuelBurntEqualsTheIntegralOfFuelFlowAndMassFollows) {
  const VehicleModel m = searcher();
  const TrimResult t = cruise_trim(m);
  VehicleState s = t.state;
  VehicleTelemetry tel;
  const double dt = m.step.seconds();
  double integral = 0;
  const double fuel0 = total_fuel_kg(s.fuel_kg);
  const int steps = 3600 * 400;
  for (int i = 0; i < steps; ++i) {
    step_vehicle(m, s, t.controls, &tel);
    integral += tel.propulsion.fuel_flow_kg_s * dt;  // flow reported for this step
    if (i % 40000 == 0) {
      const MassProperties mp = compute_mass_properties(m.aircraft.mass, s.payload_kg, s.fuel_kg);
      EXPECT_NEAR(tel.mass_kg, m.aircraft.mass.empty_mass_kg + 70 + tel.fuel_kg, 1e-9);
      (void)mp;
    }
  }
  const double burnt = fuel0 - total_fuel_kg(s.fuel_kg);
  const MassProperties end = compute_mass_properties(m.aircraft.mass, s.payload_kg, s.fuel_kg);
  std::printf(
      "one hour: burnt %.4f kg, integral of reported flow %.4f kg; mass %.2f kg, CG x %.4f m\n",
      burnt, integral, end.mass_kg, end.cg_b_m.x());
  EXPECT_GT(burnt, 3.0);
  EXPECT_NEAR(burnt, integral, 1e-9 * burnt + 1e-12);
  EXPECT_NEAR(burnt, s.fuel_burnt_kg, 1e-9);
  EXPECT_NEAR(end.mass_kg, 450.0 - burnt, 1e-9);
  // CG by hand: moments of the empty aircraft, payload and fuel.
  const MassParams& mp = m.aircraft.mass;
  const double fuel = total_fuel_kg(s.fuel_kg);
  const double x = (mp.empty_mass_kg * mp.empty_cg_b_m.x() + 70 * mp.payload_position_b_m.x() +
                    fuel * mp.tanks[0].position_b_m.x()) /
                   (mp.empty_mass_kg + 70 + fuel);
  EXPECT_NEAR(end.cg_b_m.x(), x, 1e-12);
}

TEST(Vehicle, UniformWindChangesTheGroundTrackNotTheFlight) {
  // Galilean invariance: in a wind that is the same everywhere, the air-relative flight is
  // identical to the still-air one and the track drifts with the wind. Earth rotation off, so the
  // two frames differ only by the drift. Only nearly: the earth is round, so after drifting d
  // metres the local vertical (gravity) has turned by d / R relative to the body (240 m in 20 s:
  // 4e-5 rad), which is what the tolerances allow for.
  VehicleModel calm = searcher();
  calm.earth.rotation = false;
  const TrimResult t = cruise_trim(calm);
  VehicleModel windy = calm;
  windy.environment.wind.layers = {{1.0, 12.0, deg_to_rad(300)}};  // constant above 1 m AGL
  const Vec3 wind_ned = steady_wind_ned(windy.environment.wind, 3000);
  VehicleState a = t.state, b = t.state;
  // Same air-relative start: the windy aircraft also moves with the air.
  b.body.vel_ecef_mps += R_ned_from_ecef(0, 0).transpose() * wind_ned;
  VehicleTelemetry ta, tb;
  double worst_tas = 0, worst_alpha = 0;
  for (int i = 0; i < 20 * 400; ++i) {
    ControlInputs u = t.controls;
    if (i > 5 * 400 && i < 7 * 400) u.aileron_rad += 0.03;
    step_vehicle(calm, a, u, &ta);
    step_vehicle(windy, b, u, &tb);
    worst_tas = std::max(worst_tas, std::abs(ta.tas_mps - tb.tas_mps));
    worst_alpha = std::max(worst_alpha, std::abs(ta.alpha_rad - tb.alpha_rad));
  }
  std::printf("uniform wind: max |dTAS| %.3g m/s, max |d alpha| %.3g rad over 20 s\n", worst_tas,
              worst_alpha);
  EXPECT_LT(worst_tas, 5e-3);
  EXPECT_LT(worst_alpha, 1e-4);
  // And the ground track moved with the wind.
  const Vec3 drift = R_ned_from_ecef(0, 0) * (b.body.pos_ecef_m - a.body.pos_ecef_m);
  EXPECT_NEAR(drift.x(), wind_ned.x() * 20.0, 0.5);
  EXPECT_NEAR(drift.y(), wind_ned.y() * 20.0, 0.5);
}

TEST(Vehicle, SameSeedSameFlightBitForBit) {
  // Determinism: the same model, state and seed give identical states, bit for bit; another
  // seed gives another turbulence.
  VehicleModel m = searcher();
  const TrimResult t = cruise_trim(m);
  m.environment.turbulence = TurbulenceLevel::kSevere;
  auto fly = [&](uint64_t seed) {
    VehicleState s = t.state;
    s.turbulence_rng = make_stream(seed, "turbulence");
    for (int i = 0; i < 30 * 400; ++i) step_vehicle(m, s, t.controls);
    return s;
  };
  const VehicleState a = fly(7), b = fly(7), c = fly(8);
  EXPECT_EQ(a.body.pos_ecef_m, b.body.pos_ecef_m);
  EXPECT_EQ(a.body.vel_ecef_mps, b.body.vel_ecef_mps);
  EXPECT_EQ(a.body.q_ecef_from_b.coeffs(), b.body.q_ecef_from_b.coeffs());
  EXPECT_EQ(a.omega_prop_rad_s, b.omega_prop_rad_s);
  EXPECT_GT((a.body.pos_ecef_m - c.body.pos_ecef_m).norm(), 1.0);
}

TEST(Vehicle, NonFiniteInputsNeverReachTheState) {
  const VehicleModel m = searcher();
  const TrimResult t = cruise_trim(m);
  VehicleState s = t.state;
  ControlInputs u = t.controls;
  u.elevator_rad = std::nan("");
  u.throttle = INFINITY;
  for (int i = 0; i < 400; ++i) step_vehicle(m, s, u);
  EXPECT_TRUE(s.body.pos_ecef_m.allFinite());
  EXPECT_TRUE(s.body.omega_b_rad_s.allFinite());
  EXPECT_FALSE(s.crashed);
  EXPECT_EQ(s.actuators.elevator_rad, t.state.actuators.elevator_rad);  // servo held
}

TEST(Vehicle, LongGlideFollowsTheGreatCircle) {
  // On a spherical, non-rotating earth with central gravity, the plane through the earth's centre
  // and the initial velocity is a plane of symmetry of the whole problem, so a mirror-symmetric
  // aircraft gliding straight must stay on the great circle it started along. Compare its track,
  // over a glide of more than 100 km, with GeographicLib's geodesic on that sphere.
  VehicleModel m = searcher();
  m.aircraft.propeller.rotation_sign = 0;
  m.earth.rotation = false;
  m.earth.sphere_radius_m = 6371000.0;
  m.earth.gravity.model = GravityParams::Model::kPointMass;
  TrimRequest req;
  req.airspeed_mps = 62;  // 36 m/s equivalent airspeed at 10 km
  req.altitude_m = 10000;
  req.engine_off = true;
  req.loading = {100, 70};
  req.lat_rad = deg_to_rad(30);
  req.lon_rad = deg_to_rad(10);
  req.heading_rad = deg_to_rad(50);
  const TrimResult t = trim(m, req);
  ASSERT_TRUE(t.converged);
  VehicleState s = t.state;
  VehicleTelemetry tel;
  const GeographicLib::Geodesic sphere(6371000.0, 0.0);
  double along = 0, worst_cross = 0;  // ground distance flown, largest cross-track offset
  double h = req.altitude_m;
  while (h > 1000 && s.time.seconds() < 6000) {
    step_vehicle(m, s, t.controls, &tel);
    const double v_ground = std::hypot(tel.vel_ned_mps.x(), tel.vel_ned_mps.y());
    along +=
        v_ground * m.step.seconds() * 6371000.0 / (6371000.0 + tel.position.height_ellipsoid_m);
    h = tel.position.height_ellipsoid_m;
    if (s.time.us % 4000000 == 0) {
      double s12, azi1, azi2;
      sphere.Inverse(30.0, 10.0, rad_to_deg(tel.position.lat_rad), rad_to_deg(tel.position.lon_rad),
                     s12, azi1, azi2);
      worst_cross = std::max(worst_cross, std::abs(s12 * std::sin(deg_to_rad(azi1 - 50.0))));
    }
  }
  double s12, azi1, azi2;
  sphere.Inverse(30.0, 10.0, rad_to_deg(tel.position.lat_rad), rad_to_deg(tel.position.lon_rad),
                 s12, azi1, azi2);
  std::printf(
      "great-circle glide: %.1f km in %.0f s, largest cross-track offset %.3g m, "
      "distance flown vs geodesic %.3g m\n",
      s12 / 1000, s.time.seconds(), worst_cross, along - s12);
  EXPECT_GT(s12, 100e3);
  EXPECT_LT(worst_cross, 0.01);
  EXPECT_NEAR(along, s12, 1e-6 * s12 + 0.5);  // the integrated ground track is the geodesic length
}

}  // namespace
}  // namespace kestrel
