#include "core/geodesy.h"

#include <gtest/gtest.h>

#include <GeographicLib/Geodesic.hpp>
#include <algorithm>
#include <cmath>

#include "core/rng.h"

namespace kestrel {
namespace {

// WGS-84 reference points: the equator/prime meridian and the pole, from the defining constants.
TEST(Geodesy, ReferencePoints) {
  const Vec3 p0 = ecef_from_geodetic({0, 0, 0});
  EXPECT_NEAR(p0.x(), kWgs84A, 1e-6);
  EXPECT_NEAR(p0.y(), 0, 1e-6);
  const double b = kWgs84A * (1 - kWgs84F);  // semi-minor axis 6356752.314245 m
  const Vec3 pole = ecef_from_geodetic({deg_to_rad(90), 0, 100});
  EXPECT_NEAR(pole.z(), b + 100, 1e-6);
  EXPECT_NEAR(b, 6356752.314245, 1e-6);
}

TEST(Geodesy, RoundTripWithinOneMillimetre) {
  Rng rng(7);
  for (int i = 0; i < 2000; ++i) {
    const Geodetic g{deg_to_rad(-89.9 + 179.8 * rng.uniform()),
                     deg_to_rad(-180 + 360 * rng.uniform()), -500 + 30000 * rng.uniform()};
    const Vec3 e = ecef_from_geodetic(g);
    const Vec3 back = ecef_from_geodetic(geodetic_from_ecef(e));
    EXPECT_LT((back - e).norm(), 1e-3);
  }
}

TEST(Geodesy, FastConversionAgreesWithGeographicLib) {
  Rng rng(11);
  double worst_h = 0, worst_angle = 0;
  for (int i = 0; i < 100000; ++i) {
    const double h = i % 2 ? -1000 + 31000 * rng.uniform() : -5000 + 2e6 * rng.uniform();
    const Geodetic g{deg_to_rad(-90 + 180 * rng.uniform()), deg_to_rad(-180 + 360 * rng.uniform()),
                     h};
    const Vec3 e = ecef_from_geodetic(g);
    const Geodetic ref = geodetic_from_ecef(e), fast = geodetic_from_ecef_fast(e);
    worst_h = std::max(worst_h, std::abs(fast.height_ellipsoid_m - ref.height_ellipsoid_m));
    worst_angle = std::max({worst_angle, std::abs(fast.lat_rad - ref.lat_rad),
                            std::abs(std::remainder(fast.lon_rad - ref.lon_rad, 2 * kPi))});
  }
  EXPECT_LT(worst_h, 1e-8);
  EXPECT_LT(worst_angle, 1e-14);
  // The poles and the equator exactly.
  EXPECT_NEAR(geodetic_from_ecef_fast(ecef_from_geodetic({kPi / 2, 0, 100})).height_ellipsoid_m,
              100, 1e-8);
  EXPECT_NEAR(geodetic_from_ecef_fast(ecef_from_geodetic({0, 1, 100})).height_ellipsoid_m, 100,
              1e-8);
}

TEST(Geodesy, SmallNedOffsetsAgreeWithTheExactFrame) {
  // offset_geodetic (radii of curvature) against the exact local frame (ECEF through
  // GeographicLib): it ignores the earth's curvature and the meridians' convergence across the
  // offset, an error of about d^2 (1 + |tan lat|) / R (a tenth of a millimetre for 10 m).
  for (double lat_deg : {0.0, 45.0, 52.45, -70.0}) {
    const Geodetic at{deg_to_rad(lat_deg), deg_to_rad(9.6), 450.0};
    const LocalNed frame(at);
    for (const Vec3& d : {Vec3(10, -7, 3), Vec3(-2000, 1500, -300)}) {
      const Geodetic approx = offset_geodetic(at, d);
      const Vec3 back = frame.ned_from_ecef(ecef_from_geodetic(approx));
      const double bound = d.squaredNorm() * (1 + std::abs(std::tan(at.lat_rad))) / 6.3e6 + 1e-4;
      EXPECT_LT((back - d).norm(), bound) << lat_deg << " deg, offset " << d.transpose();
    }
  }
  double rm = 0, rn = 0;
  earth_radii(0.0, &rm, &rn);
  EXPECT_NEAR(rn, kWgs84A, 1e-6);  // the equator's prime vertical radius
  EXPECT_NEAR(rm, kWgs84A * (1 - kWgs84F) * (1 - kWgs84F), 1e-6);  // b^2 / a at the equator
}

TEST(Geodesy, LocalNedAxes) {
  const LocalNed ned({deg_to_rad(32.0), deg_to_rad(35.0), 50.0});
  // 1000 m north along the surface: the NED round trip is exact, and the point 1 km north of
  // the origin sits ~78 mm below the tangent plane (d^2 / 2R).
  const Vec3 north = ned.ecef_from_ned({1000, 0, 0});
  EXPECT_LT((ned.ned_from_ecef(north) - Vec3(1000, 0, 0)).norm(), 1e-6);
  const Geodetic g = geodetic_from_ecef(north);
  EXPECT_GT(g.lat_rad, deg_to_rad(32.0));
  EXPECT_NEAR(g.height_ellipsoid_m - 50.0, 1000.0 * 1000.0 / (2 * 6.37e6), 0.01);
  // Inverse geodesic distance agrees with GeographicLib's geodesic to 1 mm.
  double s12;
  GeographicLib::Geodesic::WGS84().Inverse(32.0, 35.0, rad_to_deg(g.lat_rad), rad_to_deg(g.lon_rad),
                                           s12);
  EXPECT_NEAR(s12, 1000.0, 0.01);
}

}  // namespace
// The rotation that comes with the fast conversion equals R_ned_from_ecef(lat, lon) to rounding,
// on the polar axis too.
TEST(Geodesy, FastConversionGivesTheNedRotation) {
  for (const Geodetic& g : {Geodetic{0.55, 0.61, 3000}, Geodetic{-1.2, -2.9, 12}, Geodetic{0, 3.1, 0},
                            Geodetic{1.5707963267948966, 0, 500}, Geodetic{0.9, -0.3, 2e5}}) {
    Mat3 R;
    const Geodetic f = geodetic_from_ecef_fast(ecef_from_geodetic(g), &R);
    EXPECT_LT((R - R_ned_from_ecef(f.lat_rad, f.lon_rad)).cwiseAbs().maxCoeff(), 1e-15);
  }
}

}  // namespace kestrel
