// kestrel trim: steady wings-level trim (or a glide with --engine off).
#include <cstdio>

#include "analysis/trim.h"
#include "commands.h"
#include "common.h"

namespace kestrel::cli {

namespace {

RunFn setup(CLI::App& app) {
  struct Opts {
    std::string aircraft = "searcher2";
    double airspeed = 40, altitude = 3000, mass = 0, gamma_deg = 0;
    std::string engine = "on";
    bool json = false;
  };
  auto o = std::make_shared<Opts>();
  app.add_option("aircraft,--aircraft", o->aircraft, "Aircraft: a built-in name or a file")
      ->capture_default_str();
  app.add_option("--airspeed", o->airspeed, "True airspeed [m/s]")
      ->check(CLI::Range(5.0, 150.0))
      ->capture_default_str();
  app.add_option("--altitude", o->altitude, "Altitude above mean sea level [m]")
      ->check(CLI::Range(-400.0, 20000.0))
      ->capture_default_str();
  app.add_option("--mass-kg", o->mass, "Total mass [kg] (default: 70 kg payload, 100 kg fuel)")
      ->check(CLI::PositiveNumber);
  app.add_option("--flight-path-deg", o->gamma_deg, "Flight path angle, climb + [deg]")
      ->check(CLI::Range(-30.0, 30.0));
  app.add_option("--engine", o->engine, "on, or off for a glide")
      ->check(CLI::IsMember({"on", "off"}));
  app.add_flag("--json", o->json, "Print the result as JSON");

  return [o]() -> int {
    Result<VehicleModel> model = make_model(o->aircraft);
    if (!model.ok()) return fail(model.error().message);
    const VehicleModel& m = model.value();
    TrimRequest req;
    req.airspeed_mps = o->airspeed;
    req.altitude_m = o->altitude;
    req.flight_path_rad = o->gamma_deg * kRadPerDeg;
    req.engine_off = o->engine == "off";
    const double mass = o->mass > 0 ? o->mass : m.aircraft.mass.empty_mass_kg + 170.0;
    Result<Loading> loading = loading_for_mass(m.aircraft, mass);
    if (!loading.ok()) return fail("--mass-kg: " + loading.error().message);
    req.loading = loading.value();
    const TrimResult r = trim(m, req);

    nlohmann::json j;
    j["converged"] = r.converged;
    j["alpha_deg"] = round_to(r.alpha_rad * kDegPerRad, 4);
    j["pitch_deg"] = round_to(r.pitch_rad * kDegPerRad, 4);
    j["elevator_deg"] = round_to(r.elevator_rad * kDegPerRad, 4);
    j["aileron_deg"] = round_to(r.aileron_rad * kDegPerRad, 4);
    j["rudder_deg"] = round_to(r.rudder_rad * kDegPerRad, 4);
    j["throttle"] = round_to(r.throttle, 4);
    j["rpm"] = round_to(r.engine_rpm, 1);
    j["shaft_power_kw"] = round_to(r.shaft_power_w / 1000, 3);
    j["thrust_n"] = round_to(r.thrust_n, 2);
    j["drag_n"] = round_to(r.drag_n, 2);
    j["cl"] = round_to(r.cl, 5);
    j["cd"] = round_to(r.cd, 5);
    j["lift_to_drag"] = round_to(r.lift_to_drag, 3);
    j["fuel_flow_kg_h"] = round_to(r.fuel_flow_kg_s * 3600, 4);
    j["mass_kg"] = round_to(r.mass_kg, 2);
    if (req.engine_off) j["flight_path_deg"] = round_to(r.flight_path_rad * kDegPerRad, 4);
    if (o->json) {
      print_json(j);
    } else {
      std::printf("Trim of %s at %.1f m/s TAS, %.0f m AMSL, %.1f kg%s\n", m.aircraft.name.c_str(),
                  o->airspeed, o->altitude, r.mass_kg, req.engine_off ? ", engine off" : "");
      for (auto it = j.begin(); it != j.end(); ++it)
        std::printf("  %-16s %s\n", it.key().c_str(), it.value().dump().c_str());
    }
    return r.converged ? 0 : 3;
  };
}

const bool registered = register_command(
    {"trim", "Steady wings-level trim at an airspeed and altitude (or a glide)", 10, setup});

}  // namespace
}  // namespace kestrel::cli
