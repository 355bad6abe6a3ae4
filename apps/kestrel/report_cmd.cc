// kestrel report: turn a flight log (.ulg) into one self-contained HTML report.
#include <cstdio>
#include <fstream>
#include <string>

#include "commands.h"
#include "common.h"
#include "report/flight_log.h"
#include "report/report_html.h"

namespace kestrel::cli {
namespace {

RunFn setup(CLI::App& app) {
  struct Opts {
    std::string log, out;
    int max_points = 2000;
    bool json = false;
  };
  auto o = std::make_shared<Opts>();
  app.add_option("log", o->log, "Flight log written by kestrel run (PX4 ULog, .ulg)")->required();
  app.add_option("-o,--output", o->out, "HTML file to write (default: the log's name with .html)");
  app.add_option("--max-points", o->max_points,
                 "Most points drawn per chart line (min/max preserving down-sampling)")
      ->check(CLI::Range(100, 1000000))
      ->capture_default_str();
  app.add_flag("--json", o->json, "Print the summary figures as JSON");

  return [o]() -> int {
    Result<report::FlightLog> loaded = report::load_flight_log(o->log);
    if (!loaded.ok()) return fail(loaded.error().message);
    const report::FlightLog& log = loaded.value();
    if (log.truncated)
      std::fprintf(stderr, "kestrel: warning: %s: %s; reporting what was written before it\n",
                   o->log.c_str(), log.truncation.c_str());

    std::string out = o->out;
    if (out.empty()) {
      const auto dot = o->log.find_last_of('.');
      const auto slash = o->log.find_last_of('/');
      out = (dot != std::string::npos && (slash == std::string::npos || dot > slash)
                 ? o->log.substr(0, dot)
                 : o->log) +
            ".html";
    }
    report::ReportOptions ro;
    ro.max_points_per_series = o->max_points;
    const std::string html = report::render_report_html(log, ro);
    {
      std::ofstream f(out, std::ios::binary | std::ios::trunc);
      f << html;
      f.close();
      if (!f) return fail(out + ": cannot write the report");
    }

    if (o->json) {
      nlohmann::json j;
      j["report"] = out;
      j["log"] = o->log;
      j["scenario"] = log.scenario;
      j["seed"] = log.seed;
      j["duration_s"] = round_to(log.t_end_s - log.t_begin_s, 3);
      j["truncated"] = log.truncated;
      j["events"] = log.events.size();
      j["aircraft"] = nlohmann::json::array();
      for (const report::AircraftTrack& a : log.aircraft) {
        const report::AircraftSummary s = report::summarize(log, a);
        j["aircraft"].push_back({{"id", a.id},
                                 {"flight_time_s", round_to(s.flight_time_s, 2)},
                                 {"distance_km", round_to(s.distance_km, 3)},
                                 {"max_altitude_m", round_to(s.max_alt_m, 2)},
                                 {"fuel_used_kg", round_to(s.fuel_used_kg, 3)},
                                 {"min_tas_airborne_mps", round_to(s.min_tas_airborne_mps, 2)},
                                 {"max_tas_mps", round_to(s.max_tas_mps, 2)},
                                 {"max_bank_deg", round_to(s.max_bank_deg, 2)}});
      }
      print_json(j);
    } else {
      std::printf("Wrote %s (%zu aircraft, %s, %zu events, %.0f kB)\n", out.c_str(),
                  log.aircraft.size(), report::format_duration(log.t_end_s - log.t_begin_s).c_str(),
                  log.events.size(), static_cast<double>(html.size()) / 1024);
    }
    return 0;
  };
}

const bool registered = register_command(
    {"report", "Write a self-contained HTML report (map, charts, events) of a flight log", 7,
     setup});

}  // namespace
}  // namespace kestrel::cli
