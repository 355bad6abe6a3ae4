#include "env/gravity.h"

#include <cmath>

namespace kestrel {

Vec3 gravitation_point_mass_ecef(const Vec3& pos_ecef_m, double mu_m3_s2) {
  const double r2 = pos_ecef_m.squaredNorm();
  const double r = std::sqrt(r2);
  return (-mu_m3_s2 / (r2 * r)) * pos_ecef_m;
}

Vec3 gravitation_j2_ecef(const Vec3& pos_ecef_m, double mu_m3_s2, double j2, double radius_m) {
  // a = -mu r/|r|^3 [1 + 1.5 J2 (R/r)^2 (1 - 5 z^2/r^2)] for x, y, and (3 - 5 z^2/r^2) for z
  // (e.g. Vallado, Fundamentals of Astrodynamics, eq. 8-31; NASA TM-2015-218675 Vol. II p. 47).
  const double r2 = pos_ecef_m.squaredNorm();
  const double r = std::sqrt(r2);
  const double mu_r3 = mu_m3_s2 / (r2 * r);
  const double k = 1.5 * j2 * radius_m * radius_m / r2;
  const double z2_r2 = pos_ecef_m.z() * pos_ecef_m.z() / r2;
  const double f_xy = 1.0 + k * (1.0 - 5.0 * z2_r2);
  const double f_z = 1.0 + k * (3.0 - 5.0 * z2_r2);
  return Vec3(-mu_r3 * f_xy * pos_ecef_m.x(), -mu_r3 * f_xy * pos_ecef_m.y(),
              -mu_r3 * f_z * pos_ecef_m.z());
}

Vec3 gravitation_ecef(const GravityParams& p, const Vec3& pos_ecef_m) {
  if (p.model == GravityParams::Model::kPointMass)
    return gravitation_point_mass_ecef(pos_ecef_m, p.mu_m3_s2);
  return gravitation_j2_ecef(pos_ecef_m, p.mu_m3_s2, p.j2, p.radius_m);
}

double normal_gravity_mps2(double lat_rad, double height_m) {
  const double s = std::sin(lat_rad);
  const double s2 = s * s;
  // Somigliana (TR8350.2 eq. 4-1).
  const double gamma0 =
      kWgs84GammaEquatorMps2 * (1.0 + kWgs84SomiglianaK * s2) / std::sqrt(1.0 - kWgs84E2 * s2);
  // Height correction (TR8350.2 eq. 4-3): m = w^2 a^2 b / GM.
  constexpr double a = kWgs84A;
  constexpr double b = kWgs84A * (1.0 - kWgs84F);
  constexpr double m = kWgs84OmegaEarth * kWgs84OmegaEarth * a * a * b / kWgs84Gm;
  const double h = height_m;
  return gamma0 *
         (1.0 - 2.0 / a * (1.0 + kWgs84F + m - 2.0 * kWgs84F * s2) * h + 3.0 / (a * a) * h * h);
}

}  // namespace kestrel
