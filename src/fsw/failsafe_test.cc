// The staged failsafes (failsafe.h): every stage of every failsafe, driven by its inputs over
// time, and the interplay when several are active (docs/failsafes.md's table).
#include "fsw/failsafe.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace kestrel {
namespace {

// Steps a Failsafe at 10 Hz, collecting the announcements.
struct Harness {
  Failsafe fs;
  FailsafeInput in;
  std::vector<std::string> texts;
  Harness() {
    in.airborne = true;
    in.prop_rpm = 2500;
    in.pitot_tas_mps = in.synthetic_tas_mps = 40;
    in.synthetic_valid = true;
  }
  // Runs for `seconds`; returns the number of events.
  int run(double seconds) {
    int count = 0;
    const int steps = static_cast<int>(std::lround(seconds * 10));
    for (int i = 0; i < steps; ++i) {
      std::array<FailsafeEvent, Failsafe::kMaxEvents> ev;
      const int n = fs.step(in, ev);
      for (int k = 0; k < n; ++k) texts.emplace_back(ev[k].text);
      count += n;
      in.time_s += 0.1;
      if (in.link_age_s > 0 || link_lost) in.link_age_s += 0.1;
      in.operator_ack = false;
    }
    return count;
  }
  void lose_link() { link_lost = true; }
  void regain_link() {
    link_lost = false;
    in.link_age_s = 0;
  }
  FailsafeAction action() const { return fs.status().action; }
  bool link_lost = false;
};

TEST(Failsafe, NothingHappensWhenAllIsWell) {
  Harness h;
  EXPECT_EQ(h.run(600), 0);
  EXPECT_EQ(h.action(), FailsafeAction::kNone);
}

TEST(Failsafe, LinkShortStageOrbitsThenResumesWhenTheLinkReturns) {
  Harness h;
  h.lose_link();
  h.run(4.8);
  EXPECT_EQ(h.fs.status().link, LinkStage::kOk);
  h.run(0.4);  // past FS_SHORT_S = 5 s
  EXPECT_EQ(h.fs.status().link, LinkStage::kShort);
  EXPECT_EQ(h.action(), FailsafeAction::kOrbit);
  h.regain_link();
  h.run(1);
  EXPECT_EQ(h.fs.status().link, LinkStage::kOk);
  EXPECT_EQ(h.action(), FailsafeAction::kNone);
  ASSERT_EQ(h.texts.size(), 2u);
  EXPECT_EQ(h.texts[0], "failsafe: link lost (short): orbiting");
  EXPECT_EQ(h.texts[1], "failsafe: link regained: resuming");
}

TEST(Failsafe, LinkShortStageMayContinueTheMission) {
  Harness h;
  h.fs.params().link_short_action = 0;
  h.lose_link();
  h.run(10);
  EXPECT_EQ(h.fs.status().link, LinkStage::kShort);
  EXPECT_EQ(h.action(), FailsafeAction::kNone);
}

TEST(Failsafe, LostLinkProcedureClimbsFliesTheRouteOrbitsAndLands) {
  Harness h;
  h.lose_link();
  h.run(31);
  EXPECT_EQ(h.fs.status().link, LinkStage::kLong);
  EXPECT_EQ(h.fs.status().lost_link, LostLinkLeg::kClimb);
  EXPECT_EQ(h.action(), FailsafeAction::kLostLink);
  h.run(100);  // still climbing: the leg waits for the autopilot's report
  EXPECT_EQ(h.fs.status().lost_link, LostLinkLeg::kClimb);
  h.in.ll_at_altitude = true;
  h.run(1);
  EXPECT_EQ(h.fs.status().lost_link, LostLinkLeg::kRoute);
  h.in.ll_at_orbit = true;
  h.run(1);
  EXPECT_EQ(h.fs.status().lost_link, LostLinkLeg::kOrbit);
  h.run(h.fs.params().ll_orbit_s - 2);
  EXPECT_EQ(h.fs.status().lost_link, LostLinkLeg::kOrbit);
  h.run(3);
  EXPECT_EQ(h.fs.status().lost_link, LostLinkLeg::kLand);
  EXPECT_EQ(h.action(), FailsafeAction::kLostLink);
  // Short stage, long stage, altitude, orbit, land: each announced once.
  EXPECT_EQ(h.texts.size(), 5u);
}

TEST(Failsafe, LostLinkWithoutAuthorityToLandGoesToTheTerminationArea) {
  Harness h;
  h.fs.params().ll_autoland = 0;
  h.fs.params().ll_orbit_s = 60;
  h.in.ll_at_altitude = h.in.ll_at_orbit = true;
  h.lose_link();
  h.run(31 + 1 + 1 + 61);
  EXPECT_EQ(h.fs.status().lost_link, LostLinkLeg::kTerminate);
  EXPECT_EQ(h.action(), FailsafeAction::kTerminate);
}

TEST(Failsafe, LinkBackAfterTheProcedureHoldsForTheOperatorAndNeverResumesAlone) {
  Harness h;
  h.lose_link();
  h.run(40);
  ASSERT_EQ(h.action(), FailsafeAction::kLostLink);
  h.regain_link();
  h.run(600);  // ten minutes with the link: still holding
  EXPECT_EQ(h.fs.status().link, LinkStage::kRegained);
  EXPECT_EQ(h.action(), FailsafeAction::kHold);
  h.in.operator_ack = true;
  h.run(0.1);
  EXPECT_EQ(h.fs.status().link, LinkStage::kOk);
  EXPECT_EQ(h.action(), FailsafeAction::kNone);
}

TEST(Failsafe, NoLinkFailsafeOnTheGround) {
  Harness h;
  h.in.airborne = false;
  h.lose_link();
  EXPECT_EQ(h.run(120), 0);
  EXPECT_EQ(h.action(), FailsafeAction::kNone);
}

TEST(Failsafe, BingoReturnsAndMinimumFuelLandsAndNeitherClearsByItself) {
  Harness h;
  h.in.bingo = true;
  h.run(1);
  EXPECT_EQ(h.fs.status().fuel, FuelStage::kBingo);
  EXPECT_EQ(h.action(), FailsafeAction::kRtl);
  h.in.bingo = false;  // a gauge that wobbles back: the return goes on
  h.run(10);
  EXPECT_EQ(h.action(), FailsafeAction::kRtl);
  h.in.minimum_fuel = true;
  h.run(1);
  EXPECT_EQ(h.fs.status().fuel, FuelStage::kMinimum);
  EXPECT_EQ(h.action(), FailsafeAction::kLand);
  EXPECT_EQ(h.texts.size(), 2u);
}

TEST(Failsafe, EngineFailureAfterItsPersistenceGlidesOrTerminates) {
  Harness h;
  h.in.prop_rpm = 800;
  h.run(1.5);  // a dip shorter than FS_ENG_S
  EXPECT_FALSE(h.fs.status().engine_failed);
  h.in.prop_rpm = 2500;
  h.run(1);
  h.in.prop_rpm = 0;
  h.run(2.5);
  EXPECT_TRUE(h.fs.status().engine_failed);
  EXPECT_EQ(h.action(), FailsafeAction::kGlide);
  h.in.site_reachable = false;
  h.run(0.1);
  EXPECT_EQ(h.action(), FailsafeAction::kTerminate);
  // With the ignition off on purpose (after a landing), a stopped propeller is no failure.
  Harness g;
  g.in.ignition_on = false;
  g.in.prop_rpm = 0;
  g.run(10);
  EXPECT_FALSE(g.fs.status().engine_failed);
}

TEST(Failsafe, GnssLossContinuesThenReturnsOnDeadReckoningThenResumes) {
  Harness h;
  h.in.gnss_ok = false;
  h.run(59);
  EXPECT_EQ(h.fs.status().gnss, GnssStage::kLost);
  EXPECT_EQ(h.action(), FailsafeAction::kNone);
  h.run(2);
  EXPECT_EQ(h.fs.status().gnss, GnssStage::kReturning);
  EXPECT_EQ(h.action(), FailsafeAction::kGnssReturn);
  h.in.gnss_ok = true;
  h.run(5);  // not yet consistent for FS_GNSS_OK_S
  EXPECT_EQ(h.action(), FailsafeAction::kGnssReturn);
  h.run(6);
  EXPECT_EQ(h.fs.status().gnss, GnssStage::kOk);
  EXPECT_EQ(h.action(), FailsafeAction::kNone);
}

TEST(Failsafe, AirspeedDisagreementFailsThePitotAndLatches) {
  Harness h;
  h.in.pitot_tas_mps = 20;  // a blocked pitot reads low: 20 m/s under the synthetic 40
  // The averaged disagreement passes FS_ASPD_ERR (8) after -20 ln(1 - 8/20) = 10.2 s
  // (FS_ASPD_TAU 20 s), and FS_ASPD_S (5 s) later it has failed.
  h.run(15.0);
  EXPECT_FALSE(h.fs.status().airspeed_failed);
  h.run(0.4);
  EXPECT_TRUE(h.fs.status().airspeed_failed);
  EXPECT_EQ(h.action(), FailsafeAction::kNone);  // a modifier, not a manoeuvre
  h.in.pitot_tas_mps = 40;
  h.run(10);
  EXPECT_TRUE(h.fs.status().airspeed_failed);
  Harness n;
  n.in.pitot_tas_mps = std::numeric_limits<double>::quiet_NaN();
  n.run(5.2);
  EXPECT_TRUE(n.fs.status().airspeed_failed);
  // A gust: the pitot 15 m/s over the synthetic airspeed for 10 s, ten times over, is no
  // failure (the average peaks at 15 (1 - e^-0.5) = 5.9 m/s).
  Harness g;
  for (int i = 0; i < 10; ++i) {
    g.in.pitot_tas_mps = 55;
    g.run(10);
    g.in.pitot_tas_mps = 40;
    g.run(60);
  }
  EXPECT_FALSE(g.fs.status().airspeed_failed);
  Harness w;  // without a synthetic airspeed to compare with, nothing is decided
  w.in.pitot_tas_mps = 20;
  w.in.synthetic_valid = false;
  w.run(20);
  EXPECT_FALSE(w.fs.status().airspeed_failed);
}

TEST(Failsafe, FenceBreachActionFollowsFenceAction) {
  for (int action : {0, 1, 2}) {
    Harness h;
    h.in.fence_action = static_cast<FenceAction>(action);
    h.in.fence_breached = true;
    h.run(1);
    EXPECT_TRUE(h.fs.status().fence_breached);
    const FailsafeAction want = action == 1   ? FailsafeAction::kFenceReturn
                                : action == 2 ? FailsafeAction::kFenceLoiter
                                              : FailsafeAction::kNone;
    EXPECT_EQ(h.action(), want) << "FENCE_ACTION " << action;
    h.in.fence_breached = false;
    h.run(1);
    EXPECT_EQ(h.action(), FailsafeAction::kNone);
    EXPECT_EQ(h.texts.size(), 2u);
  }
}

// docs/failsafes.md's interplay table: two failsafes at once, the safer action governs.
TEST(Failsafe, InterplayTheSaferActionGoverns) {
  struct Case {
    const char* what;
    void (*set)(Harness&);
    FailsafeAction want;
  };
  const Case cases[] = {
      {"link long + engine",
       [](Harness& h) {
         h.lose_link();
         h.in.prop_rpm = 0;
       },
       FailsafeAction::kGlide},
      {"link long + bingo",
       [](Harness& h) {
         h.lose_link();
         h.in.bingo = true;
       },
       FailsafeAction::kRtl},
      {"link long + minimum fuel",
       [](Harness& h) {
         h.lose_link();
         h.in.minimum_fuel = true;
       },
       FailsafeAction::kLand},
      {"link long + GNSS",
       [](Harness& h) {
         h.lose_link();
         h.in.gnss_ok = false;
       },
       FailsafeAction::kLostLink},
      {"link long + fence",
       [](Harness& h) {
         h.lose_link();
         h.in.fence_breached = true;
       },
       FailsafeAction::kLostLink},
      {"bingo + engine",
       [](Harness& h) {
         h.in.bingo = true;
         h.in.prop_rpm = 0;
       },
       FailsafeAction::kGlide},
      {"bingo + GNSS",
       [](Harness& h) {
         h.in.bingo = true;
         h.in.gnss_ok = false;
       },
       FailsafeAction::kRtl},
      {"bingo + fence",
       [](Harness& h) {
         h.in.bingo = true;
         h.in.fence_breached = true;
       },
       FailsafeAction::kRtl},
      {"minimum fuel + engine",
       [](Harness& h) {
         h.in.minimum_fuel = true;
         h.in.prop_rpm = 0;
       },
       FailsafeAction::kGlide},
      {"GNSS + fence",
       [](Harness& h) {
         h.in.gnss_ok = false;
         h.in.fence_breached = true;
       },
       FailsafeAction::kGnssReturn},
      {"fence + engine",
       [](Harness& h) {
         h.in.fence_breached = true;
         h.in.prop_rpm = 0;
       },
       FailsafeAction::kGlide},
      {"engine, no site + bingo",
       [](Harness& h) {
         h.in.prop_rpm = 0;
         h.in.site_reachable = false;
         h.in.bingo = true;
       },
       FailsafeAction::kTerminate},
  };
  for (const Case& c : cases) {
    Harness h;
    c.set(h);
    h.run(90);  // past every persistence (GNSS: past FS_GNSS_S)
    EXPECT_EQ(h.action(), c.want) << c.what << ": got " << to_string(h.action());
  }
}

TEST(Failsafe, OperatorOverridesUntilSomethingChanges) {
  Harness h;
  h.in.bingo = true;
  h.run(1);
  ASSERT_EQ(h.action(), FailsafeAction::kRtl);
  h.in.operator_ack = true;  // the operator commands a mode: the RTL is his call now
  h.run(30);
  EXPECT_EQ(h.action(), FailsafeAction::kNone);
  h.in.minimum_fuel = true;  // a new stage re-engages
  h.run(0.1);
  EXPECT_EQ(h.action(), FailsafeAction::kLand);
}

TEST(Failsafe, ParameterTableIsValid) { EXPECT_EQ(check_param_table(kFailsafeParams), ""); }

// On the ground the link's stage stays as it was: an aircraft that landed at the end of the
// lost-link procedure has not "regained" the link, and the procedure does not start on the
// ground.
TEST(Failsafe, LinkStageHoldsOnTheGround) {
  Harness h;
  h.lose_link();
  h.run(31);
  ASSERT_EQ(h.fs.status().link, LinkStage::kLong);
  h.in.airborne = false;  // landed
  h.texts.clear();
  h.run(60);
  EXPECT_EQ(h.fs.status().link, LinkStage::kLong);
  EXPECT_TRUE(h.texts.empty()) << h.texts.front();
  Harness g;
  g.in.airborne = false;
  g.lose_link();
  EXPECT_EQ(g.run(60), 0);
  EXPECT_EQ(g.fs.status().link, LinkStage::kOk);
}

}  // namespace
}  // namespace kestrel
