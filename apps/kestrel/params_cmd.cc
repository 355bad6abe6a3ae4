// kestrel params: the autopilot's and the failsafes' parameters as the flight software declares
// them (name, unit, valid range, default, meaning) — the list a ground station reads over the
// data link.
#include <cstdio>
#include <string>

#include "commands.h"
#include "common.h"
#include "fsw/autopilot.h"

namespace kestrel::cli {
namespace {

template <typename P, std::size_t N>
void add_table(const char* group, const std::array<ParamDecl<P>, N>& table, const P& defaults,
               const std::string& prefix, nlohmann::json& list, bool text) {
  for (const ParamDecl<P>& d : table) {
    const std::string name(d.info.name);
    if (!prefix.empty() && name.rfind(prefix, 0) != 0) continue;
    const double value = defaults.*(d.field);
    if (text) {
      std::printf("%-16s %12.6g  %-12s [%g, %g]  %s (%s)\n", name.c_str(), value,
                  std::string(d.info.unit).c_str(), d.info.min, d.info.max,
                  std::string(d.info.description).c_str(), group);
    } else {
      list.push_back({{"name", name},
                      {"group", group},
                      {"default", value},
                      {"unit", std::string(d.info.unit)},
                      {"min", d.info.min},
                      {"max", d.info.max},
                      {"description", std::string(d.info.description)}});
    }
  }
}

RunFn setup(CLI::App& app) {
  struct Opts {
    std::string prefix;
    bool json = false;
  };
  auto o = std::make_shared<Opts>();
  app.add_option("prefix", o->prefix,
                 "Only the parameters whose name starts with this, e.g. LAND_");
  app.add_flag("--json", o->json,
               "Print the list as JSON: [{name, group, default, unit, min, "
               "max, description}]");
  return [o]() -> int {
    nlohmann::json list = nlohmann::json::array();
    const bool text = !o->json;
    add_table("autopilot", kAutopilotParams, AutopilotParams{}, o->prefix, list, text);
    add_table("attitude", kAttitudeControlParams, AttitudeControlParams{}, o->prefix, list, text);
    add_table("tecs", kTecsParams, TecsParams{}, o->prefix, list, text);
    add_table("guidance", kPathGuidanceParams, PathGuidanceParams{}, o->prefix, list, text);
    add_table("geofence", kGeofenceParams, GeofenceParams{}, o->prefix, list, text);
    add_table("glide", kGlideParams, GlideParams{}, o->prefix, list, text);
    add_table("bingo", kBingoParams, BingoParams{}, o->prefix, list, text);
    add_table("wind profile", kWindProfileParams, WindProfileParams{}, o->prefix, list, text);
    add_table("failsafe", kFailsafeParams, FailsafeParams{}, o->prefix, list, text);
    if (o->json) print_json(list);
    return 0;
  };
}

const bool registered = register_command(
    {"params", "The autopilot's parameters: name, default, unit, range, meaning", 45, setup});

}  // namespace
}  // namespace kestrel::cli
