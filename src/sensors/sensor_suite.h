// SensorSuite: the avionics sensors of one aircraft, as plain data the runner owns and steps
// (each sensor at its own rate, SensorsParams::<sensor>.rate_hz). Every sensor draws from its own
// named RNG stream "sensors/<aircraft id>/<sensor>", so adding a sensor or changing one's rate
// does not change what another draws (design.md §4).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "airframe/sensor_params.h"
#include "core/result.h"
#include "env/magnetic_field.h"
#include "sensors/airspeed.h"
#include "sensors/baro.h"
#include "sensors/gnss.h"
#include "sensors/imu.h"
#include "sensors/magnetometer.h"
#include "sensors/sensor_truth.h"

namespace kestrel {

inline constexpr double kDefaultMagneticDecimalYear = 2026.0;  // date of a run unless given
inline constexpr double kSecondsPerYear = 365.25 * 86400.0;

struct SensorSuite {
  SensorsParams params;
  ImuState imu;
  GnssState gnss;
  BaroState baro;
  AirspeedState airspeed;
  MagState mag;
  MagneticFieldCache mag_field;  // the WMM field around the aircraft (cached)
  double start_decimal_year = kDefaultMagneticDecimalYear;  // date at SimTime 0 [yr]
};

SensorSuite make_sensor_suite(const SensorsParams& params, const MagneticModel& model,
                              uint64_t run_seed, std::string_view aircraft_id,
                              double start_decimal_year = kDefaultMagneticDecimalYear);

// The magnetometer with the suite's cached field (the only sensor needing the environment).
std::optional<MagSample> sample_suite_mag(SensorSuite& s, const SensorTruth& truth);

// data_dir()/magnetic/WMM2025.COF (KESTREL_DATA_DIR or the compiled-in data folder).
Result<MagneticModel> load_default_magnetic_model();

}  // namespace kestrel
