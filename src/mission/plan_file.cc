// QGroundControl .plan reader and writer. The layout is QGroundControl's (PlanMasterController,
// MissionController, SimpleMissionItem, GeoFenceController, RallyPointController, as of QGC 4.x;
// docs.qgroundcontrol.com "Plan File Format"); docs/mission-files.md documents every key.
//
// The reader walks the parsed document with small checking helpers that throw Failure; Failure
// and every exception of nlohmann-json stop at parse_plan_json() and become an Error. The writer
// builds the document with nlohmann's sorted objects, which gives QGroundControl's key order.
#include "mission/plan_file.h"

#include <cmath>
#include <cstdint>
#include <exception>
#include <initializer_list>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <utility>
#include <vector>

#include "core/text_file.h"
#include "mission/text_util.h"

namespace kestrel::mission {
namespace {

using json = nlohmann::json;
using detail::in_quotes;
using detail::num_str;

constexpr int kPlanFileVersion = 1;
constexpr int kMissionVersion = 2;
constexpr int kGeoFenceVersion = 2;
constexpr int kFenceShapeVersion = 1;
constexpr int kRallyVersion = 2;
constexpr int kMaxJsonDepth = 64;  // a plan nests 6 deep; QGroundControl's survey items ~10
constexpr const char* kGroundStation = "QGroundControl";
constexpr const char* kParamNames[7] = {"param1",   "param2",    "param3",  "param4",
                                        "latitude", "longitude", "altitude"};

struct Failure {
  std::string message;
};

// ---- Reading helpers ---------------------------------------------------------------------------

// A JSON value and where it sits ("mission.items[3] (item 4): params[4] (latitude)").
struct Node {
  const json& j;
  std::string path;
};

std::string join(const std::string& parent, std::string_view key) {
  if (parent.empty()) return std::string(key);
  // An item's path ends in "(item N)": its keys follow after a colon, for readability.
  return parent + (parent.back() == ')' ? ": " : ".") + std::string(key);
}

std::string describe(const json& j) {
  switch (j.type()) {
    case json::value_t::null:
      return "null";
    case json::value_t::boolean:
      return j.get<bool>() ? "true" : "false";
    case json::value_t::string:
      return "the text " + in_quotes(j.get_ref<const std::string&>());
    case json::value_t::array:
      return "an array";
    case json::value_t::object:
      return "an object";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
    case json::value_t::number_float:
      return "the number " + num_str(j.get<double>());
    default:
      return "an unexpected value";
  }
}

class Reader {
 public:
  explicit Reader(std::string source) : source_(std::move(source)) {}

  [[noreturn]] void fail(const std::string& path, const std::string& why) const {
    throw Failure{source_ + ": " + (path.empty() ? std::string() : path + ": ") + why};
  }

  // Checks that `n` is an object with all of `required`, and no key outside `required` and
  // `optional`.
  void keys(const Node& n, std::initializer_list<std::string_view> required,
            std::initializer_list<std::string_view> optional) const {
    if (!n.j.is_object()) fail(n.path, "must be an object, got " + describe(n.j));
    for (const auto& [key, value] : n.j.items()) {
      bool known = false;
      for (std::string_view k : required) known = known || k == key;
      for (std::string_view k : optional) known = known || k == key;
      if (!known) {
        std::string names;
        for (std::string_view k : required) names += (names.empty() ? "" : ", ") + std::string(k);
        for (std::string_view k : optional) names += (names.empty() ? "" : ", ") + std::string(k);
        fail(n.path, "unknown key " + in_quotes(key) + " (the keys here are: " + names + ")");
      }
    }
    for (std::string_view k : required) {
      if (!n.j.contains(k)) fail(n.path, "missing key '" + std::string(k) + "'");
    }
  }

  Node at(const Node& n, std::string_view key) const {
    const auto it = n.j.find(key);
    if (it == n.j.end()) fail(n.path, "missing key '" + std::string(key) + "'");
    return {*it, join(n.path, key)};
  }

  const json::array_t& array(const Node& n) const {
    if (!n.j.is_array()) fail(n.path, "must be an array, got " + describe(n.j));
    return n.j.get_ref<const json::array_t&>();
  }

  // An array of exactly `size` elements; `what` says what they are, for the message.
  const json::array_t& array_of(const Node& n, std::size_t size, std::string_view what) const {
    const json::array_t& a = array(n);
    if (a.size() != size) {
      fail(n.path, "must hold " + std::to_string(size) + " values (" + std::string(what) +
                       "), got " + std::to_string(a.size()));
    }
    return a;
  }

  Node element(const Node& n, std::size_t i, std::string_view label = {}) const {
    std::string path = n.path + "[" + std::to_string(i) + "]";
    if (!label.empty()) path += " (" + std::string(label) + ")";
    return {n.j.at(i), std::move(path)};
  }

  double number(const Node& n) const {
    if (!n.j.is_number()) fail(n.path, "must be a number, got " + describe(n.j));
    const double v = n.j.get<double>();
    if (!std::isfinite(v)) fail(n.path, "must be a finite number, got " + num_str(v));
    return v;
  }

  // A number, or null (QGroundControl's NaN).
  std::optional<double> number_or_null(const Node& n) const {
    if (n.j.is_null()) return std::nullopt;
    if (!n.j.is_number()) fail(n.path, "must be a number or null, got " + describe(n.j));
    return number(n);
  }

  double at_least(const Node& n, double lo) const {
    const double v = number(n);
    if (v < lo) fail(n.path, "must be >= " + num_str(lo) + ", got " + num_str(v));
    return v;
  }

  int64_t whole(const Node& n, int64_t lo, int64_t hi) const {
    const std::string range = "[" + std::to_string(lo) + ", " + std::to_string(hi) + "]";
    if (!n.j.is_number())
      fail(n.path, "must be a whole number in " + range + ", got " + describe(n.j));
    int64_t v = 0;
    if (n.j.is_number_unsigned()) {
      const uint64_t u = n.j.get<uint64_t>();
      if (u > static_cast<uint64_t>(hi))
        fail(n.path, "must be within " + range + ", got " + std::to_string(u));
      v = static_cast<int64_t>(u);
    } else if (n.j.is_number_integer()) {
      v = n.j.get<int64_t>();
    } else {
      const double d = n.j.get<double>();
      if (!(std::isfinite(d) && d == std::floor(d)))
        fail(n.path, "must be a whole number in " + range + ", got " + num_str(d));
      if (d < static_cast<double>(lo) || d > static_cast<double>(hi))
        fail(n.path, "must be within " + range + ", got " + num_str(d));
      v = static_cast<int64_t>(d);
    }
    if (v < lo || v > hi) fail(n.path, "must be within " + range + ", got " + std::to_string(v));
    return v;
  }

  // A version key: exactly `expected`.
  void version(const Node& n, int expected, std::string_view what) const {
    if (!n.j.is_number())
      fail(n.path, "must be the number " + std::to_string(expected) + ", got " + describe(n.j));
    const double v = n.j.get<double>();
    if (v != expected) {
      fail(n.path, "unsupported version " + num_str(v) + ": Kestrel reads " + std::string(what) +
                       " version " + std::to_string(expected) + " (QGroundControl 4.x)");
    }
  }

  bool boolean(const Node& n) const {
    if (!n.j.is_boolean()) fail(n.path, "must be true or false, got " + describe(n.j));
    return n.j.get<bool>();
  }

  const std::string& text(const Node& n) const {
    if (!n.j.is_string()) fail(n.path, "must be a text, got " + describe(n.j));
    return n.j.get_ref<const std::string&>();
  }

  double latitude(const Node& n) const {
    const double v = number(n);
    if (v < -90 || v > 90) fail(n.path, "must be within [-90, 90] deg, got " + num_str(v));
    return v;
  }
  double longitude(const Node& n) const {
    const double v = number(n);
    if (v < -180 || v > 180) fail(n.path, "must be within [-180, 180] deg, got " + num_str(v));
    return v;
  }

  LatLon lat_lon(const Node& n) const {
    array_of(n, 2, "latitude, longitude");
    return {latitude(element(n, 0, "latitude")), longitude(element(n, 1, "longitude"))};
  }

 private:
  std::string source_;
};

// ---- Reading the document ----------------------------------------------------------------------

std::string item_path(std::size_t index) {
  return "mission.items[" + std::to_string(index) + "] (item " + std::to_string(index + 1) + ")";
}

// What QGroundControl's ComplexItems are, for the refusal.
std::string complex_item_kind(const json& item) {
  const auto it = item.find("complexItemType");
  if (it == item.end() || !it->is_string()) return "a ComplexItem";
  const std::string& t = it->get_ref<const std::string&>();
  const std::string q = "a ComplexItem " + in_quotes(t);
  if (t == "survey") return q + " (QGroundControl's survey grid)";
  if (t == "CorridorScan") return q + " (QGroundControl's corridor scan)";
  if (t == "StructureScan") return q + " (QGroundControl's structure scan)";
  if (t == "fwLandingPattern") return q + " (QGroundControl's fixed-wing landing pattern)";
  if (t == "vtolLandingPattern") return q + " (QGroundControl's VTOL landing pattern)";
  return q;
}

MissionItem read_item(const Reader& r, const Node& n, int seq) {
  if (!n.j.is_object()) r.fail(n.path, "must be an object, got " + describe(n.j));
  const Node type = r.at(n, "type");
  const std::string& t = r.text(type);
  if (t == "ComplexItem") {
    r.fail(n.path, complex_item_kind(n.j) +
                       " is not supported: Kestrel reads simple items only, because the items a "
                       "pattern stands for are computed by QGroundControl when it uploads the "
                       "mission. Replace the pattern by waypoints (and camera items) in "
                       "QGroundControl, or download the uploaded mission from a vehicle and save "
                       "that.");
  }
  if (t != "SimpleItem")
    r.fail(type.path, "must be \"SimpleItem\" (or \"ComplexItem\"), got " + describe(type.j));
  r.keys(n, {"type", "command", "frame", "params", "autoContinue"},
         {"doJumpId", "AltitudeMode", "Altitude", "AMSLAltAboveTerrain"});

  MissionItem it;
  it.seq = seq;
  it.command = static_cast<uint16_t>(r.whole(r.at(n, "command"), 0, 65535));
  const Node frame = r.at(n, "frame");
  const int64_t f = r.whole(frame, 0, 255);
  if (f > kMaxMavFrame) r.fail(frame.path, std::to_string(f) + " is not a MAV_FRAME (0 to 21)");
  it.frame = static_cast<MavFrame>(f);
  it.autocontinue = r.boolean(r.at(n, "autoContinue"));

  // params: 7 numbers, null for NaN; a position must be there when the command has one.
  const Node params = r.at(n, "params");
  r.array_of(params, 7, "param1..param4, latitude, longitude, altitude");
  double v[7];
  const bool has_location = command_has_location(it.command);
  for (std::size_t i = 0; i < 7; ++i) {
    const Node e = r.element(params, i, kParamNames[i]);
    const std::optional<double> x = r.number_or_null(e);
    if (!x && has_location && i >= 4) {
      r.fail(e.path, "null (NaN) where " + command_label(it.command) +
                         " needs a position (latitude, longitude, altitude)");
    }
    v[i] = x.value_or(std::numeric_limits<double>::quiet_NaN());
  }
  if (has_location) {
    r.latitude(r.element(params, 4, kParamNames[4]));
    r.longitude(r.element(params, 5, kParamNames[5]));
  }
  it.param1 = v[0];
  it.param2 = v[1];
  it.param3 = v[2];
  it.param4 = v[3];
  it.x = v[4];
  it.y = v[5];
  it.z = v[6];

  if (n.j.contains("doJumpId"))
    it.qgc.do_jump_id = static_cast<int>(r.whole(r.at(n, "doJumpId"), 0, 1 << 30));

  // QGroundControl writes its altitude keys together, on items with an altitude.
  const bool any_alt = n.j.contains("AltitudeMode") || n.j.contains("Altitude") ||
                       n.j.contains("AMSLAltAboveTerrain");
  if (any_alt) {
    for (const char* k : {"AltitudeMode", "Altitude", "AMSLAltAboveTerrain"}) {
      if (!n.j.contains(k)) {
        r.fail(n.path, "missing key '" + std::string(k) +
                           "' (AltitudeMode, Altitude and AMSLAltAboveTerrain go together)");
      }
    }
    QgcItemExtras::Altitude a;
    a.mode = static_cast<int>(r.whole(r.at(n, "AltitudeMode"), 0, 5));
    a.altitude_m = r.number_or_null(r.at(n, "Altitude"));
    a.amsl_alt_above_terrain_m = r.number_or_null(r.at(n, "AMSLAltAboveTerrain"));
    it.qgc.altitude = a;
  }
  return it;
}

// DO_JUMP's param1 in the file is the doJumpId of its target; in the Plan it is the target's seq.
void resolve_jumps(const Reader& r, Plan& plan) {
  std::map<int, std::size_t> by_id;  // doJumpId -> index
  for (std::size_t i = 0; i < plan.items.size(); ++i) {
    const MissionItem& it = plan.items[i];
    const int id = it.qgc.do_jump_id.value_or(it.seq);
    const auto [pos, fresh] = by_id.emplace(id, i);
    if (!fresh) {
      r.fail(join(item_path(i), "doJumpId"), std::to_string(id) + " is also the doJumpId of " +
                                                 item_path(pos->second) +
                                                 " (DO_JUMP targets would be ambiguous)");
    }
  }
  for (std::size_t i = 0; i < plan.items.size(); ++i) {
    MissionItem& it = plan.items[i];
    if (it.command != mav_cmd::kDoJump) continue;
    const std::string path = join(item_path(i), "params[0] (DO_JUMP target doJumpId)");
    const double id = it.param1;
    if (!(std::isfinite(id) && id == std::floor(id) && std::abs(id) < (1 << 30)))
      r.fail(path, "must be a whole number, got " + num_str(id));
    const auto found = by_id.find(static_cast<int>(id));
    if (found == by_id.end()) r.fail(path, "no item has doJumpId " + num_str(id));
    it.param1 = plan.items[found->second].seq;
  }
}

void read_mission(const Reader& r, const Node& m, Plan& plan) {
  if (!m.j.is_object()) r.fail(m.path, "must be an object, got " + describe(m.j));
  r.version(r.at(m, "version"), kMissionVersion, "mission");
  r.keys(m, {"version", "firmwareType", "plannedHomePosition", "items"},
         {"vehicleType", "cruiseSpeed", "hoverSpeed", "globalPlanAltitudeMode"});
  plan.firmware_type = static_cast<int>(r.whole(r.at(m, "firmwareType"), 0, 255));
  if (m.j.contains("vehicleType"))
    plan.vehicle_type = static_cast<int>(r.whole(r.at(m, "vehicleType"), 0, 255));
  if (m.j.contains("cruiseSpeed")) plan.cruise_speed_mps = r.at_least(r.at(m, "cruiseSpeed"), 0);
  if (m.j.contains("hoverSpeed")) plan.hover_speed_mps = r.at_least(r.at(m, "hoverSpeed"), 0);
  if (m.j.contains("globalPlanAltitudeMode")) {
    plan.qgc_global_altitude_mode =
        static_cast<int>(r.whole(r.at(m, "globalPlanAltitudeMode"), 0, 5));
  }

  const Node home = r.at(m, "plannedHomePosition");
  r.array_of(home, 3, "latitude, longitude, altitude AMSL");
  plan.planned_home.lat_deg = r.latitude(r.element(home, 0, "latitude"));
  plan.planned_home.lon_deg = r.longitude(r.element(home, 1, "longitude"));
  plan.planned_home.alt_amsl_m = r.number(r.element(home, 2, "altitude"));

  const Node items = r.at(m, "items");
  const json::array_t& a = r.array(items);
  plan.items.reserve(a.size());
  for (std::size_t i = 0; i < a.size(); ++i)
    plan.items.push_back(read_item(r, {a[i], item_path(i)}, static_cast<int>(i) + 1));
  resolve_jumps(r, plan);
}

void read_geofence(const Reader& r, const Node& g, Geofence& fence) {
  if (!g.j.is_object()) r.fail(g.path, "must be an object, got " + describe(g.j));
  r.version(r.at(g, "version"), kGeoFenceVersion, "geoFence");
  r.keys(g, {"version", "polygons", "circles"}, {"breachReturn"});

  const Node polygons = r.at(g, "polygons");
  const json::array_t& pa = r.array(polygons);
  for (std::size_t i = 0; i < pa.size(); ++i) {
    const Node p = r.element(polygons, i);
    r.keys(p, {"version", "inclusion", "polygon"}, {});
    r.version(r.at(p, "version"), kFenceShapeVersion, "fence polygon");
    FencePolygon poly;
    poly.inclusion = r.boolean(r.at(p, "inclusion"));
    const Node vertices = r.at(p, "polygon");
    const json::array_t& va = r.array(vertices);
    if (va.size() < 3) {
      r.fail(vertices.path,
             "a fence polygon needs at least 3 vertices, got " + std::to_string(va.size()));
    }
    for (std::size_t k = 0; k < va.size(); ++k)
      poly.vertices.push_back(r.lat_lon(r.element(vertices, k)));
    fence.polygons.push_back(std::move(poly));
  }

  const Node circles = r.at(g, "circles");
  const json::array_t& ca = r.array(circles);
  for (std::size_t i = 0; i < ca.size(); ++i) {
    const Node c = r.element(circles, i);
    r.keys(c, {"version", "inclusion", "circle"}, {});
    r.version(r.at(c, "version"), kFenceShapeVersion, "fence circle");
    FenceCircle circle;
    circle.inclusion = r.boolean(r.at(c, "inclusion"));
    const Node shape = r.at(c, "circle");
    r.keys(shape, {"center", "radius"}, {});
    circle.center = r.lat_lon(r.at(shape, "center"));
    const Node radius = r.at(shape, "radius");
    circle.radius_m = r.number(radius);
    if (!(circle.radius_m > 0))
      r.fail(radius.path, "must be > 0 m, got " + num_str(circle.radius_m));
    fence.circles.push_back(circle);
  }

  if (g.j.contains("breachReturn")) {
    const Node b = r.at(g, "breachReturn");
    r.array_of(b, 3, "latitude, longitude, altitude");
    fence.breach_return = BreachReturn{r.latitude(r.element(b, 0, "latitude")),
                                       r.longitude(r.element(b, 1, "longitude")),
                                       r.number(r.element(b, 2, "altitude"))};
  }
}

void read_rally_points(const Reader& r, const Node& n, std::vector<RallyPoint>& points) {
  if (!n.j.is_object()) r.fail(n.path, "must be an object, got " + describe(n.j));
  r.version(r.at(n, "version"), kRallyVersion, "rallyPoints");
  r.keys(n, {"version", "points"}, {});
  const Node list = r.at(n, "points");
  const json::array_t& a = r.array(list);
  for (std::size_t i = 0; i < a.size(); ++i) {
    const Node p = r.element(list, i);
    r.array_of(p, 3, "latitude, longitude, altitude");
    points.push_back({r.latitude(r.element(p, 0, "latitude")),
                      r.longitude(r.element(p, 1, "longitude")),
                      r.number(r.element(p, 2, "altitude"))});
  }
}

Plan read_plan(const Reader& r, const json& root) {
  const Node doc{root, ""};
  if (!root.is_object()) r.fail("", "the document must be a JSON object, got " + describe(root));
  // The file type first: a different QGroundControl file gets told what it is.
  const Node file_type = r.at(doc, "fileType");
  const std::string& ft = r.text(file_type);
  if (ft != "Plan") {
    r.fail(file_type.path,
           "must be \"Plan\" (a QGroundControl plan), got " + describe(file_type.j) +
               (ft == "Mission" ? " (QGroundControl's pre-2017 mission file)" : ""));
  }
  r.version(r.at(doc, "version"), kPlanFileVersion, "plan file");
  r.keys(doc, {"fileType", "version", "groundStation", "mission"}, {"geoFence", "rallyPoints"});
  r.text(r.at(doc, "groundStation"));

  Plan plan;
  read_mission(r, r.at(doc, "mission"), plan);
  if (root.contains("geoFence")) read_geofence(r, r.at(doc, "geoFence"), plan.geofence);
  if (root.contains("rallyPoints"))
    read_rally_points(r, r.at(doc, "rallyPoints"), plan.rally_points);
  return plan;
}

// Parses JSON text; duplicate keys and absurd nesting are errors (nlohmann keeps the last of
// duplicate keys silently).
Result<json> parse_json(std::string_view text, const std::string& source) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);  // UTF-8 byte order mark
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos)
    return Error{source + ": the file is empty; expected a QGroundControl plan (JSON)"};

  std::vector<std::set<std::string>> open_objects;
  std::string duplicate;
  bool too_deep = false;
  const json::parser_callback_t check = [&](int depth, json::parse_event_t event, json& parsed) {
    if (depth > kMaxJsonDepth) too_deep = true;
    switch (event) {
      case json::parse_event_t::object_start:
        open_objects.emplace_back();
        break;
      case json::parse_event_t::object_end:
        if (!open_objects.empty()) open_objects.pop_back();
        break;
      case json::parse_event_t::key:
        if (!open_objects.empty() && parsed.is_string() &&
            !open_objects.back().insert(parsed.get<std::string>()).second && duplicate.empty())
          duplicate = parsed.get<std::string>();
        break;
      default:
        break;
    }
    return true;
  };
  json j;
  try {
    j = json::parse(text.begin(), text.end(), check);
  } catch (const json::parse_error& e) {
    // what(): "[json.exception.parse_error.101] parse error at line 3, column 7: <reason>"
    std::string what = e.what();
    std::string where, why = what;
    const auto at = what.find("at line ");
    if (at != std::string::npos) {
      const auto colon = what.find(": ", at);
      if (colon != std::string::npos) {
        why = what.substr(colon + 2);
        const std::string pos = what.substr(at + 8, colon - at - 8);  // "3, column 7"
        const auto comma = pos.find(", column ");
        where =
            comma == std::string::npos ? pos : pos.substr(0, comma) + ":" + pos.substr(comma + 9);
      }
    }
    return Error{source + (where.empty() ? "" : ":" + where) +
                 ": not valid JSON: " + detail::printable(why, 200)};
  } catch (const json::exception& e) {
    // E.g. out_of_range 406 "number overflow parsing '1e999'": no position in the message.
    std::string why = e.what();
    const auto tag_end = why.find("] ");
    if (why.starts_with("[json.exception.") && tag_end != std::string::npos)
      why.erase(0, tag_end + 2);
    return Error{source + ": not valid JSON: " + detail::printable(why, 200)};
  }
  if (too_deep)
    return Error{source + ": the JSON nests deeper than " + std::to_string(kMaxJsonDepth) +
                 " levels"};
  if (!duplicate.empty()) {
    return Error{source + ": duplicate key " + in_quotes(duplicate) +
                 " in one object (which of the values is meant is ambiguous)"};
  }
  return j;
}

// ---- Writing -----------------------------------------------------------------------------------

// A number as QGroundControl writes it: whole values as integers, NaN as null when `nullable`.
json num(double v, const std::string& where, bool nullable) {
  if (std::isnan(v)) {
    if (nullable) return nullptr;
    throw Failure{where + ": NaN cannot be written here"};
  }
  if (!std::isfinite(v)) throw Failure{where + ": " + num_str(v) + " cannot be written in JSON"};
  if (v == std::floor(v) && std::abs(v) < 9007199254740992.0) {  // 2^53: exact as an integer
    return static_cast<int64_t>(v);
  }
  return v;
}

json opt_num(const std::optional<double>& v, const std::string& where) {
  return v ? num(*v, where, true) : json(nullptr);
}

json write_item(const MissionItem& it, const Plan& plan, std::size_t index) {
  const std::string where = item_path(index);
  json j = json::object();
  j["type"] = "SimpleItem";
  j["command"] = it.command;
  j["frame"] = static_cast<int>(it.frame);
  j["autoContinue"] = it.autocontinue;
  j["doJumpId"] = it.qgc.do_jump_id.value_or(it.seq);

  double p1 = it.param1;
  if (it.command == mav_cmd::kDoJump && p1 == std::floor(p1) && p1 >= 1 &&
      p1 <= static_cast<double>(plan.items.size())) {
    // The target's doJumpId (its seq unless the file that the plan came from said otherwise).
    const MissionItem& target = plan.items[static_cast<std::size_t>(p1) - 1];
    p1 = target.qgc.do_jump_id.value_or(target.seq);
  }
  const double p[7] = {p1, it.param2, it.param3, it.param4, it.x, it.y, it.z};
  json params = json::array();
  for (int i = 0; i < 7; ++i)
    params.push_back(num(p[i], join(where, "params[" + std::to_string(i) + "]"), true));
  j["params"] = std::move(params);

  if (it.qgc.altitude) {
    j["AltitudeMode"] = it.qgc.altitude->mode;
    j["Altitude"] = opt_num(it.qgc.altitude->altitude_m, join(where, "Altitude"));
    j["AMSLAltAboveTerrain"] =
        opt_num(it.qgc.altitude->amsl_alt_above_terrain_m, join(where, "AMSLAltAboveTerrain"));
  }
  return j;
}

json lat_lon_json(const LatLon& p, const std::string& where) {
  return json::array({num(p.lat_deg, where, false), num(p.lon_deg, where, false)});
}

json write_plan(const Plan& plan) {
  json mission = json::object();
  mission["version"] = kMissionVersion;
  mission["firmwareType"] = plan.firmware_type;
  mission["vehicleType"] = plan.vehicle_type;
  mission["cruiseSpeed"] = num(plan.cruise_speed_mps, "mission.cruiseSpeed", false);
  mission["hoverSpeed"] = num(plan.hover_speed_mps, "mission.hoverSpeed", false);
  if (plan.qgc_global_altitude_mode)
    mission["globalPlanAltitudeMode"] = *plan.qgc_global_altitude_mode;
  const PlannedHome& h = plan.planned_home;
  const std::string hw = "mission.plannedHomePosition";
  mission["plannedHomePosition"] = json::array(
      {num(h.lat_deg, hw, false), num(h.lon_deg, hw, false), num(h.alt_amsl_m, hw, false)});
  json items = json::array();
  for (std::size_t i = 0; i < plan.items.size(); ++i)
    items.push_back(write_item(plan.items[i], plan, i));
  mission["items"] = std::move(items);

  json fence = json::object();
  fence["version"] = kGeoFenceVersion;
  json polygons = json::array();
  for (std::size_t i = 0; i < plan.geofence.polygons.size(); ++i) {
    const FencePolygon& p = plan.geofence.polygons[i];
    const std::string w = "geoFence.polygons[" + std::to_string(i) + "]";
    json vertices = json::array();
    for (const LatLon& v : p.vertices) vertices.push_back(lat_lon_json(v, w));
    polygons.push_back(
        {{"version", kFenceShapeVersion}, {"inclusion", p.inclusion}, {"polygon", vertices}});
  }
  fence["polygons"] = std::move(polygons);
  json circles = json::array();
  for (std::size_t i = 0; i < plan.geofence.circles.size(); ++i) {
    const FenceCircle& c = plan.geofence.circles[i];
    const std::string w = "geoFence.circles[" + std::to_string(i) + "]";
    circles.push_back(
        {{"version", kFenceShapeVersion},
         {"inclusion", c.inclusion},
         {"circle",
          {{"center", lat_lon_json(c.center, w)}, {"radius", num(c.radius_m, w, false)}}}});
  }
  fence["circles"] = std::move(circles);
  if (const auto& b = plan.geofence.breach_return) {
    const std::string w = "geoFence.breachReturn";
    fence["breachReturn"] = json::array(
        {num(b->lat_deg, w, false), num(b->lon_deg, w, false), num(b->alt_m, w, false)});
  }

  json rally = json::object();
  rally["version"] = kRallyVersion;
  json points = json::array();
  for (std::size_t i = 0; i < plan.rally_points.size(); ++i) {
    const RallyPoint& p = plan.rally_points[i];
    const std::string w = "rallyPoints.points[" + std::to_string(i) + "]";
    points.push_back(
        json::array({num(p.lat_deg, w, false), num(p.lon_deg, w, false), num(p.alt_m, w, false)}));
  }
  rally["points"] = std::move(points);

  json doc = json::object();
  doc["fileType"] = "Plan";
  doc["version"] = kPlanFileVersion;
  doc["groundStation"] = kGroundStation;
  doc["mission"] = std::move(mission);
  doc["geoFence"] = std::move(fence);
  doc["rallyPoints"] = std::move(rally);
  return doc;
}

}  // namespace

Result<Plan> parse_plan_json(std::string_view text, const std::string& source) {
  try {
    Result<json> doc = parse_json(text, source);
    if (!doc.ok()) return doc.error();
    const Reader r(source);
    return read_plan(r, doc.value());
  } catch (const Failure& f) {
    return Error{f.message};
  } catch (const std::exception& e) {
    return Error{source + ": cannot read the plan: " + e.what()};
  } catch (...) {
    return Error{source + ": cannot read the plan"};
  }
}

Result<Plan> load_plan_file(const std::string& path) {
  Result<std::string> text = read_text_file(path, "plan", detail::kMaxPlanFileBytes);
  if (!text.ok()) return text.error();
  return parse_plan_json(text.value(), path);
}

Result<std::string> plan_json(const Plan& plan) {
  std::string text;
  try {
    text = write_plan(plan).dump(4) + "\n";
  } catch (const Failure& f) {
    return Error{"cannot write the plan: " + f.message};
  } catch (const std::exception& e) {
    return Error{std::string("cannot write the plan: ") + e.what()};
  }
  // What is written must read back: the reader's checks are the writer's.
  const Result<Plan> back = parse_plan_json(text, "the plan being written");
  if (!back.ok()) return Error{"cannot write the plan: " + back.error().message};
  return text;
}

Result<std::string> save_plan_file(const Plan& plan, const std::string& path) {
  Result<std::string> text = plan_json(plan);
  if (!text.ok()) return Error{path + ": " + text.error().message};
  return write_text_file(path, text.value(), "plan");
}

}  // namespace kestrel::mission
