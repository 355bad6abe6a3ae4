// Barometer, pitot-static and magnetometer model tests (statistics, the altimeter on a hot day
// and with another QNH, blocked pitot, soft/hard iron, faults, non-finite truth) and the suite.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "env/atmosphere.h"
#include "sensors/airspeed.h"
#include "sensors/baro.h"
#include "sensors/magnetometer.h"
#include "sensors/sensor_suite.h"

namespace kestrel {
namespace {

SensorTruth air_truth(double alt_m, const AtmosphereParams& day = {}) {
  const AirData a = atmosphere(day, alt_m);
  SensorTruth t;
  t.position = Geodetic{deg_to_rad(47.0), deg_to_rad(8.0), alt_m};
  t.static_pressure_pa = a.pressure_pa;
  t.temperature_k = a.temperature_k;
  t.density_kg_m3 = a.density_kg_m3;
  return t;
}

TEST(Baro, NoiseAndBiasStatistics) {
  BaroParams p;
  p.lever_arm_b_m.setZero();
  // Noise: sample-to-sample differences have variance 2 noise^2 (the bias barely moves in 20 ms).
  BaroState s = make_baro_state(p, 4);
  double prev = 0, sum2 = 0;
  const int n = 100000;
  for (int k = 0; k <= n; ++k) {
    SensorTruth t = air_truth(1000);
    t.time = SimTime::from_ms(20 * k);
    const double y = sample_baro(p, s, t)->pressure_pa;
    if (k > 0) sum2 += (y - prev) * (y - prev);
    prev = y;
  }
  EXPECT_NEAR(std::sqrt(sum2 / n / 2) / p.noise_pa, 1.0, 0.05);
  // Total offset over many units: variance = turn-on^2 + bias^2 (+ noise^2).
  double off2 = 0;
  const int units = 4000;
  for (int u = 0; u < units; ++u) {
    BaroState su = make_baro_state(p, 1000 + u);
    const SensorTruth t = air_truth(1000);
    off2 += std::pow(sample_baro(p, su, t)->pressure_pa - t.static_pressure_pa, 2) / units;
  }
  const double expected = std::sqrt(p.turn_on_bias_pa * p.turn_on_bias_pa +
                                    p.bias_sigma_pa * p.bias_sigma_pa + p.noise_pa * p.noise_pa);
  EXPECT_NEAR(std::sqrt(off2) / expected, 1.0, 0.05);
}

TEST(Baro, AltimeterOnHotDayAndOtherQnh) {
  BaroParams p;
  p.noise_pa = p.bias_sigma_pa = p.turn_on_bias_pa = 0;
  p.lever_arm_b_m.setZero();
  BaroState s = make_baro_state(p, 1);
  const double h = 3000;
  // Standard day: the altimeter (set to 1013.25) reads the true altitude.
  EXPECT_NEAR(baro_altitude_m(sample_baro(p, s, air_truth(h))->pressure_pa), h, 0.01);
  // ISA +20 K: the altimeter reads LOW (true altitude above indicated) by ~ h dT / T ~ 7 %.
  const double hot = baro_altitude_m(sample_baro(p, s, air_truth(h, {20.0, 101325}))->pressure_pa);
  EXPECT_LT(hot, h - 150);
  EXPECT_GT(hot, h - 260);
  // ISA -20 K: reads HIGH.
  const double cold =
      baro_altitude_m(sample_baro(p, s, air_truth(h, {-20.0, 101325}))->pressure_pa);
  EXPECT_GT(cold, h + 150);
  // QNH 1030 hPa with the altimeter left at 1013.25: reads low by ~ 8.3 m/hPa x 16.75 hPa.
  const double p_qnh = sample_baro(p, s, air_truth(h, {0.0, 103000}))->pressure_pa;
  const double left_std = baro_altitude_m(p_qnh);
  EXPECT_NEAR(h - left_std, 8.3 * 16.75 * 1.0, 25.0);
  // Set to QNH, it reads close to true again (exact at the ground, within 1.2 % at 3 km).
  EXPECT_NEAR(baro_altitude_m(p_qnh, 103000), h, 0.012 * h);
  const double p_ground = sample_baro(p, s, air_truth(0, {0.0, 103000}))->pressure_pa;
  EXPECT_NEAR(baro_altitude_m(p_ground, 103000), 0.0, 1e-6);
}

TEST(Baro, FaultsAndNonFinite) {
  BaroParams p;
  BaroState s = make_baro_state(p, 2);
  const BaroSample good = *sample_baro(p, s, air_truth(500));
  SensorTruth bad = air_truth(500);
  bad.static_pressure_pa = std::nan("");
  const BaroSample held = *sample_baro(p, s, bad);
  EXPECT_EQ(held.pressure_pa, good.pressure_pa);
  EXPECT_EQ(s.nonfinite_inputs, 1);
  s.failed = true;
  EXPECT_FALSE(sample_baro(p, s, air_truth(500)).has_value());
}

AirspeedParams quiet_pitot() {
  AirspeedParams p;
  p.noise_pa = p.turn_on_bias_pa = p.temperature_noise_k = 0;
  p.probe_lever_arm_b_m.setZero();
  return p;
}

TEST(Airspeed, ImpactPressureAndNoise) {
  AirspeedParams p = quiet_pitot();
  AirspeedState s = make_airspeed_state(p, 1);
  SensorTruth t = air_truth(0);
  t.air_vel_b_mps = Vec3(50, 0, 0);
  const double q = sample_airspeed(p, s, t)->diff_pressure_pa;
  // Incompressible 1/2 rho V^2 = 1531 Pa; compressibility adds ~ M^2/4 = 0.54 %.
  EXPECT_NEAR(q / (0.5 * 1.225 * 2500), 1.0054, 0.001);
  EXPECT_NEAR(calibrated_airspeed_mps(q), 50.0, 1e-6);
  // Rotation about the CG with the probe ahead: yaw rate adds a side velocity, |V| grows.
  p.probe_lever_arm_b_m = Vec3(2, 0, 0);
  t.omega_eb_b_rad_s = Vec3(0, 0, 1.0);
  EXPECT_NEAR(calibrated_airspeed_mps(sample_airspeed(p, s, t)->diff_pressure_pa),
              std::hypot(50.0, 2.0), 1e-3);
  // Reverse flow reads zero.
  t.omega_eb_b_rad_s.setZero();
  t.air_vel_b_mps = Vec3(-5, 0, 0);
  EXPECT_NEAR(sample_airspeed(p, s, t)->diff_pressure_pa, 0.0, 1e-9);
  // Noise statistics.
  AirspeedParams pn;
  AirspeedState sn = make_airspeed_state(pn, 3);
  t.air_vel_b_mps = Vec3(40, 0, 0);
  pn.probe_lever_arm_b_m.setZero();
  const double q0 =
      impact_pressure_pa(40, t.static_pressure_pa, t.temperature_k) + sn.zero_offset_pa;
  double s2 = 0;
  const int n = 50000;
  for (int k = 0; k < n; ++k) s2 += std::pow(sample_airspeed(pn, sn, t)->diff_pressure_pa - q0, 2);
  EXPECT_NEAR(std::sqrt(s2 / n) / pn.noise_pa, 1.0, 0.03);
}

TEST(Airspeed, BlockedPitotActsAsAltimeter) {
  AirspeedParams p = quiet_pitot();
  AirspeedState s = make_airspeed_state(p, 1);
  SensorTruth t = air_truth(1000);
  t.air_vel_b_mps = Vec3(40, 0, 0);
  const double q_before = sample_airspeed(p, s, t)->diff_pressure_pa;
  s.pitot_blocked = true;
  EXPECT_NEAR(sample_airspeed(p, s, t)->diff_pressure_pa, q_before, 1e-9);
  // Same altitude, slower: reading frozen.
  t.air_vel_b_mps = Vec3(25, 0, 0);
  EXPECT_NEAR(sample_airspeed(p, s, t)->diff_pressure_pa, q_before, 1e-9);
  // Climb 500 m at the same true speed: reads higher (static falls, trapped total stays).
  SensorTruth up = air_truth(1500);
  up.air_vel_b_mps = Vec3(40, 0, 0);
  const double q_up = sample_airspeed(p, s, up)->diff_pressure_pa;
  EXPECT_NEAR(q_up - q_before, t.static_pressure_pa - up.static_pressure_pa, 1e-6);
  EXPECT_GT(calibrated_airspeed_mps(q_up), 70.0);
  // Descend: reads lower.
  SensorTruth down = air_truth(800);
  down.air_vel_b_mps = Vec3(40, 0, 0);
  EXPECT_LT(sample_airspeed(p, s, down)->diff_pressure_pa, q_before);
  // Cleared: live again.
  s.pitot_blocked = false;
  EXPECT_NEAR(sample_airspeed(p, s, up)->diff_pressure_pa,
              impact_pressure_pa(40, up.static_pressure_pa, up.temperature_k), 1e-9);
  s.failed = true;
  EXPECT_FALSE(sample_airspeed(p, s, up).has_value());
  s.failed = false;
  up.air_vel_b_mps.x() = std::numeric_limits<double>::quiet_NaN();
  EXPECT_TRUE(std::isfinite(sample_airspeed(p, s, up)->diff_pressure_pa));
}

TEST(Magnetometer, SoftHardIronAndNoise) {
  MagParams p;
  MagState s = make_mag_state(p, 5);
  SensorTruth t;
  const double yaw = deg_to_rad(30);
  t.R_ned_from_b = Eigen::AngleAxisd(yaw, Vec3::UnitZ()).toRotationMatrix();
  const Vec3 b_ned(20000, 1000, 43000);
  const Vec3 b_b = t.R_ned_from_b.transpose() * b_ned * kGaussPerNanotesla;
  Vec3 mean = Vec3::Zero();
  double s2 = 0;
  const int n = 20000;
  const Vec3 expected = s.soft_iron * b_b + p.hard_iron_gauss;
  for (int k = 0; k < n; ++k) {
    const Vec3 y = sample_mag(p, s, t, b_ned)->field_b_gauss;
    mean += y / n;
    s2 += (y - expected).squaredNorm() / (3 * n);
  }
  EXPECT_LT((mean - expected).norm(), 1e-4);
  EXPECT_NEAR(std::sqrt(s2) / p.noise_gauss, 1.0, 0.03);
  // An ideal installation: the body field itself (heading 30 deg shows in x, y).
  MagParams ideal;
  ideal.noise_gauss = 0;
  ideal.hard_iron_gauss.setZero();
  ideal.soft_iron_diag = Vec3::Ones();
  ideal.soft_iron_offdiag.setZero();
  MagState si = make_mag_state(ideal, 1);
  const Vec3 y = sample_mag(ideal, si, t, b_ned)->field_b_gauss;
  EXPECT_LT((y - b_b).norm(), 1e-12);
  EXPECT_NEAR(std::atan2(-y.y(), y.x()), yaw - std::atan2(1000, 20000), 1e-12);
  s.failed = true;
  EXPECT_FALSE(sample_mag(p, s, t, b_ned).has_value());
  s.failed = false;
  EXPECT_TRUE(sample_mag(p, s, t, Vec3::Constant(std::nan("")))->field_b_gauss.allFinite());
}

TEST(SensorSuite, StreamsAreNamedAndDeterministic) {
  Result<MagneticModel> m = load_default_magnetic_model();
  ASSERT_TRUE(m.ok()) << m.error().message;
  SensorsParams p;
  SensorSuite a = make_sensor_suite(p, m.value(), 42, "uav1");
  SensorSuite b = make_sensor_suite(p, m.value(), 42, "uav1");
  SensorSuite c = make_sensor_suite(p, m.value(), 42, "uav2");
  SensorTruth t = air_truth(1000);
  t.specific_force_b_mps2 = Vec3(0, 0, -9.8);
  for (int k = 0; k < 100; ++k) {
    t.time = SimTime::from_ms(20 * k);
    const MagSample ma = *sample_suite_mag(a, t), mb = *sample_suite_mag(b, t);
    EXPECT_EQ(ma.field_b_gauss, mb.field_b_gauss);
    EXPECT_EQ(sample_imu(p.imu, a.imu, t, 0.02)->accel_mps2,
              sample_imu(p.imu, b.imu, t, 0.02)->accel_mps2);
  }
  EXPECT_NE(sample_imu(p.imu, a.imu, t, 0.02)->accel_mps2,
            sample_imu(p.imu, c.imu, t, 0.02)->accel_mps2);
  // The WMM was summed once for 100 samples at one place.
  EXPECT_EQ(a.mag_field.evaluations, 1);
  // Field magnitude of ~0.48 G at 47 N (through the soft iron).
  EXPECT_NEAR(sample_suite_mag(a, t)->field_b_gauss.norm(), 0.48, 0.05);
}

}  // namespace
}  // namespace kestrel
