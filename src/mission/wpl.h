// The QGC WPL 110 mission text file (Mission Planner's ".waypoints", QGroundControl's ".txt"
// mission), the de-facto plain-text mission format (mavlink.io "File Formats"):
//
//   QGC WPL 110
//   0 <TAB> 1 <TAB> 0 <TAB> 16 <TAB> 0 <TAB> 0 <TAB> 0 <TAB> 0 <TAB> 52.452 <TAB> 9.599 <TAB> 50
//   <TAB> 1 INDEX CURRENT_WP COORD_FRAME COMMAND PARAM1 PARAM2 PARAM3 PARAM4 LAT LON ALT
//   AUTOCONTINUE
//
// Line 0 (INDEX 0) is the home position, in Mission Planner's (ArduPilot's) convention: a
// NAV_WAYPOINT in frame GLOBAL with the altitude above mean sea level. The items follow with
// INDEX 1, 2, 3, ... (the Plan's seq); DO_JUMP's PARAM1 is such an INDEX. The format has no
// geofence, rally points or planning speeds: a Plan read from it has none (and the defaults), and
// a Plan that has a geofence or rally points is written only when asked to drop them.
//
// Reading is strict: the header, 12 columns a line (tabs; runs of spaces are accepted too),
// numbers that parse whole, indices 0, 1, 2, ... without gaps, latitudes and longitudes in range,
// NaN ("nan") only where MAVLink allows it. Every error names the file, the line, the item and
// the column. Unsupported commands and frames load; validate_items() reports them. Nothing here
// throws; every failure is an Error. docs/mission-files.md documents the format.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"
#include "mission/plan.h"

namespace kestrel::mission {

// Parses WPL text; `source` names it in messages ("FILE:5: item 3: LAT (column 9): ...").
Result<Plan> parse_wpl(std::string_view text, const std::string& source);

// Reads and parses a WPL file.
Result<Plan> load_wpl_file(const std::string& path);

struct WplWriteOptions {
  // WPL cannot hold a geofence or rally points: by default a plan with either is not written
  // (an error says so); true writes the mission and leaves them out.
  bool drop_fence_and_rally = false;
};

// The WPL text of `plan`: the header, the home line, one line per item, "\n" line ends, numbers
// in their shortest exact form, NaN as "nan". Errors: a geofence or rally points (see above), an
// infinity, or anything the reader would refuse (the text is read back before it is returned).
Result<std::string> wpl_text(const Plan& plan, const WplWriteOptions& options = {});

// wpl_text() written to `path`; returns the path.
Result<std::string> save_wpl_file(const Plan& plan, const std::string& path,
                                  const WplWriteOptions& options = {});

}  // namespace kestrel::mission
