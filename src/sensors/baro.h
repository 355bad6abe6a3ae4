// Barometer: static pressure at the static source with white noise, a turn-on offset and a slowly
// varying (Gauss-Markov) bias. The sensor reports pressure only; altitude is the flight software's
// business, from the standard atmosphere (baro_altitude_m below is that conversion), so a hot day
// or a QNH different from the altimeter setting shows up exactly as on a real aircraft: on a hot
// day the air column is expanded and the altimeter reads LOW (true altitude above indicated); on a
// cold day it reads HIGH; with QNH above the setting it reads low by ~8.3 m per hPa near sea level.
// The static source sits at a lever arm from the CG: the hydrostatic difference rho g dz is added.
#pragma once

#include <cstdint>
#include <optional>

#include "airframe/sensor_params.h"
#include "core/rng.h"
#include "core/sensor_data.h"
#include "sensors/noise.h"
#include "sensors/sensor_truth.h"

namespace kestrel {

struct BaroState {
  Rng rng;                     // own stream
  double turn_on_bias_pa = 0;  // power-on offset [Pa]
  double bias_gm_pa = 0;       // slowly varying bias [Pa]
  noise::GaussMarkovCoefficients bias_gm_coef;  // its step's coefficients
  SimTime last;                // time of the last sample
  bool started = false;
  bool failed = false;   // runner-owned: no output while true
  BaroSample last_good;  // held on non-finite truth
  int64_t nonfinite_inputs = 0;
};

BaroState make_baro_state(const BaroParams& p, uint64_t stream_seed);

std::optional<BaroSample> sample_baro(const BaroParams& p, BaroState& s, const SensorTruth& truth);

// Altitude an altimeter set to `setting_pa` (QNH; 101325 = standard, i.e. pressure altitude)
// shows for a static pressure [m, geometric, ISA 1976]: pressure_altitude(p) -
// pressure_altitude(setting).
double baro_altitude_m(double pressure_pa, double setting_pa = 101325.0);

}  // namespace kestrel
