// Steady (mean) wind: a profile of layers by height above ground, with a logarithmic surface
// boundary layer below the lowest layer. The wind vector is the velocity of the air mass over the
// ground in local NED axes [m/s]; the airframe uses vel_air_ned = vel_ned - wind_ned.
#pragma once

#include <vector>

#include "core/types.h"

namespace kestrel {

// One layer of the profile. Loaded from the scenario file.
struct WindLayer {
  double height_agl_m = 0;  // height above ground level of this layer [m], > 0
  double speed_mps = 0;     // horizontal wind speed [m/s], >= 0
  double from_rad =
      0;  // meteorological direction the wind blows FROM, clockwise from true north [rad]
};

// Constant parameters of the steady wind. The loader validates them (layers sorted by strictly
// increasing height, heights > roughness length, speeds >= 0); steady_wind_ned() does not check.
struct WindParams {
  std::vector<WindLayer> layers;     // sorted by height_agl_m, ascending; empty = calm
  double roughness_length_m = 0.03;  // surface roughness length z0 [m] (0.03: open flat terrain)
};

// Air-mass velocity [m/s] in local NED at height_agl_m [m] (down component always 0):
//  * between two layers: north and east components interpolated linearly in height;
//  * above the top layer: the top layer's wind;
//  * below the lowest layer: the log law V(h) = V_low ln(h/z0) / ln(h_low/z0) in the lowest
//    layer's direction, zero at or below z0 (if h_low <= z0 the lowest layer's wind is held).
// A wind FROM the west (from_rad = 3 pi/2) has a positive east component. No allocation.
Vec3 steady_wind_ned(const WindParams& p, double height_agl_m);

}  // namespace kestrel
