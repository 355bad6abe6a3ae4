// Missions from MAVLink plan files, flown closed-loop by the autopilot on its estimate (World,
// sensors, navigation filter, runner): a scenario with `plan:` takes off with NAV_TAKEOFF, and
// another lands and stops with NAV_LAND; the mission's progress reaches the run summary, its
// announcements the events, and its state the flight log. A few simulated minutes each.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "core/types.h"
#include "fsw/site.h"
#include "log/ulog.h"
#include "mission/plan_file.h"
#include "sim/avionics.h"
#include "sim/runner.h"
#include "sim/scenario_file.h"

namespace kestrel {
namespace {

namespace fs = std::filesystem;
namespace cmd = mission::mav_cmd;

// Kestrel Field, as in the built-in scenarios.
const std::string kSite = R"(
site:
  name: Kestrel Field
  elevation_m: 50
  home: {lat_deg: 52.4520, lon_deg: 9.5990}
  runway:
    threshold: {lat_deg: 52.4510, lon_deg: 9.6000}
    heading_deg: 270
    length_m: 1000
    width_m: 23
  gdt: {lat_deg: 52.4497, lon_deg: 9.6000, mast_height_m: 10}
environment:
  wind: {layers: [{height_agl_m: 10, speed_mps: 3, from_deg: 260}]}
  turbulence: light
)";

// A plan whose positions are given north/east of home [m], altitudes above home.
class PlanFile {
 public:
  PlanFile() {
    AutopilotSite s;
    s.home_lat_rad = 52.452 * kRadPerDeg;
    s.home_lon_rad = 9.599 * kRadPerDeg;
    s.home_height_m = 50;
    frame_ = LocalFrame::at(s);
    plan_.planned_home = {52.452, 9.599, 50};
  }
  PlanFile& add(uint16_t command, double north_m, double east_m, double alt_m, double p1 = 0,
                double p2 = 0, double p3 = 0) {
    mission::MissionItem it;
    it.seq = static_cast<int>(plan_.items.size()) + 1;
    it.command = command;
    it.param1 = p1;
    it.param2 = p2;
    it.param3 = p3;
    const Eigen::Vector2d ll = frame_.lat_lon({north_m, east_m});
    it.x = ll.x() * kDegPerRad;
    it.y = ll.y() * kDegPerRad;
    it.z = alt_m;
    if (!mission::command_has_location(command)) {
      it.frame = mission::MavFrame::kMission;
      it.x = it.y = it.z = 0;
    }
    plan_.items.push_back(it);
    return *this;
  }
  // Written to a temporary file; returns its path.
  std::string save(const std::string& name) const {
    const std::string path = (fs::temp_directory_path() / name).string();
    const Result<std::string> r = mission::save_plan_file(plan_, path);
    EXPECT_TRUE(r.ok()) << r.error().message;
    return path;
  }

 private:
  LocalFrame frame_;
  mission::Plan plan_;
};

Scenario load(const std::string& yaml) {
  Result<Scenario> sc = parse_scenario_yaml(yaml, "mission-plan-test.yaml");
  EXPECT_TRUE(sc.ok()) << (sc.ok() ? "" : sc.error().message);
  return sc.ok() ? std::move(sc).value() : Scenario{};
}

TEST(PlanScenario, TakesOffWithNavTakeoff) {
  // The threshold is 111 m south, 68 m east of home; runway 27 runs west.
  PlanFile p;
  p.add(cmd::kNavTakeoff, -111, 68, 120, 12);
  p.add(cmd::kNavWaypoint, -111, -5000, 200);
  p.add(cmd::kNavLoiterUnlim, -111, -6000, 200);
  const std::string path = p.save("kestrel_mission_plan_takeoff.plan");
  const Scenario sc = load("name: plan-takeoff\nseed: 4\n" + kSite + R"(
aircraft:
  - id: uav1
    type: searcher2
    fuel_kg: 60
    payload_kg: 70
    initial: {parked: {}}
    control:
      autopilot:
        plan: )" + path + R"(
stop:
  time_limit_s: 120
)");
  ASSERT_EQ(sc.aircraft.size(), 1u);
  ASSERT_TRUE(sc.aircraft[0].control.autopilot.plan.has_value());
  const RunSummary sum = run_scenario(sc, RunOptions{});
  ASSERT_EQ(sum.aircraft.size(), 1u);
  const AircraftSummary& a = sum.aircraft[0];
  EXPECT_FALSE(a.crashed);
  EXPECT_EQ(a.mode, "auto");
  EXPECT_TRUE(a.mission_from_plan);
  EXPECT_EQ(a.mission_item_count, 3);
  EXPECT_EQ(a.mission_items_done, 1);  // the take-off, done at 120 m
  EXPECT_EQ(a.mission_current, 2);     // on the leg west
  EXPECT_GT(a.max_altitude_m, 50 + 110);
  EXPECT_GT(a.flight_time_s, 30);
  fs::remove(path);
}

TEST(PlanScenario, LandsAndStopsWithNavLand) {
  // On the extended centreline 7.5 km east of the threshold at 350 m: the landing sequence
  // (DO_LAND_START), a waypoint on the glide path 3 km out, NAV_LAND on runway 27, straight in.
  PlanFile p;
  p.add(cmd::kDoLandStart, 0, 0, 0);
  p.add(cmd::kDoSetRoiLocation, -111, 68, 0);
  p.add(cmd::kNavWaypoint, -111, 3068, 157);
  p.add(cmd::kNavLand, -111, 68, 0);
  const std::string path = p.save("kestrel_mission_plan_land.plan");
  const std::string log = (fs::temp_directory_path() / "kestrel_mission_plan_land.ulg").string();
  const Scenario sc = load("name: plan-land\nseed: 9\n" + kSite + R"(
aircraft:
  - id: uav1
    type: searcher2
    fuel_kg: 60
    payload_kg: 70
    gnss_corrections: dgps
    initial:
      airborne: {lat_deg: 52.4510, lon_deg: 9.7105, alt_amsl_m: 400, heading_deg: 270, airspeed_mps: 38, engine: on}
    control:
      autopilot:
        mode: auto
        plan: )" + path + R"(
stop:
  time_limit_s: 600
  all_landed_and_stopped: true
)");
  RunOptions opt;
  opt.log_path = log;
  const RunSummary sum = run_scenario(sc, opt);
  ASSERT_EQ(sum.aircraft.size(), 1u);
  const AircraftSummary& a = sum.aircraft[0];
  EXPECT_EQ(sum.outcome, RunOutcome::kCompleted);
  EXPECT_TRUE(a.stopped);
  EXPECT_EQ(a.phase, "landed");
  EXPECT_EQ(a.go_arounds, 0);
  EXPECT_EQ(a.mission_current, 4);  // NAV_LAND stays current: the mission's end
  EXPECT_EQ(a.mission_items_done, 1);
  EXPECT_LT(sum.sim_time_s, 400);
  // Straight in: no approach circle, so the final was flown from the waypoint on.
  EXPECT_TRUE(a.approach.present);
  const bool roi_event =
      std::any_of(sum.events_fired.begin(), sum.events_fired.end(), [](const std::string& e) {
        return e.find("uav1 item 2: DO_SET_ROI_LOCATION") != std::string::npos;
      });
  EXPECT_TRUE(roi_event);
  // The flight log's autopilot_status carries the mission's progress.
  const Result<UlogFile> f = read_ulog(log);
  ASSERT_TRUE(f.ok()) << f.error().message;
  const Result<std::vector<double>> seq = f.value().field("autopilot_status", 0, "mission_seq");
  const Result<std::vector<double>> togo =
      f.value().field("autopilot_status", 0, "mission_distance_to_go_m");
  ASSERT_TRUE(seq.ok() && togo.ok());
  // (0 until the navigation filter has its first trusted position and the mission starts.)
  const auto started =
      std::find_if(seq.value().begin(), seq.value().end(), [](double s) { return s != 0; });
  ASSERT_NE(started, seq.value().end());
  EXPECT_EQ(*started, 3);
  EXPECT_EQ(seq.value().back(), 4);
  EXPECT_GT(togo.value()[static_cast<std::size_t>(started - seq.value().begin())],
            4000);  // the waypoint 4.5 km ahead
  fs::remove(path);
  fs::remove(log);
}

}  // namespace
}  // namespace kestrel
