#include "core/geodesy.h"

#include <GeographicLib/Geocentric.hpp>
#include <algorithm>
#include <cmath>

namespace kestrel {

Vec3 ecef_from_geodetic(const Geodetic& g) {
  double x, y, z;
  GeographicLib::Geocentric::WGS84().Forward(rad_to_deg(g.lat_rad), rad_to_deg(g.lon_rad),
                                             g.height_ellipsoid_m, x, y, z);
  return {x, y, z};
}

Geodetic geodetic_from_ecef(const Vec3& p) {
  double lat, lon, h;
  GeographicLib::Geocentric::WGS84().Reverse(p.x(), p.y(), p.z(), lat, lon, h);
  return {deg_to_rad(lat), deg_to_rad(lon), h};
}

Geodetic geodetic_from_ecef_fast(const Vec3& pos) { return geodetic_from_ecef_fast(pos, nullptr); }

Geodetic geodetic_from_ecef_fast(const Vec3& pos, Mat3* R) {
  // Heikkinen's exact closed form (as in Zhu, IEEE Trans. AES 30(3), 1994). Written out here
  // rather than calling GeographicLib because it runs once per physics step and GeographicLib's
  // general-purpose Reverse costs three times as much.
  constexpr double a = kWgs84A;
  constexpr double f = kWgs84F;
  constexpr double b = a * (1 - f);
  constexpr double e2 = f * (2 - f);
  constexpr double ep2 = e2 / (1 - e2);
  constexpr double a2 = a * a, b2 = b * b;
  const double x = pos.x(), y = pos.y(), z = pos.z();
  const double p2 = x * x + y * y;
  const double p = std::sqrt(p2);
  const double z2 = z * z;
  const double F = 54.0 * b2 * z2;
  const double G = p2 + (1 - e2) * z2 - e2 * (a2 - b2);
  const double c = e2 * e2 * F * p2 / (G * G * G);
  const double s = std::cbrt(1 + c + std::sqrt(c * c + 2 * c));
  const double k = s + 1 + 1 / s;
  const double P = F / (3 * k * k * G * G);
  const double Q = std::sqrt(1 + 2 * e2 * e2 * P);
  // On the polar axis the radicand is zero and rounding can make it negative: clamp it.
  const double r0 = -P * e2 * p / (1 + Q) +
                    std::sqrt(std::max(0.0, 0.5 * a2 * (1 + 1 / Q) -
                                                P * (1 - e2) * z2 / (Q * (1 + Q)) - 0.5 * P * p2));
  const double t = p - e2 * r0;
  const double U = std::sqrt(t * t + z2);
  const double V = std::sqrt(t * t + (1 - e2) * z2);
  const double z0 = b2 * z / (a * V);
  Geodetic g;
  g.height_ellipsoid_m = U * (1 - b2 / (a * V));
  const double zn = z + ep2 * z0;
  g.lat_rad = std::atan2(zn, p);
  g.lon_rad = std::atan2(y, x);
  if (R && p < 1e-3) {
    *R = R_ned_from_ecef(g.lat_rad, g.lon_rad);  // on the polar axis: longitude by convention
  } else if (R) {
    // tan(lat) = zn / p, tan(lon) = y / x: the sines and cosines as ratios.
    const double inv_n = 1 / std::sqrt(zn * zn + p2), inv_p = 1 / p;
    const double sl = zn * inv_n, cl = p * inv_n, so = y * inv_p, co = x * inv_p;
    *R << -sl * co, -sl * so, cl,  //
        -so, co, 0.0,              //
        -cl * co, -cl * so, -sl;
  }
  return g;
}

Mat3 R_ned_from_ecef(double lat, double lon) {
  const double sl = std::sin(lat), cl = std::cos(lat);
  const double so = std::sin(lon), co = std::cos(lon);
  Mat3 r;
  r << -sl * co, -sl * so, cl,  //
      -so, co, 0.0,             //
      -cl * co, -cl * so, -sl;
  return r;
}

LocalNed::LocalNed(const Geodetic& origin)
    : origin_(origin),
      origin_ecef_(ecef_from_geodetic(origin)),
      R_ned_from_ecef_(kestrel::R_ned_from_ecef(origin.lat_rad, origin.lon_rad)) {}

Vec3 LocalNed::ned_from_ecef(const Vec3& pos_ecef) const {
  return R_ned_from_ecef_ * (pos_ecef - origin_ecef_);
}

Vec3 LocalNed::ecef_from_ned(const Vec3& pos_ned) const {
  return origin_ecef_ + R_ned_from_ecef_.transpose() * pos_ned;
}

void earth_radii(double lat_rad, double* meridian_m, double* prime_vertical_m) {
  const double e2 = kWgs84F * (2.0 - kWgs84F);
  const double sl = std::sin(lat_rad);
  const double w2 = 1.0 - e2 * sl * sl;
  const double w = std::sqrt(w2);
  *prime_vertical_m = kWgs84A / w;
  *meridian_m = kWgs84A * (1.0 - e2) / (w2 * w);
}

Geodetic offset_geodetic(const Geodetic& at, const Vec3& d_ned_m) {
  double rm = 0, rn = 0;
  earth_radii(at.lat_rad, &rm, &rn);
  const double h = at.height_ellipsoid_m;
  Geodetic g;
  g.lat_rad = at.lat_rad + d_ned_m.x() / (rm + h);
  g.lon_rad = at.lon_rad + d_ned_m.y() / ((rn + h) * std::max(1e-9, std::cos(at.lat_rad)));
  g.height_ellipsoid_m = h - d_ned_m.z();
  return g;
}

}  // namespace kestrel
