// The aircraft performance tables the autopilot checks an uploaded plan against
// (analysis/plan_performance.h; Autopilot::set_plan_performance), built once per aircraft and
// loading and shared. Building them runs several hundred trims (about a second), so a sweep holds
// one cache for all its runs and each run of the same aircraft reuses the same tables.
//
// Deterministic: an entry is a pure function of its key (the aircraft as the scenario names it,
// and every figure of the request), so which run builds it first changes nothing. Thread-safe:
// runs on several threads asking for the same key wait for the one that builds it.
#pragma once

#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "analysis/plan_performance.h"
#include "core/result.h"

namespace kestrel {

class PlanPerformanceCache {
 public:
  using Tables = std::shared_ptr<const PlanPerformance>;
  // The tables for `aircraft` (the scenario's name or path for it, part of the key) with this
  // request, built from `aircraft_params` in the standard atmosphere the tables assume on the
  // first call with the key. Errors are cached too (the same key fails the same way).
  Result<Tables> get(const std::string& aircraft, const AircraftParams& aircraft_params,
                     const PlanPerformanceRequest& request);
  // Tables built so far (for tests).
  int built() const;

 private:
  struct Entry {
    Tables tables;
    std::string error;  // empty: built
  };
  mutable std::mutex mu_;
  std::map<std::string, std::shared_future<Entry>> entries_;
  int built_ = 0;
};

}  // namespace kestrel
