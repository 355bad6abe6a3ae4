// The mission engine: its sequencing on its own (DO_JUMP counts, CONDITION items, DO state), the
// upload checks, and each navigation item flown by the autopilot on synthetic estimates (a
// kinematic aircraft that follows the autopilot's bank, airspeed and height demands: fast, and
// free of the simulator, as src/fsw must be). Take-off and landing need the airframe and the
// ground: src/sim/mission_plan_test.cc flies those closed-loop.
#include "fsw/mission_engine.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <string>
#include <vector>

#include "core/rotation.h"
#include "core/types.h"
#include "fsw/autopilot.h"
#include "fsw/autopilot_test_util.h"

namespace kestrel {
namespace {

using autopilot_test::kHomeAmslM;
using autopilot_test::Kinematic;
using autopilot_test::PlanBuilder;
using autopilot_test::test_site;
namespace cmd = mission::mav_cmd;
using mission::MavFrame;
using mission::MissionItem;
using mission::Plan;

std::vector<MissionCommand> compiled(const Plan& plan) {
  std::vector<MissionCommand> cmds;
  const auto problems = compile_plan(plan, test_site(), MissionLimits{}, &cmds);
  for (const auto& p : problems) ADD_FAILURE() << p.message;
  return cmds;
}

std::string events(const MissionStatus& st) {
  std::string out;
  const uint32_t first =
      st.event_count > kMissionEventRing ? st.event_count - kMissionEventRing : 0;
  for (uint32_t k = first; k < st.event_count; ++k)
    out += std::string(st.events[k % kMissionEventRing].text) + "\n";
  return out;
}

// ---- The engine alone --------------------------------------------------------------------------

TEST(MissionEngine, DoJumpRepeatsExactlyItsCount) {
  for (int repeat : {0, 1, 2, 5}) {
    PlanBuilder b;
    b.waypoint(1000, 0, 300).waypoint(1000, 1000, 300).command(cmd::kDoJump, 1, repeat);
    b.waypoint(0, 0, 300);
    MissionEngine e;
    MissionStatus st;
    e.load(compiled(b.plan()), true, st);
    MissionContext c;
    e.start(0, c, st);
    std::vector<int> flown;
    while (!e.complete() && flown.size() < 100) {
      flown.push_back(st.current_seq);
      e.nav_done(c, st);
    }
    std::vector<int> expected;
    for (int pass = 0; pass <= repeat; ++pass) expected.insert(expected.end(), {1, 2});
    expected.push_back(4);
    EXPECT_EQ(flown, expected) << "repeat " << repeat;
    EXPECT_EQ(st.items_done, static_cast<int>(expected.size()));
    EXPECT_EQ(st.current_seq, 5);  // N + 1: complete
    EXPECT_TRUE(st.complete);
  }
}

TEST(MissionEngine, DoJumpMinusOneRepeatsForEver) {
  PlanBuilder b;
  b.waypoint(1000, 0, 300).waypoint(1000, 1000, 300).command(cmd::kDoJump, 1, -1);
  b.waypoint(0, 0, 300);
  MissionEngine e;
  MissionStatus st;
  e.load(compiled(b.plan()), true, st);
  MissionContext c;
  e.start(0, c, st);
  for (int k = 0; k < 2000; ++k) {
    ASSERT_EQ(st.current_seq, k % 2 == 0 ? 1 : 2);
    e.nav_done(c, st);
  }
  EXPECT_FALSE(e.complete());
  EXPECT_NE(events(st).find("DO_JUMP to item 1 (1000, for ever)"), std::string::npos) << events(st);
}

TEST(MissionEngine, NextNavigationItemFollowsTheJumps) {
  PlanBuilder b;
  b.waypoint(1000, 0, 300).waypoint(1000, 1000, 300).command(cmd::kDoJump, 1, 1);
  b.waypoint(0, 0, 300);
  MissionEngine e;
  MissionStatus st;
  e.load(compiled(b.plan()), true, st);
  MissionContext c;
  e.start(0, c, st);
  e.nav_done(c, st);  // at item 2: the jump is still to be taken
  EXPECT_EQ(e.next_nav(), 0);
  e.nav_done(c, st);  // item 1 again
  e.nav_done(c, st);  // item 2 again: the jump is used up
  EXPECT_EQ(e.current(), 1);
  EXPECT_EQ(e.next_nav(), 3);
}

TEST(MissionEngine, ConditionDelayHoldsTheItemsAfterIt) {
  PlanBuilder b;
  b.waypoint(1000, 0, 300).command(cmd::kConditionDelay, 10);
  b.nav(cmd::kDoSetRoiLocation, 5000, 5000, 0).waypoint(3000, 0, 300);
  MissionEngine e;
  MissionStatus st;
  e.load(compiled(b.plan()), true, st);
  MissionContext c;
  e.start(0, c, st);
  EXPECT_EQ(st.condition_seq, 0);
  e.nav_done(c, st);  // now flying item 4; the delay runs
  EXPECT_EQ(st.current_seq, 4);
  int steps = 0;
  while (!st.roi_active && steps < 1000) {
    c.time_s += 0.25;
    e.update(c, 0.25, st);
    ++steps;
    if (!st.roi_active) {
      EXPECT_EQ(st.condition_seq, 2);
      EXPECT_EQ(st.condition_left, 10 - 0.25 * steps);
    }
  }
  EXPECT_EQ(steps, 40);  // 10 s of 0.25 s steps
  EXPECT_EQ(st.condition_seq, 0);
  EXPECT_NEAR(st.roi_ne.x(), 5000, 1);
  EXPECT_NEAR(st.roi_ne.y(), 5000, 1);
  EXPECT_NE(events(st).find("item 3: DO_SET_ROI_LOCATION"), std::string::npos) << events(st);
}

TEST(MissionEngine, ConditionDistanceWaitsUntilNearTheNextPoint) {
  PlanBuilder b;
  b.waypoint(0, 0, 300).command(cmd::kConditionDistance, 500);
  b.command(cmd::kDoDigicamControl, 0, 0, 0, 0);
  b.back().x = 1;  // param5: shoot
  b.waypoint(5000, 0, 300);
  MissionEngine e;
  MissionStatus st;
  e.load(compiled(b.plan()), true, st);
  MissionContext c;
  e.start(0, c, st);
  e.nav_done(c, st);
  for (double n = 5; n <= 5000; n += 10) {
    c.ne = {n, 0};
    e.update(c, 0.25, st);
    EXPECT_EQ(st.camera_shots, n >= 4500 ? 1 : 0) << n;
  }
}

TEST(MissionEngine, ItemsStillWaitingWhenTheLegEndsAreSkipped) {
  PlanBuilder b;
  b.waypoint(1000, 0, 300).command(cmd::kConditionDelay, 100);
  b.command(cmd::kDoSetRoiNone).waypoint(2000, 0, 300).waypoint(3000, 0, 300);
  MissionEngine e;
  MissionStatus st;
  e.load(compiled(b.plan()), true, st);
  MissionContext c;
  e.start(0, c, st);
  e.nav_done(c, st);
  e.update(c, 10, st);
  e.nav_done(c, st);
  EXPECT_EQ(st.current_seq, 5);
  EXPECT_NE(events(st).find("item 2: CONDITION_DELAY not met before item 4 was reached: 2 item(s) "
                            "skipped"),
            std::string::npos)
      << events(st);
}

TEST(MissionEngine, DoCommandsSetTheirStateAndAnnounceIt) {
  PlanBuilder b;
  b.command(cmd::kDoChangeSpeed, 0, 45, -1);
  b.nav(cmd::kDoSetHome, 2000, -3000, 20);
  b.nav(cmd::kDoSetRoiLocation, 4000, 0, 100);
  b.command(cmd::kDoSetCamTriggDist, 50, 0, 1);
  b.waypoint(1000, 0, 300);
  b.command(cmd::kDoChangeSpeed, 0, -1, -1);  // no change
  b.command(cmd::kDoSetRoiNone);
  b.waypoint(2000, 0, 300);
  b.command(cmd::kDoChangeSpeed, 0, -2, -1);  // back to the defaults
  b.command(cmd::kDoSetCamTriggDist, 0);
  b.waypoint(3000, 0, 300);
  MissionEngine e;
  MissionStatus st;
  e.set_site(test_site(), st);
  e.load(compiled(b.plan()), true, st);
  MissionContext c;
  e.start(0, c, st);  // the first four run before the first waypoint is flown
  EXPECT_EQ(st.current_seq, 5);
  EXPECT_EQ(st.airspeed_eas_mps, 45);
  EXPECT_NEAR(st.home_ne.x(), 2000, 0.5);
  EXPECT_NEAR(st.home_ne.y(), -3000, 0.5);
  EXPECT_EQ(st.home_height_m, kHomeAmslM + 20);
  EXPECT_TRUE(st.roi_active);
  EXPECT_EQ(st.roi_height_m, kHomeAmslM + 20 + 100);  // relative to the home it set
  EXPECT_EQ(st.cam_trigger_distance_m, 50);
  EXPECT_EQ(st.camera_shots, 1);  // "trigger once now"
  EXPECT_EQ(st.event_count, 4u);
  e.nav_done(c, st);
  EXPECT_EQ(st.airspeed_eas_mps, 45);
  EXPECT_FALSE(st.roi_active);
  e.nav_done(c, st);
  EXPECT_EQ(st.airspeed_eas_mps, 0);
  EXPECT_EQ(st.cam_trigger_distance_m, 0);
  const std::string ev = events(st);
  EXPECT_NE(ev.find("item 1: DO_CHANGE_SPEED: airspeed 45.0 m/s"), std::string::npos) << ev;
  EXPECT_NE(ev.find("item 7: DO_SET_ROI_NONE (no payload: state only)"), std::string::npos) << ev;
  EXPECT_NE(ev.find("item 9: DO_CHANGE_SPEED: airspeed back to the defaults"), std::string::npos)
      << ev;
}

TEST(MissionEngine, LandStartNearestByItsSequence) {
  PlanBuilder b;
  b.waypoint(20000, 0, 300).command(cmd::kDoLandStart).waypoint(0, 5000, 300);
  b.nav(cmd::kNavLand, -111, 68, 0);
  b.nav(cmd::kDoLandStart, -20000, 0, 0).waypoint(-4000, 0, 300);
  b.nav(cmd::kNavLand, -111, 68, 0);
  b.plan().items[1].frame = MavFrame::kGlobalRelativeAlt;  // a position of 0/0: use the next
  MissionEngine e;
  MissionStatus st;
  e.load(compiled(b.plan()), true, st);
  EXPECT_EQ(e.land_start({0, 6000}), 1);
  EXPECT_EQ(e.land_start({-15000, 0}), 4);
}

// ---- Upload checks ------------------------------------------------------------------------------

TEST(CompilePlan, FramesDirectionsAndDefaults) {
  PlanBuilder b;
  b.waypoint(1000, 0, 500);
  b.nav(cmd::kNavWaypoint, 2000, 0, 550, 0, 0, 0, 0, MavFrame::kGlobal);     // AMSL
  b.nav(cmd::kNavWaypoint, 3000, 0, 550, 0, 0, 0, 0, MavFrame::kGlobalInt);  // AMSL
  b.nav(cmd::kNavLoiterTurns, 4000, 0, 500, 2.5, 1, -800, 0);
  b.nav(cmd::kNavLoiterTime, 4000, 0, 500, 30, 0, 0, 0, MavFrame::kGlobalRelativeAltInt);
  MissionEngine e;
  MissionStatus st;
  e.set_site(test_site(), st);
  const std::vector<MissionCommand> cmds = compiled(b.plan());
  ASSERT_EQ(cmds.size(), 5u);
  e.load(cmds, true, st);
  for (int i = 0; i < 3; ++i) EXPECT_NEAR(e.height_m(cmds[i], st), kHomeAmslM + 500, 1e-9) << i;
  EXPECT_NEAR(cmds[1].ne.x(), 2000, 1e-3);
  EXPECT_EQ(cmds[3].kind, MissionCommand::Kind::kLoiter);
  EXPECT_EQ(cmds[3].direction, -1);  // negative radius: counter-clockwise
  EXPECT_EQ(cmds[3].radius_m, 800);
  EXPECT_TRUE(cmds[3].exit_on_turns && cmds[3].heading_required);
  EXPECT_EQ(cmds[3].turns, 2.5);
  EXPECT_EQ(cmds[4].direction, 1);
  EXPECT_EQ(cmds[4].radius_m, 0);  // LOIT_RADIUS when flown
  EXPECT_TRUE(cmds[4].exit_on_time && !cmds[4].heading_required);
  EXPECT_EQ(cmds[4].time_s, 30);
}

TEST(CompilePlan, RefusesWhatCannotBeFlownNamingItemAndField) {
  PlanBuilder b;
  b.nav(cmd::kNavWaypoint, 1000, 0, 300, 5);            // 1: hold time
  b.nav(cmd::kNavLoiterUnlim, 1000, 0, 300, 0, 0, 50);  // 2: radius below the minimum
  b.waypoint(1000, 0, 5);                               // 3: too low
  b.command(cmd::kDoChangeSpeed, 1, 38, -1);            // 4: ground speed
  b.command(cmd::kDoChangeSpeed, 0, 38, 50);            // 5: throttle
  b.waypoint(2000, 0, 300).command(cmd::kDoSetRoiNone).command(cmd::kDoJump, 7, 3);  // 8: loop
  b.nav(cmd::kNavLand, 5000, 5000, 0);      // 9: not on the runway
  b.nav(cmd::kNavLand, -111, 68, 0, 0, 1);  // 10: precision landing
  b.command(84);                            // 11: NAV_VTOL_TAKEOFF
  const std::vector<mission::ItemProblem> p =
      compile_plan(b.plan(), test_site(), MissionLimits{}, nullptr);
  std::string all;
  for (const auto& x : p) all += x.message + "\n";
  const auto has = [&](const std::string& s) { return all.find(s) != std::string::npos; };
  EXPECT_TRUE(has("item 1: NAV_WAYPOINT: param1 (hold time) 5 s")) << all;
  EXPECT_TRUE(has("item 2: NAV_LOITER_UNLIM: radius 50 m is below the minimum turn radius")) << all;
  EXPECT_TRUE(has("item 3: NAV_WAYPOINT: altitude 5 m above home is outside")) << all;
  EXPECT_TRUE(has("item 4: DO_CHANGE_SPEED: param1 (speed type) 1")) << all;
  EXPECT_TRUE(has("item 5: DO_CHANGE_SPEED: param3 (throttle) 50")) << all;
  EXPECT_TRUE(has("item 8: DO_JUMP: items 7 to 7 hold no navigation item")) << all;
  EXPECT_TRUE(has("item 9: NAV_LAND: the landing point is")) << all;
  EXPECT_TRUE(has("item 10: NAV_LAND: param2 (precision land mode) 1")) << all;
  EXPECT_TRUE(has("item 11: command 84 (NAV_VTOL_TAKEOFF) is not supported")) << all;
  EXPECT_EQ(p.size(), 9u) << all;
  EXPECT_TRUE(std::is_sorted(p.begin(), p.end(),
                             [](const auto& a, const auto& b) { return a.seq < b.seq; }));
}

// ---- Flown on synthetic estimates ---------------------------------------------------------------

// An autopilot flying `plan` in AUTO from power-up in the air.
Autopilot flying(const Plan& plan) {
  Autopilot ap(test_site(), Mission{}, FlightMode::kAuto);
  const Result<int> r = ap.upload_plan(plan);
  EXPECT_TRUE(r.ok()) << r.error().message;
  return ap;
}

TEST(MissionFlight, WaypointsSequenceAtTheirAcceptanceRadius) {
  // Collinear legs (no turn to anticipate): item 1 is reached at its own radius, item 2 (radius
  // 0, the next item a loiter) at WP_RADIUS.
  PlanBuilder b;
  b.waypoint(3000, 0, 500, 300).waypoint(6000, 0, 500).nav(cmd::kNavLoiterUnlim, 9000, 0, 500);
  Autopilot ap = flying(b.plan());
  ASSERT_TRUE(ap.set_param("WP_RADIUS", 120).ok());
  Kinematic k(ap, {0, 0}, 500, 0, 40);
  int seq = 0;
  std::vector<double> switched_at;
  ASSERT_TRUE(k.run_until(
      [&] {
        const int now = ap.status().mission.current_seq;
        if (seq != 0 && now != seq) switched_at.push_back(k.ne().x());
        seq = now;
        return now == 3;
      },
      400));
  ASSERT_EQ(switched_at.size(), 2u);
  // Within the radius by less than one step (0.82 m at 41 m/s true; the position is taken after
  // the step that switched).
  EXPECT_GT(switched_at[0], 3000 - 300);
  EXPECT_LT(switched_at[0], 3000 - 300 + 1.7);
  EXPECT_GT(switched_at[1], 6000 - 120);
  EXPECT_LT(switched_at[1], 6000 - 120 + 1.7);
  EXPECT_EQ(ap.status().mission.items_done, 2);
}

TEST(MissionFlight, DoJumpFliesTheLoopExactlyItsCountMore) {
  PlanBuilder b;
  b.waypoint(3000, 0, 500).waypoint(3000, 3000, 500).command(cmd::kDoJump, 1, 2);
  b.nav(cmd::kNavLoiterUnlim, 0, 0, 500);
  Autopilot ap = flying(b.plan());
  Kinematic k(ap, {0, 0}, 500, 0, 40);
  int seq = 0;
  std::vector<int> passes(5, 0);
  ASSERT_TRUE(k.run_until(
      [&] {
        const int now = ap.status().mission.current_seq;
        if (now != seq && now >= 1 && now <= 4) ++passes[static_cast<std::size_t>(now)];
        seq = now;
        return now == 4;
      },
      3600));
  EXPECT_EQ(passes[1], 3);
  EXPECT_EQ(passes[2], 3);
  EXPECT_EQ(passes[4], 1);
  EXPECT_EQ(ap.status().mission.items_done, 6);
}

TEST(MissionFlight, LoiterTurnsEndAfterTheirTurnsFractionsIncluded) {
  for (double turns : {0.5, 1.5}) {
    PlanBuilder b;
    b.nav(cmd::kNavLoiterTurns, 4000, 0, 500, turns, 0, 700);
    b.waypoint(4000, 8000, 500);
    Autopilot ap = flying(b.plan());
    Kinematic k(ap, {0, 0}, 500, 0, 40);
    // The turns the status shows on the last step before the exit, and the angle flown round
    // the centre from the first step it counted to the exit, measured here.
    double last_turns = 0;
    double angle = 0, last_ang = 0;
    bool counting = false;
    ASSERT_TRUE(k.run_until(
        [&] {
          const MissionStatus& m = ap.status().mission;
          const Eigen::Vector2d r = k.ne() - Eigen::Vector2d(4000, 0);
          const double a = std::atan2(r.y(), r.x());
          if (counting) {
            angle += wrap_pi(a - last_ang);
            last_ang = a;
          }
          if (m.current_seq == 1) {
            last_turns = m.turns_done;
            if (m.turns_done > 0 && !counting) {
              counting = true;
              last_ang = a;
            }
          }
          return m.current_seq == 2;
        },
        1200));
    EXPECT_LT(last_turns, turns);
    EXPECT_GT(last_turns, turns - 0.003);  // one 20 ms step of turn short: it left on the next
    EXPECT_NEAR(angle / (2 * kPi), turns, 0.005);  // clockwise: the angle grows
  }
}

TEST(MissionFlight, LoiterDirectionAndDefaultRadius) {
  for (double radius : {-700.0, 0.0}) {
    PlanBuilder b;
    b.nav(cmd::kNavLoiterUnlim, 4000, 0, 500, 0, 0, radius);
    Autopilot ap = flying(b.plan());
    ASSERT_TRUE(ap.set_param("LOIT_RADIUS", 600).ok());
    Kinematic k(ap, {0, 0}, 500, 0, 40);
    k.run_for(400);
    const Eigen::Vector2d r = k.ne() - Eigen::Vector2d(4000, 0);
    const Eigen::Vector2d v = k.vel();
    const double cross = r.x() * v.y() - r.y() * v.x();  // > 0: clockwise seen from above
    EXPECT_EQ(cross > 0, radius >= 0) << radius;
    EXPECT_NEAR(r.norm(), radius != 0 ? std::abs(radius) : 600, 5) << radius;
    EXPECT_GT(ap.status().mission.turns_done, 1.0);
  }
}

TEST(MissionFlight, LoiterHeadingRequiredLeavesOnTheTangentToTheNextLeg) {
  // Half-turn loiters at two centres 8 km apart, repeated by DO_JUMP: the racetrack of the sortie
  // plan. Every straight leg between the circles lies on their common tangent.
  PlanBuilder b;
  b.waypoint(2000, 0, 500);
  b.nav(cmd::kNavLoiterTurns, 10000, 0, 500, 0.5, 1, 1000, 0);
  b.nav(cmd::kNavLoiterTurns, 2000, 0, 500, 0.5, 1, 1000, 0);
  b.command(cmd::kDoJump, 2, 2).waypoint(-3000, 3000, 500);
  Autopilot ap = flying(b.plan());
  Kinematic k(ap, {0, 0}, 500, 0, 40);
  double worst_leg_off = 0;
  int leg_samples = 0, seq = 0;
  std::vector<double> exit_course_err;
  ASSERT_TRUE(k.run_until(
      [&] {
        const AutopilotStatus& st = ap.status();
        const int now = st.mission.current_seq;
        if (now != seq && seq >= 2 && seq <= 3) {
          // Just left a circle: the course points along the axis (north or south), or, after
          // the last lap, at the waypoint.
          const Eigen::Vector2d to_wp = Eigen::Vector2d(-3000, 3000) - k.ne();
          const double want = now == 5 ? std::atan2(to_wp.y(), to_wp.x()) : seq == 2 ? kPi : 0.0;
          exit_course_err.push_back(std::abs(wrap_pi(k.course_rad() - want)));
        }
        seq = now;
        // On a straight leg between the circles (well clear of their ends): 1,000 m off the axis.
        if ((now == 2 || now == 3) && st.path == AutopilotStatus::Path::kStraight &&
            k.ne().x() > 3500 && k.ne().x() < 8500 && st.mission.items_done > 2) {
          worst_leg_off = std::max(worst_leg_off, std::abs(std::abs(k.ne().y()) - 1000));
          ++leg_samples;
        }
        return now == 5;
      },
      7200));
  EXPECT_EQ(exit_course_err.size(), 6u);  // three laps, two circles each
  for (double err : exit_course_err) EXPECT_LT(err, 0.1);
  EXPECT_GT(leg_samples, 1000);
  EXPECT_LT(worst_leg_off, 30);
}

TEST(MissionFlight, LoiterTimeEndsAfterItsTimeOnStation) {
  PlanBuilder b;
  b.nav(cmd::kNavLoiterTime, 3000, 0, 500, 120, 0, 600);
  b.waypoint(0, 0, 500);
  Autopilot ap = flying(b.plan());
  Kinematic k(ap, {0, 0}, 500, 0, 40);
  double on_station_at = -1, left_at = -1;
  ASSERT_TRUE(k.run_until(
      [&] {
        const MissionStatus& m = ap.status().mission;
        if (m.current_seq == 1 && on_station_at < 0 && m.time_left_s < 120)
          on_station_at = k.time_s() - Kinematic::kDt;
        if (m.current_seq == 2) left_at = k.time_s();
        return left_at > 0;
      },
      600));
  EXPECT_NEAR(left_at - on_station_at, 120, 0.05);
}

TEST(MissionFlight, LoiterToAltEndsAtItsAltitude) {
  PlanBuilder b;
  b.nav(cmd::kNavLoiterToAlt, 2000, 0, 1500, 0, 600);
  b.waypoint(0, 0, 1500);
  Autopilot ap = flying(b.plan());
  Kinematic k(ap, {0, 0}, 500, 0, 40);
  double turns = 0, height = 0;
  ASSERT_TRUE(k.run_until(
      [&] {
        const MissionStatus& m = ap.status().mission;
        if (m.current_seq == 1) {
          turns = m.turns_done;
          height = k.height_above_home_m();
        }
        return m.current_seq == 2;
      },
      900));
  EXPECT_NEAR(height, 1500, 10.5);  // within 10 m on the exit step
  EXPECT_GT(turns, 0.3);            // it climbed on the circle
}

TEST(MissionFlight, ConditionDistanceFiresTheCameraNearTheNextWaypoint) {
  PlanBuilder b;
  b.waypoint(1000, 0, 500).command(cmd::kConditionDistance, 1500);
  b.command(cmd::kDoDigicamControl);
  b.back().x = 1;
  b.waypoint(8000, 0, 500).nav(cmd::kNavLoiterUnlim, 9000, 0, 500);
  Autopilot ap = flying(b.plan());
  Kinematic k(ap, {0, 0}, 500, 0, 40);
  ASSERT_TRUE(k.run_until([&] { return ap.status().mission.camera_shots == 1; }, 400));
  EXPECT_NEAR((Eigen::Vector2d(8000, 0) - k.ne()).norm(), 1500, 1.7);  // within two steps
  EXPECT_EQ(ap.status().mission.current_seq, 4);
}

TEST(MissionFlight, DoChangeSpeedChangesTheTecsDemand) {
  PlanBuilder b;
  b.waypoint(2000, 0, 500).command(cmd::kConditionDelay, 5);
  b.command(cmd::kDoChangeSpeed, 0, 46, -1).waypoint(30000, 0, 500);
  Autopilot ap = flying(b.plan());
  Kinematic k(ap, {0, 0}, 500, 0, 40);
  const double eas2tas = 1.0 / std::sqrt(isa_density_ratio(kHomeAmslM + 500));
  k.run_until([&] { return ap.status().mission.current_seq == 4; }, 200);
  EXPECT_NEAR(ap.status().tecs.tas_demand_mps, 40 * eas2tas, 0.05);  // ARSPD_CRUISE
  k.run_for(4.9);
  EXPECT_EQ(ap.status().mission.airspeed_eas_mps, 0);
  k.run_for(40);
  EXPECT_EQ(ap.status().mission.airspeed_eas_mps, 46);
  EXPECT_NEAR(ap.status().tecs.tas_demand_mps, 46 * eas2tas, 0.05);
}

TEST(MissionFlight, AmslAltitudesAreFlownAboveMeanSeaLevel) {
  PlanBuilder b;
  b.nav(cmd::kNavWaypoint, 5000, 0, 750, 0, 0, 0, 0, MavFrame::kGlobal);
  b.nav(cmd::kNavLoiterUnlim, 9000, 0, 500);
  Autopilot ap = flying(b.plan());
  Kinematic k(ap, {0, 0}, 500, 0, 40);
  k.run_for(5);
  EXPECT_EQ(ap.status().height_demand_m, 750);  // ellipsoidal = AMSL here: 700 m above home
}

TEST(MissionFlight, ResumeAfterRtlContinuesTheInterruptedItem) {
  PlanBuilder b;
  b.nav(cmd::kNavLoiterTurns, 4000, 0, 500, 3, 0, 600);
  b.waypoint(9000, 3000, 500);
  b.nav(cmd::kNavLoiterUnlim, 9000, 6000, 500);
  Autopilot ap = flying(b.plan());
  Kinematic k(ap, {0, 0}, 500, 0, 40);
  ASSERT_TRUE(k.run_until([&] { return ap.status().mission.turns_done >= 1.2; }, 900));
  const double turns_before = ap.status().mission.turns_done;
  ASSERT_TRUE(ap.set_mode(FlightMode::kRtl).ok());
  k.run_for(90);
  EXPECT_EQ(ap.status().mode, FlightMode::kRtl);
  EXPECT_GT((k.ne() - Eigen::Vector2d(4000, 0)).norm(), 1500);  // well away from the circle
  EXPECT_EQ(ap.status().mission.current_seq, 1);
  ASSERT_TRUE(ap.set_mode(FlightMode::kAuto).ok());
  k.step();
  EXPECT_EQ(ap.status().mode, FlightMode::kAuto);
  EXPECT_EQ(ap.status().mission.current_seq, 1);
  EXPECT_NEAR(ap.status().mission.turns_done, turns_before, 0.01);  // kept
  // The loiter is joined again from here (a leg from the present position) and ends after the
  // turns it still owed, not three more.
  EXPECT_EQ(ap.status().path, AutopilotStatus::Path::kStraight);
  EXPECT_LT((ap.status().path_a - k.ne()).norm(), 2 * 40 * Kinematic::kDt);
  double turns_at_exit = 0;  // on the last step before the exit
  const double t0 = k.time_s();
  ASSERT_TRUE(k.run_until(
      [&] {
        const MissionStatus& m = ap.status().mission;
        if (m.current_seq == 1) turns_at_exit = m.turns_done;
        return m.current_seq == 2;
      },
      900));
  EXPECT_LT(turns_at_exit, 3.0);
  EXPECT_GT(turns_at_exit, 3.0 - 0.003);
  const double turn_s = 2 * kPi * 600 / 41;  // a turn at about 41 m/s true
  EXPECT_LT(k.time_s() - t0, (3 - turns_before) * turn_s + 120);
  EXPECT_EQ(ap.status().mission.items_done, 1);
}

TEST(MissionFlight, ResumeReentersAnInterruptedLegFromHere) {
  PlanBuilder b;
  b.waypoint(10000, 0, 500).nav(cmd::kNavLoiterUnlim, 12000, 0, 500);
  Autopilot ap = flying(b.plan());
  Kinematic k(ap, {0, 0}, 500, 0, 40);
  k.run_for(60);
  ap.set_guided_target(3000, 3000, 500);
  ASSERT_TRUE(ap.set_mode(FlightMode::kGuided).ok());
  k.run_for(60);
  ASSERT_TRUE(ap.set_mode(FlightMode::kAuto).ok());
  k.step();
  EXPECT_EQ(ap.status().mission.current_seq, 1);
  EXPECT_LT((ap.status().path_a - k.ne()).norm(), 2 * 40 * Kinematic::kDt);
  EXPECT_NEAR(ap.status().path_b.x(), 10000, 0.01);
  EXPECT_TRUE(k.run_until([&] { return ap.status().mission.current_seq == 2; }, 400));
}

TEST(MissionFlight, RejectedUploadLeavesTheActiveMissionUnchanged) {
  PlanBuilder good;
  good.waypoint(4000, 0, 500).waypoint(4000, 4000, 500).nav(cmd::kNavLoiterUnlim, 0, 4000, 500);
  Autopilot ap = flying(good.plan()), twin = flying(good.plan());
  Kinematic k(ap, {0, 0}, 500, 0, 40), k_twin(twin, {0, 0}, 500, 0, 40);
  k.run_for(120);
  k_twin.run_for(120);
  const MissionStatus before = ap.status().mission;
  ASSERT_EQ(before.current_seq, 2);

  PlanBuilder bad;
  bad.waypoint(1000, 0, 500).nav(cmd::kNavLoiterUnlim, 2000, 0, 500, 0, 0, 20).command(84);
  const Result<int> r = ap.upload_plan(bad.plan());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message,
            "mission refused, 2 problems:\n"
            "  item 2: NAV_LOITER_UNLIM: radius 20 m is below the minimum turn radius 229 m at "
            "this height (ARSPD_LOITER, NPFG_BANK_MAX); 0 flies LOIT_RADIUS\n"
            "  item 3: command 84 (NAV_VTOL_TAKEOFF) is not supported");
  EXPECT_EQ(ap.status().mission.item_count, 3);
  EXPECT_EQ(ap.status().mission.current_seq, 2);
  EXPECT_EQ(ap.check_plan(bad.plan()).size(), 2u);
  // It flies on exactly as the twin that was sent nothing.
  k.run_for(300);
  k_twin.run_for(300);
  EXPECT_EQ(k.ne(), k_twin.ne());
  EXPECT_EQ(ap.status().mission.current_seq, twin.status().mission.current_seq);
  EXPECT_EQ(ap.status().mission.items_done, twin.status().mission.items_done);

  // An accepted upload in AUTO starts the new mission at its first item at once.
  PlanBuilder next;
  next.waypoint(-5000, 0, 500).nav(cmd::kNavLoiterUnlim, -6000, 0, 500);
  ASSERT_TRUE(ap.upload_plan(next.plan()).ok());
  k.step();
  EXPECT_EQ(ap.status().mission.item_count, 2);
  EXPECT_EQ(ap.status().mission.current_seq, 1);
  EXPECT_NEAR(ap.status().path_b.x(), -5000, 0.01);
}

TEST(MissionFlight, RtlAutolandFliesTheLandingSequence) {
  // A mission with a landing sequence: RTL_AUTOLAND 2 goes to it at once, 1 after reaching home.
  for (double autoland : {2.0, 1.0}) {
    PlanBuilder b;
    b.waypoint(20000, 0, 500).nav(cmd::kNavLoiterUnlim, 21000, 0, 500);
    b.command(cmd::kDoLandStart);
    b.back().frame = MavFrame::kGlobalRelativeAlt;  // at 0/0: no position of its own
    b.nav(cmd::kNavLoiterToAlt, -111, 6000, 300, 1, -800);
    b.waypoint(-111, 3000, 157).nav(cmd::kNavLand, -111, 68, 0);
    Autopilot ap = flying(b.plan());
    ASSERT_TRUE(ap.set_param("RTL_AUTOLAND", autoland).ok());
    Kinematic k(ap, {0, 0}, 500, 0, 40);
    k.run_for(120);
    ASSERT_TRUE(ap.set_mode(FlightMode::kRtl).ok());
    k.step();
    ASSERT_TRUE(k.run_until([&] { return ap.status().mode == FlightMode::kAuto; }, 600));
    EXPECT_EQ(ap.status().mission.current_seq, 4) << autoland;  // the loiter after item 3
    EXPECT_LT(k.ne().norm(), autoland > 1.5 ? 1e9 : 1000.0) << autoland;
  }
}

TEST(MissionFlight, DoSetHomeMovesWhereRtlGoes) {
  PlanBuilder b;
  b.nav(cmd::kDoSetHome, 5000, 5000, 0).nav(cmd::kNavLoiterUnlim, 2000, 0, 500);
  Autopilot ap = flying(b.plan());
  Kinematic k(ap, {0, 0}, 500, 0, 40);
  k.run_for(10);
  ASSERT_TRUE(ap.set_mode(FlightMode::kRtl).ok());
  k.run_for(600);
  EXPECT_EQ(ap.status().path, AutopilotStatus::Path::kCircle);
  EXPECT_NEAR(ap.status().path_a.x(), 5000, 1);
  EXPECT_NEAR(ap.status().path_a.y(), 5000, 1);
  EXPECT_NEAR(ap.status().height_demand_m, kHomeAmslM + ap.params().rtl_alt_m, 1e-9);
}

TEST(MissionFlight, ReturnToLaunchItemAndSetCurrent) {
  // NAV_RETURN_TO_LAUNCH inside AUTO: home at RTL_ALT, done within 2 LOIT_RADIUS of home. Then
  // MISSION_SET_CURRENT sends AUTO back to item 1 at once.
  PlanBuilder b;
  b.waypoint(4000, 0, 500).command(cmd::kNavReturnToLaunch);
  b.nav(cmd::kNavLoiterUnlim, 5000, 5000, 500);
  Autopilot ap = flying(b.plan());
  ASSERT_TRUE(ap.set_param("RTL_ALT", 700).ok());
  Kinematic k(ap, {0, 0}, 500, 0, 40);
  ASSERT_TRUE(k.run_until([&] { return ap.status().mission.current_seq == 2; }, 200));
  k.run_for(10);
  EXPECT_EQ(ap.status().height_demand_m, kHomeAmslM + 700);
  EXPECT_EQ(ap.status().path_b, Eigen::Vector2d::Zero());  // the leg home
  double home_dist = 0;
  ASSERT_TRUE(k.run_until(
      [&] {
        if (ap.status().mission.current_seq == 2) home_dist = k.ne().norm();
        return ap.status().mission.current_seq == 3;
      },
      400));
  EXPECT_NEAR(home_dist, 2 * ap.params().loiter_radius_m, 2);
  EXPECT_EQ(ap.status().mission.items_done, 2);
  EXPECT_FALSE(ap.set_mission_current(4).ok());
  ASSERT_TRUE(ap.set_mission_current(1).ok());
  k.step();
  EXPECT_EQ(ap.status().mission.current_seq, 1);
  EXPECT_LT((ap.status().path_a - k.ne()).norm(), 2 * 40 * Kinematic::kDt);
  EXPECT_NEAR(ap.status().path_b.x(), 4000, 0.01);
}

TEST(MissionFlight, AutoOnTheGroundNeedsATakeoff) {
  PlanBuilder b;
  b.waypoint(2000, 0, 300);
  Autopilot ap(test_site(), Mission{}, FlightMode::kManual);
  ASSERT_TRUE(ap.upload_plan(b.plan()).ok());
  const Result<FlightMode> r = ap.set_mode(FlightMode::kAuto);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("NAV_TAKEOFF"), std::string::npos);
}

}  // namespace
}  // namespace kestrel
