#include "sim/summary_json.h"

#include <cmath>
#include <cstdio>

namespace kestrel {
namespace {

double round_to(double v, int decimals) {
  const double f = std::pow(10.0, decimals);
  return std::round(v * f) / f;
}

}  // namespace

nlohmann::json run_summary_json(const RunSummary& s) {
  nlohmann::json j;
  j["scenario"] = s.scenario;
  j["seed"] = s.seed;
  j["sim_time_s"] = round_to(s.sim_time_s, 3);
  j["wall_time_s"] = round_to(s.wall_time_s, 3);
  j["realtime_factor"] = round_to(s.realtime_factor, 1);
  j["outcome"] = to_string(s.outcome);
  if (!s.error.empty()) j["error"] = s.error;
  j["events"] = s.events_fired;
  nlohmann::json list = nlohmann::json::array();
  for (const AircraftSummary& a : s.aircraft) {
    nlohmann::json x;
    x["id"] = a.id;
    x["outcome"] = to_string(a.outcome);
    x["flight_time_s"] = round_to(a.flight_time_s, 3);
    x["distance_km"] = round_to(a.distance_km, 4);
    x["fuel_used_kg"] = round_to(a.fuel_used_kg, 4);
    x["max_altitude_m"] = round_to(a.max_altitude_m, 2);
    x["landed"] = a.landed;
    x["crashed"] = a.crashed;
    if (a.crashed) {
      x["crash_impact_speed_mps"] = round_to(a.crash_impact_speed_mps, 2);
      x["crash_contact"] = a.crash_contact;
    }
    list.push_back(x);
  }
  j["aircraft"] = list;
  return j;
}

std::string run_summary_text(const RunSummary& s) {
  std::string out;
  char buf[512];
  std::snprintf(buf, sizeof buf, "%s (seed %llu): %s after %.1f s simulated in %.2f s (%.0fx real time)\n",
                s.scenario.c_str(), static_cast<unsigned long long>(s.seed), to_string(s.outcome),
                s.sim_time_s, s.wall_time_s, s.realtime_factor);
  out += buf;
  for (const AircraftSummary& a : s.aircraft) {
    std::snprintf(buf, sizeof buf,
                  "  %-8s %-10s flew %.1f s, %.2f km, max altitude %.0f m, fuel used %.3f kg%s%s\n",
                  a.id.c_str(), to_string(a.outcome), a.flight_time_s, a.distance_km,
                  a.max_altitude_m, a.fuel_used_kg, a.landed ? ", landed" : "",
                  a.crashed ? (", CRASHED (" + a.crash_contact + ")").c_str() : "");
    out += buf;
  }
  for (const std::string& e : s.events_fired) out += "  event " + e + "\n";
  if (!s.error.empty()) out += "  error: " + s.error + "\n";
  return out;
}

}  // namespace kestrel
