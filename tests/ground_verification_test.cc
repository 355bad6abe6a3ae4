// The aircraft on the ground and the engine: starting, idling, stopping and failing; rolling and
// steering; a landing that touches down without numerical bounce; a wing tip on the ground is a
// crash with its impact speed.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "airframe/aircraft_file.h"
#include "analysis/trim.h"

namespace kestrel {
namespace {

VehicleModel searcher() {
  Result<AircraftParams> ac = load_aircraft("searcher2");
  EXPECT_TRUE(ac.ok());
  VehicleModel m;
  m.aircraft = ac.value();
  return m;
}

int steps(double seconds) { return static_cast<int>(seconds * 400); }

TEST(Engine, StartsIdlesStopsAndFails) {
  const VehicleModel m = searcher();
  VehicleState s = make_parked_state(m, 0.5, 0.6, 0.0, 100, 70, 1);
  ControlInputs u;
  u.brake_left = u.brake_right = 1;
  u.throttle = 0;
  u.ignition = true;
  u.starter = true;
  VehicleTelemetry tel;
  double t_running = -1;
  for (int i = 0; i < steps(10); ++i) {
    step_vehicle(m, s, u, &tel);
    if (s.engine.running && t_running < 0) t_running = s.time.seconds();
  }
  ASSERT_GT(t_running, 0) << "the starter never got the engine running";
  u.starter = false;
  for (int i = 0; i < steps(20); ++i) step_vehicle(m, s, u, &tel);
  const double idle = tel.propulsion.engine_rpm;
  std::printf(
      "engine: running after %.2f s of cranking, idles at %.0f rpm (file: %.0f), %.3f kg/h\n",
      t_running, idle, m.aircraft.engine.idle_rpm, tel.propulsion.fuel_flow_kg_s * 3600);
  EXPECT_TRUE(s.engine.running);
  EXPECT_NEAR(idle, m.aircraft.engine.idle_rpm, 0.25 * m.aircraft.engine.idle_rpm);
  EXPECT_GT(tel.propulsion.fuel_flow_kg_s, 0);

  // Full throttle against the brakes: more rpm and static thrust, the brakes hold.
  u.throttle = 1;
  const Vec3 p0 = s.body.pos_ecef_m;
  for (int i = 0; i < steps(10); ++i) step_vehicle(m, s, u, &tel);
  std::printf("engine: full throttle static %.0f rpm, thrust %.0f N, moved %.3f m on the brakes\n",
              tel.propulsion.engine_rpm, tel.propulsion.thrust_n, (s.body.pos_ecef_m - p0).norm());
  EXPECT_GT(tel.propulsion.engine_rpm, 2 * idle);
  EXPECT_GT(tel.propulsion.thrust_n, 600);
  EXPECT_LT((s.body.pos_ecef_m - p0).norm(), 0.5);

  // Ignition off: it stops, burns nothing, the propeller runs down.
  u.throttle = 0;
  u.ignition = false;
  for (int i = 0; i < steps(30); ++i) step_vehicle(m, s, u, &tel);
  EXPECT_FALSE(s.engine.running);
  EXPECT_EQ(tel.propulsion.fuel_flow_kg_s, 0.0);
  EXPECT_LT(tel.propulsion.engine_rpm, 10.0);

  // A failed engine does not start.
  s.engine.failed = true;
  u.ignition = true;
  u.starter = true;
  for (int i = 0; i < steps(10); ++i) step_vehicle(m, s, u, &tel);
  EXPECT_FALSE(s.engine.running);
}

TEST(Ground, RollsStraightAndSteers) {
  const VehicleModel m = searcher();
  VehicleState s = make_parked_state(m, 0.5, 0.6, 0.0, 100, 70, 1);
  ControlInputs u;
  u.starter = true;  // start on the brakes, then release them
  u.brake_left = u.brake_right = 1;
  VehicleTelemetry tel;
  for (int i = 0; i < steps(3); ++i) step_vehicle(m, s, u, &tel);
  ASSERT_TRUE(s.engine.running);
  u.starter = false;
  u.brake_left = u.brake_right = 0;
  u.throttle = 0.35;
  for (int i = 0; i < steps(15); ++i) step_vehicle(m, s, u, &tel);
  const double heading0 = tel.euler.yaw_rad, speed = tel.vel_ned_mps.norm();
  EXPECT_GT(speed, 3.0);
  EXPECT_EQ(tel.gear.wheels_on_ground, 3);
  u.nosewheel_rad = deg_to_rad(10);
  u.throttle = 0.2;
  for (int i = 0; i < steps(5); ++i) step_vehicle(m, s, u, &tel);
  std::printf(
      "taxi: %.1f m/s after 15 s, heading change %.1f deg after 5 s of 10 deg right steering\n",
      speed, rad_to_deg(tel.euler.yaw_rad - heading0));
  EXPECT_GT(tel.euler.yaw_rad - heading0, deg_to_rad(10));  // turned right
  EXPECT_FALSE(s.crashed);
}

TEST(Ground, LandsWithoutBouncing) {
  // A power-off approach at 1.3 Vs in still air, from 5 m above the runway with fixed controls and
  // a small flare in the last seconds: touch down, stay down, brake to a stop.
  const VehicleModel m = searcher();
  TrimRequest req;
  req.airspeed_mps = 36;
  req.altitude_m = 5.5;
  req.engine_off = true;
  req.loading = {30, 70};
  const TrimResult t = trim(m, req);
  ASSERT_TRUE(t.converged);
  VehicleState s = t.state;
  VehicleTelemetry tel;
  bool touched = false;
  double t_touch = 0, max_sink = 0, max_gap_after = 0;
  int airborne_steps_after = 0;
  for (int i = 0; i < steps(90) && !s.crashed; ++i) {
    ControlInputs u = t.controls;
    if (touched)
      u.brake_left = u.brake_right = s.time.seconds() > t_touch + 3 ? 1.0 : 0.0;
    else
      u.elevator_rad -= deg_to_rad(std::min(4.0, 2.0 * s.time.seconds()));  // gentle flare
    step_vehicle(m, s, u, &tel);
    const double h = tel.position.height_ellipsoid_m;
    if (!touched && tel.gear.wheels_on_ground > 0) {
      touched = true;
      t_touch = tel.time_s;
      max_sink = tel.vel_ned_mps.z();
    }
    if (touched && tel.gear.wheels_on_ground == 0) ++airborne_steps_after;
    if (touched) max_gap_after = std::max(max_gap_after, h - 0.0);
  }
  const double v_end = tel.vel_ned_mps.norm();
  std::printf(
      "landing: touchdown at %.1f s sinking %.2f m/s, %d steps airborne afterwards, stopped: %.2f "
      "m/s\n",
      t_touch, max_sink, airborne_steps_after, v_end);
  ASSERT_TRUE(touched);
  EXPECT_FALSE(s.crashed);
  EXPECT_LT(airborne_steps_after, steps(0.3));  // no bounce back into the air
  EXPECT_LT(v_end, 0.1);                        // braked to a stop
  EXPECT_EQ(tel.gear.wheels_on_ground, 3);
}

TEST(Ground, WingTipStrikeIsACrashWithItsImpactSpeed) {
  const VehicleModel m = searcher();
  TrimRequest req;
  req.airspeed_mps = 36;
  req.altitude_m = 3;
  req.engine_off = true;
  const TrimResult t = trim(m, req);
  VehicleState s = t.state;
  // Roll the trimmed state 30 deg right about its velocity: the right wing tip is below the wheels.
  const Mat3 R_ned_e = R_ned_from_ecef(0, 0);
  const Quat q_ned_b = Quat(R_ned_e) * s.body.q_ecef_from_b;
  const Quat rolled = Quat(Eigen::AngleAxisd(deg_to_rad(30), q_ned_b * Vec3::UnitX())) * q_ned_b;
  s.body.q_ecef_from_b = Quat(Mat3(R_ned_e.transpose())) * rolled;
  VehicleTelemetry tel;
  for (int i = 0; i < steps(10) && !s.crashed; ++i) step_vehicle(m, s, t.controls, &tel);
  ASSERT_TRUE(s.crashed);
  ASSERT_GE(s.crash_contact, 0);
  const ContactParams& c = m.aircraft.contacts[s.crash_contact];
  std::printf("crash: %s touched at %.1f m/s\n", c.name.c_str(), s.crash_impact_speed_mps);
  EXPECT_EQ(c.kind, ContactKind::kStructure);
  EXPECT_GT(s.crash_impact_speed_mps, 20.0);
}

}  // namespace
}  // namespace kestrel
