#include "sensors/magnetometer.h"

#include "sensors/noise.h"

namespace kestrel {

MagState make_mag_state(const MagParams& p, uint64_t stream_seed) {
  MagState s;
  s.rng = Rng(stream_seed);
  const Vec3& d = p.soft_iron_diag;
  const Vec3& o = p.soft_iron_offdiag;  // xy, xz, yz
  s.soft_iron << d.x(), o.x(), o.y(), o.x(), d.y(), o.z(), o.y(), o.z(), d.z();
  return s;
}

std::optional<MagSample> sample_mag(const MagParams& p, MagState& s, const SensorTruth& truth,
                                    const Vec3& field_ned_nt) {
  if (s.failed) return std::nullopt;
  if (!truth_is_finite(truth) || !field_ned_nt.allFinite()) {
    ++s.nonfinite_inputs;
    MagSample held = s.last_good;
    held.time = truth.time;
    return held;
  }
  const Vec3 b_body_gauss = truth.R_ned_from_b.transpose() * field_ned_nt * kGaussPerNanotesla;
  MagSample out;
  out.time = truth.time;
  out.field_b_gauss =
      s.soft_iron * b_body_gauss + p.hard_iron_gauss + p.noise_gauss * noise::normal3(s.rng);
  s.last_good = out;
  return out;
}

}  // namespace kestrel
