// The autopilot's failsafes: the staged state machine (fsw/failsafe.h) stepped with what the
// flight software knows, and the actions it chooses flown (docs/failsafes.md): the orbits and
// holds, the fence return, the dead-reckoning return, the lost-link procedure, the bingo return
// and landing, the engine-out glide with its dead-stick landing, and the flight termination.
#include <algorithm>
#include <cmath>

#include "core/geodesy.h"
#include "fsw/autopilot.h"
#include "fsw/autopilot_internal.h"

namespace kestrel {
namespace {

using autopilot_util::kG;
using autopilot_util::kThrottleSlewPerS;
using autopilot_util::right_of;
using autopilot_util::slew;

// The dead-stick approach (docs/failsafes.md, "Engine out"): a circuit flown without power. The
// aircraft glides to the key point, a circle abeam the runway, and circles down in it; it leaves
// on the downwind leg at the circle's outer tangent (heading opposite the runway) when one more
// turn would leave it short of the shortest circuit; the downwind leg is then extended until the
// height left matches the glide home (the base turn), which absorbs up to a turn's height.
constexpr double kDsAimPastM = 100;        // the dead-stick aim point: past the landing aim point
constexpr double kDsDownwindM = 700;       // downwind leg's offset from the centreline
constexpr double kDsKeyRadiusM = 350;      // the key circle's radius
constexpr double kDsKeyAlongM = 400;       // the key circle's centre, along the runway from the aim
constexpr double kDsMinFinalM = 1000;      // the shortest final: the base turn from here out
constexpr double kDsFinalFastEas = 1.4;    // the final's fastest, over the glide speed
constexpr double kDsFinalBurnM = 10;       // ... for this much height over the glide
constexpr double kDsFinalSlowAglM = 40;    // ... back to the glide speed by this height
constexpr double kDsCushionM = 40;         // height kept over the predicted glide on the circuit
constexpr double kDsShortFinalM = 600;     // the base leg aims at a final of this length ...
constexpr double kDsLongFinalM = 5000;     // ... to this (from the dead-stick aim point)
constexpr double kDsExitWindowM = 120;     // the tangent point counts as reached within this
constexpr double kDsArriveFraction = 0.5;  // the glide leg hands over to the circle this close
constexpr double kTermRadiusM = 300;       // the circle flown over the flight termination area
constexpr double kGnssRejectS = 5;         // GNSS rejected this long on end: lost
constexpr double kWindProfileMinAglM = 30;  // the wind profile's samples: this high at least

}  // namespace

// The dead-stick circuit's key point: the centre of its circle, abeam the runway on the side of
// the centreline the aircraft is on; `dir` (may be null): the circuit's turns, +1 clockwise.
Eigen::Vector2d Autopilot::key_point(const Est& e, int* dir) const {
  const Eigen::Vector2d u = rwy_u_, r = right_of(u);
  const double s = (e.ne - aim_ne_).dot(r) >= 0 ? 1.0 : -1.0;
  if (dir) *dir = s > 0 ? 1 : -1;
  return aim_ne_ + (kDsAimPastM + kDsKeyAlongM) * u + s * (kDsDownwindM - kDsKeyRadiusM) * r;
}

// The nearest of home and the plan's rally points.
Eigen::Vector2d Autopilot::rtl_target(const Est& e) const {
  Eigen::Vector2d best = st_.mission.home_ne;
  double best_d = (e.ne - best).norm();
  for (int i = 0; i < rally_count_; ++i) {
    const double d = (e.ne - rally_ne_[static_cast<std::size_t>(i)]).norm();
    if (d < best_d) {
      best_d = d;
      best = rally_ne_[static_cast<std::size_t>(i)];
    }
  }
  return best;
}

// The glide from here to `target`: first the turn onto the course to it (at the guidance's bank
// limit and the glide speed, its air path R x angle flown at L/D cos(bank), the wind drifting
// the turn), then glide.h's straight glide from where the turn ends. The returned figures are
// glide.h's for the whole way: the height loss and arrival height include the turn's, the
// distance is the straight part's. The straight glide's wind: with WIND_PROF_EN, the wind
// profile's mean over the heights it descends through (the present estimate at the top; twice
// round, each time with the heights the last loss gives), else the present estimate.
GlideSiteResult Autopilot::glide_reach(const Est& e, const Eigen::Vector2d& target) const {
  GlideInput gi;
  gi.position_ne = e.ne;
  gi.height_m = e.height_m - site_.home_height_m;
  gi.wind_ne = e.wind_ne;
  // The density half way down (the glide's mean).
  gi.density_ratio = isa_density_ratio(std::max(sigma_alt_m_ - 0.5 * gi.height_m, 0.0));
  LandingSite s;
  s.position_ne = target;
  s.runway_heading_rad = site_.runway_heading_rad;
  // The turn: a circle of radius R on the side of the target, left where its tangent points at
  // the target.
  const double bank = npfg_p_.max_bank_rad;
  const double v = glide_p_.speed_eas_mps / std::sqrt(gi.density_ratio);
  const double radius = turn_radius_m(v, bank);
  const Eigen::Vector2d u(std::cos(e.course_rad), std::sin(e.course_rad));
  const Eigen::Vector2d to = target - e.ne;
  const double side = u.x() * to.y() - u.y() * to.x() >= 0 ? 1.0 : -1.0;  // + : target right
  const Eigen::Vector2d c = e.ne + side * radius * right_of(u);
  const Eigen::Vector2d ct = target - c;
  const double dc = ct.norm();
  double turn_loss = 0;
  if (dc > radius * 1.001) {
    // The tangent point T: (T - c) at angle acos(R / dc) from (target - c), back against the
    // turn; the arc from the start to T in the turn's direction (+ clockwise seen from above).
    const double beta = std::acos(radius / dc);
    const double a_t = std::atan2(ct.y(), ct.x()) - side * beta;
    const Eigen::Vector2d r0 = e.ne - c;
    double arc = side * (a_t - std::atan2(r0.y(), r0.x()));
    arc = std::fmod(arc + 4 * M_PI, 2 * M_PI);
    const Eigen::Vector2d t = c + radius * Eigen::Vector2d(std::cos(a_t), std::sin(a_t));
    const double air_path = radius * arc;
    turn_loss = air_path / (glide_p_.lift_drag * std::cos(bank));
    gi.position_ne = t + e.wind_ne * (air_path / v);
    gi.height_m -= turn_loss;
  }
  GlideSiteResult r = glide_to_site(glide_p_, gi, s);
  if (wprof_p_.enable >= 0.5) {
    const double top = gi.height_m;
    for (int k = 0; k < 2 && std::isfinite(r.height_loss_m); ++k) {
      gi.wind_ne = wind_prof_.mean(wprof_p_, top - r.height_loss_m, top, e.time_s,
                                   e.height_m - site_.home_height_m, e.wind_ne);
      r = glide_to_site(glide_p_, gi, s);
    }
  }
  r.height_loss_m += turn_loss;
  return r;
}

// ---- The state machine's inputs, once per step ----------------------------------------------

void Autopilot::failsafe_step(const Est& e, const NavState& nav, const AutopilotInput& in,
                              double dt_s) {
  FailsafeInput fi;
  fi.time_s = e.time_s;
  // (In the air: not once the wheels are down in a landing's rollout.)
  fi.airborne = was_flying_ && st_.phase != FlightPhase::kRollout;
  fi.link_age_s = in.uplink_age_s;
  fi.operator_ack = operator_ack_;
  const Eigen::Vector2d home = st_.mission.home_ne;
  // Once a second: the fuel flow from the gauge, the bingo figures, and (while the engine runs)
  // whether the runway's key point is within glide.
  if (e.time_s >= fs_next_eval_s_) {
    fs_next_eval_s_ = e.time_s + 1.0;
    flow_.update(bingo_p_, e.time_s, e.fuel_kg);
    if (was_flying_ && flow_.flow_kg_h) {
      BingoInput bi;
      bi.fuel_kg = e.fuel_kg;
      bi.fuel_flow_kg_h = *flow_.flow_kg_h;
      bi.airspeed_tas_mps = tas_of_eas(e, p_.cruise_eas_mps);
      bi.to_target_ne = home - e.ne;
      bi.wind_ne = e.wind_ne;
      (void)bingo_step(bingo_p_, bingo_s_, bi);
    }
    // The wind by height, in the air and clear of the ground (the filter's wind from the
    // take-off roll and the first seconds aloft is not yet the air's).
    const double h_home = e.height_m - site_.home_height_m;
    if (was_flying_ && e.wind_ok && e.h_agl_m > kWindProfileMinAglM)
      wind_prof_.update(wprof_p_, h_home, e.wind_ne, e.time_s, 1.0);
    if (!fs_.status().engine_failed)
      site_reachable_ = glide_reach(e, key_point(e, nullptr)).reach == GlideReach::kReachable;
  }
  fi.bingo = was_flying_ && bingo_s_.bingo;
  fi.minimum_fuel = was_flying_ && bingo_s_.minimum_fuel;
  fi.ignition_on = last_.ignition;
  fi.prop_rpm = e.rpm;
  // GNSS: fused, and not failing its gate for kGnssRejectS on end (a single rejected fix in
  // turbulence is no loss; a jump that stays rejected is).
  gnss_rejected_s_ = (nav.status & kNavGnssRejected) ? gnss_rejected_s_ + dt_s : 0.0;
  fi.gnss_ok = (nav.status & kNavGnssFusing) && gnss_rejected_s_ < kGnssRejectS;
  fi.pitot_tas_mps = nav.tas_mps;
  const Vec3 v_air = nav.vel_ned_mps - Vec3(nav.wind_n_mps, nav.wind_e_mps, 0.0);
  fi.synthetic_tas_mps = v_air.norm();
  fi.synthetic_valid = (nav.status & kNavWindEstimated) && fi.gnss_ok;
  if (!fence_.empty() && was_flying_)
    fi.fence_breached = fence_.check(e.ne, e.height_m - site_.home_height_m).breached();
  fi.fence_action = static_cast<FenceAction>(std::clamp(static_cast<int>(fence_p_.action), 0, 2));
  fi.ll_at_altitude = e.height_m >= fs_height_m_ - 30.0;
  fi.ll_at_orbit = ll_route_i_ >= ll_route_n_ && (e.ne - home).norm() < 2.0 * p_.loiter_radius_m;
  fi.site_reachable = site_reachable_;

  std::array<FailsafeEvent, Failsafe::kMaxEvents> events;
  const int n = fs_.step(fi, events);
  for (int i = 0; i < n; ++i) {
    FailsafeNote& note = st_.failsafe_events[st_.failsafe_event_count % kFailsafeRing];
    note.time_s = e.time_s;
    note.kind = events[static_cast<std::size_t>(i)].kind;
    note.action = events[static_cast<std::size_t>(i)].action;
    note.text = events[static_cast<std::size_t>(i)].text;
    ++st_.failsafe_event_count;
  }
  st_.failsafe = fs_.status();
}

// ---- The actions ------------------------------------------------------------------------------

void Autopilot::begin_failsafe(const Est& e, FailsafeAction from, FailsafeAction to) {
  const Eigen::Vector2d u(std::cos(e.course_rad), std::sin(e.course_rad));
  const double home_h = st_.mission.home_height_m;
  // A landing under way stays under way when minimum fuel follows the bingo return.
  const bool keep_landing =
      fs_landing_ && from == FailsafeAction::kRtl && to == FailsafeAction::kLand;
  if (keep_landing) return;
  fs_landing_ = false;
  leg_start_ = e.ne;
  if (st_.phase != FlightPhase::kLanded) st_.phase = FlightPhase::kNone;
  switch (to) {
    case FailsafeAction::kNone:
      // Over. An operator's command has set its own mode (enter_mode ran). Otherwise: the GNSS
      // return goes on as an RTL and a fence breach ends at the return point or circling (the
      // operator decides what next, never the mission on its own); the link's short stage
      // resumes what was flown.
      if (operator_ack_) break;
      if (from == FailsafeAction::kGnssReturn) {
        enter_mode(FlightMode::kRtl, e);
      } else if (from == FailsafeAction::kFenceReturn) {
        const std::optional<FenceReturnPoint>& rp = fence_.return_point();
        guided_ne_ = rp ? rp->ne : st_.mission.home_ne;
        guided_alt_m_ = rp ? rp->height_m : e.height_m - home_h;
        have_guided_ = true;
        enter_mode(FlightMode::kGuided, e);
      } else if (from == FailsafeAction::kFenceLoiter) {
        enter_mode(FlightMode::kLoiter, e);
      } else if (st_.mode != FlightMode::kTakeoff) {
        enter_mode(st_.mode, e);
      }
      break;
    case FailsafeAction::kOrbit:
    case FailsafeAction::kHold:
    case FailsafeAction::kFenceLoiter: {
      // The circle through the present position, turning right; a fence loiter inside the band.
      fs_centre_ = e.ne + p_.loiter_radius_m * right_of(u);
      fs_height_m_ = e.height_m;
      if (to == FailsafeAction::kFenceLoiter) {
        if (const std::optional<double> lo = fence_.alt_min_m())
          fs_height_m_ = std::max(fs_height_m_, home_h + *lo + 30.0);
        if (const std::optional<double> hi = fence_.alt_max_m())
          fs_height_m_ = std::min(fs_height_m_, home_h + *hi - 30.0);
      }
      break;
    }
    case FailsafeAction::kFenceReturn: {
      const std::optional<FenceReturnPoint>& rp = fence_.return_point();
      fs_centre_ = rp ? rp->ne : st_.mission.home_ne;
      fs_height_m_ = rp ? home_h + rp->height_m : e.height_m;
      break;
    }
    case FailsafeAction::kGnssReturn:
      fs_centre_ = st_.mission.home_ne;
      fs_height_m_ = home_h + p_.rtl_alt_m;
      break;
    case FailsafeAction::kLostLink: {
      // Coming back from the hold (the link lost again), the procedure goes on where it was.
      if (from == FailsafeAction::kHold && ll_route_n_ > 0) break;
      // The lost-link route: back over the mission's waypoints already flown, the latest first,
      // to home; at the lost-link altitude or higher.
      ll_route_n_ = 0;
      ll_route_i_ = 0;
      const int cur = std::min(engine_.current(), engine_.size());
      for (int i = cur - 1; i >= 0 && ll_route_n_ < kMaxRoute; --i) {
        const MissionCommand& c = engine_.command(i);
        const bool flown_over = c.kind == MissionCommand::Kind::kWaypoint ||
                                c.kind == MissionCommand::Kind::kLoiter ||
                                c.kind == MissionCommand::Kind::kLoiterToAlt ||
                                c.kind == MissionCommand::Kind::kRacetrack;
        if (c.has_position && flown_over &&
            (c.ne - st_.mission.home_ne).norm() > 2.0 * p_.loiter_radius_m)
          ll_route_[static_cast<std::size_t>(ll_route_n_++)] = c.ne;
      }
      fs_height_m_ = std::max(e.height_m, home_h + fs_.params().ll_alt_m);
      break;
    }
    case FailsafeAction::kRtl:
    case FailsafeAction::kLand:
      fs_centre_ = st_.mission.home_ne;
      fs_height_m_ = to == FailsafeAction::kLand ? std::min(e.height_m, home_h + p_.rtl_alt_m)
                                                 : home_h + p_.rtl_alt_m;
      break;
    case FailsafeAction::kGlide: {
      key_ne_ = key_point(e, &key_dir_);
      st_.phase = FlightPhase::kGlide;
      phase_time_s_ = 0;
      // The prediction the acceptance compares with what the glide achieves: glide.h's height
      // loss less the height the speed above the glide speed is worth.
      const GlideSiteResult g = glide_reach(e, key_ne_);
      GlidePrediction& gp = st_.glide;
      gp.valid = true;
      gp.start_time_s = e.time_s;
      gp.start_ne = e.ne;
      gp.target_ne = key_ne_;
      gp.start_height_m = e.height_m - home_h;
      gp.distance_m = g.distance_m;
      const double ke_m = (e.tas * e.tas - g.airspeed_tas_mps * g.airspeed_tas_mps) / (2 * kG);
      gp.predicted_loss_m = g.height_loss_m - ke_m;
      gp.predicted_arrival_m = gp.start_height_m - gp.predicted_loss_m;
      break;
    }
    case FailsafeAction::kTerminate:
      st_.phase = FlightPhase::kTerminate;
      fs_centre_ = Eigen::Vector2d(fs_.params().term_north_m, fs_.params().term_east_m);
      break;
  }
}

bool Autopilot::fly_failsafe(const Est& e, ActuatorCommands& out, double dt_s) {
  const FailsafeAction a = st_.failsafe.action;
  // A committed landing (on final, in the flare, rolling out or stopped) flown by the mode
  // finishes: an action below the engine's glide does not interrupt it (it would go around into
  // an orbit or a climb to RTL_ALT a few metres above the runway). A go-around ends the
  // commitment, and the action begins then.
  const bool committed = st_.phase == FlightPhase::kFinal || st_.phase == FlightPhase::kFlare ||
                         st_.phase == FlightPhase::kRollout || st_.phase == FlightPhase::kLanded;
  if (committed && fs_flown_ == FailsafeAction::kNone && a < FailsafeAction::kGlide) {
    operator_ack_ = false;
    return false;
  }
  if (a != fs_flown_) {
    const FailsafeAction from = fs_flown_;
    fs_flown_ = a;
    begin_failsafe(e, from, a);
  }
  operator_ack_ = false;
  if (a == FailsafeAction::kNone) return false;
  const double R = p_.loiter_radius_m;
  switch (a) {
    case FailsafeAction::kNone:
      return false;
    case FailsafeAction::kOrbit:
    case FailsafeAction::kHold:
    case FailsafeAction::kFenceLoiter:
      set_path_circle(fs_centre_, R, 1);
      fly_path(e, fs_height_m_, p_.loiter_eas_mps, false, att_p_.bank_max_rad, out, dt_s);
      break;
    case FailsafeAction::kFenceReturn:
    case FailsafeAction::kGnssReturn:
      fly_to_and_circle(e, fs_centre_, fs_height_m_, R, 1, p_.cruise_eas_mps, p_.loiter_eas_mps,
                        out, dt_s);
      break;
    case FailsafeAction::kLostLink:
      if (st_.failsafe.lost_link == LostLinkLeg::kLand) {
        if (!fs_landing_) {
          fs_landing_ = true;
          start_landing(e);
        }
        land_step(e, out, dt_s);
        break;
      }
      if (ll_route_i_ < ll_route_n_) {
        const Eigen::Vector2d& wp = ll_route_[static_cast<std::size_t>(ll_route_i_)];
        if ((e.ne - wp).norm() < p_.waypoint_radius_m) {
          leg_start_ = wp;
          ++ll_route_i_;
        } else {
          set_path_straight(leg_start_, wp);
          fly_path(e, fs_height_m_, p_.cruise_eas_mps, false, att_p_.bank_max_rad, out, dt_s);
          break;
        }
      }
      fly_to_and_circle(e, st_.mission.home_ne, fs_height_m_, R, 1, p_.cruise_eas_mps,
                        p_.loiter_eas_mps, out, dt_s);
      break;
    case FailsafeAction::kRtl:
    case FailsafeAction::kLand:
      if (!fs_landing_) {
        fly_to_and_circle(e, fs_centre_, fs_height_m_, R, 1, p_.cruise_eas_mps, p_.loiter_eas_mps,
                          out, dt_s);
        if ((e.ne - fs_centre_).norm() < 2.0 * R) {
          fs_landing_ = true;
          start_landing(e);
        }
      } else {
        land_step(e, out, dt_s);
      }
      break;
    case FailsafeAction::kGlide:
      glide_step(e, out, dt_s);
      break;
    case FailsafeAction::kTerminate:
      terminate_step(e, out, dt_s);
      break;
  }
  return true;
}

// The glide speed on a course along `dir` (any length): the best-glide speed, plus half the
// headwind component with GLIDE_WIND_ADJ (glide.h's speed, so that what is flown is what the
// plan and the prediction assumed), at most 1.5 times the best-glide speed.
double Autopilot::speed_to_fly(const Est& e, const Eigen::Vector2d& dir) const {
  const double eas = glide_p_.speed_eas_mps;
  const double n = dir.norm();
  if (glide_p_.wind_adjust < 0.5 || !(n > 1e-9)) return eas;
  const double headwind = -e.wind_ne.dot(dir / n);
  return headwind > 0 ? std::min(eas + 0.5 * headwind / e.eas2tas, 1.5 * eas) : eas;
}

// Guidance on the current path, the pitch holding eas_mps without thrust.
void Autopilot::fly_glide_path(const Est& e, double eas_mps, double bank_limit,
                               ActuatorCommands& out, double dt_s) {
  const double bank = guide(e);
  (void)fly_tecs(e, e.height_m, eas_mps, false, dt_s, /*glide=*/true);
  fly_attitude(e, bank, pitch_target_, bank_limit, out, dt_s);
  out.throttle = slew(last_.throttle, 0.0, kThrottleSlewPerS * dt_s);
  out.brake_left = out.brake_right = 0;
  out.nosewheel_rad = 0;
  out.starter = false;
}

void Autopilot::glide_step(const Est& e, ActuatorCommands& out, double dt_s) {
  const Eigen::Vector2d u = rwy_u_, r = right_of(u);
  const Eigen::Vector2d aim = aim_ne_ + kDsAimPastM * u;
  const double s = key_dir_;  // the circuit's side: +1 right of the final (clockwise turns)
  const double h = e.height_m - site_.home_height_m;
  // The glide's height loss along a leg a -> b in the estimated wind (glide.h's model).
  const GlideParams& gp = glide_p_;
  auto loss = [&](const Eigen::Vector2d& a, const Eigen::Vector2d& b) {
    GlideInput gi;
    gi.position_ne = a;
    gi.height_m = 0;
    gi.wind_ne = e.wind_ne;
    gi.density_ratio = e.sigma;
    LandingSite site;
    site.position_ne = b;
    const GlideSiteResult g = glide_to_site(gp, gi, site);
    return std::isfinite(g.height_loss_m) ? g.height_loss_m : 1e4;
  };
  // The height the circuit from a downwind point p needs: the downwind on to the shortest base
  // (if p is not yet past it), the base leg, the final.
  auto circuit_need = [&](const Eigen::Vector2d& p) {
    const double along = std::min((p - aim).dot(u), -kDsMinFinalM);
    const Eigen::Vector2d dw = aim + along * u + s * kDsDownwindM * r;
    const Eigen::Vector2d base = aim + along * u;
    return loss(p, dw) + loss(dw, base) + loss(base, aim);
  };
  switch (st_.phase) {
    case FlightPhase::kGlide: {
      // Best glide to the key point, half the headwind on top of the glide speed (as predicted).
      set_path_straight(st_.glide.start_ne, key_ne_);
      const Eigen::Vector2d d = key_ne_ - e.ne;
      const double dist = d.norm();
      fly_glide_path(e, speed_to_fly(e, d), att_p_.bank_max_rad, out, dt_s);
      if (dist < kDsArriveFraction * kDsKeyRadiusM) {
        st_.phase = FlightPhase::kDeadStickSpiral;
        phase_time_s_ = 0;
      }
      return;
    }
    case FlightPhase::kDeadStickSpiral: {
      set_path_circle(key_ne_, kDsKeyRadiusM, key_dir_);
      fly_glide_path(e, glide_p_.speed_eas_mps, att_p_.bank_max_rad, out, dt_s);
      // At the outer tangent (heading down the downwind leg): leave when one more turn would
      // leave the aircraft below the shortest circuit.
      const Eigen::Vector2d tangent = key_ne_ + s * kDsKeyRadiusM * r;
      const bool at_tangent =
          (e.ne - tangent).norm() < kDsExitWindowM && e.vel_ne.dot(-u) > 0.8 * e.ground_speed_mps;
      if (at_tangent && phase_time_s_ > 10) {
        const double bank =
            std::atan(std::pow(tas_of_eas(e, glide_p_.speed_eas_mps), 2) / (kG * kDsKeyRadiusM));
        const double turn_loss = 2 * M_PI * kDsKeyRadiusM / (glide_p_.lift_drag * std::cos(bank));
        const double excess = h - circuit_need(e.ne);
        if (excess - turn_loss < kDsCushionM) {
          st_.phase = FlightPhase::kDeadStickFinal;
          phase_time_s_ = 0;
          phase_hold_s_ = 0;  // 0: downwind; 1: base and final
          leg_start_ = e.ne;
        }
        phase_time_s_ = 0;  // (the next pass is a turn away)
      }
      return;
    }
    case FlightPhase::kDeadStickFinal: {
      const Eigen::Vector2d rw_end = thr_ne_ + site_.runway_length_m * u;
      if (phase_hold_s_ < 0.5) {
        // Downwind: extended until the height left is the glide home from here plus the cushion.
        const Eigen::Vector2d dw_start = key_ne_ + s * kDsKeyRadiusM * r;
        set_path_straight(dw_start, dw_start - 1e5 * u);
        fly_glide_path(e, glide_p_.speed_eas_mps, att_p_.bank_max_rad, out, dt_s);
        const double along = (e.ne - aim).dot(u);
        if (along <= -kDsMinFinalM && h - circuit_need(e.ne) <= kDsCushionM) {
          phase_hold_s_ = 1;
          leg_start_ = e.ne;  // the base leg starts here
        }
        return;
      }
      if (phase_hold_s_ < 1.5) {
        // Base: towards the point of the centreline where the glide from here over it ends at
        // the aim point with the cushion to spare, moved as the height allows (solved each step
        // by bisection: the height needed grows with the final's length). NPFG turns onto the
        // final near it.
        const double want = h - kDsCushionM / 2;
        auto need_via = [&](double d) {
          const Eigen::Vector2d j = aim - d * u;
          return loss(e.ne, j) + loss(j, aim);
        };
        double lo = kDsShortFinalM, hi = kDsLongFinalM;
        if (need_via(lo) >= want) {
          hi = lo;
        } else if (need_via(hi) <= want) {
          lo = hi;
        } else {
          for (int k = 0; k < 12; ++k) {
            const double mid = 0.5 * (lo + hi);
            (need_via(mid) < want ? lo : hi) = mid;
          }
        }
        const Eigen::Vector2d join = aim - 0.5 * (lo + hi) * u;
        set_path_straight(leg_start_, join);
        fly_glide_path(e, glide_p_.speed_eas_mps, att_p_.bank_max_rad, out, dt_s);
        // Onto the final a turn's radius before the centreline.
        const double turn_r = turn_radius_m(e.ground_speed_mps, att_p_.bank_max_rad);
        if (std::abs((e.ne - aim).dot(r)) < turn_r) {
          phase_hold_s_ = 2;
          leg_start_ = join;
        }
        return;
      }
      // Final: the centreline. The height over the glide to the aim point (glide.h's, at the
      // glide speed) is burnt by flying faster, up to kDsFinalFastEas x the glide speed for
      // kDsFinalBurnM of excess (a steeper glide: the polar's L/D falls), back to the glide
      // speed by kDsFinalSlowAglM over the runway so that the flare starts at its usual speed;
      // short of it, the glide speed and the plan's half headwind (the longest glide).
      set_path_straight(leg_start_, rw_end);
      const double excess = h - loss(e.ne, aim);
      const double v_bg = glide_p_.speed_eas_mps;
      double eas = speed_to_fly(e, u);
      if (excess > 0) {
        const double room = std::clamp((e.h_agl_m - kDsFinalSlowAglM) / kDsFinalSlowAglM, 0.0, 1.0);
        eas = std::max(eas, v_bg * (1.0 + (kDsFinalFastEas - 1.0) * room *
                                              std::min(excess / kDsFinalBurnM, 1.0)));
      }
      fly_glide_path(e, eas, att_p_.bank_max_rad, out, dt_s);
      if (e.rangefinder && e.h_agl_m < p_.land_flare_height_m) {
        st_.phase = FlightPhase::kFlare;
        phase_time_s_ = 0;
        phase_hold_s_ = 0;
        flare_integrator_ = 0;
        flare_pitch_base_ = pitch_dem_;
      }
      return;
    }
    case FlightPhase::kFlare:
    case FlightPhase::kRollout:
    case FlightPhase::kLanded:
      land_step(e, out, dt_s);
      return;
    default:
      st_.phase = FlightPhase::kGlide;
      return;
  }
}

// Flight termination: the ignition off, best glide to the termination area, circling down in it
// to the ground.
void Autopilot::terminate_step(const Est& e, ActuatorCommands& out, double dt_s) {
  st_.phase = FlightPhase::kTerminate;
  if ((e.ne - fs_centre_).norm() < 2.0 * kTermRadiusM) fs_landing_ = true;  // over the area
  if (fs_landing_) {
    set_path_circle(fs_centre_, kTermRadiusM, 1);
  } else {
    set_path_straight(leg_start_, fs_centre_);
  }
  fly_glide_path(e, glide_p_.speed_eas_mps, att_p_.bank_max_rad, out, dt_s);
  out.ignition = false;
}

}  // namespace kestrel
