// How well the autopilot flew, scored by the runner against truth (the flight software never sees
// these): path tracking on captured straight legs and circles, and the touchdown. Updated at the
// control rate; summarised into the run summary's `tracking`, `touchdown`, `go_arounds` and
// `stopped` (docs/run-summary.md).
#pragma once

#include "airframe/vehicle.h"
#include "fsw/autopilot.h"
#include "sim/scenario.h"

namespace kestrel {

struct TrackingSummary {
  bool present = false;
  double xtrack_rms_m = 0;          // captured straight legs of the mission/RTL/GUIDED/CRUISE
  double xtrack_max_m = 0;
  double alt_err_rms_m = 0;         // straight legs, once the commanded height is reached
  double airspeed_err_rms_mps = 0;  // straight legs: true airspeed (relative to the air mass,
                                    // without the turbulence) minus the TECS demand
  double loiter_radius_err_rms_m = 0;  // captured circles (loiters, orbit ends)
  double loiter_radius_err_max_m = 0;
  double straight_s = 0, level_s = 0, circle_s = 0;  // time counted in each figure
};

// The final approach (phase final, between 1,500 m and 100 m before the glide path meets the
// ground): true height against the glide path, true position against the centreline.
struct ApproachSummary {
  bool present = false;
  double glidepath_err_rms_m = 0, centreline_err_rms_m = 0;
  double airspeed_err_rms_mps = 0;  // true airspeed minus the autopilot's (shaped) demand
  double time_s = 0;
};

struct TouchdownSummary {
  bool present = false;
  double time_s = 0;
  double along_m = 0;  // from the aim point along the runway (+ beyond it)
  double cross_m = 0;  // from the centreline (+ right of the landing direction)
  double sink_mps = 0, airspeed_mps = 0;
  double heading_err_deg = 0;  // heading minus runway heading at touchdown
  // A bounce: after the first wheel contact, all wheels off the ground for more than 0.5 s with
  // the centre of mass more than 0.25 m above its height at that contact (airborne again, not a
  // skip of a few centimetres on the struts' extension).
  bool bounced = false;
  double skip_s = 0;         // the longest time all wheels were off after the first contact
  double skip_height_m = 0;  // the highest the CG rose above its height at the first contact
};

class FlightMetrics {
 public:
  FlightMetrics() = default;
  FlightMetrics(const SiteParams& site, double land_aim_m);
  // One control tick: the truth at the tick and the autopilot's status after its step.
  void add(const VehicleTelemetry& tel, const AutopilotStatus& st, const AutopilotParams& ap,
           double dt_s, bool has_flown);
  TrackingSummary tracking() const;
  ApproachSummary approach() const;
  const TouchdownSummary& touchdown() const { return td_; }
  bool structure_strike() const { return structure_strike_; }
  // Stopped on the paved runway (between its ends, within its half width).
  bool on_runway(const Geodetic& p) const;

 private:
  LocalFrame frame_;  // the autopilot's local frame (truth is compared in the same one)
  Eigen::Vector2d thr_ = Eigen::Vector2d::Zero(), u_ = Eigen::Vector2d(1, 0);
  double aim_m_ = 0, length_m_ = 0, half_width_m_ = 0;
  double xt2_ = 0, xt_max_ = 0, straight_s_ = 0;
  double alt2_ = 0, level_s_ = 0;
  double level_target_m_ = -1e9;
  bool level_captured_ = false;
  double spd2_ = 0;
  double rad2_ = 0, rad_max_ = 0, circle_s_ = 0;
  double gp2_ = 0, cl2_ = 0, as2_ = 0, final_s_ = 0;
  double elevation_m_ = 0;
  TouchdownSummary td_;
  bool touched_ = false, landing_ = false;
  double off_ground_s_ = 0, td_height_m_ = 0;
  bool structure_strike_ = false;
};

}  // namespace kestrel
