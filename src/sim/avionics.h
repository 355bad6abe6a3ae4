// The avionics of one aircraft in the World: its sensors (simulator side: truth in, samples out)
// and its flight software so far (the navigation filter, and the heading hold when the scenario
// flies the aircraft with it). The runner calls step_avionics() once per physics step. The
// flight-software side sees only the samples (core/sensor_data.h) and the aircraft's installation
// data (sensor positions), never the truth; the runner compares its estimate with the truth for
// the summary (nav_metrics.h).
#pragma once

#include <cstdint>
#include <optional>

#include "airframe/vehicle.h"
#include "control/heading_hold.h"
#include "core/rng.h"
#include "fsw/autopilot.h"
#include "sim/data_link.h"
#include "nav/nav_filter.h"
#include "sensors/sensor_suite.h"
#include "sim/nav_metrics.h"
#include "sim/scenario.h"

namespace kestrel {

class Recorder;

// The downward laser rangefinder and the engine's tachometer and fuel gauge (for the autopilot's
// flare, touchdown and engine checks). Simulator side.
struct RangefinderParams {
  double rate_hz = 20;
  double max_range_m = 50;  // no return beyond
  double noise_m = 0.02;    // 1 sigma
  Vec3 lever_arm_b_m = Vec3(0.3, 0.0, 0.35);  // below the fuselage pod
  // Installation data: the reading with the aircraft standing on its gear (searcher2, full
  // tank; measured from the settled parked state, autopilot_test checks it), the autopilot's
  // RNGFND_GND_M. A parked start measures it exactly instead.
  double ground_reading_m = 0.44;
};

struct Avionics {
  SensorSuite sensors;                    // simulator side
  NavFilter nav;                          // flight software
  HeadingHoldState hold;                  // flight software (heading_hold control source)
  std::optional<Autopilot> autopilot;     // flight software (autopilot control source)
  DataLink link;                          // simulator side: the uplink from the ground station
  RangefinderParams rangefinder;          // simulator side
  Rng rangefinder_rng{1};
  int64_t next_range_us = 0, range_period_us = 50000;
  int64_t next_score_us = 0;  // the next scoring of the estimate against truth (10 Hz)
  RangefinderSample last_range;
  EngineSample last_engine;
  Vec3 gnss_from_imu_b_m = Vec3::Zero();  // installation data: antenna minus IMU, body [m]
  NavMetrics metrics;                     // runner side: the estimate against truth
  // Due times of the samplers [us].
  int64_t next_imu_us = 0, next_baro_us = 0, next_airspeed_us = 0, next_mag_us = 0,
          next_gnss_us = 0;
  int64_t imu_period_us = 2500, baro_period_us = 20000, airspeed_period_us = 20000,
          mag_period_us = 20000, gnss_period_us = 100000;
  // Latest samples and errors (for the log).
  ImuSample last_imu;
  BaroSample last_baro;
  AirspeedSample last_airspeed;
  MagSample last_mag;
  NavErrors last_errors;
  // Truth at the last control tick, for the IMU samples between ticks and the GNSS error.
  Mat3 R_ned_from_ecef = Mat3::Identity();
  SensorTruth last_truth;
  bool have_truth = false;
};

// The navigation filter's tuning for a sensor installation: the noise figures of the sensors'
// specifications (as an integrator sets EKF parameters from the datasheets).
NavParams nav_params_for(const SensorsParams& sensors);

// Sensors and navigation filter for an aircraft, seeded from the run seed (each sensor has its own
// stream), the filter's magnetic reference set from the model at the start position (as the
// flight software's declination table would give it).
Avionics make_avionics(const AircraftParams& ac, const MagneticModel& model, uint64_t run_seed,
                       const std::string& aircraft_id, const VehicleState& initial);

// After one physics step of the aircraft: `tel` is the telemetry of the step's start (time t0)
// when it was a control tick (else null); `s` the state at its end. Samples the sensors that are
// due, feeds the navigation filter, and (at control ticks) scores the estimate against truth.
// `control_dt_s`: the control period. Logs through `rec` (may be null) at log ticks.
void step_avionics(Avionics& av, const VehicleModel& m, const VehicleState& s,
                   const VehicleTelemetry* tel, SimTime t0, double control_dt_s, Recorder* rec,
                   int index, bool log_tick, bool slow_log_tick);

// The autopilot's view of the site (home, runway) from the scenario's.
AutopilotSite autopilot_site(const SiteParams& site);

// The rangefinder's reading [m] for a CG height above the ground and an attitude (no noise);
// nullopt when there is no return.
std::optional<double> rangefinder_range(const RangefinderParams& p, double cg_agl_m,
                                        const Mat3& R_ned_from_b);

// The autopilot control source: one step of the flight software's autopilot on the navigation
// estimate and the latest rangefinder and engine samples.
ControlInputs autopilot_commands(Avionics& av, double t_s, double dt_s);

// The heading-hold control source: surface increments over the trim from the navigation estimate.
ControlInputs heading_hold_commands(Avionics& av, const ControlSourceSpec& spec,
                                    const ControlInputs& trim, double t_s, double dt_s);

}  // namespace kestrel
