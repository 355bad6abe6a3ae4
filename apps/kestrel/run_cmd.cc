// kestrel run: fly a scenario to its stop conditions, write its flight log, print its summary.
#include <cstdio>
#include <string>
#include <vector>

#include "commands.h"
#include "common.h"
#include "sim/runner.h"
#include "sim/scenario_file.h"
#include "sim/summary_json.h"

namespace kestrel::cli {
namespace {

RunFn setup(CLI::App& app) {
  struct Opts {
    std::string scenario, log, speed = "max";
    std::vector<std::string> set;
    uint64_t seed = 0;
    bool seed_given = false, json = false;
  };
  auto o = std::make_shared<Opts>();
  app.add_option("scenario", o->scenario, "Scenario: a built-in name (data/scenarios) or a file")
      ->required();
  app.add_option("--seed", o->seed, "Seed of the run (default: the scenario's)")
      ->each([o](const std::string&) { o->seed_given = true; });
  app.add_option("--log", o->log, "Write the flight log (PX4 ULog) to this file");
  app.add_option("--speed", o->speed, "max (as fast as possible) or a real-time factor, e.g. 1 or 10")
      ->capture_default_str();
  app.add_option("--set", o->set,
                 "Override a scenario value before validation: KEY.PATH=YAML, e.g. "
                 "environment.wind.layers[0].speed_mps=7.5 (repeatable)");
  app.add_flag("--json", o->json, "Print the summary as JSON (docs/run-summary.md)");

  return [o]() -> int {
    double speed = 0;
    if (o->speed != "max") {
      try {
        std::size_t used = 0;
        speed = std::stod(o->speed, &used);
        if (used != o->speed.size() || !(speed > 0) || speed > 1e6) throw std::invalid_argument("");
      } catch (const std::exception&) {
        std::fprintf(stderr, "kestrel run: --speed: expected 'max' or a positive number, got '%s'\n",
                     o->speed.c_str());
        return 2;
      }
    }
    std::vector<ScenarioOverride> overrides;
    for (const std::string& s : o->set) {
      const auto eq = s.find('=');
      if (eq == std::string::npos || eq == 0) {
        std::fprintf(stderr, "kestrel run: --set: expected KEY.PATH=VALUE, got '%s'\n", s.c_str());
        return 2;
      }
      overrides.push_back({s.substr(0, eq), s.substr(eq + 1)});
    }
    Result<Scenario> sc = load_scenario(o->scenario, overrides);
    if (!sc.ok()) return fail(sc.error().message);
    Scenario scenario = std::move(sc).value();
    if (o->seed_given) scenario.seed = o->seed;

    RunOptions opt;
    opt.log_path = o->log;
    opt.speed = speed;
    ProgressBar bar("run " + scenario.name);
    opt.progress = [&](double f) { bar.update(f); };
    const RunSummary sum = run_scenario(scenario, opt);
    bar.update(1.0);
    if (o->json) {
      print_json(run_summary_json(sum));
    } else {
      std::printf("%s", run_summary_text(sum).c_str());
    }
    if (sum.outcome == RunOutcome::kError) return fail(sum.error);
    return 0;
  };
}

const bool registered = register_command(
    {"run", "Fly a scenario (built-in name or file) and write its flight log", 5, setup});

}  // namespace
}  // namespace kestrel::cli
