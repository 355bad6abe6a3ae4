// GNSS position and velocity fusion, with delayed-state handling for the
// receiver latency.
//
// Model: z_pos = p(t - delay) + b_gnss (b_gnss: first-order Gauss-Markov
// position error state),
//        z_vel = v(t - delay).
// The innovation is formed against the state of the history ring at (arrival -
// gnss_delay_s), shifted by every correction applied since it was stored; the
// correction is then applied to the current state with H evaluated now (the
// error changes little over the 0.1 s delay). No antenna lever arm is modelled
// (antenna at the reference point).
#include <algorithm>
#include <cmath>

#include "nav/nav_models.h"

namespace kestrel {

using namespace nav_index;

namespace nav {

double gnss_pos_h(const NavNominal& x, double lat_ref, double lon_ref, double h_ref, int axis) {
  return ned_offset(x.lat_rad, x.lon_rad, x.height_m, lat_ref, lon_ref, h_ref)(axis) +
         x.gnss_bias(axis);
}

SparseRow gnss_pos_H(const NavNominal&, int axis) {
  SparseRow H;
  H.add(kPos + axis, 1.0);
  H.add(kGnssBias + axis, 1.0);
  return H;
}

double gnss_vel_h(const NavNominal& x, int axis) { return x.vel_ned(axis); }

SparseRow gnss_vel_H(const NavNominal&, int axis) {
  SparseRow H;
  H.add(kVel + axis, 1.0);
  return H;
}

}  // namespace nav

bool NavFilter::push_gnss(const GnssSample& s) {
  const bool ok =
      std::isfinite(s.lat_rad) && std::isfinite(s.lon_rad) && std::abs(s.lat_rad) <= 0.5 * kPi &&
      std::abs(s.lon_rad) <= kPi + 1e-9 && std::isfinite(s.height_ellipsoid_m) &&
      std::abs(s.height_ellipsoid_m) < 5e4 && s.vel_ned_mps.allFinite() &&
      s.vel_ned_mps.norm() < 300 && std::isfinite(s.h_acc_m) && std::isfinite(s.v_acc_m) &&
      std::isfinite(s.s_acc_mps) && s.h_acc_m >= 0 && s.v_acc_m >= 0 && s.s_acc_mps >= 0;
  if (!ok) {
    ++state_.gnss_pos.invalid;
    ++state_.gnss_vel.invalid;
    bad_sensor_seen_ = true;
    last_bad_sensor_ = s.time;
    return false;
  }
  // A solution without a 3D fix, with too few satellites or a poor accuracy is
  // valid data but not used; the GNSS timeout then leads to dead reckoning.
  if (s.fix != GnssFix::k3D || s.satellites < params_.gnss_min_sats ||
      s.h_acc_m > params_.gnss_max_hacc_m || !aligned_)
    return true;
  if (!position_init_) {
    initialise_position(s);
    last_gnss_seen_ = s.time;
    return true;
  }
  // A fix after a gap of no usable fixes (an outage): the filter has been dead reckoning, and
  // a fix that fails the gate then resets the position at once (the dead-reckoned position is
  // what is stale, not the fix), as opposed to a jump while GNSS was being fused.
  gnss_gap_ = (s.time - last_gnss_seen_).seconds() > params_.gnss_timeout_s;
  last_gnss_seen_ = s.time;
  // At most at gnss_fuse_hz; a fix after a gap at once.
  if (gnss_gap_ || nav_fusion_due(s.time, params_.gnss_fuse_hz, &last_gnss_fuse_time_)) {
    last_gnss_fuse_time_ = s.time;
    fuse_gnss(s);
  }
  return true;
}

// First good 3D fix: position and velocity from GNSS, moved forward over the
// delay.
void NavFilter::initialise_position(const GnssSample& s) {
  double rn, re;
  earth_radii(s.lat_rad, &rn, &re);
  const double d = params_.gnss_delay_s;
  x_.lat_rad = s.lat_rad + s.vel_ned_mps.x() * d / (rn + s.height_ellipsoid_m);
  x_.lon_rad =
      s.lon_rad + s.vel_ned_mps.y() * d / ((re + s.height_ellipsoid_m) * std::cos(s.lat_rad));
  x_.height_m = s.height_ellipsoid_m - s.vel_ned_mps.z() * d;
  x_.vel_ned = s.vel_ned_mps;
  x_.gnss_bias.setZero();
  for (int r = kVel; r < kVel + 6; ++r) {
    state_.P.row(r).setZero();
    state_.P.col(r).setZero();
  }
  state_.P.middleRows<3>(kGnssBias).setZero();
  state_.P.middleCols<3>(kGnssBias).setZero();
  const double sv = std::max(params_.gnss_vel_noise_mps, s.s_acc_mps);
  const double wh =
      std::max(params_.gnss_pos_noise_m, params_.gnss_pos_hacc_white_frac * s.h_acc_m);
  const double wv =
      std::max(params_.gnss_pos_noise_m, params_.gnss_pos_hacc_white_frac * s.v_acc_m);
  const double bh2 = std::pow(params_.gnss_bias_sigma_h_m, 2);
  const double bv2 = std::pow(params_.gnss_bias_sigma_v_m, 2);
  state_.P.diagonal().segment<3>(kVel).setConstant(sv * sv);
  state_.P(kPos, kPos) = state_.P(kPos + 1, kPos + 1) = wh * wh + bh2;
  state_.P(kPos + 2, kPos + 2) = wv * wv + bv2;
  // The position error is the GNSS error: fully anti-correlated with the GNSS
  // error state.
  for (int i = 0; i < 3; ++i) {
    const double b2 = i < 2 ? bh2 : bv2;
    state_.P(kGnssBias + i, kGnssBias + i) = b2;
    state_.P(kPos + i, kGnssBias + i) = state_.P(kGnssBias + i, kPos + i) = -b2;
  }
  hist_n_ = 0;
  position_init_ = true;
  last_gnss_fused_ = s.time;
  ++state_.gnss_pos.fused;
  ++state_.gnss_vel.fused;
  state_.gnss_pos.last_fused = state_.gnss_vel.last_fused = s.time;
  update_status();
  publish();
}

// Persistent rejection (e.g. a real jump, or our own divergence): accept the
// GNSS position.
void NavFilter::reset_position_to_gnss(const GnssSample& s, const History& h) {
  // Move the current estimate by the innovation at the delayed time.
  const Vec3 d =
      nav::ned_offset(s.lat_rad, s.lon_rad, s.height_ellipsoid_m, h.lat_rad, h.lon_rad, h.height_m);
  ErrorVec dx = ErrorVec::Zero();
  dx.segment<3>(kPos) = d - x_.gnss_bias;
  apply_correction(dx);
  x_.gnss_bias.setZero();
  const double wh =
      std::max(params_.gnss_pos_noise_m, params_.gnss_pos_hacc_white_frac * s.h_acc_m);
  const double wv =
      std::max(params_.gnss_pos_noise_m, params_.gnss_pos_hacc_white_frac * s.v_acc_m);
  const double bh2 = std::pow(params_.gnss_bias_sigma_h_m, 2);
  const double bv2 = std::pow(params_.gnss_bias_sigma_v_m, 2);
  for (int r : {kPos, kGnssBias}) {
    state_.P.middleRows<3>(r).setZero();
    state_.P.middleCols<3>(r).setZero();
  }
  for (int i = 0; i < 3; ++i) {
    const double b2 = i < 2 ? bh2 : bv2;
    const double w2 = i < 2 ? wh * wh : wv * wv;
    state_.P(kPos + i, kPos + i) = w2 + b2;
    state_.P(kGnssBias + i, kGnssBias + i) = b2;
    state_.P(kPos + i, kGnssBias + i) = state_.P(kGnssBias + i, kPos + i) = -b2;
  }
  gnss_rejecting_ = false;
  gnss_reset_done_ = true;
  last_gnss_reset_ = s.time;
  ++state_.gnss_resets;
  last_gnss_fused_ = s.time;
}

void NavFilter::fuse_gnss(const GnssSample& s) {
  const SimTime t_meas =
      s.time - SimTime::from_us(static_cast<int64_t>(params_.gnss_delay_s * 1e6));
  History h;
  if (!delayed_state(t_meas, &h)) return;
  // The six components are fused one after the other with their corrections summed in dx and
  // applied once at the end; each innovation is taken less H dx (the measurement is linear in
  // the error state: the delayed state shifted by the corrections so far).
  ErrorVec dx = ErrorVec::Zero();

  // --- Velocity: gate the three axes together, then fuse them one by one.
  {
    const double sv = std::max(params_.gnss_vel_noise_mps, s.s_acc_mps);
    const double R = sv * sv;
    const double gate2 = params_.gnss_vel_gate_sigma * params_.gnss_vel_gate_sigma;
    Vec3 y;
    double ratio = 0;
    for (int i = 0; i < 3; ++i) {
      const double S = innovation_variance(nav::gnss_vel_H(x_, i), R);
      y(i) = s.vel_ned_mps(i) - h.vel_ned(i);
      innov_.gnss_vel_mps(i) = y(i);
      innov_.gnss_vel_var_m2s2(i) = S;
      ratio = std::max(ratio, y(i) * y(i) / (gate2 * S));
    }
    state_.gnss_vel.test_ratio = static_cast<float>(ratio);
    if (ratio <= 1.0) {
      bool all = true;
      for (int i = 0; i < 3; ++i) {
        const SparseRow H = nav::gnss_vel_H(x_, i);
        all &= fuse_scalar(H, y(i) - H.dot(dx), innovation_variance(H, R), &dx);
      }
      if (all) {
        ++state_.gnss_vel.fused;
        state_.gnss_vel.last_fused = s.time;
        last_gnss_fused_ = s.time;
      } else {
        ++state_.gnss_vel.rejected;
      }
    } else {
      ++state_.gnss_vel.rejected;
    }
  }

  // --- Position.
  {
    const double wh =
        std::max(params_.gnss_pos_noise_m, params_.gnss_pos_hacc_white_frac * s.h_acc_m);
    const double wv =
        std::max(params_.gnss_pos_noise_m, params_.gnss_pos_hacc_white_frac * s.v_acc_m);
    const double gate2 = params_.gnss_pos_gate_sigma * params_.gnss_pos_gate_sigma;
    // Innovation of axis i against the delayed state h: h(x) is the NED offset of the estimate
    // from the fix, so z - h(x) = -h(x) with z = 0.
    NavNominal xd = x_;
    xd.lat_rad = h.lat_rad;
    xd.lon_rad = h.lon_rad;
    xd.height_m = h.height_m;
    Vec3 y;
    double ratio = 0;
    for (int i = 0; i < 3; ++i) {
      const double R = i < 2 ? wh * wh : wv * wv;
      const SparseRow H = nav::gnss_pos_H(x_, i);
      const double S = innovation_variance(H, R);
      y(i) = -nav::gnss_pos_h(xd, s.lat_rad, s.lon_rad, s.height_ellipsoid_m, i) - H.dot(dx);
      innov_.gnss_pos_m(i) = y(i);
      innov_.gnss_pos_var_m2(i) = S;
      ratio = std::max(ratio, y(i) * y(i) / (gate2 * S));
    }
    state_.gnss_pos.test_ratio = static_cast<float>(ratio);
    if (ratio <= 1.0) {
      bool all = true;
      ErrorVec dx_pos = ErrorVec::Zero();
      for (int i = 0; i < 3; ++i) {
        const double R = i < 2 ? wh * wh : wv * wv;
        const SparseRow H = nav::gnss_pos_H(x_, i);
        all &= fuse_scalar(H, y(i) - H.dot(dx_pos), innovation_variance(H, R), &dx_pos);
      }
      dx += dx_pos;
      gnss_rejecting_ = false;
      if (all) {
        ++state_.gnss_pos.fused;
        state_.gnss_pos.last_fused = s.time;
        last_gnss_fused_ = s.time;
      } else {
        ++state_.gnss_pos.rejected;
      }
    } else {
      ++state_.gnss_pos.rejected;
      if (!gnss_rejecting_) {
        gnss_rejecting_ = true;
        gnss_reject_since_ = s.time;
      }
      if (gnss_gap_ || (s.time - gnss_reject_since_).seconds() >= params_.gnss_reset_after_s) {
        apply_correction(dx);
        dx.setZero();
        delayed_state(t_meas, &h);
        reset_position_to_gnss(s, h);
        ++state_.gnss_pos.fused;
        state_.gnss_pos.last_fused = s.time;
      }
    }
  }
  apply_correction(dx);
}

}  // namespace kestrel
