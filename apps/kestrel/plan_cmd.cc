// kestrel plan check: validate a mission plan (.plan or QGC WPL 110) against an aircraft and a site
// before it is flown. The check is fsw/plan_check.h (the flight software's and the ground
// station's); the aircraft's figures come from trims (analysis/plan_performance.h); this file
// loads the inputs and formats the report. Exit: 0 flyable (warnings allowed), 1 refused, 2 the
// inputs cannot be read (the plan file, the aircraft, the scenario, the loading).
#include <cmath>
#include <cstdio>
#include <string>

#include "analysis/plan_performance.h"
#include "commands.h"
#include "common.h"
#include "fsw/autopilot.h"
#include "fsw/plan_check.h"
#include "mission/mission_file.h"
#include "sim/scenario_file.h"

namespace kestrel::cli {
namespace {

constexpr int kExitRefused = 1;
constexpr int kExitUnreadable = 2;

std::string num(double v) {
  char b[32];
  std::snprintf(b, sizeof b, "%.6g", v);
  return b;
}

int unreadable(const std::string& message) {
  std::fprintf(stderr, "kestrel plan check: error: %s\n", message.c_str());
  return kExitUnreadable;
}

struct Opts {
  std::string file, aircraft, scenario;
  double fuel_kg = -1, payload_kg = -1, reserve_kg = -1;
  double wind_mps = 0, wind_from_deg = 0;
  bool json = false;
};

nlohmann::json optional_number(const std::optional<double>& v, int decimals) {
  return v ? nlohmann::json(round_to(*v, decimals)) : nlohmann::json(nullptr);
}

std::string hours_minutes(double s) {
  const long m = std::lround(s / 60);
  return std::to_string(m / 60) + " h " + (m % 60 < 10 ? "0" : "") + std::to_string(m % 60) +
         " min";
}

int run_check(const Opts& o) {
  // The plan.
  Result<mission::LoadedMission> loaded = mission::load_mission_file(o.file);
  if (!loaded.ok()) return unreadable(loaded.error().message);
  const mission::Plan& plan = loaded.value().plan;

  // The site, the aircraft and the flight software's parameters: from the scenario, else the
  // plan's planned home, the named aircraft and the parameters' defaults.
  Autopilot probe;  // holds the parameters (defaults, then the scenario's)
  PlanSite site;
  VehicleModel model;
  std::string aircraft_name = o.aircraft.empty() ? "searcher2" : o.aircraft;
  double fuel_kg = -1, payload_kg = -1;
  std::string scenario_name;
  if (!o.scenario.empty()) {
    Result<Scenario> sc = load_scenario(o.scenario);
    if (!sc.ok()) return unreadable(sc.error().message);
    const Scenario& s = sc.value();
    scenario_name = s.name;
    site.name = s.site.name;
    site.home_lat_deg = s.site.home.lat_rad * kDegPerRad;
    site.home_lon_deg = s.site.home.lon_rad * kDegPerRad;
    site.elevation_m = s.site.elevation_m;
    site.runway = PlanSite::Runway{s.site.runway_threshold.lat_rad * kDegPerRad,
                                   s.site.runway_threshold.lon_rad * kDegPerRad,
                                   s.site.runway_heading_rad, s.site.runway_length_m};
    const ScenarioAircraft& a = s.aircraft.front();
    if (o.aircraft.empty()) model.aircraft = a.aircraft;
    fuel_kg = a.fuel_kg;
    payload_kg = a.payload_kg;
    if (a.control.kind == ControlSourceSpec::Kind::kAutopilot)
      for (const auto& [name, value] : a.control.autopilot.params)
        if (Result<double> r = probe.set_param(name, value); !r.ok())
          return unreadable(o.scenario + ": " + r.error().message);
  } else {
    site.home_lat_deg = plan.planned_home.lat_deg;
    site.home_lon_deg = plan.planned_home.lon_deg;
    site.elevation_m = plan.planned_home.alt_amsl_m;
  }
  if (!o.aircraft.empty() || o.scenario.empty()) {
    Result<VehicleModel> m = make_model(aircraft_name);
    if (!m.ok()) return unreadable(m.error().message);
    model = std::move(m).value();
  }
  const AircraftParams& ac = model.aircraft;
  double capacity_kg = 0;
  for (const FuelTankParams& t : ac.mass.tanks) capacity_kg += t.capacity_kg;
  // Defaults: the scenario's loading, else full tanks and the usual payload.
  if (fuel_kg < 0) fuel_kg = capacity_kg;
  if (payload_kg < 0) payload_kg = std::min(70.0, ac.mass.payload_max_kg);
  if (o.fuel_kg >= 0) fuel_kg = o.fuel_kg;
  if (o.payload_kg >= 0) payload_kg = o.payload_kg;
  if (fuel_kg > capacity_kg + 1e-9)
    return unreadable("--fuel-kg: " + ac.name + " carries at most " + num(capacity_kg) +
                      " kg of fuel, got " + num(fuel_kg));
  if (payload_kg > ac.mass.payload_max_kg + 1e-9)
    return unreadable("--payload-kg: " + ac.name + " carries at most " +
                      num(ac.mass.payload_max_kg) + " kg of payload, got " + num(payload_kg));
  const double takeoff_mass = ac.mass.empty_mass_kg + payload_kg + fuel_kg;
  if (takeoff_mass > ac.mass.max_takeoff_mass_kg + 1e-9)
    return unreadable("the loading (empty " + num(ac.mass.empty_mass_kg) + " + payload " +
                      num(payload_kg) + " + fuel " + num(fuel_kg) +
                      " kg) exceeds the maximum take-off mass " + num(ac.mass.max_takeoff_mass_kg) +
                      " kg");

  // The aircraft's figures from trims.
  const AutopilotParams& ap = probe.params();
  const PlanPerformanceRequest pr = plan_performance_request(
      ap, probe.guidance_params(), probe.tecs_params(), payload_kg, fuel_kg);
  Result<PlanPerformance> perf = plan_performance(model, pr);
  if (!perf.ok()) return unreadable(perf.error().message);

  PlanCheckOptions opt;
  opt.fuel_kg = fuel_kg;
  opt.reserve_kg = o.reserve_kg >= 0 ? o.reserve_kg : probe.bingo_params().reserve_kg;
  opt.wind_ne = wind_ne_from(o.wind_mps, o.wind_from_deg * kRadPerDeg);
  opt.fence = probe.geofence_params();
  const PlanCheckReport r = check_plan(plan, perf.value(), site, opt);

  // ---- JSON
  if (o.json) {
    nlohmann::json j;
    j["file"] = o.file;
    j["format"] = loaded.value().format == mission::MissionFormat::kQgcPlan ? "plan" : "wpl";
    j["flyable"] = r.flyable();
    j["errors"] = r.errors();
    j["warnings"] = r.warnings();
    j["aircraft"] = {{"name", ac.name},
                     {"takeoff_mass_kg", round_to(takeoff_mass, 2)},
                     {"fuel_kg", round_to(fuel_kg, 2)},
                     {"payload_kg", round_to(payload_kg, 2)},
                     {"cruise_eas_mps", round_to(pr.cruise_eas_mps, 2)},
                     {"loiter_eas_mps", round_to(pr.loiter_eas_mps, 2)},
                     {"bank_max_deg", round_to(pr.bank_max_rad * kDegPerRad, 1)},
                     {"service_ceiling_m", round_to(r.service_ceiling_m, 0)}};
    j["site"] = {{"name", site.name},
                 {"scenario",
                  scenario_name.empty() ? nlohmann::json(nullptr) : nlohmann::json(scenario_name)},
                 {"home_lat_deg", site.home_lat_deg},
                 {"home_lon_deg", site.home_lon_deg},
                 {"elevation_m", round_to(site.elevation_m, 2)},
                 {"runway", site.runway.has_value()}};
    j["wind"] = {{"speed_mps", round_to(o.wind_mps, 2)},
                 {"from_deg", round_to(o.wind_from_deg, 1)}};
    j["reserve_kg"] = round_to(opt.reserve_kg, 2);
    j["distance_km"] = round_to(r.distance_m / 1000, 3);
    j["time_h"] = round_to(r.time_s / 3600, 4);
    j["fuel"] = {{"on_board_kg", round_to(fuel_kg, 2)},
                 {"used_kg", round_to(r.fuel_used_kg, 3)},
                 {"landing_kg", optional_number(r.landing_fuel_kg, 3)},
                 {"complete", r.fuel_complete},
                 {"covers_to_item", r.fuel_end_seq},
                 {"reserve_item", r.reserve_seq ? nlohmann::json(*r.reserve_seq) : nullptr},
                 {"dry_item", r.dry_seq ? nlohmann::json(*r.dry_seq) : nullptr}};
    nlohmann::json items = nlohmann::json::array();
    for (const PlanItemReport& it : r.items) {
      items.push_back({{"seq", it.seq},
                       {"command", it.command},
                       {"name", std::string(mission::mav_cmd_name(it.command))},
                       {"alt_amsl_m", optional_number(it.alt_amsl_m, 1)},
                       {"passes", it.passes},
                       {"distance_m", round_to(it.distance_m, 1)},
                       {"time_s", round_to(it.time_s, 1)},
                       {"fuel_kg", round_to(it.fuel_kg, 3)},
                       {"fuel_after_kg", optional_number(it.fuel_after_kg, 3)}});
    }
    j["items"] = items;
    nlohmann::json findings = nlohmann::json::array();
    for (const PlanFinding& f : r.findings)
      findings.push_back({{"severity", std::string(to_string(f.severity))},
                          {"item", f.seq},
                          {"check", f.check},
                          {"message", f.message}});
    j["findings"] = findings;
    print_json(j);
    return r.flyable() ? 0 : kExitRefused;
  }

  // ---- Text
  std::printf("Plan check: %s (%s, %zu items)\n", o.file.c_str(),
              std::string(mission::mission_format_name(loaded.value().format)).c_str(),
              plan.items.size());
  std::printf(
      "  aircraft  %s, take-off mass %.1f kg (fuel %.1f kg, payload %.1f kg), reserve "
      "%.1f kg\n",
      ac.name.c_str(), takeoff_mass, fuel_kg, payload_kg, opt.reserve_kg);
  std::printf(
      "            cruise %.1f m/s EAS, loiter %.1f m/s EAS, bank limit %.0f deg, "
      "service ceiling %.0f m at take-off\n",
      pr.cruise_eas_mps, pr.loiter_eas_mps, pr.bank_max_rad * kDegPerRad, r.service_ceiling_m);
  if (scenario_name.empty())
    std::printf("  site      the plan's planned home %.6f, %.6f, elevation %.0f m\n",
                site.home_lat_deg, site.home_lon_deg, site.elevation_m);
  else
    std::printf(
        "  site      %s (scenario %s): home %.6f, %.6f, elevation %.0f m, take-off "
        "from the runway threshold (heading %.0f deg)\n",
        site.name.c_str(), scenario_name.c_str(), site.home_lat_deg, site.home_lon_deg,
        site.elevation_m, site.runway->heading_rad * kDegPerRad);
  if (o.wind_mps > 0)
    std::printf("  wind      %.1f m/s from %.0f deg, steady\n", o.wind_mps, o.wind_from_deg);
  else
    std::printf("  wind      calm\n");
  std::printf(
      "\n  item  command              alt AMSL  passes   dist km  time min   fuel kg  "
      "fuel after\n");
  for (const PlanItemReport& it : r.items) {
    const std::string name(mission::mav_cmd_name(it.command));
    std::printf("  %4d  %-20s ", it.seq,
                (name.empty() ? std::to_string(it.command) : name).substr(0, 20).c_str());
    if (it.alt_amsl_m)
      std::printf("%8.0f", *it.alt_amsl_m);
    else
      std::printf("%8s", "-");
    std::printf("  %6d  %8.1f  %8.1f  %8.2f", it.passes, it.distance_m / 1000, it.time_s / 60,
                it.fuel_kg);
    if (it.fuel_after_kg)
      std::printf("  %10.2f\n", *it.fuel_after_kg);
    else
      std::printf("  %10s\n", "-");
  }
  std::printf("\n  route     %.1f km, %s, fuel used %.1f kg", r.distance_m / 1000,
              hours_minutes(r.time_s).c_str(), r.fuel_used_kg);
  if (r.landing_fuel_kg)
    std::printf(", predicted landing fuel %.1f kg (reserve %.1f kg)\n", *r.landing_fuel_kg,
                opt.reserve_kg);
  else
    std::printf(" to item %d (the fuel figures end there)\n", r.fuel_end_seq);
  if (!r.findings.empty()) std::printf("\n");
  for (const PlanFinding& f : r.findings)
    std::printf("  %-7s [%s] %s\n", std::string(to_string(f.severity)).c_str(), f.check.c_str(),
                f.message.c_str());
  std::printf("\n%s: %d error%s, %d warning%s\n", r.flyable() ? "FLYABLE" : "REFUSED", r.errors(),
              r.errors() == 1 ? "" : "s", r.warnings(), r.warnings() == 1 ? "" : "s");
  return r.flyable() ? 0 : kExitRefused;
}

RunFn setup(CLI::App& app) {
  auto o = std::make_shared<Opts>();
  app.require_subcommand(1);
  CLI::App* check = app.add_subcommand(
      "check",
      "Check a mission plan (.plan or QGC WPL 110) against an aircraft and a site before it is "
      "flown: items, altitudes and ceiling, turns, geofence, rally points, reach in the wind, "
      "fuel. Exit 0 flyable, 1 refused, 2 unreadable input");
  check->add_option("file", o->file, "Mission file: QGroundControl .plan or QGC WPL 110")
      ->required();
  check->add_option("--aircraft", o->aircraft,
                    "Aircraft: a built-in name or a file (default: the scenario's, else "
                    "searcher2)");
  check->add_option("--scenario", o->scenario,
                    "Site (home, runway, elevation), loading and autopilot parameters from this "
                    "scenario: a built-in name or a file (default: the plan's planned home as "
                    "home, its altitude as the elevation)");
  check
      ->add_option("--fuel-kg", o->fuel_kg,
                   "Fuel on board at engine start [kg] (default: the scenario's, else full "
                   "tanks)")
      ->check(CLI::Range(0.0, 10000.0));
  check
      ->add_option("--payload-kg", o->payload_kg,
                   "Payload [kg] (default: the scenario's, else 70 kg or what the bay takes)")
      ->check(CLI::Range(0.0, 10000.0));
  check
      ->add_option("--wind-mps", o->wind_mps,
                   "Steady wind assumed for the fuel and reachability figures [m/s]")
      ->check(CLI::Range(0.0, 100.0))
      ->capture_default_str();
  check->add_option("--wind-from-deg", o->wind_from_deg, "Direction the wind blows from [deg]")
      ->check(CLI::Range(0.0, 360.0))
      ->capture_default_str();
  check
      ->add_option("--reserve-kg", o->reserve_kg,
                   "Fuel to land with [kg] (default: BINGO_RESERVE_KG, the scenario's or 7)")
      ->check(CLI::Range(0.0, 1000.0));
  check->add_flag("--json", o->json, "Print the report as JSON (docs/cli.md lists the keys)");
  return [o, check]() -> int {
    if (check->parsed()) return run_check(*o);
    return 0;
  };
}

const bool registered = register_command(
    {"plan", "Mission plans: `plan check FILE` validates one against an aircraft and a site", 7,
     setup});

}  // namespace
}  // namespace kestrel::cli
