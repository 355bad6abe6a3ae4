// kestrel sweep: a Monte Carlo campaign over a base scenario, on all cores.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <thread>

#include "commands.h"
#include "common.h"
#include "sim/summary_json.h"
#include "sim/sweep.h"

namespace kestrel::cli {
namespace {

// The numeric summary fields of a run, in a fixed order (first aircraft; docs/run-summary.md):
// the run's, then its `nav` block's as "nav.<field>" when the aircraft has avionics.
std::vector<std::pair<std::string, double>> numeric_fields(const RunSummary& s) {
  const AircraftSummary a = s.aircraft.empty() ? AircraftSummary{} : s.aircraft.front();
  std::vector<std::pair<std::string, double>> f = {{"sim_time_s", s.sim_time_s},
                                                   {"flight_time_s", a.flight_time_s},
                                                   {"distance_km", a.distance_km},
                                                   {"fuel_used_kg", a.fuel_used_kg},
                                                   {"max_altitude_m", a.max_altitude_m}};
  if (a.nav.present)
    for (const auto& [name, value] : nav_numeric_fields(a.nav)) f.push_back({"nav." + name, value});
  for (const auto& nv : autopilot_numeric_fields(a)) f.push_back(nv);
  return f;
}

double percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  const double x = p * static_cast<double>(v.size() - 1);
  const std::size_t i = static_cast<std::size_t>(x);
  const double f = x - static_cast<double>(i);
  return i + 1 < v.size() ? v[i] + f * (v[i + 1] - v[i]) : v[i];
}

std::string csv_escape(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string o = "\"";
  for (char c : s) o += c == '"' ? std::string("\"\"") : std::string(1, c);
  return o + "\"";
}

RunFn setup(CLI::App& app) {
  struct Opts {
    std::string sweep, out, log_dir;
    int runs = 0, jobs = 0;
    bool json = false;
  };
  auto o = std::make_shared<Opts>();
  app.add_option("sweep", o->sweep, "Sweep file, or a built-in name (data/sweeps)")->required();
  app.add_option("--runs", o->runs, "Number of runs (default: the file's)")
      ->check(CLI::Range(1, 10000000));
  app.add_option("--jobs", o->jobs, "Worker threads (default: all cores)")
      ->check(CLI::Range(1, 1024));
  app.add_option("--out", o->out, "Per-run results CSV");
  app.add_option("--log-dir", o->log_dir, "Write each run's flight log as DIR/run_<i>.ulg")
      ->check(CLI::ExistingDirectory);
  app.add_flag("--json", o->json, "Print the per-run results and statistics as JSON");

  return [o]() -> int {
    Result<SweepSpec> spec = load_sweep(o->sweep);
    if (!spec.ok()) return fail(spec.error().message);
    const SweepSpec& s = spec.value();
    // The base scenario must load before any run starts.
    {
      Result<Scenario> base = load_scenario(s.scenario, plan_run(s, 0).values);
      if (!base.ok())
        return fail(s.source_path + ":" + std::to_string(s.scenario_line) +
                    ": scenario: " + base.error().message);
    }
    const int runs = o->runs > 0 ? o->runs : s.runs;
    const int jobs = o->jobs > 0 ? o->jobs : std::max(1u, std::thread::hardware_concurrency());
    ProgressBar bar("sweep " + s.name);
    const SweepResult r = run_sweep(
        s, runs, jobs, [&](int d, int n) { bar.update(double(d) / n); }, o->log_dir);

    // The columns: the field names of the first run that did not fail, in its order (every run
    // of a sweep flies the same scenario, so they have the same fields).
    std::map<std::string, int> outcomes;
    // Every field any run has (a run without a touchdown or a glide has none of those), in the
    // order of their first appearance.
    std::vector<std::string> names;
    for (const SweepRun& run : r.runs) {
      if (run.summary.outcome == RunOutcome::kError) continue;
      for (const auto& [name, value] : numeric_fields(run.summary))
        if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
    }
    const auto row_values = [&](const RunSummary& sum) {
      std::map<std::string, double> by_name;
      for (const auto& [name, value] : numeric_fields(sum)) by_name[name] = value;
      std::vector<double> v;
      for (const std::string& n : names) {
        const auto it = by_name.find(n);
        v.push_back(it == by_name.end() ? std::nan("") : it->second);
      }
      return v;
    };
    std::vector<std::vector<double>> columns(names.size());
    for (const SweepRun& run : r.runs) {
      ++outcomes[to_string(run.summary.outcome)];
      if (run.summary.outcome == RunOutcome::kError) continue;
      const std::vector<double> v = row_values(run.summary);
      for (std::size_t k = 0; k < v.size(); ++k)
        if (std::isfinite(v[k])) columns[k].push_back(v[k]);
    }
    nlohmann::json stats;
    for (std::size_t k = 0; k < names.size(); ++k) {
      if (columns[k].empty()) continue;
      const std::vector<double>& c = columns[k];
      double mean = 0;
      for (double x : c) mean += x;
      mean /= static_cast<double>(c.size());
      stats[names[k]] = {{"mean", round_to(mean, 4)},
                         {"min", round_to(*std::min_element(c.begin(), c.end()), 4)},
                         {"p5", round_to(percentile(c, 0.05), 4)},
                         {"p50", round_to(percentile(c, 0.50), 4)},
                         {"p95", round_to(percentile(c, 0.95), 4)},
                         {"max", round_to(*std::max_element(c.begin(), c.end()), 4)}};
    }

    if (!o->out.empty()) {
      std::ofstream csv(o->out);
      if (!csv) return fail(o->out + ": cannot write");
      csv << "run,seed";
      for (const Dispersion& d : s.dispersions) csv << "," << csv_escape(d.key_path);
      csv << ",outcome";
      for (const std::string& f : names) csv << "," << f;
      csv << ",landed,crashed\n";
      for (const SweepRun& run : r.runs) {
        csv << run.index << "," << run.seed;
        for (const ScenarioOverride& v : run.values) csv << "," << csv_escape(v.yaml_value);
        csv << "," << to_string(run.summary.outcome);
        for (double x : row_values(run.summary)) {
          char buf[32];
          std::snprintf(buf, sizeof buf, "%.6g", x);
          csv << "," << buf;
        }
        const bool landed = !run.summary.aircraft.empty() && run.summary.aircraft[0].landed;
        const bool crashed = !run.summary.aircraft.empty() && run.summary.aircraft[0].crashed;
        csv << "," << (landed ? 1 : 0) << "," << (crashed ? 1 : 0) << "\n";
      }
      if (!csv) return fail(o->out + ": write failed");
    }

    const double runs_per_s = r.wall_time_s > 0 ? runs / r.wall_time_s : 0;
    if (o->json) {
      nlohmann::json j;
      j["sweep"] = s.name;
      j["scenario"] = s.scenario;
      j["master_seed"] = s.seed;
      j["runs"] = runs;
      j["jobs"] = r.jobs;
      j["wall_time_s"] = round_to(r.wall_time_s, 3);
      j["runs_per_s"] = round_to(runs_per_s, 2);
      j["outcomes"] = outcomes;
      j["statistics"] = stats;
      nlohmann::json rows = nlohmann::json::array();
      for (const SweepRun& run : r.runs) {
        nlohmann::json x = run_summary_json(run.summary);
        x.erase("wall_time_s");
        x.erase("realtime_factor");
        x["run"] = run.index;
        nlohmann::json values;
        for (const ScenarioOverride& v : run.values) values[v.key_path] = v.yaml_value;
        x["values"] = values;
        rows.push_back(x);
      }
      j["per_run"] = rows;
      print_json(j);
    } else {
      std::printf("%s: %d runs of %s on %d threads in %.2f s (%.1f runs/s)\n", s.name.c_str(), runs,
                  s.scenario.c_str(), r.jobs, r.wall_time_s, runs_per_s);
      for (const auto& [k, n] : outcomes) std::printf("  %-11s %d\n", k.c_str(), n);
      for (auto it = stats.begin(); it != stats.end(); ++it)
        std::printf("  %-15s mean %10.3f  p5 %10.3f  p50 %10.3f  p95 %10.3f\n", it.key().c_str(),
                    it.value()["mean"].get<double>(), it.value()["p5"].get<double>(),
                    it.value()["p50"].get<double>(), it.value()["p95"].get<double>());
      if (!o->out.empty()) std::printf("  per-run results: %s\n", o->out.c_str());
    }
    return 0;
  };
}

const bool registered = register_command(
    {"sweep", "Monte Carlo: many runs of a scenario with dispersed values, on all cores", 6,
     setup});

}  // namespace
}  // namespace kestrel::cli
