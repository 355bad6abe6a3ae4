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

std::vector<std::pair<std::string, double>> autopilot_numeric_fields(const AircraftSummary& a) {
  std::vector<std::pair<std::string, double>> f;
  if (!a.autopilot) return f;
  const TrackingSummary& t = a.tracking;
  if (t.straight_s > 0) {
    f.push_back({"tracking.xtrack_rms_m", t.xtrack_rms_m});
    f.push_back({"tracking.xtrack_max_m", t.xtrack_max_m});
    f.push_back({"tracking.airspeed_err_rms_mps", t.airspeed_err_rms_mps});
  }
  if (t.level_s > 0) f.push_back({"tracking.alt_err_rms_m", t.alt_err_rms_m});
  if (t.circle_s > 0) {
    f.push_back({"tracking.loiter_radius_err_rms_m", t.loiter_radius_err_rms_m});
    f.push_back({"tracking.loiter_radius_err_max_m", t.loiter_radius_err_max_m});
  }
  if (a.approach.present) {
    f.push_back({"approach.glidepath_err_rms_m", a.approach.glidepath_err_rms_m});
    f.push_back({"approach.centreline_err_rms_m", a.approach.centreline_err_rms_m});
    f.push_back({"approach.airspeed_err_rms_mps", a.approach.airspeed_err_rms_mps});
  }
  const TouchdownSummary& d = a.touchdown;
  if (d.present) {
    f.push_back({"touchdown.along_m", d.along_m});
    f.push_back({"touchdown.along_abs_m", std::abs(d.along_m)});
    f.push_back({"touchdown.cross_m", d.cross_m});
    f.push_back({"touchdown.cross_abs_m", std::abs(d.cross_m)});
    f.push_back({"touchdown.sink_mps", d.sink_mps});
    f.push_back({"touchdown.airspeed_mps", d.airspeed_mps});
    f.push_back({"touchdown.heading_err_deg", d.heading_err_deg});
    f.push_back({"touchdown.bounced", d.bounced ? 1.0 : 0.0});
    f.push_back({"touchdown.skip_s", d.skip_s});
    f.push_back({"touchdown.skip_height_m", d.skip_height_m});
  }
  if (a.link.present) {
    f.push_back({"link.losses", a.link.losses});
    f.push_back({"link.lost_s", a.link.lost_s});
    f.push_back({"link.max_range_km", a.link.max_range_km});
  }
  f.push_back({"go_arounds", a.go_arounds});
  f.push_back({"mission.items_done", a.mission_items_done});
  f.push_back({"stopped", a.stopped ? 1.0 : 0.0});
  f.push_back({"structure_strike", a.structure_strike ? 1.0 : 0.0});
  f.push_back({"failsafes", static_cast<double>(a.failsafes.size())});
  if (a.fuel_at_landing_kg) f.push_back({"fuel_at_landing_kg", *a.fuel_at_landing_kg});
  f.push_back({"final_distance_from_home_m", a.final_distance_from_home_m});
  if (a.termination_distance_m) f.push_back({"termination_distance_m", *a.termination_distance_m});
  if (a.glide.present) {
    f.push_back({"glide.predicted_loss_m", a.glide.predicted_loss_m});
    f.push_back({"glide.reached", a.glide.reached ? 1.0 : 0.0});
    if (a.glide.reached) {
      f.push_back({"glide.actual_loss_m", a.glide.actual_loss_m});
      f.push_back({"glide.error_fraction", a.glide.error_fraction});
      f.push_back({"glide.error_fraction_abs", std::abs(a.glide.error_fraction)});
      f.push_back({"glide.vertical_air_m", a.glide.vertical_air_m});
      f.push_back({"glide.airmass_error_fraction", a.glide.airmass_error_fraction});
    }
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
    if (a.autopilot) {
      x["mode"] = a.mode;
      x["phase"] = a.phase;
      nlohmann::json tr;
      const TrackingSummary& t = a.tracking;
      const auto put = [](nlohmann::json& j, const char* k, bool have, double v) {
        j[k] = have ? nlohmann::json(round_to(v, 3)) : nlohmann::json(nullptr);
      };
      put(tr, "xtrack_rms_m", t.straight_s > 0, t.xtrack_rms_m);
      put(tr, "xtrack_max_m", t.straight_s > 0, t.xtrack_max_m);
      put(tr, "alt_err_rms_m", t.level_s > 0, t.alt_err_rms_m);
      put(tr, "airspeed_err_rms_mps", t.straight_s > 0, t.airspeed_err_rms_mps);
      put(tr, "loiter_radius_err_rms_m", t.circle_s > 0, t.loiter_radius_err_rms_m);
      put(tr, "loiter_radius_err_max_m", t.circle_s > 0, t.loiter_radius_err_max_m);
      tr["straight_s"] = round_to(t.straight_s, 1);
      tr["level_s"] = round_to(t.level_s, 1);
      tr["circle_s"] = round_to(t.circle_s, 1);
      x["tracking"] = tr;
      if (a.approach.present) {
        x["approach"] = {{"glidepath_err_rms_m", round_to(a.approach.glidepath_err_rms_m, 3)},
                         {"centreline_err_rms_m", round_to(a.approach.centreline_err_rms_m, 3)},
                         {"airspeed_err_rms_mps", round_to(a.approach.airspeed_err_rms_mps, 3)},
                         {"time_s", round_to(a.approach.time_s, 1)}};
      } else {
        x["approach"] = nullptr;
      }
      if (a.touchdown.present) {
        const TouchdownSummary& d = a.touchdown;
        x["touchdown"] = {{"time_s", round_to(d.time_s, 3)},
                          {"along_m", round_to(d.along_m, 2)},
                          {"cross_m", round_to(d.cross_m, 2)},
                          {"sink_mps", round_to(d.sink_mps, 3)},
                          {"airspeed_mps", round_to(d.airspeed_mps, 2)},
                          {"heading_err_deg", round_to(d.heading_err_deg, 2)},
                          {"bounced", d.bounced},
                          {"skip_s", round_to(d.skip_s, 2)},
                          {"skip_height_m", round_to(d.skip_height_m, 3)}};
      } else {
        x["touchdown"] = nullptr;
      }
      x["go_arounds"] = a.go_arounds;
      x["mission"] = {{"source", a.mission_from_plan ? "plan" : "list"},
                      {"item_count", a.mission_item_count},
                      {"current_item", a.mission_current},
                      {"items_done", a.mission_items_done},
                      {"complete", a.mission_complete}};
      x["stopped"] = a.stopped;
      x["structure_strike"] = a.structure_strike;
      nlohmann::json fs = nlohmann::json::array();
      for (const AircraftSummary::Failsafe& e : a.failsafes)
        fs.push_back({{"time_s", round_to(e.time_s, 3)},
                      {"kind", e.kind},
                      {"action", e.action},
                      {"text", e.text}});
      x["failsafes"] = fs;
      x["failsafe_action"] = a.failsafe_action;
      x["fuel_at_landing_kg"] = a.fuel_at_landing_kg
                                    ? nlohmann::json(round_to(*a.fuel_at_landing_kg, 4))
                                    : nlohmann::json(nullptr);
      x["final_ne_m"] = {round_to(a.final_north_m, 1), round_to(a.final_east_m, 1)};
      x["final_distance_from_home_m"] = round_to(a.final_distance_from_home_m, 1);
      x["termination_distance_m"] = a.termination_distance_m
                                        ? nlohmann::json(round_to(*a.termination_distance_m, 1))
                                        : nlohmann::json(nullptr);
      if (a.glide.present) {
        const AircraftSummary::Glide& g = a.glide;
        const auto if_reached = [&](double v, int decimals) {
          return g.reached ? nlohmann::json(round_to(v, decimals)) : nlohmann::json(nullptr);
        };
        x["glide"] = {{"start_time_s", round_to(g.start_time_s, 3)},
                      {"start_height_m", round_to(g.start_height_m, 1)},
                      {"distance_m", round_to(g.distance_m, 1)},
                      {"predicted_loss_m", round_to(g.predicted_loss_m, 1)},
                      {"reached", g.reached},
                      {"closest_m", if_reached(g.closest_m, 1)},
                      {"actual_loss_m", if_reached(g.actual_loss_m, 1)},
                      {"error_fraction", if_reached(g.error_fraction, 4)},
                      {"vertical_air_m", if_reached(g.vertical_air_m, 1)},
                      {"airmass_error_fraction", if_reached(g.airmass_error_fraction, 4)}};
      } else {
        x["glide"] = nullptr;
      }
    }
    if (a.link.present) {
      x["link"] = {{"losses", a.link.losses},
                   {"lost_s", round_to(a.link.lost_s, 2)},
                   {"max_range_km", round_to(a.link.max_range_km, 3)}};
    }
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
    if (a.autopilot) {
      const TrackingSummary& t = a.tracking;
      std::snprintf(buf, sizeof buf,
                    "           autopilot: %s/%s; cross-track %.2f m, altitude %.2f m, airspeed "
                    "%.2f m/s, loiter radius %.2f m RMS; mission item %d of %d, %d done; "
                    "go-arounds %d%s%s\n",
                    a.mode.c_str(), a.phase.c_str(), t.xtrack_rms_m, t.alt_err_rms_m,
                    t.airspeed_err_rms_mps, t.loiter_radius_err_rms_m, a.mission_current,
                    a.mission_item_count, a.mission_items_done, a.go_arounds,
                    a.stopped ? ", stopped on the runway" : "",
                    a.structure_strike ? ", STRUCTURE STRIKE" : "");
      out += buf;
      for (const AircraftSummary::Failsafe& e : a.failsafes) {
        std::snprintf(buf, sizeof buf, "           failsafe at %.1f s: %s -> %s (%s)\n", e.time_s,
                      e.kind.c_str(), e.action.c_str(), e.text.c_str());
        out += buf;
      }
      if (a.glide.present && a.glide.reached) {
        std::snprintf(buf, sizeof buf,
                      "           glide: height loss %.0f m predicted, %.0f m flown (%+.1f %%; "
                      "%+.0f m from the turbulence's vertical air, without it %+.1f %%)\n",
                      a.glide.predicted_loss_m, a.glide.actual_loss_m,
                      100.0 * a.glide.error_fraction, a.glide.vertical_air_m,
                      100.0 * a.glide.airmass_error_fraction);
        out += buf;
      }
      if (a.touchdown.present) {
        const TouchdownSummary& d = a.touchdown;
        std::snprintf(buf, sizeof buf,
                      "           touchdown: %.1f m from the aim point, %.2f m off the centreline, "
                      "sink %.2f m/s, airspeed %.1f m/s%s\n",
                      d.along_m, d.cross_m, d.sink_mps, d.airspeed_mps,
                      d.bounced ? ", BOUNCED" : "");
        out += buf;
      }
    }
  }
  for (const std::string& e : s.events_fired) out += "  event " + e + "\n";
  if (!s.error.empty()) out += "  error: " + s.error + "\n";
  return out;
}

}  // namespace kestrel
