// The navigation filter: an error-state extended Kalman filter (in the spirit
// of ArduPilot's EKF3 and PX4's EKF2) that estimates attitude, velocity,
// position, IMU biases, wind, the magnetic field, the baro-GNSS height offset
// and a slowly drifting GNSS position error from the sensor samples of
// core/sensor_data.h. It never sees simulator truth: it links only
// kestrel_core.
//
// Use: push every sample as it arrives (IMU at its own rate, the others at
// theirs), in time order; the filter predicts the state at NavParams::predict_hz
// from the accumulated IMU samples, and the covariance at covariance_hz from the
// state predictions accumulated in turn (PX4 EKF2 style); it fuses the other
// measurements as they arrive, the magnetometer, barometer and airspeed at most
// at their *_fuse_hz (the latest sample; the others wait). state() is the
// estimate at the time of the last prediction (the IMU samples are accumulated
// up to one predict period); state().P is the filter's covariance itself (as of
// the last covariance prediction or fusion).
//
// Error convention (NavState::P and every Jacobian; docs/navigation.md):
//   attitude  R_ned_from_b_true = Exp(dtheta) * R_ned_from_b_est, dtheta a
//   rotation vector in NED
//             ("global"/left error, as PX4 EKF2);
//   velocity  dv = v_true - v_est (NED, m/s);
//   position  dp = p_true - p_est in local NED metres at the estimate (north,
//   east, down); every other state  dx = x_true - x_est.
#pragma once

#include <array>
#include <cstdint>

#include "core/sensor_data.h"
#include "core/sim_time.h"
#include "core/types.h"

namespace kestrel {

// Error-state layout (indices into the covariance).
namespace nav_index {
inline constexpr int kAtt = 0;          // attitude error, rotation vector in NED [rad] (3)
inline constexpr int kVel = 3;          // velocity NED [m/s] (3)
inline constexpr int kPos = 6;          // position NED about the current estimate [m] (3)
inline constexpr int kGyroBias = 9;     // gyro bias, body [rad/s] (3)
inline constexpr int kAccelBias = 12;   // accelerometer bias, body [m/s^2] (3)
inline constexpr int kWind = 15;        // wind north, east [m/s] (2)
inline constexpr int kMagEarth = 17;    // earth field NED [gauss] (3)
inline constexpr int kMagBody = 20;     // body-fixed field (hard iron) [gauss] (3)
inline constexpr int kBaroOffset = 23;  // baro altitude minus GNSS (ellipsoid) height [m] (1)
inline constexpr int kGnssBias = 24;    // GNSS position error, Gauss-Markov, NED [m] (3)
inline constexpr int kCount = 27;
}  // namespace nav_index

using NavCovariance = Eigen::Matrix<double, nav_index::kCount, nav_index::kCount>;

// Per-measurement fusion health.
struct FusionHealth {
  bool healthy = false;   // fused recently and passing its gate
  uint32_t fused = 0;     // measurements fused
  uint32_t rejected = 0;  // failed the innovation gate (or a guarded covariance update)
  uint32_t invalid = 0;   // non-finite or absurd values, never fused
  SimTime last_fused;     // time of the last fusion
  float test_ratio = 0;   // last innovation^2 / (gate^2 * innovation variance), max over axes
};

// Status word bits (NavState::status).
enum NavStatus : uint32_t {
  kNavAligned = 1u << 0,        // attitude initialised (tilt from accel, heading from mag)
  kNavPositionValid = 1u << 1,  // absolute position initialised and trusted (sigma < limit)
  kNavGnssFusing = 1u << 2,     // GNSS position/velocity being fused
  kNavDeadReckoning = 1u << 3,  // no GNSS: airspeed + wind + heading only
  kNavAirspeedFusing = 1u << 4,
  kNavBetaFusing = 1u << 5,  // synthetic sideslip
  kNavMagFusing = 1u << 6,
  kNavBaroFusing = 1u << 7,
  kNavWindEstimated = 1u << 8,  // wind initialised and its 1-sigma below wind_valid_sigma_mps
  kNavGnssRejected = 1u << 9,   // GNSS position failing its gate (e.g. a jump)
  kNavGnssReset = 1u << 10,     // position was reset to GNSS after a persistent rejection
                                // (held for gnss_reset_flag_hold_s after the reset)
  kNavOnGround = 1u << 11,
  kNavBadImu = 1u << 12,         // IMU samples rejected (non-finite, absurd, saturated) in the
                                 // last second; the last good sample was held in their place
  kNavBadSensor = 1u << 13,      // some other sensor sample rejected as invalid in the last second
  kNavNumericReject = 1u << 14,  // a fusion was refused by the covariance guard in the last second
};

// The estimate handed to the flight software.
struct NavState {
  SimTime time;                     // time of the last prediction
  uint32_t status = 0;              // NavStatus bits
  double lat_rad = 0, lon_rad = 0;  // WGS-84
  double height_ellipsoid_m = 0;
  double alt_amsl_baro_m = 0;  // barometric altitude (standard atmosphere, QNH 1013.25)
  Vec3 vel_ned_mps = Vec3::Zero();
  Quat q_ned_from_b = Quat::Identity();
  Vec3 omega_b_rad_s = Vec3::Zero();  // bias-corrected body rate (inertial)
  Vec3 accel_b_mps2 = Vec3::Zero();   // bias-corrected specific force
  double wind_n_mps = 0, wind_e_mps = 0;
  Vec3 gyro_bias_rad_s = Vec3::Zero(), accel_bias_mps2 = Vec3::Zero();
  Vec3 mag_earth_gauss = Vec3::Zero(), mag_body_gauss = Vec3::Zero();
  double tas_mps = 0;                       // last airspeed measurement converted to true airspeed
  double baro_gnss_offset_m = 0;            // estimated baro altitude minus GNSS height
  Vec3 gnss_bias_ned_m = Vec3::Zero();      // estimated slowly drifting GNSS position error (NED)
  NavCovariance P = NavCovariance::Zero();  // error-state covariance (nav_index layout); the
                                            // filter's own, updated in place
  FusionHealth gnss_pos, gnss_vel, baro, airspeed, beta, mag;
  uint32_t imu_invalid = 0;  // IMU samples rejected (held last good in their place)
  uint32_t gnss_resets = 0;  // position resets to GNSS after persistent rejection
};

struct NavParams {
  double predict_hz = 100;      // [Hz] state prediction rate
  double covariance_hz = 12.5;  // [Hz] covariance prediction rate (<= predict_hz)
  // Process noise. Gyro and accel: white noise of one IMU sample [rad/s],
  // [m/s^2] (the variance of an accumulated delta angle is sigma^2 *
  // sum(dt_i^2)), multiplied by imu_noise_scale to cover vibration and
  // unmodelled errors. Random walks are continuous densities.
  double gyro_noise_rad_s = 0.0015;    // [rad/s] per sample
  double accel_noise_mps2 = 0.35;      // [m/s^2] per sample
  double imu_noise_scale = 1.0;        // [-] inflation of the two above (vibration)
  double gyro_bias_rw_rad_s2 = 5e-6;   // [rad/s/sqrt(s)] bias random walk
  double accel_bias_rw_mps3 = 5e-4;    // [m/s^2/sqrt(s)]
  double wind_rw_mps2 = 0.1;           // [m/s/sqrt(s)] wind random walk
  double mag_earth_rw_gauss_s = 1e-4;  // [gauss/sqrt(s)]
  double mag_body_rw_gauss_s = 1e-4;   // [gauss/sqrt(s)]
  double baro_offset_rw_mps = 0.05;    // [m/sqrt(s)] baro-GNSS offset random walk
  // GNSS position error modelled as a first-order Gauss-Markov process per axis
  // (the receiver's error is correlated over minutes; treating it as white
  // noise makes P dishonest).
  double gnss_bias_sigma_h_m = 2.0;  // [m] steady-state 1 sigma, north and east
  double gnss_bias_sigma_v_m = 3.0;  // [m] steady-state 1 sigma, down
  double gnss_bias_tau_s = 120;      // [s] correlation time
  // Measurement noise floors (1 sigma) and delays.
  double gnss_delay_s = 0.1;              // receiver latency the filter compensates [s], <= 0.3
  double gnss_pos_noise_m = 0.5;          // white part of the GNSS position error, floor [m]
  double gnss_pos_hacc_white_frac = 0.3;  // white part = max(floor, frac * h_acc / v_acc)
  double gnss_vel_noise_mps = 0.3;        // floor under the receiver's s_acc [m/s]
  double baro_noise_m = 1.0;
  double airspeed_noise_mps = 1.0;
  double beta_noise_rad = 0.1;  // synthetic sideslip (zero) measurement noise
  double mag_noise_gauss = 0.01;
  // Innovation gates in standard deviations (chi-square test on innovation^2 /
  // variance).
  double gnss_pos_gate_sigma = 5, gnss_vel_gate_sigma = 5, baro_gate_sigma = 5;
  double airspeed_gate_sigma = 5, beta_gate_sigma = 5, mag_gate_sigma = 5;
  // A GNSS position failing its gate for this long is accepted: the position is
  // reset to it.
  double gnss_reset_after_s = 10;
  double gnss_reset_flag_hold_s = 30;  // kNavGnssReset stays set this long after a reset [s]
  double gnss_timeout_s = 1.0;         // no GNSS fused for this long: dead reckoning
  // Wind random walk while dead reckoning [m/s/sqrt(s)]: without GNSS, the unmodelled motion
  // of the air mass (turbulence) goes straight into the position, so its uncertainty must grow
  // faster than the slow wind_rw_mps2 of GNSS-aided flight allows.
  double wind_rw_dr_mps2 = 0.1;
  // Wind random walk with height [m/s/sqrt(m)], added while climbing or descending: the wind
  // changes with height (shear; 5 m/s over the first 3 km is ordinary), far faster per second of
  // a climb than the slow time walk above allows, and the estimate must follow it (EKF2 scales
  // its wind process noise with the height rate for the same reason). 0.06: a variance of
  // (1.9 m/s)^2 per 1,000 m.
  double wind_rw_height_mps_rtm = 0.03;
  int gnss_min_sats = 6;        // fewer: the fix is not used
  double gnss_max_hacc_m = 20;  // worse h_acc: the fix is not used
  // Magnetic model at home (set by the wiring from a magnetic model lookup, as
  // AP_Declination).
  double mag_declination_rad = 0, mag_inclination_rad = 1.0, mag_strength_gauss = 0.5;
  // Fusion rates and conditions. The sensors sample faster; fusing every sample buys little
  // (their noise is dwarfed by what the filter counts as noise: turbulence, soft iron) and costs
  // a 27-state covariance update per axis.
  double gnss_fuse_hz = 5;            // GNSS position and velocity fusion rate, at most [Hz]
  double mag_fuse_hz = 5;             // magnetometer fusion rate in flight, at most [Hz]
  double baro_fuse_hz = 5;            // barometric height fusion rate, at most [Hz]
  double airspeed_fuse_hz = 5;        // true airspeed fusion rate, at most [Hz]
  double beta_fuse_hz = 5;            // synthetic sideslip rate [Hz] (paced by the airspeed)
  double min_airspeed_fuse_mps = 15;  // airspeed and sideslip fused above this TAS only
  double align_time_s = 1.0;          // accelerometer averaging before alignment [s]
  // Initial 1-sigma uncertainties.
  double init_tilt_sigma_rad = 0.03, init_yaw_sigma_rad = 0.2;
  // Airborne alignment: the tilt's initial sigma in the air (the averaged specific force holds
  // the manoeuvre: in a coordinated turn it lies along body z and the bank reads as level).
  double init_tilt_sigma_air_rad = 0.15;
  double init_gyro_bias_sigma_rad_s = 0.005, init_accel_bias_sigma_mps2 = 0.2;
  double init_wind_sigma_mps = 12, init_mag_earth_sigma_gauss = 0.02;
  double init_mag_body_sigma_gauss = 0.05, init_baro_offset_sigma_m = 3;
  // Status thresholds.
  double pos_valid_max_sigma_m = 100;  // horizontal 1 sigma above this: kNavPositionValid cleared
  double wind_valid_sigma_mps = 3;     // wind 1 sigma below this: kNavWindEstimated
  double airspeed_fail_wind_sigma_mps = 3;  // added to the wind's sigma when the pitot fails
};

// Diagnostics of the last fusions, for the log.
struct NavInnovations {
  Vec3 gnss_pos_m = Vec3::Zero(), gnss_vel_mps = Vec3::Zero();
  Vec3 gnss_pos_var_m2 = Vec3::Zero(), gnss_vel_var_m2s2 = Vec3::Zero();
  double baro_m = 0, baro_var_m2 = 0;
  double airspeed_mps = 0, airspeed_var_m2s2 = 0;
  double beta_rad = 0, beta_var_rad2 = 0;
  Vec3 mag_gauss = Vec3::Zero(), mag_var_gauss2 = Vec3::Zero();
};

// Nominal (total) state of the filter; the error state lives in P. Internal,
// but public so that the measurement models (nav_models.h) and their tests can
// use it.
struct NavNominal {
  double lat_rad = 0, lon_rad = 0, height_m = 0;  // WGS-84, ellipsoidal height
  Vec3 vel_ned = Vec3::Zero();                    // [m/s]
  Quat q_ned_from_b = Quat::Identity();
  Vec3 gyro_bias = Vec3::Zero();                      // [rad/s] body
  Vec3 accel_bias = Vec3::Zero();                     // [m/s^2] body
  Eigen::Vector2d wind_ne = Eigen::Vector2d::Zero();  // [m/s]
  Vec3 mag_earth = Vec3::Zero();                      // [gauss] NED
  Vec3 mag_body = Vec3::Zero();                       // [gauss] body
  double baro_offset_m = 0;                           // baro altitude - GNSS height [m]
  Vec3 gnss_bias = Vec3::Zero();                      // GNSS position error NED [m]
};

// A measurement Jacobian row with few non-zeros (sequential scalar fusion).
struct SparseRow {
  int n = 0;
  std::array<int, 10> idx{};
  std::array<double, 10> val{};
  void add(int i, double v) {
    idx[n] = i;
    val[n] = v;
    ++n;
  }
  // H x for a full error-state vector x.
  template <class Vector>
  double dot(const Vector& x) const {
    double s = 0;
    for (int a = 0; a < n; ++a) s += val[a] * x(idx[a]);
    return s;
  }
};

class NavFilter {
 public:
  using ErrorVec = Eigen::Matrix<double, nav_index::kCount, 1>;

  explicit NavFilter(const NavParams& params = NavParams{});

  // Samples, in time order. Each returns false when the sample was rejected as
  // invalid (non-finite or absurd); it is then counted and flagged, never
  // fused.
  bool push_imu(const ImuSample& s);
  bool push_gnss(const GnssSample& s);
  bool push_baro(const BaroSample& s);
  bool push_airspeed(const AirspeedSample& s);
  bool push_mag(const MagSample& s);
  // The flight software says whether the aircraft is on the ground (weight on
  // wheels, or speed below flying speed): it chooses on-ground alignment and
  // stops wind and sideslip fusion.
  void set_on_ground(bool on_ground);
  // The flight software has declared the airspeed sensor failed (its failsafe: disagreement with
  // the synthetic airspeed): the pitot is no longer fused, only the synthetic sideslip (which
  // keeps the wind observable in turns), and the wind's uncertainty is widened once by
  // airspeed_fail_wind_sigma_mps, since the failed pitot may have pulled the estimate. Latched.
  void set_airspeed_failed();
  bool airspeed_failed() const { return airspeed_failed_; }

  const NavState& state() const { return state_; }
  const NavInnovations& innovations() const { return innov_; }
  const NavParams& params() const { return params_; }
  uint32_t predictions() const { return predictions_; }
  const NavNominal& nominal() const { return x_; }

 private:
  // Past position/velocity at the predict rate, for the GNSS delay.
  struct History {
    SimTime time;
    double lat_rad = 0, lon_rad = 0, height_m = 0;
    Vec3 vel_ned = Vec3::Zero();
    Vec3 corr_pos_ned = Vec3::Zero();  // cumulative corrections at the time of storing
    Vec3 corr_vel_ned = Vec3::Zero();
  };
  static constexpr int kHistory = 48;

  // nav_filter.cc
  void try_align();
  void predict();
  void predict_covariance(const Mat3& R_ned_from_b, const Vec3& f_ned, double dt, double dang_var,
                          double dvel_var);
  void initialise_position(const GnssSample& s);
  void reset_position_to_gnss(const GnssSample& s, const History& h);
  bool delayed_state(SimTime t, History* out) const;
  double innovation_variance(const SparseRow& H, double R) const;
  // Fuses one scalar; false when the guarded covariance update refuses it. The state correction
  // is applied at once, or, with `dx_sum`, added to it: the caller fusing several components of
  // one measurement applies their sum once, having taken each component's innovation less
  // H dx_sum (the linearised effect of the corrections before it, as a batch update does).
  bool fuse_scalar(const SparseRow& H, double innovation, double S, ErrorVec* dx_sum = nullptr);
  // A scalar measurement with its chi-square gate: records the test ratio in `health`, fuses
  // when it passes and counts the outcome. Returns the innovation variance S (for the log).
  double fuse_gated_scalar(const SparseRow& H, double innovation, double R, double gate_sigma,
                           FusionHealth& health, SimTime t);
  void apply_correction(const ErrorVec& dx);
  void clamp_covariance();
  void update_status();
  // Copies the nominal estimate to state_ (the covariance lives there already).
  void publish();
  // fuse_gnss.cc, fuse_baro.cc, fuse_airspeed.cc, fuse_beta.cc, fuse_mag.cc
  void fuse_gnss(const GnssSample& s);
  void fuse_baro(double baro_alt_m, SimTime t);
  void fuse_airspeed(double tas_mps, SimTime t);
  void fuse_beta(SimTime t);
  void fuse_mag(const Vec3& field_b, SimTime t);

  NavParams params_;
  NavState state_;
  NavInnovations innov_;
  uint32_t predictions_ = 0;

  NavNominal x_;  // the covariance is state_.P (no copy to publish)
  bool aligned_ = false, position_init_ = false, baro_init_ = false, wind_init_ = false;
  bool on_ground_ = false;
  bool airspeed_failed_ = false;
  // IMU accumulation between predictions.
  Vec3 dang_ = Vec3::Zero(), dvel_ = Vec3::Zero();
  double dt_acc_ = 0, dt2_acc_ = 0;
  // State predictions accumulated for the next covariance prediction.
  Vec3 cov_dvel_ned_ = Vec3::Zero();  // integral of the specific force, NED [m/s]
  double cov_dt_ = 0, cov_dang_var_ = 0, cov_dvel_var_ = 0;
  SimTime last_imu_time_;
  ImuSample last_good_imu_;
  bool have_good_imu_ = false;
  // Alignment averaging.
  Vec3 align_f_sum_ = Vec3::Zero(), align_w_sum_ = Vec3::Zero(), align_w2_sum_ = Vec3::Zero();
  double align_t_ = 0;
  int align_n_ = 0;
  Vec3 last_mag_ = Vec3::Zero();
  bool have_mag_ = false;
  // Latest air data.
  double last_baro_p_pa_ = 0, last_baro_alt_m_ = 0;
  bool have_baro_ = false;
  SimTime last_baro_time_, last_beta_time_;
  SimTime last_mag_fuse_time_, last_baro_fuse_time_, last_airspeed_fuse_time_, last_gnss_fuse_time_;
  int cov_predictions_ = 0;  // covariance predictions, for the once-a-second symmetrisation
  // The GNSS error's decay exp(-dt / tau) over the last state and covariance prediction periods,
  // with the periods they are for (the same period every time: one exp per change, not per step).
  double gnss_decay_dt_ = -1, gnss_decay_ = 1, gnss_cov_decay_dt_ = -1, gnss_cov_decay_ = 1;
  // The status windows (0.5 s, 1 s, gnss_timeout_s, gnss_reset_flag_hold_s) as microsecond
  // counts, for update_status.
  int64_t half_second_us_ = 0, one_second_us_ = 0, gnss_timeout_us_ = 0, gnss_reset_hold_us_ = 0;
  // GNSS bookkeeping.
  std::array<History, kHistory> hist_{};
  int hist_head_ = 0, hist_n_ = 0;
  Vec3 corr_pos_ned_ = Vec3::Zero(), corr_vel_ned_ = Vec3::Zero();
  SimTime gnss_reject_since_, last_gnss_reset_;
  bool gnss_rejecting_ = false, gnss_reset_done_ = false;
  SimTime last_gnss_fused_;
  SimTime last_gnss_seen_;  // last usable 3D fix received (fused or not)
  bool gnss_gap_ = false;   // the fix being fused came after an outage (a gap)
  // Fault bookkeeping.
  SimTime last_bad_imu_, last_bad_sensor_, last_numeric_reject_;
  bool bad_imu_seen_ = false, bad_sensor_seen_ = false, numeric_reject_seen_ = false;
};

}  // namespace kestrel
