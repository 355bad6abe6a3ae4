// The run summary as JSON (the schema of docs/run-summary.md) and as text.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "sim/runner.h"

namespace kestrel {

nlohmann::json run_summary_json(const RunSummary& s);
// The `nav` block, and its numeric fields by name in a fixed order (also the sweep's columns).
nlohmann::json nav_summary_json(const NavSummary& n);
std::vector<std::pair<std::string, double>> nav_numeric_fields(const NavSummary& n);
// The autopilot's figures of an aircraft flown by it (`tracking.*`, `touchdown.*`, `go_arounds`,
// `stopped`, ...), by name in a fixed order: the sweep's columns (booleans as 0/1).
std::vector<std::pair<std::string, double>> autopilot_numeric_fields(const AircraftSummary& a);
std::string run_summary_text(const RunSummary& s);

}  // namespace kestrel
