#include "fsw/bingo.h"

#include <algorithm>
#include <cmath>

#include "fsw/wind_triangle.h"

namespace kestrel {
namespace {

// Sets a flag at or below the threshold, clears it only above threshold + hysteresis.
bool latch(bool flag, double fuel_kg, double threshold_kg, double hyst_kg) {
  if (fuel_kg <= threshold_kg) return true;
  if (fuel_kg > threshold_kg + hyst_kg) return false;
  return flag;
}

}  // namespace

BingoOutput bingo_step(const BingoParams& p, BingoState& s, const BingoInput& in) {
  BingoOutput out;
  out.bingo = s.bingo;
  out.minimum_fuel = s.minimum_fuel;
  if (!std::isfinite(in.fuel_kg) || !std::isfinite(in.fuel_flow_kg_h) || in.fuel_flow_kg_h < 0 ||
      !std::isfinite(in.airspeed_tas_mps) || !(in.airspeed_tas_mps > 0) ||
      !in.to_target_ne.allFinite() || !in.wind_ne.allFinite() || !std::isfinite(p.reserve_kg) ||
      !std::isfinite(p.land_kg) || !std::isfinite(p.land_s) || !std::isfinite(p.hyst_kg))
    return out;
  out.valid = true;
  // Descent, approach and a go-around: BINGO_LAND_KG, or BINGO_LAND_S at the present flow when
  // that is more (a leak makes the flow several times the engine's).
  const double allowance_kg = std::max(p.land_kg, in.fuel_flow_kg_h * p.land_s / 3600.0);
  out.allowance_kg = allowance_kg;

  const double distance_m = in.to_target_ne.norm();
  if (distance_m == 0) {
    out.target_reachable = true;
    out.time_s = 0;
  } else {
    const WindTriangle w =
        solve_wind_triangle(in.to_target_ne / distance_m, in.airspeed_tas_mps, in.wind_ne);
    out.ground_speed_mps = w.ground_speed_mps;
    out.target_reachable = w.feasible;
    if (w.feasible) out.time_s = distance_m / w.ground_speed_mps;
  }
  if (out.target_reachable) {
    out.fuel_needed_kg = in.fuel_flow_kg_h * out.time_s / 3600.0;
    out.bingo_kg = out.fuel_needed_kg + allowance_kg + p.reserve_kg;
    out.margin_kg = in.fuel_kg - out.bingo_kg;
  }
  // Unreachable: bingo_kg stays +infinity, so the flag sets and cannot clear.
  s.bingo = latch(s.bingo, in.fuel_kg, out.bingo_kg, p.hyst_kg);
  s.minimum_fuel = latch(s.minimum_fuel, in.fuel_kg, allowance_kg + p.reserve_kg, p.hyst_kg);
  out.bingo = s.bingo;
  out.minimum_fuel = s.minimum_fuel;
  return out;
}

void FuelFlowEstimate::update(const BingoParams& p, double time_s, double fuel_kg) {
  if (!std::isfinite(time_s) || !std::isfinite(fuel_kg)) return;
  if (!started || time_s < start_time_s || fuel_kg > start_fuel_kg + p.hyst_kg) {
    // First reading, time going backwards (a reset) or refuelling: start a new window.
    if (started && fuel_kg > start_fuel_kg + p.hyst_kg) flow_kg_h.reset();
    started = true;
    start_time_s = time_s;
    start_fuel_kg = fuel_kg;
    return;
  }
  const double elapsed_s = time_s - start_time_s;
  if (elapsed_s < p.flow_window_s) return;
  flow_kg_h = std::max(0.0, (start_fuel_kg - fuel_kg) / elapsed_s * 3600.0);
  start_time_s = time_s;
  start_fuel_kg = fuel_kg;
}

}  // namespace kestrel
