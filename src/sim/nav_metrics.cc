#include "sim/nav_metrics.h"

#include <algorithm>
#include <cmath>

#include "core/rotation.h"

namespace kestrel {
namespace {

double rms(double sum2, int64_t n) { return n > 0 ? std::sqrt(sum2 / static_cast<double>(n)) : 0; }

// x^T P^-1 x for a symmetric positive definite 9x9 P: Cholesky P = L L^T, then |L^-1 x|^2.
// Written out (Eigen's fixed-size LLT costs four times as much here). Returns a negative value
// when P is not positive definite.
double mahalanobis2_9(const Eigen::Matrix<double, 9, 9>& P, const Eigen::Matrix<double, 9, 1>& x) {
  double L[9][9];
  double y[9];
  double sum = 0;
  for (int j = 0; j < 9; ++j) {
    double d = P(j, j);
    for (int k = 0; k < j; ++k) d -= L[j][k] * L[j][k];
    if (!(d > 0)) return -1;
    const double ljj = std::sqrt(d);
    L[j][j] = ljj;
    for (int i = j + 1; i < 9; ++i) {
      double v = P(i, j);
      for (int k = 0; k < j; ++k) v -= L[i][k] * L[j][k];
      L[i][j] = v / ljj;
    }
    double r = x(j);
    for (int k = 0; k < j; ++k) r -= L[j][k] * y[k];
    y[j] = r / ljj;
    sum += y[j] * y[j];
  }
  return sum;
}

}  // namespace

NavErrors nav_errors(const NavTruth& truth, const NavState& est) {
  NavErrors e;
  const Mat3 R_est = est.q_ned_from_b.normalized().toRotationMatrix();
  // The error rotation R_true R_est^T as a rotation vector, from its quaternion (angle in
  // [0, pi]; the cheap equivalent of Eigen::AngleAxisd of the matrix).
  const Quat q_err(truth.R_ned_from_b * R_est.transpose());
  const double sin_half = q_err.vec().norm();
  const double half = std::atan2(sin_half, std::abs(q_err.w()));
  e.att_rad = sin_half > 1e-300
                  ? ((q_err.w() < 0 ? -2.0 : 2.0) * half / sin_half) * q_err.vec()
                  : Vec3::Zero().eval();
  e.vel_mps = truth.vel_ned_mps - est.vel_ned_mps;
  // Truth minus estimate in NED at the estimate: the curvilinear offset (metres apart, the
  // earth's curvature adds d^2 / R, under a millimetre for 100 m).
  double rn, re;
  earth_radii(est.lat_rad, &rn, &re);
  const double h = est.height_ellipsoid_m;
  e.pos_ned_m = Vec3((truth.position.lat_rad - est.lat_rad) * (rn + h),
                     wrap_pi(truth.position.lon_rad - est.lon_rad) * (re + h) *
                         std::cos(est.lat_rad),
                     -(truth.position.height_ellipsoid_m - h));
  const Euler& et = truth.euler;
  const Euler ee = euler_from_R_ned_from_b(R_est);
  e.roll_rad = wrap_pi(et.roll_rad - ee.roll_rad);
  e.pitch_rad = et.pitch_rad - ee.pitch_rad;
  e.heading_rad = wrap_pi(et.yaw_rad - ee.yaw_rad);
  e.wind_mps =
      std::hypot(truth.wind_ned_mps.x() - est.wind_n_mps, truth.wind_ned_mps.y() - est.wind_e_mps);
  // NEES over attitude, velocity and position (9 states) with the filter's own covariance.
  Eigen::Matrix<double, 9, 1> x;
  x << e.att_rad, e.vel_mps, e.pos_ned_m;
  const Eigen::Matrix<double, 9, 9> P = est.P.block<9, 9>(nav_index::kAtt, nav_index::kAtt);
  // Cholesky (P is symmetric positive definite: the filter floors its variances); a P that is
  // not counts as inconsistent.
  const double m2 = mahalanobis2_9(P, x);
  e.nees = m2 >= 0 ? m2 : 1e9;
  if (!std::isfinite(e.nees)) e.nees = 1e9;
  return e;
}

void NavMetrics::add(SimTime t, double dt_s, const NavErrors& e, uint32_t status,
                     double ground_speed_mps) {
  if (!(status & kNavPositionValid)) return;
  const double pos_err = std::hypot(e.pos_ned_m.x(), e.pos_ned_m.y());
  // A GNSS outage: distance flown during it, the error at its end and 10 s after it.
  if (outage_start_us >= 0 && t.us >= outage_start_us) {
    if (outage_end_us < 0 || t.us < outage_end_us) {
      outage_distance_m += ground_speed_mps * dt_s;
    } else {
      if (outage_end_err < 0) outage_end_err = pos_err;
      if (outage_err_10s < 0 && t.us >= outage_end_us + 10000000) outage_err_10s = pos_err;
    }
  }
  // A GNSS jump: rejected? how far the estimate moves before any reset; a reset; where the
  // estimate is 30 s later relative to the jumped GNSS position.
  if (jump_start_us >= 0 && t.us >= jump_start_us) {
    if (status & kNavGnssRejected) jump_rejected = true;
    if ((status & kNavGnssReset) && !jump_reset_seen) {
      jump_reset_seen = true;
      jump_reset_after_s = static_cast<double>(t.us - jump_start_us) * 1e-6;
    }
    if (!jump_reset_seen) jump_max_shift = std::max(jump_max_shift, pos_err);
    if (jump_err_30s < 0 && t.us >= jump_start_us + 30000000)
      jump_err_30s = std::hypot(e.pos_ned_m.x() + jump_ned_m.x(), e.pos_ned_m.y() + jump_ned_m.y());
  }
  ++n;
  sum_roll2 += e.roll_rad * e.roll_rad;
  sum_pitch2 += e.pitch_rad * e.pitch_rad;
  sum_tilt2 += e.roll_rad * e.roll_rad + e.pitch_rad * e.pitch_rad;
  sum_heading2 += e.heading_rad * e.heading_rad;
  const double pos = pos_err;
  sum_pos2 += pos * pos;
  sum_alt2 += e.pos_ned_m.z() * e.pos_ned_m.z();
  sum_vel2 += e.vel_mps.squaredNorm();
  max_pos = std::max(max_pos, pos);
  if (t.seconds() >= settle_s) {
    ++n_wind;
    sum_wind2 += e.wind_mps * e.wind_mps;
    ++n_nees;
    if (e.nees >= kNeesLow9 && e.nees <= kNeesHigh9) ++n_nees_in;
  }
}

void NavMetrics::add_gnss(double horizontal_error_m) {
  ++n_gnss;
  sum_gnss_pos2 += horizontal_error_m * horizontal_error_m;
}

NavSummary nav_summary(const NavMetrics& m) {
  NavSummary s;
  s.present = m.n > 0;
  s.att_err_rms_deg = rad_to_deg(rms(m.sum_tilt2, m.n));
  s.roll_err_rms_deg = rad_to_deg(rms(m.sum_roll2, m.n));
  s.pitch_err_rms_deg = rad_to_deg(rms(m.sum_pitch2, m.n));
  s.heading_err_rms_deg = rad_to_deg(rms(m.sum_heading2, m.n));
  s.pos_err_rms_m = rms(m.sum_pos2, m.n);
  s.alt_err_rms_m = rms(m.sum_alt2, m.n);
  s.vel_err_rms_mps = rms(m.sum_vel2, m.n);
  s.wind_err_rms_mps = rms(m.sum_wind2, m.n_wind);
  s.nees_in_bounds_frac =
      m.n_nees > 0 ? static_cast<double>(m.n_nees_in) / static_cast<double>(m.n_nees) : 0;
  s.max_pos_err_m = m.max_pos;
  s.gnss_pos_err_rms_m = rms(m.sum_gnss_pos2, m.n_gnss);
  if (m.outage_start_us >= 0) {
    s.outage = true;
    s.outage_duration_s =
        m.outage_end_us >= 0 ? static_cast<double>(m.outage_end_us - m.outage_start_us) * 1e-6 : -1;
    s.outage_distance_m = m.outage_distance_m;
    s.outage_end_pos_err_m = m.outage_end_err;
    s.outage_end_err_frac = m.outage_end_err >= 0 && m.outage_distance_m > 0
                                ? m.outage_end_err / m.outage_distance_m
                                : -1;
    s.outage_pos_err_10s_after_m = m.outage_err_10s;
  }
  if (m.jump_start_us >= 0) {
    s.jump = true;
    s.jump_rejected = m.jump_rejected;
    s.jump_max_shift_m = m.jump_max_shift;
    s.jump_reset_after_s = m.jump_reset_after_s;
    s.jump_err_to_gnss_30s_m = m.jump_err_30s;
  }
  return s;
}

}  // namespace kestrel
