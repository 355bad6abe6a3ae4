// Bingo fuel: the fuel it takes to get home (or to the chosen landing site) from here, plus the
// approach-and-landing allowance and the reserve; a "bingo" flag when the fuel on board falls to
// that, and a "minimum fuel" flag when only the allowance and reserve are left (land now). Pure
// functions of plain data and a two-flag state, no allocation. docs/failsafes.md has the formula
// and its assumptions.
//
//   ground speed G   from the wind triangle on the course home at the return airspeed
//   time home        t = distance / G
//   fuel home        = fuel flow x t
//   bingo            = fuel home + BINGO_LAND_KG + BINGO_RESERVE_KG
//   margin           = fuel on board - bingo
//
// The flight software has no fuel-flow meter: EngineSample (core/sensor_data.h) carries the
// tachometer and the tank gauge only. FuelFlowEstimate below measures the flow as the gauge's
// fall over a window (BINGO_FLOW_S); the caller may use it, or a planning figure when it has not
// yet flown at the return speed (the flow is that of the present power setting).
#pragma once

#include <Eigen/Core>
#include <array>
#include <limits>
#include <optional>

#include "core/param.h"

namespace kestrel {

struct BingoParams {
  // Reserve on landing [kg]: 45 to 60 min of fuel (searcher-facts §5.2) at the loiter flow of
  // 6 to 7.5 kg/h (§4.6): 60 min at 7 kg/h.
  double reserve_kg = 7;
  // Descent, approach and one go-around [kg]: about 15 min at 7.5 to 8 kg/h. An estimate.
  double land_kg = 2;
  // ... or this long at the present fuel flow, when that is more [s]: the same 15 min. With a
  // leak the flow is several times the engine's, and so is the fuel the approach takes.
  double land_s = 900;
  // The flags clear only when the fuel is this much above their thresholds again [kg]: a gauge
  // that wobbles (slosh in turns) must not make them chatter. 0.5 kg is about 4 min of flow.
  double hyst_kg = 0.5;
  // Window over which FuelFlowEstimate measures the gauge's fall [s].
  double flow_window_s = 120;
};

inline const std::array<ParamDecl<BingoParams>, 5> kBingoParams = {{
    {{"BINGO_RESERVE_KG", "kg", 0.0, 100.0, "Fuel reserve to land with"}, &BingoParams::reserve_kg},
    {{"BINGO_LAND_KG", "kg", 0.0, 50.0, "Fuel allowance for descent, approach and a go-around"},
     &BingoParams::land_kg},
    {{"BINGO_LAND_S", "s", 0.0, 7200.0, "... or descent and approach time at the present flow"},
     &BingoParams::land_s},
    {{"BINGO_HYST_KG", "kg", 0.0, 10.0, "Bingo and minimum-fuel flags clear this much above"},
     &BingoParams::hyst_kg},
    {{"BINGO_FLOW_S", "s", 10.0, 3600.0, "Fuel flow estimate: window of the gauge's fall"},
     &BingoParams::flow_window_s},
}};

struct BingoInput {
  double fuel_kg = 0;           // on board (the tank gauge) [kg]
  double fuel_flow_kg_h = 0;    // at the return airspeed and power [kg/h]
  double airspeed_tas_mps = 0;  // return (best-range) airspeed, true [m/s]
  // From the aircraft to home or the chosen landing site [m] (NE): the straight line is the route.
  Eigen::Vector2d to_target_ne = Eigen::Vector2d::Zero();
  Eigen::Vector2d wind_ne = Eigen::Vector2d::Zero();  // air-mass velocity [m/s] (NavState)
};

// What bingo_step remembers: the two flags, for their hysteresis.
struct BingoState {
  bool bingo = false;
  bool minimum_fuel = false;
};

struct BingoOutput {
  bool valid = false;             // inputs finite and sensible; else nothing below is updated
                                  // and the flags hold
  bool target_reachable = false;  // the wind triangle has a solution (G > 0)
  double ground_speed_mps = 0;    // along the course to the target [m/s]
  // Time and fuel to the target [s], [kg]; +infinity when it cannot be reached.
  double time_s = std::numeric_limits<double>::infinity();
  double fuel_needed_kg = std::numeric_limits<double>::infinity();
  double allowance_kg = 0;  // descent, approach, go-around: max(BINGO_LAND_KG, flow x BINGO_LAND_S)
  double bingo_kg = std::numeric_limits<double>::infinity();    // needed + allowance + reserve
  double margin_kg = -std::numeric_limits<double>::infinity();  // fuel - bingo
  // Fuel at or below bingo (held until it is BINGO_HYST_KG above again). Set when the target
  // cannot be reached: there is no fuel figure that gets the aircraft home then.
  bool bingo = false;
  // Fuel at or below allowance + reserve (same hysteresis): land now.
  bool minimum_fuel = false;
};

BingoOutput bingo_step(const BingoParams& p, BingoState& s, const BingoInput& in);

// The fuel flow measured as the gauge's fall: the mean flow over each completed window of
// BINGO_FLOW_S replaces the estimate (none before the first window). A rise of the gauge by
// more than BINGO_HYST_KG (refuelling) restarts the measurement; smaller rises (slosh) only
// lower the mean. Non-finite readings are ignored.
struct FuelFlowEstimate {
  std::optional<double> flow_kg_h;  // the latest window's mean [kg/h], never negative
  bool started = false;
  double start_time_s = 0, start_fuel_kg = 0;
  void update(const BingoParams& p, double time_s, double fuel_kg);
};

}  // namespace kestrel
