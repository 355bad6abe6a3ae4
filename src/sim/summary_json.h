// The run summary as JSON (the schema of docs/run-summary.md) and as text.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "sim/runner.h"

namespace kestrel {

nlohmann::json run_summary_json(const RunSummary& s);
std::string run_summary_text(const RunSummary& s);

}  // namespace kestrel
