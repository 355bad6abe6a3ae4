// GNSS receiver model: position (of the antenna) and velocity with a slowly drifting error and
// white noise, delivered after a latency.
//
// Error model, per axis (N, E, D): e = d + w, d a first-order Gauss-Markov drift (sigma
// horizontal/vertical_drift_sigma_m, time constant drift_time_constant_s; stands for ionosphere,
// ephemeris and multipath errors that change over minutes) and w white noise. Velocity: white
// noise only (Doppler). The drift is stepped over the actual time between solutions.
//
// Delivery: gnss_measure() at the GNSS rate computes a solution from truth and queues it for
// truth.time + latency_s in a fixed ring inside the state; gnss_deliver() pops the solutions due.
//
// Faults (set by the runner in GnssState):
//   outage             no solutions are produced (nothing is queued) while on;
//   degradation_factor >= 1: position/velocity errors (drift and noise) times the factor,
//                      satellites divided by it (at least 4), HDOP/VDOP and the accuracy
//                      estimates times it; 1 = healthy;
//   jump_offset_ned_m  a persistent offset [m] added to the reported position until cleared;
//   failed             no solutions at all (receiver dead).
#pragma once

#include <array>
#include <cstdint>

#include "airframe/sensor_params.h"
#include "core/rng.h"
#include "core/sensor_data.h"
#include "sensors/noise.h"
#include "sensors/sensor_truth.h"

namespace kestrel {

inline constexpr int kGnssQueueSize = kMaxGnssSolutionsInFlight;  // ring size

struct GnssState {
  Rng rng;                          // this receiver's own stream
  Vec3 drift_ned_m = Vec3::Zero();  // Gauss-Markov position error [m]
  noise::GaussMarkovCoefficients drift_coef;  // its step's coefficients
  SimTime last_measure;             // time of the last solution (for the drift step)
  bool started = false;             // a solution has been computed
  int satellites = 0;               // current satellites (wanders +/-2 around nominal)
  // Faults (runner-owned).
  bool outage = false;
  double degradation_factor = 1.0;
  Vec3 jump_offset_ned_m = Vec3::Zero();
  bool failed = false;
  // Latency queue (ring buffer, oldest at head).
  std::array<GnssSample, kGnssQueueSize> queue{};
  int head = 0, count = 0;
  int64_t dropped = 0;           // solutions dropped because the ring was full
  int64_t nonfinite_inputs = 0;  // truths skipped for non-finite values
};

GnssState make_gnss_state(const GnssParams& p, uint64_t stream_seed);

// Computes a solution from truth and queues it for delivery at truth.time + latency_s.
void gnss_measure(const GnssParams& p, GnssState& s, const SensorTruth& truth);

// Pops the oldest queued solution due at or before `now` into *out. False when none is due.
bool gnss_deliver(GnssState& s, SimTime now, GnssSample* out);

// The antenna's true geodetic position and NED velocity (no errors), for tests and logs.
void gnss_antenna_truth(const GnssParams& p, const SensorTruth& truth, Geodetic* pos,
                        Vec3* vel_ned_mps);

}  // namespace kestrel
