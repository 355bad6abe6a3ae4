// Performance of searcher2: the acceptance ranges (regression guard for the tuned aircraft file)
// and checks of single figures against closed forms that do not use the trim.
#include "analysis/perf.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "airframe/aircraft_file.h"
#include "env/atmosphere.h"

namespace kestrel {
namespace {

VehicleModel searcher2() {
  Result<AircraftParams> ac =
      load_aircraft_file(std::string(KESTREL_DATA_DIR) + "/aircraft/searcher2.yaml");
  EXPECT_TRUE(ac.ok()) << (ac.ok() ? "" : ac.error().message);
  VehicleModel m;
  m.aircraft = ac.value();
  return m;
}

// One computation per mass for the whole suite (each takes well under a second).
const PerfResult& perf_at(double mass_kg) {
  static const VehicleModel m = searcher2();
  static const PerfResult r450 = [] {
    PerfRequest q;
    q.mass_kg = 450;
    q.altitude_m = 3000;
    return compute_performance(m, q);
  }();
  static const PerfResult r400 = [] {
    PerfRequest q;
    q.mass_kg = 400;
    q.takeoff = false;
    return compute_performance(m, q);
  }();
  return mass_kg == 400 ? r400 : r450;
}

// Acceptance ranges for the Searcher Mk II-like aircraft (450 kg unless said; facts sheet §0/§4.6).
TEST(Perf, Searcher2AcceptanceRanges) {
  const PerfResult& r = perf_at(450);
  ASSERT_TRUE(r.problems.empty()) << r.problems.front();
  EXPECT_NEAR(r.loading.fuel_kg, 100.0, 1e-9);
  EXPECT_NEAR(r.loading.payload_kg, 70.0, 1e-9);
  EXPECT_GE(r.stall_speed_mps, 25.0);
  EXPECT_LE(r.stall_speed_mps, 29.0);
  EXPECT_GE(r.max_level_speed_mps, 48.0);
  EXPECT_LE(r.max_level_speed_mps, 57.0);
  EXPECT_GE(r.max_climb_rate_mps, 2.0);
  EXPECT_LE(r.max_climb_rate_mps, 3.3);
  EXPECT_GE(r.lift_to_drag_max, 11.0);
  EXPECT_LE(r.lift_to_drag_max, 14.5);
  EXPECT_GE(r.endurance_s / 3600, 15.0);
  EXPECT_LE(r.endurance_s / 3600, 19.0);
  ASSERT_TRUE(r.takeoff.ok);
  EXPECT_GE(r.takeoff.ground_roll_m, 250.0);
  EXPECT_LE(r.takeoff.ground_roll_m, 450.0);

  const PerfResult& light = perf_at(400);
  ASSERT_TRUE(light.problems.empty()) << light.problems.front();
  EXPECT_GE(light.service_ceiling_m, 5600.0);
  EXPECT_LE(light.service_ceiling_m, 6800.0);
}

// Orderings any consistent envelope has.
TEST(Perf, FiguresAreOrdered) {
  const PerfResult& r = perf_at(450);
  EXPECT_LT(r.stall_speed_mps, r.best_climb_speed_mps);
  EXPECT_LT(r.best_climb_speed_mps, r.max_level_speed_mps);
  EXPECT_LT(r.service_ceiling_m, r.absolute_ceiling_m);
  EXPECT_LT(r.best_endurance_speed_mps, r.best_range_speed_mps);
  // The windmilling propeller makes the glide worse than the clean airframe's L/D (FS §4.5).
  EXPECT_LT(r.glide_ratio_max, r.lift_to_drag_max);
  EXPECT_GT(r.glide_ratio_max, 0.8 * r.lift_to_drag_max);
  // Lighter: slower stall, better climb, higher ceiling.
  const PerfResult& light = perf_at(400);
  EXPECT_LT(light.stall_speed_mps, r.stall_speed_mps);
  EXPECT_GT(light.max_climb_rate_mps, r.max_climb_rate_mps);
  EXPECT_GT(light.service_ceiling_m, r.service_ceiling_m);
  // The take-off: rotated at 1.1 Vs, lifted off faster, no tail strike (fins touch at 13 deg).
  EXPECT_GT(r.takeoff.liftoff_speed_mps, r.takeoff.rotate_speed_mps);
  EXPECT_LT(r.takeoff.max_pitch_rad, 12.0 * kPi / 180);
}

// Stall speed against the closed form sqrt(2 W / (rho S CLmax)) with CLmax from the lift table.
// The trimmed figure is higher by the lift the nose-up elevator takes away (CL_de de ~ -0.05 at
// CLmax) and lower by the cos(gamma) of the glide: a few %, so 4 % tolerance, one-sided.
TEST(Perf, StallSpeedMatchesClosedForm) {
  const VehicleModel m = searcher2();
  const PerfResult& r = perf_at(450);
  const AircraftParams& ac = m.aircraft;
  const auto& cl = ac.aero.cl_alpha.y();
  const double cl_max = *std::max_element(cl.begin(), cl.end());
  const double rho = atmosphere(AtmosphereParams{}, 0.0).density_kg_m3;
  const double vs = std::sqrt(2 * 450.0 * 9.80665 / (rho * ac.geometry.wing_area_m2 * cl_max));
  EXPECT_GE(r.stall_speed_mps, vs);
  EXPECT_NEAR(r.stall_speed_mps, vs, 0.04 * vs);
  // And the trimmed CL there is the table CLmax less the elevator's share.
  EXPECT_LT(r.stall_cl, cl_max);
  EXPECT_GT(r.stall_cl, 0.93 * cl_max);
}

// L/D max against the parabolic-polar closed form 0.5 / sqrt(CD0 k). The trims add the elevator
// drag (0.018 |de|) and the elevator's lift; 2 % tolerance.
TEST(Perf, LiftToDragMaxMatchesPolar) {
  const VehicleModel m = searcher2();
  const PerfResult& r = perf_at(450);
  ASSERT_FALSE(m.aircraft.aero.drag_table);
  const double ld = 0.5 / std::sqrt(m.aircraft.aero.cd0 * m.aircraft.aero.k_induced);
  EXPECT_NEAR(r.lift_to_drag_max, ld, 0.02 * ld);
  EXPECT_LE(r.lift_to_drag_max, ld * 1.001);
}

// Max level speed: at that speed a level trim needs full throttle (a separate solve: throttle
// is the unknown there, the flight path in the search).
TEST(Perf, MaxLevelSpeedNeedsFullThrottle) {
  const VehicleModel m = searcher2();
  const PerfResult& r = perf_at(450);
  TrimRequest q;
  q.loading = r.loading;
  q.altitude_m = 0;
  q.airspeed_mps = r.max_level_speed_mps;
  const TrimResult t = trim(m, q);
  EXPECT_NEAR(t.throttle, 1.0, 0.01);
  q.airspeed_mps = r.max_level_speed_mps - 2.0;
  EXPECT_LT(trim(m, q).throttle, 0.97);
}

}  // namespace
}  // namespace kestrel
