// One entry point for a mission file of either format (QGroundControl .plan or QGC WPL 110),
// told apart by the content first and the file name second: commands and tools that take "a
// mission file" use this and need not ask the user which format it is.
//
//   - content: the first non-blank text (after a UTF-8 byte order mark) "{" is a .plan, "QGC WPL"
//     a WPL file (whatever the file is called: a .txt from QGroundControl is often either);
//   - otherwise the extension: .plan is a .plan, .waypoints, .wpl and .txt are WPL; the reader
//     then reports what is wrong with the text, naming the line or key;
//   - neither: an error saying which two formats are read.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"
#include "mission/plan.h"

namespace kestrel::mission {

enum class MissionFormat { kQgcPlan, kWpl };

// "QGroundControl plan" or "QGC WPL 110".
std::string_view mission_format_name(MissionFormat f);

struct LoadedMission {
  Plan plan;
  MissionFormat format = MissionFormat::kQgcPlan;
};

// Tells the format of `text` from its content, else from the name `source`, as above.
Result<MissionFormat> detect_mission_format(std::string_view text, const std::string& source);

// detect_mission_format(), then parse_plan_json() or parse_wpl(); errors as those give them.
Result<LoadedMission> parse_mission_text(std::string_view text, const std::string& source);

// Reads `path` and parses it with parse_mission_text().
Result<LoadedMission> load_mission_file(const std::string& path);

}  // namespace kestrel::mission
