// True airspeed fusion. Model: TAS = |v_ned - [wn, we, 0]| (no vertical wind).
// The measured TAS comes from the pitot's impact pressure, the latest baro
// static pressure and the outside air temperature (compressible subsonic
// relation). Fused in flight only, above min_airspeed_fuse_mps; it also paces
// the synthetic-sideslip fusion (fuse_beta.cc).
#include <algorithm>
#include <cmath>

#include "nav/nav_models.h"

namespace kestrel {

using namespace nav_index;

namespace nav {

double tas_from_diff_pressure(double qc, double p, double t_k) {
  constexpr double kGamma = 1.4, kRair = 287.05287;
  if (qc <= 0) return 0;
  const double m2 = 5.0 * (std::pow(qc / p + 1.0, 2.0 / 7.0) - 1.0);
  return std::sqrt(m2 * kGamma * kRair * t_k);
}

double airspeed_h(const NavNominal& x) {
  const Vec3 va = x.vel_ned - Vec3(x.wind_ne.x(), x.wind_ne.y(), 0);
  return va.norm();
}

SparseRow airspeed_H(const NavNominal& x) {
  const Vec3 va = x.vel_ned - Vec3(x.wind_ne.x(), x.wind_ne.y(), 0);
  const double n = std::max(va.norm(), 1e-3);
  SparseRow H;
  for (int i = 0; i < 3; ++i) H.add(kVel + i, va(i) / n);
  H.add(kWind, -va.x() / n);
  H.add(kWind + 1, -va.y() / n);
  return H;
}

}  // namespace nav

bool NavFilter::push_airspeed(const AirspeedSample& s) {
  if (airspeed_failed_) {
    // The pitot is declared failed: its samples (valid or not) pace the sideslip fusion only.
    if (aligned_ && position_init_ && wind_init_ && !on_ground_ &&
        (s.time - last_beta_time_).seconds() >= 1.0 / params_.beta_fuse_hz - 1e-4) {
      last_beta_time_ = s.time;
      fuse_beta(s.time);
    }
    return true;
  }
  if (!std::isfinite(s.diff_pressure_pa) || !std::isfinite(s.temperature_k) ||
      s.diff_pressure_pa < -1000.0 || s.diff_pressure_pa > 30000.0 || s.temperature_k < 170.0 ||
      s.temperature_k > 350.0) {
    ++state_.airspeed.invalid;
    bad_sensor_seen_ = true;
    last_bad_sensor_ = s.time;
    return false;
  }
  const double p_static =
      have_baro_ ? last_baro_p_pa_ : nav::standard_pressure_pa(x_.height_m + x_.baro_offset_m);
  const double tas = nav::tas_from_diff_pressure(s.diff_pressure_pa, p_static, s.temperature_k);
  state_.tas_mps = tas;
  if (!aligned_ || !position_init_ || on_ground_ || tas < params_.min_airspeed_fuse_mps ||
      !nav_fusion_due(s.time, params_.airspeed_fuse_hz, &last_airspeed_fuse_time_))
    return true;
  fuse_airspeed(tas, s.time);
  if ((s.time - last_beta_time_).seconds() >= 1.0 / params_.beta_fuse_hz - 1e-4) {
    last_beta_time_ = s.time;
    fuse_beta(s.time);
  }
  return true;
}

void NavFilter::fuse_airspeed(double tas, SimTime t) {
  if (!wind_init_) {
    // First airspeed in flight: wind from ground velocity minus the air
    // velocity along the heading (sideslip and angle of attack assumed zero);
    // the heading error dominates its error.
    const Mat3 R = x_.q_ned_from_b.toRotationMatrix();
    const Eigen::Vector2d fwd = Eigen::Vector2d(R(0, 0), R(1, 0)).normalized();
    x_.wind_ne = x_.vel_ned.head<2>() - tas * fwd;
    state_.P.middleRows<2>(kWind).setZero();
    state_.P.middleCols<2>(kWind).setZero();
    const double sy = std::sqrt(state_.P(kAtt + 2, kAtt + 2));
    const double s2 = std::min(std::pow(params_.init_wind_sigma_mps, 2),
                               std::pow(tas * sy, 2) + 4.0 + state_.P(kVel, kVel));
    state_.P(kWind, kWind) = state_.P(kWind + 1, kWind + 1) = s2;
    wind_init_ = true;
    return;
  }
  const double y = tas - nav::airspeed_h(x_);
  innov_.airspeed_mps = y;
  innov_.airspeed_var_m2s2 = fuse_gated_scalar(
      nav::airspeed_H(x_), y, params_.airspeed_noise_mps * params_.airspeed_noise_mps,
      params_.airspeed_gate_sigma, state_.airspeed, t);
}

}  // namespace kestrel
