// Small noise processes shared by the sensor models. Each is stepped with the actual time step,
// so changing a sensor's rate does not change the statistics of its errors.
#pragma once

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
