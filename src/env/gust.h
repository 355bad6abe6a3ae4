// Discrete "1 - cosine" gust (MIL-F-8785C 3.7.4 / MIL-HDBK-1797 discrete gust shape).
#pragma once

#include "core/types.h"

namespace kestrel {

// One discrete gust. Constant parameters, set by the scenario.
struct Gust {
  double start_s = 0;   // simulation time at which the aircraft enters the gust [s]
  double length_m = 0;  // build-up distance d_m: distance flown from 0 to full amplitude [m], > 0
  Vec3 amplitude_ned_mps = Vec3::Zero();  // full gust velocity (air-mass motion) in local NED [m/s]
  bool hold = true;  // true: hold the amplitude after d_m (MIL-F-8785C shape); false:
                     // ramp back down symmetrically over another d_m, zero afterwards
};

// Gust air-mass velocity [m/s] in local NED at time t_s [s]. The distance flown into the gust is
// x = airspeed_mps (t_s - start_s), i.e. airspeed is assumed constant through the gust; then
// v = A/2 (1 - cos(pi x / d)) for 0 <= x <= d, zero before the start. Pure; no state.
Vec3 gust_velocity_ned(const Gust& g, double t_s, double airspeed_mps);

}  // namespace kestrel
