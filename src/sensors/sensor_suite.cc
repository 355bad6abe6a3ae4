#include "sensors/sensor_suite.h"

#include <cstdio>
#include <string>

#include "airframe/aircraft_file.h"
#include "core/rng.h"

namespace kestrel {
namespace {
uint64_t sensor_seed(uint64_t run_seed, std::string_view id, std::string_view sensor) {
  std::string name = "sensors/";
  name += id;
  name += "/";
  name += sensor;
  return stream_seed(run_seed, name);
}
}  // namespace

SensorSuite make_sensor_suite(const SensorsParams& params, const MagneticModel& model,
                              uint64_t run_seed, std::string_view aircraft_id,
                              double start_decimal_year) {
  SensorSuite s{.params = params,
                .imu = make_imu_state(params.imu, sensor_seed(run_seed, aircraft_id, "imu")),
                .gnss = make_gnss_state(params.gnss, sensor_seed(run_seed, aircraft_id, "gnss")),
                .baro = make_baro_state(params.baro, sensor_seed(run_seed, aircraft_id, "baro")),
                .airspeed = make_airspeed_state(params.airspeed,
                                                sensor_seed(run_seed, aircraft_id, "airspeed")),
                .mag = make_mag_state(params.mag, sensor_seed(run_seed, aircraft_id, "mag")),
                .mag_field = {},
                .start_decimal_year = start_decimal_year};
  s.mag_field.model = model;
  return s;
}

std::optional<MagSample> sample_suite_mag(SensorSuite& s, const SensorTruth& truth) {
  if (s.mag.failed) return std::nullopt;
  const double year = s.start_decimal_year + truth.time.seconds() / kSecondsPerYear;
  const Vec3& field = cached_field_ned_nt(s.mag_field, truth.position, year);
  return sample_mag(s.params.mag, s.mag, truth, field);
}

Result<MagneticModel> load_default_magnetic_model() {
  return load_magnetic_model(data_dir() + "/magnetic/WMM2025.COF");
}

}  // namespace kestrel
