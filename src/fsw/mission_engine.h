// The mission engine of the flight software: the sequencer that runs a mission inside AUTO. A
// mission is a list of MissionCommands compiled once, at upload, from either
//   - a MAVLink mission (mission::Plan: a QGroundControl .plan or WPL 110 file, or later the
//     link's mission protocol), checked by mission::validate_items() and by the engine's own
//     checks (check_plan below); a plan with any problem is refused whole, or
//   - the scenario file's mission list (fsw/mission.h), which the scenario loader has checked.
// Both become the same commands, so one engine flies both (docs/autopilot.md says why the list
// is not turned into MAVLink items: its racetrack and fuel exits have no MAVLink command).
//
// The engine keeps the mission's state (the navigation command being flown, the DO_JUMP
// counters, the DO and CONDITION commands waiting, the airspeed, home, ROI and camera state) and
// executes the commands that are not flown: DO_*, CONDITION_*. The autopilot (autopilot.h) flies
// the navigation command that current() names and calls nav_done() when its exit condition holds.
// As ArduPilot's AP_Mission does: the DO and CONDITION commands between two navigation commands
// run in order while the second one is flown (a CONDITION holds back the commands after it until
// it is met); those still waiting when that navigation command completes are dropped (an event
// says so). DO_JUMPs are followed when the sequence reaches them.
//
// Per step: no allocation, no string lookup (the queue and the counters are sized at load).
#pragma once

#include <Eigen/Core>
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "fsw/mission.h"
#include "fsw/site.h"
#include "mission/plan.h"

namespace kestrel {

// One mission command as the engine runs it: SI units, positions in the autopilot's local frame.
struct MissionCommand {
  enum class Kind : uint8_t {
    // Navigation commands: flown one at a time by the autopilot.
    kTakeoff,      // NAV_TAKEOFF, list takeoff: the take-off sequence, climb to the altitude
    kWaypoint,     // NAV_WAYPOINT, list waypoint: a straight leg to the point
    kLoiter,       // NAV_LOITER_UNLIM/TURNS/TIME, list loiter: circle the point; exits below
    kLoiterToAlt,  // NAV_LOITER_TO_ALT: circle the point until at its altitude
    kRacetrack,    // list racetrack: the reconnaissance orbit (no MAVLink command)
    kRtl,          // NAV_RETURN_TO_LAUNCH, list rtl: home at RTL_ALT
    kLand,         // NAV_LAND, list land: the landing sequence on the site's runway
    // Commands run between navigation commands (by the engine, while the next one is flown).
    kJump,          // DO_JUMP
    kChangeSpeed,   // DO_CHANGE_SPEED
    kSetHome,       // DO_SET_HOME
    kLandStart,     // DO_LAND_START: marks where a landing sequence starts (RTL_AUTOLAND)
    kRoi,           // DO_SET_ROI_LOCATION
    kRoiNone,       // DO_SET_ROI_NONE
    kDigicam,       // DO_DIGICAM_CONTROL
    kCamTriggDist,  // DO_SET_CAM_TRIGG_DIST
    kDelay,         // CONDITION_DELAY
    kDistance,      // CONDITION_DISTANCE
  };
  Kind kind = Kind::kWaypoint;
  int seq = 0;           // the item number the ground station shows: plan seq, or list index + 1
  uint16_t command = 0;  // MAV_CMD (the list's racetrack: 0, MAVLink has none)
  // Position (navigation commands, DO_SET_HOME, DO_SET_ROI_LOCATION, DO_LAND_START).
  bool has_position = false;
  Eigen::Vector2d ne = Eigen::Vector2d::Zero();  // [m] north/east of home, local frame
  double lat_deg = 0, lon_deg = 0;               // as given (0 for list items given north/east)
  double alt_m = 0;          // [m] above home (alt_relative) or above mean sea level
  bool alt_relative = true;  // MAV_FRAME_GLOBAL_RELATIVE_ALT(_INT) and the list's alt_m
  // Navigation.
  double acceptance_m = 0;  // waypoint: reached within this [m] (0: WP_RADIUS)
  double radius_m = 0;      // loiters, racetrack [m] (0: LOIT_RADIUS)
  int direction = 1;        // loiters, racetrack: +1 clockwise, -1 counter-clockwise
  // Loiter exits, the first that holds (none: for ever). Turns and time count on the circle.
  bool exit_on_turns = false, exit_on_time = false;
  double turns = 0;               // [-] fractions allowed
  double time_s = 0;              // [s] on station (the racetrack too)
  double until_fuel_kg = 0;       // leave when the fuel gauge reads this or less (0: no such exit)
  bool heading_required = false;  // leave on the tangent towards the next navigation command
  double airspeed_eas_mps = 0;    // the item's own airspeed (list items; 0: the defaults)
  double length_m = 0, axis_heading_rad = 0;  // racetrack: centre distance, axis true heading
  // DO and CONDITION commands.
  int jump_index = -1;  // DO_JUMP: the index of its target in the command list
  int repeat = 0;       // DO_JUMP: how many times it jumps (-1: for ever)
  // CONDITION_DELAY [s], CONDITION_DISTANCE [m], DO_CHANGE_SPEED [m/s EAS; -1: no change,
  // -2: back to the defaults], DO_SET_CAM_TRIGG_DIST [m; 0: stop], DO_DIGICAM_CONTROL: param5
  // (1: shoot), ROI: gimbal device id.
  double value = 0;
  bool flag = false;  // DO_SET_HOME: use the present position; DO_SET_CAM_TRIGG_DIST: trigger once
};

bool is_nav(MissionCommand::Kind k);

// What the engine needs to check a plan beyond validate_items(): today's parameter values.
struct MissionLimits {
  double loiter_radius_m = 500;  // LOIT_RADIUS (radius 0)
  double loiter_eas_mps = 35;    // ARSPD_LOITER: the minimum turn radius is checked at it
  double min_eas_mps = 31, max_eas_mps = 50;  // ARSPD_MIN, ARSPD_MAX: DO_CHANGE_SPEED's range
  double bank_max_rad = 0.5;                  // NPFG_BANK_MAX: the minimum turn radius
};

// The plan's problems: validate_items(), then what this flight software cannot fly (listed in
// docs/autopilot.md: NAV_LAND away from the runway, loiter circles tighter than the minimum turn
// radius, DO_CHANGE_SPEED other than airspeed, DO_JUMP loops without a navigation item, ...).
// Empty: `out` (if given) holds the compiled commands, one per item (index = seq - 1).
std::vector<mission::ItemProblem> compile_plan(const mission::Plan& plan, const AutopilotSite& site,
                                               const MissionLimits& limits,
                                               std::vector<MissionCommand>* out);

// The scenario file's mission list (checked by its loader), one command per item.
std::vector<MissionCommand> compile_list(const Mission& mission, const AutopilotSite& site);

// ---- Status -----------------------------------------------------------------------------------

// An announcement of the mission engine (the runner logs it as an event).
struct MissionEvent {
  double time_s = 0;  // [s] the autopilot's time
  int seq = 0;        // the item that made it (0: none)
  char text[80] = {};
};
inline constexpr int kMissionEventRing = 8;

// The mission's state, for the ground station, the log and the run summary. Written by the
// engine and (the progress of the navigation command) by the autopilot.
struct MissionStatus {
  int item_count = 0;            // items in the active mission
  bool from_plan = false;        // a MAVLink mission (else the scenario's list)
  int current_seq = 0;           // the item being flown: 1..N; 0 not started; N + 1 complete
  uint16_t current_command = 0;  // its MAV_CMD (0: none, or the list's racetrack)
  int items_done = 0;            // navigation items completed since the start (repeats count)
  bool complete = false;         // past the last item (circling the last point)
  // Progress of the current item; -1 where it does not apply.
  double distance_to_go_m = -1;  // legs: along the track to the point; loiters: to the circle
  double turns_done = -1;        // loiters: turns flown on the circle
  double time_left_s = -1;       // loiters and racetrack with a time exit: time left on station
  double height_to_go_m = 0;     // [m] the item's height minus the present one
  int condition_seq = 0;         // the CONDITION item holding back the ones after it (0: none)
  double condition_left = 0;     // its seconds or metres still to go
  // State of the DO commands.
  double airspeed_eas_mps = 0;  // DO_CHANGE_SPEED in force [m/s EAS] (0: the parameters)
  Eigen::Vector2d home_ne = Eigen::Vector2d::Zero();  // home (DO_SET_HOME moves it) [m]
  double home_height_m = 0;                           // ellipsoidal [m]
  bool roi_active = false;  // DO_SET_ROI_LOCATION in force (no payload yet: state only)
  Eigen::Vector2d roi_ne = Eigen::Vector2d::Zero();
  double roi_height_m = 0;            // ellipsoidal [m]
  double cam_trigger_distance_m = 0;  // DO_SET_CAM_TRIGG_DIST in force (0: off)
  int camera_shots = 0;               // DO_DIGICAM_CONTROL shoot commands (and trigger-once) seen
  // The last kMissionEventRing announcements: event k (0-based) is events[k % ring].
  uint32_t event_count = 0;
  std::array<MissionEvent, kMissionEventRing> events{};
};

// Where the aircraft is, for the engine's commands (CONDITION_DISTANCE, DO_SET_HOME current).
struct MissionContext {
  Eigen::Vector2d ne = Eigen::Vector2d::Zero();  // [m] local frame
  double height_m = 0;                           // ellipsoidal [m]
  double time_s = 0;
};

class MissionEngine {
 public:
  // The site: home at the local frame's origin, the geoid height for AMSL altitudes.
  void set_site(const AutopilotSite& site, MissionStatus& st);
  // Replaces the mission (allocates; not in flight steps) and resets its state: not started,
  // the DO_JUMP counters at zero, the airspeed back to the parameters, ROI and camera off. Home
  // stays where it is.
  void load(std::vector<MissionCommand> commands, bool from_plan, MissionStatus& st);

  int size() const { return static_cast<int>(cmds_.size()); }
  bool empty() const { return cmds_.empty(); }
  const MissionCommand& command(int i) const { return cmds_[static_cast<std::size_t>(i)]; }

  // Starts at command `index` (0: the mission's start; MISSION_SET_CURRENT; a DO_LAND_START):
  // walks to the first navigation command from there, following DO_JUMPs and queueing the DO
  // and CONDITION commands on the way.
  void start(int index, const MissionContext& c, MissionStatus& st);
  // The current navigation command is done: the same walk from the command after it.
  void nav_done(const MissionContext& c, MissionStatus& st);
  // Each step in AUTO: runs the queued DO and CONDITION commands that can run now.
  void update(const MissionContext& c, double dt_s, MissionStatus& st);

  bool started() const { return nav_ >= 0; }
  bool complete() const { return nav_ >= size(); }
  int current() const { return nav_; }        // -1: not started; size(): complete
  int next_nav() const { return next_nav_; }  // the navigation command after it (-1: none)
  int last_nav() const { return last_nav_; }  // the navigation command flown last (-1: none)
  // The first navigation command a start at `index` would fly (-1: none).
  int peek_nav(int index) const;
  // The DO_LAND_START to use from `ne`: the nearest by its position (or, at 0/0, by the first
  // positioned navigation command after it); -1 when the mission has none.
  int land_start(const Eigen::Vector2d& ne) const;

  // The ellipsoidal height [m] a command's altitude stands for, with home as it is now.
  double height_m(const MissionCommand& c, const MissionStatus& st) const;
  // The point a navigation command flies to (home for RTL) [m].
  Eigen::Vector2d point(const MissionCommand& c, const MissionStatus& st) const;

 private:
  void walk(int index, const MissionContext& c, MissionStatus& st);
  bool run_one(int index, const MissionContext& c, double dt_s, MissionStatus& st);

  std::vector<MissionCommand> cmds_;
  std::vector<int> jumps_done_;   // per command: times its DO_JUMP was taken
  std::vector<int> queue_;        // DO/CONDITION commands waiting (capacity reserved at load)
  std::vector<int> land_starts_;  // indices of the DO_LAND_STARTs
  std::size_t queue_head_ = 0;
  int walk_limit_ = 64;  // commands visited in one walk at most (a DO_JUMP loop guard)
  int nav_ = -1, next_nav_ = -1, last_nav_ = -1;
  double condition_elapsed_s_ = 0;  // time the queue head (a CONDITION_DELAY) has waited
  double geoid_height_m_ = 0;       // ellipsoid minus mean sea level at home (AMSL altitudes)
  friend class MissionEngineTestPeer;
};

// Adds an announcement to the status's ring (printf-style, truncated to fit; no allocation).
void mission_announce(MissionStatus& st, double time_s, int seq, const char* fmt, ...)
    __attribute__((format(printf, 4, 5)));

}  // namespace kestrel
