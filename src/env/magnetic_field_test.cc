// Tests of the WMM evaluation (magnetic_field.h). The full comparison against an independent
// implementation (the npm package geomagnetism) at many places, heights and dates is the
// verification test tests/wmm_geomagnetism_test.sh; here: three of its values as a quick check,
// physical properties, the COF parser's errors, and the cache.
#include "env/magnetic_field.h"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <sstream>
#include <string>

namespace kestrel {
namespace {

const std::string kCof = std::string(KESTREL_DATA_DIR) + "/magnetic/WMM2025.COF";

MagneticModel wmm() {
  Result<MagneticModel> r = load_magnetic_model(kCof);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  return r.value();
}

Geodetic at_deg(double lat, double lon, double h_m) {
  return Geodetic{deg_to_rad(lat), deg_to_rad(lon), h_m};
}

TEST(MagneticField, LoadsWmm2025) {
  const MagneticModel m = wmm();
  EXPECT_EQ(m.name, "WMM-2025");
  EXPECT_DOUBLE_EQ(m.epoch_year, 2025.0);
  EXPECT_EQ(m.max_degree, 12);
}

// Reference values printed by geomagnetism 0.2.0 (node, WMM2025 coefficients, its own code:
// geodetic -> spherical, Legendre recursion, rotation) at (decimal year, lat, lon, height km):
TEST(MagneticField, MatchesGeomagnetismAtThreePoints) {
  const MagneticModel m = wmm();
  struct Case {
    double year, lat, lon, h_km, x, y, z;
  };
  const Case cases[] = {{2026.0, 47.0, 8.0, 0.5, 21763.1, 1296.1, 42996.6},
                        {2027.5, -33.9, 151.2, 3, 23946.2, 5461.8, -51321.0},
                        {2025.5, 0.0, -60.0, 10, 25202.3, -7562.6, 4342.7}};
  for (const Case& c : cases) {
    const Vec3 b = magnetic_field_ned_nt(m, at_deg(c.lat, c.lon, c.h_km * 1e3), c.year);
    EXPECT_NEAR(b.x(), c.x, 1.0) << c.lat << "," << c.lon;
    EXPECT_NEAR(b.y(), c.y, 1.0) << c.lat << "," << c.lon;
    EXPECT_NEAR(b.z(), c.z, 1.0) << c.lat << "," << c.lon;
  }
}

TEST(MagneticField, PhysicalShape) {
  const MagneticModel m = wmm();
  // Dips down in the north, up in the south; total 22,000-67,000 nT at the surface.
  const Vec3 north = magnetic_field_ned_nt(m, at_deg(60, 10, 0), 2026);
  const Vec3 south = magnetic_field_ned_nt(m, at_deg(-60, 10, 0), 2026);
  EXPECT_GT(magnetic_inclination_rad(north), deg_to_rad(60));
  EXPECT_LT(magnetic_inclination_rad(south), deg_to_rad(-50));
  for (const Vec3& b : {north, south}) {
    EXPECT_GT(b.norm(), 22000);
    EXPECT_LT(b.norm(), 67000);
  }
  // A dipole-dominated field falls off as r^-3: 10 km up, ~0.47 % weaker.
  const Vec3 high = magnetic_field_ned_nt(m, at_deg(60, 10, 10000), 2026);
  const double r0 = 6.36e6, expected = std::pow(r0 / (r0 + 1e4), 3.0);
  EXPECT_NEAR(high.norm() / north.norm(), expected, 0.001);
  // Secular variation is linear in time.
  const Vec3 b0 = magnetic_field_ned_nt(m, at_deg(30, -100, 0), 2025.0);
  const Vec3 b1 = magnetic_field_ned_nt(m, at_deg(30, -100, 0), 2026.0);
  const Vec3 b2 = magnetic_field_ned_nt(m, at_deg(30, -100, 0), 2027.0);
  EXPECT_LT((b2 - 2 * b1 + b0).norm(), 1e-6);
  EXPECT_GT((b1 - b0).norm(), 10.0);  // tens of nT per year
  // Declination at the geographic poles' vicinity stays finite.
  const Vec3 pole = magnetic_field_ned_nt(m, at_deg(89.99, 0, 0), 2026);
  EXPECT_TRUE(pole.allFinite());
}

TEST(MagneticField, ParseErrorsNameTheLine) {
  std::ifstream in(kCof);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  // Truncated: no closing 9s.
  const std::string cut = text.substr(0, text.find("  5  0"));
  Result<MagneticModel> r = parse_magnetic_model(cut, "x.COF");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("x.COF:"), std::string::npos) << r.error().message;
  // A malformed coefficient line.
  std::string bad = text;
  bad.replace(bad.find("  2  1"), 6, "  2  x");
  r = parse_magnetic_model(bad, "x.COF");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("x.COF:11:"), std::string::npos) << r.error().message;
  EXPECT_FALSE(load_magnetic_model("/no/such.COF").ok());
}

TEST(MagneticField, CacheReevaluatesOnlyAfterAMove) {
  MagneticFieldCache c;
  c.model = wmm();
  Geodetic p = at_deg(47, 8, 1000);
  const Vec3 b0 = cached_field_ned_nt(c, p, 2026);
  EXPECT_EQ(c.evaluations, 1);
  // 400 m north, 90 m up: same cached value.
  p.lat_rad += 400.0 / 6.37e6;
  p.height_ellipsoid_m += 90;
  EXPECT_EQ(cached_field_ned_nt(c, p, 2026), b0);
  EXPECT_EQ(c.evaluations, 1);
  // The cached value is within 5 nT of the exact one there (far below 2 mG = 200 nT noise).
  EXPECT_LT((magnetic_field_ned_nt(c.model, p, 2026) - b0).norm(), 5.0);
  // Another 200 m north: re-evaluated.
  p.lat_rad += 200.0 / 6.37e6;
  EXPECT_NE(cached_field_ned_nt(c, p, 2026), b0);
  EXPECT_EQ(c.evaluations, 2);
  // 150 m up: re-evaluated.
  p.height_ellipsoid_m += 150;
  cached_field_ned_nt(c, p, 2026);
  EXPECT_EQ(c.evaluations, 3);
  // Non-finite position: keeps the last value, no evaluation.
  Geodetic nan = p;
  nan.lat_rad = std::nan("");
  EXPECT_TRUE(cached_field_ned_nt(c, nan, 2026).allFinite());
  EXPECT_EQ(c.evaluations, 3);
}

}  // namespace
}  // namespace kestrel
