#include "sensors/baro.h"

#include <cmath>

#include "env/atmosphere.h"
#include "sensors/noise.h"

namespace kestrel {

BaroState make_baro_state(const BaroParams& p, uint64_t stream_seed) {
  BaroState s;
  s.rng = Rng(stream_seed);
  s.turn_on_bias_pa = p.turn_on_bias_pa * s.rng.normal();
  s.bias_gm_pa = p.bias_sigma_pa * s.rng.normal();
  return s;
}

std::optional<BaroSample> sample_baro(const BaroParams& p, BaroState& s, const SensorTruth& truth) {
  if (s.failed) return std::nullopt;
  if (!truth_is_finite(truth)) {
    ++s.nonfinite_inputs;
    BaroSample held = s.last_good;
    held.time = truth.time;
    return held;
  }
  if (s.started) {
    const double dt = (truth.time - s.last).seconds();
    if (dt > 0.0)
      s.bias_gm_pa = noise::gauss_markov_step(s.bias_gm_pa, p.bias_sigma_pa, p.bias_time_constant_s,
                                              dt, s.rng, s.bias_gm_coef);
  }
  s.started = true;
  s.last = truth.time;
  // Hydrostatic: the source `dz` below the CG (NED down) sees rho g dz more pressure.
  const double dz_down_m = (truth.R_ned_from_b * p.lever_arm_b_m).z();
  const double p_source = truth.static_pressure_pa + truth.density_kg_m3 * kIsaG0 * dz_down_m;
  BaroSample out;
  out.time = truth.time;
  out.pressure_pa = p_source + s.turn_on_bias_pa + s.bias_gm_pa + p.noise_pa * s.rng.normal();
  s.last_good = out;
  return out;
}

double baro_altitude_m(double pressure_pa, double setting_pa) {
  return pressure_altitude_m(pressure_pa) - pressure_altitude_m(setting_pa);
}

}  // namespace kestrel
