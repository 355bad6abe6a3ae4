#include "sensors/imu.h"

#include <algorithm>
#include <cmath>

#include "core/geodesy.h"
#include "sensors/noise.h"

namespace kestrel {
namespace {

ImuTriadState make_triad(const ImuTriadParams& p, Rng& rng) {
  ImuTriadState t;
  for (int i = 0; i < 3; ++i) {
    for (int j = 0; j < 3; ++j) {
      t.M(i, j) =
          (i == j ? 1.0 + p.scale_factor_error * rng.normal() : p.misalignment_rad * rng.normal());
    }
  }
  t.turn_on_bias = p.turn_on_bias * noise::normal3(rng);
  const double sigma_gm = gauss_markov_sigma_for_bias_instability(p.bias_instability);
  t.bias_gm = sigma_gm * noise::normal3(rng);
  return t;
}

// Steps the biases over dt (the Gauss-Markov bias once kImuBiasStepS has elapsed), then returns the measured triad for the true value x (vibration
// already included), saturated and quantised. `saturated` reports a clipped channel.
Vec3 measure_triad(const ImuTriadParams& p, ImuTriadState& t, const Vec3& x, double dt, Rng& rng,
                   bool* saturated) {
  if (dt != t.coef_dt) {  // sqrt only when the step changes
    t.coef_dt = dt;
    t.white_sigma = p.noise_density / std::sqrt(dt);
  }
  t.gm_elapsed_s += dt;
  if (t.gm_elapsed_s >= kImuBiasStepS * (1 - 1e-9)) {
    const double sigma_gm = gauss_markov_sigma_for_bias_instability(p.bias_instability);
    if (sigma_gm > 0.0) {
      if (t.gm_elapsed_s != t.gm_step_s) {  // exp and sqrt only when the interval changes
        t.gm_step_s = t.gm_elapsed_s;
        t.gm_phi = std::exp(-t.gm_elapsed_s / p.bias_correlation_time_s);
        t.gm_drive = sigma_gm * std::sqrt(std::max(0.0, 1.0 - t.gm_phi * t.gm_phi));
      }
      t.bias_gm = t.gm_phi * t.bias_gm + t.gm_drive * noise::normal3(rng);
    }
    t.gm_elapsed_s = 0;
  }
  if (p.rate_random_walk > 0.0)
    t.bias_rw += p.rate_random_walk * std::sqrt(dt) * noise::normal3(rng);
  Vec3 y = t.M * x + t.turn_on_bias + t.bias_gm + t.bias_rw;
  if (t.white_sigma > 0.0) y += t.white_sigma * noise::normal3(rng);
  bool sat = false;
  for (int i = 0; i < 3; ++i) {
    if (y(i) > p.range) y(i) = p.range, sat = true;
    if (y(i) < -p.range) y(i) = -p.range, sat = true;
    y(i) = noise::quantise(y(i), p.resolution);
  }
  *saturated = sat;
  return y;
}

}  // namespace

ImuState make_imu_state(const ImuParams& p, uint64_t stream_seed) {
  ImuState s;
  s.rng = Rng(stream_seed);
  s.gyro = make_triad(p.gyro, s.rng);
  s.accel = make_triad(p.accel, s.rng);
  s.vib_phase_rad = 2.0 * kPi * s.rng.uniform();
  return s;
}

namespace {

// imu_ideal with the cosine and sine of the truth's latitude given.
void imu_ideal_at(const ImuParams& p, const SensorTruth& truth, double cos_lat, double sin_lat,
                  Vec3* omega_ib_b, Vec3* f_imu_b) {
  const Vec3 omega_ie_ned(kWgs84OmegaEarth * cos_lat, 0.0, -kWgs84OmegaEarth * sin_lat);
  const Vec3 w = truth.omega_eb_b_rad_s + truth.R_ned_from_b.transpose() * omega_ie_ned;
  const Vec3& r = p.lever_arm_b_m;
  *omega_ib_b = w;
  *f_imu_b = truth.specific_force_b_mps2 + truth.omega_dot_b_rad_s2.cross(r) + w.cross(w.cross(r));
}

}  // namespace

void imu_ideal(const ImuParams& p, const SensorTruth& truth, Vec3* omega_ib_b, Vec3* f_imu_b) {
  const double lat = truth.position.lat_rad;
  imu_ideal_at(p, truth, std::cos(lat), std::sin(lat), omega_ib_b, f_imu_b);
}

std::optional<ImuSample> sample_imu(const ImuParams& p, ImuState& s, const SensorTruth& truth,
                                    double dt_s) {
  if (s.failed) return std::nullopt;
  if (!truth_is_finite(truth) || !(dt_s > 0.0) || !std::isfinite(dt_s)) {
    ++s.nonfinite_inputs;
    ImuSample held = s.last;
    held.time = truth.time;
    return held;
  }
  const double lat = truth.position.lat_rad;
  if (lat != s.trig_lat_rad) {
    s.trig_lat_rad = lat;
    s.cos_lat = std::cos(lat);
    s.sin_lat = std::sin(lat);
  }
  Vec3 omega_ib_b, f_imu_b;
  imu_ideal_at(p, truth, s.cos_lat, s.sin_lat, &omega_ib_b, &f_imu_b);

  // Engine vibration: once per propeller revolution, amplitude ~ rpm^2 (a rotating imbalance);
  // the mean of sin(phase + offset) over the sample period, exactly. Axis phase offsets: the
  // imbalance force rotates, so two axes see it in quadrature.
  const double rev_per_s = std::max(0.0, truth.prop_rpm) / 60.0;
  const double dphi = 2.0 * kPi * rev_per_s * dt_s;
  const double phi0 = s.vib_phase_rad, phi1 = phi0 + dphi;
  // Both are >= 0: below a turn, fmod would return phi1 itself.
  s.vib_phase_rad = phi1 < 2.0 * kPi ? phi1 : std::fmod(phi1, 2.0 * kPi);
  Vec3 vib_shape = Vec3::Zero();
  if (dphi > 0.0) {
    const double rpm_ratio = truth.prop_rpm / p.vibration_reference_rpm;
    const double scale = rpm_ratio * rpm_ratio;
    // mean of sin over [a, a + dphi] = (cos a - cos(a + dphi)) / dphi; the y axis is a quarter
    // turn ahead (cos(a + pi/2) = -sin a). The start's cosine and sine are the last sample's end's
    // when the phase did not wrap in between.
    double c0 = s.cos_phase, s0 = s.sin_phase;
    if (phi0 != s.trig_phase_rad) {
      c0 = std::cos(phi0);
      s0 = std::sin(phi0);
    }
    const double c1 = std::cos(phi1), s1 = std::sin(phi1);
    s.trig_phase_rad = phi1;
    s.cos_phase = c1;
    s.sin_phase = s1;
    const double k = scale / dphi;
    vib_shape = Vec3(k * (c0 - c1), k * (s1 - s0), k * (c0 - c1));
  }
  ImuSample out;
  out.time = truth.time;
  out.dt_s = dt_s;
  out.gyro_rad_s =
      measure_triad(p.gyro, s.gyro, omega_ib_b + p.gyro.vibration_amplitude.cwiseProduct(vib_shape),
                    dt_s, s.rng, &out.gyro_saturated);
  out.accel_mps2 =
      measure_triad(p.accel, s.accel, f_imu_b + p.accel.vibration_amplitude.cwiseProduct(vib_shape),
                    dt_s, s.rng, &out.accel_saturated);
  s.last = out;
  return out;
}

}  // namespace kestrel
