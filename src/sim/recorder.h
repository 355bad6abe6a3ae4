// The recorder: writes the flight log (PX4 ULog, src/log/ulog.h) of a run — one topic per struct
// of log_topics.h, one multi-instance per aircraft. The runner flushes it every simulated
// second, so a run killed at any moment leaves a readable log up to its last flush. Nothing from
// the host (no wall-clock time, no host name) goes in: logs of the same run are byte-identical.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "airframe/vehicle.h"
#include "core/result.h"
#include "core/sensor_data.h"
#include "fsw/autopilot.h"
#include "nav/nav_filter.h"
#include "sim/log_topics.h"
#include "sim/nav_metrics.h"

namespace kestrel {

class UlogWriter;

struct RecorderInfo {
  std::string scenario;
  uint64_t seed = 0;
  std::vector<std::string> aircraft_ids;
  double home_lat_deg = 0, home_lon_deg = 0, ground_elevation_m = 0;
  std::vector<bool> avionics;  // per aircraft: sensors and navigation filter on board
  std::vector<bool> autopilot;  // per aircraft: flown by the autopilot
};

class Recorder {
 public:
  static Result<std::unique_ptr<Recorder>> open(const std::string& path, const RecorderInfo& info);
  ~Recorder();
  // One sample of aircraft `index` at sim time t (from its step telemetry): vehicle_truth, engine
  // and actuators always; gear and environment too when `slow_topics` (at a lower rate).
  void record(int index, SimTime t, const VehicleTelemetry& tel, const VehicleState& state,
              double ground_height_m, bool slow_topics);
  // Avionics of aircraft `index` (if it has them) at sim time t: sensor_imu and nav_estimate;
  // sensor_air, nav_innovation and nav_error too when `slow_topics`.
  void record_avionics(int index, SimTime t, const ImuSample& imu, const NavState& nav,
                       bool slow_topics, const BaroSample& baro, const AirspeedSample& air,
                       const MagSample& mag, const NavInnovations& innov, const NavErrors& err);
  // The autopilot's status and setpoints (with its commands); its TECS and guidance internals too
  // when `slow_topics`.
  void record_autopilot(int index, SimTime t, const AutopilotStatus& st,
                        const RangefinderSample& range, const ControlInputs& commands,
                        bool slow_topics);
  // A GNSS solution as the flight software received it.
  void record_gnss(int index, const GnssSample& g);
  void event(int index, SimTime t, uint8_t kind, const std::string& text);
  bool flush();  // false on an I/O error

 private:
  Recorder() = default;
  std::unique_ptr<UlogWriter> w_;
  struct Ids {
    int truth, engine, gear, environment, actuators, event;
    int sensor_imu = -1, sensor_gnss = -1, sensor_air = -1, nav_estimate = -1, nav_innovation = -1,
        nav_error = -1;  // -1: no avionics on this aircraft
    int autopilot_status = -1, setpoints = -1, tecs_status = -1, guidance = -1;  // -1: none
  };
  std::vector<Ids> ids_;
};

}  // namespace kestrel
