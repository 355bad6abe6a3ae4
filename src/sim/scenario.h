// Scenario: what happens in a run (design.md §7) — the site, the aircraft and how each is
// controlled, the environment, an event timeline, the stop conditions and the seed. Loaded from a
// YAML file (scenario_file.h), validated once, constant during the run.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "airframe/vehicle.h"
#include "core/geodesy.h"
#include "fsw/mission.h"
#include "mission/plan.h"

namespace kestrel {

struct SiteParams {
  std::string name;
  Geodetic home;                  // home position (height = ground elevation AMSL)
  Geodetic runway_threshold;      // centre of the runway threshold, on the ground
  double runway_heading_rad = 0;  // true heading of the runway, from the threshold
  double runway_length_m = 0, runway_width_m = 0;
  double elevation_m = 0;  // ground (flat terrain) elevation AMSL
  Geodetic gdt;            // ground data terminal antenna base
  double gdt_mast_height_m = 0;
};

// Where an aircraft starts.
struct InitialStateSpec {
  enum class Kind { kParked, kAirborne };
  Kind kind = Kind::kParked;
  // Parked: at the runway threshold, on the runway heading (the fields below are ignored).
  // Airborne: trimmed wings-level flight at this position, altitude, heading and airspeed.
  double lat_rad = 0, lon_rad = 0, alt_amsl_m = 0;
  double heading_rad = 0;
  double airspeed_mps = 0;     // true airspeed
  bool engine_running = true;  // airborne only; engine_off: trimmed glide
};

// One row of a scripted control schedule: absolute commands from this time on, linear to the next
// row for the continuous channels, held for the discrete ones.
struct ScriptPoint {
  double time_s = 0;
  ControlInputs controls;
};

// The control source of an aircraft. The flight software and a MAVLink ground station arrive in
// later issues as further kinds; the runner asks the source for actuator commands at the control
// rate and never looks inside it.
// One leg of a heading-hold schedule: from time_s on, hold this heading and altitude.
struct HoldLeg {
  double time_s = 0;
  double heading_rad = 0;  // true heading
  double alt_amsl_m = 0;
};

// The autopilot control source (src/fsw/autopilot.h): the mode it starts in, its mission (the
// scenario's list, or a MAVLink plan file) and parameter values that differ from the defaults.
struct AutopilotSpec {
  FlightMode initial_mode = FlightMode::kAuto;
  Mission mission;                    // `mission:` (empty with a plan)
  std::optional<mission::Plan> plan;  // `plan: FILE`, read and checked by the loader
  std::string plan_path;              // the file it was read from
  std::vector<std::pair<std::string, double>> params;  // name, value (checked by the loader)
};

struct ControlSourceSpec {
  enum class Kind {
    kScript,       // scripted control inputs (absolute, or increments over the trim)
    kHeadingHold,  // control/heading_hold.h on the navigation estimate, trimmed throttle
    kAutopilot,    // the flight software's autopilot (fsw/autopilot.h) on the estimate
  };
  Kind kind = Kind::kScript;
  std::vector<ScriptPoint> script;       // kScript: sorted by time, at least one row
  bool script_relative_to_trim = false;  // airborne starts: rows are increments over the trim
  std::vector<HoldLeg> legs;             // kHeadingHold: sorted by time, the first at 0
  AutopilotSpec autopilot;               // kAutopilot
};

inline constexpr double kDgpsHorizontalDriftM = 0.4;  // 1 sigma, near the reference station
inline constexpr double kDgpsVerticalDriftM = 0.8;

struct ScenarioAircraft {
  std::string id;             // unique in the scenario, e.g. "uav1"
  std::string aircraft_name;  // as written in the file (name or path)
  AircraftParams aircraft;    // loaded and validated
  double fuel_kg = 0, payload_kg = 0;
  InitialStateSpec initial;
  ControlSourceSpec control;
  bool avionics = true;  // sensors and navigation filter on board (false: physics only)
  // Differential GNSS corrections from the ground station's reference receiver over the data link
  // (what automatic take-off and landing systems fly on): the receiver's slowly drifting error
  // shrinks to the DGPS residual (kDgpsHorizontalDriftM, kDgpsVerticalDriftM).
  bool gnss_corrections = false;
};

// What an event does when it fires.
struct EventAction {
  enum class Kind {
    kSetWind,        // replace the wind layers
    kSetTurbulence,  // change the turbulence level
    kAddGust,        // add a discrete 1-cosine gust (starts when the event fires)
    kFailEngine,     // the aircraft's engine fails (stops, cannot restart)
    kFuelLeak,       // the aircraft starts losing fuel at rate_kg_s
    kGnssOutage,     // the GNSS receiver loses its fix (for duration_s, or for good)
    kGnssDegrade,    // GNSS errors multiplied by factor (fewer satellites, higher DOP)
    kGnssJump,       // the GNSS position jumps by jump_ned_m and stays there
    kPitotBlock,     // the pitot probe blocks (total pressure frozen)
    kSensorFail,     // a sensor stops delivering samples
    kLinkLoss,       // the data link's uplink is cut (for duration_s, or for good)
    // Ground station commands to an aircraft flown by the autopilot:
    kSetMode,      // change the flight mode
    kGuided,       // fly to a point (enters GUIDED)
    kSticks,       // move the sticks (MANUAL, STABILIZE)
    kSetParam,     // set a parameter
  };
  enum class Sensor { kImu, kGnss, kBaro, kAirspeed, kMag };
  Kind kind = Kind::kSetWind;
  std::string aircraft_id;  // for aircraft events; empty for environment events
  WindParams wind;          // kSetWind
  TurbulenceLevel turbulence = TurbulenceLevel::kNone;  // kSetTurbulence
  Gust gust;                       // kAddGust (start_s is overwritten with the firing time)
  double rate_kg_s = 0;            // kFuelLeak
  double duration_s = 0;           // GNSS faults, link loss: how long; 0 = to the end of the run
  double factor = 1;               // kGnssDegrade
  Vec3 jump_ned_m = Vec3::Zero();  // kGnssJump
  Sensor sensor = Sensor::kGnss;   // kSensorFail
  FlightMode mode = FlightMode::kAuto;            // kSetMode
  double north_m = 0, east_m = 0, alt_m = 0;      // kGuided: from home, height above home
  double stick_roll = 0, stick_pitch = 0, stick_yaw = 0, stick_throttle = 0;  // kSticks
  std::string param_name;                         // kSetParam
  double param_value = 0;
};

// When an event fires: at a time, or the first time a condition on an aircraft holds.
struct EventTrigger {
  enum class Kind { kTime, kCondition };
  enum class Variable { kAltitudeAglM, kAirspeedMps, kFuelKg, kGroundSpeedMps, kGdtRangeM };
  enum class Comparison { kBelow, kAbove };
  Kind kind = Kind::kTime;
  double time_s = 0;        // kTime
  std::string aircraft_id;  // kCondition
  Variable variable = Variable::kAltitudeAglM;
  Comparison comparison = Comparison::kBelow;
  double value = 0;
};

struct EventSpec {
  std::string name;  // shown in logs and reports
  EventTrigger trigger;
  EventAction action;
};

struct StopConditions {
  double time_limit_s = 600;            // always present
  bool all_landed_and_stopped = false;  // stop when every aircraft has flown and stands still
  bool on_crash = true;                 // stop when any aircraft crashes
};

struct Scenario {
  std::string name;
  std::string description;
  std::string source_path;
  uint64_t seed = 1;
  SiteParams site;
  EnvironmentParams environment;           // ground_height_m = site elevation
  std::vector<ScenarioAircraft> aircraft;  // at least one
  std::vector<EventSpec> events;
  StopConditions stop;
};

}  // namespace kestrel
