// Three-axis magnetometer fusion. Model: m_b = R_b_from_ned * m_earth + m_body
// (earth field and hard-iron states). With R_true = Exp(dtheta) R:  R_true^T m
// = R^T (I - [dtheta x]) m, so dh/d(dtheta) = R^T [m_earth x], dh/d(m_earth) =
// R^T, dh/d(m_body) = I. The three axes are gated together and fused one after
// the other. In dead reckoning this holds the heading.
#include <algorithm>
#include <array>
#include <cmath>

#include "nav/nav_models.h"

namespace kestrel {

using namespace nav_index;

namespace nav {

double mag_h(const NavNominal& x, int axis) {
  return (x.q_ned_from_b.toRotationMatrix().transpose() * x.mag_earth + x.mag_body)(axis);
}

SparseRow mag_H(const NavNominal& x, int axis) {
  const Mat3 Rt = x.q_ned_from_b.toRotationMatrix().transpose();
  const Eigen::RowVector3d h_att = Rt.row(axis) * skew(x.mag_earth);
  SparseRow H;
  for (int i = 0; i < 3; ++i) H.add(kAtt + i, h_att(i));
  for (int i = 0; i < 3; ++i) H.add(kMagEarth + i, Rt(axis, i));
  H.add(kMagBody + axis, 1.0);
  return H;
}

}  // namespace nav

bool NavFilter::push_mag(const MagSample& s) {
  const double n = s.field_b_gauss.norm();
  if (!s.field_b_gauss.allFinite() || n < 0.05 || n > 2.0) {
    ++state_.mag.invalid;
    bad_sensor_seen_ = true;
    last_bad_sensor_ = s.time;
    return false;
  }
  last_mag_ = s.field_b_gauss;
  have_mag_ = true;
  // In flight at most at mag_fuse_hz; on the ground every sample: there the heading has no
  // other source, and the alignment before take-off is worth the cost of a few minutes.
  if (aligned_ &&
      nav_fusion_due(s.time, on_ground_ ? 0.0 : params_.mag_fuse_hz, &last_mag_fuse_time_))
    fuse_mag(s.field_b_gauss, s.time);
  return true;
}

void NavFilter::fuse_mag(const Vec3& field_b, SimTime t) {
  const double R = params_.mag_noise_gauss * params_.mag_noise_gauss;
  const double gate2 = params_.mag_gate_sigma * params_.mag_gate_sigma;
  double ratio = 0;
  std::array<SparseRow, 3> H;
  const Vec3 h = x_.q_ned_from_b.toRotationMatrix().transpose() * x_.mag_earth + x_.mag_body;
  for (int i = 0; i < 3; ++i) {
    H[i] = nav::mag_H(x_, i);
    const double S = innovation_variance(H[i], R);
    const double y = field_b(i) - h(i);
    innov_.mag_gauss(i) = y;
    innov_.mag_var_gauss2(i) = S;
    ratio = std::max(ratio, y * y / (gate2 * S));
  }
  state_.mag.test_ratio = static_cast<float>(ratio);
  if (ratio > 1.0) {
    ++state_.mag.rejected;
    return;
  }
  // The three axes with their corrections summed and applied once (fuse_scalar).
  bool all = true;
  NavFilter::ErrorVec dx = NavFilter::ErrorVec::Zero();
  for (int i = 0; i < 3; ++i)
    all &= fuse_scalar(H[i], innov_.mag_gauss(i) - H[i].dot(dx), innovation_variance(H[i], R), &dx);
  apply_correction(dx);
  if (all) {
    ++state_.mag.fused;
    state_.mag.last_fused = t;
  } else {
    ++state_.mag.rejected;
  }
}

}  // namespace kestrel
