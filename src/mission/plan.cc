// MAVLink names and the upload checks of a mission plan (validate_items).
#include "mission/plan.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <utility>

#include "core/check.h"
#include "mission/text_util.h"

namespace kestrel::mission {
namespace {

using detail::num_str;

// MAV_FRAME names, common.xml (index = number).
constexpr std::string_view kFrameNames[kMaxMavFrame + 1] = {
    "GLOBAL",
    "LOCAL_NED",
    "MISSION",
    "GLOBAL_RELATIVE_ALT",
    "LOCAL_ENU",
    "GLOBAL_INT",
    "GLOBAL_RELATIVE_ALT_INT",
    "LOCAL_OFFSET_NED",
    "BODY_NED",
    "BODY_OFFSET_NED",
    "GLOBAL_TERRAIN_ALT",
    "GLOBAL_TERRAIN_ALT_INT",
    "BODY_FRD",
    "RESERVED_13",
    "RESERVED_14",
    "RESERVED_15",
    "RESERVED_16",
    "RESERVED_17",
    "RESERVED_18",
    "RESERVED_19",
    "LOCAL_FRD",
    "LOCAL_FLU",
};

struct CommandName {
  uint16_t number;
  std::string_view name;
};

// MAV_CMD names (common.xml) of the mission commands a plan file is likely to hold: the supported
// ones and those a ground station offers for missions (so a refusal names what it refuses).
// Sorted by number; plan_test.cc checks every entry against common.xml.
constexpr CommandName kCommandNames[] = {
    {16, "NAV_WAYPOINT"},
    {17, "NAV_LOITER_UNLIM"},
    {18, "NAV_LOITER_TURNS"},
    {19, "NAV_LOITER_TIME"},
    {20, "NAV_RETURN_TO_LAUNCH"},
    {21, "NAV_LAND"},
    {22, "NAV_TAKEOFF"},
    {23, "NAV_LAND_LOCAL"},
    {24, "NAV_TAKEOFF_LOCAL"},
    {25, "NAV_FOLLOW"},
    {30, "NAV_CONTINUE_AND_CHANGE_ALT"},
    {31, "NAV_LOITER_TO_ALT"},
    {32, "DO_FOLLOW"},
    {33, "DO_FOLLOW_REPOSITION"},
    {34, "DO_ORBIT"},
    {35, "DO_FIGURE_EIGHT"},
    {36, "NAV_ARC_WAYPOINT"},
    {80, "NAV_ROI"},
    {81, "NAV_PATHPLANNING"},
    {82, "NAV_SPLINE_WAYPOINT"},
    {84, "NAV_VTOL_TAKEOFF"},
    {85, "NAV_VTOL_LAND"},
    {92, "NAV_GUIDED_ENABLE"},
    {93, "NAV_DELAY"},
    {94, "NAV_PAYLOAD_PLACE"},
    {112, "CONDITION_DELAY"},
    {113, "CONDITION_CHANGE_ALT"},
    {114, "CONDITION_DISTANCE"},
    {115, "CONDITION_YAW"},
    {176, "DO_SET_MODE"},
    {177, "DO_JUMP"},
    {178, "DO_CHANGE_SPEED"},
    {179, "DO_SET_HOME"},
    {180, "DO_SET_PARAMETER"},
    {181, "DO_SET_RELAY"},
    {182, "DO_REPEAT_RELAY"},
    {183, "DO_SET_SERVO"},
    {184, "DO_REPEAT_SERVO"},
    {185, "DO_FLIGHTTERMINATION"},
    {186, "DO_CHANGE_ALTITUDE"},
    {187, "DO_SET_ACTUATOR"},
    {188, "DO_RETURN_PATH_START"},
    {189, "DO_LAND_START"},
    {190, "DO_RALLY_LAND"},
    {191, "DO_GO_AROUND"},
    {192, "DO_REPOSITION"},
    {193, "DO_PAUSE_CONTINUE"},
    {194, "DO_SET_REVERSE"},
    {195, "DO_SET_ROI_LOCATION"},
    {196, "DO_SET_ROI_WPNEXT_OFFSET"},
    {197, "DO_SET_ROI_NONE"},
    {198, "DO_SET_ROI_SYSID"},
    {200, "DO_CONTROL_VIDEO"},
    {201, "DO_SET_ROI"},
    {202, "DO_DIGICAM_CONFIGURE"},
    {203, "DO_DIGICAM_CONTROL"},
    {204, "DO_MOUNT_CONFIGURE"},
    {205, "DO_MOUNT_CONTROL"},
    {206, "DO_SET_CAM_TRIGG_DIST"},
    {207, "DO_FENCE_ENABLE"},
    {208, "DO_PARACHUTE"},
    {209, "DO_MOTOR_TEST"},
    {210, "DO_INVERTED_FLIGHT"},
    {211, "DO_GRIPPER"},
    {212, "DO_AUTOTUNE_ENABLE"},
    {213, "NAV_SET_YAW_SPEED"},
    {214, "DO_SET_CAM_TRIGG_INTERVAL"},
    {220, "DO_MOUNT_CONTROL_QUAT"},
    {221, "DO_GUIDED_MASTER"},
    {222, "DO_GUIDED_LIMITS"},
    {223, "DO_ENGINE_CONTROL"},
    {224, "DO_SET_MISSION_CURRENT"},
    {530, "SET_CAMERA_MODE"},
    {531, "SET_CAMERA_ZOOM"},
    {532, "SET_CAMERA_FOCUS"},
    {600, "JUMP_TAG"},
    {601, "DO_JUMP_TAG"},
    {1000, "DO_GIMBAL_MANAGER_PITCHYAW"},
    {1001, "DO_GIMBAL_MANAGER_CONFIGURE"},
    {2000, "IMAGE_START_CAPTURE"},
    {2001, "IMAGE_STOP_CAPTURE"},
    {2500, "VIDEO_START_CAPTURE"},
    {2501, "VIDEO_STOP_CAPTURE"},
    {3000, "DO_VTOL_TRANSITION"},
    {5000, "NAV_FENCE_RETURN_POINT"},
    {5001, "NAV_FENCE_POLYGON_VERTEX_INCLUSION"},
    {5002, "NAV_FENCE_POLYGON_VERTEX_EXCLUSION"},
    {5003, "NAV_FENCE_CIRCLE_INCLUSION"},
    {5004, "NAV_FENCE_CIRCLE_EXCLUSION"},
    {5100, "NAV_RALLY_POINT"},
    {42600, "DO_WINCH"},
};

bool is_whole(double v) { return std::isfinite(v) && v == std::floor(v); }

// ---- The checks of one item
// ----------------------------------------------------------------------

// Collects the problems of one item; every message starts "item N: COMMAND: ".
class ItemChecker {
 public:
  ItemChecker(const MissionItem& item, std::vector<ItemProblem>& out) : item_(item), out_(out) {
    head_ =
        "item " + std::to_string(item.seq) + ": " + std::string(mav_cmd_name(item.command)) + ": ";
  }

  void problem(const std::string& what) { out_.push_back({item_.seq, head_ + what}); }

  // `label`: "param1 (hold time [s])".
  void finite(double v, std::string_view label) {
    if (!std::isfinite(v))
      problem(std::string(label) + " must be a finite number, got " + num_str(v));
  }
  void finite_or_nan(double v, std::string_view label) {
    if (std::isinf(v))
      problem(std::string(label) + " must be a finite number or NaN, got " + num_str(v));
  }
  void non_negative(double v, std::string_view label) {
    if (!(std::isfinite(v) && v >= 0))
      problem(std::string(label) + " must be a finite number >= 0, got " + num_str(v));
  }
  void in_range(double v, double lo, double hi, std::string_view label) {
    if (!(std::isfinite(v) && v >= lo && v <= hi)) {
      problem(std::string(label) + " must be within [" + num_str(lo) + ", " + num_str(hi) +
              "], got " + num_str(v));
    }
  }
  void whole_in_range(double v, double lo, double hi, std::string_view label) {
    if (!(is_whole(v) && v >= lo && v <= hi)) {
      problem(std::string(label) + " must be a whole number in [" + num_str(lo) + ", " +
              num_str(hi) + "], got " + num_str(v));
    }
  }
  // MAVLink's MAV_BOOL: exactly 0 or 1.
  void boolean(double v, std::string_view label) {
    if (!(v == 0 || v == 1)) problem(std::string(label) + " must be 0 or 1, got " + num_str(v));
  }
  // The loiter exit ("xtrack") params: 0, 1 or NaN (the default).
  void xtrack(double v, std::string_view label) {
    if (!(std::isnan(v) || v == 0 || v == 1))
      problem(std::string(label) + " must be 0, 1 or NaN, got " + num_str(v));
  }
  // The position in params 5..7.
  void position() {
    in_range(item_.x, -90, 90, "latitude (x) [deg]");
    in_range(item_.y, -180, 180, "longitude (y) [deg]");
    finite(item_.z, "altitude (z) [m]");
  }

 private:
  const MissionItem& item_;
  std::vector<ItemProblem>& out_;
  std::string head_;
};

// The params of a supported command, by MAVLink's definitions (common.xml); "Empty" params are
// not looked at.
void check_params(const MissionItem& it, int n_items, ItemChecker& c) {
  namespace cmd = mav_cmd;
  switch (it.command) {
    case cmd::kNavWaypoint:
      c.non_negative(it.param1, "param1 (hold time [s])");
      c.non_negative(it.param2, "param2 (acceptance radius [m])");
      c.finite(it.param3, "param3 (pass radius [m])");
      c.finite_or_nan(it.param4, "param4 (yaw [deg])");
      break;
    case cmd::kNavLoiterUnlim:
      c.finite(it.param3, "param3 (radius [m], negative: counter-clockwise)");
      c.finite_or_nan(it.param4, "param4 (yaw [deg])");
      break;
    case cmd::kNavLoiterTurns:
      c.non_negative(it.param1, "param1 (turns)");
      c.boolean(it.param2, "param2 (heading required)");
      c.finite(it.param3, "param3 (radius [m], negative: counter-clockwise)");
      c.xtrack(it.param4, "param4 (xtrack location)");
      break;
    case cmd::kNavLoiterTime:
      c.non_negative(it.param1, "param1 (loiter time [s])");
      c.boolean(it.param2, "param2 (heading required)");
      c.finite(it.param3, "param3 (radius [m], negative: counter-clockwise)");
      c.xtrack(it.param4, "param4 (xtrack location)");
      break;
    case cmd::kNavReturnToLaunch:
      break;
    case cmd::kNavLand:
      c.non_negative(it.param1, "param1 (abort altitude [m])");
      c.whole_in_range(it.param2, 0, 2, "param2 (precision land mode)");
      c.finite_or_nan(it.param4, "param4 (yaw [deg])");
      break;
    case cmd::kNavTakeoff:
      c.in_range(it.param1, -90, 90, "param1 (minimum pitch [deg])");
      c.finite_or_nan(it.param4, "param4 (yaw [deg])");
      break;
    case cmd::kNavLoiterToAlt:
      c.boolean(it.param1, "param1 (heading required)");
      c.finite(it.param2, "param2 (radius [m], negative: counter-clockwise)");
      c.xtrack(it.param4, "param4 (xtrack location)");
      break;
    case cmd::kConditionDelay:
      c.non_negative(it.param1, "param1 (delay [s])");
      break;
    case cmd::kConditionDistance:
      c.non_negative(it.param1, "param1 (distance [m])");
      break;
    case cmd::kDoJump: {
      const double target = it.param1;
      if (!is_whole(target)) {
        c.problem("param1 (target item) must be a whole number, got " + num_str(target));
      } else if (target < 1 || target > n_items) {
        c.problem("param1 (target item) " + num_str(target) +
                  " is outside the mission (items 1 to " + std::to_string(n_items) + ")");
      } else if (target == it.seq) {
        c.problem("param1 (target item) " + num_str(target) + " is the DO_JUMP itself");
      }
      // ArduPilot reads -1 as "for ever"; MAVLink's minimum is 0.
      c.whole_in_range(it.param2, -1, 32767, "param2 (repeat count, -1: for ever)");
      break;
    }
    case cmd::kDoChangeSpeed:
      c.whole_in_range(it.param1, 0, 3,
                       "param1 (speed type: 0 airspeed, 1 ground speed, 2 climb, 3 descent)");
      if (!(it.param2 == -1 || it.param2 == -2 || (std::isfinite(it.param2) && it.param2 >= 0)))
        c.problem("param2 (speed [m/s]) must be >= 0, -1 (no change) or -2 (default), got " +
                  num_str(it.param2));
      if (!(it.param3 == -1 || it.param3 == -2 ||
            (std::isfinite(it.param3) && it.param3 >= 0 && it.param3 <= 100)))
        c.problem(
            "param3 (throttle [%]) must be within [0, 100], -1 (no change) or -2 (default), got " +
            num_str(it.param3));
      break;
    case cmd::kDoSetHome:
      c.boolean(it.param1, "param1 (use current position)");
      break;
    case cmd::kDoLandStart:
      break;
    case cmd::kDoSetRoiLocation:
    case cmd::kDoSetRoiNone:
      c.whole_in_range(it.param1, 0, 255, "param1 (gimbal device id)");
      break;
    case cmd::kDoDigicamControl:
      c.finite(it.param1, "param1 (session control)");
      c.finite(it.param2, "param2 (zoom absolute)");
      c.finite(it.param3, "param3 (zoom relative)");
      c.finite(it.param4, "param4 (focus)");
      c.finite(it.x, "param5 (shoot command)");
      c.finite(it.y, "param6 (command identity)");
      c.finite(it.z, "param7 (shot id)");
      break;
    case cmd::kDoSetCamTriggDist:
      c.non_negative(it.param1, "param1 (trigger distance [m], 0: stop)");
      if (!(std::isfinite(it.param2) && it.param2 >= -1))
        c.problem("param2 (shutter integration time [ms]) must be >= -1, got " +
                  num_str(it.param2));
      c.boolean(it.param3, "param3 (trigger once now)");
      c.whole_in_range(it.param4, 0, 255, "param4 (target camera id)");
      break;
    default:
      KESTREL_CHECK(false, "check_params: a supported command without checks");
  }
}

void check_frame(const MissionItem& it, ItemChecker& c, std::vector<ItemProblem>& out) {
  const int f = static_cast<int>(it.frame);
  const std::string label =
      "frame " + std::to_string(f) +
      (mav_frame_name(it.frame).empty() ? std::string()
                                        : " (" + std::string(mav_frame_name(it.frame)) + ")");
  const std::string head = "item " + std::to_string(it.seq) + ": ";
  if (it.frame == MavFrame::kGlobalTerrainAlt || it.frame == MavFrame::kGlobalTerrainAltInt) {
    out.push_back({it.seq, head + label +
                               " is not supported: altitudes above terrain need a terrain model, "
                               "which the flight software does not have; use GLOBAL_RELATIVE_ALT "
                               "(3) or GLOBAL (0)"});
  } else if (!is_supported_frame(it.frame)) {
    out.push_back({it.seq, head + label +
                               " is not supported: Kestrel flies latitude/longitude frames only "
                               "(GLOBAL 0, GLOBAL_RELATIVE_ALT 3, their _INT twins 5, 6; MISSION 2 "
                               "for items without a position)"});
  } else if (command_has_location(it.command) && !is_global_frame(it.frame)) {
    c.problem("a command with a position needs a latitude/longitude frame, got " + label);
  }
}

}  // namespace

// ---- Names -------------------------------------------------------------------------------------

std::string_view mav_frame_name(MavFrame f) {
  const int i = static_cast<int>(f);
  return i <= kMaxMavFrame ? kFrameNames[i] : std::string_view();
}

bool is_global_frame(MavFrame f) {
  switch (f) {
    case MavFrame::kGlobal:
    case MavFrame::kGlobalRelativeAlt:
    case MavFrame::kGlobalInt:
    case MavFrame::kGlobalRelativeAltInt:
    case MavFrame::kGlobalTerrainAlt:
    case MavFrame::kGlobalTerrainAltInt:
      return true;
    default:
      return false;
  }
}

bool is_supported_frame(MavFrame f) {
  switch (f) {
    case MavFrame::kGlobal:
    case MavFrame::kMission:
    case MavFrame::kGlobalRelativeAlt:
    case MavFrame::kGlobalInt:
    case MavFrame::kGlobalRelativeAltInt:
      return true;
    default:
      return false;
  }
}

bool is_relative_alt_frame(MavFrame f) {
  return f == MavFrame::kGlobalRelativeAlt || f == MavFrame::kGlobalRelativeAltInt;
}

std::string_view mav_cmd_name(uint16_t command) {
  const auto* end = std::end(kCommandNames);
  const auto* it = std::lower_bound(std::begin(kCommandNames), end, command,
                                    [](const CommandName& c, uint16_t n) { return c.number < n; });
  return it != end && it->number == command ? it->name : std::string_view();
}

std::string command_label(uint16_t command) {
  const std::string_view name = mav_cmd_name(command);
  std::string s = std::to_string(command);
  if (!name.empty()) s += " (" + std::string(name) + ")";
  return s;
}

bool is_supported_command(uint16_t command) {
  namespace cmd = mav_cmd;
  switch (command) {
    case cmd::kNavWaypoint:
    case cmd::kNavLoiterUnlim:
    case cmd::kNavLoiterTurns:
    case cmd::kNavLoiterTime:
    case cmd::kNavReturnToLaunch:
    case cmd::kNavLand:
    case cmd::kNavTakeoff:
    case cmd::kNavLoiterToAlt:
    case cmd::kConditionDelay:
    case cmd::kConditionDistance:
    case cmd::kDoJump:
    case cmd::kDoChangeSpeed:
    case cmd::kDoSetHome:
    case cmd::kDoLandStart:
    case cmd::kDoSetRoiLocation:
    case cmd::kDoSetRoiNone:
    case cmd::kDoDigicamControl:
    case cmd::kDoSetCamTriggDist:
      return true;
    default:
      return false;
  }
}

bool command_has_location(uint16_t command) {
  namespace cmd = mav_cmd;
  switch (command) {
    case cmd::kNavWaypoint:
    case cmd::kNavLoiterUnlim:
    case cmd::kNavLoiterTurns:
    case cmd::kNavLoiterTime:
    case cmd::kNavLand:
    case cmd::kNavTakeoff:
    case cmd::kNavLoiterToAlt:
    case cmd::kDoSetHome:
    case cmd::kDoLandStart:
    case cmd::kDoSetRoiLocation:
      return true;
    default:
      return false;
  }
}

double item_param(const MissionItem& item, int index) {
  switch (index) {
    case 1:
      return item.param1;
    case 2:
      return item.param2;
    case 3:
      return item.param3;
    case 4:
      return item.param4;
    case 5:
      return item.x;
    case 6:
      return item.y;
    case 7:
      return item.z;
    default:
      KESTREL_CHECK(false, "item_param: index must be 1..7");
      return 0;
  }
}

// ---- Validation --------------------------------------------------------------------------------

std::vector<ItemProblem> validate_items(const Plan& plan) {
  std::vector<ItemProblem> out;

  // The home position: the reference of every relative altitude.
  const PlannedHome& h = plan.planned_home;
  if (!(std::isfinite(h.lat_deg) && h.lat_deg >= -90 && h.lat_deg <= 90))
    out.push_back({0, "home: latitude must be within [-90, 90] deg, got " + num_str(h.lat_deg)});
  if (!(std::isfinite(h.lon_deg) && h.lon_deg >= -180 && h.lon_deg <= 180))
    out.push_back({0, "home: longitude must be within [-180, 180] deg, got " + num_str(h.lon_deg)});
  if (!std::isfinite(h.alt_amsl_m))
    out.push_back({0, "home: altitude must be a finite number, got " + num_str(h.alt_amsl_m)});

  const int n = static_cast<int>(plan.items.size());
  for (int i = 0; i < n; ++i) {
    const MissionItem& it = plan.items[static_cast<std::size_t>(i)];
    ItemChecker c(it, out);
    if (it.seq != i + 1) {
      out.push_back({it.seq, "item " + std::to_string(i + 1) + ": seq is " +
                                 std::to_string(it.seq) + ", expected " + std::to_string(i + 1) +
                                 " (items are numbered 1, 2, 3, ... after the home position)"});
    }
    if (!is_supported_command(it.command)) {
      out.push_back({it.seq, "item " + std::to_string(it.seq) + ": command " +
                                 command_label(it.command) + " is not supported"});
      check_frame(it, c, out);
      continue;  // its params mean nothing to Kestrel
    }
    check_frame(it, c, out);
    check_params(it, n, c);
    if (command_has_location(it.command)) c.position();
  }

  // A landing sequence marked by DO_LAND_START must end in a landing.
  for (int i = 0; i < n; ++i) {
    if (plan.items[static_cast<std::size_t>(i)].command != mav_cmd::kDoLandStart) continue;
    const bool lands =
        std::any_of(plan.items.begin() + i + 1, plan.items.end(),
                    [](const MissionItem& m) { return m.command == mav_cmd::kNavLand; });
    if (!lands) {
      const int seq = plan.items[static_cast<std::size_t>(i)].seq;
      out.push_back({seq, "item " + std::to_string(seq) +
                              ": DO_LAND_START: no NAV_LAND follows it; a landing sequence must "
                              "end with NAV_LAND"});
    }
  }
  return out;
}

}  // namespace kestrel::mission
