#include "fsw/site.h"

#include <algorithm>
#include <cmath>

#include "core/geodesy.h"
#include "core/rotation.h"

namespace kestrel {

double isa_density_ratio(double pressure_alt_m) {
  const double t = std::max(0.2, 1.0 - 2.25577e-5 * pressure_alt_m);
  return std::pow(t, 4.2559);
}

double turn_radius_m(double speed_mps, double bank_rad) {
  constexpr double kG = 9.80665;
  return speed_mps * speed_mps / (kG * std::tan(std::max(bank_rad, 1e-3)));
}

double min_turn_radius_m(double eas_mps, double pressure_alt_m, double bank_rad) {
  return turn_radius_m(eas_mps / std::sqrt(isa_density_ratio(pressure_alt_m)), bank_rad);
}

LocalFrame LocalFrame::at(const AutopilotSite& site) {
  LocalFrame f;
  f.lat0_rad = site.home_lat_rad;
  f.lon0_rad = site.home_lon_rad;
  double meridian_m = 0, prime_vertical_m = 0;
  earth_radii(f.lat0_rad, &meridian_m, &prime_vertical_m);
  f.north_m_per_rad = meridian_m + site.home_height_m;
  f.east_m_per_rad = (prime_vertical_m + site.home_height_m) * std::cos(f.lat0_rad);
  return f;
}

Eigen::Vector2d LocalFrame::ne(double lat_rad, double lon_rad) const {
  return {(lat_rad - lat0_rad) * north_m_per_rad, wrap_pi(lon_rad - lon0_rad) * east_m_per_rad};
}

Eigen::Vector2d LocalFrame::lat_lon(const Eigen::Vector2d& ne) const {
  return {lat0_rad + ne.x() / north_m_per_rad, wrap_pi(lon0_rad + ne.y() / east_m_per_rad)};
}

}  // namespace kestrel
