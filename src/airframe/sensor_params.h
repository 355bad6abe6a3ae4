// Parameters of the avionics sensor models (src/sensors), read from the aircraft file's optional
// `sensors:` section (docs/aircraft-file.md, docs/sensors.md). SI units inside; the file uses the
// units datasheets use (deg/sqrt(h), deg/h, mg, ...) and the loader converts once.
//
// Defaults describe a realistic avionics fit for a 450 kg tactical UAV. Sources of the numbers:
//   IMU   an industrial/tactical MEMS unit of the Analog Devices ADIS16470 class (datasheet Rev. C:
//         gyro ARW 0.34 deg/sqrt(h), in-run bias stability 8 deg/h, +/-2000 deg/s, +/-40 g,
//         misalignment +/-0.1 deg); accelerometer VRW 0.04 m/s/sqrt(h) and 13 ug bias stability as
//         the tactical target. Turn-on biases, scale factors: E (bench-zeroed unit).
//   GNSS  single-frequency L1 receiver (u-blox M8/M9 class, SBAS off): ~2 m horizontal RMS, mostly
//         a slowly drifting error (ionosphere, multipath, ephemeris), vertical ~2x; velocity from
//         Doppler ~0.05 m/s; 14 satellites, HDOP 0.9 (E: open sky, GPS+GLONASS).
//   Baro  MEMS barometer (TE MS5611 class: 1.2 Pa RMS at OSR 4096); slowly varying bias E.
//   Pitot MEMS differential-pressure sensor (TE MS4525DO class, ~1-2 Pa noise after filtering).
//   Mag   3-axis AMR magnetometer (Honeywell HMC5883L class: 2 mG noise); hard/soft iron: E for
//         an installation away from the engine.
// Lever arms are from the centre of mass of the loaded aircraft (450 kg; the tank sits at the CG,
// so burning fuel does not move it: data/aircraft/searcher2.yaml), body FRD [m].
#pragma once

#include "core/types.h"

namespace kestrel {

inline constexpr double kRadPerSecPerDegPerHour = kRadPerDeg / 3600.0;
// 1 deg/sqrt(h) = (pi/180) / 60 rad/sqrt(s); the same for m/s/sqrt(h) -> m/s^2/sqrt(Hz).
inline constexpr double kPerSqrtHourToPerSqrtSecond = 1.0 / 60.0;
// Most GNSS solutions that can be in flight (latency_s * rate_hz must be below it).
inline constexpr int kMaxGnssSolutionsInFlight = 16;
inline constexpr double kStandardGravity = 9.80665;  // for mg/ug <-> m/s^2 in files [m/s^2]

// One triad (gyro or accelerometer) of the IMU. All 1-sigma values are per axis.
struct ImuTriadParams {
  double noise_density = 0;             // white noise density N [unit/sqrt(Hz)] (ARW, VRW)
  double bias_instability = 0;          // B, IEEE-952 flicker floor: Allan floor 0.664 B [unit]
  double bias_correlation_time_s = 30;  // Gauss-Markov time constant that realises B [s]
  double rate_random_walk = 0;    // K, bias random walk: sigma_b(t) = K sqrt(t) [unit/sqrt(s)]
  double turn_on_bias = 0;        // 1-sigma bias drawn at power-on, then constant [unit]
  double scale_factor_error = 0;  // 1-sigma scale-factor error drawn at power-on [-]
  double misalignment_rad = 0;    // 1-sigma cross-axis coupling per off-diagonal term [rad]
  double range = 0;               // saturation, +/- [unit]
  double resolution = 0;          // quantisation step (LSB), 0 = none [unit]
  Vec3 vibration_amplitude = Vec3::Zero();  // 1/rev sinusoid amplitude per axis at the
                                            // reference propeller rpm [unit]
};

struct ImuParams {
  double rate_hz = 400;                        // sample rate [Hz]
  Vec3 lever_arm_b_m = Vec3(0.25, 0.0, 0.10);  // IMU from the CG, body FRD [m] (E: bay
                                               // ahead of the wing spar)
  double vibration_reference_rpm = 2800;       // prop rpm at which the vibration amplitudes
                                               // apply; amplitude ~ (rpm/ref)^2 [rpm]
  // Gyro: unit rad/s. ARW 0.3 deg/sqrt(h), bias instability 8 deg/h (ADIS16470 class).
  ImuTriadParams gyro{.noise_density = 0.3 * kRadPerDeg * kPerSqrtHourToPerSqrtSecond,
                      .bias_instability = 8.0 * kRadPerSecPerDegPerHour,
                      .bias_correlation_time_s = 30,
                      .rate_random_walk = 0,
                      .turn_on_bias = 0.1 * kRadPerDeg,  // E: half the datasheet's 0.2 deg/s
                      .scale_factor_error = 0.002,       // E: 0.2 % (datasheet +/-0.25 %)
                      .misalignment_rad = 0.1 * kRadPerDeg,
                      .range = 2000 * kRadPerDeg,
                      .resolution = 0.1 * kRadPerDeg / 65536.0,  // 32-bit output: 0.1 deg/s / 2^16
                      .vibration_amplitude = Vec3(0.2, 0.1, 0.1) * kRadPerDeg};
  // Accelerometer: unit m/s^2. VRW 0.04 m/s/sqrt(h), bias instability 13 ug.
  ImuTriadParams accel{.noise_density = 0.04 * kPerSqrtHourToPerSqrtSecond,
                       .bias_instability = 13e-6 * kStandardGravity,
                       .bias_correlation_time_s = 30,
                       .rate_random_walk = 0,
                       .turn_on_bias = 5e-3 * kStandardGravity,  // E: 5 mg after bench zeroing
                       .scale_factor_error = 0.002,              // E: 0.2 %
                       .misalignment_rad = 0.1 * kRadPerDeg,
                       .range = 40 * kStandardGravity,
                       .resolution = 1.25e-3 * kStandardGravity / 65536.0,  // 32-bit output
                       .vibration_amplitude = Vec3(0.5, 0.3, 1.5)};  // E: 2-stroke on rubber mounts
};

struct GnssParams {
  double rate_hz = 10;                                 // solution rate [Hz]
  double latency_s = 0.1;                              // truth time -> delivery [s]
  Vec3 antenna_lever_arm_b_m = Vec3(0.0, 0.0, -0.45);  // antenna from the CG, body FRD [m]
                                                       // (E: on top of the pod above the CG)
  double horizontal_drift_sigma_m = 1.4;        // Gauss-Markov error, 1 sigma per axis N, E [m]
  double vertical_drift_sigma_m = 2.8;          // Gauss-Markov error, 1 sigma, down [m]
  double drift_time_constant_s = 300;           // correlation time of the drift [s]
  double horizontal_noise_m = 0.3;              // white noise, 1 sigma per axis N, E [m]
  double vertical_noise_m = 0.6;                // white noise, 1 sigma, down [m]
  double horizontal_velocity_noise_mps = 0.05;  // white, 1 sigma per axis N, E [m/s]
  double vertical_velocity_noise_mps = 0.1;     // white, 1 sigma, down [m/s]
  int satellites = 14;                          // satellites used, nominal [-]
  double hdop = 0.9;                            // nominal horizontal DOP [-]
  double vdop = 1.4;                            // nominal vertical DOP [-]
};

struct BaroParams {
  double rate_hz = 50;                         // sample rate [Hz]
  Vec3 lever_arm_b_m = Vec3(0.20, 0.0, 0.05);  // static source from the CG, body FRD [m] (E)
  double noise_pa = 1.5;                       // white noise, 1 sigma [Pa] (MS5611: 1.2 Pa)
  double bias_sigma_pa = 3.0;                  // slowly varying bias (Gauss-Markov), 1 sigma [Pa]
  double bias_time_constant_s = 600;           // its correlation time [s] (E: thermal drift)
  double turn_on_bias_pa = 10.0;               // 1-sigma offset drawn at power-on [Pa] (E)
};

struct AirspeedParams {
  double rate_hz = 50;                             // sample rate [Hz]
  Vec3 probe_lever_arm_b_m = Vec3(1.9, 0.0, 0.0);  // pitot tip from the CG, body FRD [m] (E: nose)
  double noise_pa = 1.5;                           // white noise on the differential pressure [Pa]
  double turn_on_bias_pa = 1.0;      // 1-sigma zero offset left after zeroing [Pa] (E)
  double temperature_noise_k = 0.2;  // white noise of the air temperature probe [K]
};

struct MagParams {
  double rate_hz = 50;         // sample rate [Hz]
  double noise_gauss = 0.002;  // white noise, 1 sigma per axis [G] (HMC5883L 2 mG)
  Vec3 hard_iron_gauss = Vec3(0.02, -0.01, 0.03);      // fixed offset of the installation [G] (E)
  Vec3 soft_iron_diag = Vec3(1.02, 0.98, 1.01);        // soft-iron matrix diagonal [-] (E)
  Vec3 soft_iron_offdiag = Vec3(0.01, -0.005, 0.008);  // symmetric off-diagonal xy, xz, yz [-] (E)
};

struct SensorsParams {
  ImuParams imu;
  GnssParams gnss;
  BaroParams baro;
  AirspeedParams airspeed;
  MagParams mag;
};

}  // namespace kestrel
