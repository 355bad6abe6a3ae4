// Staged failsafes (failsafe.h; docs/failsafes.md).
#include "fsw/failsafe.h"

#include <algorithm>
#include <cmath>

namespace kestrel {

const char* to_string(FailsafeAction a) {
  switch (a) {
    case FailsafeAction::kNone:
      return "none";
    case FailsafeAction::kOrbit:
      return "orbit";
    case FailsafeAction::kHold:
      return "hold";
    case FailsafeAction::kFenceLoiter:
      return "fence_loiter";
    case FailsafeAction::kFenceReturn:
      return "fence_return";
    case FailsafeAction::kGnssReturn:
      return "gnss_return";
    case FailsafeAction::kLostLink:
      return "lost_link";
    case FailsafeAction::kRtl:
      return "rtl";
    case FailsafeAction::kLand:
      return "land";
    case FailsafeAction::kGlide:
      return "glide";
    case FailsafeAction::kTerminate:
      return "terminate";
  }
  return "?";
}

int Failsafe::step(const FailsafeInput& in, std::array<FailsafeEvent, kMaxEvents>& events) {
  const double dt = last_time_s_ < 0 ? 0.0 : std::max(in.time_s - last_time_s_, 0.0);
  last_time_s_ = in.time_s;
  int n = 0;
  auto emit = [&](FailsafeKind kind, const char* text) {
    if (n < kMaxEvents) events[n++] = FailsafeEvent{kind, FailsafeAction::kNone, text};
  };

  // Data link: the time since the last valid uplink message. Only in the air: on the ground an
  // absent ground station stops nothing (the take-off itself waits for the operator), and the
  // stage reached stays as it was (a lost-link landing is not "the link regained").
  const bool lost_short = in.airborne && in.link_age_s >= p_.link_short_s;
  const bool lost_long = in.airborne && in.link_age_s >= p_.link_long_s;
  switch (st_.link) {
    case LinkStage::kOk:
      if (lost_long) {
        st_.link = LinkStage::kLong;
        st_.lost_link = LostLinkLeg::kClimb;
        emit(FailsafeKind::kLink, "failsafe: link lost (long): lost-link procedure, climbing");
      } else if (lost_short) {
        st_.link = LinkStage::kShort;
        emit(FailsafeKind::kLink, p_.link_short_action >= 0.5
                                      ? "failsafe: link lost (short): orbiting"
                                      : "failsafe: link lost (short): continuing");
      }
      break;
    case LinkStage::kShort:
      if (!lost_short && in.airborne) {
        st_.link = LinkStage::kOk;
        emit(FailsafeKind::kLink, "failsafe: link regained: resuming");
      } else if (lost_long) {
        st_.link = LinkStage::kLong;
        st_.lost_link = LostLinkLeg::kClimb;
        emit(FailsafeKind::kLink, "failsafe: link lost (long): lost-link procedure, climbing");
      }
      break;
    case LinkStage::kLong:
      if (!lost_short && in.airborne) {
        // Back: hold and wait for the operator; never resume the mission alone.
        st_.link = LinkStage::kRegained;
        emit(FailsafeKind::kLink, "failsafe: link regained: holding for the operator");
        break;
      }
      switch (st_.lost_link) {
        case LostLinkLeg::kClimb:
          if (in.ll_at_altitude) {
            st_.lost_link = LostLinkLeg::kRoute;
            emit(FailsafeKind::kLink,
                 "failsafe: lost link: at the lost-link altitude, on the route");
          }
          break;
        case LostLinkLeg::kRoute:
          if (in.ll_at_orbit) {
            st_.lost_link = LostLinkLeg::kOrbit;
            st_.ll_orbit_start_s = in.time_s;
            emit(FailsafeKind::kLink, "failsafe: lost link: orbiting, waiting for the link");
          }
          break;
        case LostLinkLeg::kOrbit:
          if (in.time_s - st_.ll_orbit_start_s >= p_.ll_orbit_s) {
            const bool land = p_.ll_autoland >= 0.5;
            st_.lost_link = land ? LostLinkLeg::kLand : LostLinkLeg::kTerminate;
            emit(FailsafeKind::kLink, land ? "failsafe: lost link: landing at home"
                                           : "failsafe: lost link: to the termination area");
          }
          break;
        case LostLinkLeg::kLand:
        case LostLinkLeg::kTerminate:
          break;
      }
      break;
    case LinkStage::kRegained:
      if (in.operator_ack) {
        st_.link = LinkStage::kOk;
        emit(FailsafeKind::kLink, "failsafe: link: operator in control");
      } else if (lost_long) {
        st_.link = LinkStage::kLong;  // the procedure goes on from the leg it had reached
        emit(FailsafeKind::kLink, "failsafe: link lost again: lost-link procedure resumed");
      }
      break;
  }

  // Fuel: the bingo flags (bingo.h, with their own hysteresis); a stage only rises.
  const FuelStage fuel = in.minimum_fuel ? FuelStage::kMinimum
                         : in.bingo      ? FuelStage::kBingo
                                         : FuelStage::kOk;
  if (fuel > st_.fuel) {
    st_.fuel = fuel;
    emit(FailsafeKind::kFuel, fuel == FuelStage::kMinimum ? "failsafe: minimum fuel: landing"
                                                          : "failsafe: bingo fuel: returning home");
  }

  // Engine: the propeller below FS_ENG_RPM with the ignition on, in the air. Latched.
  engine_low_s_ =
      in.airborne && in.ignition_on && in.prop_rpm < p_.engine_rpm ? engine_low_s_ + dt : 0.0;
  if (!st_.engine_failed && engine_low_s_ >= p_.engine_s) {
    st_.engine_failed = true;
    emit(FailsafeKind::kEngine,
         in.site_reachable ? "failsafe: engine failed: best glide to a landing site"
                           : "failsafe: engine failed: no site in reach, termination area");
  }

  // GNSS.
  if (in.gnss_ok) {
    gnss_good_s_ += dt;
    gnss_bad_s_ = 0;
  } else {
    gnss_bad_s_ += dt;
    gnss_good_s_ = 0;
  }
  switch (st_.gnss) {
    case GnssStage::kOk:
      if (in.airborne && !in.gnss_ok) {
        st_.gnss = GnssStage::kLost;
        emit(FailsafeKind::kGnss, "failsafe: GNSS lost: dead reckoning");
      }
      break;
    case GnssStage::kLost:
    case GnssStage::kReturning:
      if (in.gnss_ok && gnss_good_s_ >= p_.gnss_ok_s) {
        st_.gnss = GnssStage::kOk;
        emit(FailsafeKind::kGnss, "failsafe: GNSS regained: resuming");
      } else if (st_.gnss == GnssStage::kLost && gnss_bad_s_ >= p_.gnss_continue_s) {
        st_.gnss = GnssStage::kReturning;
        emit(FailsafeKind::kGnss, "failsafe: GNSS lost: returning home on dead reckoning");
      }
      break;
  }

  // Airspeed sensor: disagreement with the synthetic airspeed, averaged over FS_ASPD_TAU (a gust
  // moves the pitot at once and the synthetic airspeed, through the slow wind estimate, not at
  // all; a blocked pitot's error persists and grows). Latched.
  bool disagree = false;
  if (in.airborne && in.synthetic_valid) {
    if (std::isfinite(in.pitot_tas_mps)) {
      const double err = in.pitot_tas_mps - in.synthetic_tas_mps;
      aspd_err_lp_ += std::clamp(dt / p_.airspeed_tau_s, 0.0, 1.0) * (err - aspd_err_lp_);
      disagree = std::abs(aspd_err_lp_) > p_.airspeed_error_mps;
    } else {
      disagree = true;  // no reading is a failed sensor too
    }
  } else {
    aspd_err_lp_ = 0;
  }
  aspd_bad_s_ = disagree ? aspd_bad_s_ + dt : 0.0;
  if (!st_.airspeed_failed && aspd_bad_s_ >= p_.airspeed_s) {
    st_.airspeed_failed = true;
    emit(FailsafeKind::kAirspeed, "failsafe: airspeed sensor failed: flying synthetic airspeed");
  }

  // Geofence.
  if (in.fence_breached != st_.fence_breached) {
    st_.fence_breached = in.fence_breached;
    emit(FailsafeKind::kFence,
         in.fence_breached ? "failsafe: geofence breached" : "failsafe: back inside the geofence");
  }

  // The governing action: the highest in precedence (docs/failsafes.md, interplay).
  FailsafeAction a = FailsafeAction::kNone;
  auto consider = [&a](FailsafeAction b) { a = std::max(a, b); };
  if (st_.link == LinkStage::kShort && p_.link_short_action >= 0.5)
    consider(FailsafeAction::kOrbit);
  if (st_.link == LinkStage::kRegained) consider(FailsafeAction::kHold);
  if (st_.link == LinkStage::kLong)
    consider(st_.lost_link == LostLinkLeg::kTerminate ? FailsafeAction::kTerminate
                                                      : FailsafeAction::kLostLink);
  if (st_.fence_breached) {
    if (in.fence_action == FenceAction::kReturn) consider(FailsafeAction::kFenceReturn);
    if (in.fence_action == FenceAction::kLoiter) consider(FailsafeAction::kFenceLoiter);
  }
  if (st_.gnss == GnssStage::kReturning) consider(FailsafeAction::kGnssReturn);
  if (st_.fuel == FuelStage::kBingo) consider(FailsafeAction::kRtl);
  if (st_.fuel == FuelStage::kMinimum) consider(FailsafeAction::kLand);
  if (st_.engine_failed)
    consider(in.site_reachable ? FailsafeAction::kGlide : FailsafeAction::kTerminate);

  // The operator's override: a mode command while a failsafe governs suppresses that action (and
  // those below it) until some failsafe changes stage again. (The link's "hold for the
  // operator" ends with the same command, above.)
  if (n > 0) st_.overridden = FailsafeAction::kNone;
  if (in.operator_ack && a != FailsafeAction::kNone) st_.overridden = a;
  if (a <= st_.overridden) a = FailsafeAction::kNone;
  st_.action = a;
  for (int i = 0; i < n; ++i) events[i].action = a;
  return n;
}

}  // namespace kestrel
