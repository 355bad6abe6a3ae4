#include "core/geodesy.h"

#include <GeographicLib/Geocentric.hpp>
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

}  // namespace kestrel
