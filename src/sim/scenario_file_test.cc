// Tests of the scenario file loader: the built-in scenarios arrive in SI as written, overrides
// replace values before validation, and each class of malformed file gives an error naming
// FILE:LINE: key.path. Malformed variants are made by editing one line of a valid text, so they
// stay in sync with it.
#include "sim/scenario_file.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>

#include "airframe/aircraft_file.h"
#include "core/types.h"

namespace kestrel {
namespace {

namespace fs = std::filesystem;

const std::string kBad = "bad/scn.yaml";  // source name used for edited variants

// A small valid scenario with every section, an airborne and a parked aircraft, and events.
const std::string kBase = R"(name: base
description: every section once
seed: 7
site:
  name: Test Field
  elevation_m: 50
  home: {lat_deg: 52.452, lon_deg: 9.599}
  runway:
    threshold: {lat_deg: 52.451, lon_deg: 9.6}
    heading_deg: 270
    length_m: 1000
    width_m: 23
  gdt: {lat_deg: 52.4497, lon_deg: 9.6, mast_height_m: 10}
environment:
  wind:
    layers:
      - {height_agl_m: 10, speed_mps: 5, from_deg: 270}
      - {height_agl_m: 1000, speed_mps: 12, from_deg: 300}
  turbulence: moderate
  temperature_offset_k: -5
  qnh_hpa: 1020
  gusts:
    - {start_s: 60, length_m: 120, amplitude_ned_mps: [0, 0, -3], hold: false}
aircraft:
  - id: uav1
    type: searcher2
    fuel_kg: 90
    payload_kg: 60
    initial:
      airborne: {lat_deg: 52.46, lon_deg: 9.61, alt_amsl_m: 1500, heading_deg: 90, airspeed_mps: 40, engine: on}
    control:
      script:
        relative_to_trim: true
        rows:
          - {time_s: 0}
          - {time_s: 10, elevator_deg: -2}
          - {time_s: 12, throttle: -0.5}
  - id: uav2
    type: searcher2
    fuel_kg: 50
    payload_kg: 0
    initial:
      parked: {}
    control:
      script:
        rows:
          - {time_s: 0, starter: true, brake_left: 1, brake_right: 1}
          - {time_s: 3, starter: false, throttle: 0.4}
          - {time_s: 9, nosewheel_deg: 5, ignition: false}
events:
  - name: engine out
    at_s: 120
    action: {fail_engine: {aircraft: uav1}}
  - name: low and leaking
    when: {aircraft: uav1, variable: altitude_agl_m, below: 300}
    action: {fuel_leak: {aircraft: uav1, rate_kg_h: 36}}
  - name: wind shift
    at_s: 200
    action: {set_wind: {layers: [{height_agl_m: 20, speed_mps: 8, from_deg: 180}]}}
  - name: rough air
    when: {aircraft: uav2, variable: ground_speed_mps, above: 10}
    action: {set_turbulence: severe}
  - name: bump
    at_s: 300
    action: {add_gust: {length_m: 50, amplitude_ned_mps: [1, 2, 3]}}
stop:
  time_limit_s: 600
  all_landed_and_stopped: true
  on_crash: false
)";

// 1-based number of the first line containing `needle` (0 if none).
int line_containing(const std::string& text, const std::string& needle) {
  std::istringstream in(text);
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    if (line.find(needle) != std::string::npos) return n;
  }
  return 0;
}

// The text with the first line containing `needle` replaced by `replacement` (several lines or
// none).
std::string replace_line(const std::string& text, const std::string& needle,
                         const std::string& replacement) {
  std::istringstream in(text);
  std::string line, out;
  bool done = false;
  while (std::getline(in, line)) {
    if (!done && line.find(needle) != std::string::npos) {
      done = true;
      if (!replacement.empty()) out += replacement + "\n";
      continue;
    }
    out += line + "\n";
  }
  EXPECT_TRUE(done) << "no line contains '" << needle << "'";
  return out;
}

// Parses `text` and checks that it fails with "FILE:LINE: KEY: ..." containing `detail`.
::testing::AssertionResult fails_at(const std::string& text, int line, const std::string& key,
                                    const std::string& detail,
                                    const std::vector<ScenarioOverride>& overrides = {}) {
  const Result<Scenario> r = parse_scenario_yaml(text, kBad, overrides);
  if (r.ok()) return ::testing::AssertionFailure() << "parsed without error";
  const std::string& msg = r.error().message;
  if (line <= 0)
    return ::testing::AssertionFailure() << "bad expected line in the test; message: " << msg;
  const std::string where = kBad + ":" + std::to_string(line) + ": " + key + ": ";
  if (msg.rfind(where, 0) != 0)
    return ::testing::AssertionFailure() << "expected prefix '" << where << "', got: " << msg;
  if (msg.find(detail) == std::string::npos)
    return ::testing::AssertionFailure() << "expected '" << detail << "' in: " << msg;
  return ::testing::AssertionSuccess() << msg;
}

// Replaces the line containing `needle` and expects the error at that line.
::testing::AssertionResult edit_fails(const std::string& needle, const std::string& replacement,
                                      const std::string& key, const std::string& detail) {
  return fails_at(replace_line(kBase, needle, replacement), line_containing(kBase, needle), key,
                  detail);
}

// ---- Valid files -------------------------------------------------------------------------------

TEST(ScenarioFile, BaseParsesInSi) {
  const Result<Scenario> r = parse_scenario_yaml(kBase, "x/base.yaml");
  ASSERT_TRUE(r.ok()) << r.error().message;
  const Scenario& s = r.value();
  EXPECT_EQ(s.name, "base");
  EXPECT_EQ(s.source_path, "x/base.yaml");
  EXPECT_EQ(s.seed, 7u);
  EXPECT_EQ(s.site.name, "Test Field");
  EXPECT_NEAR(s.site.home.lat_rad, 52.452 * kRadPerDeg, 1e-15);
  EXPECT_NEAR(s.site.runway_threshold.lon_rad, 9.6 * kRadPerDeg, 1e-15);
  EXPECT_DOUBLE_EQ(s.site.runway_threshold.height_ellipsoid_m, 50);
  EXPECT_NEAR(s.site.runway_heading_rad, 1.5 * kPi, 1e-15);
  EXPECT_DOUBLE_EQ(s.site.gdt_mast_height_m, 10);
  EXPECT_DOUBLE_EQ(s.environment.ground_height_m, 50);
  ASSERT_EQ(s.environment.wind.layers.size(), 2u);
  EXPECT_NEAR(s.environment.wind.layers[1].from_rad, 300 * kRadPerDeg, 1e-15);
  EXPECT_DOUBLE_EQ(s.environment.wind.roughness_length_m, 0.03);  // the default
  EXPECT_EQ(s.environment.turbulence, TurbulenceLevel::kModerate);
  EXPECT_DOUBLE_EQ(s.environment.atmosphere.temperature_offset_k, -5);
  EXPECT_DOUBLE_EQ(s.environment.atmosphere.qnh_pa, 102000);
  ASSERT_EQ(s.environment.gusts.size(), 1u);
  EXPECT_FALSE(s.environment.gusts[0].hold);
  EXPECT_DOUBLE_EQ(s.environment.gusts[0].amplitude_ned_mps.z(), -3);

  ASSERT_EQ(s.aircraft.size(), 2u);
  const ScenarioAircraft& a = s.aircraft[0];
  EXPECT_EQ(a.id, "uav1");
  EXPECT_EQ(a.aircraft_name, "searcher2");
  EXPECT_EQ(a.aircraft.name, "searcher2");
  EXPECT_DOUBLE_EQ(a.fuel_kg, 90);
  EXPECT_EQ(a.initial.kind, InitialStateSpec::Kind::kAirborne);
  EXPECT_NEAR(a.initial.heading_rad, 0.5 * kPi, 1e-15);
  EXPECT_TRUE(a.initial.engine_running);
  EXPECT_TRUE(a.control.script_relative_to_trim);
  ASSERT_EQ(a.control.script.size(), 3u);
  // Omitted channels keep the previous row's value; relative throttle may be negative.
  EXPECT_NEAR(a.control.script[2].controls.elevator_rad, -2 * kRadPerDeg, 1e-15);
  EXPECT_DOUBLE_EQ(a.control.script[2].controls.throttle, -0.5);

  const ScenarioAircraft& b = s.aircraft[1];
  EXPECT_EQ(b.initial.kind, InitialStateSpec::Kind::kParked);
  const std::vector<ScriptPoint>& rows = b.control.script;
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_TRUE(rows[0].controls.ignition);  // first-row defaults
  EXPECT_TRUE(rows[0].controls.starter);
  EXPECT_DOUBLE_EQ(rows[0].controls.throttle, 0);
  EXPECT_DOUBLE_EQ(rows[1].controls.brake_left, 1);  // carried over
  EXPECT_FALSE(rows[1].controls.starter);
  EXPECT_DOUBLE_EQ(rows[2].controls.throttle, 0.4);  // carried over
  EXPECT_NEAR(rows[2].controls.nosewheel_rad, 5 * kRadPerDeg, 1e-15);
  EXPECT_FALSE(rows[2].controls.ignition);

  ASSERT_EQ(s.events.size(), 5u);
  EXPECT_EQ(s.events[0].trigger.kind, EventTrigger::Kind::kTime);
  EXPECT_DOUBLE_EQ(s.events[0].trigger.time_s, 120);
  EXPECT_EQ(s.events[0].action.kind, EventAction::Kind::kFailEngine);
  EXPECT_EQ(s.events[0].action.aircraft_id, "uav1");
  EXPECT_EQ(s.events[1].trigger.kind, EventTrigger::Kind::kCondition);
  EXPECT_EQ(s.events[1].trigger.variable, EventTrigger::Variable::kAltitudeAglM);
  EXPECT_EQ(s.events[1].trigger.comparison, EventTrigger::Comparison::kBelow);
  EXPECT_DOUBLE_EQ(s.events[1].trigger.value, 300);
  EXPECT_EQ(s.events[1].action.kind, EventAction::Kind::kFuelLeak);
  EXPECT_DOUBLE_EQ(s.events[1].action.rate_kg_s, 0.01);
  EXPECT_EQ(s.events[2].action.kind, EventAction::Kind::kSetWind);
  ASSERT_EQ(s.events[2].action.wind.layers.size(), 1u);
  EXPECT_NEAR(s.events[2].action.wind.layers[0].from_rad, kPi, 1e-15);
  EXPECT_EQ(s.events[3].trigger.comparison, EventTrigger::Comparison::kAbove);
  EXPECT_EQ(s.events[3].action.turbulence, TurbulenceLevel::kSevere);
  EXPECT_EQ(s.events[4].action.kind, EventAction::Kind::kAddGust);
  EXPECT_TRUE(s.events[4].action.gust.hold);  // the default
  EXPECT_DOUBLE_EQ(s.events[4].action.gust.length_m, 50);

  EXPECT_DOUBLE_EQ(s.stop.time_limit_s, 600);
  EXPECT_TRUE(s.stop.all_landed_and_stopped);
  EXPECT_FALSE(s.stop.on_crash);
}

TEST(ScenarioFile, BuiltInDemoOpenloop) {
  const Result<Scenario> r = load_scenario("demo-openloop");
  ASSERT_TRUE(r.ok()) << r.error().message;
  const Scenario& s = r.value();
  EXPECT_EQ(s.name, "demo-openloop");
  EXPECT_EQ(s.source_path, std::string(KESTREL_DATA_DIR) + "/scenarios/demo-openloop.yaml");
  ASSERT_EQ(s.aircraft.size(), 1u);
  const ScenarioAircraft& a = s.aircraft[0];
  EXPECT_EQ(a.initial.kind, InitialStateSpec::Kind::kParked);
  EXPECT_FALSE(a.control.script_relative_to_trim);
  const std::vector<ScriptPoint>& rows = a.control.script;
  ASSERT_GE(rows.size(), 5u);
  EXPECT_TRUE(rows.front().controls.starter);
  EXPECT_DOUBLE_EQ(rows.front().controls.brake_left, 1);
  // Brakes off and full throttle at the end, elevator nose-up (negative), starter off.
  EXPECT_DOUBLE_EQ(rows.back().controls.brake_left, 0);
  EXPECT_DOUBLE_EQ(rows.back().controls.brake_right, 0);
  EXPECT_DOUBLE_EQ(rows.back().controls.throttle, 1);
  EXPECT_LT(rows.back().controls.elevator_rad, 0);
  EXPECT_FALSE(rows.back().controls.starter);
  EXPECT_TRUE(rows.back().controls.ignition);
  EXPECT_GT(s.stop.time_limit_s, rows[rows.size() - 2].time_s);
  EXPECT_DOUBLE_EQ(s.environment.ground_height_m, s.site.elevation_m);
}

TEST(ScenarioFile, BuiltInGlide) {
  const Result<Scenario> r = load_scenario("glide");
  ASSERT_TRUE(r.ok()) << r.error().message;
  const Scenario& s = r.value();
  ASSERT_EQ(s.aircraft.size(), 1u);
  const InitialStateSpec& init = s.aircraft[0].initial;
  EXPECT_EQ(init.kind, InitialStateSpec::Kind::kAirborne);
  EXPECT_DOUBLE_EQ(init.alt_amsl_m, 3000);
  EXPECT_DOUBLE_EQ(init.airspeed_mps, 36);
  EXPECT_FALSE(init.engine_running);
  const ControlSourceSpec& c = s.aircraft[0].control;
  EXPECT_TRUE(c.script_relative_to_trim);
  ASSERT_EQ(c.script.size(), 1u);
  EXPECT_DOUBLE_EQ(c.script[0].controls.elevator_rad, 0);
  EXPECT_DOUBLE_EQ(c.script[0].controls.throttle, 0);
  EXPECT_FALSE(c.script[0].controls.ignition);  // the windmilling engine must not restart
  EXPECT_EQ(s.environment.turbulence, TurbulenceLevel::kLight);
  ASSERT_EQ(s.environment.wind.layers.size(), 1u);
  EXPECT_DOUBLE_EQ(s.environment.wind.layers[0].speed_mps, 5);
  EXPECT_NEAR(s.environment.wind.layers[0].from_rad, 1.5 * kPi, 1e-15);
  EXPECT_DOUBLE_EQ(s.stop.time_limit_s, 900);
  EXPECT_TRUE(s.stop.on_crash);
}

TEST(ScenarioFile, BuiltInNavigationScenarios) {
  // nav-straight: north and south legs in a crosswind, flown by the heading hold with avionics.
  const Result<Scenario> r = load_scenario("nav-straight");
  ASSERT_TRUE(r.ok()) << r.error().message;
  const ScenarioAircraft& a = r.value().aircraft[0];
  EXPECT_TRUE(a.avionics);
  ASSERT_EQ(a.control.kind, ControlSourceSpec::Kind::kHeadingHold);
  ASSERT_EQ(a.control.legs.size(), 3u);
  EXPECT_DOUBLE_EQ(a.control.legs[1].time_s, 400);
  EXPECT_NEAR(a.control.legs[1].heading_rad, kPi, 1e-15);
  EXPECT_DOUBLE_EQ(a.control.legs[1].alt_amsl_m, 450);
  EXPECT_EQ(r.value().environment.turbulence, TurbulenceLevel::kModerate);
  EXPECT_DOUBLE_EQ(r.value().environment.wind.layers[0].speed_mps, 10);

  const Result<Scenario> o = load_scenario("nav-gnss-outage");
  ASSERT_TRUE(o.ok()) << o.error().message;
  ASSERT_EQ(o.value().events.size(), 1u);
  EXPECT_EQ(o.value().events[0].action.kind, EventAction::Kind::kGnssOutage);
  EXPECT_DOUBLE_EQ(o.value().events[0].action.duration_s, 120);
  EXPECT_DOUBLE_EQ(o.value().events[0].trigger.time_s, 300);

  const Result<Scenario> j = load_scenario("nav-gnss-jump");
  ASSERT_TRUE(j.ok()) << j.error().message;
  ASSERT_EQ(j.value().events.size(), 1u);
  EXPECT_EQ(j.value().events[0].action.kind, EventAction::Kind::kGnssJump);
  EXPECT_EQ(j.value().events[0].action.jump_ned_m, Vec3(50, 0, 0));
  EXPECT_DOUBLE_EQ(j.value().events[0].action.duration_s, 0);  // persists
}

TEST(ScenarioFile, SensorFaultEvents) {
  const std::string text = replace_line(
      kBase, "    action: {add_gust: {length_m: 50, amplitude_ned_mps: [1, 2, 3]}}",
      "    action: {add_gust: {length_m: 50, amplitude_ned_mps: [1, 2, 3]}}\n"
      "  - name: degraded\n    at_s: 10\n"
      "    action: {gnss_degrade: {aircraft: uav1, factor: 4, duration_s: 30}}\n"
      "  - name: iced pitot\n    at_s: 20\n    action: {pitot_block: {aircraft: uav1}}\n"
      "  - name: mag dead\n    at_s: 30\n"
      "    action: {sensor_fail: {aircraft: uav2, sensor: mag}}\n"
      "  - name: jump\n    at_s: 40\n"
      "    action: {gnss_jump: {aircraft: uav1, north_m: -5, east_m: 7, down_m: 2}}");
  const Result<Scenario> r = parse_scenario_yaml(text, "x/faults.yaml");
  ASSERT_TRUE(r.ok()) << r.error().message;
  const std::vector<EventSpec>& ev = r.value().events;
  ASSERT_EQ(ev.size(), 9u);
  EXPECT_EQ(ev[5].action.kind, EventAction::Kind::kGnssDegrade);
  EXPECT_DOUBLE_EQ(ev[5].action.factor, 4);
  EXPECT_DOUBLE_EQ(ev[5].action.duration_s, 30);
  EXPECT_EQ(ev[6].action.kind, EventAction::Kind::kPitotBlock);
  EXPECT_EQ(ev[7].action.kind, EventAction::Kind::kSensorFail);
  EXPECT_EQ(ev[7].action.sensor, EventAction::Sensor::kMag);
  EXPECT_EQ(ev[7].action.aircraft_id, "uav2");
  EXPECT_EQ(ev[8].action.jump_ned_m, Vec3(-5, 7, 2));
}

TEST(ScenarioFile, UnknownBuiltInListsTheBuiltIns) {
  const Result<Scenario> r = load_scenario("no-such-scenario");
  ASSERT_FALSE(r.ok());
  const std::string& msg = r.error().message;
  EXPECT_NE(msg.find("unknown scenario 'no-such-scenario'"), std::string::npos) << msg;
  EXPECT_NE(msg.find("demo-openloop"), std::string::npos) << msg;
  EXPECT_NE(msg.find("glide"), std::string::npos) << msg;
}

TEST(ScenarioFile, LoadsByPathWithAircraftRelativeToTheScenario) {
  const fs::path dir = fs::temp_directory_path() / ("kestrel_scn_" + std::to_string(::getpid()));
  fs::create_directories(dir / "planes");
  fs::copy_file(std::string(KESTREL_DATA_DIR) + "/aircraft/searcher2.yaml",
                dir / "planes" / "mine.yaml", fs::copy_options::overwrite_existing);
  const std::string path = (dir / "trip.yaml").string();
  {
    std::ofstream out(path);
    out << replace_line(kBase, "type: searcher2", "    type: planes/mine.yaml");
  }
  const Result<Scenario> r = load_scenario(path);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r.value().aircraft[0].aircraft_name, "planes/mine.yaml");
  EXPECT_EQ(r.value().aircraft[0].aircraft.source_path, (dir / "planes" / "mine.yaml").string());
  // The same relative path is wrong relative to any other folder.
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  const Result<Scenario> elsewhere = parse_scenario_yaml(text.str(), "elsewhere/trip.yaml");
  ASSERT_FALSE(elsewhere.ok());
  EXPECT_NE(elsewhere.error().message.find("elsewhere/planes/mine.yaml"), std::string::npos)
      << elsewhere.error().message;
  fs::remove_all(dir);
}

TEST(ScenarioFile, MissingFileNamesThePath) {
  const Result<Scenario> r = load_scenario("/nonexistent/dir/x.yaml");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("/nonexistent/dir/x.yaml"), std::string::npos);
}

// ---- Overrides ---------------------------------------------------------------------------------

TEST(ScenarioOverrides, ReplaceValuesBeforeValidation) {
  const Result<Scenario> r =
      parse_scenario_yaml(kBase, kBad,
                          {{"environment.wind.layers[0].speed_mps", "7.5"},
                           {"environment.turbulence", "none"},
                           {"aircraft[1].control.script.rows[2].throttle", "0.9"},
                           {"seed", "123"},
                           {"environment.gusts[0].amplitude_ned_mps", "[1, 1, 1]"},
                           {"stop.time_limit_s", "50"}});
  ASSERT_TRUE(r.ok()) << r.error().message;
  const Scenario& s = r.value();
  EXPECT_DOUBLE_EQ(s.environment.wind.layers[0].speed_mps, 7.5);
  EXPECT_EQ(s.environment.turbulence, TurbulenceLevel::kNone);
  EXPECT_DOUBLE_EQ(s.aircraft[1].control.script[2].controls.throttle, 0.9);
  EXPECT_EQ(s.seed, 123u);
  EXPECT_DOUBLE_EQ(s.environment.gusts[0].amplitude_ned_mps.x(), 1);
  EXPECT_DOUBLE_EQ(s.stop.time_limit_s, 50);
}

TEST(ScenarioOverrides, NewLastKeyIsAllowedWhereTheSchemaAllowsIt) {
  const Result<Scenario> r =
      parse_scenario_yaml(kBase, kBad, {{"environment.wind.roughness_length_m", "0.1"}});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_DOUBLE_EQ(r.value().environment.wind.roughness_length_m, 0.1);
  // ... and an error where it does not, at the mapping that received it.
  EXPECT_TRUE(fails_at(kBase, line_containing(kBase, "  wind:"), "environment.wind.speed_mps",
                       "unknown key 'speed_mps'", {{"environment.wind.speed_mps", "3"}}));
}

TEST(ScenarioOverrides, BadValueNamesTheReplacedLineAndTheOverride) {
  const int line = line_containing(kBase, "{height_agl_m: 10, speed_mps: 5");
  const std::vector<ScenarioOverride> o = {{"environment.wind.layers[0].speed_mps", "-1"}};
  EXPECT_TRUE(
      fails_at(kBase, line, "environment.wind.layers[0].speed_mps", "must be in [0, 100]", o));
  const Result<Scenario> r = parse_scenario_yaml(kBase, kBad, o);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("set by the override environment.wind.layers[0].speed_mps=-1"),
            std::string::npos)
      << r.error().message;
}

TEST(ScenarioOverrides, BadPathIsAnErrorNamingIt) {
  const auto fails = [](const std::string& path, const std::string& detail) {
    const Result<Scenario> r = parse_scenario_yaml(kBase, kBad, {{path, "1"}});
    if (r.ok()) return ::testing::AssertionFailure() << path << ": parsed without error";
    const std::string& msg = r.error().message;
    const std::string head = kBad + ": override " + path + "=1: ";
    if (msg.rfind(head, 0) != 0)
      return ::testing::AssertionFailure() << "expected prefix '" << head << "', got: " << msg;
    if (msg.find(detail) == std::string::npos)
      return ::testing::AssertionFailure() << "expected '" << detail << "' in: " << msg;
    return ::testing::AssertionSuccess() << msg;
  };
  EXPECT_TRUE(fails("environment.wnd.layers[0].speed_mps", "'environment' has no key 'wnd'"));
  EXPECT_TRUE(fails("environment.wind.layers[7].speed_mps", "has 2 items"));
  EXPECT_TRUE(fails("aircraft.id", "'aircraft' is not a mapping"));
  EXPECT_TRUE(fails("seed[0]", "'seed' is not a list"));
  EXPECT_TRUE(fails("site..name", "bad key path"));
  EXPECT_TRUE(fails("aircraft[x].id", "bad key path"));
  EXPECT_TRUE(fails("", "bad key path"));
  const Result<Scenario> r = parse_scenario_yaml(kBase, kBad, {{"seed", "[1, 2"}});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("not valid YAML"), std::string::npos) << r.error().message;
}

// ---- Errors, one class each --------------------------------------------------------------------

TEST(ScenarioFileErrors, YamlSyntaxError) {
  const std::string text = replace_line(kBase, "  turbulence: moderate", "  turbulence: [moderate");
  const Result<Scenario> r = parse_scenario_yaml(text, kBad);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message.rfind(kBad + ":", 0), 0u) << r.error().message;
  EXPECT_NE(r.error().message.find("YAML syntax error"), std::string::npos) << r.error().message;
  EXPECT_FALSE(parse_scenario_yaml("", kBad).ok());
  EXPECT_FALSE(parse_scenario_yaml(kBase + "---\nname: again\n", kBad).ok());
}

TEST(ScenarioFileErrors, UnknownKeySuggestsNearest) {
  EXPECT_TRUE(edit_fails("  qnh_hpa: 1020", "  qnh_hPa: 1020", "environment.qnh_hPa",
                         "did you mean 'qnh_hpa'?"));
  EXPECT_TRUE(edit_fails("seed: 7", "sed: 7", "sed", "unknown key 'sed'"));
  EXPECT_TRUE(
      edit_fails("- {time_s: 10, elevator_deg: -2}", "          - {time_s: 10, elevatr_deg: -2}",
                 "aircraft[0].control.script.rows[1].elevatr_deg", "did you mean 'elevator_deg'?"));
}

TEST(ScenarioFileErrors, MissingKey) {
  // A missing key is reported at the line of the mapping that lacks it.
  const std::string text = replace_line(kBase, "    width_m: 23", "");
  EXPECT_TRUE(fails_at(text, line_containing(kBase, "  runway:"), "site.runway.width_m",
                       "missing required key 'width_m'"));
  EXPECT_TRUE(edit_fails("  - {time_s: 0}", "          - {elevator_deg: 1}",
                         "aircraft[0].control.script.rows[0].time_s",
                         "missing required key 'time_s'"));
}

TEST(ScenarioFileErrors, DuplicateKey) {
  const std::string text =
      replace_line(kBase, "    fuel_kg: 90", "    fuel_kg: 90\n    fuel_kg: 80");
  EXPECT_TRUE(fails_at(text, line_containing(kBase, "    fuel_kg: 90") + 1, "aircraft[0].fuel_kg",
                       "duplicate key"));
}

TEST(ScenarioFileErrors, WrongType) {
  EXPECT_TRUE(edit_fails("  elevation_m: 50", "  elevation_m: fifty", "site.elevation_m",
                         "expected a number, got 'fifty'"));
  EXPECT_TRUE(
      edit_fails("  elevation_m: 50", "  elevation_m: \"50\"", "site.elevation_m", "quoted text"));
  EXPECT_TRUE(edit_fails("  all_landed_and_stopped: true", "  all_landed_and_stopped: yes",
                         "stop.all_landed_and_stopped", "expected true or false"));
  EXPECT_TRUE(edit_fails("  home: {lat_deg", "  home: [52, 9]", "site.home", "expected a mapping"));
  EXPECT_TRUE(edit_fails("seed: 7", "seed: -7", "seed", "whole number"));
  EXPECT_TRUE(edit_fails("  turbulence: moderate", "  turbulence: medium", "environment.turbulence",
                         "unknown value 'medium'; expected none | light | moderate | severe"));
}

TEST(ScenarioFileErrors, NonFiniteNumber) {
  EXPECT_TRUE(edit_fails("  temperature_offset_k: -5", "  temperature_offset_k: .nan",
                         "environment.temperature_offset_k", "must be a finite number"));
  EXPECT_TRUE(edit_fails("  time_limit_s: 600", "  time_limit_s: .inf", "stop.time_limit_s",
                         "must be a finite number"));
}

TEST(ScenarioFileErrors, LatLonOutOfRange) {
  EXPECT_TRUE(edit_fails("  home: {lat_deg", "  home: {lat_deg: 91, lon_deg: 9.599}",
                         "site.home.lat_deg", "must be in [-90, 90], got 91"));
  EXPECT_TRUE(edit_fails("  gdt: {", "  gdt: {lat_deg: 52.4497, lon_deg: 181, mast_height_m: 10}",
                         "site.gdt.lon_deg", "must be in [-180, 180], got 181"));
}

TEST(ScenarioFileErrors, NegativeMasses) {
  EXPECT_TRUE(edit_fails("    fuel_kg: 90", "    fuel_kg: -1", "aircraft[0].fuel_kg",
                         "must be >= 0, got -1"));
  EXPECT_TRUE(edit_fails("    payload_kg: 0", "    payload_kg: -0.5", "aircraft[1].payload_kg",
                         "must be >= 0, got -0.5"));
}

TEST(ScenarioFileErrors, LoadingBeyondTheAircraft) {
  EXPECT_TRUE(edit_fails("    fuel_kg: 90", "    fuel_kg: 111", "aircraft[0].fuel_kg",
                         "exceeds the fuel tank capacity of 'searcher2' (110 kg), got 111"));
  EXPECT_TRUE(edit_fails("    payload_kg: 60", "    payload_kg: 101", "aircraft[0].payload_kg",
                         "exceeds the payload limit of 'searcher2' (100 kg), got 101"));
  // Within each limit, but together above the maximum take-off mass: searcher2 cannot be
  // loaded that far (280 + 110 + 100 < 500 kg), so use a copy with a lower MTOW.
  std::ifstream in(std::string(KESTREL_DATA_DIR) + "/aircraft/searcher2.yaml");
  std::stringstream ac;
  ac << in.rdbuf();
  const fs::path dir = fs::temp_directory_path() / ("kestrel_mtow_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const std::string ac_path = (dir / "heavy.yaml").string();
  {
    std::ofstream out(ac_path);
    out << replace_line(ac.str(), "max_takeoff_mass_kg:", "  max_takeoff_mass_kg: 400");
  }
  const std::string text = replace_line(kBase, "    type: searcher2", "    type: " + ac_path);
  EXPECT_TRUE(fails_at(text, line_containing(kBase, "    payload_kg: 60"), "aircraft[0].payload_kg",
                       "= 430 kg exceeds the maximum take-off mass of 'searcher2' (400 kg)"));
  fs::remove_all(dir);
}

TEST(ScenarioFileErrors, ScriptTimesNotStrictlyIncreasing) {
  EXPECT_TRUE(edit_fails(
      "- {time_s: 12, throttle: -0.5}", "          - {time_s: 10, throttle: -0.5}",
      "aircraft[0].control.script.rows[2].time_s", "must be after the previous row's 10 s"));
  EXPECT_TRUE(edit_fails("- {time_s: 9, nosewheel_deg: 5", "          - {time_s: 2}",
                         "aircraft[1].control.script.rows[2].time_s", "got 2"));
  EXPECT_TRUE(edit_fails("  - {time_s: 0}", "          - {time_s: -1}",
                         "aircraft[0].control.script.rows[0].time_s", "got -1"));
}

TEST(ScenarioFileErrors, ChannelsOutsideTheirTravel) {
  EXPECT_TRUE(edit_fails("- {time_s: 3, starter: false, throttle: 0.4}",
                         "          - {time_s: 3, starter: false, throttle: 1.2}",
                         "aircraft[1].control.script.rows[1].throttle",
                         "must be in [0, 1], got 1.2"));
  EXPECT_TRUE(edit_fails("- {time_s: 0, starter: true, brake_left: 1, brake_right: 1}",
                         "          - {time_s: 0, brake_left: 1, brake_right: -0.1}",
                         "aircraft[1].control.script.rows[0].brake_right", "must be in [0, 1]"));
  EXPECT_TRUE(edit_fails(
      "- {time_s: 10, elevator_deg: -2}", "          - {time_s: 10, elevator_deg: -91}",
      "aircraft[0].control.script.rows[1].elevator_deg", "must be in [-90, 90], got -91"));
  EXPECT_TRUE(edit_fails("- {time_s: 9, nosewheel_deg: 5",
                         "          - {time_s: 9, rudder_deg: 95}",
                         "aircraft[1].control.script.rows[2].rudder_deg", "must be in [-90, 90]"));
  // Relative rows: increments, so a unit channel may go down to -1 but no further.
  EXPECT_TRUE(edit_fails("- {time_s: 12, throttle: -0.5}",
                         "          - {time_s: 12, throttle: -1.5}",
                         "aircraft[0].control.script.rows[2].throttle", "must be in [-1, 1]"));
  EXPECT_TRUE(edit_fails("- {time_s: 10, elevator_deg: -2}",
                         "          - {time_s: 10, flap_deg: 10}",
                         "aircraft[0].control.script.rows[1].flap_deg", "has no flaps"));
}

TEST(ScenarioFileErrors, ScriptRules) {
  // relative_to_trim on a parked aircraft: inserted above the parked aircraft's "rows:".
  const int rows_line = line_containing(kBase, "- {time_s: 0, starter: true") - 1;
  std::string text, line;
  std::istringstream in(kBase);
  for (int n = 1; std::getline(in, line); ++n) {
    if (n == rows_line) text += "        relative_to_trim: true\n";
    text += line + "\n";
  }
  EXPECT_TRUE(fails_at(text, rows_line, "aircraft[1].control.script.relative_to_trim",
                       "only an airborne start has a trim"));
  const int uav1_rows = line_containing(kBase, "  - {time_s: 0}") - 1;
  EXPECT_TRUE(fails_at(kBase, uav1_rows, "aircraft[0].control.script.rows",
                       "needs at least one row", {{"aircraft[0].control.script.rows", "[]"}}));
}

TEST(ScenarioFileErrors, DuplicateAircraftIds) {
  EXPECT_TRUE(edit_fails("  - id: uav2", "  - id: uav1", "aircraft[1].id",
                         "duplicate aircraft id 'uav1' (first at line " +
                             std::to_string(line_containing(kBase, "  - id: uav1")) + ")"));
  EXPECT_TRUE(
      edit_fails("  - id: uav2", "  - id: uav 2", "aircraft[1].id", "use only letters, digits"));
}

TEST(ScenarioFileErrors, EventsNamingAnUnknownAircraft) {
  EXPECT_TRUE(edit_fails("action: {fail_engine: {aircraft: uav1}}",
                         "    action: {fail_engine: {aircraft: uav9}}",
                         "events[0].action.fail_engine.aircraft",
                         "no aircraft with id 'uav9' in this scenario (ids: uav1, uav2)"));
  EXPECT_TRUE(edit_fails("when: {aircraft: uav2",
                         "    when: {aircraft: uav3, variable: fuel_kg, above: 10}",
                         "events[3].when.aircraft", "no aircraft with id 'uav3'"));
  EXPECT_TRUE(
      edit_fails("action: {fuel_leak:", "    action: {fuel_leak: {aircraft: x, rate_kg_h: 36}}",
                 "events[1].action.fuel_leak.aircraft", "no aircraft with id 'x'"));
}

TEST(ScenarioFileErrors, EventShape) {
  // Both triggers, no action kind, two action kinds, both comparisons.
  EXPECT_TRUE(fails_at(replace_line(kBase, "    at_s: 120",
                                    "    at_s: 120\n    when: {aircraft: uav1, variable: fuel_kg, "
                                    "below: 5}"),
                       line_containing(kBase, "    at_s: 120") + 1, "events[0].when",
                       "give only one of at_s | when"));
  EXPECT_TRUE(edit_fails("action: {fail_engine: {aircraft: uav1}}", "    action: {}",
                         "events[0].action", "expected one of set_wind | set_turbulence"));
  EXPECT_TRUE(edit_fails("action: {set_turbulence: severe}",
                         "    action: {set_turbulence: severe, fail_engine: {aircraft: uav1}}",
                         "events[3].action.fail_engine", "give only one of"));
  EXPECT_TRUE(
      edit_fails("when: {aircraft: uav1, variable: altitude_agl_m",
                 "    when: {aircraft: uav1, variable: altitude_agl_m, below: 300, above: 9}",
                 "events[1].when.above", "give only one of below | above"));
  EXPECT_TRUE(edit_fails("when: {aircraft: uav1, variable: altitude_agl_m",
                         "    when: {aircraft: uav1, variable: height, below: 300}",
                         "events[1].when.variable", "unknown value 'height'"));
  EXPECT_TRUE(fails_at(replace_line(kBase, "  - name: bump", "  - name: wind shift"),
                       line_containing(kBase, "  - name: bump"), "events[4].name",
                       "duplicate event name 'wind shift' (first at line " +
                           std::to_string(line_containing(kBase, "  - name: wind shift")) + ")"));
  EXPECT_TRUE(
      edit_fails("action: {fuel_leak:", "    action: {fuel_leak: {aircraft: uav1, rate_kg_h: 0}}",
                 "events[1].action.fuel_leak.rate_kg_h", "must be > 0"));
}

TEST(ScenarioFileErrors, SensorFaultsAndHeadingHold) {
  EXPECT_TRUE(edit_fails("action: {fail_engine: {aircraft: uav1}}",
                         "    action: {gnss_degrade: {aircraft: uav1, factor: 0.5}}",
                         "events[0].action.gnss_degrade.factor", "must be in [1, 100]"));
  EXPECT_TRUE(edit_fails("action: {fail_engine: {aircraft: uav1}}",
                         "    action: {sensor_fail: {aircraft: uav1, sensor: lidar}}",
                         "events[0].action.sensor_fail.sensor", "unknown value 'lidar'"));
  EXPECT_TRUE(edit_fails("action: {fail_engine: {aircraft: uav1}}",
                         "    action: {gnss_outage: {aircraft: uav1, duration_s: 0}}",
                         "events[0].action.gnss_outage.duration_s", "must be > 0"));
  EXPECT_TRUE(edit_fails("action: {fail_engine: {aircraft: uav1}}",
                         "    action: {gnss_jump: {aircraft: uav1, north_m: 50}}",
                         "events[0].action.gnss_jump.east_m", "missing required key"));
  EXPECT_TRUE(edit_fails("action: {fail_engine: {aircraft: uav1}}",
                         "    action: {link_loss: {aircraft: uav1, duration_s: -1}}",
                         "events[0].action.link_loss.duration_s", "must be > 0"));
  EXPECT_TRUE(edit_fails("action: {fail_engine: {aircraft: uav1}}",
                         "    action: {link_loss: {aircraft: uav9}}",
                         "events[0].action.link_loss.aircraft", "uav9"));
  {
    // A link cut for good, and a trigger on the range from the ground data terminal.
    std::string text = replace_line(kBase, "    action: {fail_engine: {aircraft: uav1}}",
                                    "    action: {link_loss: {aircraft: uav1}}");
    text = replace_line(text, "    when: {aircraft: uav1, variable: altitude_agl_m, below: 300}",
                        "    when: {aircraft: uav1, variable: gdt_range_m, above: 80000}");
    const Result<Scenario> r = parse_scenario_yaml(text, kBad);
    ASSERT_TRUE(r.ok()) << r.error().message;
    const EventSpec& e = r.value().events[0];
    EXPECT_EQ(e.action.kind, EventAction::Kind::kLinkLoss);
    EXPECT_EQ(e.action.duration_s, 0.0);
    const EventTrigger& when = r.value().events[1].trigger;
    EXPECT_EQ(when.variable, EventTrigger::Variable::kGdtRangeM);
    EXPECT_DOUBLE_EQ(when.value, 80000);
  }
  const std::string no_sensors = replace_line(
      replace_line(kBase, "    payload_kg: 60", "    payload_kg: 60\n    avionics: false"),
      "    action: {fail_engine: {aircraft: uav1}}",
      "    action: {pitot_block: {aircraft: uav1}}");
  const Result<Scenario> ns = parse_scenario_yaml(no_sensors, kBad);
  ASSERT_FALSE(ns.ok());
  EXPECT_NE(ns.error().message.find("which flies without avionics"), std::string::npos)
      << ns.error().message;
  // Heading hold: airborne only, legs from time 0 with increasing times, needs the avionics.
  const std::string hold =
      "      heading_hold: {legs: [{time_s: 0, heading_deg: 90, alt_amsl_m: 1500}]}";
  const std::string uav1_script =
      "      script:\n        relative_to_trim: true\n        rows:\n"
      "          - {time_s: 0}\n          - {time_s: 10, elevator_deg: -2}\n"
      "          - {time_s: 12, throttle: -0.5}";
  std::string text = kBase;
  const std::size_t at = text.find(uav1_script);
  ASSERT_NE(at, std::string::npos);
  text.replace(at, uav1_script.size(), hold);
  ASSERT_TRUE(parse_scenario_yaml(text, kBad).ok())
      << parse_scenario_yaml(text, kBad).error().message;
  const std::string late = replace_line(text, hold,
                                        "      heading_hold: {legs: [{time_s: 5, heading_deg: 90, "
                                        "alt_amsl_m: 1500}]}");
  EXPECT_TRUE(fails_at(late, line_containing(text, hold),
                       "aircraft[0].control.heading_hold.legs[0].time_s",
                       "the first leg starts at 0"));
  const std::string no_avionics =
      replace_line(text, "    payload_kg: 60", "    payload_kg: 60\n    avionics: false");
  EXPECT_TRUE(fails_at(no_avionics, line_containing(text, "    payload_kg: 60") + 1,
                       "aircraft[0].avionics", "heading_hold flies on the navigation estimate"));
}

TEST(ScenarioFileErrors, TimeLimitNotPositive) {
  EXPECT_TRUE(edit_fails("  time_limit_s: 600", "  time_limit_s: 0", "stop.time_limit_s",
                         "must be > 0, got 0"));
  EXPECT_TRUE(edit_fails("  time_limit_s: 600", "  time_limit_s: -5", "stop.time_limit_s",
                         "must be > 0, got -5"));
}

TEST(ScenarioFileErrors, UnknownBuiltInAircraft) {
  const int line = line_containing(kBase, "    type: searcher2");
  EXPECT_TRUE(fails_at(replace_line(kBase, "    type: searcher2", "    type: searcher9"), line,
                       "aircraft[0].type", "unknown aircraft 'searcher9'"));
  // A broken aircraft file: the aircraft loader's own FILE:LINE follows the scenario location.
  const Result<Scenario> r = parse_scenario_yaml(
      replace_line(kBase, "    type: searcher2", "    type: /dev/null/x.yaml"), kBad);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message.rfind(
                kBad + ":" + std::to_string(line) + ": aircraft[0].type: /dev/null/x.yaml", 0),
            0u)
      << r.error().message;
}

TEST(ScenarioFileErrors, SiteEnvironmentAndStartRanges) {
  EXPECT_TRUE(edit_fails("{height_agl_m: 1000,",
                         "      - {height_agl_m: 5, speed_mps: 12, from_deg: 300}",
                         "environment.wind.layers[1].height_agl_m", "strictly increasing height"));
  EXPECT_TRUE(edit_fails("{height_agl_m: 10,",
                         "      - {height_agl_m: 0.01, speed_mps: 5, from_deg: 270}",
                         "environment.wind.layers[0].height_agl_m", "above the roughness length"));
  EXPECT_TRUE(edit_fails("  qnh_hpa: 1020", "  qnh_hpa: 101325", "environment.qnh_hpa",
                         "must be in [850, 1100]"));
  EXPECT_TRUE(edit_fails("    heading_deg: 270", "    heading_deg: 400", "site.runway.heading_deg",
                         "must be in [0, 360]"));
  EXPECT_TRUE(edit_fails("amplitude_ned_mps: [0, 0, -3]",
                         "    - {start_s: 60, length_m: 120, amplitude_ned_mps: [0, 0]}",
                         "environment.gusts[0].amplitude_ned_mps", "expected 3 values"));
  EXPECT_TRUE(edit_fails("airborne: {lat_deg: 52.46",
                         "      airborne: {lat_deg: 52.46, lon_deg: 9.61, alt_amsl_m: 55, "
                         "heading_deg: 90, airspeed_mps: 40, engine: on}",
                         "aircraft[0].initial.airborne.alt_amsl_m", "above the site elevation"));
  EXPECT_TRUE(edit_fails("airborne: {lat_deg: 52.46",
                         "      airborne: {lat_deg: 52.46, lon_deg: 9.61, alt_amsl_m: 1500, "
                         "heading_deg: 90, airspeed_mps: 40, engine: running}",
                         "aircraft[0].initial.airborne.engine", "expected on | off"));
  EXPECT_TRUE(edit_fails("      parked: {}", "      parked: {at: threshold}",
                         "aircraft[1].initial.parked.at", "unknown key 'at'"));
  EXPECT_TRUE(
      fails_at(replace_line(kBase, "      parked: {}", "      parked: {}\n      airborne: {}"),
               line_containing(kBase, "      parked: {}") + 1, "aircraft[1].initial.airborne",
               "give only one of parked | airborne"));
  EXPECT_TRUE(fails_at(kBase, line_containing(kBase, "aircraft:"), "aircraft",
                       "needs at least one aircraft", {{"aircraft", "[]"}}));
}

// Never crash, never throw: random edits of a valid file give a value or an error.
TEST(ScenarioFileErrors, RandomCorruptionNeverCrashes) {
  std::mt19937 rng(12345);
  const std::string chars = " :-[]{},.#'\"\n0123456789abcxyz_!&*|>";
  int errors = 0;
  for (int i = 0; i < 400; ++i) {
    std::string text = kBase;
    const int edits = 1 + static_cast<int>(rng() % 3);
    for (int k = 0; k < edits; ++k) {
      const std::size_t pos = rng() % text.size();
      switch (rng() % 3) {
        case 0:
          text.erase(pos, 1 + rng() % 8);
          break;
        case 1:
          text.insert(pos, 1, chars[rng() % chars.size()]);
          break;
        default:
          text[pos] = chars[rng() % chars.size()];
          break;
      }
    }
    const Result<Scenario> r = parse_scenario_yaml(text, kBad);
    if (!r.ok()) {
      ++errors;
      EXPECT_EQ(r.error().message.rfind(kBad + ":", 0), 0u) << r.error().message;
    }
  }
  EXPECT_GT(errors, 100);
}

}  // namespace
}  // namespace kestrel

namespace kestrel {
namespace {

// The autopilot control source: the mission's rules, the parameters and the ground-station events
// are checked when the file loads, with the place and a reason.
TEST(ScenarioFileErrors, AutopilotMissionParamsAndCommands) {
  Result<std::string> path = resolve_scenario("crosswind-landing");
  ASSERT_TRUE(path.ok());
  std::ifstream in(path.value());
  std::stringstream buf;
  buf << in.rdbuf();
  const std::string base = buf.str();
  ASSERT_TRUE(parse_scenario_yaml(base, "x.yaml").ok());
  const auto error_of = [&](const std::string& from, const std::string& to) {
    std::string text = base;
    const std::size_t at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    if (at == std::string::npos) return std::string("(no such text)");
    text.replace(at, from.size(), to);
    const Result<Scenario> r = parse_scenario_yaml(text, "x.yaml");
    return r.ok() ? std::string("(loaded)") : r.error().message;
  };
  const auto has = [](const std::string& msg, const std::string& part) {
    return msg.find(part) != std::string::npos;
  };
  std::string e = error_of("        mode: auto", "        mode: fbwa");
  EXPECT_TRUE(has(e, "unknown flight mode 'fbwa'")) << e;
  e = error_of("        mode: auto", "        mode: auto\n        params: {LAND_FLARE_H: 50}");
  EXPECT_TRUE(has(e, "LAND_FLARE_H") && has(e, "outside its range")) << e;
  e = error_of("        mode: auto", "        mode: auto\n        params: {NO_SUCH: 1}");
  EXPECT_TRUE(has(e, "unknown parameter 'NO_SUCH'")) << e;
  e = error_of("          - land: {}", "          - land: {}\n          - rtl: {}");
  EXPECT_TRUE(has(e, "land must be the last mission item")) << e;
  e = error_of("          - land: {}", "          - takeoff: {alt_m: 100}");
  EXPECT_TRUE(has(e, "takeoff can only be the first") || has(e, "cannot begin with takeoff")) << e;
  e = error_of("          - land: {}",
               "          - loiter: {north_m: 0, east_m: 0, alt_m: 300, radius_m: 50}");
  EXPECT_TRUE(has(e, "minimum turn radius")) << e;
  e = error_of("          - land: {}",
               "          - waypoint: {north_m: 0, east_m: 0, lat_deg: 52.4, alt_m: 300}");
  EXPECT_TRUE(has(e, "not both")) << e;
  // A ground-station command to an aircraft not flown by the autopilot; a mode name it knows not.
  e = error_of("stop:", "events:\n  - {name: rtl, at_s: 10, action: {set_mode: {aircraft: uav1, "
                        "mode: circle}}}\nstop:");
  EXPECT_TRUE(has(e, "unknown flight mode 'circle'")) << e;
  e = error_of("stop:", "events:\n  - {name: p, at_s: 10, action: {set_param: {aircraft: uav1, "
                        "name: RTL_ALT, value: 1}}}\nstop:");
  EXPECT_TRUE(has(e, "RTL_ALT")) << e;
  e = error_of("    gnss_corrections: dgps", "    gnss_corrections: rtk");
  EXPECT_TRUE(has(e, "unknown value 'rtk'")) << e;
  e = error_of("    gnss_corrections: dgps", "    gnss_corrections: dgps\n    avionics: false");
  EXPECT_TRUE(has(e, "needs the avionics") || has(e, "flies on the navigation estimate")) << e;
}

}  // namespace
}  // namespace kestrel

namespace kestrel {
namespace {

// `plan: FILE` instead of `mission:`: a QGroundControl .plan or WPL file, found beside the
// scenario or among the built-in missions, checked as the autopilot checks an upload; errors
// name the scenario's line, the plan file, the item and the field.
TEST(ScenarioFilePlan, BuiltInSortiePlan) {
  const Result<Scenario> r = load_scenario("sortie-plan");
  ASSERT_TRUE(r.ok()) << r.error().message;
  const AutopilotSpec& ap = r.value().aircraft[0].control.autopilot;
  ASSERT_TRUE(ap.plan.has_value());
  EXPECT_TRUE(ap.mission.items.empty());
  EXPECT_EQ(ap.plan->items.size(), 15u);
  EXPECT_TRUE(ap.plan_path.ends_with("missions/sortie.plan")) << ap.plan_path;
}

TEST(ScenarioFilePlan, ErrorsNameTheFileTheItemAndTheField) {
  Result<std::string> path = resolve_scenario("sortie-plan");
  ASSERT_TRUE(path.ok());
  std::ifstream in(path.value());
  std::stringstream buf;
  buf << in.rdbuf();
  const std::string base = buf.str();
  const std::string source = (fs::temp_directory_path() / "kestrel_plan_scn.yaml").string();
  ASSERT_TRUE(parse_scenario_yaml(base, source).ok());
  const int plan_line = line_containing(base, "plan: sortie.plan");
  const std::string where =
      source + ":" + std::to_string(plan_line) + ": aircraft[0].control.autopilot.plan: ";
  const auto error_with_plan = [&](const std::string& plan_value) {
    const Result<Scenario> r = parse_scenario_yaml(
        replace_line(base, "plan: sortie.plan", "        plan: " + plan_value), source);
    return r.ok() ? std::string("(loaded)") : r.error().message;
  };
  // A file beside the scenario is found first; a missing one is named.
  std::string e = error_with_plan("nope.plan");
  EXPECT_EQ(e.rfind(where + "plan file 'nope.plan': no such file", 0), 0u) << e;

  // A plan with a problem the autopilot refuses: the file, the item, the field.
  const fs::path dir = fs::temp_directory_path();
  const std::string shipped = data_dir() + "/missions/sortie.plan";
  std::ifstream pin(shipped);
  std::stringstream pbuf;
  pbuf << pin.rdbuf();
  std::string plan_text = pbuf.str();
  const std::string bad_path = (dir / "kestrel_plan_scn_bad.plan").string();
  {
    // Item 7's radius (1200, the racetrack's) becomes 50: below the minimum turn radius.
    std::string t = plan_text;
    const std::size_t at = t.find("1200");
    ASSERT_NE(at, std::string::npos);
    t.replace(at, 4, "50");
    std::ofstream(bad_path) << t;
  }
  e = error_with_plan("kestrel_plan_scn_bad.plan");
  EXPECT_EQ(e.rfind(where + bad_path +
                        ": the autopilot refuses this mission:\n  item 7: "
                        "NAV_LOITER_TURNS: radius 50 m is below the minimum turn radius",
                    0),
            0u)
      << e;
  {
    // A key the reader does not know: the reader's message, naming the item and the key.
    std::string t = plan_text;
    const std::size_t at = t.find("\"autoContinue\"");
    ASSERT_NE(at, std::string::npos);
    t.replace(at, 14, "\"autoContinu\"");
    std::ofstream(bad_path) << t;
  }
  e = error_with_plan("kestrel_plan_scn_bad.plan");
  EXPECT_EQ(e.rfind(where + bad_path + ": mission.items[0] (item 1)", 0), 0u) << e;
  EXPECT_NE(e.find("autoContinu"), std::string::npos) << e;
  fs::remove(bad_path);

  // A WPL file works as well; a parked aircraft's plan must begin with a take-off.
  const std::string wpl_path = (dir / "kestrel_plan_scn.waypoints").string();
  std::ofstream(wpl_path) << "QGC WPL 110\n"
                             "0\t1\t0\t16\t0\t0\t0\t0\t52.452\t9.599\t50\t1\n"
                             "1\t0\t3\t16\t0\t0\t0\t0\t52.47\t9.45\t300\t1\n";
  e = error_with_plan("kestrel_plan_scn.waypoints");
  EXPECT_EQ(
      e.rfind(where + wpl_path + ": a parked aircraft's mission must start with a take-off", 0), 0u)
      << e;
  std::ofstream(wpl_path) << "QGC WPL 110\n"
                             "0\t1\t0\t16\t0\t0\t0\t0\t52.452\t9.599\t50\t1\n"
                             "1\t0\t3\t22\t0\t0\t0\t0\t52.451\t9.59\t300\t1\n"
                             "2\t0\t3\t16\t0\t0\t0\t0\t52.47\t9.45\t300\t1\n";
  e = error_with_plan("kestrel_plan_scn.waypoints");
  EXPECT_EQ(e, "(loaded)");
  fs::remove(wpl_path);

  // One of mission and plan.
  const Result<Scenario> both = parse_scenario_yaml(
      replace_line(
          base, "plan: sortie.plan",
          "        plan: sortie.plan\n        mission:\n          - takeoff: {alt_m: 300}"),
      source);
  ASSERT_FALSE(both.ok());
  EXPECT_NE(both.error().message.find("not both"), std::string::npos) << both.error().message;
}

}  // namespace
}  // namespace kestrel
