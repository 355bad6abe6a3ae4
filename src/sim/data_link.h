// The command data link as the simulator sees it: the ground data terminal (GDT) sends the
// ground station's uplink messages (a heartbeat at 1 Hz at least, commands as they come); they
// reach the aircraft while it is within the link's line-of-sight range, above the radio horizon,
// and no scenario event has cut the link. The flight software sees only the time since the last
// uplink message it received (AutopilotInput::uplink_age_s), exactly what a real autopilot knows
// of its link; the MAVLink link will replace the heartbeat source unchanged (design.md §2).
// Simulator side.
#pragma once

#include <cstdint>

#include "core/geodesy.h"
#include "core/types.h"

namespace kestrel {

struct DataLinkParams {
  double range_m = 150000;  // the Searcher's line-of-sight data link (searcher-facts §2: 150 km)
  double uplink_period_s = 1.0;  // the ground station's heartbeat
};

struct DataLink {
  DataLinkParams params;
  Vec3 gdt_ecef_m = Vec3::Zero();  // the GDT antenna (mast top)
  double gdt_height_agl_m = 10;    // its mast, for the radio horizon
  bool cut = false;                // a scenario event holds the link down
  bool up = true;                  // the uplink reaches the aircraft now
  double last_uplink_s = 0;        // when the aircraft last received an uplink message
  int64_t next_uplink_us = 0;
  int64_t last_step_us = -1;
  // Statistics for the summary.
  int losses = 0;          // times the link went down
  double lost_s = 0;       // total time without the link
  double max_range_m = 0;  // farthest range from the GDT
};

// The GDT of a site: antenna base position and mast height; ground height for the horizon.
DataLink make_data_link(const Geodetic& gdt_base, double mast_height_m,
                        const DataLinkParams& p = {});

// Radio horizon for two antennas at these heights above the ground [m], 4/3-earth refraction:
// d = 4.12 km (sqrt(h1) + sqrt(h2)), h in metres (searcher-facts §2).
double radio_horizon_m(double h1_agl_m, double h2_agl_m);

// Advances the link to time t for an aircraft at slant range range_m from the GDT
// (gdt_range_m), height above ground h_agl_m. Returns true when the link's state (up/down)
// changed at this step.
bool step_data_link(DataLink& link, int64_t t_us, double range_m, double h_agl_m);

// The GDT's slant range to the aircraft [m].
inline double gdt_range_m(const DataLink& link, const Vec3& pos_ecef_m) {
  return (pos_ecef_m - link.gdt_ecef_m).norm();
}

}  // namespace kestrel
