#include "sim/data_link.h"

#include <algorithm>
#include <cmath>

namespace kestrel {

DataLink make_data_link(const Geodetic& gdt_base, double mast_height_m, const DataLinkParams& p) {
  DataLink l;
  l.params = p;
  Geodetic top = gdt_base;
  top.height_ellipsoid_m += mast_height_m;
  l.gdt_ecef_m = ecef_from_geodetic(top);
  l.gdt_height_agl_m = std::max(mast_height_m, 0.0);
  return l;
}

double radio_horizon_m(double h1_agl_m, double h2_agl_m) {
  return 4120.0 * (std::sqrt(std::max(h1_agl_m, 0.0)) + std::sqrt(std::max(h2_agl_m, 0.0)));
}

bool step_data_link(DataLink& link, int64_t t_us, double range, double h_agl_m) {
  link.max_range_m = std::max(link.max_range_m, range);
  const bool up = !link.cut && range <= link.params.range_m &&
                  range <= radio_horizon_m(h_agl_m, link.gdt_height_agl_m);
  const bool changed = up != link.up;
  if (changed && !up) ++link.losses;
  if (!link.up && link.last_step_us >= 0)
    link.lost_s += static_cast<double>(t_us - link.last_step_us) * 1e-6;
  link.last_step_us = t_us;
  link.up = up;
  const int64_t period_us =
      std::max<int64_t>(1, static_cast<int64_t>(std::llround(link.params.uplink_period_s * 1e6)));
  while (t_us >= link.next_uplink_us) {
    if (link.up) link.last_uplink_s = static_cast<double>(link.next_uplink_us) * 1e-6;
    link.next_uplink_us += period_us;
  }
  return changed;
}

}  // namespace kestrel
