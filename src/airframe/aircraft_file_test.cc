// Tests of the aircraft file loader: the shipped searcher2.yaml arrives in SI with consistent
// physics, and each class of malformed file gives an error naming FILE:LINE: key.path. Malformed
// variants are made by editing one line of the shipped text, so they stay in sync with it.
#include "airframe/aircraft_file.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>

namespace kestrel {
namespace {

const std::string kShippedPath = std::string(KESTREL_DATA_DIR) + "/aircraft/searcher2.yaml";
const std::string kBad = "bad/searcher2.yaml";  // source name used for edited variants

std::string shipped_text() {
  std::ifstream in(kShippedPath);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// 1-based number of the first line containing `needle` (0 if none).
int line_containing(const std::string& text, const std::string& needle) {
  std::istringstream in(text);
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    if (line.find(needle) != std::string::npos) return n;
  }
  return 0;
}

// The text with the first line containing `needle` replaced by `replacement` (which may hold
// several lines or none).
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
                                    const std::string& detail) {
  const Result<AircraftParams> r = parse_aircraft_yaml(text, kBad);
  if (r.ok()) return ::testing::AssertionFailure() << "parsed without error";
  const std::string& msg = r.error().message;
  const std::string where = kBad + ":" + std::to_string(line) + ": " + key + ": ";
  if (line <= 0)
    return ::testing::AssertionFailure() << "bad expected line in the test; message: " << msg;
  if (msg.rfind(where, 0) != 0)
    return ::testing::AssertionFailure() << "expected prefix '" << where << "', got: " << msg;
  if (msg.find(detail) == std::string::npos) {
    return ::testing::AssertionFailure() << "expected '" << detail << "' in: " << msg;
  }
  return ::testing::AssertionSuccess() << msg;
}

// ---- The shipped aircraft ----------------------------------------------------------------------

TEST(AircraftFile, ShippedSearcher2LoadsInSi) {
  const Result<AircraftParams> r = load_aircraft("searcher2");
  ASSERT_TRUE(r.ok()) << r.error().message;
  const AircraftParams& p = r.value();
  EXPECT_EQ(p.name, "searcher2");
  EXPECT_NE(p.source_path.find("aircraft/searcher2.yaml"), std::string::npos);
  EXPECT_DOUBLE_EQ(p.geometry.span_m, 8.55);
  EXPECT_DOUBLE_EQ(p.geometry.wing_area_m2, 7.3);
  EXPECT_DOUBLE_EQ(p.mass.empty_mass_kg, 280.0);
  ASSERT_EQ(p.mass.tanks.size(), 1u);
  // deg → rad: alpha breakpoints, surface travel, rate limits, steering.
  EXPECT_DOUBLE_EQ(p.aero.cl_alpha.x().front(), deg_to_rad(-30.0));
  EXPECT_NEAR(p.aero.cl_alpha.evaluate(deg_to_rad(13.5)), 1.35, 1e-12);
  EXPECT_DOUBLE_EQ(p.actuators.elevator.max, deg_to_rad(20.0));
  EXPECT_DOUBLE_EQ(p.actuators.elevator.rate_limit_per_s, deg_to_rad(80.0));
  EXPECT_DOUBLE_EQ(p.actuators.throttle.min, 0.0);
  EXPECT_DOUBLE_EQ(p.actuators.throttle.max, 1.0);
  EXPECT_FALSE(p.actuators.has_flaps);
  // kW → W, g/kWh → kg/J (400 g/kWh = 1.1111e-7 kg/J).
  EXPECT_DOUBLE_EQ(p.engine.max_power_w, 36000.0);
  EXPECT_NEAR(p.engine.bsfc_kg_per_j, 400.0e-3 / 3.6e6, 1e-20);
  EXPECT_DOUBLE_EQ(p.engine.generator_power_w, 1000.0);
  EXPECT_DOUBLE_EQ(p.propeller.rotation_sign, 1.0);
  EXPECT_NEAR(p.propeller.thrust_axis_b.norm(), 1.0, 1e-15);
  EXPECT_FALSE(p.aero.drag_table);
  EXPECT_DOUBLE_EQ(p.aero.cd0, 0.032);
  // Gear: three wheels first, the structure points after; the nose wheel steers ±30 deg.
  ASSERT_EQ(p.contacts.size(), 11u);
  EXPECT_EQ(p.contacts[0].name, "nose");
  EXPECT_DOUBLE_EQ(p.contacts[0].max_steer_rad, deg_to_rad(30.0));
  EXPECT_EQ(p.contacts[1].brake_group, BrakeGroup::kLeft);
  EXPECT_EQ(p.contacts[2].brake_group, BrakeGroup::kRight);
  EXPECT_EQ(p.contacts.back().kind, ContactKind::kStructure);
  EXPECT_DOUBLE_EQ(p.contacts.back().spring_n_per_m, 2e5);
}

// The loading plan written in the file's header: the 450 kg CG at 28 % MAC, unchanged by fuel
// burn, and the aircraft trims (Cm about the CG = 0) near alpha 6.2 deg with the elevator at 0.
TEST(AircraftFile, ShippedSearcher2IsBalanced) {
  const Result<AircraftParams> r = load_aircraft_file(kShippedPath);
  ASSERT_TRUE(r.ok()) << r.error().message;
  const AircraftParams& p = r.value();
  const MassParams& m = p.mass;
  const double le_x = -1.75;
  const auto cg_x = [&](double payload_kg, double fuel_kg) {
    const double mass = m.empty_mass_kg + payload_kg + fuel_kg;
    return (m.empty_mass_kg * m.empty_cg_b_m.x() + payload_kg * m.payload_position_b_m.x() +
            fuel_kg * m.tanks[0].position_b_m.x()) /
           mass;
  };
  const auto pct_mac = [&](double x) { return 100.0 * (le_x - x) / p.geometry.mac_m; };
  EXPECT_NEAR(pct_mac(cg_x(70, 100)), 28.0, 0.3);
  EXPECT_NEAR(pct_mac(cg_x(70, 0)), pct_mac(cg_x(70, 100)), 0.5);
  EXPECT_LT(m.empty_mass_kg + m.payload_max_kg + m.tanks[0].capacity_kg,
            1.5 * m.max_takeoff_mass_kg);

  const double alpha = deg_to_rad(6.2);
  // Lift at the reference point, arm_m ahead of the CG, pitches the nose up: Cm += CL arm / c.
  const double arm_m = p.geometry.aero_ref_b_m.x() - cg_x(70, 100);
  const double cm_cg =
      p.aero.cm_alpha.evaluate(alpha) + p.aero.cl_alpha.evaluate(alpha) * arm_m / p.geometry.mac_m;
  EXPECT_NEAR(cm_cg, 0.0, 0.01);
  // Static: the CG lies between the nose wheel and the mains.
  EXPECT_GT(p.contacts[0].position_b_m.x(), cg_x(70, 100));
  EXPECT_LT(p.contacts[1].position_b_m.x(), cg_x(0, 100));
}

TEST(AircraftFile, DataDirFollowsEnvironment) {
  ASSERT_EQ(setenv("KESTREL_DATA_DIR", "/tmp/kestrel-no-such-dir", 1), 0);
  EXPECT_EQ(data_dir(), "/tmp/kestrel-no-such-dir");
  EXPECT_FALSE(load_aircraft("searcher2").ok());
  ASSERT_EQ(unsetenv("KESTREL_DATA_DIR"), 0);
  EXPECT_TRUE(resolve_aircraft("searcher2").ok());
  // A path to an existing file is used as it is.
  const Result<std::string> by_path = resolve_aircraft(kShippedPath);
  ASSERT_TRUE(by_path.ok());
  EXPECT_EQ(by_path.value(), kShippedPath);
}

// ---- One test per class of malformed file ------------------------------------------------------

TEST(AircraftFileErrors, YamlSyntaxError) {
  const std::string base = shipped_text();
  const std::string text = replace_line(base, "  mac_m: 0.855", "  mac_m: [0.855, 1");
  // yaml-cpp reports an unclosed flow list where it notices it: at the next line's key.
  const Result<AircraftParams> r = parse_aircraft_yaml(text, kBad);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("YAML syntax error"), std::string::npos) << r.error().message;
  EXPECT_EQ(r.error().message.rfind(kBad + ":", 0), 0u) << r.error().message;

  // A stray mapping value on one line: reported on that line.
  const std::string text2 = replace_line(base, "  mac_m: 0.855", "  mac_m: 0.855: 3");
  const Result<AircraftParams> r2 = parse_aircraft_yaml(text2, kBad);
  ASSERT_FALSE(r2.ok());
  const std::string where =
      kBad + ":" + std::to_string(line_containing(base, "  mac_m: 0.855")) + ": YAML syntax error";
  EXPECT_EQ(r2.error().message.rfind(where, 0), 0u) << r2.error().message;
}

TEST(AircraftFileErrors, UnknownKeyTopLevel) {
  const std::string text =
      replace_line(shipped_text(), "name: searcher2", "name: searcher2\nwingspan_m: 8.55");
  EXPECT_TRUE(fails_at(text, line_containing(text, "wingspan_m"), "wingspan_m",
                       "unknown key 'wingspan_m'"));
}

TEST(AircraftFileErrors, UnknownKeyNestedSuggestsNearest) {
  const std::string text = replace_line(shipped_text(), "  span_m: 8.55", "  spann_m: 8.55");
  EXPECT_TRUE(fails_at(text, line_containing(text, "spann_m"), "geometry.spann_m",
                       "did you mean 'span_m'?"));
  // Deeper: a key inside a contact point of the gear list.
  const std::string text2 =
      replace_line(shipped_text(), "rolling_friction: 0.025          # R: small tyre",
                   "    rolling_fricton: 0.025");
  EXPECT_TRUE(fails_at(text2, line_containing(text2, "rolling_fricton"),
                       "landing_gear[0].rolling_fricton", "did you mean 'rolling_friction'?"));
  // A structure point takes no tyre keys.
  const std::string text3 =
      replace_line(shipped_text(), "name: nose_tip",
                   "  - {name: nose_tip, kind: structure, position_m: [0, 0, 0], brake: left}");
  EXPECT_TRUE(fails_at(text3, line_containing(text3, "name: nose_tip"), "landing_gear[10].brake",
                       "unknown key 'brake'"));
}

TEST(AircraftFileErrors, MissingKey) {
  const std::string base = shipped_text();
  const std::string text = replace_line(base, "  mac_m: 0.855", "");
  EXPECT_TRUE(fails_at(text, line_containing(text, "geometry:"), "geometry.mac_m",
                       "missing required key 'mac_m'"));
  const std::string text2 = replace_line(base, "engine:", "motor:");
  EXPECT_TRUE(fails_at(text2, line_containing(text2, "motor:"), "motor", "unknown key 'motor'"));
  // A whole drag model missing.
  const std::string text3 = replace_line(
      replace_line(replace_line(base, "    polar:", ""), "cd0: 0.032", ""), "k: 0.0388", "");
  EXPECT_TRUE(fails_at(text3, line_containing(text3, "  drag:"), "aerodynamics.drag.polar",
                       "missing required key 'polar'"));
}

TEST(AircraftFileErrors, WrongType) {
  const std::string base = shipped_text();
  const std::string text = replace_line(base, "  span_m: 8.55", "  span_m: eight");
  EXPECT_TRUE(fails_at(text, line_containing(text, "span_m"), "geometry.span_m",
                       "expected a number, got 'eight'"));
  const std::string text2 = replace_line(base, "  span_m: 8.55", "  span_m: \"8.55\"");
  EXPECT_TRUE(fails_at(text2, line_containing(text2, "span_m"), "geometry.span_m", "quoted text"));
  // A scalar where a list is expected, and a vector of the wrong length.
  const std::string text3 = replace_line(base, "  empty_cg_m:", "  empty_cg_m: -2.1");
  EXPECT_TRUE(fails_at(text3, line_containing(text3, "empty_cg_m"), "mass.empty_cg_m",
                       "expected a list [x, y, z]"));
  const std::string text4 =
      replace_line(base, "  aero_reference_m:", "  aero_reference_m: [-1.9, 0]");
  EXPECT_TRUE(fails_at(text4, line_containing(text4, "aero_reference_m"),
                       "geometry.aero_reference_m", "expected 3 values [x, y, z], got 2"));
  // A list where a mapping is expected.
  const std::string text5 = replace_line(
      replace_line(replace_line(base, "  payload:", "  payload: [100, 1]"), "    max_kg: 100", ""),
      "    position_m: [-1.40", "");
  EXPECT_TRUE(
      fails_at(text5, line_containing(text5, "  payload:"), "mass.payload", "expected a mapping"));
}

TEST(AircraftFileErrors, NonFiniteNumber) {
  const std::string base = shipped_text();
  const std::string text = replace_line(base, "  wing_area_m2:", "  wing_area_m2: .nan");
  EXPECT_TRUE(fails_at(text, line_containing(text, "wing_area_m2"), "geometry.wing_area_m2",
                       "must be a finite number"));
  const std::string text2 = replace_line(base, "cd0: 0.032", "      cd0: -.inf");
  EXPECT_TRUE(fails_at(text2, line_containing(text2, "cd0:"), "aerodynamics.drag.polar.cd0",
                       "must be a finite number"));
  const std::string text3 = replace_line(base, "  wing_area_m2:", "  wing_area_m2: 1e400");
  EXPECT_TRUE(fails_at(text3, line_containing(text3, "wing_area_m2"), "geometry.wing_area_m2",
                       "out of range"));
}

TEST(AircraftFileErrors, NonMonotonicTable) {
  const std::string base = shipped_text();
  const std::string line = "    alpha_deg: [-30, -20, -15, -12, -8, -4, 0, 4, 8, 10, 12, 13.5";
  ASSERT_GT(line_containing(base, line), 0);
  const std::string text = replace_line(
      base, line,
      "    alpha_deg: [-30, -20, -15, -12, -8, -4, 0, 4, 8, 12, 10, 13.5, 15, 17, 20, 25, 30]");
  EXPECT_TRUE(fails_at(text, line_containing(base, line), "aerodynamics.lift.alpha_deg",
                       "values must increase strictly (index 10: 10 after 12)"));
  // In a block-style list the offending element's own line is reported.
  const std::string text2 = replace_line(base, "    rpm: [1500",
                                         "    rpm:\n      - 1500\n      - 1400\n      - 3500\n"
                                         "      - 4500\n      - 5500\n      - 6000\n      - 6500\n"
                                         "      - 7000\n      - 7500");
  EXPECT_TRUE(fails_at(text2, line_containing(text2, "- 1400"), "engine.full_throttle_power.rpm",
                       "index 1: 1400 after 1500"));
}

TEST(AircraftFileErrors, TableLengthMismatchAndTooShort) {
  const std::string base = shipped_text();
  const std::string text = replace_line(base, "    cl: [-0.80", "    cl: [-0.80, -0.70]");
  EXPECT_TRUE(fails_at(text, line_containing(text, "    cl: ["), "aerodynamics.lift.cl",
                       "has 2 values but alpha_deg has 17"));
  const std::string text2 = replace_line(replace_line(base, "    j:  [0.0", "    j: [0.0]"),
                                         "    ct: [", "    ct: [0.1]");
  const std::string text3 = replace_line(text2, "    cp: [", "    cp: [0.07]");
  EXPECT_TRUE(fails_at(text3, line_containing(text3, "    j: [0.0]"), "propeller.coefficients.j",
                       "a table needs at least 2 points, got 1"));
}

TEST(AircraftFileErrors, NegativeOrZeroMass) {
  const std::string base = shipped_text();
  const std::string text = replace_line(base, "  empty_mass_kg: 280", "  empty_mass_kg: -280");
  EXPECT_TRUE(fails_at(text, line_containing(text, "empty_mass_kg"), "mass.empty_mass_kg",
                       "must be > 0, got -280"));
  const std::string text2 = replace_line(base, "      capacity_kg: 110", "      capacity_kg: 0");
  EXPECT_TRUE(fails_at(text2, line_containing(text2, "capacity_kg"),
                       "mass.fuel_tanks[0].capacity_kg", "must be > 0"));
  // Far above MTOW: 280 + 100 + 1000 kg > 1.5 x 500 kg.
  const std::string text3 = replace_line(base, "      capacity_kg: 110", "      capacity_kg: 1000");
  EXPECT_TRUE(fails_at(text3, line_containing(text3, "max_takeoff_mass_kg"),
                       "mass.max_takeoff_mass_kg", "exceeds 1.5 x MTOW"));
}

TEST(AircraftFileErrors, CgOutsideAirframe) {
  const std::string base = shipped_text();
  const std::string text = replace_line(base, "  empty_cg_m:", "  empty_cg_m: [-7.0, 0.0, 0.0]");
  EXPECT_TRUE(fails_at(text, line_containing(text, "empty_cg_m"), "mass.empty_cg_m",
                       "lies outside the airframe"));
  // x > 0 is ahead of the nose tip.
  const std::string text2 = replace_line(base, "  empty_cg_m:", "  empty_cg_m: [0.5, 0.0, 0.0]");
  EXPECT_TRUE(fails_at(text2, line_containing(text2, "empty_cg_m"), "mass.empty_cg_m",
                       "lies outside the airframe"));
  // Contact points are checked too.
  const std::string text3 =
      replace_line(base, "name: right_wing_tip",
                   "  - {name: right_wing_tip, kind: structure, position_m: [-2.0, 5.0, -0.45]}");
  EXPECT_TRUE(fails_at(text3, line_containing(text3, "right_wing_tip"),
                       "landing_gear[4].position_m", "|y| <= 4.275"));
}

TEST(AircraftFileErrors, BadInertia) {
  const std::string base = shipped_text();
  const int inertia_line = line_containing(base, "  inertia_kg_m2:");
  const std::string text = replace_line(base, "    izz: 590", "    izz: 900");
  EXPECT_TRUE(fails_at(text, inertia_line, "mass.inertia_kg_m2",
                       "triangle inequality: ixx + iyy = 655 < izz = 900"));
  const std::string text2 = replace_line(base, "    ixz: -53", "    ixz: -450");
  EXPECT_TRUE(fails_at(text2, inertia_line, "mass.inertia_kg_m2", "not positive definite"));
  // Large |ixz| that keeps the 2x2 block positive definite but tilts the principal moments out of
  // the triangle inequality.
  const std::string text3 = replace_line(base, "    ixz: -53", "    ixz: -400");
  EXPECT_TRUE(fails_at(text3, inertia_line, "mass.inertia_kg_m2", "principal moments"));
  const std::string text4 = replace_line(base, "    ixx: 298", "    ixx: -298");
  EXPECT_TRUE(
      fails_at(text4, line_containing(text4, "ixx:"), "mass.inertia_kg_m2.ixx", "must be > 0"));
}

TEST(AircraftFileErrors, TooManyTanks) {
  const std::string base = shipped_text();
  std::string tanks = "  fuel_tanks:";
  for (int i = 0; i < 5; ++i) {
    tanks +=
        "\n    - {name: t" + std::to_string(i) + ", capacity_kg: 20, position_m: [-2.0, 0.0, 0.0]}";
  }
  std::string text = replace_line(base, "  fuel_tanks:", tanks);
  text = replace_line(replace_line(replace_line(text, "- name: main", ""), "capacity_kg: 110", ""),
                      "position_m: [-1.99", "");
  EXPECT_TRUE(fails_at(text, line_containing(text, "fuel_tanks:"), "mass.fuel_tanks",
                       "expected 1 to 4 fuel tanks, got 5"));
}

TEST(AircraftFileErrors, BadEnumValue) {
  const std::string base = shipped_text();
  const std::string text = replace_line(base, "    brake: left", "    brake: middle");
  EXPECT_TRUE(fails_at(text, line_containing(text, "brake: middle"), "landing_gear[1].brake",
                       "unknown value 'middle'; expected none | left | right"));
  const std::string text2 = replace_line(base, "  rotation:", "  rotation: sideways");
  EXPECT_TRUE(fails_at(text2, line_containing(text2, "rotation:"), "propeller.rotation",
                       "unknown value 'sideways'"));
}

TEST(AircraftFileErrors, DuplicateContactName) {
  const std::string base = shipped_text();
  const std::string text = replace_line(base, "  - name: right_main", "  - name: left_main");
  const int first = line_containing(base, "  - name: left_main");
  EXPECT_TRUE(
      fails_at(text, line_containing(base, "  - name: right_main"), "landing_gear[2].name",
               "duplicate contact name 'left_main' (first at line " + std::to_string(first) + ")"));
  // A duplicated YAML key is an error too (yaml-cpp would silently keep the first).
  const std::string text2 = replace_line(base, "  span_m: 8.55", "  span_m: 8.55\n  span_m: 9.0");
  EXPECT_TRUE(
      fails_at(text2, line_containing(text2, "span_m: 9.0"), "geometry.span_m", "duplicate key"));
}

TEST(AircraftFileErrors, ImpossibleValues) {
  const std::string base = shipped_text();
  const std::string t1 =
      replace_line(base, "static_friction: 0.8             # R: rubber on dry asphalt",
                   "    static_friction: 2.5");
  EXPECT_TRUE(fails_at(t1, line_containing(t1, "static_friction: 2.5"),
                       "landing_gear[0].static_friction", "must be in [0, 2], got 2.5"));
  const std::string t2 = replace_line(
      base, "  elevator: {",
      "  elevator: {time_constant_s: 0.06, rate_limit_deg_s: 80, min_deg: 20, max_deg: -20}");
  EXPECT_TRUE(fails_at(t2, line_containing(t2, "  elevator: {"), "actuators.elevator.min_deg",
                       "must be below max_deg"));
  const std::string t3 = replace_line(base, "  throttle: {",
                                      "  throttle: {time_constant_s: 0, rate_limit_per_s: 1.0}");
  EXPECT_TRUE(fails_at(t3, line_containing(t3, "  throttle: {"),
                       "actuators.throttle.time_constant_s", "must be > 0"));
  const std::string t4 =
      replace_line(base, "    fraction: [0.15",
                   "    fraction: [0.15, 0.32, 0.50, 0.68, 0.86, 0.94, 1.00, 0.97, 1.5]");
  EXPECT_TRUE(fails_at(t4, line_containing(t4, "    fraction: [0.15"),
                       "engine.full_throttle_power.fraction",
                       "values must be in [0, 1.2] (index 8: 1.5)"));
  const std::string t5 = replace_line(base, "  diameter_m: 1.3", "  diameter_m: 0");
  EXPECT_TRUE(
      fails_at(t5, line_containing(t5, "diameter_m"), "propeller.diameter_m", "must be > 0"));
  const std::string t6 = replace_line(base, "  thrust_axis:", "  thrust_axis: [0, 0, 0]");
  EXPECT_TRUE(
      fails_at(t6, line_containing(t6, "thrust_axis"), "propeller.thrust_axis", "non-zero"));
  // Two wheels only: the nose wheel becomes a structure point.
  std::string t7 = base;
  for (const char* key :
       {"spring_n_per_m: 17500", "damping_n_s_per_m: 1340", "rebound_damping_n_s_per_m: 1790",
        "max_compression_m: 0.10",
        "rolling_friction: 0.025          # R: small tyre on a hard runway (0.02",
        "cornering_stiffness_per_rad: 5   # E: small tyre", "brake: none", "max_steer_deg: 30"}) {
    t7 = replace_line(t7, key, "");
  }
  t7 = replace_line(t7, "    kind: wheel", "    kind: structure");
  EXPECT_TRUE(
      fails_at(t7, line_containing(t7, "landing_gear:"), "landing_gear", "at least 3 wheels"));
  // Polar and table together.
  const std::string t8 =
      replace_line(base, "    beta2_per_rad2:",
                   "    alpha_deg: [0, 10]\n    cd: [0.04, 0.08]\n    beta2_per_rad2: 0.15");
  EXPECT_TRUE(
      fails_at(t8, line_containing(t8, "    polar:"), "aerodynamics.drag.polar", "not both"));
}

TEST(AircraftFileErrors, EmptyAndNonMappingDocuments) {
  EXPECT_FALSE(parse_aircraft_yaml("", kBad).ok());
  const Result<AircraftParams> r = parse_aircraft_yaml("- 1\n- 2\n", kBad);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("expected a mapping"), std::string::npos) << r.error().message;
  const Result<AircraftParams> r2 = parse_aircraft_yaml("name: a\n---\nname: b\n", kBad);
  ASSERT_FALSE(r2.ok());
  EXPECT_NE(r2.error().message.find("only one YAML document"), std::string::npos)
      << r2.error().message;
}

TEST(AircraftFileErrors, MissingFile) {
  const std::string path = "/tmp/kestrel-no-such-dir/absent.yaml";
  const Result<AircraftParams> r = load_aircraft_file(path);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message.rfind(path + ": cannot open the aircraft file: no such file", 0), 0u)
      << r.error().message;
  const Result<AircraftParams> dir = load_aircraft_file(KESTREL_DATA_DIR);
  ASSERT_FALSE(dir.ok());
  EXPECT_NE(dir.error().message.find("not a regular file"), std::string::npos);
}

TEST(AircraftFileErrors, UnknownAircraftNameListsBuiltIns) {
  const Result<AircraftParams> r = load_aircraft("no_such_plane");
  ASSERT_FALSE(r.ok());
  const std::string& msg = r.error().message;
  EXPECT_NE(msg.find("unknown aircraft 'no_such_plane'"), std::string::npos) << msg;
  EXPECT_NE(msg.find("built-in aircraft"), std::string::npos) << msg;
  EXPECT_NE(msg.find("searcher2"), std::string::npos) << msg;
}

// Never crash: random damage to the shipped file (deleted, duplicated and swapped characters and
// lines) must give a value or an Error, never an abort or an escaped exception. Fixed seed.
TEST(AircraftFileErrors, RandomDamageNeverCrashes) {
  const std::string base = shipped_text();
  std::mt19937 rng(20240611u);
  const std::string junk = "-:[]{},#&*!|>'\"%@` \n\t.0123456789eE+nan";
  int errors = 0;
  for (int trial = 0; trial < 400; ++trial) {
    std::string text = base;
    const int edits = 1 + static_cast<int>(rng() % 4);
    for (int e = 0; e < edits; ++e) {
      const std::size_t pos = rng() % text.size();
      switch (rng() % 3) {
        case 0:
          text.erase(pos, 1 + rng() % 8);
          break;
        case 1:
          text.insert(pos, 1, junk[rng() % junk.size()]);
          break;
        default:
          text[pos] = junk[rng() % junk.size()];
          break;
      }
    }
    const Result<AircraftParams> r = parse_aircraft_yaml(text, kBad);
    if (!r.ok()) {
      ++errors;
      EXPECT_EQ(r.error().message.rfind(kBad, 0), 0u) << r.error().message;
    }
  }
  EXPECT_GT(errors, 100);
}

// ---- Sensors section ---------------------------------------------------------------------------

TEST(AircraftFile, SensorsSectionLoadsInSi) {
  const Result<AircraftParams> r = load_aircraft("searcher2");
  ASSERT_TRUE(r.ok()) << r.error().message;
  const SensorsParams& s = r.value().sensors;
  EXPECT_DOUBLE_EQ(s.imu.rate_hz, 100);
  EXPECT_EQ(s.imu.lever_arm_b_m, Vec3(0.25, 0.0, 0.10));
  EXPECT_NEAR(s.imu.gyro.noise_density, 0.3 * kRadPerDeg / 60.0, 1e-12);       // deg/sqrt(h)
  EXPECT_NEAR(s.imu.gyro.bias_instability, 8.0 * kRadPerDeg / 3600.0, 1e-12);  // deg/h
  EXPECT_NEAR(s.imu.accel.bias_instability, 13e-6 * 9.80665, 1e-12);           // ug
  EXPECT_NEAR(s.imu.accel.range, 40 * 9.80665, 1e-9);
  EXPECT_NEAR(s.imu.gyro.scale_factor_error, 0.002, 1e-12);  // ppm
  EXPECT_NEAR(s.imu.gyro.vibration_amplitude.x(), 0.2 * kRadPerDeg, 1e-12);
  EXPECT_DOUBLE_EQ(s.gnss.latency_s, 0.1);
  EXPECT_EQ(s.gnss.satellites, 14);
  EXPECT_EQ(s.airspeed.probe_lever_arm_b_m, Vec3(1.9, 0.0, 0.0));
  EXPECT_EQ(s.mag.soft_iron_diag, Vec3(1.02, 0.98, 1.01));
}

TEST(AircraftFile, SensorsSectionIsOptionalWithDefaults) {
  const std::string text = shipped_text();
  const std::string cut = text.substr(0, text.find("\nsensors:"));
  const Result<AircraftParams> r = parse_aircraft_yaml(cut, kBad);
  ASSERT_TRUE(r.ok()) << r.error().message;
  const SensorsParams d;
  EXPECT_EQ(r.value().sensors.imu.gyro.noise_density, d.imu.gyro.noise_density);
  EXPECT_EQ(r.value().sensors.gnss.rate_hz, 10);
  EXPECT_EQ(r.value().sensors.baro.rate_hz, 50);
  // A sub-section with one key: the others keep their defaults.
  const Result<AircraftParams> r2 =
      parse_aircraft_yaml(cut + "\nsensors:\n  baro:\n    noise_pa: 3\n", kBad);
  ASSERT_TRUE(r2.ok()) << r2.error().message;
  EXPECT_EQ(r2.value().sensors.baro.noise_pa, 3);
  EXPECT_EQ(r2.value().sensors.baro.bias_sigma_pa, d.baro.bias_sigma_pa);
}

TEST(AircraftFileErrors, SensorsSection) {
  const std::string text = shipped_text();
  // Unknown key, with a suggestion.
  std::string t = replace_line(text, "noise_density_deg_rt_h", "      noise_densty_deg_rt_h: 0.3");
  EXPECT_TRUE(fails_at(t, line_containing(text, "noise_density_deg_rt_h"),
                       "sensors.imu.gyro.noise_densty_deg_rt_h", "did you mean"));
  // Out of range.
  t = replace_line(text, "    latency_s: 0.1", "    latency_s: -0.1");
  EXPECT_TRUE(fails_at(t, line_containing(text, "    latency_s: 0.1"), "sensors.gnss.latency_s",
                       "must be in"));
  t = replace_line(text, "    satellites: 14", "    satellites: 12.5");
  EXPECT_TRUE(fails_at(t, line_containing(text, "    satellites: 14"), "sensors.gnss.satellites",
                       "whole number"));
  t = replace_line(text, "    latency_s: 0.1", "    latency_s: 1.5\n    rate_hz: 20");
  t = replace_line(t, "    rate_hz: 10", "");
  EXPECT_FALSE(parse_aircraft_yaml(t, kBad).ok());  // 30 solutions in flight
  t = replace_line(text, "    soft_iron_diag:", "    soft_iron_diag: [1.0, 2.0, 1.0]");
  EXPECT_TRUE(fails_at(t, line_containing(text, "    soft_iron_diag:"),
                       "sensors.mag.soft_iron_diag", "[0.5, 1.5]"));
  t = replace_line(text, "    lever_arm_m: [0.25", "    lever_arm_m: [25.0, 0.0, 0.1]");
  EXPECT_TRUE(fails_at(t, line_containing(text, "    lever_arm_m: [0.25"),
                       "sensors.imu.lever_arm_m", "within"));
  t = replace_line(text, "    noise_gauss: 0.002", "    noise_gauss: fast");
  EXPECT_TRUE(fails_at(t, line_containing(text, "    noise_gauss: 0.002"),
                       "sensors.mag.noise_gauss", "expected a number"));
  t = replace_line(text, "  airspeed:", "  pitot:");
  EXPECT_TRUE(fails_at(t, line_containing(text, "  airspeed:"), "sensors.pitot", "unknown key"));
}

}  // namespace
}  // namespace kestrel
