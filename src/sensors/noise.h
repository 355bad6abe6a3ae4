// Small noise processes shared by the sensor models. Each is stepped with the actual time step,
// so changing a sensor's rate does not change the statistics of its errors.
#pragma once

#include <algorithm>
#include <cmath>

#include "core/rng.h"
#include "core/types.h"

namespace kestrel::noise {

// First-order Gauss-Markov process x' = -x/tau + w, stationary standard deviation `sigma`,
// stepped exactly over dt: x <- phi x + sigma sqrt(1 - phi^2) n, phi = exp(-dt/tau).
inline double gauss_markov_step(double x, double sigma, double tau_s, double dt_s, Rng& rng) {
  if (!(sigma > 0.0)) return 0.0;
  const double phi = std::exp(-dt_s / tau_s);
  return phi * x + sigma * std::sqrt(std::max(0.0, 1.0 - phi * phi)) * rng.normal();
}

// phi and sqrt(1 - phi^2) of gauss_markov_step for the (dt, tau) they were computed for: a sensor
// sampled at a steady rate computes them once instead of an exp and a sqrt per sample.
struct GaussMarkovCoefficients {
  double dt_s = -1, tau_s = -1;
  double phi = 0, drive = 0;  // exp(-dt/tau), sqrt(max(0, 1 - phi^2))
};

// gauss_markov_step, the same numbers to the bit, with its coefficients kept in `c`.
inline double gauss_markov_step(double x, double sigma, double tau_s, double dt_s, Rng& rng,
                                GaussMarkovCoefficients& c) {
  if (!(sigma > 0.0)) return 0.0;
  if (dt_s != c.dt_s || tau_s != c.tau_s) {
    c.dt_s = dt_s;
    c.tau_s = tau_s;
    c.phi = std::exp(-dt_s / tau_s);
    c.drive = std::sqrt(std::max(0.0, 1.0 - c.phi * c.phi));
  }
  return c.phi * x + sigma * c.drive * rng.normal();
}

inline Vec3 normal3(Rng& rng) {
  const double a = rng.normal(), b = rng.normal(), c = rng.normal();
  return Vec3(a, b, c);
}

// Round to a multiple of `step` (no-op for step <= 0).
inline double quantise(double x, double step) {
  return step > 0.0 ? step * std::nearbyint(x / step) : x;
}

inline bool finite(const Vec3& v) { return v.allFinite(); }

}  // namespace kestrel::noise
