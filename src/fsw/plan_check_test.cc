// The pre-flight plan check on small hand-built plans and a synthetic aircraft whose figures do
// not depend on mass, altitude or speed (level flow 9 kg/h, climb 5 m/s at 34 m/s EAS and
// 18 kg/h, ceiling 5,000 m), so that distances, times and fuel can be worked by hand: a good plan
// passes; running out of fuel, a waypoint above the ceiling, a leg leaving the fence, a loiter
// tighter than the aircraft can turn and a headwind stronger than the cruise airspeed are errors
// naming the item; DO_JUMP repeats multiply the loop's distance exactly.
#include "fsw/plan_check.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "core/types.h"
#include "fsw/autopilot.h"

namespace kestrel {
namespace {

namespace cmd = mission::mav_cmd;
using mission::MavFrame;
using mission::MissionItem;
using mission::Plan;

constexpr double kHomeLat = 52.0, kHomeLon = 9.0, kElevation = 100;
constexpr double kLevelFlowKgH = 9, kClimbFlowKgH = 18, kClimbRate = 5, kCeiling = 5000;

PlanPerformance synthetic_aircraft() {
  PlanPerformance p;
  p.aircraft = "synthetic";
  p.cruise_eas_mps = 40;
  p.loiter_eas_mps = 35;
  p.min_eas_mps = 30;
  p.max_eas_mps = 50;
  p.bank_max_rad = 30 * kRadPerDeg;
  p.loiter_radius_m = 500;
  p.descent_rate_mps = 2;
  p.zero_fuel_mass_kg = 350;
  p.altitudes_m = {0, 10000};
  p.speeds_eas_mps = {20, 60};
  PlanPerfAtMass m;
  m.mass_kg = 450;
  m.service_ceiling_m = kCeiling;
  m.climb_rate_mps = {kClimbRate, kClimbRate};
  m.climb_eas_mps = {34, 34};
  m.climb_fuel_flow_kg_h = {kClimbFlowKgH, kClimbFlowKgH};
  m.level_fuel_flow_kg_h = {{kLevelFlowKgH, kLevelFlowKgH}, {kLevelFlowKgH, kLevelFlowKgH}};
  p.masses = {m};
  return p;
}

PlanSite site() {
  PlanSite s;
  s.name = "test field";
  s.home_lat_deg = kHomeLat;
  s.home_lon_deg = kHomeLon;
  s.elevation_m = kElevation;
  return s;
}

PlanCheckOptions options(double fuel_kg = 100) {
  PlanCheckOptions o;
  o.fuel_kg = fuel_kg;
  o.reserve_kg = 7;
  o.fence.margin_m = 0;  // the margin warnings have their own test
  return o;
}

// Latitude/longitude of a point north_m, east_m of home (the check's own local frame, inverted).
mission::LatLon at(double north_m, double east_m) {
  AutopilotSite as;
  as.home_lat_rad = kHomeLat * kRadPerDeg;
  as.home_lon_rad = kHomeLon * kRadPerDeg;
  as.home_height_m = kElevation;
  const LocalFrame f = LocalFrame::at(as);
  return {kHomeLat + north_m / f.north_m_per_rad * kDegPerRad,
          kHomeLon + east_m / f.east_m_per_rad * kDegPerRad};
}

// Builds a plan item by item; positions in metres from home, altitudes above home.
class PlanBuilder {
 public:
  PlanBuilder() { plan_.planned_home = {kHomeLat, kHomeLon, kElevation}; }
  PlanBuilder& nav(uint16_t command, double north_m, double east_m, double alt_m, double p1 = 0,
                   double p2 = 0, double p3 = 0) {
    MissionItem it;
    it.command = command;
    it.frame = MavFrame::kGlobalRelativeAlt;
    const mission::LatLon ll = at(north_m, east_m);
    it.x = ll.lat_deg;
    it.y = ll.lon_deg;
    it.z = alt_m;
    it.param1 = p1;
    it.param2 = p2;
    it.param3 = p3;
    if (command == cmd::kNavWaypoint || command == cmd::kNavLand || command == cmd::kNavTakeoff)
      it.param4 = NAN;
    if (command == cmd::kNavLoiterTurns || command == cmd::kNavLoiterTime) it.param4 = 0;
    return add(it);
  }
  PlanBuilder& takeoff(double alt_m) { return nav(cmd::kNavTakeoff, 0, 0, alt_m, 10); }
  PlanBuilder& waypoint(double n, double e, double alt_m) {
    return nav(cmd::kNavWaypoint, n, e, alt_m);
  }
  PlanBuilder& loiter_turns(double n, double e, double alt_m, double turns, double radius_m) {
    return nav(cmd::kNavLoiterTurns, n, e, alt_m, turns, 0, radius_m);
  }
  PlanBuilder& land() { return nav(cmd::kNavLand, 0, 0, 0); }
  PlanBuilder& rtl() { return simple(cmd::kNavReturnToLaunch, 0, 0); }
  PlanBuilder& jump(int target, int repeat) { return simple(cmd::kDoJump, target, repeat); }
  PlanBuilder& simple(uint16_t command, double p1, double p2) {
    MissionItem it;
    it.command = command;
    it.frame = MavFrame::kMission;
    it.param1 = p1;
    it.param2 = p2;
    return add(it);
  }
  PlanBuilder& inclusion_circle(double n, double e, double radius_m) {
    plan_.geofence.circles.push_back({true, at(n, e), radius_m});
    return *this;
  }
  PlanBuilder& exclusion_square(double n, double e, double half_m) {
    mission::FencePolygon p;
    p.inclusion = false;
    p.vertices = {at(n - half_m, e - half_m), at(n - half_m, e + half_m),
                  at(n + half_m, e + half_m), at(n + half_m, e - half_m)};
    plan_.geofence.polygons.push_back(p);
    return *this;
  }
  PlanBuilder& rally(double n, double e, double alt_m) {
    const mission::LatLon ll = at(n, e);
    plan_.rally_points.push_back({ll.lat_deg, ll.lon_deg, alt_m});
    return *this;
  }
  Plan plan() const { return plan_; }

 private:
  PlanBuilder& add(MissionItem it) {
    it.seq = static_cast<int>(plan_.items.size()) + 1;
    plan_.items.push_back(it);
    return *this;
  }
  Plan plan_;
};

// A sortie of 60 km: take-off, out 20 km north at 1,000 m, across, two turns of a loiter, home.
Plan good_plan() {
  return PlanBuilder()
      .takeoff(300)
      .waypoint(20000, 0, 1000)
      .waypoint(20000, 10000, 1000)
      .loiter_turns(10000, 10000, 1000, 2, 800)
      .rtl()
      .land()
      .inclusion_circle(0, 0, 40000)
      .rally(0, 2000, 400)
      .plan();
}

PlanCheckReport check(const Plan& p, const PlanCheckOptions& o = options()) {
  return check_plan(p, synthetic_aircraft(), site(), o);
}

std::string all_findings(const PlanCheckReport& r) {
  std::string s;
  for (const PlanFinding& f : r.findings)
    s += std::string(to_string(f.severity)) + " [" + f.check + "] " + f.message + "\n";
  return s;
}

const PlanFinding* find(const PlanCheckReport& r, const std::string& check,
                        PlanSeverity s = PlanSeverity::kError) {
  for (const PlanFinding& f : r.findings)
    if (f.check == check && f.severity == s) return &f;
  return nullptr;
}

bool contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

TEST(PlanCheck, GoodPlanPasses) {
  const PlanCheckReport r = check(good_plan());
  EXPECT_TRUE(r.flyable()) << all_findings(r);
  EXPECT_EQ(r.errors(), 0) << all_findings(r);
  EXPECT_EQ(r.warnings(), 0) << all_findings(r);
  ASSERT_EQ(r.items.size(), 6u);
  EXPECT_TRUE(r.fuel_complete);
  EXPECT_EQ(r.fuel_end_seq, 6);
  ASSERT_TRUE(r.landing_fuel_kg.has_value());
  EXPECT_FALSE(r.reserve_seq.has_value());
  // Totals are the items' sums; every item is flown once; the fuel left is what was not used.
  double d = 0, t = 0, f = 0;
  for (const PlanItemReport& it : r.items) {
    EXPECT_EQ(it.passes, 1) << it.seq;
    d += it.distance_m;
    t += it.time_s;
    f += it.fuel_kg;
  }
  EXPECT_NEAR(d, r.distance_m, 1e-6);
  EXPECT_NEAR(t, r.time_s, 1e-6);
  EXPECT_NEAR(f, r.fuel_used_kg, 1e-9);
  EXPECT_NEAR(*r.landing_fuel_kg, 100 - r.fuel_used_kg, 1e-9);
  EXPECT_NEAR(*r.items.back().fuel_after_kg, *r.landing_fuel_kg, 1e-9);
  // Roughly 20 + 10 + 2 x 2 pi 0.8 + 14 + the way to the circle: 60 to 70 km, 25-30 min.
  EXPECT_GT(r.distance_m, 55000);
  EXPECT_LT(r.distance_m, 70000);
  EXPECT_GT(r.fuel_used_kg, 3);
  EXPECT_LT(r.fuel_used_kg, 6);
  EXPECT_DOUBLE_EQ(r.takeoff_mass_kg, 450);
  EXPECT_DOUBLE_EQ(r.service_ceiling_m, kCeiling);
  // The loiter: two turns of a circle of 800 m.
  EXPECT_GT(r.items[3].distance_m, 2 * 2 * kPi * 800);
  // Altitudes AMSL: relative altitudes over the site's elevation.
  ASSERT_TRUE(r.items[1].alt_amsl_m.has_value());
  EXPECT_DOUBLE_EQ(*r.items[1].alt_amsl_m, kElevation + 1000);
  EXPECT_FALSE(r.items[4].alt_amsl_m.has_value());  // RTL
}

TEST(PlanCheck, LevelLegFuelIsDistanceOverTrueAirspeedTimesFlow) {
  // The same plan with one more 10 km level leg at 1,000 m costs exactly that leg's time at the
  // cruise true airspeed and the level fuel flow, in still air and into a 10 m/s headwind.
  const Plan base = PlanBuilder().takeoff(1000).waypoint(20000, 0, 1000).rtl().land().plan();
  const Plan longer = PlanBuilder()
                          .takeoff(1000)
                          .waypoint(20000, 0, 1000)
                          .waypoint(30000, 0, 1000)
                          .rtl()
                          .land()
                          .plan();
  const double tas = 40 / std::sqrt(isa_density_ratio(kElevation + 1000));
  for (const double wind : {0.0, 10.0}) {
    PlanCheckOptions o = options();
    o.wind_ne = wind_ne_from(wind, 0);  // from the north: a headwind going out, a tailwind back
    const PlanCheckReport a = check(base, o), b = check(longer, o);
    ASSERT_TRUE(a.flyable()) << all_findings(a);
    ASSERT_TRUE(b.flyable()) << all_findings(b);
    // The extra leg out (headwind) and 10 km more of the way back (tailwind).
    const double extra_s = 10000 / (tas - wind) + 10000 / (tas + wind);
    EXPECT_NEAR(b.time_s - a.time_s, extra_s, 1e-6) << wind;
    EXPECT_NEAR(b.fuel_used_kg - a.fuel_used_kg, extra_s * kLevelFlowKgH / 3600, 1e-9) << wind;
    EXPECT_NEAR(b.items[2].distance_m, 10000, 1e-6);
  }
}

TEST(PlanCheck, BeyondFuelIsAnErrorNamingTheItemWhereItRunsOut) {
  // 100 km out and 100 km back at about 42 m/s true and 9 kg/h: some 6 kg a leg. With 15 kg on
  // board and a 7 kg reserve, the reserve is reached on the way back (item 3).
  const Plan p =
      PlanBuilder().takeoff(500).waypoint(100000, 0, 1000).waypoint(0, 1000, 1000).land().plan();
  const PlanCheckReport full = check(p, options(100));
  ASSERT_TRUE(full.flyable()) << all_findings(full);
  const PlanCheckReport r = check(p, options(15));
  EXPECT_FALSE(r.flyable());
  const PlanFinding* f = find(r, "fuel");
  ASSERT_NE(f, nullptr) << all_findings(r);
  EXPECT_EQ(f->seq, 3);
  EXPECT_TRUE(contains(f->message, "item 3")) << f->message;
  EXPECT_TRUE(contains(f->message, "reserve")) << f->message;
  ASSERT_TRUE(r.reserve_seq.has_value());
  EXPECT_EQ(*r.reserve_seq, 3);
  EXPECT_FALSE(r.dry_seq.has_value());  // 15 - 12 kg: not dry
  ASSERT_TRUE(r.landing_fuel_kg.has_value());
  EXPECT_LT(*r.landing_fuel_kg, 7);
  // With 9 kg the tanks run dry on the way back too, and the message says so.
  const PlanCheckReport dry = check(p, options(9));
  ASSERT_TRUE(dry.dry_seq.has_value());
  EXPECT_EQ(*dry.dry_seq, 3);
  EXPECT_EQ(*dry.reserve_seq, 2);
  EXPECT_TRUE(contains(find(dry, "fuel")->message, "run dry at item 3")) << all_findings(dry);
}

TEST(PlanCheck, AboveTheCeilingIsAnErrorNamingTheItem) {
  const Plan p = PlanBuilder()
                     .takeoff(300)
                     .waypoint(10000, 0, 1000)
                     .waypoint(20000, 0, kCeiling)  // AMSL: ceiling + the elevation
                     .rtl()
                     .land()
                     .plan();
  const PlanCheckReport r = check(p);
  EXPECT_FALSE(r.flyable());
  const PlanFinding* f = find(r, "ceiling");
  ASSERT_NE(f, nullptr) << all_findings(r);
  EXPECT_EQ(f->seq, 3);
  EXPECT_TRUE(contains(f->message, "item 3")) << f->message;
  EXPECT_TRUE(contains(f->message, "5100 m AMSL")) << f->message;
  EXPECT_TRUE(contains(f->message, "service ceiling 5000 m")) << f->message;
  // Just below it: no error.
  const Plan ok = PlanBuilder()
                      .takeoff(300)
                      .waypoint(10000, 0, 1000)
                      .waypoint(20000, 0, kCeiling - kElevation - 1)
                      .rtl()
                      .land()
                      .plan();
  EXPECT_TRUE(check(ok).flyable()) << all_findings(check(ok));
}

TEST(PlanCheck, CeilingAtTheMassOfTheMoment) {
  // Ceiling 5,000 m at 450 kg, 6,000 m at 350 kg (no fuel): 5,400 m AMSL is too high at take-off
  // but fine once 50 kg of fuel are burnt (the ceiling there is interpolated: 5,500 m).
  PlanPerformance perf = synthetic_aircraft();
  PlanPerfAtMass light = perf.masses[0];
  light.mass_kg = 350;
  light.service_ceiling_m = 6000;
  perf.masses.insert(perf.masses.begin(), light);
  const Plan early = PlanBuilder().takeoff(300).waypoint(1000, 0, 5300).rtl().land().plan();
  const PlanCheckReport r = check_plan(early, perf, site(), options(100));
  ASSERT_NE(find(r, "ceiling"), nullptr) << all_findings(r);
  // With 50 kg on board the aircraft weighs 400 kg or less all the way: ceiling 5,500 m or more.
  const PlanCheckReport light_r = check_plan(early, perf, site(), options(50));
  EXPECT_EQ(find(light_r, "ceiling"), nullptr) << all_findings(light_r);
}

TEST(PlanCheck, LeavingTheFenceIsAnErrorNamingTheLeg) {
  // The inclusion circle has a 25 km radius; the second waypoint is 30 km out.
  const Plan out = PlanBuilder()
                       .takeoff(300)
                       .waypoint(10000, 0, 1000)
                       .waypoint(30000, 0, 1000)
                       .rtl()
                       .land()
                       .inclusion_circle(0, 0, 25000)
                       .plan();
  const PlanCheckReport r = check(out);
  EXPECT_FALSE(r.flyable());
  const PlanFinding* f = find(r, "fence");
  ASSERT_NE(f, nullptr) << all_findings(r);
  EXPECT_EQ(f->seq, 3);
  EXPECT_TRUE(contains(f->message,
                       "the leg from item 2 to item 3 leaves the geofence 15000 m "
                       "after item 2"))
      << f->message;
  // A leg between two points inside that cuts through an exclusion zone.
  const Plan through = PlanBuilder()
                           .takeoff(300)
                           .waypoint(10000, 0, 1000)
                           .waypoint(20000, 0, 1000)
                           .rtl()
                           .land()
                           .inclusion_circle(0, 0, 25000)
                           .exclusion_square(15000, 0, 1000)
                           .plan();
  const PlanCheckReport t = check(through);
  const PlanFinding* g = find(t, "fence");
  ASSERT_NE(g, nullptr) << all_findings(t);
  EXPECT_TRUE(contains(g->message, "the leg from item 2 to item 3")) << g->message;
  // The way home crosses it too: reported against the RTL item.
  bool rtl_reported = false;
  for (const PlanFinding& x : t.findings)
    rtl_reported |= x.check == "fence" && x.seq == 4 && contains(x.message, "to home");
  EXPECT_TRUE(rtl_reported) << all_findings(t);
}

TEST(PlanCheck, FenceMarginIsAWarning) {
  PlanCheckOptions o = options();
  o.fence.margin_m = 300;
  const Plan p = PlanBuilder()
                     .takeoff(300)
                     .waypoint(24800, 0, 1000)
                     .rtl()
                     .land()
                     .inclusion_circle(0, 0, 25000)
                     .plan();
  const PlanCheckReport r = check(p, o);
  EXPECT_TRUE(r.flyable()) << all_findings(r);
  ASSERT_NE(find(r, "fence", PlanSeverity::kWarning), nullptr) << all_findings(r);
  EXPECT_TRUE(contains(find(r, "fence", PlanSeverity::kWarning)->message, "FENCE_MARGIN"));
}

TEST(PlanCheck, RallyPointOutsideTheFenceIsAnError) {
  Plan p = good_plan();
  const mission::LatLon far = at(50000, 0);
  p.rally_points.push_back({far.lat_deg, far.lon_deg, 400});
  const PlanCheckReport r = check(p);
  EXPECT_FALSE(r.flyable());
  const PlanFinding* f = find(r, "rally");
  ASSERT_NE(f, nullptr) << all_findings(r);
  EXPECT_TRUE(contains(f->message, "rally point 2")) << f->message;
  EXPECT_TRUE(contains(f->message, "outside the geofence")) << f->message;
}

TEST(PlanCheck, LoiterRadiusBelowTheMinimumTurnRadiusIsAnError) {
  // 35 m/s EAS at 1,100 m AMSL is 36.9 m/s true; at 30 deg of bank the circle needs 241 m.
  const double tas = 35 / std::sqrt(isa_density_ratio(kElevation + 1000));
  const double r_min = tas * tas / (9.80665 * std::tan(30 * kRadPerDeg));
  EXPECT_NEAR(turn_radius_m(tas, 30 * kRadPerDeg), r_min, 1e-9);
  auto plan_with = [](double radius_m) {
    return PlanBuilder()
        .takeoff(300)
        .waypoint(5000, 0, 1000)
        .loiter_turns(10000, 0, 1000, 3, radius_m)
        .rtl()
        .land()
        .plan();
  };
  const PlanCheckReport tight = check(plan_with(r_min - 1));
  EXPECT_FALSE(tight.flyable());
  const PlanFinding* f = find(tight, "turn");
  ASSERT_NE(f, nullptr) << all_findings(tight);
  EXPECT_EQ(f->seq, 3);
  char expected[64];
  std::snprintf(expected, sizeof expected, "minimum turn radius %.0f m", r_min);
  EXPECT_TRUE(contains(f->message, expected)) << f->message;
  EXPECT_NEAR(r_min, 241, 1);
  EXPECT_TRUE(check(plan_with(r_min + 1)).flyable());
  EXPECT_TRUE(check(plan_with(-(r_min + 1))).flyable());  // counter-clockwise
  // In a wind the downwind side is faster: the same radius no longer suffices.
  PlanCheckOptions windy = options();
  windy.wind_ne = wind_ne_from(10, 0);
  EXPECT_FALSE(check(plan_with(r_min + 1), windy).flyable());
}

TEST(PlanCheck, ShortLegBetweenSharpTurnsIsAWarning) {
  // A 200 m leg between two 90 deg turns: each fly-by needs one turn radius (~300 m) of it.
  const Plan p = PlanBuilder()
                     .takeoff(300)
                     .waypoint(10000, 0, 1000)
                     .waypoint(10000, 200, 1000)
                     .waypoint(0, 200, 1000)
                     .land()
                     .plan();
  const PlanCheckReport r = check(p);
  EXPECT_TRUE(r.flyable()) << all_findings(r);
  const PlanFinding* f = find(r, "turn", PlanSeverity::kWarning);
  ASSERT_NE(f, nullptr) << all_findings(r);
  EXPECT_EQ(f->seq, 3);
  EXPECT_TRUE(contains(f->message, "the leg from item 2 to item 3 (200 m)")) << f->message;
  EXPECT_TRUE(contains(f->message, "90 deg at item 2")) << f->message;
}

TEST(PlanCheck, DoJumpRepeatsMultiplyTheDistanceExactly) {
  // A triangle flown as a loop: out to it, round it (items 3-5), DO_JUMP back to item 3.
  auto looped = [](int repeat) {
    return PlanBuilder()
        .takeoff(500)
        .waypoint(5000, 0, 1000)
        .waypoint(10000, 0, 1000)
        .waypoint(10000, 6000, 1000)
        .waypoint(5000, 6000, 1000)
        .jump(3, repeat)
        .rtl()
        .land()
        .plan();
  };
  const PlanCheckReport r0 = check(looped(0)), r1 = check(looped(1)), r3 = check(looped(3));
  for (const auto* r : {&r0, &r1, &r3}) ASSERT_TRUE(r->flyable()) << all_findings(*r);
  const double lap = r1.distance_m - r0.distance_m;
  // Each repeat flies 5 -> 3 (7.8 km), 3 -> 4 (6 km), 4 -> 5 (5 km).
  EXPECT_NEAR(lap, 5000 + 6000 + std::hypot(5000.0, 6000.0), 1e-6);
  EXPECT_NEAR(r3.distance_m - r0.distance_m, 3 * lap, 1e-6);
  EXPECT_NEAR(r3.time_s - r0.time_s, 3 * (r1.time_s - r0.time_s), 1e-6);
  EXPECT_NEAR(r3.fuel_used_kg - r0.fuel_used_kg, 3 * (r1.fuel_used_kg - r0.fuel_used_kg), 1e-9);
  EXPECT_EQ(r3.items[2].passes, 4);
  EXPECT_EQ(r3.items[4].passes, 4);
  EXPECT_EQ(r3.items[5].passes, 4);  // the DO_JUMP itself
  EXPECT_EQ(r3.items[1].passes, 1);
  EXPECT_EQ(r3.items[6].passes, 1);
  // The same route written out in full gives the same figures.
  PlanBuilder b;
  b.takeoff(500).waypoint(5000, 0, 1000);
  for (int k = 0; k < 4; ++k)
    b.waypoint(10000, 0, 1000).waypoint(10000, 6000, 1000).waypoint(5000, 6000, 1000);
  const PlanCheckReport flat = check(b.rtl().land().plan());
  EXPECT_NEAR(flat.distance_m, r3.distance_m, 1e-6);
  EXPECT_NEAR(flat.fuel_used_kg, r3.fuel_used_kg, 1e-9);
}

TEST(PlanCheck, NestedDoJumpCountersLastTheWholeFlight) {
  // Inner loop 3-4 repeated twice, outer loop 2-5 once: the inner counter is not reset on the
  // outer pass (ArduPilot and PX4 keep one counter per DO_JUMP for the whole mission), so item 3
  // is flown 3 + 1 times.
  const Plan p = PlanBuilder()
                     .takeoff(500)
                     .waypoint(5000, 0, 1000)
                     .waypoint(10000, 0, 1000)
                     .jump(3, 2)
                     .jump(2, 1)
                     .rtl()
                     .land()
                     .plan();
  const PlanCheckReport r = check(p);
  EXPECT_EQ(r.items[2].passes, 4);
  EXPECT_EQ(r.items[1].passes, 2);
}

TEST(PlanCheck, HeadwindAboveTheCruiseAirspeedIsAnError) {
  const Plan p = PlanBuilder()
                     .takeoff(300)
                     .waypoint(10000, 0, 1000)
                     .waypoint(10000, 5000, 1000)
                     .rtl()
                     .land()
                     .plan();
  PlanCheckOptions o = options();
  o.wind_ne = wind_ne_from(45, 0);  // from the north, above 40 m/s EAS = 42 m/s true
  const PlanCheckReport r = check(p, o);
  EXPECT_FALSE(r.flyable());
  const PlanFinding* f = find(r, "reach");
  ASSERT_NE(f, nullptr) << all_findings(r);
  EXPECT_EQ(f->seq, 2);
  EXPECT_TRUE(contains(f->message, "item 2: on the leg from item 1 to item 2")) << f->message;
  EXPECT_TRUE(contains(f->message, "headwind 45.0 m/s")) << f->message;
  // 30 m/s of the same wind: flown, slowly.
  o.wind_ne = wind_ne_from(30, 0);
  EXPECT_EQ(find(check(p, o), "reach"), nullptr);
}

TEST(PlanCheck, UnlimitedItemsEndTheFuelFiguresWithAWarning) {
  const Plan forever = PlanBuilder()
                           .takeoff(300)
                           .waypoint(10000, 0, 1000)
                           .waypoint(10000, 5000, 1000)
                           .jump(2, -1)
                           .rtl()
                           .land()
                           .plan();
  const PlanCheckReport r = check(forever);
  EXPECT_TRUE(r.flyable()) << all_findings(r);
  ASSERT_NE(find(r, "jump", PlanSeverity::kWarning), nullptr) << all_findings(r);
  EXPECT_EQ(find(r, "jump", PlanSeverity::kWarning)->seq, 4);
  EXPECT_FALSE(r.fuel_complete);
  EXPECT_EQ(r.fuel_end_seq, 4);
  EXPECT_FALSE(r.landing_fuel_kg.has_value());
  EXPECT_FALSE(r.items[4].fuel_after_kg.has_value());  // RTL: after the end of the figures
  EXPECT_EQ(r.items[4].passes, 1);                     // still walked for its geometry

  const Plan unlim = PlanBuilder()
                         .takeoff(300)
                         .waypoint(10000, 0, 1000)
                         .nav(cmd::kNavLoiterUnlim, 10000, 5000, 1000, 0, 0, 800)
                         .rtl()
                         .land()
                         .plan();
  const PlanCheckReport u = check(unlim);
  EXPECT_TRUE(u.flyable()) << all_findings(u);
  const PlanFinding* f = find(u, "jump", PlanSeverity::kWarning);
  ASSERT_NE(f, nullptr) << all_findings(u);
  EXPECT_EQ(f->seq, 3);
  EXPECT_TRUE(contains(f->message, "NAV_LOITER_UNLIM")) << f->message;
  EXPECT_EQ(u.fuel_end_seq, 3);
  EXPECT_FALSE(u.fuel_complete);
}

TEST(PlanCheck, PlanThatDoesNotLandGetsAWarning) {
  const Plan p = PlanBuilder().takeoff(300).waypoint(10000, 0, 1000).plan();
  const PlanCheckReport r = check(p);
  EXPECT_TRUE(r.flyable()) << all_findings(r);
  const PlanFinding* f = find(r, "end", PlanSeverity::kWarning);
  ASSERT_NE(f, nullptr) << all_findings(r);
  EXPECT_EQ(f->seq, 2);
  // Ending in RTL is fine.
  const PlanCheckReport rtl =
      check(PlanBuilder().takeoff(300).waypoint(10000, 0, 1000).rtl().plan());
  EXPECT_EQ(find(rtl, "end", PlanSeverity::kWarning), nullptr) << all_findings(rtl);
}

TEST(PlanCheck, InvalidItemsAreReportedAndRefuse) {
  Plan p = good_plan();
  p.items[2].command = 84;  // NAV_VTOL_TAKEOFF
  const PlanCheckReport r = check(p);
  EXPECT_FALSE(r.flyable());
  const PlanFinding* f = find(r, "plan");
  ASSERT_NE(f, nullptr) << all_findings(r);
  EXPECT_EQ(f->seq, 3);
  EXPECT_TRUE(contains(f->message, "NAV_VTOL_TAKEOFF")) << f->message;
  EXPECT_FALSE(r.fuel_complete);
}

TEST(PlanCheck, AltitudesBelowTheGroundOrOutsideTheFenceBandAreErrors) {
  // An AMSL waypoint below the site's elevation, and one above FENCE_ALT_MAX.
  Plan p = PlanBuilder()
               .takeoff(300)
               .waypoint(10000, 0, 1000)
               .waypoint(10000, 5000, 1000)
               .rtl()
               .land()
               .plan();
  p.items[1].frame = MavFrame::kGlobal;
  p.items[1].z = kElevation - 10;
  PlanCheckOptions o = options();
  o.fence.alt_max_m = 800;
  const PlanCheckReport r = check(p, o);
  bool below = false, above = false;
  for (const PlanFinding& f : r.findings) {
    below |= f.seq == 2 && f.check == "altitude" && contains(f.message, "not above the site");
    above |= f.seq == 3 && f.check == "altitude" && contains(f.message, "FENCE_ALT_MAX");
  }
  EXPECT_TRUE(below) << all_findings(r);
  EXPECT_TRUE(above) << all_findings(r);
}

TEST(PlanCheck, MalformedPerformanceTablesAreAnErrorNotACrash) {
  PlanPerformance perf = synthetic_aircraft();
  perf.masses[0].level_fuel_flow_kg_h[1].pop_back();
  const PlanCheckReport r = check_plan(good_plan(), perf, site(), options());
  ASSERT_NE(find(r, "performance"), nullptr) << all_findings(r);
  EXPECT_TRUE(contains(find(r, "performance")->message, "level_fuel_flow_kg_h[1]"));
  EXPECT_EQ(validate_plan_performance(synthetic_aircraft()), std::nullopt);
}

TEST(PlanCheck, RunawayLoopsAreCut) {
  // Two nested loops of 32,767 repeats: ~10^9 items; the walk stops at max_steps and refuses.
  PlanCheckOptions o = options(1e9);
  o.max_steps = 10000;
  const Plan p = PlanBuilder()
                     .takeoff(300)
                     .simple(cmd::kConditionDelay, 1, 0)
                     .jump(2, 32767)
                     .jump(2, 32767)
                     .land()
                     .plan();
  const PlanCheckReport r = check(p, o);
  ASSERT_NE(find(r, "jump"), nullptr) << all_findings(r);
  EXPECT_FALSE(r.flyable());
}

TEST(PlanCheck, WindFromADirection) {
  // From the north: the air moves south.
  const Eigen::Vector2d w = wind_ne_from(10, 0);
  EXPECT_NEAR(w.x(), -10, 1e-12);
  EXPECT_NEAR(w.y(), 0, 1e-12);
  const Eigen::Vector2d w2 = wind_ne_from(10, 270 * kRadPerDeg);  // from the west: blows east
  EXPECT_NEAR(w2.x(), 0, 1e-9);
  EXPECT_NEAR(w2.y(), 10, 1e-9);
}

}  // namespace
}  // namespace kestrel
