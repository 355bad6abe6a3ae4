// kestrel log: export a flight log (.ulg) as CSV, GeoJSON or KML.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>

#include "commands.h"
#include "common.h"
#include "report/flight_log.h"
#include "report/log_export.h"

namespace kestrel::cli {
namespace {

RunFn setup(CLI::App& app) {
  struct Opts {
    std::string log, out;
    bool csv = false, geojson = false, kml = false;
    double interval_s = 0;
  };
  auto o = std::make_shared<Opts>();
  app.add_option("log", o->log, "Flight log written by kestrel run (PX4 ULog, .ulg)")->required();
  auto* csv = app.add_flag("--csv", o->csv,
                           "CSV: one row per truth sample per aircraft (position, velocity, "
                           "attitude, airspeed, alpha/beta, rpm, fuel)");
  auto* geo = app.add_flag("--geojson", o->geojson,
                           "GeoJSON: a LineString per aircraft and a Point per event");
  auto* kml = app.add_flag(
      "--kml", o->kml, "KML 2.2 (Google Earth): a track per aircraft and a placemark per event");
  csv->excludes(geo)->excludes(kml);
  geo->excludes(kml);
  app.add_option("-o,--output", o->out, "File to write ('-' or none: standard output)");
  app.add_option("--interval", o->interval_s,
                 "Keep at most one sample per this many seconds of sim time (default: all)")
      ->check(CLI::Range(0.0, 86400.0));

  return [o]() -> int {
    if (!o->csv && !o->geojson && !o->kml) {
      std::fprintf(stderr, "kestrel log: choose a format: --csv, --geojson or --kml\n");
      return 2;
    }
    Result<report::FlightLog> loaded = report::load_flight_log(o->log);
    if (!loaded.ok()) return fail(loaded.error().message);
    const report::FlightLog& log = loaded.value();
    if (log.truncated)
      std::fprintf(stderr, "kestrel: warning: %s: %s; exporting what was written before it\n",
                   o->log.c_str(), log.truncation.c_str());

    report::ExportOptions eo;
    eo.min_interval_s = o->interval_s;
    auto write = [&](std::ostream& s) {
      if (o->csv) report::write_csv(log, s, eo);
      if (o->geojson) report::write_geojson(log, s, eo);
      if (o->kml) report::write_kml(log, s, eo);
    };
    if (o->out.empty() || o->out == "-") {
      write(std::cout);
      std::cout.flush();
      return std::cout ? 0 : fail("cannot write to standard output");
    }
    std::ofstream f(o->out, std::ios::binary | std::ios::trunc);
    if (!f) return fail(o->out + ": cannot open for writing");
    write(f);
    f.close();
    if (!f) return fail(o->out + ": cannot write the export");
    return 0;
  };
}

const bool registered =
    register_command({"log", "Export a flight log as CSV, GeoJSON or KML", 8, setup});

}  // namespace
}  // namespace kestrel::cli
