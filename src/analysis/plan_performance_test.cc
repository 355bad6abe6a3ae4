// The plan check's performance tables for searcher2 against the figures they are made of: the
// service ceilings are compute_performance()'s at the two masses, the cruise and loiter fuel flows
// are single trims at those speeds (grid points, not interpolations), the climb figures are the
// best full-throttle climb; the check's interpolation returns them; bad loadings are errors.
#include "analysis/plan_performance.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "airframe/aircraft_file.h"
#include "analysis/perf.h"
#include "env/atmosphere.h"

namespace kestrel {
namespace {

VehicleModel searcher2() {
  Result<AircraftParams> ac =
      load_aircraft_file(std::string(KESTREL_DATA_DIR) + "/aircraft/searcher2.yaml");
  EXPECT_TRUE(ac.ok()) << (ac.ok() ? "" : ac.error().message);
  VehicleModel m;
  m.aircraft = ac.value();
  return m;
}

const PlanPerformance& tables() {
  static const PlanPerformance p = [] {
    PlanPerformanceRequest r;  // 70 kg payload, 100 kg fuel: 450 and 350 kg
    Result<PlanPerformance> t = plan_performance(searcher2(), r);
    EXPECT_TRUE(t.ok()) << (t.ok() ? "" : t.error().message);
    return t.ok() ? t.value() : PlanPerformance{};
  }();
  return p;
}

TEST(PlanPerformance, TablesAreWellFormed) {
  const PlanPerformance& p = tables();
  EXPECT_EQ(validate_plan_performance(p), std::nullopt);
  ASSERT_EQ(p.masses.size(), 2u);
  EXPECT_DOUBLE_EQ(p.masses[0].mass_kg, 350);
  EXPECT_DOUBLE_EQ(p.masses[1].mass_kg, 450);
  EXPECT_DOUBLE_EQ(p.zero_fuel_mass_kg, 350);
  EXPECT_EQ(p.aircraft, "searcher2");
  // The grid reaches above the lighter aircraft's ceiling; the speeds hold cruise and loiter.
  EXPECT_GT(p.altitudes_m.back(), p.masses[0].service_ceiling_m);
  EXPECT_NE(std::find(p.speeds_eas_mps.begin(), p.speeds_eas_mps.end(), 40.0),
            p.speeds_eas_mps.end());
  EXPECT_NE(std::find(p.speeds_eas_mps.begin(), p.speeds_eas_mps.end(), 35.0),
            p.speeds_eas_mps.end());
}

TEST(PlanPerformance, CeilingsAreThePerformanceAnalysis) {
  const PlanPerformance& p = tables();
  const VehicleModel m = searcher2();
  PerfRequest q;
  q.mass_kg = 450;
  q.takeoff = false;
  const PerfResult heavy = compute_performance(m, q);
  EXPECT_DOUBLE_EQ(p.masses[1].service_ceiling_m, heavy.service_ceiling_m);
  q.mass_kg = 350;
  const PerfResult light = compute_performance(m, q);
  EXPECT_DOUBLE_EQ(p.masses[0].service_ceiling_m, light.service_ceiling_m);
  EXPECT_GT(light.service_ceiling_m, heavy.service_ceiling_m + 500);
  // The climb rate in the table falls through 0.5 m/s at the ceiling.
  const auto& alts = p.altitudes_m;
  for (std::size_t i = 0; i < alts.size(); ++i) {
    if (alts[i] < heavy.service_ceiling_m - 1) {
      EXPECT_GT(p.masses[1].climb_rate_mps[i], 0.5) << alts[i];
    } else if (alts[i] > heavy.service_ceiling_m + 1) {
      EXPECT_LT(p.masses[1].climb_rate_mps[i], 0.5) << alts[i];
    }
  }
}

TEST(PlanPerformance, CruiseFlowIsATrimAtTheCruiseSpeed) {
  const PlanPerformance& p = tables();
  const VehicleModel m = searcher2();
  const double alt = 3000;
  const auto ia =
      std::find(p.altitudes_m.begin(), p.altitudes_m.end(), alt) - p.altitudes_m.begin();
  const auto is =
      std::find(p.speeds_eas_mps.begin(), p.speeds_eas_mps.end(), 40.0) - p.speeds_eas_mps.begin();
  TrimRequest r;
  r.loading = {100, 70};
  r.altitude_m = alt;
  const double sigma = atmosphere(m.environment.atmosphere, alt).density_kg_m3 /
                       atmosphere(m.environment.atmosphere, 0).density_kg_m3;
  r.airspeed_mps = 40 / std::sqrt(sigma);
  const TrimResult t = trim(m, r);
  ASSERT_TRUE(t.converged);
  EXPECT_DOUBLE_EQ(
      p.masses[1].level_fuel_flow_kg_h[static_cast<std::size_t>(ia)][static_cast<std::size_t>(is)],
      t.fuel_flow_kg_s * 3600);
  // Searcher-like figures: 6 to 12 kg/h in cruise at 3,000 m, more at full-throttle climb.
  EXPECT_GT(t.fuel_flow_kg_s * 3600, 6);
  EXPECT_LT(t.fuel_flow_kg_s * 3600, 12);
  EXPECT_GT(p.masses[1].climb_fuel_flow_kg_h[static_cast<std::size_t>(ia)],
            t.fuel_flow_kg_s * 3600);
  // Slower than the stall at altitude does not trim: +infinity, never NaN.
  bool any_infinite = false;
  for (const auto& row : p.masses[1].level_fuel_flow_kg_h)
    for (const double f : row) {
      EXPECT_FALSE(std::isnan(f));
      any_infinite |= std::isinf(f);
    }
  EXPECT_TRUE(any_infinite);  // the top of the altitude grid is above the ceiling
}

TEST(PlanPerformance, BestClimbAtSeaLevelIsThePerformanceAnalysis) {
  const PlanPerformance& p = tables();
  PerfRequest q;
  q.mass_kg = 450;
  q.takeoff = false;
  const PerfResult r = compute_performance(searcher2(), q);
  EXPECT_NEAR(p.masses[1].climb_rate_mps[0], r.max_climb_rate_mps, 1e-6);
  EXPECT_NEAR(p.masses[1].climb_eas_mps[0], r.best_climb_speed_mps, 0.05);
}

TEST(PlanPerformance, LoadingsTheAircraftCannotTakeAreErrors) {
  PlanPerformanceRequest r;
  r.fuel_kg = 500;
  Result<PlanPerformance> a = plan_performance(searcher2(), r);
  ASSERT_FALSE(a.ok());
  EXPECT_NE(a.error().message.find("fuel"), std::string::npos) << a.error().message;
  r.fuel_kg = 100;
  r.payload_kg = 500;
  Result<PlanPerformance> b = plan_performance(searcher2(), r);
  ASSERT_FALSE(b.ok());
  EXPECT_NE(b.error().message.find("payload"), std::string::npos) << b.error().message;
}

}  // namespace
}  // namespace kestrel
