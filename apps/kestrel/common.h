// Helpers shared by the subcommands: loading an aircraft into a model, options that several
// commands take, and printing errors and JSON.
#pragma once

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <string>

#include "airframe/vehicle.h"
#include "core/result.h"

namespace kestrel::cli {

// Load the aircraft (a built-in name such as "searcher2" or a path) into a vehicle model with
// a calm ISA environment. Prints the error and returns nullopt-like error on failure.
Result<VehicleModel> make_model(const std::string& aircraft_name_or_path);

// Print "kestrel: error: <message>" to stderr and return the exit code for errors (1).
int fail(const std::string& message);

void print_json(const nlohmann::json& j);

// Environment options shared by the flight commands (wind, turbulence, temperature).
struct EnvironmentOptions {
  double wind_speed_mps = 0;
  double wind_from_deg = 0;
  std::string turbulence = "none";
  double temperature_offset_k = 0;
  uint64_t seed = 1;
};
void add_environment_options(CLI::App& app, EnvironmentOptions& o);
Result<bool> apply_environment_options(const EnvironmentOptions& o, VehicleModel& m);

// Round to a fixed number of decimals for JSON output (stable, readable numbers).
double round_to(double v, int decimals);

}  // namespace kestrel::cli

namespace kestrel::cli {

// A progress bar on stderr, shown only when stderr is a terminal (long jobs show progress;
// pipes and logs stay quiet).
class ProgressBar {
 public:
  explicit ProgressBar(std::string label);
  ~ProgressBar();
  void update(double fraction);

 private:
  std::string label_;
  bool enabled_;
  int last_percent_ = -1;
};

}  // namespace kestrel::cli
