#include "mission/mission_file.h"

#include <algorithm>
#include <cctype>

#include "mission/plan_file.h"
#include "core/text_file.h"
#include "mission/text_util.h"
#include "mission/wpl.h"

namespace kestrel::mission {
namespace {

std::string lower_extension(const std::string& path) {
  const std::size_t slash = path.find_last_of('/');
  const std::size_t dot = path.find_last_of('.');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return "";
  std::string ext = path.substr(dot + 1);
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return ext;
}

}  // namespace

std::string_view mission_format_name(MissionFormat f) {
  return f == MissionFormat::kQgcPlan ? "QGroundControl plan" : "QGC WPL 110";
}

Result<MissionFormat> detect_mission_format(std::string_view text, const std::string& source) {
  std::string_view t = text;
  if (t.substr(0, 3) == "\xEF\xBB\xBF") t.remove_prefix(3);
  const std::size_t first = t.find_first_not_of(" \t\r\n");
  if (first != std::string_view::npos) {
    t.remove_prefix(first);
    if (t.front() == '{') return MissionFormat::kQgcPlan;
    if (t.substr(0, 7) == "QGC WPL") return MissionFormat::kWpl;
  }
  const std::string ext = lower_extension(source);
  if (ext == "plan") return MissionFormat::kQgcPlan;
  if (ext == "waypoints" || ext == "wpl" || ext == "txt") return MissionFormat::kWpl;
  return Error{source +
               ": not a mission file: expected a QGroundControl plan (JSON, starting with '{') or "
               "a QGC WPL 110 text file (starting with 'QGC WPL 110'), got " +
               (first == std::string_view::npos
                    ? std::string("an empty file")
                    : "text starting with " + detail::in_quotes(t.substr(0, 20)))};
}

Result<LoadedMission> parse_mission_text(std::string_view text, const std::string& source) {
  Result<MissionFormat> format = detect_mission_format(text, source);
  if (!format.ok()) return format.error();
  Result<Plan> plan = format.value() == MissionFormat::kQgcPlan ? parse_plan_json(text, source)
                                                                : parse_wpl(text, source);
  if (!plan.ok()) return plan.error();
  return LoadedMission{std::move(plan).value(), format.value()};
}

Result<LoadedMission> load_mission_file(const std::string& path) {
  Result<std::string> text = read_text_file(path, "mission", detail::kMaxPlanFileBytes);
  if (!text.ok()) return text.error();
  return parse_mission_text(text.value(), path);
}

}  // namespace kestrel::mission
