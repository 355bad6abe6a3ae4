// A flight log as the report and the exporters see it: per aircraft, the time series of the
// recorder's topics (src/sim/log_topics.h) in display-friendly units, plus the events and the
// run's identity. Built once from a ULog file (the only place that knows the ULog reader's API),
// so the HTML report and the CSV/GeoJSON/KML writers work on plain vectors and are testable
// without a file.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/result.h"

namespace kestrel::report {

// One aircraft's samples. Each block of vectors has the length of its own time vector; a block
// is empty when the log lacks that topic.
struct AircraftTrack {
  int multi_id = 0;  // ULog multi-instance of the aircraft's topics
  std::string id;    // aircraft id from the info key kestrel_aircraft_<multi_id>

  // vehicle_truth
  std::vector<double> t_s;                           // sim time [s]
  std::vector<double> lat_deg, lon_deg;              // geodetic WGS-84
  std::vector<double> alt_m, alt_agl_m;              // above the ellipsoid / above the ground [m]
  std::vector<double> vn_mps, ve_mps, vd_mps;        // NED velocity [m/s]
  std::vector<double> roll_deg, pitch_deg, yaw_deg;  // 3-2-1 Euler angles [deg]
  std::vector<double> alpha_deg, beta_deg;           // [deg]
  std::vector<double> tas_mps, eas_mps;              // [m/s]

  // engine
  std::vector<double> engine_t_s;
  std::vector<double> rpm;       // [1/min]
  std::vector<double> throttle;  // 0..1
  std::vector<double> fuel_kg, fuel_flow_kg_h;

  // gear: one vector of normal forces [N] per contact point that carried a load at some time
  std::vector<double> gear_t_s;
  std::vector<double> wheels_on_ground;  // count of wheels in contact
  std::vector<std::vector<double>> gear_load_n;
  std::vector<int> gear_point_index;  // contact point index of each gear_load_n entry

  // nav_error (aircraft with avionics): the navigation estimate against truth
  std::vector<double> nav_t_s;
  std::vector<double> nav_pos_err_m;     // horizontal position error [m]
  std::vector<double> nav_alt_err_m;     // height error, true minus estimated [m]
  std::vector<double> nav_tilt_err_deg;  // sqrt(roll error^2 + pitch error^2) [deg]
  std::vector<double> nav_heading_err_deg;
  std::vector<double> nav_wind_err_mps;  // horizontal wind error [m/s]
};

struct FlightEvent {
  double t_s = 0;
  int multi_id = -1;  // the aircraft it belongs to, -1 when not known
  std::string text;
};

struct FlightLog {
  std::string path;                                  // the file it was read from
  std::string scenario;                              // info kestrel_scenario ("" when absent)
  std::string seed;                                  // info kestrel_seed
  std::string sys_name;                              // info sys_name
  std::optional<double> home_lat_deg, home_lon_deg;  // info kestrel_home_{lat,lon}_deg
  std::vector<AircraftTrack> aircraft;               // by multi_id
  std::vector<FlightEvent> events;                   // by time
  bool truncated = false;
  std::string truncation;             // "log truncated at t = 123.4 s" when truncated
  double t_begin_s = 0, t_end_s = 0;  // span of all truth samples
};

// Per-aircraft summary figures (the report's table). Flight time counts samples with no wheel on
// the ground (or, without a gear topic, more than 2 m above the ground).
struct AircraftSummary {
  double duration_s = 0;
  double flight_time_s = 0;
  double distance_km = 0;  // ground distance along the track
  double max_alt_m = 0;    // above the ellipsoid
  double max_agl_m = 0;
  double fuel_used_kg = 0;          // first minus last fuel sample
  double min_tas_airborne_mps = 0;  // min TAS while airborne (0 when never airborne)
  double max_tas_mps = 0;
  double max_bank_deg = 0;  // max |roll|
  int events = 0;
  bool airborne_ever = false;
};
AircraftSummary summarize(const FlightLog& log, const AircraftTrack& a);

// Read a .ulg file into a FlightLog. Errors name the file and say what is wrong: missing,
// not a ULog file, no vehicle_truth topic (a log of another program). A truncated but readable
// log is returned with `truncated` set.
Result<FlightLog> load_flight_log(const std::string& path);

// Ground distance between two nearby points [m] (local equirectangular on the WGS-84 ellipsoid;
// exact to well under 0.1 % for the steps of a 50 Hz log).
double ground_step_m(double lat0_deg, double lon0_deg, double lat1_deg, double lon1_deg);

// Format seconds as "1 h 02 min 03 s" / "12 min 03.4 s" / "3.2 s".
std::string format_duration(double seconds);

}  // namespace kestrel::report
