// The pre-flight check of a mission plan against an aircraft and a site: can this plan be flown,
// and with how much fuel does it land? Checks every item and reports each finding with a
// severity (an error refuses the plan, a warning does not):
//
//   plan      validate_items(): unsupported commands and frames, params out of range (the
//             other checks need a valid plan and are not run when this one fails)
//   site      the plan's planned home against the site's home; a touchdown far from the runway
//   start     the plan starts with NAV_TAKEOFF (warning: without it, it can only be started aloft)
//   altitude  each flown altitude above the site's ground, within the fence's altitude band
//   ceiling   each flown altitude within the service ceiling at the mass the aircraft has there
//   turn      loiter radius >= the minimum turn radius at the loiter speed (+ wind) and the bank
//             limit (error); the fly-by turns at a leg's two ends fit in the leg (warning)
//   fence     every leg and loiter circle inside the geofence (error), clear of its margin
//             (warning); the fence itself valid
//   rally     rally points inside the fence and its altitude band
//   reach     on every leg the cruise airspeed beats the wind (error); loiter circles can be held
//   fuel      the route's fuel from take-off to landing, plus the reserve, within the fuel on
//             board (error naming the item where the reserve is reached)
//   jump      DO_JUMP loops expanded with their repeat counts; unlimited repeats and
//             NAV_LOITER_UNLIM end the fuel figures (warning)
//   end       the plan ends in NAV_LAND or NAV_RETURN_TO_LAUNCH (warning)
//   speed     DO_CHANGE_SPEED modelled (airspeed) or not (the other speed types: warning)
//   performance  the tables below malformed, or level flight that does not trim on a leg
//
// docs/mission-files.md ("Checking a plan before flight") has the route model and every
// assumption. In short: a steady wind, ISA, straight legs between the points the aircraft turns
// at, loiters entered at the point of the circle nearest the aircraft, climbs at the best-climb
// rate at full throttle, descents and legs at the cruise airspeed's level-flight fuel flow,
// loiters at the loiter airspeed's, the fuel flows at the mass of the moment.
//
// Layer: the flight software (it uses the geofence and the wind triangle of src/fsw, and the
// flight software's upload check is to run it) with the aircraft's performance as plain numbers
// (PlanPerformance): the flight software fills them from its parameters, the ground tools from
// the aircraft model's trims (analysis/plan_performance.h). Pure function of its inputs; it
// allocates (a check, not a step of the flight loop).
#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fsw/geofence.h"
#include "fsw/site.h"
#include "mission/plan.h"

namespace kestrel {

// ---- Inputs ------------------------------------------------------------------------------------

// The performance figures at one mass, on PlanPerformance's altitude and speed grids.
struct PlanPerfAtMass {
  double mass_kg = 0;
  double service_ceiling_m = 0;  // pressure altitude (AMSL in ISA) of 0.5 m/s best climb [m]
  // Per altitude (PlanPerformance::altitudes_m):
  std::vector<double> climb_rate_mps;        // best full-throttle climb rate [m/s] (<= 0: none)
  std::vector<double> climb_eas_mps;         // the equivalent airspeed it is flown at [m/s]
  std::vector<double> climb_fuel_flow_kg_h;  // fuel flow at full throttle there [kg/h]
  // level_fuel_flow_kg_h[i][j]: level flight at altitudes_m[i] and speeds_eas_mps[j] [kg/h];
  // +infinity where level flight does not trim (too slow, or beyond full power).
  std::vector<std::vector<double>> level_fuel_flow_kg_h;
};

struct PlanPerformance {
  std::string aircraft;        // name, for messages
  double cruise_eas_mps = 40;  // legs (ARSPD_CRUISE) [m/s]
  double loiter_eas_mps = 35;  // loiters (ARSPD_LOITER) [m/s]
  double min_eas_mps = 31;     // DO_CHANGE_SPEED is clamped to [min, max] (ARSPD_MIN/MAX)
  double max_eas_mps = 50;
  double bank_max_rad = 0.5236;        // the guidance's bank limit (NPFG_BANK_MAX) [rad]
  double loiter_radius_m = 500;        // a loiter with radius 0 flies this (LOIT_RADIUS) [m]
  double descent_rate_mps = 2;         // descent in NAV_LOITER_TO_ALT (TECS_SINK_MIN) [m/s]
  double zero_fuel_mass_kg = 350;      // empty + payload: the mass is this plus the fuel [kg]
  std::vector<double> altitudes_m;     // grid, ascending, >= 1 (AMSL = ISA pressure altitude)
  std::vector<double> speeds_eas_mps;  // grid, ascending, >= 1
  // Ascending mass, >= 1; the figures are interpolated linearly in mass, altitude and speed and
  // held beyond the grids' ends.
  std::vector<PlanPerfAtMass> masses;
};

// Checks that the tables have the shapes above and finite figures; the message names the field.
// check_plan() reports a malformed table as an error finding.
std::optional<std::string> validate_plan_performance(const PlanPerformance& perf);

// Where the plan is flown from.
struct PlanSite {
  std::string name;  // for messages ("" when the plan's own home is the site)
  double home_lat_deg = 0, home_lon_deg = 0;
  // Ground elevation at home, AMSL [m]: relative altitudes are above it (the aircraft is armed
  // here) and every flown altitude must be above it.
  double elevation_m = 0;
  struct Runway {
    double threshold_lat_deg = 0, threshold_lon_deg = 0;  // the take-off starts here
    double heading_rad = 0;                               // true
    double length_m = 0;
  };
  std::optional<Runway> runway;  // none: the take-off starts at home
};

struct PlanCheckOptions {
  double fuel_kg = 100;   // on board at engine start [kg]
  double reserve_kg = 7;  // to land with (BINGO_RESERVE_KG) [kg]
  // The steady wind assumed everywhere: the air mass's velocity, north and east [m/s] (the
  // direction it blows towards, as NavState's wind).
  Eigen::Vector2d wind_ne = Eigen::Vector2d::Zero();
  GeofenceParams fence;  // FENCE_ALT_MIN, FENCE_ALT_MAX (heights above home), FENCE_MARGIN
  // The expanded route (DO_JUMP loops) is walked for at most this many items; a plan beyond it is
  // refused (it cannot be checked).
  int max_steps = 1000000;
};

// A steady wind from a direction, as PlanCheckOptions::wind_ne.
Eigen::Vector2d wind_ne_from(double speed_mps, double from_rad);

// ---- Report ------------------------------------------------------------------------------------

enum class PlanSeverity : uint8_t { kWarning, kError };
std::string_view to_string(PlanSeverity s);  // "warning", "error"

struct PlanFinding {
  PlanSeverity severity = PlanSeverity::kError;
  int seq = 0;          // the item (0: the plan as a whole, its home, fence or rally points)
  std::string check;    // plan, site, start, altitude, ceiling, turn, fence, rally, reach, fuel,
                        // jump, end, speed, performance, options (the list at the top)
  std::string message;  // one line, starting "item N: " where it is about an item
};

// One plan item's share of the route, summed over the times the route passes it.
struct PlanItemReport {
  int seq = 0;
  uint16_t command = 0;
  std::optional<double> alt_amsl_m;  // the altitude it is flown at (items with a flown position)
  int passes = 0;                    // times the route flies it (DO_JUMP); 0: never reached
  double distance_m = 0;  // ground distance of the leg to it and of its loiter, all passes [m]
  double time_s = 0;      // [s]
  double fuel_kg = 0;     // fuel burnt on them (0 where the fuel figures have ended) [kg]
  // Fuel on board after its last counted pass [kg]; none for items that fly nothing (DO_,
  // CONDITION_) and for items after the end of the fuel figures.
  std::optional<double> fuel_after_kg;
};

struct PlanCheckReport {
  std::vector<PlanFinding> findings;  // in the order found: plan, site, fence, then the route
  std::vector<PlanItemReport> items;  // one per plan item, in seq order
  double takeoff_mass_kg = 0;
  double service_ceiling_m = 0;  // at the take-off mass
  double distance_m = 0;         // the route's ground distance [m]
  double time_s = 0;             // its duration [s]
  double fuel_used_kg = 0;       // to the end of the fuel figures [kg]
  // Fuel left at the end of the route: on landing when it ends in a landing or RTL [kg]. Only
  // when the fuel figures cover the whole route (fuel_complete).
  std::optional<double> landing_fuel_kg;
  bool fuel_complete = false;      // false: they end at an unlimited item, or were not computed
  int fuel_end_seq = 0;            // the last item the fuel figures cover (0: none)
  std::optional<int> reserve_seq;  // the item on whose way the fuel falls to the reserve
  std::optional<int> dry_seq;      // ... to zero
  int errors() const;
  int warnings() const;
  bool flyable() const { return errors() == 0; }
};

// A plan's geoFence (latitudes and longitudes) in a local frame: its shapes and its breach
// return point, as the flight software sets the fence up (Geofence::create checks it). Shared by
// the check below and the autopilot's upload.
GeofenceSpec geofence_spec(const mission::Geofence& fence, const LocalFrame& frame);

// The check. `plan` as read from a file (any content: invalid items are findings, not crashes).
PlanCheckReport check_plan(const mission::Plan& plan, const PlanPerformance& perf,
                           const PlanSite& site, const PlanCheckOptions& options);

}  // namespace kestrel
