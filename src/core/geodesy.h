// WGS-84 geodesy: geodetic <-> ECEF (GeographicLib) and the local NED frame.
// Frames (docs/frames.md): E = ECEF, N = local north-east-down at a stated point.
#pragma once

#include "core/types.h"

namespace kestrel {

// WGS-84 defining constants (NIMA TR8350.2).
inline constexpr double kWgs84A = 6378137.0;             // semi-major axis [m]
inline constexpr double kWgs84F = 1.0 / 298.257223563;   // flattening [-]
inline constexpr double kWgs84Gm = 3.986004418e14;       // GM [m^3/s^2]
inline constexpr double kWgs84OmegaEarth = 7.292115e-5;  // Earth rotation rate [rad/s]
inline constexpr double kWgs84J2 = 1.082629821313e-3;    // dynamic form factor J2 [-]

struct Geodetic {
  double lat_rad = 0;             // geodetic latitude, north +
  double lon_rad = 0;             // longitude, east +
  double height_ellipsoid_m = 0;  // height above the WGS-84 ellipsoid
};

Vec3 ecef_from_geodetic(const Geodetic& g);
Geodetic geodetic_from_ecef(const Vec3& pos_ecef);  // GeographicLib (the reference)

// The same conversion in closed form (Heikkinen 1982), for the physics step: about a third of
// GeographicLib's cost, and within 1e-8 m / 1e-14 rad of it from the earth's centre region out to
// beyond 1000 km (geodesy_test.cc). Not for points within ~40 km of the earth's centre.
Geodetic geodetic_from_ecef_fast(const Vec3& pos_ecef);
// The same, and R_ned_from_ecef at that point from the conversion's own ratios (no sine or
// cosine; equal to R_ned_from_ecef(lat, lon) to rounding).
Geodetic geodetic_from_ecef_fast(const Vec3& pos_ecef, Mat3* R_ned_from_ecef_out);

// WGS-84 radii of curvature at a latitude: meridian (north-south) and prime vertical (east-west).
void earth_radii(double lat_rad, double* meridian_m, double* prime_vertical_m);

// A geodetic position moved by a small NED offset [m] (radii of curvature at `at`; for offsets of
// metres to a few kilometres).
Geodetic offset_geodetic(const Geodetic& at, const Vec3& d_ned_m);

// Rotation taking ECEF vectors into NED axes at (lat, lon).
Mat3 R_ned_from_ecef(double lat_rad, double lon_rad);

// A local NED frame fixed at an origin on the earth (home, runway threshold, ...).
class LocalNed {
 public:
  explicit LocalNed(const Geodetic& origin);
  const Geodetic& origin() const { return origin_; }
  const Vec3& origin_ecef() const { return origin_ecef_; }
  const Mat3& R_ned_from_ecef() const { return R_ned_from_ecef_; }
  Vec3 ned_from_ecef(const Vec3& pos_ecef) const;
  Vec3 ecef_from_ned(const Vec3& pos_ned) const;

 private:
  Geodetic origin_;
  Vec3 origin_ecef_;
  Mat3 R_ned_from_ecef_;
};

}  // namespace kestrel
