// Synthetic kinematic truth and sensor samples for the navigation filter's own
// tests and bench (nav_test, nav_bench). Not the simulator: a level flight at
// constant airspeed with coordinated turns on the WGS-84 earth, exact to second
// order in the step, with white sensor noise, constant sensor biases and a
// first-order Gauss-Markov GNSS position error. It shares nothing with
// src/sensors or src/sim (flight software must not see them).
#pragma once

#include <deque>
#include <optional>
#include <vector>

#include "core/rng.h"
#include "core/sensor_data.h"
#include "core/types.h"

namespace kestrel::nav {

struct SynthConfig {
  uint64_t seed = 1;
  double lat0_rad = 0.8, lon0_rad = 0.2, height0_m = 500;  // start
  double airspeed_mps = 40;
  double heading0_rad = 0;
  double wind_n_mps = 0, wind_e_mps = 10;
  // Profile: straight legs of leg_s, then a turn of turn_deg at bank_rad,
  // repeated.
  double leg_s = 60, turn_deg = 180, bank_rad = 0.35;
  bool turns = true;
  bool on_ground = false;  // stationary on the ground (airspeed ignored)
  // On the ground: settling on the gear at the start (roll from 0 to ground_settle_rad, a lag of
  // 0.5 s) and rocking in gusty wind (roll ground_rock_rad sin(2 pi f t) on top; 0: still).
  double ground_settle_rad = 0, ground_rock_rad = 0, ground_rock_hz = 0.7;
  // Sensors.
  double imu_hz = 400, gnss_hz = 10, slow_hz = 50;
  double gyro_noise = 0.001, accel_noise = 0.05;  // per sample, 1 sigma
  Vec3 gyro_bias = Vec3(0.003, -0.002, 0.001);    // [rad/s]
  Vec3 accel_bias = Vec3(0.05, -0.08, 0.1);       // [m/s^2]
  double gnss_delay_s = 0.1;
  double gnss_white_m = 0.3, gnss_bias_h_m = 1.8, gnss_bias_v_m = 2.5, gnss_tau_s = 100;
  double gnss_vel_noise = 0.1, gnss_hacc_m = 2.0, gnss_vacc_m = 3.0, gnss_sacc = 0.1;
  double baro_noise_m = 0.5,
         baro_offset_m = 25;  // pressure altitude - ellipsoid height
  double airspeed_noise_mps = 0.5;
  double mag_decl_rad = 0.05, mag_incl_rad = 1.1, mag_strength = 0.5;
  Vec3 mag_hard_iron = Vec3(0.02, -0.01, 0.03);
  double mag_noise = 0.004;
};

struct SynthTruth {
  SimTime time;
  double lat_rad = 0, lon_rad = 0, height_m = 0;
  Vec3 vel_ned = Vec3::Zero();
  Quat q_ned_from_b = Quat::Identity();
  double wind_n = 0, wind_e = 0;
  Vec3 gnss_error_ned = Vec3::Zero();  // the receiver's position error at the last GNSS epoch
};

// The samples of one IMU period (at most one of each slow sensor).
struct SynthSamples {
  ImuSample imu;
  std::optional<GnssSample> gnss;
  std::optional<BaroSample> baro;
  std::optional<AirspeedSample> airspeed;
  std::optional<MagSample> mag;
};

class SynthFlight {
 public:
  explicit SynthFlight(const SynthConfig& c);
  // Advance one IMU period; returns the samples that become available at its
  // end.
  SynthSamples step();
  const SynthTruth& truth() const { return truth_; }
  const SynthConfig& config() const { return c_; }

 private:
  SynthConfig c_;
  Rng rng_;
  SynthTruth truth_;
  double psi_ = 0, phi_ = 0, phi_cmd_ = 0;
  double seg_t_ = 0, turned_rad_ = 0;
  bool in_turn_ = false;
  int64_t k_ = 0;
  Vec3 gnss_bias_ = Vec3::Zero();
  std::deque<GnssSample> gnss_queue_;
};

}  // namespace kestrel::nav
