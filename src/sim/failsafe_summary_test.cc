// The simulator's side of the staged failsafes: the performance tables an upload is checked
// against, built once per aircraft and loading and shared (also across threads); the built-in
// failsafe scenarios load and build; the run summary's failsafe figures and the flight log's
// failsafe fields are there. The failsafes' behaviour itself is flown by
// tests/failsafe_scenarios_test.sh and tests/failsafe_acceptance_test.sh.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "airframe/aircraft_file.h"
#include "log/ulog.h"
#include "sim/plan_performance_cache.h"
#include "sim/runner.h"
#include "sim/scenario_file.h"
#include "sim/summary_json.h"
#include "sim/world.h"

namespace kestrel {
namespace {

namespace fs = std::filesystem;

PlanPerformanceRequest request(double fuel_kg) {
  PlanPerformanceRequest r;
  r.payload_kg = 70;
  r.fuel_kg = fuel_kg;
  return r;
}

TEST(PlanPerformanceCache, BuildsOncePerKeyAndShares) {
  const Result<AircraftParams> ac = load_aircraft("searcher2");
  ASSERT_TRUE(ac.ok()) << ac.error().message;
  PlanPerformanceCache cache;
  const auto a = cache.get("searcher2", ac.value(), request(60));
  const auto b = cache.get("searcher2", ac.value(), request(60));
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(cache.built(), 1);
  EXPECT_EQ(a.value().get(), b.value().get());  // the same tables, not a copy
  // Another loading is another key, with its own (heavier) tables.
  const auto c = cache.get("searcher2", ac.value(), request(100));
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(cache.built(), 2);
  EXPECT_NE(a.value().get(), c.value().get());
  EXPECT_GT(c.value()->masses.back().mass_kg, a.value()->masses.back().mass_kg);
  // The same as plan_performance() gives directly: the cache adds nothing of its own.
  VehicleModel m;
  m.aircraft = ac.value();
  const Result<PlanPerformance> direct = plan_performance(m, request(60));
  ASSERT_TRUE(direct.ok());
  EXPECT_EQ(direct.value().altitudes_m, a.value()->altitudes_m);
  EXPECT_EQ(direct.value().masses.back().service_ceiling_m,
            a.value()->masses.back().service_ceiling_m);
}

TEST(PlanPerformanceCache, ErrorsAreReportedAndKept) {
  const Result<AircraftParams> ac = load_aircraft("searcher2");
  ASSERT_TRUE(ac.ok());
  PlanPerformanceCache cache;
  const auto bad = cache.get("searcher2", ac.value(), request(1e6));  // beyond the tanks
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("fuel"), std::string::npos) << bad.error().message;
  EXPECT_FALSE(cache.get("searcher2", ac.value(), request(1e6)).ok());
  EXPECT_EQ(cache.built(), 1);
}

TEST(PlanPerformanceCache, ThreadsAskingForOneKeyShareOneBuild) {
  const Result<AircraftParams> ac = load_aircraft("searcher2");
  ASSERT_TRUE(ac.ok());
  PlanPerformanceCache cache;
  std::vector<const PlanPerformance*> got(4, nullptr);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < got.size(); ++i)
    threads.emplace_back([&, i] {
      const auto r = cache.get("searcher2", ac.value(), request(60));
      if (r.ok()) got[i] = r.value().get();
    });
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(cache.built(), 1);
  for (const PlanPerformance* p : got) {
    ASSERT_NE(p, nullptr);
    EXPECT_EQ(p, got[0]);
  }
}

// Only an aircraft that flies a plan (an upload) needs the tables: an ordinary run builds none.
TEST(FailsafeScenarios, TablesOnlyForAPlanUpload) {
  PlanPerformanceCache cache;
  const Result<Scenario> fence = load_scenario("fs-fence");
  ASSERT_TRUE(fence.ok()) << fence.error().message;
  ASSERT_TRUE(make_world(fence.value(), 1, &cache).ok());
  ASSERT_TRUE(make_world(fence.value(), 2, &cache).ok());
  EXPECT_EQ(cache.built(), 1);  // two worlds, one build
  const Result<Scenario> pitot = load_scenario("fs-pitot");
  ASSERT_TRUE(pitot.ok()) << pitot.error().message;
  ASSERT_TRUE(make_world(pitot.value(), 1, &cache).ok());
  EXPECT_EQ(cache.built(), 1);  // a mission list: no upload, no tables
}

TEST(FailsafeScenarios, BuiltInsLoadAndBuild) {
  for (const char* name :
       {"fs-linkloss", "fs-fuel-leak", "fs-engine-out", "fs-gnss-loss", "fs-fence", "fs-pitot"}) {
    const Result<Scenario> sc = load_scenario(name);
    ASSERT_TRUE(sc.ok()) << name << ": " << sc.error().message;
    EXPECT_FALSE(sc.value().events.empty()) << name;
    const Result<World> w = make_world(sc.value(), sc.value().seed);
    ASSERT_TRUE(w.ok()) << name << ": " << w.error().message;
    ASSERT_EQ(w.value().aircraft.size(), 1u);
    EXPECT_TRUE(w.value().aircraft[0].avionics && w.value().aircraft[0].avionics->autopilot)
        << name;
  }
}

// The summary's failsafe figures and the log's failsafe fields on a short run (the first 60 s of
// fs-fence: the GUIDED command, no breach yet).
TEST(FailsafeScenarios, SummaryAndLogCarryTheFailsafeState) {
  const Result<Scenario> sc = load_scenario("fs-fence", {{"stop.time_limit_s", "60"}});
  ASSERT_TRUE(sc.ok()) << sc.error().message;
  const std::string log =
      (fs::temp_directory_path() /
       ("kestrel_failsafe_summary_" +
        std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + ".ulg"))
          .string();
  RunOptions opt;
  opt.log_path = log;
  const RunSummary sum = run_scenario(sc.value(), opt);
  ASSERT_NE(sum.outcome, RunOutcome::kError) << sum.error;
  ASSERT_EQ(sum.aircraft.size(), 1u);
  const AircraftSummary& a = sum.aircraft[0];
  EXPECT_TRUE(a.failsafes.empty());
  EXPECT_EQ(a.failsafe_action, "none");
  EXPECT_FALSE(a.fuel_at_landing_kg.has_value());  // still flying
  EXPECT_FALSE(a.glide.present);
  // It started 6 km north of home, on the loiter there: truth, in the autopilot's frame.
  EXPECT_LT(std::hypot(a.final_north_m - 6000, a.final_east_m), 2500);
  EXPECT_NEAR(a.final_distance_from_home_m, std::hypot(a.final_north_m, a.final_east_m), 1e-6);

  const nlohmann::json j = run_summary_json(sum)["aircraft"][0];
  for (const char* k : {"failsafes", "failsafe_action", "fuel_at_landing_kg", "final_ne_m",
                        "final_distance_from_home_m", "termination_distance_m", "glide"})
    EXPECT_TRUE(j.contains(k)) << k;
  EXPECT_TRUE(j["failsafes"].is_array());
  EXPECT_TRUE(j["fuel_at_landing_kg"].is_null());
  EXPECT_TRUE(j["glide"].is_null());

  const Result<UlogFile> f = read_ulog(log);
  ASSERT_TRUE(f.ok()) << f.error().message;
  for (const char* field : {"failsafe_action", "failsafe_link", "failsafe_fuel", "failsafe_gnss",
                            "engine_failed", "airspeed_failed", "fence_breached"}) {
    const Result<std::vector<double>> v = f.value().field("autopilot_status", 0, field);
    ASSERT_TRUE(v.ok()) << field << ": " << v.error().message;
    ASSERT_FALSE(v.value().empty()) << field;
    EXPECT_EQ(v.value().back(), 0) << field;  // nothing has failed
  }
  fs::remove(log);
}

// fuel_at_landing_kg: the fuel on board when the aircraft came to rest, not at the end of the
// run (a leak goes on after the landing). A short landing from a waypoint 4 km out with a leak
// that starts before the landing.
TEST(FailsafeScenarios, FuelAtLandingIsTakenWhenTheAircraftStops) {
  const Result<Scenario> sc = load_scenario(
      "crosswind-landing",  // (an airborne start; the events are replaced)
      {{"aircraft[0].initial.airborne.lat_deg", "52.4510"},
       {"aircraft[0].initial.airborne.lon_deg", "9.6590"},  // 4 km east of home
       {"aircraft[0].initial.airborne.alt_amsl_m", "350"},
       {"aircraft[0].initial.airborne.heading_deg", "270"},
       {"aircraft[0].control.autopilot.mission", "[{land: {}}]"},
       {"events", "[{name: leak, at_s: 5, action: {fuel_leak: {aircraft: uav1, rate_kg_h: 60}}}]"},
       {"stop.all_landed_and_stopped", "false"},
       {"stop.time_limit_s", "900"}});
  ASSERT_TRUE(sc.ok()) << sc.error().message;
  const RunSummary sum = run_scenario(sc.value(), {});
  // (At the time limit, landed and stopped: "completed".)
  ASSERT_EQ(sum.outcome, RunOutcome::kCompleted) << sum.error;
  const AircraftSummary& a = sum.aircraft[0];
  ASSERT_TRUE(a.landed);
  ASSERT_TRUE(a.fuel_at_landing_kg.has_value());
  const double at_end = 60.0 - a.fuel_used_kg;
  // It landed well before the end, and the leak kept going (60 kg/h: 1 kg a minute).
  EXPECT_GT(*a.fuel_at_landing_kg, at_end + 1.0);
  EXPECT_LT(*a.fuel_at_landing_kg, 60.0);
}

}  // namespace
}  // namespace kestrel
