// Scenario file loader. Layout of the file (units in the key names; docs/scenario-file.md is the
// reference, data/scenarios/*.yaml the worked examples):
//
//   name, description?, seed?
//   site:        name, elevation_m, home {lat_deg, lon_deg},
//                runway {threshold {lat_deg, lon_deg}, heading_deg, length_m, width_m},
//                gdt {lat_deg, lon_deg, mast_height_m}
//   environment? wind? {layers [{height_agl_m, speed_mps, from_deg}], roughness_length_m?},
//                turbulence?, temperature_offset_k?, qnh_hpa?,
//                gusts? [{start_s, length_m, amplitude_ned_mps, hold?}]
//   aircraft:    [{id, type, fuel_kg, payload_kg, initial {parked | airborne},
//                  control {script | heading_hold | autopilot {mode?, params?, mission? | plan?}}}]
//   events?      [{name, at_s | when, action}]
//   stop:        time_limit_s, all_landed_and_stopped?, on_crash?
//
// The YAML document is loaded, the overrides are applied to it, and only then is it validated, so
// an override is checked exactly like the file. The reading helpers (airframe/yaml_check.h) throw a
// LoadFailure that never leaves this file; parse_scenario_yaml() turns it (and any yaml-cpp or
// standard exception) into an Error.
#include "sim/scenario_file.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <optional>
#include <sstream>
#include <string_view>
#include <utility>
#include <vector>

#include "airframe/aircraft_file.h"
#include "airframe/yaml_check.h"
#include "core/text_file.h"
#include "fsw/autopilot.h"
#include "mission/plan_file.h"
#include "mission/wpl.h"
#include "sim/avionics.h"

namespace kestrel {
namespace {

namespace fs = std::filesystem;
using namespace yaml_check;  // NOLINT: the loader is written in these helpers

constexpr std::size_t kMaxFileBytes = 4u << 20;  // a scenario file is a few kB
constexpr double kPaPerHpa = 100.0;
constexpr double kSecondsPerHour = 3600.0;
constexpr double kMaxTimeLimitS = 30.0 * 86400.0;  // 30 days: far beyond any sortie
constexpr double kMinAirborneHeightM = 10.0;       // an airborne start must clear the gear

// ---- Small readers -----------------------------------------------------------------------------

double deg_to_rad_in(const Map& m, std::string_view key, double lo_deg, double hi_deg) {
  return in_range(m, key, lo_deg, hi_deg) * kRadPerDeg;
}

// {lat_deg, lon_deg} of `m` at the given height.
Geodetic lat_lon(const Map& m, double height_m) {
  Geodetic g;
  g.lat_rad = deg_to_rad_in(m, "lat_deg", -90.0, 90.0);
  g.lon_rad = deg_to_rad_in(m, "lon_deg", -180.0, 180.0);
  g.height_ellipsoid_m = height_m;
  return g;
}

std::string non_empty_text(const Map& m, std::string_view key) {
  const Value v = m.get(key);
  std::string s = to_text(m.doc(), v);
  if (s.empty()) m.doc().fail(v.where, "must not be empty");
  return s;
}

// The key of `m` that is present among `choices`; exactly one must be.
std::string_view one_of(const Map& m, const std::vector<std::string_view>& choices) {
  std::string names;
  for (std::string_view c : choices) names += (names.empty() ? "" : " | ") + std::string(c);
  std::optional<std::string_view> found;
  for (std::string_view c : choices) {
    if (!m.has(c)) continue;
    if (found) {
      m.doc().fail(m.get(c).where,
                   "give only one of " + names + " (" + std::string(*found) + " is given too)");
    }
    found = c;
  }
  if (!found) m.doc().fail(m.where(), "expected one of " + names);
  return *found;
}

uint64_t to_seed(const Doc& doc, const Value& v) {
  const std::string why = "must be a whole number in [0, 18446744073709551615]";
  if (!v.node.IsScalar() || v.node.Tag() == "!")
    doc.fail(v.where, why + ", got " + describe(v.node));
  const std::string& s = v.node.Scalar();
  uint64_t x = 0;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), x);
  if (s.empty() || ec != std::errc() || ptr != s.data() + s.size())
    doc.fail(v.where, why + ", got '" + s + "'");
  return x;
}

// ---- Site and environment ----------------------------------------------------------------------

SiteParams read_site(const Map& m) {
  const Doc& doc = m.doc();
  SiteParams s;
  s.name = non_empty_text(m, "name");
  s.elevation_m = in_range(m, "elevation_m", -500.0, 9000.0);
  s.home = lat_lon(Map(doc, m.get("home"), {"lat_deg", "lon_deg"}), s.elevation_m);
  const Map rw(doc, m.get("runway"), {"threshold", "heading_deg", "length_m", "width_m"});
  s.runway_threshold =
      lat_lon(Map(doc, rw.get("threshold"), {"lat_deg", "lon_deg"}), s.elevation_m);
  s.runway_heading_rad = deg_to_rad_in(rw, "heading_deg", 0.0, 360.0);
  s.runway_length_m = in_range(rw, "length_m", 1.0, 10000.0);
  s.runway_width_m = in_range(rw, "width_m", 1.0, 500.0);
  const Map gdt(doc, m.get("gdt"), {"lat_deg", "lon_deg", "mast_height_m"});
  s.gdt = lat_lon(gdt, s.elevation_m);
  s.gdt_mast_height_m = in_range(gdt, "mast_height_m", 0.0, 500.0);
  return s;
}

TurbulenceLevel turbulence_level(const Map& m, std::string_view key) {
  return enum_value<TurbulenceLevel>(m, key,
                                     {{"none", TurbulenceLevel::kNone},
                                      {"light", TurbulenceLevel::kLight},
                                      {"moderate", TurbulenceLevel::kModerate},
                                      {"severe", TurbulenceLevel::kSevere}});
}

// {layers: [...], roughness_length_m?}; checks what steady_wind_ned() assumes.
WindParams read_wind(const Doc& doc, const Value& v) {
  const Map m(doc, v, {"layers"}, {"roughness_length_m"});
  WindParams w;
  w.roughness_length_m = in_range_opt(m, "roughness_length_m", 1e-5, 10.0, w.roughness_length_m);
  double prev_height_m = 0;
  for (const Value& item : to_list(doc, m.get("layers"))) {
    const Map l(doc, item, {"height_agl_m", "speed_mps", "from_deg"});
    WindLayer layer;
    const Value hv = l.get("height_agl_m");
    layer.height_agl_m = in_range(l, "height_agl_m", 0.0, 30000.0);
    if (!(layer.height_agl_m > w.roughness_length_m)) {
      doc.fail(hv.where, "must be above the roughness length (" + num_str(w.roughness_length_m) +
                             " m), got " + num_str(layer.height_agl_m));
    }
    if (!w.layers.empty() && !(layer.height_agl_m > prev_height_m)) {
      doc.fail(hv.where, "layers must be in strictly increasing height (the previous one is at " +
                             num_str(prev_height_m) + " m), got " + num_str(layer.height_agl_m));
    }
    prev_height_m = layer.height_agl_m;
    layer.speed_mps = in_range(l, "speed_mps", 0.0, 100.0);
    layer.from_rad = deg_to_rad_in(l, "from_deg", 0.0, 360.0);
    w.layers.push_back(layer);
  }
  return w;
}

// A discrete gust; `timed`: the start time is given (environment.gusts), else the event that
// adds it sets it.
Gust read_gust(const Doc& doc, const Value& v, bool timed) {
  const Map m = timed ? Map(doc, v, {"start_s", "length_m", "amplitude_ned_mps"}, {"hold"})
                      : Map(doc, v, {"length_m", "amplitude_ned_mps"}, {"hold"});
  Gust g;
  if (timed) g.start_s = non_negative(m, "start_s");
  g.length_m = in_range(m, "length_m", 1.0, 10000.0);
  const Value av = m.get("amplitude_ned_mps");
  g.amplitude_ned_mps = to_vec3(doc, av);
  if (g.amplitude_ned_mps.cwiseAbs().maxCoeff() > 50.0) {
    doc.fail(av.where,
             "each component must be within +-50 m/s, got " + vec_str(g.amplitude_ned_mps));
  }
  g.hold = flag_opt(m, "hold", true);
  return g;
}

EnvironmentParams read_environment(const Doc& doc, const std::optional<Value>& v,
                                   const SiteParams& site) {
  EnvironmentParams e;
  e.ground_height_m = site.elevation_m;
  if (!v) return e;  // calm ISA day
  const Map m(doc, *v, {}, {"wind", "turbulence", "temperature_offset_k", "qnh_hpa", "gusts"});
  if (m.has("wind")) e.wind = read_wind(doc, m.get("wind"));
  if (m.has("turbulence")) e.turbulence = turbulence_level(m, "turbulence");
  e.atmosphere.temperature_offset_k = in_range_opt(m, "temperature_offset_k", -60.0, 60.0, 0.0);
  e.atmosphere.qnh_pa =
      in_range_opt(m, "qnh_hpa", 850.0, 1100.0, e.atmosphere.qnh_pa / kPaPerHpa) * kPaPerHpa;
  if (m.has("gusts")) {
    for (const Value& item : to_list(doc, m.get("gusts")))
      e.gusts.push_back(read_gust(doc, item, true));
  }
  return e;
}

// ---- Aircraft ----------------------------------------------------------------------------------

// An aircraft by name (built-in) or by path (relative to the scenario's folder).
Result<AircraftParams> load_scenario_aircraft(const std::string& type, const fs::path& dir) {
  const bool is_path = type.find('/') != std::string::npos || type.ends_with(".yaml");
  if (!is_path) return load_aircraft(type);
  fs::path p(type);
  if (p.is_relative()) p = dir / p;
  return load_aircraft_file(p.string());
}

InitialStateSpec read_initial(const Doc& doc, const Value& v, const SiteParams& site) {
  const Map m(doc, v, {}, {"parked", "airborne"});
  InitialStateSpec s;
  if (one_of(m, {"parked", "airborne"}) == "parked") {
    const Value p = m.get("parked");
    if (!p.node.IsNull()) Map(doc, p, {});  // `parked: {}` (or nothing): no keys allowed yet
    s.kind = InitialStateSpec::Kind::kParked;
    return s;
  }
  const Map a(doc, m.get("airborne"),
              {"lat_deg", "lon_deg", "alt_amsl_m", "heading_deg", "airspeed_mps", "engine"});
  s.kind = InitialStateSpec::Kind::kAirborne;
  const Geodetic g = lat_lon(a, 0.0);
  s.lat_rad = g.lat_rad;
  s.lon_rad = g.lon_rad;
  s.alt_amsl_m = in_range(a, "alt_amsl_m", -500.0, 20000.0);
  if (s.alt_amsl_m < site.elevation_m + kMinAirborneHeightM) {
    doc.fail(a.get("alt_amsl_m").where,
             "an airborne start must be at least " + num_str(kMinAirborneHeightM) +
                 " m above the site elevation (" + num_str(site.elevation_m) + " m), got " +
                 num_str(s.alt_amsl_m));
  }
  s.heading_rad = deg_to_rad_in(a, "heading_deg", 0.0, 360.0);
  s.airspeed_mps = in_range(a, "airspeed_mps", 1.0, 150.0);
  s.engine_running = enum_value<bool>(a, "engine", {{"on", true}, {"off", false}});
  return s;
}

// control: {script: {relative_to_trim?, rows: [...]}}. Omitted channels keep the previous row's
// value; the first row starts from all zeros, ignition on, starter off.
ControlSourceSpec read_autopilot(const Doc& doc, const Value& v, const InitialStateSpec& initial,
                                 const SiteParams& site, const fs::path& dir);

ControlSourceSpec read_control(const Doc& doc, const Value& v, const InitialStateSpec& initial,
                               const AircraftParams& ac, const SiteParams& site,
                               const fs::path& dir) {
  const Map m(doc, v, {}, {"script", "heading_hold", "autopilot"});
  const std::string_view kind = one_of(m, {"script", "heading_hold", "autopilot"});
  if (kind == "autopilot") return read_autopilot(doc, m.get("autopilot"), initial, site, dir);
  if (kind == "heading_hold") {
    ControlSourceSpec c;
    c.kind = ControlSourceSpec::Kind::kHeadingHold;
    if (initial.kind != InitialStateSpec::Kind::kAirborne) {
      doc.fail(m.get("heading_hold").where,
               "heading_hold flies an airborne start only (it has no take-off or landing)");
    }
    const Map h(doc, m.get("heading_hold"), {"legs"});
    const Value legs_v = h.get("legs");
    const std::vector<Value> legs = to_list(doc, legs_v);
    if (legs.empty()) doc.fail(legs_v.where, "needs at least one leg");
    for (const Value& leg_v : legs) {
      const Map r(doc, leg_v, {"time_s", "heading_deg", "alt_amsl_m"});
      HoldLeg leg;
      leg.time_s = in_range(r, "time_s", 0.0, kMaxTimeLimitS);
      if (!c.legs.empty() && !(leg.time_s > c.legs.back().time_s)) {
        doc.fail(r.get("time_s").where,
                 "must be after the previous leg's " + num_str(c.legs.back().time_s) +
                     " s (times increase strictly), got " + num_str(leg.time_s));
      }
      if (c.legs.empty() && leg.time_s != 0.0)
        doc.fail(r.get("time_s").where, "the first leg starts at 0");
      leg.heading_rad = deg_to_rad_in(r, "heading_deg", 0.0, 360.0);
      leg.alt_amsl_m = in_range(r, "alt_amsl_m", -500.0, 20000.0);
      c.legs.push_back(leg);
    }
    return c;
  }
  const Map s(doc, m.get("script"), {"rows"}, {"relative_to_trim"});
  ControlSourceSpec c;
  c.kind = ControlSourceSpec::Kind::kScript;
  c.script_relative_to_trim = flag_opt(s, "relative_to_trim", false);
  if (c.script_relative_to_trim && initial.kind != InitialStateSpec::Kind::kAirborne) {
    doc.fail(s.get("relative_to_trim").where,
             "only an airborne start has a trim to be relative to; a parked aircraft's rows are "
             "absolute (set it to false)");
  }
  const Value rows_v = s.get("rows");
  const std::vector<Value> rows = to_list(doc, rows_v);
  if (rows.empty()) doc.fail(rows_v.where, "needs at least one row");
  // Relative rows are increments over the trim, so a unit channel may also go down.
  const double unit_lo = c.script_relative_to_trim ? -1.0 : 0.0;
  ControlInputs u;  // first-row defaults: zeros, ignition on, starter off
  for (const Value& row_v : rows) {
    const Map r(doc, row_v, {"time_s"},
                {"elevator_deg", "aileron_deg", "rudder_deg", "flap_deg", "throttle", "brake_left",
                 "brake_right", "nosewheel_deg", "ignition", "starter"});
    ScriptPoint p;
    p.time_s = in_range(r, "time_s", 0.0, kMaxTimeLimitS);
    if (!c.script.empty() && !(p.time_s > c.script.back().time_s)) {
      doc.fail(r.get("time_s").where, "must be after the previous row's " +
                                          num_str(c.script.back().time_s) +
                                          " s (times increase strictly), got " + num_str(p.time_s));
    }
    const auto surface = [&](std::string_view key, double& field) {
      if (r.has(key)) field = deg_to_rad_in(r, key, -90.0, 90.0);
    };
    const auto unit = [&](std::string_view key, double& field) {
      if (r.has(key)) field = in_range(r, key, unit_lo, 1.0);
    };
    surface("elevator_deg", u.elevator_rad);
    surface("aileron_deg", u.aileron_rad);
    surface("rudder_deg", u.rudder_rad);
    surface("flap_deg", u.flap_rad);
    surface("nosewheel_deg", u.nosewheel_rad);
    if (r.has("flap_deg") && u.flap_rad != 0.0 && !ac.actuators.has_flaps) {
      doc.fail(r.get("flap_deg").where,
               "aircraft '" + ac.name + "' has no flaps (its file has no actuators.flap)");
    }
    unit("throttle", u.throttle);
    unit("brake_left", u.brake_left);
    unit("brake_right", u.brake_right);
    if (r.has("ignition")) u.ignition = to_bool(doc, r.get("ignition"));
    if (r.has("starter")) u.starter = to_bool(doc, r.get("starter"));
    p.controls = u;
    c.script.push_back(p);
  }
  return c;
}

ScenarioAircraft read_aircraft_entry(const Doc& doc, const Value& v, const SiteParams& site,
                                     const fs::path& dir, std::map<std::string, int>& id_lines) {
  const Map m(doc, v, {"id", "type", "fuel_kg", "payload_kg", "initial", "control"},
              {"avionics", "gnss_corrections"});
  ScenarioAircraft a;
  const Value id_v = m.get("id");
  a.id = non_empty_text(m, "id");
  for (char ch : a.id) {
    if (!std::isalnum(static_cast<unsigned char>(ch)) && ch != '_' && ch != '-') {
      doc.fail(id_v.where, "'" + a.id + "': use only letters, digits, '_' and '-'");
    }
  }
  if (const auto it = id_lines.find(a.id); it != id_lines.end()) {
    doc.fail(id_v.where, "duplicate aircraft id '" + a.id + "' (first at line " +
                             std::to_string(it->second) + ")");
  }
  id_lines[a.id] = id_v.where.line;

  // The aircraft file: its own errors come back prefixed with where the scenario names it.
  const Value type_v = m.get("type");
  a.aircraft_name = non_empty_text(m, "type");
  Result<AircraftParams> ac = load_scenario_aircraft(a.aircraft_name, dir);
  if (!ac.ok()) doc.fail(type_v.where, ac.error().message);
  a.aircraft = std::move(ac).value();
  const MassParams& mp = a.aircraft.mass;

  // The loading, against the aircraft.
  a.fuel_kg = non_negative(m, "fuel_kg");
  double capacity_kg = 0;
  for (const FuelTankParams& t : mp.tanks) capacity_kg += t.capacity_kg;
  if (a.fuel_kg > capacity_kg) {
    doc.fail(m.get("fuel_kg").where, "exceeds the fuel tank capacity of '" + a.aircraft.name +
                                         "' (" + num_str(capacity_kg) + " kg), got " +
                                         num_str(a.fuel_kg));
  }
  a.payload_kg = non_negative(m, "payload_kg");
  if (a.payload_kg > mp.payload_max_kg) {
    doc.fail(m.get("payload_kg").where, "exceeds the payload limit of '" + a.aircraft.name + "' (" +
                                            num_str(mp.payload_max_kg) + " kg), got " +
                                            num_str(a.payload_kg));
  }
  const double mass_kg = mp.empty_mass_kg + a.fuel_kg + a.payload_kg;
  if (mass_kg > mp.max_takeoff_mass_kg) {
    doc.fail(m.get("payload_kg").where,
             "empty " + num_str(mp.empty_mass_kg) + " kg + fuel " + num_str(a.fuel_kg) +
                 " kg + payload " + num_str(a.payload_kg) + " kg = " + num_str(mass_kg) +
                 " kg exceeds the maximum take-off mass of '" + a.aircraft.name + "' (" +
                 num_str(mp.max_takeoff_mass_kg) + " kg)");
  }

  a.initial = read_initial(doc, m.get("initial"), site);
  a.control = read_control(doc, m.get("control"), a.initial, a.aircraft, site, dir);
  a.avionics = flag_opt(m, "avionics", true);
  if (m.has("gnss_corrections")) {
    a.gnss_corrections = enum_value<bool>(m, "gnss_corrections", {{"none", false}, {"dgps", true}});
    if (a.gnss_corrections && !a.avionics)
      doc.fail(m.get("gnss_corrections").where, "needs the avionics (true)");
  }
  if (!a.avionics && a.control.kind != ControlSourceSpec::Kind::kScript) {
    doc.fail(m.get("avionics").where,
             std::string(a.control.kind == ControlSourceSpec::Kind::kHeadingHold ? "heading_hold"
                                                                                 : "autopilot") +
                 " flies on the navigation estimate: it needs the avionics (true)");
  }
  return a;
}

// A plan file named in a scenario: relative to the scenario's folder, else a built-in one in
// <data_dir()>/missions/.
Result<std::string> resolve_plan(const std::string& name, const fs::path& dir) {
  std::error_code ec;
  const fs::path p(name);
  if (p.is_absolute()) {
    if (fs::is_regular_file(p, ec)) return p.string();
    return Error{"plan file '" + name + "': no such file"};
  }
  const fs::path here = dir / p, builtin = fs::path(data_dir()) / "missions" / p;
  if (fs::is_regular_file(here, ec)) return here.string();
  if (fs::is_regular_file(builtin, ec)) return builtin.string();
  return Error{"plan file '" + name + "': no such file (looked for " + here.string() + " and " +
               builtin.string() + ")"};
}

// A QGroundControl .plan (JSON) or a QGC WPL 110 text file, told apart by the first character.
Result<mission::Plan> load_any_plan(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char c = 0;
  while (in.get(c) && (std::isspace(static_cast<unsigned char>(c)) || c == '\xEF' || c == '\xBB' ||
                       c == '\xBF')) {
  }
  return c == '{' ? mission::load_plan_file(path) : mission::load_wpl_file(path);
}

// control: {autopilot: {mode?, params?: {NAME: value}, mission?: [items] | plan?: FILE}}. A
// mission item is a one-key mapping: takeoff {alt_m}, waypoint {north_m, east_m | lat_deg,
// lon_deg; alt_m, airspeed_mps?}, loiter {position; alt_m, radius_m?, direction?, time_s?,
// turns?, until_fuel_kg?, airspeed_mps?}, racetrack {position; alt_m, axis_heading_deg,
// length_m, radius_m?, direction?, time_s?, until_fuel_kg?, airspeed_mps?}, rtl {}, land {}. A
// plan is a QGroundControl .plan or WPL 110 file of MAVLink items, checked as the autopilot
// checks an upload (with the params above).
ControlSourceSpec read_autopilot(const Doc& doc, const Value& v, const InitialStateSpec& initial,
                                 const SiteParams& site, const fs::path& dir) {
  const Map m(doc, v, {}, {"mode", "params", "mission", "plan"});
  ControlSourceSpec c;
  c.kind = ControlSourceSpec::Kind::kAutopilot;
  AutopilotSpec& ap = c.autopilot;
  const bool parked = initial.kind == InitialStateSpec::Kind::kParked;
  ap.initial_mode = parked ? FlightMode::kAuto : FlightMode::kCruise;
  if (m.has("mode")) {
    const Value mv = m.get("mode");
    const std::string name = to_text(doc, mv);
    if (!parse_flight_mode(name, &ap.initial_mode)) {
      doc.fail(mv.where, "unknown flight mode '" + name +
                             "' (manual, stabilize, cruise, auto, loiter, rtl, guided, takeoff, "
                             "land)");
    }
  }
  // The parameters, checked against the autopilot's own declarations.
  const AutopilotSite as = autopilot_site(site);
  const LocalFrame frame = LocalFrame::at(as);
  Autopilot probe(as, Mission{}, FlightMode::kManual);
  if (m.has("params")) {
    const Value pv = m.get("params");
    if (!pv.node.IsMap()) doc.fail(pv.where, "expected a mapping NAME: value, got " + describe(pv.node));
    for (auto it = pv.node.begin(); it != pv.node.end(); ++it) {
      const std::string name = it->first.Scalar();
      const Value val{it->second, {join_path(pv.where.path, name), line_of(it->first, pv.where.line)}};
      const double x = to_number(doc, val);
      Result<double> r = probe.set_param(name, x);
      if (!r.ok()) doc.fail(val.where, r.error().message);
      ap.params.emplace_back(name, x);
    }
  }
  // The smallest circle the guidance can fly: at the ceiling airspeed and the guidance's bank.
  const double bank = probe.guidance_params().max_bank_rad;
  const auto position = [&](const Map& f) -> Eigen::Vector2d {
    if (f.has("lat_deg") || f.has("lon_deg")) {
      if (f.has("north_m") || f.has("east_m"))
        doc.fail(f.where(), "give north_m/east_m or lat_deg/lon_deg, not both");
      const Geodetic g = lat_lon(f, site.elevation_m);
      return frame.ne(g.lat_rad, g.lon_rad);
    }
    return {in_range(f, "north_m", -1e6, 1e6), in_range(f, "east_m", -1e6, 1e6)};
  };
  const std::vector<std::string_view> pos_keys = {"north_m", "east_m", "lat_deg", "lon_deg"};
  const auto with = [&](std::vector<std::string_view> keys) {
    keys.insert(keys.end(), pos_keys.begin(), pos_keys.end());
    return keys;
  };
  const auto direction = [&](const Map& f) {
    return f.has("direction")
               ? enum_value<int>(f, "direction", {{"cw", 1}, {"ccw", -1}})
               : 1;
  };
  const auto radius = [&](const Map& f, double alt_m, double loiter_eas) {
    if (!f.has("radius_m")) return 0.0;
    const double r = in_range(f, "radius_m", 1.0, 50000.0);
    // Minimum turn radius at the loiter airspeed (true, at this height) and the guidance's bank.
    const double h = site.elevation_m + alt_m;
    const double v = loiter_eas / std::sqrt(isa_density_ratio(h));
    const double r_min = min_turn_radius_m(loiter_eas, h, bank);
    if (r < r_min) {
      doc.fail(f.get("radius_m").where,
               "must be at least the minimum turn radius " + num_str(std::ceil(r_min)) +
                   " m (loiter airspeed " + num_str(std::round(v * 10) / 10) +
                   " m/s true at this height, NPFG_BANK_MAX), got " + num_str(r));
    }
    return r;
  };
  if (m.has("mission")) {
    const Value lv = m.get("mission");
    const std::vector<Value> items = to_list(doc, lv);
    const std::vector<std::string_view> kinds = {"takeoff", "waypoint", "loiter", "racetrack",
                                                 "rtl", "land"};
    for (std::size_t i = 0; i < items.size(); ++i) {
      const Map one(doc, items[i], {}, kinds);
      const std::string_view kind = one_of(one, kinds);
      const Value body = one.get(kind);
      MissionItem it;
      if (kind == "takeoff") {
        const Map f(doc, body, {"alt_m"});
        it.kind = MissionItem::Kind::kTakeoff;
        it.alt_m = in_range(f, "alt_m", 20.0, 9000.0);
        if (i != 0) doc.fail(items[i].where, "takeoff can only be the first mission item");
      } else if (kind == "waypoint") {
        const Map f(doc, body, {"alt_m"}, with({"airspeed_mps"}));
        it.kind = MissionItem::Kind::kWaypoint;
        const Eigen::Vector2d ne = position(f);
        it.north_m = ne.x();
        it.east_m = ne.y();
        it.alt_m = in_range(f, "alt_m", 20.0, 9000.0);
        it.airspeed_eas_mps = in_range_opt(f, "airspeed_mps", 25.0, 60.0, 0.0);
      } else if (kind == "loiter" || kind == "racetrack") {
        const bool rt = kind == "racetrack";
        const Map f(doc, body, rt ? std::vector<std::string_view>{"alt_m", "axis_heading_deg", "length_m"}
                                  : std::vector<std::string_view>{"alt_m"},
                    with({"radius_m", "direction", "time_s", "turns", "until_fuel_kg",
                          "airspeed_mps"}));
        it.kind = rt ? MissionItem::Kind::kRacetrack : MissionItem::Kind::kLoiter;
        const Eigen::Vector2d ne = position(f);
        it.north_m = ne.x();
        it.east_m = ne.y();
        it.alt_m = in_range(f, "alt_m", 20.0, 9000.0);
        it.airspeed_eas_mps = in_range_opt(f, "airspeed_mps", 25.0, 60.0, 0.0);
        it.radius_m = radius(f, it.alt_m,
                             it.airspeed_eas_mps > 0 ? it.airspeed_eas_mps
                                                     : probe.params().loiter_eas_mps);
        it.direction = direction(f);
        it.time_s = in_range_opt(f, "time_s", 0.0, kMaxTimeLimitS, 0.0);
        it.until_fuel_kg = in_range_opt(f, "until_fuel_kg", 0.0, 10000.0, 0.0);
        if (rt) {
          it.axis_heading_rad = deg_to_rad_in(f, "axis_heading_deg", 0.0, 360.0);
          it.length_m = in_range(f, "length_m", 0.0, 200000.0);
          if (f.has("turns")) doc.fail(f.get("turns").where, "a racetrack ends on time_s or until_fuel_kg");
        } else {
          it.turns = in_range_opt(f, "turns", 0.0, 1e6, 0.0);
        }
      } else if (kind == "rtl") {
        if (!body.node.IsNull()) (void)Map(doc, body, {});
        it.kind = MissionItem::Kind::kRtl;
      } else {
        if (!body.node.IsNull()) (void)Map(doc, body, {});
        it.kind = MissionItem::Kind::kLand;
        if (i + 1 != items.size()) doc.fail(items[i].where, "land must be the last mission item");
      }
      ap.mission.items.push_back(it);
    }
  }
  // A plan: read, then checked as the autopilot checks an upload (with the params above).
  bool plan_starts_with_takeoff = false;
  if (m.has("plan")) {
    const Value pv = m.get("plan");
    if (m.has("mission"))
      doc.fail(pv.where, "give mission (the scenario's list) or plan (a file), not both");
    const std::string name = non_empty_text(m, "plan");
    const Result<std::string> path = resolve_plan(name, dir);
    if (!path.ok()) doc.fail(pv.where, path.error().message);
    Result<mission::Plan> plan = load_any_plan(path.value());
    if (!plan.ok()) doc.fail(pv.where, plan.error().message);
    const std::vector<mission::ItemProblem> problems = probe.check_plan(plan.value());
    if (!problems.empty()) {
      std::string msg = path.value() + ": the autopilot refuses this mission:";
      for (const mission::ItemProblem& p : problems) msg += "\n  " + p.message;
      doc.fail(pv.where, msg);
    }
    std::vector<MissionCommand> cmds;
    (void)compile_plan(plan.value(), as, probe.mission_limits(), &cmds);
    MissionEngine engine;
    MissionStatus st;
    engine.load(std::move(cmds), true, st);
    const int first = engine.peek_nav(0);
    plan_starts_with_takeoff =
        first >= 0 && engine.command(first).kind == MissionCommand::Kind::kTakeoff;
    if (plan.value().items.empty()) doc.fail(pv.where, path.value() + ": the plan has no items");
    if (parked && ap.initial_mode == FlightMode::kAuto && !plan_starts_with_takeoff) {
      doc.fail(pv.where, path.value() +
                             ": a parked aircraft's mission must start with a take-off "
                             "(its first navigation item NAV_TAKEOFF)");
    }
    ap.plan = std::move(plan).value();
    ap.plan_path = path.value();
  }
  if (ap.plan) {
    // Checked above. (An airborne start may begin with NAV_TAKEOFF: it climbs on the runway
    // heading to the item's altitude and goes on.)
  } else if (ap.initial_mode == FlightMode::kAuto) {
    if (ap.mission.items.empty())
      doc.fail(m.where(), "mode auto needs a mission (at least one item) or a plan");
    const bool first_takeoff = ap.mission.items.front().kind == MissionItem::Kind::kTakeoff;
    if (parked && !first_takeoff)
      doc.fail(m.get("mission").where, "a parked aircraft's mission starts with takeoff");
    if (!parked && first_takeoff)
      doc.fail(m.get("mission").where, "an airborne start cannot begin with takeoff");
  } else if (parked && ap.initial_mode != FlightMode::kTakeoff &&
             ap.initial_mode != FlightMode::kManual && ap.initial_mode != FlightMode::kStabilize) {
    doc.fail(m.get("mode").where, "a parked aircraft starts in auto, takeoff or manual");
  } else if (!parked && ap.initial_mode == FlightMode::kTakeoff) {
    doc.fail(m.get("mode").where, "an airborne start cannot be in takeoff");
  }
  return c;
}

// ---- Events and stop conditions ----------------------------------------------------------------

// An aircraft id that must be one of the scenario's.
std::string aircraft_ref(const Map& m, std::string_view key,
                         const std::map<std::string, int>& id_lines) {
  const Value v = m.get(key);
  const std::string id = to_text(m.doc(), v);
  if (id_lines.count(id) == 0) {
    std::string ids;
    for (const auto& [known, line] : id_lines) ids += (ids.empty() ? "" : ", ") + known;
    m.doc().fail(v.where, "no aircraft with id '" + id + "' in this scenario (ids: " + ids + ")");
  }
  return id;
}

EventSpec read_event(const Doc& doc, const Value& v, const std::map<std::string, int>& id_lines,
                     std::map<std::string, int>& name_lines) {
  const Map m(doc, v, {"name", "action"}, {"at_s", "when"});
  EventSpec e;
  const Value name_v = m.get("name");
  e.name = non_empty_text(m, "name");
  if (const auto it = name_lines.find(e.name); it != name_lines.end()) {
    doc.fail(name_v.where, "duplicate event name '" + e.name + "' (first at line " +
                               std::to_string(it->second) + ")");
  }
  name_lines[e.name] = name_v.where.line;

  // Trigger: at a time, or the first time a condition holds.
  if (one_of(m, {"at_s", "when"}) == "at_s") {
    e.trigger.kind = EventTrigger::Kind::kTime;
    e.trigger.time_s = in_range(m, "at_s", 0.0, kMaxTimeLimitS);
  } else {
    const Map w(doc, m.get("when"), {"aircraft", "variable"}, {"below", "above"});
    e.trigger.kind = EventTrigger::Kind::kCondition;
    e.trigger.aircraft_id = aircraft_ref(w, "aircraft", id_lines);
    e.trigger.variable = enum_value<EventTrigger::Variable>(
        w, "variable",
        {{"altitude_agl_m", EventTrigger::Variable::kAltitudeAglM},
         {"airspeed_mps", EventTrigger::Variable::kAirspeedMps},
         {"fuel_kg", EventTrigger::Variable::kFuelKg},
         {"ground_speed_mps", EventTrigger::Variable::kGroundSpeedMps},
         {"gdt_range_m", EventTrigger::Variable::kGdtRangeM}});
    const std::string_view cmp = one_of(w, {"below", "above"});
    e.trigger.comparison =
        cmp == "below" ? EventTrigger::Comparison::kBelow : EventTrigger::Comparison::kAbove;
    e.trigger.value = num(w, cmp);
  }

  // Action: exactly one.
  const std::vector<std::string_view> kinds = {
      "set_wind",    "set_turbulence", "add_gust",  "fail_engine", "fuel_leak",
      "gnss_outage", "gnss_degrade",   "gnss_jump", "pitot_block", "sensor_fail",
      "link_loss",   "set_mode",       "guided",    "sticks",      "set_param"};
  const Map a(doc, m.get("action"), {}, kinds);
  const std::string_view kind = one_of(a, kinds);
  EventAction& act = e.action;
  const auto duration = [&](const Map& f) {
    return f.has("duration_s") ? num_min(f, "duration_s", 0.0, true) : 0.0;
  };
  if (kind == "set_wind") {
    act.kind = EventAction::Kind::kSetWind;
    act.wind = read_wind(doc, a.get(kind));
  } else if (kind == "set_turbulence") {
    act.kind = EventAction::Kind::kSetTurbulence;
    act.turbulence = turbulence_level(a, kind);
  } else if (kind == "add_gust") {
    act.kind = EventAction::Kind::kAddGust;
    act.gust = read_gust(doc, a.get(kind), /*timed=*/false);
  } else if (kind == "fail_engine") {
    act.kind = EventAction::Kind::kFailEngine;
    act.aircraft_id = aircraft_ref(Map(doc, a.get(kind), {"aircraft"}), "aircraft", id_lines);
  } else if (kind == "gnss_outage") {
    const Map f(doc, a.get(kind), {"aircraft"}, {"duration_s"});
    act.kind = EventAction::Kind::kGnssOutage;
    act.aircraft_id = aircraft_ref(f, "aircraft", id_lines);
    act.duration_s = duration(f);
  } else if (kind == "gnss_degrade") {
    const Map f(doc, a.get(kind), {"aircraft", "factor"}, {"duration_s"});
    act.kind = EventAction::Kind::kGnssDegrade;
    act.aircraft_id = aircraft_ref(f, "aircraft", id_lines);
    act.factor = in_range(f, "factor", 1.0, 100.0);
    act.duration_s = duration(f);
  } else if (kind == "gnss_jump") {
    const Map f(doc, a.get(kind), {"aircraft", "north_m", "east_m"}, {"down_m", "duration_s"});
    act.kind = EventAction::Kind::kGnssJump;
    act.aircraft_id = aircraft_ref(f, "aircraft", id_lines);
    act.jump_ned_m = Vec3(in_range(f, "north_m", -1e5, 1e5), in_range(f, "east_m", -1e5, 1e5),
                          f.has("down_m") ? in_range(f, "down_m", -1e5, 1e5) : 0.0);
    act.duration_s = duration(f);
  } else if (kind == "link_loss") {
    const Map f(doc, a.get(kind), {"aircraft"}, {"duration_s"});
    act.kind = EventAction::Kind::kLinkLoss;
    act.aircraft_id = aircraft_ref(f, "aircraft", id_lines);
    act.duration_s = duration(f);
  } else if (kind == "pitot_block") {
    act.kind = EventAction::Kind::kPitotBlock;
    act.aircraft_id = aircraft_ref(Map(doc, a.get(kind), {"aircraft"}), "aircraft", id_lines);
  } else if (kind == "sensor_fail") {
    const Map f(doc, a.get(kind), {"aircraft", "sensor"});
    act.kind = EventAction::Kind::kSensorFail;
    act.aircraft_id = aircraft_ref(f, "aircraft", id_lines);
    act.sensor = enum_value<EventAction::Sensor>(f, "sensor",
                                                 {{"imu", EventAction::Sensor::kImu},
                                                  {"gnss", EventAction::Sensor::kGnss},
                                                  {"baro", EventAction::Sensor::kBaro},
                                                  {"airspeed", EventAction::Sensor::kAirspeed},
                                                  {"mag", EventAction::Sensor::kMag}});
  } else if (kind == "set_mode") {
    const Map f(doc, a.get(kind), {"aircraft", "mode"});
    act.kind = EventAction::Kind::kSetMode;
    act.aircraft_id = aircraft_ref(f, "aircraft", id_lines);
    const std::string name = to_text(doc, f.get("mode"));
    if (!parse_flight_mode(name, &act.mode)) {
      doc.fail(f.get("mode").where, "unknown flight mode '" + name +
                                        "' (manual, stabilize, cruise, auto, loiter, rtl, "
                                        "guided, takeoff, land)");
    }
  } else if (kind == "guided") {
    const Map f(doc, a.get(kind), {"aircraft", "north_m", "east_m", "alt_m"});
    act.kind = EventAction::Kind::kGuided;
    act.aircraft_id = aircraft_ref(f, "aircraft", id_lines);
    act.north_m = in_range(f, "north_m", -1e6, 1e6);
    act.east_m = in_range(f, "east_m", -1e6, 1e6);
    act.alt_m = in_range(f, "alt_m", 20.0, 9000.0);
  } else if (kind == "sticks") {
    const Map f(doc, a.get(kind), {"aircraft"}, {"roll", "pitch", "yaw", "throttle"});
    act.kind = EventAction::Kind::kSticks;
    act.aircraft_id = aircraft_ref(f, "aircraft", id_lines);
    act.stick_roll = in_range_opt(f, "roll", -1.0, 1.0, 0.0);
    act.stick_pitch = in_range_opt(f, "pitch", -1.0, 1.0, 0.0);
    act.stick_yaw = in_range_opt(f, "yaw", -1.0, 1.0, 0.0);
    act.stick_throttle = in_range_opt(f, "throttle", 0.0, 1.0, 0.0);
  } else if (kind == "set_param") {
    const Map f(doc, a.get(kind), {"aircraft", "name", "value"});
    act.kind = EventAction::Kind::kSetParam;
    act.aircraft_id = aircraft_ref(f, "aircraft", id_lines);
    act.param_name = non_empty_text(f, "name");
    act.param_value = num(f, "value");
    Autopilot probe;
    Result<double> r = probe.set_param(act.param_name, act.param_value);
    if (!r.ok()) doc.fail(f.get("name").where, r.error().message);
  } else {
    const Map f(doc, a.get(kind), {"aircraft", "rate_kg_h"});
    act.kind = EventAction::Kind::kFuelLeak;
    act.aircraft_id = aircraft_ref(f, "aircraft", id_lines);
    const Value rv = f.get("rate_kg_h");
    const double rate_kg_h = num_min(f, "rate_kg_h", 0.0, true);
    if (rate_kg_h > 10000.0) doc.fail(rv.where, "must be at most 10000, got " + num_str(rate_kg_h));
    act.rate_kg_s = rate_kg_h / kSecondsPerHour;
  }
  return e;
}

StopConditions read_stop(const Map& m) {
  StopConditions s;
  const Value tv = m.get("time_limit_s");
  s.time_limit_s = num_min(m, "time_limit_s", 0.0, true);
  if (s.time_limit_s > kMaxTimeLimitS) {
    m.doc().fail(tv.where, "must be at most " + num_str(kMaxTimeLimitS) + " s (30 days), got " +
                               num_str(s.time_limit_s));
  }
  s.all_landed_and_stopped = flag_opt(m, "all_landed_and_stopped", false);
  s.on_crash = flag_opt(m, "on_crash", true);
  return s;
}

Scenario read_scenario(const Doc& doc, const YAML::Node& root, const std::string& source) {
  const Map m(doc, Value{root, {"", line_of(root, 1)}}, {"name", "site", "aircraft", "stop"},
              {"description", "seed", "environment", "events"});
  Scenario s;
  s.source_path = source;
  s.name = non_empty_text(m, "name");
  if (m.has("description")) s.description = to_text(doc, m.get("description"));
  if (m.has("seed")) s.seed = to_seed(doc, m.get("seed"));
  s.site = read_site(Map(doc, m.get("site"), {"name", "elevation_m", "home", "runway", "gdt"}));
  s.environment = read_environment(doc, m.find("environment"), s.site);

  const Value list_v = m.get("aircraft");
  const std::vector<Value> items = to_list(doc, list_v);
  if (items.empty()) doc.fail(list_v.where, "needs at least one aircraft");
  const fs::path dir = fs::path(source).parent_path();
  std::map<std::string, int> id_lines;
  for (const Value& item : items) {
    s.aircraft.push_back(read_aircraft_entry(doc, item, s.site, dir, id_lines));
  }

  if (m.has("events")) {
    std::map<std::string, int> name_lines;
    for (const Value& item : to_list(doc, m.get("events"))) {
      s.events.push_back(read_event(doc, item, id_lines, name_lines));
      // A sensor fault needs sensors: an aircraft flown without avionics has none.
      const EventAction& act = s.events.back().action;
      const bool sensor_fault = act.kind == EventAction::Kind::kGnssOutage ||
                                act.kind == EventAction::Kind::kGnssDegrade ||
                                act.kind == EventAction::Kind::kGnssJump ||
                                act.kind == EventAction::Kind::kPitotBlock ||
                                act.kind == EventAction::Kind::kSensorFail ||
                                act.kind == EventAction::Kind::kLinkLoss;
      const bool command = act.kind == EventAction::Kind::kSetMode ||
                           act.kind == EventAction::Kind::kGuided ||
                           act.kind == EventAction::Kind::kSticks ||
                           act.kind == EventAction::Kind::kSetParam;
      if (command) {
        for (const ScenarioAircraft& a : s.aircraft) {
          if (a.id == act.aircraft_id && a.control.kind != ControlSourceSpec::Kind::kAutopilot) {
            doc.fail(item.where, "event '" + s.events.back().name + "' commands the autopilot of '" +
                                     a.id + "', which is not flown by the autopilot");
          }
        }
      }
      if (sensor_fault) {
        for (const ScenarioAircraft& a : s.aircraft) {
          if (a.id == act.aircraft_id && !a.avionics) {
            doc.fail(item.where, "event '" + s.events.back().name + "' is a sensor fault of '" +
                                     a.id + "', which flies without avionics (avionics: false)");
          }
        }
      }
    }
  }
  s.stop =
      read_stop(Map(doc, m.get("stop"), {"time_limit_s"}, {"all_landed_and_stopped", "on_crash"}));
  return s;
}

// ---- Overrides ---------------------------------------------------------------------------------

struct PathStep {
  bool is_index = false;
  std::string key;        // map key
  std::size_t index = 0;  // list index
};

// "a.b[2].c" → a, b, [2], c. Returns an empty vector (and `why`) on a malformed path.
std::vector<PathStep> split_key_path(const std::string& path, std::string& why) {
  std::vector<PathStep> steps;
  std::size_t i = 0;
  const std::size_t n = path.size();
  while (true) {
    // A map key, up to '.', '[' or the end.
    const std::size_t start = i;
    while (i < n && path[i] != '.' && path[i] != '[' && path[i] != ']') ++i;
    if (i == start) {
      why = "expected a key name at character " + std::to_string(start + 1);
      return {};
    }
    steps.push_back({false, path.substr(start, i - start), 0});
    // Any number of [index].
    while (i < n && path[i] == '[') {
      const std::size_t close = path.find(']', i);
      std::size_t idx = 0;
      const char* first = path.data() + i + 1;
      const char* last = path.data() + (close == std::string::npos ? n : close);
      const auto [ptr, ec] = std::from_chars(first, last, idx);
      if (close == std::string::npos || first == last || ec != std::errc() || ptr != last) {
        why = "expected [index] with a whole number at character " + std::to_string(i + 1);
        return {};
      }
      steps.push_back({true, "", idx});
      i = close + 1;
    }
    if (i == n) return steps;
    if (path[i] != '.') {
      why = "unexpected '" + std::string(1, path[i]) + "' at character " + std::to_string(i + 1);
      return {};
    }
    ++i;
  }
}

// YAML text parsed as if it stood at 1-based `line`, so that errors in it point at the line of
// the value it replaces.
YAML::Node load_value_at_line(const std::string& text, int line) {
  return YAML::Load(std::string(static_cast<std::size_t>(std::max(line - 1, 0)), '\n') + text);
}

// Applies one override to the document; returns an error message, or "" on success.
std::string apply_override(YAML::Node& root, const ScenarioOverride& o, const std::string& source) {
  const std::string head = source + ": override " + o.key_path + "=" + o.yaml_value + ": ";
  std::string why;
  const std::vector<PathStep> steps = split_key_path(o.key_path, why);
  if (steps.empty()) return head + "bad key path: " + why;
  // yaml-cpp's Node::operator= rebinds the node it is called on into the tree, so the walk keeps
  // its nodes in a vector and never assigns one node to another, except to replace the target.
  std::vector<YAML::Node> chain{root};
  std::string walked;
  for (std::size_t k = 0; k < steps.size(); ++k) {
    const PathStep& st = steps[k];
    const bool last = k + 1 == steps.size();
    YAML::Node cur = chain.back();
    const std::string here = walked.empty() ? std::string("the document") : "'" + walked + "'";
    std::optional<YAML::Node> child;
    int line = line_of(cur, 1);
    if (st.is_index) {
      if (!cur.IsSequence()) return head + "no such key: " + here + " is not a list";
      if (st.index >= cur.size()) {
        return head + "no such key: " + here + " has " + std::to_string(cur.size()) +
               (cur.size() == 1 ? " item" : " items") + " (indices from 0)";
      }
      child.emplace(cur[st.index]);
      walked += "[" + std::to_string(st.index) + "]";
    } else {
      if (!cur.IsMap()) return head + "no such key: " + here + " is not a mapping";
      for (auto it = cur.begin(); it != cur.end(); ++it) {
        if (it->first.IsScalar() && it->first.Scalar() == st.key) child.emplace(it->second);
      }
      walked = join_path(walked, st.key);
      if (!child) {
        if (!last) return head + "no such key: " + here + " has no key '" + st.key + "'";
        cur[st.key] = load_value_at_line(o.yaml_value, line);  // a new key; validation judges it
        return "";
      }
    }
    if (last) {
      line = line_of(*child, line);
      YAML::Node target = *child;
      target = load_value_at_line(o.yaml_value, line);  // replaces the value in the tree
      return "";
    }
    chain.push_back(*child);
  }
  return "";
}

// Notes which override set the value an error is about.
std::string with_override_note(std::string msg, const std::vector<ScenarioOverride>& overrides) {
  for (const ScenarioOverride& o : overrides) {
    for (const char* tail : {":", ".", "["}) {
      if (msg.find(": " + o.key_path + tail) != std::string::npos) {
        return msg + " (value set by the override " + o.key_path + "=" + o.yaml_value + ")";
      }
    }
  }
  return msg;
}

}  // namespace

Result<Scenario> parse_scenario_yaml(const std::string& text, const std::string& source,
                                     const std::vector<ScenarioOverride>& overrides) {
  const auto at = [&](const YAML::Mark& mark) {
    return mark.line >= 0 ? source + ":" + std::to_string(mark.line + 1) : source;
  };
  try {
    std::vector<YAML::Node> docs;
    try {
      docs = YAML::LoadAll(text);
    } catch (const YAML::Exception& e) {
      return Error{at(e.mark) + ": YAML syntax error: " + e.msg};
    }
    if (docs.empty() || docs.front().IsNull()) {
      return Error{source +
                   ":1: the file is empty; expected the scenario mapping (name, site, "
                   "aircraft, stop, ...)"};
    }
    if (docs.size() > 1) {
      return Error{at(docs[1].Mark()) + ": only one YAML document is allowed in a scenario file"};
    }
    YAML::Node root = docs.front();
    for (const ScenarioOverride& o : overrides) {
      try {
        const std::string err = apply_override(root, o, source);
        if (!err.empty()) return Error{err};
      } catch (const YAML::Exception& e) {
        return Error{source + ": override " + o.key_path + "=" + o.yaml_value +
                     ": the value is not valid YAML: " + e.msg};
      }
    }
    const Doc doc(source);
    try {
      return read_scenario(doc, root, source);
    } catch (const LoadFailure& f) {
      return Error{with_override_note(f.message, overrides)};
    }
  } catch (const YAML::Exception& e) {
    return Error{at(e.mark) + ": YAML error: " + e.msg};
  } catch (const std::exception& e) {
    return Error{source + ": cannot read the scenario file: " + e.what()};
  }
}

Result<std::string> resolve_scenario(const std::string& name_or_path) {
  return resolve_data_file(name_or_path, "scenarios", "scenario");
}

Result<Scenario> load_scenario(const std::string& name_or_path,
                               const std::vector<ScenarioOverride>& overrides) {
  try {
    Result<std::string> path = resolve_scenario(name_or_path);
    if (!path.ok()) return path.error();
    const Result<std::string> text = read_text_file(path.value(), "scenario", kMaxFileBytes);
    if (!text.ok()) return text.error();
    return parse_scenario_yaml(text.value(), path.value(), overrides);
  } catch (const std::exception& e) {
    return Error{name_or_path + ": cannot load the scenario: " + e.what()};
  }
}

}  // namespace kestrel
