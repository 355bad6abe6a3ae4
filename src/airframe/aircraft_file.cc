// Aircraft file loader. Layout of the file (units in the key names; data/aircraft/searcher2.yaml is
// the worked example, with the origin of every number):
//
//   name, description (optional)
//   geometry:     wing_area_m2, span_m, mac_m, length_m, height_m, aero_reference_m [x,y,z]
//   mass:         empty_mass_kg, empty_cg_m, inertia_kg_m2 {ixx, iyy, izz, ixz},
//                 max_takeoff_mass_kg, payload {max_kg, position_m}, fuel_tanks [1..4 of
//                 {name, capacity_kg, position_m}]
//   aerodynamics: lift, drag, side_force, roll_moment, pitch_moment, yaw_moment
//   engine, propeller, actuators, landing_gear
//   sensors (optional): imu {gyro, accel}, gnss, baro, airspeed, mag; every key optional
//
// Positions are body FRD from the datum (nose tip): airframe points have x in [-length_m, 0],
// |y| <= span_m / 2, |z| <= height_m.
//
// Errors: loading stops at the first problem and reports FILE:LINE: key.path: reason. Internally
// the helpers (airframe/yaml_check.h, shared with the scenario loader) throw a LoadFailure that
// never leaves this file; parse_aircraft_yaml() turns it (and any yaml-cpp exception) into an
// Error. That keeps each check to one line instead of threading a
// status through ~150 reads. Table1D and the rest of the model code are only handed values that
// passed these checks, so no KESTREL_CHECK is reachable from file contents.
#include "airframe/aircraft_file.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string_view>
#include <utility>
#include <vector>

#include "airframe/yaml_check.h"

#ifndef KESTREL_DEFAULT_DATA_DIR
#define KESTREL_DEFAULT_DATA_DIR "data"
#endif

namespace kestrel {
namespace {

namespace fs = std::filesystem;

constexpr double kGramsPerKwhToKgPerJ = 1e-3 / 3.6e6;
constexpr std::size_t kMaxFileBytes = 4u << 20;  // an aircraft file is a few kB

// Defaults for structural contact points (wing tips, tail, propeller arc): stiff, well damped,
// sliding on the ground.
constexpr double kStructureSpring = 2e5;           // N/m
constexpr double kStructureDamping = 5e3;          // N s/m
constexpr double kStructureMaxCompression = 0.05;  // m
constexpr double kStructureFriction = 0.5;

using namespace yaml_check;  // NOLINT: the loader is written in these helpers

// ---- Tables ------------------------------------------------------------------------------------

struct Range {
  double lo = -kMaxMagnitude, hi = kMaxMagnitude;
};

// Reads the table y(x) from two parallel lists under `m`, checks it (>= 2 points, equal lengths,
// x strictly increasing, values within range) and converts the units by the two scales.
Table1D table(const Map& m, std::string_view x_key, std::string_view y_key, double x_scale,
              double y_scale, Range x_range = {}, Range y_range = {}) {
  const Doc& doc = m.doc();
  const Value xv = m.get(x_key), yv = m.get(y_key);
  const std::vector<Value> x_items = to_list(doc, xv), y_items = to_list(doc, yv);
  std::vector<double> xs, ys;
  for (const Value& v : x_items) xs.push_back(to_number(doc, v));
  for (const Value& v : y_items) ys.push_back(to_number(doc, v));
  if (xs.size() < 2)
    doc.fail(xv.where, "a table needs at least 2 points, got " + std::to_string(xs.size()));
  if (ys.size() != xs.size()) {
    doc.fail(yv.where, "has " + std::to_string(ys.size()) + " values but " + std::string(x_key) +
                           " has " + std::to_string(xs.size()) + " (the two lists are one table)");
  }
  for (std::size_t i = 1; i < xs.size(); ++i) {
    if (!(xs[i] > xs[i - 1])) {
      doc.fail({xv.where.path, x_items[i].where.line},
               "values must increase strictly (index " + std::to_string(i) + ": " + num_str(xs[i]) +
                   " after " + num_str(xs[i - 1]) + ")");
    }
  }
  const auto check_range = [&](const std::vector<double>& vals, const std::vector<Value>& items,
                               const Value& list, const Range& r) {
    for (std::size_t i = 0; i < vals.size(); ++i) {
      if (vals[i] < r.lo || vals[i] > r.hi) {
        doc.fail({list.where.path, items[i].where.line},
                 "values must be in [" + num_str(r.lo) + ", " + num_str(r.hi) + "] (index " +
                     std::to_string(i) + ": " + num_str(vals[i]) + ")");
      }
    }
  };
  check_range(xs, x_items, xv, x_range);
  check_range(ys, y_items, yv, y_range);
  for (double& x : xs) x *= x_scale;
  for (double& y : ys) y *= y_scale;
  for (std::size_t i = 1; i < xs.size(); ++i) {
    if (!(xs[i] > xs[i - 1])) {
      doc.fail({xv.where.path, x_items[i].where.line},
               "breakpoints at index " + std::to_string(i - 1) + " and " + std::to_string(i) +
                   " are too close together");
    }
  }
  return Table1D(std::move(xs), std::move(ys));
}

// ---- Sections ----------------------------------------------------------------------------------

// Points on the airframe must lie inside the box the geometry section describes.
void check_inside(const Doc& doc, const Where& w, const Vec3& p, const GeometryParams& g,
                  const std::string& what) {
  const bool inside = p.x() >= -g.length_m && p.x() <= 0.0 && std::fabs(p.y()) <= 0.5 * g.span_m &&
                      std::fabs(p.z()) <= g.height_m;
  if (!inside) {
    doc.fail(w, what + " " + vec_str(p) + " m lies outside the airframe (x in [" +
                    num_str(-g.length_m) + ", 0], |y| <= " + num_str(0.5 * g.span_m) +
                    ", |z| <= " + num_str(g.height_m) + "; datum at the nose tip, body FRD)");
  }
}

Vec3 point_inside(const Map& m, std::string_view key, const GeometryParams& g,
                  const std::string& what) {
  const Value v = m.get(key);
  const Vec3 p = to_vec3(m.doc(), v);
  check_inside(m.doc(), v.where, p, g, what);
  return p;
}

GeometryParams read_geometry(const Map& m) {
  GeometryParams g;
  g.wing_area_m2 = positive(m, "wing_area_m2");
  g.span_m = positive(m, "span_m");
  g.mac_m = positive(m, "mac_m");
  g.length_m = positive(m, "length_m");
  g.height_m = positive(m, "height_m");
  g.aero_ref_b_m = point_inside(m, "aero_reference_m", g, "aerodynamic reference point");
  return g;
}

void check_inertia(const Map& im, const MassParams& mp) {
  const Doc& doc = im.doc();
  const Where& w = im.where();
  const double ixx = mp.ixx_kg_m2, iyy = mp.iyy_kg_m2, izz = mp.izz_kg_m2, ixz = mp.ixz_kg_m2;
  const double tol = 1e-9 * (ixx + iyy + izz);
  const auto triangle = [&](double a, double b, double c, const char* na, const char* nb,
                            const char* nc) {
    if (a + b < c - tol) {
      doc.fail(w, std::string("violates the triangle inequality: ") + na + " + " + nb + " = " +
                      num_str(a + b) + " < " + nc + " = " + num_str(c) +
                      " (no rigid body has such moments)");
    }
  };
  triangle(ixx, iyy, izz, "ixx", "iyy", "izz");
  triangle(iyy, izz, ixx, "iyy", "izz", "ixx");
  triangle(izz, ixx, iyy, "izz", "ixx", "iyy");
  if (!(ixx * izz - ixz * ixz > 0.0)) {
    doc.fail(w, "not positive definite: ixx * izz - ixz^2 = " + num_str(ixx * izz - ixz * ixz) +
                    " <= 0 (|ixz| too large)");
  }
  // The product of inertia rotates the principal axes; the principal moments must also satisfy
  // the triangle inequality.
  Mat3 inertia;
  inertia << ixx, 0, -ixz, 0, iyy, 0, -ixz, 0, izz;
  const Eigen::SelfAdjointEigenSolver<Mat3> eig(inertia);
  const Vec3 l = eig.eigenvalues();  // ascending
  if (l(0) <= 0.0 || l(0) + l(1) < l(2) - tol) {
    doc.fail(w, "principal moments " + vec_str(l) +
                    " kg m2 are not those of a rigid body (|ixz| too large)");
  }
}

MassParams read_mass(const Map& m, const GeometryParams& g) {
  const Doc& doc = m.doc();
  MassParams mp;
  mp.empty_mass_kg = positive(m, "empty_mass_kg");
  mp.empty_cg_b_m = point_inside(m, "empty_cg_m", g, "centre of mass");

  const Map im(doc, m.get("inertia_kg_m2"), {"ixx", "iyy", "izz", "ixz"});
  mp.ixx_kg_m2 = positive(im, "ixx");
  mp.iyy_kg_m2 = positive(im, "iyy");
  mp.izz_kg_m2 = positive(im, "izz");
  mp.ixz_kg_m2 = num(im, "ixz");
  check_inertia(im, mp);

  mp.max_takeoff_mass_kg = positive(m, "max_takeoff_mass_kg");
  if (mp.max_takeoff_mass_kg < mp.empty_mass_kg) {
    doc.fail(m.get("max_takeoff_mass_kg").where, "MTOW " + num_str(mp.max_takeoff_mass_kg) +
                                                     " kg is below the empty mass " +
                                                     num_str(mp.empty_mass_kg) + " kg");
  }

  const Map pm(doc, m.get("payload"), {"max_kg", "position_m"});
  mp.payload_max_kg = non_negative(pm, "max_kg");
  mp.payload_position_b_m = point_inside(pm, "position_m", g, "payload position");

  const Value tanks_v = m.get("fuel_tanks");
  const std::vector<Value> tanks = to_list(doc, tanks_v);
  if (tanks.empty() || static_cast<int>(tanks.size()) > kMaxFuelTanks) {
    doc.fail(tanks_v.where, "expected 1 to " + std::to_string(kMaxFuelTanks) + " fuel tanks, got " +
                                std::to_string(tanks.size()));
  }
  double fuel_kg = 0;
  for (const Value& tv : tanks) {
    const Map tm(doc, tv, {"name", "capacity_kg", "position_m"});
    FuelTankParams t;
    const Value name_v = tm.get("name");
    t.name = to_text(doc, name_v);
    if (t.name.empty()) doc.fail(name_v.where, "must not be empty");
    for (const FuelTankParams& other : mp.tanks) {
      if (other.name == t.name) doc.fail(name_v.where, "duplicate fuel tank name '" + t.name + "'");
    }
    t.capacity_kg = positive(tm, "capacity_kg");
    t.position_b_m = point_inside(tm, "position_m", g, "fuel tank position");
    fuel_kg += t.capacity_kg;
    mp.tanks.push_back(t);
  }

  // A loading far beyond MTOW means a typo in one of the masses.
  const double full = mp.empty_mass_kg + mp.payload_max_kg + fuel_kg;
  if (full > 1.5 * mp.max_takeoff_mass_kg) {
    doc.fail(m.get("max_takeoff_mass_kg").where,
             "empty mass + max payload + fuel capacity = " + num_str(full) +
                 " kg exceeds 1.5 x MTOW (" + num_str(1.5 * mp.max_takeoff_mass_kg) +
                 " kg); check the masses");
  }
  return mp;
}

constexpr Range kAlphaRangeDeg{-180.0, 180.0};

AeroParams read_aero(const Map& m) {
  const Doc& doc = m.doc();
  AeroParams a;

  const Map lift(doc, m.get("lift"),
                 {"alpha_deg", "cl", "q_per_rad", "alpha_dot_per_rad", "elevator_per_rad"},
                 {"flap_per_rad"});
  a.cl_alpha = table(lift, "alpha_deg", "cl", kRadPerDeg, 1.0, kAlphaRangeDeg);
  a.cl_q = num(lift, "q_per_rad");
  a.cl_alpha_dot = num(lift, "alpha_dot_per_rad");
  a.cl_elevator = num(lift, "elevator_per_rad");
  a.cl_flap = num_opt(lift, "flap_per_rad", 0.0);

  // Drag: exactly one of a parabolic polar or a CD(alpha) table.
  const Map drag(doc, m.get("drag"), {"beta2_per_rad2", "elevator_per_rad"},
                 {"polar", "alpha_deg", "cd", "flap_per_rad"});
  const bool has_polar = drag.has("polar");
  const bool has_table = drag.has("alpha_deg") || drag.has("cd");
  if (has_polar && has_table) {
    doc.fail(drag.get("polar").where,
             "give either 'polar' or the table 'alpha_deg' + 'cd', not both");
  }
  if (!has_polar && !has_table) {
    doc.fail({join_path(drag.where().path, "polar"), drag.where().line},
             "missing required key 'polar' (or the table 'alpha_deg' + 'cd')");
  }
  a.drag_table = has_table;
  if (has_table) {
    a.cd_alpha = table(drag, "alpha_deg", "cd", kRadPerDeg, 1.0, kAlphaRangeDeg, Range{0.0, 10.0});
  } else {
    const Map polar(doc, drag.get("polar"), {"cd0", "k"});
    a.cd0 = non_negative(polar, "cd0");
    a.k_induced = non_negative(polar, "k");
  }
  a.cd_beta2 = non_negative(drag, "beta2_per_rad2");
  a.cd_elevator = non_negative(drag, "elevator_per_rad");
  if (drag.has("flap_per_rad")) a.cd_flap = non_negative(drag, "flap_per_rad");

  const std::vector<std::string_view> lateral = {"beta_per_rad", "p_per_rad", "r_per_rad",
                                                 "aileron_per_rad", "rudder_per_rad"};
  const Map side(doc, m.get("side_force"), lateral);
  a.cy_beta = num(side, "beta_per_rad");
  a.cy_p = num(side, "p_per_rad");
  a.cy_r = num(side, "r_per_rad");
  a.cy_aileron = num(side, "aileron_per_rad");
  a.cy_rudder = num(side, "rudder_per_rad");

  const Map roll(doc, m.get("roll_moment"), lateral);
  a.croll_beta = num(roll, "beta_per_rad");
  a.croll_p = num(roll, "p_per_rad");
  a.croll_r = num(roll, "r_per_rad");
  a.croll_aileron = num(roll, "aileron_per_rad");
  a.croll_rudder = num(roll, "rudder_per_rad");

  const Map pitch(doc, m.get("pitch_moment"),
                  {"alpha_deg", "cm", "q_per_rad", "alpha_dot_per_rad", "elevator_per_rad"},
                  {"flap_per_rad"});
  a.cm_alpha = table(pitch, "alpha_deg", "cm", kRadPerDeg, 1.0, kAlphaRangeDeg);
  a.cm_q = num(pitch, "q_per_rad");
  a.cm_alpha_dot = num(pitch, "alpha_dot_per_rad");
  a.cm_elevator = num(pitch, "elevator_per_rad");
  a.cm_flap = num_opt(pitch, "flap_per_rad", 0.0);

  const Map yaw(doc, m.get("yaw_moment"), lateral);
  a.cn_beta = num(yaw, "beta_per_rad");
  a.cn_p = num(yaw, "p_per_rad");
  a.cn_r = num(yaw, "r_per_rad");
  a.cn_aileron = num(yaw, "aileron_per_rad");
  a.cn_rudder = num(yaw, "rudder_per_rad");
  return a;
}

constexpr Range kPowerFractionRange{0.0, 1.2};

EngineParams read_engine(const Map& m) {
  const Doc& doc = m.doc();
  EngineParams e;
  e.kind = enum_value<std::string>(m, "kind", {{"two_stroke", "two_stroke"}});
  e.max_power_w = positive(m, "max_power_kw") * 1e3;
  e.rated_rpm = positive(m, "rated_rpm");
  const Map ft(doc, m.get("full_throttle_power"), {"rpm", "fraction"});
  e.power_fraction_of_rpm =
      table(ft, "rpm", "fraction", 1.0, 1.0, Range{0.0, 1e5}, kPowerFractionRange);
  // max_power_kw is defined as the power at rated_rpm, so the curve must pass through 1 there.
  const double at_rated = e.power_fraction_of_rpm.evaluate(e.rated_rpm);
  if (std::fabs(at_rated - 1.0) > 0.05) {
    doc.fail(ft.get("fraction").where,
             "gives " + num_str(at_rated) + " at rated_rpm " + num_str(e.rated_rpm) +
                 "; it must be 1 there (max_power_kw is the power at rated_rpm)");
  }
  e.idle_rpm = positive(m, "idle_rpm");
  if (e.idle_rpm >= e.rated_rpm) {
    doc.fail(m.get("idle_rpm").where,
             "must be below rated_rpm (" + num_str(e.rated_rpm) + "), got " + num_str(e.idle_rpm));
  }
  e.max_rpm = positive(m, "max_rpm");
  if (e.max_rpm < e.rated_rpm) {
    doc.fail(m.get("max_rpm").where, "must be at least rated_rpm (" + num_str(e.rated_rpm) +
                                         "), got " + num_str(e.max_rpm));
  }
  e.idle_power_fraction = in_range(m, "idle_power_fraction", 0.0, 0.5);
  e.lapse_b = in_range(m, "altitude_lapse_b", 0.0, 0.5);
  e.friction_power_fraction = in_range(m, "friction_power_fraction", 0.0, 0.5);
  const Value bsfc_v = m.get("bsfc_g_per_kwh");
  const double bsfc_g_per_kwh = to_number(doc, bsfc_v);
  if (bsfc_g_per_kwh < 100.0 || bsfc_g_per_kwh > 2000.0) {
    doc.fail(bsfc_v.where, "must be in [100, 2000] g/kWh, got " + num_str(bsfc_g_per_kwh));
  }
  e.bsfc_kg_per_j = bsfc_g_per_kwh * kGramsPerKwhToKgPerJ;
  const Map pl(doc, m.get("bsfc_part_load"), {"power_fraction", "factor"});
  e.bsfc_factor_of_power =
      table(pl, "power_fraction", "factor", 1.0, 1.0, kPowerFractionRange, Range{0.5, 10.0});
  e.starter_torque_nm = non_negative(m, "starter_torque_nm");
  e.start_rpm = positive(m, "start_rpm");
  if (e.start_rpm >= e.idle_rpm) {
    doc.fail(m.get("start_rpm").where,
             "must be below idle_rpm (" + num_str(e.idle_rpm) + "), got " + num_str(e.start_rpm));
  }
  e.generator_power_w = non_negative(m, "generator_power_kw") * 1e3;
  if (e.generator_power_w >= e.max_power_w) {
    doc.fail(m.get("generator_power_kw").where, "must be below max_power_kw");
  }
  return e;
}

PropellerParams read_propeller(const Map& m, const GeometryParams& g) {
  const Doc& doc = m.doc();
  PropellerParams p;
  p.diameter_m = positive(m, "diameter_m");
  p.gear_ratio = positive(m, "gear_ratio");
  p.inertia_kg_m2 = positive(m, "inertia_kg_m2");
  p.position_b_m = point_inside(m, "position_m", g, "propeller hub");
  const Value axis_v = m.get("thrust_axis");
  const Vec3 axis = to_vec3(doc, axis_v);
  if (!(axis.norm() > 1e-9)) doc.fail(axis_v.where, "must be a non-zero direction");
  p.thrust_axis_b = axis.normalized();
  p.rotation_sign = enum_value<double>(
      m, "rotation", {{"clockwise_from_behind", 1.0}, {"counterclockwise_from_behind", -1.0}});
  const Map c(doc, m.get("coefficients"), {"j", "ct", "cp"});
  p.ct_of_j = table(c, "j", "ct", 1.0, 1.0, Range{0.0, 10.0}, Range{-1.0, 1.0});
  p.cp_of_j = table(c, "j", "cp", 1.0, 1.0, Range{0.0, 10.0}, Range{-1.0, 1.0});
  if (!(p.ct_of_j.y().front() > 0.0) || !(p.cp_of_j.y().front() > 0.0)) {
    doc.fail(
        c.get("ct").where,
        "ct and cp at the first advance ratio must be > 0 (the propeller must give static thrust)");
  }
  return p;
}

ActuatorParams read_surface(const Doc& doc, const Value& v) {
  const Map m(doc, v, {"time_constant_s", "rate_limit_deg_s", "min_deg", "max_deg"});
  ActuatorParams a;
  a.time_constant_s = positive(m, "time_constant_s");
  a.rate_limit_per_s = positive(m, "rate_limit_deg_s") * kRadPerDeg;
  const double min_deg = in_range(m, "min_deg", -90.0, 90.0);
  const double max_deg = in_range(m, "max_deg", -90.0, 90.0);
  if (!(min_deg < max_deg)) {
    doc.fail(m.get("min_deg").where,
             "min_deg (" + num_str(min_deg) + ") must be below max_deg (" + num_str(max_deg) + ")");
  }
  a.min = min_deg * kRadPerDeg;
  a.max = max_deg * kRadPerDeg;
  return a;
}

ActuatorParams read_unit_channel(const Doc& doc, const Value& v) {
  const Map m(doc, v, {"time_constant_s", "rate_limit_per_s"});
  ActuatorParams a;
  a.time_constant_s = positive(m, "time_constant_s");
  a.rate_limit_per_s = positive(m, "rate_limit_per_s");
  a.min = 0.0;
  a.max = 1.0;
  return a;
}

ActuatorSetParams read_actuators(const Map& m) {
  const Doc& doc = m.doc();
  ActuatorSetParams s;
  s.elevator = read_surface(doc, m.get("elevator"));
  s.aileron = read_surface(doc, m.get("aileron"));
  s.rudder = read_surface(doc, m.get("rudder"));
  s.nosewheel = read_surface(doc, m.get("nosewheel"));
  s.has_flaps = m.has("flap");
  if (s.has_flaps) s.flap = read_surface(doc, m.get("flap"));
  s.throttle = read_unit_channel(doc, m.get("throttle"));
  s.brake = read_unit_channel(doc, m.get("brake"));
  return s;
}

std::vector<ContactParams> read_gear(const Doc& doc, const Value& list_v, const GeometryParams& g) {
  const std::vector<Value> items = to_list(doc, list_v);
  if (static_cast<int>(items.size()) > kMaxContacts) {
    doc.fail(list_v.where, "at most " + std::to_string(kMaxContacts) + " contact points, got " +
                               std::to_string(items.size()));
  }
  std::vector<ContactParams> contacts;
  std::map<std::string, int> name_lines;
  int wheels = 0;
  for (const Value& item : items) {
    // The keys allowed depend on the kind, so peek at it first (the Map below re-checks it).
    bool structure = false;
    if (item.node.IsMap()) {
      const YAML::Node kind = item.node["kind"];
      structure = kind.IsDefined() && kind.IsScalar() && kind.Scalar() == "structure";
    }
    const std::vector<std::string_view> common = {"name", "kind", "position_m"};
    const std::vector<std::string_view> strut = {
        "spring_n_per_m",    "damping_n_s_per_m", "rebound_damping_n_s_per_m",
        "max_compression_m", "static_friction",   "dynamic_friction"};
    const std::vector<std::string_view> tyre = {"rolling_friction", "cornering_stiffness_per_rad",
                                                "brake", "max_steer_deg"};
    std::vector<std::string_view> required = common, optional;
    if (structure) {
      optional = strut;
    } else {
      required.insert(required.end(), strut.begin(), strut.end());
      required.insert(required.end(), tyre.begin(), tyre.end());
    }
    const Map m(doc, item, required, optional);
    ContactParams c;
    const Value name_v = m.get("name");
    c.name = to_text(doc, name_v);
    if (c.name.empty()) doc.fail(name_v.where, "must not be empty");
    if (const auto it = name_lines.find(c.name); it != name_lines.end()) {
      doc.fail(name_v.where, "duplicate contact name '" + c.name + "' (first at line " +
                                 std::to_string(it->second) + ")");
    }
    name_lines[c.name] = name_v.where.line;
    c.kind = enum_value<ContactKind>(
        m, "kind", {{"wheel", ContactKind::kWheel}, {"structure", ContactKind::kStructure}});
    c.position_b_m = point_inside(m, "position_m", g, "contact point");
    if (structure) {
      c.spring_n_per_m = m.has("spring_n_per_m") ? positive(m, "spring_n_per_m") : kStructureSpring;
      c.damping_n_s_per_m =
          m.has("damping_n_s_per_m") ? non_negative(m, "damping_n_s_per_m") : kStructureDamping;
      c.damping_rebound_n_s_per_m = m.has("rebound_damping_n_s_per_m")
                                        ? non_negative(m, "rebound_damping_n_s_per_m")
                                        : c.damping_n_s_per_m;
      c.max_compression_m =
          m.has("max_compression_m") ? positive(m, "max_compression_m") : kStructureMaxCompression;
      c.static_friction = in_range_opt(m, "static_friction", 0.0, 2.0, kStructureFriction);
      c.dynamic_friction = in_range_opt(m, "dynamic_friction", 0.0, 2.0, c.static_friction);
      c.rolling_friction = c.dynamic_friction;  // a structural point slides, it does not roll
      c.cornering_stiffness_per_rad = 0.0;
    } else {
      ++wheels;
      c.spring_n_per_m = positive(m, "spring_n_per_m");
      c.damping_n_s_per_m = non_negative(m, "damping_n_s_per_m");
      c.damping_rebound_n_s_per_m = non_negative(m, "rebound_damping_n_s_per_m");
      c.max_compression_m = positive(m, "max_compression_m");
      c.static_friction = in_range(m, "static_friction", 0.0, 2.0);
      c.dynamic_friction = in_range(m, "dynamic_friction", 0.0, 2.0);
      c.rolling_friction = in_range(m, "rolling_friction", 0.0, 2.0);
      c.cornering_stiffness_per_rad = non_negative(m, "cornering_stiffness_per_rad");
      c.brake_group = enum_value<BrakeGroup>(m, "brake",
                                             {{"none", BrakeGroup::kNone},
                                              {"left", BrakeGroup::kLeft},
                                              {"right", BrakeGroup::kRight}});
      c.max_steer_rad = in_range(m, "max_steer_deg", 0.0, 90.0) * kRadPerDeg;
    }
    if (c.dynamic_friction > c.static_friction) {
      doc.fail(m.get("dynamic_friction").where, "dynamic_friction (" + num_str(c.dynamic_friction) +
                                                    ") must not exceed static_friction (" +
                                                    num_str(c.static_friction) + ")");
    }
    contacts.push_back(c);
  }
  if (wheels < 3) {
    doc.fail(list_v.where,
             "at least 3 wheels are needed to stand on the ground, got " + std::to_string(wheels));
  }
  return contacts;
}

// ---- Sensors (optional section; every key optional, defaults in sensor_params.h) ----------------

// One numeric key: file name, where it goes, the file-unit -> SI factor and the allowed range in
// FILE units.
struct NumKey {
  std::string_view key;
  double* field;
  double to_si;
  double lo, hi;
};

void read_nums(const Map& m, const std::vector<NumKey>& keys) {
  for (const NumKey& k : keys) {
    if (m.has(k.key)) *k.field = in_range(m, k.key, k.lo, k.hi) * k.to_si;
  }
}

std::vector<std::string_view> key_names(const std::vector<NumKey>& keys,
                                        std::vector<std::string_view> more = {}) {
  for (const NumKey& k : keys) more.push_back(k.key);
  return more;
}

// A vector key with each component within [-lim, lim] (file units) times to_si.
void read_vec_opt(const Map& m, std::string_view key, Vec3* out, double lim, double to_si = 1.0) {
  if (!m.has(key)) return;
  const Value v = m.get(key);
  const Vec3 x = to_vec3(m.doc(), v);
  if (x.cwiseAbs().maxCoeff() > lim)
    m.doc().fail(v.where, "components must be within +/-" + num_str(lim) + ", got " + vec_str(x));
  *out = x * to_si;
}

void read_triad(const Doc& doc, const Value& v, ImuTriadParams& t, bool gyro) {
  // Gyro file units: deg/sqrt(h), deg/h, deg/s, ppm, mrad. Accel: m/s/sqrt(h), mg, ug, m/s^2.
  const double noise_si =
      gyro ? kRadPerDeg * kPerSqrtHourToPerSqrtSecond : kPerSqrtHourToPerSqrtSecond;
  const std::vector<NumKey> keys =
      gyro ? std::vector<NumKey>{{"noise_density_deg_rt_h", &t.noise_density, noise_si, 0, 100},
                                 {"bias_instability_deg_h", &t.bias_instability,
                                  kRadPerSecPerDegPerHour, 0, 1e4},
                                 {"bias_correlation_time_s", &t.bias_correlation_time_s, 1.0, 0.01,
                                  1e6},
                                 {"rate_random_walk_deg_h_rt_h", &t.rate_random_walk,
                                  kRadPerSecPerDegPerHour * kPerSqrtHourToPerSqrtSecond, 0, 1e4},
                                 {"turn_on_bias_deg_s", &t.turn_on_bias, kRadPerDeg, 0, 100},
                                 {"scale_factor_ppm", &t.scale_factor_error, 1e-6, 0, 1e5},
                                 {"misalignment_mrad", &t.misalignment_rad, 1e-3, 0, 100},
                                 {"range_deg_s", &t.range, kRadPerDeg, 1, 1e5},
                                 {"resolution_deg_s", &t.resolution, kRadPerDeg, 0, 10}}
           : std::vector<NumKey>{
                 {"noise_density_m_s_rt_h", &t.noise_density, noise_si, 0, 100},
                 {"bias_instability_ug", &t.bias_instability, 1e-6 * kStandardGravity, 0, 1e6},
                 {"bias_correlation_time_s", &t.bias_correlation_time_s, 1.0, 0.01, 1e6},
                 {"rate_random_walk_m_s2_rt_h", &t.rate_random_walk, kPerSqrtHourToPerSqrtSecond, 0,
                  1e4},
                 {"turn_on_bias_mg", &t.turn_on_bias, 1e-3 * kStandardGravity, 0, 1000},
                 {"scale_factor_ppm", &t.scale_factor_error, 1e-6, 0, 1e5},
                 {"misalignment_mrad", &t.misalignment_rad, 1e-3, 0, 100},
                 {"range_g", &t.range, kStandardGravity, 0.5, 1000},
                 {"resolution_mg", &t.resolution, 1e-3 * kStandardGravity, 0, 1000}};
  const std::string_view vib = gyro ? "vibration_amplitude_deg_s" : "vibration_amplitude_m_s2";
  const Map m(doc, v, {}, key_names(keys, {vib}));
  read_nums(m, keys);
  read_vec_opt(m, vib, &t.vibration_amplitude, gyro ? 100.0 : 1000.0, gyro ? kRadPerDeg : 1.0);
}

// Lever arms from the CG: within the airframe's size.
void read_lever_arm(const Map& m, std::string_view key, Vec3* out, const GeometryParams& g) {
  read_vec_opt(m, key, out, std::max(g.length_m, 0.5 * g.span_m));
}

SensorsParams read_sensors(const Doc& doc, const Value& v, const GeometryParams& g) {
  SensorsParams s;
  const Map m(doc, v, {}, {"imu", "gnss", "baro", "airspeed", "mag"});
  if (m.has("imu")) {
    ImuParams& p = s.imu;
    const std::vector<NumKey> keys = {
        {"rate_hz", &p.rate_hz, 1, 1, 10000},
        {"vibration_reference_rpm", &p.vibration_reference_rpm, 1, 100, 1e5}};
    const Map im(doc, m.get("imu"), {}, key_names(keys, {"lever_arm_m", "gyro", "accel"}));
    read_nums(im, keys);
    read_lever_arm(im, "lever_arm_m", &p.lever_arm_b_m, g);
    if (im.has("gyro")) read_triad(doc, im.get("gyro"), p.gyro, true);
    if (im.has("accel")) read_triad(doc, im.get("accel"), p.accel, false);
  }
  if (m.has("gnss")) {
    GnssParams& p = s.gnss;
    double satellites = p.satellites;
    const std::vector<NumKey> keys = {
        {"rate_hz", &p.rate_hz, 1, 0.1, 100},
        {"latency_s", &p.latency_s, 1, 0, 1.5},
        {"horizontal_drift_sigma_m", &p.horizontal_drift_sigma_m, 1, 0, 1000},
        {"vertical_drift_sigma_m", &p.vertical_drift_sigma_m, 1, 0, 1000},
        {"drift_time_constant_s", &p.drift_time_constant_s, 1, 1, 1e6},
        {"horizontal_noise_m", &p.horizontal_noise_m, 1, 0, 1000},
        {"vertical_noise_m", &p.vertical_noise_m, 1, 0, 1000},
        {"horizontal_velocity_noise_mps", &p.horizontal_velocity_noise_mps, 1, 0, 100},
        {"vertical_velocity_noise_mps", &p.vertical_velocity_noise_mps, 1, 0, 100},
        {"satellites", &satellites, 1, 4, 64},
        {"hdop", &p.hdop, 1, 0.3, 50},
        {"vdop", &p.vdop, 1, 0.3, 50}};
    const Map gm(doc, m.get("gnss"), {}, key_names(keys, {"antenna_lever_arm_m"}));
    read_nums(gm, keys);
    if (satellites != std::floor(satellites))
      doc.fail(gm.get("satellites").where, "must be a whole number, got " + num_str(satellites));
    p.satellites = static_cast<int>(satellites);
    if (p.latency_s * p.rate_hz >= kMaxGnssSolutionsInFlight) {
      doc.fail(gm.has("latency_s") ? gm.get("latency_s").where : gm.where(),
               "latency_s x rate_hz = " + num_str(p.latency_s * p.rate_hz) + " must be below " +
                   std::to_string(kMaxGnssSolutionsInFlight) + " (solutions in flight)");
    }
    read_lever_arm(gm, "antenna_lever_arm_m", &p.antenna_lever_arm_b_m, g);
  }
  if (m.has("baro")) {
    BaroParams& p = s.baro;
    const std::vector<NumKey> keys = {{"rate_hz", &p.rate_hz, 1, 0.1, 1000},
                                      {"noise_pa", &p.noise_pa, 1, 0, 1000},
                                      {"bias_sigma_pa", &p.bias_sigma_pa, 1, 0, 10000},
                                      {"bias_time_constant_s", &p.bias_time_constant_s, 1, 1, 1e7},
                                      {"turn_on_bias_pa", &p.turn_on_bias_pa, 1, 0, 10000}};
    const Map bm(doc, m.get("baro"), {}, key_names(keys, {"lever_arm_m"}));
    read_nums(bm, keys);
    read_lever_arm(bm, "lever_arm_m", &p.lever_arm_b_m, g);
  }
  if (m.has("airspeed")) {
    AirspeedParams& p = s.airspeed;
    const std::vector<NumKey> keys = {{"rate_hz", &p.rate_hz, 1, 0.1, 1000},
                                      {"noise_pa", &p.noise_pa, 1, 0, 1000},
                                      {"turn_on_bias_pa", &p.turn_on_bias_pa, 1, 0, 1000},
                                      {"temperature_noise_k", &p.temperature_noise_k, 1, 0, 50}};
    const Map am(doc, m.get("airspeed"), {}, key_names(keys, {"probe_lever_arm_m"}));
    read_nums(am, keys);
    read_lever_arm(am, "probe_lever_arm_m", &p.probe_lever_arm_b_m, g);
  }
  if (m.has("mag")) {
    MagParams& p = s.mag;
    const std::vector<NumKey> keys = {{"rate_hz", &p.rate_hz, 1, 0.1, 1000},
                                      {"noise_gauss", &p.noise_gauss, 1, 0, 1}};
    const Map mm(doc, m.get("mag"), {},
                 key_names(keys, {"hard_iron_gauss", "soft_iron_diag", "soft_iron_offdiag"}));
    read_nums(mm, keys);
    read_vec_opt(mm, "hard_iron_gauss", &p.hard_iron_gauss, 2.0);
    read_vec_opt(mm, "soft_iron_offdiag", &p.soft_iron_offdiag, 0.5);
    if (mm.has("soft_iron_diag")) {
      const Value dv = mm.get("soft_iron_diag");
      const Vec3 d = to_vec3(doc, dv);
      if (d.minCoeff() < 0.5 || d.maxCoeff() > 1.5)
        doc.fail(dv.where, "components must be in [0.5, 1.5], got " + vec_str(d));
      p.soft_iron_diag = d;
    }
  }
  return s;
}

AircraftParams read_aircraft(const Doc& doc, const YAML::Node& root,
                             const std::string& source_name) {
  const Map m(doc, Value{root, {"", line_of(root, 1)}},
              {"name", "geometry", "mass", "aerodynamics", "engine", "propeller", "actuators",
               "landing_gear"},
              {"description", "sensors"});
  AircraftParams p;
  p.source_path = source_name;
  const Value name_v = m.get("name");
  p.name = to_text(doc, name_v);
  if (p.name.empty()) doc.fail(name_v.where, "must not be empty");
  if (m.has("description")) p.description = to_text(doc, m.get("description"));
  p.geometry = read_geometry(
      Map(doc, m.get("geometry"),
          {"wing_area_m2", "span_m", "mac_m", "length_m", "height_m", "aero_reference_m"}));
  p.mass = read_mass(Map(doc, m.get("mass"),
                         {"empty_mass_kg", "empty_cg_m", "inertia_kg_m2", "max_takeoff_mass_kg",
                          "payload", "fuel_tanks"}),
                     p.geometry);
  p.aero =
      read_aero(Map(doc, m.get("aerodynamics"),
                    {"lift", "drag", "side_force", "roll_moment", "pitch_moment", "yaw_moment"}));
  p.engine = read_engine(
      Map(doc, m.get("engine"),
          {"kind", "max_power_kw", "rated_rpm", "full_throttle_power", "idle_rpm", "max_rpm",
           "idle_power_fraction", "altitude_lapse_b", "friction_power_fraction", "bsfc_g_per_kwh",
           "bsfc_part_load", "starter_torque_nm", "start_rpm", "generator_power_kw"}));
  p.propeller = read_propeller(Map(doc, m.get("propeller"),
                                   {"diameter_m", "gear_ratio", "inertia_kg_m2", "position_m",
                                    "thrust_axis", "rotation", "coefficients"}),
                               p.geometry);
  p.actuators = read_actuators(
      Map(doc, m.get("actuators"),
          {"elevator", "aileron", "rudder", "nosewheel", "throttle", "brake"}, {"flap"}));
  p.contacts = read_gear(doc, m.get("landing_gear"), p.geometry);
  if (m.has("sensors")) p.sensors = read_sensors(doc, m.get("sensors"), p.geometry);
  return p;
}

}  // namespace

Result<AircraftParams> parse_aircraft_yaml(const std::string& yaml_text,
                                           const std::string& source_name) {
  const auto at = [&](const YAML::Mark& mark) {
    return mark.line >= 0 ? source_name + ":" + std::to_string(mark.line + 1) : source_name;
  };
  try {
    const std::vector<YAML::Node> docs = YAML::LoadAll(yaml_text);
    if (docs.empty() || docs.front().IsNull()) {
      return Error{
          source_name +
          ":1: the file is empty; expected the aircraft mapping (name, geometry, mass, ...)"};
    }
    if (docs.size() > 1) {
      return Error{at(docs[1].Mark()) + ": only one YAML document is allowed in an aircraft file"};
    }
    const Doc doc(source_name);
    return read_aircraft(doc, docs.front(), source_name);
  } catch (const LoadFailure& f) {
    return Error{f.message};
  } catch (const YAML::Exception& e) {
    return Error{at(e.mark) + ": YAML syntax error: " + e.msg};
  } catch (const std::exception& e) {
    return Error{source_name + ": cannot read the aircraft file: " + e.what()};
  }
}

Result<AircraftParams> load_aircraft_file(const std::string& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) return Error{path + ": cannot open the aircraft file: no such file"};
  if (!fs::is_regular_file(path, ec))
    return Error{path + ": cannot open the aircraft file: not a regular file"};
  const auto size = fs::file_size(path, ec);
  if (ec) return Error{path + ": cannot read the aircraft file: " + ec.message()};
  if (size > kMaxFileBytes)
    return Error{path + ": too large for an aircraft file (" + std::to_string(size) + " bytes)"};
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{path + ": cannot open the aircraft file (permission denied or unreadable)"};
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return Error{path + ": error while reading the aircraft file"};
  return parse_aircraft_yaml(text.str(), path);
}

std::string data_dir() {
  const char* env = std::getenv("KESTREL_DATA_DIR");
  if (env != nullptr && env[0] != '\0') return env;
  return KESTREL_DEFAULT_DATA_DIR;
}

Result<std::string> resolve_data_file(const std::string& name_or_path, const std::string& folder,
                                      const std::string& what) {
  std::error_code ec;
  if (!name_or_path.empty() && fs::is_regular_file(name_or_path, ec)) return name_or_path;
  const fs::path dir = fs::path(data_dir()) / folder;
  const bool is_name = !name_or_path.empty() && name_or_path.find('/') == std::string::npos &&
                       name_or_path != "." && name_or_path != "..";
  const bool has_ext = name_or_path.size() > 5 && name_or_path.ends_with(".yaml");
  const fs::path candidate = dir / (has_ext ? name_or_path : name_or_path + ".yaml");
  if (is_name && fs::is_regular_file(candidate, ec)) return candidate.string();
  std::vector<std::string> names;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const fs::path& f = it->path();
    if (f.extension() == ".yaml" && fs::is_regular_file(f, ec)) names.push_back(f.stem().string());
  }
  std::sort(names.begin(), names.end());
  std::string list;
  for (const std::string& n : names) list += (list.empty() ? "" : ", ") + n;
  const std::string plural = what == "aircraft" ? what : what + "s";
  return Error{"unknown " + what + " '" + name_or_path + "': no such file, and no " +
               (is_name ? candidate.string() : "built-in " + what + " by that name") +
               "; built-in " + plural + " in " + dir.string() + ": " +
               (list.empty() ? "(none found)" : list)};
}

Result<std::string> resolve_aircraft(const std::string& name_or_path) {
  return resolve_data_file(name_or_path, "aircraft", "aircraft");
}

Result<AircraftParams> load_aircraft(const std::string& name_or_path) {
  Result<std::string> path = resolve_aircraft(name_or_path);
  if (!path.ok()) return path.error();
  return load_aircraft_file(path.value());
}

}  // namespace kestrel
