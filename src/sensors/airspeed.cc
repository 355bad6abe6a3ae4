#include "sensors/airspeed.h"

#include <algorithm>
#include <cmath>

#include "env/atmosphere.h"

namespace kestrel {

double impact_pressure_pa(double speed_mps, double pressure_pa, double temperature_k) {
  const double a2 = kIsaGamma * kIsaGasConstantAir * temperature_k;
  const double m2 = speed_mps * speed_mps / a2;
  return pressure_pa *
         (std::pow(1.0 + 0.5 * (kIsaGamma - 1.0) * m2, kIsaGamma / (kIsaGamma - 1.0)) - 1.0);
}

double calibrated_airspeed_mps(double qc_pa) {
  const double p0 = kIsaSeaLevelPressurePa;
  const double a0_2 = kIsaGamma * kIsaGasConstantAir * kIsaSeaLevelTemperatureK;
  const double r = std::max(0.0, qc_pa / p0 + 1.0);
  return std::sqrt(std::max(
      0.0, 2.0 / (kIsaGamma - 1.0) * a0_2 * (std::pow(r, (kIsaGamma - 1.0) / kIsaGamma) - 1.0)));
}

AirspeedState make_airspeed_state(const AirspeedParams& p, uint64_t stream_seed) {
  AirspeedState s;
  s.rng = Rng(stream_seed);
  s.zero_offset_pa = p.turn_on_bias_pa * s.rng.normal();
  return s;
}

std::optional<AirspeedSample> sample_airspeed(const AirspeedParams& p, AirspeedState& s,
                                              const SensorTruth& truth) {
  if (s.failed) return std::nullopt;
  if (!truth_is_finite(truth)) {
    ++s.nonfinite_inputs;
    AirspeedSample held = s.last_good;
    held.time = truth.time;
    return held;
  }
  const Vec3 v_probe = truth.air_vel_b_mps + truth.omega_eb_b_rad_s.cross(p.probe_lever_arm_b_m);
  const double speed = v_probe.x() > 0.0 ? v_probe.norm() : 0.0;
  const double p_static = truth.static_pressure_pa;
  const double p_total_live =
      p_static + impact_pressure_pa(speed, p_static, std::max(1.0, truth.temperature_k));
  if (s.pitot_blocked && !s.blocked_latched) {
    s.blocked_latched = true;
    s.frozen_total_pa = p_total_live;
  } else if (!s.pitot_blocked) {
    s.blocked_latched = false;
  }
  const double p_total = s.blocked_latched ? s.frozen_total_pa : p_total_live;
  AirspeedSample out;
  out.time = truth.time;
  out.diff_pressure_pa = p_total - p_static + s.zero_offset_pa + p.noise_pa * s.rng.normal();
  out.temperature_k = truth.temperature_k + p.temperature_noise_k * s.rng.normal();
  s.last_good = out;
  return out;
}

}  // namespace kestrel
