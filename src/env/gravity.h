// Earth gravitation (attraction only) in ECEF axes, and the WGS-84 normal gravity magnitude.
//
// Gravitation here has NO centrifugal term: in the rotating-earth equations of motion the
// centrifugal and Coriolis terms come from the frame, not from the gravity model (as in NASA
// TM-2015-218675, whose atmospheric check cases 1-3 and 6-10 use exactly the J2 model below).
// Gravity (what a plumb line or an accelerometer at rest feels) = gravitation - w x (w x r).
#pragma once

#include "core/geodesy.h"
#include "core/types.h"

namespace kestrel {

// Constant parameters of the gravitation model (loaded once; the defaults are WGS-84).
struct GravityParams {
  enum class Model { kJ2, kPointMass };
  double mu_m3_s2 = kWgs84Gm;  // gravitational parameter GM [m^3/s^2]
  double j2 = kWgs84J2;        // second zonal harmonic J2 [-] (NASA TM-2015-218675: 0.00108262982)
  double radius_m = kWgs84A;   // reference (equatorial) radius for J2 [m]
  Model model = Model::kJ2;    // which field to evaluate
};

// Gravitational acceleration [m/s^2] in ECEF axes at pos_ecef_m [m], per `p`. Pure, no trig.
Vec3 gravitation_ecef(const GravityParams& p, const Vec3& pos_ecef_m);

// Newtonian + J2 zonal term, ECEF axes [m/s^2]. The field is axisymmetric about the ECEF z axis,
// so the same formula holds in ECI. Undefined at the earth's centre.
Vec3 gravitation_j2_ecef(const Vec3& pos_ecef_m, double mu_m3_s2 = kWgs84Gm, double j2 = kWgs84J2,
                         double radius_m = kWgs84A);

// Point-mass (inverse-square) gravitation, ECEF axes [m/s^2]: -mu r / |r|^3.
Vec3 gravitation_point_mass_ecef(const Vec3& pos_ecef_m, double mu_m3_s2 = kWgs84Gm);

// WGS-84 normal gravity magnitude [m/s^2] (gravitation + centrifugal of the level ellipsoid) at
// geodetic latitude lat_rad and height above the ellipsoid height_m: Somigliana's closed formula
// (NIMA TR8350.2 eq. 4-1) with the second-order height correction of eq. 4-3 (good to a few
// tens of km). Always positive; direction is along the ellipsoid normal, downward.
double normal_gravity_mps2(double lat_rad, double height_m);

// WGS-84 normal-gravity constants (NIMA TR8350.2, Table 3.4 / 3.5).
inline constexpr double kWgs84GammaEquatorMps2 = 9.7803253359;  // gamma_e [m/s^2]
inline constexpr double kWgs84GammaPoleMps2 = 9.8321849378;     // gamma_p [m/s^2]
inline constexpr double kWgs84SomiglianaK = 0.00193185265241;   // k = b gamma_p/(a gamma_e) - 1
inline constexpr double kWgs84E2 = 0.00669437999013;            // first eccentricity squared e^2

}  // namespace kestrel
