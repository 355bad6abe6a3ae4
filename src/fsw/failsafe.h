// Staged failsafes: the decision logic that says what the aircraft should do when the data link,
// the fuel, the engine, the GNSS, the airspeed sensor or the geofence fails it, and which answer
// wins when several fail at once. A plain state machine over what the flight software itself
// knows (the time since the last valid uplink message, its fuel flags, the tachometer, its
// navigation status, its two airspeeds, its fence check); the autopilot carries the chosen
// action out (modes, the lost-link route, the glide). docs/failsafes.md has the stages, the
// parameters and the interplay table; failsafe_test.cc flies each stage and each pairing.
//
// Every stage change is announced: step() returns it as a FailsafeEvent (kind, stage, the action
// now governing, a status text), to go out as a STATUSTEXT and into the log's events. No
// allocation, no strings built in the step (the texts are fixed).
#pragma once

#include <array>
#include <cstdint>

#include "core/param.h"
#include "fsw/geofence.h"

namespace kestrel {

struct FailsafeParams {
  // Data link. No valid uplink message for link_short_s: the short stage (continue, or orbit
  // where the aircraft is: FS_SHORT_ACT); for link_long_s: the long stage, the lost-link
  // procedure. The Searcher's practice (searcher-facts §5.3): a few seconds, then 10 to 30 s.
  double link_short_s = 5;
  double link_short_action = 1;  // 0: continue the mission, 1: orbit here
  double link_long_s = 30;
  // The lost-link procedure: climb to ll_alt_m above home (terrain clearance and a longer radio
  // horizon), fly the lost-link route to the lost-link orbit point, orbit there ll_orbit_s
  // waiting for the link, then land at home when ll_autoland is 1, else glide to the flight
  // termination area.
  double ll_alt_m = 1500;
  double ll_orbit_s = 900;
  double ll_autoland = 1;
  // Engine: airborne with the ignition on, the propeller below engine_rpm for engine_s.
  double engine_rpm = 1500;
  double engine_s = 2;
  // GNSS: lost (the filter dead-reckoning) for gnss_continue_s: return on dead reckoning and orbit
  // over the estimated home; back and consistent (fused, not rejected) for gnss_ok_s: resume.
  double gnss_continue_s = 60;
  double gnss_ok_s = 10;
  // Airspeed sensor: the pitot's true airspeed and the filter's synthetic one (ground velocity
  // minus the estimated wind), averaged over airspeed_tau_s, disagree by more than
  // airspeed_error_mps for airspeed_s: failed;
  // fly the synthetic airspeed, no demand below ARSPD_MIN x airspeed_margin. Latched.
  double airspeed_error_mps = 8;
  double airspeed_tau_s = 20;  // the disagreement's averaging time (gusts in moderate turbulence)
  double airspeed_s = 5;
  double airspeed_margin = 1.15;
  // The flight termination area [m] north and east of home: the lost-link procedure without
  // authority to land, and an engine failure with no landing site in reach, glide there with the
  // ignition off and circle down. Set it for the site (a clear, unpopulated area); the default is
  // 5 km north of home.
  double term_north_m = 5000;
  double term_east_m = 0;
};

inline const std::array<ParamDecl<FailsafeParams>, 16> kFailsafeParams = {{
    {{"FS_SHORT_S", "s", 1.0, 120.0, "No uplink this long: link-loss short stage"},
     &FailsafeParams::link_short_s},
    {{"FS_SHORT_ACT", "-", 0.0, 1.0, "Link-loss short stage: 0 continue, 1 orbit here"},
     &FailsafeParams::link_short_action},
    {{"FS_LONG_S", "s", 2.0, 600.0, "No uplink this long: the lost-link procedure"},
     &FailsafeParams::link_long_s},
    {{"FS_LL_ALT", "m", 100.0, 6000.0, "Lost-link altitude above home"}, &FailsafeParams::ll_alt_m},
    {{"FS_LL_ORBIT_S", "s", 0.0, 36000.0, "Lost-link orbit: time waiting for the link"},
     &FailsafeParams::ll_orbit_s},
    {{"FS_LL_AUTOLAND", "-", 0.0, 1.0, "After the lost-link orbit: 1 land at home, 0 terminate"},
     &FailsafeParams::ll_autoland},
    {{"FS_ENG_RPM", "rpm", 0.0, 3000.0, "Propeller speed below which the engine has failed"},
     &FailsafeParams::engine_rpm},
    {{"FS_ENG_S", "s", 0.1, 30.0, "Engine failure persistence"}, &FailsafeParams::engine_s},
    {{"FS_GNSS_S", "s", 0.0, 3600.0, "GNSS lost this long: return on dead reckoning"},
     &FailsafeParams::gnss_continue_s},
    {{"FS_GNSS_OK_S", "s", 0.0, 600.0, "GNSS back and consistent this long: resume"},
     &FailsafeParams::gnss_ok_s},
    {{"FS_ASPD_ERR", "m/s", 1.0, 50.0, "Pitot vs synthetic airspeed disagreement: failed"},
     &FailsafeParams::airspeed_error_mps},
    {{"FS_ASPD_TAU", "s", 0.1, 60.0, "Airspeed disagreement averaging time (gusts)"},
     &FailsafeParams::airspeed_tau_s},
    {{"FS_ASPD_S", "s", 0.1, 60.0, "Airspeed disagreement persistence"},
     &FailsafeParams::airspeed_s},
    {{"FS_ASPD_MARGIN", "-", 1.0, 1.5, "On synthetic airspeed: no demand below ARSPD_MIN x this"},
     &FailsafeParams::airspeed_margin},
    {{"FS_TERM_N", "m", -200000.0, 200000.0, "Flight termination area, metres north of home"},
     &FailsafeParams::term_north_m},
    {{"FS_TERM_E", "m", -200000.0, 200000.0, "Flight termination area, metres east of home"},
     &FailsafeParams::term_east_m},
}};

// What the aircraft should do. Ordered by precedence: when several failsafes are active, the one
// with the highest value governs (docs/failsafes.md, interplay table).
enum class FailsafeAction : uint8_t {
  kNone = 0,         // fly as commanded (the mission, the operator's mode)
  kOrbit = 1,        // link short stage: circle here
  kHold = 2,         // the link is back after the lost-link procedure: circle, wait for the
                     // operator; never resume the mission alone
  kFenceLoiter = 3,  // fence breach: circle here (FENCE_ACTION 2)
  kFenceReturn = 4,  // fence breach: fly to the fence return point and circle (FENCE_ACTION 1)
  kGnssReturn = 5,   // GNSS lost: return on dead reckoning, orbit over the estimated home
  kLostLink = 6,     // the lost-link procedure (its leg in FailsafeStatus::lost_link)
  kRtl = 7,          // bingo: return home and land with the reserve
  kLand = 8,         // minimum fuel: land now, at home
  kGlide = 9,        // engine failed: best glide to the best reachable site, land dead-stick
  kTerminate = 10,   // glide to the flight termination area (no site reachable, or the lost-
                     // link procedure without authority to land)
};

enum class LinkStage : uint8_t { kOk, kShort, kLong, kRegained };
enum class FuelStage : uint8_t { kOk, kBingo, kMinimum };
enum class GnssStage : uint8_t { kOk, kLost, kReturning };
// The lost-link procedure's legs.
enum class LostLinkLeg : uint8_t { kClimb, kRoute, kOrbit, kLand, kTerminate };

enum class FailsafeKind : uint8_t { kLink, kFuel, kEngine, kGnss, kAirspeed, kFence };

// What the flight software knows, once per step.
struct FailsafeInput {
  double time_s = 0;
  bool airborne = false;
  double link_age_s = 0;      // since the last valid uplink message (heartbeat, command)
  bool operator_ack = false;  // the operator took control (a mode command) this step
  bool bingo = false, minimum_fuel = false;  // BingoStatus's flags
  bool ignition_on = true;
  double prop_rpm = 0;           // tachometer
  bool gnss_ok = true;           // GNSS fused and not rejected (NavState status bits)
  double pitot_tas_mps = 0;      // the pitot's true airspeed
  double synthetic_tas_mps = 0;  // |ground velocity - estimated wind|
  bool synthetic_valid = false;  // the wind is estimated and GNSS is fused
  bool fence_breached = false;   // Geofence::check found a breach
  FenceAction fence_action = FenceAction::kReturn;  // FENCE_ACTION
  // The lost-link procedure's progress, reported by the autopilot that flies it.
  bool ll_at_altitude = false;  // reached FS_LL_ALT
  bool ll_at_orbit = false;     // reached the lost-link orbit point
  bool site_reachable = true;   // engine out: a landing site is within glide (glide.h)
};

struct FailsafeStatus {
  LinkStage link = LinkStage::kOk;
  LostLinkLeg lost_link = LostLinkLeg::kClimb;
  FuelStage fuel = FuelStage::kOk;
  bool engine_failed = false;
  GnssStage gnss = GnssStage::kOk;
  bool airspeed_failed =
      false;  // fly the synthetic airspeed, no demand below ARSPD_MIN x FS_ASPD_MARGIN
  bool fence_breached = false;
  FailsafeAction action = FailsafeAction::kNone;  // the governing action
  // The operator overrode this action (a mode command while it governed): it and the actions
  // below it stay suppressed until a failsafe changes stage again.
  FailsafeAction overridden = FailsafeAction::kNone;
  double ll_orbit_start_s = -1;  // when the lost-link orbit began
};

// A stage change, to be announced (STATUSTEXT, log event).
struct FailsafeEvent {
  FailsafeKind kind = FailsafeKind::kLink;
  FailsafeAction action = FailsafeAction::kNone;  // governing after the change
  const char* text = "";                          // fixed text, e.g. "failsafe: link lost"
};

class Failsafe {
 public:
  explicit Failsafe(const FailsafeParams& p = {}) : p_(p) {}
  FailsafeParams& params() { return p_; }
  const FailsafeParams& params() const { return p_; }
  const FailsafeStatus& status() const { return st_; }

  // One step. Writes the stage changes of this step to `events` (at most kMaxEvents) and returns
  // how many.
  static constexpr int kMaxEvents = 8;
  int step(const FailsafeInput& in, std::array<FailsafeEvent, kMaxEvents>& events);

 private:
  FailsafeParams p_;
  FailsafeStatus st_;
  double engine_low_s_ = 0, gnss_bad_s_ = 0, gnss_good_s_ = 0, aspd_bad_s_ = 0;
  double aspd_err_lp_ = 0;  // pitot minus synthetic airspeed, averaged
  double last_time_s_ = -1;
};

const char* to_string(FailsafeAction a);

}  // namespace kestrel
