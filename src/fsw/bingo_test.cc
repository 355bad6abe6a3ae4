// Bingo fuel against hand-worked figures: 72 km home at 40 m/s and 9 kg/h is half an hour and
// 4.5 kg in still air; a 10 m/s headwind makes it 40 min and 6 kg, a tailwind 24 min and 3.6 kg,
// a 24 m/s crosswind (a 3-4-5 triangle) 37.5 min; no progress into a 40 m/s headwind. The flags'
// hysteresis, and the fuel flow measured from the gauge.
#include "fsw/bingo.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace kestrel {
namespace {

BingoParams params() {
  BingoParams p;
  p.reserve_kg = 7;
  p.land_kg = 2;
  p.land_s = 0;  // the fixed allowance (the time-based one: AllowanceGrowsWithTheFlow)
  p.hyst_kg = 0.5;
  return p;
}

BingoInput input(double fuel_kg, Eigen::Vector2d wind_ne = Eigen::Vector2d::Zero()) {
  BingoInput in;
  in.fuel_kg = fuel_kg;
  in.fuel_flow_kg_h = 9;
  in.airspeed_tas_mps = 40;
  in.to_target_ne = Eigen::Vector2d(-72000, 0);  // home is 72 km south
  in.wind_ne = wind_ne;
  return in;
}

TEST(Bingo, StillAir) {
  BingoState s;
  const BingoOutput o = bingo_step(params(), s, input(20));
  ASSERT_TRUE(o.valid);
  EXPECT_TRUE(o.target_reachable);
  EXPECT_DOUBLE_EQ(o.ground_speed_mps, 40);
  EXPECT_DOUBLE_EQ(o.time_s, 1800);
  EXPECT_DOUBLE_EQ(o.fuel_needed_kg, 4.5);
  EXPECT_DOUBLE_EQ(o.bingo_kg, 13.5);
  EXPECT_DOUBLE_EQ(o.margin_kg, 6.5);
  EXPECT_FALSE(o.bingo);
  EXPECT_FALSE(o.minimum_fuel);
}

// With a leak the flow is many times the engine's, and so is what the descent and approach take:
// the allowance is BINGO_LAND_S at the present flow when that is more than BINGO_LAND_KG. At
// 60 kg/h, 72 km at 40 m/s (30 min) needs 30 kg, 15 min of approach 15 kg: bingo at 30 + 15 + 7.
TEST(Bingo, AllowanceGrowsWithTheFlow) {
  BingoParams p = params();
  p.land_s = 900;
  BingoState s;
  BingoInput in = input(60);
  in.fuel_flow_kg_h = 60;
  BingoOutput o = bingo_step(p, s, in);
  EXPECT_DOUBLE_EQ(o.allowance_kg, 15);
  EXPECT_DOUBLE_EQ(o.fuel_needed_kg, 30);
  EXPECT_DOUBLE_EQ(o.bingo_kg, 52);
  EXPECT_FALSE(o.bingo);
  in.fuel_kg = 51.9;
  o = bingo_step(p, s, in);
  EXPECT_TRUE(o.bingo);
  EXPECT_FALSE(o.minimum_fuel);
  in.fuel_kg = 21.9;  // allowance 15 + reserve 7
  EXPECT_TRUE(bingo_step(p, s, in).minimum_fuel);
  // At the engine's own 6 kg/h, 15 min is 1.5 kg: BINGO_LAND_KG's 2 kg stands.
  BingoState s2;
  in.fuel_flow_kg_h = 6;
  in.fuel_kg = 60;
  EXPECT_DOUBLE_EQ(bingo_step(p, s2, in).allowance_kg, 2);
}

TEST(Bingo, HeadwindHomeRaisesItTailwindLowersIt) {
  BingoState s;
  // Home is to the south: a wind towards the north is a headwind on the way home.
  const BingoOutput head = bingo_step(params(), s, input(20, {10, 0}));
  EXPECT_DOUBLE_EQ(head.ground_speed_mps, 30);
  EXPECT_DOUBLE_EQ(head.time_s, 2400);
  EXPECT_DOUBLE_EQ(head.fuel_needed_kg, 6);
  EXPECT_DOUBLE_EQ(head.bingo_kg, 15);
  const BingoOutput tail = bingo_step(params(), s, input(20, {-10, 0}));
  EXPECT_DOUBLE_EQ(tail.ground_speed_mps, 50);
  EXPECT_DOUBLE_EQ(tail.fuel_needed_kg, 3.6);
  EXPECT_DOUBLE_EQ(tail.bingo_kg, 12.6);
  // A 24 m/s crosswind at 40 m/s leaves 32 m/s along the course (3-4-5): 2250 s, 5.625 kg.
  const BingoOutput cross = bingo_step(params(), s, input(20, {0, 24}));
  EXPECT_NEAR(cross.ground_speed_mps, 32, 1e-12);
  EXPECT_NEAR(cross.fuel_needed_kg, 5.625, 1e-12);
}

TEST(Bingo, WindAtOrAboveTheAirspeedMakesHomeUnreachable) {
  for (const Eigen::Vector2d& wind :
       {Eigen::Vector2d(40, 0), Eigen::Vector2d(55, 0), Eigen::Vector2d(0, 41)}) {
    BingoState s;
    const BingoOutput o = bingo_step(params(), s, input(90, wind));
    ASSERT_TRUE(o.valid);
    EXPECT_FALSE(o.target_reachable);
    EXPECT_EQ(o.fuel_needed_kg, std::numeric_limits<double>::infinity());
    EXPECT_EQ(o.margin_kg, -std::numeric_limits<double>::infinity());
    EXPECT_FALSE(std::isnan(o.time_s));
    EXPECT_TRUE(o.bingo);  // full tanks do not get it home
    EXPECT_FALSE(o.minimum_fuel);
    // Once the wind drops the flag clears.
    EXPECT_FALSE(bingo_step(params(), s, input(90)).bingo);
  }
}

TEST(Bingo, FlagsDoNotChatter) {
  const BingoParams p = params();
  BingoState s;
  // Fuel falling through bingo (13.5 kg) with a +-0.2 kg wobble: one transition, no chatter.
  int transitions = 0;
  bool last = false;
  for (int i = 0; i < 400; ++i) {
    const double fuel = 16 - 0.01 * i + ((i % 2) ? 0.2 : -0.2);
    const BingoOutput o = bingo_step(p, s, input(fuel));
    transitions += o.bingo != last;
    last = o.bingo;
  }
  EXPECT_EQ(transitions, 1);
  EXPECT_TRUE(last);
  // It clears only above bingo + hysteresis.
  EXPECT_TRUE(bingo_step(p, s, input(13.9)).bingo);
  EXPECT_FALSE(bingo_step(p, s, input(14.1)).bingo);
  // Minimum fuel at allowance + reserve = 9 kg, same hysteresis.
  EXPECT_FALSE(bingo_step(p, s, input(9.1)).minimum_fuel);
  EXPECT_TRUE(bingo_step(p, s, input(9.0)).minimum_fuel);
  EXPECT_TRUE(bingo_step(p, s, input(9.4)).minimum_fuel);
  EXPECT_FALSE(bingo_step(p, s, input(9.6)).minimum_fuel);
}

TEST(Bingo, InvalidInputHoldsTheFlags) {
  BingoState s;
  ASSERT_TRUE(bingo_step(params(), s, input(10)).bingo);
  BingoInput bad = input(std::numeric_limits<double>::quiet_NaN());
  const BingoOutput o = bingo_step(params(), s, bad);
  EXPECT_FALSE(o.valid);
  EXPECT_TRUE(o.bingo);
  bad = input(20);
  bad.airspeed_tas_mps = 0;
  EXPECT_FALSE(bingo_step(params(), s, bad).valid);
  EXPECT_TRUE(s.bingo);
  // At the target: nothing more needed.
  BingoInput here = input(20);
  here.to_target_ne.setZero();
  const BingoOutput h = bingo_step(params(), s, here);
  EXPECT_EQ(h.fuel_needed_kg, 0);
  EXPECT_EQ(h.bingo_kg, 9);
}

TEST(FuelFlowEstimate, TheGaugesFallOverAWindow) {
  BingoParams p = params();
  p.flow_window_s = 120;
  FuelFlowEstimate f;
  // 8 kg/h read at 50 Hz.
  double fuel = 60;
  for (int i = 0; i <= 50 * 600; ++i) {
    const double t = i / 50.0;
    f.update(p, t, fuel - 8.0 * t / 3600.0);
    if (t < 119.9) {
      ASSERT_FALSE(f.flow_kg_h.has_value()) << t;
    }
  }
  ASSERT_TRUE(f.flow_kg_h.has_value());
  EXPECT_NEAR(*f.flow_kg_h, 8, 1e-6);
  // Refuelling restarts it; a non-finite reading changes nothing.
  f.update(p, 700, 90);
  EXPECT_FALSE(f.flow_kg_h.has_value());
  f.update(p, 710, std::nan(""));
  EXPECT_EQ(f.start_time_s, 700);
  f.update(p, 820, 90 - 12.0 * 120 / 3600);
  EXPECT_NEAR(*f.flow_kg_h, 12, 1e-9);
}

TEST(BingoParams, TableIsWellFormedAndCoversTheStruct) {
  EXPECT_EQ(check_param_table(kBingoParams), "");
  EXPECT_EQ(kBingoParams.size() * sizeof(double), sizeof(BingoParams));
  for (const auto& d : kBingoParams) EXPECT_EQ(d.info.name.rfind("BINGO_", 0), 0u);
}

}  // namespace
}  // namespace kestrel
