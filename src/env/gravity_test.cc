#include "env/gravity.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

namespace kestrel {
namespace {

Vec3 centrifugal_ecef(const Vec3& r) {
  const double w2 = kWgs84OmegaEarth * kWgs84OmegaEarth;
  return Vec3(w2 * r.x(), w2 * r.y(), 0.0);
}

TEST(Gravity, NormalGravityEqualsWgs84DefiningValuesAtEquatorAndPole) {
  // NIMA TR8350.2 Table 3.4: gamma_e = 9.7803253359, gamma_p = 9.8321849378 m/s^2.
  EXPECT_NEAR(normal_gravity_mps2(0.0, 0.0), 9.7803253359, 1e-10);
  EXPECT_NEAR(normal_gravity_mps2(kPi / 2, 0.0), 9.8321849378, 1e-9);
  EXPECT_NEAR(normal_gravity_mps2(-kPi / 2, 0.0), 9.8321849378, 1e-9);
}

TEST(Gravity, NormalGravityHeightCorrectionIsTheFreeAirGradient) {
  // Free-air gradient about -3.086e-6 s^-2 at mid latitudes (TR8350.2 eq. 4-3 first order).
  const double lat = deg_to_rad(45.0);
  const double grad = (normal_gravity_mps2(lat, 1000.0) - normal_gravity_mps2(lat, 0.0)) / 1000.0;
  EXPECT_NEAR(grad, -3.086e-6, 0.01e-6);
}

TEST(Gravity, J2MinusCentrifugalAgreesWithNormalGravity) {
  const Vec3 equator(kWgs84A, 0.0, 0.0);
  const Vec3 pole(0.0, 0.0, kWgs84A * (1.0 - kWgs84F));
  const double g_eq = (gravitation_j2_ecef(equator) + centrifugal_ecef(equator)).norm();
  const double g_po = (gravitation_j2_ecef(pole) + centrifugal_ecef(pole)).norm();
  const double rel_eq = g_eq / normal_gravity_mps2(0.0, 0.0) - 1.0;
  const double rel_po = g_po / normal_gravity_mps2(kPi / 2, 0.0) - 1.0;
  std::printf("J2+centrifugal vs normal gravity: equator %.3e, pole %.3e (relative)\n", rel_eq,
              rel_po);
  EXPECT_LT(std::abs(rel_eq), 1e-4);
  EXPECT_LT(std::abs(rel_po), 1e-4);
  // Direction: at the equator and pole the J2 field points straight at the centre.
  EXPECT_NEAR(gravitation_j2_ecef(equator).normalized().x(), -1.0, 1e-15);
  EXPECT_NEAR(gravitation_j2_ecef(pole).normalized().z(), -1.0, 1e-15);
}

TEST(Gravity, NasaCheckCase1LocalGravityAt30000Ft) {
  // NASA TM-2015-218675, atmospheric check case 1, t = 0: lat 0, lon 0, 30000 ft above the
  // ellipsoid; localGravity_ft_s2 = 32.10653595 (SIMs 3-6; Atmos_01_sim_04.csv:
  // 32.1065359519), with mu = 3.986004418e14 m^3/s^2 and J2 = 0.00108262982 (TM Table 73).
  const double want = 32.10653595 * kMetresPerFoot;
  const Vec3 pos(kWgs84A + 30000.0 * kMetresPerFoot, 0.0, 0.0);
  GravityParams p;
  p.mu_m3_s2 = 3.986004418e14;
  p.j2 = 0.00108262982;
  const double got = gravitation_ecef(p, pos).norm();
  std::printf("check case 1: |g| = %.10f m/s^2 (%.10f ft/s^2)\n", got, got / kMetresPerFoot);
  EXPECT_NEAR(got / want, 1.0, 1e-6);
  EXPECT_NEAR(gravitation_j2_ecef(pos, 3.986004418e14, 0.00108262982).norm() / want, 1.0, 1e-6);
  // The WGS-84 J2 in core differs from NASA's only in the 10th figure.
  EXPECT_NEAR(gravitation_j2_ecef(pos).norm() / want, 1.0, 1e-6);
}

TEST(Gravity, PointMassIsInverseSquare) {
  const Vec3 pos(4.0e6, -3.0e6, 3.5e6);
  const Vec3 g = gravitation_point_mass_ecef(pos);
  EXPECT_NEAR(g.norm(), kWgs84Gm / pos.squaredNorm(), 1e-12);
  EXPECT_NEAR(g.normalized().dot(pos.normalized()), -1.0, 1e-15);
  GravityParams p;
  p.model = GravityParams::Model::kPointMass;
  EXPECT_EQ(gravitation_ecef(p, pos), g);
  // J2 is a ~1e-3 correction on top of it.
  EXPECT_NEAR(gravitation_j2_ecef(pos).norm() / g.norm(), 1.0, 2e-3);
}

TEST(Gravity, J2FieldIsSymmetric) {
  const Vec3 a(3.0e6, 4.0e6, 4.2e6);
  const Vec3 b(-5.0e6, 0.0, -4.2e6);  // same |r_xy| and |z|, mirrored
  const Vec3 ga = gravitation_j2_ecef(a), gb = gravitation_j2_ecef(b);
  EXPECT_NEAR(ga.norm(), gb.norm(), 1e-12);
  EXPECT_NEAR(ga.z(), -gb.z(), 1e-12);
}

}  // namespace
}  // namespace kestrel
