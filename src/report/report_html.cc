#include "report/report_html.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iterator>

#include "core/geodesy.h"
#include "report/svg_chart.h"

namespace kestrel::report {

namespace {

constexpr double kPi = 3.14159265358979323846;

// Tableau 10: distinct on white, and kind to the common colour-vision deficiencies.
constexpr const char* kPalette[] = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd",
                                    "#8c564b", "#e377c2", "#17becf", "#7f7f7f", "#bcbd22"};
constexpr const char* kDashes[] = {"", "7 4", "2 3", "10 3 2 3", "4 4", "1 2"};

void append(std::string& out, const char* fmt, auto... args) {
  char buf[1024];
  const int k = std::snprintf(buf, sizeof buf, fmt, args...);
  if (k > 0) out.append(buf, std::min<size_t>(static_cast<size_t>(k), sizeof buf - 1));
}

std::string fmt(const char* f, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, f, v);
  return buf;
}

// Local east/north [m] of a point relative to an origin (equirectangular with the WGS-84 radii
// of curvature at the origin: a display projection, good to a fraction of a pixel over the
// hundreds of kilometres of a sortie).
struct LocalMap {
  double lat0_deg, lon0_deg, m_per_deg_n, m_per_deg_e;
  LocalMap(double lat0, double lon0) : lat0_deg(lat0), lon0_deg(lon0) {
    const double e2 = kWgs84F * (2 - kWgs84F);
    const double s = std::sin(lat0 * kPi / 180);
    const double w = std::sqrt(1 - e2 * s * s);
    m_per_deg_n = kWgs84A * (1 - e2) / (w * w * w) * kPi / 180;
    m_per_deg_e = kWgs84A / w * std::cos(lat0 * kPi / 180) * kPi / 180;
  }
  double east(double lon) const {
    double d = lon - lon0_deg;
    if (d > 180) d -= 360;
    if (d < -180) d += 360;
    return d * m_per_deg_e;
  }
  double north(double lat) const { return (lat - lat0_deg) * m_per_deg_n; }
  double lat(double north_m) const { return lat0_deg + north_m / m_per_deg_n; }
  double lon(double east_m) const { return lon0_deg + east_m / m_per_deg_e; }
};

std::string deg_label(double v, double step, char pos, char neg) {
  std::string s = format_number(std::abs(v), step);
  return s + "\xC2\xB0" + (v >= 0 ? pos : neg);  // U+00B0 degree sign
}

std::string render_map(const FlightLog& log, int width) {
  const auto& ac = log.aircraft;
  const double lat0 = log.home_lat_deg ? *log.home_lat_deg : ac.front().lat_deg.front();
  const double lon0 = log.home_lon_deg ? *log.home_lon_deg : ac.front().lon_deg.front();
  const LocalMap map(lat0, lon0);

  // Extent of all tracks and the home point [m].
  double e_lo = 0, e_hi = 0, n_lo = 0, n_hi = 0;
  for (const AircraftTrack& a : ac)
    for (size_t i = 0; i < a.t_s.size(); ++i) {
      const double e = map.east(a.lon_deg[i]), n = map.north(a.lat_deg[i]);
      e_lo = std::min(e_lo, e), e_hi = std::max(e_hi, e);
      n_lo = std::min(n_lo, n), n_hi = std::max(n_hi, n);
    }
  // At least 1 km across; 6 % margin.
  const double min_span = 1000;
  if (e_hi - e_lo < min_span) {
    const double c = 0.5 * (e_lo + e_hi);
    e_lo = c - min_span / 2, e_hi = c + min_span / 2;
  }
  if (n_hi - n_lo < min_span) {
    const double c = 0.5 * (n_lo + n_hi);
    n_lo = c - min_span / 2, n_hi = c + min_span / 2;
  }
  const double pad = 0.06 * std::max(e_hi - e_lo, n_hi - n_lo);
  e_lo -= pad, e_hi += pad, n_lo -= pad, n_hi += pad;

  // Plot box: full width; height from the aspect ratio, within 360..640 px.
  const double ml = 70, mr = 20, mt = 56, mb = 36;
  const double pw = width - ml - mr;
  double scale = pw / (e_hi - e_lo);  // px per m
  double ph = (n_hi - n_lo) * scale;
  if (ph > 640) {
    ph = 640;
    scale = ph / (n_hi - n_lo);
  } else if (ph < 360) {
    ph = 360;
  }
  // Centre the extent in the box at the common scale.
  const double ec = 0.5 * (e_lo + e_hi), nc = 0.5 * (n_lo + n_hi);
  e_lo = ec - pw / scale / 2, e_hi = ec + pw / scale / 2;
  n_lo = nc - ph / scale / 2, n_hi = nc + ph / scale / 2;
  auto X = [&](double e) { return ml + (e - e_lo) * scale; };
  auto Y = [&](double n) { return mt + (n_hi - n) * scale; };
  const int height = static_cast<int>(mt + ph + mb);

  std::string o;
  append(o,
         "<svg class=\"chart map\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
         "viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"Ground track\">\n",
         width, height, width, height);
  append(o, "<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"#fff\"/>\n", width, height);
  append(o, "<text x=\"%.1f\" y=\"20\" class=\"title\">Ground track</text>\n", ml);
  append(o, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#f4f8fb\"/>\n", ml,
         mt, pw, ph);

  // Graticule in degrees.
  double lat_step = 1, lon_step = 1;
  const std::vector<double> lats = nice_ticks(map.lat(n_lo), map.lat(n_hi), 6, &lat_step);
  const std::vector<double> lons = nice_ticks(map.lon(e_lo), map.lon(e_hi), 7, &lon_step);
  o += "<g class=\"grid\">\n";
  for (double la : lats) {
    const double y = Y(map.north(la));
    if (y < mt || y > mt + ph) continue;
    append(o, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n", ml, y, ml + pw, y);
    append(o, "<text x=\"%.1f\" y=\"%.1f\" class=\"tick\" text-anchor=\"end\">%s</text>\n", ml - 5,
           y + 4, deg_label(la, lat_step, 'N', 'S').c_str());
  }
  for (double lo : lons) {
    const double x = X(map.east(lo));
    if (x < ml || x > ml + pw) continue;
    append(o, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n", x, mt, x, mt + ph);
    append(o, "<text x=\"%.1f\" y=\"%.1f\" class=\"tick\" text-anchor=\"middle\">%s</text>\n", x,
           mt + ph + 15, deg_label(lo, lon_step, 'E', 'W').c_str());
  }
  o += "</g>\n";
  append(o, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" class=\"frame\"/>\n", ml,
         mt, pw, ph);

  // Tracks. A point is drawn when it is at least 0.75 px from the last drawn one (the line is
  // then within a pixel of the full track) and lands in a 2 px cell that the track has not
  // covered before (or covered only in the last few points): an 18-hour orbit over the same
  // ground is drawn once, so the path's size is bounded by the map's area, not by the log's
  // length. Where the track re-enters new ground the line restarts from the previous sample.
  append(o,
         "<clipPath id=\"clip-map\"><rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"/>"
         "</clipPath>\n<g clip-path=\"url(#clip-map)\">\n",
         ml, mt, pw, ph);
  constexpr double kCellPx = 2.0;
  const int gw = static_cast<int>(pw / kCellPx) + 2, gh = static_cast<int>(ph / kCellPx) + 2;
  for (size_t k = 0; k < ac.size(); ++k) {
    const AircraftTrack& a = ac[k];
    std::vector<int32_t> drawn_at(static_cast<size_t>(gw) * static_cast<size_t>(gh), 0);
    int32_t drawn = 0;  // points drawn so far (cells store 1 + the index of their last point)
    std::string d;
    bool pen = false;
    double lx = -1e9, ly = -1e9, px = 0, py = 0;
    const size_t n = a.t_s.size();
    for (size_t i = 0; i < n; ++i) {
      const double x = X(map.east(a.lon_deg[i])), y = Y(map.north(a.lat_deg[i]));
      const bool last = i + 1 == n;
      if (pen && !last && std::hypot(x - lx, y - ly) < 0.75) continue;
      const int cx = std::clamp(static_cast<int>((x - ml) / kCellPx), 0, gw - 1);
      const int cy = std::clamp(static_cast<int>((y - mt) / kCellPx), 0, gh - 1);
      int32_t& cell =
          drawn_at[static_cast<size_t>(cy) * static_cast<size_t>(gw) + static_cast<size_t>(cx)];
      if (i > 0 && !last && cell != 0 && drawn - cell > 8) {  // old ground: lift the pen
        pen = false;
        px = x, py = y;
        continue;
      }
      if (!pen) append(d, "M%.1f %.1f", i > 0 ? px : x, i > 0 ? py : y);
      append(d, "L%.1f %.1f", x, y);
      cell = ++drawn;
      pen = true;
      lx = px = x, ly = py = y;
    }
    append(o,
           "<path fill=\"none\" stroke=\"%s\" stroke-width=\"2.2\" stroke-linejoin=\"round\" "
           "stroke-linecap=\"round\" d=\"",
           series_colour(k));
    o += d + "\"/>\n";
  }
  // Markers: start (circle), end (square), on top of every track.
  for (size_t k = 0; k < ac.size(); ++k) {
    const AircraftTrack& a = ac[k];
    const double xs = X(map.east(a.lon_deg.front())), ys = Y(map.north(a.lat_deg.front()));
    const double xe = X(map.east(a.lon_deg.back())), ye = Y(map.north(a.lat_deg.back()));
    append(o,
           "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"6\" fill=\"%s\" stroke=\"#fff\" stroke-width=\"2\">"
           "<title>%s start</title></circle>\n",
           xs, ys, series_colour(k), xml_escape(a.id).c_str());
    append(o,
           "<rect x=\"%.1f\" y=\"%.1f\" width=\"11\" height=\"11\" fill=\"%s\" stroke=\"#fff\" "
           "stroke-width=\"2\"><title>%s end</title></rect>\n",
           xe - 5.5, ye - 5.5, series_colour(k), xml_escape(a.id).c_str());
  }
  // Home (the map's origin): a triangle.
  {
    const double x = X(0), y = Y(0);
    append(o,
           "<path d=\"M%.1f %.1fL%.1f %.1fL%.1f %.1fZ\" fill=\"none\" stroke=\"#222\" "
           "stroke-width=\"2\"><title>%s</title></path>\n",
           x, y - 8, x + 7, y + 5, x - 7, y + 5,
           log.home_lat_deg ? "home" : "first logged position");
    append(o, "<text x=\"%.1f\" y=\"%.1f\" class=\"maplabel\">%s</text>\n", x + 9, y - 6,
           log.home_lat_deg ? "home" : "origin");
  }
  o += "</g>\n";

  // Scale bar and north arrow above the plot's top right corner, clear of any track.
  {
    const double target_m = pw / scale / 5;
    const double mag = std::pow(10.0, std::floor(std::log10(target_m)));
    double len = mag;
    for (double m : {1.0, 2.0, 5.0})
      if (m * mag <= target_m) len = m * mag;
    const double w = len * scale, x0 = ml + pw - w - 90, y0 = mt - 10;
    append(o,
           "<path d=\"M%.1f %.1fV%.1fH%.1fV%.1f\" fill=\"none\" stroke=\"#222\" "
           "stroke-width=\"2\"/>\n",
           x0, y0 - 7, y0, x0 + w, y0 - 7);
    append(o, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"4\" fill=\"#222\"/>\n", x0,
           y0 - 4, w / 2);
    const std::string label = len >= 1000 ? format_number(len / 1000, len / 1000) + " km"
                                          : format_number(len, len) + " m";
    append(o, "<text x=\"%.1f\" y=\"%.1f\" class=\"maplabel\">%s</text>\n", x0 + w + 6, y0,
           label.c_str());
    const double nx = ml + pw - 12, ny = mt - 30;
    append(o,
           "<path d=\"M%.1f %.1fL%.1f %.1fL%.1f %.1fL%.1f %.1fZ\" fill=\"#222\"/>"
           "<text x=\"%.1f\" y=\"%.1f\" class=\"maplabel\" text-anchor=\"middle\">N</text>\n",
           nx, ny, nx + 6, ny + 18, nx, ny + 14, nx - 6, ny + 18, nx - 16, ny + 16);
  }

  // Legend: aircraft colours and marker shapes.
  double lx = ml + 130;
  o += "<g class=\"legend\">\n";
  for (size_t k = 0; k < ac.size(); ++k) {
    append(o,
           "<line x1=\"%.1f\" y1=\"16\" x2=\"%.1f\" y2=\"16\" stroke=\"%s\" stroke-width=\"3\"/>"
           "<text x=\"%.1f\" y=\"20\" class=\"legend\">%s</text>\n",
           lx, lx + 22, series_colour(k), lx + 27, xml_escape(ac[k].id).c_str());
    lx += 27 + 7.0 * static_cast<double>(ac[k].id.size()) + 18;
  }
  append(o,
         "<circle cx=\"%.1f\" cy=\"16\" r=\"5\" fill=\"#666\"/><text x=\"%.1f\" y=\"20\" "
         "class=\"legend\">start</text>"
         "<rect x=\"%.1f\" y=\"11\" width=\"10\" height=\"10\" fill=\"#666\"/><text x=\"%.1f\" "
         "y=\"20\" class=\"legend\">end</text>"
         "<path d=\"M%.1f 9L%.1f 21L%.1f 21Z\" fill=\"none\" stroke=\"#222\" stroke-width=\"2\"/>"
         "<text x=\"%.1f\" y=\"20\" class=\"legend\">%s</text>\n",
         lx + 6, lx + 15, lx + 56, lx + 70, lx + 112, lx + 119, lx + 105, lx + 124,
         log.home_lat_deg ? "home" : "origin (first position)");
  o += "</g>\n</svg>\n";
  return o;
}

// Adds one variable of every aircraft to a chart: with one aircraft, colour tells the variables
// apart; with several, colour is the aircraft (the same in every chart) and dashes the variable.
void add_variable(Chart& c, const FlightLog& log, size_t var_index, const std::string& label,
                  const std::vector<double> AircraftTrack::*t,
                  const std::vector<double> AircraftTrack::*v, double scale = 1, bool right = false,
                  bool wraps = false) {
  const bool several = log.aircraft.size() > 1;
  for (size_t k = 0; k < log.aircraft.size(); ++k) {
    const AircraftTrack& a = log.aircraft[k];
    if ((a.*v).empty()) continue;
    ChartSeries s;
    s.label = several ? a.id + (label.empty() ? "" : " " + label) : label;
    s.colour = series_colour(several ? k : var_index);
    s.dash = several ? kDashes[var_index % std::size(kDashes)] : "";
    s.t_s = &(a.*t);
    s.value = &(a.*v);
    s.scale = scale;
    s.right_axis = right;
    s.wraps_360 = wraps;
    c.series.push_back(s);
  }
}

bool any_data(const FlightLog& log, const std::vector<double> AircraftTrack::*v) {
  return std::any_of(log.aircraft.begin(), log.aircraft.end(),
                     [&](const AircraftTrack& a) { return !(a.*v).empty(); });
}

constexpr const char* kCss = R"CSS(
:root { color-scheme: light; }
body { font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", Arial, sans-serif;
       color: #1d2430; background: #eef1f5; margin: 0; }
main { max-width: 940px; margin: 0 auto; padding: 18px 12px 40px; }
h1 { font-size: 22px; margin: 4px 0 2px; }
h2 { font-size: 16px; margin: 22px 0 8px; color: #2b3645; }
.meta { color: #4a5566; margin: 0 0 10px; }
.meta b { color: #1d2430; font-weight: 600; }
.swatch { display: inline-block; width: 12px; height: 12px; border-radius: 2px; vertical-align: -1px; margin: 0 4px 0 8px; }
.card { background: #fff; border: 1px solid #d5dbe3; border-radius: 6px; padding: 6px; margin: 0 0 12px; }
.warning { background: #fff4d6; border: 1px solid #e0b44a; color: #5c4300; border-radius: 6px;
           padding: 8px 12px; margin: 10px 0; font-weight: 600; }
table { border-collapse: collapse; width: 100%; background: #fff; }
th, td { padding: 4px 7px; border-bottom: 1px solid #e3e7ed; text-align: right; white-space: nowrap; }
th { background: #f3f5f8; font-weight: 600; color: #2b3645; white-space: normal; font-size: 13px; vertical-align: bottom; }
td.l, th.l { text-align: left; }
td.wrap { white-space: normal; }
svg.chart { display: block; max-width: 100%; height: auto; }
svg .title { font-size: 15px; font-weight: 600; fill: #1d2430; }
svg .tick { font-size: 11px; fill: #4a5566; }
svg .axis { font-size: 12px; fill: #2b3645; }
svg .legend { font-size: 12px; fill: #1d2430; }
svg .maplabel { font-size: 12px; font-weight: 600; fill: #222; }
svg .grid line { stroke: #dfe4ea; stroke-width: 1; }
svg .grid line.zero { stroke: #9aa5b3; }
svg .frame { fill: none; stroke: #8e99a8; stroke-width: 1; }
footer { color: #6b7686; font-size: 12px; margin-top: 20px; }
)CSS";

// Flags any script error or failed resource load in the page itself (the browser test reads the
// marker from the DOM): #report-status gets data-ok="1" when the page loaded cleanly, else the
// text "REPORT-ERRORS: ..." (spelt in two parts in the script, so the source never matches).
constexpr const char* kStatusScript = R"JS(
(function () {
  var errors = [];
  function show() {
    var s = document.getElementById('report-status');
    if (!s) return;
    if (errors.length) { s.removeAttribute('data-ok'); s.textContent = 'REPORT' + '-ERRORS: ' + errors.join(' | '); }
    else { s.setAttribute('data-ok', '1'); }
  }
  window.addEventListener('error', function (e) {
    var t = e.target;
    errors.push(t && t !== window && (t.src || t.href) ? 'failed to load ' + (t.src || t.href)
                                                       : 'script error: ' + (e.message || e));
    show();
  }, true);
  window.addEventListener('unhandledrejection', function (e) { errors.push('unhandled rejection: ' + e.reason); show(); });
  document.addEventListener('DOMContentLoaded', show);
})();
)JS";

}  // namespace

const char* series_colour(size_t k) { return kPalette[k % std::size(kPalette)]; }

std::string render_report_html(const FlightLog& log, const ReportOptions& opt) {
  std::string o;
  o.reserve(1 << 20);
  const std::string scenario = log.scenario.empty() ? "(scenario not recorded)" : log.scenario;
  const std::string file = log.path.substr(log.path.find_last_of('/') + 1);
  const double duration = log.t_end_s - log.t_begin_s;

  o += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  o += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  // Nothing may be fetched: no network, no favicon request.
  o += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
       "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n";
  o += "<link rel=\"icon\" href=\"data:,\">\n";
  o += "<title>Kestrel report: " + xml_escape(scenario) + "</title>\n";
  o += "<script>" + std::string(kStatusScript) + "</script>\n";
  o += "<style>" + std::string(kCss) + "</style>\n</head>\n<body>\n<main>\n";

  // Header.
  o += "<h1>Flight report: " + xml_escape(scenario) + "</h1>\n<p class=\"meta\">";
  o += "Seed <b>" + xml_escape(log.seed.empty() ? "-" : log.seed) + "</b> &middot; ";
  o += "duration <b>" + format_duration(duration) + "</b> &middot; aircraft";
  for (size_t k = 0; k < log.aircraft.size(); ++k)
    o += std::string("<span class=\"swatch\" style=\"background:") + series_colour(k) +
         "\"></span><b>" + xml_escape(log.aircraft[k].id) + "</b>";
  o += "<br>Log <b>" + xml_escape(file) + "</b>";
  if (!log.sys_name.empty()) o += " written by " + xml_escape(log.sys_name);
  o += "</p>\n";
  if (log.truncated)
    o += "<div class=\"warning\" id=\"truncated\">&#9888; " + xml_escape(log.truncation) +
         ": the file ends inside a message (the run was killed or the disk filled); "
         "everything before that point is shown.</div>\n";

  // Summary figures.
  o += "<h2>Summary</h2>\n<div class=\"card\"><table>\n<tr><th class=\"l\">aircraft</th>"
       "<th>flight time</th><th>distance [km]</th><th>max altitude [m]</th>"
       "<th>max height AGL [m]</th><th>fuel used [kg]</th><th>TAS min&ndash;max [m/s]</th>"
       "<th>max bank [&deg;]</th><th>events</th></tr>\n";
  for (size_t k = 0; k < log.aircraft.size(); ++k) {
    const AircraftTrack& a = log.aircraft[k];
    const AircraftSummary s = summarize(log, a);
    o += std::string("<tr><td class=\"l\"><span class=\"swatch\" style=\"background:") +
         series_colour(k) + "\"></span>" + xml_escape(a.id) + "</td>";
    o += "<td>" + format_duration(s.flight_time_s) + "</td>";
    o += "<td>" + fmt("%.1f", s.distance_km) + "</td>";
    o += "<td>" + fmt("%.0f", s.max_alt_m) + "</td>";
    o += "<td>" + (a.alt_agl_m.empty() ? std::string("-") : fmt("%.0f", s.max_agl_m)) + "</td>";
    o += "<td>" + (a.fuel_kg.empty() ? std::string("-") : fmt("%.2f", s.fuel_used_kg)) + "</td>";
    o += "<td>" +
         (a.tas_mps.empty()
              ? std::string("-")
              : (s.airborne_ever ? fmt("%.1f", s.min_tas_airborne_mps) : std::string("-")) +
                    "&ndash;" + fmt("%.1f", s.max_tas_mps)) +
         "</td>";
    o += "<td>" + (a.roll_deg.empty() ? std::string("-") : fmt("%.1f", s.max_bank_deg)) + "</td>";
    o += "<td>" + std::to_string(s.events) + "</td></tr>\n";
  }
  o += "</table></div>\n";

  // Map.
  o += "<h2>Ground track</h2>\n<div class=\"card\">" + render_map(log, opt.chart_width_px) +
       "</div>\n";

  // Charts.
  auto chart = [&](const std::string& id, const std::string& title, const std::string& y_label) {
    Chart c;
    c.id = id;
    c.title = title;
    c.y_label = y_label;
    c.t0_s = log.t_begin_s;
    c.t1_s = std::max(log.t_end_s, log.t_begin_s + 1e-3);
    c.width = opt.chart_width_px;
    c.height = opt.chart_height_px;
    c.max_points = opt.max_points_per_series;
    return c;
  };
  using A = AircraftTrack;
  std::vector<Chart> charts;
  {
    Chart c = chart("altitude", "Altitude", "altitude [m]");
    add_variable(c, log, 0, "above ellipsoid", &A::t_s, &A::alt_m);
    add_variable(c, log, 1, "above ground", &A::t_s, &A::alt_agl_m);
    charts.push_back(c);
  }
  if (any_data(log, &A::tas_mps)) {
    Chart c = chart("airspeed", "Airspeed", "airspeed [m/s]");
    c.y_from_zero = true;
    add_variable(c, log, 0, "TAS", &A::t_s, &A::tas_mps);
    add_variable(c, log, 1, "EAS", &A::t_s, &A::eas_mps);
    charts.push_back(c);
  }
  if (any_data(log, &A::roll_deg)) {
    Chart c = chart("attitude", "Attitude: roll and pitch", "angle [deg]");
    add_variable(c, log, 0, "roll", &A::t_s, &A::roll_deg);
    add_variable(c, log, 1, "pitch", &A::t_s, &A::pitch_deg);
    charts.push_back(c);
    Chart h = chart("heading", "Attitude: yaw (heading, from north)", "yaw [deg]");
    add_variable(h, log, 0, log.aircraft.size() > 1 ? "" : "yaw", &A::t_s, &A::yaw_deg, 1, false,
                 true);
    charts.push_back(h);
  }
  if (any_data(log, &A::alpha_deg)) {
    Chart c = chart("aero-angles", "Angle of attack \xCE\xB1 and sideslip \xCE\xB2", "angle [deg]");
    add_variable(c, log, 0, "\xCE\xB1", &A::t_s, &A::alpha_deg);
    add_variable(c, log, 1, "\xCE\xB2", &A::t_s, &A::beta_deg);
    charts.push_back(c);
  }
  if (any_data(log, &A::rpm)) {
    Chart c = chart("engine", "Engine: speed and throttle", "engine speed [rpm]");
    c.y2_label = "throttle [%]";
    c.y_from_zero = c.y2_from_zero = true;
    add_variable(c, log, 0, "rpm", &A::engine_t_s, &A::rpm);
    add_variable(c, log, 1, "throttle", &A::engine_t_s, &A::throttle, 100.0, true);
    charts.push_back(c);
  }
  if (any_data(log, &A::fuel_kg)) {
    Chart c = chart("fuel", "Fuel on board and fuel flow", "fuel [kg]");
    c.y2_label = "fuel flow [kg/h]";
    c.y_from_zero = c.y2_from_zero = true;
    add_variable(c, log, 0, "fuel", &A::engine_t_s, &A::fuel_kg);
    add_variable(c, log, 1, "flow", &A::engine_t_s, &A::fuel_flow_kg_h, 1.0, true);
    charts.push_back(c);
  }
  {
    Chart c = chart("gear", "Landing gear normal loads", "normal force [N]");
    c.y_from_zero = true;
    const bool several = log.aircraft.size() > 1;
    for (size_t k = 0; k < log.aircraft.size(); ++k) {
      const AircraftTrack& a = log.aircraft[k];
      for (size_t j = 0; j < a.gear_load_n.size(); ++j) {
        ChartSeries s;
        const std::string point = "contact " + std::to_string(a.gear_point_index[j]);
        s.label = several ? a.id + " " + point : point;
        s.colour = series_colour(several ? k : j);
        s.dash = several ? kDashes[j % std::size(kDashes)] : "";
        s.t_s = &a.gear_t_s;
        s.value = &a.gear_load_n[j];
        c.series.push_back(s);
      }
    }
    if (!c.series.empty()) charts.push_back(c);
  }
  if (any_data(log, &A::nav_pos_err_m)) {
    // The navigation filter against truth (the flight software never sees truth; the runner
    // logged these errors).
    Chart c =
        chart("nav-position", "Navigation error: position (estimate against truth)", "error [m]");
    c.y_from_zero = true;
    add_variable(c, log, 0, "horizontal", &A::nav_t_s, &A::nav_pos_err_m);
    add_variable(c, log, 1, "height", &A::nav_t_s, &A::nav_alt_err_m);
    charts.push_back(c);
    Chart a = chart("nav-attitude", "Navigation error: attitude and heading", "error [deg]");
    add_variable(a, log, 0, "tilt (roll, pitch)", &A::nav_t_s, &A::nav_tilt_err_deg);
    add_variable(a, log, 1, "heading", &A::nav_t_s, &A::nav_heading_err_deg);
    charts.push_back(a);
    Chart w = chart("nav-wind", "Navigation error: wind", "error [m/s]");
    w.y_from_zero = true;
    add_variable(w, log, 0, "wind", &A::nav_t_s, &A::nav_wind_err_mps);
    charts.push_back(w);
  }
  o += "<h2>Time histories</h2>\n";
  for (const Chart& c : charts) o += "<div class=\"card\">" + render_chart(c) + "</div>\n";

  // Events.
  o += "<h2>Events</h2>\n";
  if (log.events.empty()) {
    o += "<p class=\"meta\">No events were logged.</p>\n";
  } else {
    constexpr size_t kMaxRows = 2000;
    o += "<div class=\"card\"><table id=\"events\">\n<tr><th>time [s]</th><th>time</th>"
         "<th class=\"l\">aircraft</th><th class=\"l\">event</th></tr>\n";
    for (size_t i = 0; i < log.events.size() && i < kMaxRows; ++i) {
      const FlightEvent& e = log.events[i];
      std::string who = "-";
      for (const AircraftTrack& a : log.aircraft)
        if (a.multi_id == e.multi_id) who = a.id;
      const int tt = static_cast<int>(std::max(0.0, e.t_s));
      char hms[32];
      std::snprintf(hms, sizeof hms, "%d:%02d:%02d", tt / 3600, (tt / 60) % 60, tt % 60);
      o += "<tr><td>" + fmt("%.2f", e.t_s) + "</td><td>" + hms + "</td><td class=\"l\">" +
           xml_escape(who) + "</td><td class=\"l wrap\">" + xml_escape(e.text) + "</td></tr>\n";
    }
    o += "</table></div>\n";
    if (log.events.size() > kMaxRows)
      o += "<p class=\"meta\">" + std::to_string(log.events.size() - kMaxRows) +
           " more events not shown.</p>\n";
  }

  o += "<footer>Generated by <code>kestrel report</code> from " + xml_escape(file) +
       ". Times are simulated time since the start of the run. Heights are above the WGS-84 "
       "ellipsoid unless marked AGL.</footer>\n";
  o += "<div id=\"report-status\" hidden></div>\n</main>\n</body>\n</html>\n";
  return o;
}

}  // namespace kestrel::report
