#include "sim/plan_performance_cache.h"

#include <cstdio>

namespace kestrel {
namespace {

// Every figure of the request at full precision: two requests share tables only when equal.
std::string key_of(const std::string& aircraft, const PlanPerformanceRequest& r) {
  char buf[400];
  std::snprintf(
      buf, sizeof buf, "|%.17g|%.17g|%.17g|%.17g|%.17g|%.17g|%.17g|%.17g|%.17g|%.17g|%.17g",
      r.payload_kg, r.fuel_kg, r.cruise_eas_mps, r.loiter_eas_mps, r.min_eas_mps, r.max_eas_mps,
      r.bank_max_rad, r.loiter_radius_m, r.descent_rate_mps, r.altitude_step_m, r.speed_step_mps);
  return aircraft + buf;
}

}  // namespace

Result<PlanPerformanceCache::Tables> PlanPerformanceCache::get(
    const std::string& aircraft, const AircraftParams& aircraft_params,
    const PlanPerformanceRequest& request) {
  const std::string key = key_of(aircraft, request);
  std::shared_future<Entry> entry;
  std::promise<Entry> mine;
  bool build = false;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = entries_.find(key);
    if (it == entries_.end()) {
      entry = mine.get_future().share();
      entries_.emplace(key, entry);
      build = true;
      ++built_;
    } else {
      entry = it->second;
    }
  }
  if (build) {
    // The tables are the flight software's: the standard atmosphere (PlanPerformance's altitudes
    // are ISA pressure altitudes), whatever the scenario's day.
    VehicleModel model;
    model.aircraft = aircraft_params;
    Result<PlanPerformance> p = plan_performance(model, request);
    Entry e;
    if (p.ok())
      e.tables = std::make_shared<const PlanPerformance>(std::move(p).value());
    else
      e.error = p.error().message;
    mine.set_value(std::move(e));
  }
  const Entry& e = entry.get();
  if (!e.error.empty()) return Error{e.error};
  return e.tables;
}

int PlanPerformanceCache::built() const {
  std::lock_guard<std::mutex> lock(mu_);
  return built_;
}

}  // namespace kestrel
