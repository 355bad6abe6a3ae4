#include "sim/sweep.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>

#include "airframe/aircraft_file.h"
#include "core/rng.h"

namespace kestrel {
namespace {

struct SweepError {
  std::string message;
};

[[noreturn]] void fail_at(const std::string& src, const YAML::Node& n, const std::string& key,
                          const std::string& why) {
  throw SweepError{src + ":" + std::to_string(n.Mark().line + 1) + ": " + key + ": " + why};
}

void only_keys(const std::string& src, const YAML::Node& map, const std::string& where,
               const std::set<std::string>& allowed) {
  if (!map.IsMap()) fail_at(src, map, where, "expected a mapping");
  for (const auto& kv : map) {
    const std::string k = kv.first.as<std::string>();
    if (!allowed.count(k))
      fail_at(src, kv.first, where.empty() ? k : where + "." + k, "unknown key '" + k + "'");
  }
}

const YAML::Node need(const std::string& src, const YAML::Node& map, const std::string& where,
                      const std::string& key) {
  const YAML::Node n = map[key];
  if (!n) fail_at(src, map, where.empty() ? key : where + "." + key, "missing key '" + key + "'");
  return n;
}

double number(const std::string& src, const YAML::Node& n, const std::string& key) {
  if (!n.IsScalar()) fail_at(src, n, key, "expected a number");
  double v;
  try {
    if (n.Tag() == "!") throw YAML::Exception(n.Mark(), "quoted");
    v = n.as<double>();
  } catch (const YAML::Exception&) {
    fail_at(src, n, key, "expected a number, got '" + n.Scalar() + "'");
  }
  if (!std::isfinite(v)) fail_at(src, n, key, "must be finite");
  return v;
}

std::string yaml_text(const YAML::Node& n) {
  YAML::Emitter e;
  e.SetMapFormat(YAML::Flow);
  e.SetSeqFormat(YAML::Flow);
  e << n;
  return e.c_str();
}

}  // namespace

Result<SweepSpec> parse_sweep_yaml(const std::string& text, const std::string& src) {
  try {
    YAML::Node root;
    try {
      root = YAML::Load(text);
    } catch (const YAML::Exception& e) {
      return Error{src + ":" + std::to_string(e.mark.line + 1) + ": YAML syntax error: " + e.msg};
    }
    if (!root || !root.IsMap()) return Error{src + ":1: a sweep file is a YAML mapping"};
    only_keys(src, root, "", {"name", "description", "scenario", "runs", "seed", "dispersions"});
    SweepSpec s;
    s.source_path = src;
    s.name = need(src, root, "", "name").as<std::string>();
    s.scenario = need(src, root, "", "scenario").as<std::string>();
    s.scenario_line = root["scenario"].Mark().line + 1;
    // A scenario path is relative to the sweep file's folder; a bare name is a built-in.
    if (s.scenario.find('/') != std::string::npos || s.scenario.ends_with(".yaml")) {
      const std::filesystem::path p(s.scenario);
      if (p.is_relative())
        s.scenario = (std::filesystem::path(src).parent_path() / p).lexically_normal().string();
    }
    const double runs = number(src, need(src, root, "", "runs"), "runs");
    if (runs < 1 || runs > 1e7 || runs != std::floor(runs))
      fail_at(src, root["runs"], "runs", "must be a whole number from 1 to 10,000,000");
    s.runs = static_cast<int>(runs);
    const double seed = number(src, need(src, root, "", "seed"), "seed");
    if (seed < 0 || seed != std::floor(seed) || seed > 9.0e15)
      fail_at(src, root["seed"], "seed", "must be a non-negative whole number");
    s.seed = static_cast<uint64_t>(seed);
    const YAML::Node list = need(src, root, "", "dispersions");
    if (!list.IsSequence()) fail_at(src, list, "dispersions", "expected a list");
    for (std::size_t i = 0; i < list.size(); ++i) {
      const std::string w = "dispersions[" + std::to_string(i) + "]";
      const YAML::Node d = list[i];
      only_keys(src, d, w, {"key", "uniform", "normal", "choice"});
      Dispersion x;
      x.key_path = need(src, d, w, "key").as<std::string>();
      const int kinds = (d["uniform"] ? 1 : 0) + (d["normal"] ? 1 : 0) + (d["choice"] ? 1 : 0);
      if (kinds != 1) fail_at(src, d, w, "give exactly one of uniform, normal, choice");
      if (d["uniform"]) {
        const YAML::Node u = d["uniform"];
        if (!u.IsSequence() || u.size() != 2)
          fail_at(src, u, w + ".uniform", "expected [low, high]");
        x.kind = Dispersion::Kind::kUniform;
        x.a = number(src, u[0], w + ".uniform[0]");
        x.b = number(src, u[1], w + ".uniform[1]");
        if (!(x.b > x.a)) fail_at(src, u, w + ".uniform", "high must be above low");
      } else if (d["normal"]) {
        const YAML::Node n = d["normal"];
        only_keys(src, n, w + ".normal", {"mean", "sd", "min", "max"});
        x.kind = Dispersion::Kind::kNormal;
        x.a = number(src, need(src, n, w + ".normal", "mean"), w + ".normal.mean");
        x.b = number(src, need(src, n, w + ".normal", "sd"), w + ".normal.sd");
        if (!(x.b > 0)) fail_at(src, n["sd"], w + ".normal.sd", "must be positive");
        if (n["min"]) x.min = number(src, n["min"], w + ".normal.min");
        if (n["max"]) x.max = number(src, n["max"], w + ".normal.max");
        if (!(x.max > x.min)) fail_at(src, n, w + ".normal", "max must be above min");
      } else {
        const YAML::Node c = d["choice"];
        if (!c.IsSequence() || c.size() == 0)
          fail_at(src, c, w + ".choice", "expected a non-empty list of values");
        x.kind = Dispersion::Kind::kChoice;
        for (const auto& v : c) x.choices.push_back(yaml_text(v));
      }
      s.dispersions.push_back(x);
    }
    return s;
  } catch (const SweepError& e) {
    return Error{e.message};
  } catch (const YAML::Exception& e) {
    return Error{src + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg};
  }
}

Result<SweepSpec> load_sweep(const std::string& name) {
  Result<std::string> resolved = resolve_data_file(name, "sweeps", "sweep");
  if (!resolved.ok()) return resolved.error();
  const std::string path = resolved.value();
  std::ifstream f(path, std::ios::binary);
  if (!f) return Error{path + ": cannot open the sweep file"};
  std::ostringstream ss;
  ss << f.rdbuf();
  return parse_sweep_yaml(ss.str(), path);
}

SweepRun plan_run(const SweepSpec& spec, int index) {
  SweepRun r;
  r.index = index;
  r.seed = stream_seed(spec.seed, "run/" + std::to_string(index));
  Rng rng(stream_seed(spec.seed, "dispersion/" + std::to_string(index)));
  for (const Dispersion& d : spec.dispersions) {
    char buf[64];
    switch (d.kind) {
      case Dispersion::Kind::kUniform:
        std::snprintf(buf, sizeof buf, "%.9g", d.a + (d.b - d.a) * rng.uniform());
        r.values.push_back({d.key_path, buf});
        break;
      case Dispersion::Kind::kNormal:
        std::snprintf(buf, sizeof buf, "%.9g", std::clamp(d.a + d.b * rng.normal(), d.min, d.max));
        r.values.push_back({d.key_path, buf});
        break;
      case Dispersion::Kind::kChoice: {
        const std::size_t k = std::min(
            d.choices.size() - 1,
            static_cast<std::size_t>(rng.uniform() * static_cast<double>(d.choices.size())));
        r.values.push_back({d.key_path, d.choices[k]});
        break;
      }
    }
  }
  return r;
}

SweepResult run_sweep(const SweepSpec& spec, int runs, int jobs,
                      const std::function<void(int, int)>& progress, const std::string& log_dir) {
  SweepResult out;
  out.jobs = std::max(1, jobs);
  out.runs.resize(static_cast<std::size_t>(runs));
  const auto wall0 = std::chrono::steady_clock::now();
  std::atomic<int> next{0}, done{0};
  std::mutex progress_mutex;
  PlanPerformanceCache tables;  // built once per aircraft and loading for the whole sweep
  auto worker = [&]() {
    for (;;) {
      const int i = next.fetch_add(1);
      if (i >= runs) return;
      SweepRun r = plan_run(spec, i);
      Result<Scenario> sc = load_scenario(spec.scenario, r.values);
      if (!sc.ok()) {
        r.summary.scenario = spec.scenario;
        r.summary.seed = r.seed;
        r.summary.outcome = RunOutcome::kError;
        r.summary.error = sc.error().message;
      } else {
        Scenario scenario = std::move(sc).value();
        scenario.seed = r.seed;
        RunOptions opt;
        opt.plan_performance = &tables;
        if (!log_dir.empty()) opt.log_path = log_dir + "/run_" + std::to_string(i) + ".ulg";
        r.summary = run_scenario(scenario, opt);
      }
      out.runs[static_cast<std::size_t>(i)] = std::move(r);
      const int d = done.fetch_add(1) + 1;
      if (progress) {
        std::lock_guard<std::mutex> lock(progress_mutex);
        progress(d, runs);
      }
    }
  };
  std::vector<std::thread> threads;
  for (int j = 1; j < out.jobs; ++j) threads.emplace_back(worker);
  worker();
  for (std::thread& t : threads) t.join();
  out.wall_time_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count();
  return out;
}

}  // namespace kestrel
