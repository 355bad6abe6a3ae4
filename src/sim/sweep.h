// Parameter sweeps (Monte Carlo): a base scenario, dispersions over any of its values by key
// path, N runs with seeds derived from one master seed, on J worker threads. Results are
// independent of J: each run depends only on its own seed and dispersed values, and results are
// stored by run index.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/result.h"
#include "sim/runner.h"
#include "sim/scenario_file.h"

namespace kestrel {

struct Dispersion {
  enum class Kind { kUniform, kNormal, kChoice };
  std::string key_path;              // scenario key path, as for ScenarioOverride
  Kind kind = Kind::kUniform;
  double a = 0, b = 0;               // uniform: [a, b); normal: mean a, standard deviation b
  double min = -1e300, max = 1e300;  // normal: clipped to [min, max]
  std::vector<std::string> choices;  // choice: YAML values, equally likely
};

struct SweepSpec {
  std::string name;
  std::string source_path;
  std::string scenario;              // base scenario (name or path; paths relative to the sweep file)
  int scenario_line = 0;             // line of the `scenario` key, for messages
  int runs = 100;
  uint64_t seed = 1;                 // master seed
  std::vector<Dispersion> dispersions;
};

Result<SweepSpec> parse_sweep_yaml(const std::string& text, const std::string& source);
Result<SweepSpec> load_sweep(const std::string& name_or_path);  // built-ins: data/sweeps/<name>.yaml

struct SweepRun {
  int index = 0;
  uint64_t seed = 0;                 // the run's seed: `kestrel run SCENARIO --seed S --set ...`
  std::vector<ScenarioOverride> values;  // the dispersed values of this run
  RunSummary summary;
};

// The seed and dispersed values of run `index` (a pure function of the spec and the index).
SweepRun plan_run(const SweepSpec& spec, int index);

struct SweepResult {
  std::vector<SweepRun> runs;        // by index
  double wall_time_s = 0;
  int jobs = 1;
};

// Run `runs` runs (default: the spec's) on `jobs` threads. Each run loads the base scenario with
// its overrides; a run whose overrides do not validate gets outcome kError with the message.
// With `log_dir`, run i writes its flight log to <log_dir>/run_<i>.ulg.
SweepResult run_sweep(const SweepSpec& spec, int runs, int jobs,
                      const std::function<void(int done, int total)>& progress = {},
                      const std::string& log_dir = "");

}  // namespace kestrel
