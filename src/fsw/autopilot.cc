#include "fsw/autopilot.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/geodesy.h"
#include "core/rotation.h"
#include "fsw/autopilot_internal.h"

namespace kestrel {
namespace {

using autopilot_util::kG;
using autopilot_util::kThrottleSlewPerS;
using autopilot_util::right_of;
using autopilot_util::slew;
constexpr double kRollSlewRadS = 0.35;   // bank demand slew (engagement, mode changes)
constexpr double kPitchSlewRadS = 0.10;  // pitch demand slew
constexpr double kCaptureStraightM = 15, kCaptureCourseRad = 0.26, kCaptureCircleM = 15;
constexpr double kFarM = 1e6;
// A mission's NAV_LAND flies straight in (no approach circle) from up to kStraightInM before the
// final approach fix, within these of the centreline, the runway heading and the glide path.
constexpr double kStraightInM = 5000, kStraightInXtrackM = 200, kStraightInCourseRad = 0.52,
                 kStraightInHeightM = 40;
// Loiter exits: the turns count as flown this much early when the exit waits for the tangent
// towards the next leg (it would otherwise miss the tangent by a hair and fly a whole turn
// more); the exit point counts as reached from kExitEarlyRad before it to kExitLateRad after it.
constexpr double kTurnSlackRad = 0.09, kExitEarlyRad = 0.05, kExitLateRad = 0.5;
constexpr double kAltReachedM = 10;  // NAV_LOITER_TO_ALT: at its altitude within this
// A loiter's entry leg hands over to the circle this long (at the ground speed) before its
// tangent point, so that the bank is building as the circle begins (in a strong wind a handover
// at the tangent point overshoots it by tens of metres).
constexpr double kCircleLeadS = 2.5;

// Wings level on the ground with the ailerons alone.
void level_wings_on_ground(double roll, double p_rate, ActuatorCommands& out, double max) {
  out.aileron_rad = std::clamp(-(0.8 * roll + 0.15 * p_rate), -max, max);
}

}  // namespace

std::string_view to_string(FlightMode m) {
  switch (m) {
    case FlightMode::kManual:
      return "manual";
    case FlightMode::kStabilize:
      return "stabilize";
    case FlightMode::kCruise:
      return "cruise";
    case FlightMode::kLand:
      return "land";
    case FlightMode::kAuto:
      return "auto";
    case FlightMode::kRtl:
      return "rtl";
    case FlightMode::kLoiter:
      return "loiter";
    case FlightMode::kTakeoff:
      return "takeoff";
    case FlightMode::kGuided:
      return "guided";
  }
  return "unknown";
}

bool parse_flight_mode(std::string_view name, FlightMode* out) {
  for (FlightMode m : {FlightMode::kManual, FlightMode::kStabilize, FlightMode::kCruise,
                       FlightMode::kLand, FlightMode::kAuto, FlightMode::kRtl, FlightMode::kLoiter,
                       FlightMode::kTakeoff, FlightMode::kGuided}) {
    if (to_string(m) == name) {
      *out = m;
      return true;
    }
  }
  return false;
}

std::string_view to_string(FlightPhase p) {
  switch (p) {
    case FlightPhase::kNone:
      return "none";
    case FlightPhase::kEngineStart:
      return "engine_start";
    case FlightPhase::kWarmup:
      return "warmup";
    case FlightPhase::kRunup:
      return "runup";
    case FlightPhase::kTakeoffRoll:
      return "takeoff_roll";
    case FlightPhase::kRotate:
      return "rotate";
    case FlightPhase::kClimbOut:
      return "climb_out";
    case FlightPhase::kApproach:
      return "approach";
    case FlightPhase::kFinal:
      return "final";
    case FlightPhase::kFlare:
      return "flare";
    case FlightPhase::kRollout:
      return "rollout";
    case FlightPhase::kGoAround:
      return "go_around";
    case FlightPhase::kLanded:
      return "landed";
    case FlightPhase::kAborted:
      return "aborted";
    case FlightPhase::kGlide:
      return "glide";
    case FlightPhase::kDeadStickSpiral:
      return "dead_stick_spiral";
    case FlightPhase::kDeadStickFinal:
      return "dead_stick_final";
    case FlightPhase::kTerminate:
      return "terminate";
  }
  return "unknown";
}

Autopilot::Autopilot(const AutopilotSite& site, const Mission& mission, FlightMode initial_mode)
    : site_(site) {
  frame_ = LocalFrame::at(site);
  thr_ne_ = local_ne(site.threshold_lat_rad, site.threshold_lon_rad);
  rwy_u_ = Eigen::Vector2d(std::cos(site.runway_heading_rad), std::sin(site.runway_heading_rad));
  aim_ne_ = thr_ne_ + p_.land_aim_m * rwy_u_;
  climb_origin_ne_ = thr_ne_;
  engine_.set_site(site, st_.mission);
  engine_.load(compile_list(mission, site), /*from_plan=*/false, st_.mission);
  st_.mode = initial_mode;
  auto_start_pending_ = initial_mode == FlightMode::kAuto;
}

Eigen::Vector2d Autopilot::local_ne(double lat_rad, double lon_rad) const {
  return frame_.ne(lat_rad, lon_rad);
}

Result<double> Autopilot::set_param(std::string_view name, double value) {
  if (find_param(kAutopilotParams, name)) {
    Result<double> r = kestrel::set_param(p_, kAutopilotParams, name, value);
    if (r.ok()) aim_ne_ = thr_ne_ + p_.land_aim_m * rwy_u_;
    return r;
  }
  if (find_param(kAttitudeControlParams, name))
    return kestrel::set_param(att_p_, kAttitudeControlParams, name, value);
  if (find_param(kTecsParams, name)) {
    TecsParams t = tecs_p_;
    Result<double> r = kestrel::set_param(t, kTecsParams, name, value);
    if (!r.ok()) return r;
    if (const char* why = tecs_params_error(t)) return Error{std::string(name) + ": " + why};
    tecs_p_ = t;
    return r;
  }
  if (find_param(kPathGuidanceParams, name))
    return kestrel::set_param(npfg_p_, kPathGuidanceParams, name, value);
  if (find_param(kGeofenceParams, name))
    return kestrel::set_param(fence_p_, kGeofenceParams, name, value);
  if (find_param(kGlideParams, name))
    return kestrel::set_param(glide_p_, kGlideParams, name, value);
  if (find_param(kBingoParams, name))
    return kestrel::set_param(bingo_p_, kBingoParams, name, value);
  if (find_param(kWindProfileParams, name))
    return kestrel::set_param(wprof_p_, kWindProfileParams, name, value);
  if (find_param(kFailsafeParams, name))
    return kestrel::set_param(fs_.params(), kFailsafeParams, name, value);
  return Error{"unknown parameter '" + std::string(name) + "'"};
}

Result<double> Autopilot::get_param(std::string_view name) const {
  if (find_param(kAutopilotParams, name)) return kestrel::get_param(p_, kAutopilotParams, name);
  if (find_param(kAttitudeControlParams, name))
    return kestrel::get_param(att_p_, kAttitudeControlParams, name);
  if (find_param(kTecsParams, name)) return kestrel::get_param(tecs_p_, kTecsParams, name);
  if (find_param(kPathGuidanceParams, name))
    return kestrel::get_param(npfg_p_, kPathGuidanceParams, name);
  if (find_param(kGeofenceParams, name)) return kestrel::get_param(fence_p_, kGeofenceParams, name);
  if (find_param(kGlideParams, name)) return kestrel::get_param(glide_p_, kGlideParams, name);
  if (find_param(kBingoParams, name)) return kestrel::get_param(bingo_p_, kBingoParams, name);
  if (find_param(kWindProfileParams, name))
    return kestrel::get_param(wprof_p_, kWindProfileParams, name);
  if (find_param(kFailsafeParams, name))
    return kestrel::get_param(fs_.params(), kFailsafeParams, name);
  return Error{"unknown parameter '" + std::string(name) + "'"};
}

Result<FlightMode> Autopilot::set_mode(FlightMode m) {
  const bool on_ground = !was_flying_;
  switch (m) {
    case FlightMode::kTakeoff:
      if (!on_ground) return Error{"TAKEOFF: the aircraft is already flying"};
      break;
    case FlightMode::kAuto: {
      if (engine_.empty()) return Error{"AUTO: there is no mission"};
      // On the ground AUTO can only take off: the item it would fly must be NAV_TAKEOFF.
      const int k = pending_start_index_ >= 0 ? engine_.peek_nav(pending_start_index_)
                    : !engine_.started()      ? engine_.peek_nav(0)
                    : engine_.complete()      ? -1
                                              : engine_.current();
      if (on_ground && (k < 0 || engine_.command(k).kind != MissionCommand::Kind::kTakeoff))
        return Error{"AUTO: on the ground the mission must go on with a take-off (NAV_TAKEOFF)"};
      break;
    }
    case FlightMode::kGuided:
      if (!have_guided_) return Error{"GUIDED: no target given"};
      [[fallthrough]];
    case FlightMode::kCruise:
    case FlightMode::kLoiter:
    case FlightMode::kRtl:
    case FlightMode::kLand:
      if (on_ground && st_.phase != FlightPhase::kRotate && st_.phase != FlightPhase::kClimbOut)
        return Error{std::string(to_string(m)) + ": the aircraft is on the ground"};
      break;
    case FlightMode::kManual:
    case FlightMode::kStabilize:
      break;
  }
  pending_mode_ = m;
  have_pending_mode_ = true;
  operator_ack_ = true;  // the operator in control: a failsafe governing now stands down
  return m;
}

void Autopilot::set_guided_target(double north_m, double east_m, double alt_m) {
  guided_ne_ = {north_m, east_m};
  guided_alt_m_ = alt_m;
  have_guided_ = true;
  if (st_.mode == FlightMode::kGuided) {
    pending_mode_ = FlightMode::kGuided;  // restart the leg from here
    have_pending_mode_ = true;
  }
}

// ---- Helpers -------------------------------------------------------------------------------

double Autopilot::tas_of_eas(const Est& e, double eas) const { return eas * e.eas2tas; }

double Autopilot::stall_eas(const Est& e) const {
  const double mass =
      std::clamp(p_.zero_fuel_mass_kg + std::max(e.fuel_kg, 0.0), 1.0, 2.0 * p_.max_mass_kg);
  return p_.stall_eas_mps * std::sqrt(mass / p_.max_mass_kg);
}

double Autopilot::approach_eas(const Est& e) const {
  return std::max(p_.land_speed_ratio * stall_eas(e), p_.min_eas_mps);
}

double Autopilot::power_lapse(const Est& e) const {
  // The piston engine: full power lapses with density, (sigma - b) / (1 - b).
  return std::clamp((e.sigma - p_.power_lapse_b) / (1.0 - p_.power_lapse_b), 0.05, 1.2);
}

double Autopilot::power_to_throttle(const Est& e, double power_fraction) const {
  // The throttle sets the power between the closed-throttle fraction and full.
  const double lapse = power_lapse(e);
  const double frac_of_full = power_fraction / lapse;
  return std::clamp((frac_of_full - p_.throttle_idle_fraction) / (1.0 - p_.throttle_idle_fraction),
                    0.0, 1.0);
}

void Autopilot::set_path_straight(const Eigen::Vector2d& a, const Eigen::Vector2d& b) {
  if (st_.path != AutopilotStatus::Path::kStraight || (st_.path_a - a).norm() > 0.1 ||
      (st_.path_b - b).norm() > 0.1)
    st_.path_captured = false;
  st_.path = AutopilotStatus::Path::kStraight;
  st_.path_a = a;
  st_.path_b = b;
}

void Autopilot::set_path_circle(const Eigen::Vector2d& c, double radius_m, int dir) {
  if (st_.path != AutopilotStatus::Path::kCircle || (st_.path_a - c).norm() > 0.1 ||
      std::abs(st_.path_radius_m - radius_m) > 0.1 || st_.path_direction != dir)
    st_.path_captured = false;
  st_.path = AutopilotStatus::Path::kCircle;
  st_.path_a = c;
  st_.path_radius_m = radius_m;
  st_.path_direction = dir;
}

PathGuidanceInput Autopilot::guidance_input(const Est& e) const {
  PathGuidanceInput gi;
  gi.position_ne_m = e.ne;
  gi.ground_velocity_ne_mps = e.vel_ne;
  gi.wind_ne_mps = e.wind_ne;
  gi.airspeed_mps = e.tas;
  return gi;
}

// Lateral guidance on the current path: the bank demand.
double Autopilot::guide(const Est& e, double period_s) {
  const PathGuidanceInput gi = guidance_input(e);
  PathGuidanceParams np = npfg_p_;
  if (period_s > 0) np.period_s = period_s;
  st_.guidance_active = true;
  if (st_.path == AutopilotStatus::Path::kStraight) {
    st_.guidance = follow_straight(np, gi, StraightPath{st_.path_a, st_.path_b});
    const Eigen::Vector2d d = st_.path_b - st_.path_a;
    const double course = std::atan2(d.y(), d.x());
    if (!st_.path_captured && std::abs(st_.guidance.cross_track_m) < kCaptureStraightM &&
        std::abs(wrap_pi(e.course_rad - course)) < kCaptureCourseRad)
      st_.path_captured = true;
  } else if (st_.path == AutopilotStatus::Path::kCircle) {
    st_.guidance =
        follow_circle(np, gi, CirclePath{st_.path_a, st_.path_radius_m, st_.path_direction});
    // Captured: on the circle and flying along it (not just crossing it).
    const Eigen::Vector2d r = e.ne - st_.path_a;
    const double dist = r.norm();
    if (!st_.path_captured && dist > 1 && std::abs(dist - st_.path_radius_m) < kCaptureCircleM) {
      const Eigen::Vector2d t = st_.path_direction * right_of(r / dist);
      const double course = std::atan2(t.y(), t.x());
      if (std::abs(wrap_pi(e.course_rad - course)) < kCaptureCourseRad) st_.path_captured = true;
    }
  } else {
    st_.guidance_active = false;
    return 0;
  }
  return st_.guidance.invalid_input ? 0.0 : st_.guidance.bank_cmd_rad;
}

// TECS on the estimate: pitch demand and engine power; returns the throttle lever.
double Autopilot::fly_tecs(const Est& e, double height_m, double eas_mps, bool climbout,
                           double dt_s, bool glide) {
  // The airspeed sensor has failed (the failsafe): the speeds are flown on the synthetic
  // airspeed, none below ARSPD_MIN x FS_ASPD_MARGIN (wider margins over the stall).
  const double eas_floor =
      p_.min_eas_mps * (st_.failsafe.airspeed_failed ? fs_.params().airspeed_margin : 1.0);
  eas_mps = std::max(eas_mps, eas_floor);
  TecsParams tp = tecs_p_;
  // Airspeed limits and the level-flight power scale with the true airspeed of a given EAS.
  tp.tas_min_mps = eas_floor * e.eas2tas;
  tp.tas_max_mps = std::max(tp.tas_min_mps + 1.0, p_.max_eas_mps * e.eas2tas);
  const double n_turn = 1.0 / std::max(0.3, e.cos_roll);
  tp.underspeed_tas_mps = 1.1 * stall_eas(e) * std::sqrt(n_turn) * e.eas2tas;
  // TECS's throttle is a power demand as a fraction of the sea-level rating: the piston engine
  // gives at most the lapsed power up there, and level flight at a given EAS needs more power
  // (it is flown at a higher true airspeed). Its climb ceiling shrinks with the power margin.
  const double lapse = power_lapse(e);
  tp.throttle_max = std::min(tecs_p_.throttle_max, lapse);
  tp.throttle_trim = std::min(tecs_p_.throttle_trim * e.eas2tas, 0.95 * tp.throttle_max);
  tp.throttle_min = std::min(tecs_p_.throttle_min, tp.throttle_trim);
  const double margin_sl = tecs_p_.throttle_max - tecs_p_.throttle_trim;
  const double margin = tp.throttle_max - tp.throttle_trim;
  tp.max_climb_rate_mps =
      tecs_p_.max_climb_rate_mps * std::clamp(margin / std::max(margin_sl, 1e-3), 0.25, 1.0);
  if (st_.phase == FlightPhase::kApproach || st_.phase == FlightPhase::kFinal) {
    tp.speed_weight = p_.land_speed_weight;
    tp.tas_error_gain_per_s = p_.land_tas_gain_per_s;
  }
  TecsInput in;
  in.height_demand_m = height_m;
  in.tas_demand_mps = std::clamp(eas_mps, p_.min_eas_mps, p_.max_eas_mps) * e.eas2tas;
  in.height_m = e.height_m;
  in.climb_rate_mps = e.climb_rate_mps;
  in.tas_mps = e.tas;
  in.tas_rate_mps2 = e.tas_rate;
  in.climbout = climbout;
  in.glide = glide;
  if (need_tecs_reset_) {
    in.throttle_current =
        (p_.throttle_idle_fraction + (1.0 - p_.throttle_idle_fraction) * last_.throttle) * lapse;
    in.pitch_current_rad = pitch_dem_;
    tecs_reset(tecs_s_, in);
    need_tecs_reset_ = false;
  }
  if (climbout && !need_tecs_reset_) {
    // A full-power climb outruns the rate-limited height demand: keep the demand's start at the
    // aircraft, so that the energy loop does not pull it back down when the climb-out ends.
    tecs_s_.height_demand_m = std::clamp(e.height_m, tecs_s_.height_demand_m, height_m);
    tecs_s_.height_demand_lp_m = std::max(tecs_s_.height_demand_lp_m, tecs_s_.height_demand_m);
  }
  st_.tecs = tecs_step(tp, tecs_s_, in, dt_s);
  st_.tecs_active = true;
  st_.height_demand_m = height_m;
  st_.tas_demand_mps = st_.tecs.tas_demand_mps;
  pitch_target_ = st_.tecs.pitch_rad;
  return power_to_throttle(e, st_.tecs.throttle);
}

// Attitude loops: bank and pitch targets (slewed) to the three surfaces.
void Autopilot::fly_attitude(const Est& e, double roll_rad, double pitch_rad, double bank_limit,
                             ActuatorCommands& out, double dt_s) {
  // Stall protection: the bank that keeps 15 % margin over the stall speed in the turn, and the
  // load-factor limit.
  const double v_ratio = std::clamp(1.15 * stall_eas(e) / std::max(e.eas, 1.0), 0.0, 1.0);
  const double stall_bank = std::acos(std::min(1.0, std::max(v_ratio * v_ratio, 1e-3)));
  if (p_.load_factor_max != load_bank_for_n_) {
    load_bank_for_n_ = p_.load_factor_max;
    load_bank_rad_ = std::acos(1.0 / p_.load_factor_max);
  }
  const double limit = std::max(0.05, std::min({bank_limit, stall_bank, load_bank_rad_}));
  roll_rad = std::clamp(roll_rad, -limit, limit);
  const bool engaging = need_att_reset_;
  if (need_att_reset_) {
    roll_dem_ = e.roll;
    pitch_dem_ = e.pitch;
    AttitudeControlInput ai;
    ai.roll_demand_rad = e.roll;
    ai.pitch_demand_rad = e.pitch;
    ai.roll_rad = e.roll;
    ai.pitch_rad = e.pitch;
    ai.omega_b_rad_s = e.omega_b;
    ai.tas_mps = std::max(e.tas, 1.0);
    attitude_control_reset(att_p_, att_s_, ai, last_.aileron_rad, last_.elevator_rad);
    need_att_reset_ = false;
  }
  roll_dem_ = slew(roll_dem_, roll_rad, kRollSlewRadS * dt_s);
  pitch_dem_ = slew(pitch_dem_, pitch_rad,
                    (pitch_slew_rad_s_ > 0 ? pitch_slew_rad_s_ : kPitchSlewRadS) * dt_s);
  pitch_slew_rad_s_ = 0;
  AttitudeControlInput ai;
  ai.roll_demand_rad = roll_dem_;
  ai.pitch_demand_rad = pitch_dem_;
  ai.roll_rad = e.roll;
  ai.pitch_rad = e.pitch;
  ai.omega_b_rad_s = e.omega_b;
  ai.tas_mps = std::max(e.tas, 1.0);
  st_.attitude = attitude_control_step(att_p_, att_s_, ai, dt_s);
  st_.roll_demand_rad = roll_dem_;
  st_.pitch_demand_rad = pitch_dem_;
  if (st_.attitude.valid) {
    // Bumpless transfer: what the loops' own reset cannot absorb (their integrators are bounded,
    // and a manually flown aircraft may be far from where its surfaces would hold it) is taken
    // as an offset at engagement and faded out over ATT_FADE_S.
    if (engaging) {
      fade_ail_ = last_.aileron_rad - st_.attitude.aileron_rad;
      fade_elev_ = last_.elevator_rad - st_.attitude.elevator_rad;
      fade_rud_ = last_.rudder_rad - st_.attitude.rudder_rad;
    }
    out.aileron_rad = st_.attitude.aileron_rad + fade_ail_;
    out.elevator_rad = st_.attitude.elevator_rad + fade_elev_;
    out.rudder_rad = st_.attitude.rudder_rad + fade_rud_;
    if (dt_s != fade_for_dt_s_ || p_.engage_fade_s != fade_for_tau_s_) {
      fade_for_dt_s_ = dt_s;
      fade_for_tau_s_ = p_.engage_fade_s;
      fade_per_step_ = std::exp(-dt_s / p_.engage_fade_s);
    }
    fade_ail_ *= fade_per_step_;
    fade_elev_ *= fade_per_step_;
    fade_rud_ *= fade_per_step_;
  }
}

// The common airborne flight: the current path, a height and an airspeed.
void Autopilot::fly_path(const Est& e, double height_m, double eas_mps, bool climbout,
                         double bank_limit, ActuatorCommands& out, double dt_s,
                         double guidance_period_s) {
  // Long climbs (more than CLMB_FULL_M below the demand, released within a third of it) are
  // flown as a climb-out: full power, the pitch holding the best-climb speed. A piston engine's
  // margin is small at altitude, and an energy loop balancing height against speed in turbulence
  // would otherwise spend much of the climb throttled back in the updrafts.
  const double below_m = height_m - e.height_m;
  if (below_m > p_.climb_full_power_m) climbing_ = true;
  if (below_m < p_.climb_full_power_m / 3.0) climbing_ = false;
  if (climbing_ || below_m > 30.0) eas_mps = std::min(eas_mps, p_.takeoff_climb_eas_mps);
  const double bank = guide(e, guidance_period_s);
  double thr = fly_tecs(e, height_m, eas_mps, climbout || climbing_, dt_s);
  double pitch = pitch_target_;
  double roll = bank;
  // Stall recovery: below the stall speed, wings level, nose down, full power.
  if (e.eas < stall_eas(e) && e.h_agl_m > 5) {
    roll = 0;
    pitch = std::min(pitch, -0.05);
    thr = 1;
  }
  fly_attitude(e, roll, pitch, bank_limit, out, dt_s);
  out.throttle = slew(last_.throttle, thr, kThrottleSlewPerS * dt_s);
  out.brake_left = out.brake_right = 0;
  out.nosewheel_rad = 0;
  out.ignition = true;
  out.starter = false;
}

// ---- Mode changes ---------------------------------------------------------------------------

void Autopilot::enter_mode(FlightMode m, const Est& e) {
  const FlightMode from = st_.mode;
  st_.mode = m;
  const bool from_direct = from == FlightMode::kManual;
  if (from_direct) need_att_reset_ = true;
  if (from == FlightMode::kManual || from == FlightMode::kStabilize || !st_.tecs_active)
    need_tecs_reset_ = true;
  const Eigen::Vector2d u(std::cos(e.course_rad), std::sin(e.course_rad));
  switch (m) {
    case FlightMode::kManual:
    case FlightMode::kStabilize:
      manual_base_ = last_;
      sticks_base_ = sticks_;
      stab_pitch_base_rad_ = e.pitch;
      st_.path = AutopilotStatus::Path::kNone;
      st_.phase = FlightPhase::kNone;
      break;
    case FlightMode::kCruise:
      hold_a_ = e.ne;
      hold_b_ = e.ne + kFarM * u;
      hold_height_m_ = e.height_m;
      st_.phase = FlightPhase::kNone;
      break;
    case FlightMode::kLoiter: {
      // The circle through the present position, turning right (clockwise).
      hold_a_ = e.ne + p_.loiter_radius_m * right_of(u);
      hold_height_m_ = e.height_m;
      st_.phase = FlightPhase::kNone;
      break;
    }
    case FlightMode::kRtl:
    case FlightMode::kGuided:
      leg_start_ = e.ne;
      st_.phase = FlightPhase::kNone;
      break;
    case FlightMode::kTakeoff:
      st_.phase = FlightPhase::kEngineStart;
      phase_time_s_ = 0;
      phase_hold_s_ = 0;
      climb_origin_ne_ = thr_ne_;
      break;
    case FlightMode::kLand:
      start_landing(e);
      break;
    case FlightMode::kAuto:
      if (pending_start_index_ >= 0 || !engine_.started()) {
        // A start (the first AUTO, a new mission, MISSION_SET_CURRENT, a landing sequence).
        const int index = std::max(pending_start_index_, 0);
        pending_start_index_ = -1;
        engine_.start(index, mission_context(e), st_.mission);
        begin_nav(e, /*resume=*/false);
      } else {
        // Back in AUTO after another mode: the interrupted item goes on from here.
        begin_nav(e, /*resume=*/true);
      }
      break;
  }
}

// ---- Step -----------------------------------------------------------------------------------

ActuatorCommands Autopilot::step(const AutopilotInput& in, double dt_s) {
  if (in.nav == nullptr || !(dt_s > 0)) return last_;
  const NavState& nav = *in.nav;
  Est e;
  const Euler eul = euler_from_q_ned_from_b(nav.q_ned_from_b);
  e.roll = eul.roll_rad;
  e.pitch = eul.pitch_rad;
  e.yaw = eul.yaw_rad;
  e.ne = local_ne(nav.lat_rad, nav.lon_rad);
  e.height_m = nav.height_ellipsoid_m;
  e.vel_ne = nav.vel_ned_mps.head<2>();
  e.climb_rate_mps = -nav.vel_ned_mps.z();
  e.ground_speed_mps = e.vel_ne.norm();
  e.course_rad = e.ground_speed_mps > 1.0 ? std::atan2(e.vel_ne.y(), e.vel_ne.x()) : e.yaw;
  e.wind_ne = {nav.wind_n_mps, nav.wind_e_mps};
  e.omega_b = nav.omega_b_rad_s;
  // True airspeed: the estimate's air-relative velocity (ground velocity minus wind) once the
  // wind is estimated (smooth: it carries the inertial information), else the pitot's. Its rate
  // from the accelerometers along the air velocity (as PX4's TECS takes it).
  const Vec3 v_air = nav.vel_ned_mps - Vec3(nav.wind_n_mps, nav.wind_e_mps, 0.0);
  const bool wind_ok = (nav.status & kNavWindEstimated) && v_air.norm() > 5.0;
  e.wind_ok = wind_ok;
  // (The airspeed sensor declared failed: the synthetic airspeed in any case.)
  e.tas = wind_ok || st_.failsafe.airspeed_failed ? v_air.norm() : nav.tas_mps;
  // Density ratio from the barometric altitude, recomputed when it has moved by 2 m (a power
  // per step otherwise; 2 m changes sigma by 2e-4).
  if (std::abs(nav.alt_amsl_baro_m - sigma_alt_m_) > 2.0) {
    sigma_alt_m_ = nav.alt_amsl_baro_m;
    sigma_ = isa_density_ratio(sigma_alt_m_);
  }
  e.sigma = sigma_;
  e.eas2tas = 1.0 / std::sqrt(e.sigma);
  e.eas = e.tas / e.eas2tas;
  e.rpm = in.engine.rpm;
  e.fuel_kg = in.engine.fuel_kg;
  e.time_s = in.time_s;
  e.h_agl_m = e.height_m - site_.home_height_m;
  e.cos_roll = std::cos(e.roll);
  const double tilt = e.cos_roll * std::cos(e.pitch);
  if (in.range.valid && in.range.range_m < p_.rangefinder_max_m && tilt > 0.7) {
    e.rangefinder = true;
    e.h_agl_m = std::max(0.0, in.range.range_m * tilt - p_.rangefinder_ground_m);
  }
  const Vec3 accel_ned = nav.q_ned_from_b * nav.accel_b_mps2 + Vec3(0, 0, kG);
  const double raw_rate =
      wind_ok ? accel_ned.dot(v_air) / v_air.norm() : nav.accel_b_mps2.x() - kG * std::sin(e.pitch);
  tas_rate_lp_ +=
      std::clamp(dt_s / 0.2, 0.0, 1.0) * (std::clamp(raw_rate, -10.0, 10.0) - tas_rate_lp_);
  e.tas_rate = tas_rate_lp_;
  // The climb rate over the last second, for the sink-rate go-around (not every gust's).
  sink_lp_climb_mps_ += std::clamp(dt_s / 1.0, 0.0, 1.0) * (e.climb_rate_mps - sink_lp_climb_mps_);
  nav_accel_x_ = nav.accel_b_mps2.x();
  const bool finite = std::isfinite(e.roll) && std::isfinite(e.pitch) && std::isfinite(e.tas) &&
                      std::isfinite(e.height_m) && e.ne.allFinite() && e.vel_ne.allFinite();
  // Wait for the estimate's first trusted position (after that, dead reckoning is flown too).
  if (nav.status & kNavPositionValid) nav_ready_ = true;
  if (!finite || !(nav.status & kNavAligned) || !nav_ready_) {
    // No usable estimate (not aligned yet, or broken): hold, and keep the brakes on the ground.
    ActuatorCommands out = last_;
    if (!was_flying_) {
      out.brake_left = out.brake_right = 1;
      out.throttle = 0;
    }
    last_ = out;
    return out;
  }
  // In flight: flying speed through the air or over the ground (the pitot may not have reported
  // yet at power-up), clear of the ground.
  if (std::max(e.tas, e.ground_speed_mps) > 0.8 * p_.stall_eas_mps * e.eas2tas && e.h_agl_m > 3)
    was_flying_ = true;
  if (st_.phase == FlightPhase::kLanded) was_flying_ = false;

  if (auto_start_pending_) {  // the first step of a mission started at power-up
    auto_start_pending_ = false;
    enter_mode(FlightMode::kAuto, e);
  }
  if (have_pending_mode_) {
    have_pending_mode_ = false;
    enter_mode(pending_mode_, e);
  } else if (st_.mode == FlightMode::kAuto && pending_start_index_ >= 0) {
    enter_mode(FlightMode::kAuto, e);  // a new mission or a new current item, in AUTO
  }
  phase_time_s_ += dt_s;
  st_.tecs_active = false;
  st_.guidance_active = false;
  last_fuel_kg_ = e.fuel_kg;
  last_wind_ne_ = e.wind_ne;

  // The failsafes: their stages from what the flight software knows; the governing action, if
  // any, is flown instead of the mode (which resumes, or not, as docs/failsafes.md says).
  failsafe_step(e, nav, in, dt_s);
  ActuatorCommands out = last_;
  if (!fly_failsafe(e, out, dt_s)) fly_mode(e, out, dt_s);
  if (!st_.tecs_active) need_tecs_reset_ = true;
  last_ = out;
  return out;
}

// The flight mode's own flying (no failsafe governs).
void Autopilot::fly_mode(const Est& e, ActuatorCommands& out, double dt_s) {
  switch (st_.mode) {
    case FlightMode::kManual: {
      // Stick deflections over the commands at the engagement (bumpless by construction).
      const double smax = att_p_.surface_max_rad;
      out.aileron_rad = std::clamp(
          manual_base_.aileron_rad + (sticks_.roll - sticks_base_.roll) * smax, -smax, smax);
      out.elevator_rad = std::clamp(
          manual_base_.elevator_rad - (sticks_.pitch - sticks_base_.pitch) * smax, -smax, smax);
      out.rudder_rad = std::clamp(manual_base_.rudder_rad - (sticks_.yaw - sticks_base_.yaw) * smax,
                                  -smax, smax);
      out.nosewheel_rad = std::clamp(-out.rudder_rad, -p_.steer_max_rad, p_.steer_max_rad);
      out.throttle =
          std::clamp(manual_base_.throttle + sticks_.throttle - sticks_base_.throttle, 0.0, 1.0);
      out.ignition = true;
      out.starter = false;
      need_att_reset_ = true;
      need_tecs_reset_ = true;
      st_.path = AutopilotStatus::Path::kNone;
      break;
    }
    case FlightMode::kStabilize: {
      const double roll = sticks_.roll * att_p_.bank_max_rad;
      const double pitch = std::clamp(stab_pitch_base_rad_ + sticks_.pitch * att_p_.pitch_max_rad,
                                      att_p_.pitch_min_rad, att_p_.pitch_max_rad);
      fly_attitude(e, roll, pitch, att_p_.bank_max_rad, out, dt_s);
      out.rudder_rad = std::clamp(out.rudder_rad - sticks_.yaw * att_p_.surface_max_rad,
                                  -att_p_.surface_max_rad, att_p_.surface_max_rad);
      out.throttle =
          std::clamp(manual_base_.throttle + sticks_.throttle - sticks_base_.throttle, 0.0, 1.0);
      out.ignition = true;
      need_tecs_reset_ = true;
      break;
    }
    case FlightMode::kCruise:
      set_path_straight(hold_a_, hold_b_);
      fly_path(e, hold_height_m_, p_.cruise_eas_mps, false, att_p_.bank_max_rad, out, dt_s);
      break;
    case FlightMode::kLoiter:
      set_path_circle(hold_a_, p_.loiter_radius_m, 1);
      fly_path(e, hold_height_m_, p_.loiter_eas_mps, false, att_p_.bank_max_rad, out, dt_s);
      break;
    case FlightMode::kGuided:
      fly_to_and_circle(e, guided_ne_, site_.home_height_m + guided_alt_m_, p_.loiter_radius_m, 1,
                        p_.cruise_eas_mps, p_.loiter_eas_mps, out, dt_s);
      break;
    case FlightMode::kRtl: {
      // RTL_AUTOLAND: land after arriving (1) or at once (2), by the mission's landing sequence
      // (DO_LAND_START) when it has one, else by the LAND sequence.
      const int land_start = p_.rtl_autoland > 0.5 ? engine_.land_start(e.ne) : -1;
      const bool arrived = rtl_step(e, out, dt_s);
      if (land_start >= 0 && (arrived || p_.rtl_autoland > 1.5)) {
        pending_start_index_ = land_start;
        pending_mode_ = FlightMode::kAuto;
        have_pending_mode_ = true;
        mission_announce(st_.mission, e.time_s, engine_.command(land_start).seq,
                         "RTL: landing sequence from item %d (DO_LAND_START)",
                         engine_.command(land_start).seq);
      } else if (arrived) {
        pending_mode_ = FlightMode::kLand;
        have_pending_mode_ = true;
      }
      break;
    }
    case FlightMode::kTakeoff:
      if (takeoff_step(e, site_.home_height_m + p_.takeoff_alt_m, out, dt_s)) {
        pending_mode_ = FlightMode::kLoiter;
        have_pending_mode_ = true;
      }
      break;
    case FlightMode::kLand:
      land_step(e, out, dt_s);
      break;
    case FlightMode::kAuto:
      fly_item(e, out, dt_s);
      break;
  }
}

// Fly a straight leg from leg_start_ to the target, then circle it.
void Autopilot::fly_to_and_circle(const Est& e, const Eigen::Vector2d& target, double height_m,
                                  double radius_m, int dir, double leg_eas_mps,
                                  double circle_eas_mps, ActuatorCommands& out, double dt_s) {
  const bool circling =
      st_.path == AutopilotStatus::Path::kCircle && (st_.path_a - target).norm() < 0.1;
  if (circling || (e.ne - target).norm() < 2.0 * radius_m || (target - leg_start_).norm() < 1) {
    set_path_circle(target, radius_m, dir);
    fly_path(e, height_m, circle_eas_mps, false, att_p_.bank_max_rad, out, dt_s);
  } else {
    set_path_straight(leg_start_, target);
    fly_path(e, height_m, leg_eas_mps, false, att_p_.bank_max_rad, out, dt_s);
  }
}

// RTL: home at the RTL height; true when it should land now.
// (RTL_AUTOLAND 0: to the nearest of home and the plan's rally points, and circle there;
// landing, home: the runway is there.)
bool Autopilot::rtl_step(const Est& e, ActuatorCommands& out, double dt_s) {
  const Eigen::Vector2d home = st_.mission.home_ne;  // DO_SET_HOME moves it
  const bool land = p_.rtl_autoland > 0.5;
  const Eigen::Vector2d target = land ? home : rtl_target(e);
  fly_to_and_circle(e, target, st_.mission.home_height_m + p_.rtl_alt_m, p_.loiter_radius_m, 1,
                    p_.cruise_eas_mps, p_.loiter_eas_mps, out, dt_s);
  return land && (e.ne - home).norm() < 2.0 * p_.loiter_radius_m;
}

// ---- Mission ---------------------------------------------------------------------------------

MissionLimits Autopilot::mission_limits() const {
  MissionLimits l;
  l.loiter_radius_m = p_.loiter_radius_m;
  l.loiter_eas_mps = p_.loiter_eas_mps;
  l.min_eas_mps = p_.min_eas_mps;
  l.max_eas_mps = p_.max_eas_mps;
  l.bank_max_rad = npfg_p_.max_bank_rad;
  return l;
}

std::vector<mission::ItemProblem> Autopilot::check_plan(const mission::Plan& plan) const {
  return compile_plan(plan, site_, mission_limits(), nullptr);
}

Result<Geofence> Autopilot::plan_geofence(const mission::Plan& plan) const {
  return Geofence::create(geofence_spec(plan.geofence, frame_), fence_p_);
}

Result<int> Autopilot::upload_plan(const mission::Plan& plan) {
  std::vector<MissionCommand> cmds;
  const std::vector<mission::ItemProblem> problems =
      compile_plan(plan, site_, mission_limits(), &cmds);
  if (!problems.empty()) {
    std::string msg = "mission refused, " + std::to_string(problems.size()) +
                      (problems.size() == 1 ? " problem:" : " problems:");
    for (const mission::ItemProblem& p : problems) msg += "\n  " + p.message;
    return Error{msg};
  }
  // The plan's geofence and rally points, and (with the aircraft's performance tables) the
  // plan check: fuel from the gauge with the reserve, the ceiling, the fence along the route.
  Result<Geofence> fence = plan_geofence(plan);
  if (!fence.ok()) return Error{"mission refused: " + fence.error().message};
  // The pre-arm fence check: every leg between the mission's positions in their order (from
  // home), and every circle, inside the fence (the jumps repeat legs already checked).
  if (!fence.value().empty()) {
    std::string msg;
    int errors = 0;
    Eigen::Vector2d from = Eigen::Vector2d::Zero();
    double from_h = 0;
    for (const MissionCommand& c : cmds) {
      if (!c.has_position || c.kind == MissionCommand::Kind::kRoi ||
          c.kind == MissionCommand::Kind::kRoiNone || c.kind == MissionCommand::Kind::kLandStart)
        continue;
      if (c.kind == MissionCommand::Kind::kSetHome) continue;
      // Heights above home: the command's own (relative, or AMSL less the home's).
      const double h = c.alt_relative ? c.alt_m : c.alt_m - (site_.home_alt_amsl_m);
      const bool circle =
          c.kind == MissionCommand::Kind::kLoiter || c.kind == MissionCommand::Kind::kLoiterToAlt;
      const double leg_h = std::max(from_h, h);  // the leg flown at the higher of its ends
      const bool leg_ok =
          c.kind == MissionCommand::Kind::kLand || fence.value().segment_inside(from, c.ne, leg_h);
      const bool circle_ok = !circle || fence.value().circle_inside(c.ne, circle_radius(c), h);
      if (!leg_ok || !circle_ok) {
        ++errors;
        msg += "\n  item " + std::to_string(c.seq) + ": " +
               (leg_ok ? "its circle leaves the geofence" : "the leg to it leaves the geofence");
      }
      from = c.ne;
      from_h = h;
    }
    if (errors > 0)
      return Error{"mission refused, it leaves the geofence (" + std::to_string(errors) +
                   (errors == 1 ? " problem):" : " problems):") + msg};
  }
  if (perf_) {
    PlanSite ps;
    ps.home_lat_deg = site_.home_lat_rad * 180.0 / M_PI;
    ps.home_lon_deg = site_.home_lon_rad * 180.0 / M_PI;
    ps.elevation_m = site_.home_alt_amsl_m;
    ps.runway = PlanSite::Runway{site_.threshold_lat_rad * 180.0 / M_PI,
                                 site_.threshold_lon_rad * 180.0 / M_PI, site_.runway_heading_rad,
                                 site_.runway_length_m};
    PlanCheckOptions o;
    const bool fuel_known = last_fuel_kg_ >= 0;
    o.fuel_kg = fuel_known ? last_fuel_kg_ : 1e6;
    o.reserve_kg = bingo_p_.reserve_kg;
    o.wind_ne = last_wind_ne_;
    o.fence = fence_p_;
    const PlanCheckReport rep = kestrel::check_plan(plan, *perf_, ps, o);
    std::string msg;
    int errors = 0;
    for (const PlanFinding& f : rep.findings) {
      if (f.severity != PlanSeverity::kError || (!fuel_known && f.check == "fuel")) continue;
      ++errors;
      msg += "\n  " + f.message;
    }
    if (errors > 0)
      return Error{"mission refused, the plan cannot be flown (" + std::to_string(errors) +
                   (errors == 1 ? " problem):" : " problems):") + msg};
  }
  fence_ = std::move(fence).value();
  rally_count_ = 0;
  for (const mission::RallyPoint& rp : plan.rally_points) {
    if (rally_count_ >= kMaxRally) break;
    rally_ne_[static_cast<std::size_t>(rally_count_++)] =
        local_ne(rp.lat_deg * M_PI / 180.0, rp.lon_deg * M_PI / 180.0);
  }
  engine_.load(std::move(cmds), /*from_plan=*/true, st_.mission);
  st_.mission_index = -1;
  prev_wp_valid_ = false;
  pending_start_index_ = 0;  // AUTO flies it from the start (at the next step when in AUTO)
  return engine_.size();
}

Result<int> Autopilot::set_mission_current(int seq) {
  if (seq < 1 || seq > engine_.size())
    return Error{"no mission item " + std::to_string(seq) + " (the mission has " +
                 std::to_string(engine_.size()) + ")"};
  pending_start_index_ = seq - 1;
  prev_wp_valid_ = false;
  return seq;
}

MissionContext Autopilot::mission_context(const Est& e) const {
  MissionContext c;
  c.ne = e.ne;
  c.height_m = e.height_m;
  c.time_s = e.time_s;
  return c;
}

// The airspeed of a mission item: its own (the scenario list's airspeed_mps), else the one a
// DO_CHANGE_SPEED set, else the default for what is flown (legs cruise, circles loiter).
double Autopilot::mission_eas(const MissionCommand& it, double default_eas) const {
  if (it.airspeed_eas_mps > 0) return it.airspeed_eas_mps;
  if (st_.mission.airspeed_eas_mps > 0) return st_.mission.airspeed_eas_mps;
  return default_eas;
}

double Autopilot::circle_radius(const MissionCommand& it) const {
  return it.radius_m > 0 ? it.radius_m : p_.loiter_radius_m;
}

namespace {

// A line tangent to two circles (centre, signed radius: + clockwise, - counter-clockwise; 0 for
// a point), flown from the first to the second in their directions: the tangent points. False
// when none exists (one inside the other).
bool circle_tangent(const Eigen::Vector2d& c1, double rho1, const Eigen::Vector2d& c2, double rho2,
                    Eigen::Vector2d* t1, Eigen::Vector2d* t2) {
  // A clockwise circle has its centre right of the track: c = t + rho n, with n = right_of(u).
  // Both centres shifted back onto the line: n . (c2 - c1) = rho2 - rho1; of the two normals, the
  // one whose track runs from the first circle towards the second.
  const Eigen::Vector2d d = c2 - c1;
  const double len = d.norm(), k = rho2 - rho1;
  if (len < 1e-6 || std::abs(k) > len) return false;
  const double th = std::acos(k / len);
  const Eigen::Vector2d dh = d / len;
  const Eigen::Vector2d n(std::cos(th) * dh.x() - std::sin(th) * dh.y(),
                          std::sin(th) * dh.x() + std::cos(th) * dh.y());
  *t1 = c1 - rho1 * n;
  *t2 = c2 - rho2 * n;
  return true;
}

// Angle still to fly round a circle (direction d) from polar angle `from` to `to`, [0, 2 pi).
double angle_to_go(double from_rad, double to_rad, int d) {
  const double a = std::fmod(d * (to_rad - from_rad), 2 * kPi);
  return a < 0 ? a + 2 * kPi : a;
}

}  // namespace

// Sets up the navigation command the engine names (a new one, or the interrupted one on
// `resume`: the leg is entered again from here; the turns and time on station flown so far are
// kept).
void Autopilot::begin_nav(const Est& e, bool resume) {
  const int i = engine_.current();
  st_.mission_index = i;
  if (!resume) {
    station_time_s_ = 0;
    loiter_angle_accum_rad_ = 0;
  }
  on_station_ = false;
  exit_armed_ = false;
  racetrack_segment_ = 0;
  leg_start_ = !resume && prev_wp_valid_ ? prev_wp_ne_ : e.ne;
  prev_wp_valid_ = false;
  if (engine_.complete()) {
    // Past the end: circle the last item's point (a loiter or orbit goes on around its own
    // centre with its own radius; RTL: home), else here, at the present height; ArduPlane does
    // the same.
    hold_a_ = e.ne + p_.loiter_radius_m *
                         right_of(Eigen::Vector2d(std::cos(e.course_rad), std::sin(e.course_rad)));
    end_radius_m_ = p_.loiter_radius_m;
    end_direction_ = 1;
    if (engine_.last_nav() >= 0) {
      const MissionCommand& last = engine_.command(engine_.last_nav());
      using K = MissionCommand::Kind;
      if (last.kind == K::kRtl) hold_a_ = st_.mission.home_ne;
      if (last.kind == K::kLoiter || last.kind == K::kLoiterToAlt || last.kind == K::kRacetrack ||
          last.kind == K::kWaypoint) {
        hold_a_ = last.ne;
        if (last.kind != K::kWaypoint) {
          end_radius_m_ =
              std::max(circle_radius(last),
                       last.kind == K::kRacetrack ? 0.5 * last.length_m + last.radius_m : 0.0);
          end_direction_ = last.direction;
        }
      }
    }
    hold_height_m_ = e.height_m;
    st_.phase = FlightPhase::kNone;
    return;
  }
  const MissionCommand& it = engine_.command(i);
  switch (it.kind) {
    case MissionCommand::Kind::kTakeoff:
      st_.phase = was_flying_ ? FlightPhase::kClimbOut : FlightPhase::kEngineStart;
      climb_origin_ne_ = was_flying_ ? e.ne : thr_ne_;
      phase_time_s_ = 0;
      phase_hold_s_ = 0;
      break;
    case MissionCommand::Kind::kLand:
      start_landing(e, /*straight_in=*/true);
      break;
    case MissionCommand::Kind::kLoiter:
    case MissionCommand::Kind::kLoiterToAlt:
      begin_circle(e, it);
      st_.phase = FlightPhase::kNone;
      break;
    default:
      st_.phase = FlightPhase::kNone;
      break;
  }
}

// A loiter's entry (a leg tangent to the circle, from here) and, when the exit must point at the
// next leg, its exit point: the tangent towards the next item's point, or onto the next loiter's
// circle (two half-turn loiters and a DO_JUMP fly a racetrack).
void Autopilot::begin_circle(const Est& e, const MissionCommand& it) {
  const double r = circle_radius(it);
  const int d = it.direction;
  Eigen::Vector2d t1, t2;
  // Close to the circle (or inside it) the guidance joins it directly.
  on_circle_ =
      (e.ne - it.ne).norm() < 1.1 * r || !circle_tangent(e.ne, 0.0, it.ne, d * r, &t1, &entry_ne_);
  exit_valid_ = false;
  const int k = engine_.next_nav();
  if (it.heading_required && k >= 0) {
    const MissionCommand& nx = engine_.command(k);
    const bool circle =
        nx.kind == MissionCommand::Kind::kLoiter || nx.kind == MissionCommand::Kind::kLoiterToAlt;
    const Eigen::Vector2d p = engine_.point(nx, st_.mission);
    exit_valid_ =
        circle_tangent(it.ne, d * r, p, circle ? nx.direction * circle_radius(nx) : 0.0, &t1, &t2);
    if (exit_valid_) exit_angle_rad_ = std::atan2(t1.y() - it.ne.y(), t1.x() - it.ne.x());
  }
}

bool Autopilot::loiter_step(const Est& e, const MissionCommand& it, ActuatorCommands& out,
                            double dt_s) {
  const double r = circle_radius(it);
  const int d = it.direction;
  const double h = engine_.height_m(it, st_.mission);
  const Eigen::Vector2d rel = e.ne - it.ne;
  const double ang = std::atan2(rel.y(), rel.x());
  if (!on_circle_) {
    // The entry leg, at the leg speed, to the tangent point; the circle takes over just before
    // it. Turns count from the tangent point.
    set_path_straight(leg_start_, entry_ne_);
    fly_path(e, h, mission_eas(it, p_.cruise_eas_mps), false, att_p_.bank_max_rad, out, dt_s);
    st_.mission.distance_to_go_m = std::max(st_.guidance.along_track_to_go_m, 0.0);
    if (st_.guidance.along_track_to_go_m <= kCircleLeadS * e.ground_speed_mps) {
      on_circle_ = true;
      on_station_ = true;
      loiter_last_angle_rad_ = std::atan2(entry_ne_.y() - it.ne.y(), entry_ne_.x() - it.ne.x());
    }
  } else {
    set_path_circle(it.ne, r, d);
    fly_path(e, h, mission_eas(it, p_.loiter_eas_mps), false, att_p_.bank_max_rad, out, dt_s);
    st_.mission.distance_to_go_m = std::max(std::abs(rel.norm() - r) - kCaptureCircleM, 0.0);
    // Joined directly: turns and time count once the circle is captured.
    if (!on_station_ && st_.path_captured) {
      on_station_ = true;
      loiter_last_angle_rad_ = ang;
    }
  }
  if (on_station_) {
    station_time_s_ += dt_s;
    loiter_angle_accum_rad_ += d * wrap_pi(ang - loiter_last_angle_rad_);
    loiter_last_angle_rad_ = ang;
  }
  st_.mission.turns_done = std::max(loiter_angle_accum_rad_, 0.0) / (2 * kPi);
  st_.mission.time_left_s = it.exit_on_time ? std::max(it.time_s - station_time_s_, 0.0) : -1.0;
  // Exit: the first condition that holds (latched), then, if the heading is required, the exit
  // point towards the next leg.
  if (on_station_ && !exit_armed_) {
    const double slack = it.heading_required && exit_valid_ ? kTurnSlackRad : 0.0;
    exit_armed_ =
        (it.exit_on_turns && loiter_angle_accum_rad_ >= it.turns * 2 * kPi - slack) ||
        (it.exit_on_time && station_time_s_ >= it.time_s) ||
        (it.until_fuel_kg > 0 && e.fuel_kg <= it.until_fuel_kg) ||
        (it.kind == MissionCommand::Kind::kLoiterToAlt && std::abs(e.height_m - h) < kAltReachedM);
  }
  if (!exit_armed_) return false;
  if (!(it.heading_required && exit_valid_)) return true;
  const double to_go = angle_to_go(ang, exit_angle_rad_, d);
  return to_go < kExitEarlyRad || to_go > 2 * kPi - kExitLateRad;
}

void Autopilot::fly_item(const Est& e, ActuatorCommands& out, double dt_s) {
  engine_.update(mission_context(e), dt_s, st_.mission);  // DO and CONDITION commands
  if (engine_.complete()) {
    if (!was_flying_) {
      // Nothing (more) to fly on the ground: parked, or landed and stopped.
      if (st_.phase == FlightPhase::kLanded) {
        land_step(e, out, dt_s);
      } else {
        out.throttle = 0;
        out.brake_left = out.brake_right = 1;
        out.ignition = out.starter = false;
        st_.path = AutopilotStatus::Path::kNone;
      }
      return;
    }
    set_path_circle(hold_a_, end_radius_m_, end_direction_);
    fly_path(e, hold_height_m_, p_.loiter_eas_mps, false, att_p_.bank_max_rad, out, dt_s);
    return;
  }
  const MissionCommand& it = engine_.command(engine_.current());
  const double h = engine_.height_m(it, st_.mission);
  st_.mission.height_to_go_m = h - e.height_m;
  bool done = false;
  switch (it.kind) {
    case MissionCommand::Kind::kTakeoff:
      done = takeoff_step(e, h, out, dt_s);
      break;
    case MissionCommand::Kind::kWaypoint: {
      set_path_straight(leg_start_, it.ne);
      fly_path(e, h, mission_eas(it, p_.cruise_eas_mps), false, att_p_.bank_max_rad, out, dt_s);
      const double dist = (e.ne - it.ne).norm();
      st_.mission.distance_to_go_m = dist;
      // Reached within the acceptance radius, or past it, or (the next item a waypoint) where
      // the turn onto the next leg must begin.
      const double acceptance_m = it.acceptance_m > 0 ? it.acceptance_m : p_.waypoint_radius_m;
      done = dist < acceptance_m || st_.guidance.along_track_to_go_m < 0;
      const int k = engine_.next_nav();
      if (!done && k >= 0 && engine_.command(k).kind == MissionCommand::Kind::kWaypoint) {
        done = should_switch_to_next(npfg_p_, guidance_input(e), StraightPath{leg_start_, it.ne},
                                     engine_.command(k).ne - it.ne);
      }
      if (done) {
        prev_wp_valid_ = true;
        prev_wp_ne_ = it.ne;
      }
      break;
    }
    case MissionCommand::Kind::kLoiter:
    case MissionCommand::Kind::kLoiterToAlt:
      done = loiter_step(e, it, out, dt_s);
      break;
    case MissionCommand::Kind::kRacetrack:
      done = racetrack_step(e, it, out, dt_s);
      break;
    case MissionCommand::Kind::kRtl: {
      const Eigen::Vector2d home = st_.mission.home_ne;
      fly_to_and_circle(e, home, st_.mission.home_height_m + p_.rtl_alt_m, p_.loiter_radius_m, 1,
                        mission_eas(it, p_.cruise_eas_mps), mission_eas(it, p_.loiter_eas_mps), out,
                        dt_s);
      st_.mission.height_to_go_m = st_.mission.home_height_m + p_.rtl_alt_m - e.height_m;
      st_.mission.distance_to_go_m = (e.ne - home).norm();
      done = st_.mission.distance_to_go_m < 2.0 * p_.loiter_radius_m;
      break;
    }
    case MissionCommand::Kind::kLand:
      land_step(e, out, dt_s);
      st_.mission.distance_to_go_m = std::max((aim_ne_ - e.ne).dot(rwy_u_), 0.0);
      st_.mission.height_to_go_m = site_.home_height_m - e.height_m;
      break;  // the landing is the end of the mission: the item stays current
    default:
      break;  // not a navigation command: the engine never names one
  }
  if (done) {
    engine_.nav_done(mission_context(e), st_.mission);
    begin_nav(e, /*resume=*/false);
  }
}

// Racetrack: legs along the axis, half circles at its two ends. Segment 0: the outbound leg
// (along the axis), 1: the far half circle, 2: the inbound leg, 3: the near half circle.
bool Autopilot::racetrack_step(const Est& e, const MissionCommand& it, ActuatorCommands& out,
                               double dt_s) {
  const double r = circle_radius(it);
  const int d = it.direction >= 0 ? 1 : -1;
  const Eigen::Vector2d c = it.ne;
  const Eigen::Vector2d u(std::cos(it.axis_heading_rad), std::sin(it.axis_heading_rad));
  const Eigen::Vector2d rr = d * right_of(u);  // towards the turn side of the outbound leg
  const Eigen::Vector2d o1 = c - 0.5 * it.length_m * u, o2 = c + 0.5 * it.length_m * u;
  const double h = engine_.height_m(it, st_.mission);
  const double eas = mission_eas(it, p_.loiter_eas_mps);
  const Eigen::Vector2d p = e.ne;
  switch (racetrack_segment_) {
    case 0:
      set_path_straight(o1 - r * rr, o2 - r * rr);
      if ((p - o2).dot(u) >= 0 && st_.path_captured) racetrack_segment_ = 1;
      break;
    case 1:
      set_path_circle(o2, r, d);
      if ((p - o2).dot(u) < 0 && (p - o2).dot(rr) > 0) racetrack_segment_ = 2;
      break;
    case 2:
      set_path_straight(o2 + r * rr, o1 + r * rr);
      if ((p - o1).dot(u) <= 0) racetrack_segment_ = 3;
      break;
    default:
      set_path_circle(o1, r, d);
      if ((p - o1).dot(u) > 0 && (p - o1).dot(rr) < 0) racetrack_segment_ = 0;
      break;
  }
  if (racetrack_segment_ != 0 && !on_station_) on_station_ = true;
  fly_path(e, h, eas, false, att_p_.bank_max_rad, out, dt_s);
  if (on_station_) station_time_s_ += dt_s;
  st_.mission.time_left_s = it.exit_on_time ? std::max(it.time_s - station_time_s_, 0.0) : -1.0;
  st_.mission.distance_to_go_m = on_station_ ? 0.0 : std::abs(st_.guidance.cross_track_m);
  return on_station_ && ((it.exit_on_time && station_time_s_ >= it.time_s) ||
                         (it.until_fuel_kg > 0 && e.fuel_kg <= it.until_fuel_kg));
}

// ---- Take-off ---------------------------------------------------------------------------------

// Nosewheel and rudder on the runway centreline.
void Autopilot::ground_steer(const Est& e, ActuatorCommands& out) {
  const double xtrack = (e.ne - thr_ne_).dot(right_of(rwy_u_));
  const double heading_err = wrap_pi(e.yaw - site_.runway_heading_rad);
  const double steer =
      std::clamp(-(p_.steer_xtrack_rad_m * xtrack + p_.steer_heading_gain * heading_err +
                   p_.steer_yaw_rate_gain * e.omega_b.z()),
                 -p_.steer_max_rad, p_.steer_max_rad);
  out.nosewheel_rad = steer;
  out.rudder_rad =
      std::clamp(-p_.rudder_per_steer * steer, -att_p_.surface_max_rad, att_p_.surface_max_rad);
  st_.guidance = PathGuidanceOutput{};
  st_.guidance.cross_track_m = xtrack;
}

bool Autopilot::takeoff_step(const Est& e, double target_height_m, ActuatorCommands& out,
                             double dt_s) {
  out.ignition = true;
  out.starter = false;
  out.flap_rad = 0;
  auto next = [&](FlightPhase ph) {
    st_.phase = ph;
    phase_time_s_ = 0;
    phase_hold_s_ = 0;
  };
  // The runway centreline; for a take-off item started in the air, the line along the runway
  // heading through where it started.
  const Eigen::Vector2d far_end = climb_origin_ne_ + kFarM * rwy_u_;
  switch (st_.phase) {
    case FlightPhase::kEngineStart:
      out.brake_left = out.brake_right = 1;
      out.throttle = 0;
      out.elevator_rad = out.aileron_rad = out.rudder_rad = out.nosewheel_rad = 0;
      out.starter = e.rpm < p_.engine_start_rpm;
      phase_hold_s_ = e.rpm > p_.engine_start_rpm ? phase_hold_s_ + dt_s : 0;
      if (phase_hold_s_ > 1.0) next(FlightPhase::kWarmup);
      if (phase_time_s_ > 20.0) {
        st_.engine_check_failed = true;
        next(FlightPhase::kAborted);
      }
      return false;
    case FlightPhase::kWarmup:
      out.brake_left = out.brake_right = 1;
      out.throttle = 0;
      if (e.rpm < 0.5 * p_.engine_start_rpm) {  // it died
        next(FlightPhase::kEngineStart);
        return false;
      }
      if (phase_time_s_ >= p_.engine_warmup_s) next(FlightPhase::kRunup);
      return false;
    case FlightPhase::kRunup:
      out.brake_left = out.brake_right = 1;
      out.throttle = slew(last_.throttle, 1.0, kThrottleSlewPerS * dt_s);
      if (phase_time_s_ >= p_.engine_runup_s + 2.0) {
        if (e.rpm >= p_.engine_runup_rpm) {
          next(FlightPhase::kTakeoffRoll);
        } else {
          st_.engine_check_failed = true;
          next(FlightPhase::kAborted);
        }
      }
      return false;
    case FlightPhase::kTakeoffRoll:
      out.brake_left = out.brake_right = 0;
      out.throttle = 1;
      ground_steer(e, out);
      level_wings_on_ground(e.roll, e.omega_b.x(), out, att_p_.surface_max_rad);
      out.elevator_rad = 0;
      st_.roll_demand_rad = 0;
      st_.pitch_demand_rad = e.pitch;
      need_att_reset_ = true;
      if (e.eas >= p_.takeoff_rotate_eas_mps) next(FlightPhase::kRotate);
      return false;
    case FlightPhase::kRotate: {
      out.brake_left = out.brake_right = 0;
      out.throttle = 1;
      set_path_straight(climb_origin_ne_, far_end);
      const double bank = guide(e);
      fly_attitude(e, std::clamp(bank, -0.05, 0.05), p_.takeoff_pitch_rad, 0.05, out, dt_s);
      ActuatorCommands steer = out;
      ground_steer(e, steer);
      out.nosewheel_rad = steer.nosewheel_rad;
      out.rudder_rad = std::clamp(out.rudder_rad + steer.rudder_rad, -att_p_.surface_max_rad,
                                  att_p_.surface_max_rad);
      if (e.h_agl_m > 3.0 || phase_time_s_ > 15.0) {
        next(FlightPhase::kClimbOut);
        need_tecs_reset_ = true;
      }
      return false;
    }
    case FlightPhase::kClimbOut: {
      set_path_straight(climb_origin_ne_, far_end);
      const double h_safe = site_.home_height_m + p_.takeoff_safe_alt_m;
      const bool low = e.height_m < h_safe;
      fly_path(e, std::max(target_height_m, h_safe), p_.takeoff_climb_eas_mps, true,
               low ? p_.takeoff_bank_max_rad : att_p_.bank_max_rad, out, dt_s);
      return e.height_m >= target_height_m - 10.0 && !low;
    }
    case FlightPhase::kAborted:
      out.brake_left = out.brake_right = 1;
      out.throttle = 0;
      out.ignition = false;
      return false;
    default:
      next(was_flying_ ? FlightPhase::kClimbOut : FlightPhase::kEngineStart);
      return false;
  }
}

// ---- Landing ----------------------------------------------------------------------------------

// Below the decision height a sink rate well beyond the glide path's (a downdraft, a gust the
// flare cannot stop) is not a landing: go around (true when it did).
bool Autopilot::sink_too_high(const Est& e) {
  const double glide_sink = e.ground_speed_mps * std::tan(p_.land_slope_rad);
  if (-sink_lp_climb_mps_ < glide_sink + p_.land_ga_sink_mps) return false;
  std::snprintf(st_.go_around_reason, sizeof st_.go_around_reason, "sink rate (%.1f m/s at %.1f m)",
                -e.climb_rate_mps, e.h_agl_m);
  ++st_.go_arounds;
  st_.phase = FlightPhase::kGoAround;
  phase_time_s_ = 0;
  phase_hold_s_ = 0;
  need_tecs_reset_ = true;
  return true;
}

void Autopilot::start_landing(const Est& e, bool straight_in) {
  st_.phase = FlightPhase::kApproach;
  phase_time_s_ = 0;
  phase_hold_s_ = 0;
  dh_checked_ = false;
  // The approach circle on the side of the final the aircraft is on.
  const Eigen::Vector2d faf = aim_ne_ - p_.land_final_m * rwy_u_;
  land_dir_ = (e.ne - faf).dot(right_of(rwy_u_)) >= 0 ? 1 : -1;
  if (straight_in) {
    // A mission that brings the aircraft onto the extended centreline before the final approach
    // fix, on the runway heading and near the glide path (a landing pattern's last waypoint),
    // flies the final from there rather than the approach circle.
    const Eigen::Vector2d d = e.ne - faf;
    const double to_gp = (aim_ne_ - p_.land_gp_offset_m * rwy_u_ - e.ne).dot(rwy_u_);
    const double h_gp = site_.home_height_m + std::tan(p_.land_slope_rad) * to_gp;
    if (d.dot(rwy_u_) <= 0 && d.dot(rwy_u_) > -kStraightInM &&
        std::abs(d.dot(right_of(rwy_u_))) < kStraightInXtrackM &&
        std::abs(wrap_pi(e.course_rad - site_.runway_heading_rad)) < kStraightInCourseRad &&
        std::abs(e.height_m - h_gp) < kStraightInHeightM)
      st_.phase = FlightPhase::kFinal;
  }
  if (!was_flying_) st_.phase = FlightPhase::kLanded;
}

bool Autopilot::land_step(const Est& e, ActuatorCommands& out, double dt_s) {
  const Eigen::Vector2d u = rwy_u_, r = right_of(u);
  const double tan_g = std::tan(p_.land_slope_rad);
  const Eigen::Vector2d gp_origin = aim_ne_ - p_.land_gp_offset_m * u;
  const Eigen::Vector2d faf = aim_ne_ - p_.land_final_m * u;
  const double h_faf = site_.home_height_m + tan_g * (gp_origin - faf).dot(u);
  const Eigen::Vector2d rw_end = thr_ne_ + site_.runway_length_m * u;
  auto next = [&](FlightPhase ph) {
    st_.phase = ph;
    phase_time_s_ = 0;
    phase_hold_s_ = 0;
  };
  const double to_gp = (gp_origin - e.ne).dot(u);  // along the final to the glide path origin
  const double h_gp = site_.home_height_m + tan_g * std::max(to_gp, 0.0);
  // The height demand leads by the TECS demand filter's time constant, so that the shaped demand
  // lies on the glide path rather than behind it.
  const double h_gp_lead =
      site_.home_height_m +
      tan_g * std::max(to_gp - e.ground_speed_mps * tecs_p_.height_demand_tau_s, 0.0);
  switch (st_.phase) {
    case FlightPhase::kApproach: {
      const Eigen::Vector2d centre = faf + land_dir_ * p_.land_loiter_radius_m * r;
      set_path_circle(centre, p_.land_loiter_radius_m, land_dir_);
      fly_path(e, h_faf, p_.loiter_eas_mps, false, att_p_.bank_max_rad, out, dt_s);
      const Eigen::Vector2d d = e.ne - faf;
      const bool at_height = std::abs(e.height_m - h_faf) < 15.0;
      const bool at_tangent = std::abs(d.dot(u)) < 60.0 && std::abs(d.dot(r)) < 60.0 &&
                              e.vel_ne.dot(u) > 0.9 * e.ground_speed_mps;
      if (at_height && at_tangent) next(FlightPhase::kFinal);
      return false;
    }
    case FlightPhase::kFinal: {
      set_path_straight(faf, rw_end);
      fly_path(e, h_gp_lead, approach_eas(e), false, att_p_.bank_max_rad, out, dt_s,
               p_.land_guidance_period_s);
      // The stabilised-approach check at the decision height's point on the glide path.
      if (!dh_checked_ && to_gp <= p_.land_decision_height_m / tan_g) {
        dh_checked_ = true;
        const double xtrack = (e.ne - thr_ne_).dot(r);
        const double dh = e.height_m - h_gp;
        const double dv = e.tas - tas_of_eas(e, approach_eas(e));
        const char* why = std::abs(xtrack) >= p_.land_ga_xtrack_m ? "off the centreline"
                          : dh >= p_.land_ga_height_m             ? "too high"
                          : dh <= -p_.land_ga_height_m            ? "too low"
                          : dv >= p_.land_ga_speed_mps            ? "too fast"
                          : dv <= -p_.land_ga_speed_mps           ? "too slow"
                                                                  : nullptr;
        if (why) {
          std::snprintf(st_.go_around_reason, sizeof st_.go_around_reason,
                        "%s (%.1f m off, %+.1f m, %+.1f m/s)", why, xtrack, dh, dv);
          ++st_.go_arounds;
          next(FlightPhase::kGoAround);
          need_tecs_reset_ = true;
          return false;
        }
      }
      // (Not below the flare height plus 5 m: that low, a go-around with the sink of a downdraft
      // would meet the ground in the climb; the flare is the better answer.)
      if (dh_checked_ && e.h_agl_m > p_.land_flare_height_m + 5.0 && sink_too_high(e)) return false;
      if (e.rangefinder && e.h_agl_m < p_.land_flare_height_m) {
        next(FlightPhase::kFlare);
        flare_integrator_ = 0;
        flare_pitch_base_ = pitch_dem_;
      }
      return false;
    }
    case FlightPhase::kFlare: {
      set_path_straight(faf, rw_end);
      const double bank = guide(e, p_.land_guidance_period_s);
      // Sink demand: the height over the time left to the aim point (so the flare lands there,
      // whatever the speed and height it began with), between the touchdown sink and a limit
      // that shrinks with height (LAND_FLARE_TAU); pitch by PI on it.
      const double to_aim = (aim_ne_ - e.ne).dot(u);
      const double t_go = std::max(to_aim / std::max(e.ground_speed_mps, 10.0), 0.5);
      const double sink_dem =
          std::clamp(e.h_agl_m / t_go, p_.land_touchdown_sink_mps,
                     p_.land_touchdown_sink_mps + e.h_agl_m / p_.land_flare_tau_s);
      const double err = e.climb_rate_mps + sink_dem;  // > 0: sinking too slowly
      flare_integrator_ = std::clamp(flare_integrator_ - p_.land_flare_i * err * dt_s, -0.2, 0.2);
      const double pitch = std::clamp(flare_pitch_base_ - p_.land_flare_p * err + flare_integrator_,
                                      -0.05, p_.land_flare_pitch_max_rad);
      pitch_slew_rad_s_ = p_.land_flare_slew_rad_s;
      // Bank limit: LAND_FLR_BANK, halved by the touchdown (from 4 m down), so that a roll gust
      // at the wheels starts from near wings-level, far from the wingtip's 20 deg.
      const double bank_max =
          p_.land_flare_bank_max_rad * std::clamp(0.5 + e.h_agl_m / 8.0, 0.5, 1.0);
      fly_attitude(e, bank, pitch, bank_max, out, dt_s);
      // De-crab: the rudder turns the nose part of the way to the runway heading.
      const double crab = wrap_pi(e.yaw - site_.runway_heading_rad);
      out.rudder_rad = std::clamp(out.rudder_rad + 1.0 * p_.land_crab_removal * crab,
                                  -att_p_.surface_max_rad, att_p_.surface_max_rad);
      // Idle, unless a shear has the aircraft sinking much faster than the demand well above the
      // wheels: then power against it (the pitch alone, near the stall, cannot).
      const double sink_excess = -err - 1.5;  // m/s beyond the demand and a margin
      const double thr_flare = e.h_agl_m > 1.0 && sink_excess > 0 && !st_.failsafe.engine_failed
                                   ? std::min(1.0, 0.4 * sink_excess)
                                   : 0.0;
      out.throttle = slew(last_.throttle, thr_flare, kThrottleSlewPerS * 2 * dt_s);
      out.nosewheel_rad = 0;
      out.brake_left = out.brake_right = 0;
      st_.height_demand_m = site_.home_height_m + e.h_agl_m;
      // Touchdown: the rangefinder reads the ground clearance for 0.2 s.
      phase_hold_s_ = e.h_agl_m < 0.2 ? phase_hold_s_ + dt_s : 0;
      if (phase_hold_s_ >= 0.1) {
        next(FlightPhase::kRollout);
        rollout_pitch_ = std::min(e.pitch, 0.05);
      }
      return false;
    }
    case FlightPhase::kRollout: {
      // Idle, the nose lowered onto its wheel within 2 s (elevator on the pitch, so that the
      // wing stops lifting), wings level, steering on the centreline, then the brakes.
      out.throttle = 0;
      rollout_pitch_ = slew(rollout_pitch_, -0.02, 0.1 * dt_s);
      out.elevator_rad = std::clamp(0.8 * (e.pitch - rollout_pitch_) + 0.2 * e.omega_b.y(), -0.1,
                                    att_p_.surface_max_rad);
      level_wings_on_ground(e.roll, e.omega_b.x(), out, att_p_.surface_max_rad);
      ground_steer(e, out);
      if (phase_time_s_ > 2.0) {
        const double decel = -nav_accel_x_;  // specific force along x: braking reads negative
        brake_ = std::clamp(brake_ + 0.5 * (p_.land_brake_decel_mps2 - decel) * dt_s, 0.0, 1.0);
      } else {
        brake_ = 0;
      }
      out.brake_left = out.brake_right = brake_;
      need_att_reset_ = true;
      phase_hold_s_ = e.ground_speed_mps < 0.3 ? phase_hold_s_ + dt_s : 0;
      if (phase_hold_s_ > 1.0) next(FlightPhase::kLanded);
      return false;
    }
    case FlightPhase::kGoAround: {
      set_path_straight(faf, rw_end + kFarM * u);
      const double h_ga = site_.home_height_m + p_.land_ga_alt_m;
      fly_path(e, h_ga, p_.takeoff_climb_eas_mps, true, p_.takeoff_bank_max_rad, out, dt_s);
      if (e.height_m > h_ga - 15.0) {
        next(FlightPhase::kApproach);
        dh_checked_ = false;
        land_dir_ = (e.ne - faf).dot(r) >= 0 ? 1 : -1;
      }
      return false;
    }
    case FlightPhase::kLanded:
      out.throttle = 0;
      out.brake_left = out.brake_right = 1;
      out.ignition = false;
      out.starter = false;
      out.nosewheel_rad = 0;
      out.elevator_rad = out.aileron_rad = out.rudder_rad = 0;
      st_.path = AutopilotStatus::Path::kNone;
      return true;
    default:
      next(FlightPhase::kApproach);
      return false;
  }
}

}  // namespace kestrel
