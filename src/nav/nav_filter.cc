// The navigation filter: sample intake, alignment, prediction, the generic
// guarded scalar fusion, status and publication. The measurement models and
// their fusion live one per file (fuse_*.cc); the error convention is in
// nav_filter.h, the equations in docs/navigation.md.
#include "nav/nav_filter.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

#include "core/rotation.h"
#include "nav/nav_models.h"

namespace kestrel {

using namespace nav_index;
using nav::quat_exp;

namespace {

bool finite3(const Vec3& v) { return v.allFinite(); }

// Seconds between two SimTimes.
double secs(SimTime a, SimTime b) { return (a - b).seconds(); }

}  // namespace

// Whether a measurement fused at most at `hz` is due at t (and if so, marks it fused now).
bool nav_fusion_due(SimTime t, double hz, SimTime* last) {
  if (hz > 0 && (t - *last).seconds() < 1.0 / hz - 1e-4) return false;
  *last = t;
  return true;
}

// The largest microsecond count whose seconds (SimTime::seconds(), a rounded product, monotonic
// in the count) are at most window_s: `us <= nav_window_us(w)` is exactly `seconds(us) <= w`, with
// an integer comparison in place of a conversion and a product. A NaN window admits nothing.
int64_t nav_window_us(double window_s) {
  if (!(window_s >= -1e12 && window_s <= 1e12)) {  // beyond 30,000 years, or NaN
    return window_s > 0 ? std::numeric_limits<int64_t>::max() : std::numeric_limits<int64_t>::min();
  }
  auto secs_of = [](int64_t us) { return SimTime{us}.seconds(); };
  int64_t n = static_cast<int64_t>(std::floor(window_s * 1e6));
  while (secs_of(n + 1) <= window_s) ++n;
  while (secs_of(n) > window_s) --n;
  return n;
}

namespace {}  // namespace

NavFilter::NavFilter(const NavParams& params) : params_(params) {
  params_.predict_hz = std::clamp(params_.predict_hz, 10.0, 1000.0);
  params_.covariance_hz = std::clamp(params_.covariance_hz, 1.0, params_.predict_hz);
  params_.gnss_delay_s = std::clamp(params_.gnss_delay_s, 0.0, 0.3);
  state_.status = 0;
  half_second_us_ = nav_window_us(0.5);
  one_second_us_ = nav_window_us(1.0);
  gnss_timeout_us_ = nav_window_us(params_.gnss_timeout_s);
  gnss_reset_hold_us_ = nav_window_us(params_.gnss_reset_flag_hold_s);
}

void NavFilter::set_on_ground(bool on_ground) { on_ground_ = on_ground; }

void NavFilter::set_airspeed_failed() {
  if (airspeed_failed_) return;
  airspeed_failed_ = true;
  if (!wind_init_) return;
  const double add = params_.airspeed_fail_wind_sigma_mps * params_.airspeed_fail_wind_sigma_mps;
  state_.P(kWind, kWind) += add;
  state_.P(kWind + 1, kWind + 1) += add;
}

// --- IMU intake
// ---------------------------------------------------------------------------------

bool NavFilter::push_imu(const ImuSample& s_in) {
  ImuSample s = s_in;
  const bool dt_ok = std::isfinite(s.dt_s) && s.dt_s > 0 && s.dt_s <= 0.05 &&
                     (!have_good_imu_ || s.time > last_imu_time_);
  const bool values_ok = finite3(s.gyro_rad_s) && finite3(s.accel_mps2) &&
                         s.gyro_rad_s.norm() < 40.0 && s.accel_mps2.norm() < 200.0 &&
                         !s.gyro_saturated && !s.accel_saturated;
  bool ok = dt_ok && values_ok;
  if (!ok) {
    ++state_.imu_invalid;
    bad_imu_seen_ = true;
    last_bad_imu_ = s.time;
    // Hold the last good sample over this period (design.md §9); without a
    // usable dt, drop it.
    if (!dt_ok || !have_good_imu_) return false;
    s.gyro_rad_s = last_good_imu_.gyro_rad_s;
    s.accel_mps2 = last_good_imu_.accel_mps2;
  } else {
    last_good_imu_ = s;
    have_good_imu_ = true;
  }
  last_imu_time_ = s.time;

  if (!aligned_) {
    align_f_sum_ += s.accel_mps2 * s.dt_s;
    align_w_sum_ += s.gyro_rad_s * s.dt_s;
    align_w2_sum_ += s.gyro_rad_s.cwiseAbs2() * s.dt_s;
    align_t_ += s.dt_s;
    ++align_n_;
    try_align();
    state_.time = s.time;
    return ok;
  }

  // Accumulate the delta angle and delta velocity, the latter rotated into the
  // body axes at the start of the interval (first-order rotation correction).
  const Vec3 da = s.gyro_rad_s * s.dt_s;
  const Vec3 dv = s.accel_mps2 * s.dt_s;
  dvel_ += dv + (dang_ + 0.5 * da).cross(dv);
  dang_ += da;
  dt_acc_ += s.dt_s;
  dt2_acc_ += s.dt_s * s.dt_s;
  const double period = 1.0 / params_.predict_hz;
  if (dt_acc_ >= period - 0.5 * s.dt_s) {
    state_.time = s.time;
    predict();
  }
  return ok;
}

// --- Alignment
// ----------------------------------------------------------------------------------

void NavFilter::try_align() {
  if (align_t_ < params_.align_time_s || !have_mag_) return;
  const Vec3 f = align_f_sum_ / align_t_;
  const Vec3 w = align_w_sum_ / align_t_;
  const double g = nav::normal_gravity(0.0, 0.0);
  // Averaged specific force must look like gravity alone (level,
  // unaccelerated); else restart.
  if (std::abs(f.norm() - g) > 0.05 * g) {
    align_f_sum_.setZero();
    align_w_sum_.setZero();
    align_w2_sum_.setZero();
    align_t_ = 0;
    align_n_ = 0;
    return;
  }
  Euler e;
  e.roll_rad = std::atan2(-f.y(), -f.z());
  e.pitch_rad = std::atan2(f.x(), std::sqrt(f.y() * f.y() + f.z() * f.z()));
  e.yaw_rad = 0;
  // Heading: rotate the body field into the level frame; m_level = Rz(psi)^T
  // m_ned with m_ned = [H cos D, H sin D, Z]  =>  psi = D - atan2(m_level.y,
  // m_level.x).
  const Mat3 R_tilt = q_ned_from_b_from_euler(e).toRotationMatrix();
  const Vec3 m_level = R_tilt * last_mag_;
  e.yaw_rad = params_.mag_declination_rad - std::atan2(m_level.y(), m_level.x());
  x_.q_ned_from_b = q_ned_from_b_from_euler(e).normalized();
  const double D = params_.mag_declination_rad, I = params_.mag_inclination_rad;
  x_.mag_earth = params_.mag_strength_gauss *
                 Vec3(std::cos(I) * std::cos(D), std::cos(I) * std::sin(D), std::sin(I));
  x_.mag_body.setZero();
  x_.vel_ned.setZero();
  x_.gyro_bias.setZero();
  double bg_var = std::pow(params_.init_gyro_bias_sigma_rad_s, 2);
  Vec3 gyro_bias_var = Vec3::Constant(bg_var);
  if (on_ground_) {
    // Stationary: the mean rate is the bias plus the earth rate (seen in body axes). But an
    // aircraft parked in gusty wind rocks on its gear (and settles in the first moments):
    // then the window's mean rate holds that motion too. Its spread beyond the sensor noise
    // measures how far the mean can be off, and the mean is weighed against the bias prior
    // (zero, init_gyro_bias_sigma) per axis accordingly: a still aircraft gives the bias to the
    // noise's precision, a rocking one leaves it near the prior instead of a wrong value held
    // with false confidence (which tilts the estimate by degrees within seconds).
    const Mat3 R = x_.q_ned_from_b.toRotationMatrix();
    const Vec3 w_ie_b = R.transpose() * Vec3(kWgs84OmegaEarth, 0, 0);  // latitude unknown yet
    const double noise_var = std::pow(params_.gyro_noise_rad_s * params_.imu_noise_scale, 2);
    const double prior_var = bg_var;
    const Vec3 spread_var = align_w2_sum_ / align_t_ - w.cwiseAbs2();
    for (int i = 0; i < 3; ++i) {
      const double motion_var = std::max(spread_var[i] - noise_var, 0.0);
      const double meas_var =
          noise_var / std::max(align_n_, 1) + std::pow(kWgs84OmegaEarth, 2) + motion_var;
      const double k = prior_var / (prior_var + meas_var);
      x_.gyro_bias[i] = k * (w[i] - w_ie_b[i]);
      gyro_bias_var[i] = (1.0 - k) * prior_var;
    }
  }
  state_.P.setZero();
  // In the air the averaged specific force holds the manoeuvre too (turbulence, a slow turn):
  // the tilt is known less well, and the GNSS velocity fusion corrects it.
  const double tilt_sigma =
      on_ground_ ? params_.init_tilt_sigma_rad
                 : std::max(params_.init_tilt_sigma_rad, params_.init_tilt_sigma_air_rad);
  state_.P.diagonal().segment<2>(kAtt).setConstant(tilt_sigma * tilt_sigma);
  state_.P(kAtt + 2, kAtt + 2) = std::pow(params_.init_yaw_sigma_rad, 2);
  state_.P.diagonal().segment<3>(kVel).setConstant(on_ground_ ? 0.25 : 2500.0);
  state_.P.diagonal().segment<3>(kPos).setConstant(1e6);
  state_.P.diagonal().segment<3>(kGyroBias) = gyro_bias_var;
  state_.P.diagonal()
      .segment<3>(kAccelBias)
      .setConstant(std::pow(params_.init_accel_bias_sigma_mps2, 2));
  state_.P.diagonal().segment<2>(kWind).setConstant(std::pow(params_.init_wind_sigma_mps, 2));
  state_.P.diagonal().segment<3>(kMagEarth).setConstant(
      std::pow(params_.init_mag_earth_sigma_gauss, 2));
  state_.P.diagonal().segment<3>(kMagBody).setConstant(
      std::pow(params_.init_mag_body_sigma_gauss, 2));
  state_.P(kBaroOffset, kBaroOffset) = 1e4;
  state_.P(kGnssBias, kGnssBias) = state_.P(kGnssBias + 1, kGnssBias + 1) =
      std::pow(params_.gnss_bias_sigma_h_m, 2);
  state_.P(kGnssBias + 2, kGnssBias + 2) = std::pow(params_.gnss_bias_sigma_v_m, 2);
  aligned_ = true;
  dang_.setZero();
  dvel_.setZero();
  dt_acc_ = dt2_acc_ = 0;
  cov_dvel_ned_.setZero();
  cov_dt_ = cov_dang_var_ = cov_dvel_var_ = 0;
  update_status();
  publish();
}

// --- Prediction
// ---------------------------------------------------------------------------------

void NavFilter::predict() {
  const double dt = dt_acc_;
  const double lat = x_.lat_rad, h = x_.height_m;
  double rn, re;
  earth_radii(lat, &rn, &re);
  const Vec3 v = x_.vel_ned;
  // Earth rate and transport rate in NED; gyros measure the inertial rate.
  const Vec3 w_ie(kWgs84OmegaEarth * std::cos(lat), 0, -kWgs84OmegaEarth * std::sin(lat));
  const Vec3 w_en(v.y() / (re + h), -v.x() / (rn + h), -v.y() * std::tan(lat) / (re + h));
  const Vec3 dang = dang_ - x_.gyro_bias * dt;
  const Vec3 dvel = dvel_ - x_.accel_bias * dt;
  const Mat3 R = rotation_matrix(x_.q_ned_from_b);
  const Vec3 dvel_ned = R * dvel;
  const Vec3 g_ned(0, 0, nav::normal_gravity(lat, h));

  x_.q_ned_from_b = (quat_exp(-(w_ie + w_en) * dt) * x_.q_ned_from_b * quat_exp(dang)).normalized();
  x_.vel_ned = v + dvel_ned + (g_ned - (2 * w_ie + w_en).cross(v)) * dt;
  const Vec3 v_avg = 0.5 * (v + x_.vel_ned);
  x_.lat_rad += v_avg.x() * dt / (rn + h);
  x_.lon_rad += v_avg.y() * dt / ((re + h) * std::cos(lat));
  x_.height_m -= v_avg.z() * dt;
  x_.lon_rad = wrap_pi(x_.lon_rad);
  if (dt != gnss_decay_dt_) {
    gnss_decay_dt_ = dt;
    gnss_decay_ = std::exp(-dt / params_.gnss_bias_tau_s);
  }
  x_.gnss_bias *= gnss_decay_;

  // The covariance at its own (lower) rate, over the state predictions since the last one: the
  // mean specific force in NED, the summed IMU noise, the attitude of the latest.
  const double sg = params_.gyro_noise_rad_s * params_.imu_noise_scale;
  const double sa = params_.accel_noise_mps2 * params_.imu_noise_scale;
  cov_dvel_ned_ += dvel_ned;
  cov_dt_ += dt;
  cov_dang_var_ += sg * sg * dt2_acc_;
  cov_dvel_var_ += sa * sa * dt2_acc_;
  const bool cov_due = cov_dt_ >= 1.0 / params_.covariance_hz - 0.5 * dt;
  if (cov_due) {
    predict_covariance(R, cov_dvel_ned_ / cov_dt_, cov_dt_, cov_dang_var_, cov_dvel_var_);
    cov_dvel_ned_.setZero();
    cov_dt_ = cov_dang_var_ = cov_dvel_var_ = 0;
  }

  state_.omega_b_rad_s = dang / dt;
  state_.accel_b_mps2 = dvel / dt;
  dang_.setZero();
  dvel_.setZero();
  dt_acc_ = dt2_acc_ = 0;
  ++predictions_;

  // History for the GNSS delay.
  hist_head_ = (hist_head_ + 1) % kHistory;
  History& e = hist_[hist_head_];
  e.time = state_.time;
  e.lat_rad = x_.lat_rad;
  e.lon_rad = x_.lon_rad;
  e.height_m = x_.height_m;
  e.vel_ned = x_.vel_ned;
  e.corr_pos_ned = corr_pos_ned_;
  e.corr_vel_ned = corr_vel_ned_;
  hist_n_ = std::min(hist_n_ + 1, kHistory);

  update_status();
  publish();
}

// P <- Phi P Phi^T + Q with Phi = I + A, A sparse: (att, gyro bias) = -R dt,
// (vel, att) = -[f_ned x] dt, (vel, accel bias) = -R dt, (pos, vel) = I dt, and
// the GNSS error block decays as exp(-dt/tau). Rows first (M = Phi P), then
// columns (M Phi^T), each block in an order that reads only not-yet-updated
// blocks. About 2,000 multiply-adds instead of 40,000.
void NavFilter::predict_covariance(const Mat3& R, const Vec3& f_ned, double dt, double dang_var,
                                   double dvel_var) {
  const Mat3 A_att_bg = -R * dt;
  const Mat3 A_vel_att = -skew(f_ned) * dt;
  const Mat3 A_vel_ba = -R * dt;
  if (dt != gnss_cov_decay_dt_) {
    gnss_cov_decay_dt_ = dt;
    gnss_cov_decay_ = std::exp(-dt / params_.gnss_bias_tau_s);
  }
  const double phi_gb = gnss_cov_decay_;
  // Rows.
  state_.P.middleRows<3>(kPos) += dt * state_.P.middleRows<3>(kVel);
  state_.P.middleRows<3>(kVel).noalias() += A_vel_att * state_.P.middleRows<3>(kAtt);
  state_.P.middleRows<3>(kVel).noalias() += A_vel_ba * state_.P.middleRows<3>(kAccelBias);
  state_.P.middleRows<3>(kAtt).noalias() += A_att_bg * state_.P.middleRows<3>(kGyroBias);
  state_.P.middleRows<3>(kGnssBias) *= phi_gb;
  // Columns.
  state_.P.middleCols<3>(kPos) += dt * state_.P.middleCols<3>(kVel);
  state_.P.middleCols<3>(kVel).noalias() += state_.P.middleCols<3>(kAtt) * A_vel_att.transpose();
  state_.P.middleCols<3>(kVel).noalias() +=
      state_.P.middleCols<3>(kAccelBias) * A_vel_ba.transpose();
  state_.P.middleCols<3>(kAtt).noalias() +=
      state_.P.middleCols<3>(kGyroBias) * A_att_bg.transpose();
  state_.P.middleCols<3>(kGnssBias) *= phi_gb;
  // Process noise (diagonal; the white IMU noise is isotropic so R Q R^T = Q).
  auto d = state_.P.diagonal();
  d.segment<3>(kAtt).array() += dang_var;
  d.segment<3>(kVel).array() += dvel_var;
  d.segment<3>(kPos).array() += 0.25 * dvel_var * dt * dt;
  d.segment<3>(kGyroBias).array() += std::pow(params_.gyro_bias_rw_rad_s2, 2) * dt;
  d.segment<3>(kAccelBias).array() += std::pow(params_.accel_bias_rw_mps3, 2) * dt;
  if (!on_ground_) {
    const bool dead_reckoning =
        position_init_ && (state_.time - last_gnss_fused_).seconds() > params_.gnss_timeout_s;
    const double q = dead_reckoning ? params_.wind_rw_dr_mps2 : params_.wind_rw_mps2;
    const double q_h = params_.wind_rw_height_mps_rtm;
    d.segment<2>(kWind).array() += (q * q + q_h * q_h * std::abs(x_.vel_ned.z())) * dt;
  }
  d.segment<3>(kMagEarth).array() += std::pow(params_.mag_earth_rw_gauss_s, 2) * dt;
  d.segment<3>(kMagBody).array() += std::pow(params_.mag_body_rw_gauss_s, 2) * dt;
  d(kBaroOffset) += std::pow(params_.baro_offset_rw_mps, 2) * dt;
  const double q_gb = 1 - phi_gb * phi_gb;
  d(kGnssBias) += std::pow(params_.gnss_bias_sigma_h_m, 2) * q_gb;
  d(kGnssBias + 1) += std::pow(params_.gnss_bias_sigma_h_m, 2) * q_gb;
  d(kGnssBias + 2) += std::pow(params_.gnss_bias_sigma_v_m, 2) * q_gb;
  clamp_covariance();
}

// Symmetrise and keep the variances within floors and ceilings. A non-finite
// covariance (which the guards should make impossible) is replaced by its
// diagonal ceiling and flagged. After each covariance prediction. The sum of
// all elements is finite exactly when every element is (a NaN or an infinity
// propagates; finite elements are bounded by the ceilings far below overflow).
// The prediction and the fusions keep P symmetric up to rounding, which grows
// by about an ulp per step: the lower triangle is copied onto the upper once a
// second.
void NavFilter::clamp_covariance() {
  NavCovariance& P = state_.P;
  const double total = P.sum();
  if (++cov_predictions_ >= params_.covariance_hz) {
    cov_predictions_ = 0;
    for (int j = 1; j < kCount; ++j)
      for (int i = 0; i < j; ++i) P(i, j) = P(j, i);
  }
  static constexpr std::array<double, kCount> kFloor = {
      1e-10, 1e-10, 1e-10, 1e-6,  1e-6,  1e-6,  1e-4, 1e-4, 1e-4,
      1e-14, 1e-14, 1e-14, 1e-10, 1e-10, 1e-10, 1e-4, 1e-4, 1e-10,
      1e-10, 1e-10, 1e-10, 1e-10, 1e-10, 1e-4,  1e-4, 1e-4, 1e-4};
  static constexpr std::array<double, kCount> kCeil = {
      1, 1,   4,   1e4, 1e4, 1e4, 1e10, 1e10, 1e10, 1e-2, 1e-2, 1e-2, 4,  4,
      4, 900, 900, 1,   1,   1,   1,    1,    1,    1e6,  1e4,  1e4,  1e4};
  if (!std::isfinite(total)) {
    numeric_reject_seen_ = true;
    last_numeric_reject_ = state_.time;
    state_.P.setZero();
    for (int i = 0; i < kCount; ++i) state_.P(i, i) = kCeil[i];
    return;
  }
  for (int i = 0; i < kCount; ++i) state_.P(i, i) = std::clamp(state_.P(i, i), kFloor[i], kCeil[i]);
}

// --- Fusion core
// --------------------------------------------------------------------------------

double NavFilter::innovation_variance(const SparseRow& H, double R) const {
  double s = R;
  for (int a = 0; a < H.n; ++a)
    for (int b = 0; b < H.n; ++b) s += H.val[a] * H.val[b] * state_.P(H.idx[a], H.idx[b]);
  return s;
}

// Guarded sequential scalar update: refused when S is not positive and finite,
// or when the update would drive a variance negative (P lost positive
// definiteness numerically).
double NavFilter::fuse_gated_scalar(const SparseRow& H, double innovation, double R,
                                    double gate_sigma, FusionHealth& health, SimTime t) {
  const double S = innovation_variance(H, R);
  const double ratio = innovation * innovation / (gate_sigma * gate_sigma * S);
  health.test_ratio = static_cast<float>(ratio);
  if (ratio <= 1.0 && fuse_scalar(H, innovation, S)) {
    ++health.fused;
    health.last_fused = t;
  } else {
    ++health.rejected;
  }
  return S;
}

bool NavFilter::fuse_scalar(const SparseRow& H, double innovation, double S, ErrorVec* dx_sum) {
  if (!(S > 0) || !std::isfinite(S) || !std::isfinite(innovation)) {
    numeric_reject_seen_ = true;
    last_numeric_reject_ = state_.time;
    return false;
  }
  NavCovariance& P = state_.P;
  ErrorVec PHt = P.col(H.idx[0]) * H.val[0];
  for (int a = 1; a < H.n; ++a) PHt += P.col(H.idx[a]) * H.val[a];
  const double inv_s = 1.0 / S;
  for (int i = 0; i < kCount; ++i) {
    if (PHt(i) * PHt(i) * inv_s > P(i, i) * (1 + 1e-9) + 1e-15) {
      numeric_reject_seen_ = true;
      last_numeric_reject_ = state_.time;
      return false;
    }
  }
  const ErrorVec K = PHt * inv_s;
  P.noalias() -= K * PHt.transpose();
  for (int i = 0; i < kCount; ++i) P(i, i) = std::max(P(i, i), 0.0);
  if (dx_sum) {
    *dx_sum += K * innovation;
  } else {
    apply_correction(K * innovation);
  }
  return true;
}

void NavFilter::apply_correction(const ErrorVec& dx) {
  x_ = nav::inject(x_, dx);
  corr_pos_ned_ += dx.segment<3>(kPos);
  corr_vel_ned_ += dx.segment<3>(kVel);
}

// The state at time t (in the past), from the history, with the corrections
// applied since.
bool NavFilter::delayed_state(SimTime t, History* out) const {
  if (hist_n_ == 0) return false;
  const History& newest = hist_[hist_head_];
  if (t >= newest.time) {
    *out = newest;
  } else {
    int i = hist_head_;
    int k = 0;
    for (; k < hist_n_ - 1; ++k) {
      const int prev = (i + kHistory - 1) % kHistory;
      if (hist_[prev].time <= t) {
        const History& a = hist_[prev];
        const History& b = hist_[i];
        const double w = secs(t, a.time) / std::max(secs(b.time, a.time), 1e-6);
        *out = a;
        out->time = t;
        out->lat_rad = a.lat_rad + w * (b.lat_rad - a.lat_rad);
        out->lon_rad = a.lon_rad + w * wrap_pi(b.lon_rad - a.lon_rad);
        out->height_m = a.height_m + w * (b.height_m - a.height_m);
        out->vel_ned = a.vel_ned + w * (b.vel_ned - a.vel_ned);
        out->corr_pos_ned = a.corr_pos_ned + w * (b.corr_pos_ned - a.corr_pos_ned);
        out->corr_vel_ned = a.corr_vel_ned + w * (b.corr_vel_ned - a.corr_vel_ned);
        break;
      }
      i = prev;
    }
    if (k == hist_n_ - 1) {
      // Older than the history: use the oldest entry if it is close enough.
      if (secs(hist_[i].time, t) > 0.05) return false;
      *out = hist_[i];
    }
  }
  // Corrections applied since: shift the past state by them.
  const Vec3 dp = corr_pos_ned_ - out->corr_pos_ned;
  double rn, re;
  earth_radii(out->lat_rad, &rn, &re);
  out->lat_rad += dp.x() / (rn + out->height_m);
  out->lon_rad += dp.y() / ((re + out->height_m) * std::cos(out->lat_rad));
  out->height_m -= dp.z();
  out->vel_ned += corr_vel_ned_ - out->corr_vel_ned;
  out->corr_pos_ned = corr_pos_ned_;
  out->corr_vel_ned = corr_vel_ned_;
  return true;
}

// --- Status and output
// --------------------------------------------------------------------------

void NavFilter::update_status() {
  const SimTime t = state_.time;
  uint32_t st = 0;
  // Each window as a microsecond count (nav_window_us): the same tests as seconds <= window.
  auto within = [&](SimTime since, int64_t window) { return (t - since).us <= window; };
  auto recent = [&](const FusionHealth& h, int64_t window) {
    return h.fused > 0 && within(h.last_fused, window);
  };
  if (aligned_) st |= kNavAligned;
  const double pos_sigma_h =
      std::sqrt(std::max(state_.P(kPos, kPos), state_.P(kPos + 1, kPos + 1)));
  if (position_init_ && pos_sigma_h < params_.pos_valid_max_sigma_m) st |= kNavPositionValid;
  const bool gnss_recent = position_init_ && state_.gnss_pos.fused + state_.gnss_vel.fused > 0 &&
                           within(last_gnss_fused_, gnss_timeout_us_);
  if (gnss_recent) st |= kNavGnssFusing;
  if (position_init_ && !gnss_recent) st |= kNavDeadReckoning;
  const bool airspeed = recent(state_.airspeed, half_second_us_);
  const bool beta = recent(state_.beta, half_second_us_);
  const bool mag = recent(state_.mag, half_second_us_);
  const bool baro = recent(state_.baro, half_second_us_);
  if (airspeed) st |= kNavAirspeedFusing;
  if (beta) st |= kNavBetaFusing;
  if (mag) st |= kNavMagFusing;
  if (baro) st |= kNavBaroFusing;
  const double wind_sigma =
      std::sqrt(std::max(state_.P(kWind, kWind), state_.P(kWind + 1, kWind + 1)));
  if (wind_init_ && wind_sigma < params_.wind_valid_sigma_mps) st |= kNavWindEstimated;
  if (gnss_rejecting_) st |= kNavGnssRejected;
  if (gnss_reset_done_ && within(last_gnss_reset_, gnss_reset_hold_us_)) st |= kNavGnssReset;
  if (on_ground_) st |= kNavOnGround;
  if (bad_imu_seen_ && within(last_bad_imu_, one_second_us_)) st |= kNavBadImu;
  if (bad_sensor_seen_ && within(last_bad_sensor_, one_second_us_)) st |= kNavBadSensor;
  if (numeric_reject_seen_ && within(last_numeric_reject_, one_second_us_)) st |= kNavNumericReject;
  state_.status = st;
  state_.gnss_pos.healthy = recent(state_.gnss_pos, gnss_timeout_us_) && !gnss_rejecting_;
  state_.gnss_vel.healthy = recent(state_.gnss_vel, gnss_timeout_us_);
  state_.baro.healthy = baro;
  state_.airspeed.healthy = airspeed;
  state_.beta.healthy = beta;
  state_.mag.healthy = mag;
}

void NavFilter::publish() {
  state_.lat_rad = x_.lat_rad;
  state_.lon_rad = x_.lon_rad;
  state_.height_ellipsoid_m = x_.height_m;
  state_.alt_amsl_baro_m = x_.height_m + x_.baro_offset_m;
  state_.vel_ned_mps = x_.vel_ned;
  state_.q_ned_from_b = x_.q_ned_from_b;
  state_.wind_n_mps = x_.wind_ne.x();
  state_.wind_e_mps = x_.wind_ne.y();
  state_.gyro_bias_rad_s = x_.gyro_bias;
  state_.accel_bias_mps2 = x_.accel_bias;
  state_.mag_earth_gauss = x_.mag_earth;
  state_.mag_body_gauss = x_.mag_body;
  state_.baro_gnss_offset_m = x_.baro_offset_m;
  state_.gnss_bias_ned_m = x_.gnss_bias;
}

}  // namespace kestrel
