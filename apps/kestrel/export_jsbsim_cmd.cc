// kestrel export-jsbsim: write the aircraft as JSBSim XML (aircraft + engine + propeller files).
#include <cstdio>

#include "airframe/aircraft_file.h"
#include "analysis/jsbsim_export.h"
#include "commands.h"
#include "common.h"

namespace kestrel::cli {

namespace {

RunFn setup(CLI::App& app) {
  struct Opts {
    std::string aircraft = "searcher2";
    std::string out;
    double payload_kg = -1, fuel_kg = -1;
    bool json = false;
  };
  auto o = std::make_shared<Opts>();
  app.add_option("aircraft,--aircraft", o->aircraft, "Aircraft: a built-in name or a file")
      ->capture_default_str();
  app.add_option("--out", o->out,
                 "Root folder to write: OUT/aircraft/<name>/<name>.xml and OUT/engine/*.xml "
                 "(use as JSBSim --root=OUT)")
      ->required();
  app.add_option("--payload-kg", o->payload_kg,
                 "Payload point mass [kg] (default: 70 kg or the bay's maximum)")
      ->check(CLI::Range(0.0, 10000.0));
  app.add_option("--fuel-kg", o->fuel_kg, "Fuel on board [kg] (default: 100 kg or the capacity)")
      ->check(CLI::Range(0.0, 100000.0));
  app.add_flag("--json", o->json, "Print the files written as JSON");

  return [o]() -> int {
    Result<AircraftParams> ac = load_aircraft(o->aircraft);
    if (!ac.ok()) return fail(ac.error().message);
    JsbsimExportOptions opt;
    opt.payload_kg = o->payload_kg;
    opt.fuel_kg = o->fuel_kg;
    Result<JsbsimFiles> files = export_jsbsim(ac.value(), opt);
    if (!files.ok()) return fail(files.error().message);
    Result<std::vector<std::string>> written = write_jsbsim_files(files.value(), o->out);
    if (!written.ok()) return fail(written.error().message);
    if (o->json) {
      nlohmann::json j;
      j["aircraft"] = files.value().aircraft_name;
      j["root"] = o->out;
      j["files"] = written.value();
      print_json(j);
    } else {
      std::printf("Wrote JSBSim model of %s (run JSBSim with --root=%s):\n",
                  files.value().aircraft_name.c_str(), o->out.c_str());
      for (const std::string& p : written.value()) std::printf("  %s\n", p.c_str());
    }
    return 0;
  };
}

const bool registered = register_command(
    {"export-jsbsim", "Write the aircraft as a JSBSim model (aircraft, engine, propeller XML)", 90,
     setup});

}  // namespace
}  // namespace kestrel::cli
