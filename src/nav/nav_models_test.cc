// Measurement models: every Jacobian against central differences of h(inject(x,
// dx)), and the pure conversions against published references.
#include "nav/nav_models.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>

#include "core/rng.h"

namespace kestrel::nav {
namespace {

using namespace nav_index;
using ErrorVec = Eigen::Matrix<double, kCount, 1>;

NavNominal random_state(Rng& r) {
  NavNominal x;
  x.lat_rad = 1.2 * (r.uniform() - 0.5);
  x.lon_rad = 6 * (r.uniform() - 0.5);
  x.height_m = 3000 * r.uniform();
  x.vel_ned = Vec3(30 * r.normal(), 30 * r.normal(), 3 * r.normal());
  x.q_ned_from_b = Quat(r.normal(), r.normal(), r.normal(), r.normal()).normalized();
  x.gyro_bias = 0.01 * Vec3(r.normal(), r.normal(), r.normal());
  x.accel_bias = 0.1 * Vec3(r.normal(), r.normal(), r.normal());
  x.wind_ne = Eigen::Vector2d(8 * r.normal(), 8 * r.normal());
  x.mag_earth = Vec3(0.2 + 0.05 * r.normal(), 0.05 * r.normal(), 0.4 + 0.05 * r.normal());
  x.mag_body = 0.05 * Vec3(r.normal(), r.normal(), r.normal());
  x.baro_offset_m = 20 * r.normal();
  x.gnss_bias = 2 * Vec3(r.normal(), r.normal(), r.normal());
  return x;
}

Eigen::Matrix<double, 1, kCount> dense(const SparseRow& H) {
  Eigen::Matrix<double, 1, kCount> d = Eigen::Matrix<double, 1, kCount>::Zero();
  for (int i = 0; i < H.n; ++i) d(H.idx[i]) += H.val[i];
  return d;
}

// Step per error-state component: radians, m/s, metres, ... sized to the
// quantity.
double step_of(int i) {
  if (i >= kPos && i < kPos + 3) return 1e-2;
  if (i >= kMagEarth && i < kMagBody + 3) return 1e-6;
  if (i >= kGyroBias && i < kGyroBias + 3) return 1e-7;
  if (i < kAtt + 3) return 1e-6;
  return 1e-4;
}

void check_jacobian(const char* name, const NavNominal& x,
                    const std::function<double(const NavNominal&)>& h, const SparseRow& H) {
  const auto Ha = dense(H);
  for (int i = 0; i < kCount; ++i) {
    const double e = step_of(i);
    ErrorVec dx = ErrorVec::Zero();
    dx(i) = e;
    const double hp = h(inject(x, dx));
    dx(i) = -e;
    const double hm = h(inject(x, dx));
    const double num = (hp - hm) / (2 * e);
    const double tol = 1e-5 * (1 + std::abs(num)) + (i >= kPos && i < kPos + 3 ? 1e-4 : 0);
    EXPECT_NEAR(Ha(i), num, tol) << name << " d/dx[" << i << "]";
  }
}

// The status windows as microsecond counts give the same answers as comparing seconds.
TEST(NavModels, WindowInMicrosecondsIsTheSecondsComparison) {
  for (double w : {0.0, 1e-6, 0.5, 1.0, 0.3, 1.7, 2.5e-6, 10.0, 30.0, 123.456789, 3600.0}) {
    const int64_t n = nav_window_us(w);
    for (int64_t us = n - 3; us <= n + 3; ++us)
      EXPECT_EQ(us <= n, SimTime{us}.seconds() <= w) << w << " " << us;
  }
  EXPECT_EQ(nav_window_us(std::nan("")), std::numeric_limits<int64_t>::min());
  EXPECT_EQ(nav_window_us(1e300), std::numeric_limits<int64_t>::max());
}

TEST(NavModels, JacobiansMatchCentralDifferences) {
  Rng r(42);
  for (int trial = 0; trial < 8; ++trial) {
    const NavNominal x = random_state(r);
    // GNSS position relative to a reference point a few metres away.
    const double lat_ref = x.lat_rad + 1e-6 * r.normal(), lon_ref = x.lon_rad + 1e-6 * r.normal();
    const double h_ref = x.height_m + 3 * r.normal();
    for (int a = 0; a < 3; ++a) {
      check_jacobian(
          "gnss_pos", x,
          [&](const NavNominal& y) { return gnss_pos_h(y, lat_ref, lon_ref, h_ref, a); },
          gnss_pos_H(x, a));
      check_jacobian(
          "gnss_vel", x, [&](const NavNominal& y) { return gnss_vel_h(y, a); }, gnss_vel_H(x, a));
      check_jacobian(
          "mag", x, [&](const NavNominal& y) { return mag_h(y, a); }, mag_H(x, a));
    }
    check_jacobian("baro", x, baro_h, baro_H(x));
    check_jacobian("airspeed", x, airspeed_h, airspeed_H(x));
    check_jacobian("beta", x, beta_h, beta_H(x));
  }
}

// The injection is the error convention: R_true = Exp(dtheta) R_est, p_true -
// p_est in NED.
TEST(NavModels, InjectionFollowsTheConvention) {
  NavNominal x;
  x.lat_rad = 0.7;
  x.height_m = 100;
  x.q_ned_from_b = Quat(Eigen::AngleAxisd(0.3, Vec3::UnitZ()));
  ErrorVec dx = ErrorVec::Zero();
  dx(kAtt + 2) = 0.1;  // 0.1 rad about NED down: yaw +0.1
  dx(kPos) = 10;       // 10 m north
  dx(kPos + 2) = -5;   // 5 m up
  const NavNominal y = inject(x, dx);
  EXPECT_NEAR(Eigen::AngleAxisd(y.q_ned_from_b).angle(), 0.4, 1e-12);
  const Vec3 d = ned_offset(y.lat_rad, y.lon_rad, y.height_m, x.lat_rad, x.lon_rad, x.height_m);
  EXPECT_NEAR(d.x(), 10, 1e-9);
  EXPECT_NEAR(d.y(), 0, 1e-9);
  EXPECT_NEAR(d.z(), -5, 1e-9);
}

// ISA 1976 tables (U.S. Standard Atmosphere 1976, table I).
TEST(NavModels, PressureAltitudeMatchesIsaTable) {
  EXPECT_NEAR(pressure_altitude_m(101325.0), 0.0, 0.01);
  EXPECT_NEAR(pressure_altitude_m(89874.6), 1000.0, 0.1);
  EXPECT_NEAR(pressure_altitude_m(54019.9), 5000.0, 0.2);
  EXPECT_NEAR(pressure_altitude_m(22632.1), 11000.0, 0.3);
  EXPECT_NEAR(pressure_altitude_m(12044.6), 15000.0, 0.5);
  for (double h : {-200.0, 300.0, 4000.0, 10999.0, 11001.0, 19000.0})
    EXPECT_NEAR(pressure_altitude_m(standard_pressure_pa(h)), h, 1e-6);
}

TEST(NavModels, TasFromDifferentialPressure) {
  // Sea level ISA: incompressible q = 0.5 rho V^2 = 980 Pa at 40 m/s;
  // compressibility adds (1 + M^2/4) ~ 0.35 %, so 980 Pa reads slightly below
  // 40 m/s.
  const double tas = tas_from_diff_pressure(980.0, 101325.0, 288.15);
  EXPECT_LT(tas, 40.0);
  EXPECT_GT(tas, 39.9);
  // Higher and warmer: same qc, lower density, higher TAS (sqrt(rho0/rho)
  // scaling within 0.5 %).
  const double p = standard_pressure_pa(3000), T = 268.65;
  const double rho0 = 1.225, rho = p / (287.05287 * T);
  EXPECT_NEAR(tas_from_diff_pressure(980.0, p, T), tas * std::sqrt(rho0 / rho), 0.2);
  EXPECT_EQ(tas_from_diff_pressure(-5.0, 101325.0, 288.15), 0.0);
}

// WGS-84 normal gravity at the equator and the pole (NIMA TR8350.2 table 3.4).
TEST(NavModels, NormalGravity) {
  EXPECT_NEAR(normal_gravity(0, 0), 9.7803253359, 1e-9);
  EXPECT_NEAR(normal_gravity(kPi / 2, 0), 9.8321849379, 1e-8);
  EXPECT_NEAR(normal_gravity(0.8, 1000) - normal_gravity(0.8, 0), -3.086e-3, 2e-5);
}

// quat_exp's small-angle series agrees with the sine and cosine to the rounding of a double,
// on both sides of where it switches (0.02 rad), and down to zero.
TEST(NavModels, QuatExpSeriesMatchesTheExactRotation) {
  const Vec3 axis = Vec3(0.3, -0.5, 0.8).normalized();
  for (double a : {0.0, 1e-12, 1e-6, 1e-3, 0.01, 0.0199999, 0.0200001, 0.1, 1.0}) {
    const Quat q = quat_exp(a * axis);
    const double s = std::sin(0.5 * a);
    EXPECT_NEAR(q.w(), std::cos(0.5 * a), 2e-16) << a;
    EXPECT_NEAR(q.x(), axis.x() * s, 2e-16) << a;
    EXPECT_NEAR(q.y(), axis.y() * s, 2e-16) << a;
    EXPECT_NEAR(q.z(), axis.z() * s, 2e-16) << a;
    EXPECT_NEAR(q.norm(), 1.0, 4e-16) << a;
  }
}

}  // namespace
}  // namespace kestrel::nav
