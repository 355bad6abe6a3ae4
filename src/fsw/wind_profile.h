// The wind by height, as the flight software has estimated it on the way up: a memory the
// engine-out glide's prediction uses for the layers it will descend through (glider flight
// computers keep the same table from the climb). Flight software: it sees only the navigation
// filter's wind estimate and height.
//
// Bands of kBandM metres of height above home, 0 to kBands x kBandM. Each band holds a
// recency-weighted mean of the estimates made in it: a sample of duration dt gets weight dt, the
// weights already there decay by exp(-dt / WIND_PROF_TAU) (every band's, at the band's next
// update: the decay is a function of the time since it), so that a band flown for hours follows
// a slowly turning wind and one flown through once keeps what it saw. A band older than
// WIND_PROF_AGE is forgotten.
//
// The mean over a height interval [lo, hi] (a glide's descent): the profile at 24 heights evenly
// through it, each linearly interpolated between the nearest known bands' centres below and
// above (held constant beyond the outermost), with an anchor (the present height and the
// present estimate) taking the place of the bands at and above it. No band known: the anchor's
// wind. Fixed storage, no allocation; O(bands + samples) per query, a few hundred operations.
#pragma once

#include <Eigen/Core>
#include <array>

#include "core/param.h"

namespace kestrel {

struct WindProfileParams {
  double enable = 1;        // 1: the glide prediction uses the profile; 0: the present wind only
  double tau_s = 900;       // [s] memory time constant of a band's mean
  double max_age_s = 7200;  // [s] a band not updated for this long is forgotten
};

inline const std::array<ParamDecl<WindProfileParams>, 3> kWindProfileParams = {{
    {{"WIND_PROF_EN", "-", 0.0, 1.0, "1: engine-out glide uses the wind by height from the climb"},
     &WindProfileParams::enable},
    {{"WIND_PROF_TAU", "s", 60.0, 36000.0, "Memory time constant of a height band's mean wind"},
     &WindProfileParams::tau_s},
    {{"WIND_PROF_AGE", "s", 60.0, 86400.0, "A height band's wind not updated this long is dropped"},
     &WindProfileParams::max_age_s},
}};

class WindProfile {
 public:
  static constexpr int kBands = 80;        // 0 to 8,000 m above home
  static constexpr double kBandM = 100.0;  // [m]

  // One estimate: height above home [m], wind (air-mass velocity north/east) [m/s], the time
  // [s] and the time the sample stands for [s]. Heights outside the table and non-finite values
  // are ignored.
  void update(const WindProfileParams& p, double height_m, const Eigen::Vector2d& wind_ne,
              double time_s, double dt_s);

  // The mean wind over heights [lo_m, hi_m] above home (in either order), with the anchor
  // (anchor_height_m, anchor_wind_ne) replacing the bands at and above the anchor's height.
  Eigen::Vector2d mean(const WindProfileParams& p, double lo_m, double hi_m, double time_s,
                       double anchor_height_m, const Eigen::Vector2d& anchor_wind_ne) const;

  // How many bands are known now (updated within max_age_s).
  int known_bands(const WindProfileParams& p, double time_s) const;

  void clear() { *this = WindProfile{}; }

 private:
  struct Band {
    Eigen::Vector2d mean = Eigen::Vector2d::Zero();
    double weight = 0;       // [s] decayed to last_time_s
    double last_time_s = 0;  // of the last update
  };
  bool known(const WindProfileParams& p, int i, double time_s) const;
  std::array<Band, kBands> bands_{};
};

}  // namespace kestrel
