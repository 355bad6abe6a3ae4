#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "log/ulog.h"
#include "report/flight_log.h"
#include "report/log_export.h"
#include "report/report_html.h"
#include "report/svg_chart.h"
#include "sim/log_topics.h"

namespace kestrel::report {
namespace {

namespace fs = std::filesystem;

fs::path temp_dir() {
  return fs::temp_directory_path() / ("kestrel_report_test_" + std::to_string(::getpid()));
}

std::string temp_path(const std::string& name) {
  fs::create_directories(temp_dir());
  return (temp_dir() / name).string();
}

// Removes the test's files at the end, unless KESTREL_KEEP_TEST_FILES is set (to look at
// synthetic.html).
class TempFiles : public ::testing::Environment {
 public:
  void TearDown() override {
    std::error_code ec;
    if (!std::getenv("KESTREL_KEEP_TEST_FILES")) fs::remove_all(temp_dir(), ec);
  }
};
const auto* const kTempFiles = ::testing::AddGlobalTestEnvironment(new TempFiles);

// A synthetic log in memory: n samples at `rate_hz`, a circle of radius 2 km, per aircraft.
FlightLog synthetic_log(int n_aircraft, size_t n, double rate_hz) {
  FlightLog log;
  log.path = "/tmp/synthetic.ulg";
  log.scenario = "synthetic";
  log.seed = "7";
  log.home_lat_deg = 46.5;
  log.home_lon_deg = 6.5;
  for (int k = 0; k < n_aircraft; ++k) {
    AircraftTrack a;
    a.multi_id = k;
    a.id = "uav-" + std::to_string(k);
    for (size_t i = 0; i < n; ++i) {
      const double t = static_cast<double>(i) / rate_hz;
      const double ang = t / 120.0 + k;
      a.t_s.push_back(t);
      a.lat_deg.push_back(46.5 + 2000 * std::sin(ang) / 111132.0);
      a.lon_deg.push_back(6.5 + 2000 * std::cos(ang) / 76600.0);
      a.alt_m.push_back(500 + 100 * std::sin(t / 50) + (i == n / 3 ? 400 : 0));  // one spike
      a.alt_agl_m.push_back(a.alt_m.back() - 400);
      for (auto* v :
           {&a.vn_mps, &a.ve_mps, &a.vd_mps, &a.roll_deg, &a.pitch_deg, &a.alpha_deg, &a.beta_deg})
        v->push_back(std::sin(t));
      a.yaw_deg.push_back(std::fmod(t * 3, 360.0));
      a.tas_mps.push_back(40 + std::sin(t / 30));
      a.eas_mps.push_back(38 + std::sin(t / 30));
      a.engine_t_s.push_back(t);
      a.rpm.push_back(5000);
      a.throttle.push_back(0.7);
      a.fuel_kg.push_back(60 - t * 0.001);
      a.fuel_flow_kg_h.push_back(3.6);
    }
    log.aircraft.push_back(std::move(a));
  }
  log.events.push_back({10.0, 0, "took off <& \"quoted\">"});
  log.events.push_back({20.0, -1, "a string, without aircraft"});
  log.t_begin_s = 0;
  log.t_end_s = static_cast<double>(n - 1) / rate_hz;
  return log;
}

TEST(SvgChart, NiceTicksAreRoundAndCover) {
  double step = 0;
  const std::vector<double> t = nice_ticks(0.3, 9.7, 5, &step);
  EXPECT_DOUBLE_EQ(step, 2.0);
  EXPECT_DOUBLE_EQ(t.front(), 2.0);
  EXPECT_DOUBLE_EQ(t.back(), 8.0);
  nice_ticks(-1234, 56789, 5, &step);
  EXPECT_DOUBLE_EQ(step, 20000.0);
  EXPECT_EQ(format_number(0.25, 0.25), "0.25");
  EXPECT_EQ(format_number(1200, 200), "1200");
  EXPECT_EQ(format_number(-1e-17, 0.5), "0.0");
}

TEST(SvgChart, DownsamplingKeepsExtremesAndBound) {
  std::vector<double> t, v;
  for (int i = 0; i < 1000000; ++i) {
    t.push_back(i * 0.02);
    v.push_back(std::sin(i * 0.001));
  }
  v[123457] = 50;  // a one-sample spike must survive
  v[765431] = -50;
  const std::vector<size_t> idx = downsample_min_max(t, v, 2000);
  EXPECT_LE(idx.size(), 2000u);
  EXPECT_GT(idx.size(), 1500u);
  EXPECT_TRUE(std::is_sorted(idx.begin(), idx.end()));
  EXPECT_NE(std::find(idx.begin(), idx.end(), 123457u), idx.end());
  EXPECT_NE(std::find(idx.begin(), idx.end(), 765431u), idx.end());
  EXPECT_EQ(idx.front(), 0u);
  EXPECT_EQ(idx.back(), 999999u);
  // Short series are drawn whole.
  EXPECT_EQ(downsample_min_max({0, 1, 2}, {3, 4, 5}, 2000).size(), 3u);
}

TEST(ReportHtml, SelfContainedWithEveryChart) {
  const FlightLog log = synthetic_log(2, 3000, 50);
  const std::string html = render_report_html(log);
  std::ofstream(temp_path("synthetic.html")) << html;  // to look at when a check fails
  EXPECT_EQ(html.find("https://"), std::string::npos);
  // The only http:// URLs are XML namespace names, which are never fetched.
  size_t pos = 0;
  while ((pos = html.find("http://", pos)) != std::string::npos) {
    EXPECT_EQ(html.compare(pos, 26, "http://www.w3.org/2000/svg"), 0) << html.substr(pos, 40);
    ++pos;
  }
  EXPECT_EQ(html.find("src="), std::string::npos);
  for (const char* s : {"Ground track", "Altitude", "Airspeed", "Attitude: roll", "yaw",
                        "Angle of attack", "Engine", "Fuel", "uav-0", "uav-1", "synthetic",
                        "took off &lt;&amp; &quot;quoted&quot;&gt;", "report-status",
                        "class=\"maplabel\">500 m</text>"})
    EXPECT_NE(html.find(s), std::string::npos) << s;
  EXPECT_EQ(html.find("nan"), std::string::npos);
  EXPECT_EQ(html.find("inf"), std::string::npos);
  // Same log, same bytes.
  EXPECT_EQ(html, render_report_html(log));
}

TEST(ReportHtml, EighteenHourLogGivesASmallPage) {
  const FlightLog log = synthetic_log(1, 18 * 3600 * 5, 5);  // 18 h at 5 Hz: 324,000 samples
  const std::string html = render_report_html(log);
  EXPECT_LT(html.size(), 1024u * 1024) << html.size();
  EXPECT_NE(html.find("time [h]"), std::string::npos);
}

TEST(ReportHtml, TruncatedLogShowsAWarning) {
  FlightLog log = synthetic_log(1, 100, 50);
  log.truncated = true;
  log.truncation = "log truncated at t = 1.980 s";
  const std::string html = render_report_html(log);
  EXPECT_NE(html.find("log truncated at t = 1.980 s"), std::string::npos);
}

TEST(LogExport, CsvHasOneRowPerSampleAndAircraft) {
  const FlightLog log = synthetic_log(2, 500, 50);
  std::ostringstream s;
  write_csv(log, s);
  std::istringstream in(s.str());
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line,
            "time_s,aircraft,lat_deg,lon_deg,alt_m,vn_mps,ve_mps,vd_mps,roll_deg,pitch_deg,"
            "yaw_deg,tas_mps,alpha_deg,beta_deg,rpm,fuel_kg");
  int rows = 0;
  while (std::getline(in, line)) {
    ++rows;
    EXPECT_EQ(std::count(line.begin(), line.end(), ','), 15) << line;
  }
  EXPECT_EQ(rows, 1000);
  std::ostringstream thin;
  write_csv(log, thin, {1.0});  // one sample per second: t = 0..9, and the last
  const std::string csv = thin.str();
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 1 + 2 * 11);
}

TEST(LogExport, GeoJsonParses) {
  const FlightLog log = synthetic_log(2, 500, 50);
  std::ostringstream s;
  write_geojson(log, s);
  const nlohmann::json j = nlohmann::json::parse(s.str());
  EXPECT_EQ(j["type"], "FeatureCollection");
  int lines = 0, points = 0;
  for (const auto& f : j["features"]) {
    EXPECT_EQ(f["type"], "Feature");
    if (f["geometry"]["type"] == "LineString") {
      ++lines;
      ASSERT_EQ(f["geometry"]["coordinates"].size(), 500u);
      const auto& c = f["geometry"]["coordinates"][0];
      ASSERT_EQ(c.size(), 3u);
      EXPECT_NEAR(c[0].get<double>(), 6.5, 0.1);  // lon first
      EXPECT_NEAR(c[1].get<double>(), 46.5, 0.1);
    } else {
      EXPECT_EQ(f["geometry"]["type"], "Point");
      ++points;
    }
  }
  EXPECT_EQ(lines, 2);
  EXPECT_EQ(points, 2);
}

TEST(LogExport, KmlIsWellFormed) {
  const FlightLog log = synthetic_log(2, 200, 50);
  const std::string path = temp_path("track.kml");
  {
    std::ofstream f(path);
    write_kml(log, f);
  }
  std::ifstream f(path);
  const std::string kml((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  EXPECT_NE(kml.find("<kml xmlns=\"http://www.opengis.net/kml/2.2\">"), std::string::npos);
  EXPECT_EQ(std::count(kml.begin(), kml.end(), '&'),
            static_cast<long>(std::string("&lt;&amp;&quot;&quot;&gt;").size() -
                              std::string("lt;amp;quot;quot;gt;").size()));
  EXPECT_NE(kml.find("<altitudeMode>absolute</altitudeMode>"), std::string::npos);
  if (std::system("command -v xmllint >/dev/null 2>&1") == 0) {
    EXPECT_EQ(std::system(("xmllint --noout '" + path + "'").c_str()), 0);
  } else {
    GTEST_SKIP() << "xmllint not installed (Debian package libxml2-utils)";
  }
}

// ---- through real ULog files ------------------------------------------------------------------

void write_small_ulog(const std::string& path, int n_aircraft) {
  auto w = UlogWriter::open(path);
  ASSERT_TRUE(w.ok()) << w.error().message;
  UlogWriter& u = *w.value();
  u.add_info("sys_name", "Kestrel");
  u.add_info("kestrel_scenario", "tiny");
  u.add_info("kestrel_seed", "99");
  u.add_info("kestrel_home_lat_deg", "46.000000000");
  u.add_info("kestrel_home_lon_deg", "7.000000000");
  for (int k = 0; k < n_aircraft; ++k)
    u.add_info("kestrel_aircraft_" + std::to_string(k), "ac" + std::to_string(k));
  using T = UlogType;
  std::vector<UlogField> truth = {{T::kUint64, 0, "timestamp"},
                                  {T::kDouble, 0, "lat_deg"},
                                  {T::kDouble, 0, "lon_deg"},
                                  {T::kDouble, 0, "alt_m"}};
  for (const char* n :
       {"alt_agl_m", "vn_mps",  "ve_mps",  "vd_mps",    "roll_rad", "pitch_rad", "yaw_rad",
        "p_rad_s",   "q_rad_s", "r_rad_s", "alpha_rad", "beta_rad", "tas_mps",   "eas_mps",
        "mach",      "ax_mps2", "ay_mps2", "az_mps2",   "mass_kg",  "cg_x_m"})
    truth.push_back({T::kFloat, 0, n});
  const int ft = u.add_format("vehicle_truth", truth);
  const int fe = u.add_format(
      "event", {{T::kUint64, 0, "timestamp"}, {T::kUint8, 0, "kind"}, {T::kChar, 63, "text"}});
  std::vector<int> ids, eids;
  for (int k = 0; k < n_aircraft; ++k) {
    ids.push_back(u.subscribe(ft, static_cast<uint8_t>(k)));
    eids.push_back(u.subscribe(fe, static_cast<uint8_t>(k)));
  }
  for (int i = 0; i < 200; ++i)
    for (int k = 0; k < n_aircraft; ++k) {
      topics::VehicleTruth v{};
      v.timestamp = static_cast<uint64_t>(i) * 20000;
      v.lat_deg = 46 + i * 1e-5;
      v.lon_deg = 7 + k * 1e-3;
      v.alt_m = 1000 + i;
      v.alt_agl_m = 500 + i;
      v.roll_rad = 0.5f;
      v.yaw_rad = -1.0f;
      v.tas_mps = 40;
      u.write(ids[static_cast<size_t>(k)], v);
      if (i == 100) {
        topics::Event e{};
        e.timestamp = v.timestamp;
        e.kind = 0;
        std::snprintf(e.text, sizeof e.text, "gust %d", k);
        u.write(eids[static_cast<size_t>(k)], e);
        u.log_string(kUlogInfo, v.timestamp, "gust " + std::to_string(k));
      }
    }
  u.log_string(kUlogWarning, 3000000, "a free string");
  ASSERT_TRUE(u.close().ok());
}

TEST(FlightLogFile, ReadsAKestrelLog) {
  const std::string path = temp_path("tiny.ulg");
  write_small_ulog(path, 2);
  const Result<FlightLog> r = load_flight_log(path);
  ASSERT_TRUE(r.ok()) << r.error().message;
  const FlightLog& log = r.value();
  EXPECT_EQ(log.scenario, "tiny");
  EXPECT_EQ(log.seed, "99");
  ASSERT_TRUE(log.home_lat_deg.has_value());
  EXPECT_DOUBLE_EQ(*log.home_lat_deg, 46.0);
  ASSERT_EQ(log.aircraft.size(), 2u);
  EXPECT_EQ(log.aircraft[1].id, "ac1");
  EXPECT_EQ(log.aircraft[1].t_s.size(), 200u);
  EXPECT_NEAR(log.aircraft[0].roll_deg[5], 28.6479, 1e-3);
  EXPECT_NEAR(log.aircraft[0].yaw_deg[5], 360 - 57.2958, 1e-3);  // shown 0..360
  EXPECT_FALSE(log.truncated);
  // Two event rows with their own text (the same strings logged too are not repeated), then the
  // free string.
  ASSERT_EQ(log.events.size(), 3u);
  EXPECT_EQ(log.events[0].text, "gust 0");
  EXPECT_EQ(log.events[0].multi_id, 0);
  EXPECT_EQ(log.events[1].text, "gust 1");
  EXPECT_EQ(log.events[2].text, "a free string");
  EXPECT_EQ(log.events[2].multi_id, -1);
  const AircraftSummary s = summarize(log, log.aircraft[0]);
  EXPECT_NEAR(s.distance_km, 199 * 1e-5 * 111.2, 0.01);
  EXPECT_DOUBLE_EQ(s.max_alt_m, 1199);
  EXPECT_NEAR(s.max_bank_deg, 28.6479, 1e-3);
}

TEST(FlightLogFile, TruncatedLogIsReadUpToTheCut) {
  const std::string path = temp_path("cut.ulg");
  write_small_ulog(path, 1);
  fs::resize_file(path, fs::file_size(path) - 70);  // ends inside a message
  const Result<FlightLog> r = load_flight_log(path);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_TRUE(r.value().truncated);
  EXPECT_NE(r.value().truncation.find("log truncated at t = "), std::string::npos);
  EXPECT_NE(render_report_html(r.value()).find("log truncated at"), std::string::npos);
}

TEST(FlightLogFile, ErrorsNameTheFileAndTheProblem) {
  const std::string missing = temp_path("missing.ulg");
  Result<FlightLog> r = load_flight_log(missing);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find(missing), std::string::npos);
  EXPECT_NE(r.error().message.find("no such file"), std::string::npos);

  const std::string text = temp_path("notes.ulg");
  std::ofstream(text) << "this is not a flight log\n";
  r = load_flight_log(text);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find(text), std::string::npos);

  const std::string foreign = temp_path("px4.ulg");
  {
    auto w = UlogWriter::open(foreign);
    ASSERT_TRUE(w.ok());
    w.value()->add_info("sys_name", "PX4");
    const int f = w.value()->add_format(
        "sensor_combined", {{UlogType::kUint64, 0, "timestamp"}, {UlogType::kFloat, 0, "x"}});
    w.value()->subscribe(f, 0);
    ASSERT_TRUE(w.value()->close().ok());
  }
  r = load_flight_log(foreign);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find(foreign), std::string::npos);
  EXPECT_NE(r.error().message.find("not a Kestrel flight log"), std::string::npos);
  EXPECT_NE(r.error().message.find("PX4"), std::string::npos);
}

}  // namespace
}  // namespace kestrel::report
