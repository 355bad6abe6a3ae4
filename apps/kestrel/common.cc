#include "common.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "airframe/aircraft_file.h"

namespace kestrel::cli {

Result<VehicleModel> make_model(const std::string& name) {
  Result<AircraftParams> ac = load_aircraft(name);
  if (!ac.ok()) return ac.error();
  VehicleModel m;
  m.aircraft = std::move(ac).value();
  return m;
}

int fail(const std::string& message) {
  std::fprintf(stderr, "kestrel: error: %s\n", message.c_str());
  return 1;
}

void print_json(const nlohmann::json& j) { std::printf("%s\n", j.dump(2).c_str()); }

void add_environment_options(CLI::App& app, EnvironmentOptions& o) {
  app.add_option("--wind-speed", o.wind_speed_mps, "Steady wind speed at and above 10 m AGL [m/s]")
      ->check(CLI::Range(0.0, 60.0));
  app.add_option("--wind-from-deg", o.wind_from_deg, "Direction the wind blows from [deg]")
      ->check(CLI::Range(0.0, 360.0));
  app.add_option("--turbulence", o.turbulence, "Dryden turbulence: none, light, moderate, severe")
      ->check(CLI::IsMember({"none", "light", "moderate", "severe"}));
  app.add_option("--temperature-offset", o.temperature_offset_k,
                 "Temperature offset from ISA (hot day +) [K]")
      ->check(CLI::Range(-60.0, 60.0));
  app.add_option("--seed", o.seed, "Seed of the random streams (turbulence)");
}

Result<bool> apply_environment_options(const EnvironmentOptions& o, VehicleModel& m) {
  m.environment.atmosphere.temperature_offset_k = o.temperature_offset_k;
  m.environment.wind.layers.clear();
  if (o.wind_speed_mps > 0)
    m.environment.wind.layers.push_back({10.0, o.wind_speed_mps, o.wind_from_deg * kRadPerDeg});
  if (o.turbulence == "none")
    m.environment.turbulence = TurbulenceLevel::kNone;
  else if (o.turbulence == "light")
    m.environment.turbulence = TurbulenceLevel::kLight;
  else if (o.turbulence == "moderate")
    m.environment.turbulence = TurbulenceLevel::kModerate;
  else if (o.turbulence == "severe")
    m.environment.turbulence = TurbulenceLevel::kSevere;
  else
    return Error{"--turbulence: unknown level '" + o.turbulence + "'"};
  return true;
}

double round_to(double v, int decimals) {
  const double f = std::pow(10.0, decimals);
  return std::round(v * f) / f;
}

}  // namespace kestrel::cli

#include <unistd.h>

namespace kestrel::cli {

ProgressBar::ProgressBar(std::string label) : label_(std::move(label)), enabled_(isatty(2) != 0) {}

ProgressBar::~ProgressBar() {
  if (enabled_ && last_percent_ >= 0) std::fputc('\n', stderr);
}

void ProgressBar::update(double fraction) {
  if (!enabled_) return;
  const int percent = static_cast<int>(std::clamp(fraction, 0.0, 1.0) * 100.0);
  if (percent == last_percent_) return;
  last_percent_ = percent;
  const int width = 40, filled = percent * width / 100;
  std::fprintf(stderr, "\r%s [%.*s%*s] %3d%%", label_.c_str(), filled,
               "########################################", width - filled, "", percent);
  std::fflush(stderr);
}

}  // namespace kestrel::cli
