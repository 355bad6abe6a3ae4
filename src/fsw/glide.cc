#include "fsw/glide.h"

#include <algorithm>
#include <cmath>

#include "core/check.h"
#include "fsw/wind_triangle.h"

namespace kestrel {
namespace {

// Closer than this the site is overhead: no course to fly, nothing lost on the way.
constexpr double kOverheadM = 1.0;
// The adjusted glide speed stays below this multiple of the best-glide speed (glide.h).
constexpr double kMaxSpeedRatio = 1.5;

}  // namespace

GlideSiteResult glide_to_site(const GlideParams& p, const GlideInput& in, const LandingSite& site) {
  GlideSiteResult r;
  if (!in.position_ne.allFinite() || !std::isfinite(in.height_m) || !in.wind_ne.allFinite() ||
      !std::isfinite(in.density_ratio) || !(in.density_ratio > 0) ||
      !site.position_ne.allFinite() || !std::isfinite(site.elevation_m) ||
      !std::isfinite(p.speed_eas_mps) || !(p.speed_eas_mps > 0) || !std::isfinite(p.lift_drag) ||
      !(p.lift_drag > 0) || !std::isfinite(p.margin_m))
    return r;  // kInvalidInput

  const Eigen::Vector2d to_site = site.position_ne - in.position_ne;
  r.distance_m = to_site.norm();
  const double v_bg = p.speed_eas_mps / std::sqrt(in.density_ratio);
  double v = v_bg, lift_drag = p.lift_drag;
  double loss = 0;
  if (r.distance_m >= kOverheadM) {
    const Eigen::Vector2d course = to_site / r.distance_m;
    // Into a headwind: half of it on top of the best-glide speed, and the glide ratio of the
    // parabolic polar at that speed.
    const double headwind = -in.wind_ne.dot(course);
    if (p.wind_adjust >= 0.5 && headwind > 0) {
      v = std::min(v_bg + 0.5 * headwind, kMaxSpeedRatio * v_bg);
      const double u = v / v_bg;
      lift_drag = p.lift_drag * 2 / (u * u + 1 / (u * u));
    }
    const double gamma = std::atan(1 / lift_drag);
    const double sink = v * std::sin(gamma), v_horizontal = v * std::cos(gamma);
    const WindTriangle w = solve_wind_triangle(course, v_horizontal, in.wind_ne);
    r.ground_speed_mps = w.ground_speed_mps;
    r.airspeed_tas_mps = v;
    r.lift_drag = lift_drag;
    if (!w.feasible) {
      r.reach = GlideReach::kWindTooStrong;
      return r;
    }
    loss = r.distance_m * sink / w.ground_speed_mps;
  }
  r.airspeed_tas_mps = v;
  r.lift_drag = lift_drag;
  r.height_loss_m = loss;
  r.arrival_height_m = in.height_m - site.elevation_m - loss;
  r.margin_m = r.arrival_height_m - p.margin_m;
  r.reach = r.margin_m >= 0 ? GlideReach::kReachable : GlideReach::kTooLow;
  return r;
}

int best_glide_site(const GlideParams& p, const GlideInput& in, std::span<const LandingSite> sites,
                    std::span<GlideSiteResult> out) {
  KESTREL_CHECK(out.size() >= sites.size(), "best_glide_site: a result for every site");
  const std::size_t n = sites.size();
  int best = -1;
  for (std::size_t i = 0; i < n; ++i) {
    out[i] = glide_to_site(p, in, sites[i]);
    if (!out[i].reachable()) continue;
    if (best < 0) {
      best = static_cast<int>(i);
      continue;
    }
    const bool runway = sites[i].runway_heading_rad.has_value();
    const bool best_runway = sites[best].runway_heading_rad.has_value();
    if ((runway && !best_runway) || (runway == best_runway && out[i].margin_m > out[best].margin_m))
      best = static_cast<int>(i);
  }
  return best;
}

}  // namespace kestrel
