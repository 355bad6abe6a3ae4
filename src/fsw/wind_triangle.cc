#include "fsw/wind_triangle.h"

#include <cmath>

namespace kestrel {

WindTriangle solve_wind_triangle(const Eigen::Vector2d& course_unit_ne, double airspeed_mps,
                                 const Eigen::Vector2d& wind_ne) {
  WindTriangle w;
  if (!course_unit_ne.allFinite() || !wind_ne.allFinite() || !std::isfinite(airspeed_mps) ||
      airspeed_mps <= 0)
    return w;
  // Right of the course in NE (north, east): rotate the course by +90 deg (clockwise from above).
  const Eigen::Vector2d right_ne(-course_unit_ne.y(), course_unit_ne.x());
  const double along = wind_ne.dot(course_unit_ne);
  w.headwind_mps = -along;
  w.crosswind_mps = wind_ne.dot(right_ne);
  if (std::abs(w.crosswind_mps) >= airspeed_mps) {
    w.ground_speed_mps = 0;
    return w;
  }
  const double air_along =
      std::sqrt(airspeed_mps * airspeed_mps - w.crosswind_mps * w.crosswind_mps);
  w.ground_speed_mps = air_along + along;
  if (w.ground_speed_mps <= 0) return w;
  w.feasible = true;
  w.crab_rad = std::asin(-w.crosswind_mps / airspeed_mps);  // into the wind
  return w;
}

}  // namespace kestrel
