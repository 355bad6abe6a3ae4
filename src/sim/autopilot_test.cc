// The autopilot in the loop with the simulated aircraft (World, sensors, navigation filter):
// bumpless mode transitions, and proof that it flies its estimate rather than the truth.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <string>
#include <vector>

#include "sim/scenario_file.h"
#include "sim/world.h"

namespace kestrel {
namespace {

// An airborne Searcher at 1,000 m above the field over home, heading north, flown by the
// autopilot configured by `autopilot` (its mode, params, mission lines), in `environment`.
std::string airborne_yaml(const std::string& environment, const std::string& autopilot) {
  return R"(
name: autopilot-test
seed: 3
site:
  name: Kestrel Field
  elevation_m: 50
  home: {lat_deg: 52.4520, lon_deg: 9.5990}
  runway:
    threshold: {lat_deg: 52.4510, lon_deg: 9.6000}
    heading_deg: 270
    length_m: 1000
    width_m: 23
  gdt: {lat_deg: 52.4497, lon_deg: 9.6000, mast_height_m: 10}
environment:
)" + environment + R"(
aircraft:
  - id: uav1
    type: searcher2
    fuel_kg: 80
    payload_kg: 70
    initial:
      airborne: {lat_deg: 52.4520, lon_deg: 9.5990, alt_amsl_m: 1050, heading_deg: 0, airspeed_mps: 40, engine: on}
    control:
      autopilot:
)" + autopilot + R"(
stop:
  time_limit_s: 3600
)";
}

// Steps a World as the runner does (commands at the control rate, avionics after each physics
// step), without the log, the events or the stop conditions.
class Flight {
 public:
  explicit Flight(const std::string& yaml) {
    Result<Scenario> sc = parse_scenario_yaml(yaml, "autopilot-test.yaml");
    EXPECT_TRUE(sc.ok()) << (sc.ok() ? "" : sc.error().message);
    scenario_ = std::move(sc).value();
    Result<World> w = make_world(scenario_, scenario_.seed);
    EXPECT_TRUE(w.ok()) << (w.ok() ? "" : w.error().message);
    world_ = std::move(w).value();
  }
  WorldAircraft& aircraft() { return world_.aircraft[0]; }
  Autopilot& autopilot() { return *aircraft().avionics->autopilot; }
  const VehicleTelemetry& telemetry() const { return tel_; }
  double time_s() const { return world_.time.seconds(); }

  // Runs to time t_s; calls `on_tick(commands)` after every control tick.
  template <typename F>
  void run_until(double t_s, F&& on_tick) {
    const int64_t end_us = static_cast<int64_t>(std::llround(t_s * 1e6));
    const double control_dt = world_.rates.control.seconds();
    while (world_.time.us < end_us) {
      const SimTime t = world_.time;
      const bool tick = t.us >= next_control_us_;
      if (tick) next_control_us_ += world_.rates.control.us;
      WorldAircraft& a = aircraft();
      if (tick) {
        // The ground station's heartbeat through the data link, as the runner steps it.
        DataLink& link = a.avionics->link;
        (void)step_data_link(link, t.us, gdt_range_m(link, a.state.body.pos_ecef_m), a.alt_agl_m);
        a.commands = autopilot_commands(*a.avionics, t.seconds(), control_dt);
      }
      step_vehicle(a.model, a.state, a.commands, tick ? &tel_ : nullptr);
      if (tick) a.alt_agl_m = tel_.position.height_ellipsoid_m - world_.environment.ground_height_m;
      step_avionics(*a.avionics, a.model, a.state, tick ? &tel_ : nullptr, t, control_dt,
                    nullptr, 0, false, false);
      world_.time += world_.rates.physics;
      EXPECT_FALSE(a.state.crashed) << "crashed at t=" << t.seconds();
      if (a.state.crashed) return;
      if (tick) on_tick(a.commands);
    }
  }
  void run_until(double t_s) {
    run_until(t_s, [](const ControlInputs&) {});
  }

 private:
  Scenario scenario_;
  World world_;
  VehicleTelemetry tel_;
  int64_t next_control_us_ = 0;
};

std::array<double, 4> surfaces(const ControlInputs& u) {
  return {u.elevator_rad, u.aileron_rad, u.rudder_rad, u.throttle};
}

// Every transition between the airborne modes, in a sequence that visits each ordered pair once
// (an Eulerian circuit of the complete directed graph), 12 s apart: at each transition the
// commands must not step. "Step": a change within one control tick (20 ms) larger than 1 deg of
// surface or 0.02 of throttle (its slew limit is 0.5 per second, 0.01 a tick).
TEST(Autopilot, EveryModeTransitionIsBumpless) {
  const std::vector<FlightMode> modes = {
      FlightMode::kManual, FlightMode::kStabilize, FlightMode::kCruise, FlightMode::kLoiter,
      FlightMode::kRtl,    FlightMode::kGuided,    FlightMode::kAuto,   FlightMode::kLand};
  // Eulerian circuit over ordered pairs: Hierholzer on the complete digraph.
  const int n = static_cast<int>(modes.size());
  std::vector<std::vector<int>> out(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i)
    for (int j = n - 1; j >= 0; --j)
      if (i != j) out[static_cast<std::size_t>(i)].push_back(j);
  std::vector<int> stack = {2}, circuit;  // start in CRUISE, the initial mode
  while (!stack.empty()) {
    const int v = stack.back();
    if (!out[static_cast<std::size_t>(v)].empty()) {
      stack.push_back(out[static_cast<std::size_t>(v)].back());
      out[static_cast<std::size_t>(v)].pop_back();
    } else {
      circuit.push_back(v);
      stack.pop_back();
    }
  }
  std::reverse(circuit.begin(), circuit.end());
  ASSERT_EQ(circuit.size(), static_cast<std::size_t>(n * (n - 1) + 1));

  Flight f(airborne_yaml("  wind: {layers: []}\n  turbulence: none",
                         "        mode: cruise\n        params: {RTL_ALT: 1000}\n"
                         "        mission:\n"
                         "          - loiter: {north_m: 3000, east_m: 0, alt_m: 1000}\n"));
  f.autopilot().set_guided_target(0, 3000, 1000);
  f.run_until(60);  // settle in CRUISE
  ASSERT_EQ(f.autopilot().status().mode, FlightMode::kCruise);

  ControlInputs last = f.aircraft().commands;
  double worst_surface = 0, worst_throttle = 0;
  std::string worst_at;
  int transitions = 0;
  for (std::size_t k = 1; k < circuit.size(); ++k) {
    const FlightMode from = modes[static_cast<std::size_t>(circuit[k - 1])];
    const FlightMode to = modes[static_cast<std::size_t>(circuit[k])];
    ASSERT_EQ(f.autopilot().status().mode, from);
    Result<FlightMode> r = f.autopilot().set_mode(to);
    ASSERT_TRUE(r.ok()) << to_string(from) << " -> " << to_string(to) << ": "
                        << r.error().message;
    ++transitions;
    // The transition takes effect at the next control tick; watch the first second after it.
    const double t_end = f.time_s() + 12.0, t_watch = f.time_s() + 1.0;
    f.run_until(t_end, [&](const ControlInputs& u) {
      if (f.time_s() <= t_watch) {
        const std::array<double, 4> a = surfaces(last), b = surfaces(u);
        for (int i = 0; i < 3; ++i) {
          const double d = std::abs(b[static_cast<std::size_t>(i)] - a[static_cast<std::size_t>(i)]);
          if (d > worst_surface) {
            worst_surface = d;
            worst_at = std::string(to_string(from)) + " -> " + std::string(to_string(to)) +
                       " (" + "ear"[i] + " at " + std::to_string(f.time_s()) + " s)";
          }
        }
        worst_throttle = std::max(worst_throttle, std::abs(b[3] - a[3]));
      }
      last = u;
    });
    ASSERT_EQ(f.autopilot().status().mode, to);
  }
  EXPECT_EQ(transitions, n * (n - 1));
  std::printf("%d transitions; largest surface change in one tick within 1 s of a transition: "
              "%.3f deg (%s), throttle %.4f\n",
              transitions, worst_surface * 180.0 / 3.14159265358979, worst_at.c_str(),
              worst_throttle);
  EXPECT_LT(worst_surface, 1.0 * 3.14159265358979 / 180.0) << worst_at;
  EXPECT_LE(worst_throttle, 0.02);

  // Modes that make no sense here are refused and change nothing.
  Result<FlightMode> r = f.autopilot().set_mode(FlightMode::kTakeoff);
  EXPECT_FALSE(r.ok());
}

// The autopilot flies what its navigation estimate says, not the truth: with the GNSS position
// offset 150 m east from the first fix (a biased but self-consistent estimate: the filter has no
// way to tell), the aircraft circles a point 150 m west of the commanded loiter centre.
TEST(Autopilot, FliesTheEstimateNotTruth) {
  const auto centre_flown = [](bool biased) {
    Flight f(airborne_yaml("  wind: {layers: []}\n  turbulence: none",
                           "        mode: auto\n"
                           "        mission:\n"
                           "          - loiter: {north_m: 2000, east_m: 0, alt_m: 1000, "
                           "radius_m: 600}\n"));
    if (biased) f.aircraft().avionics->sensors.gnss.jump_offset_ned_m = Vec3(0, 150, 0);
    f.run_until(400);
    // The true track from 400 s to 1,000 s, fitted with a circle (algebraic least squares:
    // x^2 + y^2 + a x + b y + c = 0, centre (-a/2, -b/2)).
    Eigen::Matrix3d ata = Eigen::Matrix3d::Zero();
    Eigen::Vector3d atb = Eigen::Vector3d::Zero();
    f.run_until(1000, [&](const ControlInputs&) {
      const Eigen::Vector2d p =
          f.autopilot().local_ne(f.telemetry().position.lat_rad, f.telemetry().position.lon_rad);
      const Eigen::Vector3d row(p.x(), p.y(), 1.0);
      ata += row * row.transpose();
      atb += row * -(p.squaredNorm());
    });
    const Eigen::Vector3d abc = ata.ldlt().solve(atb);
    return Eigen::Vector2d(-0.5 * abc.x(), -0.5 * abc.y());
  };
  const Eigen::Vector2d plain = centre_flown(false);
  const Eigen::Vector2d biased = centre_flown(true);
  std::printf("true circle centre: %.1f N, %.1f E (unbiased), %.1f N, %.1f E (GNSS +150 m E)\n",
              plain.x(), plain.y(), biased.x(), biased.y());
  EXPECT_NEAR(plain.x(), 2000, 10);
  EXPECT_NEAR(plain.y(), 0, 10);
  EXPECT_NEAR(biased.x(), 2000, 10);
  EXPECT_NEAR(biased.y(), -150, 10);
}

// The rangefinder's installation figure (its reading on the ground, used for airborne starts)
// is what the settled parked aircraft reads.
TEST(Autopilot, RangefinderGroundReadingMatchesTheParkedAircraft) {
  Result<Scenario> sc = load_scenario("circuit");
  ASSERT_TRUE(sc.ok());
  Result<World> w = make_world(sc.value(), 1);
  ASSERT_TRUE(w.ok());
  const WorldAircraft& a = w.value().aircraft[0];
  const double measured = a.avionics->autopilot->params().rangefinder_ground_m;
  std::printf("rangefinder on the ground: %.4f m (installation figure %.4f m)\n", measured,
              RangefinderParams{}.ground_reading_m);
  EXPECT_NEAR(measured, RangefinderParams{}.ground_reading_m, 0.02);
}

}  // namespace
}  // namespace kestrel
