#include "analysis/openloop.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

namespace kestrel {
namespace {

double interp(const std::vector<double>& t, const std::vector<double>& y, double x) {
  if (y.empty()) return 0.0;
  if (x <= t.front()) return y.front();
  if (x >= t.back()) return y.back();
  const auto it = std::upper_bound(t.begin(), t.end(), x);
  const std::size_t i = static_cast<std::size_t>(it - t.begin()) - 1;
  const double f = (x - t[i]) / (t[i + 1] - t[i]);
  return y[i] + f * (y[i + 1] - y[i]);
}

std::vector<std::string> split_csv(const std::string& line) {
  std::vector<std::string> out;
  std::string cell;
  std::istringstream ss(line);
  while (std::getline(ss, cell, ',')) {
    const auto b = cell.find_first_not_of(" \t\r");
    const auto e = cell.find_last_not_of(" \t\r");
    out.push_back(b == std::string::npos ? "" : cell.substr(b, e - b + 1));
  }
  if (!line.empty() && line.back() == ',') out.emplace_back();
  return out;
}

}  // namespace

void InputSchedule::at(double t, double& de, double& da, double& dr, double& dth) const {
  de = interp(time_s, elevator_rad, t);
  da = interp(time_s, aileron_rad, t);
  dr = interp(time_s, rudder_rad, t);
  dth = interp(time_s, throttle, t);
}

Result<InputSchedule> parse_input_schedule(const std::string& text, const std::string& src) {
  std::istringstream in(text);
  std::string line;
  int line_no = 0;
  std::vector<std::string> header;
  while (header.empty() && std::getline(in, line)) {
    ++line_no;
    if (line.find_first_not_of(" \t\r") == std::string::npos || line[0] == '#') continue;
    header = split_csv(line);
  }
  auto err = [&](int l, const std::string& what) {
    return Error{src + ":" + std::to_string(l) + ": " + what};
  };
  if (header.empty()) return err(line_no, "no header line (expected time_s and control columns)");
  enum Col { kTime, kElev, kAil, kRud, kThr };
  std::vector<int> cols;
  bool has_time = false;
  for (const std::string& h : header) {
    if (h == "time_s")
      cols.push_back(kTime), has_time = true;
    else if (h == "elevator_deg")
      cols.push_back(kElev);
    else if (h == "aileron_deg")
      cols.push_back(kAil);
    else if (h == "rudder_deg")
      cols.push_back(kRud);
    else if (h == "throttle")
      cols.push_back(kThr);
    else
      return err(line_no, "unknown column '" + h +
                              "' (known: time_s, elevator_deg, aileron_deg, rudder_deg, throttle)");
  }
  for (std::size_t i = 0; i < cols.size(); ++i)
    for (std::size_t j = i + 1; j < cols.size(); ++j)
      if (cols[i] == cols[j]) return err(line_no, "column '" + header[j] + "' appears twice");
  if (!has_time) return err(line_no, "missing column 'time_s'");

  InputSchedule s;
  std::vector<double>* target[] = {&s.time_s, &s.elevator_rad, &s.aileron_rad, &s.rudder_rad,
                                   &s.throttle};
  const double scale[] = {1.0, kRadPerDeg, kRadPerDeg, kRadPerDeg, 1.0};
  bool present[5] = {false, false, false, false, false};
  for (int c : cols) present[c] = true;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.find_first_not_of(" \t\r") == std::string::npos || line[0] == '#') continue;
    const std::vector<std::string> cells = split_csv(line);
    if (cells.size() != cols.size())
      return err(line_no, "expected " + std::to_string(cols.size()) + " values, found " +
                              std::to_string(cells.size()));
    for (std::size_t i = 0; i < cells.size(); ++i) {
      double v = 0;
      std::size_t used = 0;
      try {
        v = std::stod(cells[i], &used);
      } catch (const std::exception&) {
        used = 0;
      }
      if (used == 0 || used != cells[i].size() || !std::isfinite(v))
        return err(line_no, "column " + std::to_string(i + 1) + " (" + header[i] +
                                "): not a finite number: '" + cells[i] + "'");
      target[cols[i]]->push_back(v * scale[cols[i]]);
    }
    const auto& t = s.time_s;
    if (t.back() < 0) return err(line_no, "time_s must not be negative");
    if (t.size() > 1 && t.back() <= t[t.size() - 2])
      return err(line_no, "time_s must increase strictly (" + std::to_string(t.back()) + " after " +
                              std::to_string(t[t.size() - 2]) + ")");
    if (present[kThr] && std::abs(s.throttle.back()) > 1.0)
      return err(line_no, "throttle increment must lie in [-1, 1]");
  }
  if (s.time_s.empty()) return err(line_no, "no data rows");
  return s;
}

Result<InputSchedule> load_input_schedule(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return Error{path + ": cannot open the inputs file"};
  std::ostringstream ss;
  ss << f.rdbuf();
  return parse_input_schedule(ss.str(), path);
}

VehicleState fly_open_loop(const VehicleModel& m, VehicleState s, const ControlInputs& trim,
                           const InputSchedule& schedule, double duration_s, double rate_hz,
                           const std::function<void(const OpenLoopSample&)>& sample,
                           const std::function<void(double)>& progress) {
  const int64_t steps = static_cast<int64_t>(std::llround(duration_s / m.step.seconds()));
  const int64_t every = std::max<int64_t>(1, std::llround(1.0 / (rate_hz * m.step.seconds())));
  const int64_t progress_every = std::max<int64_t>(1, steps / 100);
  VehicleTelemetry tel;
  for (int64_t i = 0; i <= steps; ++i) {
    ControlInputs u = trim;
    double de, da, dr, dth;
    schedule.at(s.time.seconds(), de, da, dr, dth);
    u.elevator_rad += de;
    u.aileron_rad += da;
    u.rudder_rad += dr;
    u.throttle = std::clamp(u.throttle + dth, 0.0, 1.0);
    const bool record = i % every == 0;
    if (i == steps) {
      // Telemetry of the final state without stepping past the duration.
      VehicleState probe = s;
      step_vehicle(m, probe, u, &tel);
    } else {
      step_vehicle(m, s, u, &tel);
    }
    if (record && sample) sample({tel.time_s, tel, tel.propulsion.engine_rpm, tel.fuel_kg});
    if (progress && i % progress_every == 0)
      progress(static_cast<double>(i) / static_cast<double>(steps));
    if (s.crashed) break;
  }
  return s;
}

}  // namespace kestrel
