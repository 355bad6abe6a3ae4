// QGC WPL 110 reader and writer (mavlink.io "File Formats"; Mission Planner's and QGroundControl's
// readers for the details: tab-separated columns, line 0 the home position).
#include "mission/wpl.h"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <exception>
#include <limits>
#include <vector>

#include "core/text_file.h"
#include "mission/text_util.h"

namespace kestrel::mission {
namespace {

using detail::exact_num_str;
using detail::in_quotes;
using detail::num_str;

constexpr std::string_view kHeader = "QGC WPL 110";
constexpr int kColumns = 12;
constexpr std::string_view kColumnNames[kColumns] = {
    "INDEX",  "CURRENT_WP", "COORD_FRAME", "COMMAND", "PARAM1", "PARAM2",
    "PARAM3", "PARAM4",     "LAT",         "LON",     "ALT",    "AUTOCONTINUE"};

struct Failure {
  std::string message;
};

// One data line, split into its columns.
struct Line {
  int number = 0;  // 1-based line number in the file
  std::vector<std::string_view> fields;
};

// The lines of the text, without "\r" at their ends.
std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    const auto nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    if (nl == std::string_view::npos) break;
    text.remove_prefix(nl + 1);
  }
  return lines;
}

std::vector<std::string_view> split_fields(std::string_view line) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == '\t' || line[i] == ' ')) ++i;
    if (i >= line.size()) break;
    std::size_t j = i;
    while (j < line.size() && line[j] != '\t' && line[j] != ' ') ++j;
    out.push_back(line.substr(i, j - i));
    i = j;
  }
  return out;
}

std::string_view trim_end(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Reads the columns of one line; every failure names file, line, item and column.
class LineReader {
 public:
  LineReader(const std::string& source, const Line& line, int index)
      : line_(line),
        head_(source + ":" + std::to_string(line.number) + ": " +
              (index == 0 ? std::string("home (index 0)") : "item " + std::to_string(index)) +
              ": ") {}

  [[noreturn]] void fail(const std::string& why) const { throw Failure{head_ + why}; }
  [[noreturn]] void fail(int column, const std::string& why) const {
    throw Failure{head_ + std::string(kColumnNames[column]) + " (column " +
                  std::to_string(column + 1) + "): " + why};
  }

  int64_t whole(int column, int64_t lo, int64_t hi) const {
    const std::string_view s = line_.fields[static_cast<std::size_t>(column)];
    int64_t v = 0;
    const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
    if (r.ec != std::errc() || r.ptr != s.data() + s.size())
      fail(column, "not a whole number: " + in_quotes(s));
    if (v < lo || v > hi) {
      fail(column, "must be within [" + std::to_string(lo) + ", " + std::to_string(hi) + "], got " +
                       std::to_string(v));
    }
    return v;
  }

  bool flag(int column) const { return whole(column, 0, 1) == 1; }

  // A number; NaN ("nan") only when `nan_ok`.
  double number(int column, bool nan_ok) const {
    std::string_view s = line_.fields[static_cast<std::size_t>(column)];
    if (s.size() > 1 && s.front() == '+') s.remove_prefix(1);  // from_chars takes no '+'
    double v = 0;
    const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
    if (r.ec != std::errc() || r.ptr != s.data() + s.size())
      fail(column, "not a number: " + in_quotes(line_.fields[static_cast<std::size_t>(column)]));
    if (std::isinf(v)) fail(column, "must be finite, got " + in_quotes(s));
    if (std::isnan(v) && !nan_ok) fail(column, "NaN is not allowed here");
    return v;
  }

  double latitude(int column) const {
    const double v = number(column, false);
    if (v < -90 || v > 90) fail(column, "must be within [-90, 90] deg, got " + num_str(v));
    return v;
  }
  double longitude(int column) const {
    const double v = number(column, false);
    if (v < -180 || v > 180) fail(column, "must be within [-180, 180] deg, got " + num_str(v));
    return v;
  }

 private:
  const Line& line_;
  std::string head_;
};

Plan read_wpl(std::string_view text, const std::string& source) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);  // UTF-8 byte order mark
  const std::vector<std::string_view> lines = split_lines(text);

  // The header.
  if (lines.empty() || trim_end(lines[0]).empty()) {
    throw Failure{source + ":1: the file is empty; expected the header '" + std::string(kHeader) +
                  "' and the mission"};
  }
  const std::string_view header = trim_end(lines[0]);
  if (header != kHeader) {
    std::string why =
        "bad header: expected '" + std::string(kHeader) + "', got " + in_quotes(header);
    if (header.starts_with("QGC WPL ")) {
      why += " (Kestrel reads version 110, the one with the home position on line 0";
      why += header == "QGC WPL 120" ? "; 120 is QGroundControl's old format without it)" : ")";
    }
    throw Failure{source + ":1: " + why};
  }

  // The data lines: blank lines are skipped (they still count for line numbers).
  std::vector<Line> rows;
  for (std::size_t i = 1; i < lines.size(); ++i) {
    std::vector<std::string_view> fields = split_fields(lines[i]);
    if (fields.empty()) continue;
    rows.push_back({static_cast<int>(i) + 1, std::move(fields)});
  }
  if (rows.empty()) {
    throw Failure{source +
                  ":2: no home line: a QGC WPL 110 file has the home position as index 0, then "
                  "the items"};
  }

  Plan plan;
  for (std::size_t k = 0; k < rows.size(); ++k) {
    const Line& row = rows[k];
    const int index = static_cast<int>(k);
    const LineReader r(source, row, index);
    const int n = static_cast<int>(row.fields.size());
    if (n != kColumns) {
      r.fail(std::string(n < kColumns ? "too few" : "too many") + " columns: " + std::to_string(n) +
             " of " + std::to_string(kColumns) +
             " (INDEX CURRENT_WP COORD_FRAME COMMAND PARAM1 PARAM2 PARAM3 PARAM4 LAT LON ALT "
             "AUTOCONTINUE, separated by tabs)");
    }
    const int64_t got = r.whole(0, 0, std::numeric_limits<int32_t>::max());
    if (got != index) {
      r.fail(0, "is " + std::to_string(got) + ", expected " + std::to_string(index) +
                    " (indices run 0 for home, then 1, 2, 3, ... one a line, without gaps)");
    }
    MissionItem it;
    it.seq = index;
    it.current = r.flag(1);
    const int64_t frame = r.whole(2, 0, kMaxMavFrame);
    it.frame = static_cast<MavFrame>(frame);
    it.command = static_cast<uint16_t>(r.whole(3, 0, 65535));
    it.param1 = r.number(4, true);
    it.param2 = r.number(5, true);
    it.param3 = r.number(6, true);
    it.param4 = r.number(7, true);
    it.autocontinue = r.flag(11);

    if (index == 0) {
      // Home: a waypoint in frame GLOBAL (AMSL), as Mission Planner writes it.
      if (it.command != mav_cmd::kNavWaypoint)
        r.fail(3, "the home line must be 16 (NAV_WAYPOINT), got " + command_label(it.command));
      if (it.frame != MavFrame::kGlobal && it.frame != MavFrame::kGlobalInt)
        r.fail(2, "the home line must be in frame 0 (GLOBAL: altitude above mean sea level), got " +
                      std::to_string(frame));
      plan.planned_home = {r.latitude(8), r.longitude(9), r.number(10, false)};
      continue;
    }
    if (command_has_location(it.command)) {
      it.x = r.latitude(8);
      it.y = r.longitude(9);
      it.z = r.number(10, false);
    } else {
      it.x = r.number(8, true);
      it.y = r.number(9, true);
      it.z = r.number(10, true);
    }
    plan.items.push_back(it);
  }
  return plan;
}

// One column value as written: the shortest exact form.
std::string field(double v, const std::string& where) {
  if (std::isinf(v)) throw Failure{where + ": " + num_str(v) + " cannot be written"};
  return exact_num_str(v);
}

std::string write_wpl(const Plan& plan) {
  std::string out(kHeader);
  out += '\n';
  const PlannedHome& h = plan.planned_home;
  out += "0\t1\t0\t16\t0\t0\t0\t0\t" + field(h.lat_deg, "home") + '\t' + field(h.lon_deg, "home") +
         '\t' + field(h.alt_amsl_m, "home") + "\t1\n";
  for (const MissionItem& it : plan.items) {
    const std::string where = "item " + std::to_string(it.seq);
    out += std::to_string(it.seq) + '\t' + (it.current ? "1" : "0") + '\t' +
           std::to_string(static_cast<int>(it.frame)) + '\t' + std::to_string(it.command);
    for (double p : {it.param1, it.param2, it.param3, it.param4, it.x, it.y, it.z})
      out += '\t' + field(p, where);
    out += it.autocontinue ? "\t1\n" : "\t0\n";
  }
  return out;
}

}  // namespace

Result<Plan> parse_wpl(std::string_view text, const std::string& source) {
  try {
    return read_wpl(text, source);
  } catch (const Failure& f) {
    return Error{f.message};
  } catch (const std::exception& e) {
    return Error{source + ": cannot read the mission: " + e.what()};
  } catch (...) {
    return Error{source + ": cannot read the mission"};
  }
}

Result<Plan> load_wpl_file(const std::string& path) {
  Result<std::string> text = read_text_file(path, "mission", detail::kMaxPlanFileBytes);
  if (!text.ok()) return text.error();
  return parse_wpl(text.value(), path);
}

Result<std::string> wpl_text(const Plan& plan, const WplWriteOptions& options) {
  if (!options.drop_fence_and_rally && (!plan.geofence.empty() || !plan.rally_points.empty())) {
    return Error{"cannot write the plan as QGC WPL 110: the format has no geofence (" +
                 std::to_string(plan.geofence.polygons.size()) + " polygons, " +
                 std::to_string(plan.geofence.circles.size()) + " circles" +
                 (plan.geofence.breach_return ? ", a breach return point" : "") +
                 ") and no rally points (" + std::to_string(plan.rally_points.size()) +
                 "); write a .plan file, or ask for them to be dropped"};
  }
  std::string text;
  try {
    text = write_wpl(plan);
  } catch (const Failure& f) {
    return Error{"cannot write the plan as QGC WPL 110: " + f.message};
  } catch (const std::exception& e) {
    return Error{std::string("cannot write the plan as QGC WPL 110: ") + e.what()};
  }
  // What is written must read back: the reader's checks are the writer's.
  const Result<Plan> back = parse_wpl(text, "the mission being written");
  if (!back.ok()) return Error{"cannot write the plan as QGC WPL 110: " + back.error().message};
  return text;
}

Result<std::string> save_wpl_file(const Plan& plan, const std::string& path,
                                  const WplWriteOptions& options) {
  Result<std::string> text = wpl_text(plan, options);
  if (!text.ok()) return Error{path + ": " + text.error().message};
  return write_text_file(path, text.value(), "mission");
}

}  // namespace kestrel::mission
