#include "analysis/plan_performance.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "analysis/perf.h"
#include "env/atmosphere.h"

namespace kestrel {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kServiceClimbMps = 0.5;

double density(const VehicleModel& m, double alt_m) {
  return atmosphere(m.environment.atmosphere, alt_m).density_kg_m3;
}

}  // namespace

Result<PlanPerformance> plan_performance(const VehicleModel& model,
                                         const PlanPerformanceRequest& req) {
  const AircraftParams& ac = model.aircraft;
  double capacity = 0;
  for (const FuelTankParams& t : ac.mass.tanks) capacity += t.capacity_kg;
  if (!(req.fuel_kg >= 0 && req.fuel_kg <= capacity + 1e-9))
    return Error{"fuel " + std::to_string(req.fuel_kg) + " kg: " + ac.name + " takes 0 to " +
                 std::to_string(capacity) + " kg"};
  if (!(req.payload_kg >= 0 && req.payload_kg <= ac.mass.payload_max_kg + 1e-9))
    return Error{"payload " + std::to_string(req.payload_kg) + " kg: " + ac.name + " takes 0 to " +
                 std::to_string(ac.mass.payload_max_kg) + " kg"};
  if (!(req.altitude_step_m > 0) || !(req.speed_step_mps > 0) ||
      !(req.min_eas_mps > 0 && req.min_eas_mps <= req.max_eas_mps))
    return Error{"plan_performance: grid steps must be > 0 and min_eas_mps <= max_eas_mps"};

  PlanPerformance p;
  p.aircraft = ac.name;
  p.cruise_eas_mps = req.cruise_eas_mps;
  p.loiter_eas_mps = req.loiter_eas_mps;
  p.min_eas_mps = req.min_eas_mps;
  p.max_eas_mps = req.max_eas_mps;
  p.bank_max_rad = req.bank_max_rad;
  p.loiter_radius_m = req.loiter_radius_m;
  p.descent_rate_mps = req.descent_rate_mps;
  p.zero_fuel_mass_kg = ac.mass.empty_mass_kg + req.payload_kg;
  for (double v = req.min_eas_mps; v < req.max_eas_mps + 1e-9; v += req.speed_step_mps)
    p.speeds_eas_mps.push_back(v);
  // The cruise and loiter speeds themselves, so that their figures are trims, not interpolations.
  p.speeds_eas_mps.push_back(req.max_eas_mps);
  p.speeds_eas_mps.push_back(req.cruise_eas_mps);
  p.speeds_eas_mps.push_back(req.loiter_eas_mps);
  std::sort(p.speeds_eas_mps.begin(), p.speeds_eas_mps.end());
  p.speeds_eas_mps.erase(std::unique(p.speeds_eas_mps.begin(), p.speeds_eas_mps.end(),
                                     [](double a, double b) { return std::abs(a - b) < 1e-6; }),
                         p.speeds_eas_mps.end());

  const VehicleModel& m = model;  // trim() takes the calm, free-flight version itself
  const double alpha_max = alpha_at_clmax_rad(ac.aero);
  const double rho0 = density(m, 0.0);

  // The masses: no fuel, and the take-off fuel (one row when they are the same).
  std::vector<Loading> loadings = {{0.0, req.payload_kg}};
  if (req.fuel_kg > 0) loadings.push_back({req.fuel_kg, req.payload_kg});
  std::vector<double> stall_sl;
  double top_m = 0;
  for (const Loading& l : loadings) {
    const double vs = stall_speed_mps(m, l, 0.0);
    if (!(vs > 0)) return Error{ac.name + ": no stall speed found (the model does not trim)"};
    stall_sl.push_back(vs);
    const std::optional<double> c = ceiling_m(m, l, vs, kServiceClimbMps);
    if (!c) return Error{ac.name + ": service ceiling above 20,000 m"};
    if (!(*c > 0)) return Error{ac.name + ": no positive climb at sea level"};
    PlanPerfAtMass row;
    row.mass_kg = p.zero_fuel_mass_kg + l.fuel_kg;
    row.service_ceiling_m = *c;
    p.masses.push_back(row);
    top_m = std::max(top_m, *c);
  }
  // Altitudes: 0 to one step above the highest service ceiling.
  for (double a = 0; a < top_m + req.altitude_step_m; a += req.altitude_step_m)
    p.altitudes_m.push_back(a);

  for (std::size_t k = 0; k < loadings.size(); ++k) {
    const Loading& l = loadings[k];
    PlanPerfAtMass& row = p.masses[k];
    for (const double alt : p.altitudes_m) {
      const double sigma = density(m, alt) / rho0;
      const double to_tas = 1.0 / std::sqrt(sigma);
      // Best climb (full throttle), its speed and fuel flow.
      const double vs = stall_sl[k] * to_tas;
      const ClimbPoint cp = best_climb(m, l, alt, 1.02 * vs, 2.0 * vs);
      TrimRequest tr;
      tr.loading = l;
      tr.altitude_m = alt;
      tr.airspeed_mps = cp.valid ? cp.airspeed_mps : 1.3 * vs;
      tr.full_throttle = true;
      const TrimResult ct = trim(m, tr);
      row.climb_rate_mps.push_back(cp.valid ? cp.climb_rate_mps : 0.0);
      row.climb_eas_mps.push_back(tr.airspeed_mps / to_tas);
      row.climb_fuel_flow_kg_h.push_back(ct.converged ? ct.fuel_flow_kg_s * 3600 : 0.0);
      // Level flight at each speed of the grid.
      std::vector<double> flows;
      for (const double eas : p.speeds_eas_mps) {
        TrimRequest lr;
        lr.loading = l;
        lr.altitude_m = alt;
        lr.airspeed_mps = eas * to_tas;
        const TrimResult t = trim(m, lr);
        const bool usable = t.converged && t.alpha_rad <= alpha_max + 1e-9 && t.fuel_flow_kg_s > 0;
        flows.push_back(usable ? t.fuel_flow_kg_s * 3600 : kInf);
      }
      row.level_fuel_flow_kg_h.push_back(std::move(flows));
    }
  }
  return p;
}

PlanPerformanceRequest plan_performance_request(const AutopilotParams& ap,
                                                const PathGuidanceParams& guidance,
                                                const TecsParams& tecs, double payload_kg,
                                                double fuel_kg) {
  PlanPerformanceRequest r;
  r.payload_kg = payload_kg;
  r.fuel_kg = fuel_kg;
  r.cruise_eas_mps = ap.cruise_eas_mps;
  r.loiter_eas_mps = ap.loiter_eas_mps;
  r.min_eas_mps = ap.min_eas_mps;
  r.max_eas_mps = ap.max_eas_mps;
  r.loiter_radius_m = ap.loiter_radius_m;
  r.bank_max_rad = guidance.max_bank_rad;
  r.descent_rate_mps = tecs.min_sink_rate_mps;
  return r;
}

}  // namespace kestrel
