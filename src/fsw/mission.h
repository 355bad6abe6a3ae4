// Flight modes and the minimal mission of the flight software (issue 5): what the ground station
// (for now: the scenario file) gives the autopilot. Plain data; the mission engine with the
// QGroundControl formats replaces the mission list in a later issue.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace kestrel {

// Flight modes. The numbers are ArduPlane's custom_mode values where ArduPlane has the mode (so a
// ground station that knows ArduPlane names them right); LAND, a mission item in ArduPlane, gets
// the unused 9. docs/autopilot.md has the table.
enum class FlightMode : uint8_t {
  kManual = 0,     // surfaces and throttle from the sticks
  kStabilize = 2,  // bank and pitch from the sticks, throttle from the stick
  kCruise = 7,     // hold the ground course and height of the engagement, cruise airspeed
  kLand = 9,       // approach, flare, touchdown, rollout, stop, engine off
  kAuto = 10,      // fly the mission
  kRtl = 11,       // return home at the RTL height, then loiter or land (RTL_AUTOLAND)
  kLoiter = 12,    // circle here
  kTakeoff = 13,   // take off from the runway and climb to TKOFF_ALT, then loiter
  kGuided = 15,    // fly to the ground station's point and circle it
};

std::string_view to_string(FlightMode m);
// Parses a lower-case mode name ("manual", ..., "guided"); false when unknown.
bool parse_flight_mode(std::string_view name, FlightMode* out);

// One mission item. Positions are north/east metres from home, heights above home (the runway
// elevation): the flight software converts them with its own local frame.
struct MissionItem {
  enum class Kind : uint8_t {
    kTakeoff,    // take off, climb to alt_m on the runway heading, go on
    kWaypoint,   // fly a straight leg to (north, east) at alt_m
    kLoiter,     // circle (north, east), radius, direction; for time_s, turns or until fuel
    kRacetrack,  // reconnaissance orbit: two half circles joined by straight legs
    kRtl,        // return home (RTL mode's behaviour, inside AUTO)
    kLand,       // land on the runway (LAND mode's sequence)
  };
  Kind kind = Kind::kWaypoint;
  double north_m = 0, east_m = 0;  // waypoint, loiter centre, racetrack centre
  double alt_m = 0;                // height above home [m]
  double radius_m = 0;             // loiter, racetrack (0: the LOIT_RADIUS parameter)
  int direction = 1;               // +1 clockwise, -1 counter-clockwise
  double length_m = 0;             // racetrack: distance between its two circle centres
  double axis_heading_rad = 0;     // racetrack: true heading of its long axis
  // Exit conditions of loiter and racetrack (the first that holds; none: for ever).
  double time_s = 0;         // time on station, from the capture of the pattern [s] (0: none)
  double turns = 0;          // loiter: number of turns (0: none)
  double until_fuel_kg = 0;  // leave when the fuel gauge reads this or less (0: none)
  double airspeed_eas_mps = 0;  // 0: the item's default (cruise on legs, loiter speed on orbits)
};

struct Mission {
  std::vector<MissionItem> items;
};

}  // namespace kestrel
