#include "report/log_export.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "report/report_html.h"
#include "report/svg_chart.h"

namespace kestrel::report {

namespace {

// Indices of the truth samples to export: every one, or one per min_interval_s (plus the last).
std::vector<size_t> export_indices(const AircraftTrack& a, const ExportOptions& opt) {
  std::vector<size_t> idx;
  const size_t n = a.t_s.size();
  double next = -INFINITY;
  for (size_t i = 0; i < n; ++i) {
    if (opt.min_interval_s > 0 && a.t_s[i] < next && i + 1 < n) continue;
    idx.push_back(i);
    next = a.t_s[i] + opt.min_interval_s - 1e-9;
  }
  return idx;
}

// A field value or an empty CSV cell when the field is absent from the log.
void cell(std::string& row, const std::vector<double>& v, size_t i, const char* f) {
  row += ',';
  if (i < v.size() && std::isfinite(v[i])) {
    char buf[48];
    std::snprintf(buf, sizeof buf, f, v[i]);
    row += buf;
  }
}

std::string csv_quote(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

// The truth sample index at or before time t (the first sample for earlier times).
size_t index_at(const AircraftTrack& a, double t) {
  const auto it = std::upper_bound(a.t_s.begin(), a.t_s.end(), t + 1e-9);
  return it == a.t_s.begin() ? 0 : static_cast<size_t>(it - a.t_s.begin()) - 1;
}

const AircraftTrack* event_aircraft(const FlightLog& log, const FlightEvent& e) {
  for (const AircraftTrack& a : log.aircraft)
    if (a.multi_id == e.multi_id) return &a;
  return log.aircraft.empty() ? nullptr : &log.aircraft.front();
}

std::string json_string(const std::string& s) {
  // Invalid UTF-8 in a logged string must not make the whole export fail.
  return nlohmann::json(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string coord(double lon, double lat, double alt, const char* sep) {
  char buf[96];
  std::snprintf(buf, sizeof buf, "%.8f%s%.8f%s%.2f", lon, sep, lat, sep, alt);
  return buf;
}

std::string num(double v) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.3f", std::isfinite(v) ? v : 0.0);
  return buf;
}

// "#rrggbb" -> KML "aabbggrr".
std::string kml_colour(const std::string& css) {
  if (css.size() != 7) return "ff000000";
  return "ff" + css.substr(5, 2) + css.substr(3, 2) + css.substr(1, 2);
}

}  // namespace

void write_csv(const FlightLog& log, std::ostream& out, const ExportOptions& opt) {
  out << "time_s,aircraft,lat_deg,lon_deg,alt_m,vn_mps,ve_mps,vd_mps,roll_deg,pitch_deg,yaw_deg,"
         "tas_mps,alpha_deg,beta_deg,rpm,fuel_kg\n";
  std::string row;
  for (const AircraftTrack& a : log.aircraft) {
    const std::string name = csv_quote(a.id);
    size_t e = 0;  // engine sample cursor (both time vectors ascend)
    for (size_t i : export_indices(a, opt)) {
      char t[32];
      std::snprintf(t, sizeof t, "%.6f", a.t_s[i]);
      row = t;
      row += ',' + name;
      cell(row, a.lat_deg, i, "%.8f");
      cell(row, a.lon_deg, i, "%.8f");
      cell(row, a.alt_m, i, "%.3f");
      cell(row, a.vn_mps, i, "%.3f");
      cell(row, a.ve_mps, i, "%.3f");
      cell(row, a.vd_mps, i, "%.3f");
      cell(row, a.roll_deg, i, "%.3f");
      cell(row, a.pitch_deg, i, "%.3f");
      cell(row, a.yaw_deg, i, "%.3f");
      cell(row, a.tas_mps, i, "%.3f");
      cell(row, a.alpha_deg, i, "%.3f");
      cell(row, a.beta_deg, i, "%.3f");
      while (e + 1 < a.engine_t_s.size() && a.engine_t_s[e + 1] <= a.t_s[i] + 1e-9) ++e;
      const bool have_engine = !a.engine_t_s.empty() && a.engine_t_s[e] <= a.t_s[i] + 1e-9;
      static const std::vector<double> kNone;
      cell(row, have_engine ? a.rpm : kNone, e, "%.1f");
      cell(row, have_engine ? a.fuel_kg : kNone, e, "%.4f");
      row += '\n';
      out << row;
    }
  }
}

void write_geojson(const FlightLog& log, std::ostream& out, const ExportOptions& opt) {
  out << "{\"type\":\"FeatureCollection\",\n\"features\":[";
  bool first = true;
  for (size_t k = 0; k < log.aircraft.size(); ++k) {
    const AircraftTrack& a = log.aircraft[k];
    out << (first ? "\n" : ",\n");
    first = false;
    out << "{\"type\":\"Feature\",\"properties\":{\"kind\":\"track\",\"aircraft\":"
        << json_string(a.id) << ",\"multi_id\":" << a.multi_id
        << ",\"start_time_s\":" << num(a.t_s.front()) << ",\"end_time_s\":" << num(a.t_s.back())
        << ",\"stroke\":\"" << series_colour(k)
        << "\"},\n\"geometry\":{\"type\":\"LineString\",\"coordinates\":[";
    bool first_point = true;
    for (size_t i : export_indices(a, opt)) {
      out << (first_point ? "" : ",") << '[' << coord(a.lon_deg[i], a.lat_deg[i], a.alt_m[i], ",")
          << ']';
      first_point = false;
    }
    // A LineString needs two positions; a one-sample log repeats its point.
    if (a.t_s.size() == 1) out << ",[" << coord(a.lon_deg[0], a.lat_deg[0], a.alt_m[0], ",") << ']';
    out << "]}}";
  }
  for (const FlightEvent& e : log.events) {
    const AircraftTrack* a = event_aircraft(log, e);
    if (!a) break;
    const size_t i = index_at(*a, e.t_s);
    out << ",\n{\"type\":\"Feature\",\"properties\":{\"kind\":\"event\",\"time_s\":" << num(e.t_s)
        << ",\"aircraft\":" << (e.multi_id >= 0 ? json_string(a->id) : "null")
        << ",\"text\":" << json_string(e.text)
        << "},\"geometry\":{\"type\":\"Point\",\"coordinates\":["
        << coord(a->lon_deg[i], a->lat_deg[i], a->alt_m[i], ",") << "]}}";
  }
  out << "\n]}\n";
}

void write_kml(const FlightLog& log, std::ostream& out, const ExportOptions& opt) {
  const std::string name = log.scenario.empty() ? "Kestrel flight" : "Kestrel: " + log.scenario;
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
         "<kml xmlns=\"http://www.opengis.net/kml/2.2\">\n<Document>\n<name>"
      << xml_escape(name) << "</name>\n";
  if (!log.seed.empty()) out << "<description>seed " << xml_escape(log.seed) << "</description>\n";
  for (size_t k = 0; k < log.aircraft.size(); ++k)
    out << "<Style id=\"track" << k << "\"><LineStyle><color>" << kml_colour(series_colour(k))
        << "</color><width>3</width></LineStyle></Style>\n";
  for (size_t k = 0; k < log.aircraft.size(); ++k) {
    const AircraftTrack& a = log.aircraft[k];
    out << "<Placemark>\n<name>" << xml_escape(a.id) << "</name>\n<styleUrl>#track" << k
        << "</styleUrl>\n<LineString>\n<altitudeMode>absolute</altitudeMode>\n<coordinates>\n";
    for (size_t i : export_indices(a, opt))
      out << coord(a.lon_deg[i], a.lat_deg[i], a.alt_m[i], ",") << '\n';
    if (a.t_s.size() == 1) out << coord(a.lon_deg[0], a.lat_deg[0], a.alt_m[0], ",") << '\n';
    out << "</coordinates>\n</LineString>\n</Placemark>\n";
  }
  if (!log.events.empty()) out << "<Folder>\n<name>Events</name>\n";
  for (const FlightEvent& e : log.events) {
    const AircraftTrack* a = event_aircraft(log, e);
    if (!a) break;
    const size_t i = index_at(*a, e.t_s);
    char t[48];
    std::snprintf(t, sizeof t, "t = %.2f s", e.t_s);
    out << "<Placemark>\n<name>" << xml_escape(e.text) << "</name>\n<description>" << t
        << (e.multi_id >= 0 ? ", " + xml_escape(a->id) : std::string())
        << "</description>\n<Point>\n<altitudeMode>absolute</altitudeMode>\n<coordinates>"
        << coord(a->lon_deg[i], a->lat_deg[i], a->alt_m[i], ",")
        << "</coordinates>\n</Point>\n</Placemark>\n";
  }
  if (!log.events.empty()) out << "</Folder>\n";
  out << "</Document>\n</kml>\n";
}

}  // namespace kestrel::report
