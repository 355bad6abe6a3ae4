// kestrel openloop: fly from trim with scripted control increments; write a time history CSV.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>

#include "analysis/openloop.h"
#include "analysis/trim.h"
#include "commands.h"
#include "common.h"

namespace kestrel::cli {
namespace {

RunFn setup(CLI::App& app) {
  struct Opts {
    std::string aircraft = "searcher2", inputs, out;
    double airspeed = 40, altitude = 3000, mass = 0, duration = 300, rate_hz = 10;
    int physics_hz = 400;
    std::string engine = "on";
    EnvironmentOptions env;
    bool json = false;
  };
  auto o = std::make_shared<Opts>();
  app.add_option("aircraft,--aircraft", o->aircraft, "Aircraft: a built-in name or a file")
      ->capture_default_str();
  app.add_option("--airspeed", o->airspeed, "Trim true airspeed [m/s]")
      ->check(CLI::Range(5.0, 150.0))
      ->capture_default_str();
  app.add_option("--altitude", o->altitude, "Trim altitude above mean sea level [m]")
      ->check(CLI::Range(-400.0, 20000.0))
      ->capture_default_str();
  app.add_option("--mass-kg", o->mass, "Total mass [kg] (default: 70 kg payload, 100 kg fuel)")
      ->check(CLI::PositiveNumber);
  app.add_option("--engine", o->engine, "on, or off for a glide")
      ->check(CLI::IsMember({"on", "off"}));
  app.add_option("--inputs", o->inputs,
                 "CSV of control increments over trim: time_s and any of elevator_deg, "
                 "aileron_deg, rudder_deg, throttle (linear between rows)")
      ->check(CLI::ExistingFile);
  app.add_option("--duration", o->duration, "Flight time [s]")
      ->check(CLI::Range(0.0, 200000.0))
      ->capture_default_str();
  app.add_option("--out", o->out, "Time history CSV to write")->required();
  app.add_option("--rate-hz", o->rate_hz, "Output rate [Hz] (must divide --physics-hz)")
      ->check(CLI::Range(0.001, 10000.0))
      ->capture_default_str();
  app.add_option("--physics-hz", o->physics_hz, "Physics (RK4) rate [Hz]")
      ->check(CLI::Range(50, 5000))
      ->capture_default_str();
  add_environment_options(app, o->env);
  app.add_flag("--json", o->json, "Print the summary as JSON");

  return [o]() -> int {
    Result<VehicleModel> model = make_model(o->aircraft);
    if (!model.ok()) return fail(model.error().message);
    VehicleModel m = std::move(model).value();
    m.step = SimTime::period_of_hz(o->physics_hz);
    const double per_output = o->physics_hz / o->rate_hz;
    if (std::abs(per_output - std::round(per_output)) > 1e-9 || per_output < 1 ||
        1e6 / o->physics_hz != std::round(1e6 / o->physics_hz))
      return fail("--rate-hz " + std::to_string(o->rate_hz) + " must divide --physics-hz " +
                  std::to_string(o->physics_hz) + ", whose step must be a whole microsecond");
    InputSchedule schedule;
    if (!o->inputs.empty()) {
      Result<InputSchedule> s = load_input_schedule(o->inputs);
      if (!s.ok()) return fail(s.error().message);
      schedule = s.value();
    }
    TrimRequest req;
    req.airspeed_mps = o->airspeed;
    req.altitude_m = o->altitude;
    req.engine_off = o->engine == "off";
    Result<Loading> loading =
        loading_for_mass(m.aircraft, o->mass > 0 ? o->mass : m.aircraft.mass.empty_mass_kg + 170.0);
    if (!loading.ok()) return fail("--mass-kg: " + loading.error().message);
    req.loading = loading.value();
    const TrimResult t = trim(m, req);  // trimmed in still air
    if (!t.converged) return fail("the aircraft does not trim at this airspeed and altitude");
    Result<bool> env_ok = apply_environment_options(o->env, m);
    if (!env_ok.ok()) return fail(env_ok.error().message);
    VehicleState s0 = t.state;
    s0.turbulence_rng = make_stream(o->env.seed, "turbulence");

    std::ofstream csv(o->out);
    if (!csv) return fail(o->out + ": cannot write");
    csv << "time_s,lat_deg,lon_deg,alt_m,vn_mps,ve_mps,vd_mps,roll_deg,pitch_deg,yaw_deg,"
           "p_rad_s,q_rad_s,r_rad_s,alpha_deg,beta_deg,tas_mps,rpm,fuel_kg\n";
    char buf[512];
    int rows = 0;
    double alt_min = 1e9, alt_max = -1e9, tas_min = 1e9, tas_max = 0, bank_max = 0, ground_m = 0;
    Vec3 last_ned = Vec3::Zero();
    bool have_last = false;
    const auto wall0 = std::chrono::steady_clock::now();
    ProgressBar bar("openloop");
    const VehicleState end = fly_open_loop(
        m, s0, t.controls, schedule, o->duration, o->rate_hz,
        [&](const OpenLoopSample& x) {
          const VehicleTelemetry& v = x.tel;
          std::snprintf(
              buf, sizeof buf,
              "%.3f,%.9f,%.9f,%.3f,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f,%.6f,%.6f,%.6f,%.4f,%.4f,"
              "%.4f,%.1f,%.4f\n",
              x.time_s, rad_to_deg(v.position.lat_rad), rad_to_deg(v.position.lon_rad),
              v.position.height_ellipsoid_m, v.vel_ned_mps.x(), v.vel_ned_mps.y(),
              v.vel_ned_mps.z(), rad_to_deg(v.euler.roll_rad), rad_to_deg(v.euler.pitch_rad),
              rad_to_deg(v.euler.yaw_rad), v.omega_eb_b_rad_s.x(), v.omega_eb_b_rad_s.y(),
              v.omega_eb_b_rad_s.z(), rad_to_deg(v.alpha_rad), rad_to_deg(v.beta_rad), v.tas_mps,
              x.engine_rpm, x.fuel_kg);
          csv << buf;
          ++rows;
          alt_min = std::min(alt_min, v.position.height_ellipsoid_m);
          alt_max = std::max(alt_max, v.position.height_ellipsoid_m);
          tas_min = std::min(tas_min, v.tas_mps);
          tas_max = std::max(tas_max, v.tas_mps);
          bank_max = std::max(bank_max, std::abs(v.euler.roll_rad));
          const Vec3 ned(v.position.lat_rad * 6371000.0,
                         v.position.lon_rad * 6371000.0 * std::cos(v.position.lat_rad), 0.0);
          if (have_last) ground_m += (ned - last_ned).norm();
          last_ned = ned;
          have_last = true;
        },
        [&](double f) { bar.update(f); });
    csv.close();
    if (!csv) return fail(o->out + ": write failed");
    const double wall_s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count();

    nlohmann::json j;
    j["out"] = o->out;
    j["rows"] = rows;
    j["sim_time_s"] = round_to(end.time.seconds(), 3);
    j["crashed"] = end.crashed;
    const Geodetic g = earth_position(m.earth, end.body.pos_ecef_m);
    j["final_alt_m"] = round_to(g.height_ellipsoid_m, 2);
    j["fuel_used_kg"] = round_to(end.fuel_burnt_kg, 4);
    j["alt_min_m"] = round_to(alt_min, 2);
    j["alt_max_m"] = round_to(alt_max, 2);
    j["tas_min_mps"] = round_to(tas_min, 3);
    j["tas_max_mps"] = round_to(tas_max, 3);
    j["max_bank_deg"] = round_to(bank_max * kDegPerRad, 2);
    j["ground_distance_km"] = round_to(ground_m / 1000, 3);
    j["wall_time_s"] = round_to(wall_s, 3);
    j["realtime_factor"] = round_to(end.time.seconds() / std::max(wall_s, 1e-9), 0);
    if (o->json) {
      print_json(j);
    } else {
      std::printf("%s: %.1f s flown in %.3f s (%.0fx real time)%s\n", m.aircraft.name.c_str(),
                  end.time.seconds(), wall_s, end.time.seconds() / std::max(wall_s, 1e-9),
                  end.crashed ? ", CRASHED" : "");
      std::printf("  altitude %.1f .. %.1f m, true airspeed %.2f .. %.2f m/s, max bank %.1f deg\n",
                  alt_min, alt_max, tas_min, tas_max, bank_max * kDegPerRad);
      std::printf("  ground distance %.2f km, fuel used %.3f kg; %d rows written to %s\n",
                  ground_m / 1000, end.fuel_burnt_kg, rows, o->out.c_str());
    }
    return 0;
  };
}

const bool registered = register_command(
    {"openloop", "Fly from trim with scripted control inputs; write a time history CSV", 40,
     setup});

}  // namespace
}  // namespace kestrel::cli
