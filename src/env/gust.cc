#include "env/gust.h"

#include <cmath>

namespace kestrel {

Vec3 gust_velocity_ned(const Gust& g, double t_s, double airspeed_mps) {
  const double x = airspeed_mps * (t_s - g.start_s);
  if (!(x > 0.0) || !(g.length_m > 0.0)) return Vec3::Zero();
  const double d = g.length_m;
  double shape;
  if (x < d) {
    shape = 0.5 * (1.0 - std::cos(kPi * x / d));
  } else if (g.hold) {
    shape = 1.0;
  } else if (x < 2.0 * d) {
    shape = 0.5 * (1.0 - std::cos(kPi * x / d));  // continues the cosine back down to 0 at 2d
  } else {
    shape = 0.0;
  }
  return shape * g.amplitude_ned_mps;
}

}  // namespace kestrel
