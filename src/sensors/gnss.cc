#include "sensors/gnss.h"

#include <algorithm>
#include <cmath>

#include "core/geodesy.h"
#include "sensors/noise.h"

namespace kestrel {

void gnss_antenna_truth(const GnssParams& p, const SensorTruth& truth, Geodetic* pos,
                        Vec3* vel_ned_mps) {
  const Vec3 r_ned = truth.R_ned_from_b * p.antenna_lever_arm_b_m;
  *pos = offset_geodetic(truth.position, r_ned);
  *vel_ned_mps = truth.vel_ned_mps +
                 truth.R_ned_from_b * truth.omega_eb_b_rad_s.cross(p.antenna_lever_arm_b_m);
}

GnssState make_gnss_state(const GnssParams& p, uint64_t stream_seed) {
  GnssState s;
  s.rng = Rng(stream_seed);
  const Vec3 n = noise::normal3(s.rng);
  s.drift_ned_m = Vec3(p.horizontal_drift_sigma_m * n.x(), p.horizontal_drift_sigma_m * n.y(),
                       p.vertical_drift_sigma_m * n.z());
  s.satellites = p.satellites;
  return s;
}

void gnss_measure(const GnssParams& p, GnssState& s, const SensorTruth& truth) {
  if (s.failed || s.outage) return;
  if (!truth_is_finite(truth)) {
    ++s.nonfinite_inputs;
    return;
  }
  // Step the drift over the real time since the last solution.
  if (s.started) {
    const double dt = (truth.time - s.last_measure).seconds();
    if (dt > 0.0) {
      const double tau = p.drift_time_constant_s;
      Vec3& d = s.drift_ned_m;
      noise::GaussMarkovCoefficients& c = s.drift_coef;
      d.x() = noise::gauss_markov_step(d.x(), p.horizontal_drift_sigma_m, tau, dt, s.rng, c);
      d.y() = noise::gauss_markov_step(d.y(), p.horizontal_drift_sigma_m, tau, dt, s.rng, c);
      d.z() = noise::gauss_markov_step(d.z(), p.vertical_drift_sigma_m, tau, dt, s.rng, c);
      // Satellites come and go: on average one change a minute, within nominal +/- 2.
      if (s.rng.uniform() < dt / 60.0) {
        const int step = s.rng.uniform() < 0.5 ? -1 : 1;
        s.satellites =
            std::clamp(s.satellites + step, std::max(4, p.satellites - 2), p.satellites + 2);
      }
    }
  }
  s.started = true;
  s.last_measure = truth.time;

  const double k = std::max(1.0, s.degradation_factor);
  const Vec3 n = noise::normal3(s.rng), nv = noise::normal3(s.rng);
  const Vec3 white(p.horizontal_noise_m * n.x(), p.horizontal_noise_m * n.y(),
                   p.vertical_noise_m * n.z());
  const Vec3 err_ned = k * (s.drift_ned_m + white) + s.jump_offset_ned_m;
  const Vec3 vel_err(p.horizontal_velocity_noise_mps * nv.x(),
                     p.horizontal_velocity_noise_mps * nv.y(),
                     p.vertical_velocity_noise_mps * nv.z());

  Geodetic antenna;
  Vec3 vel;
  gnss_antenna_truth(p, truth, &antenna, &vel);
  const Geodetic reported = offset_geodetic(antenna, err_ned);

  GnssSample out;
  out.time = truth.time + SimTime::from_us(std::llround(p.latency_s * 1e6));
  out.satellites = std::max(4, static_cast<int>(std::lround(s.satellites / k)));
  const double dop_scale = k * std::sqrt(static_cast<double>(p.satellites) / s.satellites);
  out.hdop = p.hdop * dop_scale;
  out.vdop = p.vdop * dop_scale;
  out.fix = GnssFix::k3D;
  out.lat_rad = reported.lat_rad;
  out.lon_rad = reported.lon_rad;
  out.height_ellipsoid_m = reported.height_ellipsoid_m;
  out.vel_ned_mps = vel + k * vel_err;
  out.h_acc_m = k * std::hypot(p.horizontal_drift_sigma_m, p.horizontal_noise_m) * std::sqrt(2.0);
  out.v_acc_m = k * std::hypot(p.vertical_drift_sigma_m, p.vertical_noise_m);
  out.s_acc_mps = k * p.horizontal_velocity_noise_mps * std::sqrt(2.0);

  if (s.count == kGnssQueueSize) {  // full: drop the oldest
    s.head = (s.head + 1) % kGnssQueueSize;
    --s.count;
    ++s.dropped;
  }
  s.queue[(s.head + s.count) % kGnssQueueSize] = out;
  ++s.count;
}

bool gnss_deliver(GnssState& s, SimTime now, GnssSample* out) {
  if (s.failed) s.count = 0;  // a dead receiver sends nothing, not even what was in flight
  if (s.count == 0 || s.queue[s.head].time > now) return false;
  *out = s.queue[s.head];
  s.head = (s.head + 1) % kGnssQueueSize;
  --s.count;
  return true;
}

}  // namespace kestrel
