#include "sensors/sensor_truth.h"

#include <cmath>

namespace kestrel {

bool truth_is_finite(const SensorTruth& t) {
  return std::isfinite(t.position.lat_rad) && std::isfinite(t.position.lon_rad) &&
         std::isfinite(t.position.height_ellipsoid_m) && t.vel_ned_mps.allFinite() &&
         t.R_ned_from_b.allFinite() && t.omega_eb_b_rad_s.allFinite() &&
         t.omega_dot_b_rad_s2.allFinite() && t.specific_force_b_mps2.allFinite() &&
         t.air_vel_b_mps.allFinite() && std::isfinite(t.static_pressure_pa) &&
         std::isfinite(t.temperature_k) && std::isfinite(t.density_kg_m3) &&
         std::isfinite(t.prop_rpm);
}

}  // namespace kestrel
