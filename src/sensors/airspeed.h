// Pitot-static airspeed: the differential (impact) pressure q_c = p_t - p of the air-relative
// velocity at the probe tip, V_probe = air_vel_b + omega_eb x r_probe (turbulence included, since
// the runner's air velocity includes it). Subsonic isentropic (compressible) relation
//   q_c = p [(1 + (gamma - 1)/2 M^2)^(gamma/(gamma-1)) - 1],  M = |V_probe| / a,
// using the full speed |V_probe| while the flow comes from ahead (u > 0; a pitot tube is
// insensitive to flow angle within its +/-15-20 deg design cone) and q_c = 0 for reverse flow.
// Plus white noise and a zero offset on q_c; an outside-air-temperature probe reads the static
// temperature plus white noise.
//
// Blockage fault (AirspeedState::pitot_blocked): the pitot's ram inlet AND its drain hole are
// blocked (ice), the static port stays open. The total pressure trapped in the line is frozen at
// its value when the blockage starts, so the sensor reads q = p_t,frozen - p_static(now): the
// indicated airspeed stops responding to speed and rises as the aircraft climbs (falls as it
// descends), acting like an altimeter - the classic blocked-pitot signature (FAA-H-8083-25,
// ch. 8). Clearing the flag restores the live total pressure.
#pragma once

#include <cstdint>
#include <optional>

#include "airframe/sensor_params.h"
#include "core/rng.h"
#include "core/sensor_data.h"
#include "sensors/sensor_truth.h"

namespace kestrel {

struct AirspeedState {
  Rng rng;                       // own stream
  double zero_offset_pa = 0;     // power-on offset on q_c [Pa]
  bool pitot_blocked = false;    // runner-owned fault (see above)
  bool blocked_latched = false;  // the model has frozen the total pressure
  double frozen_total_pa = 0;    // trapped total pressure [Pa]
  bool failed = false;           // runner-owned: no output while true
  AirspeedSample last_good;      // held on non-finite truth
  int64_t nonfinite_inputs = 0;
};

AirspeedState make_airspeed_state(const AirspeedParams& p, uint64_t stream_seed);

std::optional<AirspeedSample> sample_airspeed(const AirspeedParams& p, AirspeedState& s,
                                              const SensorTruth& truth);

// Ideal impact pressure [Pa] for an airspeed V [m/s] in air of pressure p [Pa], temperature T [K].
double impact_pressure_pa(double speed_mps, double pressure_pa, double temperature_k);

// Calibrated airspeed [m/s] from impact pressure (inverse of the above at sea-level ISA).
double calibrated_airspeed_mps(double impact_pressure_pa);

}  // namespace kestrel
