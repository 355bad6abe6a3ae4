// kestrel perf: the performance envelope (stall, speeds, climb, ceilings, glide, endurance, range,
// take-off ground roll) of an aircraft at a mass, from trims and a simulated take-off.
#include <chrono>
#include <cstdio>

#include "analysis/perf.h"
#include "commands.h"
#include "common.h"

namespace kestrel::cli {

namespace {

RunFn setup(CLI::App& app) {
  struct Opts {
    std::string aircraft = "searcher2";
    double mass = 450, altitude = 3000;
    bool json = false;
  };
  auto o = std::make_shared<Opts>();
  app.add_option("aircraft,--aircraft", o->aircraft, "Aircraft: a built-in name or a file")
      ->capture_default_str();
  app.add_option("--mass-kg", o->mass, "Take-off mass [kg] (70 kg payload, the rest fuel)")
      ->check(CLI::Range(1.0, 5000.0))
      ->capture_default_str();
  app.add_option("--altitude", o->altitude, "Altitude AMSL for endurance and range [m]")
      ->check(CLI::Range(0.0, 15000.0))
      ->capture_default_str();
  app.add_flag("--json", o->json, "Print the result as JSON");

  return [o]() -> int {
    Result<VehicleModel> model = make_model(o->aircraft);
    if (!model.ok()) return fail(model.error().message);
    const VehicleModel& m = model.value();
    if (Result<Loading> l = loading_for_mass(m.aircraft, o->mass); !l.ok())
      return fail("--mass-kg: " + l.error().message);
    PerfRequest req;
    req.mass_kg = o->mass;
    req.altitude_m = o->altitude;
    const auto t0 = std::chrono::steady_clock::now();
    const PerfResult r = compute_performance(m, req);
    const double wall_s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

    nlohmann::json j;
    j["mass_kg"] = round_to(r.mass_kg, 2);
    j["fuel_kg"] = round_to(r.loading.fuel_kg, 2);
    j["payload_kg"] = round_to(r.loading.payload_kg, 2);
    j["stall_speed_mps"] = round_to(r.stall_speed_mps, 2);
    j["stall_cl"] = round_to(r.stall_cl, 4);
    j["max_level_speed_mps"] = round_to(r.max_level_speed_mps, 2);
    j["max_climb_rate_mps"] = round_to(r.max_climb_rate_mps, 3);
    j["best_climb_speed_mps"] = round_to(r.best_climb_speed_mps, 2);
    j["service_ceiling_m"] = round_to(r.service_ceiling_m, 0);
    j["absolute_ceiling_m"] = round_to(r.absolute_ceiling_m, 0);
    j["lift_to_drag_max"] = round_to(r.lift_to_drag_max, 3);
    j["lift_to_drag_max_speed_mps"] = round_to(r.lift_to_drag_max_speed_mps, 2);
    j["best_glide_speed_mps"] = round_to(r.best_glide_speed_mps, 2);
    j["glide_ratio_max"] = round_to(r.glide_ratio_max, 3);
    j["altitude_m"] = round_to(o->altitude, 1);
    j["best_endurance_speed_mps"] = round_to(r.best_endurance_speed_mps, 2);
    j["min_fuel_flow_kg_h"] = round_to(r.min_fuel_flow_kg_s * 3600, 4);
    j["endurance_h"] = round_to(r.endurance_s / 3600, 3);
    j["best_range_speed_mps"] = round_to(r.best_range_speed_mps, 2);
    j["range_km"] = round_to(r.range_m / 1000, 1);
    j["takeoff_ground_roll_m"] = round_to(r.takeoff.ground_roll_m, 1);
    j["takeoff_rotate_speed_mps"] = round_to(r.takeoff.rotate_speed_mps, 2);
    j["takeoff_liftoff_speed_mps"] = round_to(r.takeoff.liftoff_speed_mps, 2);
    j["takeoff_time_s"] = round_to(r.takeoff.liftoff_time_s, 2);
    j["takeoff_max_pitch_deg"] = round_to(r.takeoff.max_pitch_rad * kDegPerRad, 2);
    j["static_thrust_n"] = round_to(r.takeoff.static_thrust_n, 1);
    j["trims"] = r.trims;
    j["problems"] = r.problems;

    if (o->json) {
      print_json(j);
    } else {
      std::printf("Performance of %s at %.1f kg (fuel %.1f kg, payload %.1f kg), ISA, still air\n",
                  m.aircraft.name.c_str(), r.mass_kg, r.loading.fuel_kg, r.loading.payload_kg);
      std::printf("  Stall speed (1 g, clean, SL)     %7.2f m/s  (%.1f kt), CL %.3f\n",
                  r.stall_speed_mps, r.stall_speed_mps / kMetresPerSecondPerKnot, r.stall_cl);
      std::printf("  Max level speed (SL)             %7.2f m/s  (%.0f km/h)\n",
                  r.max_level_speed_mps, r.max_level_speed_mps * 3.6);
      std::printf("  Max climb rate (SL)              %7.3f m/s  (%.0f ft/min) at %.2f m/s\n",
                  r.max_climb_rate_mps, r.max_climb_rate_mps / kMetresPerFoot * 60,
                  r.best_climb_speed_mps);
      std::printf("  Service ceiling (%.1f m/s)       %7.0f m    (%.0f ft)\n",
                  req.service_ceiling_climb_mps, r.service_ceiling_m,
                  r.service_ceiling_m / kMetresPerFoot);
      std::printf("  Absolute ceiling                 %7.0f m    (%.0f ft)\n", r.absolute_ceiling_m,
                  r.absolute_ceiling_m / kMetresPerFoot);
      std::printf("  L/D max (aerodynamic)            %7.3f      at %.2f m/s (SL)\n",
                  r.lift_to_drag_max, r.lift_to_drag_max_speed_mps);
      std::printf("  Best glide (engine off, SL)      %7.2f m/s  glide ratio %.2f\n",
                  r.best_glide_speed_mps, r.glide_ratio_max);
      std::printf("  At %.0f m: best endurance speed  %7.2f m/s  fuel flow %.3f kg/h\n",
                  o->altitude, r.best_endurance_speed_mps, r.min_fuel_flow_kg_s * 3600);
      std::printf("  Endurance (all fuel)             %7.2f h\n", r.endurance_s / 3600);
      std::printf("  Best range speed                 %7.2f m/s\n", r.best_range_speed_mps);
      std::printf("  Range (all fuel, still air)      %7.0f km\n", r.range_m / 1000);
      std::printf("  Take-off ground roll (SL ISA)    %7.1f m    lift-off %.2f m/s after %.1f s\n",
                  r.takeoff.ground_roll_m, r.takeoff.liftoff_speed_mps, r.takeoff.liftoff_time_s);
      std::printf("  (%d trims, %.2f s)\n", r.trims, wall_s);
      for (const std::string& p : r.problems) std::printf("  problem: %s\n", p.c_str());
    }
    return r.problems.empty() ? 0 : 3;
  };
}

const bool registered = register_command(
    {"perf", "Performance envelope: stall, speeds, climb, ceilings, endurance, range, take-off", 20,
     setup});

}  // namespace
}  // namespace kestrel::cli
