#include "fsw/wind_profile.h"

#include <algorithm>
#include <cmath>

namespace kestrel {
namespace {

constexpr int kSamples = 24;  // heights averaged over an interval

bool finite2(const Eigen::Vector2d& v) { return std::isfinite(v.x()) && std::isfinite(v.y()); }

}  // namespace

bool WindProfile::known(const WindProfileParams& p, int i, double time_s) const {
  const Band& b = bands_[static_cast<std::size_t>(i)];
  return b.weight > 0 && time_s - b.last_time_s <= p.max_age_s;
}

void WindProfile::update(const WindProfileParams& p, double height_m,
                         const Eigen::Vector2d& wind_ne, double time_s, double dt_s) {
  if (!std::isfinite(height_m) || !finite2(wind_ne) || !std::isfinite(time_s) ||
      !std::isfinite(dt_s) || dt_s <= 0 || !(p.tau_s > 0) || height_m < 0)
    return;
  const int i = static_cast<int>(height_m / kBandM);
  if (i >= kBands) return;
  Band& b = bands_[static_cast<std::size_t>(i)];
  const double age = b.weight > 0 ? std::max(time_s - b.last_time_s, 0.0) : 0.0;
  b.weight = b.weight * std::exp(-age / p.tau_s) + dt_s;
  b.mean += (dt_s / b.weight) * (wind_ne - b.mean);
  b.last_time_s = time_s;
}

int WindProfile::known_bands(const WindProfileParams& p, double time_s) const {
  int n = 0;
  for (int i = 0; i < kBands; ++i) n += known(p, i, time_s) ? 1 : 0;
  return n;
}

Eigen::Vector2d WindProfile::mean(const WindProfileParams& p, double lo_m, double hi_m,
                                  double time_s, double anchor_height_m,
                                  const Eigen::Vector2d& anchor_wind_ne) const {
  if (!std::isfinite(lo_m) || !std::isfinite(hi_m) || !std::isfinite(anchor_height_m))
    return anchor_wind_ne;
  if (lo_m > hi_m) std::swap(lo_m, hi_m);
  // The known points, bottom up: the bands' centres below the anchor, then the anchor.
  std::array<double, kBands + 1> hs{};
  std::array<Eigen::Vector2d, kBands + 1> ws{};
  int n = 0;
  for (int i = 0; i < kBands; ++i) {
    const double centre = (i + 0.5) * kBandM;
    if (centre >= anchor_height_m) break;
    if (!known(p, i, time_s)) continue;
    hs[static_cast<std::size_t>(n)] = centre;
    ws[static_cast<std::size_t>(n)] = bands_[static_cast<std::size_t>(i)].mean;
    ++n;
  }
  hs[static_cast<std::size_t>(n)] = anchor_height_m;
  ws[static_cast<std::size_t>(n)] = anchor_wind_ne;
  ++n;
  // The profile at evenly spaced heights through the interval, averaged (uniform in height: a
  // glide at a steady sink spends equal times in equal heights).
  Eigen::Vector2d sum = Eigen::Vector2d::Zero();
  int j = 0;  // the first known point above the sample (samples ascend)
  for (int k = 0; k < kSamples; ++k) {
    const double h = lo_m + (hi_m - lo_m) * (k + 0.5) / kSamples;
    while (j < n && hs[static_cast<std::size_t>(j)] < h) ++j;
    if (j == 0) {
      sum += ws[0];
    } else if (j == n) {
      sum += ws[static_cast<std::size_t>(n - 1)];
    } else {
      const double h0 = hs[static_cast<std::size_t>(j - 1)], h1 = hs[static_cast<std::size_t>(j)];
      const double f = (h - h0) / (h1 - h0);
      sum += (1 - f) * ws[static_cast<std::size_t>(j - 1)] + f * ws[static_cast<std::size_t>(j)];
    }
  }
  return sum / kSamples;
}

}  // namespace kestrel
