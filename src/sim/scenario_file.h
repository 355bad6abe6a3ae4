// The scenario file: data/scenarios/<name>.yaml or any path → Scenario (SI, validated).
//
// Units are in the key names (lat_deg, speed_mps, qnh_hpa, rate_kg_h); the loader converts to SI
// and checks everything a file can get wrong: syntax, unknown, missing and duplicate keys, types,
// non-finite numbers, ranges, loadings against the aircraft (fuel within the tanks, payload within
// the bay, mass within MTOW), control scripts (times strictly increasing, channels within their
// travel), references (events naming an aircraft that is not in the scenario) and the aircraft
// files themselves. Every error names FILE:LINE: key.path and the reason, e.g.
//   data/scenarios/x.yaml:31: aircraft[0].control.script.rows[2].time_s: must be after the
//   previous row's 12 s, got 12
// The format is documented key by key in docs/scenario-file.md; the built-in scenarios under
// data/scenarios/ are worked examples. Loading never aborts and never throws on file contents.
#pragma once

#include <string>
#include <vector>

#include "core/result.h"
#include "sim/scenario.h"

namespace kestrel {

// Replaces one value of the scenario document before it is validated (parameter sweeps, the
// command line). `key_path` is dotted map keys with [index] for list items, e.g.
// "environment.wind.layers[0].speed_mps"; `yaml_value` is YAML text ("7.5", "moderate",
// "[0, 5, 0]", "{speed_mps: 3, from_deg: 90, height_agl_m: 10}"). Every step of the path must exist
// in the document, except that the last step may be a new map key (validation then decides whether
// the schema allows it). Errors in an overridden value name the line of the value it replaced and
// say which override set it.
struct ScenarioOverride {
  std::string key_path;
  std::string yaml_value;
};

// Parses and validates the text of a scenario file. `source` is the file name used in error
// messages and stored in Scenario::source_path; aircraft given by a relative path are looked up
// relative to its folder. Overrides are applied in order.
Result<Scenario> parse_scenario_yaml(const std::string& text, const std::string& source,
                                     const std::vector<ScenarioOverride>& overrides = {});

// Finds a scenario: `name_or_path` itself when it names an existing file, else the built-in
// <data_dir()>/scenarios/<name>.yaml. If neither exists the error lists the built-in scenarios.
Result<std::string> resolve_scenario(const std::string& name_or_path);

// resolve_scenario(), read the file, parse_scenario_yaml().
Result<Scenario> load_scenario(const std::string& name_or_path,
                               const std::vector<ScenarioOverride>& overrides = {});

}  // namespace kestrel
