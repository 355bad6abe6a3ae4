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

nlohmann::json nav_summary_json(const NavSummary& n) {
  nlohmann::json j;
  for (const auto& [name, value] : nav_numeric_fields(n)) j[name] = round_to(value, 4);
  if (n.jump) j["gnss_jump_rejected"] = n.jump_rejected;
  return j;
}

std::vector<std::pair<std::string, double>> nav_numeric_fields(const NavSummary& n) {
  std::vector<std::pair<std::string, double>> f = {{"att_err_rms_deg", n.att_err_rms_deg},
                                                   {"roll_err_rms_deg", n.roll_err_rms_deg},
                                                   {"pitch_err_rms_deg", n.pitch_err_rms_deg},
                                                   {"heading_err_rms_deg", n.heading_err_rms_deg},
                                                   {"pos_err_rms_m", n.pos_err_rms_m},
                                                   {"alt_err_rms_m", n.alt_err_rms_m},
                                                   {"vel_err_rms_mps", n.vel_err_rms_mps},
                                                   {"wind_err_rms_mps", n.wind_err_rms_mps},
                                                   {"nees_in_bounds_frac", n.nees_in_bounds_frac},
                                                   {"max_pos_err_m", n.max_pos_err_m},
                                                   {"gnss_pos_err_rms_m", n.gnss_pos_err_rms_m}};
  if (n.outage) {
    f.push_back({"gnss_outage_s", n.outage_duration_s});
    f.push_back({"gnss_outage_distance_m", n.outage_distance_m});
    f.push_back({"gnss_outage_end_pos_err_m", n.outage_end_pos_err_m});
    f.push_back({"gnss_outage_end_err_frac", n.outage_end_err_frac});
    f.push_back({"gnss_outage_pos_err_10s_after_m", n.outage_pos_err_10s_after_m});
  }
  if (n.jump) {
    f.push_back({"gnss_jump_max_shift_m", n.jump_max_shift_m});
    f.push_back({"gnss_jump_reset_after_s", n.jump_reset_after_s});
    f.push_back({"gnss_jump_err_to_gnss_30s_m", n.jump_err_to_gnss_30s_m});
  }
  return f;
}

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
    if (a.nav.present) x["nav"] = nav_summary_json(a.nav);
    list.push_back(x);
  }
  j["aircraft"] = list;
  return j;
}

std::string run_summary_text(const RunSummary& s) {
  std::string out;
  char buf[512];
  std::snprintf(buf, sizeof buf,
                "%s (seed %llu): %s after %.1f s simulated in %.2f s (%.0fx real time)\n",
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
    if (a.nav.present) {
      const NavSummary& n = a.nav;
      std::snprintf(
          buf, sizeof buf,
          "           nav: attitude %.2f deg, heading %.2f deg, position %.2f m (GNSS %.2f m), "
          "altitude %.2f m, wind %.2f m/s RMS; NEES in bounds %.0f %%\n",
          n.att_err_rms_deg, n.heading_err_rms_deg, n.pos_err_rms_m, n.gnss_pos_err_rms_m,
          n.alt_err_rms_m, n.wind_err_rms_mps, 100.0 * n.nees_in_bounds_frac);
      out += buf;
    }
  }
  for (const std::string& e : s.events_fired) out += "  event " + e + "\n";
  if (!s.error.empty()) out += "  error: " + s.error + "\n";
  return out;
}

}  // namespace kestrel
