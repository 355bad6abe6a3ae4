// Three-axis magnetometer: the Earth's field (env/magnetic_field.h, NED, nT) rotated into body
// axes, distorted by the installation's soft iron (a symmetric matrix near identity) and offset by
// its hard iron, plus white noise:
//   m_b = S_soft R_b_from_ned B_ned + h_hard + n        [gauss; 1 G = 1e5 nT]
// The field is handed in (the suite takes it from a MagneticFieldCache), so this step is cheap.
#pragma once

#include <cstdint>
#include <optional>

#include "airframe/sensor_params.h"
#include "core/rng.h"
#include "core/sensor_data.h"
#include "sensors/sensor_truth.h"

namespace kestrel {

inline constexpr double kGaussPerNanotesla = 1e-5;

struct MagState {
  Rng rng;                            // own stream
  Mat3 soft_iron = Mat3::Identity();  // from MagParams (symmetric)
  bool failed = false;                // runner-owned: no output while true
  MagSample last_good;                // held on non-finite input
  int64_t nonfinite_inputs = 0;
};

MagState make_mag_state(const MagParams& p, uint64_t stream_seed);

std::optional<MagSample> sample_mag(const MagParams& p, MagState& s, const SensorTruth& truth,
                                    const Vec3& field_ned_nt);

}  // namespace kestrel
