// The autopilot application of the flight software: flight modes, the mission (sequenced by the
// mission engine, fsw/mission_engine.h, flown here), automatic take-off and landing, wired onto
// the control laws of src/control (attitude_control, tecs, path_guidance). One step per control
// tick (50 Hz) from the navigation estimate and the few other things a real autopilot reads
// (rangefinder, tachometer, fuel gauge, the ground station's sticks and commands); out come the
// actuator commands. It never sees the simulator's truth: src/fsw links kestrel_core,
// kestrel_nav, kestrel_control and kestrel_mission (plain mission data) only
// (tests/fsw_isolation_test.sh).
//
// Frames: a local tangent plane at home (fsw/site.h), heights ellipsoidal like the navigation
// estimate. Airspeed parameters are equivalent airspeeds (the stall speed is one); the autopilot
// converts them to true airspeed with the standard-atmosphere density at the barometric
// altitude.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "control/attitude_control.h"
#include "control/path_guidance.h"
#include "control/tecs.h"
#include "core/param.h"
#include "core/result.h"
#include "core/sensor_data.h"
#include "fsw/bingo.h"
#include "fsw/failsafe.h"
#include "fsw/geofence.h"
#include "fsw/glide.h"
#include "fsw/mission.h"
#include "fsw/mission_engine.h"
#include "fsw/plan_check.h"
#include "fsw/site.h"
#include "fsw/wind_profile.h"
#include "mission/plan.h"
#include "nav/nav_filter.h"

namespace kestrel {

struct AutopilotParams {
  // Airspeeds (equivalent) [m/s].
  double cruise_eas_mps = 40;      // legs, CRUISE, GUIDED
  double loiter_eas_mps = 35;      // loiters and orbits (best endurance, 65-75 kt)
  double stall_eas_mps = 27;       // clean stall at the maximum mass (searcher-facts §4.6)
  double max_mass_kg = 500;        // the mass ARSPD_STALL is quoted at
  double zero_fuel_mass_kg = 350;  // empty + payload (the fuel gauge adds the fuel)
  double min_eas_mps = 31;         // demand floor, ~1.15 stall
  double max_eas_mps = 50;         // demand ceiling
  double load_factor_max = 2.0;    // bank limit acos(1/n), and the stall margin in turns
  // Take-off.
  double takeoff_rotate_eas_mps = 30;  // rotation
  double takeoff_climb_eas_mps = 34;   // best climb (Vy 65-70 kt)
  double takeoff_pitch_rad = 0.14;     // rotation pitch (8 deg)
  double takeoff_safe_alt_m = 60;      // wings level, runway heading up to here (above home)
  double takeoff_alt_m = 300;          // TAKEOFF mode's target height above home
  double takeoff_bank_max_rad = 0.17;  // bank limit below the safe height (10 deg)
  double engine_start_rpm = 1500;      // the engine runs above this
  double engine_runup_rpm = 5000;      // engine check: full-throttle static rpm at least
  double engine_warmup_s = 3;          // at idle after the start
  double engine_runup_s = 3;           // full power on the brakes before the release
  // Ground steering (take-off and landing roll): nosewheel and rudder on the centreline.
  double steer_xtrack_rad_m = 0.02;  // nosewheel per metre off the centreline
  double steer_heading_gain = 1.0;   // nosewheel per rad of heading error
  double steer_yaw_rate_gain = 0.3;  // nosewheel per rad/s of yaw rate
  double steer_max_rad = 0.3;        // nosewheel demand limit
  double rudder_per_steer = 1.5;     // rudder per rad of nosewheel demand (at any speed)
  // Landing.
  double land_slope_rad = 0.0524;     // glide slope (3 deg)
  double land_speed_ratio = 1.3;      // approach speed over the stall speed at the present mass
  double land_aim_m = 200;            // aim point past the threshold
  double land_gp_offset_m = 40;       // glide path meets the ground this far before the aim point
  double land_final_m = 2500;         // length of the final approach (FAF to aim point)
  double land_loiter_radius_m = 400;  // the loiter-to-altitude circle tangent to the final
  double land_flare_height_m = 12;    // flare starts here (rangefinder height)
  double land_flare_tau_s = 2.5;      // sink demand = height / tau in the flare
  double land_touchdown_sink_mps = 0.25;   // sink demand floor in the flare
  double land_flare_pitch_max_rad = 0.17;  // pitch limit in the flare
  double land_flare_p = 0.1;               // flare pitch per m/s of sink-rate error [rad/(m/s)]
  double land_flare_i = 0.05;              // flare pitch integral [rad/m]
  double land_flare_slew_rad_s = 0.2;      // pitch demand slew in the flare
  double land_decision_height_m = 30;      // the stabilised-approach check happens here
  double land_ga_xtrack_m = 8;             // go around when further off the centreline
  double land_ga_height_m = 8;             // ... or further off the glide path
  double land_ga_speed_mps = 5;            // ... or further off the approach speed
  double land_ga_alt_m = 150;              // go-around climbs to this height above home
  double land_ga_sink_mps = 2.5;           // below DH: go around when sinking this much faster
                                           // than the glide path
  double land_brake_decel_mps2 = 1.5;      // rollout deceleration with the brakes
  double land_crab_removal = 0.0;          // fraction of the crab angle removed in the flare
  double land_guidance_period_s = 12;      // NPFG period on the final (tighter than en route)
  double land_flare_bank_max_rad = 0.17;   // bank limit in the flare (wingtip clearance)
  // The energy loop on the approach and final: its own speed weight and airspeed gain (as
  // ArduPilot's TECS_LAND_SPDWGT): en route speed is weighted up (TECS_SPDWEIGHT), but on the
  // glide path the height matters as much.
  double land_speed_weight = 1.0;
  double land_tas_gain_per_s = 0.2;
  // Navigation.
  double loiter_radius_m = 500;    // LOITER, GUIDED and RTL circles
  double rtl_alt_m = 500;          // RTL height above home
  double engage_fade_s = 1.0;      // bumpless engagement: the surface offset fades over this
  double climb_full_power_m = 60;  // climbs further than this are flown at full power, Vy
  double rtl_autoland = 0;         // 0: RTL loiters at home; 1: lands after arriving (the
                                   // mission's DO_LAND_START sequence if it has one); 2: goes
                                   // straight to the DO_LAND_START sequence
  double waypoint_radius_m = 150;  // a waypoint counts as reached within this distance
  // Engine and installation.
  double throttle_idle_fraction = 0.18;  // closed-throttle power / full power (engine data)
  double power_lapse_b = 0.12;           // full power = (sigma - b) / (1 - b) (engine data)
  double rangefinder_ground_m = 0.6;     // rangefinder reading on the ground (installation)
  double rangefinder_max_m = 40;         // use the rangefinder below this
};

inline const std::array<ParamDecl<AutopilotParams>, 58> kAutopilotParams = {{
    {{"ARSPD_CRUISE", "m/s", 30.0, 60.0, "Cruise equivalent airspeed (legs, CRUISE, GUIDED)"},
     &AutopilotParams::cruise_eas_mps},
    {{"ARSPD_LOITER", "m/s", 28.0, 60.0, "Loiter and orbit equivalent airspeed"},
     &AutopilotParams::loiter_eas_mps},
    {{"ARSPD_STALL", "m/s", 15.0, 40.0, "Stall equivalent airspeed, wings level"},
     &AutopilotParams::stall_eas_mps},
    {{"MASS_MAX_KG", "kg", 50.0, 5000.0, "Mass at which ARSPD_STALL is quoted"},
     &AutopilotParams::max_mass_kg},
    {{"MASS_ZFW_KG", "kg", 50.0, 5000.0, "Zero-fuel mass: empty plus payload (mission data)"},
     &AutopilotParams::zero_fuel_mass_kg},
    {{"ARSPD_MIN", "m/s", 20.0, 45.0, "Airspeed demand floor (never commanded below)"},
     &AutopilotParams::min_eas_mps},
    {{"ARSPD_MAX", "m/s", 35.0, 60.0, "Airspeed demand ceiling"}, &AutopilotParams::max_eas_mps},
    {{"LIM_LOAD_MAX", "g", 1.2, 4.0, "Load factor limit (bank limit and stall margin)"},
     &AutopilotParams::load_factor_max},
    {{"TKOFF_ROT_SPD", "m/s", 20.0, 45.0, "Rotation airspeed"},
     &AutopilotParams::takeoff_rotate_eas_mps},
    {{"TKOFF_CLMB_SPD", "m/s", 25.0, 50.0, "Climb-out airspeed (best climb)"},
     &AutopilotParams::takeoff_climb_eas_mps},
    {{"TKOFF_PITCH", "rad", 0.0, 0.35, "Rotation pitch"}, &AutopilotParams::takeoff_pitch_rad},
    {{"TKOFF_SAFE_ALT", "m", 10.0, 500.0, "Wings level on the runway heading up to this height"},
     &AutopilotParams::takeoff_safe_alt_m},
    {{"TKOFF_ALT", "m", 20.0, 5000.0, "TAKEOFF mode's target height above home"},
     &AutopilotParams::takeoff_alt_m},
    {{"TKOFF_BANK_MAX", "rad", 0.0, 0.5, "Bank limit below the safe height"},
     &AutopilotParams::takeoff_bank_max_rad},
    {{"ENG_START_RPM", "rpm", 500.0, 4000.0, "The engine counts as running above this"},
     &AutopilotParams::engine_start_rpm},
    {{"ENG_RUNUP_RPM", "rpm", 1000.0, 8000.0, "Engine check: static full-power rpm at least"},
     &AutopilotParams::engine_runup_rpm},
    {{"ENG_WARMUP_S", "s", 0.0, 600.0, "Idle time after the start"},
     &AutopilotParams::engine_warmup_s},
    {{"ENG_RUNUP_S", "s", 0.0, 60.0, "Full power on the brakes before the release"},
     &AutopilotParams::engine_runup_s},
    {{"GND_STR_XTRK", "rad/m", 0.0, 0.2, "Nosewheel per metre off the centreline"},
     &AutopilotParams::steer_xtrack_rad_m},
    {{"GND_STR_HDG", "rad/rad", 0.0, 5.0, "Nosewheel per radian of heading error"},
     &AutopilotParams::steer_heading_gain},
    {{"GND_STR_RATE", "rad/(rad/s)", 0.0, 2.0, "Nosewheel per rad/s of yaw rate"},
     &AutopilotParams::steer_yaw_rate_gain},
    {{"GND_STR_MAX", "rad", 0.05, 0.6, "Nosewheel demand limit"}, &AutopilotParams::steer_max_rad},
    {{"GND_RUD_STR", "rad/rad", 0.0, 5.0, "Rudder per radian of nosewheel demand"},
     &AutopilotParams::rudder_per_steer},
    {{"LAND_SLOPE", "rad", 0.035, 0.1, "Glide slope"}, &AutopilotParams::land_slope_rad},
    {{"LAND_SPD_RATIO", "-", 1.1, 1.8, "Approach speed over the stall speed at the present mass"},
     &AutopilotParams::land_speed_ratio},
    {{"LAND_AIM", "m", 0.0, 2000.0, "Aim point past the threshold"}, &AutopilotParams::land_aim_m},
    {{"LAND_GP_OFFS", "m", -200.0, 200.0, "Glide path meets the ground this far before the aim"},
     &AutopilotParams::land_gp_offset_m},
    {{"LAND_FINAL", "m", 800.0, 10000.0, "Final approach length (FAF to aim point)"},
     &AutopilotParams::land_final_m},
    {{"LAND_LOIT_RAD", "m", 150.0, 2000.0, "Radius of the approach loiter tangent to the final"},
     &AutopilotParams::land_loiter_radius_m},
    {{"LAND_FLARE_H", "m", 1.0, 20.0, "Flare height (rangefinder)"},
     &AutopilotParams::land_flare_height_m},
    {{"LAND_FLARE_TAU", "s", 0.5, 10.0,
      "Flare: sink demand at most the touchdown sink plus height over this"},
     &AutopilotParams::land_flare_tau_s},
    {{"LAND_TD_SINK", "m/s", 0.1, 2.0, "Sink demand floor in the flare"},
     &AutopilotParams::land_touchdown_sink_mps},
    {{"LAND_FLR_PMAX", "rad", 0.0, 0.35, "Pitch limit in the flare"},
     &AutopilotParams::land_flare_pitch_max_rad},
    {{"LAND_FLR_P", "rad/(m/s)", 0.0, 0.5, "Flare pitch per m/s of sink-rate error"},
     &AutopilotParams::land_flare_p},
    {{"LAND_FLR_I", "rad/m", 0.0, 0.5, "Flare pitch per metre of integrated sink-rate error"},
     &AutopilotParams::land_flare_i},
    {{"LAND_FLR_SLEW", "rad/s", 0.05, 1.0, "Pitch demand slew rate in the flare"},
     &AutopilotParams::land_flare_slew_rad_s},
    {{"LAND_DH", "m", 5.0, 200.0, "Decision height of the stabilised-approach check"},
     &AutopilotParams::land_decision_height_m},
    {{"LAND_GA_XTRK", "m", 1.0, 100.0, "Go around when further off the centreline at DH"},
     &AutopilotParams::land_ga_xtrack_m},
    {{"LAND_GA_HGT", "m", 1.0, 100.0, "Go around when further off the glide path at DH"},
     &AutopilotParams::land_ga_height_m},
    {{"LAND_GA_SPD", "m/s", 1.0, 20.0, "Go around when further off the approach speed at DH"},
     &AutopilotParams::land_ga_speed_mps},
    {{"LAND_GA_SINK", "m/s", 0.5, 10.0, "Below DH: go around when sinking this much too fast"},
     &AutopilotParams::land_ga_sink_mps},
    {{"LAND_GA_ALT", "m", 50.0, 2000.0, "Go-around climb height above home"},
     &AutopilotParams::land_ga_alt_m},
    {{"LAND_BRK_DEC", "m/s/s", 0.2, 5.0, "Rollout deceleration with the wheel brakes"},
     &AutopilotParams::land_brake_decel_mps2},
    {{"LAND_DECRAB", "-", 0.0, 1.0, "Fraction of the crab angle removed in the flare"},
     &AutopilotParams::land_crab_removal},
    {{"LAND_NPFG_PER", "s", 5.0, 40.0, "Guidance period on the final approach and flare"},
     &AutopilotParams::land_guidance_period_s},
    {{"LAND_FLR_BANK", "rad", 0.02, 0.3, "Bank limit in the flare (wingtip clearance)"},
     &AutopilotParams::land_flare_bank_max_rad},
    {{"LAND_SPDWEIGHT", "-", 0.0, 2.0, "TECS speed weight on the approach and final"},
     &AutopilotParams::land_speed_weight},
    {{"LAND_SPD_GAIN", "1/s", 0.05, 1.0, "TECS airspeed gain on the approach and final"},
     &AutopilotParams::land_tas_gain_per_s},
    {{"LOIT_RADIUS", "m", 100.0, 5000.0, "Radius of LOITER, GUIDED and RTL circles"},
     &AutopilotParams::loiter_radius_m},
    {{"CLMB_FULL_M", "m", 10.0, 2000.0, "Climbs further than this: full power at best climb"},
     &AutopilotParams::climb_full_power_m},
    {{"ATT_FADE_S", "s", 0.1, 10.0, "Engagement: surface offsets fade out over this time"},
     &AutopilotParams::engage_fade_s},
    {{"RTL_ALT", "m", 50.0, 5000.0, "RTL height above home"}, &AutopilotParams::rtl_alt_m},
    {{"RTL_AUTOLAND", "-", 0.0, 2.0,
      "0: RTL loiters; 1: lands after arriving (DO_LAND_START sequence if any); 2: goes to the "
      "DO_LAND_START sequence at once"},
     &AutopilotParams::rtl_autoland},
    {{"WP_RADIUS", "m", 10.0, 2000.0, "A waypoint counts as reached within this distance"},
     &AutopilotParams::waypoint_radius_m},
    {{"THR_IDLE_FRAC", "-", 0.0, 0.5, "Closed-throttle power as a fraction of full power"},
     &AutopilotParams::throttle_idle_fraction},
    {{"THR_LAPSE_B", "-", 0.0, 0.3, "Engine power lapse: (sigma - b) / (1 - b)"},
     &AutopilotParams::power_lapse_b},
    {{"RNGFND_GND_M", "m", 0.0, 5.0, "Rangefinder reading with the aircraft on the ground"},
     &AutopilotParams::rangefinder_ground_m},
    {{"RNGFND_MAX_M", "m", 5.0, 200.0, "Use the rangefinder below this reading"},
     &AutopilotParams::rangefinder_max_m},
}};

// The ground station's sticks (MANUAL, STABILIZE): -1..1, throttle 0..1.
struct Sticks {
  double roll = 0, pitch = 0, yaw = 0;  // right, nose up (pull), nose right
  double throttle = 0;
};

struct AutopilotInput {
  const NavState* nav = nullptr;
  RangefinderSample range;  // latest (valid false when none)
  EngineSample engine;      // latest
  double time_s = 0;
  // Time since the last valid uplink message from the ground station [s] (the data link; the
  // failsafes' link-loss stages read it).
  double uplink_age_s = 0;
};

// Actuator commands (ControlInputs' units and signs, docs/frames.md).
struct ActuatorCommands {
  double elevator_rad = 0, aileron_rad = 0, rudder_rad = 0, flap_rad = 0;
  double throttle = 0, brake_left = 0, brake_right = 0, nosewheel_rad = 0;
  bool ignition = false, starter = false;
};

// Sub-phases of take-off and landing (and of the mission), for the log and the summary.
enum class FlightPhase : uint8_t {
  kNone = 0,
  kEngineStart = 1,
  kWarmup = 2,
  kRunup = 3,
  kTakeoffRoll = 4,
  kRotate = 5,
  kClimbOut = 6,
  kApproach = 10,
  kFinal = 11,
  kFlare = 12,
  kRollout = 13,
  kGoAround = 14,
  kLanded = 15,
  kAborted = 20,
  // Engine out (the failsafe's glide): best glide to the chosen site's key point on the extended
  // centreline, the descending circle there, the dead-stick final (then kFlare, kRollout and
  // kLanded as in a powered landing); or the glide to the flight termination area.
  kGlide = 30,
  kDeadStickSpiral = 31,
  kDeadStickFinal = 32,
  kTerminate = 33,
};
std::string_view to_string(FlightPhase p);

// A failsafe's announcement: the stage change, when, and the action governing after it.
struct FailsafeNote {
  double time_s = 0;
  FailsafeKind kind = FailsafeKind::kLink;
  FailsafeAction action = FailsafeAction::kNone;
  const char* text = "";  // fixed text (failsafe.cc), e.g. "failsafe: link lost (short): orbiting"
};
inline constexpr int kFailsafeRing = 16;

// The engine-out glide as predicted when it began: from the failure point to the site's key
// point (where the dead-stick approach circles down), in the estimated wind (glide.h), less the
// height the speed above the glide speed is worth. The runner compares it with the height the
// aircraft really lost on the way (the acceptance's "prediction within 10 %").
struct GlidePrediction {
  bool valid = false;  // an engine-out glide to a site was chosen
  double start_time_s = 0;
  Eigen::Vector2d start_ne = Eigen::Vector2d::Zero();   // where the engine failed (estimate)
  Eigen::Vector2d target_ne = Eigen::Vector2d::Zero();  // the key point [m] north, east of home
  double start_height_m = 0;                            // above home, at the failure
  double distance_m = 0;                                // start to target
  double predicted_loss_m = 0;                          // height lost on the way, predicted
  double predicted_arrival_m = 0;  // height above home over the key point, predicted
};

// What the autopilot is doing, for the log and the runner's metrics.
struct AutopilotStatus {
  FlightMode mode = FlightMode::kManual;
  FlightPhase phase = FlightPhase::kNone;
  int mission_index = -1;  // AUTO: index of the mission command being flown (-1: not started;
                           // the mission's size once it is complete)
  MissionStatus mission;   // the mission engine: current item, progress, DO state, events
  // The path being followed (local NE metres from home), for the tracking figures.
  enum class Path : uint8_t { kNone, kStraight, kCircle } path = Path::kNone;
  bool path_captured = false;  // on the path (the capture transient is over)
  Eigen::Vector2d path_a = Eigen::Vector2d::Zero(), path_b = Eigen::Vector2d::Zero();
  double path_radius_m = 0;
  int path_direction = 1;
  // Demands.
  double height_demand_m = 0;  // ellipsoidal, before TECS shaping
  double tas_demand_mps = 0;
  double roll_demand_rad = 0, pitch_demand_rad = 0;
  bool tecs_active = false, guidance_active = false;
  TecsOutput tecs;
  PathGuidanceOutput guidance;
  AttitudeControlOutput attitude;
  int go_arounds = 0;
  char go_around_reason[64] = {};  // why the last go-around was flown
  bool engine_check_failed = false;
  // The staged failsafes (fsw/failsafe.h): stages and the governing action, as telemetry.
  FailsafeStatus failsafe;
  // Their announcements (stage changes), a ring of the last kFailsafeRing: the runner and the
  // link read the new ones by failsafe_event_count.
  std::array<FailsafeNote, kFailsafeRing> failsafe_events{};
  uint32_t failsafe_event_count = 0;
  GlidePrediction glide;  // the engine-out glide's prediction (valid once one is flown)
};

class Autopilot {
 public:
  Autopilot() = default;
  // Site, mission (the scenario file's list; may be empty, then upload_plan()) and the mode to
  // start in (AUTO with a take-off first for a parked start).
  Autopilot(const AutopilotSite& site, const Mission& mission, FlightMode initial_mode);

  // Mission upload (MAVLink items): checked whole (mission::validate_items() and the engine's
  // own checks, compile_plan()); any problem refuses it with the list of problems (one per
  // line in the error), and the active mission stays as it was. Accepted, it replaces the
  // active mission, and AUTO flies it from its first item (at once when in AUTO). Returns the
  // number of items. Allocates: not for the flight loop.
  Result<int> upload_plan(const mission::Plan& plan);
  // The problems upload_plan() would report, with today's parameters (empty: accepted).
  std::vector<mission::ItemProblem> check_plan(const mission::Plan& plan) const;
  // MISSION_SET_CURRENT: AUTO goes on from item `seq` (1..N), at once when in AUTO.
  Result<int> set_mission_current(int seq);
  // The parameter values an uploaded plan is checked against.
  MissionLimits mission_limits() const;
  const MissionEngine& mission_engine() const { return engine_; }

  // One control step. Non-finite estimates hold the last commands.
  ActuatorCommands step(const AutopilotInput& in, double dt_s);

  // Ground station commands. A mode change that does not make sense now (MANUAL-only modes
  // without sticks are fine; TAKEOFF in the air, AUTO without a mission) is refused with a reason
  // and changes nothing.
  Result<FlightMode> set_mode(FlightMode m);
  void set_guided_target(double north_m, double east_m, double alt_m);  // enters GUIDED
  void set_sticks(const Sticks& s) { sticks_ = s; }
  // The actuator commands in force when the autopilot takes over (an airborne start's trim), so
  // that it engages bumplessly.
  void set_current_commands(const ActuatorCommands& c) { last_ = c; }
  Result<double> set_param(std::string_view name, double value);
  Result<double> get_param(std::string_view name) const;

  const AutopilotStatus& status() const { return st_; }
  const AutopilotParams& params() const { return p_; }
  AttitudeControlParams& attitude_params() { return att_p_; }
  TecsParams& tecs_params() { return tecs_p_; }
  PathGuidanceParams& guidance_params() { return npfg_p_; }
  // The failsafes' parameters (geofence.h, glide.h, bingo.h): held and set by name here, so that
  // the ground station and the scenario reach them like the rest. Nothing in the autopilot reads
  // them yet: the failsafe state machine will.
  GeofenceParams& geofence_params() { return fence_p_; }
  FailsafeParams& failsafe_params() { return fs_.params(); }
  // The aircraft's performance tables (analysis/plan_performance.h builds them from the aircraft
  // file): with them an upload is also checked as `kestrel plan check` checks a plan (fuel on
  // board from the gauge, the reserve, the estimated wind, the ceiling, the fence); a plan it
  // finds unflyable is refused with its reasons. Without them only the item checks run.
  // The fuel gauge's reading before the first step (power-up): the upload's fuel check uses the
  // gauge's last reading, and without one leaves the fuel out.
  void set_fuel_gauge_kg(double kg) { last_fuel_kg_ = kg; }
  void set_plan_performance(std::shared_ptr<const PlanPerformance> perf) {
    perf_ = std::move(perf);
  }
  // The geofence and rally points in force (from the last accepted plan).
  const Geofence& geofence() const { return fence_; }
  int rally_point_count() const { return rally_count_; }
  GlideParams& glide_params() { return glide_p_; }
  BingoParams& bingo_params() { return bingo_p_; }
  // The wind by height the estimate has seen (the engine-out glide's prediction uses it).
  const WindProfile& wind_profile() const { return wind_prof_; }
  // Local NE [m] of a geodetic position (the autopilot's frame).
  Eigen::Vector2d local_ne(double lat_rad, double lon_rad) const;
  double home_height_m() const { return site_.home_height_m; }
  // The runway's aim point and direction in the local frame.
  Eigen::Vector2d aim_point_ne() const { return aim_ne_; }
  Eigen::Vector2d runway_dir_ne() const { return rwy_u_; }
  Eigen::Vector2d threshold_ne() const { return thr_ne_; }

 private:
  struct Est;  // the per-step view of the estimate (autopilot.cc)
  void enter_mode(FlightMode m, const Est& e);
  void fly_mode(const Est& e, ActuatorCommands& out, double dt_s);
  // Mission execution (the engine sequences, these fly the navigation command it names).
  MissionContext mission_context(const Est& e) const;
  void begin_nav(const Est& e, bool resume);  // resume: keep the item's progress
  void begin_circle(const Est& e, const MissionCommand& it);
  void fly_item(const Est& e, ActuatorCommands& out, double dt_s);
  bool loiter_step(const Est& e, const MissionCommand& it, ActuatorCommands& out, double dt_s);
  bool racetrack_step(const Est& e, const MissionCommand& it, ActuatorCommands& out, double dt_s);
  double mission_eas(const MissionCommand& it, double default_eas) const;
  double circle_radius(const MissionCommand& it) const;
  bool rtl_step(const Est& e, ActuatorCommands& out, double dt_s);
  // Shared behaviours.
  void set_path_straight(const Eigen::Vector2d& a, const Eigen::Vector2d& b);
  void set_path_circle(const Eigen::Vector2d& c, double radius_m, int dir);
  PathGuidanceInput guidance_input(const Est& e) const;
  double guide(const Est& e, double period_s = 0);  // period 0: NPFG_PERIOD
  // glide: no thrust (engine out): the pitch holds the speed, the height demand is ignored.
  double fly_tecs(const Est& e, double height_m, double eas_mps, bool climbout, double dt_s,
                  bool glide = false);
  void fly_attitude(const Est& e, double roll_rad, double pitch_rad, double bank_limit,
                    ActuatorCommands& out, double dt_s);
  void fly_path(const Est& e, double height_m, double eas_mps, bool climbout, double bank_limit,
                ActuatorCommands& out, double dt_s, double guidance_period_s = 0);
  void fly_to_and_circle(const Est& e, const Eigen::Vector2d& target, double height_m,
                         double radius_m, int dir, double leg_eas_mps, double circle_eas_mps,
                         ActuatorCommands& out, double dt_s);
  bool takeoff_step(const Est& e, double target_height_m, ActuatorCommands& out, double dt_s);
  bool land_step(const Est& e, ActuatorCommands& out, double dt_s);  // true: landed, stopped
  void start_landing(const Est& e, bool straight_in = false);
  bool sink_too_high(const Est& e);
  void ground_steer(const Est& e, ActuatorCommands& out);
  double power_to_throttle(const Est& e, double power_fraction) const;
  double power_lapse(const Est& e) const;  // full power at this density / sea-level rating
  double tas_of_eas(const Est& e, double eas) const;
  // Stall and approach equivalent airspeeds at the present mass (zero-fuel mass + fuel gauge).
  double stall_eas(const Est& e) const;
  double approach_eas(const Est& e) const;

  AutopilotParams p_;
  AttitudeControlParams att_p_;
  TecsParams tecs_p_;
  PathGuidanceParams npfg_p_;
  GeofenceParams fence_p_;
  GlideParams glide_p_;
  BingoParams bingo_p_;
  AttitudeControlState att_s_;
  TecsState tecs_s_;
  AutopilotSite site_;
  MissionEngine engine_;
  Sticks sticks_;
  AutopilotStatus st_;
  ActuatorCommands last_;
  // Local frame.
  LocalFrame frame_;
  Eigen::Vector2d thr_ne_ = Eigen::Vector2d::Zero(), rwy_u_ = Eigen::Vector2d(1, 0),
                  aim_ne_ = Eigen::Vector2d::Zero();
  // Mode memory.
  FlightMode pending_mode_ = FlightMode::kManual;
  bool have_pending_mode_ = false;
  bool need_att_reset_ = true, need_tecs_reset_ = true;     // engage bumplessly on the next use
  double roll_dem_ = 0, pitch_dem_ = 0, pitch_target_ = 0;  // slewed attitude demands
  double pitch_slew_rad_s_ = 0;  // > 0: this step's pitch demand slew instead of the default
  double fade_ail_ = 0, fade_elev_ = 0, fade_rud_ = 0;  // engagement offsets, fading
  // Functions of parameters and the step, kept with the values they were computed for (a library
  // call per step otherwise): the load-factor bank limit, the engagement offsets' fade per step.
  double load_bank_for_n_ = -1, load_bank_rad_ = 0;
  double fade_for_dt_s_ = -1, fade_for_tau_s_ = -1, fade_per_step_ = 1;
  double phase_time_s_ = 0;
  ActuatorCommands manual_base_;  // MANUAL/STABILIZE: commands at the engagement
  Sticks sticks_base_;
  double stab_pitch_base_rad_ = 0;
  Eigen::Vector2d hold_a_ = Eigen::Vector2d::Zero(), hold_b_ = Eigen::Vector2d::Zero();
  double hold_height_m_ = 0;
  double end_radius_m_ = 0;  // the circle flown after the last mission item
  int end_direction_ = 1;
  Eigen::Vector2d guided_ne_ = Eigen::Vector2d::Zero();
  double guided_alt_m_ = 0;
  bool have_guided_ = false;
  Eigen::Vector2d leg_start_ = Eigen::Vector2d::Zero();
  // Mission memory.
  bool auto_start_pending_ = false;  // AUTO at power-up: start the mission at the first step
  int pending_start_index_ = -1;     // AUTO starts (or goes on) at this command (-1: resume)
  bool prev_wp_valid_ = false;       // the last navigation command was a waypoint, here:
  Eigen::Vector2d prev_wp_ne_ = Eigen::Vector2d::Zero();  // (the next leg starts from it)
  int racetrack_segment_ = 0;
  double loiter_angle_accum_rad_ = 0, loiter_last_angle_rad_ = 0;  // signed, in the direction
  bool on_station_ = false;  // counting turns and time on the circle
  double station_time_s_ = 0;
  bool on_circle_ = false;  // loiters: the entry leg is behind (or was not needed)
  Eigen::Vector2d entry_ne_ = Eigen::Vector2d::Zero();  // the entry leg's tangent point
  bool exit_valid_ = false;    // heading required: leave at exit_angle_ (towards the next leg)
  double exit_angle_rad_ = 0;  // polar angle of the exit point about the centre
  bool exit_armed_ = false;    // the loiter's exit condition has held
  Eigen::Vector2d climb_origin_ne_ = Eigen::Vector2d::Zero();  // the climb-out's path origin
  // Take-off and landing memory.
  double phase_hold_s_ = 0;  // how long a phase's exit condition has held
  double flare_pitch_base_ = 0, flare_integrator_ = 0;
  double rollout_pitch_ = 0, brake_ = 0;
  int land_dir_ = 1;  // approach loiter direction
  bool dh_checked_ = false;
  double tas_rate_lp_ = 0;
  double sink_lp_climb_mps_ = 0;           // climb rate low-passed over 1 s
  double sigma_alt_m_ = -1e9, sigma_ = 1;  // density ratio and the altitude it was computed at
  double nav_accel_x_ = 0;                 // estimated specific force along the body x axis
  bool was_flying_ = false;
  bool climbing_ = false;   // a long climb at full power (CLMB_FULL_M)
  bool nav_ready_ = false;  // the estimate has had a trusted position
  // Failsafes (autopilot_failsafe.cc).
  void failsafe_step(const Est& e, const NavState& nav, const AutopilotInput& in, double dt_s);
  bool fly_failsafe(const Est& e, ActuatorCommands& out, double dt_s);  // false: none governs
  void begin_failsafe(const Est& e, FailsafeAction from, FailsafeAction to);
  void glide_step(const Est& e, ActuatorCommands& out, double dt_s);
  void terminate_step(const Est& e, ActuatorCommands& out, double dt_s);
  double speed_to_fly(const Est& e, const Eigen::Vector2d& dir) const;
  void fly_glide_path(const Est& e, double eas_mps, double bank_limit, ActuatorCommands& out,
                      double dt_s);
  GlideSiteResult glide_reach(const Est& e, const Eigen::Vector2d& target) const;
  Eigen::Vector2d rtl_target(const Est& e) const;  // the nearest of home and the rally points
  Eigen::Vector2d key_point(const Est& e, int* dir) const;  // the dead-stick circuit's
  static constexpr int kMaxRally = 16, kMaxRoute = 32;
  Failsafe fs_;
  Geofence fence_;
  std::array<Eigen::Vector2d, kMaxRally> rally_ne_{};
  int rally_count_ = 0;
  std::shared_ptr<const PlanPerformance> perf_;
  BingoState bingo_s_;
  FuelFlowEstimate flow_;
  bool operator_ack_ = false;  // a ground-station mode command since the last step
  FailsafeAction fs_flown_ = FailsafeAction::kNone;      // the action flown at the last step
  Eigen::Vector2d fs_centre_ = Eigen::Vector2d::Zero();  // orbits: the circle's centre
  double fs_height_m_ = 0;                               // ... and height
  bool fs_landing_ = false;  // a failsafe's return has arrived: landing (land_step)
  // The lost-link route: the mission's waypoints flown so far, back to home.
  std::array<Eigen::Vector2d, kMaxRoute> ll_route_{};
  int ll_route_n_ = 0, ll_route_i_ = 0;
  double fs_next_eval_s_ = 0;  // the 1 Hz evaluations (bingo, glide reach, wind profile)
  bool site_reachable_ = true;
  WindProfileParams wprof_p_;
  WindProfile wind_prof_;
  Eigen::Vector2d key_ne_ = Eigen::Vector2d::Zero();  // dead stick: the key point
  int key_dir_ = 1;
  double gnss_rejected_s_ = 0;  // how long GNSS has been failing its gate
  double last_fuel_kg_ = -1;    // the fuel gauge's last reading (-1: none yet)
  Eigen::Vector2d last_wind_ne_ = Eigen::Vector2d::Zero();  // the last estimated wind
  Result<Geofence> plan_geofence(const mission::Plan& plan) const;
};

}  // namespace kestrel
