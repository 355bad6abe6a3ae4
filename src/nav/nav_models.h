// Internal to the navigation filter: earth model helpers, the error injection
// that defines the error convention (nav_filter.h), and every measurement model
// h(x) with its sparse Jacobian H = dh/d(dx) at dx = 0. nav_models_test.cc
// checks each H against central differences of h(inject(x, dx)).
#pragma once

#include <cmath>

#include "core/geodesy.h"
#include "core/types.h"
#include "nav/nav_filter.h"

namespace kestrel {
// Whether a measurement fused at most at `hz` is due at t; if so, sets *last = t (nav_filter.cc).
bool nav_fusion_due(SimTime t, double hz, SimTime* last);
// The largest microsecond count whose SimTime::seconds() is at most window_s, so that
// `us <= nav_window_us(w)` is exactly `SimTime{us}.seconds() <= w` (nav_filter.cc).
int64_t nav_window_us(double window_s);
}  // namespace kestrel

namespace kestrel::nav {

// WGS-84 normal gravity (Somigliana, with the second-order height correction)
// [m/s^2], down +.
inline double normal_gravity(double lat_rad, double height_m) {
  const double s2 = std::sin(lat_rad) * std::sin(lat_rad);
  const double g0 =
      9.7803253359 * (1 + 0.00193185265241 * s2) / std::sqrt(1 - 0.00669437999013 * s2);
  const double m = 0.00344978650684;
  return g0 * (1 - 2 / kWgs84A * (1 + kWgs84F + m - 2 * kWgs84F * s2) * height_m +
               3 * height_m * height_m / (kWgs84A * kWgs84A));
}

// Rotation vector -> quaternion (exact).
inline Quat quat_exp(const Vec3& rv) {
  const double a2 = rv.squaredNorm();
  if (a2 < 4e-4) {
    // Below 0.02 rad (every prediction and correction in flight): cos(a/2) and sin(a/2)/a by
    // their series to h^6 (h = a/2); the first term left out is under 3e-21, far below the
    // rounding of a double, and no sine or cosine is called.
    const double h2 = 0.25 * a2;
    const double c = 1 - h2 * (1.0 / 2 - h2 * (1.0 / 24 - h2 * (1.0 / 720)));
    const double k = 0.5 * (1 - h2 * (1.0 / 6 - h2 * (1.0 / 120 - h2 * (1.0 / 5040))));
    return Quat(c, k * rv.x(), k * rv.y(), k * rv.z());
  }
  const double a = std::sqrt(a2);
  const Vec3 ax = rv / a;
  const double s = std::sin(0.5 * a);
  return Quat(std::cos(0.5 * a), ax.x() * s, ax.y() * s, ax.z() * s);
}

// x_true = inject(x_est, dx): the error convention of nav_filter.h.
inline NavNominal inject(const NavNominal& x,
                         const Eigen::Matrix<double, nav_index::kCount, 1>& dx) {
  using namespace nav_index;
  NavNominal y = x;
  y.q_ned_from_b = (quat_exp(dx.segment<3>(kAtt)) * x.q_ned_from_b).normalized();
  y.vel_ned += dx.segment<3>(kVel);
  double rn, re;
  earth_radii(x.lat_rad, &rn, &re);
  y.lat_rad += dx(kPos) / (rn + x.height_m);
  y.lon_rad += dx(kPos + 1) / ((re + x.height_m) * std::cos(x.lat_rad));
  y.height_m -= dx(kPos + 2);
  y.gyro_bias += dx.segment<3>(kGyroBias);
  y.accel_bias += dx.segment<3>(kAccelBias);
  y.wind_ne += dx.segment<2>(kWind);
  y.mag_earth += dx.segment<3>(kMagEarth);
  y.mag_body += dx.segment<3>(kMagBody);
  y.baro_offset_m += dx(kBaroOffset);
  y.gnss_bias += dx.segment<3>(kGnssBias);
  return y;
}

// NED offset [m] of (lat, lon, h) from a reference point, with the radii at the
// reference (accurate to millimetres over the few metres the filter uses it
// for).
inline Vec3 ned_offset(double lat, double lon, double h, double lat_ref, double lon_ref,
                       double h_ref) {
  double rn, re;
  earth_radii(lat_ref, &rn, &re);
  return Vec3((lat - lat_ref) * (rn + h_ref), (lon - lon_ref) * (re + h_ref) * std::cos(lat_ref),
              -(h - h_ref));
}

// --- GNSS position (fuse_gnss.cc): antenna position = position + GNSS error,
// as a NED offset from a reference point (the measurement), axis i.
double gnss_pos_h(const NavNominal& x, double lat_ref, double lon_ref, double h_ref, int axis);
SparseRow gnss_pos_H(const NavNominal& x, int axis);
// --- GNSS velocity: velocity over the ground, NED axis i.
double gnss_vel_h(const NavNominal& x, int axis);
SparseRow gnss_vel_H(const NavNominal& x, int axis);
// --- Baro (fuse_baro.cc): pressure altitude = ellipsoid height + baro-GNSS
// offset.
double baro_h(const NavNominal& x);
SparseRow baro_H(const NavNominal& x);
// Pressure altitude of the standard atmosphere (QNH 1013.25 hPa), 0-20 km [m].
// Pure.
double pressure_altitude_m(double static_pressure_pa);
// Static pressure of the standard atmosphere at a pressure altitude (inverse of
// the above).
double standard_pressure_pa(double pressure_altitude_m);
// --- True airspeed (fuse_airspeed.cc): |v_ned - [wn, we, 0]|.
double airspeed_h(const NavNominal& x);
SparseRow airspeed_H(const NavNominal& x);
// TAS [m/s] from impact pressure qc, static pressure and static air temperature
// (compressible, subsonic: M^2 = 5((qc/p + 1)^(2/7) - 1), TAS = M sqrt(gamma R
// T)). Pure.
double tas_from_diff_pressure(double qc_pa, double static_pa, double temperature_k);
// --- Synthetic sideslip (fuse_beta.cc): body-y component of the air-relative
// velocity [m/s].
double beta_h(const NavNominal& x);
SparseRow beta_H(const NavNominal& x);
// --- Magnetometer (fuse_mag.cc): R_b_from_ned * m_earth + m_body, body axis i
// [gauss].
double mag_h(const NavNominal& x, int axis);
SparseRow mag_H(const NavNominal& x, int axis);

}  // namespace kestrel::nav
