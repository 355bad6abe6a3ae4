#include "report/flight_log.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <set>

#include "core/geodesy.h"
#include "log/ulog.h"

namespace kestrel::report {

namespace {

constexpr double kDegPerRad = 180.0 / M_PI;

std::vector<double> scaled(std::vector<double> v, double k) {
  for (double& x : v) x *= k;
  return v;
}

std::vector<double> us_to_s(std::vector<double> v) {
  for (double& x : v) x *= 1e-6;
  return v;
}

const std::string* info_value(const UlogFile& f, const std::string& key) {
  auto it = f.info.find(key);
  return it == f.info.end() ? nullptr : &it->second;
}

std::optional<double> info_number(const UlogFile& f, const std::string& key) {
  const std::string* v = info_value(f, key);
  if (!v) return std::nullopt;
  char* end = nullptr;
  const double x = std::strtod(v->c_str(), &end);
  if (end == v->c_str() || !std::isfinite(x)) return std::nullopt;
  return x;
}

const char* event_kind_name(int kind) {
  switch (kind) {
    case 0:
      return "scenario event";
    case 1:
      return "crash";
    case 2:
      return "landed";
    case 3:
      return "took off";
    case 4:
      return "engine stopped";
    case 5:
      return "engine started";
    case 6:
      return "stop";
    case 7:
      return "mission";
    default:
      return "event";
  }
}

// Read one topic field of one instance; an empty vector when the topic or field is absent.
std::vector<double> field_or_empty(const UlogFile& f, const std::string& topic, int multi_id,
                                   const std::string& name) {
  Result<std::vector<double>> r = f.field(topic, static_cast<uint8_t>(multi_id), name);
  return r.ok() ? r.value() : std::vector<double>{};
}

}  // namespace

double ground_step_m(double lat0_deg, double lon0_deg, double lat1_deg, double lon1_deg) {
  // Meridian and prime-vertical radii of curvature at the mean latitude.
  const double lat = 0.5 * (lat0_deg + lat1_deg) / kDegPerRad;
  const double e2 = kWgs84F * (2 - kWgs84F);
  const double s = std::sin(lat);
  const double w = std::sqrt(1 - e2 * s * s);
  const double rn = kWgs84A / w;
  const double rm = kWgs84A * (1 - e2) / (w * w * w);
  double dlon = lon1_deg - lon0_deg;
  if (dlon > 180) dlon -= 360;
  if (dlon < -180) dlon += 360;
  const double dn = (lat1_deg - lat0_deg) / kDegPerRad * rm;
  const double de = dlon / kDegPerRad * rn * std::cos(lat);
  return std::hypot(dn, de);
}

std::string format_duration(double seconds) {
  char buf[64];
  if (!std::isfinite(seconds)) return "-";
  const double t = std::max(0.0, seconds);
  if (t < 60) {
    std::snprintf(buf, sizeof buf, "%.1f s", t);
  } else if (t < 3600) {
    std::snprintf(buf, sizeof buf, "%d min %02d s", static_cast<int>(t / 60),
                  static_cast<int>(std::fmod(t, 60.0)));
  } else {
    const int total = static_cast<int>(t);
    std::snprintf(buf, sizeof buf, "%d h %02d min %02d s", total / 3600, (total / 60) % 60,
                  total % 60);
  }
  return buf;
}

AircraftSummary summarize(const FlightLog& log, const AircraftTrack& a) {
  AircraftSummary s;
  const size_t n = a.t_s.size();
  if (n == 0) return s;
  s.duration_s = a.t_s.back() - a.t_s.front();
  s.max_alt_m = *std::max_element(a.alt_m.begin(), a.alt_m.end());
  s.max_agl_m = a.alt_agl_m.empty() ? 0 : *std::max_element(a.alt_agl_m.begin(), a.alt_agl_m.end());
  for (size_t i = 1; i < n; ++i)
    s.distance_km += ground_step_m(a.lat_deg[i - 1], a.lon_deg[i - 1], a.lat_deg[i], a.lon_deg[i]);
  s.distance_km /= 1000;

  // Airborne per truth sample: from the gear topic (latest gear sample at or before the truth
  // sample), else from the height above the ground.
  std::vector<bool> airborne(n, false);
  size_t g = 0;
  for (size_t i = 0; i < n; ++i) {
    if (!a.gear_t_s.empty()) {
      while (g + 1 < a.gear_t_s.size() && a.gear_t_s[g + 1] <= a.t_s[i] + 1e-9) ++g;
      airborne[i] = a.wheels_on_ground[g] == 0;
    } else {
      airborne[i] = !a.alt_agl_m.empty() && a.alt_agl_m[i] > 2.0;
    }
  }
  double min_tas = INFINITY;
  for (size_t i = 0; i < n; ++i) {
    if (i + 1 < n && airborne[i]) s.flight_time_s += a.t_s[i + 1] - a.t_s[i];
    if (airborne[i]) {
      s.airborne_ever = true;
      if (!a.tas_mps.empty()) min_tas = std::min(min_tas, a.tas_mps[i]);
    }
    if (!a.tas_mps.empty()) s.max_tas_mps = std::max(s.max_tas_mps, a.tas_mps[i]);
    if (!a.roll_deg.empty()) s.max_bank_deg = std::max(s.max_bank_deg, std::abs(a.roll_deg[i]));
  }
  s.min_tas_airborne_mps = std::isfinite(min_tas) ? min_tas : 0;
  if (a.fuel_kg.size() >= 2) s.fuel_used_kg = a.fuel_kg.front() - a.fuel_kg.back();
  for (const FlightEvent& e : log.events)
    if (e.multi_id == a.multi_id || e.multi_id < 0) ++s.events;
  return s;
}

Result<FlightLog> load_flight_log(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::exists(path, ec)) return Error{path + ": no such file"};
  if (fs::is_directory(path, ec)) return Error{path + ": is a directory, not a flight log"};

  Result<UlogFile> read = read_ulog(path);
  if (!read.ok()) {
    // The reader's message normally names the file already; make sure it does.
    const std::string& m = read.error().message;
    return Error{m.find(path) != std::string::npos ? m : path + ": " + m};
  }
  const UlogFile& f = read.value();

  FlightLog log;
  log.path = path;
  if (const std::string* v = info_value(f, "kestrel_scenario")) log.scenario = *v;
  if (const std::string* v = info_value(f, "kestrel_seed")) log.seed = *v;
  if (const std::string* v = info_value(f, "sys_name")) log.sys_name = *v;
  log.home_lat_deg = info_number(f, "kestrel_home_lat_deg");
  log.home_lon_deg = info_number(f, "kestrel_home_lon_deg");
  if (!log.home_lat_deg || !log.home_lon_deg) log.home_lat_deg = log.home_lon_deg = std::nullopt;
  log.truncated = f.truncated;

  // One aircraft per vehicle_truth instance.
  std::set<int> ids;
  for (const auto& sub : f.subscriptions)
    if (sub.format_name == "vehicle_truth") ids.insert(static_cast<int>(sub.multi_id));
  if (ids.empty())
    return Error{
        path + ": not a Kestrel flight log (no vehicle_truth topic" +
        (log.sys_name.empty() ? std::string(")") : ", written by '" + log.sys_name + "')")};

  double t_begin = INFINITY, t_end = -INFINITY;
  std::vector<bool> has_text;  // per event row: its text came from the row itself
  for (int id : ids) {
    AircraftTrack a;
    a.multi_id = id;
    const std::string* name = info_value(f, "kestrel_aircraft_" + std::to_string(id));
    a.id = name ? *name : "aircraft " + std::to_string(id);
    const std::string vt = "vehicle_truth";
    a.t_s = us_to_s(field_or_empty(f, vt, id, "timestamp"));
    a.lat_deg = field_or_empty(f, vt, id, "lat_deg");
    a.lon_deg = field_or_empty(f, vt, id, "lon_deg");
    a.alt_m = field_or_empty(f, vt, id, "alt_m");
    a.alt_agl_m = field_or_empty(f, vt, id, "alt_agl_m");
    a.vn_mps = field_or_empty(f, vt, id, "vn_mps");
    a.ve_mps = field_or_empty(f, vt, id, "ve_mps");
    a.vd_mps = field_or_empty(f, vt, id, "vd_mps");
    a.roll_deg = scaled(field_or_empty(f, vt, id, "roll_rad"), kDegPerRad);
    a.pitch_deg = scaled(field_or_empty(f, vt, id, "pitch_rad"), kDegPerRad);
    a.yaw_deg = scaled(field_or_empty(f, vt, id, "yaw_rad"), kDegPerRad);
    for (double& y : a.yaw_deg) y = std::fmod(y + 360.0, 360.0);
    a.alpha_deg = scaled(field_or_empty(f, vt, id, "alpha_rad"), kDegPerRad);
    a.beta_deg = scaled(field_or_empty(f, vt, id, "beta_rad"), kDegPerRad);
    a.tas_mps = field_or_empty(f, vt, id, "tas_mps");
    a.eas_mps = field_or_empty(f, vt, id, "eas_mps");
    const size_t n = a.t_s.size();
    if (n == 0 || a.lat_deg.size() != n || a.lon_deg.size() != n || a.alt_m.size() != n)
      return Error{path + ": vehicle_truth instance " + std::to_string(id) +
                   " lacks the position fields (lat_deg, lon_deg, alt_m) or has no samples"};
    // Optional fields: drop any whose length does not match rather than misalign them.
    for (auto* v : {&a.alt_agl_m, &a.vn_mps, &a.ve_mps, &a.vd_mps, &a.roll_deg, &a.pitch_deg,
                    &a.yaw_deg, &a.alpha_deg, &a.beta_deg, &a.tas_mps, &a.eas_mps})
      if (v->size() != n) v->clear();
    t_begin = std::min(t_begin, a.t_s.front());
    t_end = std::max(t_end, a.t_s.back());

    a.engine_t_s = us_to_s(field_or_empty(f, "engine", id, "timestamp"));
    a.rpm = field_or_empty(f, "engine", id, "rpm");
    a.throttle = field_or_empty(f, "engine", id, "throttle");
    a.fuel_kg = field_or_empty(f, "engine", id, "fuel_kg");
    a.fuel_flow_kg_h = field_or_empty(f, "engine", id, "fuel_flow_kg_h");
    for (auto* v : {&a.rpm, &a.throttle, &a.fuel_kg, &a.fuel_flow_kg_h})
      if (v->size() != a.engine_t_s.size()) v->clear();

    a.gear_t_s = us_to_s(field_or_empty(f, "gear", id, "timestamp"));
    a.wheels_on_ground = field_or_empty(f, "gear", id, "wheels_on_ground");
    if (a.wheels_on_ground.size() != a.gear_t_s.size()) {
      a.gear_t_s.clear();
      a.wheels_on_ground.clear();
    }
    for (int k = 0; k < 8 && !a.gear_t_s.empty(); ++k) {
      std::vector<double> load =
          field_or_empty(f, "gear", id, "normal_force_n[" + std::to_string(k) + "]");
      if (load.size() != a.gear_t_s.size()) continue;
      if (std::none_of(load.begin(), load.end(), [](double x) { return std::abs(x) > 1e-6; }))
        continue;  // an unused slot
      a.gear_load_n.push_back(std::move(load));
      a.gear_point_index.push_back(k);
    }

    // The navigation estimate's errors (logged by the runner for aircraft with avionics).
    a.nav_t_s = us_to_s(field_or_empty(f, "nav_error", id, "timestamp"));
    {
      const std::vector<double> pn = field_or_empty(f, "nav_error", id, "pos_n_m");
      const std::vector<double> pe = field_or_empty(f, "nav_error", id, "pos_e_m");
      const std::vector<double> pd = field_or_empty(f, "nav_error", id, "pos_d_m");
      const std::vector<double> er = field_or_empty(f, "nav_error", id, "roll_rad");
      const std::vector<double> ep = field_or_empty(f, "nav_error", id, "pitch_rad");
      const std::vector<double> eh = field_or_empty(f, "nav_error", id, "heading_rad");
      const std::vector<double> ew = field_or_empty(f, "nav_error", id, "wind_mps");
      const size_t m = a.nav_t_s.size();
      bool complete = m > 0;
      for (const auto* v : {&pn, &pe, &pd, &er, &ep, &eh, &ew}) complete &= v->size() == m;
      if (complete) {
        for (size_t i = 0; i < m; ++i) {
          a.nav_pos_err_m.push_back(std::hypot(pn[i], pe[i]));
          a.nav_alt_err_m.push_back(-pd[i]);
          a.nav_tilt_err_deg.push_back(std::hypot(er[i], ep[i]) * kDegPerRad);
          a.nav_heading_err_deg.push_back(eh[i] * kDegPerRad);
          a.nav_wind_err_mps.push_back(ew[i]);
        }
      } else {
        a.nav_t_s.clear();
      }
    }

    // Event topic rows of this aircraft; the text comes from the row when the reader exposes
    // it, else from the logged string with the same time stamp (the recorder writes both).
    std::vector<double> ev_t = field_or_empty(f, "event", id, "timestamp");
    std::vector<double> ev_kind = field_or_empty(f, "event", id, "kind");
    Result<std::vector<std::string>> ev_text =
        f.text_field("event", static_cast<uint8_t>(id), "text");
    for (size_t i = 0; i < ev_t.size(); ++i) {
      FlightEvent e;
      e.t_s = ev_t[i] * 1e-6;
      e.multi_id = id;
      if (ev_text.ok() && i < ev_text.value().size()) e.text = ev_text.value()[i];
      has_text.push_back(!e.text.empty());
      if (e.text.empty() && i < ev_kind.size())
        e.text = event_kind_name(static_cast<int>(ev_kind[i]));
      log.events.push_back(e);
    }
    log.aircraft.push_back(std::move(a));
  }
  log.t_begin_s = t_begin;
  log.t_end_s = t_end;

  // Logged strings: attach each to an event row with the same time stamp (replacing a generic
  // kind name), or list it as an event of its own.
  for (const auto& s : f.strings) {
    const double t = static_cast<double>(s.timestamp_us) * 1e-6;
    bool attached = false;
    for (size_t i = 0; i < log.events.size() && !attached; ++i)  // already in a row: skip
      attached = std::abs(log.events[i].t_s - t) <= 1e-6 && has_text[i] &&
                 s.text.find(log.events[i].text) != std::string::npos;
    for (size_t i = 0; i < log.events.size() && !attached; ++i) {
      if (has_text[i] || std::abs(log.events[i].t_s - t) > 1e-6) continue;
      log.events[i].text = s.text;
      has_text[i] = true;
      attached = true;
      break;
    }
    if (!attached) log.events.push_back({t, -1, s.text});
  }
  std::stable_sort(log.events.begin(), log.events.end(),
                   [](const FlightEvent& a, const FlightEvent& b) { return a.t_s < b.t_s; });

  if (log.truncated) {
    char buf[96];
    std::snprintf(buf, sizeof buf, "log truncated at t = %.3f s", log.t_end_s);
    log.truncation = buf;
  }
  return log;
}

}  // namespace kestrel::report
