// IMU model tests: the Allan deviation of a long static record against the configured noise
// density and bias instability (the mapping is documented in imu.h), the lever arm, saturation,
// quantisation, vibration, determinism, faults and non-finite truth.
#include "sensors/imu.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <vector>

namespace kestrel {
namespace {

SensorTruth static_truth() {
  SensorTruth t;
  t.position = Geodetic{deg_to_rad(32.0), deg_to_rad(35.0), 50.0};
  t.specific_force_b_mps2 = Vec3(0, 0, -9.80665);
  return t;
}

// Overlapping Allan deviation of samples y (period dt) at cluster size m (tau = m dt), from the
// cumulative sum x (x[k] = dt * sum of y[0..k-1]): AVAR = sum (x[k+2m] - 2x[k+m] + x[k])^2 /
// (2 tau^2 (N - 2m + 1)) (IEEE Std 952 / Riley, NIST SP 1065 eq. 13).
double allan_dev(const std::vector<double>& x, int m, double dt) {
  const double tau = m * dt;
  const std::size_t n = x.size() - 1;
  double sum = 0;
  std::size_t count = 0;
  for (std::size_t k = 0; k + 2 * m <= n; ++k) {
    const double d = x[k + 2 * m] - 2 * x[k + m] + x[k];
    sum += d * d;
    ++count;
  }
  return std::sqrt(sum / (2.0 * tau * tau * count));
}

double gm_avar(double sigma, double tc, double tau) {
  const double x = tau / tc;
  return 2 * sigma * sigma * tc / tau * (1 - (3 - 4 * std::exp(-x) + std::exp(-2 * x)) / (2 * x));
}

TEST(Imu, GaussMarkovPeakConstants) {
  // The constants in imu.h: the maximum of sqrt(AVAR_gm) / sigma and where it sits.
  double best = 0, best_x = 0;
  for (double x = 0.01; x < 20; x += 1e-4) {
    const double v = std::sqrt(gm_avar(1.0, 1.0, x));
    if (v > best) best = v, best_x = x;
  }
  EXPECT_NEAR(best, kGaussMarkovPeakPerSigma, 1e-4);
  EXPECT_NEAR(best_x, kGaussMarkovPeakTauPerTc, 2e-3);
  EXPECT_NEAR(kFlickerFloorPerB, std::sqrt(2 * std::log(2.0) / kPi), 1e-4);
}

// 4 h static at 100 Hz, default parameters (no vibration: engine off). Allan deviation per axis of
// gyro and accel; the three axes are averaged (in variance) for the estimate.
TEST(Imu, AllanDeviationMatchesNoiseDensityAndBiasInstability) {
  ImuParams p;
  const double dt = 0.01;
  const int n = 4 * 3600 * 100;
  ImuState s = make_imu_state(p, 12345);
  const SensorTruth truth0 = static_truth();
  std::vector<double> xg[3], xa[3];
  for (int i = 0; i < 3; ++i) {
    xg[i].assign(n + 1, 0.0);
    xa[i].assign(n + 1, 0.0);
  }
  SensorTruth t = truth0;
  for (int k = 0; k < n; ++k) {
    t.time = SimTime::from_us((k + 1) * int64_t{10000});
    const std::optional<ImuSample> y = sample_imu(p, s, t, dt);
    ASSERT_TRUE(y.has_value());
    for (int i = 0; i < 3; ++i) {
      xg[i][k + 1] = xg[i][k] + y->gyro_rad_s(i) * dt;
      xa[i][k + 1] = xa[i][k] + y->accel_mps2(i) * dt;
    }
  }
  struct Triad {
    const char* name;
    const ImuTriadParams& p;
    std::vector<double>* x;
  };
  for (const Triad& tr : {Triad{"gyro", p.gyro, xg}, Triad{"accel", p.accel, xa}}) {
    const double N = tr.p.noise_density, B = tr.p.bias_instability;
    const double tc = tr.p.bias_correlation_time_s;
    const double sigma_gm = gauss_markov_sigma_for_bias_instability(B);
    // White-noise region, tau = 1 s.
    double avar1 = 0;
    for (int i = 0; i < 3; ++i) avar1 += std::pow(allan_dev(tr.x[i], 100, dt), 2) / 3;
    const double ratio_n = std::sqrt(avar1) / (N / std::sqrt(1.0));
    // Bias instability at tau = 1.893 T_c.
    const double tau_b = kGaussMarkovPeakTauPerTc * tc;
    const int m = static_cast<int>(std::lround(tau_b / dt));
    double avar_b = 0;
    for (int i = 0; i < 3; ++i) avar_b += std::pow(allan_dev(tr.x[i], m, dt), 2) / 3;
    const double b_est = std::sqrt(avar_b - N * N / (m * dt)) / kFlickerFloorPerB;
    const double ratio_b = b_est / B;
    // The full analytic curve at a few taus, for the record.
    for (double tau : {0.1, 1.0, 10.0, tau_b, 200.0}) {
      const int mm = static_cast<int>(std::lround(tau / dt));
      double av = 0;
      for (int i = 0; i < 3; ++i) av += std::pow(allan_dev(tr.x[i], mm, dt), 2) / 3;
      const double model = std::sqrt(N * N / tau + gm_avar(sigma_gm, tc, tau));
      std::printf("%s tau %7.2f s: ADEV %.4g, model %.4g, ratio %.3f\n", tr.name, tau,
                  std::sqrt(av), model, std::sqrt(av) / model);
    }
    std::printf("%s: N ratio %.4f, B ratio %.4f\n", tr.name, ratio_n, ratio_b);
    EXPECT_NEAR(ratio_n, 1.0, 0.10) << tr.name;
    EXPECT_NEAR(ratio_b, 1.0, 0.10) << tr.name;
  }
}

TEST(Imu, LeverArmGivesCentripetalForce) {
  ImuParams p;
  p.lever_arm_b_m = Vec3(1.0, 0.0, 0.0);
  SensorTruth t = static_truth();
  t.position.lat_rad = 0;  // earth rate along north = body x: no centripetal term from it on x
  t.specific_force_b_mps2 = Vec3::Zero();
  t.omega_eb_b_rad_s = Vec3(0, 0, 2.0);  // yaw 2 rad/s about the CG
  Vec3 w, f;
  imu_ideal(p, t, &w, &f);
  // omega x (omega x r) = -|omega_z|^2 r along x (towards the CG): -4 m/s^2, to 1e-3 (earth rate).
  EXPECT_NEAR(f.x(), -4.0, 1e-3);
  EXPECT_NEAR(f.y(), 0.0, 1e-3);
  EXPECT_NEAR(f.z(), 0.0, 1e-3);  // 2 Omega_earth from the earth-rate cross term
  // Angular acceleration: omega_dot x r.
  t.omega_eb_b_rad_s = Vec3::Zero();
  t.omega_dot_b_rad_s2 = Vec3(0, 0, 3.0);
  imu_ideal(p, t, &w, &f);
  EXPECT_NEAR(f.y(), 3.0, 1e-6);
  // Earth rate: the gyro reads Omega cos(lat) north, -Omega sin(lat) down, level and north.
  t = static_truth();
  imu_ideal(p, t, &w, &f);
  EXPECT_NEAR(w.x(), kWgs84OmegaEarth * std::cos(t.position.lat_rad), 1e-15);
  EXPECT_NEAR(w.z(), -kWgs84OmegaEarth * std::sin(t.position.lat_rad), 1e-15);
}

ImuParams ideal_params() {
  ImuParams p;
  for (ImuTriadParams* tr : {&p.gyro, &p.accel}) {
    tr->noise_density = tr->bias_instability = tr->turn_on_bias = 0;
    tr->scale_factor_error = tr->misalignment_rad = 0;
    tr->vibration_amplitude.setZero();
    tr->resolution = 0;
  }
  p.lever_arm_b_m.setZero();
  return p;
}

TEST(Imu, SaturationAndQuantisation) {
  ImuParams p = ideal_params();
  p.accel.resolution = 0.01;
  ImuState s = make_imu_state(p, 1);
  SensorTruth t = static_truth();
  t.specific_force_b_mps2 = Vec3(1.234567, 500.0, -3.0);
  t.omega_eb_b_rad_s = Vec3(0, 0, 50.0);  // above the 2000 deg/s = 34.9 rad/s range
  const ImuSample y = *sample_imu(p, s, t, 0.0025);
  EXPECT_DOUBLE_EQ(y.accel_mps2.x(), 1.23);
  EXPECT_NEAR(y.accel_mps2.y(), p.accel.range, 0.006);  // clipped, then quantised
  EXPECT_TRUE(y.accel_saturated);
  EXPECT_TRUE(y.gyro_saturated);
  EXPECT_DOUBLE_EQ(y.gyro_rad_s.z(), p.gyro.range);
  t.specific_force_b_mps2 = Vec3(0, 0, -9.8);
  t.omega_eb_b_rad_s.setZero();
  const ImuSample y2 = *sample_imu(p, s, t, 0.0025);
  EXPECT_FALSE(y2.accel_saturated || y2.gyro_saturated);
}

TEST(Imu, VibrationAtPropellerFrequency) {
  ImuParams p = ideal_params();
  p.accel.vibration_amplitude = Vec3(0, 0, 2.0);
  ImuState s = make_imu_state(p, 3);
  SensorTruth t = static_truth();
  t.prop_rpm = p.vibration_reference_rpm;  // 46.7 Hz
  // At 4 kHz the period mean is close to the point value: RMS = amplitude / sqrt(2).
  double sum2 = 0, sum = 0;
  const int n = 40000;
  for (int k = 0; k < n; ++k) {
    const double a = sample_imu(p, s, t, 1.0 / 4000)->accel_mps2.z() + 9.80665;
    sum += a, sum2 += a * a;
  }
  EXPECT_NEAR(std::sqrt(sum2 / n), 2.0 / std::sqrt(2.0), 0.01);
  EXPECT_NEAR(sum / n, 0.0, 0.01);
  // Half the rpm: a quarter of the amplitude.
  t.prop_rpm *= 0.5;
  sum2 = 0;
  for (int k = 0; k < n; ++k)
    sum2 += std::pow(sample_imu(p, s, t, 1.0 / 4000)->accel_mps2.z() + 9.80665, 2);
  EXPECT_NEAR(std::sqrt(sum2 / n), 0.5 / std::sqrt(2.0), 0.01);
}

TEST(Imu, DeterministicPerSeedAndFaults) {
  ImuParams p;
  ImuState a = make_imu_state(p, 7), b = make_imu_state(p, 7), c = make_imu_state(p, 8);
  SensorTruth t = static_truth();
  t.prop_rpm = 2500;
  bool differs = false;
  for (int k = 0; k < 100; ++k) {
    t.time = SimTime::from_us(2500 * (k + 1));
    const ImuSample ya = *sample_imu(p, a, t, 0.0025), yb = *sample_imu(p, b, t, 0.0025),
                    yc = *sample_imu(p, c, t, 0.0025);
    EXPECT_EQ(ya.gyro_rad_s, yb.gyro_rad_s);
    EXPECT_EQ(ya.accel_mps2, yb.accel_mps2);
    differs |= ya.accel_mps2 != yc.accel_mps2;
  }
  EXPECT_TRUE(differs);
  // Non-finite truth: last good output held, counted.
  const ImuSample good = a.last;
  SensorTruth bad = t;
  bad.specific_force_b_mps2.x() = std::nan("");
  bad.time = SimTime::from_s(10);
  const ImuSample held = *sample_imu(p, a, bad, 0.0025);
  EXPECT_EQ(held.accel_mps2, good.accel_mps2);
  EXPECT_EQ(held.time, bad.time);
  EXPECT_EQ(a.nonfinite_inputs, 1);
  EXPECT_TRUE(sample_imu(p, a, t, std::nan(""))->accel_mps2.allFinite());
  // Failed: no output.
  a.failed = true;
  EXPECT_FALSE(sample_imu(p, a, t, 0.0025).has_value());
}

TEST(Imu, BiasStatisticsIndependentOfRate) {
  // The Gauss-Markov bias is stepped with the real dt: its variance after 60 s is the same at
  // 400 Hz and 50 Hz (over many seeds, white noise averaged out by the period mean).
  ImuParams p = ideal_params();
  p.gyro.bias_instability = 1e-3;
  p.gyro.bias_correlation_time_s = 20;
  double var[2] = {0, 0};
  const double rates[2] = {400, 50};
  const int seeds = 400;
  for (int r = 0; r < 2; ++r) {
    for (int seed = 0; seed < seeds; ++seed) {
      ImuState s = make_imu_state(p, 1000 + seed);
      s.gyro.bias_gm.setZero();
      SensorTruth t = static_truth();
      t.position.lat_rad = 0;
      const int n = static_cast<int>(60 * rates[r]);
      ImuSample y;
      for (int k = 0; k < n; ++k) y = *sample_imu(p, s, t, 1.0 / rates[r]);
      var[r] += std::pow(y.gyro_rad_s.z(), 2) / seeds;
    }
  }
  const double sigma = gauss_markov_sigma_for_bias_instability(1e-3);
  const double expected = sigma * sigma * (1 - std::exp(-2 * 60.0 / 20));
  EXPECT_NEAR(var[0] / expected, 1.0, 0.2);
  EXPECT_NEAR(var[1] / expected, 1.0, 0.2);
}

// truth_is_finite: true for ordinary values (negative zeros included), false for a NaN or an
// infinity in any field.
TEST(SensorTruth, FiniteUnlessAnyFieldIsNot) {
  SensorTruth t;
  t.vel_ned_mps = Vec3(-0.0, 40, -1e6);
  EXPECT_TRUE(truth_is_finite(t));
  const double bad[] = {std::nan(""), HUGE_VAL, -HUGE_VAL};
  for (double b : bad) {
    for (int field = 0; field < 13; ++field) {
      SensorTruth u = t;
      switch (field) {
        case 0: u.position.lat_rad = b; break;
        case 1: u.position.lon_rad = b; break;
        case 2: u.position.height_ellipsoid_m = b; break;
        case 3: u.vel_ned_mps.z() = b; break;
        case 4: u.R_ned_from_b(2, 1) = b; break;
        case 5: u.omega_eb_b_rad_s.x() = b; break;
        case 6: u.omega_dot_b_rad_s2.y() = b; break;
        case 7: u.specific_force_b_mps2.z() = b; break;
        case 8: u.air_vel_b_mps.x() = b; break;
        case 9: u.static_pressure_pa = b; break;
        case 10: u.temperature_k = b; break;
        case 11: u.density_kg_m3 = b; break;
        default: u.prop_rpm = b; break;
      }
      EXPECT_FALSE(truth_is_finite(u)) << "field " << field << " value " << b;
    }
  }
}

}  // namespace
}  // namespace kestrel
