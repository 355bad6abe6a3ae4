// GNSS model tests: error statistics vs the configured drift and noise, exact latency, outage,
// jump, degradation, determinism, non-finite truth.
#include "sensors/gnss.h"

#include <gtest/gtest.h>

#include <cmath>

namespace kestrel {
namespace {

SensorTruth truth_at(SimTime t) {
  SensorTruth s;
  s.time = t;
  s.position = Geodetic{deg_to_rad(47.0), deg_to_rad(8.0), 1000.0};
  s.vel_ned_mps = Vec3(30, 10, -1);
  return s;
}

// NED error of a sample against the antenna truth [m].
Vec3 error_ned(const GnssParams& p, const GnssSample& y, const SensorTruth& t) {
  Geodetic ant;
  Vec3 v;
  gnss_antenna_truth(p, t, &ant, &v);
  const LocalNed ned(ant);
  return ned.ned_from_ecef(
      ecef_from_geodetic(Geodetic{y.lat_rad, y.lon_rad, y.height_ellipsoid_m}));
}

// The Gauss-Markov step with its coefficients kept gives the plain step's numbers to the bit,
// through changes of dt and tau.
TEST(Gnss, GaussMarkovCoefficientsKeptGiveTheSameSteps) {
  Rng a(7), b(7);
  noise::GaussMarkovCoefficients c;
  double x = 0.3, y = 0.3;
  for (int k = 0; k < 1000; ++k) {
    const double dt = k % 300 < 150 ? 0.1 : 0.02 * (1 + k % 3);
    const double tau = k < 500 ? 60.0 : 5.0;
    x = noise::gauss_markov_step(x, 2.0, tau, dt, a);
    y = noise::gauss_markov_step(y, 2.0, tau, dt, b, c);
    ASSERT_EQ(x, y) << k;
  }
  EXPECT_EQ(noise::gauss_markov_step(1.0, 0.0, 5.0, 0.1, b, c), 0.0);  // no sigma, no process
}

TEST(Gnss, ErrorStatisticsMatchConfiguration) {
  GnssParams p;
  // 200 independent receivers x 1 h at 10 Hz: RMS of the errors vs sqrt(drift^2 + noise^2).
  double sn = 0, se = 0, sd = 0, sv = 0;
  int64_t count = 0;
  for (int seed = 0; seed < 50; ++seed) {
    GnssState s = make_gnss_state(p, 100 + seed);
    for (int k = 0; k < 36000; k += 1) {
      const SensorTruth t = truth_at(SimTime::from_ms(100 * k));
      gnss_measure(p, s, t);
      GnssSample y;
      ASSERT_TRUE(gnss_deliver(s, t.time + SimTime::from_ms(100), &y));
      const Vec3 e = error_ned(p, y, t);
      sn += e.x() * e.x(), se += e.y() * e.y(), sd += e.z() * e.z();
      sv += (y.vel_ned_mps - t.vel_ned_mps).head<2>().squaredNorm();
      ++count;
    }
  }
  const double h = std::hypot(p.horizontal_drift_sigma_m, p.horizontal_noise_m);
  const double v = std::hypot(p.vertical_drift_sigma_m, p.vertical_noise_m);
  const double rms_n = std::sqrt(sn / count), rms_e = std::sqrt(se / count);
  const double rms_d = std::sqrt(sd / count);
  std::printf("GNSS RMS N %.3f E %.3f D %.3f m (expected %.3f, %.3f); horiz RMS %.3f m\n", rms_n,
              rms_e, rms_d, h, v, std::hypot(rms_n, rms_e));
  EXPECT_NEAR(rms_n / h, 1.0, 0.1);
  EXPECT_NEAR(rms_e / h, 1.0, 0.1);
  EXPECT_NEAR(rms_d / v, 1.0, 0.1);
  EXPECT_NEAR(std::sqrt(sv / count / 2) / p.horizontal_velocity_noise_mps, 1.0, 0.05);
  // Horizontal RMS in the 1.5-2.5 m band of a single-frequency receiver.
  EXPECT_GT(std::hypot(rms_n, rms_e), 1.5);
  EXPECT_LT(std::hypot(rms_n, rms_e), 2.5);
}

TEST(Gnss, DriftIsSlow) {
  // Successive errors 0.1 s apart are strongly correlated (drift, not white noise).
  GnssParams p;
  GnssState s = make_gnss_state(p, 5);
  double prev = 0, num = 0, den = 0;
  for (int k = 0; k < 20000; ++k) {
    const SensorTruth t = truth_at(SimTime::from_ms(100 * k));
    gnss_measure(p, s, t);
    GnssSample y;
    ASSERT_TRUE(gnss_deliver(s, SimTime::from_s(100000), &y));
    const double e = error_ned(p, y, t).x();
    if (k > 0) num += e * prev, den += prev * prev;
    prev = e;
  }
  EXPECT_GT(num / den, 0.9);
}

TEST(Gnss, LatencyIsExact) {
  GnssParams p;
  p.latency_s = 0.137;
  GnssState s = make_gnss_state(p, 1);
  const SensorTruth t = truth_at(SimTime::from_ms(500));
  gnss_measure(p, s, t);
  GnssSample y;
  EXPECT_FALSE(gnss_deliver(s, SimTime::from_us(636999), &y));
  ASSERT_TRUE(gnss_deliver(s, SimTime::from_us(637000), &y));
  EXPECT_EQ(y.time, SimTime::from_us(637000));
  EXPECT_EQ(y.fix, GnssFix::k3D);
  EXPECT_FALSE(gnss_deliver(s, SimTime::from_s(10), &y));
  // Several in flight come out in order.
  for (int k = 0; k < 3; ++k) gnss_measure(p, s, truth_at(SimTime::from_ms(1000 + 100 * k)));
  for (int k = 0; k < 3; ++k) {
    ASSERT_TRUE(gnss_deliver(s, SimTime::from_s(10), &y));
    EXPECT_EQ(y.time, SimTime::from_us(1000000 + 100000 * k + 137000));
  }
}

TEST(Gnss, OutageJumpDegradationFailure) {
  GnssParams p;
  GnssState s = make_gnss_state(p, 2), ref = make_gnss_state(p, 2);
  GnssSample y, yr;
  // Outage: no solutions.
  s.outage = true;
  gnss_measure(p, s, truth_at(SimTime::from_ms(0)));
  EXPECT_FALSE(gnss_deliver(s, SimTime::from_s(10), &y));
  s.outage = false;
  // Jump: the reported position moves by exactly the offset (same noise draws as the reference).
  s = make_gnss_state(p, 2);
  s.jump_offset_ned_m = Vec3(100, -50, 20);
  const SensorTruth t = truth_at(SimTime::from_s(1));
  gnss_measure(p, s, t);
  gnss_measure(p, ref, t);
  ASSERT_TRUE(gnss_deliver(s, SimTime::from_s(10), &y));
  ASSERT_TRUE(gnss_deliver(ref, SimTime::from_s(10), &yr));
  const Vec3 d = error_ned(p, y, t) - error_ned(p, yr, t);
  EXPECT_NEAR((d - Vec3(100, -50, 20)).norm(), 0.0, 0.01);
  // Degradation x3: the error triples, fewer satellites, larger DOP.
  s = make_gnss_state(p, 2);
  ref = make_gnss_state(p, 2);
  s.degradation_factor = 3.0;
  gnss_measure(p, s, t);
  gnss_measure(p, ref, t);
  ASSERT_TRUE(gnss_deliver(s, SimTime::from_s(10), &y));
  ASSERT_TRUE(gnss_deliver(ref, SimTime::from_s(10), &yr));
  EXPECT_NEAR((error_ned(p, y, t) - 3.0 * error_ned(p, yr, t)).norm(), 0.0, 0.01);
  EXPECT_LT(y.satellites, yr.satellites);
  EXPECT_NEAR(y.hdop, 3.0 * yr.hdop, 1e-12);
  EXPECT_NEAR(y.h_acc_m, 3.0 * yr.h_acc_m, 1e-12);
  // Failed: nothing, even what was in flight.
  gnss_measure(p, s, t);
  s.failed = true;
  EXPECT_FALSE(gnss_deliver(s, SimTime::from_s(10), &y));
}

TEST(Gnss, DeterministicAndNonFiniteSafe) {
  GnssParams p;
  GnssState a = make_gnss_state(p, 9), b = make_gnss_state(p, 9);
  for (int k = 0; k < 50; ++k) {
    gnss_measure(p, a, truth_at(SimTime::from_ms(100 * k)));
    gnss_measure(p, b, truth_at(SimTime::from_ms(100 * k)));
    GnssSample ya, yb;
    ASSERT_TRUE(gnss_deliver(a, SimTime::from_s(100), &ya));
    ASSERT_TRUE(gnss_deliver(b, SimTime::from_s(100), &yb));
    EXPECT_EQ(ya.lat_rad, yb.lat_rad);
    EXPECT_EQ(ya.vel_ned_mps, yb.vel_ned_mps);
  }
  SensorTruth bad = truth_at(SimTime::from_s(6));
  bad.position.lat_rad = std::numeric_limits<double>::infinity();
  gnss_measure(p, a, bad);
  GnssSample y;
  EXPECT_FALSE(gnss_deliver(a, SimTime::from_s(100), &y));
  EXPECT_EQ(a.nonfinite_inputs, 1);
}

TEST(Gnss, AntennaLeverArm) {
  GnssParams p;
  p.antenna_lever_arm_b_m = Vec3(0, 0, -1.0);  // 1 m above the CG
  SensorTruth t = truth_at(SimTime{});
  t.omega_eb_b_rad_s = Vec3(0.5, 0, 0);  // rolling right at 0.5 rad/s
  Geodetic ant;
  Vec3 v;
  gnss_antenna_truth(p, t, &ant, &v);
  EXPECT_NEAR(ant.height_ellipsoid_m - t.position.height_ellipsoid_m, 1.0, 1e-6);
  // omega x r = (0.5,0,0) x (0,0,-1) = (0, 0.5, 0): level and heading north, +0.5 m/s east.
  EXPECT_NEAR(v.y() - t.vel_ned_mps.y(), 0.5, 1e-12);
}

}  // namespace
}  // namespace kestrel
