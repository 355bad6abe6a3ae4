// IMU model: a strapdown MEMS unit (gyro + accelerometer triads) mounted at a lever arm from the
// CG. Truth in (SensorTruth), ImuSample (core/sensor_data.h) out.
//
//   omega_ib_b = omega_eb_b + R_b_from_ned omega_ie_ned                 (adds the earth rate)
//   f_imu_b    = f_cg_b + omega_dot x r + omega_ib x (omega_ib x r)       (lever arm r from the CG)
//   y          = M (x + vib) + b_on + b_gm + b_rw + n                     per triad, then saturate
//                                                                          and quantise
// M = I + diag(scale-factor errors) + off-diagonal cross-axis terms (both drawn at power-on, then
// fixed); b_on the turn-on bias; n white noise of density N (a sample is the mean over its period,
// so sigma_n = N / sqrt(dt)); vib a once-per-revolution sinusoid at the propeller speed, averaged
// exactly over the sample period (as an integrating IMU does), amplitude ~ (rpm / ref)^2.
//
// Bias instability and the Allan curve. B is the IEEE Std 952 "bias instability" coefficient: the
// flat floor of the Allan deviation of flicker noise is sqrt(2 ln 2 / pi) B = 0.664 B. We realise
// it with a first-order Gauss-Markov bias b_gm (stationary sigma_gm, time constant T_c), whose
// Allan variance is (Tehrani 1983; IEEE 952 Annex C)
//   AVAR_gm(tau) = (2 sigma_gm^2 T_c / tau) [1 - (T_c / (2 tau)) (3 - 4 e^{-tau/T_c} + e^{-2
//   tau/T_c})]
// with a single hump whose peak is 0.6174 sigma_gm at tau = 1.893 T_c. We choose
//   sigma_gm = 0.6643 B / 0.6174 = 1.0760 B,
// so the hump's top equals the flicker floor 0.664 B: B is recovered from the Allan deviation at
// tau = 1.893 T_c as B = sqrt(AVAR(tau) - N^2 / tau) / 0.664 (imu_test.cc does exactly this).
// An optional rate random walk K (default 0) adds K^2 tau / 3 to AVAR. The Gauss-Markov bias is
// stepped exactly every kImuBiasStepS (or every sample, if slower) and held in between: its
// correlation time is tens of seconds, so this changes nothing the Allan curve or a filter can
// see, and saves half the normal deviates of a sample.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>

#include "airframe/sensor_params.h"
#include "core/rng.h"
#include "core/sensor_data.h"
#include "sensors/sensor_truth.h"

namespace kestrel {

inline constexpr double kFlickerFloorPerB = 0.6643;          // sqrt(2 ln 2 / pi)
inline constexpr double kGaussMarkovPeakPerSigma = 0.61736;  // max_tau ADEV_gm / sigma_gm
inline constexpr double kGaussMarkovPeakTauPerTc = 1.8926;   // argmax tau / T_c
inline constexpr double kImuBiasStepS = 0.1;                 // Gauss-Markov bias update period

// The Gauss-Markov sigma that realises bias instability B (see above).
constexpr double gauss_markov_sigma_for_bias_instability(double b) {
  return b * kFlickerFloorPerB / kGaussMarkovPeakPerSigma;
}

struct ImuTriadState {
  Mat3 M = Mat3::Identity();         // scale factor + cross-axis matrix (power-on draw)
  Vec3 turn_on_bias = Vec3::Zero();  // [unit] (power-on draw)
  Vec3 bias_gm = Vec3::Zero();       // Gauss-Markov bias [unit]
  Vec3 bias_rw = Vec3::Zero();       // random-walk bias [unit]
  // Step coefficients for the last dt (recomputed only when dt changes): GM phi and drive, white
  // sigma.
  double coef_dt = -1, gm_phi = 0, gm_drive = 0, white_sigma = 0;
  double gm_elapsed_s = 0;  // time since the last Gauss-Markov bias step [s]
  double gm_step_s = -1;    // the interval gm_phi and gm_drive are for [s]
};

struct ImuState {
  Rng rng;                       // this IMU's own stream
  ImuTriadState gyro, accel;     // unit rad/s, m/s^2
  double vib_phase_rad = 0;      // propeller phase for the vibration
  // Cosine and sine kept for the next sample (bit for bit what the library would give again): of
  // the phase at the end of the last sample (the next one's start, unless the phase wrapped), and
  // of the latitude (the truth's position moves at the control rate, slower than the IMU's).
  double trig_phase_rad = std::numeric_limits<double>::quiet_NaN(), cos_phase = 1, sin_phase = 0;
  double trig_lat_rad = std::numeric_limits<double>::quiet_NaN(), cos_lat = 1, sin_lat = 0;
  bool failed = false;           // set by the runner: no output while true
  ImuSample last;                // last good output (held on non-finite truth)
  int64_t nonfinite_inputs = 0;  // samples whose truth was not finite
};

// Draws the power-on errors (turn-on biases, scale factors, cross-axis terms) and starts the
// Gauss-Markov biases from their stationary distribution.
ImuState make_imu_state(const ImuParams& p, uint64_t stream_seed);

// One sample at truth.time covering the last dt_s seconds. No output (nullopt) when failed. With
// non-finite truth: holds the last good output (new time stamp) and counts it.
std::optional<ImuSample> sample_imu(const ImuParams& p, ImuState& s, const SensorTruth& truth,
                                    double dt_s);

// The IMU's ideal (error-free) rate and specific force at its mounting point, for tests.
void imu_ideal(const ImuParams& p, const SensorTruth& truth, Vec3* omega_ib_b, Vec3* f_imu_b);

}  // namespace kestrel
