// The failsafes flown by the autopilot (autopilot_failsafe.cc), on a kinematic aircraft that
// follows the autopilot's demands (autopilot_test_util.h): the link's short and long stages and
// the lost-link route back over the mission, the fence return and the pre-arm fence check, the
// bingo return, the GNSS-loss return, and the operator's override. The engine-out glide and the
// dead-stick landing need the airframe (a glide): the simulator's fs-engine-out scenario flies
// them, docs/failsafes.md.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "fsw/autopilot.h"
#include "fsw/autopilot_test_util.h"

namespace kestrel {
namespace {

using autopilot_test::Kinematic;
using autopilot_test::PlanBuilder;
using autopilot_test::test_site;
namespace cmd = mission::mav_cmd;

// An autopilot flying `plan` in AUTO from power-up in the air.
Autopilot flying(const mission::Plan& plan) {
  Autopilot ap(test_site(), Mission{}, FlightMode::kAuto);
  const Result<int> r = ap.upload_plan(plan);
  EXPECT_TRUE(r.ok()) << r.error().message;
  return ap;
}

std::string announced(const AutopilotStatus& st) {
  std::string out;
  for (uint32_t i = 0; i < st.failsafe_event_count && i < kFailsafeRing; ++i)
    out += std::string(st.failsafe_events[i].text) + "\n";
  return out;
}

TEST(AutopilotFailsafe, LinkLossOrbitsThenFliesBackOverTheRouteAndLands) {
  PlanBuilder b;
  b.waypoint(10000, 10000, 800).waypoint(20000, 0, 800).waypoint(40000, 0, 800);
  Autopilot ap = flying(b.plan());
  ASSERT_TRUE(ap.set_param("FS_LL_ALT", 1200).ok());
  ASSERT_TRUE(ap.set_param("FS_LL_ORBIT_S", 120).ok());
  Kinematic k(ap, {0, 0}, 800, 0.8, 40);
  // Out past the second waypoint, then the link goes.
  ASSERT_TRUE(k.run_until([&] { return ap.status().mission.current_seq == 3; }, 1500));
  ASSERT_TRUE(k.run_until([&] { return k.ne().x() > 25000; }, 600));
  k.link = false;
  k.run_for(5.5);
  EXPECT_EQ(ap.status().failsafe.action, FailsafeAction::kOrbit);
  EXPECT_EQ(ap.status().path, AutopilotStatus::Path::kCircle);
  k.run_for(25);
  EXPECT_EQ(ap.status().failsafe.action, FailsafeAction::kLostLink);
  // Back over the waypoints flown (20 km N, then 10 km N 10 km E), climbing to FS_LL_ALT.
  double closest_wp2 = 1e9, closest_wp1 = 1e9;
  ASSERT_TRUE(k.run_until(
      [&] {
        closest_wp2 = std::min(closest_wp2, (k.ne() - Eigen::Vector2d(20000, 0)).norm());
        if (closest_wp2 < 200)
          closest_wp1 = std::min(closest_wp1, (k.ne() - Eigen::Vector2d(10000, 10000)).norm());
        return ap.status().failsafe.lost_link == LostLinkLeg::kOrbit;
      },
      2400));
  EXPECT_LT(closest_wp2, 160);  // WP_RADIUS 150
  EXPECT_LT(closest_wp1, 160);
  EXPECT_NEAR(k.height_above_home_m(), 1200, 40);
  EXPECT_LT(k.ne().norm(), 2 * 500 + 50);
  // The orbit over home for FS_LL_ORBIT_S, then the landing (its approach begins).
  k.run_for(119);
  EXPECT_EQ(ap.status().failsafe.lost_link, LostLinkLeg::kOrbit);
  k.run_for(2);
  EXPECT_EQ(ap.status().failsafe.lost_link, LostLinkLeg::kLand);
  EXPECT_EQ(ap.status().phase, FlightPhase::kApproach);
  const std::string a = announced(ap.status());
  EXPECT_NE(a.find("link lost (short): orbiting"), std::string::npos) << a;
  EXPECT_NE(a.find("lost-link procedure"), std::string::npos) << a;
  EXPECT_NE(a.find("landing at home"), std::string::npos) << a;
  // The mission is where it was interrupted: the operator can send it back.
  EXPECT_EQ(ap.status().mission.current_seq, 3);
}

TEST(AutopilotFailsafe, LinkBackAfterTheProcedureHoldsUntilTheOperatorCommands) {
  PlanBuilder b;
  b.waypoint(20000, 0, 800).waypoint(40000, 0, 800);
  Autopilot ap = flying(b.plan());
  Kinematic k(ap, {0, 0}, 800, 0, 40);
  k.run_for(300);
  k.link = false;
  k.run_for(60);
  ASSERT_EQ(ap.status().failsafe.action, FailsafeAction::kLostLink);
  k.link = true;
  k.run_for(1);
  EXPECT_EQ(ap.status().failsafe.action, FailsafeAction::kHold);
  const Eigen::Vector2d at = k.ne();
  k.run_for(300);  // circling there: never back to the mission on its own
  EXPECT_EQ(ap.status().failsafe.action, FailsafeAction::kHold);
  EXPECT_LT((k.ne() - at).norm(), 1100);
  ASSERT_TRUE(ap.set_mode(FlightMode::kAuto).ok());
  k.run_for(1);
  EXPECT_EQ(ap.status().failsafe.action, FailsafeAction::kNone);
  EXPECT_EQ(ap.status().failsafe.link, LinkStage::kOk);
  EXPECT_EQ(ap.status().mode, FlightMode::kAuto);
  ASSERT_TRUE(k.run_until([&] { return ap.status().mission.current_seq == 2; }, 900));
}

// A plan with a 10 km inclusion circle about home and a return point 3 km north-east.
PlanBuilder fenced() {
  PlanBuilder b;
  mission::Geofence& g = b.plan().geofence;
  g.circles.push_back({true, {52.452, 9.599}, 10000});
  const Eigen::Vector2d rp = LocalFrame::at(test_site()).lat_lon({2000, 2000});
  g.breach_return = mission::BreachReturn{rp.x() * kDegPerRad, rp.y() * kDegPerRad, 600};
  return b;
}

TEST(AutopilotFailsafe, UploadRefusesAMissionThatLeavesTheFence) {
  PlanBuilder b = fenced();
  b.waypoint(5000, 0, 800)
      .waypoint(12000, 0, 800)
      .nav(cmd::kNavLoiterUnlim, 9500, 0, 800, 0, 0, 600);
  Autopilot ap(test_site(), Mission{}, FlightMode::kAuto);
  const Result<int> r = ap.upload_plan(b.plan());
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("item 2: the leg to it leaves the geofence"), std::string::npos)
      << r.error().message;
  EXPECT_NE(r.error().message.find("item 3"), std::string::npos) << r.error().message;
  EXPECT_EQ(ap.mission_engine().size(), 0);  // nothing replaced
  PlanBuilder ok = fenced();
  ok.waypoint(5000, 0, 800).waypoint(8000, 3000, 800);
  EXPECT_TRUE(ap.upload_plan(ok.plan()).ok());
  EXPECT_EQ(ap.geofence().circle_count(), 1);
}

TEST(AutopilotFailsafe, FenceBreachFliesToTheReturnPointThenHoldsThere) {
  PlanBuilder b = fenced();
  b.waypoint(5000, 0, 800).nav(cmd::kNavLoiterUnlim, 5000, 3000, 800);
  Autopilot ap = flying(b.plan());
  Kinematic k(ap, {0, 0}, 800, 0, 40);
  k.run_for(60);
  // The operator sends it out beyond the fence.
  ap.set_guided_target(20000, 0, 800);
  ASSERT_TRUE(ap.set_mode(FlightMode::kGuided).ok());
  ASSERT_TRUE(k.run_until([&] { return ap.status().failsafe.fence_breached; }, 900));
  EXPECT_NEAR(k.ne().norm(), 10000, 60);
  EXPECT_EQ(ap.status().failsafe.action, FailsafeAction::kFenceReturn);
  // Back inside: the breach ends and it goes on to the return point and circles it (GUIDED),
  // not out again.
  ASSERT_TRUE(k.run_until([&] { return !ap.status().failsafe.fence_breached; }, 300));
  k.run_for(600);
  EXPECT_EQ(ap.status().mode, FlightMode::kGuided);
  EXPECT_EQ(ap.status().failsafe.action, FailsafeAction::kNone);
  EXPECT_NEAR((k.ne() - Eigen::Vector2d(2000, 2000)).norm(), 500, 30);  // on LOIT_RADIUS
  EXPECT_NEAR(k.height_above_home_m(), 600, 20);
  EXPECT_LT(k.ne().norm(), 10000);
}

TEST(AutopilotFailsafe, OperatorCommandOverridesTheFenceReturn) {
  PlanBuilder b = fenced();
  b.waypoint(5000, 0, 800).nav(cmd::kNavLoiterUnlim, 5000, 3000, 800);
  Autopilot ap = flying(b.plan());
  Kinematic k(ap, {0, 0}, 800, 0, 40);
  k.run_for(5);
  ap.set_guided_target(20000, 0, 800);
  ASSERT_TRUE(ap.set_mode(FlightMode::kGuided).ok());
  ASSERT_TRUE(k.run_until([&] { return ap.status().failsafe.fence_breached; }, 900));
  ASSERT_TRUE(ap.set_mode(FlightMode::kLoiter).ok());
  k.run_for(1);
  EXPECT_EQ(ap.status().failsafe.action, FailsafeAction::kNone);
  EXPECT_EQ(ap.status().failsafe.overridden, FailsafeAction::kFenceReturn);
  EXPECT_EQ(ap.status().mode, FlightMode::kLoiter);
}

TEST(AutopilotFailsafe, BingoReturnsHomeAndLands) {
  PlanBuilder b;
  b.waypoint(30000, 0, 800).nav(cmd::kNavLoiterUnlim, 30000, 3000, 800);
  Autopilot ap = flying(b.plan());
  Kinematic k(ap, {20000, 0}, 800, 0, 40);
  // A leak: 40 kg/h. 30 km home at about 46 m/s (40 m/s EAS at 800 m) is 11 min and 7 kg; the
  // allowance 15 min at 40 kg/h is 10 kg; the reserve 7: bingo near 24 kg.
  k.fuel_kg = 40;
  k.fuel_flow_kg_h = 40;
  ASSERT_TRUE(k.run_until([&] { return ap.status().failsafe.fuel == FuelStage::kBingo; }, 3600));
  EXPECT_NEAR(k.fuel_kg, 24, 1.5);
  EXPECT_EQ(ap.status().failsafe.action, FailsafeAction::kRtl);
  ASSERT_TRUE(k.run_until([&] { return ap.status().phase == FlightPhase::kApproach; }, 1800));
  EXPECT_LT(k.ne().norm(), 1100);
  EXPECT_GT(k.fuel_kg, 7 + 5);  // the reserve and most of the allowance left for the approach
}

TEST(AutopilotFailsafe, GnssLossReturnsOnDeadReckoningThenRtlWhenBack) {
  PlanBuilder b;
  b.waypoint(40000, 0, 800);
  Autopilot ap = flying(b.plan());
  Kinematic k(ap, {20000, 0}, 800, 0, 40);
  k.run_for(10);
  k.gnss = false;
  k.run_for(59);
  EXPECT_EQ(ap.status().failsafe.action, FailsafeAction::kNone);  // FS_GNSS_S: continue
  k.run_for(2);
  EXPECT_EQ(ap.status().failsafe.action, FailsafeAction::kGnssReturn);
  const double d0 = k.ne().norm();
  k.run_for(120);
  EXPECT_LT(k.ne().norm(), d0 - 3000);  // on its way home
  k.gnss = true;
  k.run_for(11);  // FS_GNSS_OK_S 10 s
  EXPECT_EQ(ap.status().failsafe.action, FailsafeAction::kNone);
  EXPECT_EQ(ap.status().mode, FlightMode::kRtl);  // the return goes on
  ASSERT_TRUE(k.run_until([&] { return k.ne().norm() < 1100; }, 1800));
}

}  // namespace
}  // namespace kestrel
