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
std::string run_summary_text(const RunSummary& s);

}  // namespace kestrel
