#include "airframe/propulsion.h"

#include <gtest/gtest.h>

#include <cmath>

namespace kestrel {
namespace {

struct Rig {
  EngineParams e;
  PropellerParams p;
  Rig() {
    e.max_power_w = 36000;
    e.rated_rpm = 6500;
    e.power_fraction_of_rpm = Table1D({1000, 6500, 8000}, {0.2, 1.0, 0.9});
    e.idle_rpm = 2000;
    e.max_rpm = 7500;
    e.idle_power_fraction = 0.05;
    e.lapse_b = 0.12;
    e.friction_power_fraction = 0.1;
    e.bsfc_kg_per_j = 380.0 / 3.6e9;  // 380 g/kWh
    e.bsfc_factor_of_power = Table1D({0, 1}, {1, 1});
    p.diameter_m = 1.3;
    p.ct_of_j = Table1D({0, 1, 1.4}, {0.12, 0.03, -0.03});
    p.cp_of_j = Table1D({0, 1, 1.4}, {0.06, 0.04, -0.01});
    p.gear_ratio = 2;
    p.inertia_kg_m2 = 0.5;
  }
};

TEST(Propulsion, PropellerCoefficientsAndFuelFlow) {
  Rig s;
  EngineState on{true, false};
  PropulsionInput in;
  in.throttle = 1;
  in.rho_kg_m3 = 1.225;
  in.inflow_mps = 0;
  const double omega = 2 * 3.14159265358979 * 50;  // 50 rev/s
  const PropulsionOutput o = evaluate_propulsion(s.e, s.p, on, in, omega);
  const double d = 1.3, n = 50;
  EXPECT_NEAR(o.thrust_n, 0.12 * 1.225 * n * n * std::pow(d, 4), 1e-9);  // static thrust
  EXPECT_NEAR(o.engine_rpm, 6000, 1e-9);
  // Shaft power from the power curve at 6000 rpm, fuel flow from the BSFC.
  const double frac = 0.2 + (6000.0 - 1000) / 5500 * 0.8;
  EXPECT_NEAR(o.shaft_power_w, 36000 * frac, 1e-6);
  EXPECT_NEAR(o.fuel_flow_kg_s, 380.0 / 3.6e9 * o.shaft_power_w, 1e-15);
  EngineState off{false, false};
  EXPECT_EQ(evaluate_propulsion(s.e, s.p, off, in, omega).fuel_flow_kg_s, 0.0);
}

TEST(Propulsion, DensityLapse) {
  Rig s;
  EngineState on{true, false};
  PropulsionInput in;
  in.throttle = 1;
  in.sigma = 0.7423;                                      // 3000 m
  const double omega = 2 * 3.14159265358979 * 3250 / 60;  // rated engine rpm
  const double p = evaluate_propulsion(s.e, s.p, on, in, omega).shaft_power_w;
  EXPECT_NEAR(p / 36000, (0.7423 - 0.12) / 0.88, 1e-9);  // Gagg-Ferrar
}

TEST(Propulsion, StoppedPropellerHasDragAndIsTurnedByTheAir) {
  Rig s;
  EngineState off{false, false};
  PropulsionInput in;
  in.rho_kg_m3 = 1.0;
  in.inflow_mps = 40;
  const PropulsionOutput stopped = evaluate_propulsion(s.e, s.p, off, in, 0.0);
  EXPECT_LT(stopped.thrust_n, 0);            // drag
  EXPECT_GT(stopped.rotor_accel_rad_s2, 0);  // windmilling torque spins it up
  // Continuity at the end of the table.
  const double n_edge = 40 / (1.4 * 1.3);
  const PropulsionOutput edge =
      evaluate_propulsion(s.e, s.p, off, in, 2 * 3.14159265358979 * n_edge);
  EXPECT_NEAR(edge.thrust_n, stopped.thrust_n, 1e-9);
}

}  // namespace
}  // namespace kestrel
