// QGroundControl's plan file (.plan, JSON): the mission, the geofence and the rally points in one
// document, as QGroundControl 4.x writes and reads it. docs/mission-files.md documents it key by
// key.
//
//   { "fileType": "Plan", "version": 1, "groundStation": "QGroundControl",
//     "mission":     { "version": 2, "firmwareType", "vehicleType"?, "cruiseSpeed"?, "hoverSpeed"?,
//                      "globalPlanAltitudeMode"?, "plannedHomePosition": [lat, lon, alt AMSL],
//                      "items": [ SimpleItem... ] },
//     "geoFence":    { "version": 2, "polygons": [...], "circles": [...], "breachReturn"? },
//     "rallyPoints": { "version": 2, "points": [[lat, lon, alt], ...] } }
//
//   SimpleItem: { "type": "SimpleItem", "command", "frame", "params": [7 numbers or null],
//                 "autoContinue", "doJumpId"?, "AltitudeMode"?, "Altitude"?, "AMSLAltAboveTerrain"?
//                 }
//
// Reading is strict: unknown keys, missing keys, wrong types, wrong versions, null where a number
// is needed, latitudes and longitudes out of range, and QGroundControl's ComplexItems (survey,
// corridor scan, structure scan, landing patterns: shapes QGroundControl expands into items only
// when it uploads them) are errors naming the file, the item and the key. Commands and frames
// the flight software cannot fly are not load errors: they load, and validate_items() reports
// them. DO_JUMP targets are translated from the file's doJumpIds to seqs (and back on writing).
//
// Writing gives the document QGroundControl writes (same keys, key order, 4-space indentation,
// null for NaN params), so a plan QGroundControl wrote reads and writes back as an equal JSON
// document. Nothing here throws; every failure is an Error.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"
#include "mission/plan.h"

namespace kestrel::mission {

// Parses the text of a .plan file; `source` names it in messages ("FILE: mission.items[3] (item
// 4): params[4] (latitude): must be within [-90, 90] deg, got 95").
Result<Plan> parse_plan_json(std::string_view text, const std::string& source);

// Reads and parses a .plan file.
Result<Plan> load_plan_file(const std::string& path);

// The .plan text of `plan`. Errors: a value JSON cannot hold (an infinity) or that the reader
// would refuse (the text is read back before it is returned).
Result<std::string> plan_json(const Plan& plan);

// plan_json() written to `path`; returns the path.
Result<std::string> save_plan_file(const Plan& plan, const std::string& path);

}  // namespace kestrel::mission
