// The navigation filter's errors against truth, computed by the runner (never by the filter): the
// `nav` block of the run summary (docs/run-summary.md). Accumulated at the control rate.
#pragma once

#include <cstdint>

#include "core/geodesy.h"
#include "core/rotation.h"
#include "core/sim_time.h"
#include "core/types.h"
#include "nav/nav_filter.h"

namespace kestrel {

// Truth at the IMU (the point the filter estimates), at the estimate's time.
struct NavTruth {
  SimTime time;
  Geodetic position;
  Vec3 vel_ned_mps = Vec3::Zero();
  Mat3 R_ned_from_b = Mat3::Identity();
  Euler euler;                       // euler_from_R_ned_from_b(R_ned_from_b): the telemetry's
  Vec3 wind_ned_mps = Vec3::Zero();  // the air mass's mean motion (steady wind + gusts)
};

// The errors of one estimate (true minus estimated, in the filter's conventions: attitude error
// R_true = Exp(att) R_est as a NED rotation vector; velocity and position in local NED).
struct NavErrors {
  Vec3 att_rad = Vec3::Zero(), vel_mps = Vec3::Zero(), pos_ned_m = Vec3::Zero();
  double roll_rad = 0, pitch_rad = 0, heading_rad = 0;  // Euler-angle differences, wrapped
  double wind_mps = 0;                                  // horizontal wind error magnitude
  double nees = 0;                                      // over attitude, velocity, position
};

NavErrors nav_errors(const NavTruth& truth, const NavState& est);

// NEES bounds: the 95 % two-sided interval of a chi-square variable with 9 degrees of freedom.
inline constexpr double kNeesLow9 = 2.700, kNeesHigh9 = 19.023;

struct NavMetrics {
  double settle_s = 120;  // wind and NEES statistics start after this time
  int64_t n = 0, n_wind = 0, n_nees = 0, n_nees_in = 0;
  double sum_roll2 = 0, sum_pitch2 = 0, sum_tilt2 = 0, sum_heading2 = 0, sum_pos2 = 0, sum_alt2 = 0,
         sum_vel2 = 0, sum_wind2 = 0, max_pos = 0;
  // The GNSS receiver's own horizontal error (its samples against truth), for comparison.
  int64_t n_gnss = 0;
  double sum_gnss_pos2 = 0;
  // GNSS fault windows (the first outage and the first jump of the run), set by the runner.
  int64_t outage_start_us = -1, outage_end_us = -1, jump_start_us = -1;
  Vec3 jump_ned_m = Vec3::Zero();
  double outage_distance_m = 0, outage_end_err = -1, outage_err_10s = -1;
  bool jump_rejected = false, jump_reset_seen = false;
  double jump_max_shift = 0, jump_reset_after_s = -1, jump_err_30s = -1;

  // One estimate's errors at time t (dt_s since the previous call), with the filter's status
  // word and the ground speed (for the distance flown during an outage).
  void add(SimTime t, double dt_s, const NavErrors& e, uint32_t status, double ground_speed_mps);
  void add_gnss(double horizontal_error_m);
};

// The `nav` block of an aircraft's summary.
struct NavSummary {
  bool present = false;
  double att_err_rms_deg = 0;  // tilt (roll and pitch together)
  double roll_err_rms_deg = 0, pitch_err_rms_deg = 0;
  double heading_err_rms_deg = 0;
  double pos_err_rms_m = 0;  // horizontal
  double alt_err_rms_m = 0;
  double vel_err_rms_mps = 0;      // 3-D
  double wind_err_rms_mps = 0;     // after settle_s
  double nees_in_bounds_frac = 0;  // after settle_s
  double max_pos_err_m = 0;
  double gnss_pos_err_rms_m = 0;  // the receiver's own horizontal error
  // GNSS outage (the first one of the run), if any.
  bool outage = false;
  double outage_duration_s = 0, outage_distance_m = 0, outage_end_pos_err_m = 0,
         outage_end_err_frac = 0, outage_pos_err_10s_after_m = 0;
  // GNSS jump (the first one), if any.
  bool jump = false;
  bool jump_rejected = false;          // the gate rejected GNSS after the jump
  double jump_max_shift_m = 0;         // largest horizontal error from the jump until a reset
  double jump_reset_after_s = -1;      // time from the jump to the filter's reset to GNSS; -1 none
  double jump_err_to_gnss_30s_m = -1;  // 30 s after the jump: distance to the jumped GNSS
};

NavSummary nav_summary(const NavMetrics& m);

}  // namespace kestrel
