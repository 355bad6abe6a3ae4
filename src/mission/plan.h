// The mission plan as the ground station hands it over: mission items with MAVLink's
// MISSION_ITEM_INT meaning, the geofence and the rally points (design.md §7). Plain data; the
// readers and writers of the field's two file formats are mission/plan_file.h (QGroundControl
// .plan) and mission/wpl.h (QGC WPL 110). docs/mission-files.md documents both, the frames, the
// units and what is refused and why.
//
// Numbering: the planned home is item 0 (as in QGroundControl's plan view, Mission Planner's WPL
// files and ArduPilot's mission), so Plan::items[i] has seq i + 1. DO_JUMP's param1 is a seq in
// this numbering. Messages say "item N" with N the seq, the number QGroundControl shows.
//
// Units are MAVLink's (degrees, metres, seconds), not SI radians: the plan is an edge format, and
// keeping MAVLink's units makes an item compare one to one with the wire and with the files. The
// flight software converts when it loads the plan.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kestrel::mission {

// ---- Frames ------------------------------------------------------------------------------------

// MAV_FRAME (MAVLink common.xml). Only the named frames can be flown by Kestrel; the terrain frames
// parse (QGroundControl writes them for "terrain frame" altitudes) but validate_items() reports
// them as unsupported: the flight software has no terrain model. Any other MAV_FRAME number
// (0..21) can be held, for reading and writing files, and is reported as unsupported.
enum class MavFrame : uint8_t {
  kGlobal = 0,                // x/y lat/lon [deg], z above mean sea level [m]
  kMission = 2,               // not a coordinate frame: x/y/z are plain params 5..7
  kGlobalRelativeAlt = 3,     // x/y lat/lon [deg], z above the home position [m]
  kGlobalInt = 5,             // as kGlobal (MAVLink's deprecated _INT twin)
  kGlobalRelativeAltInt = 6,  // as kGlobalRelativeAlt (deprecated _INT twin)
  kGlobalTerrainAlt = 10,     // z above the terrain [m]: parsed, not supported
  kGlobalTerrainAltInt = 11,  // as kGlobalTerrainAlt: parsed, not supported
};
inline constexpr int kMaxMavFrame = 21;  // the highest MAV_FRAME number common.xml defines

// MAVLink's name without the MAV_FRAME_ prefix ("GLOBAL_RELATIVE_ALT"); "" for a number that is not
// a MAV_FRAME.
std::string_view mav_frame_name(MavFrame f);
// A frame whose x/y are latitude/longitude (0, 3, 5, 6, 10, 11).
bool is_global_frame(MavFrame f);
// A frame Kestrel can fly: 0, 2, 3, 5, 6.
bool is_supported_frame(MavFrame f);
// z is above home (3, 6) rather than above mean sea level (0, 5).
bool is_relative_alt_frame(MavFrame f);

// ---- Commands ----------------------------------------------------------------------------------

// MAV_CMD numbers of the commands the flight software supports (checked against MAVLink's
// common.xml by plan_test.cc). docs/mission-files.md has what each param means to Kestrel.
namespace mav_cmd {
inline constexpr uint16_t kNavWaypoint = 16;
inline constexpr uint16_t kNavLoiterUnlim = 17;
inline constexpr uint16_t kNavLoiterTurns = 18;
inline constexpr uint16_t kNavLoiterTime = 19;
inline constexpr uint16_t kNavReturnToLaunch = 20;
inline constexpr uint16_t kNavLand = 21;
inline constexpr uint16_t kNavTakeoff = 22;
inline constexpr uint16_t kNavLoiterToAlt = 31;
inline constexpr uint16_t kConditionDelay = 112;
inline constexpr uint16_t kConditionDistance = 114;
inline constexpr uint16_t kDoJump = 177;
inline constexpr uint16_t kDoChangeSpeed = 178;
inline constexpr uint16_t kDoSetHome = 179;
inline constexpr uint16_t kDoLandStart = 189;
inline constexpr uint16_t kDoSetRoiLocation = 195;
inline constexpr uint16_t kDoSetRoiNone = 197;
inline constexpr uint16_t kDoDigicamControl = 203;
inline constexpr uint16_t kDoSetCamTriggDist = 206;
}  // namespace mav_cmd

// MAVLink's name without the MAV_CMD_ prefix ("NAV_WAYPOINT") for the supported commands and the
// other mission commands a plan file commonly holds (NAV_VTOL_TAKEOFF, DO_SET_SERVO, ...); ""
// when the table does not know the number.
std::string_view mav_cmd_name(uint16_t command);
// "16 (NAV_WAYPOINT)", or "60000" for a number the table does not know.
std::string command_label(uint16_t command);
// One of the mav_cmd:: commands above.
bool is_supported_command(uint16_t command);
// A supported command whose params 5..7 are a position (MAVLink's hasLocation): x/y
// latitude/longitude, z an altitude in the item's frame. True for the supported NAV_ commands but
// NAV_RETURN_TO_LAUNCH, and for DO_SET_HOME, DO_LAND_START and DO_SET_ROI_LOCATION; false for the
// other supported commands and for every unsupported one (its params are not interpreted).
bool command_has_location(uint16_t command);

// ---- Items -------------------------------------------------------------------------------------

// What a QGroundControl .plan file keeps beside the MAVLink fields of a SimpleItem. Not flown;
// kept so that a plan QGroundControl wrote is written back unchanged. Empty for items built in
// code or read from WPL.
struct QgcItemExtras {
  // "doJumpId": the id DO_JUMP items of the file refer to (QGroundControl writes the seq).
  std::optional<int> do_jump_id;
  // "AltitudeMode", "Altitude", "AMSLAltAboveTerrain", present together on items with an altitude.
  // Mode: 1 relative to home, 2 AMSL, 3 AMSL computed from terrain data, 4 terrain frame.
  // nullopt in the optionals: JSON null.
  struct Altitude {
    int mode = 1;
    std::optional<double> altitude_m;
    std::optional<double> amsl_alt_above_terrain_m;
    bool operator==(const Altitude&) const = default;
  };
  std::optional<Altitude> altitude;
  bool operator==(const QgcItemExtras&) const = default;
};

// One mission item, MISSION_ITEM_INT's fields with x/y in degrees instead of degE7. Params are
// MAVLink's, so NaN means what MAVLink says it means for that param ("use the default" for yaw
// and xtrack); validate_items() reports NaN wherever the command does not allow it.
struct MissionItem {
  int seq = 0;  // position in the plan, 1..N (0 is the home position)
  MavFrame frame = MavFrame::kGlobalRelativeAlt;
  uint16_t command = mav_cmd::kNavWaypoint;  // MAV_CMD number
  bool current = false;                      // MAVLink's "current" flag (WPL CURRENT_WP)
  bool autocontinue = true;                  // go on to the next item when this one completes
  double param1 = 0, param2 = 0, param3 = 0, param4 = 0;  // meaning per command (MAV_CMD)
  double x = 0;  // param5: latitude [deg] for commands with a location, else a plain param
  double y = 0;  // param6: longitude [deg] for commands with a location, else a plain param
  double z = 0;  // param7: altitude [m] in `frame` for commands with a location, else a plain param
  QgcItemExtras qgc;  // .plan bookkeeping (see above); not part of the MAVLink item
};

// Param 1..7 of an item (5, 6, 7: x, y, z). KESTREL_CHECKs the index.
double item_param(const MissionItem& item, int index);

// ---- Geofence and rally points -----------------------------------------------------------------

struct LatLon {
  double lat_deg = 0, lon_deg = 0;
  bool operator==(const LatLon&) const = default;
};

// A fence polygon; the vertices in order, not closed (the last joins the first).
struct FencePolygon {
  bool inclusion = true;  // true: the aircraft must stay inside; false: it must stay outside
  std::vector<LatLon> vertices;
  bool operator==(const FencePolygon&) const = default;
};

struct FenceCircle {
  bool inclusion = true;  // as FencePolygon::inclusion
  LatLon center;
  double radius_m = 0;
  bool operator==(const FenceCircle&) const = default;
};

// QGroundControl's breach return point: where to go on a fence breach. Altitude above home
// [m] (QGroundControl uploads it in MAV_FRAME_GLOBAL_RELATIVE_ALT).
struct BreachReturn {
  double lat_deg = 0, lon_deg = 0, alt_m = 0;
  bool operator==(const BreachReturn&) const = default;
};

struct Geofence {
  std::vector<FencePolygon> polygons;
  std::vector<FenceCircle> circles;
  std::optional<BreachReturn> breach_return;
  bool empty() const { return polygons.empty() && circles.empty() && !breach_return; }
  bool operator==(const Geofence&) const = default;
};

// A rally (safe) point; altitude above home [m] (QGroundControl and ArduPilot use
// MAV_FRAME_GLOBAL_RELATIVE_ALT for rally points).
struct RallyPoint {
  double lat_deg = 0, lon_deg = 0, alt_m = 0;
  bool operator==(const RallyPoint&) const = default;
};

// ---- The plan ----------------------------------------------------------------------------------

// MAV_AUTOPILOT and MAV_TYPE numbers (MAVLink minimal.xml) a plan made by Kestrel carries:
// ArduPilot's conventions (home as item 0, ArduPlane's mode numbers, docs/autopilot.md) on a fixed
// wing, so QGroundControl offers the fixed-wing ArduPlane command set when it opens the file.
inline constexpr int kMavAutopilotArdupilotmega = 3;
inline constexpr int kMavTypeFixedWing = 1;

struct PlannedHome {
  double lat_deg = 0, lon_deg = 0;
  double alt_amsl_m = 0;  // above mean sea level: the reference of the relative-altitude frames
  bool operator==(const PlannedHome&) const = default;
};

struct Plan {
  PlannedHome planned_home;
  double cruise_speed_mps = 15;  // the ground station's planning speeds (QGroundControl's
  double hover_speed_mps = 5;    // "cruiseSpeed", "hoverSpeed"), for time estimates only
  int firmware_type = kMavAutopilotArdupilotmega;  // MAV_AUTOPILOT
  int vehicle_type = kMavTypeFixedWing;            // MAV_TYPE
  // QGroundControl's "globalPlanAltitudeMode" (QgcItemExtras::Altitude::mode's numbers, 0: mixed);
  // kept for writing back, not used.
  std::optional<int> qgc_global_altitude_mode;
  std::vector<MissionItem> items;  // items[i].seq == i + 1
  Geofence geofence;
  std::vector<RallyPoint> rally_points;
};

// ---- Validation --------------------------------------------------------------------------------

// A reason the flight software would refuse an item at upload.
struct ItemProblem {
  int seq = 0;          // the item (0: the plan as a whole, e.g. its home position)
  std::string message;  // "item 4: command 84 (NAV_VTOL_TAKEOFF) is not supported"
};

// Checks every item the way the flight software checks a mission at upload, and reports each
// problem: unsupported commands and frames, sequence numbers, params out of range (latitude,
// longitude, DO_JUMP targets outside the list or onto themselves, negative times, distances,
// turns and acceptance radii, NaN where the command does not allow it), a DO_LAND_START with no
// NAV_LAND after it. Nothing is skipped: an empty result means every item can be flown. The
// geofence and rally points are not looked at here: the file readers check them (polygons of 3
// or more vertices, radii > 0, positions in range), and the writers, which read back what they
// write, check those of a plan built in code.
std::vector<ItemProblem> validate_items(const Plan& plan);

}  // namespace kestrel::mission
