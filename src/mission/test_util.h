// Helpers shared by the mission library's tests: fixture paths, reading files, and comparing
// plans with MAVLink's NaN params (NaN == NaN here: the same "unset").
#pragma once

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <sstream>
#include <string>

#include "mission/plan.h"

namespace kestrel::mission::testing {

inline std::string test_data(const std::string& name) {
  return std::string(KESTREL_TEST_DATA_DIR) + "/missions/" + name;
}
inline std::string shipped_data(const std::string& name) {
  return std::string(KESTREL_DATA_DIR) + "/missions/" + name;
}

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline bool same_number(double a, double b) { return (std::isnan(a) && std::isnan(b)) || a == b; }

inline ::testing::AssertionResult same_item(const MissionItem& a, const MissionItem& b) {
  const bool same = a.seq == b.seq && a.frame == b.frame && a.command == b.command &&
                    a.current == b.current && a.autocontinue == b.autocontinue &&
                    same_number(a.param1, b.param1) && same_number(a.param2, b.param2) &&
                    same_number(a.param3, b.param3) && same_number(a.param4, b.param4) &&
                    same_number(a.x, b.x) && same_number(a.y, b.y) && same_number(a.z, b.z) &&
                    a.qgc == b.qgc;
  if (same) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "items differ at seq " << a.seq << " / " << b.seq;
}

inline ::testing::AssertionResult same_plan(const Plan& a, const Plan& b) {
  if (!(a.planned_home == b.planned_home)) return ::testing::AssertionFailure() << "home differs";
  if (a.cruise_speed_mps != b.cruise_speed_mps || a.hover_speed_mps != b.hover_speed_mps ||
      a.firmware_type != b.firmware_type || a.vehicle_type != b.vehicle_type ||
      a.qgc_global_altitude_mode != b.qgc_global_altitude_mode)
    return ::testing::AssertionFailure() << "plan settings differ";
  if (a.items.size() != b.items.size())
    return ::testing::AssertionFailure() << a.items.size() << " vs " << b.items.size() << " items";
  for (std::size_t i = 0; i < a.items.size(); ++i) {
    auto r = same_item(a.items[i], b.items[i]);
    if (!r) return r;
  }
  if (!(a.geofence == b.geofence)) return ::testing::AssertionFailure() << "geofence differs";
  if (!(a.rally_points == b.rally_points)) return ::testing::AssertionFailure() << "rally differs";
  return ::testing::AssertionSuccess();
}

}  // namespace kestrel::mission::testing
