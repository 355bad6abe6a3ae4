#include "env/wind.h"

#include <cmath>
#include <cstddef>

namespace kestrel {
namespace {

// North/east components of a layer: the air moves TOWARD from_rad + pi.
Vec3 layer_ned(const WindLayer& l) {
  return Vec3(-l.speed_mps * std::cos(l.from_rad), -l.speed_mps * std::sin(l.from_rad), 0.0);
}

}  // namespace

Vec3 steady_wind_ned(const WindParams& p, double height_agl_m) {
  const std::vector<WindLayer>& layers = p.layers;
  if (layers.empty()) return Vec3::Zero();
  const WindLayer& low = layers.front();
  const double z0 = p.roughness_length_m;
  if (height_agl_m < low.height_agl_m) {
    if (low.height_agl_m <= z0) return layer_ned(low);
    if (height_agl_m <= z0) return Vec3::Zero();
    return (std::log(height_agl_m / z0) / std::log(low.height_agl_m / z0)) * layer_ned(low);
  }
  const WindLayer& top = layers.back();
  if (height_agl_m >= top.height_agl_m) return layer_ned(top);
  // Bracketing layers (profiles hold a handful of layers: a linear scan is cheapest).
  std::size_t i = 1;
  while (layers[i].height_agl_m <= height_agl_m) ++i;
  const WindLayer& a = layers[i - 1];
  const WindLayer& b = layers[i];
  const double t = (height_agl_m - a.height_agl_m) / (b.height_agl_m - a.height_agl_m);
  return (1.0 - t) * layer_ned(a) + t * layer_ned(b);
}

}  // namespace kestrel
